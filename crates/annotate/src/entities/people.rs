//! A first name alone after the person's full name ("Dorsa" after "Dorsa
//! Derakhshani") is that person, whatever the tagger called it.

use rustc_hash::FxHashMap;

use super::names::{capitalized, surface, Mention};
use crate::lexicon::first_name;
use crate::tokens::Token;
use crate::types::EntityKind;

/// Full names (two to four words) by their first word, with the first
/// position each is seen at; only known first names count.
fn full_names<'t>(toks: &[Token<'t>], ms: &[Mention]) -> FxHashMap<&'t str, (Vec<String>, usize)> {
    let mut by_first: FxHashMap<&str, (Vec<String>, usize)> = FxHashMap::default();
    for m in ms {
        if m.kind != EntityKind::Person || !(2..=4).contains(&(m.e - m.s)) {
            continue;
        }
        let first = toks[m.s].text;
        if first_name(&first.to_lowercase()).is_none() {
            continue;
        }
        let full = surface(toks, m.s, m.e);
        let e = by_first.entry(first).or_insert((Vec::new(), m.s));
        if !e.0.contains(&full) {
            e.0.push(full);
        }
        e.1 = e.1.min(m.s);
    }
    by_first
}

/// Retags (and adds) lone first names that follow the one full name in the
/// article that starts with them. Expects and keeps mentions sorted.
pub(super) fn first_names_alone(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let by_first = full_names(toks, &ms);
    if by_first.is_empty() {
        return ms;
    }
    let unique_after = |i: usize| {
        by_first
            .get(toks[i].text)
            .is_some_and(|(fulls, at)| fulls.len() == 1 && *at < i)
    };
    let mut out = Vec::with_capacity(ms.len());
    let mut next = ms.into_iter().peekable();
    let mut i = 0;
    while i < toks.len() {
        if let Some(mut m) = next.next_if(|m| m.s <= i) {
            if m.e == m.s + 1 && unique_after(m.s) {
                m.kind = EntityKind::Person;
            }
            i = i.max(m.e);
            out.push(m);
            continue;
        }
        let lone =
            capitalized(&toks[i]) && unique_after(i) && !toks.get(i + 1).is_some_and(capitalized);
        if lone {
            out.push(Mention {
                s: i,
                e: i + 1,
                kind: EntityKind::Person,
                link: None,
            });
        }
        i += 1;
    }
    out
}

/// Joins a person mention to the person mention right after it when the two
/// together are a full name the article writes as one mention elsewhere
/// ("Dorsa" + "Derakhshani" where "Dorsa Derakhshani" is named). Expects
/// sorted mentions; keeps links valid.
pub(super) fn join_split_names(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let fulls: rustc_hash::FxHashSet<String> = ms
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.e - m.s >= 2)
        .map(|m| surface(toks, m.s, m.e))
        .collect();
    if fulls.is_empty() {
        return ms;
    }
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut new_index = Vec::with_capacity(ms.len());
    for m in ms {
        if let Some(prev) = out.last_mut() {
            let joinable = prev.kind == EntityKind::Person
                && m.kind == EntityKind::Person
                && prev.e == m.s
                && fulls.contains(&surface(toks, prev.s, m.e));
            if joinable {
                prev.e = m.e;
                prev.link = prev.link.or(m.link);
                new_index.push(out.len() - 1);
                continue;
            }
        }
        new_index.push(out.len());
        out.push(m);
    }
    for m in out.iter_mut() {
        m.link = m.link.and_then(|l| new_index.get(l).copied());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn first_name_after_full_name() {
        let toks = tokenize("Maria Lopez won. Later Maria said Maria Corp lost.");
        let full = Mention {
            s: 0,
            e: 2,
            kind: EntityKind::Person,
            link: None,
        };
        let org = Mention {
            s: 7,
            e: 9,
            kind: EntityKind::Organization,
            link: None,
        };
        let out = first_names_alone(&toks, vec![full.clone(), org.clone()]);
        let lone = Mention {
            s: 5,
            e: 6,
            kind: EntityKind::Person,
            link: None,
        };
        assert_eq!(out, vec![full, lone, org]);
    }

    #[test]
    fn a_full_name_split_in_two_is_joined_where_the_article_writes_it_whole() {
        let toks = tokenize("Dorsa Derakhshani won. Later Dorsa Derakhshani and Borna Ali spoke.");
        let per = |s: usize, e: usize| Mention {
            s,
            e,
            kind: EntityKind::Person,
            link: None,
        };
        let ms = vec![per(0, 2), per(5, 6), per(6, 7), per(8, 9), per(9, 10)];
        // "Borna Ali" is nowhere written whole: left as it is.
        assert_eq!(
            join_split_names(&toks, ms),
            vec![per(0, 2), per(5, 7), per(8, 9), per(9, 10)]
        );
    }
}
