//! Entity mention precision/recall/F1 (exact span and kind) of `find_entities`
//! against gold JSONL files, per kind, plus the predicted grouping.
//! `cargo run --release -p quotewire-annotate --example eval_entities -- GOLD.jsonl [--show] [--model MODEL]`
use std::collections::{BTreeMap, HashSet};
use std::error::Error;

use quotewire_annotate::doc::Doc;
use quotewire_annotate::entities::find_entities_with;
use quotewire_annotate::ner::{default_model, Model};
use quotewire_annotate::GoldArticle;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: eval_entities GOLD.jsonl [--show] [--model MODEL]")?;
    let show = args.iter().any(|a| a == "--show");
    let other = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--model needs a path")?;
            Some(Model::from_bytes(&std::fs::read(path)?)?)
        }
        None => None,
    };
    let model = other.as_ref().unwrap_or_else(|| default_model());
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new(); // gold, predicted, correct
                                                                  // Gold entities; found with exactly the same mentions and kind; and the same name too.
    let (mut entities, mut grouped, mut named) = (0usize, 0usize, 0usize);
    for line in std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let gold: GoldArticle = serde_json::from_str(line)?;
        let Some(gold_entities) = gold.entities else {
            continue;
        };
        let kinds: HashSet<_> = gold_entities.iter().map(|e| e.kind).collect();
        let predicted = find_entities_with(model, &Doc::new(&gold.text));
        for ge in &gold_entities {
            entities += 1;
            let spans = |e: &quotewire_annotate::Entity| -> HashSet<(usize, usize)> {
                e.mentions.iter().map(|m| (m.start, m.end)).collect()
            };
            if let Some(pe) = predicted
                .iter()
                .find(|p| p.kind == ge.kind && spans(p) == spans(ge))
            {
                grouped += 1;
                named += usize::from(pe.name == ge.name);
            } else if show {
                println!("NOT GROUPED {} {}", ge.kind.as_str(), ge.name);
            }
        }
        let g: HashSet<_> = gold_entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (e.kind, m.start, m.end)))
            .collect();
        let p: HashSet<_> = predicted
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .flat_map(|e| e.mentions.iter().map(move |m| (e.kind, m.start, m.end)))
            .collect();
        for &(k, s, e) in &g {
            counts.entry(k.as_str()).or_default()[0] += 1;
            if p.contains(&(k, s, e)) {
                counts.entry(k.as_str()).or_default()[2] += 1;
            }
        }
        for &(k, _, _) in &p {
            counts.entry(k.as_str()).or_default()[1] += 1;
        }
        if show {
            for e in &predicted {
                let ms: Vec<String> = e
                    .mentions
                    .iter()
                    .map(|m| format!("{}@{}", m.text, m.start))
                    .collect();
                println!("{:<12} {:<45} {}", e.kind.as_str(), e.name, ms.join(", "));
            }
            for (k, s, e) in g.difference(&p) {
                let t: String = gold.text.chars().skip(*s).take(e - s).collect();
                println!("MISSED {} {t}@{s}", k.as_str());
            }
            for (k, s, e) in p.difference(&g) {
                let t: String = gold.text.chars().skip(*s).take(e - s).collect();
                println!("SPURIOUS {} {t}@{s}", k.as_str());
            }
        }
    }
    let mut total = [0usize; 3];
    println!(
        "{:<13} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "kind", "P", "R", "F1", "gold", "pred", "ok"
    );
    let row = |name: &str, c: [usize; 3]| {
        let p = if c[1] > 0 {
            c[2] as f64 / c[1] as f64
        } else {
            0.0
        };
        let r = if c[0] > 0 {
            c[2] as f64 / c[0] as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{name:<13} {p:>6.3} {r:>6.3} {f:>6.3} {:>5} {:>5} {:>5}",
            c[0], c[1], c[2]
        );
    };
    for (k, c) in &counts {
        row(k, *c);
        for j in 0..3 {
            total[j] += c[j];
        }
    }
    row("overall", total);
    println!("entities: {entities} gold, {grouped} found with exactly their mentions and kind, {named} of them with the gold name");
    Ok(())
}
