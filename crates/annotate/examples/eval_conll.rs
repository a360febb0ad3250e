//! `eval --conll FILE`: entity-level precision/recall/F1 per type (conlleval
//! semantics) of the shipped tagger against FILE's last column.
//! `cargo run --release -p quotewire-annotate --example eval_conll -- FILE [MODEL]`
use std::error::Error;
use std::time::Instant;

use quotewire_annotate::ner::{conll, Model};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: eval_conll FILE [MODEL]")?;
    let text = std::fs::read_to_string(path)?;
    let started = Instant::now();
    let report = match args.next() {
        Some(m) => conll::evaluate_with(&Model::from_bytes(&std::fs::read(m)?)?, &text),
        None => conll::evaluate(&text),
    };
    print!("{report}");
    eprintln!("{:.2}s", started.elapsed().as_secs_f64());
    Ok(())
}
