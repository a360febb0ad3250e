//! Load time and size of the shipped model, gazetteer, clusters and name lists:
//! `cargo run --release -p quotewire-annotate --example model_info [FILE]`.
//! With FILE (any English text), also tokenizes + tags it 20 times and prints
//! tokens per second of wall time (divide by `perf stat` task-clock instead
//! on a busy machine).
use std::time::Instant;

use quotewire_annotate::entities::gazetteer::locations;
use quotewire_annotate::ner::{Model, SHIPPED_MODEL};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let model = Model::from_bytes(SHIPPED_MODEL)?;
    let model_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let names = locations().len();
    let gaz_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "model: {} bytes on disk, {} features, load {model_ms:.1} ms, weight table {:.1} MB in memory",
        SHIPPED_MODEL.len(),
        model.len(),
        model.memory_bytes() as f64 / 1e6
    );
    println!(
        "gazetteer: {names} names, load {gaz_ms:.1} ms, about {:.1} MB in memory",
        locations().memory_bytes() as f64 / 1e6
    );
    let t = Instant::now();
    let (words, cluster_bytes) = quotewire_annotate::ner::clusters::table_size();
    let clusters_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let (surnames, surname_bytes) = quotewire_annotate::ner::person_names::surname_table_size();
    let first = quotewire_annotate::ner::person_names::name_bits("mary");
    let names_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "clusters: {words} words, load {clusters_ms:.1} ms, about {:.1} MB in memory",
        cluster_bytes as f64 / 1e6
    );
    println!(
        "surnames: {surnames} names (and first names, bits {first}), load {names_ms:.1} ms, about {:.1} MB in memory",
        surname_bytes as f64 / 1e6
    );
    println!(
        "all tagger tables: load {:.1} ms",
        model_ms + gaz_ms + clusters_ms + names_ms
    );
    if let Some(path) = std::env::args().nth(1) {
        use quotewire_annotate::{ner, sentences, tokens};
        let text = std::fs::read_to_string(path)?;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..20 {
            let toks = tokens::tokenize(&text);
            let sents = sentences::split(&toks);
            let words: Vec<Vec<&str>> = sents
                .iter()
                .map(|r| toks[r.clone()].iter().map(|t| t.text).collect())
                .collect();
            n += ner::tag_document(ner::default_model(), &words)
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "tagged {n} tokens in {s:.2} s wall: {:.0} tokens/s",
            n as f64 / s
        );
    }
    Ok(())
}
