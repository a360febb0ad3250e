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

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::ingest::files::Record;
use crate::ingest::{self, Invalid};
use crate::offsets::OffsetUnit;
use crate::store::{content_hash, NewArticle, Store, StoreError, Supplied};

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

enum Prepared {
    Ready(Box<(NewArticle, Supplied)>),
    Failed(String),
}

/// One batch after the first stage: what to write, and what was settled already.
struct Staged {
    ready: Vec<(NewArticle, Supplied)>,
    failed: Vec<(String, String)>,
    warnings: Vec<String>,
    skipped: usize,
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .build()
        .map(Arc::new)
        .map_err(|e| {
            StoreError::Database(sqlx::Error::Protocol(format!(
                "cannot start the annotation threads: {e}"
            )))
        })?;
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
            let staged = handle.block_on(stage(&reader_store, chunk, Some(pool.clone())));
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
    producer.await.map_err(|e| {
        StoreError::Database(sqlx::Error::Protocol(format!("import reader failed: {e}")))
    })?;
    result.map(|()| summary)
}

/// Imports one batch of records into the store, adding to `summary`.
pub async fn import_batch(
    store: &Store,
    records: Vec<Record>,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    let staged = stage(store, records, None).await?;
    write(store, staged, summary).await
}

/// Splits off unreadable records and stored duplicates, then annotates the rest in
/// parallel on `pool` (rayon's global pool if none).
async fn stage(
    store: &Store,
    records: Vec<Record>,
    pool: Option<Arc<rayon::ThreadPool>>,
) -> Result<Staged, StoreError> {
    let mut staged = Staged {
        ready: Vec::with_capacity(records.len()),
        failed: Vec::new(),
        warnings: Vec::new(),
        skipped: 0,
    };
    let mut work = Vec::with_capacity(records.len());
    for record in records {
        if let Some(w) = record.warning {
            staged.warnings.push(w);
        }
        match record.article {
            Err(e) => staged.failed.push((record.origin, e)),
            Ok(article) => {
                let hash = content_hash(&article.body);
                work.push((record.origin, hash, article));
            }
        }
    }
    // Skip stored articles before paying for annotation: one query per batch.
    let hashes: Vec<String> = work.iter().map(|(_, h, _)| h.clone()).collect();
    let stored = store.existing_hashes(&hashes).await?;
    let mut seen = HashSet::new();
    let work: Vec<(String, ingest::ArticleInput)> = work
        .into_iter()
        .filter_map(|(origin, hash, article)| {
            if stored.contains_key(&hash) || !seen.insert(hash) {
                staged.skipped += 1;
                None
            } else {
                Some((origin, article))
            }
        })
        .collect();
    let prepared = tokio::task::spawn_blocking(move || match pool {
        Some(pool) => pool.install(|| prepare_parallel(work)),
        None => prepare_parallel(work),
    })
    .await
    .map_err(|e| StoreError::Database(sqlx::Error::Protocol(format!("annotation failed: {e}"))))?;
    for (origin, p) in prepared {
        match p {
            Prepared::Ready(b) => staged.ready.push(*b),
            Prepared::Failed(why) => staged.failed.push((origin, why)),
        }
    }
    Ok(staged)
}

async fn write(store: &Store, staged: Staged, summary: &mut Summary) -> Result<(), StoreError> {
    summary.warnings.extend(staged.warnings);
    summary.failed.extend(staged.failed);
    summary.skipped += staged.skipped;
    if staged.ready.is_empty() {
        return Ok(());
    }
    for result in store.insert_articles(&staged.ready).await? {
        match result {
            Ok(_) => summary.imported += 1,
            Err(_) => summary.skipped += 1,
        }
    }
    Ok(())
}

/// Validates and annotates articles on all cores, keeping their order.
fn prepare_parallel(work: Vec<(String, ingest::ArticleInput)>) -> Vec<(String, Prepared)> {
    work.into_par_iter()
        .map(|(origin, article)| {
            let outcome = match ingest::prepare(article, OffsetUnit::Codepoint) {
                Ok(ready) => Prepared::Ready(Box::new(ready)),
                Err(Invalid { field, detail }) => Prepared::Failed(format!("{field}: {detail}")),
            };
            (origin, outcome)
        })
        .collect()
}
