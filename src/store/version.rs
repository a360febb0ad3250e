//! The corpus version: a counter that every write transaction increments
//! (`bump`, called by `Store::write_tx`), read to validate cached answers.
//!
//! Every GET on `/api` asks for it, so it must cost next to nothing, and it must
//! see every commit, this process's and any other's (`quotewire import` into the
//! file a server is serving). A query on a pool connection saw both, but cost a
//! round trip to a connection's thread per request. Instead the store keeps one
//! connection of its own (`Probe`), outside the pool, driven directly through
//! SQLite's C API under a mutex: `PRAGMA data_version` on it changes whenever any
//! other connection, in this process or another, has committed, and only then
//! is the counter read again. `data_version` is per connection, which is why the
//! probe is one connection and never a pooled one: on a pool, each request would
//! compare against whichever connection it got. The check begins a read
//! transaction, which in WAL mode reads the log's index in shared memory: no
//! file read, no thread switch.

use std::ffi::{c_int, CStr, CString};
use std::path::Path;
use std::ptr;
use std::sync::Mutex;

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

use super::{Result, Store, StoreError};

/// How long the probe waits for a lock before the answer goes without a validator.
const PROBE_BUSY_MS: c_int = 200;

impl Store {
    /// The number of write transactions committed so far, by any process. Read
    /// before a GET's own reads, so an answer is never older than the version its
    /// ETag names.
    pub async fn corpus_version(&self) -> Result<i64> {
        if let Some(n) = self.version.current()? {
            return Ok(n);
        }
        Ok(
            sqlx::query_scalar("SELECT n FROM corpus_version WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// Counts the transaction on `conn` as a change: undone with it if it rolls back.
pub(super) async fn bump(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("UPDATE corpus_version SET n = n + 1 WHERE id = 1")
        .execute(conn)
        .await?;
    Ok(())
}

/// The store's probe, when its database is a file (an in-memory one has a
/// single connection, and the counter is read on it).
#[derive(Default)]
pub(super) struct Version(Mutex<Option<Probe>>);

impl Version {
    /// The probe of the database file at `path`; none (and a warning) if it
    /// cannot be opened, and the counter is read on the pool instead.
    pub(super) fn open(path: Option<&Path>) -> Version {
        let probe = path.and_then(|p| match Probe::open(p) {
            Ok(probe) => Some(probe),
            Err(e) => {
                tracing::warn!(error = %e, "no corpus version probe; reading it on the pool");
                None
            }
        });
        Version(Mutex::new(probe))
    }

    /// The counter, by the probe; `None` without one.
    fn current(&self) -> Result<Option<i64>> {
        let mut probe = self
            .0
            .lock()
            .map_err(|_| StoreError::Internal("the version probe's lock is poisoned".into()))?;
        probe.as_mut().map(Probe::current).transpose()
    }

    /// Closes the probe, so that the pool's last connection is the database's
    /// last and its close leaves no `-wal` file.
    pub(super) fn close(&self) {
        if let Ok(mut probe) = self.0.lock() {
            probe.take();
        }
    }
}

/// A connection of its own with its two statements prepared.
struct Probe {
    db: *mut ffi::sqlite3,
    data_version: *mut ffi::sqlite3_stmt,
    counter: *mut ffi::sqlite3_stmt,
    /// `data_version` when `n` was read, and `n`.
    seen: Option<(i64, i64)>,
}

// The handle and its statements are used by one thread at a time: the mutex's.
unsafe impl Send for Probe {}

impl Probe {
    fn open(path: &Path) -> std::result::Result<Probe, String> {
        let name = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| format!("{} holds a NUL byte", path.display()))?;
        let mut probe = Probe {
            db: ptr::null_mut(),
            data_version: ptr::null_mut(),
            counter: ptr::null_mut(),
            seen: None,
        };
        // Never creates the file: the pool has opened (and migrated) it.
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: `name` is a valid C string; on failure the handle is still set
        // (or null) and closed by `Drop`.
        let rc = unsafe { ffi::sqlite3_open_v2(name.as_ptr(), &mut probe.db, flags, ptr::null()) };
        probe.check(rc)?;
        // SAFETY: `db` is open.
        probe.check(unsafe { ffi::sqlite3_busy_timeout(probe.db, PROBE_BUSY_MS) })?;
        probe.data_version = probe.prepare(c"PRAGMA data_version")?;
        probe.counter = probe.prepare(c"SELECT n FROM corpus_version WHERE id = 1")?;
        Ok(probe)
    }

    fn prepare(&self, sql: &CStr) -> std::result::Result<*mut ffi::sqlite3_stmt, String> {
        let mut stmt = ptr::null_mut();
        // SAFETY: `db` is open, `sql` a valid C string, `stmt` written on success.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(self.db, sql.as_ptr(), -1, &mut stmt, ptr::null_mut())
        };
        self.check(rc)?;
        Ok(stmt)
    }

    fn check(&self, rc: c_int) -> std::result::Result<(), String> {
        if rc == ffi::SQLITE_OK {
            return Ok(());
        }
        // SAFETY: both return static or connection-owned strings, copied at once.
        let message = unsafe {
            let text = if self.db.is_null() {
                ffi::sqlite3_errstr(rc)
            } else {
                ffi::sqlite3_errmsg(self.db)
            };
            CStr::from_ptr(text).to_string_lossy().into_owned()
        };
        Err(format!("SQLite error {rc}: {message}"))
    }

    /// The single integer `stmt` answers.
    fn one(&self, stmt: *mut ffi::sqlite3_stmt) -> Result<i64> {
        // SAFETY: `stmt` is a statement of `db`, prepared in `open`; it is reset
        // before the next use, ending its read transaction.
        let (rc, value) = unsafe {
            let rc = ffi::sqlite3_step(stmt);
            let value = (rc == ffi::SQLITE_ROW).then(|| ffi::sqlite3_column_int64(stmt, 0));
            ffi::sqlite3_reset(stmt);
            (rc, value)
        };
        value.ok_or_else(|| {
            let detail = self.check(rc).err().unwrap_or_else(|| "no row".into());
            StoreError::Internal(format!("reading the corpus version: {detail}"))
        })
    }

    fn current(&mut self) -> Result<i64> {
        // Read before the counter: a commit in between shows as a change the next
        // time, and the counter is read again then.
        let version = self.one(self.data_version)?;
        match self.seen {
            Some((seen, n)) if seen == version => Ok(n),
            _ => {
                let n = self.one(self.counter)?;
                self.seen = Some((version, n));
                Ok(n)
            }
        }
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        // SAFETY: null pointers are no-ops for both calls; statements go first.
        unsafe {
            ffi::sqlite3_finalize(self.data_version);
            ffi::sqlite3_finalize(self.counter);
            ffi::sqlite3_close(self.db);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_probe_sees_every_commit_and_reads_the_counter_only_then() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("v.db").display());
        let store = Store::open(&url).await.expect("open");
        let other = Store::open(&url).await.expect("open again");
        assert!(
            store.version.0.lock().expect("lock").is_some(),
            "a file has a probe"
        );
        let before = store.corpus_version().await.expect("version");
        let seen = |s: &Store| {
            s.version
                .0
                .lock()
                .expect("lock")
                .as_ref()
                .and_then(|p| p.seen)
        };
        // Unchanged: the same data_version, the counter kept.
        assert_eq!(store.corpus_version().await.expect("version"), before);
        let kept = seen(&store);
        for (writer, what) in [(&store, "this store's write"), (&other, "another store's")] {
            let mut tx = writer.write_tx().await.expect("begin");
            bump(&mut tx).await.expect("bump");
            tx.commit().await.expect("commit");
            let now = store.corpus_version().await.expect("version");
            assert!(now > before, "{what} is seen");
            assert_ne!(seen(&store), kept);
        }
        // A rolled-back write leaves the counter.
        let n = store.corpus_version().await.expect("version");
        let mut tx = other.write_tx().await.expect("begin");
        bump(&mut tx).await.expect("bump");
        drop(tx);
        assert_eq!(store.corpus_version().await.expect("version"), n);
        store.close().await;
        other.close().await;
        let memory = Store::open("sqlite::memory:").await.expect("in memory");
        assert!(memory.version.0.lock().expect("lock").is_none());
        assert_eq!(memory.corpus_version().await.expect("on the pool"), 0);
    }
}
