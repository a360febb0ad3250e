//! Every SQL statement of the service lives under this module. `Store` wraps the
//! SQLite pool; one file per table family.

mod annotations;
mod articles;
mod deadline;
mod entities;
mod facets;
mod fts;
mod identity;
mod kinds;
mod merge;
mod quotes;
mod rank;
mod reannotate;
mod rows;
mod timeline;
mod version;
mod write;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::annotate::EntityKind;

pub use crate::model::{ArticlePatch, NewArticle, Supplied};
pub use articles::{ArticleFilter, ArticleParts, ArticleSort};
pub use entities::{EntityFilter, EntitySort};
pub use facets::{
    ArticleFacet, EntityFacet, QuoteFacet, DEFAULT_FACET_BUDGET, DEFAULT_FACET_SAMPLE,
};
pub use fts::{fts_query, word_count, FEW_MATCHES, RANK_WINDOW};
pub use quotes::{NewQuote, QuoteFilter, QuotePatch};
pub use reannotate::{ReannotateFilter, ReannotateTarget};
pub use write::content_hash;

use crate::paging::{Page, PageRequest};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("an article with the same body already exists (id {0})")]
    DuplicateBody(i64),
    #[error("an article with the same url already exists (id {0})")]
    DuplicateUrl(i64),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    WrongCursor(#[from] crate::paging::WrongCursor),
    /// A read ran past the time `Store::limit_reads` allows and was stopped.
    #[error("the query ran past the time limit and was stopped")]
    Interrupted,
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} exists already (pass --force to replace it)")]
    Exists(String),
    /// A failure that is neither the database's nor the caller's: a broken
    /// invariant, a worker thread lost. Logged, answered as a 500.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        let code = e.as_database_error().and_then(|d| d.code());
        // SQLITE_INTERRUPT, from the read deadline (`deadline`).
        if code.as_deref() == Some("9") {
            StoreError::Interrupted
        } else {
            StoreError::Database(e)
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// SQLITE_BUSY or SQLITE_LOCKED, with any extended code.
fn is_busy(e: &sqlx::Error) -> bool {
    let code = e.as_database_error().and_then(|d| d.code());
    let code: Option<i64> = code.and_then(|c| c.parse().ok());
    code.is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// How a filter names an entity: by id, or by any name or alias it is known under.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityRef {
    Id(i64),
    Name(String),
}

impl EntityRef {
    pub fn parse(raw: &str) -> EntityRef {
        match raw.trim().parse::<i64>() {
            Ok(id) => EntityRef::Id(id),
            Err(_) => EntityRef::Name(raw.trim().to_string()),
        }
    }
}

/// How long a statement waits for another connection's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections when not configured.
pub const DEFAULT_CONNECTIONS: u32 = 4;
/// Page cache per connection when not configured, MiB.
pub const DEFAULT_CACHE_MB: u32 = 32;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// Writers of this process take turns here, before they hold a connection.
    writer: Arc<tokio::sync::Mutex<()>>,
    /// Longest a read statement may run; none when zero (see `deadline`).
    read_budget: Arc<deadline::Budget>,
    /// Longest a facet statement may run (see `facets`).
    facet_limits: Arc<facets::FacetLimits>,
    /// What validates cached answers: the corpus version's probe (see `version`).
    version: Arc<version::Version>,
}

/// A write transaction: this process's writers one at a time, and the database's
/// write lock taken at `BEGIN`. A deferred transaction that reads before it
/// writes fails with SQLITE_BUSY when it upgrades its lock under a concurrent
/// writer, which busy_timeout cannot wait out; an IMMEDIATE one waits at BEGIN.
/// Queueing in-process first keeps waiting writers from holding pool connections
/// readers need, and serves them in order instead of by SQLite's sleep-and-retry.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl std::ops::Deref for WriteTx {
    type Target = Transaction<'static, Sqlite>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Opens (creating if needed) the database at `url` and applies the migrations.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, DEFAULT_CONNECTIONS, DEFAULT_CACHE_MB).await
    }

    /// As `open`, with at most `connections` open connections, each with a page
    /// cache of `cache_mb` MiB.
    pub async fn open_with(url: &str, connections: u32, cache_mb: u32) -> Result<Store> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("temp_store", "memory")
            .pragma(
                "cache_size",
                format!("-{}", u64::from(cache_mb.max(1)) * 1024),
            );
        // An in-memory database exists once per connection: keep it to one.
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let max = if memory { 1 } else { connections.max(1) };
        let file = (!memory).then(|| options.get_filename().to_path_buf());
        if max > 1 {
            // A first open switches a new file to WAL, which needs the database to
            // itself: done by one connection here rather than by several pool
            // connections racing (seen as "database is locked" under load).
            use sqlx::{ConnectOptions, Connection};
            options.clone().connect().await?.close().await?;
        }
        let kept = Arc::new(rank::Kept::default());
        let read_budget = Arc::new(deadline::Budget::default());
        let budget = read_budget.clone();
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .min_connections(1)
            .after_connect(move |conn, _| {
                let (kept, budget) = (kept.clone(), budget.clone());
                Box::pin(async move {
                    rank::register(conn, kept).await?;
                    deadline::register(conn, budget).await
                })
            })
            // A liveness ping before each use guards network databases; an in-process
            // SQLite connection cannot hang up, and the ping is a round trip to the
            // connection's thread on every request.
            .test_before_acquire(false)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        let mut store = Store {
            pool,
            writer: Arc::default(),
            read_budget,
            facet_limits: Arc::default(),
            version: Arc::default(),
        };
        store.migrate().await?;
        // After the migrations: the probe's statements read their table.
        store.version = Arc::new(version::Version::open(file.as_deref()));
        Ok(store)
    }

    /// From now on, a read statement (one outside a transaction) that runs longer
    /// than `limit` is interrupted: a request that timed out must not keep its
    /// connection busy. Writes are not cut: they run in transactions.
    pub fn limit_reads(&self, limit: std::time::Duration) {
        self.read_budget.set(limit);
    }

    pub(crate) async fn write_tx(&self) -> Result<WriteTx> {
        let turn = self.writer.clone().lock_owned().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        version::bump(&mut tx).await?;
        Ok(WriteTx { tx, _turn: turn })
    }

    pub async fn migrate(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        // A migration that rewrites a table inside its transaction keeps a statement
        // journal of every page it changes: with the pool's in-memory temp store that
        // was 4.6 GB of RAM at a million articles (0005); in a temp file it is none.
        sqlx::query("PRAGMA temp_store = FILE")
            .execute(&mut *conn)
            .await?;
        let migrated = sqlx::migrate!("./migrations").run(&mut *conn).await;
        sqlx::query("PRAGMA temp_store = MEMORY")
            .execute(&mut *conn)
            .await?;
        migrated?;
        Ok(())
    }

    /// Whether the database answers: the readiness probe.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn article_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM articles")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Folds the write-ahead log into the database file, empties it, and closes the
    /// pool: after this the `.db` file alone holds everything (a copy of it without
    /// its `-wal` would otherwise read as malformed).
    pub async fn close(&self) {
        match self.checkpoint().await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                "the write-ahead log could not be emptied at close (a reader was active); \
                 SQLite replays it at the next open"
            ),
            Err(e) => tracing::warn!(error = %e, "checkpoint at close failed"),
        }
        self.version.close();
        self.pool.close().await;
    }

    /// `PRAGMA integrity_check`: "ok", or the first problem found.
    pub async fn integrity_check(&self) -> Result<String> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`: whether the whole log was written back and
    /// truncated to zero bytes.
    ///
    /// A TRUNCATE checkpoint holds the write lock while it waits for readers: with
    /// another process on the database (a server, while a command closes) it
    /// would stall that process's writers for the whole busy timeout. So it waits
    /// briefly, and leaves the log to the last process to close.
    pub async fn checkpoint(&self) -> Result<bool> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA busy_timeout = 200")
            .execute(&mut *conn)
            .await?;
        let done: sqlx::Result<(i64, i64, i64)> = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await;
        // The connection goes back to the pool: its usual patience again.
        sqlx::query(&format!(
            "PRAGMA busy_timeout = {}",
            BUSY_TIMEOUT.as_millis()
        ))
        .execute(&mut *conn)
        .await?;
        match done {
            Ok((busy, _, _)) => Ok(busy == 0),
            Err(e) if is_busy(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Writes a consistent copy of the database at `url` to `dest` with `VACUUM INTO`:
/// one read transaction, so writers go on meanwhile (WAL) and the copy holds exactly
/// what was committed when it began. The copy is written beside `dest`, synced, then
/// moved into place, so `dest` is never a half-written file. An existing `dest` is
/// refused unless `overwrite`.
pub async fn backup(url: &str, dest: &std::path::Path, overwrite: bool) -> Result<()> {
    use sqlx::{ConnectOptions, Connection};
    let io = |e: std::io::Error| StoreError::Database(sqlx::Error::Io(e));
    if !overwrite && dest.exists() {
        return Err(StoreError::Exists(dest.display().to_string()));
    }
    let name = dest.file_name().ok_or_else(|| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} does not name a file", dest.display()),
        ))
    })?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".partial-{}", std::process::id()));
    let partial = dest.with_file_name(partial_name);
    let _ = std::fs::remove_file(&partial);
    // The source must exist: a backup never creates (or migrates) a database.
    let mut conn = SqliteConnectOptions::from_str(url)?
        .create_if_missing(false)
        .busy_timeout(BUSY_TIMEOUT)
        .connect()
        .await?;
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    let placed = copied.map_err(StoreError::from).and_then(|_| {
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        if overwrite {
            std::fs::rename(&partial, dest).map_err(io)
        } else {
            // A hard link fails when `dest` appeared meanwhile: no clobbering.
            match std::fs::hard_link(&partial, dest) {
                Ok(()) => std::fs::remove_file(&partial).map_err(io),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(StoreError::Exists(dest.display().to_string()))
                }
                Err(_) => std::fs::rename(&partial, dest).map_err(io),
            }
        }
    });
    if placed.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    placed?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Makes the new directory entry durable; not every platform can open a directory.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The kind-free normalized form of a name (case, accents, punctuation and a
/// leading "the" folded), the engine's own: aliases and name filters meet on it,
/// so "the U.S. Senate", "U.S. Senate" and "US senate" are one.
pub fn normalize_name(name: &str) -> String {
    crate::annotate::entities::normalize_name(EntityKind::Misc, name)
}

/// The cross-article key of an entity: the engine's kind-aware normalization
/// (titles dropped from people, country variants mapped to one name).
pub fn entity_key(kind: EntityKind, name: &str) -> String {
    crate::annotate::entities::normalize_name(kind, name)
}

/// Values as one JSON array, bound as a single value and read back with
/// `json_each`: one statement with one text however many values (ids to index or
/// recount; an article's entities and aliases, as arrays of fields). Rows with
/// many fields stay with bound multi-row INSERTs: reading 6-18 fields back out of
/// JSON per row cost more than binding them.
fn json_list<T: serde::Serialize>(values: &[T]) -> sqlx::Result<String> {
    serde_json::to_string(values).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Runs an `EXPLAIN QUERY PLAN` query and gives its `detail` lines, indented by depth.
async fn explain(
    pool: &SqlitePool,
    qb: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>,
) -> Result<Vec<String>> {
    let rows: Vec<(i64, i64, i64, String)> = qb.build_query_as().fetch_all(pool).await?;
    let mut depth: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    Ok(rows
        .into_iter()
        .map(|(id, parent, _, detail)| {
            let d = depth.get(&parent).map_or(0, |d| d + 1);
            depth.insert(id, d);
            format!("{}{detail}", "  ".repeat(d))
        })
        .collect())
}

/// Paging helper: turns `limit + 1` fetched rows into a page.
fn into_page<T>(
    mut rows: Vec<T>,
    req: &PageRequest,
    total: Option<i64>,
    key: impl Fn(&T) -> crate::paging::Cursor,
) -> Page<T> {
    let next = if rows.len() > req.limit {
        rows.truncate(req.limit);
        rows.last().map(&key)
    } else {
        None
    };
    Page {
        items: rows,
        next,
        total,
    }
}

/// `column IN (entities named so)`: an id, or every entity known by that name or alias.
fn push_entity_ref(
    qb: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>,
    column: &str,
    entity: &EntityRef,
) {
    match entity {
        EntityRef::Id(id) => {
            qb.push(format!("{column} = ")).push_bind(*id);
        }
        EntityRef::Name(name) => {
            qb.push(format!(
                "{column} IN (SELECT entity_id FROM entity_aliases WHERE norm = "
            ))
            .push_bind(normalize_name(name))
            .push(")");
        }
    }
}

/// Inclusive date range over an ISO 8601 sort key. A bare date as `to` covers the
/// whole day: '~' sorts after every character a date-time holds.
fn push_date_range(
    qb: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>,
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
) {
    if let Some(from) = from {
        qb.push(format!(" AND {column} >= "))
            .push_bind(from.to_string());
    }
    if let Some(to) = to {
        qb.push(format!(" AND {column} <= "))
            .push_bind(format!("{to}~"));
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_name;

    #[test]
    fn names_fold_case_diacritics_and_punctuation() {
        assert_eq!(normalize_name("Nicolás Maduro"), "nicolas maduro");
        assert_eq!(normalize_name("the U.S. Senate"), "us senate");
        assert_eq!(normalize_name("  CBST-CPP "), "cbst cpp");
        assert_eq!(normalize_name("O’Brien"), "obrien");
        assert_eq!(normalize_name("The"), "the");
    }
}
