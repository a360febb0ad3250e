//! Prints GUM documents as converted for training (word TAB label), to check
//! the type mapping: `gum_dump FILE.conllu`.
use quotewire_annotate::ner::{gum, LABELS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: gum_dump FILE.conllu")?;
    for d in gum::read(&std::fs::read_to_string(path)?) {
        for s in d.sentences {
            for (w, l) in s.words.iter().zip(&s.labels) {
                println!("{w}\t{}", LABELS[*l]);
            }
            println!();
        }
    }
    Ok(())
}
