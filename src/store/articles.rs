//! Reading articles: one with its annotations, or filtered lists.

use std::collections::BTreeMap;

use sqlx::{QueryBuilder, Sqlite};

use super::fts::{
    article_snippets, push_all_matches, push_matching, push_newest_walk, push_ranked_page,
    unscored, Filters, Matches, ARTICLE_TEXT,
};
use super::rows::{
    entity_kind, ArticleRow, QuoteRow, ARTICLE_COLUMNS, ARTICLE_HEAD_COLUMNS, QUOTE_COLUMNS,
};
use super::{
    explain, into_page, json_list, push_date_range, push_entity_ref, EntityRef, Result, Store,
};
use crate::model::{Article, ArticleEntity, ArticleItem, Mention, Origin, Quote};
use crate::paging::{order, Cursor, Page, PageRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleSort {
    /// Newest `published_at` first; undated articles last.
    #[default]
    Newest,
    /// Best full-text match first (needs `q`).
    Relevance,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Already an FTS5 query (see `fts_query`).
    pub q: Option<String>,
    /// Articles naming every one of these entities (all-of).
    pub entity: Vec<EntityRef>,
    pub speaker: Option<EntityRef>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub has_quotes: Option<bool>,
    pub sort: ArticleSort,
}

/// What a list reads of each article besides its metadata and excerpt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleParts {
    pub body: bool,
    pub quotes: bool,
    pub entities: bool,
}

impl ArticleParts {
    /// Whether the whole body is read: when asked for, and with annotations, whose
    /// offsets a client may want in another unit, which takes the body to convert.
    pub fn whole_body(self) -> bool {
        self.body || self.quotes || self.entities
    }
}

impl Store {
    pub async fn article(&self, id: i64) -> Result<Option<Article>> {
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mut article = Article::from(row);
        article.quotes = Some(self.quotes_of(&[id]).await?.remove(&id).unwrap_or_default());
        article.entities = Some(
            self.entities_of(&[id])
                .await?
                .remove(&id)
                .unwrap_or_default(),
        );
        Ok(Some(article))
    }

    /// The quotes of each of several articles, in text order.
    async fn quotes_of(&self, ids: &[i64]) -> Result<BTreeMap<i64, Vec<Quote>>> {
        let rows: Vec<QuoteRow> = sqlx::query_as(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q \
             WHERE q.article_id IN (SELECT value FROM json_each(?)) \
             ORDER BY q.article_id, q.start, q.id"
        ))
        .bind(json_list(ids)?)
        .fetch_all(&self.pool)
        .await?;
        let mut by_article: BTreeMap<i64, Vec<Quote>> = BTreeMap::new();
        for row in rows {
            by_article
                .entry(row.article_id)
                .or_default()
                .push(Quote::from(row));
        }
        Ok(by_article)
    }

    /// The entities each of several articles names, with their mentions there, in
    /// order of first mention.
    async fn entities_of(&self, ids: &[i64]) -> Result<BTreeMap<i64, Vec<ArticleEntity>>> {
        type Row = (i64, i64, String, String, i64, i64, String, String);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT m.article_id, e.id, e.kind, e.name, m.start, m.\"end\", m.text, m.origin \
             FROM mentions m JOIN entities e ON e.id = m.entity_id \
             WHERE m.article_id IN (SELECT value FROM json_each(?)) \
             ORDER BY m.article_id, m.start, m.id",
        )
        .bind(json_list(ids)?)
        .fetch_all(&self.pool)
        .await?;
        let mut by_article: BTreeMap<i64, Vec<ArticleEntity>> = BTreeMap::new();
        let mut at: BTreeMap<(i64, i64), usize> = BTreeMap::new();
        for (article, eid, kind, name, start, end, text, origin) in rows {
            let entities = by_article.entry(article).or_default();
            let i = *at.entry((article, eid)).or_insert_with(|| {
                entities.push(ArticleEntity {
                    id: eid,
                    kind: entity_kind(&kind),
                    name,
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            entities[i].mentions.push(Mention {
                start: start.max(0) as usize,
                end: end.max(0) as usize,
                text,
                origin: Origin::parse(&origin),
            });
        }
        Ok(by_article)
    }

    /// Bodies of several articles, for converting offsets of a list of quotes.
    pub async fn bodies(&self, ids: &[i64]) -> Result<BTreeMap<i64, String>> {
        let mut qb: QueryBuilder<Sqlite> =
            QueryBuilder::new("SELECT id, body FROM articles WHERE id IN (");
        let mut sep = qb.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        sep.push_unseparated(")");
        if ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().collect())
    }

    /// The query plan of the page query `articles` runs for this filter.
    pub async fn explain_articles(
        &self,
        filter: &ArticleFilter,
        page: &PageRequest,
    ) -> Result<Vec<String>> {
        let matches = self.article_matches(filter).await?;
        let mut qb = article_query(
            filter,
            matches,
            page,
            ARTICLE_COLUMNS,
            "EXPLAIN QUERY PLAN ",
        );
        explain(&self.pool, &mut qb).await
    }

    /// How the page query meets the matches of `q` (`None` without `q` or by relevance).
    async fn article_matches(&self, filter: &ArticleFilter) -> Result<Option<Matches>> {
        Ok(match &filter.q {
            Some(q) if filter.sort == ArticleSort::Newest => {
                Some(unscored(&self.pool, &ARTICLE_TEXT, q).await?)
            }
            _ => None,
        })
    }

    /// A page of whole articles (body included, no annotations), as exports write them.
    pub async fn articles(
        &self,
        filter: &ArticleFilter,
        page: &PageRequest,
    ) -> Result<Page<Article>> {
        Ok(self
            .article_rows(filter, page, ARTICLE_COLUMNS)
            .await?
            .map(Article::from))
    }

    /// A page of a list of articles: each with its excerpt, the `parts` asked for,
    /// and with `q` its snippet. Without parts only the beginning of each body is read.
    pub async fn article_list(
        &self,
        filter: &ArticleFilter,
        page: &PageRequest,
        parts: ArticleParts,
    ) -> Result<Page<ArticleItem>> {
        let whole = parts.whole_body();
        let columns = if whole {
            ARTICLE_COLUMNS
        } else {
            ARTICLE_HEAD_COLUMNS
        };
        let rows = self.article_rows(filter, page, columns).await?;
        let ids: Vec<i64> = rows.items.iter().map(|r| r.id).collect();
        let mut snippets = match &filter.q {
            Some(q) if !ids.is_empty() => article_snippets(&self.pool, q, &ids).await?,
            _ => BTreeMap::new(),
        };
        let mut quotes = match parts.quotes {
            true => Some(self.quotes_of(&ids).await?),
            false => None,
        };
        let mut entities = match parts.entities {
            true => Some(self.entities_of(&ids).await?),
            false => None,
        };
        Ok(rows.map(|row| {
            let id = row.id;
            let mut item = row.item(whole);
            item.snippet = snippets.remove(&id);
            item.quotes = quotes.as_mut().map(|q| q.remove(&id).unwrap_or_default());
            item.entities = entities.as_mut().map(|e| e.remove(&id).unwrap_or_default());
            item
        }))
    }

    /// A page of article rows with `columns` (`ARTICLE_COLUMNS` or `ARTICLE_HEAD_COLUMNS`).
    async fn article_rows(
        &self,
        filter: &ArticleFilter,
        page: &PageRequest,
        columns: &str,
    ) -> Result<Page<ArticleRow>> {
        let relevance = filter.sort == ArticleSort::Relevance && filter.q.is_some();
        page.expect(if relevance {
            order::ARTICLES_RELEVANCE
        } else {
            order::ARTICLES_NEWEST
        })?;
        let matches = self.article_matches(filter).await?;
        let mut qb = article_query(filter, matches, page, columns, "");
        let total = if page.count {
            let mut count: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT count(*)");
            match &filter.q {
                Some(q) if only_q(filter) => push_all_matches(&mut count, &ARTICLE_TEXT, q),
                _ => {
                    push_filtered_articles(&mut count, filter);
                }
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
                row: ArticleRow,
                score: f64,
            }
            let rows: Vec<Scored> = qb.build_query_as().fetch_all(&self.pool).await?;
            let page = into_page(rows, page, total, |r| {
                Cursor::num(order::ARTICLES_RELEVANCE, r.score, r.row.id)
            });
            Ok(page.map(|r| r.row))
        } else {
            let rows: Vec<ArticleRow> = qb.build_query_as().fetch_all(&self.pool).await?;
            Ok(into_page(rows, page, total, |r| {
                Cursor::text(order::ARTICLES_NEWEST, r.sort_key.clone(), r.id)
            }))
        }
    }
}

/// ` FROM … WHERE …` of every article `filter` matches, unordered and unpaged: the
/// set that `count=true` counts and that facets and timelines group.
pub(super) fn push_filtered_articles(qb: &mut QueryBuilder<'_, Sqlite>, filter: &ArticleFilter) {
    let by_entity = by_entity(filter);
    let matches = filter.q.as_ref().map(|_| Matches::Few);
    // One entity's rows carry the date: the articles themselves (large rows, all over
    // the file of a big archive) are read only for a filter on their own columns.
    if let (Some(entity), None, None, None) = (by_entity, &filter.q, &filter.source, &filter.byline)
    {
        qb.push(" FROM article_entities ae WHERE ae.entity_id = ")
            .push_bind(entity);
        push_article_filters(qb, filter, matches, true, "ae.article_id");
        return;
    }
    push_article_from(qb, by_entity);
    push_article_filters(qb, filter, matches, by_entity.is_some(), "a.id");
}

/// The columns `push_filtered_articles` gives the articles' sort key and id
/// under: `ae.` when one entity's rows are read, so the date is read off its index.
pub(super) fn filtered_article_keys(filter: &ArticleFilter) -> (&'static str, &'static str) {
    if by_entity(filter).is_some() {
        ("ae.sort_key", "ae.article_id")
    } else {
        ("a.sort_key", "a.id")
    }
}

fn push_article_from(qb: &mut QueryBuilder<'_, Sqlite>, by_entity: Option<i64>) {
    match by_entity {
        Some(_) => qb.push(" FROM article_entities ae JOIN articles a ON a.id = ae.article_id"),
        None => qb.push(" FROM articles a"),
    };
    qb.push(" WHERE 1 = 1");
    if let Some(id) = by_entity {
        qb.push(" AND ae.entity_id = ").push_bind(id);
    }
}

/// With `by_entity`, the entity and its dates are matched on `ae` (see `push_article_from`).
/// `q` is met here only with `matches`. `id` is the article id the filters by other
/// tables test: inside a ranked window, the full-text rowid, so that they are checked
/// before the article's row is read (which a rare entity beside a common word makes
/// the difference of the query).
fn push_article_filters(
    qb: &mut QueryBuilder<'_, Sqlite>,
    filter: &ArticleFilter,
    matches: Option<Matches>,
    by_entity: bool,
    id: &str,
) {
    if let (Some(m), Some(q)) = (matches, &filter.q) {
        push_matching(qb, m, &ARTICLE_TEXT, q);
    }
    if let Some(source) = &filter.source {
        qb.push(" AND a.source = ").push_bind(source.clone());
    }
    if let Some(byline) = &filter.byline {
        qb.push(" AND a.byline = ").push_bind(byline.clone());
    }
    push_date_range(
        qb,
        if by_entity {
            "ae.sort_key"
        } else {
            "a.sort_key"
        },
        filter.from.as_deref(),
        filter.to.as_deref(),
    );
    // With `by_entity`, the first entity is the one read from `ae`.
    for entity in filter.entity.iter().skip(usize::from(by_entity)) {
        qb.push(format!(
            " AND {id} IN (SELECT ae.article_id FROM article_entities ae WHERE "
        ));
        push_entity_ref(qb, "ae.entity_id", entity);
        qb.push(")");
    }
    if let Some(speaker) = &filter.speaker {
        qb.push(format!(
            " AND {id} IN (SELECT q.article_id FROM quotes q WHERE "
        ));
        push_entity_ref(qb, "q.speaker_entity_id", speaker);
        qb.push(")");
    }
    match filter.has_quotes {
        Some(true) => {
            qb.push(format!(
                " AND EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {id})"
            ));
        }
        Some(false) => {
            qb.push(format!(
                " AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {id})"
            ));
        }
        None => {}
    }
}

/// Whether full text is the only filter.
pub(super) fn only_q(f: &ArticleFilter) -> bool {
    f.entity.is_empty()
        && f.speaker.is_none()
        && f.source.is_none()
        && f.byline.is_none()
        && f.from.is_none()
        && f.to.is_none()
        && f.has_quotes.is_none()
}

/// Whether `q` is filtered by dates at most: the walk of the date-keyed index is
/// then bounded by them. Another filter (a source, an entity) can pass few of a
/// common word's matches, and its own index, walked in date order, reads fewer rows.
fn dates_only(f: &ArticleFilter) -> bool {
    only_q(&ArticleFilter {
        from: None,
        to: None,
        ..f.clone()
    })
}

/// Articles of one entity (by id), newest first, are read in order from the
/// entity's `article_entities` index.
fn by_entity(filter: &ArticleFilter) -> Option<i64> {
    let relevance = filter.sort == ArticleSort::Relevance && filter.q.is_some();
    match (filter.entity.first(), relevance) {
        (Some(EntityRef::Id(id)), false) => Some(*id),
        _ => None,
    }
}

/// The page query of `Store::articles`, reading `columns`; `prefix` is
/// `EXPLAIN QUERY PLAN ` to see its plan.
fn article_query(
    filter: &ArticleFilter,
    matches: Option<Matches>,
    page: &PageRequest,
    columns: &str,
    prefix: &str,
) -> QueryBuilder<'static, Sqlite> {
    let relevance = filter.sort == ArticleSort::Relevance && filter.q.is_some();
    let by_entity = by_entity(filter);
    let (key, id_col) = if by_entity.is_some() {
        ("ae.sort_key", "ae.article_id")
    } else {
        ("a.sort_key", "a.id")
    };
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!("{prefix}SELECT {columns}"));
    if let (true, Some(q)) = (relevance, &filter.q) {
        // Rank the matches and take the page inside the full-text index, then read
        // only those articles: no article row (body, counts) is read for the rest.
        let filters = |qb: &mut QueryBuilder<'static, Sqlite>| {
            // `+`: tested on each match, never a list of rowids for FTS5 to look up one
            // by one (30 s at a million articles).
            push_article_filters(qb, filter, None, false, "+articles_fts.rowid");
        };
        let filters: Option<Filters<'_>> = (!only_q(filter)).then_some(&filters);
        push_ranked_page(&mut qb, &ARTICLE_TEXT, q, page, filters);
        return qb;
    }
    let after = page
        .after
        .as_ref()
        .and_then(|c| c.text_for(order::ARTICLES_NEWEST));
    if let (Some(Matches::Many), Some(q), true) = (matches, &filter.q, dates_only(filter)) {
        // Walk the matches newest first (`fts` module comment).
        let filters = |qb: &mut QueryBuilder<'static, Sqlite>| {
            push_article_filters(qb, filter, None, false, "a.id");
        };
        let dates = (filter.from.as_deref(), filter.to.as_deref());
        push_newest_walk(
            &mut qb,
            &ARTICLE_TEXT,
            q,
            after,
            dates,
            page.limit,
            &filters,
        );
        return qb;
    }
    push_article_from(&mut qb, by_entity);
    push_article_filters(&mut qb, filter, matches, by_entity.is_some(), "a.id");
    if let Some((k, id)) = after {
        qb.push(format!(" AND ({key}, {id_col}) < ("))
            .push_bind(k.to_string())
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    qb.push(format!(" ORDER BY {key} DESC, {id_col} DESC"));
    qb.push(" LIMIT ").push_bind(page.limit as i64 + 1);
    qb
}
