//! Facets: the most frequent values of a field over every row a list's filters
//! match, each counted by its own statement under a time budget of its own
//! (`deadline::limit_statements`): a facet that cannot finish in time is reported
//! truncated, and the others and the list still answer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::{QueryBuilder, Sqlite};

use super::articles::{filtered_article_keys, push_filtered_articles};
use super::entities::push_entity_filters;
use super::quotes::push_filtered_quotes;
use super::{deadline, ArticleFilter, EntityFilter, QuoteFilter, Result, Store, StoreError};
use crate::model::{Facet, FacetBucket};

/// How long one facet may run when not configured.
pub const DEFAULT_FACET_BUDGET: Duration = Duration::from_millis(200);

/// The budget of every facet statement, in microseconds.
#[derive(Debug)]
pub(super) struct FacetBudget(AtomicU64);

impl Default for FacetBudget {
    fn default() -> Self {
        FacetBudget(AtomicU64::new(DEFAULT_FACET_BUDGET.as_micros() as u64))
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
        self.facet_budget.0.store(micros, Ordering::Relaxed);
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
        let mut qb = outer(values);
        qb.push(format!("SELECT {expr} AS value, count(*) AS n"));
        push_filtered_quotes(&mut qb, filter);
        close(&mut qb, size, values);
        self.run_facet(qb).await
    }

    pub async fn article_facet(
        &self,
        filter: &ArticleFilter,
        facet: ArticleFacet,
        size: usize,
    ) -> Result<Facet> {
        let (key, id) = filtered_article_keys(filter);
        let values = match facet {
            ArticleFacet::Entity => Values::NamedEntities,
            ArticleFacet::Speaker => Values::Entities,
            _ => Values::Plain,
        };
        let mut qb = outer(values);
        match facet {
            ArticleFacet::Source | ArticleFacet::Byline | ArticleFacet::Month => {
                let expr = match facet {
                    ArticleFacet::Source => "a.source".to_string(),
                    ArticleFacet::Byline => "a.byline".to_string(),
                    _ => format!("CASE WHEN length({key}) >= 7 THEN substr({key}, 1, 7) END"),
                };
                qb.push(format!("SELECT {expr} AS value, count(*) AS n"));
                push_filtered_articles(&mut qb, filter);
            }
            ArticleFacet::Entity => {
                qb.push(format!(
                    "SELECT fe.entity_id AS value, count(*) AS n FROM article_entities fe \
                     WHERE fe.article_id IN (SELECT {id}"
                ));
                push_filtered_articles(&mut qb, filter);
                qb.push(")");
            }
            ArticleFacet::Speaker => {
                qb.push(format!(
                    "SELECT fq.speaker_entity_id AS value, count(DISTINCT fq.article_id) AS n \
                     FROM quotes fq WHERE fq.article_id IN (SELECT {id}"
                ));
                push_filtered_articles(&mut qb, filter);
                qb.push(")");
            }
        }
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
        let mut qb = outer(Values::Plain);
        qb.push("SELECT e.kind AS value, count(*) AS n FROM entities e");
        push_entity_filters(&mut qb, filter);
        close(&mut qb, size, Values::Plain);
        self.run_facet(qb).await
    }

    /// Runs one facet statement under the facet budget; a statement stopped by it
    /// (or by the store's read limit) is a truncated facet, not an error.
    async fn run_facet(&self, mut qb: QueryBuilder<'_, Sqlite>) -> Result<Facet> {
        let budget = Duration::from_micros(self.facet_budget.0.load(Ordering::Relaxed));
        let mut conn = self.pool.acquire().await?;
        let limit = deadline::limit_statements(&mut conn, budget).await?;
        let rows: std::result::Result<Vec<(String, String, i64)>, StoreError> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::from);
        drop(limit);
        match rows {
            Ok(rows) => Ok(Facet {
                buckets: rows
                    .into_iter()
                    .map(|(value, label, count)| FacetBucket {
                        value,
                        label,
                        count,
                    })
                    .collect(),
                truncated: false,
            }),
            Err(StoreError::Interrupted) => Ok(Facet {
                buckets: Vec::new(),
                truncated: true,
            }),
            Err(e) => Err(e),
        }
    }
}

/// The statement around a facet's grouped rows (`value`, `n`): labels come from
/// `entities` for the top rows only.
fn outer(values: Values) -> QueryBuilder<'static, Sqlite> {
    QueryBuilder::new(match values {
        Values::Entities | Values::NamedEntities => {
            "SELECT CAST(f.value AS TEXT), coalesce(e.name, CAST(f.value AS TEXT)), f.n FROM ("
        }
        Values::Plain => "SELECT CAST(f.value AS TEXT), CAST(f.value AS TEXT), f.n FROM (",
    })
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
}
