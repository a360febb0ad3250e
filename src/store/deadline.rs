//! Read statements that stop at a deadline. A request that times out drops its
//! future, but SQLite goes on running the statement on the connection's thread
//! (a ranking over every match returns no row until it is done): without a cut,
//! a few costly queries hold every connection long after their clients left.
//!
//! Each connection notes when its current statement began (SQLite's statement
//! trace) and SQLite asks, every few thousand VM steps, whether to go on (the
//! progress handler). Only statements outside a transaction are cut: reads run
//! so, and a write transaction is left to finish rather than be half-undone.
//!
//! A caller may also give the statements it runs on one connection a shorter
//! budget of their own (`limit_statements`): a facet that cannot finish in its
//! time is cut and reported as truncated instead of holding up its request.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

/// VM steps between two checks of the clock.
const STEPS: i32 = 4_000;

/// The longest a read statement may run, shared by every connection of a store;
/// zero for no limit (the commands other than `serve`).
#[derive(Debug, Default)]
pub(super) struct Budget {
    micros: AtomicU64,
}

impl Budget {
    pub(super) fn set(&self, limit: Duration) {
        let micros = u64::try_from(limit.as_micros()).unwrap_or(u64::MAX);
        self.micros.store(micros, Ordering::Relaxed);
    }
}

/// One connection's state: when its running statement began, and the budget of
/// its statements while a `StatementLimit` is held (microseconds, 0 for none).
struct Watch {
    budget: Arc<Budget>,
    started: AtomicU64,
    own_limit: AtomicU64,
}

/// Every connection's watch, by its SQLite handle: how `limit_statements` finds
/// the watch of the connection it is given.
fn watches() -> &'static Mutex<HashMap<usize, Weak<Watch>>> {
    static WATCHES: OnceLock<Mutex<HashMap<usize, Weak<Watch>>>> = OnceLock::new();
    WATCHES.get_or_init(Mutex::default)
}

/// While held, read statements on its connection stop at their own budget (or
/// the store's, if shorter). Dropping it lifts the budget, also when the future
/// holding it is dropped midway.
pub(super) struct StatementLimit {
    watch: Option<Arc<Watch>>,
}

impl Drop for StatementLimit {
    fn drop(&mut self) {
        if let Some(w) = &self.watch {
            w.own_limit.store(0, Ordering::Relaxed);
        }
    }
}

/// Gives the read statements that `conn` runs from now on, until the returned
/// guard is dropped, at most `limit` each.
pub(super) async fn limit_statements(
    conn: &mut SqliteConnection,
    limit: Duration,
) -> Result<StatementLimit, sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let key = handle.as_raw_handle().as_ptr() as usize;
    let watch = watches()
        .lock()
        .ok()
        .and_then(|w| w.get(&key).and_then(Weak::upgrade));
    if let Some(w) = &watch {
        let micros = u64::try_from(limit.as_micros()).unwrap_or(u64::MAX).max(1);
        w.own_limit.store(micros, Ordering::Relaxed);
    }
    Ok(StatementLimit { watch })
}

/// Microseconds since the first call: a monotonic clock that fits an atomic.
fn now_micros() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    u64::try_from(EPOCH.get_or_init(Instant::now).elapsed().as_micros()).unwrap_or(u64::MAX)
}

pub(super) async fn register(
    conn: &mut SqliteConnection,
    budget: Arc<Budget>,
) -> Result<(), sqlx::Error> {
    let watch = Arc::new(Watch {
        budget,
        started: AtomicU64::new(now_micros()),
        own_limit: AtomicU64::new(0),
    });
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    if let Ok(mut all) = watches().lock() {
        // A handle of a closed connection may be reused: its entry is replaced.
        all.retain(|_, w| w.strong_count() > 0);
        all.insert(db as usize, Arc::downgrade(&watch));
    }
    // SAFETY: the locked handle keeps sqlx's thread off the connection. The trace
    // callback gets a pointer to `watch`, which the progress handler below owns:
    // sqlx keeps that handler until the connection is closed, and a close fires
    // no statement trace.
    let rc = unsafe {
        ffi::sqlite3_trace_v2(
            db,
            ffi::SQLITE_TRACE_STMT as c_uint,
            Some(on_statement),
            Arc::as_ptr(&watch) as *mut c_void,
        )
    };
    if rc != ffi::SQLITE_OK {
        return Err(sqlx::Error::Configuration(
            format!("cannot watch statements (SQLite code {rc})").into(),
        ));
    }
    // A raw pointer is not Send; the handler runs on the connection's own thread.
    let db = db as usize;
    handle.set_progress_handler(STEPS, move || {
        let limit = match (
            watch.budget.micros.load(Ordering::Relaxed),
            watch.own_limit.load(Ordering::Relaxed),
        ) {
            (0, 0) => return true,
            (0, own) => own,
            (all, 0) => all,
            (all, own) => all.min(own),
        };
        // SAFETY: SQLite calls this on the connection's thread, inside a statement
        // of that connection; reading its autocommit flag changes nothing.
        let in_transaction = unsafe { ffi::sqlite3_get_autocommit(db as *mut ffi::sqlite3) } == 0;
        in_transaction || now_micros().saturating_sub(watch.started.load(Ordering::Relaxed)) < limit
    });
    Ok(())
}

/// Called by SQLite when a statement starts running, and again, with SQL text
/// starting with `--`, when a trigger of that statement starts: not a new start.
unsafe extern "C" fn on_statement(
    _event: c_uint,
    watch: *mut c_void,
    _statement: *mut c_void,
    sql: *mut c_void,
) -> c_int {
    let sql = sql as *const c_char;
    // SAFETY: for SQLITE_TRACE_STMT, SQLite passes the statement's NUL-terminated
    // text; reading its first two bytes stays within it (or its terminator).
    let trigger = !sql.is_null() && *sql == b'-' as c_char && *sql.add(1) == b'-' as c_char;
    if !trigger {
        // SAFETY: `watch` is the pointer registered above, alive as long as the connection.
        let watch = &*(watch as *const Watch);
        watch.started.store(now_micros(), Ordering::Relaxed);
    }
    0
}
