//! In-article entity resolution: mentions of one thing grouped, named by the
//! fullest form (or the canonical country name).

use rustc_hash::FxHashMap;

use super::aliases::canonical_country;
use super::names::Mention;
use super::normalize::{fold_diacritics, normalize_name};
use crate::tokens::Token;
use crate::types::{Entity, EntityKind, Span};
use std::borrow::Cow;

/// Longer names are not split into suffixes (keeps the work linear).
const MAX_NAME_TOKENS: usize = 6;

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The earlier mention stays the root.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

fn span(text: &str, toks: &[Token<'_>], s: usize, e: usize) -> Span {
    let (first, last) = (&toks[s], &toks[e - 1]);
    Span {
        start: first.start,
        end: last.end,
        text: text[first.byte..last.byte + last.text.len()].to_string(),
    }
}

/// Groups mentions (sorted by position) into entities.
pub fn resolve(text: &str, toks: &[Token<'_>], ms: &[Mention]) -> Vec<Entity> {
    let n = ms.len();
    let mut sets = Sets((0..n).collect());
    let words = |m: &Mention| -> Vec<&str> { toks[m.s..m.e].iter().map(|t| t.text).collect() };
    let mut by_key: FxHashMap<(EntityKind, String), usize> = FxHashMap::default();
    for (i, m) in ms.iter().enumerate() {
        if let Some(l) = m.link.filter(|&l| l < n) {
            sets.union(i, l);
        }
        let surface = words(m).join(" ");
        let key = (m.kind, normalize_name(m.kind, &surface));
        match by_key.get(&key) {
            Some(&j) => sets.union(i, j),
            None => {
                by_key.insert(key, i);
            }
        }
    }
    // A person's shorter mention ("Torrealba") joins the nearest person whose
    // name ends with it, before it or else after it (diacritics folded:
    // "Erdogan" is "Recep Tayyip Erdoğan").
    let folded_words = |m: &Mention| -> Vec<Cow<'_, str>> {
        toks[m.s..m.e]
            .iter()
            .map(|t| {
                if t.text.is_ascii() {
                    Cow::Borrowed(t.text)
                } else {
                    Cow::Owned(t.text.chars().map(fold_diacritics).collect())
                }
            })
            .collect()
    };
    let mut by_suffix: FxHashMap<Vec<Cow<'_, str>>, Vec<usize>> = FxHashMap::default();
    for (i, m) in ms.iter().enumerate() {
        if m.kind == EntityKind::Person && m.e - m.s <= MAX_NAME_TOKENS {
            let w = folded_words(m);
            for k in 1..w.len() {
                by_suffix.entry(w[k..].to_vec()).or_default().push(i);
            }
        }
    }
    for (i, m) in ms.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        if let Some(longer) = by_suffix.get(&folded_words(m)) {
            // `longer` is in increasing order.
            let p = longer.partition_point(|&j| j < i);
            let j = if p > 0 {
                longer[p - 1]
            } else {
                longer[p.min(longer.len() - 1)]
            };
            sets.union(i, j);
        }
    }
    // A lone first name joins the one full name of the article that opens
    // with it ("Dorsa" and "Dorsa Derakhshani"); `people` made sure it is one.
    let mut by_first: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, m) in ms.iter().enumerate() {
        if m.kind == EntityKind::Person && (2..=MAX_NAME_TOKENS).contains(&(m.e - m.s)) {
            by_first.entry(toks[m.s].text).or_default().push(i);
        }
    }
    for (i, m) in ms.iter().enumerate() {
        if m.kind != EntityKind::Person || m.e != m.s + 1 {
            continue;
        }
        if let Some(fulls) = by_first.get(toks[m.s].text) {
            let mut roots: Vec<usize> = fulls.iter().map(|&j| sets.find(j)).collect();
            roots.sort_unstable();
            roots.dedup();
            if let [r] = roots[..] {
                sets.union(i, r);
            }
        }
    }
    // An organization's short form joins its full name when the article gives
    // just one that fits: `Ford` (first word) of `Ford Motor Company`, `Air
    // Force` (last words) of `United States Air Force`.
    let mut org_parts: FxHashMap<Vec<&str>, Vec<usize>> = FxHashMap::default();
    for (i, m) in ms.iter().enumerate() {
        if m.kind == EntityKind::Organization && m.e - m.s <= MAX_NAME_TOKENS && m.e - m.s > 1 {
            let w = words(m);
            org_parts.entry(w[..1].to_vec()).or_default().push(i);
            for k in 1..w.len() - 1 {
                org_parts.entry(w[k..].to_vec()).or_default().push(i);
            }
        }
    }
    for (i, m) in ms.iter().enumerate() {
        if m.kind != EntityKind::Organization {
            continue;
        }
        let w = words(m);
        if w.len() == 1 && w[0].chars().all(|c| c.is_uppercase()) {
            continue; // acronyms have their own expansion
        }
        if let Some(longer) = org_parts.get(&w) {
            let mut fulls: Vec<usize> = longer.iter().map(|&j| sets.find(j)).collect();
            fulls.sort_unstable();
            fulls.dedup();
            if fulls.len() == 1 && words(&ms[longer[0]]).len() > w.len() {
                sets.union(i, longer[0]);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut slot: FxHashMap<usize, usize> = FxHashMap::default();
    for i in 0..n {
        let r = sets.find(i);
        let g = *slot.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups
        .into_iter()
        .map(|(root, members)| {
            let kind = ms[root].kind;
            let mut mentions: Vec<Span> = members
                .iter()
                .map(|&i| span(text, toks, ms[i].s, ms[i].e))
                .collect();
            mentions.sort_by_key(|s| (s.start, s.end));
            mentions.dedup_by_key(|s| (s.start, s.end));
            let name = canonical_name(kind, &mentions);
            Entity {
                kind,
                name,
                mentions,
            }
        })
        .collect()
}

/// The canonical country name if any mention is a known variant, else the
/// fullest mention (most words, then most characters), first seen on ties.
fn canonical_name(kind: EntityKind, mentions: &[Span]) -> String {
    if kind == EntityKind::Location {
        if let Some(c) = mentions.iter().find_map(|m| canonical_country(&m.text)) {
            return c.to_string();
        }
    }
    let mut best: Option<&Span> = None;
    for m in mentions {
        let score = |s: &Span| (s.text.split_whitespace().count(), s.text.chars().count());
        if best.is_none_or(|b| score(m) > score(b)) {
            best = Some(m);
        }
    }
    best.map(|s| s.text.clone()).unwrap_or_default()
}
