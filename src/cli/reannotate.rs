//! `quotewire reannotate`: runs the current engine again over stored articles, after
//! an engine upgrade. Automatic annotations are replaced; manual ones (supplied, or
//! corrected by hand) are kept, and new automatic ones that would repeat them are
//! dropped. Each article records the engine version that made its annotations.

use std::io::IsTerminal;
use std::time::Instant;

use rayon::prelude::*;

use super::{init_tracing, open, CliResult};
use crate::annotate::{self, Entity};
use crate::config::{DatabaseArgs, LogFormat};
use crate::ingest;
use crate::model::Origin;
use crate::store::{ReannotateFilter, ReannotateTarget, Store, Supplied};

#[derive(Debug, Clone, clap::Args)]
pub struct ReannotateArgs {
    /// Every article the engine annotated before.
    #[arg(long)]
    pub all: bool,
    /// Only articles annotated by another engine version than this binary's.
    #[arg(long)]
    pub stale: bool,
    /// Only articles of this source.
    #[arg(long)]
    pub source: Option<String>,
    /// Only articles published on or after this date (ISO 8601).
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles published on or before this date (ISO 8601).
    #[arg(long)]
    pub to: Option<String>,
    /// Only these articles (repeatable).
    #[arg(long = "id")]
    pub ids: Vec<i64>,
    /// Articles per transaction.
    #[arg(long, default_value_t = crate::import::BATCH)]
    pub batch: usize,
}

pub async fn reannotate(db: &DatabaseArgs, args: &ReannotateArgs) -> CliResult {
    init_tracing(LogFormat::Text);
    let narrowed = args.stale
        || args.source.is_some()
        || args.from.is_some()
        || args.to.is_some()
        || !args.ids.is_empty();
    if !args.all && !narrowed {
        return Err(
            "say which articles: --all, --stale, or a filter (--source, --from, --to, --id)"
                .to_string(),
        );
    }
    let date = |name: &str, v: &Option<String>| -> Result<Option<String>, String> {
        v.as_deref()
            .map(|d| {
                ingest::normalize_date(d)
                    .ok_or_else(|| format!("--{name} must be an ISO 8601 date, not `{d}`"))
            })
            .transpose()
    };
    let filter = ReannotateFilter {
        stale_of: args.stale.then(|| annotate::VERSION.to_string()),
        source: args.source.clone(),
        from: date("from", &args.from)?,
        to: date("to", &args.to)?,
        ids: args.ids.clone(),
    };
    let store = open(db).await?;
    let result = run(&store, &filter, args).await;
    store.close().await;
    result
}

async fn run(store: &Store, filter: &ReannotateFilter, args: &ReannotateArgs) -> CliResult {
    // Listening from the start: a signal is then seen at the next batch.
    let stop = tokio::spawn(super::interrupted());
    let total = store
        .reannotate_count(filter)
        .await
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| indicatif::ProgressBar::new(total.max(0) as u64));
    if let Some(bar) = &bar {
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} articles ({per_sec}, ETA {eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
    }
    let mut after = 0;
    let mut done = 0u64;
    let mut last_line = Instant::now();
    // One batch is written while the next is read and annotated, as in `import`.
    let mut writing: Option<tokio::task::JoinHandle<Result<u64, String>>> = None;
    let mut interrupted = false;
    loop {
        if stop.is_finished() {
            interrupted = true;
        }
        // After a signal nothing more is read; the batch being written still commits.
        let targets = if interrupted {
            Vec::new()
        } else {
            store
                .reannotate_targets(filter, after, args.batch.max(1))
                .await
                .map_err(|e| e.to_string())?
        };
        let last = targets.last().map(|t| t.id);
        let items = match last {
            Some(_) => tokio::task::spawn_blocking(move || {
                targets
                    .into_par_iter()
                    .map(|t| (t.id, fresh(&t)))
                    .collect::<Vec<_>>()
            })
            .await
            .map_err(|e| format!("annotation failed: {e}"))?,
            None => Vec::new(),
        };
        if let Some(w) = writing.take() {
            done += w.await.map_err(|e| format!("reannotate stopped: {e}"))??;
            match &bar {
                Some(bar) => bar.set_position(done),
                None if last_line.elapsed().as_secs() >= 5 => {
                    last_line = Instant::now();
                    eprintln!("{done} of {total} articles re-annotated");
                }
                None => {}
            }
        }
        let Some(last) = last else { break };
        after = last;
        let store = store.clone();
        writing = Some(tokio::spawn(async move {
            store.replace_auto_many(&items).await.map_err(|e| {
                format!("reannotate stopped: {e} (batches written so far are kept)")
            })?;
            Ok(items.len() as u64)
        }));
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    stop.abort();
    println!(
        "re-annotated {done} articles with {} in {:.1}s",
        annotate::VERSION,
        started.elapsed().as_secs_f64()
    );
    if interrupted {
        return Err(format!(
            "re-annotation interrupted after {done} of {total} articles; each one done is whole. \
             After an engine upgrade, finish with --stale (the articles done carry this engine's version); \
             otherwise run the same command again"
        ));
    }
    Ok(())
}

/// The engine's annotations for one article, minus what repeats a manual annotation
/// and minus whole parts that were supplied by hand.
pub fn fresh(t: &ReannotateTarget) -> Supplied {
    let auto = annotate::annotate(&t.body);
    let overlaps = |s: usize, e: usize| t.manual_quotes.iter().any(|&(ms, me)| s < me && ms < e);
    let quotes = if t.quotes_auto {
        auto.quotes
            .into_iter()
            .filter(|q| !overlaps(q.start, q.end))
            .map(|q| (q, Origin::Auto))
            .collect()
    } else {
        Vec::new()
    };
    let entities = if t.entities_auto {
        auto.entities
            .into_iter()
            .filter_map(|mut e: Entity| {
                e.mentions
                    .retain(|m| !t.manual_mentions.contains(&(m.start, m.end)));
                (!e.mentions.is_empty()).then_some((e, Origin::Auto))
            })
            .collect()
    } else {
        Vec::new()
    };
    Supplied {
        quotes,
        entities,
        annotator_version: Some(annotate::VERSION.to_string()),
    }
}
