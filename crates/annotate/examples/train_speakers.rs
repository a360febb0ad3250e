//! Trains the speaker-mention ranker on gold files with speaker mentions
//! (PolNeAR train; epochs chosen on PolNeAR dev) and writes its weights:
//!
//!     cargo run --release -p quotewire-annotate --example train_speakers -- \
//!         --train TRAIN.gold.jsonl --dev DEV.gold.jsonl --out WEIGHTS [--epochs N] [--seed S]
//!
//! Every attribution the engine makes is an example: its candidate mentions
//! (the rules' choice among them) and, as the target, the candidates that
//! overlap the gold quote's speaker mention (as `eval` scores mentions); the
//! rules' choice alone when it is one of them. Attributions whose gold
//! mention no candidate overlaps are counted and left out.
use std::error::Error;
use std::time::Instant;

use quotewire_annotate::quotes::ranker::{self, Example};
use quotewire_annotate::GoldArticle;

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[derive(Default)]
struct Counts {
    attributions: usize,
    matched: usize,
    covered: usize,
    rule_right: usize,
}

/// The examples of one gold file, and how many attributions each step kept.
fn examples(path: &str) -> Result<(Vec<Example>, Counts), Box<dyn Error>> {
    let mut out = Vec::new();
    let mut n = Counts::default();
    for line in std::fs::read_to_string(path)?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldArticle = serde_json::from_str(line)?;
        for inst in ranker::instances(&g.text) {
            n.attributions += 1;
            // The gold quote: the one whose cue is this cue, else the one
            // overlapping this quote most (at least 0.3 of the longer span).
            let by_cue = g.quotes.iter().find(|q| {
                q.cue
                    .as_ref()
                    .is_some_and(|c| overlap((c.start, c.end), inst.cue) > 0)
            });
            let by_span = || {
                g.quotes
                    .iter()
                    .map(|q| {
                        let o = overlap((q.start, q.end), inst.quote);
                        let longer = (q.end - q.start).max(inst.quote.1 - inst.quote.0).max(1);
                        (o as f64 / longer as f64, q)
                    })
                    .filter(|(r, _)| *r >= 0.3)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|p| p.1)
            };
            let Some(q) = by_cue.or_else(by_span) else {
                continue;
            };
            let Some(m) = &q.speaker_mention else {
                continue;
            };
            n.matched += 1;
            let gold_span = (m.start, m.end);
            let overlaps: Vec<bool> = inst
                .candidates
                .iter()
                .map(|c| overlap(c.span, gold_span) > 0)
                .collect();
            if !overlaps.contains(&true) {
                continue;
            }
            let rule = inst.candidates.iter().position(|c| c.rule).unwrap_or(0);
            // Gold mentions are written out in full (`Acme College historian
            // Jo Roe`), so several candidates can overlap one: when the rules'
            // choice is among them it stays the target (the name it resolves
            // to is the one the rules would give), else any of them is.
            let right: Vec<bool> = if overlaps.get(rule).copied().unwrap_or(false) {
                (0..overlaps.len()).map(|i| i == rule).collect()
            } else {
                overlaps
            };
            n.covered += 1;
            if overlap(inst.candidates[rule].span, gold_span) > 0 {
                n.rule_right += 1;
            }
            out.push(Example {
                candidates: inst.candidates.into_iter().map(|c| c.feats).collect(),
                right,
            });
        }
    }
    Ok((out, n))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(train_path), Some(dev_path), Some(out)) =
        (get("--train"), get("--dev"), get("--out"))
    else {
        return Err(
            "usage: train_speakers --train FILE --dev FILE --out WEIGHTS [--epochs N] [--seed S]"
                .into(),
        );
    };
    let epochs: usize = get("--epochs").map_or(Ok(10), |e| e.parse())?;
    let seed: u64 = get("--seed").map_or(Ok(20_161_108), |e| e.parse())?;
    let started = Instant::now();
    let (train, tn) = examples(&train_path)?;
    let (dev, dn) = examples(&dev_path)?;
    for (name, n) in [("train", &tn), ("dev", &dn)] {
        eprintln!(
            "{name}: {} attributions, {} matched a gold quote with a speaker mention, {} with the mention among the candidates; rules pick it in {} ({:.4})",
            n.attributions,
            n.matched,
            n.covered,
            n.rule_right,
            n.rule_right as f64 / n.covered.max(1) as f64
        );
    }
    let (model, curve) = ranker::train(&train, &dev, epochs, seed, |m| eprintln!("{m}"));
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    let best = curve.iter().copied().fold(0f64, f64::max);
    eprintln!(
        "dev ranking accuracy {best:.4} (rules {:.4}), {} features, {} bytes, {:.1}s",
        dn.rule_right as f64 / dn.covered.max(1) as f64,
        model.len(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
