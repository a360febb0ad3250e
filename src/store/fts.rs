//! Turns a user's search text into a safe FTS5 query: words and "quoted phrases"
//! all required, `word*` as a prefix. Nothing the user types reaches FTS5 syntax
//! unquoted, so no search text can make the query fail.

use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};

use super::json_list;
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
}

/// Title matches weigh more than body matches.
pub(super) const ARTICLE_TEXT: FullText = FullText {
    fts: "articles_fts",
    order: crate::paging::order::ARTICLES_RELEVANCE,
    weights: ", 5.0, 1.0",
    table: "articles",
    alias: "a",
};

pub(super) const QUOTE_TEXT: FullText = FullText {
    fts: "quotes_fts",
    order: crate::paging::order::QUOTES_RELEVANCE,
    weights: "",
    table: "quotes",
    alias: "q",
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
    use super::fts_query;

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
