//! Bulk import: articles are validated and annotated in parallel on every core,
//! then written in batches, each batch one transaction. An article is stored with
//! all its annotations or not at all; running an import again skips what is stored.

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
    /// Already stored (same body or same url).
    pub skipped: usize,
    pub failed: Vec<(String, String)>,
    pub warnings: Vec<String>,
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

/// Imports one batch of records into the store, adding to `summary`.
pub async fn import_batch(
    store: &Store,
    records: Vec<Record>,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    let mut work = Vec::with_capacity(records.len());
    for record in records {
        if let Some(w) = record.warning {
            summary.warnings.push(w);
        }
        match record.article {
            Err(e) => summary.failed.push((record.origin, e)),
            Ok(article) => {
                // Skip stored articles before paying for annotation.
                if store
                    .content_hash_exists(&content_hash(&article.body))
                    .await?
                    .is_some()
                {
                    summary.skipped += 1;
                } else {
                    work.push((record.origin, article));
                }
            }
        }
    }
    let prepared = tokio::task::spawn_blocking(move || prepare_parallel(work))
        .await
        .map_err(|e| {
            StoreError::Database(sqlx::Error::Protocol(format!("annotation failed: {e}")))
        })?;
    let mut ready = Vec::new();
    let mut origins = Vec::new();
    for (origin, p) in prepared {
        match p {
            Prepared::Ready(b) => {
                origins.push(origin);
                ready.push(*b);
            }
            Prepared::Failed(why) => summary.failed.push((origin, why)),
        }
    }
    for result in store.insert_articles(&ready).await? {
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
