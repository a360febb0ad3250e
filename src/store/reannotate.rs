//! Re-annotation after an engine upgrade: which articles to redo, what of theirs is
//! manual (and so kept), and the replacement of automatic annotations in batches.

use std::collections::{HashMap, HashSet};

use sqlx::{QueryBuilder, Sqlite};

use super::write::{now, replace_auto};
use super::{json_list, push_date_range, Result, Store, Supplied};

/// Which articles to re-annotate. Only articles the engine annotated before
/// (`annotator_version` set) are candidates: the others hold only supplied annotations.
#[derive(Debug, Clone, Default)]
pub struct ReannotateFilter {
    /// Only articles annotated by a version other than this one.
    pub stale_of: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub ids: Vec<i64>,
}

/// An article to re-annotate with what must survive it.
#[derive(Debug, Clone)]
pub struct ReannotateTarget {
    pub id: i64,
    pub body: String,
    /// Spans of manual quotes: new automatic quotes overlapping one are dropped.
    pub manual_quotes: Vec<(usize, usize)>,
    /// Spans of manual mentions: a new automatic mention at the same span is dropped.
    pub manual_mentions: Vec<(usize, usize)>,
    /// Whether the engine made this article's quotes (false when they were all supplied).
    pub quotes_auto: bool,
    /// Whether the engine made this article's entities.
    pub entities_auto: bool,
}

impl Store {
    /// Counts the articles a filter selects.
    pub async fn reannotate_count(&self, filter: &ReannotateFilter) -> Result<i64> {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT count(*) FROM articles a");
        push_filter(&mut qb, filter);
        Ok(qb.build_query_scalar().fetch_one(&self.pool).await?)
    }

    /// The next `limit` articles after id `after` (in id order) that the filter selects.
    pub async fn reannotate_targets(
        &self,
        filter: &ReannotateFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<ReannotateTarget>> {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT a.id, a.body FROM articles a");
        push_filter(&mut qb, filter);
        qb.push(" AND a.id > ")
            .push_bind(after)
            .push(" ORDER BY a.id LIMIT ")
            .push_bind(limit as i64);
        let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let manual_quotes = self.spans("quotes", "manual", &ids).await?;
        let manual_mentions = self.spans("mentions", "manual", &ids).await?;
        let auto_quotes = self.spans("quotes", "auto", &ids).await?;
        let auto_mentions = self.spans("mentions", "auto", &ids).await?;
        let has = |m: &HashMap<i64, Vec<(usize, usize)>>, id: i64| m.contains_key(&id);
        Ok(rows
            .into_iter()
            .map(|(id, body)| {
                let mq = manual_quotes.get(&id).cloned().unwrap_or_default();
                let mm = manual_mentions.get(&id).cloned().unwrap_or_default();
                ReannotateTarget {
                    id,
                    body,
                    // Supplied parts have manual rows and no automatic ones.
                    quotes_auto: has(&auto_quotes, id) || mq.is_empty(),
                    entities_auto: has(&auto_mentions, id) || mm.is_empty(),
                    manual_quotes: mq,
                    manual_mentions: mm,
                }
            })
            .collect())
    }

    /// Spans of one origin in `quotes` or `mentions`, per article.
    async fn spans(
        &self,
        table: &str,
        origin: &str,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<(usize, usize)>>> {
        // `table` and `origin` come from the fixed calls above, never from input.
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT article_id, start, \"end\" FROM {table} WHERE origin = '{origin}' AND article_id IN ("
        ));
        let mut sep = qb.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        sep.push_unseparated(")");
        let rows: Vec<(i64, i64, i64)> = qb.build_query_as().fetch_all(&self.pool).await?;
        let mut out: HashMap<i64, Vec<(usize, usize)>> = HashMap::new();
        for (id, s, e) in rows {
            out.entry(id)
                .or_default()
                .push((s.max(0) as usize, e.max(0) as usize));
        }
        Ok(out)
    }

    /// Replaces the automatic annotations of many articles in one transaction
    /// (manual ones stay) and records the engine version on each.
    pub async fn replace_auto_many(&self, items: &[(i64, Supplied)]) -> Result<()> {
        let mut once = HashSet::new();
        let items: Vec<(i64, &Supplied)> = items
            .iter()
            .filter(|(id, _)| once.insert(*id))
            .map(|(id, ann)| (*id, ann))
            .collect();
        if items.is_empty() {
            return Ok(());
        }
        let versions: Vec<(i64, Option<&str>)> = items
            .iter()
            .map(|(id, ann)| (*id, ann.annotator_version.as_deref()))
            .collect();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE articles SET annotator_version = v.value ->> 1, updated_at = ? \
             FROM json_each(?) v WHERE articles.id = v.value ->> 0",
        )
        .bind(now())
        .bind(json_list(&versions)?)
        .execute(&mut **tx)
        .await?;
        replace_auto(&mut tx, &items).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn push_filter(qb: &mut QueryBuilder<'_, Sqlite>, filter: &ReannotateFilter) {
    qb.push(" WHERE a.annotator_version IS NOT NULL");
    if let Some(v) = &filter.stale_of {
        qb.push(" AND a.annotator_version != ").push_bind(v.clone());
    }
    if let Some(source) = &filter.source {
        qb.push(" AND a.source = ").push_bind(source.clone());
    }
    push_date_range(
        qb,
        "a.sort_key",
        filter.from.as_deref(),
        filter.to.as_deref(),
    );
    if !filter.ids.is_empty() {
        qb.push(" AND a.id IN (");
        let mut sep = qb.separated(", ");
        for id in &filter.ids {
            sep.push_bind(*id);
        }
        sep.push_unseparated(")");
    }
}
