//! The corpus version: a counter that every write transaction increments
//! (`bump`, called by `Store::write_tx`), read to validate cached answers.

use sqlx::SqliteConnection;

use super::{Result, Store};

impl Store {
    /// The number of write transactions committed so far. Read before a GET's own
    /// reads, so an answer is never newer than the version its ETag names.
    pub async fn corpus_version(&self) -> Result<i64> {
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
