//! The commands of the `quotewire` binary, one file each.

pub mod annotate;
pub mod eval;
pub mod health;
pub mod import;
pub mod ner;
pub mod reannotate;
pub mod serve;

use crate::config::{ensure_database_dir, DatabaseArgs, LogFormat};
use crate::store::Store;
use tracing_subscriber::EnvFilter;

pub type CliResult = Result<(), String>;

pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

pub fn init_tracing(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn open(db: &DatabaseArgs) -> Result<Store, String> {
    ensure_database_dir(&db.database_url)
        .map_err(|e| format!("cannot create the database directory: {e}"))?;
    Store::open_with(&db.database_url, db.db_connections, db.db_cache_mb)
        .await
        .map_err(|e| format!("cannot open {}: {e}", db.database_url))
}

pub async fn migrate(db: &DatabaseArgs) -> CliResult {
    open(db).await?;
    println!("{}: migrated", db.database_url);
    Ok(())
}
