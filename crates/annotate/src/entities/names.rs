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
    toks[s..e].iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

fn is_dash(t: &Token<'_>) -> bool {
    matches!(t.text, "-" | "--" | "–" | "—")
}

fn is_acronym(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&letters)
        && t.chars().all(|c| c.is_uppercase() || c == '-' || c == '&' || c == '.' || c.is_ascii_digit())
}

/// Applies every repair; returns mentions sorted by position, not overlapping.
pub fn refine(toks: &[Token<'_>], mut ms: Vec<Mention>) -> Vec<Mention> {
    datelines(toks, &mut ms);
    ms.sort_by_key(|m| m.s);
    trim_and_extend(toks, &mut ms);
    acronyms(toks, &mut ms);
    compound_acronyms(toks, &mut ms);
    consistency(toks, ms)
}

/// Words of a person's title, kept out of the name ("Professor Alexis Corredor").
const TITLE_WORDS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Professor", "President", "Vice", "Prime", "Minister",
    "First", "Lady", "Senator", "Sen.", "Rep.", "Representative", "Governor", "Gov.", "Deputy",
    "Chairman", "Chairwoman", "Secretary", "Ambassador", "Mayor", "Judge", "Justice", "Pope",
    "Queen", "Sheikh", "Sir", "Lord", "Chancellor", "Commander", "Comrade", "Father", "Sister",
    "Rev.", "Reverend", "Bishop", "Cardinal", "Archbishop", "Coach", "Captain", "Colonel",
    "Lieutenant", "Sergeant", "Admiral", "Marshal", "Gen.", "Col.", "Capt.", "Lt.",
];

/// Repairs the shape of mentions: a leading "The" or person title is not part
/// of the name (a title makes it a person); "Assembly of the Working Class"
/// stays one organization.
fn trim_and_extend(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
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
    }
    let mut i = 0;
    while i < ms.len() {
        if ms[i].kind == EntityKind::Organization {
            let mut e = ms[i].e;
            if toks.get(e).map(|t| t.text) == Some("of") {
                e += 1;
                if toks.get(e).map(|t| t.text) == Some("the") {
                    e += 1;
                }
                let run_start = e;
                while e < toks.len() && capitalized(&toks[e]) && toks[e].text.chars().any(char::is_lowercase) {
                    e += 1;
                }
                // Only over untagged or misc words, never into another name.
                let clash = ms.iter().any(|o| o.s < e && o.e > ms[i].e && o.kind != EntityKind::Misc);
                if e > run_start && !clash {
                    let end = ms[i].e;
                    ms[i].e = e;
                    let keep_to = i;
                    let mut k = 0;
                    ms.retain(|o| {
                        let keep = k <= keep_to || o.s >= e || o.e <= end;
                        k += 1;
                        keep
                    });
                }
            }
        }
        i += 1;
    }
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
        if m.e - m.s == 1 && m.kind == EntityKind::Misc && is_acronym(t) && t.split('-').any(|p| orgs.iter().any(|o| o == p)) {
            m.kind = EntityKind::Organization;
        }
    }
}

/// "Caracas, Venezuela –" at the start of a paragraph: the place before the
/// comma is a location too.
fn datelines(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    let gaz = locations();
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
        let rest: Vec<&str> = toks[e + 1..toks.len().min(e + 5)].iter().map(|t| t.text).collect();
        let Some(&(0, len, _)) = gaz.find(&rest).first() else {
            continue;
        };
        if !toks.get(e + 1 + len).is_some_and(is_dash) {
            continue;
        }
        ms.retain(|m| m.e <= i || m.s >= e);
        ms.push(Mention {
            s: i,
            e,
            kind: EntityKind::Location,
            link: None,
        });
    }
}

/// "Federation of ... Workers (CBST)": the acronym in parentheses right after
/// a name is the same thing.
fn acronyms(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    let mut added = Vec::new();
    for (idx, m) in ms.iter().enumerate() {
        let e = m.e;
        if toks.get(e).map(|t| t.text) != Some("(") || toks.get(e + 2).map(|t| t.text) != Some(")") {
            continue;
        }
        if !is_acronym(toks[e + 1].text) || matches!(m.kind, EntityKind::Person) {
            continue;
        }
        added.push(Mention {
            s: e + 1,
            e: e + 2,
            kind: m.kind,
            link: Some(idx),
        });
    }
    for a in added {
        // The rule wins over whatever the tagger said about the acronym.
        ms.retain(|m| m.e <= a.s || m.s >= a.e);
        let pos = ms.partition_point(|m| m.s < a.s);
        // Links are indices: shift those pointing at or past the insertion.
        for m in ms.iter_mut() {
            if let Some(l) = m.link.as_mut() {
                if *l >= pos {
                    *l += 1;
                }
            }
        }
        let link = a.link.map(|l| if l >= pos { l + 1 } else { l });
        ms.insert(pos, Mention { link, ..a });
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
        *votes.entry(surface(toks, m.s, m.e)).or_default().entry(m.kind).or_default() += 1;
    }
    // Surnames and acronyms speak for their full names.
    for m in &ms {
        let len = m.e - m.s;
        if m.kind == EntityKind::Person && len >= 2 && toks[m.e - 1].text.chars().count() > 1 {
            *votes.entry(toks[m.e - 1].text.to_string()).or_default().entry(EntityKind::Person).or_default() += 2 * len;
        }
        if m.link.is_some() {
            *votes.entry(surface(toks, m.s, m.e)).or_default().entry(m.kind).or_default() += 2;
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
                let kind = name_kind.get(&surface(toks, m.s, m.e)).copied().unwrap_or(m.kind);
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
            Mention { s: 1, e: 5, kind: EntityKind::Organization, link: None },
            Mention { s: 12, e: 14, kind: EntityKind::Person, link: None },
        ];
        let got: Vec<(String, EntityKind, Option<usize>)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind, m.link))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Union of Acme Workers".into(), EntityKind::Organization, None),
                ("UAW".into(), EntityKind::Organization, Some(0)),
                ("UAW".into(), EntityKind::Organization, None),
                ("Jo Bloggs".into(), EntityKind::Person, None),
                ("Bloggs".into(), EntityKind::Person, None),
            ]
        );
    }

    #[test]
    fn titles_and_of_phrases() {
        let toks = tokenize("Professor Ann Lee of the Assembly of the Working Class and the ABC-DEF spoke to ABC.");
        let ms = vec![
            Mention { s: 0, e: 3, kind: EntityKind::Organization, link: None },
            Mention { s: 5, e: 6, kind: EntityKind::Organization, link: None },
            Mention { s: 9, e: 10, kind: EntityKind::Misc, link: None },
            Mention { s: 12, e: 13, kind: EntityKind::Misc, link: None },
            Mention { s: 15, e: 16, kind: EntityKind::Organization, link: None },
        ];
        let got: Vec<(String, EntityKind)> = refine(&toks, ms).iter().map(|m| (surface(&toks, m.s, m.e), m.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("Ann Lee".into(), EntityKind::Person),
                ("Assembly of the Working Class".into(), EntityKind::Organization),
                ("ABC-DEF".into(), EntityKind::Organization),
                ("ABC".into(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn dateline() {
        let toks = tokenize("Springfield, Venezuela – The mayor spoke.");
        let got = refine(&toks, Vec::new());
        assert_eq!(got, vec![Mention { s: 0, e: 1, kind: EntityKind::Location, link: None }]);
    }
}
