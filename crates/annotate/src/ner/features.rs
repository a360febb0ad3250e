//! Feature extraction. Static features (word, case, shape, affixes, window,
//! gazetteer, document-level case evidence) are computed once per sentence;
//! dynamic ones (previous two predicted labels, earlier predictions for the same
//! word in the document) while decoding left to right.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

use super::clusters::{cluster, Cluster};
use super::hash::Fh;
use super::heads::{head_class, LEGAL, MISC, ORG, PLACE};
use super::person_names::name_bits;
use crate::entities::gazetteer::locations;

/// Strings of one sentence stored back to back: one allocation for all the
/// tokens instead of one per token.
#[derive(Clone)]
pub struct Strs {
    buf: String,
    /// String `i` is `buf[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
}

impl Strs {
    /// Room for `n` strings of `bytes` bytes in all.
    fn with_capacity(n: usize, bytes: usize) -> Strs {
        let mut bounds = Vec::with_capacity(n + 1);
        bounds.push(0);
        Strs {
            buf: String::with_capacity(bytes),
            bounds,
        }
    }

    /// Appends one string, written by `f` onto the end of the buffer.
    fn push_with(&mut self, f: impl FnOnce(&mut String)) {
        f(&mut self.buf);
        self.end_string();
    }

    /// Ends the string appended to `buf` since the previous one.
    fn end_string(&mut self) {
        self.bounds.push(self.buf.len());
    }

    /// The `i`-th string (`i < len()`).
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        &self.buf[self.bounds[i]..self.bounds[i + 1]]
    }

    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Static features of one sentence, flattened: token `i` owns
/// `feats[offsets[i]..offsets[i + 1]]`.
pub struct SentFeats {
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Lower-cased words and short shapes, reused by the dynamic features.
    pub lower: Strs,
    pub sshape: Strs,
    /// Capitalized words (the ones document memory applies to).
    pub cap: Vec<bool>,
    /// `SentWords::casing`: what the line's capitals are worth.
    pub casing: u8,
}

impl SentFeats {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// One sentence of normalized words, their lower-cased forms and case, computed
/// once per document and shared by the document evidence and the features.
pub struct SentWords<'a> {
    pub words: Vec<Cow<'a, str>>,
    pub lower: Strs,
    /// Per word: starts with an upper-case letter.
    pub cap: Vec<bool>,
    /// Per word: has letters, none of them lower case.
    pub all_caps: Vec<bool>,
    /// More than half of the words are all caps.
    pub headline: bool,
    /// Written in Title Case (a heading, a menu or caption line): capitals
    /// here are no evidence of a name.
    pub titled: bool,
    /// Per word: the maximal run of capitalized words (with "of", "and",
    /// "the" inside) it belongs to, `(start, end)`.
    pub cap_run: Vec<(usize, usize)>,
    /// The same without "and" inside: one name rather than two joined.
    pub name_run: Vec<(usize, usize)>,
    /// Per word: its `heads::head_class`.
    pub heads: Vec<u8>,
}

impl<'a> SentWords<'a> {
    pub fn new<W: AsRef<str>>(words: &'a [W]) -> SentWords<'a> {
        let words: Vec<Cow<'a, str>> = words.iter().map(|w| normalize_word(w.as_ref())).collect();
        let mut lower = Strs::with_capacity(words.len(), text_bytes(&words));
        for w in &words {
            lower.push_with(|buf| push_lowercase(buf, w));
        }
        let cap: Vec<bool> = words.iter().map(|w| is_capitalized(w)).collect();
        let all_caps: Vec<bool> = words.iter().map(|w| is_all_caps(w)).collect();
        let headline = all_caps.iter().filter(|&&c| c).count() * 2 > words.len();
        let titled = !headline && is_title_case(&words, &cap, &all_caps, &lower);
        let cap_run = cap_runs(&cap, &lower, true);
        let name_run = cap_runs(&cap, &lower, false);
        let heads = (0..words.len())
            .map(|i| {
                if cap[i] {
                    head_class(&words[i], lower.get(i))
                } else {
                    0
                }
            })
            .collect();
        SentWords {
            words,
            lower,
            cap,
            all_caps,
            headline,
            titled,
            cap_run,
            name_run,
            heads,
        }
    }
}

/// At least three words with letters, two or more of them capitalized and
/// none opening in lower case but the small words title case keeps lower.
fn is_title_case(words: &[Cow<'_, str>], cap: &[bool], all_caps: &[bool], lower: &Strs) -> bool {
    let mut lettered = 0;
    let mut capitalized = 0;
    for (i, w) in words.iter().enumerate() {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        lettered += 1;
        if cap[i] && !all_caps[i] {
            capitalized += 1;
        } else if !all_caps[i] && !super::recase::SMALL.contains(&lower.get(i)) {
            return false;
        }
    }
    lettered >= 3 && capitalized >= 2
}

impl SentWords<'_> {
    /// 0 running text, 1 an all-caps headline, 2 a Title Case line.
    pub fn casing(&self) -> u8 {
        if self.headline {
            1
        } else if self.titled {
            2
        } else {
            0
        }
    }
}

/// Per word, the maximal run of capitalized words around it (with "of",
/// "the", "for", "de" and, if `and`, "and" inside), `(i, i)` for other words.
fn cap_runs(cap: &[bool], lower: &Strs, and: bool) -> Vec<(usize, usize)> {
    let n = cap.len();
    let mut cap_run: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
    let mut i = 0;
    while i < n {
        if !cap[i] {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < n
            && (cap[e]
                || ((matches!(lower.get(e), "of" | "the" | "for" | "de")
                    || (and && lower.get(e) == "and"))
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
    cap_run
}

fn text_bytes(words: &[Cow<'_, str>]) -> usize {
    words.iter().map(|w| w.len()).sum()
}

/// Appends `w.to_lowercase()` to `buf` (without a temporary for ASCII words).
fn push_lowercase(buf: &mut String, w: &str) {
    if w.is_ascii() {
        let start = buf.len();
        buf.push_str(w);
        buf[start..].make_ascii_lowercase();
    } else {
        // `to_lowercase` handles context-dependent cases (final sigma).
        buf.push_str(&w.to_lowercase());
    }
}

/// Whether `normalize_word` changes `c`.
fn needs_normalizing(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '„'
            | '«'
            | '»'
            | '‘'
            | '’'
            | '‚'
            | '–'
            | '—'
            | '‐'
            | '‑'
            | '−'
            | '…'
    ) || c.is_control()
}

/// Maps typographic characters to the ASCII forms of the training data
/// (borrowing the word when there are none, as for almost every word).
pub fn normalize_word(w: &str) -> Cow<'_, str> {
    // Printable ASCII (most words) holds nothing `needs_normalizing` matches.
    let printable_ascii = w.bytes().all(|b| (0x20..0x7f).contains(&b));
    if printable_ascii || !w.chars().any(needs_normalizing) {
        return Cow::Borrowed(w);
    }
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
    Cow::Owned(out)
}

/// Appends the long and the short word shape of `w` ("Xxxx" and "Xx",
/// "dd-dd" and "d-d") in one pass: runs of one class longer than 4 (longer
/// than 1 in the short shape) are cut, and a shape stops after 25 bytes.
fn push_shapes(long: &mut String, short: &mut String, w: &str) {
    let (long_start, short_start) = (long.len(), short.len());
    let (mut long_done, mut short_done) = (false, false);
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = shape_class(c);
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if !long_done && run <= 4 {
            long.push(s);
            long_done = long.len() - long_start > 24;
        }
        if !short_done && run <= 1 {
            short.push(s);
            short_done = short.len() - short_start > 24;
        }
        if long_done && short_done {
            break;
        }
    }
}

/// 'X' upper case, 'x' other letters, 'd' ASCII digits, anything else itself.
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'x'
    } else {
        c
    }
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
}

/// Document-wide case evidence: which lower-cased words occur in lower case,
/// and which occur capitalized away from the start of a mixed-case sentence.
pub struct DocEvidence<'a> {
    lowercase: FxHashSet<&'a str>,
    cap_inside: FxHashSet<&'a str>,
    /// Neighbouring words of every capitalized occurrence of a word (a few each).
    contexts: FxHashMap<&'a str, (Vec<&'a str>, Vec<&'a str>)>,
    /// The roles a capitalized word plays anywhere in the document (`ROLE_*` bits).
    roles: FxHashMap<&'a str, u16>,
}

/// After a known first name in a short name ("Rick Santorum").
const ROLE_AFTER_FIRST_NAME: u16 = 1;
/// In a name ended by a legal form or an organization head ("Acme Holdings plc").
const ROLE_IN_ORG_NAME: u16 = 2;
/// In a name ended by a place head ("Zorb River").
const ROLE_IN_PLACE_NAME: u16 = 4;
/// In a name ended by the head of a law, event or award ("Acme Act").
const ROLE_IN_MISC_NAME: u16 = 8;
/// Right after a title ("Senator Santorum").
const ROLE_AFTER_TITLE: u16 = 16;
/// Itself a head or legal form, ending a longer name.
const ROLE_ENDS_NAME: u16 = 32;
/// Written in parentheses right after a name, as its acronym ("(ABC)"); the
/// next three bits: the name ends in an organization, place or other head.
const ROLE_ACRONYM: u16 = 64;
const ROLE_ACRONYM_OF_ORG: u16 = 128;
const ROLE_ACRONYM_OF_PLACE: u16 = 256;
const ROLE_ACRONYM_OF_MISC: u16 = 512;
const N_ROLES: u8 = 10;

/// The roles of a name that ends in a word of head classes `last`.
fn head_roles(last: u8, in_org: u16, in_place: u16, in_misc: u16) -> u16 {
    let mut r = 0;
    if last & (LEGAL | ORG) != 0 {
        r |= in_org;
    }
    if last & PLACE != 0 {
        r |= in_place;
    }
    if last & MISC != 0 {
        r |= in_misc;
    }
    r
}

/// Roles of the capitalized words of one sentence, added to `roles`.
fn add_roles<'a>(s: &'a SentWords<'_>, roles: &mut FxHashMap<&'a str, u16>) {
    let n = s.words.len();
    for i in 0..n {
        if !s.cap[i] {
            continue;
        }
        let (rs, re) = s.name_run[i];
        let mut r = 0u16;
        let len = re - rs;
        if i > rs && (2..=4).contains(&len) && name_bits(s.lower.get(rs)) & 1 == 1 {
            r |= ROLE_AFTER_FIRST_NAME;
        }
        if len >= 2 {
            let last = s.heads[re - 1];
            if i + 1 < re {
                r |= head_roles(
                    last,
                    ROLE_IN_ORG_NAME,
                    ROLE_IN_PLACE_NAME,
                    ROLE_IN_MISC_NAME,
                );
            } else if last != 0 {
                r |= ROLE_ENDS_NAME;
            }
        }
        if i > 0 && is_title_word(s.lower.get(i - 1)) {
            r |= ROLE_AFTER_TITLE;
        }
        // "Acme Rights Fund (ARF)": the acronym takes the name's head.
        let acronym = i >= 2
            && s.all_caps[i]
            && s.words[i - 1] == "("
            && s.words.get(i + 1).is_some_and(|w| w == ")")
            && s.cap[i - 2];
        if acronym {
            let (ls, le) = s.name_run[i - 2];
            r |= ROLE_ACRONYM;
            if le - ls >= 2 {
                r |= head_roles(
                    s.heads[le - 1],
                    ROLE_ACRONYM_OF_ORG,
                    ROLE_ACRONYM_OF_PLACE,
                    ROLE_ACRONYM_OF_MISC,
                );
            }
        }
        if r != 0 {
            *roles.entry(s.lower.get(i)).or_default() |= r;
        }
    }
}

fn is_title_word(lower: &str) -> bool {
    static SET: std::sync::OnceLock<crate::WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| crate::WordSet::new(crate::lexicon::TITLES))
        .contains(lower.trim_end_matches('.'))
}

/// Distinct neighbours kept per word for context aggregation.
const MAX_CONTEXTS: usize = 8;

impl<'a> DocEvidence<'a> {
    /// Evidence over all sentences of a document; borrows their lower-cased words.
    pub fn new(sentences: &'a [SentWords<'_>]) -> DocEvidence<'a> {
        let mut lowercase = FxHashSet::default();
        let mut cap_inside = FxHashSet::default();
        let mut contexts: FxHashMap<&'a str, (Vec<&'a str>, Vec<&'a str>)> = FxHashMap::default();
        let mut roles = FxHashMap::default();
        for s in sentences {
            // Where every word is capitalized, capitals say nothing of what a
            // word does elsewhere: headings and headlines add no roles or contexts.
            let running = s.casing() == 0;
            if running {
                add_roles(s, &mut roles);
            }
            let (words, lower) = (&s.words, &s.lower);
            for i in 0..words.len() {
                if !running || !s.cap[i] {
                    continue;
                }
                let e = contexts.entry(lower.get(i)).or_default();
                let left = if i > 0 { lower.get(i - 1) } else { "<s>" };
                let right = if i + 1 < words.len() {
                    lower.get(i + 1)
                } else {
                    "</s>"
                };
                if e.0.len() < MAX_CONTEXTS && !e.0.contains(&left) {
                    e.0.push(left);
                }
                if e.1.len() < MAX_CONTEXTS && !e.1.contains(&right) {
                    e.1.push(right);
                }
            }
            for (i, w) in words.iter().enumerate() {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    lowercase.insert(lower.get(i));
                } else if i > 0 && !s.headline && !s.titled && s.cap[i] && !s.all_caps[i] {
                    cap_inside.insert(lower.get(i));
                }
            }
        }
        DocEvidence {
            lowercase,
            cap_inside,
            contexts,
            roles,
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
pub fn sentence_features(sent: &SentWords<'_>, doc: &DocEvidence<'_>) -> SentFeats {
    let (words, lower) = (&sent.words, &sent.lower);
    let n = words.len();
    // A shape has at most as many bytes as its word.
    let bytes = text_bytes(words);
    let mut lshape = Strs::with_capacity(n, bytes);
    let mut sshape = Strs::with_capacity(n, bytes);
    for w in words {
        push_shapes(&mut lshape.buf, &mut sshape.buf, w);
        lshape.end_string();
        sshape.end_string();
    }
    let (cap, headline) = (&sent.cap, sent.headline);
    let casing = sent.casing();
    let cap_run = &sent.cap_run;
    let heads = &sent.heads;
    let mut gaz = vec![0u8; n];
    let refs: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
    for (s, e, k) in locations().find(&refs) {
        for (j, g) in gaz.iter_mut().enumerate().take(e).skip(s) {
            *g = k.id() * 2 + u8::from(j > s) + if e - s > 1 { 16 } else { 0 };
        }
    }
    // Each word is read by up to five neighbours: slice it once, with two pads
    // on each side so that `low(i - 2)` .. `low(i + 2)` are plain indexing.
    let lows = padded(lower);
    let shapes = padded(&sshape);
    let low = |i: isize| -> &str { lows[(i + 2) as usize] };
    let shp = |i: isize| -> &str { shapes[(i + 2) as usize] };
    let gz = |i: isize| -> u8 {
        if i < 0 || i as usize >= n {
            0xfe
        } else {
            gaz[i as usize]
        }
    };
    let clus: Vec<Cluster> = (0..n).map(|i| cluster(&words[i], lower.get(i))).collect();
    let nb: Vec<u8> = (0..n)
        .map(|i| {
            if sent.all_caps[i] && !headline && words[i].chars().count() > 1 {
                // An acronym ("ISIS", "MAY") is no first name or surname.
                16
            } else if cap[i] || sent.all_caps[i] {
                name_bits(lower.get(i))
            } else {
                4
            }
        })
        .collect();
    let nbi = |i: isize| -> u8 {
        if i < 0 || i as usize >= n {
            8
        } else {
            nb[i as usize]
        }
    };
    let cl = |i: isize| -> u16 {
        if i < 0 || i as usize >= n {
            u16::MAX - 1
        } else {
            clus[i as usize].0
        }
    };
    let mut feats = Vec::with_capacity(n * 45);
    let mut offsets = Vec::with_capacity(n + 1);
    for i in 0..n {
        offsets.push(feats.len());
        let ii = i as isize;
        let w: &str = &words[i];
        let l = low(ii);
        let ss = shp(ii);
        let f = &mut feats;
        f.push(Fh::new(1).finish());
        f.push(Fh::new(2).str(w).finish());
        f.push(Fh::new(3).str(l).finish());
        f.push(Fh::new(4).str(lshape.get(i)).finish());
        f.push(Fh::new(5).str(ss).finish());
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
                .str(ss)
                .str(shp(ii + 1))
                .finish(),
        );
        f.push(Fh::new(15).str(low(ii - 1)).str(l).finish());
        f.push(Fh::new(16).str(l).str(low(ii + 1)).finish());
        f.push(Fh::new(17).byte(i.min(2) as u8).str(ss).finish());
        f.push(Fh::new(18).byte(casing).str(ss).finish());
        f.push(Fh::new(19).byte(gz(ii)).finish());
        f.push(Fh::new(20).byte(gz(ii - 1)).byte(gz(ii)).finish());
        f.push(Fh::new(21).byte(gz(ii)).byte(gz(ii + 1)).finish());
        f.push(Fh::new(25).str(low(ii - 1)).str(ss).finish());
        f.push(Fh::new(26).str(ss).str(low(ii + 1)).finish());
        f.push(Fh::new(27).str(low(ii - 2)).str(low(ii - 1)).finish());
        f.push(Fh::new(28).str(low(ii + 1)).str(low(ii + 2)).finish());
        let (fine, coarse) = clus[i];
        f.push(Fh::new(50).u16(fine).finish());
        f.push(Fh::new(51).u16(coarse).finish());
        f.push(Fh::new(52).u16(cl(ii - 1)).finish());
        f.push(Fh::new(53).u16(cl(ii + 1)).finish());
        f.push(Fh::new(54).u16(fine).str(ss).finish());
        f.push(Fh::new(55).u16(cl(ii - 1)).u16(fine).finish());
        if casing != 0 && (cap[i] || sent.all_caps[i]) {
            // Where every word is capitalized, the lower-case word's
            // cluster says more than the capitalized one's.
            let (lfine, _) = cluster(l, l);
            f.push(Fh::new(56).byte(casing).u16(lfine).finish());
            f.push(Fh::new(57).byte(casing).str(l).finish());
        }
        f.push(Fh::new(60).byte(nb[i]).finish());
        f.push(Fh::new(61).byte(nb[i]).byte(nbi(ii + 1)).finish());
        f.push(Fh::new(62).byte(nbi(ii - 1)).byte(nb[i]).finish());
        if cap[i] || sent.all_caps[i] {
            let initial = i == 0 || casing != 0;
            // An acronym in running text ("US", "WHO") says nothing about the
            // lower-case word it spells ("us", "who").
            let acronym = sent.all_caps[i] && !headline && w.chars().count() > 1;
            let lower_seen = if acronym {
                2
            } else {
                u8::from(doc.lowercase.contains(l))
            };
            f.push(
                Fh::new(22)
                    .byte(lower_seen)
                    .byte(u8::from(doc.cap_inside.contains(l)))
                    .byte(u8::from(initial))
                    .str(ss)
                    .finish(),
            );
        }
        if cap[i] {
            if let Some((left, right)) = doc.contexts.get(l) {
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
            let next_head = if i + 1 < n { heads[i + 1] } else { 0 };
            f.push(Fh::new(70).byte(heads[i]).byte(next_head).finish());
            let (ns, ne) = sent.name_run[i];
            if ne - ns >= 2 {
                let npos = if i == ns {
                    0u8
                } else if i + 1 == ne {
                    1
                } else {
                    2
                };
                f.push(
                    Fh::new(71)
                        .byte(heads[ns])
                        .byte(heads[ne - 1])
                        .byte(npos)
                        .finish(),
                );
            }
            let roles = doc.roles.get(l).copied().unwrap_or(0);
            f.push(Fh::new(72).u16(roles).finish());
            f.push(Fh::new(73).u16(roles).str(ss).finish());
            for b in (0..N_ROLES).filter(|b| roles & (1 << b) != 0) {
                f.push(Fh::new(74).byte(b).finish());
            }
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            f.push(digits_feat(w));
        }
    }
    offsets.push(feats.len());
    SentFeats {
        feats,
        offsets,
        lower: lower.clone(),
        sshape,
        cap: cap.clone(),
        casing,
    }
}

/// The strings of `s` with two `<s>` pads before and after them.
fn padded(s: &Strs) -> Vec<&str> {
    const PAD: &str = "<s>";
    let mut out = Vec::with_capacity(s.len() + 4);
    out.extend([PAD, PAD]);
    out.extend((0..s.len()).map(|i| s.get(i)));
    out.extend([PAD, PAD]);
    out
}

/// The word with every ASCII digit replaced by '0' (template 23), hashed as
/// `Fh::str` hashes that string but without building it: the same bytes in
/// the same order, then the separator.
fn digits_feat(w: &str) -> u64 {
    let mut h = Fh::new(23);
    let mut utf8 = [0u8; 4];
    for c in w.chars() {
        let c = if c.is_ascii_digit() { '0' } else { c };
        for &b in c.encode_utf8(&mut utf8).as_bytes() {
            h = h.byte(b);
        }
    }
    h.end_str().finish()
}

/// What earlier sentences of the document predicted for a capitalized word.
#[derive(Default)]
pub struct DocMemory {
    seen: FxHashMap<String, [u16; 5]>,
}

impl DocMemory {
    pub fn record(&mut self, lower: &str, label: usize) {
        let t = super::tag_type(label); // 0 = O, 1 PER, 2 ORG, 3 LOC, 4 MISC
                                        // Look up first: the key is allocated only the first time a word is seen.
        let counts = match self.seen.get_mut(lower) {
            Some(c) => c,
            None => self.seen.entry(lower.to_string()).or_default(),
        };
        counts[t] = counts[t].saturating_add(1);
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
    out.push(Fh::new(32).byte(p1).str(s.lower.get(i)).finish());
    out.push(Fh::new(33).byte(p1).str(s.sshape.get(i)).finish());
    if s.cap[i] {
        let m = mem.majority(s.lower.get(i));
        out.push(Fh::new(34).byte(m).finish());
        out.push(Fh::new(35).byte(m).str(s.sshape.get(i)).finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles_of(sentences: &[&str]) -> FxHashMap<String, u16> {
        let toks: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.split_whitespace().collect())
            .collect();
        let words: Vec<SentWords> = toks.iter().map(|t| SentWords::new(t)).collect();
        let ev = DocEvidence::new(&words);
        ev.roles.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn roles_come_from_anywhere_in_the_document() {
        let r = roles_of(&[
            "Rick Zorbly met Senator Quib yesterday .",
            "The Acme Rights Fund ( ARF ) sued the Zorb Valley Privacy Act .",
            "Zorbly , ARF and Quib said no .",
        ]);
        let has = |w: &str, role: u16| r.get(w).is_some_and(|v| v & role != 0);
        assert!(has("zorbly", ROLE_AFTER_FIRST_NAME));
        assert!(has("quib", ROLE_AFTER_TITLE));
        assert!(has("acme", ROLE_IN_ORG_NAME) && has("rights", ROLE_IN_ORG_NAME));
        assert!(has("fund", ROLE_ENDS_NAME));
        assert!(has("arf", ROLE_ACRONYM) && has("arf", ROLE_ACRONYM_OF_ORG));
        assert!(has("privacy", ROLE_IN_MISC_NAME));
        assert!(!has("acme", ROLE_IN_PLACE_NAME) && !has("rick", ROLE_AFTER_FIRST_NAME));
    }
}
