//! The `quotewire` command: the API server and the tools around it.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quotewire::config::{ensure_database_dir, DatabaseArgs, LogFormat, ServeArgs};
use quotewire::import::{self, Summary};
use quotewire::ingest::files;
use quotewire::store::Store;
use quotewire::{annotate, app, samples};
use serde::{Deserialize, Serialize};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "quotewire",
    version,
    about = "Annotated-news API: who said what, and the entities articles name"
)]
struct Cli {
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP API (the default).
    Serve(ServeArgs),
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Import articles: .txt, .json, .jsonl/.ndjson files, directories (recursive), `-` for stdin.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the annotations of one text (a file or `-`) as JSON, offsets in code points.
    Annotate {
        /// Read JSON Lines `{"id","text"}` and write `{"id","quotes","entities"}` per line.
        #[arg(long)]
        jsonl: bool,
        #[arg(default_value = "-")]
        input: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.db, ServeArgs::default()),
        Some(Command::Serve(args)) => serve(cli.db, args),
        Some(Command::Migrate) => runtime().and_then(|rt| rt.block_on(migrate(&cli.db))),
        Some(Command::Import { paths }) => {
            runtime().and_then(|rt| rt.block_on(import_paths(&cli.db, &paths)))
        }
        Some(Command::Annotate { jsonl, input }) => annotate_cmd(&input, jsonl),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quotewire: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), String>;

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

fn init_tracing(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

async fn open(db: &DatabaseArgs) -> Result<Store, String> {
    ensure_database_dir(&db.database_url)
        .map_err(|e| format!("cannot create the database directory: {e}"))?;
    Store::open(&db.database_url)
        .await
        .map_err(|e| format!("cannot open {}: {e}", db.database_url))
}

async fn migrate(db: &DatabaseArgs) -> CliResult {
    open(db).await?;
    println!("{}: migrated", db.database_url);
    Ok(())
}

fn serve(db: DatabaseArgs, args: ServeArgs) -> CliResult {
    init_tracing(args.log_format);
    args.check()?;
    runtime()?.block_on(async move {
        tracing::info!("{}", args.describe(&db.database_url));
        let store = open(&db).await?;
        if !args.no_samples && store.article_count().await.map_err(|e| e.to_string())? == 0 {
            let mut summary = Summary::default();
            import::import_batch(&store, samples::records(), &mut summary)
                .await
                .map_err(|e| format!("cannot load the samples: {e}"))?;
            tracing::info!(
                imported = summary.imported,
                failed = summary.failed.len(),
                "loaded the sample articles into the empty database"
            );
        }
        let router = app::build(store.clone(), &args);
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        tracing::info!("quotewire listening on http://{addr} (API docs at http://{addr}/docs)");
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| format!("server error: {e}"))?;
        store.close().await;
        tracing::info!("shut down");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
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
    tracing::info!("shutdown signal received; finishing requests in flight");
}

async fn import_paths(db: &DatabaseArgs, paths: &[PathBuf]) -> CliResult {
    init_tracing(LogFormat::Text);
    let store = open(db).await?;
    let inputs = files::expand(paths).map_err(|e| format!("cannot list inputs: {e}"))?;
    let mut summary = Summary::default();
    let mut batch = Vec::new();
    for path in inputs {
        batch.extend(files::read(&path));
        if batch.len() >= import::BATCH {
            import::import_batch(&store, std::mem::take(&mut batch), &mut summary)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "{} articles read: {} imported, {} skipped, {} failed",
                summary.seen(),
                summary.imported,
                summary.skipped,
                summary.failed.len()
            );
        }
    }
    import::import_batch(&store, batch, &mut summary)
        .await
        .map_err(|e| e.to_string())?;
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    for (origin, why) in &summary.failed {
        eprintln!("failed: {origin}: {why}");
    }
    println!(
        "imported {}, skipped {} (already stored), failed {}",
        summary.imported,
        summary.skipped,
        summary.failed.len()
    );
    Ok(())
}

#[derive(Deserialize)]
struct JsonlIn {
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct JsonlOut {
    id: serde_json::Value,
    quotes: Vec<annotate::Quote>,
    entities: Vec<annotate::Entity>,
}

fn read_input(input: &PathBuf) -> Result<String, String> {
    let bytes = if input.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        buf
    } else {
        std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?
    };
    let (text, warning) = files::decode(bytes, &input.display().to_string());
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(text)
}

fn annotate_cmd(input: &PathBuf, jsonl: bool) -> CliResult {
    let text = read_input(input)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !jsonl {
        let ann = annotate::annotate(&text);
        serde_json::to_writer_pretty(&mut out, &ann).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
        return Ok(());
    }
    use rayon::prelude::*;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let results: Vec<Result<String, String>> = lines
        .par_iter()
        .map(|(n, line)| {
            let item: JsonlIn = serde_json::from_str(line)
                .map_err(|e| format!("line {}: expected {{\"id\", \"text\"}}: {e}", n + 1))?;
            let ann = annotate::annotate(&item.text);
            serde_json::to_string(&JsonlOut {
                id: item.id,
                quotes: ann.quotes,
                entities: ann.entities,
            })
            .map_err(|e| e.to_string())
        })
        .collect();
    for r in results {
        writeln!(out, "{}", r?).map_err(|e| e.to_string())?;
    }
    let _ = std::io::stdin().lock().lines();
    Ok(())
}
