//! The CoNLL text format: one token per line (first column the word, last
//! column the gold tag), blank lines between sentences, `-DOCSTART-` lines
//! between documents. Reading for training, tagging (`ner --conll`: every line
//! with a predicted IOB2 tag appended) and conlleval-style scoring.

use std::collections::BTreeMap;
use std::fmt;

use super::model::Scorer;
use super::tagger::{default_model, tag_document};
use super::{label_index, Document, Sentence, LABELS};

/// Where each token of the file sits: (document, sentence, token) per line.
struct Layout<'a> {
    lines: Vec<&'a str>,
    /// Per line: Some((doc, sentence, token)) for token lines.
    pos: Vec<Option<(usize, usize, usize)>>,
    /// Documents of sentences of (word, last column).
    docs: Vec<Vec<Vec<(&'a str, &'a str)>>>,
}

fn is_docstart(line: &str) -> bool {
    line.split_whitespace().next() == Some("-DOCSTART-")
}

fn layout(text: &str) -> Layout<'_> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut pos = Vec::with_capacity(lines.len());
    let mut docs: Vec<Vec<Vec<(&str, &str)>>> = vec![Vec::new()];
    let mut open = false; // a sentence is being filled
    for raw in &lines {
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut cols = line.split_whitespace();
        match cols.next() {
            None => {
                open = false;
                pos.push(None);
            }
            Some(_) if is_docstart(line) => {
                open = false;
                if docs.last().is_some_and(|d| !d.is_empty()) {
                    docs.push(Vec::new());
                }
                pos.push(None);
            }
            Some(word) => {
                let gold = cols.last().unwrap_or("O");
                let doc = docs.len() - 1;
                let sents = &mut docs[doc];
                if !open {
                    sents.push(Vec::new());
                    open = true;
                }
                let s = sents.len() - 1;
                sents[s].push((word, gold));
                pos.push(Some((doc, s, sents[s].len() - 1)));
            }
        }
    }
    Layout { lines, pos, docs }
}

/// Reads a CoNLL file into documents with gold labels (last column, IOB2).
pub fn read(text: &str) -> Vec<Document> {
    layout(text)
        .docs
        .into_iter()
        .filter(|d| !d.is_empty())
        .map(|d| Document {
            sentences: d
                .into_iter()
                .map(|s| Sentence {
                    words: s.iter().map(|(w, _)| w.to_string()).collect(),
                    labels: s.iter().map(|(_, g)| label_index(g)).collect(),
                })
                .collect(),
        })
        .collect()
}

fn predict<S: Scorer>(scorer: &S, l: &Layout<'_>) -> Vec<Vec<Vec<usize>>> {
    l.docs
        .iter()
        .map(|d| {
            let words: Vec<Vec<&str>> = d
                .iter()
                .map(|s| s.iter().map(|(w, _)| *w).collect())
                .collect();
            tag_document(scorer, &words)
        })
        .collect()
}

/// `ner --conll`: every line of `text` with the predicted tag appended as the
/// last column; blank lines kept, `-DOCSTART-` lines get `O`.
pub fn tag_lines(text: &str) -> String {
    tag_lines_with(default_model(), text)
}

pub fn tag_lines_with<S: Scorer>(scorer: &S, text: &str) -> String {
    let l = layout(text);
    let pred = predict(scorer, &l);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (raw, p) in l.lines.iter().zip(&l.pos) {
        let body = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[body.len()..];
        let tag = match p {
            Some((d, s, t)) => Some(LABELS[pred[*d][*s][*t]]),
            None if is_docstart(body) => Some("O"),
            None => None,
        };
        out.push_str(body);
        if let Some(tag) = tag {
            out.push(if body.contains('\t') { '\t' } else { ' ' });
            out.push_str(tag);
        }
        out.push_str(ending);
    }
    out
}

/// Entity counts for one type (or overall).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeScore {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl TypeScore {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Entity-level scores with conlleval semantics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConllReport {
    pub tokens: usize,
    pub tokens_correct: usize,
    pub overall: TypeScore,
    pub per_type: BTreeMap<String, TypeScore>,
}

/// Chunks `(start, end, type)` of one sentence's tags, as conlleval reads them
/// (an I-X after O or after another type starts a chunk).
pub fn chunks(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let split = |t: &str| -> (char, String) {
        match t.split_once('-') {
            Some((p, ty)) => (p.chars().next().unwrap_or('O'), ty.to_string()),
            None => ('O', String::new()),
        }
    };
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (p, ty) = split(t);
        let continues = matches!(p, 'I' | 'E') && cur.as_ref().is_some_and(|(_, c)| *c == ty);
        if !continues {
            if let Some((s, c)) = cur.take() {
                out.push((s, i, c));
            }
            if p != 'O' {
                cur = Some((i, ty));
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, tags.len(), c));
    }
    out
}

/// Scores predicted against gold tags, sentence by sentence.
pub fn score_sentences<'a>(
    pairs: impl IntoIterator<Item = (Vec<&'a str>, Vec<&'a str>)>,
) -> ConllReport {
    let mut r = ConllReport::default();
    for (gold, pred) in pairs {
        r.tokens += gold.len();
        r.tokens_correct += gold.iter().zip(&pred).filter(|(g, p)| g == p).count();
        let g = chunks(&gold);
        let p = chunks(&pred);
        for (_, _, t) in &g {
            r.per_type.entry(t.clone()).or_default().gold += 1;
            r.overall.gold += 1;
        }
        for c in &p {
            r.per_type.entry(c.2.clone()).or_default().predicted += 1;
            r.overall.predicted += 1;
            if g.contains(c) {
                r.per_type.entry(c.2.clone()).or_default().correct += 1;
                r.overall.correct += 1;
            }
        }
    }
    r
}

/// `eval --conll`: tags `text` with the shipped model and scores against its
/// last column.
pub fn evaluate(text: &str) -> ConllReport {
    evaluate_with(default_model(), text)
}

pub fn evaluate_with<S: Scorer>(scorer: &S, text: &str) -> ConllReport {
    let l = layout(text);
    let pred = predict(scorer, &l);
    let pairs = l.docs.iter().zip(&pred).flat_map(|(d, pd)| {
        d.iter().zip(pd).map(|(s, ps)| {
            let gold: Vec<&str> = s.iter().map(|(_, g)| *g).collect();
            let p: Vec<&str> = ps.iter().map(|&i| LABELS[i]).collect();
            (gold, p)
        })
    });
    score_sentences(pairs)
}

impl fmt::Display for ConllReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, self.overall.gold, self.overall.predicted, self.overall.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%",
            100.0 * ratio(self.tokens_correct, self.tokens)
        )?;
        writeln!(
            f,
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}",
            "type", "precision", "recall", "F1", "gold", "found"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &TypeScore| {
            writeln!(
                f,
                "{:<8} {:>8.2}% {:>8.2}% {:>9.2} {:>7} {:>7}",
                name,
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1(),
                s.gold,
                s.predicted
            )
        };
        for (t, s) in &self.per_type {
            row(f, t, s)?;
        }
        row(f, "overall", &self.overall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"];
        assert_eq!(
            chunks(&tags),
            vec![
                (0, 2, "PER".to_string()),
                (3, 5, "LOC".to_string()),
                (5, 6, "LOC".to_string()),
                (6, 7, "ORG".to_string())
            ]
        );
    }

    #[test]
    fn scoring() {
        let r = score_sentences([(
            vec!["B-PER", "I-PER", "O", "B-LOC"],
            vec!["B-PER", "I-PER", "O", "B-ORG"],
        )]);
        assert_eq!(
            r.overall,
            TypeScore {
                gold: 2,
                predicted: 2,
                correct: 1
            }
        );
        assert_eq!(r.per_type["LOC"].recall(), 0.0);
        assert_eq!(r.per_type["PER"].f1(), 1.0);
    }

    #[test]
    fn tag_lines_keeps_layout() {
        let text = "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nwalks VBZ B-VP O\n\nHi UH O O\n";
        let out = tag_lines(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("-DOCSTART- -X- -X- O O"));
        assert_eq!(lines[1], "");
        for (a, b) in text.lines().zip(&lines) {
            assert!(b.starts_with(a));
            assert_eq!(
                b.split_whitespace().count(),
                a.split_whitespace().count() + usize::from(!a.is_empty())
            );
        }
    }

    #[test]
    fn reads_documents() {
        let docs = read(
            "-DOCSTART- -X- -X- O\n\nA B C B-ORG\n\nx y z O\n-DOCSTART- -X- -X- O\n\nq w e I-LOC\n",
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[1].sentences[0].labels, vec![label_index("I-LOC")]);
    }
}
