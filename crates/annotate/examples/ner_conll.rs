//! `ner --conll FILE`: prints FILE's lines with a predicted IOB2 tag appended.
//! `cargo run --release -p quotewire-annotate --example ner_conll -- FILE`
use std::error::Error;
use std::io::Write;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ner_conll FILE")?;
    let text = std::fs::read_to_string(path)?;
    let out = quotewire_annotate::ner::conll::tag_lines(&text);
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
