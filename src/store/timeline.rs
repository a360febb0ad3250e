//! Timelines: the articles or quotes a list filter matches, counted by the
//! leading characters of their ISO 8601 date (`crate::periods` makes the periods).

use sqlx::{QueryBuilder, Sqlite};

use super::articles::{filtered_article_keys, push_filtered_articles};
use super::quotes::push_filtered_quotes;
use super::{ArticleFilter, QuoteFilter, Result, Store};
use crate::periods::Interval;

impl Store {
    /// Dated articles matching `filter`, counted by date prefix (`Interval::prefix_len`
    /// characters); articles without a date, or dated less precisely than the
    /// interval (a year alone, for months), are left out.
    pub async fn article_timeline(
        &self,
        filter: &ArticleFilter,
        interval: Interval,
    ) -> Result<Vec<(String, i64)>> {
        let n = interval.prefix_len();
        let (key, _) = filtered_article_keys(filter);
        let mut qb: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("SELECT substr({key}, 1, {n}) AS period, count(*)"));
        push_filtered_articles(&mut qb, filter);
        qb.push(format!(
            " AND length({key}) >= {n} GROUP BY period ORDER BY period"
        ));
        Ok(qb.build_query_as().fetch_all(&self.pool).await?)
    }

    /// Dated quotes matching `filter` (by their article's date), counted as
    /// `article_timeline` counts articles.
    pub async fn quote_timeline(
        &self,
        filter: &QuoteFilter,
        interval: Interval,
    ) -> Result<Vec<(String, i64)>> {
        let n = interval.prefix_len();
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT substr(q.sort_key, 1, {n}) AS period, count(*)"
        ));
        push_filtered_quotes(&mut qb, filter);
        qb.push(format!(
            " AND length(q.sort_key) >= {n} GROUP BY period ORDER BY period"
        ));
        Ok(qb.build_query_as().fetch_all(&self.pool).await?)
    }
}
