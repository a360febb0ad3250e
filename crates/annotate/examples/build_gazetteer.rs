//! Compacts the GeoNames tables in `shared/gazetteers` into the shipped
//! `data/locations.tsv` (kind TAB name, one per line, deduplicated; kind C
//! country, S US state, T city: name and ASCII name of every city
//! in cities15000). Usage:
//! `cargo run -p quotewire-annotate --example build_gazetteer -- ../shared/gazetteers data/locations.tsv`
use std::collections::BTreeSet;
use std::error::Error;

fn column(header: &str, name: &str) -> Result<usize, Box<dyn Error>> {
    header
        .split('\t')
        .position(|c| c == name)
        .ok_or_else(|| format!("no column {name}").into())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, out) = match args.as_slice() {
        [_, dir, out] => (dir.as_str(), out.as_str()),
        _ => return Err("usage: build_gazetteer GAZETTEER_DIR OUT".into()),
    };
    let mut seen: BTreeSet<(u8, String)> = BTreeSet::new();
    let tables = [
        ("countries.tsv", 0u8, vec!["name"]),
        ("us_states.tsv", 1, vec!["name"]),
        ("cities15000.tsv", 2, vec!["name", "ascii_name"]),
    ];
    for (file, kind, cols) in tables {
        let text = std::fs::read_to_string(format!("{dir}/{file}"))?;
        let mut lines = text.lines();
        let header = lines.next().ok_or("empty table")?;
        let idx = cols
            .iter()
            .map(|c| column(header, c))
            .collect::<Result<Vec<_>, _>>()?;
        for line in lines {
            let fields: Vec<&str> = line.split('\t').collect();
            for &i in &idx {
                if let Some(name) = fields.get(i).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    // The same name as a country or state wins over a city.
                    if !(0..kind).any(|k| seen.contains(&(k, name.to_string()))) {
                        seen.insert((kind, name.to_string()));
                    }
                }
            }
        }
    }
    let kinds = ["C", "S", "T"];
    let mut body = String::new();
    for (k, name) in &seen {
        body.push_str(kinds[*k as usize]);
        body.push('\t');
        body.push_str(name);
        body.push('\n');
    }
    std::fs::write(out, body)?;
    eprintln!("{} names", seen.len());
    Ok(())
}
