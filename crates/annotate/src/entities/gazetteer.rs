//! Location gazetteer: GeoNames countries, US states and cities (shipped in
//! `data/locations.tsv`, CC BY 4.0, see `data/GAZETTEERS-LICENSE.md`) plus the
//! hand-written regions and country variants of `aliases`. Matching is on
//! tokens, longest match first, case-insensitive but only on capitalized words.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use super::aliases::{COUNTRY_ALIASES, REGIONS};
use crate::tokens::tokenize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    Country,
    State,
    City,
    Region,
}

impl GazKind {
    pub fn id(self) -> u8 {
        self as u8 + 1
    }
}

pub struct Gazetteer {
    names: FxHashMap<String, GazKind>,
    /// Keys of the first 1..n-1 tokens of multi-token names, to stop early.
    prefixes: FxHashSet<String>,
    max_tokens: usize,
}

static LOCATIONS: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut g = Gazetteer {
        names: FxHashMap::default(),
        prefixes: FxHashSet::default(),
        max_tokens: 1,
    };
    for line in include_str!("../../data/locations.tsv").lines() {
        let kind = match line.split_once('\t') {
            Some(("C", n)) => Some((GazKind::Country, n)),
            Some(("S", n)) => Some((GazKind::State, n)),
            Some(("T", n)) => Some((GazKind::City, n)),
            _ => None,
        };
        if let Some((k, n)) = kind {
            g.add(n, k);
        }
    }
    for r in REGIONS {
        g.add(r, GazKind::Region);
    }
    for (v, _) in COUNTRY_ALIASES {
        g.add(v, GazKind::Country);
    }
    g
});

/// The shipped location gazetteer.
pub fn locations() -> &'static Gazetteer {
    &LOCATIONS
}

fn key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut k = String::new();
    for w in words {
        push_word(&mut k, w);
    }
    k
}

fn push_word(k: &mut String, w: &str) {
    if !k.is_empty() {
        k.push(' ');
    }
    k.extend(w.chars().flat_map(char::to_lowercase));
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

impl Gazetteer {
    fn add(&mut self, name: &str, kind: GazKind) {
        if !name.is_empty() && name.chars().all(char::is_alphabetic) {
            // One plain word (most names): no need to tokenize.
            self.names.entry(name.to_lowercase()).or_insert(kind);
            return;
        }
        let toks = tokenize(name);
        if toks.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(toks.len().min(6));
        for k in 1..toks.len() {
            self.prefixes.insert(key(toks[..k].iter().map(|t| t.text)));
        }
        // The first kind seen wins: countries and states load before cities.
        self.names
            .entry(key(toks.iter().map(|t| t.text)))
            .or_insert(kind);
    }

    /// The kind of place `words` name when they are one known name, whole.
    pub fn whole(&self, words: &[&str]) -> Option<GazKind> {
        match self.find(words).first() {
            Some(&(0, e, kind)) if e == words.len() => Some(kind),
            _ => None,
        }
    }

    /// Longest matches in `words`: `(start, end, kind)` token ranges, not overlapping.
    pub fn find(&self, words: &[&str]) -> Vec<(usize, usize, GazKind)> {
        let mut out = Vec::new();
        let mut k = String::new(); // one buffer for every candidate key
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            if capitalized(words[i]) {
                // Grow the key word by word while it can still start a name.
                let longest = self.max_tokens.min(words.len() - i);
                k.clear();
                for len in 1..=longest {
                    push_word(&mut k, words[i + len - 1]);
                    if capitalized(words[i + len - 1]) {
                        if let Some(&kind) = self.names.get(&k) {
                            found = Some((len, kind));
                        }
                    }
                    if !self.prefixes.contains(&k) {
                        break;
                    }
                }
            }
            match found {
                Some((len, k)) => {
                    out.push((i, i + len, k));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Rough resident size: key bytes plus String and hash-slot overhead.
    pub fn memory_bytes(&self) -> usize {
        let per_entry = std::mem::size_of::<String>() + 8;
        self.names
            .keys()
            .chain(&self.prefixes)
            .map(|k| k.capacity() + per_entry)
            .sum()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_longest_capitalized_matches() {
        let words = [
            "From", "New", "York", "to", "Latin", "America", "and", "the", "U.S.", "or", "paris",
        ];
        let got = locations().find(&words);
        assert_eq!(
            got,
            vec![
                (1, 3, GazKind::State),
                (4, 6, GazKind::Region),
                (8, 9, GazKind::Country)
            ]
        );
    }
}
