//! Load time and size of the shipped model and gazetteer:
//! `cargo run --release -p quotewire-annotate --example model_info`
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
    Ok(())
}
