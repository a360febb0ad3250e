//! Which mention speaks: a linear ranker over the candidate speaker mentions
//! of an attribution cue, an averaged perceptron over hashed features.
//!
//! The candidates are the noun phrases the hand rules consider around a cue
//! (the subject before it, the phrase after it, the sentence's subject) plus
//! every name and subject pronoun of the cue's sentence within a window. The
//! features describe where a candidate stands relative to the cue and what
//! kind of phrase it is; none of them is a name's spelling, so what is
//! learned carries over to articles and people never seen. Resolving the
//! chosen mention to a full name stays with `speakers::resolve`.
//!
//! On disk (`to_bytes`): magic, a count, a scale, then per feature its 32-bit
//! key and an i16 weight, keys ascending.
//!
//! The shipped weights (`data/speakers.ranker`, about 7 KB of hashed feature
//! weights and nothing else) were trained by `examples/train_speakers.rs` on
//! the attributions of PolNeAR's train split (the gold source mention as the
//! target), the epoch chosen on PolNeAR dev:
//!
//! ```text
//! cargo run --release -p quotewire-annotate --example train_speakers -- \
//!     --train polnear/train.gold.jsonl --dev polnear/dev.gold.jsonl \
//!     --out crates/annotate/data/speakers.ranker --epochs 12
//! ```

use super::attribution;
use super::speakers::{self, Np, NpKind, Register};
use crate::doc::{Sentences, Tk, Tok};
use crate::ner::hash::Fh;
use crate::ner::model::key_of;
use crate::types::{EntityKind, QuoteKind};

/// Candidates considered per cue, at most.
const MAX_CANDIDATES: usize = 24;
/// Words before and after the cue, within its sentence, searched for candidates.
const BEFORE: usize = 30;
const AFTER: usize = 16;

/// Where a candidate came from (bits): the rules' choice and each enumerator.
pub const FROM_RULE: u8 = 1;
const FROM_LEFT: u8 = 2;
const FROM_RIGHT: u8 = 4;
const FROM_SENTENCE: u8 = 8;
const FROM_PRONOUN: u8 = 16;
const FROM_NAME: u8 = 32;
const FROM_PHRASE: u8 = 64;
const FROM_CLAUSE: u8 = 128;

/// The weights shipped with the engine (see the module notes).
pub const SHIPPED_RANKER: &[u8] = include_bytes!("../../data/speakers.ranker");

/// The shipped ranker, decoded once. A file that does not decode gives an
/// empty ranker, which always keeps the rules' choice.
pub fn shipped() -> &'static Ranker {
    static R: std::sync::OnceLock<Ranker> = std::sync::OnceLock::new();
    R.get_or_init(|| Ranker::from_bytes(SHIPPED_RANKER).unwrap_or_default())
}

/// The learned weights: feature keys (ascending) and their weights.
#[derive(Debug, Clone, Default)]
pub struct Ranker {
    keys: Vec<u32>,
    weights: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RankerError {
    BadMagic,
    Truncated,
}

impl std::fmt::Display for RankerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RankerError::BadMagic => write!(f, "not a quotewire speaker ranker"),
            RankerError::Truncated => write!(f, "speaker ranker file is truncated"),
        }
    }
}

impl std::error::Error for RankerError {}

const MAGIC: &[u8; 8] = b"QWSPK001";

impl Ranker {
    /// Builds a ranker from (key, weight) pairs; weights under one key are summed.
    pub fn from_weights(pairs: impl IntoIterator<Item = (u32, f32)>) -> Ranker {
        let mut v: Vec<(u32, f32)> = pairs.into_iter().map(|(k, w)| (k.max(1), w)).collect();
        v.sort_by_key(|p| p.0);
        v.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        v.retain(|p| p.1 != 0.0);
        Ranker {
            keys: v.iter().map(|p| p.0).collect(),
            weights: v.iter().map(|p| p.1).collect(),
        }
    }

    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn weight(&self, feat: u64) -> f32 {
        match self.keys.binary_search(&key_of(feat)) {
            Ok(i) => self.weights.get(i).copied().unwrap_or(0.0),
            Err(_) => 0.0,
        }
    }

    /// The score of one candidate's features.
    pub fn score(&self, feats: &[u64]) -> f32 {
        feats.iter().map(|&f| self.weight(f)).sum()
    }

    /// The index of the best-scoring candidate (the first of equals).
    pub fn best(&self, cands: &[Vec<u64>]) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, c) in cands.iter().enumerate() {
            let s = self.score(c);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best.map(|b| b.0)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut out = Vec::with_capacity(16 + self.keys.len() * 6);
        out.extend_from_slice(MAGIC);
        let kept: Vec<(u32, i16)> = self
            .keys
            .iter()
            .zip(&self.weights)
            .map(|(&k, &w)| {
                let q = (w / scale)
                    .round()
                    .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
                (k, q)
            })
            .filter(|p| p.1 != 0)
            .collect();
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, q) in kept {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Ranker, RankerError> {
        let header = bytes.get(..16).ok_or(RankerError::Truncated)?;
        if &header[..8] != MAGIC {
            return Err(RankerError::BadMagic);
        }
        let u32_at = |i: usize| -> Result<u32, RankerError> {
            let b = bytes.get(i..i + 4).ok_or(RankerError::Truncated)?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let n = u32_at(8)? as usize;
        let scale = f32::from_bits(u32_at(12)?);
        let mut pairs = Vec::with_capacity(n.min(bytes.len() / 6));
        let mut at = 16;
        for _ in 0..n {
            let k = u32_at(at)?;
            let b = bytes.get(at + 4..at + 6).ok_or(RankerError::Truncated)?;
            pairs.push((k, f32::from(i16::from_le_bytes([b[0], b[1]])) * scale));
            at += 6;
        }
        Ok(Ranker::from_weights(pairs))
    }
}

/// One candidate speaker mention of a recorded attribution.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Code points `[start, end)` of the mention.
    pub span: (usize, usize),
    /// Whether the hand rules chose it.
    pub rule: bool,
    pub feats: Vec<u64>,
}

/// An attribution the engine made, with every candidate mention it weighed:
/// what the ranker is trained on.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Code points of the quote (first to last fragment).
    pub quote: (usize, usize),
    /// Code points of the cue.
    pub cue: (usize, usize),
    pub kind: QuoteKind,
    pub candidates: Vec<Candidate>,
}

/// The attributions of `text` with their candidate mentions, as the engine
/// (rules only) sees them.
pub fn instances(text: &str) -> Vec<Instance> {
    let doc = crate::doc::Doc::new(text);
    let entities = crate::entities::find_entities_in(&doc);
    let record = std::cell::RefCell::new(Vec::new());
    let opts = super::Options {
        record: Some(&record),
        ..super::Options::rules_only()
    };
    let _ = super::find_quotes_with(&doc, &entities, &opts);
    record.into_inner()
}

/// The candidate mentions for the cue at token `cue` whose rule-chosen subject
/// is `rule`, with where each came from (`FROM_*` bits).
pub(crate) fn candidates(
    toks: &[Tok],
    sents: &Sentences,
    cue: usize,
    rule: Option<Np>,
) -> Vec<(Np, u8)> {
    let mut out: Vec<(Np, u8)> = Vec::new();
    let add = |np: Option<Np>, from: u8, out: &mut Vec<(Np, u8)>| {
        let Some(np) = np.filter(|n| n.start < n.end && n.end <= toks.len()) else {
            return;
        };
        if let Some(c) = out
            .iter_mut()
            .find(|(c, _)| c.start == np.start && c.end == np.end)
        {
            c.1 |= from;
        } else if out.len() < MAX_CANDIDATES {
            out.push((np, from));
        }
    };
    add(rule, FROM_RULE, &mut out);
    let Some(&(ss, se)) = sents.of_tok.get(cue).and_then(|&s| sents.ranges.get(s)) else {
        return out;
    };
    let a = ss.max(cue.saturating_sub(BEFORE));
    let b = se.min(cue + AFTER).min(toks.len());
    if cue >= b {
        return out;
    }
    add(speakers::subject_left(toks, cue, a), FROM_LEFT, &mut out);
    add(speakers::subject_right(toks, cue, b), FROM_RIGHT, &mut out);
    add(
        attribution::sentence_subject(toks, a, cue),
        FROM_SENTENCE,
        &mut out,
    );
    // The phrase opening the sentence or following a comma before the cue
    // (`During a rally at Acme, the nurses interrupted …, shouting “…”`):
    // the subject of a clause, whatever word follows it.
    // (The text's very first word has nothing before it to start from.)
    for k in a.max(1)..cue {
        if k == ss || toks[k - 1].is(",") {
            add(
                speakers::subject_right(toks, k - 1, cue),
                FROM_CLAUSE,
                &mut out,
            );
        }
    }
    for k in a..b {
        if k == cue {
            continue;
        }
        let t = &toks[k];
        if !t.is_word() {
            continue;
        }
        if speakers::subject_pronoun(&t.lower) == Some(NpKind::Pronoun) {
            let np = Np {
                start: k,
                end: k + 1,
                kind: NpKind::Pronoun,
            };
            add(Some(np), FROM_PRONOUN, &mut out);
            continue;
        }
        let run_end = k + 1 == b || !speakers::name_word(&toks[k + 1]);
        if speakers::name_word(t) && run_end {
            let np =
                speakers::np_ending_at(toks, k + 1, a, false).filter(|n| n.kind == NpKind::Name);
            add(np, FROM_NAME, &mut out);
            continue;
        }
        // A common noun phrase ending before a comma, the cue or a sentence end.
        let ends = toks
            .get(k + 1)
            .is_some_and(|n| k + 1 == cue || n.kind != Tk::Word && n.kind != Tk::QuoteMark);
        if !t.cap && ends {
            let np =
                speakers::np_ending_at(toks, k + 1, a, false).filter(|n| n.kind == NpKind::Common);
            add(np, FROM_PHRASE, &mut out);
        }
    }
    out
}

/// What the cue and the quote look like, shared by all candidates.
pub(crate) struct CueView {
    pub cue: usize,
    pub kind: QuoteKind,
}

fn bucket(n: usize) -> u8 {
    match n {
        0..=3 => n as u8,
        4..=5 => 4,
        6..=9 => 5,
        10..=15 => 6,
        _ => 7,
    }
}

/// The shape of a word: `Xx`, `x`, `X.`, `XX`, `d` runs, at most four symbols.
fn shape(chars: &[char], t: &Tok) -> u64 {
    let mut h = Fh::new(0);
    let mut last = ' ';
    let mut n = 0;
    for &c in chars.get(t.start..t.end.min(chars.len())).unwrap_or(&[]) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last {
            h = h.byte(s as u8);
            last = s;
            n += 1;
            if n >= 4 {
                break;
            }
        }
    }
    h.finish()
}

/// A coarse class of the token next to a candidate (closed-class words only).
fn neighbour_class(t: Option<&Tok>, cue: usize, at: usize) -> u8 {
    let Some(t) = t else { return 0 };
    if at == cue {
        return 1;
    }
    match t.kind {
        Tk::Para => return 2,
        Tk::QuoteMark => return 3,
        _ => {}
    }
    let w = t.lower.as_str();
    match w {
        "," => 4,
        "." | "!" | "?" | ";" => 5,
        ":" => 6,
        "(" | ")" | "—" | "–" | "-" => 7,
        "by" => 8,
        "of" => 9,
        "to" | "in" | "on" | "at" | "for" | "with" | "about" | "from" | "against" | "than" => 10,
        "and" | "or" | "but" => 11,
        "that" | "who" | "which" | "whom" | "whose" => 12,
        "'s" | "’s" | "'" | "’" => 13,
        "has" | "have" | "had" | "is" | "was" | "were" | "are" | "will" | "would" | "also"
        | "did" | "does" | "could" | "can" | "may" => 14,
        _ if speakers::is_determiner(w) => 15,
        _ if super::cues::is_speech_verb(w) => 16,
        _ if t.cap => 17,
        _ if t.is_word() => 18,
        _ => 19,
    }
}

/// The form of the cue word: punctuation (`:`), `according`, a participle
/// (`saying`, attached to a clause whose subject speaks), a present (`says`),
/// a past or other form; and whether its object is the one addressed (`told`).
fn cue_form(t: Option<&Tok>) -> (u8, bool) {
    let Some(t) = t.filter(|t| t.is_word()) else {
        return (0, false);
    };
    let w = t.lower.as_str();
    let form = if w == "according" {
        1
    } else if w.ends_with("ing") {
        2
    } else if w.ends_with('s') && !w.ends_with("ss") {
        3
    } else {
        4
    };
    (form, super::cues::takes_addressee(w))
}

fn kind_id(k: NpKind) -> u8 {
    match k {
        NpKind::Name => 0,
        NpKind::Pronoun => 1,
        NpKind::Relative => 2,
        NpKind::Common => 3,
    }
}

fn quote_kind_id(k: QuoteKind) -> u8 {
    match k {
        QuoteKind::Direct => 0,
        QuoteKind::Indirect => 1,
        QuoteKind::Mixed => 2,
    }
}

/// The features of candidate `np` (from `from`) for the cue in `view`.
/// `rank` is its order by distance among the candidates on its side of the cue.
#[allow(clippy::too_many_arguments)]
pub(crate) fn features(
    chars: &[char],
    toks: &[Tok],
    reg: &Register,
    view: &CueView,
    np: Np,
    from: u8,
    rank: usize,
    shadow: u8,
    out: &mut Vec<u64>,
) {
    out.clear();
    let cue = view.cue;
    let dir: u8 = if np.end <= cue {
        0
    } else if np.start > cue {
        1
    } else {
        2
    };
    let (gap_lo, gap_hi) = match dir {
        0 => (np.end, cue),
        1 => (cue + 1, np.start),
        _ => (cue, cue),
    };
    let gap = &toks[gap_lo.min(toks.len())..gap_hi.min(toks.len()).max(gap_lo.min(toks.len()))];
    let dist = bucket(gap.len());
    let commas = gap.iter().filter(|t| t.is(",")).count().min(2) as u8;
    let quote_mark = gap.iter().any(|t| t.kind == Tk::QuoteMark);
    let sentence_break = gap
        .iter()
        .any(|t| t.kind == Tk::Para || matches!(t.lower.as_str(), "." | "!" | "?" | ";"));
    let other_cue = gap
        .iter()
        .any(|t| t.is_word() && super::cues::is_speech_verb(&t.lower));
    let conj = gap
        .iter()
        .any(|t| matches!(t.lower.as_str(), "and" | "but" | "or"));
    let relative = gap.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "that" | "who" | "which" | "when" | "because" | "if"
        )
    });
    let same_clause = !quote_mark && !sentence_break && commas == 0 && !conj && !relative;
    let kind = kind_id(np.kind);
    let first = &toks[np.start];
    let last = &toks[np.end - 1];
    let tagged = match reg.tagged_kind(first.start, last.end) {
        None => 0u8,
        Some(EntityKind::Person) => 1,
        Some(EntityKind::Organization) => 2,
        Some(EntityKind::Location) => 3,
        Some(_) => 4,
    };
    let owner = speakers::possessive(last)
        || toks
            .get(np.end)
            .is_some_and(|n| matches!(n.lower.as_str(), "'" | "’" | "'s" | "’s"));
    let prep = speakers::after_preposition(toks, np);
    let prev = np.start.checked_sub(1);
    let prev_class = neighbour_class(
        prev.and_then(|p| toks.get(p)),
        cue,
        prev.unwrap_or(usize::MAX),
    );
    let next_class = neighbour_class(toks.get(np.end), cue, np.end);
    let det = speakers::is_determiner(&first.lower)
        || prev.is_some_and(|p| speakers::is_determiner(&toks[p].lower));
    let cap = first.cap;
    let len = bucket(np.end - np.start).min(4);
    let pron: u64 = if np.kind == NpKind::Pronoun {
        Fh::new(1).str(&first.lower).finish()
    } else {
        0
    };
    let inverted =
        dir == 1 && cue > 0 && (toks[cue - 1].kind == Tk::QuoteMark || toks[cue - 1].is(","));
    let qk = quote_kind_id(view.kind);
    let quoted = reg.is_quoted(np.start);
    let sentence_initial = prev.is_none_or(|p| {
        toks[p].kind == Tk::Para
            || toks[p].kind == Tk::QuoteMark
            || matches!(toks[p].lower.as_str(), "." | "!" | "?")
    }) || reg.sent_of(np.start) != prev.and_then(|p| reg.sent_of(p));
    let person = speakers::is_person_name(toks, np);
    let rule = from & FROM_RULE != 0;
    let rank = rank.min(3) as u8;
    let (form, addressee) = cue_form(toks.get(cue));
    let cue_prev = neighbour_class(cue.checked_sub(1).and_then(|p| toks.get(p)), usize::MAX, 0);

    let f = |t: u8, vals: &[u8]| {
        let mut h = Fh::new(t);
        for &v in vals {
            h = h.byte(v);
        }
        h.finish()
    };
    let b = u8::from;
    out.push(f(2, &[]));
    out.push(f(3, &[b(rule)]));
    out.push(f(4, &[from & !FROM_RULE]));
    out.push(f(5, &[dir, dist]));
    out.push(f(6, &[dir, rank]));
    out.push(f(7, &[dir, commas, b(quote_mark), b(sentence_break)]));
    out.push(f(8, &[dir, b(same_clause)]));
    out.push(f(9, &[dir, b(other_cue)]));
    out.push(f(10, &[dir, kind]));
    out.push(f(11, &[kind, tagged]));
    out.push(f(12, &[dir, tagged]));
    out.push(f(13, &[dir, b(owner)]));
    out.push(f(14, &[dir, b(prep), prev_class]));
    out.push(f(15, &[dir, prev_class]));
    out.push(f(16, &[dir, next_class]));
    out.push(f(17, &[prev_class, next_class]));
    out.push(f(18, &[kind, b(det), b(cap)]));
    out.push(f(19, &[kind, len]));
    out.push(f(20, &[dir, b(inverted), kind]));
    out.push(f(21, &[qk, dir]));
    out.push(f(22, &[qk, dir, dist]));
    out.push(f(23, &[b(quoted), dir]));
    out.push(f(24, &[b(sentence_initial), dir, kind]));
    out.push(f(25, &[b(person), kind, tagged]));
    out.push(f(26, &[b(rule), dir, dist]));
    out.push(f(27, &[b(rule), kind, b(same_clause)]));
    out.push(f(28, &[dir, rank, kind]));
    out.push(f(29, &[dir, dist, b(same_clause), b(owner)]));
    out.push(f(30, &[b(owner), b(prep), kind]));
    out.push(Fh::new(31).byte(dir).str("").finish() ^ shape(chars, first));
    out.push(Fh::new(32).byte(kind).finish() ^ shape(chars, last).rotate_left(7));
    out.push(f(34, &[form, dir, dist]));
    out.push(f(35, &[form, dir, kind]));
    out.push(f(36, &[b(addressee), dir, dist.min(2), kind]));
    out.push(f(37, &[form, cue_prev, dir, b(same_clause)]));
    out.push(f(38, &[form, dir, prev_class]));
    out.push(f(39, &[form, b(sentence_initial), dir, next_class]));
    out.push(f(40, &[form, dir, rank]));
    out.push(f(41, &[shadow, dir, kind]));
    out.push(f(42, &[shadow, form, dir]));
    if pron != 0 {
        out.push(pron);
        out.push(Fh::new(33).byte(dir).byte(dist).finish() ^ pron);
    }
}

/// Whether a name or pronoun candidate stands between `np` and the cue past
/// a comma or dash (`In Salem, Roe said`: `Salem` is in a fronted phrase,
/// `Roe` the clause's subject): 0 none, 1 a pronoun, 2 a name, 3 another phrase.
fn shadow(toks: &[Tok], cands: &[(Np, u8)], np: Np, cue: usize) -> u8 {
    let (lo, hi) = if np.end <= cue {
        (np.end, cue)
    } else {
        (cue + 1, np.start)
    };
    let mut best = 0u8;
    for (o, _) in cands {
        if o.start < lo || o.end > hi {
            continue;
        }
        // A break between `np` and the other candidate, on `np`'s side of it.
        let (a, z) = if np.end <= cue {
            (np.end, o.start)
        } else {
            (o.end, np.start)
        };
        let broken = toks.get(a..z.max(a)).is_some_and(|g| {
            g.iter()
                .any(|t| matches!(t.lower.as_str(), "," | "—" | "–"))
        });
        if !broken {
            continue;
        }
        let v = match o.kind {
            NpKind::Name => 2,
            NpKind::Pronoun => 1,
            _ => 3,
        };
        if best == 0 || v == 2 {
            best = v;
        }
    }
    best
}

/// Scores the candidates of the cue and returns the chosen one (the rules'
/// choice when nothing else scores higher). Without a rule choice, the best
/// candidate only if it scores above zero: none may be the speaker.
#[allow(clippy::too_many_arguments)]
pub(crate) fn choose(
    chars: &[char],
    toks: &[Tok],
    sents: &Sentences,
    reg: &Register,
    view: &CueView,
    rule: Option<Np>,
    ranker: Option<&Ranker>,
    record: Option<&mut Vec<Candidate>>,
) -> Option<Np> {
    // A name inside quotation marks is what was said, not who said it.
    let mut cands = candidates(toks, sents, view.cue, rule);
    cands.retain(|(np, from)| from & FROM_RULE != 0 || !reg.is_quoted(np.start));
    let dist = |np: &Np| {
        if np.end <= view.cue {
            (0, view.cue - np.end)
        } else {
            (1, np.start.saturating_sub(view.cue))
        }
    };
    let mut feats = Vec::new();
    let mut best: Option<(f32, Np)> = None;
    let mut recorded = Vec::new();
    for (np, from) in &cands {
        let (side, d) = dist(np);
        let rank = cands
            .iter()
            .filter(|(o, _)| {
                let (os, od) = dist(o);
                os == side && od < d
            })
            .count();
        let shadow = shadow(toks, &cands, *np, view.cue);
        features(chars, toks, reg, view, *np, *from, rank, shadow, &mut feats);
        if let Some(r) = ranker {
            let s = r.score(&feats);
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, *np));
            }
        }
        if record.is_some() {
            recorded.push(Candidate {
                span: (toks[np.start].start, toks[np.end - 1].end),
                rule: from & FROM_RULE != 0,
                feats: feats.clone(),
            });
        }
    }
    if let Some(r) = record {
        *r = recorded;
    }
    // `X quoted Y as saying`: a reading of the structure the features do
    // not capture, so the rules' choice stands.
    let ss = sents
        .of_tok
        .get(view.cue)
        .and_then(|&s| sents.ranges.get(s))
        .map_or(0, |r| r.0);
    if let (Some(r), Some(q)) = (rule, attribution::quoted_as_saying(toks, ss, view.cue)) {
        if (r.start, r.end) == (q.start, q.end) {
            return rule;
        }
    }
    match (rule, best) {
        (Some(_), Some(b)) => Some(b.1),
        (None, Some(b)) => (b.0 > 0.0).then_some(b.1),
        (r, None) => r,
    }
}

/// One training example: the candidates' features and which of them are
/// right (overlap the gold mention; at least one is).
#[derive(Debug, Clone)]
pub struct Example {
    pub candidates: Vec<Vec<u64>>,
    pub right: Vec<bool>,
}

impl Example {
    fn is_right(&self, i: usize) -> bool {
        self.right.get(i).copied().unwrap_or(false)
    }
}

/// Ranking accuracy of `ranker` on `examples`.
pub fn accuracy(ranker: &Ranker, examples: &[Example]) -> f64 {
    let right = examples
        .iter()
        .filter(|e| ranker.best(&e.candidates).is_some_and(|b| e.is_right(b)))
        .count();
    right as f64 / examples.len().max(1) as f64
}

/// Averaged-perceptron training over ranking examples: one pass per epoch in
/// a seeded shuffle, the epoch with the best accuracy on `dev` kept (as the
/// quantized model `to_bytes` stores). Returns the ranker and dev accuracy per epoch.
pub fn train(
    train: &[Example],
    dev: &[Example],
    epochs: usize,
    seed: u64,
    mut log: impl FnMut(&str),
) -> (Ranker, Vec<f64>) {
    use std::collections::HashMap;
    let mut index: HashMap<u64, usize> = HashMap::new();
    let mut w: Vec<f64> = Vec::new();
    let mut acc: Vec<f64> = Vec::new();
    let mut steps: f64 = 1.0;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = seed | 1;
    let mut next = |n: usize| {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        (rng.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    };
    let mut curve = Vec::new();
    let mut best: Option<(f64, Ranker)> = None;
    let score = |index: &HashMap<u64, usize>, w: &[f64], fs: &[u64]| -> f64 {
        fs.iter().filter_map(|f| index.get(f)).map(|&i| w[i]).sum()
    };
    for epoch in 1..=epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, next(i + 1));
        }
        let mut errors = 0;
        for &e in &order {
            let ex = &train[e];
            // The best candidate overall and the best right one: a mistake
            // moves the weights from the former towards the latter.
            let mut pred: Option<(usize, f64)> = None;
            let mut gold: Option<(usize, f64)> = None;
            for (i, c) in ex.candidates.iter().enumerate() {
                let s = score(&index, &w, c);
                if pred.is_none_or(|(_, b)| s > b) {
                    pred = Some((i, s));
                }
                if ex.is_right(i) && gold.is_none_or(|(_, b)| s > b) {
                    gold = Some((i, s));
                }
            }
            let (Some((pred, _)), Some((gold, _))) = (pred, gold) else {
                continue;
            };
            if !ex.is_right(pred) {
                errors += 1;
                for (c, delta) in [(gold, 1.0), (pred, -1.0)] {
                    for &f in &ex.candidates[c] {
                        let n = w.len();
                        let i = *index.entry(f).or_insert(n);
                        if i == n {
                            w.push(0.0);
                            acc.push(0.0);
                        }
                        w[i] += delta;
                        acc[i] += steps * delta;
                    }
                }
            }
            steps += 1.0;
        }
        let avg = index
            .iter()
            .map(|(&f, &i)| (key_of(f), (w[i] - acc[i] / steps) as f32));
        let model = Ranker::from_bytes(&Ranker::from_weights(avg).to_bytes()).unwrap_or_default();
        let a = accuracy(&model, dev);
        log(&format!(
            "epoch {epoch}: {errors} training errors, {} features, dev ranking accuracy {a:.4}",
            model.len()
        ));
        curve.push(a);
        if best.as_ref().is_none_or(|(b, _)| a > *b) {
            best = Some((a, model));
        }
    }
    (best.map(|b| b.1).unwrap_or_default(), curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_input() {
        let r = Ranker::from_weights([(5, 1.5), (9, -0.5), (5, 0.5)]);
        let back = Ranker::from_bytes(&r.to_bytes()).expect("valid ranker");
        assert_eq!(back.len(), 2);
        assert!((back.score(&[5u64 << 32]) - 2.0).abs() < 1e-3);
        assert_eq!(
            Ranker::from_bytes(b"QWSPK0").err(),
            Some(RankerError::Truncated)
        );
        assert_eq!(
            Ranker::from_bytes(b"NOTAMODELxxxxxxxxxx").err(),
            Some(RankerError::BadMagic)
        );
        let mut cut = r.to_bytes();
        cut.truncate(cut.len() - 1);
        assert_eq!(Ranker::from_bytes(&cut).err(), Some(RankerError::Truncated));
    }

    #[test]
    fn instances_list_the_rule_choice_among_candidates() {
        let text = "Mayor Jo Roe, speaking to Acme's workers, said the plan was sound.";
        let inst = instances(text);
        let said = inst
            .iter()
            .find(|i| i.cue.1 - i.cue.0 == 4)
            .expect("the attribution of `said`");
        assert!(said.candidates.iter().any(|c| c.rule));
        for i in &inst {
            assert!(!i.candidates.is_empty() && i.candidates.len() <= MAX_CANDIDATES);
        }
    }

    #[test]
    fn names_inside_quotation_marks_are_no_candidates() {
        let text = "Ines Varga, the organizer, wrote on Facebook: “Dunmore will host the fair.”";
        let inst = instances(text);
        assert!(!inst.is_empty());
        let chars: Vec<char> = text.chars().collect();
        for i in &inst {
            for c in &i.candidates {
                let words: String = chars[c.span.0..c.span.1].iter().collect();
                assert!(c.rule || words != "Dunmore", "{words}");
            }
        }
    }

    #[test]
    fn shipped_weights_decode() {
        let r = Ranker::from_bytes(SHIPPED_RANKER).expect("shipped ranker decodes");
        assert!(!r.is_empty());
        assert!(shipped().len() == r.len());
    }

    #[test]
    fn an_empty_ranker_keeps_the_rules_choice() {
        let text = "“We will not back down,” said union leader Ana Ruiz, who met Jo Roe.";
        let empty = Ranker::default();
        let a = crate::annotate_with(text, &crate::quotes::Options::ranked(&empty));
        let b = crate::annotate_with(text, &crate::quotes::Options::rules_only());
        let speakers = |x: &crate::Annotations| {
            x.quotes
                .iter()
                .map(|q| q.speaker.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(speakers(&a), speakers(&b));
    }

    #[test]
    fn odd_inputs_record_without_panicking() {
        for text in [
            "",
            "said",
            "“",
            "He said",
            "said he, “",
            "According to",
            "’s said: “x”",
            "Roe’s ’s said, “A,” said. said said “",
            "\n\n“A” —said— Ms.\n",
        ] {
            for i in instances(text) {
                for c in &i.candidates {
                    assert!(c.span.0 < c.span.1 && c.span.1 <= text.chars().count());
                }
            }
            let _ = crate::annotate(text);
        }
    }

    #[test]
    fn training_learns_a_separable_choice() {
        let ex = |g: usize| Example {
            candidates: (0..3)
                .map(|i| vec![if i == g { 7u64 << 32 } else { 8u64 << 32 }])
                .collect(),
            right: (0..3).map(|i| i == g).collect(),
        };
        let data: Vec<Example> = (0..30).map(|i| ex(i % 3)).collect();
        let (r, curve) = train(&data, &data, 3, 1, |_| {});
        assert_eq!(curve.len(), 3);
        assert!(accuracy(&r, &data) > 0.99);
    }
}
