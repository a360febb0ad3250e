//! `quotewire export LIST [NAME=VALUE …]`: what `format=csv|ndjson` on a list
//! endpoint streams, written to a file (or standard output).
//!
//! The filters are the endpoint's own query parameters, checked by the same
//! query structs and walked by the same code (`api::export::walk`), so a file
//! written here is byte for byte what the HTTP export of the same query answers.
//! A file is written beside its final name and moved into place once complete:
//! an export that fails or is interrupted leaves no half file under that name.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::{init_tracing, open, CliResult};
use crate::api::error::ApiError;
use crate::api::export::{List, Walk};
use crate::api::params::Params;
use crate::config::{DatabaseArgs, LogFormat};
use crate::store::Store;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Ndjson,
}

impl FormatArg {
    fn as_str(self) -> &'static str {
        match self {
            FormatArg::Csv => "csv",
            FormatArg::Ndjson => "ndjson",
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The list: articles, quotes, entities, entities/ID/articles or entities/ID/quotes.
    pub list: String,
    /// Filters of the list's endpoint as NAME=VALUE, unencoded (`speaker=Ana Ruiz`, `from=2025-01`).
    pub filters: Vec<String>,
    /// More filters as a URL query string, as the API takes them (`speaker=Ana%20Ruiz&kind=direct`).
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// csv or ndjson [default: ndjson when OUTPUT ends in .ndjson or .jsonl, else csv].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// The file to write; standard output when absent or `-`.
    #[arg(long, short, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// Replace OUTPUT if it exists (the old file stays whole until the new one is complete).
    #[arg(long)]
    pub force: bool,
}

/// Where the rows go.
#[derive(Clone, Copy)]
enum Output<'a> {
    Stdout,
    /// A file, written beside its name and renamed into place.
    File(&'a Path),
    /// Something that is not a regular file, written to as it is.
    Device(&'a Path),
}

/// List parameters that shape a page, not a list: an export has every row.
const PAGE_ONLY: &[&str] = &["limit", "count", "facet", "facet_size"];

pub async fn export(db: &DatabaseArgs, args: &ExportArgs) -> CliResult {
    init_tracing(LogFormat::Text);
    let list: List = args.list.parse()?;
    let params = params(args)?;
    let output = match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        None => Output::Stdout,
        Some(path) => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(format!("{} is a directory", path.display())),
            // A device or a pipe (`/dev/null`, `>(gzip)`) is written to, never replaced.
            Ok(m) if !m.is_file() => Output::Device(path),
            Ok(_) if !args.force => {
                return Err(format!(
                    "{} exists already (pass --force to replace it)",
                    path.display()
                ))
            }
            _ => Output::File(path),
        },
    };
    // An export reads: a mistyped path is an error, not a new empty database.
    if let Some(file) = crate::config::database_file(&db.database_url) {
        if !file.exists() {
            return Err(format!("no database at {}", file.display()));
        }
    }
    let store = open(db).await?;
    let result = run(&store, list, &params, output, args.force).await;
    store.close().await;
    let (rows, secs, to) = result?;
    eprintln!(
        "exported {rows} rows to {to} in {secs:.1}s ({:.0} rows/s)",
        rows as f64 / secs.max(1e-3)
    );
    Ok(())
}

/// The filters as the endpoint's query: the NAME=VALUE arguments, `--query`'s,
/// and `format`.
fn params(args: &ExportArgs) -> Result<Params, String> {
    let mut pairs = Vec::new();
    for filter in &args.filters {
        let (name, value) = filter
            .split_once('=')
            .ok_or_else(|| format!("a filter is NAME=VALUE, not `{filter}`"))?;
        pairs.push((name.to_string(), value.to_string()));
    }
    if let Some(query) = &args.query {
        let given: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| format!("--query is not a query string: {e}"))?;
        pairs.extend(given);
    }
    if let Some(name) = pairs
        .iter()
        .map(|(n, _)| n.as_str())
        .find(|n| PAGE_ONLY.contains(n))
    {
        return Err(format!(
            "invalid filter `{name}`: it shapes a page, and an export writes every matching row"
        ));
    }
    let given = pairs.iter().any(|(n, _)| n == "format");
    let format = match (args.format, &args.output) {
        (Some(f), _) => Some(f),
        (None, _) if given => None,
        (None, Some(path)) if ndjson_name(path) => Some(FormatArg::Ndjson),
        (None, _) => Some(FormatArg::Csv),
    };
    if let Some(f) = format {
        pairs.push(("format".to_string(), f.as_str().to_string()));
    }
    Ok(Params::from_pairs(pairs))
}

fn ndjson_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

fn problem(e: ApiError) -> String {
    match e.0.parameter.as_deref() {
        Some(name) if !name.is_empty() => format!("invalid filter `{name}`: {}", e.0.detail),
        _ => e.0.detail,
    }
}

/// Writes the export of `list` to `output`: the rows written, the seconds
/// taken, and where they went.
async fn run(
    store: &Store,
    list: List,
    params: &Params,
    output: Output<'_>,
    force: bool,
) -> Result<(u64, f64, String), String> {
    let started = Instant::now();
    let bar = std::io::stderr().is_terminal();
    let mut walk = crate::api::export::walk::of(store, list, params)
        .await
        .map_err(problem)?;
    if bar {
        walk = walk.counting();
    }
    // The first page before any file: a bad cursor or filter leaves nothing behind.
    let first = walk.next().await.map_err(problem)?;
    let bar = bar.then(|| progress_bar(walk.total()));
    let written = match output {
        Output::Stdout => {
            let out = tokio::io::stdout();
            straight(walk, first, out, bar.as_ref())
                .await
                .map(|rows| (rows, "standard output".to_string()))
        }
        Output::Device(path) => {
            let out = tokio::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .await
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            straight(walk, first, out, bar.as_ref())
                .await
                .map(|rows| (rows, path.display().to_string()))
        }
        Output::File(path) => to_file(walk, first, path, force, bar.as_ref())
            .await
            .map(|rows| (rows, path.display().to_string())),
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (rows, to) = written?;
    Ok((rows, started.elapsed().as_secs_f64(), to))
}

/// Writes to `out` as it is, through a buffer.
async fn straight<W: AsyncWrite + Unpin>(
    walk: Walk,
    first: Option<crate::api::export::Chunk>,
    out: W,
    bar: Option<&ProgressBar>,
) -> Result<u64, String> {
    let mut out = tokio::io::BufWriter::with_capacity(1 << 20, out);
    let rows = copy(walk, first, &mut out, bar).await?;
    out.flush()
        .await
        .map_err(|e| format!("cannot write: {e}"))?;
    Ok(rows)
}

/// Writes beside `path`, syncs, then renames into place; removes the partial
/// file on any failure or interruption.
async fn to_file(
    walk: Walk,
    first: Option<crate::api::export::Chunk>,
    path: &Path,
    force: bool,
    bar: Option<&ProgressBar>,
) -> Result<u64, String> {
    let name = path
        .file_name()
        .ok_or_else(|| format!("{} does not name a file", path.display()))?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".partial-{}", std::process::id()));
    let partial = path.with_file_name(partial_name);
    let file = tokio::fs::File::create(&partial)
        .await
        .map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
    let mut out = tokio::io::BufWriter::with_capacity(1 << 20, file);
    let written = async {
        let rows = copy(walk, first, &mut out, bar).await?;
        out.flush()
            .await
            .map_err(|e| format!("cannot write: {e}"))?;
        out.get_ref()
            .sync_all()
            .await
            .map_err(|e| format!("cannot write: {e}"))?;
        if !force && path.exists() {
            return Err(format!(
                "{} appeared meanwhile (pass --force to replace it)",
                path.display()
            ));
        }
        tokio::fs::rename(&partial, path)
            .await
            .map_err(|e| format!("cannot move the export to {}: {e}", path.display()))?;
        Ok(rows)
    };
    let result = tokio::select! {
        r = written => r,
        () = super::interrupted() => Err("interrupted; no file written".to_string()),
    };
    if result.is_err() {
        let _ = tokio::fs::remove_file(&partial).await;
    }
    result
}

/// Writes the first page and then the rest as the walk reads them ahead.
async fn copy<W: AsyncWrite + Unpin>(
    walk: Walk,
    first: Option<crate::api::export::Chunk>,
    out: &mut W,
    bar: Option<&ProgressBar>,
) -> Result<u64, String> {
    let write_err = |e: std::io::Error| format!("cannot write: {e}");
    let started = Instant::now();
    let mut rows = 0u64;
    let wrote = |rows: u64| {
        if let Some(bar) = bar {
            bar.set_position(rows);
            let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{rate:.0} rows/s"));
        }
    };
    if let Some(chunk) = first {
        out.write_all(&chunk.bytes).await.map_err(write_err)?;
        rows += chunk.rows as u64;
        wrote(rows);
    }
    let mut rest = walk.ahead();
    while let Some(chunk) = rest.recv().await {
        let chunk = chunk.map_err(|e| format!("export stopped: {}", problem(e)))?;
        out.write_all(&chunk.bytes).await.map_err(write_err)?;
        rows += chunk.rows as u64;
        wrote(rows);
    }
    Ok(rows)
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(t) => (
            ProgressBar::new(t),
            "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} rows ({msg}, ETA {eta})",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {elapsed_precise} {human_pos} rows ({msg})",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
