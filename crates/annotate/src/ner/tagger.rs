//! Greedy left-to-right decoding under IOB2 constraints, and the shipped model.

use std::sync::LazyLock;

use super::features::{
    dynamic_features, sentence_features, DocEvidence, DocMemory, SentFeats, SentWords,
};
use super::model::{Model, Scorer};
use super::{iob2_from_bilou, tag_allowed, N_TAGS};

/// The bytes of `data/ner.model`, compiled into the library.
pub const SHIPPED_MODEL: &[u8] = include_bytes!("../../data/ner.model");

static DEFAULT: LazyLock<Model> = LazyLock::new(|| {
    // The shipped model is validated by tests; an unreadable one tags nothing
    // rather than taking the whole service down.
    Model::from_bytes(SHIPPED_MODEL).unwrap_or_else(|_| Model::from_rows([]))
});

/// The model shipped in `data/ner.model`, loaded on first use.
pub fn default_model() -> &'static Model {
    &DEFAULT
}

/// Best BILOU tag for each token of one sentence, left to right.
pub fn decode_sentence<S: Scorer>(scorer: &S, sf: &SentFeats, mem: &DocMemory) -> Vec<usize> {
    decode(scorer, sf, mem, None)
}

/// `decode_sentence`, also pushing onto `margins` each token's score of its
/// tag above the score of O (0 for O): how sure the tagger was.
fn decode(
    scorer: &impl Scorer,
    sf: &SentFeats,
    mem: &DocMemory,
    mut margins: Option<&mut Vec<f32>>,
) -> Vec<usize> {
    let n = sf.cap.len();
    let mut labels = Vec::with_capacity(n);
    let mut dynf = Vec::with_capacity(8);
    for i in 0..n {
        let p1 = if i > 0 { labels[i - 1] } else { 0 };
        let p2 = if i > 1 { labels[i - 2] } else { 0 };
        let mut scores = [0f32; N_TAGS];
        scorer.add_all(sf.token(i), &mut scores);
        dynamic_features(sf, i, p1, p2, mem, &mut dynf);
        scorer.add_all(&dynf, &mut scores);
        let best = best_allowed(&scores, p1);
        if let Some(m) = margins.as_deref_mut() {
            m.push(scores[best] - scores[0]);
        }
        labels.push(best);
    }
    labels
}

/// Highest-scoring label that may follow `prev` (ties go to the lower index).
pub fn best_allowed(scores: &[f32; N_TAGS], prev: usize) -> usize {
    let mut best = 0;
    for l in 1..N_TAGS {
        if tag_allowed(prev, l) && scores[l] > scores[best] {
            best = l;
        }
    }
    best
}

/// Remembers this sentence's predictions for capitalized words (not those of
/// headings and headlines, where every word is capitalized).
pub fn remember(mem: &mut DocMemory, sf: &SentFeats, labels: &[usize]) {
    if sf.casing != 0 {
        return;
    }
    for (i, &l) in labels.iter().enumerate() {
        if sf.cap[i] {
            mem.record(sf.lower.get(i), l);
        }
    }
}

/// Normalized words and static features for every sentence of a document.
pub fn prepare_document<T: AsRef<[W]>, W: AsRef<str>>(sentences: &[T]) -> Vec<SentFeats> {
    let words: Vec<SentWords> = sentences
        .iter()
        .map(|s| SentWords::new(s.as_ref()))
        .collect();
    let ev = DocEvidence::new(&words);
    words.iter().map(|s| sentence_features(s, &ev)).collect()
}

/// Tags one document given as sentences of words; returns IOB2 label
/// indices (into `LABELS`).
pub fn tag_document<S: Scorer, T: AsRef<[W]>, W: AsRef<str>>(
    scorer: &S,
    sentences: &[T],
) -> Vec<Vec<usize>> {
    tag_document_inner(scorer, sentences, None)
}

/// `tag_document`, with each token's margin (see `decode`) per sentence.
pub fn tag_document_with_margins<S: Scorer, T: AsRef<[W]>, W: AsRef<str>>(
    scorer: &S,
    sentences: &[T],
) -> (Vec<Vec<usize>>, Vec<Vec<f32>>) {
    let mut margins = Vec::with_capacity(sentences.len());
    let labels = tag_document_inner(scorer, sentences, Some(&mut margins));
    (labels, margins)
}

fn tag_document_inner<S: Scorer, T: AsRef<[W]>, W: AsRef<str>>(
    scorer: &S,
    sentences: &[T],
    mut margins: Option<&mut Vec<Vec<f32>>>,
) -> Vec<Vec<usize>> {
    let feats = prepare_document(sentences);
    let mut mem = DocMemory::default();
    feats
        .iter()
        .map(|sf| {
            let mut m = Vec::new();
            let want = margins.is_some();
            let tags = decode(scorer, sf, &mem, want.then_some(&mut m));
            if let Some(all) = margins.as_deref_mut() {
                all.push(m);
            }
            remember(&mut mem, sf, &tags);
            iob2_from_bilou(&tags)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_model_loads() {
        let m = super::Model::from_bytes(super::SHIPPED_MODEL).expect("shipped model is valid");
        assert!(m.len() > 10_000);
    }
}
