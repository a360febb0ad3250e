//! `quotewire annotate`: the engine on one text, or on JSON Lines for evaluation tools.

use std::io::Write;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::CliResult;
use crate::annotate;
use crate::ingest::files;

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

pub fn annotate_cmd(input: &PathBuf, jsonl: bool) -> CliResult {
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
    Ok(())
}
