//! The one bulk-write pipeline, for `quotewire import` and
//! `POST /api/articles:batch`: a batch of inputs is checked against the store
//! (stored bodies are answered before paying for annotation), validated and
//! annotated in parallel, then written in one transaction. Each input gets an
//! `Outcome`, in input order; the callers only tally or answer them.

use std::sync::Arc;

use rayon::prelude::*;

use super::{prepare, ArticleInput, Invalid};
use crate::offsets::OffsetUnit;
use crate::store::{content_hash, NewArticle, Store, StoreError, Supplied};

/// One input: an article, or why it could not be read as one.
pub type Input = Result<ArticleInput, String>;

/// What became of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Stored(i64),
    /// A stored article has the same body, or (with `url`) the same url.
    Duplicate {
        existing: i64,
        url: bool,
    },
    /// An article, but one that cannot be accepted: the field at fault.
    Invalid(Invalid),
    /// Not an article at all (malformed JSON, an unreadable file).
    Unreadable(String),
}

/// Where annotation runs: rayon's global pool, or a pool of the caller's (the
/// import keeps a core free for its writer).
#[derive(Clone, Default)]
pub struct Annotators(Option<Arc<rayon::ThreadPool>>);

impl Annotators {
    /// A pool of `threads` threads.
    pub fn with_threads(threads: usize) -> Result<Annotators, StoreError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map(|p| Annotators(Some(Arc::new(p))))
            .map_err(|e| StoreError::Internal(format!("cannot start the annotation threads: {e}")))
    }

    fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        match &self.0 {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }
}

/// An input validated and annotated, ready to write.
type Ready = (NewArticle, Supplied);

/// What is known of one input before the write.
enum Slot {
    Settled(Outcome),
    /// Its outcome is that of `ready[i]`'s write.
    Written(usize),
    /// Being validated and annotated.
    Waiting,
}

/// A batch after the checks and annotation, before the write.
pub struct Prepared {
    slots: Vec<Slot>,
    ready: Vec<Ready>,
}

/// Answers stored duplicates, then validates and annotates the rest in
/// parallel. CPU-bound: callers run it off the async threads.
pub async fn prepare_batch(
    store: &Store,
    inputs: Vec<Input>,
    unit: OffsetUnit,
    annotators: &Annotators,
) -> Result<Prepared, StoreError> {
    let hashes: Vec<String> = inputs
        .iter()
        .filter_map(|i| i.as_ref().ok().map(|a| content_hash(&a.body)))
        .collect();
    let stored = store.existing_hashes(&hashes).await?;
    let mut slots: Vec<Slot> = Vec::with_capacity(inputs.len());
    let mut work = Vec::new();
    for input in inputs {
        match input {
            Err(why) => slots.push(Slot::Settled(Outcome::Unreadable(why))),
            Ok(article) => match stored.get(&content_hash(&article.body)) {
                Some(&existing) => slots.push(Slot::Settled(Outcome::Duplicate {
                    existing,
                    url: false,
                })),
                None => {
                    work.push((slots.len(), article));
                    slots.push(Slot::Waiting);
                }
            },
        }
    }
    let annotators = annotators.clone();
    let prepared: Vec<(usize, Result<Ready, Invalid>)> = tokio::task::spawn_blocking(move || {
        annotators.run(|| {
            work.into_par_iter()
                .map(|(slot, article)| (slot, prepare(article, unit)))
                .collect()
        })
    })
    .await
    .map_err(|e| StoreError::Internal(format!("annotation failed: {e}")))?;
    let mut ready = Vec::with_capacity(prepared.len());
    for (slot, result) in prepared {
        slots[slot] = match result {
            Ok(r) => {
                ready.push(r);
                Slot::Written(ready.len() - 1)
            }
            Err(invalid) => Slot::Settled(Outcome::Invalid(invalid)),
        };
    }
    Ok(Prepared { slots, ready })
}

/// Writes a prepared batch in one transaction; one outcome per input, in order.
pub async fn write_batch(store: &Store, prepared: Prepared) -> Result<Vec<Outcome>, StoreError> {
    let written = if prepared.ready.is_empty() {
        Vec::new()
    } else {
        store.insert_articles(&prepared.ready).await?
    };
    let mut written: Vec<Option<Outcome>> = written
        .into_iter()
        .map(|r| match r {
            Ok(id) => Ok(Outcome::Stored(id)),
            Err(StoreError::DuplicateBody(existing)) => Ok(Outcome::Duplicate {
                existing,
                url: false,
            }),
            Err(StoreError::DuplicateUrl(existing)) => Ok(Outcome::Duplicate {
                existing,
                url: true,
            }),
            Err(e) => Err(e),
        })
        .map(|r| r.map(Some))
        .collect::<Result<_, _>>()?;
    prepared
        .slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Settled(outcome) => Some(outcome),
            Slot::Written(i) => written.get_mut(i).and_then(Option::take),
            Slot::Waiting => None,
        })
        .map(|o| o.ok_or_else(|| StoreError::Internal("an input was left unanswered".into())))
        .collect()
}

/// Both stages, for callers with nothing to overlap them with.
pub async fn ingest_batch(
    store: &Store,
    inputs: Vec<Input>,
    unit: OffsetUnit,
    annotators: &Annotators,
) -> Result<Vec<Outcome>, StoreError> {
    let prepared = prepare_batch(store, inputs, unit, annotators).await?;
    write_batch(store, prepared).await
}
