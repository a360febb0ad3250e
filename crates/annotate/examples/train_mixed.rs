//! Trains the NER model on CoNLL-2003 train (minus a held-out slice of its
//! documents) plus optional modern text: GUM documents (its dev split kept
//! out and scored) and hand-annotated articles. CoNLL valid picks the epoch
//! and nothing else; the slice and GUM dev are scored once, at the end.
//!
//! `cargo run --release -p quotewire-annotate --example train_mixed -- \
//!    --conll DIR --out MODEL [--gum DIR] [--news GOLD.jsonl] [--repeat N] \
//!    [--slice K] [--epochs N] [--seed N] [--seeds K] [--recase K]`
//! DIR for CoNLL holds `train.txt` and `valid.txt`; every K-th train document
//! (default 10) is held out. GUM documents listed under "## dev" in
//! `DIR/../splits.md` are held out; `--repeat` repeats modern documents;
//! `--recase K` shows two of every K training sentences in Title Case and ALL
//! CAPS instead (`ner::recase`).
use std::error::Error;
use std::path::Path;
use std::time::Instant;

use quotewire_annotate::ner::{
    conll, gold, gum, recase, train, train::dev_f1, Document, Model, TrainOptions, TrainReport,
};
use quotewire_annotate::GoldArticle;

fn gum_dev_names(dir: &Path) -> Vec<String> {
    let splits = dir
        .parent()
        .map(|p| p.join("splits.md"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let mut section = "";
    let mut out = Vec::new();
    for line in splits.lines() {
        if let Some(s) = line.strip_prefix("## ") {
            section = if s.trim() == "dev" { "dev" } else { "" };
        } else if let Some(name) = line.trim().strip_prefix("* ") {
            if section == "dev" {
                out.push(name.trim().to_string());
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(conll_dir), Some(out)) = (get("--conll"), get("--out")) else {
        return Err("usage: train_mixed --conll DIR --out MODEL [--gum DIR] [--news GOLD.jsonl] [--repeat N] [--slice K] [--epochs N] [--seed N] [--seeds K] [--recase K]".into());
    };
    let slice_every: usize = get("--slice").map(|s| s.parse()).transpose()?.unwrap_or(10);
    let repeat: usize = get("--repeat").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let mut opts = TrainOptions::default();
    if let Some(e) = get("--epochs") {
        opts.epochs = e.parse()?;
    }
    // Another shuffle seed shows how much of a difference is training noise.
    if let Some(s) = get("--seed") {
        opts.seed = s.parse()?;
    }
    let conll_dir = Path::new(&conll_dir);
    let all_train = conll::read(&std::fs::read_to_string(conll_dir.join("train.txt"))?);
    let valid = conll::read(&std::fs::read_to_string(conll_dir.join("valid.txt"))?);
    let (mut train_docs, mut slice) = (Vec::new(), Vec::new());
    for (i, d) in all_train.into_iter().enumerate() {
        if slice_every > 0 && i % slice_every == slice_every - 1 {
            slice.push(d);
        } else {
            train_docs.push(d);
        }
    }
    let mut modern: Vec<Document> = Vec::new();
    let mut gum_dev: Vec<Document> = Vec::new();
    if let Some(dir) = get("--gum") {
        let dir = Path::new(&dir);
        let dev_names = gum_dev_names(dir);
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
            .collect();
        paths.sort();
        for p in paths {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let docs = gum::read(&std::fs::read_to_string(&p)?);
            if dev_names.contains(&stem) {
                gum_dev.extend(docs);
            } else {
                modern.extend(docs);
            }
        }
    }
    if let Some(path) = get("--news") {
        let text = std::fs::read_to_string(path)?;
        let arts: Vec<GoldArticle> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()?;
        modern.extend(gold::documents(&arts));
    }
    eprintln!(
        "CoNLL train {} docs (slice {} held out), modern {} docs x{repeat}, GUM dev {} docs",
        train_docs.len(),
        slice.len(),
        modern.len(),
        gum_dev.len()
    );
    for _ in 0..repeat {
        train_docs.extend(modern.iter().cloned());
    }
    let recase_every: usize = get("--recase").map(|s| s.parse()).transpose()?.unwrap_or(0);
    recase::recase(&mut train_docs, recase_every);
    let started = Instant::now();
    // `--seeds K`: K models from K shuffles (seeds seed, seed + 1, ...), each
    // with its epoch chosen on valid, and their mean weights shipped.
    let seeds: u64 = get("--seeds").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let mut models = Vec::new();
    let mut report = Default::default();
    for k in 0..seeds.max(1) {
        let o = TrainOptions {
            seed: opts.seed + k,
            ..opts.clone()
        };
        let (m, r): (Model, TrainReport) = train(&train_docs, &valid, &o, |m| eprintln!("{m}"));
        eprintln!(
            "seed {}: best epoch {}, valid F1 {:.4}",
            o.seed,
            r.best_epoch,
            r.dev_f1
                .get(r.best_epoch.saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        );
        report = r;
        models.push(m);
    }
    let model = if models.len() == 1 {
        models.pop().unwrap_or_else(|| Model::from_rows([]))
    } else {
        Model::mean(&models)
    };
    if seeds > 1 {
        report.features = model.len();
        report.dev_f1 = vec![dev_f1(&model, &valid)];
        report.best_epoch = 1;
    }
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    let valid_f1 = report
        .dev_f1
        .get(report.best_epoch.saturating_sub(1))
        .copied()
        .unwrap_or(0.0);
    println!(
        "best epoch {} of {}: CoNLL valid F1 {valid_f1:.4}, CoNLL train slice F1 {:.4}, GUM dev F1 {:.4}; {} features, {} bytes, {:.1}s",
        report.best_epoch,
        opts.epochs,
        dev_f1(&model, &slice),
        if gum_dev.is_empty() { 0.0 } else { dev_f1(&model, &gum_dev) },
        report.features,
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
