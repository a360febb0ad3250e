//! Scoring of predicted annotations against gold ones, as `shared/eval/FORMAT.md`
//! defines it. Pure functions over counts: a `Report` of one article merges with
//! the `Report` of another, so per-file and overall results come from the same code.
//!
//! Choices the format leaves open:
//! - Matching is greedy by best overlap ratio (ties: earlier gold, then earlier
//!   prediction); each gold and each prediction is matched at most once.
//! - Speaker accuracy and recall per kind are computed on the lenient (0.3) matches.
//! - The speech-cue subset keeps the gold quotes whose cue holds a speech or
//!   reporting verb of our lexicon (or is "according to"). Predictions are matched
//!   against all gold quotes first; a prediction matched to a gold quote outside
//!   the subset (a belief or thought attribution) is dropped from the subset's
//!   predictions instead of counting as a false positive, because the engine is
//!   not asked to report beliefs, and finding one is not an error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::quotes::cues;
use crate::types::{Annotations, EntityKind, GoldArticle, Quote, QuoteKind, Span};

/// Lenient and strict overlap thresholds of the format.
pub const LENIENT: f64 = 0.3;
pub const STRICT: f64 = 0.8;

/// Detection counts: `matched` pairs out of `predicted` and `gold` items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prf {
    pub predicted: usize,
    pub gold: usize,
    pub matched: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn merge(&mut self, o: &Prf) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.matched += o.matched;
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "predicted": self.predicted, "gold": self.gold, "matched": self.matched,
            "precision": round4(self.precision()), "recall": round4(self.recall()), "f1": round4(self.f1()),
        })
    }
}

/// `correct` out of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acc {
    pub correct: usize,
    pub total: usize,
}

impl Acc {
    pub fn value(&self) -> f64 {
        ratio(self.correct, self.total)
    }
    pub fn merge(&mut self, o: &Acc) {
        self.correct += o.correct;
        self.total += o.total;
    }
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({"correct": self.correct, "total": self.total, "accuracy": round4(self.value())})
    }
}

/// Quote scores over one set of gold quotes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteScores {
    /// Detection at overlap >= 0.3.
    pub lenient: Prf,
    /// Detection at overlap >= 0.8.
    pub strict: Prf,
    /// Speaker right, over lenient matches whose gold speaker is not null.
    pub speaker: Acc,
    /// The same, restricted to gold speaker mentions that are pronouns.
    pub pronoun_speaker: Acc,
    /// Lenient recall per gold kind (`direct`, `indirect`, `mixed`).
    pub recall_by_kind: BTreeMap<String, Acc>,
}

impl QuoteScores {
    pub fn merge(&mut self, o: &QuoteScores) {
        self.lenient.merge(&o.lenient);
        self.strict.merge(&o.strict);
        self.speaker.merge(&o.speaker);
        self.pronoun_speaker.merge(&o.pronoun_speaker);
        for (k, v) in &o.recall_by_kind {
            self.recall_by_kind.entry(k.clone()).or_default().merge(v);
        }
    }
    fn json(&self) -> serde_json::Value {
        let kinds: serde_json::Map<String, serde_json::Value> = self
            .recall_by_kind
            .iter()
            .map(|(k, v)| {
                let r = serde_json::json!({"matched": v.correct, "gold": v.total, "recall": round4(v.value())});
                (k.clone(), r)
            })
            .collect();
        serde_json::json!({
            "at_0.3": self.lenient.json(), "at_0.8": self.strict.json(),
            "speaker": self.speaker.json(), "pronoun_speaker": self.pronoun_speaker.json(),
            "recall_by_kind": kinds,
        })
    }
}

/// Entity mention scores: exact span and kind. `overall` covers the kinds the
/// gold annotates; every kind is also reported on its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityScores {
    pub overall: Prf,
    pub by_kind: BTreeMap<String, Prf>,
}

impl EntityScores {
    pub fn merge(&mut self, o: &EntityScores) {
        self.overall.merge(&o.overall);
        for (k, v) in &o.by_kind {
            self.by_kind.entry(k.clone()).or_default().merge(v);
        }
    }
}

/// Everything `eval` reports for one file (or several merged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub articles: usize,
    /// Against every gold quote.
    pub quotes: QuoteScores,
    /// Against gold quotes whose cue is a speech verb (see the module doc).
    pub speech_quotes: QuoteScores,
    /// `None` when no gold article annotates entities.
    pub entities: Option<EntityScores>,
}

impl Report {
    pub fn merge(&mut self, o: &Report) {
        self.articles += o.articles;
        self.quotes.merge(&o.quotes);
        self.speech_quotes.merge(&o.speech_quotes);
        if let Some(e) = &o.entities {
            self.entities.get_or_insert_with(Default::default).merge(e);
        }
    }

    /// One JSON object with counts and derived metrics, for `--json` lines.
    pub fn to_json(&self, name: &str) -> serde_json::Value {
        let entities = self.entities.as_ref().map(|e| {
            let kinds: serde_json::Map<String, serde_json::Value> = e
                .by_kind
                .iter()
                .map(|(k, v)| (k.clone(), v.json()))
                .collect();
            serde_json::json!({"overall": e.overall.json(), "by_kind": kinds})
        });
        serde_json::json!({
            "name": name, "articles": self.articles,
            "quotes": self.quotes.json(), "speech_quotes": self.speech_quotes.json(),
            "entities": entities,
        })
    }

    /// A human-readable table.
    pub fn to_table(&self, name: &str) -> String {
        let mut s = format!("== {name} ({} articles)\n", self.articles);
        s.push_str("quotes                 gold   pred  P@.3   R@.3   F1@.3  P@.8   R@.8   F1@.8  spk    pron   rec dir/ind/mix\n");
        for (label, q) in [("all", &self.quotes), ("speech-cue", &self.speech_quotes)] {
            let kind = |k: &str| {
                q.recall_by_kind
                    .get(k)
                    .map_or("  -  ".to_string(), |a| format!("{:.3}", a.value()))
            };
            s.push_str(&format!(
                "  {label:<19}{:>6} {:>6}  {:.3}  {:.3}  {:.3}  {:.3}  {:.3}  {:.3}  {:.3}  {:.3}  {}/{}/{}\n",
                q.lenient.gold,
                q.lenient.predicted,
                q.lenient.precision(),
                q.lenient.recall(),
                q.lenient.f1(),
                q.strict.precision(),
                q.strict.recall(),
                q.strict.f1(),
                q.speaker.value(),
                q.pronoun_speaker.value(),
                kind("direct"),
                kind("indirect"),
                kind("mixed"),
            ));
            s.push_str(&format!(
                "  {:<19}speaker {}/{}, pronoun speaker {}/{}\n",
                "",
                q.speaker.correct,
                q.speaker.total,
                q.pronoun_speaker.correct,
                q.pronoun_speaker.total
            ));
        }
        if let Some(e) = &self.entities {
            s.push_str("entities               gold   pred  P      R      F1\n");
            let mut rows: Vec<(&str, &Prf)> = vec![("overall", &e.overall)];
            rows.extend(e.by_kind.iter().map(|(k, v)| (k.as_str(), v)));
            for (k, p) in rows {
                s.push_str(&format!(
                    "  {k:<19}{:>6} {:>6}  {:.3}  {:.3}  {:.3}\n",
                    p.gold,
                    p.predicted,
                    p.precision(),
                    p.recall(),
                    p.f1()
                ));
            }
        }
        s
    }
}

/// Scores predictions against gold articles, pairwise by index (a missing
/// prediction counts as an empty one).
pub fn evaluate(gold: &[GoldArticle], predicted: &[Annotations]) -> Report {
    let empty = Annotations::default();
    let mut r = Report::default();
    for (i, g) in gold.iter().enumerate() {
        r.merge(&evaluate_article(g, predicted.get(i).unwrap_or(&empty)));
    }
    r
}

/// Scores one article.
pub fn evaluate_article(gold: &GoldArticle, pred: &Annotations) -> Report {
    let chars: Vec<char> = gold.text.chars().collect();
    let gspans: Vec<(usize, usize)> = gold
        .quotes
        .iter()
        .map(|q| trimmed(&chars, q.start, q.end))
        .collect();
    let pspans: Vec<(usize, usize)> = pred
        .quotes
        .iter()
        .map(|q| trimmed(&chars, q.start, q.end))
        .collect();
    let speech: Vec<bool> = gold
        .quotes
        .iter()
        .map(|q| {
            q.cue
                .as_ref()
                .is_some_and(|c| cues::is_speech_cue_phrase(&c.text))
        })
        .collect();
    let resolved = gold.speaker_names != "as_written";

    let mut all = QuoteScores::default();
    let mut sub = QuoteScores::default();
    for (threshold, strict) in [(LENIENT, false), (STRICT, true)] {
        let pairs = match_spans(&gspans, &pspans, threshold);
        let mut pred_to_gold = vec![None; pspans.len()];
        for &(gi, pi) in &pairs {
            pred_to_gold[pi] = Some(gi);
        }
        let in_other = pred_to_gold
            .iter()
            .filter(|m| m.is_some_and(|g| !speech[g]))
            .count();
        let a = Prf {
            predicted: pspans.len(),
            gold: gspans.len(),
            matched: pairs.len(),
        };
        let s = Prf {
            predicted: pspans.len() - in_other,
            gold: speech.iter().filter(|&&b| b).count(),
            matched: pairs.iter().filter(|(g, _)| speech[*g]).count(),
        };
        if strict {
            all.strict = a;
            sub.strict = s;
            continue;
        }
        all.lenient = a;
        sub.lenient = s;
        let mut matched_gold = vec![false; gspans.len()];
        for &(gi, pi) in &pairs {
            matched_gold[gi] = true;
            let g = &gold.quotes[gi];
            if g.speaker.is_none() {
                continue;
            }
            let ok = speaker_right(g, &pred.quotes[pi], resolved);
            let pron = g
                .speaker_mention
                .as_ref()
                .is_some_and(|m| is_pronoun(&m.text));
            for (scores, take) in [(&mut all, true), (&mut sub, speech[gi])] {
                if take {
                    scores.speaker.add(ok);
                    if pron {
                        scores.pronoun_speaker.add(ok);
                    }
                }
            }
        }
        for (gi, g) in gold.quotes.iter().enumerate() {
            let k = g.kind.as_str().to_string();
            all.recall_by_kind
                .entry(k.clone())
                .or_default()
                .add(matched_gold[gi]);
            if speech[gi] {
                sub.recall_by_kind
                    .entry(k)
                    .or_default()
                    .add(matched_gold[gi]);
            }
        }
    }
    let entities = gold
        .entities
        .as_ref()
        .map(|ge| score_entities(ge, &pred.entities));
    Report {
        articles: 1,
        quotes: all,
        speech_quotes: sub,
        entities,
    }
}

/// Named mentions only: the engine adds the pronouns it resolves a quote's
/// speaker to (`he said`) to the person's mentions, where gold entities have none.
fn score_entities(gold: &[crate::types::Entity], pred: &[crate::types::Entity]) -> EntityScores {
    use std::collections::HashSet;
    let set = |es: &[crate::types::Entity]| -> HashSet<(usize, usize, EntityKind)> {
        es.iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .filter(|m| !matches!(m.text.to_lowercase().as_str(), "he" | "she"))
                    .map(move |m| (m.start, m.end, e.kind))
            })
            .collect()
    };
    let (g, p) = (set(gold), set(pred));
    let mut out = EntityScores::default();
    for kind in EntityKind::ALL {
        let gk = g.iter().filter(|m| m.2 == kind).count();
        let pk = p.iter().filter(|m| m.2 == kind).count();
        if gk == 0 && pk == 0 {
            continue;
        }
        let mk = g.iter().filter(|m| m.2 == kind && p.contains(m)).count();
        let prf = Prf {
            predicted: pk,
            gold: gk,
            matched: mk,
        };
        // Overall counts only the kinds this gold annotates: a gold without dates
        // says nothing about whether predicted dates are right.
        if gk > 0 {
            out.overall.merge(&prf);
        }
        out.by_kind.insert(kind.as_str().to_string(), prf);
    }
    out
}

/// One quote per fragment, each with the speaker, mention and cue of the whole:
/// for scoring gold sets that join `“A,” she said. “B.”` into one discontinuous
/// quote (PolNeAR) against output that gives two, and the other way round.
pub fn split_fragments(text: &str, quotes: Vec<Quote>) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(quotes.len());
    for q in quotes {
        match q.fragments.clone() {
            Some(fr) if fr.len() > 1 => {
                for [s, e] in fr {
                    let (s, e) = (s.min(chars.len()), e.min(chars.len()));
                    out.push(Quote {
                        start: s,
                        end: e,
                        text: chars[s.min(e)..e].iter().collect(),
                        fragments: None,
                        ..q.clone()
                    });
                }
            }
            _ => out.push(q),
        }
    }
    out
}

/// Greedy one-to-one matching by best overlap ratio; returns (gold, pred) pairs.
pub fn match_spans(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, &g) in gold.iter().enumerate() {
        for (pi, &p) in pred.iter().enumerate() {
            let r = overlap_ratio(g, p);
            if r >= threshold && r > 0.0 {
                cands.push((r, gi, pi));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gu, mut pu) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut out = Vec::new();
    for (_, gi, pi) in cands {
        if !gu[gi] && !pu[pi] {
            gu[gi] = true;
            pu[pi] = true;
            out.push((gi, pi));
        }
    }
    out.sort_unstable();
    out
}

/// Overlap of two `[start, end)` spans divided by the length of the longer one.
pub fn overlap_ratio(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let longer = (a.1.saturating_sub(a.0)).max(b.1.saturating_sub(b.0));
    if longer == 0 {
        0.0
    } else {
        inter as f64 / longer as f64
    }
}

/// The span without quotation marks, white space and `, . : ;` at either end.
/// Out-of-range offsets are clamped, so a bad prediction cannot panic the scorer.
pub fn trimmed(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let mut e = end.min(chars.len());
    let mut s = start.min(e);
    let strip = |c: char| c.is_whitespace() || "\"“”‘’«»',.:;".contains(c);
    while s < e && strip(chars[s]) {
        s += 1;
    }
    while e > s && strip(chars[e - 1]) {
        e -= 1;
    }
    (s, e)
}

fn speaker_right(gold: &Quote, pred: &Quote, resolved: bool) -> bool {
    let names_equal = match (&gold.speaker, &pred.speaker) {
        (Some(g), Some(p)) => {
            let (g, p) = (normalize_name(g), normalize_name(p));
            !g.is_empty() && g == p
        }
        _ => false,
    };
    if resolved {
        return names_equal;
    }
    let overlaps = match (&gold.speaker_mention, &pred.speaker_mention) {
        (Some(g), Some(p)) => spans_overlap(g, p),
        _ => false,
    };
    overlaps || names_equal
}

fn spans_overlap(a: &Span, b: &Span) -> bool {
    a.start.max(b.start) < a.end.min(b.end)
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "president",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "sir",
    "dame",
    "rev",
    "judge",
    "gen",
    "general",
];

/// Folds case, diacritics, punctuation and titles, so that `Mr. Nicolás Maduro`
/// and `nicolas maduro` compare equal.
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(crate::entities::normalize::fold_diacritics)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !TITLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `normalize_name` without the engine's titles and roles too ("Justice
/// Scalia" → "scalia"): for gold that writes titles into names (GUM's chains),
/// where the guidelines of `ANNOTATION.md` would not.
pub fn normalize_name_untitled(name: &str) -> String {
    normalize_name(name)
        .split(' ')
        .filter(|w| !crate::lexicon::TITLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a gold cue as written is a speech cue (the subset's criterion).
pub fn cues_is_speech(cue: &str) -> bool {
    cues::is_speech_cue_phrase(cue)
}

/// Personal, relative and demonstrative pronouns that stand for a speaker.
pub fn is_pronoun(s: &str) -> bool {
    const P: &[&str] = &[
        "he", "she", "they", "it", "i", "we", "you", "him", "her", "his", "hers", "them", "their",
        "its", "our", "my", "your", "us", "me", "who", "whom", "whose", "which", "that", "this",
        "these", "those", "one",
    ];
    let l = s.trim().to_lowercase();
    P.contains(&l.as_str())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// For tests and tools: a quote with only its kind and span set.
pub fn bare_quote(text: &str, kind: QuoteKind, start: usize, end: usize) -> Quote {
    let t: String = text
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    Quote {
        kind,
        start,
        end,
        text: t,
        fragments: None,
        speaker: None,
        speaker_mention: None,
        cue: None,
        role: None,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn split_fragments_gives_one_quote_per_fragment() {
        let text = "“We won,” she said. “It was hard.”";
        let mut q = bare_quote(text, QuoteKind::Direct, 1, 32);
        q.fragments = Some(vec![[1, 8], [21, 33]]);
        q.speaker = Some("Ana Ruiz".into());
        let out = split_fragments(text, vec![q, bare_quote(text, QuoteKind::Direct, 1, 8)]);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].text, "We won,");
        assert_eq!(out[1].text, "It was hard.");
        assert!(out[..2]
            .iter()
            .all(|q| q.speaker.as_deref() == Some("Ana Ruiz")));
        assert!(out.iter().all(|q| q.fragments.is_none()));
    }
    use super::*;

    fn span(text: &str, start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            text: text.chars().skip(start).take(end - start).collect(),
        }
    }

    fn gold_article(text: &str, quotes: Vec<Quote>, names: &str) -> GoldArticle {
        GoldArticle {
            id: "t".into(),
            text: text.into(),
            title: None,
            published: None,
            url: None,
            byline: None,
            dateline: None,
            speaker_names: names.into(),
            quotes,
            entities: None,
        }
    }

    #[test]
    fn overlap_and_trim() {
        assert_eq!(overlap_ratio((0, 10), (5, 10)), 0.5);
        assert_eq!(overlap_ratio((0, 10), (10, 20)), 0.0);
        assert_eq!(overlap_ratio((3, 3), (3, 3)), 0.0);
        let c: Vec<char> = "say “Hi there,” ok".chars().collect();
        assert_eq!(trimmed(&c, 4, 15), (5, 13));
        assert_eq!(trimmed(&c, 40, 50), (18, 18));
    }

    #[test]
    fn greedy_matching_is_one_to_one() {
        let g = [(0, 10), (20, 30)];
        let p = [(0, 9), (1, 10), (20, 25)];
        let m = match_spans(&g, &p, 0.3);
        assert_eq!(m, vec![(0, 0), (1, 2)]);
        assert_eq!(match_spans(&g, &p, 0.8), vec![(0, 0)]);
    }

    #[test]
    fn names_fold_titles_and_diacritics() {
        assert_eq!(normalize_name("Mr. Nicolás  Maduro"), "nicolas maduro");
        assert_eq!(normalize_name("President Obama"), normalize_name("obama"));
        assert_ne!(normalize_name("Ann Lee"), normalize_name("Bob Lee"));
    }

    #[test]
    fn scores_a_tiny_article() {
        let text = "Ann Lee said, “We won.” He thinks it rains. Bob said taxes rise.";
        let mut g1 = bare_quote(text, QuoteKind::Direct, 14, 21);
        g1.speaker = Some("Ann Lee".into());
        g1.cue = Some(span(text, 8, 12));
        g1.speaker_mention = Some(span(text, 0, 7));
        let mut g2 = bare_quote(text, QuoteKind::Indirect, 34, 42);
        g2.speaker = Some("He".into());
        g2.speaker_mention = Some(span(text, 24, 26));
        g2.cue = Some(span(text, 27, 33));
        let mut g3 = bare_quote(text, QuoteKind::Indirect, 53, 63);
        g3.speaker = Some("Bob".into());
        g3.cue = Some(span(text, 48, 52));
        let gold = gold_article(text, vec![g1, g2, g3], "resolved");

        let mut p1 = bare_quote(text, QuoteKind::Direct, 13, 22); // with the marks
        p1.speaker = Some("ann lee".into());
        let mut p2 = bare_quote(text, QuoteKind::Indirect, 34, 42); // belief quote found
        p2.speaker = Some("Ann Lee".into());
        let p3 = bare_quote(text, QuoteKind::Indirect, 0, 3); // spurious
        let pred = Annotations {
            quotes: vec![p1, p2, p3],
            entities: vec![],
        };

        let r = evaluate(&[gold], &[pred]);
        assert_eq!(
            r.quotes.lenient,
            Prf {
                predicted: 3,
                gold: 3,
                matched: 2
            }
        );
        assert_eq!(
            r.quotes.speaker,
            Acc {
                correct: 1,
                total: 2
            }
        );
        assert_eq!(
            r.quotes.pronoun_speaker,
            Acc {
                correct: 0,
                total: 1
            }
        );
        // "thinks" is not a speech cue: p2 is neither counted nor penalised there.
        assert_eq!(
            r.speech_quotes.lenient,
            Prf {
                predicted: 2,
                gold: 2,
                matched: 1
            }
        );
        assert_eq!(
            r.speech_quotes.speaker,
            Acc {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(
            r.quotes.recall_by_kind["indirect"],
            Acc {
                correct: 1,
                total: 2
            }
        );
        assert!(r.entities.is_none());
        let mut twice = r.clone();
        twice.merge(&r);
        assert_eq!(twice.quotes.lenient.matched, 4);
        assert!(twice.to_table("x").contains("speech-cue"));
        assert_eq!(twice.to_json("x")["quotes"]["at_0.3"]["matched"], 4);
    }

    #[test]
    fn as_written_speakers_match_by_mention_overlap() {
        let text = "She said taxes rise.";
        let mut g = bare_quote(text, QuoteKind::Indirect, 9, 19);
        g.speaker = Some("She".into());
        g.speaker_mention = Some(span(text, 0, 3));
        g.cue = Some(span(text, 4, 8));
        let gold = gold_article(text, vec![g], "as_written");
        let mut p = bare_quote(text, QuoteKind::Indirect, 9, 19);
        p.speaker = Some("Ann Lee".into());
        p.speaker_mention = Some(span(text, 0, 3));
        let r = evaluate_article(
            &gold,
            &Annotations {
                quotes: vec![p],
                entities: vec![],
            },
        );
        assert_eq!(
            r.quotes.speaker,
            Acc {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(
            r.quotes.pronoun_speaker,
            Acc {
                correct: 1,
                total: 1
            }
        );
    }

    #[test]
    fn entity_mentions_exact_span_and_kind() {
        use crate::types::Entity;
        let text = "Ann Lee met Bob in Paris.";
        let mut gold = gold_article(text, vec![], "resolved");
        let e = |kind, s, e2| Entity {
            kind,
            name: String::new(),
            mentions: vec![span(text, s, e2)],
        };
        gold.entities = Some(vec![
            e(EntityKind::Person, 0, 7),
            e(EntityKind::Location, 19, 24),
        ]);
        let pred = Annotations {
            quotes: vec![],
            entities: vec![e(EntityKind::Person, 0, 7), e(EntityKind::Person, 19, 24)],
        };
        let r = evaluate_article(&gold, &pred);
        let ents = r.entities.expect("entities scored");
        assert_eq!(
            ents.overall,
            Prf {
                predicted: 2,
                gold: 2,
                matched: 1
            }
        );
        assert_eq!(ents.by_kind["location"].recall(), 0.0);
    }
}
