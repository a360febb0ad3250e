//! Turns a user's search text into a safe FTS5 query: words and "quoted phrases"
//! all required, `word*` as a prefix. Nothing the user types reaches FTS5 syntax
//! unquoted, so no search text can make the query fail.
//!
//! Newest first with many matches and no filter but dates is a walk of a second
//! full-text index per table (`articles_newest_fts`, `quotes_newest_fts`, migration
//! 0010) whose rowid is `newest_key = day(sort_key) * 2^34 + id`: `day` is YYYYMMDD
//! of the date (0 when undated, so undated rows come last, as `sort_key = ''` puts
//! them). FTS5 reads a match's rowids in descending order and stops at a LIMIT, so
//! the walk reads about a page. Descending rowid order is newest order between days
//! but not inside one (dates with times, ids), so a page is taken exactly: find the
//! day of the (limit + 1)-th match in rowid order, then sort the matches from that
//! day on by `(sort_key, id)`, as the plain query does. Every row of an earlier day
//! sorts after all of them, since `day` never decreases as `sort_key` grows. Cursors
//! and their order are the plain query's; the cursor and the dates also bound the
//! walk's rowids. Other filters (a source, an entity) keep the plan of their own
//! index. Keeping ids as the rowids of the first index leaves relevance order (which
//! windows the most recently stored matches) and everything else reading it as it was.

use std::collections::BTreeMap;

use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};

use super::json_list;
use crate::model::Snippet;
use crate::paging::PageRequest;

/// `None` when the text holds nothing searchable.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let inner = &rest[1..];
            let (phrase, after) = match inner.find('"') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            };
            let words = words(phrase);
            if !words.is_empty() {
                terms.push(format!("\"{}\"", words.join(" ")));
            }
            rest = after;
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == '"')
                .unwrap_or(rest.len());
            let token = &rest[..end];
            let prefix = token.ends_with('*');
            for (i, w) in words(token).iter().enumerate() {
                let last = i + 1 == words(token).len();
                if prefix && last {
                    terms.push(format!("\"{w}\"*"));
                } else {
                    terms.push(format!("\"{w}\""));
                }
            }
            rest = &rest[end..];
        }
    }
    // A term repeated selects nothing more, but FTS5 would match it again.
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// How many matches relevance order ranks: the most recently stored ones that pass
/// the other filters. A common word matches a large share of a news archive, so
/// ranking every match made such queries grow with the archive (BENCHMARKS.md,
/// full text). Within the window the
/// order is bm25's, with its match counts per phrase and its row lengths kept
/// between queries (`rank`); `sort=newest` (or `count=true`) still sees every match.
pub const RANK_WINDOW: usize = 1000;

/// A full-text index, the table it indexes, and how relevance order scores its
/// matches: everything the queries below need to know of either table.
pub(super) struct FullText {
    fts: &'static str,
    /// The cursor order of its relevance pages.
    order: &'static str,
    /// bm25's weights per column, as trailing arguments of `qw_bm25` (`rank`).
    weights: &'static str,
    table: &'static str,
    /// The table's alias in the page queries.
    alias: &'static str,
    /// The same text keyed by `newest_key` (see the module comment).
    newest_fts: &'static str,
}

/// Title matches weigh more than body matches.
pub(super) const ARTICLE_TEXT: FullText = FullText {
    fts: "articles_fts",
    order: crate::paging::order::ARTICLES_RELEVANCE,
    weights: ", 5.0, 1.0",
    table: "articles",
    alias: "a",
    newest_fts: "articles_newest_fts",
};

pub(super) const QUOTE_TEXT: FullText = FullText {
    fts: "quotes_fts",
    order: crate::paging::order::QUOTES_RELEVANCE,
    weights: "",
    table: "quotes",
    alias: "q",
    newest_fts: "quotes_newest_fts",
};

/// Pushes ` AND ...` conditions of a page query's other filters.
pub(super) type Filters<'f> = &'f dyn Fn(&mut QueryBuilder<'static, Sqlite>);

/// `, f.score AS score FROM (page of matches) f JOIN {table} {alias} ...`: ranks the
/// `RANK_WINDOW` most recently stored matches by `rank` and takes the page inside the
/// window, so that only the page's rows of `table` are read in full. FTS5 reads
/// matches in rowid order natively, so the window stops the scan, and scoring, early.
/// `filters`, if any, pushes ` AND ...` conditions on `{alias}`: each match's row is
/// then joined inside the window and only matches that pass count towards it.
pub(super) fn push_ranked_page(
    qb: &mut QueryBuilder<'static, Sqlite>,
    text: &FullText,
    q: &str,
    page: &PageRequest,
    filters: Option<Filters<'_>>,
) {
    let FullText {
        fts,
        order,
        weights,
        table,
        alias,
        ..
    } = text;
    // qw_bm25 = bm25 with match counts kept per (index, query) and row lengths per index.
    qb.push(format!(
        ", f.score AS score FROM (SELECT rid, score FROM (SELECT {fts}.rowid AS rid, \
         qw_bm25({fts}, '{fts}', "
    ))
    .push_bind(q.to_string())
    .push(format!("{weights}) AS score FROM {fts}"));
    if filters.is_some() {
        qb.push(format!(" JOIN {table} {alias} ON {alias}.id = {fts}.rowid"));
    }
    qb.push(format!(" WHERE {fts} MATCH "))
        .push_bind(q.to_string());
    if let Some(filters) = filters {
        filters(qb);
    }
    qb.push(format!(" ORDER BY {fts}.rowid DESC LIMIT {RANK_WINDOW})"));
    if let Some((score, id)) = page.after.as_ref().and_then(|c| c.num_for(order)) {
        qb.push(" WHERE (score, rid) > (")
            .push_bind(score)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    qb.push(" ORDER BY score, rid LIMIT ")
        .push_bind(page.limit as i64 + 1)
        .push(format!(
            ") f JOIN {table} {alias} ON {alias}.id = f.rid ORDER BY f.score, {alias}.id"
        ));
}

/// How a page query in an order other than relevance meets the matches of `q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Matches {
    /// Few: read them and sort them in the page's order.
    Few,
    /// Many: walk the order's own index and keep rows that match. Reading and then
    /// sorting every match of a common word grows with the archive; the walk stops
    /// after a page.
    Many,
}

/// Matches up to which reading and sorting them beats walking an index: the count
/// itself reads at most this many entries of the full-text index.
pub const FEW_MATCHES: usize = 1000;

/// `Few` or `Many` for `q` (SQLite cannot estimate a match count itself).
pub(super) async fn unscored(pool: &SqlitePool, text: &FullText, q: &str) -> sqlx::Result<Matches> {
    let fts = text.fts;
    let n: u64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT {FEW_MATCHES})"
    ))
    .bind(q)
    .fetch_one(pool)
    .await?;
    Ok(if n < FEW_MATCHES as u64 {
        Matches::Few
    } else {
        Matches::Many
    })
}

/// `newest_key` is `day * 2^34 + id` (migration 0010).
const DAY_SHIFT: u32 = 34;

/// `day` of `newest_key` for a sort key, as migration 0010 computes it: YYYYMMDD with
/// a missing month or day as 00, 0 for ''. `None` for a text of another shape (a
/// forged cursor, say), for which no bound on keys is derived.
pub(super) fn day_of(sort_key: &str) -> Option<i64> {
    day_parts(sort_key, 0)
}

/// The last `day` a sort key up to `to~` can have (`push_date_range`'s `to`):
/// a missing month or day as 99.
fn last_day_of(to: &str) -> Option<i64> {
    day_parts(to, 99)
}

fn day_parts(key: &str, missing: i64) -> Option<i64> {
    if key.is_empty() {
        return Some(0);
    }
    let b = key.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let year = num(0, 4)?;
    let (month, day) = match b.len() {
        4 => (missing, missing),
        7 if b[4] == b'-' => (num(5, 2)?, missing),
        n if n >= 10 && b[4] == b'-' && b[7] == b'-' => (num(5, 2)?, num(8, 2)?),
        _ => return None,
    };
    Some(year * 10_000 + month * 100 + day)
}

/// Newest-first pages with a cursor or dates start or end at these `newest_key`s.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct KeyRange {
    /// Inclusive.
    pub from: Option<i64>,
    /// Exclusive.
    pub before: Option<i64>,
}

impl KeyRange {
    /// The keys of rows that can pass `after` (a newest-order cursor's sort key) and
    /// the date filter `from..=to`; each bound only narrows, the filters stay exact.
    pub(super) fn new(after: Option<&str>, from: Option<&str>, to: Option<&str>) -> KeyRange {
        let start_of = |day: i64| day << DAY_SHIFT;
        let ends = [after.and_then(day_of), to.and_then(last_day_of)];
        KeyRange {
            from: from.and_then(day_of).map(start_of),
            before: ends.into_iter().flatten().min().map(|d| start_of(d + 1)),
        }
    }
}

/// ` FROM {newest_fts} f CROSS JOIN {table} {alias} … ORDER BY sort_key DESC, id DESC
/// LIMIT limit + 1`: a newest-first page of the matches of `q` (module comment).
/// `filters` pushes ` AND …` conditions on `{alias}` (the other filters); `after`
/// (a newest-order cursor's sort key and id) is met exactly by `(sort_key, id) <`,
/// and it and the dates `from..=to` also narrow the walk's keys.
pub(super) fn push_newest_walk(
    qb: &mut QueryBuilder<'static, Sqlite>,
    text: &FullText,
    q: &str,
    after: Option<(&str, i64)>,
    (from, to): (Option<&str>, Option<&str>),
    limit: usize,
    other_filters: Filters<'_>,
) {
    let FullText {
        newest_fts,
        table,
        alias,
        ..
    } = text;
    let keys = KeyRange::new(after.map(|(k, _)| k), from, to);
    let filters = |qb: &mut QueryBuilder<'static, Sqlite>| {
        other_filters(qb);
        if let Some((k, id)) = after {
            qb.push(format!(" AND ({alias}.sort_key, {alias}.id) < ("))
                .push_bind(k.to_string())
                .push(", ")
                .push_bind(id)
                .push(")");
        }
    };
    let mask = (1i64 << DAY_SHIFT) - 1;
    // CROSS JOIN: the index is the outer loop, read in rowid order.
    let matches = |qb: &mut QueryBuilder<'static, Sqlite>| {
        qb.push(format!(
            " FROM {newest_fts} f CROSS JOIN {table} {alias} ON {alias}.id = f.rowid & {mask} \
             WHERE f.{newest_fts} MATCH "
        ))
        .push_bind(q.to_string());
        if let Some(from) = keys.from {
            qb.push(" AND f.rowid >= ").push_bind(from);
        }
        if let Some(before) = keys.before {
            qb.push(" AND f.rowid < ").push_bind(before);
        }
        filters(qb);
    };
    matches(qb);
    // The first key of the day of the (limit + 1)-th match: the page lies in the
    // days from it on. With fewer matches, all of them.
    qb.push(format!(
        " AND f.rowid >= coalesce((SELECT (f.rowid >> {DAY_SHIFT}) << {DAY_SHIFT}"
    ));
    matches(qb);
    qb.push(" ORDER BY f.rowid DESC LIMIT 1 OFFSET ")
        .push_bind(limit as i64)
        .push("), 0)");
    qb.push(format!(
        " ORDER BY {alias}.sort_key DESC, {alias}.id DESC LIMIT "
    ))
    .push_bind(limit as i64 + 1);
}

/// ` AND {alias}.id IN (matches of q)`.
pub(super) fn push_matching(
    qb: &mut QueryBuilder<'_, Sqlite>,
    matches: Matches,
    text: &FullText,
    q: &str,
) {
    let FullText { fts, alias, .. } = text;
    // A unary `+` keeps SQLite from reading rows by the matching ids.
    let plus = match matches {
        Matches::Few => "",
        Matches::Many => "+",
    };
    qb.push(format!(
        " AND {plus}{alias}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
    ))
    .push_bind(q.to_string())
    .push(")");
}

/// ` FROM {fts} WHERE {fts} MATCH q`: what a count of `q` with no other filter
/// reads, since the index holds exactly the table's rows.
pub(super) fn push_all_matches(qb: &mut QueryBuilder<'_, Sqlite>, text: &FullText, q: &str) {
    let fts = text.fts;
    qb.push(format!(" FROM {fts} WHERE {fts} MATCH "))
        .push_bind(q.to_string());
}

/// The page's ids span at most this many rowids when its snippets walk the matches
/// between them; a wider span is looked up id by id.
const SNIPPET_WALK_SPAN: i64 = 10_000;

/// The snippet of the body of each article of `ids` that matches `q`, by id: FTS5's
/// `highlight()` marks the matches (`excerpt::MARK_OPEN` …) and `excerpt::snippet`
/// takes the stretch around them (`snippet()` itself, scoring every stretch of
/// each body, cost more than all the rest: BENCHMARKS.md, lists).
/// Looking an id up opens the terms' index segments again: for ids close together,
/// as the most recent matches of a ranked page are, walking the matches between
/// them costs less (BENCHMARKS.md, lists).
pub(super) async fn article_snippets(
    pool: &SqlitePool,
    q: &str,
    ids: &[i64],
) -> sqlx::Result<BTreeMap<i64, Snippet>> {
    use crate::excerpt::{MARK_CLOSE, MARK_OPEN};
    let (Some(&first), Some(&last)) = (ids.iter().min(), ids.iter().max()) else {
        return Ok(BTreeMap::new());
    };
    let mut qb: QueryBuilder<Sqlite> =
        QueryBuilder::new("SELECT rowid, highlight(articles_fts, 1, ");
    qb.push_bind(MARK_OPEN.to_string())
        .push(", ")
        .push_bind(MARK_CLOSE.to_string())
        .push(") FROM articles_fts WHERE articles_fts MATCH ")
        .push_bind(q.to_string());
    if last - first <= SNIPPET_WALK_SPAN {
        // `+rowid`: tested on each match of the range, never looked up.
        qb.push(" AND rowid BETWEEN ")
            .push_bind(first)
            .push(" AND ")
            .push_bind(last)
            .push(" AND +rowid");
    } else {
        qb.push(" AND rowid");
    }
    qb.push(" IN (SELECT value FROM json_each(")
        .push_bind(json_list(ids)?)
        .push("))");
    let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, marked)| (id, crate::excerpt::snippet(&marked)))
        .collect())
}

/// Adds new articles to the full-text index. Called once per transaction with all
/// its new articles: each statement flushes FTS5's pending terms (migration 0003).
pub(super) async fn index_articles(
    tx: &mut Transaction<'_, Sqlite>,
    ids: &[i64],
) -> sqlx::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO articles_fts (rowid, title, body) \
         SELECT id, title, body FROM articles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .bind(json_list(ids)?)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO articles_newest_fts (rowid, title, body) \
         SELECT newest_key, title, body FROM articles WHERE id IN (SELECT value FROM json_each(?)) \
         ORDER BY newest_key",
    )
    .bind(json_list(ids)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds new quotes to the full-text index, as `index_articles`.
pub(super) async fn index_quotes(
    tx: &mut Transaction<'_, Sqlite>,
    ids: &[i64],
) -> sqlx::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO quotes_fts (rowid, text) \
         SELECT id, text FROM quotes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .bind(json_list(ids)?)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO quotes_newest_fts (rowid, text) \
         SELECT newest_key, text FROM quotes WHERE id IN (SELECT value FROM json_each(?)) \
         ORDER BY newest_key",
    )
    .bind(json_list(ids)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Runs of letters and digits: the same split FTS5's unicode61 tokenizer makes.
/// How many words the index sees in a search text (for bounding `q`).
pub fn word_count(q: &str) -> usize {
    words(q).len()
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{day_of, fts_query, last_day_of, KeyRange};
    use crate::paging::PageRequest;
    use crate::store::{ArticleFilter, QuoteFilter, Store};

    async fn run(store: &Store, sql: &str) {
        sqlx::query(sql)
            .execute(&store.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A database of before migration 0010, with rows, is migrated forward: the
    /// date-keyed indexes hold every row and newest-first pages are the sorted ones.
    #[tokio::test]
    async fn migration_0010_backfills_existing_rows() {
        let store = Store::open("sqlite::memory:").await.expect("store");
        for sql in [
            "DROP TRIGGER articles_newest_fts_delete",
            "DROP TRIGGER articles_newest_fts_update",
            "DROP TRIGGER quotes_newest_fts_delete",
            "DROP TRIGGER quotes_newest_fts_update",
            "DROP TABLE articles_newest_fts",
            "DROP TABLE quotes_newest_fts",
            "ALTER TABLE articles DROP COLUMN newest_key",
            "ALTER TABLE quotes DROP COLUMN newest_key",
            "DELETE FROM _sqlx_migrations WHERE version = 10",
        ] {
            run(&store, sql).await;
        }
        let n = super::FEW_MATCHES + 100;
        for i in 0..n {
            let date = match i % 5 {
                0 => "NULL".to_string(),
                1 => format!("'2020-{:02}'", i % 12 + 1),
                _ => format!(
                    "'20{:02}-{:02}-{:02}T{:02}:00:00Z'",
                    i % 20,
                    i % 12 + 1,
                    i % 28 + 1,
                    i % 24
                ),
            };
            run(
                &store,
                &format!(
                    "INSERT INTO articles (id, title, published_at, body, content_hash, created_at, updated_at) \
                     VALUES ({i} + 1, 'T', {date}, 'the harbour {i}', 'h{i}', 'now', 'now')"
                ),
            )
            .await;
            run(
                &store,
                &format!(
                    "INSERT INTO quotes (article_id, kind, start, \"end\", text, origin, sort_key) \
                     SELECT id, 'direct', 0, 3, 'the harbour', 'auto', sort_key FROM articles WHERE id = {i} + 1"
                ),
            )
            .await;
        }
        run(
            &store,
            "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        )
        .await;
        run(
            &store,
            "INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')",
        )
        .await;
        store.migrate().await.expect("migrate");

        let indexed: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM articles_newest_fts WHERE articles_newest_fts MATCH 'harbour' \
             AND rowid IN (SELECT newest_key FROM articles)",
        )
        .fetch_one(&store.pool)
        .await
        .expect("count");
        assert_eq!(indexed, n as i64);
        let q = fts_query("harbour").expect("query");
        let expected: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM articles ORDER BY sort_key DESC, id DESC LIMIT 25")
                .fetch_all(&store.pool)
                .await
                .expect("sorted");
        let filter = ArticleFilter {
            q: Some(q.clone()),
            ..ArticleFilter::default()
        };
        let page = PageRequest {
            limit: 25,
            ..PageRequest::default()
        };
        let got: Vec<i64> = store
            .articles(&filter, &page)
            .await
            .expect("page")
            .items
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(got, expected);
        let plan = store.explain_articles(&filter, &page).await.expect("plan");
        assert!(
            plan.iter().any(|l| l.contains("SCAN f VIRTUAL TABLE")),
            "{plan:?}"
        );
        let expected: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM quotes ORDER BY sort_key DESC, id DESC LIMIT 25")
                .fetch_all(&store.pool)
                .await
                .expect("sorted");
        let filter = QuoteFilter {
            q: Some(q),
            newest_first: true,
            ..QuoteFilter::default()
        };
        let got: Vec<i64> = store
            .quotes(&filter, &page)
            .await
            .expect("page")
            .items
            .iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(got, expected);
    }

    /// Ids far apart are looked up one by one, ids close together walked: the same
    /// snippets either way.
    #[tokio::test]
    async fn snippets_of_ids_near_and_far() {
        let store = Store::open("sqlite::memory:").await.expect("store");
        let far = super::SNIPPET_WALK_SPAN + 100;
        for id in [1, 2, far] {
            run(
                &store,
                &format!(
                    "INSERT INTO articles (id, title, body, content_hash, created_at, updated_at) \
                     VALUES ({id}, 'T', 'Before. The harbour {id} closed.', 'h{id}', 'now', 'now')"
                ),
            )
            .await;
        }
        run(
            &store,
            "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        )
        .await;
        let q = fts_query("harbour").expect("query");
        for ids in [vec![1, 2], vec![1, 2, far]] {
            let got = super::article_snippets(&store.pool, &q, &ids)
                .await
                .expect("snippets");
            assert_eq!(got.keys().copied().collect::<Vec<_>>(), ids);
            for (id, s) in got {
                assert_eq!(s.text, format!("Before. The harbour {id} closed."));
                assert_eq!(s.marks, [crate::model::Mark { start: 12, end: 19 }]);
            }
        }
    }

    #[test]
    fn days_of_sort_keys() {
        assert_eq!(day_of(""), Some(0));
        assert_eq!(day_of("2026"), Some(20_260_000));
        assert_eq!(day_of("2026-01"), Some(20_260_100));
        assert_eq!(day_of("2026-01-09"), Some(20_260_109));
        assert_eq!(day_of("2026-01-09T08:00:00Z"), Some(20_260_109));
        assert_eq!(day_of("2026-1"), None);
        assert_eq!(day_of("yesterday"), None);
        assert_eq!(last_day_of("2026-01"), Some(20_260_199));
        let r = KeyRange::new(Some("2026-01-09"), Some("2025"), Some("2026-03"));
        assert_eq!(r.from, Some(20_250_000 << 34));
        assert_eq!(r.before, Some(20_260_110 << 34));
        let r = KeyRange::new(Some("junk"), None, None);
        assert_eq!((r.from, r.before), (None, None));
    }

    #[test]
    fn builds_safe_queries() {
        assert_eq!(fts_query("oil war").as_deref(), Some("\"oil\" AND \"war\""));
        assert_eq!(
            fts_query("\"working class\" Trump").as_deref(),
            Some("\"working class\" AND \"Trump\"")
        );
        assert_eq!(fts_query("revol*").as_deref(), Some("\"revol\"*"));
        assert_eq!(
            fts_query("CBST-CPP").as_deref(),
            Some("\"CBST\" AND \"CPP\"")
        );
        assert_eq!(fts_query("\"unbalanced").as_deref(), Some("\"unbalanced\""));
        assert_eq!(fts_query("  \"\" -- ** "), None);
        assert_eq!(
            fts_query("NEAR( AND OR"),
            Some("\"NEAR\" AND \"AND\" AND \"OR\"".into())
        );
        assert_eq!(
            fts_query("the oil the \"oil\" the").as_deref(),
            Some("\"the\" AND \"oil\"")
        );
    }
}
