//! Facets: the most frequent values of a field over the rows a list's filters
//! match, each counted by its own statement under a time budget of its own
//! (`deadline::limit_statements`): a facet that cannot finish in time is reported
//! truncated, and the others and the list still answer.
//!
//! A facet that reads another table per matching row (an article's entities or
//! speakers, a quote's source) counts at most `sample` of the matching rows, the
//! most recently added: grouping every entity of a third of a large archive costs
//! more than a list request may, while the most frequent values of a few thousand
//! rows are already the ones a reader narrows by. Such a facet says `sampled`.
//! A facet of the rows' own columns counts them all.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::{QueryBuilder, Sqlite};

use super::articles::{self, filtered_article_keys, push_filtered_articles};
use super::entities::push_entity_filters;
use super::fts::{push_all_matches, FullText, ARTICLE_TEXT, QUOTE_TEXT};
use super::quotes::{self, push_filtered_quotes};
use super::{deadline, ArticleFilter, EntityFilter, QuoteFilter, Result, Store, StoreError};
use crate::model::{Facet, FacetBucket};

/// How long one facet may run when not configured.
pub const DEFAULT_FACET_BUDGET: Duration = Duration::from_millis(200);

/// How many matching rows a facet counts at most when not configured.
pub const DEFAULT_FACET_SAMPLE: u64 = 5_000;

/// The budget of every facet statement, in microseconds, and the most rows one counts.
#[derive(Debug)]
pub(super) struct FacetLimits {
    budget_micros: AtomicU64,
    sample: AtomicU64,
}

impl Default for FacetLimits {
    fn default() -> Self {
        FacetLimits {
            budget_micros: AtomicU64::new(DEFAULT_FACET_BUDGET.as_micros() as u64),
            sample: AtomicU64::new(DEFAULT_FACET_SAMPLE),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteFacet {
    Speaker,
    Kind,
    Cue,
    Source,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFacet {
    Source,
    Byline,
    Entity,
    Speaker,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityFacet {
    Kind,
}

/// Whether a facet's values are entity ids, to be labelled with entity names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    Entities,
    /// Entity ids of named things only (people, organizations, places, misc):
    /// the dates and numbers an article names would crowd them out.
    NamedEntities,
    Plain,
}

/// The entity kinds `Values::NamedEntities` keeps.
const NAMED: &str = "'person', 'organization', 'location', 'misc'";

impl Store {
    /// From now on each facet statement may run at most `budget` (at least 1 µs).
    pub fn set_facet_budget(&self, budget: Duration) {
        let micros = u64::try_from(budget.as_micros()).unwrap_or(u64::MAX).max(1);
        self.facet_limits
            .budget_micros
            .store(micros, Ordering::Relaxed);
    }

    /// From now on each facet counts at most `rows` matching rows (at least 1).
    pub fn set_facet_sample(&self, rows: u64) {
        self.facet_limits
            .sample
            .store(rows.max(1), Ordering::Relaxed);
    }

    fn facet_sample(&self) -> i64 {
        i64::try_from(self.facet_limits.sample.load(Ordering::Relaxed))
            .map_or(WHOLE - 1, |n| n.min(WHOLE - 1))
    }

    pub async fn quote_facet(
        &self,
        filter: &QuoteFilter,
        facet: QuoteFacet,
        size: usize,
    ) -> Result<Facet> {
        let (expr, values) = match facet {
            QuoteFacet::Speaker => ("q.speaker_entity_id", Values::Entities),
            QuoteFacet::Kind => ("q.kind", Values::Plain),
            QuoteFacet::Cue => ("nullif(q.cue_norm, '')", Values::Plain),
            QuoteFacet::Source => (
                "(SELECT a.source FROM articles a WHERE a.id = q.article_id)",
                Values::Plain,
            ),
            QuoteFacet::Month => (
                "CASE WHEN length(q.sort_key) >= 7 THEN substr(q.sort_key, 1, 7) END",
                Values::Plain,
            ),
        };
        // Columns of the quote itself are counted whole; a source is looked up per quote.
        if facet != QuoteFacet::Source {
            let mut qb = QueryBuilder::new("WITH sample(id) AS (SELECT 0 WHERE 0)");
            outer(&mut qb, values, WHOLE);
            qb.push(format!("SELECT {expr} AS value, count(*) AS n"));
            push_filtered_quotes(&mut qb, filter);
            close(&mut qb, size, values);
            return self.run_facet(qb).await;
        }
        let sample = self.facet_sample();
        let mut qb = match filter.q.as_deref() {
            Some(text) if quotes::only_q(filter) => text_sample(&QUOTE_TEXT, text, sample),
            _ => {
                let mut qb = QueryBuilder::new("WITH sample(id) AS MATERIALIZED (SELECT q.id");
                push_filtered_quotes(&mut qb, filter);
                close_sample(&mut qb, "q.id", sample);
                qb
            }
        };
        outer(&mut qb, values, sample);
        qb.push(format!(
            "SELECT {expr} AS value, count(*) AS n FROM quotes q WHERE q.id IN ("
        ));
        push_sampled(&mut qb, sample);
        close(&mut qb, size, values);
        self.run_facet(qb).await
    }

    pub async fn article_facet(
        &self,
        filter: &ArticleFilter,
        facet: ArticleFacet,
        size: usize,
    ) -> Result<Facet> {
        let id = filtered_article_keys(filter).1;
        let values = match facet {
            ArticleFacet::Entity => Values::NamedEntities,
            ArticleFacet::Speaker => Values::Entities,
            _ => Values::Plain,
        };
        // Columns of the article are counted whole; entities and speakers are read per article.
        let expr = match facet {
            ArticleFacet::Source => Some("a.source"),
            ArticleFacet::Byline => Some("a.byline"),
            ArticleFacet::Month => {
                Some("CASE WHEN length(a.sort_key) >= 7 THEN substr(a.sort_key, 1, 7) END")
            }
            ArticleFacet::Entity | ArticleFacet::Speaker => None,
        };
        if let Some(expr) = expr {
            return self.run_facet(article_columns(filter, expr, size)).await;
        }
        let sample = self.facet_sample();
        let mut qb = match filter.q.as_deref() {
            Some(text) if articles::only_q(filter) => text_sample(&ARTICLE_TEXT, text, sample),
            _ => {
                let mut qb =
                    QueryBuilder::new(format!("WITH sample(id) AS MATERIALIZED (SELECT {id}"));
                push_filtered_articles(&mut qb, filter);
                close_sample(&mut qb, id, sample);
                qb
            }
        };
        outer(&mut qb, values, sample);
        qb.push(match facet {
            ArticleFacet::Entity => {
                "SELECT fe.entity_id AS value, count(*) AS n \
                 FROM article_entities fe WHERE fe.article_id IN ("
            }
            _ => {
                "SELECT fq.speaker_entity_id AS value, \
                 count(DISTINCT fq.article_id) AS n FROM quotes fq WHERE fq.article_id IN ("
            }
        });
        push_sampled(&mut qb, sample);
        close(&mut qb, size, values);
        self.run_facet(qb).await
    }

    pub async fn entity_facet(
        &self,
        filter: &EntityFilter,
        facet: EntityFacet,
        size: usize,
    ) -> Result<Facet> {
        let EntityFacet::Kind = facet;
        // The entity list is one row per thing named, small beside its mentions:
        // counted whole.
        let mut qb = QueryBuilder::new("WITH sample(id) AS (SELECT 0 WHERE 0)");
        outer(&mut qb, Values::Plain, i64::MAX);
        qb.push("SELECT e.kind AS value, count(*) AS n FROM entities e");
        push_entity_filters(&mut qb, filter);
        close(&mut qb, size, Values::Plain);
        self.run_facet(qb).await
    }

    /// Runs one facet statement under the facet budget; a statement stopped by it
    /// (or by the store's read limit) is a truncated facet, not an error.
    async fn run_facet(&self, mut qb: QueryBuilder<'_, Sqlite>) -> Result<Facet> {
        let budget = Duration::from_micros(self.facet_limits.budget_micros.load(Ordering::Relaxed));
        let mut conn = self.pool.acquire().await?;
        let limit = deadline::limit_statements(&mut conn, budget).await?;
        let rows: std::result::Result<Vec<FacetRow>, StoreError> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::from);
        drop(limit);
        match rows {
            Ok(rows) => {
                let mut sampled = false;
                let mut buckets = Vec::with_capacity(rows.len());
                for (value, label, count) in rows {
                    match value {
                        None => sampled = count != 0,
                        Some(value) => buckets.push(FacetBucket {
                            label: label.unwrap_or_else(|| value.clone()),
                            value,
                            count,
                        }),
                    }
                }
                Ok(Facet {
                    buckets,
                    truncated: false,
                    sampled,
                })
            }
            Err(StoreError::Interrupted) => Ok(Facet {
                buckets: Vec::new(),
                truncated: true,
                sampled: false,
            }),
            Err(e) => Err(e),
        }
    }
}

/// `value` (none on the row that says whether rows were left uncounted), `label`, `count`.
type FacetRow = (Option<String>, Option<String>, i64);

/// The ids of the sample, most recently added first: `sample` + 1 of them, so
/// that the facet can tell whether more matched than it counts.
fn close_sample(qb: &mut QueryBuilder<'_, Sqlite>, id: &str, sample: i64) {
    if sample < WHOLE {
        qb.push(format!(" ORDER BY {id} DESC LIMIT "))
            .push_bind(sample.saturating_add(1));
    }
    qb.push(")");
}

/// The "sample" of a facet that counts every matching row: one that reads only
/// the rows' own columns costs about what the list's count does.
const WHOLE: i64 = i64::MAX - 1;

/// A facet of the articles' own columns over every match: straight off the
/// filtered rows, or through their ids where one entity's rows are read.
fn article_columns(
    filter: &ArticleFilter,
    expr: &str,
    size: usize,
) -> QueryBuilder<'static, Sqlite> {
    let mut qb = QueryBuilder::new("WITH sample(id) AS (SELECT 0 WHERE 0)");
    outer(&mut qb, Values::Plain, WHOLE);
    qb.push(format!("SELECT {expr} AS value, count(*) AS n"));
    match filtered_article_keys(filter) {
        (_, "a.id") => push_filtered_articles(&mut qb, filter),
        (_, id) => {
            qb.push(format!(" FROM articles a WHERE a.id IN (SELECT {id}"));
            push_filtered_articles(&mut qb, filter);
            qb.push(")");
        }
    }
    close(&mut qb, size, Values::Plain);
    qb
}

/// The sample of `q` alone, read off the full-text index (whose rowids are the
/// table's ids), which walks them backwards and stops at the sample's end: going
/// through the table would collect every match of a common word first.
fn text_sample(text: &FullText, q: &str, sample: i64) -> QueryBuilder<'static, Sqlite> {
    let mut qb = QueryBuilder::new("WITH sample(id) AS MATERIALIZED (SELECT rowid");
    push_all_matches(&mut qb, text, q);
    close_sample(&mut qb, "rowid", sample);
    qb
}

/// The rows a facet counts: the first `sample` ids of the sample, and `)`.
fn push_sampled(qb: &mut QueryBuilder<'_, Sqlite>, sample: i64) {
    qb.push("SELECT id FROM sample");
    if sample < WHOLE {
        qb.push(" ORDER BY id DESC LIMIT ").push_bind(sample);
    }
    qb.push(")");
}

/// The statement around a facet's grouped rows (`value`, `n`): first a row
/// without a value whose count says whether rows were left uncounted, then the
/// buckets, labelled from `entities` for the top rows only.
fn outer(qb: &mut QueryBuilder<'_, Sqlite>, values: Values, sample: i64) {
    qb.push(" SELECT NULL, NULL, (SELECT count(*) FROM sample) > ")
        .push_bind(sample)
        .push(" UNION ALL SELECT * FROM (");
    qb.push(match values {
        Values::Entities | Values::NamedEntities => {
            "SELECT CAST(f.value AS TEXT), coalesce(e.name, CAST(f.value AS TEXT)), f.n FROM ("
        }
        Values::Plain => "SELECT CAST(f.value AS TEXT), CAST(f.value AS TEXT), f.n FROM (",
    });
}

/// Groups the inner rows by value, keeps the `size` most frequent, and labels
/// them. Named entities are told from dates and numbers after grouping (one
/// lookup per entity, not per row), so the limit comes after that.
fn close(qb: &mut QueryBuilder<'_, Sqlite>, size: usize, values: Values) {
    qb.push(" GROUP BY value HAVING value IS NOT NULL");
    if values != Values::NamedEntities {
        qb.push(" ORDER BY n DESC, value LIMIT ")
            .push_bind(size as i64);
    }
    qb.push(") f");
    match values {
        Values::Entities => {
            qb.push(" LEFT JOIN entities e ON e.id = f.value");
        }
        Values::NamedEntities => {
            qb.push(format!(
                " JOIN entities e ON e.id = f.value AND e.kind IN ({NAMED})"
            ));
        }
        Values::Plain => {}
    }
    qb.push(" ORDER BY f.n DESC, f.value");
    if values == Values::NamedEntities {
        qb.push(" LIMIT ").push_bind(size as i64);
    }
    qb.push(")");
}
