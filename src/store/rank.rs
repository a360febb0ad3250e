//! Relevance for full-text search: FTS5's bm25, with the number of documents
//! holding each phrase remembered between queries.
//!
//! FTS5's own `bm25()` finds those numbers (for the phrases' IDF) by walking every
//! match of every phrase, on every query: a third of a ranked page's time at 100k
//! articles, and growing with the archive, although the numbers barely move from
//! one query to the next. `qw_bm25(fts_table, 'fts_table', query, weight...)`
//! scores exactly as `bm25(fts_table, weight...)` does, with the counts of (index
//! name, MATCH text) kept until the index has gained or lost 1% of its rows.
//!
//! Each row's length (its tokens, for bm25's length normalization) is kept too: FTS5
//! reads it with a statement of its own per scored row, half of what a ranked query
//! cost once the counts were kept. Lengths are kept per index while its number of
//! rows and of tokens stay the same, which any insert, delete or edit changes.

use std::collections::HashMap;
use std::ffi::{c_int, c_void, CStr};
use std::ptr;
use std::sync::{Arc, Mutex};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

/// bm25's constants, as in FTS5.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Queries whose counts are kept; past this the memory is cleared and refilled.
const KEPT_QUERIES: usize = 10_000;

/// Rows in the index when the counts were taken, and matching rows per phrase.
struct Counts {
    rows: i64,
    hits: Vec<i64>,
}

/// Row lengths kept per index; past this many they are dropped, bounding the memory.
const KEPT_LENGTHS: usize = 1_000_000;

/// Row lengths by rowid, valid while the index has `rows` rows of `tokens` tokens.
struct Lengths {
    rows: i64,
    tokens: i64,
    of: HashMap<i64, c_int>,
}

/// What one database's ranking keeps, shared by its connections (one per `Store`,
/// so that two databases in one process never mix their counts).
#[derive(Default)]
pub(super) struct Kept {
    counts: Mutex<HashMap<(String, String), Counts>>,
    lengths: Mutex<HashMap<String, Lengths>>,
}

/// Registers `qw_bm25` on a connection (each connection has its own functions),
/// keeping what it learns in `kept`.
pub(super) async fn register(
    conn: &mut SqliteConnection,
    kept: Arc<Kept>,
) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: the locked handle keeps sqlx's thread off this connection while
    // `create` uses it; `create` follows FTS5's documented registration steps, and
    // the function owns one count of `kept` until SQLite drops it.
    let rc = unsafe { create(db, Arc::into_raw(kept)) };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("cannot register the full-text ranking function (SQLite code {rc})").into(),
        ))
    }
}

/// Gets the connection's `fts5_api` (`SELECT fts5(?1)` with a pointer bound) and
/// adds the function to it, with `kept` as its data (released on failure here, or
/// by SQLite through `release` when the connection closes).
unsafe fn create(db: *mut ffi::sqlite3, kept: *const Kept) -> c_int {
    let rc = add_function(db, kept);
    if rc != ffi::SQLITE_OK {
        release(kept.cast_mut().cast::<c_void>());
    }
    rc
}

unsafe extern "C" fn release(kept: *mut c_void) {
    if !kept.is_null() {
        drop(Arc::from_raw(kept.cast_const().cast::<Kept>()));
    }
}

unsafe fn add_function(db: *mut ffi::sqlite3, kept: *const Kept) -> c_int {
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    let rc = ffi::sqlite3_prepare_v2(
        db,
        c"SELECT fts5(?1)".as_ptr(),
        -1,
        &mut stmt,
        ptr::null_mut(),
    );
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    ffi::sqlite3_bind_pointer(
        stmt,
        1,
        (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
        c"fts5_api_ptr".as_ptr(),
        None,
    );
    ffi::sqlite3_step(stmt);
    let rc = ffi::sqlite3_finalize(stmt);
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    let Some(add) = api.as_ref().and_then(|a| a.xCreateFunction) else {
        return ffi::SQLITE_ERROR;
    };
    add(
        api,
        c"qw_bm25".as_ptr(),
        kept.cast_mut().cast::<c_void>(),
        Some(bm25),
        Some(release),
    )
}

/// What one query keeps between its rows (FTS5 auxiliary data).
struct Query {
    /// The index's name, for its kept lengths.
    index: String,
    rows: i64,
    tokens: i64,
    idf: Vec<f64>,
    avgdl: f64,
    /// Per phrase, the weighted hits in the current row.
    freq: Vec<f64>,
}

unsafe extern "C" fn bm25(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    let args = if args.is_null() || n <= 0 {
        &[][..]
    } else {
        std::slice::from_raw_parts(args, n as usize)
    };
    match api
        .as_ref()
        .ok_or(ffi::SQLITE_MISUSE)
        .and_then(|api| score(api, fts, args))
    {
        Ok(score) => ffi::sqlite3_result_double(ctx, -score),
        Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
    }
}

fn check(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// The row's bm25 score (positive; the function returns it negated, as bm25 does).
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    args: &[*mut ffi::sqlite3_value],
) -> Result<f64, c_int> {
    let (Some(inst_count), Some(inst), Some(column_size), Some(rowid), Some(user_data)) = (
        api.xInstCount,
        api.xInst,
        api.xColumnSize,
        api.xRowid,
        api.xUserData,
    ) else {
        return Err(ffi::SQLITE_MISUSE);
    };
    let kept = user_data(fts)
        .cast_const()
        .cast::<Kept>()
        .as_ref()
        .ok_or(ffi::SQLITE_MISUSE)?;
    let query = query(api, fts, kept, args)?;
    query.freq.iter_mut().for_each(|f| *f = 0.0);
    let mut n_inst: c_int = 0;
    check(inst_count(fts, &mut n_inst))?;
    for i in 0..n_inst {
        let (mut phrase, mut column, mut offset): (c_int, c_int, c_int) = (0, 0, 0);
        check(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
        // Weights follow the index name and the query: args[2 + column].
        let weight = usize::try_from(column)
            .ok()
            .and_then(|c| args.get(c + 2))
            .map_or(1.0, |&v| ffi::sqlite3_value_double(v));
        if let Some(f) = usize::try_from(phrase)
            .ok()
            .and_then(|p| query.freq.get_mut(p))
        {
            *f += weight;
        }
    }
    let row = rowid(fts);
    let tokens = match kept.length(query, row) {
        Some(tokens) => tokens,
        None => {
            let mut tokens: c_int = 0;
            check(column_size(fts, -1, &mut tokens))?;
            kept.keep_length(query, row, tokens);
            tokens
        }
    };
    let norm = K1 * (1.0 - B + B * f64::from(tokens) / query.avgdl);
    Ok(query
        .idf
        .iter()
        .zip(&query.freq)
        .map(|(idf, f)| idf * (f * (K1 + 1.0)) / (f + norm))
        .sum())
}

/// The query's data, made on its first row.
unsafe fn query<'a>(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    kept: &Kept,
    args: &[*mut ffi::sqlite3_value],
) -> Result<&'a mut Query, c_int> {
    let (Some(get), Some(set)) = (api.xGetAuxdata, api.xSetAuxdata) else {
        return Err(ffi::SQLITE_MISUSE);
    };
    let earlier = get(fts, 0).cast::<Query>();
    if let Some(q) = earlier.as_mut() {
        return Ok(q);
    }
    let made = Box::into_raw(Box::new(new_query(api, fts, kept, args)?));
    // On failure FTS5 has already freed `made` through `drop_query`.
    check(set(fts, made.cast::<c_void>(), Some(drop_query)))?;
    made.as_mut().ok_or(ffi::SQLITE_NOMEM)
}

unsafe extern "C" fn drop_query(p: *mut c_void) {
    if !p.is_null() {
        drop(Box::from_raw(p.cast::<Query>()));
    }
}

unsafe fn new_query(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    kept: &Kept,
    args: &[*mut ffi::sqlite3_value],
) -> Result<Query, c_int> {
    let (Some(row_count), Some(total_size), Some(phrase_count)) =
        (api.xRowCount, api.xColumnTotalSize, api.xPhraseCount)
    else {
        return Err(ffi::SQLITE_MISUSE);
    };
    let mut rows: i64 = 0;
    check(row_count(fts, &mut rows))?;
    let mut tokens: i64 = 0;
    check(total_size(fts, -1, &mut tokens))?;
    let phrases = usize::try_from(phrase_count(fts)).unwrap_or(0);
    let text_arg = |i: usize| args.get(i).and_then(|&v| text(v)).ok_or(ffi::SQLITE_MISUSE);
    let key = (text_arg(0)?, text_arg(1)?);
    let hits = match kept.hits(&key, rows, phrases) {
        Some(hits) => hits,
        None => {
            let hits = (0..phrases)
                .map(|p| count_matches(api, fts, p))
                .collect::<Result<Vec<i64>, c_int>>()?;
            kept.keep_hits(key.clone(), rows, hits.clone());
            hits
        }
    };
    Ok(Query {
        index: key.0,
        rows,
        tokens,
        idf: hits.iter().map(|&h| idf(rows, h)).collect(),
        avgdl: tokens as f64 / rows as f64,
        freq: vec![0.0; phrases],
    })
}

/// As bm25: never zero or below, so that a word in most rows still counts a little.
fn idf(rows: i64, hits: i64) -> f64 {
    let idf = (((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
    if idf <= 0.0 {
        1e-6
    } else {
        idf
    }
}

unsafe fn count_matches(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    phrase: usize,
) -> Result<i64, c_int> {
    let Some(query_phrase) = api.xQueryPhrase else {
        return Err(ffi::SQLITE_MISUSE);
    };
    let mut hits: i64 = 0;
    let phrase = c_int::try_from(phrase).map_err(|_| ffi::SQLITE_RANGE)?;
    check(query_phrase(
        fts,
        phrase,
        (&mut hits as *mut i64).cast::<c_void>(),
        Some(count_row),
    ))?;
    Ok(hits)
}

unsafe extern "C" fn count_row(
    _: *const ffi::Fts5ExtensionApi,
    _: *mut ffi::Fts5Context,
    hits: *mut c_void,
) -> c_int {
    if let Some(h) = hits.cast::<i64>().as_mut() {
        *h += 1;
    }
    ffi::SQLITE_OK
}

unsafe fn text(v: *mut ffi::sqlite3_value) -> Option<String> {
    let p = ffi::sqlite3_value_text(v);
    (!p.is_null()).then(|| CStr::from_ptr(p.cast()).to_string_lossy().into_owned())
}

impl Kept {
    /// The kept counts of (index, query), if taken when the index had within 1% of `rows`.
    fn hits(&self, key: &(String, String), rows: i64, phrases: usize) -> Option<Vec<i64>> {
        let kept = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let c = kept.get(key)?;
        let fresh = (rows - c.rows).abs().saturating_mul(100) <= c.rows;
        (fresh && c.hits.len() == phrases).then(|| c.hits.clone())
    }

    fn keep_hits(&self, key: (String, String), rows: i64, hits: Vec<i64>) {
        let mut kept = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= KEPT_QUERIES {
            kept.clear();
        }
        kept.insert(key, Counts { rows, hits });
    }

    /// The row's kept length, if its index has not changed since it was kept.
    fn length(&self, query: &Query, row: i64) -> Option<c_int> {
        let kept = self.lengths.lock().unwrap_or_else(|p| p.into_inner());
        let l = kept.get(&query.index)?;
        if l.rows != query.rows || l.tokens != query.tokens {
            return None;
        }
        l.of.get(&row).copied()
    }

    /// Keeps a row's length; lengths kept for another state of the index are dropped.
    fn keep_length(&self, query: &Query, row: i64, tokens: c_int) {
        let mut kept = self.lengths.lock().unwrap_or_else(|p| p.into_inner());
        let l = kept.entry(query.index.clone()).or_insert_with(|| Lengths {
            rows: query.rows,
            tokens: query.tokens,
            of: HashMap::new(),
        });
        if l.rows != query.rows || l.tokens != query.tokens || l.of.len() >= KEPT_LENGTHS {
            l.rows = query.rows;
            l.tokens = query.tokens;
            l.of.clear();
        }
        l.of.insert(row, tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::idf;
    use crate::store::Store;

    /// Scores of every match of `q`: FTS5's bm25 and ours, side by side.
    async fn both(store: &Store, q: &str) -> Vec<(i64, f64, f64)> {
        sqlx::query_as(
            "SELECT rowid, bm25(t, 5.0, 1.0), qw_bm25(t, 't', ?1, 5.0, 1.0) FROM t WHERE t MATCH ?1",
        )
        .bind(q)
        .fetch_all(&store.pool)
        .await
        .expect("scores")
    }

    #[tokio::test]
    async fn scores_as_bm25_from_the_first_query_and_from_kept_counts() {
        let store = Store::open("sqlite::memory:").await.expect("store");
        sqlx::query("CREATE VIRTUAL TABLE t USING fts5(title, body)")
            .execute(&store.pool)
            .await
            .expect("table");
        let words = ["vote", "poll", "harbour", "strike", "union", "budget"];
        for i in 0..200usize {
            let title = format!("{} {}", words[i % 6], words[(i / 6) % 6]);
            let body = (0..(i % 17 + 3))
                .map(|j| words[(i * 7 + j * 3) % 6])
                .collect::<Vec<_>>()
                .join(" ");
            sqlx::query("INSERT INTO t (title, body) VALUES (?, ?)")
                .bind(title)
                .bind(body)
                .execute(&store.pool)
                .await
                .expect("row");
        }
        let queries = [
            "vote",
            "vote AND poll",
            "\"strike union\"",
            "harb*",
            "budget OR union",
        ];
        let same = |q: &str, scores: Vec<(i64, f64, f64)>| {
            assert!(!scores.is_empty(), "{q}");
            for (rowid, theirs, ours) in scores {
                assert!(
                    (theirs - ours).abs() < 1e-9,
                    "{q} row {rowid}: {theirs} vs {ours}"
                );
            }
        };
        for q in queries {
            // The first query counts and measures rows; the second uses what was kept.
            for _ in 0..2 {
                same(q, both(&store, q).await);
            }
        }
        // A row grows: what was kept is for another state of the index.
        sqlx::query("UPDATE t SET body = body || ' vote vote vote poll' WHERE rowid = 7")
            .execute(&store.pool)
            .await
            .expect("edit");
        for q in queries {
            same(q, both(&store, q).await);
        }
    }

    /// A store with table `t` of `n` rows, "vote" in every `every`-th one.
    async fn votes(n: usize, every: usize) -> Store {
        let store = Store::open("sqlite::memory:").await.expect("store");
        sqlx::query("CREATE VIRTUAL TABLE t USING fts5(title, body)")
            .execute(&store.pool)
            .await
            .expect("table");
        for i in 0..n {
            let body = if i % every == 0 {
                "vote now"
            } else {
                "poll now"
            };
            sqlx::query("INSERT INTO t (title, body) VALUES ('x', ?)")
                .bind(body)
                .execute(&store.pool)
                .await
                .expect("row");
        }
        store
    }

    #[tokio::test]
    async fn two_databases_in_one_process_keep_their_own_counts() {
        // Same table, same number of rows, different counts for "vote".
        let a = votes(100, 2).await;
        let b = votes(100, 10).await;
        for store in [&a, &b, &a, &b] {
            for (rowid, theirs, ours) in both(store, "vote").await {
                assert!(
                    (theirs - ours).abs() < 1e-9,
                    "row {rowid}: {theirs} vs {ours}"
                );
            }
        }
    }

    #[test]
    fn idf_is_bm25s() {
        assert!((idf(100, 10) - (90.5f64 / 10.5).ln()).abs() < 1e-12);
        assert_eq!(idf(100, 90), 1e-6, "a word in most rows");
    }
}
