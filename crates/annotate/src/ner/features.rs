//! Feature extraction. Static features (word, case, shape, affixes, window,
//! gazetteer, document-level case evidence) are computed once per sentence;
//! dynamic ones (previous two predicted labels, earlier predictions for the same
//! word in the document) while decoding left to right.

use std::collections::{HashMap, HashSet};

use super::hash::Fh;
use crate::entities::gazetteer::locations;

/// Static features of one sentence, flattened: token `i` owns
/// `feats[offsets[i]..offsets[i + 1]]`.
pub struct SentFeats {
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Lower-cased words and short shapes, reused by the dynamic features.
    pub lower: Vec<String>,
    pub sshape: Vec<String>,
    /// Capitalized words (the ones document memory applies to).
    pub cap: Vec<bool>,
}

impl SentFeats {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Maps typographic characters to the ASCII forms of the training data.
pub fn normalize_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '“' | '”' | '„' | '«' | '»' => out.push('"'),
            '‘' | '’' | '‚' => out.push('\''),
            '–' | '—' | '‐' | '‑' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn shape(w: &str, short: bool) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'x'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if (short && run > 1) || run > 4 {
            continue;
        }
        out.push(s);
        if out.len() > 24 {
            break;
        }
    }
    out
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
}

/// Document-wide case evidence: which lower-cased words occur in lower case,
/// and which occur capitalized away from the start of a mixed-case sentence.
pub struct DocEvidence {
    lowercase: HashSet<String>,
    cap_inside: HashSet<String>,
    /// Neighbouring words of every capitalized occurrence of a word (a few each).
    contexts: HashMap<String, (Vec<String>, Vec<String>)>,
}

/// Distinct neighbours kept per word for context aggregation.
const MAX_CONTEXTS: usize = 8;

impl DocEvidence {
    pub fn new(sentences: &[Vec<String>]) -> DocEvidence {
        let mut lowercase = HashSet::new();
        let mut cap_inside = HashSet::new();
        let mut contexts: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
        for s in sentences {
            for (i, w) in s.iter().enumerate() {
                if !is_capitalized(w) {
                    continue;
                }
                let e = contexts.entry(w.to_lowercase()).or_default();
                let left = if i > 0 {
                    s[i - 1].to_lowercase()
                } else {
                    "<s>".to_string()
                };
                let right = s
                    .get(i + 1)
                    .map_or_else(|| "</s>".to_string(), |r| r.to_lowercase());
                if e.0.len() < MAX_CONTEXTS && !e.0.contains(&left) {
                    e.0.push(left);
                }
                if e.1.len() < MAX_CONTEXTS && !e.1.contains(&right) {
                    e.1.push(right);
                }
            }
            let headline = s.iter().filter(|w| is_all_caps(w)).count() * 2 > s.len();
            for (i, w) in s.iter().enumerate() {
                let first = w.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    lowercase.insert(w.to_lowercase());
                } else if i > 0
                    && !headline
                    && first.is_some_and(char::is_uppercase)
                    && !is_all_caps(w)
                {
                    cap_inside.insert(w.to_lowercase());
                }
            }
        }
        DocEvidence {
            lowercase,
            cap_inside,
            contexts,
        }
    }
}

/// Prefixes and suffixes of 1 to 4 characters, sliced without allocating.
fn affix_feats(out: &mut Vec<u64>, lower: &str) {
    let heads = lower
        .char_indices()
        .skip(1)
        .map(|(b, _)| b)
        .chain([lower.len()])
        .take(4);
    for (k, b) in heads.enumerate() {
        out.push(Fh::new(6).byte(k as u8 + 1).str(&lower[..b]).finish());
    }
    let tails = lower.char_indices().rev().map(|(b, _)| b).take(4);
    for (k, b) in tails.enumerate() {
        out.push(Fh::new(7).byte(k as u8 + 1).str(&lower[b..]).finish());
    }
}

/// Static features for one sentence of (already normalized) words.
pub fn sentence_features(words: &[String], doc: &DocEvidence) -> SentFeats {
    let n = words.len();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let lshape: Vec<String> = words.iter().map(|w| shape(w, false)).collect();
    let sshape: Vec<String> = words.iter().map(|w| shape(w, true)).collect();
    let cap: Vec<bool> = words.iter().map(|w| is_capitalized(w)).collect();
    let headline = words.iter().filter(|w| is_all_caps(w)).count() * 2 > n;
    // Maximal runs of capitalized words (with "of", "and", "the" inside), per token.
    let mut cap_run = vec![(0usize, 0usize); n];
    let mut i = 0;
    while i < n {
        if !cap[i] {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < n
            && (cap[e]
                || (matches!(lower[e].as_str(), "of" | "and" | "the" | "for" | "de")
                    && e + 1 < n
                    && cap[e + 1]))
        {
            e += 1;
        }
        for r in cap_run.iter_mut().take(e).skip(i) {
            *r = (i, e);
        }
        i = e;
    }
    let mut gaz = vec![0u8; n];
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    for (s, e, k) in locations().find(&refs) {
        for (j, g) in gaz.iter_mut().enumerate().take(e).skip(s) {
            *g = k.id() * 2 + u8::from(j > s) + if e - s > 1 { 16 } else { 0 };
        }
    }
    const PAD: &str = "<s>";
    let low = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            &lower[i as usize]
        }
    };
    let shp = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            &sshape[i as usize]
        }
    };
    let gz = |i: isize| -> u8 {
        if i < 0 || i as usize >= n {
            0xfe
        } else {
            gaz[i as usize]
        }
    };
    let mut feats = Vec::with_capacity(n * 40);
    let mut offsets = Vec::with_capacity(n + 1);
    for i in 0..n {
        offsets.push(feats.len());
        let ii = i as isize;
        let w = &words[i];
        let l = &lower[i];
        let f = &mut feats;
        f.push(Fh::new(1).finish());
        f.push(Fh::new(2).str(w).finish());
        f.push(Fh::new(3).str(l).finish());
        f.push(Fh::new(4).str(&lshape[i]).finish());
        f.push(Fh::new(5).str(&sshape[i]).finish());
        affix_feats(f, l);
        f.push(Fh::new(8).str(low(ii - 1)).finish());
        f.push(Fh::new(9).str(low(ii + 1)).finish());
        f.push(Fh::new(10).str(low(ii - 2)).finish());
        f.push(Fh::new(11).str(low(ii + 2)).finish());
        f.push(Fh::new(12).str(shp(ii - 1)).finish());
        f.push(Fh::new(13).str(shp(ii + 1)).finish());
        f.push(
            Fh::new(14)
                .str(shp(ii - 1))
                .str(&sshape[i])
                .str(shp(ii + 1))
                .finish(),
        );
        f.push(Fh::new(15).str(low(ii - 1)).str(l).finish());
        f.push(Fh::new(16).str(l).str(low(ii + 1)).finish());
        f.push(Fh::new(17).byte(i.min(2) as u8).str(&sshape[i]).finish());
        f.push(
            Fh::new(18)
                .byte(u8::from(headline))
                .str(&sshape[i])
                .finish(),
        );
        f.push(Fh::new(19).byte(gz(ii)).finish());
        f.push(Fh::new(20).byte(gz(ii - 1)).byte(gz(ii)).finish());
        f.push(Fh::new(21).byte(gz(ii)).byte(gz(ii + 1)).finish());
        f.push(Fh::new(25).str(low(ii - 1)).str(&sshape[i]).finish());
        f.push(Fh::new(26).str(&sshape[i]).str(low(ii + 1)).finish());
        f.push(Fh::new(27).str(low(ii - 2)).str(low(ii - 1)).finish());
        f.push(Fh::new(28).str(low(ii + 1)).str(low(ii + 2)).finish());
        if cap[i] || is_all_caps(w) {
            let initial = i == 0 || headline;
            f.push(
                Fh::new(22)
                    .byte(u8::from(doc.lowercase.contains(l.as_str())))
                    .byte(u8::from(doc.cap_inside.contains(l.as_str())))
                    .byte(u8::from(initial))
                    .str(&sshape[i])
                    .finish(),
            );
        }
        if cap[i] {
            if let Some((left, right)) = doc.contexts.get(l.as_str()) {
                for c in left {
                    f.push(Fh::new(41).str(c).finish());
                }
                for c in right {
                    f.push(Fh::new(42).str(c).finish());
                }
            }
            let (rs, re) = cap_run[i];
            let pos = if i == rs {
                0u8
            } else if i + 1 == re {
                1
            } else {
                2
            };
            f.push(Fh::new(40).byte((re - rs).min(5) as u8).byte(pos).finish());
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            let digits: String = w
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            f.push(Fh::new(23).str(&digits).finish());
        }
    }
    offsets.push(feats.len());
    SentFeats {
        feats,
        offsets,
        lower,
        sshape,
        cap,
    }
}

/// What earlier sentences of the document predicted for a capitalized word.
#[derive(Default)]
pub struct DocMemory {
    seen: HashMap<String, [u16; 5]>,
}

impl DocMemory {
    pub fn record(&mut self, lower: &str, label: usize) {
        let t = super::tag_type(label); // 0 = O, 1 PER, 2 ORG, 3 LOC, 4 MISC
        let e = self.seen.entry(lower.to_string()).or_default();
        e[t] = e[t].saturating_add(1);
    }

    /// Majority earlier type for the word, 5 when never seen.
    fn majority(&self, lower: &str) -> u8 {
        match self.seen.get(lower) {
            None => 5,
            Some(c) => (0..5).max_by_key(|&t| (c[t], t == 0)).unwrap_or(0) as u8,
        }
    }
}

/// Dynamic features of token `i` given the two previous predicted labels.
pub fn dynamic_features(
    s: &SentFeats,
    i: usize,
    p1: usize,
    p2: usize,
    mem: &DocMemory,
    out: &mut Vec<u64>,
) {
    out.clear();
    let (p1, p2) = (p1 as u8, p2 as u8);
    out.push(Fh::new(30).byte(p1).finish());
    out.push(Fh::new(31).byte(p1).byte(p2).finish());
    out.push(Fh::new(32).byte(p1).str(&s.lower[i]).finish());
    out.push(Fh::new(33).byte(p1).str(&s.sshape[i]).finish());
    if s.cap[i] {
        let m = mem.majority(&s.lower[i]);
        out.push(Fh::new(34).byte(m).finish());
        out.push(Fh::new(35).byte(m).str(&s.sshape[i]).finish());
    }
}
