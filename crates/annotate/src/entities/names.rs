//! Article-level repairs of the tagger's name mentions: datelines, acronyms in
//! parentheses, surnames of people named in full, and one kind per name
//! across the article (document-level consistency).

use std::collections::HashMap;

use super::gazetteer::locations;
use crate::tokens::Token;
use crate::types::EntityKind;

/// A name mention over tokens `[s, e)`; `link` points at the mention it was
/// tied to by a rule (an acronym to its long form).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub s: usize,
    pub e: usize,
    pub kind: EntityKind,
    pub link: Option<usize>,
}

fn capitalized(t: &Token<'_>) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

fn surface(toks: &[Token<'_>], s: usize, e: usize) -> String {
    toks[s..e]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_dash(t: &Token<'_>) -> bool {
    matches!(t.text, "-" | "--" | "–" | "—")
}

fn is_acronym(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&letters)
        && t.chars()
            .all(|c| c.is_uppercase() || c == '-' || c == '&' || c == '.' || c.is_ascii_digit())
}

/// Applies every repair; returns mentions sorted by position, not overlapping.
pub fn refine(toks: &[Token<'_>], mut ms: Vec<Mention>) -> Vec<Mention> {
    trim_titles(toks, &mut ms);
    let mut ms = split_runaways(toks, ms);
    datelines(toks, &mut ms);
    ms.sort_by_key(|m| m.s);
    extend_of_phrases(toks, &mut ms);
    acronyms(toks, &mut ms);
    compound_acronyms(toks, &mut ms);
    consistency(toks, ms)
}

/// Words of a person's title, kept out of the name ("Professor Alexis Corredor").
const TITLE_WORDS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
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

/// The greedy tagger can run a name on past its end ("Truth Social, and
/// Trump" as one organization): split mentions at punctuation and lower-case
/// words that never sit inside a name, and a person at "of"/"and" ("Olaf
/// Scholz of Germany"; the piece after is a place when the gazetteer knows it).
fn split_runaways(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let person = m.kind == EntityKind::Person;
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut s = m.s;
        for (i, t) in toks.iter().enumerate().take(m.e).skip(m.s) {
            let cut = breaks_name(t) || (person && matches!(t.text, "of" | "and"));
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
                if locations()
                    .find(&words)
                    .first()
                    .is_some_and(|&(a, b, _)| a == 0 && b == words.len())
                {
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
fn trim_titles(toks: &[Token<'_>], ms: &mut [Mention]) {
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
fn extend_of_phrases(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
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

/// A hyphenated acronym built on a known organization ("CBST-CPP" after
/// "CBST") is an organization too.
fn compound_acronyms(toks: &[Token<'_>], ms: &mut [Mention]) {
    let orgs: Vec<String> = ms
        .iter()
        .filter(|m| m.kind == EntityKind::Organization)
        .map(|m| surface(toks, m.s, m.e))
        .collect();
    for m in ms.iter_mut() {
        let t = toks[m.s].text;
        if m.e - m.s == 1
            && m.kind == EntityKind::Misc
            && is_acronym(t)
            && t.split('-').any(|p| orgs.iter().any(|o| o == p))
        {
            m.kind = EntityKind::Organization;
        }
    }
}

/// "Caracas, Venezuela –" at the start of a paragraph: the place before the
/// comma is a location too.
fn datelines(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
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

/// "Federation of ... Workers (CBST)": the acronym in parentheses right after
/// a name is the same thing.
fn acronyms(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    // Token -> index of the mention whose acronym sits there.
    let mut acronym_at: Vec<Option<usize>> = vec![None; toks.len()];
    let mut any = false;
    for (idx, m) in ms.iter().enumerate() {
        let e = m.e;
        if toks.get(e).map(|t| t.text) != Some("(") || toks.get(e + 2).map(|t| t.text) != Some(")")
        {
            continue;
        }
        if is_acronym(toks[e + 1].text) && m.kind != EntityKind::Person {
            acronym_at[e + 1] = Some(idx);
            any = true;
        }
    }
    if !any {
        return;
    }
    // Rebuild in order; the rule wins over whatever the tagger said about the
    // acronym token itself. Links are indices, so they are remapped.
    let old = std::mem::take(ms);
    let mut new_index = vec![usize::MAX; old.len()];
    let mut pending: Vec<(usize, usize)> = Vec::new(); // (position in ms, old long-form index)
    let mut t = 0;
    let flush =
        |upto: usize, t: &mut usize, ms: &mut Vec<Mention>, pending: &mut Vec<(usize, usize)>| {
            while *t < upto {
                if let Some(long) = acronym_at[*t] {
                    pending.push((ms.len(), long));
                    ms.push(Mention {
                        s: *t,
                        e: *t + 1,
                        kind: old[long].kind,
                        link: None,
                    });
                }
                *t += 1;
            }
        };
    for (idx, m) in old.iter().enumerate() {
        flush(m.s, &mut t, ms, &mut pending);
        if acronym_at[m.s..m.e].iter().any(Option::is_some) {
            continue;
        }
        new_index[idx] = ms.len();
        ms.push(m.clone());
        t = t.max(m.e);
    }
    flush(toks.len(), &mut t, ms, &mut pending);
    for m in ms.iter_mut() {
        m.link = m.link.map(|l| new_index[l]).filter(|&l| l != usize::MAX);
    }
    for (pos, long) in pending {
        ms[pos].link = Some(new_index[long]).filter(|&l| l != usize::MAX);
    }
}

fn kind_rank(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 3,
        EntityKind::Location => 2,
        EntityKind::Organization => 1,
        _ => 0,
    }
}

/// One kind per name: the majority kind of each surface form (surnames of
/// people named in full count as persons), and untagged capitalized
/// occurrences of a known name tagged too.
fn consistency(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut votes: HashMap<String, HashMap<EntityKind, usize>> = HashMap::new();
    for m in &ms {
        *votes
            .entry(surface(toks, m.s, m.e))
            .or_default()
            .entry(m.kind)
            .or_default() += 1;
    }
    // Surnames and acronyms speak for their full names.
    for m in &ms {
        let len = m.e - m.s;
        if m.kind == EntityKind::Person && len >= 2 && toks[m.e - 1].text.chars().count() > 1 {
            *votes
                .entry(toks[m.e - 1].text.to_string())
                .or_default()
                .entry(EntityKind::Person)
                .or_default() += 2 * len;
        }
        if m.link.is_some() {
            *votes
                .entry(surface(toks, m.s, m.e))
                .or_default()
                .entry(m.kind)
                .or_default() += 2;
        }
    }
    let name_kind: HashMap<String, EntityKind> = votes
        .into_iter()
        .filter_map(|(name, v)| {
            v.into_iter()
                .max_by_key(|&(k, n)| (n, kind_rank(k)))
                .map(|(k, _)| (name, k))
        })
        .collect();
    let max_len = ms.iter().map(|m| m.e - m.s).max().unwrap_or(0).min(8);
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut next = ms.into_iter().peekable();
    let mut remap: HashMap<usize, usize> = HashMap::new();
    let mut old_idx = 0usize;
    let mut i = 0;
    while i < toks.len() {
        if let Some(m) = next.next_if(|m| m.s <= i) {
            if m.s == i {
                let kind = name_kind
                    .get(&surface(toks, m.s, m.e))
                    .copied()
                    .unwrap_or(m.kind);
                remap.insert(old_idx, out.len());
                i = m.e;
                out.push(Mention { kind, ..m });
            }
            old_idx += 1;
            continue;
        }
        let limit = next.peek().map_or(toks.len(), |m| m.s);
        let mut found = None;
        if capitalized(&toks[i]) {
            for len in (1..=max_len.min(limit - i)).rev() {
                if let Some(&k) = name_kind.get(&surface(toks, i, i + len)) {
                    found = Some((len, k));
                    break;
                }
            }
        }
        match found {
            Some((len, kind)) => {
                out.push(Mention {
                    s: i,
                    e: i + len,
                    kind,
                    link: None,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    for m in out.iter_mut() {
        m.link = m.link.and_then(|l| remap.get(&l).copied());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn acronym_and_consistency() {
        let text = "The Union of Acme Workers (UAW) met. UAW said Jo Bloggs and Bloggs left.";
        let toks = tokenize(text);
        let ms = vec![
            Mention {
                s: 1,
                e: 5,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 12,
                e: 14,
                kind: EntityKind::Person,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind, Option<usize>)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind, m.link))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Union of Acme Workers".into(),
                    EntityKind::Organization,
                    None
                ),
                ("UAW".into(), EntityKind::Organization, Some(0)),
                ("UAW".into(), EntityKind::Organization, None),
                ("Jo Bloggs".into(), EntityKind::Person, None),
                ("Bloggs".into(), EntityKind::Person, None),
            ]
        );
    }

    #[test]
    fn titles_and_of_phrases() {
        let toks = tokenize(
            "Professor Ann Lee of the Assembly of the Working Class and the ABC-DEF spoke to ABC.",
        );
        let ms = vec![
            Mention {
                s: 0,
                e: 3,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 5,
                e: 6,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 9,
                e: 10,
                kind: EntityKind::Misc,
                link: None,
            },
            Mention {
                s: 12,
                e: 13,
                kind: EntityKind::Misc,
                link: None,
            },
            Mention {
                s: 15,
                e: 16,
                kind: EntityKind::Organization,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Ann Lee".into(), EntityKind::Person),
                (
                    "Assembly of the Working Class".into(),
                    EntityKind::Organization
                ),
                ("ABC-DEF".into(), EntityKind::Organization),
                ("ABC".into(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn title_before_name_makes_a_person() {
        let toks = tokenize("when President Obama spoke");
        let ms = vec![Mention {
            s: 2,
            e: 3,
            kind: EntityKind::Organization,
            link: None,
        }];
        assert_eq!(refine(&toks, ms)[0].kind, EntityKind::Person);
    }

    #[test]
    fn runaway_names_are_split() {
        let toks = tokenize(
            "Chancellor Olaf Scholz of Germany posted on Truth Social, and Trump replied.",
        );
        let ms = vec![
            Mention {
                s: 0,
                e: 5,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 7,
                e: 12,
                kind: EntityKind::Organization,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Olaf Scholz".into(), EntityKind::Person),
                ("Germany".into(), EntityKind::Location),
                ("Truth Social".into(), EntityKind::Organization),
                ("Trump".into(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn dateline() {
        let toks = tokenize("Springfield, Venezuela – The mayor spoke.");
        let got = refine(&toks, Vec::new());
        assert_eq!(
            got,
            vec![Mention {
                s: 0,
                e: 1,
                kind: EntityKind::Location,
                link: None
            }]
        );
    }
}
