//! `quotewire import`: articles from files and directories.

use std::path::PathBuf;

use super::{init_tracing, open, CliResult};
use crate::config::{DatabaseArgs, LogFormat};
use crate::import::{self, Summary};
use crate::ingest::files;

pub async fn import_paths(db: &DatabaseArgs, paths: &[PathBuf]) -> CliResult {
    init_tracing(LogFormat::Text);
    let store = open(db).await?;
    let inputs = files::expand(paths).map_err(|e| format!("cannot list inputs: {e}"))?;
    let mut summary = Summary::default();
    let mut batch = Vec::new();
    for path in inputs {
        batch.extend(files::read(&path));
        if batch.len() >= import::BATCH {
            import::import_batch(&store, std::mem::take(&mut batch), &mut summary)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "{} articles read: {} imported, {} skipped, {} failed",
                summary.seen(),
                summary.imported,
                summary.skipped,
                summary.failed.len()
            );
        }
    }
    import::import_batch(&store, batch, &mut summary)
        .await
        .map_err(|e| e.to_string())?;
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    for (origin, why) in &summary.failed {
        eprintln!("failed: {origin}: {why}");
    }
    println!(
        "imported {}, skipped {} (already stored), failed {}",
        summary.imported,
        summary.skipped,
        summary.failed.len()
    );
    Ok(())
}
