//! `quotewire import`: articles from files, directories and standard input.
//!
//! On a terminal a progress bar shows bytes read, the article rate and the time
//! left; otherwise a plain line is printed every few seconds. The summary at the
//! end counts what was imported, skipped (already stored) and failed, with reasons.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::{init_tracing, open, CliResult};
use crate::config::{DatabaseArgs, LogFormat};
use crate::import::{self, Summary};
use crate::ingest::files;
use crate::store::Store;

/// How often a plain progress line is printed when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

pub async fn import_paths(db: &DatabaseArgs, paths: &[PathBuf], batch: usize) -> CliResult {
    init_tracing(LogFormat::Text);
    let store = open(db).await?;
    let result = import_into(&store, paths, batch).await;
    store.close().await;
    match result {
        Ok(Stopped::No) => Ok(()),
        Ok(Stopped::BySignal(message)) => {
            // The input reader may be blocked on an idle standard input, and the
            // runtime would wait for it at shutdown: everything is committed and
            // the database closed, so leave now.
            eprintln!("quotewire: {message}");
            std::process::exit(1)
        }
        Err(e) => Err(e),
    }
}

enum Stopped {
    No,
    BySignal(String),
}

async fn import_into(store: &Store, paths: &[PathBuf], batch: usize) -> Result<Stopped, String> {
    let inputs = files::expand(paths).map_err(|e| format!("cannot list inputs: {e}"))?;
    let total = files::total_bytes(&inputs);
    let bytes = Arc::new(AtomicU64::new(0));
    let records = files::stream(inputs, bytes.clone());

    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| progress_bar(total));
    let mut last_line = Instant::now();
    let report = |s: &Summary| {
        let read = bytes.load(Ordering::Relaxed);
        let rate = s.seen() as f64 / started.elapsed().as_secs_f64().max(1e-3);
        let counts = format!(
            "{} imported, {} skipped, {} failed, {rate:.0} records/s",
            s.imported,
            s.skipped,
            s.failed.len()
        );
        match &bar {
            Some(bar) => {
                bar.set_position(read);
                bar.set_message(counts);
            }
            None if last_line.elapsed() >= PLAIN_EVERY => {
                last_line = Instant::now();
                let of = total
                    .map(|t| format!(" of {} MB", t / 1_000_000))
                    .unwrap_or_default();
                eprintln!(
                    "{} articles read ({} MB{of}): {counts}",
                    s.seen(),
                    read / 1_000_000
                );
            }
            None => {}
        }
    };
    let summary = import::run_until(store, records, batch, report, super::interrupted())
        .await
        .map_err(|e| format!("import stopped: {e} (batches written so far are kept; run the same import again to finish)"))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    for (origin, why) in &summary.failed {
        eprintln!("failed: {origin}: {why}");
    }
    // Both rates: skipped records cost a hash lookup, stored ones the engine and the writer.
    let per_second = |n: usize| n as f64 / secs.max(1e-3);
    println!(
        "imported {}, skipped {} (already stored or repeated), failed {} in {secs:.1}s \
         ({:.0} records/s, {:.0} imported/s)",
        summary.imported,
        summary.skipped,
        summary.failed.len(),
        per_second(summary.seen()),
        per_second(summary.imported)
    );
    if summary.interrupted {
        return Ok(Stopped::BySignal(format!(
            "import interrupted after {} articles read; every article stored is whole. \
             Run the same import again to finish: what is stored is skipped",
            summary.seen()
        )));
    }
    Ok(Stopped::No)
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(t) => ProgressBar::new(t),
        None => ProgressBar::new_spinner(),
    };
    let template = if total.is_some() {
        "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, ETA {eta}) {msg}"
    } else {
        "{spinner} {elapsed_precise} {bytes} read ({binary_bytes_per_sec}) {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
