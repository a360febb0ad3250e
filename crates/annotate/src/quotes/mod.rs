//! Quote extraction: direct quotes (paired marks, attributed before, after, in the
//! middle, by a colon, or floating after an attributed quote), indirect and mixed
//! reported speech, and their speakers.
//!
//! Pipeline: the document's words and sentences (`crate::doc`) → `marks` (quoted stretches) →
//! `attribution` (cue and subject around each stretch) → `indirect` (speech verbs
//! with a reported clause) → `speakers` (names expanded, pronouns resolved).
//! Every step is linear in the text or works in bounded windows.

mod attribution;
pub mod cues;
mod indirect;
mod marks;
pub mod ranker;
pub(crate) mod speakers;

use crate::doc::{Doc, Sentences, Tk, Tok};
use crate::types::{Entity, Quote, QuoteKind, Span};
use attribution::Attr;
use speakers::{Np, Register};

/// A quote under construction, in code points.
#[derive(Debug, Clone)]
struct Draft {
    kind: QuoteKind,
    parts: Vec<(usize, usize)>,
    speaker: Option<String>,
    mention: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
    role: Option<String>,
}

impl Draft {
    fn start(&self) -> usize {
        self.parts.first().map_or(0, |p| p.0)
    }
    fn end(&self) -> usize {
        self.parts.last().map_or(0, |p| p.1)
    }

    /// The next quoted stretch of the same attribution: same speaker, own span.
    fn continued(&self, start: usize, end: usize) -> Draft {
        Draft {
            kind: QuoteKind::Direct,
            parts: vec![(start, end)],
            ..self.clone()
        }
    }
}

/// Minimum words of a quoted stretch with no attribution for it to be reported
/// (shorter ones are scare quotes, titles, nicknames).
const MIN_FLOATING_WORDS: usize = 6;
/// How far back (code points) a floating quote looks for the previous speaker.
const FLOAT_WINDOW: usize = 1500;

/// Finds the direct, indirect and mixed quotes of an article, with speakers.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    find_quotes_in(&Doc::new(text), &[])
}

/// `find_quotes` knowing the entities the tagger found in `text`: places and
/// things are never taken for people.
pub(crate) fn find_quotes_in(doc: &Doc<'_>, entities: &[Entity]) -> Vec<Quote> {
    find_quotes_with(doc, entities, &Options::default())
}

/// How speaker mentions are chosen: by the shipped ranker over the
/// candidates (the default), another ranker, or the rules alone; and whether
/// the candidates are recorded (for training).
pub struct Options<'a> {
    pub ranker: Option<&'a ranker::Ranker>,
    pub(crate) record: Option<&'a std::cell::RefCell<Vec<ranker::Instance>>>,
    /// Reported speech only as a clause (`announced troops would leave`), never
    /// a verb's noun-phrase object (`announced a new law`). PolNeAR counts
    /// such objects as attributed content; quote-by-quote news annotation
    /// (`shared/eval/ANNOTATION.md`) does not.
    pub clauses_only: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options::ranked(ranker::shipped())
    }
}

impl<'a> Options<'a> {
    /// Speaker mentions chosen by `ranker` among the candidates.
    pub fn ranked(ranker: &'a ranker::Ranker) -> Options<'a> {
        Options {
            ranker: Some(ranker),
            record: None,
            clauses_only: false,
        }
    }

    /// Speaker mentions as the hand rules choose them.
    pub fn rules_only() -> Options<'a> {
        Options {
            ranker: None,
            record: None,
            clauses_only: false,
        }
    }
}

pub(crate) fn find_quotes_with(
    doc: &Doc<'_>,
    entities: &[Entity],
    opts: &Options<'_>,
) -> Vec<Quote> {
    let chars = &doc.chars;
    let toks = &doc.words;
    if toks.is_empty() {
        return Vec::new();
    }
    let sents = &doc.word_sentences;
    let markup = marks::in_markup(chars, toks);
    let pieces = marks::pair(toks, &markup);

    let n = toks.len();
    let mut in_quote = vec![false; n];
    let mut para_of = vec![0usize; n];
    let mut para = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Tk::Para {
            para += 1;
        }
        para_of[i] = para;
    }
    for p in &pieces {
        let a = toks.partition_point(|t| t.start < p.start);
        let b = toks.partition_point(|t| t.end <= p.end);
        for flag in in_quote.iter_mut().take(b).skip(a) {
            *flag = true;
        }
    }
    let reg = Register::build(chars, toks, sents, &in_quote, entities);

    let ctx = Ctx {
        chars,
        toks,
        sents,
        reg: &reg,
        opts,
    };
    // Words of markup tags are never cues (`<tweet …>`).
    let mut used = markup.clone();
    let mut direct: Vec<Draft> = Vec::new();
    // Per direct draft: the cue token and whether it came after the quote.
    let mut direct_meta: Vec<(Option<usize>, bool, usize)> = Vec::new();
    let mut embedded: Vec<(usize, usize)> = Vec::new(); // (piece index, cue token)
    let mut floating: Vec<usize> = Vec::new(); // piece indexes
    let mut group_attr: Option<(usize, Draft)> = None;

    for (pi, p) in pieces.iter().enumerate() {
        let b = attribution::before(toks, sents, p.open_tok);
        let a = p.close_tok.and_then(|c| attribution::after(toks, c));
        let chosen = match (b, a) {
            (Attr::Cue { .. } | Attr::Colon { .. }, _) => b,
            (_, Some(a)) => a,
            _ => b,
        };
        let chosen = match chosen {
            Attr::Cue { cue, .. } | Attr::Embedded { cue } if markup[cue] => Attr::None,
            c => c,
        };
        let mut d = Draft {
            kind: QuoteKind::Direct,
            parts: vec![(p.start, p.end)],
            speaker: None,
            mention: None,
            cue: None,
            role: None,
        };
        let mut meta = (None, false, pi);
        match chosen {
            Attr::Cue {
                cue,
                cue_end,
                np,
                after,
            } => {
                for u in used.iter_mut().take(cue_end).skip(cue) {
                    *u = true;
                }
                // `a banner which mentioned “Women's Day”`: a short name or title
                // right after the verb, with no comma, colon or `that`, is no quotation.
                let words = toks[p.open_tok + 1..p.close_tok.unwrap_or(p.open_tok + 1)]
                    .iter()
                    .filter(|t| t.is_word())
                    .count();
                let bare = !after && cue + 1 == p.open_tok;
                let sentence_inside = toks[p.open_tok + 1..p.close_tok.unwrap_or(p.open_tok + 1)]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "." | "!" | "?" | ","));
                if bare && words <= 4 && !sentence_inside {
                    continue;
                }
                // `“A,” said X, “B.”`: B is X's too, a quote of its own (a
                // quote span never holds the narration between the marks).
                if !after {
                    if let (Some(prev), Some(&(Some(pcue), true, _))) =
                        (direct.last(), direct_meta.last())
                    {
                        if pcue == cue {
                            let next = prev.continued(p.start, p.end);
                            direct.push(next);
                            direct_meta.push((Some(cue), true, pi));
                            continue;
                        }
                    }
                }
                // `The choice is a “false choice,” she said.`: the quote opens
                // mid-clause, so the clause around it is what was reported.
                let open = p.open_tok;
                if after
                    && p.first_in_group
                    && open > 0
                    && toks[open - 1].is_word()
                    && sents.of_tok[open - 1] == sents.of_tok[open]
                {
                    let ss = indirect::sentence_start(sents, open);
                    if open - ss >= 2 && toks[ss..open].iter().all(|t| t.kind != Tk::QuoteMark) {
                        d.kind = QuoteKind::Mixed;
                        d.parts = vec![(toks[ss].start, p.end)];
                    }
                }
                d.cue = Some((toks[cue].start, toks[cue_end - 1].end));
                ctx.fill(&mut d, np, 0, cue);
                meta = (Some(cue), after, pi);
            }
            Attr::Colon { colon, np } => {
                d.cue = Some((toks[colon].start, toks[colon].end));
                ctx.fill(&mut d, Some(np), 0, colon);
            }
            Attr::Embedded { cue } => {
                if p.first_in_group && p.last_in_group {
                    embedded.push((pi, cue));
                    continue;
                }
            }
            Attr::None => {}
        }
        let attributed = d.cue.is_some();
        // Paragraphs of one multi-paragraph quote share its attribution.
        if attributed {
            group_attr = Some((p.group, d.clone()));
        } else if let Some((g, ga)) = &group_attr {
            if *g == p.group {
                d.speaker = ga.speaker.clone();
                d.mention = ga.mention;
                d.cue = ga.cue;
                d.role = ga.role.clone();
            }
        }
        if d.cue.is_none() {
            // `“A,” X said. “B.”`: B continues the quote attributed in the middle.
            if let (Some(prev), Some(&(Some(pcue), true, ppi))) =
                (direct.last(), direct_meta.last())
            {
                let pp = &pieces[ppi];
                let same_para = pp
                    .close_tok
                    .is_some_and(|c| para_of[c] == para_of[p.open_tok] && p.open_tok - c <= 40);
                if same_para && pcue < p.open_tok {
                    let next = prev.continued(p.start, p.end);
                    direct.push(next);
                    direct_meta.push((Some(pcue), true, pi));
                    continue;
                }
            }
            floating.push(direct.len());
        }
        direct.push(d);
        direct_meta.push(meta);
    }

    // Reported speech.
    let mut reported: Vec<Draft> = Vec::new();
    for r in indirect::find(toks, sents, &in_quote, &used, opts.clauses_only) {
        // A clause running into a markup tag (`… in May.</p>`) ends before it.
        let parts: Vec<(usize, usize)> = r
            .parts
            .iter()
            .map(|&(s, mut e)| {
                if markup[e - 1] {
                    while e > s + 1
                        && (markup[e - 1] || matches!(toks[e - 1].lower.as_str(), "." | "!" | "?"))
                    {
                        e -= 1;
                    }
                }
                (toks[s].start, toks[e - 1].end)
            })
            .collect();
        let mixed = r
            .parts
            .iter()
            .any(|&(s, e)| toks[s..e].iter().any(|t| t.kind == Tk::QuoteMark));
        let mut d = Draft {
            kind: if mixed {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            },
            parts,
            speaker: None,
            mention: None,
            cue: Some((toks[r.cue.0].start, toks[r.cue.1 - 1].end)),
            role: None,
        };
        ctx.fill(&mut d, r.np, r.lo, r.cue.0);
        reported.push(d);
    }
    reported.sort_by_key(|d| (d.start(), std::cmp::Reverse(d.end())));
    let mut kept: Vec<Draft> = Vec::new();
    for d in reported {
        if let Some(last) = kept.last() {
            if d.start() < last.end() {
                continue;
            }
        }
        kept.push(d);
    }

    // A quoted fragment inside reported speech belongs to that mixed quote.
    let covered = |s: usize, e: usize, kept: &[Draft]| {
        let idx = kept.partition_point(|d| d.start() <= s);
        idx > 0 && kept[idx - 1].end() >= e
    };
    for (pi, cue) in embedded {
        let p = &pieces[pi];
        if covered(p.start, p.end, &kept) || p.close_tok.is_none() {
            continue;
        }
        if let Some(d) = ctx.embedded_mixed(sents, &in_quote, p, cue) {
            let idx = kept.partition_point(|k| k.start() < d.start());
            let clash = kept.get(idx).is_some_and(|k| k.start() < d.end())
                || idx > 0 && kept[idx - 1].end() > d.start();
            if !clash {
                kept.insert(idx, d);
            }
        }
    }

    let mut all: Vec<Draft> = Vec::new();
    let mut float_flags: Vec<bool> = Vec::new();
    for (i, d) in direct.into_iter().enumerate() {
        if kept_covers_mixed(&kept, d.start(), d.end()) {
            continue;
        }
        float_flags.push(floating.binary_search(&i).is_ok());
        all.push(d);
    }
    let nd = all.len();
    all.extend(kept);
    float_flags.resize(all.len(), false);

    // Floating quotes: the speaker of the closest attributed quote before them.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| all[i].start());
    // `An Acme spokesperson said … The spokesperson added`: the same voice.
    let mut voices: Vec<(String, String)> = Vec::new(); // (head word, speaker)
    for &i in &order {
        let Some((ms, me)) = all[i].mention else {
            continue;
        };
        let words: Vec<String> = chars[ms.min(chars.len())..me.min(chars.len())]
            .iter()
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let Some(head) = words.last().cloned() else {
            continue;
        };
        if !speakers::is_voice_noun(&head) {
            continue;
        }
        let bare = all[i]
            .speaker
            .as_deref()
            .is_none_or(|sp| sp.eq_ignore_ascii_case(&head));
        if bare && words.len() == 2 && words[0] == "the" {
            if let Some((_, sp)) = voices.iter().rev().find(|(h, _)| *h == head) {
                all[i].speaker = Some(sp.clone());
            }
        } else if !bare {
            if let Some(sp) = all[i].speaker.clone() {
                voices.push((head, sp));
            }
        }
    }
    let mut last_speaker: Option<(usize, Draft)> = None;
    let mut drop = vec![false; all.len()];
    for &i in &order {
        if float_flags[i] && i < nd {
            let d = &all[i];
            let words = chars[d.start().min(chars.len())..d.end().min(chars.len())]
                .split(|c| c.is_whitespace())
                .filter(|w| w.iter().any(|c| c.is_alphanumeric()))
                .count();
            let open_tok = toks
                .partition_point(|t| t.end <= d.start())
                .saturating_sub(1);
            let starts_sentence = open_tok == 0 || {
                let prev = &toks[open_tok.saturating_sub(1)];
                prev.kind == Tk::Para
                    || matches!(prev.lower.as_str(), "." | "!" | "?" | ":" | "”" | "\"")
            };
            if words < MIN_FLOATING_WORDS || !starts_sentence {
                drop[i] = true;
                continue;
            }
            if let Some((end, src)) = &last_speaker {
                if d.start() >= *end && d.start() - end <= FLOAT_WINDOW {
                    let (mut speaker, mut role) = (src.speaker.clone(), src.role.clone());
                    // `“A,” Roe said. Lee disagreed. “B.”`: a person opening a
                    // sentence of narration since then is the likelier voice.
                    let from = toks.partition_point(|t| t.start < *end);
                    if let Some(id) = reg.person_opening_sentence(toks, sents, from, open_tok) {
                        speaker = Some(reg.canon[id].name.clone());
                        role = reg.canon[id].role.clone();
                    }
                    all[i].speaker = speaker;
                    all[i].role = role;
                }
            }
        } else if all[i].speaker.is_some() {
            last_speaker = Some((all[i].end(), all[i].clone()));
        }
    }

    let mut quotes: Vec<Quote> = all
        .into_iter()
        .zip(drop)
        .filter(|(_, dropped)| !dropped)
        .map(|(d, _)| to_quote(chars, d))
        .filter(|q| q.end > q.start)
        .collect();
    quotes.sort_by_key(|q| (q.start, q.end));
    quotes
}

fn kept_covers_mixed(kept: &[Draft], s: usize, e: usize) -> bool {
    let idx = kept.partition_point(|d| d.start() <= s);
    idx > 0 && kept[idx - 1].kind == QuoteKind::Mixed && kept[idx - 1].end() + 1 >= e
}

struct Ctx<'a> {
    chars: &'a [char],
    toks: &'a [Tok],
    sents: &'a Sentences,
    reg: &'a Register,
    opts: &'a Options<'a>,
}

impl Ctx<'_> {
    /// Speaker, mention and role of `d` from the subject `np` the rules found
    /// for the cue at token `cue` (or the ranker's pick among the candidates).
    fn fill(&self, d: &mut Draft, np: Option<Np>, lo: usize, cue: usize) {
        let np = if self.opts.ranker.is_some() || self.opts.record.is_some() {
            let view = ranker::CueView { cue, kind: d.kind };
            let mut cands = Vec::new();
            let rec = self.opts.record.map(|_| &mut cands);
            let np = ranker::choose(
                self.chars,
                self.toks,
                self.sents,
                self.reg,
                &view,
                np,
                self.opts.ranker,
                rec,
            );
            if let Some(cell) = self.opts.record {
                cell.borrow_mut().push(ranker::Instance {
                    quote: (d.start(), d.end()),
                    cue: (self.toks[cue].start, self.toks[cue].end),
                    kind: d.kind,
                    candidates: cands,
                });
            }
            np
        } else {
            np
        };
        let Some(np) = np else { return };
        let r = speakers::resolve(self.chars, self.toks, self.reg, np, lo);
        d.speaker = r.speaker;
        d.mention = Some(r.mention);
        d.role = r.role;
    }

    /// `X called it “a disaster”`: the clause after the cue, as a mixed quote.
    fn embedded_mixed(
        &self,
        sents: &Sentences,
        in_quote: &[bool],
        p: &marks::Piece,
        cue: usize,
    ) -> Option<Draft> {
        let toks = self.toks;
        let ss = indirect::sentence_start(sents, cue);
        let se = indirect::sentence_end(toks, sents, in_quote, cue);
        let mut s = cue + 1;
        if toks[cue].is("according") {
            return None;
        }
        // Object-taking verbs embed titles and names (`published “The Book”`);
        // only clause verbs, `that`, and naming verbs (`called it “rigged”`) report speech here.
        let lower = toks[cue].lower.as_str();
        let that = toks.get(cue + 1).is_some_and(|t| t.is("that"));
        let naming =
            lower.starts_with("call") || lower.starts_with("describ") || lower.starts_with("dub");
        if !(that || naming || cues::cue_class(lower) == Some(cues::CueClass::Clause)) {
            return None;
        }
        while s < se && (toks[s].is("that") || toks[s].is(",")) {
            s += 1;
        }
        let mut e = se;
        while e > s
            && (toks[e - 1].kind == Tk::Para
                || matches!(toks[e - 1].lower.as_str(), "." | "," | ";" | ":"))
        {
            e -= 1;
        }
        if s >= e || toks[s].start > p.start || toks[e - 1].end < p.end {
            return None;
        }
        let np = speakers::subject_left(toks, cue, ss)
            .or_else(|| attribution::sentence_subject(toks, ss, cue));
        let mut d = Draft {
            kind: QuoteKind::Mixed,
            parts: vec![(toks[s].start, toks[e - 1].end)],
            speaker: None,
            mention: None,
            cue: Some((toks[cue].start, toks[cue].end)),
            role: None,
        };
        self.fill(&mut d, np, ss, cue);
        Some(d)
    }
}

fn span(chars: &[char], (s, e): (usize, usize)) -> Span {
    let e = e.min(chars.len());
    let s = s.min(e);
    Span {
        start: s,
        end: e,
        text: chars[s..e].iter().collect(),
    }
}

fn to_quote(chars: &[char], d: Draft) -> Quote {
    let whole = span(chars, (d.start(), d.end()));
    let fragments = (d.parts.len() > 1).then(|| {
        d.parts
            .iter()
            .map(|&(s, e)| [s.min(chars.len()), e.min(chars.len())])
            .collect()
    });
    Quote {
        kind: d.kind,
        start: whole.start,
        end: whole.end,
        text: whole.text,
        fragments,
        speaker: d.speaker,
        speaker_mention: d.mention.map(|m| span(chars, m)),
        cue: d.cue.map(|c| span(chars, c)),
        role: d.role,
    }
}
