//! `quotewire ner --conll FILE` and `quotewire train-ner`: the entity tagger on
//! CoNLL-format text, and its training.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::CliResult;
use crate::annotate::ner::{conll, train, TrainOptions};

/// Prints FILE's lines with a predicted IOB2 tag appended as the last column.
pub fn ner_conll(path: &Path) -> CliResult {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let out = conll::tag_lines(&text);
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| e.to_string())
}

pub fn train_ner(
    train_path: &Path,
    dev_path: &Path,
    out: &Path,
    epochs: Option<usize>,
) -> CliResult {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let started = Instant::now();
    let train_docs = conll::read(&read(train_path)?);
    let dev_docs = conll::read(&read(dev_path)?);
    let mut opts = TrainOptions::default();
    if let Some(e) = epochs {
        opts.epochs = e;
    }
    let (model, report) = train(&train_docs, &dev_docs, &opts, |m| eprintln!("{m}"));
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let best = report
        .dev_f1
        .get(report.best_epoch.saturating_sub(1))
        .copied()
        .unwrap_or(0.0);
    eprintln!(
        "wrote {} ({} bytes, {} features): best epoch {} with dev F1 {best:.4}, {:.1}s",
        out.display(),
        bytes.len(),
        report.features,
        report.best_epoch,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
