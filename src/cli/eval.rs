//! `quotewire eval`: scores the engine on gold files (quotes, speakers, entity
//! mentions) or on a CoNLL file (entity chunks, conlleval semantics).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::CliResult;
use crate::annotate::eval::{self, Report};
use crate::annotate::ner::conll;
use crate::annotate::{annotate, Annotations, GoldArticle};

/// `fragments_apart`: score each fragment of a discontinuous quote as a quote of
/// its own, gold and predicted alike. PolNeAR joins `“A,” she said. “B.”` into
/// one quote where the engine (and the Wikinews gold) give two.
pub fn eval_cmd(
    files: &[PathBuf],
    conll_file: Option<&Path>,
    json: bool,
    fragments_apart: bool,
) -> CliResult {
    if let Some(path) = conll_file {
        let text = read(path)?;
        print!("{}", conll::evaluate(&text));
        return Ok(());
    }
    if files.is_empty() {
        return Err("give gold files (*.gold.jsonl) or --conll FILE".to_string());
    }
    let mut overall = Report::default();
    for path in files {
        let mut gold = read_gold(path)?;
        let mut predicted: Vec<Annotations> = gold.par_iter().map(|g| annotate(&g.text)).collect();
        if fragments_apart {
            for (g, p) in gold.iter_mut().zip(&mut predicted) {
                g.quotes = eval::split_fragments(&g.text, std::mem::take(&mut g.quotes));
                p.quotes = eval::split_fragments(&g.text, std::mem::take(&mut p.quotes));
            }
        }
        let report = eval::evaluate(&gold, &predicted);
        let name = path.display().to_string();
        if json {
            println!("{}", report.to_json(&name));
        } else {
            print!("{}", report.to_table(&name));
        }
        overall.merge(&report);
    }
    if files.len() > 1 {
        if json {
            println!("{}", overall.to_json("overall"));
        } else {
            print!("{}", overall.to_table("overall"));
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, String> {
    read(path)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<GoldArticle>(l)
                .map_err(|e| format!("{}:{}: not a gold article: {e}", path.display(), i + 1))
        })
        .collect()
}
