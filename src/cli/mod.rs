//! The commands of the `quotewire` binary, one file each.

pub mod annotate;
pub mod eval;
pub mod export;
pub mod health;
pub mod import;
pub mod ner;
pub mod reannotate;
pub mod serve;

use std::path::Path;

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
    open(db).await?.close().await;
    println!("{}: migrated", db.database_url);
    Ok(())
}

/// `quotewire backup PATH`: a consistent copy of the database, taken while the
/// server (or an import) goes on writing.
pub async fn backup(db: &DatabaseArgs, dest: &Path, force: bool) -> CliResult {
    let started = std::time::Instant::now();
    crate::store::backup(&db.database_url, dest, force)
        .await
        .map_err(|e| {
            format!(
                "cannot back up {} to {}: {e}",
                db.database_url,
                dest.display()
            )
        })?;
    let size = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}: backed up to {} ({:.1} MB in {:.1}s)",
        db.database_url,
        dest.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Resolves at the first SIGINT (Ctrl-C) or SIGTERM: long commands then finish the
/// transaction in flight and stop, rather than die with the database mid-write.
pub async fn interrupted() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
