//! Learns word clusters from unlabeled text (one paragraph a line, see
//! `scripts/cluster_corpus.py`) and writes `word TAB fine TAB coarse`:
//! `cargo run --release -p quotewire-annotate --example build_clusters -- CORPUS.txt OUT.tsv`
//!
//! Each word seen at least `MIN_COUNT` times is described by the words to
//! its left and right (positive PMI over the most frequent context words)
//! and clustered by spherical k-means into `FINE` clusters; the fine centroids are clustered again into
//! `COARSE`. Deterministic: same corpus, same clusters.
use std::collections::HashMap;
use std::error::Error;

use quotewire_annotate::tokens::tokenize;

const MIN_COUNT: u32 = 4;
const CONTEXTS: usize = 2000;
const FINE: usize = 400;
const COARSE: usize = 40;
const ITERS: usize = 12;

/// A sparse row: (dimension, value), L2-normalized.
type Row = Vec<(usize, f32)>;

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means over sparse rows, seeded with rows spread evenly over
/// the frequency order; returns each row's cluster and the centroids.
fn kmeans(rows: &[Row], dims: usize, k: usize, iters: usize) -> (Vec<usize>, Vec<Vec<f32>>) {
    let k = k.min(rows.len()).max(1);
    let mut cent: Vec<Vec<f32>> = (0..k)
        .map(|c| {
            let mut v = vec![0f32; dims];
            for &(d, x) in &rows[c * rows.len() / k] {
                v[d] = x;
            }
            v
        })
        .collect();
    let mut assign = vec![0usize; rows.len()];
    for it in 0..iters {
        let mut moved = 0;
        for (i, r) in rows.iter().enumerate() {
            let mut best = (f32::MIN, 0);
            for (c, v) in cent.iter().enumerate() {
                let s: f32 = r.iter().map(|&(d, x)| x * v[d]).sum();
                if s > best.0 {
                    best = (s, c);
                }
            }
            if assign[i] != best.1 {
                moved += 1;
            }
            assign[i] = best.1;
        }
        let mut sums = vec![vec![0f32; dims]; k];
        for (r, &a) in rows.iter().zip(&assign) {
            for &(d, x) in r {
                sums[a][d] += x;
            }
        }
        for (c, s) in cent.iter_mut().zip(sums) {
            if s.iter().any(|&x| x != 0.0) {
                *c = s;
                normalize(c);
            }
        }
        eprintln!("k={k} iteration {}: {moved} moved", it + 1);
    }
    (assign, cent)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out] = &args[..] else {
        return Err("usage: build_clusters CORPUS.txt OUT.tsv".into());
    };
    let text = std::fs::read_to_string(corpus)?;
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| tokenize(l).iter().map(|t| t.text).collect())
        .collect();
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for l in &lines {
        for w in l {
            *counts.entry(w).or_default() += 1;
        }
    }
    // Lower-cased context words, most frequent first.
    let mut lower_counts: HashMap<String, u32> = HashMap::new();
    for (w, c) in &counts {
        *lower_counts.entry(w.to_lowercase()).or_default() += c;
    }
    let mut ctx_words: Vec<(&String, &u32)> = lower_counts.iter().collect();
    ctx_words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ctx_index: HashMap<&str, usize> = ctx_words
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .filter(|(_, &c)| c >= MIN_COUNT)
        .map(|(w, c)| (*w, *c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let word_index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    eprintln!("{} words of {} kept", vocab.len(), counts.len());
    // Co-occurrence counts: context slot = 2 * context + side.
    let mut cooc: Vec<HashMap<usize, f32>> = vec![HashMap::new(); vocab.len()];
    let mut ctx_total = vec![0f32; 2 * CONTEXTS];
    let boundary = CONTEXTS - 1; // sentence edges share the rarest slot
    for l in &lines {
        for (i, w) in l.iter().enumerate() {
            let Some(&wi) = word_index.get(w) else {
                continue;
            };
            let ctx = |j: Option<usize>| {
                j.and_then(|j| l.get(j))
                    .and_then(|c| ctx_index.get(c.to_lowercase().as_str()).copied())
                    .unwrap_or(boundary)
            };
            let left = 2 * ctx(i.checked_sub(1));
            let right = 2 * ctx(Some(i + 1)) + 1;
            for slot in [left, right] {
                *cooc[wi].entry(slot).or_default() += 1.0;
                ctx_total[slot] += 1.0;
            }
        }
    }
    let total: f32 = ctx_total.iter().sum();
    let rows: Vec<Row> = cooc
        .iter()
        .map(|m| {
            let wsum: f32 = m.values().sum();
            let mut v: Row = m
                .iter()
                .filter_map(|(&slot, &c)| {
                    let pmi = (c * total / (wsum * ctx_total[slot])).ln();
                    (pmi > 0.0).then_some((slot, pmi))
                })
                .collect();
            v.sort_by_key(|e| e.0);
            let n = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            v.iter_mut().for_each(|e| e.1 /= n.max(f32::MIN_POSITIVE));
            v
        })
        .collect();
    let dims = 2 * CONTEXTS;
    let (fine, cent) = kmeans(&rows, dims, FINE, ITERS);
    let cent_rows: Vec<Row> = cent
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .enumerate()
                .filter(|e| e.1 != 0.0)
                .collect()
        })
        .collect();
    let (coarse, _) = kmeans(&cent_rows, dims, COARSE, ITERS);
    let mut outs = String::new();
    for (i, (w, _)) in vocab.iter().enumerate() {
        outs.push_str(&format!("{w}\t{}\t{}\n", fine[i], coarse[fine[i]]));
    }
    std::fs::write(out, outs)?;
    Ok(())
}
