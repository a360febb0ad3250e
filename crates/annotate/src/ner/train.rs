//! Averaged-perceptron training: online updates per sentence under greedy
//! decoding with predicted history (what the tagger will see at run time),
//! averaged weights, the epoch with the best dev F1 kept.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::conll::score_sentences;
use super::features::{dynamic_features, DocMemory};
use super::model::{key_of, Model, Scorer};
use super::tagger::{decode_sentence, prepare_document, remember, tag_document};
use super::{bilou_from_iob2, Document, LABELS, N_TAGS};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data (the best one on dev is kept).
    pub epochs: usize,
    /// Seed of the document shuffle: the same seed gives the same model.
    pub seed: u64,
    /// Features whose averaged weights all stay below this are dropped.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 30,
            seed: 20_030_531,
            prune: 0.02,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Dev F1 after each epoch (of the pruned, quantized model).
    pub dev_f1: Vec<f64>,
    pub best_epoch: usize,
    pub features: usize,
}

/// Feature hashes are already mixed: use them as their own hash.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FeatMap = HashMap<u64, u32, BuildHasherDefault<IdHasher>>;

struct Weights {
    index: FeatMap,
    w: Vec<[f32; N_TAGS]>,
    /// Sum of step * delta, for the averaging trick avg = w - acc / steps.
    acc: Vec<[f64; N_TAGS]>,
    steps: u64,
}

impl Scorer for Weights {
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_TAGS]) {
        if let Some(&i) = self.index.get(&feat) {
            for (a, b) in scores.iter_mut().zip(&self.w[i as usize]) {
                *a += b;
            }
        }
    }
}

impl Weights {
    fn update(&mut self, feat: u64, gold: usize, pred: usize) {
        let next = self.w.len() as u32;
        let i = *self.index.entry(feat).or_insert(next) as usize;
        if i == self.w.len() {
            self.w.push([0.0; N_TAGS]);
            self.acc.push([0.0; N_TAGS]);
        }
        let t = self.steps as f64;
        self.w[i][gold] += 1.0;
        self.w[i][pred] -= 1.0;
        self.acc[i][gold] += t;
        self.acc[i][pred] -= t;
    }

    fn averaged(&self, prune: f32) -> Model {
        let t = self.steps.max(1) as f64;
        let rows = self.index.iter().filter_map(|(&feat, &i)| {
            let (w, a) = (&self.w[i as usize], &self.acc[i as usize]);
            let mut r = [0f32; N_TAGS];
            for l in 0..N_TAGS {
                r[l] = (f64::from(w[l]) - a[l] / t) as f32;
            }
            r.iter()
                .any(|x| x.abs() >= prune)
                .then_some((key_of(feat), r))
        });
        Model::from_rows(rows)
    }
}

/// A small deterministic generator for the shuffle (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// Tags the dev documents and returns entity F1.
pub fn dev_f1<S: Scorer>(scorer: &S, dev: &[Document]) -> f64 {
    let mut pairs = Vec::new();
    for d in dev {
        let words: Vec<&Vec<String>> = d.sentences.iter().map(|s| &s.words).collect();
        let pred = tag_document(scorer, &words);
        for (s, p) in d.sentences.iter().zip(pred) {
            let gold: Vec<&str> = s.labels.iter().map(|&l| LABELS[l]).collect();
            let p: Vec<&str> = p.iter().map(|&l| LABELS[l]).collect();
            pairs.push((gold, p));
        }
    }
    score_sentences(pairs).overall.f1()
}

/// Trains on `train`, picks the epoch by F1 on `dev` (never trained on), and
/// returns the pruned, quantized model exactly as `to_bytes` will store it.
pub fn train(
    train: &[Document],
    dev: &[Document],
    opts: &TrainOptions,
    mut log: impl FnMut(&str),
) -> (Model, TrainReport) {
    let prepared: Vec<_> = train
        .iter()
        .map(|d| {
            let words: Vec<&Vec<String>> = d.sentences.iter().map(|s| &s.words).collect();
            prepare_document(&words)
        })
        .collect();
    let mut wts = Weights {
        index: FeatMap::default(),
        w: Vec::new(),
        acc: Vec::new(),
        steps: 1,
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng(opts.seed | 1);
    let mut report = TrainReport::default();
    let mut best: Option<(f64, Model)> = None;
    let mut dynf = Vec::new();
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut errors = 0usize;
        for &d in &order {
            let mut mem = DocMemory::default();
            for (sf, sent) in prepared[d].iter().zip(&train[d].sentences) {
                let pred = decode_sentence(&wts, sf, &mem);
                let gold = bilou_from_iob2(&sent.labels);
                for (i, (&p, &g)) in pred.iter().zip(&gold).enumerate() {
                    if p == g {
                        continue;
                    }
                    errors += 1;
                    let p1 = if i > 0 { pred[i - 1] } else { 0 };
                    let p2 = if i > 1 { pred[i - 2] } else { 0 };
                    dynamic_features(sf, i, p1, p2, &mem, &mut dynf);
                    for &f in sf.token(i).iter().chain(&dynf) {
                        wts.update(f, g, p);
                    }
                }
                remember(&mut mem, sf, &pred);
                wts.steps += 1;
            }
        }
        let model = Model::from_bytes(&wts.averaged(opts.prune).to_bytes())
            .unwrap_or_else(|_| Model::from_rows([]));
        let f1 = dev_f1(&model, dev);
        log(&format!(
            "epoch {epoch}: {errors} training errors, {} features kept of {}, dev F1 {:.4}",
            model.len(),
            wts.w.len(),
            f1
        ));
        report.dev_f1.push(f1);
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            report.best_epoch = epoch;
            best = Some((f1, model));
        }
    }
    let model = best.map(|(_, m)| m).unwrap_or_else(|| Model::from_rows([]));
    report.features = model.len();
    (model, report)
}

/// `train-ner` over the text of two CoNLL files (the caller does the I/O).
pub fn train_conll(
    train_text: &str,
    dev_text: &str,
    opts: &TrainOptions,
    log: impl FnMut(&str),
) -> (Model, TrainReport) {
    let train_docs = super::conll::read(train_text);
    let dev_docs = super::conll::read(dev_text);
    train(&train_docs, &dev_docs, opts, log)
}
