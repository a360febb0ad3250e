//! The shape of name mentions: person titles, names the greedy tagger ran on
//! past their end, "X of the Y" organizations, datelines.

use super::gazetteer::locations;
use super::names::{capitalized, is_dash, Mention};
use crate::lexicon::{first_name, Gender};
use crate::ner::clusters::common_word;
use crate::ner::heads::head_class;
use crate::tokens::Token;
use crate::types::EntityKind;

/// Words of a person's title, kept out of the name ("Professor Alexis Corredor").
const TITLE_WORDS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "President",
    "Vice",
    "Prime",
    "Minister",
    "First",
    "Lady",
    "Senator",
    "Sen.",
    "Rep.",
    "Representative",
    "Governor",
    "Gov.",
    "Deputy",
    "Chairman",
    "Chairwoman",
    "Secretary",
    "Ambassador",
    "Mayor",
    "Judge",
    "Justice",
    "Pope",
    "Queen",
    "Sheikh",
    "Sir",
    "Lord",
    "Chancellor",
    "Commander",
    "Comrade",
    "Father",
    "Sister",
    "Rev.",
    "Reverend",
    "Bishop",
    "Cardinal",
    "Archbishop",
    "Coach",
    "Captain",
    "Colonel",
    "Lieutenant",
    "Sergeant",
    "Admiral",
    "Marshal",
    "Gen.",
    "Col.",
    "Capt.",
    "Lt.",
    "Maj.",
    "Sgt.",
    "Adm.",
    "Cpl.",
    "Supt.",
    "Insp.",
    "Det.",
    // British style writes abbreviated titles without the full stop.
    "Gen",
    "Col",
    "Capt",
    "Lt",
    "Maj",
    "Sgt",
    "Adm",
    "Cpl",
    "Supt",
    "Insp",
    "Det",
    "Rev",
    "Cllr",
];

/// Lower-case words that occur inside names ("Bank of England", "Juan de la Cruz").
const JOINERS: &[&str] = &[
    "of", "the", "and", "for", "on", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
    "la", "le", "les", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el", "y", "e", "'s",
    "’s", "&", "-", ".",
];

fn breaks_name(t: &Token<'_>) -> bool {
    let first = t.text.chars().next().unwrap_or(' ');
    let word_like = first.is_alphanumeric();
    if JOINERS.contains(&t.text) {
        return false;
    }
    !word_like || first.is_lowercase()
}

/// The apostrophe of a plural possessive inside a name ("Kurdistan Workers'
/// Party"): right after a plural in "s" of the name, before its next word.
fn plural_possessive(toks: &[Token<'_>], i: usize, start: usize, end: usize) -> bool {
    let t = &toks[i];
    matches!(t.text, "'" | "’")
        && i > start
        && i + 1 < end
        && toks[i - 1].end == t.start
        && toks[i - 1].text.ends_with('s')
        && capitalized(&toks[i + 1])
        // A plural noun ("Workers", "Veterans"), not a name in s ("AG
        // Edwards' Thayer" is a person after an organization).
        && common_word(&toks[i - 1].text.to_lowercase(), toks[i - 1].text)
}

/// Whether `toks` read as a person's name: two or three capitalized words
/// opening with a man's or woman's first name that is no place, then no head
/// word and no common word ("Jason Leopold"; not "Florida House", "Brooklyn
/// Academy").
fn person_shaped(toks: &[Token<'_>]) -> bool {
    let first = toks.first().map(|t| t.text).unwrap_or_default();
    (2..=3).contains(&toks.len())
        && toks.iter().all(capitalized)
        && first_name(&first.to_lowercase()).is_some_and(|g| g != Gender::Unknown)
        && locations().whole(&[first]).is_none()
        && toks[1..].iter().all(|t| {
            let lower = t.text.to_lowercase();
            head_class(t.text, &lower) == 0 && !common_word(&lower, t.text)
        })
}

/// Where "of" follows a person's name opening `toks[s..e]` ("Jason Leopold
/// of Vice News").
pub(super) fn person_before_of(toks: &[Token<'_>], s: usize, e: usize) -> Option<usize> {
    let k = toks[s..e].iter().position(|t| t.text == "of")?;
    person_shaped(&toks[s..s + k]).then_some(s + k)
}

/// The greedy tagger can run a name on past its end ("Truth Social, and
/// Trump" as one organization): split mentions at punctuation and lower-case
/// words that never sit inside a name, a person at "of"/"and" ("Olaf
/// Scholz of Germany"; the piece after is a place when the gazetteer knows it),
/// and a person's name opening another name at "of" ("Megyn Kelly of Fox
/// News").
pub(super) fn split_runaways(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let m = match person_before_of(toks, m.s, m.e) {
            Some(of) if m.kind != EntityKind::Person => {
                out.push(Mention {
                    e: of,
                    kind: EntityKind::Person,
                    ..m.clone()
                });
                Mention { s: of + 1, ..m }
            }
            _ => m,
        };
        let person = m.kind == EntityKind::Person;
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut s = m.s;
        for (i, t) in toks.iter().enumerate().take(m.e).skip(m.s) {
            let cut = (breaks_name(t) && !plural_possessive(toks, i, m.s, m.e))
                || (person && matches!(t.text, "of" | "and"));
            if cut {
                pieces.push((s, i));
                s = i + 1;
            }
        }
        pieces.push((s, m.e));
        if pieces.len() == 1 {
            out.push(m);
            continue;
        }
        for (k, (mut s, mut e)) in pieces.into_iter().enumerate() {
            while s < e && !capitalized(&toks[s]) {
                s += 1;
            }
            while e > s && !capitalized(&toks[e - 1]) && !toks[e - 1].text.ends_with('.') {
                e -= 1;
            }
            if s == e {
                continue;
            }
            let mut kind = m.kind;
            if person && k > 0 {
                let words: Vec<&str> = toks[s..e].iter().map(|t| t.text).collect();
                if locations().whole(&words).is_some() {
                    kind = EntityKind::Location;
                }
            }
            out.push(Mention {
                s,
                e,
                kind,
                link: None,
            });
        }
    }
    out
}

/// Titles that, right before a name, make it a person ("President Obama").
const STRONG_TITLES: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "Professor",
    "President",
    "Senator",
    "Sen.",
    "Rep.",
    "Gov.",
    "Governor",
    "Chancellor",
    "Premier",
    "Minister",
    "Pope",
    "Sheikh",
    "Ambassador",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
];

/// A leading "The" or person title is not part of the name (a title makes it
/// a person, so does one right before it).
pub(super) fn trim_titles(toks: &[Token<'_>], ms: &mut [Mention]) {
    for m in ms.iter_mut() {
        if m.e - m.s > 1 && toks[m.s].text == "The" && m.kind != EntityKind::Person {
            m.s += 1;
        }
        let mut s = m.s;
        while s + 1 < m.e && TITLE_WORDS.contains(&toks[s].text) {
            s += 1;
        }
        if s > m.s && capitalized(&toks[s]) && m.kind != EntityKind::Location {
            m.s = s;
            m.kind = EntityKind::Person;
        }
        let titled = m.s > 0 && STRONG_TITLES.contains(&toks[m.s - 1].text);
        if titled && m.e - m.s <= 3 && toks[m.s..m.e].iter().all(capitalized) {
            m.kind = EntityKind::Person;
        }
    }
}

/// "Assembly of the Working Class" stays one organization.
pub(super) fn extend_of_phrases(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    let mut dead = vec![false; ms.len()];
    for i in 0..ms.len() {
        if ms[i].kind != EntityKind::Organization
            || dead[i]
            || toks.get(ms[i].e).map(|t| t.text) != Some("of")
        {
            continue;
        }
        let mut e = ms[i].e + 1;
        if toks.get(e).map(|t| t.text) == Some("the") {
            e += 1;
        }
        let run_start = e;
        while e < toks.len()
            && capitalized(&toks[e])
            && toks[e].text.chars().any(char::is_lowercase)
        {
            e += 1;
        }
        // Over untagged words and names inside the run, never past it.
        let after = || ms[i + 1..].iter().take_while(|o| o.s < e);
        if e > run_start && after().all(|o| o.e <= e) {
            let swallowed = after().count();
            dead[i + 1..i + 1 + swallowed]
                .iter_mut()
                .for_each(|d| *d = true);
            ms[i].e = e;
        }
    }
    let mut k = 0;
    ms.retain(|_| {
        k += 1;
        !dead[k - 1]
    });
}

/// "Caracas, Venezuela –" at the start of a paragraph: the place before the
/// comma is a location too.
pub(super) fn datelines(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    let gaz = locations();
    let mut found = Vec::new();
    for i in 0..toks.len() {
        let para_start = i == 0 || toks[i].newlines_before >= 1;
        if !para_start || !capitalized(&toks[i]) {
            continue;
        }
        let mut e = i;
        while e < toks.len() && e - i < 4 && capitalized(&toks[e]) {
            e += 1;
        }
        if e == i || toks.get(e).map(|t| t.text) != Some(",") {
            continue;
        }
        let rest: Vec<&str> = toks[e + 1..toks.len().min(e + 5)]
            .iter()
            .map(|t| t.text)
            .collect();
        let Some(&(0, len, _)) = gaz.find(&rest).first() else {
            continue;
        };
        if toks.get(e + 1 + len).is_some_and(is_dash) {
            found.push((i, e));
        }
    }
    if found.is_empty() {
        return;
    }
    let mut covered = vec![false; toks.len()];
    for &(s, e) in &found {
        covered[s..e].iter_mut().for_each(|c| *c = true);
    }
    ms.retain(|m| !covered[m.s..m.e].iter().any(|&c| c));
    ms.extend(found.into_iter().map(|(s, e)| Mention {
        s,
        e,
        kind: EntityKind::Location,
        link: None,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::names::m;
    use crate::tokens::tokenize;

    #[test]
    fn titles_without_a_full_stop_leave_the_name_too() {
        let toks = tokenize("Mr Bloggs and President Jo Bloggs met Gen Roe.");
        let per = EntityKind::Person;
        let mut ms = vec![m(0, 2, per), m(3, 6, per), m(7, 9, per)];
        trim_titles(&toks, &mut ms);
        assert_eq!(ms, vec![m(1, 2, per), m(4, 6, per), m(8, 9, per)]);
    }

    #[test]
    fn a_person_opening_an_organization_at_of_is_split_off() {
        let (org, per) = (EntityKind::Organization, EntityKind::Person);
        let toks = tokenize(
            "asked Jason Leopold of Vice News , the Bank of America , the Florida House of Representatives",
        );
        let ms = vec![m(1, 6, org), m(8, 11, org), m(13, 17, org)];
        let out = split_runaways(&toks, ms);
        let want = vec![m(1, 3, per), m(4, 6, org), m(8, 11, org), m(13, 17, org)];
        assert_eq!(out, want);
    }

    #[test]
    fn a_plural_possessive_stays_inside_a_name_other_apostrophes_cut() {
        let org = EntityKind::Organization;
        let toks = tokenize(
            "the Kurdistan Workers' Party and Kurdistan Workers ' Party and AG Edwards' Thayer and Musicians' Union",
        );
        let out = split_runaways(
            &toks,
            vec![m(1, 5, org), m(6, 10, org), m(11, 15, org), m(17, 19, org)],
        );
        assert_eq!(
            out,
            vec![
                m(1, 5, org),
                m(6, 8, org),
                m(9, 10, org),
                m(11, 13, org),
                m(14, 15, org),
                m(18, 19, org)
            ]
        );
    }
}
