//! The `quotewire` command: the API server and the tools around it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quotewire::cli::{self, runtime};
use quotewire::config::{DatabaseArgs, ServeArgs};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "quotewire",
    version,
    about = "Annotated-news API: who said what, and the entities articles name"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP API (the default).
    Serve {
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Create the database if needed and apply migrations.
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Import articles: .txt, .json, .jsonl/.ndjson files, directories (recursive), `-` for stdin.
    Import {
        #[command(flatten)]
        db: DatabaseArgs,
        /// Files and directories to import; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Articles per transaction.
        #[arg(long, default_value_t = quotewire::import::BATCH)]
        batch: usize,
    },
    /// Write a list's every matching row as CSV or NDJSON, as `format=csv|ndjson` on its endpoint answers.
    Export {
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        args: cli::export::ExportArgs,
    },
    /// Score the engine: gold files (quotes, speakers, entity mentions), or a CoNLL file.
    Eval {
        /// Gold files in the format of shared/eval/FORMAT.md (*.gold.jsonl).
        files: Vec<PathBuf>,
        /// Entity-level P/R/F1 per type against a CoNLL-2003 file's last column.
        #[arg(long, value_name = "FILE", conflicts_with = "files")]
        conll: Option<PathBuf>,
        /// One JSON line per file (and one overall) instead of tables.
        #[arg(long)]
        json: bool,
        /// Score each fragment of a discontinuous quote as a quote of its own, in gold and
        /// prediction (for PolNeAR, which joins a quote split by its attribution into one).
        #[arg(long)]
        fragments_apart: bool,
    },
    /// Tag a CoNLL file: its lines with a predicted IOB2 tag appended as the last column.
    Ner {
        /// A CoNLL-2003 file (token first, tag last on each line).
        #[arg(long, value_name = "FILE")]
        conll: PathBuf,
    },
    /// Train the entity tagger on CoNLL-2003 and write the model.
    TrainNer {
        /// CoNLL-2003 training file.
        #[arg(long, value_name = "FILE")]
        train: PathBuf,
        /// CoNLL-2003 file for early stopping: the best epoch on it is kept.
        #[arg(long, value_name = "FILE")]
        dev: PathBuf,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Passes over the training data (the best epoch on dev is kept).
        #[arg(long)]
        epochs: Option<usize>,
    },
    /// Annotate stored articles again (after an engine upgrade): automatic annotations are replaced, manual ones kept.
    Reannotate {
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        args: cli::reannotate::ReannotateArgs,
    },
    /// Write a consistent copy of the database to PATH (`VACUUM INTO`), also while the server writes.
    Backup {
        #[command(flatten)]
        db: DatabaseArgs,
        /// The copy to write; it must not exist yet, unless --force.
        path: PathBuf,
        /// Replace PATH if it exists (the old copy stays whole until the new one is complete).
        #[arg(long)]
        force: bool,
    },
    /// Exit 0 when the server at URL answers 200 (for container health checks).
    Healthcheck {
        /// The URL to ask.
        #[arg(long, default_value = "http://127.0.0.1:3000/healthz")]
        url: String,
    },
    /// Print the annotations of one text (a file or `-`) as JSON, offsets in code points.
    Annotate {
        /// Read JSON Lines `{"id","text"}` and write `{"id","quotes","entities"}` per line.
        #[arg(long)]
        jsonl: bool,
        /// The text (or JSON Lines) to annotate; `-` reads standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
    },
}

/// No command: run the server exactly as `serve` would, with its options and its
/// QUOTEWIRE_* variables (a token set in the environment must never be ignored).
fn serve_by_default() -> cli::CliResult {
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    argv.push("serve".into());
    match Cli::try_parse_from(argv) {
        Ok(Cli {
            command: Some(Command::Serve { db, serve }),
        }) => cli::serve::serve(db, serve),
        Ok(_) => Err("cannot read the serve options".to_string()),
        Err(e) => e.exit(),
    }
}

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match args.command {
        None => serve_by_default(),
        Some(Command::Serve { db, serve }) => cli::serve::serve(db, serve),
        Some(Command::Migrate { db }) => runtime().and_then(|rt| rt.block_on(cli::migrate(&db))),
        Some(Command::Import { db, paths, batch }) => {
            runtime().and_then(|rt| rt.block_on(cli::import::import_paths(&db, &paths, batch)))
        }
        Some(Command::Export { db, args }) => {
            runtime().and_then(|rt| rt.block_on(cli::export::export(&db, &args)))
        }
        Some(Command::Reannotate { db, args }) => {
            runtime().and_then(|rt| rt.block_on(cli::reannotate::reannotate(&db, &args)))
        }
        Some(Command::Annotate { jsonl, input }) => cli::annotate::annotate_cmd(&input, jsonl),
        Some(Command::Eval {
            files,
            conll,
            json,
            fragments_apart,
        }) => cli::eval::eval_cmd(&files, conll.as_deref(), json, fragments_apart),
        Some(Command::Ner { conll }) => cli::ner::ner_conll(&conll),
        Some(Command::TrainNer {
            train,
            dev,
            out,
            epochs,
        }) => cli::ner::train_ner(&train, &dev, &out, epochs),
        Some(Command::Backup { db, path, force }) => {
            runtime().and_then(|rt| rt.block_on(cli::backup(&db, &path, force)))
        }
        Some(Command::Healthcheck { url }) => {
            runtime().and_then(|rt| rt.block_on(cli::health::healthcheck(&url)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quotewire: {e}");
            ExitCode::FAILURE
        }
    }
}
