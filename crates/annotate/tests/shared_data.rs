//! Checks against the shared evaluation data; skipped when `../shared` (or
//! `QUOTEWIRE_SHARED`) is absent, as in a fresh clone.

use std::path::PathBuf;

use quotewire_annotate::entities::find_entities;
use quotewire_annotate::ner::conll;
use quotewire_annotate::{EntityKind, GoldArticle};

fn shared(file: &str) -> Option<String> {
    let dir = std::env::var_os("QUOTEWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    std::fs::read_to_string(dir.join(file)).ok()
}

#[test]
fn conll_valid_f1() {
    let Some(text) = shared("eval/conll2003/valid.txt") else {
        eprintln!("skipped: no CoNLL data");
        return;
    };
    let report = conll::evaluate(&text);
    assert!(report.overall.f1() >= 0.88, "{report}");
}

#[test]
fn seed_people_places_organizations() {
    let Some(text) = shared("eval/seed.gold.jsonl") else {
        eprintln!("skipped: no seed gold");
        return;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let gold: GoldArticle = serde_json::from_str(line).expect("valid gold line");
        let predicted = find_entities(&gold.text);
        let mut found = 0;
        let mut total = 0;
        for e in gold.entities.iter().flatten() {
            if !matches!(
                e.kind,
                EntityKind::Person | EntityKind::Location | EntityKind::Organization
            ) {
                continue;
            }
            for m in &e.mentions {
                total += 1;
                found += usize::from(
                    predicted
                        .iter()
                        .any(|p| p.kind == e.kind && p.mentions.contains(m)),
                );
            }
        }
        assert!(found * 10 >= total * 8, "recall {found}/{total}");
    }
}
