//! A run of capitalized words ending in a word that names a kind of
//! organization or place ("... Party", "... University", "... River") is one
//! name of that kind, however the tagger cut it up; one ending in the head of
//! a law, event or award ("... Act", "... War") is no entity of the three.

use super::names::{capitalized, Mention};
use super::shape::person_before_of;
use crate::ner::heads::{self, head_class};
use crate::ner::person_names::name_bits;
use crate::tokens::Token;
use crate::types::EntityKind;

/// Head nouns that follow a person's or place's name without making it an
/// organization's name ("Trump Administration", "Catholic Church" as a body
/// or a building).
const NOT_HEADS: &[&str] = &["administration", "government", "campaign", "church"];

/// Lower-case words inside names; not "and", which mostly joins two names.
const JOINERS: &[&str] = &["of", "&", "for", "the"];

/// The kind of name a head word ends (`heads::head_class`): legal forms and
/// organization heads, place heads, heads of laws, events and awards.
fn head_kind(t: &Token<'_>) -> Option<EntityKind> {
    let lower = t.text.to_lowercase();
    if NOT_HEADS.contains(&lower.as_str()) {
        return None;
    }
    let class = head_class(t.text, &lower);
    if class & (heads::LEGAL | heads::ORG) != 0 {
        Some(EntityKind::Organization)
    } else if class & heads::PLACE != 0 {
        Some(EntityKind::Location)
    } else if class & heads::MISC != 0 {
        Some(EntityKind::Misc)
    } else {
        None
    }
}

/// A lone head word tagged as a person ("the Department said", "Foundation")
/// is a short form of the kind the word names, unless it may be a person's
/// name: a known first name or surname ("Park", "Church", "Post"), or a word
/// of a longer person's name in the article.
pub(super) fn lone_heads(toks: &[Token<'_>], ms: &mut [Mention]) {
    let in_people: Vec<&str> = ms
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.e - m.s > 1)
        .flat_map(|m| toks[m.s..m.e].iter().map(|t| t.text))
        .collect();
    for m in ms.iter_mut() {
        if m.kind != EntityKind::Person || m.e != m.s + 1 {
            continue;
        }
        let t = &toks[m.s];
        let lower = t.text.to_lowercase();
        if name_bits(&lower) != 0 || in_people.contains(&t.text) {
            continue;
        }
        if let Some(kind) = head_kind(t) {
            m.kind = kind;
        }
    }
}

/// Whether `t` heads the name of an organization or place (`University`,
/// `Party`, `River`); not of a law or event ("Bill", "War").
pub(super) fn heads_body_or_place(t: &Token<'_>) -> bool {
    matches!(
        head_kind(t),
        Some(EntityKind::Organization | EntityKind::Location)
    )
}

/// Whether token `i` may open a sentence (so its capital says nothing).
fn sentence_start(toks: &[Token<'_>], i: usize) -> bool {
    i == 0
        || toks[i].newlines_before > 0
        || matches!(
            toks[i - 1].text,
            "." | "!" | "?" | "\"" | "“" | ":" | "-" | "–" | "—"
        )
}

/// Merges the mentions inside each designated run into one mention.
/// Expects mentions sorted and not overlapping; keeps them so.
pub(super) fn designated_names(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
    for (k, m) in ms.iter().enumerate() {
        owner[m.s..m.e].iter_mut().for_each(|o| *o = Some(k));
    }
    let mut runs: Vec<(usize, usize, EntityKind)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !capitalized(&toks[i]) {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < toks.len() {
            let joined = JOINERS.contains(&toks[e].text)
                && toks.get(e + 1).is_some_and(capitalized)
                && toks[e + 1].newlines_before == 0;
            if toks[e].newlines_before > 0 || !(capitalized(&toks[e]) || joined) {
                break;
            }
            e += if joined { 2 } else { 1 };
        }
        // The name starts where the tagger saw one ("On Friday Ford Motor
        // Company"); a sentence-opening word never starts it on its own.
        let mut s = (i..e).find(|&k| owner[k].is_some()).unwrap_or(i);
        if sentence_start(toks, s) && owner[s].is_none() {
            s += 1;
        }
        // "Jason Leopold of Vice News": the person is no part of the name.
        if let Some(of) = person_before_of(toks, s, e) {
            s = of + 1;
        }
        while s < e && (!capitalized(&toks[s]) || toks[s].text == "The") {
            s += 1;
        }
        if let Some(kind) = (e >= s + 2).then(|| head_kind(&toks[e - 1])).flatten() {
            // No mention may stick out of the run.
            let inside = |k: Option<usize>| k.is_none_or(|k| ms[k].s >= s && ms[k].e <= e);
            let person = owner[s]
                .filter(|&k| ms[k].s == s && ms[k].e == e)
                .is_some_and(|k| ms[k].kind == EntityKind::Person);
            if inside(owner[s]) && inside(owner[e - 1]) && !person {
                runs.push((s, e, kind));
            }
        }
        i = e;
    }
    runs.extend(spelled_out(toks, &ms, &owner));
    if runs.is_empty() {
        return ms;
    }
    runs.sort_by_key(|r| r.0);
    runs.dedup_by(|later, kept| later.0 < kept.1);
    let mut out = Vec::with_capacity(ms.len());
    let mut runs = runs.into_iter().peekable();
    for m in ms {
        while let Some(r) = runs.next_if(|r| r.0 < m.s && r.1 <= m.s) {
            out.push(Mention {
                s: r.0,
                e: r.1,
                kind: r.2,
                link: None,
            });
        }
        if let Some(&(s, e, kind)) = runs.peek() {
            if m.s >= s && m.e <= e {
                if m.e == e {
                    runs.next();
                    out.push(Mention {
                        s,
                        e,
                        kind,
                        link: None,
                    });
                }
                continue;
            }
        }
        out.push(m);
    }
    out.extend(runs.map(|(s, e, kind)| Mention {
        s,
        e,
        kind,
        link: None,
    }));
    out
}

/// "Federation of Acme and Allied Workers (FAAW)": a capitalized run right
/// before an acronym in parentheses is the long form whole, "and" included,
/// when the tagger saw an organization in it.
fn spelled_out(
    toks: &[Token<'_>],
    ms: &[Mention],
    owner: &[Option<usize>],
) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    for p in 1..toks.len().saturating_sub(2) {
        let acronym = toks[p].text == "("
            && toks[p + 2].text == ")"
            && super::names::is_acronym(toks[p + 1].text);
        if !acronym || !capitalized(&toks[p - 1]) {
            continue;
        }
        let mut s = p - 1;
        while s > 0 && toks[s].newlines_before == 0 {
            let prev = &toks[s - 1];
            let joiner = matches!(prev.text, "of" | "and" | "&" | "for" | "the" | "de");
            if capitalized(prev) || (joiner && s >= 2 && capitalized(&toks[s - 2])) {
                s -= 1;
            } else {
                break;
            }
        }
        if sentence_start(toks, s) && owner[s].is_none() {
            s += 1;
        }
        while s < p && (!capitalized(&toks[s]) || toks[s].text == "The") {
            s += 1;
        }
        let owned: Vec<usize> = owner[s..p].iter().flatten().copied().collect();
        let org = owned
            .iter()
            .any(|&k| ms[k].kind == EntityKind::Organization);
        let inside = owned.iter().all(|&k| ms[k].s >= s && ms[k].e <= p);
        if p - s >= 2 && org && inside {
            out.push((s, p, EntityKind::Organization));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    use crate::entities::names::m;

    #[test]
    fn a_lone_head_word_is_no_person_unless_it_may_be_a_name() {
        // "Park" is a known surname; "Church" is a name here, and never a head.
        let toks =
            tokenize("The Department said Park and Foundation met Charlotte Church . Church sang");
        let per = EntityKind::Person;
        let mut ms = vec![
            m(1, 2, per),
            m(3, 4, per),
            m(5, 6, per),
            m(7, 9, per),
            m(10, 11, per),
        ];
        lone_heads(&toks, &mut ms);
        let org = EntityKind::Organization;
        assert_eq!(
            ms,
            vec![
                m(1, 2, org),
                m(3, 4, per),
                m(5, 6, org),
                m(7, 9, per),
                m(10, 11, per)
            ]
        );
    }

    #[test]
    fn runs_ending_in_a_head_word_are_one_name() {
        // "Acme Rights Fund" cut into a place and a person by the tagger.
        let toks = tokenize("Yesterday the Acme Rights Fund sued Jo Bloggs near the Zorb River.");
        let out = designated_names(
            &toks,
            vec![
                m(2, 3, EntityKind::Location),
                m(4, 5, EntityKind::Person),
                m(6, 8, EntityKind::Person),
            ],
        );
        assert_eq!(
            out,
            vec![
                m(2, 5, EntityKind::Organization),
                m(6, 8, EntityKind::Person),
                m(10, 12, EntityKind::Location),
            ]
        );
        let toks = tokenize("The Federation of Acme and Allied Workers (FAAW) met.");
        let out = designated_names(
            &toks,
            vec![
                m(1, 4, EntityKind::Organization),
                m(5, 7, EntityKind::Person),
            ],
        );
        assert_eq!(out, vec![m(1, 7, EntityKind::Organization)]);
        // A law is no organization, however the tagger saw it; a person's
        // administration is no organization's name.
        let toks = tokenize("They cited the Acme Privacy Act and the Bloggs Administration.");
        let out = designated_names(
            &toks,
            vec![
                m(3, 5, EntityKind::Organization),
                m(8, 9, EntityKind::Person),
            ],
        );
        assert_eq!(
            out,
            vec![m(3, 6, EntityKind::Misc), m(8, 9, EntityKind::Person)]
        );
        // A sentence-opening word outside any name stays out.
        let toks = tokenize("Police said so.");
        assert!(designated_names(&toks, vec![]).is_empty());
    }
}
