//! Bulk import: articles are validated and annotated in parallel on every core,
//! then written in batches, each batch one transaction. An article is stored with
//! all its annotations or not at all; running an import again skips what is stored.
//!
//! The work is a two-stage pipeline: a blocking thread reads records, drops those
//! already stored (one query per batch) and annotates the rest with rayon, while
//! the async side writes the previous batch. At most two prepared batches wait
//! between the stages, so memory stays bounded whatever the size of the input.
//!
//! Writing is one serial chain (the async side hands each statement to SQLite's
//! thread and waits), and it is the longer stage: annotation gets every core but
//! one, so that the chain never waits for a core (measured against annotating on
//! every core: BENCHMARKS.md, import).

use crate::ingest::files::Record;
use crate::ingest::pipeline::{self, Annotators, Outcome, Prepared};
use crate::ingest::Invalid;
use crate::offsets::OffsetUnit;
use crate::store::{Store, StoreError};

/// Articles per transaction: large enough to amortize commits, small enough that
/// an interrupted import loses little work.
pub const BATCH: usize = 256;

#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub imported: usize,
    /// Already stored, or repeated in the input (same body or same url).
    pub skipped: usize,
    pub failed: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// Stopped by `run_until`'s signal before the input ended.
    pub interrupted: bool,
}

impl Summary {
    pub fn seen(&self) -> usize {
        self.imported + self.skipped + self.failed.len()
    }
}

/// One batch after the first stage: where each input came from, and the
/// pipeline's prepared batch.
struct Staged {
    origins: Vec<String>,
    warnings: Vec<String>,
    prepared: Prepared,
}

/// Imports a stream of records: annotation in parallel, writes in transactions of
/// `batch` articles. `report` is called after every batch written.
pub async fn run<I>(
    store: &Store,
    records: I,
    batch: usize,
    report: impl FnMut(&Summary),
) -> Result<Summary, StoreError>
where
    I: Iterator<Item = Record> + Send + 'static,
{
    run_until(store, records, batch, report, std::future::pending()).await
}

/// As `run`, stopping early when `stop` resolves: the batch being written is
/// committed (whole articles only), nothing more is read, and the summary says
/// `interrupted`. A later run over the same input skips what is stored.
pub async fn run_until<I>(
    store: &Store,
    records: I,
    batch: usize,
    mut report: impl FnMut(&Summary),
    stop: impl std::future::Future<Output = ()>,
) -> Result<Summary, StoreError>
where
    I: Iterator<Item = Record> + Send + 'static,
{
    let batch = batch.max(1);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let annotators = Annotators::with_threads(cores.saturating_sub(1))?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Staged, StoreError>>(2);
    let reader_store = store.clone();
    let handle = tokio::runtime::Handle::current();
    let producer = tokio::task::spawn_blocking(move || {
        let mut records = records;
        loop {
            let chunk: Vec<Record> = records.by_ref().take(batch).collect();
            if chunk.is_empty() {
                break;
            }
            let staged = handle.block_on(stage(&reader_store, chunk, &annotators));
            if tx.blocking_send(staged).is_err() {
                break;
            }
        }
    });
    let mut summary = Summary::default();
    let mut result = Ok(());
    tokio::pin!(stop);
    loop {
        // Checked between batches only: a write, once begun, runs to its commit.
        let staged = tokio::select! {
            biased;
            () = &mut stop => {
                summary.interrupted = true;
                break;
            }
            staged = rx.recv() => staged,
        };
        let Some(staged) = staged else { break };
        match staged {
            Ok(staged) => {
                if let Err(e) = write(store, staged, &mut summary).await {
                    result = Err(e);
                    break;
                }
                report(&summary);
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    // The reader's next send fails, so it stops after the batch it is preparing.
    drop(rx);
    if summary.interrupted {
        // Not waited for: it may be blocked reading an idle pipe or terminal.
        return result.map(|()| summary);
    }
    producer
        .await
        .map_err(|e| StoreError::Internal(format!("import reader failed: {e}")))?;
    result.map(|()| summary)
}

/// Imports one batch of records into the store, adding to `summary`.
pub async fn import_batch(
    store: &Store,
    records: Vec<Record>,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    let staged = stage(store, records, &Annotators::default()).await?;
    write(store, staged, summary).await
}

async fn stage(
    store: &Store,
    records: Vec<Record>,
    annotators: &Annotators,
) -> Result<Staged, StoreError> {
    let mut origins = Vec::with_capacity(records.len());
    let mut warnings = Vec::new();
    let mut inputs = Vec::with_capacity(records.len());
    for record in records {
        warnings.extend(record.warning);
        origins.push(record.origin);
        inputs.push(record.article);
    }
    let prepared =
        pipeline::prepare_batch(store, inputs, OffsetUnit::Codepoint, annotators).await?;
    Ok(Staged {
        origins,
        warnings,
        prepared,
    })
}

async fn write(store: &Store, staged: Staged, summary: &mut Summary) -> Result<(), StoreError> {
    summary.warnings.extend(staged.warnings);
    let outcomes = pipeline::write_batch(store, staged.prepared).await?;
    for (origin, outcome) in staged.origins.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Stored(_) => summary.imported += 1,
            Outcome::Duplicate { .. } => summary.skipped += 1,
            Outcome::Invalid(Invalid { field, detail }) => {
                summary.failed.push((origin, format!("{field}: {detail}")))
            }
            Outcome::Unreadable(why) => summary.failed.push((origin, why)),
        }
    }
    Ok(())
}
