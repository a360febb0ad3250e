//! Trains the NER model on CoNLL files and writes it:
//! `cargo run --release -p quotewire-annotate --example train_ner -- --train TRAIN --dev DEV --out MODEL [--epochs N]`
use std::error::Error;
use std::time::Instant;

use quotewire_annotate::ner::{conll, train, TrainOptions};

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
        return Err("usage: train_ner --train FILE --dev FILE --out MODEL [--epochs N]".into());
    };
    let mut opts = TrainOptions::default();
    if let Some(e) = get("--epochs") {
        opts.epochs = e.parse()?;
    }
    let started = Instant::now();
    let train_docs = conll::read(&std::fs::read_to_string(&train_path)?);
    let dev_docs = conll::read(&std::fs::read_to_string(&dev_path)?);
    let (model, report) = train(&train_docs, &dev_docs, &opts, |m| eprintln!("{m}"));
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    eprintln!(
        "best epoch {} (dev F1 {:.4}), {} features, {} bytes, {:.1}s",
        report.best_epoch,
        report
            .dev_f1
            .get(report.best_epoch.saturating_sub(1))
            .copied()
            .unwrap_or(0.0),
        report.features,
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
