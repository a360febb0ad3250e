//! Names the tagger ran together with a title, an honour or a modifier
//! ("Acme Party Vice Chairman Jo Bloggs", "Jo Bloggs QC", "Fourteen-year-old
//! Jo Bloggs"), lone titles tagged as names ("Pope", "Queen"), and country
//! acronyms ("US", "UK") left untagged or given another kind.

use super::aliases::COUNTRY_ALIASES;
use super::designators::heads_body_or_place;
use super::gazetteer::{locations, GazKind};
use super::names::{capitalized, Mention};
use crate::lexicon::{first_name, Gender, POST_NOMINALS, TITLES};
use crate::ner::clusters::more_frequent;
use crate::tokens::Token;
use crate::types::EntityKind;

/// Honours (the lexicon's post-nominals) and generation suffixes written
/// after a name, not part of it.
fn is_honour(t: &Token<'_>) -> bool {
    let w = t.text.trim_end_matches('.').to_lowercase();
    POST_NOMINALS.contains(&w.as_str()) || matches!(w.as_str(), "jr" | "sr")
}

/// Role words the shared title list leaves out (it serves other purposes).
const MORE_TITLES: &[&str] = &[
    "mp",
    "mep",
    "administrator",
    "envoy",
    "executive",
    "manager",
    // Plural abbreviations: "Sens. Ted Cruz and Marco Rubio".
    "sens",
    "reps",
];

pub(super) fn is_title(t: &Token<'_>) -> bool {
    let w = t.text.trim_end_matches('.').to_lowercase();
    capitalized(t) && (TITLES.contains(&w.as_str()) || MORE_TITLES.contains(&w.as_str()))
}

/// "Fourteen-year-old", "Oscar-winning": a hyphenated modifier before a name.
fn is_modifier(t: &Token<'_>) -> bool {
    t.text
        .split_once('-')
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.chars().any(char::is_uppercase))
}

/// A Roman numeral of two letters or more up to 39 ("II", "XXI"); "I" is the
/// pronoun.
fn roman_numeral(w: &str) -> bool {
    const TENS: [&str; 4] = ["", "X", "XX", "XXX"];
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    w.len() >= 2
        && TENS.iter().any(|t| {
            w.strip_prefix(t)
                .is_some_and(|rest| ONES.contains(&rest) && !(t.is_empty() && rest.is_empty()))
        })
}

/// Regnal numbers: "Elizabeth II" is one person, however the tagger cut it,
/// and a Roman numeral alone ("World War II" cut short) is no name.
/// Expects mentions sorted by position; keeps them sorted.
pub(super) fn regnal_numbers(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    for m in ms {
        let numeral = |i: usize| toks.get(i).is_some_and(|t| roman_numeral(t.text));
        if m.e == m.s + 1 && numeral(m.s) {
            if let Some(prev) = out
                .last_mut()
                .filter(|p| p.e == m.s && p.kind == EntityKind::Person)
            {
                prev.e = m.e;
            }
            continue;
        }
        let mut m = m;
        if m.kind == EntityKind::Person && numeral(m.e) && toks[m.e].newlines_before == 0 {
            m.e += 1;
        }
        out.push(m);
    }
    out
}

/// Splits "ORG TITLE First Last" into the organization (or place) and the
/// person, and trims honours off people.
pub(super) fn split_titles(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for mut m in ms {
        while m.kind == EntityKind::Person && m.e - m.s > 1 && is_honour(&toks[m.e - 1]) {
            m.e -= 1;
        }
        while m.e - m.s > 1 && is_modifier(&toks[m.s]) {
            // Only people have ages.
            if toks[m.s].text.ends_with("-year-old") {
                m.kind = EntityKind::Person;
            }
            m.s += 1;
        }
        // The last title with two or three capitalized words after it, the
        // first a known first name: "General Motors" stays one name.
        let cut = (m.s..m.e.saturating_sub(2)).rev().find(|&j| {
            is_title(&toks[j])
                && m.e - j - 1 <= 3
                && first_name(&toks[j + 1].text.to_lowercase()).is_some()
                && toks[j + 1..m.e]
                    .iter()
                    .all(|t| capitalized(t) && !is_title(t))
        });
        // (end of the part before the person, its kind, start of the person)
        let split = match cut {
            Some(j) => {
                let mut head_end = j;
                while head_end > m.s && is_title(&toks[head_end - 1]) {
                    head_end -= 1;
                }
                // "Texas Sen. Ted Cruz": the office's country or state.
                let state = matches!(
                    whole_place(toks, m.s, head_end),
                    Some(GazKind::Country | GazKind::State)
                );
                let kind = if state { EntityKind::Location } else { m.kind };
                Some((head_end, kind, j + 1))
            }
            None => place_then_person(toks, &m).map(|b| (b, EntityKind::Location, b)),
        };
        let Some((head_end, head_kind, j)) =
            split.filter(|_| m.kind != EntityKind::Person || m.link.is_none())
        else {
            out.push(m);
            continue;
        };
        if head_end > m.s && (m.kind != EntityKind::Person || head_kind == EntityKind::Location) {
            out.push(Mention {
                s: m.s,
                e: head_end,
                kind: head_kind,
                link: None,
            });
        }
        out.push(Mention {
            s: j,
            e: m.e,
            kind: EntityKind::Person,
            link: None,
        });
    }
    out
}

fn words<'a>(toks: &[Token<'a>], s: usize, e: usize) -> Vec<&'a str> {
    toks[s..e].iter().map(|t| t.text).collect()
}

/// The kind of place `toks[s..e]` is, when the gazetteer knows it whole and
/// it is no common word ("Green", "Most" are towns too).
fn whole_place(toks: &[Token<'_>], s: usize, e: usize) -> Option<GazKind> {
    let words = words(toks, s, e);
    if let [w] = words[..] {
        if more_frequent(&w.to_lowercase(), w) {
            return None;
        }
    }
    locations().whole(&words)
}

/// "Canada Thomas Brandt" as one organization or person ("... Representative
/// for Iran Brian Hook"): a known place, then a first name and one or two more
/// words. Returns where the person starts. A person's name may open with a
/// place that is a man's or woman's first name too ("Chad Michael Murray").
fn place_then_person(toks: &[Token<'_>], m: &Mention) -> Option<usize> {
    if m.e - m.s < 3 {
        return None;
    }
    let words: Vec<&str> = toks[m.s..m.e].iter().map(|t| t.text).collect();
    let gendered = |w: &str| first_name(&w.to_lowercase()).is_some_and(|g| g != Gender::Unknown);
    if m.kind == EntityKind::Person && gendered(words[0]) {
        return None;
    }
    let (a, b, _) = locations().find(&words).into_iter().next()?;
    let tail = words.len() - b;
    let person = a == 0
        && (2..=3).contains(&tail)
        && first_name(&words[b].to_lowercase()).is_some()
        && toks[m.s + b..m.e].iter().all(capitalized);
    person.then_some(m.s + b)
}

/// Offices held in a place or body, written after it: "Texas Congressman",
/// "IBM CEO". Not the titles that also end names of works and things
/// ("Lion King", "Miami Vice", "Notre Dame", "America First").
#[rustfmt::skip]
const OFFICES: &[&str] = &[
    "congressman", "congresswoman", "senator", "sen", "representative", "rep", "governor",
    "gov", "mayor", "ceo", "mp", "msp", "mep", "speaker", "secretary", "minister", "president",
    "attorney", "judge", "justice", "chairman", "chairwoman", "chair", "spokesman",
    "spokeswoman", "spokesperson", "councillor", "councilman", "councilwoman", "ambassador",
    "commissioner", "director", "editor", "correspondent", "sheriff", "coach",
];

fn office(t: &Token<'_>) -> bool {
    let w = t.text.trim_end_matches('.').to_lowercase();
    capitalized(t) && OFFICES.contains(&w.as_str())
}

/// An office's title ending a name with no person after it: "the Texas
/// Congressman", "a Hewlett-Packard CEO". The title goes when what is left is
/// a name on its own: a place the gazetteer knows (then a location), a name
/// ended by an organization's or place's head word, an acronym, or a name the
/// article tags elsewhere (else an organization). Not after "of" ("Court of
/// Justice"), nor in a name with a first name ("Patty Judge"). A place tagged
/// an organization before an office is a location.
pub(super) fn trailing_titles(toks: &[Token<'_>], ms: &mut [Mention]) {
    for m in ms.iter_mut() {
        // "Texas Sen. Ted Cruz" tagged "Texas" + "Ted Cruz": a country or
        // state before an office is the office's place ("Green MSP" and a
        // club named for its city are no such places).
        let office_next = toks.get(m.e).is_some_and(office);
        let state = matches!(
            whole_place(toks, m.s, m.e),
            Some(GazKind::Country | GazKind::State)
        );
        if m.kind == EntityKind::Organization && office_next && state {
            m.kind = EntityKind::Location;
        }
    }
    let named: Vec<Vec<&str>> = ms
        .iter()
        .filter(|m| m.kind != EntityKind::Misc)
        .map(|m| words(toks, m.s, m.e))
        .collect();
    for m in ms.iter_mut() {
        if m.e - m.s < 2 || !office(&toks[m.e - 1]) {
            continue;
        }
        let mut e = m.e - 1;
        while e > m.s && is_title(&toks[e - 1]) {
            e -= 1;
        }
        let first_named = toks[m.s..e]
            .iter()
            .any(|t| first_name(&t.text.to_lowercase()).is_some());
        if e == m.s || !capitalized(&toks[e - 1]) || first_named {
            continue;
        }
        let rest = words(toks, m.s, e);
        let place = whole_place(toks, m.s, e).is_some();
        let last = toks[e - 1].text;
        let headed = heads_body_or_place(&toks[e - 1]);
        let acronym = rest.len() == 1 && last.len() >= 2 && !last.chars().any(char::is_lowercase);
        if !(place || headed || acronym || named.contains(&rest)) {
            continue;
        }
        m.e = e;
        m.kind = if place {
            EntityKind::Location
        } else {
            EntityKind::Organization
        };
    }
}

/// Whether an office's title comes right before token `s`: "Ambassador to
/// the", "Secretary of".
fn office_before(toks: &[Token<'_>], s: usize) -> bool {
    let mut i = s;
    if i > 0 && matches!(toks[i - 1].text, "the" | "The") {
        i -= 1;
    }
    i >= 2 && matches!(toks[i - 1].text, "to" | "of") && is_title(&toks[i - 2])
}

/// "Ambassador to the United Nations Nikki Haley" tagged as one organization:
/// split off a person of two or three capitalized words opening with a first
/// name when an office's title comes before the organization or the article
/// also names that person alone (the full name or its last word as a
/// person). Without either a first name inside an organization's name ("Bank
/// of America Merrill Lynch") stays.
/// Expects mentions sorted by position; keeps them sorted.
pub(super) fn organization_then_person(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let people: Vec<Vec<&str>> = ms
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| words(toks, m.s, m.e))
        .collect();
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let cut = (m.kind == EntityKind::Organization)
            .then(|| {
                (m.s + 2..m.e.saturating_sub(1)).find(|&j| {
                    let tail = words(toks, j, m.e);
                    (2..=3).contains(&tail.len())
                        && capitalized(&toks[j - 1])
                        && first_name(&toks[j].text.to_lowercase()).is_some()
                        // Capitalized words, no acronym ("Hillary PAC").
                        && toks[j..m.e].iter().all(|t| {
                            capitalized(t) && t.text.chars().any(char::is_lowercase)
                        })
                        && (office_before(toks, m.s)
                            || people
                                .iter()
                                .any(|p| *p == tail || p.len() == 1 && Some(&p[0]) == tail.last()))
                })
            })
            .flatten();
        match cut {
            Some(j) => {
                out.push(Mention { e: j, ..m.clone() });
                out.push(Mention {
                    s: j,
                    kind: EntityKind::Person,
                    ..m
                });
            }
            None => out.push(m),
        }
    }
    out
}

fn country_acronym(t: &Token<'_>) -> bool {
    t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !t.text.chars().any(char::is_lowercase)
        && COUNTRY_ALIASES.iter().any(|(v, _)| *v == t.text)
}

fn all_caps_word(t: &Token<'_>) -> bool {
    t.text.chars().any(char::is_alphabetic) && !t.text.chars().any(char::is_lowercase)
}

/// A legislature named by its institution noun alone, capitalized: "Parliament
/// voted", "passed the Senate". CoNLL-2003 leaves a lone "Parliament" untagged,
/// the guidelines make it an organization (a government body as an actor).
fn legislature(t: &Token<'_>) -> bool {
    matches!(t.text, "Parliament" | "Congress" | "Senate")
}

/// Buildings that stand for the government working in them ("the White House
/// said", "the Kremlin denied"). The guidelines make the White House as an
/// actor an organization where CoNLL-2003 tags it a place, as it does the
/// Kremlin; the others are the same metonymy.
const SEATS_OF_GOVERNMENT: &[&[&str]] = &[
    &["White", "House"],
    &["Kremlin"],
    &["Pentagon"],
    &["Downing", "Street"],
    &["Whitehall"],
    &["Élysée"],
    &["Elysee"],
    &["Blue", "House"],
    &["Zhongnanhai"],
];

/// Words before a building that make it the place: "at the White House".
const LOCATIVES: &[&str] = &[
    "at", "in", "inside", "outside", "into", "near", "on", "around", "to", "toward", "towards",
    "across", "visit", "visited", "visiting",
];

/// A seat of government named as an actor, not as the place it is.
fn seat_as_actor(toks: &[Token<'_>], m: &Mention) -> bool {
    let words = toks[m.s..m.e].iter().map(|t| t.text);
    if !SEATS_OF_GOVERNMENT
        .iter()
        .any(|seat| words.clone().eq(seat.iter().copied()))
    {
        return false;
    }
    let before = toks[..m.s]
        .iter()
        .rev()
        .find(|t| !matches!(t.text, "the" | "The"))
        .map(|t| t.text.to_lowercase());
    !before.is_some_and(|w| LOCATIVES.contains(&w.as_str()))
}

/// Drops lone titles, makes standalone country acronyms locations, and lone
/// legislatures and seats of government acting organizations.
/// Expects mentions sorted by position; keeps them sorted.
pub(super) fn titles_and_countries(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut covered = vec![false; toks.len()];
    for m in &ms {
        covered[m.s..m.e].iter_mut().for_each(|c| *c = true);
    }
    // In an all-caps headline "US" may be the pronoun.
    let shouting = |i: usize| {
        let prev = i > 0 && all_caps_word(&toks[i - 1]);
        let next = toks.get(i + 1).is_some_and(all_caps_word);
        prev || next
    };
    let mut extra = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if covered[i] || shouting(i) {
            continue;
        }
        let kind = if country_acronym(t) {
            EntityKind::Location
        } else if legislature(t) {
            EntityKind::Organization
        } else {
            continue;
        };
        extra.push(Mention {
            s: i,
            e: i + 1,
            kind,
            link: None,
        });
    }
    let mut extra = extra.into_iter().peekable();
    for mut m in ms {
        while let Some(x) = extra.next_if(|x| x.s < m.s) {
            out.push(x);
        }
        if m.kind == EntityKind::Location && seat_as_actor(toks, &m) {
            m.kind = EntityKind::Organization;
        }
        if m.e == m.s + 1 {
            let t = &toks[m.s];
            if is_title(t) && m.link.is_none() {
                continue;
            }
            if country_acronym(t) && m.kind != EntityKind::Location && !shouting(m.s) {
                m.kind = EntityKind::Location;
            }
        }
        out.push(m);
    }
    out.extend(extra);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    use crate::entities::names::m;

    #[test]
    fn organization_title_person_is_split() {
        let toks = tokenize("Acme Party Vice Chairman Jo Bloggs spoke.");
        let out = split_titles(&toks, vec![m(0, 6, EntityKind::Organization)]);
        assert_eq!(
            out,
            vec![
                m(0, 2, EntityKind::Organization),
                m(4, 6, EntityKind::Person)
            ]
        );
        let toks = tokenize("Texas Sen. Ted Cruz said.");
        let mut ms = vec![m(0, 1, EntityKind::Organization)];
        trailing_titles(&toks, &mut ms);
        assert_eq!(ms, vec![m(0, 1, EntityKind::Location)]);
        assert_eq!(
            split_titles(&toks, vec![m(0, 4, EntityKind::Organization)]),
            vec![m(0, 1, EntityKind::Location), m(2, 4, EntityKind::Person)]
        );
        let toks = tokenize("Canada Thomas Brandt said.");
        assert_eq!(
            split_titles(&toks, vec![m(0, 3, EntityKind::Organization)]),
            vec![m(0, 1, EntityKind::Location), m(1, 3, EntityKind::Person)]
        );
        let toks = tokenize("for Iran Brian Hook and Chad Michael Murray said.");
        assert_eq!(
            split_titles(
                &toks,
                vec![m(1, 4, EntityKind::Person), m(5, 8, EntityKind::Person)]
            ),
            vec![
                m(1, 2, EntityKind::Location),
                m(2, 4, EntityKind::Person),
                m(5, 8, EntityKind::Person)
            ]
        );
        let toks = tokenize("Fourteen-year-old Jo Bloggs said.");
        assert_eq!(
            split_titles(&toks, vec![m(0, 3, EntityKind::Person)]),
            vec![m(1, 3, EntityKind::Person)]
        );
        assert_eq!(
            split_titles(&toks, vec![m(0, 2, EntityKind::Organization)]),
            vec![m(1, 2, EntityKind::Person)]
        );
        let toks = tokenize("Jo Bloggs QC said.");
        assert_eq!(
            split_titles(&toks, vec![m(0, 3, EntityKind::Person)]),
            vec![m(0, 2, EntityKind::Person)]
        );
    }

    #[test]
    fn a_title_and_surname_is_a_mention_of_the_full_name() {
        let es = crate::entities::find_entities(
            "Chancellor Gordon Smith spoke in Leeds. Mr Smith said the plan would work.",
        );
        let smith: Vec<_> = es.iter().filter(|e| e.name.contains("Smith")).collect();
        assert_eq!(smith.len(), 1, "{es:?}");
        let texts: Vec<&str> = smith[0].mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["Gordon Smith", "Smith"]);
    }

    #[test]
    fn regnal_numbers_belong_to_their_person_and_are_no_names_alone() {
        let (per, org, misc) = (
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Misc,
        );
        let toks = tokenize("Queen Elizabeth II met Henry VIII after World War II and I left .");
        let ms = vec![
            m(1, 2, per),
            m(2, 3, org),
            m(4, 5, per),
            m(7, 9, misc),
            m(9, 10, org),
        ];
        assert_eq!(
            regnal_numbers(&toks, ms),
            vec![m(1, 3, per), m(4, 6, per), m(7, 9, misc)]
        );
        for w in ["II", "IV", "IX", "XXI", "XXXIX"] {
            assert!(roman_numeral(w), "{w}");
        }
        for w in ["I", "IIII", "VX", "XL", "IVI", "CIA"] {
            assert!(!roman_numeral(w), "{w}");
        }
    }

    #[test]
    fn lone_titles_dropped_country_acronyms_placed() {
        let toks = tokenize("The Pope told us the US and UK agree.");
        let out = titles_and_countries(
            &toks,
            vec![
                m(1, 2, EntityKind::Person),
                m(7, 8, EntityKind::Organization),
            ],
        );
        assert_eq!(
            out,
            vec![m(5, 6, EntityKind::Location), m(7, 8, EntityKind::Location)]
        );
        let toks = tokenize("Sens. Ted Cruz and Marco Rubio");
        let ms = vec![m(0, 1, EntityKind::Organization)];
        assert!(titles_and_countries(&toks, ms).is_empty());
        let toks = tokenize("Later Parliament and the Senate met; the senate is not named.");
        assert_eq!(
            titles_and_countries(&toks, vec![]),
            vec![
                m(1, 2, EntityKind::Organization),
                m(4, 5, EntityKind::Organization)
            ]
        );
        let toks = tokenize("TRUMP TELLS US NOTHING");
        assert!(titles_and_countries(&toks, vec![]).is_empty());
    }

    #[test]
    fn a_person_run_into_an_organization_is_split_off_when_named_alone() {
        let org = EntityKind::Organization;
        let per = EntityKind::Person;
        let toks = tokenize("envoy to the United Nations Nikki Haley . Haley said");
        let out = organization_then_person(&toks, vec![m(3, 7, org), m(8, 9, per)]);
        assert_eq!(out, vec![m(3, 5, org), m(5, 7, per), m(8, 9, per)]);
        let toks = tokenize("US Ambassador to the United Nations Nikki Haley wrote");
        let out = organization_then_person(&toks, vec![m(4, 8, org)]);
        assert_eq!(out, vec![m(4, 6, org), m(6, 8, per)]);
        let toks = tokenize("US Ambassador to the United Nations Nikki Haley wrote");
        let out = organization_then_person(&toks, vec![m(4, 8, org)]);
        assert_eq!(out, vec![m(4, 6, org), m(6, 8, per)]);
        // The organization must end before the name; an acronym is no surname.
        let toks = tokenize("a word from the Lord for Donald Trump and the Defeat Crooked Hillary PAC . Trump and Hillary said");
        let ms = vec![m(4, 8, org), m(10, 14, org), m(15, 16, per), m(17, 18, per)];
        assert_eq!(organization_then_person(&toks, ms.clone()), ms);
        // Nobody of that name elsewhere: a bank's name keeps its first name.
        let toks = tokenize("the Bank of America Merrill Lynch unit . Dimon said");
        let ms = vec![m(1, 6, org), m(8, 9, per)];
        assert_eq!(organization_then_person(&toks, ms.clone()), ms);
    }

    #[test]
    fn a_title_ending_a_name_leaves_it() {
        let (org, per, loc) = (
            EntityKind::Organization,
            EntityKind::Person,
            EntityKind::Location,
        );
        let toks = tokenize(
            "the Texas Congressman and a Hewlett-Packard CEO met Mervyn King at the Court of Justice ; Hewlett-Packard fell",
        );
        let mut ms = vec![
            m(1, 3, org),
            m(5, 7, per),
            m(8, 10, per),
            m(12, 15, org),
            m(16, 17, org),
        ];
        trailing_titles(&toks, &mut ms);
        let want = vec![
            m(1, 2, loc),
            m(5, 6, org),
            m(8, 10, per),
            m(12, 15, org),
            m(16, 17, org),
        ];
        assert_eq!(ms, want);
        // Nothing says what is left is a name of its own.
        let toks = tokenize("the Scottish Executive and Supreme Leader and Notre Dame spoke");
        let ms = vec![m(1, 3, org), m(4, 6, org), m(7, 9, org)];
        let mut out = ms.clone();
        trailing_titles(&toks, &mut out);
        assert_eq!(out, ms);
    }

    #[test]
    fn a_seat_of_government_that_acts_is_an_organization() {
        let toks =
            tokenize("The White House said it met at the White House ; the Kremlin denied it .");
        let loc = EntityKind::Location;
        let out = titles_and_countries(&toks, vec![m(1, 3, loc), m(8, 10, loc), m(12, 13, loc)]);
        let org = EntityKind::Organization;
        assert_eq!(out, vec![m(1, 3, org), m(8, 10, loc), m(12, 13, org)]);
    }
}
