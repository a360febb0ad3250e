//! Reading and correcting quotes.

use sqlx::{QueryBuilder, Sqlite};

use super::fts::{
    push_all_matches, push_matching, push_newest_walk, push_ranked_page, unscored, Filters,
    Matches, QUOTE_TEXT,
};
use super::rows::{QuoteRow, QUOTE_COLUMNS};
use super::write::now;
use super::{
    explain, into_page, push_date_range, push_entity_ref, EntityRef, Result, Store, StoreError,
};
use crate::annotate::{self, QuoteKind};
use crate::model::{Origin, Quote};
use crate::paging::{order, Cursor, Page, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    pub speaker: Option<EntityRef>,
    pub article: Option<i64>,
    pub kind: Option<QuoteKind>,
    pub cue: Option<String>,
    /// Already an FTS5 query (see `fts_query`).
    pub q: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub origin: Option<Origin>,
    /// Quotes of articles from this exact source.
    pub source: Option<String>,
    /// Quotes whose text mentions this entity (table `quote_entities`).
    pub about: Option<EntityRef>,
    /// With `q`: newest first over every match instead of by relevance (ignored without `q`).
    pub newest_first: bool,
}

/// A manual quote for an article; spans already validated against its body.
#[derive(Debug, Clone)]
pub struct NewQuote {
    pub article_id: i64,
    pub quote: annotate::Quote,
}

/// A correction; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct QuotePatch {
    pub kind: Option<QuoteKind>,
    /// New content span and its text.
    pub span: Option<(usize, usize, String)>,
    pub speaker: Option<Option<String>>,
    pub speaker_mention: Option<Option<annotate::Span>>,
    pub cue: Option<Option<annotate::Span>>,
    pub role: Option<Option<String>>,
}

impl Store {
    pub async fn quote(&self, id: i64) -> Result<Option<Quote>> {
        let row: Option<QuoteRow> = sqlx::query_as(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Quote::from))
    }

    /// The query plan of the page query `quotes` runs for this filter.
    pub async fn explain_quotes(
        &self,
        filter: &QuoteFilter,
        page: &PageRequest,
    ) -> Result<Vec<String>> {
        let matches = self.quote_matches(filter).await?;
        let mut qb = quote_query(filter, matches, page, "EXPLAIN QUERY PLAN ");
        explain(&self.pool, &mut qb).await
    }

    /// How the page query meets the matches of `q` (`None` without `q` or by relevance).
    async fn quote_matches(&self, filter: &QuoteFilter) -> Result<Option<Matches>> {
        Ok(match &filter.q {
            Some(q) if filter.newest_first => Some(unscored(&self.pool, &QUOTE_TEXT, q).await?),
            _ => None,
        })
    }

    pub async fn quotes(&self, filter: &QuoteFilter, page: &PageRequest) -> Result<Page<Quote>> {
        // One article's quotes read in text order; everything else newest first.
        let in_text_order = filter.article.is_some() && filter.q.is_none();
        let relevance = filter.q.is_some() && !filter.newest_first;
        page.expect(match (relevance, in_text_order) {
            (true, _) => order::QUOTES_RELEVANCE,
            (false, true) => order::QUOTES_POSITION,
            (false, false) => order::QUOTES_NEWEST,
        })?;
        let matches = self.quote_matches(filter).await?;
        let mut qb = quote_query(filter, matches, page, "");
        let total = if page.count {
            let mut count: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT count(*)");
            match &filter.q {
                Some(q) if only_q(filter) => push_all_matches(&mut count, &QUOTE_TEXT, q),
                _ => push_filtered_quotes(&mut count, filter),
            }
            Some(
                count
                    .build_query_scalar::<i64>()
                    .fetch_one(&self.pool)
                    .await?,
            )
        } else {
            None
        };

        if relevance {
            #[derive(sqlx::FromRow)]
            struct Scored {
                #[sqlx(flatten)]
                row: QuoteRow,
                score: f64,
            }
            let rows: Vec<Scored> = qb.build_query_as().fetch_all(&self.pool).await?;
            Ok(into_page(rows, page, total, |r| {
                Cursor::num(order::QUOTES_RELEVANCE, r.score, r.row.id)
            })
            .map(|r| Quote::from(r.row)))
        } else {
            let rows: Vec<QuoteRow> = qb.build_query_as().fetch_all(&self.pool).await?;
            let page = if in_text_order {
                into_page(rows, page, total, |r| {
                    Cursor::num(order::QUOTES_POSITION, r.start as f64, r.id)
                })
            } else {
                into_page(rows, page, total, |r| {
                    Cursor::text(order::QUOTES_NEWEST, r.sort_key.clone(), r.id)
                })
            };
            Ok(page.map(Quote::from))
        }
    }

    /// Stores a manual quote; returns its id.
    pub async fn insert_quote(&self, new: &NewQuote) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let sort_key: Option<String> =
            sqlx::query_scalar("SELECT sort_key FROM articles WHERE id = ?")
                .bind(new.article_id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(sort_key) = sort_key else {
            return Err(StoreError::NotFound);
        };
        let supplied = super::Supplied {
            quotes: vec![(new.quote.clone(), Origin::Manual)],
            entities: Vec::new(),
            annotator_version: None,
        };
        let target = super::annotations::Target {
            article_id: new.article_id,
            sort_key: &sort_key,
            ann: &supplied,
        };
        super::annotations::write(&mut tx, &[target], super::annotations::Prior::Some).await?;
        let id: i64 = sqlx::query_scalar("SELECT max(id) FROM quotes WHERE article_id = ?")
            .bind(new.article_id)
            .fetch_one(&mut **tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Corrects a quote. A corrected quote becomes manual, so re-annotation keeps it.
    pub async fn update_quote(&self, id: i64, patch: &QuotePatch) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let article_id: Option<i64> =
            sqlx::query_scalar("SELECT article_id FROM quotes WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(article_id) = article_id else {
            return Err(StoreError::NotFound);
        };
        if let Some(kind) = patch.kind {
            sqlx::query("UPDATE quotes SET kind = ? WHERE id = ?")
                .bind(kind.as_str())
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        if let Some((start, end, text)) = &patch.span {
            sqlx::query(
                "UPDATE quotes SET start = ?, \"end\" = ?, text = ?, fragments = NULL WHERE id = ?",
            )
            .bind(*start as i64)
            .bind(*end as i64)
            .bind(text)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        if let Some(speaker) = &patch.speaker {
            let entity = match speaker {
                Some(name) => {
                    Some(super::annotations::speaker_for_name(&mut tx, article_id, name).await?)
                }
                None => None,
            };
            sqlx::query("UPDATE quotes SET speaker = ?, speaker_entity_id = ? WHERE id = ?")
                .bind(speaker)
                .bind(entity)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        if let Some(sm) = &patch.speaker_mention {
            sqlx::query("UPDATE quotes SET speaker_start = ?, speaker_end = ?, speaker_text = ? WHERE id = ?")
                .bind(sm.as_ref().map(|s| s.start as i64))
                .bind(sm.as_ref().map(|s| s.end as i64))
                .bind(sm.as_ref().map(|s| s.text.clone()))
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        if let Some(cue) = &patch.cue {
            sqlx::query("UPDATE quotes SET cue_start = ?, cue_end = ?, cue_text = ?, cue_norm = ? WHERE id = ?")
                .bind(cue.as_ref().map(|s| s.start as i64))
                .bind(cue.as_ref().map(|s| s.end as i64))
                .bind(cue.as_ref().map(|s| s.text.clone()))
                .bind(cue.as_ref().map(|s| s.text.to_lowercase()))
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        if patch.span.is_some() {
            super::annotations::refresh_quote_entities(
                &mut tx,
                &[article_id],
                super::annotations::Prior::Some,
            )
            .await?;
        }
        if let Some(role) = &patch.role {
            sqlx::query("UPDATE quotes SET role = ? WHERE id = ?")
                .bind(role)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("UPDATE quotes SET origin = 'manual' WHERE id = ?")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE articles SET updated_at = ? WHERE id = ?")
            .bind(now())
            .bind(article_id)
            .execute(&mut **tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_quote(&self, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let article_id: Option<i64> =
            sqlx::query_scalar("DELETE FROM quotes WHERE id = ? RETURNING article_id")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(article_id) = article_id else {
            return Err(StoreError::NotFound);
        };
        super::annotations::refresh_counts(&mut tx, &[article_id]).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// ` FROM quotes q WHERE …` of every quote `filter` matches, unordered and
/// unpaged: the set `count=true` counts and facets and timelines group.
pub(super) fn push_filtered_quotes(qb: &mut QueryBuilder<'_, Sqlite>, filter: &QuoteFilter) {
    qb.push(" FROM quotes q WHERE 1 = 1");
    let matches = filter.q.as_ref().map(|_| Matches::Few);
    push_quote_filters(qb, filter, matches);
}

/// `q` is met here only with `matches`.
fn push_quote_filters(
    qb: &mut QueryBuilder<'_, Sqlite>,
    filter: &QuoteFilter,
    matches: Option<Matches>,
) {
    if let (Some(m), Some(q)) = (matches, &filter.q) {
        push_matching(qb, m, &QUOTE_TEXT, q);
    }
    if let Some(speaker) = &filter.speaker {
        qb.push(" AND ");
        push_entity_ref(qb, "q.speaker_entity_id", speaker);
    }
    if let Some(article) = filter.article {
        qb.push(" AND q.article_id = ").push_bind(article);
    }
    if let Some(kind) = filter.kind {
        qb.push(" AND q.kind = ").push_bind(kind.as_str());
    }
    if let Some(cue) = &filter.cue {
        qb.push(" AND q.cue_norm = ").push_bind(cue.to_lowercase());
    }
    if let Some(origin) = filter.origin {
        qb.push(" AND q.origin = ").push_bind(origin.as_str());
    }
    if let Some(source) = &filter.source {
        qb.push(" AND q.article_id IN (SELECT a.id FROM articles a WHERE a.source = ")
            .push_bind(source.clone())
            .push(")");
    }
    if let Some(about) = &filter.about {
        qb.push(" AND q.id IN (SELECT qe.quote_id FROM quote_entities qe WHERE ");
        push_entity_ref(qb, "qe.entity_id", about);
        qb.push(")");
    }
    push_date_range(
        qb,
        "q.sort_key",
        filter.from.as_deref(),
        filter.to.as_deref(),
    );
}

/// Whether full text is the only filter.
pub(super) fn only_q(f: &QuoteFilter) -> bool {
    f.speaker.is_none()
        && f.article.is_none()
        && f.kind.is_none()
        && f.cue.is_none()
        && f.origin.is_none()
        && f.source.is_none()
        && f.about.is_none()
        && f.from.is_none()
        && f.to.is_none()
}

/// The page query of `Store::quotes`; `prefix` is `EXPLAIN QUERY PLAN ` to see its plan.
fn quote_query(
    filter: &QuoteFilter,
    matches: Option<Matches>,
    page: &PageRequest,
    prefix: &str,
) -> QueryBuilder<'static, Sqlite> {
    let in_text_order = filter.article.is_some() && filter.q.is_none();
    let relevance = filter.q.is_some() && !filter.newest_first;
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!("{prefix}SELECT {QUOTE_COLUMNS}"));
    if let (true, Some(q)) = (relevance, &filter.q) {
        // Rank and page inside the full-text index; read only the page's quote rows.
        let filters = |qb: &mut QueryBuilder<'static, Sqlite>| push_quote_filters(qb, filter, None);
        let filters: Option<Filters<'_>> = (!only_q(filter)).then_some(&filters);
        push_ranked_page(&mut qb, &QUOTE_TEXT, q, page, filters);
        return qb;
    }
    // With other filters than dates (a speaker, an article), their own indexes read
    // fewer rows than a walk of every match that tests them.
    let dates_only = only_q(&QuoteFilter {
        from: None,
        to: None,
        ..filter.clone()
    });
    if let (Some(Matches::Many), Some(q), true) = (matches, &filter.q, dates_only) {
        // Walk the matches newest first (`fts` module comment).
        let after = page
            .after
            .as_ref()
            .and_then(|c| c.text_for(order::QUOTES_NEWEST));
        let filters = |qb: &mut QueryBuilder<'static, Sqlite>| {
            push_quote_filters(qb, filter, None);
        };
        let dates = (filter.from.as_deref(), filter.to.as_deref());
        push_newest_walk(&mut qb, &QUOTE_TEXT, q, after, dates, page.limit, &filters);
        return qb;
    }
    qb.push(" FROM quotes q WHERE 1 = 1");
    push_quote_filters(&mut qb, filter, matches);
    if in_text_order {
        if let Some((start, id)) = page
            .after
            .as_ref()
            .and_then(|c| c.num_for(order::QUOTES_POSITION))
        {
            qb.push(" AND (q.start, q.id) > (")
                .push_bind(start as i64)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        qb.push(" ORDER BY q.start, q.id");
    } else {
        if let Some((key, id)) = page
            .after
            .as_ref()
            .and_then(|c| c.text_for(order::QUOTES_NEWEST))
        {
            qb.push(" AND (q.sort_key, q.id) < (")
                .push_bind(key.to_string())
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        qb.push(" ORDER BY q.sort_key DESC, q.id DESC");
    }
    qb.push(" LIMIT ").push_bind(page.limit as i64 + 1);
    qb
}
