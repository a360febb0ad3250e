//! Scores pronoun speakers against GUM's coreference chains: for every `he`,
//! `she`, `they` or `it` that is the subject of a speech verb in a GUM
//! document, is the speaker the engine gives that pronoun a name of the
//! pronoun's chain (one of its earlier mentions with a proper noun)?
//!
//!     cargo run --release -p quotewire-annotate --example eval_gum_pronouns -- DIR/*.conllu [--list]
//!
//! GUM (CC BY 4.0 annotations, texts CC BY / CC BY-SA) is read from the files
//! given; nothing of it is stored. `--list` prints the wrong ones.

use std::collections::HashMap;

use quotewire_annotate::ner::gum::{self, GumDoc};

const SPEECH: &[&str] = &[
    "say",
    "tell",
    "add",
    "explain",
    "state",
    "announce",
    "claim",
    "argue",
    "warn",
    "write",
    "note",
    "report",
    "ask",
    "deny",
    "confirm",
    "insist",
    "reply",
    "respond",
    "comment",
    "continue",
    "suggest",
    "describe",
    "call",
    "tweet",
    "admit",
    "acknowledge",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "it"];

/// One pronoun subject of a speech verb: its span and its chain's names.
struct Item {
    start: usize,
    names: Vec<String>,
}

/// The text of a GUM document and its pronoun items.
fn read(d: &GumDoc) -> (String, Vec<Item>) {
    let text = d.text.clone();
    // entity id -> mentions (start, end, has a proper noun)
    let mut mentions: HashMap<String, Vec<(usize, usize, bool)>> = HashMap::new();
    for m in &d.mentions {
        let propn = d.tokens[m.start..m.end].iter().any(|t| t.upos == "PROPN");
        mentions
            .entry(m.chain.clone())
            .or_default()
            .push((m.chars.0, m.chars.1, propn));
    }
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect()
    };
    let mut chain_of: HashMap<(usize, usize), &str> = HashMap::new();
    for (id, ms) in &mentions {
        for &(s, e, _) in ms {
            chain_of.insert((s, e), id);
        }
    }
    let mut items = Vec::new();
    for r in &d.sentences {
        let s = &d.tokens[r.clone()];
        for t in s {
            let lower = t.form.to_lowercase();
            if !PRONOUNS.contains(&lower.as_str())
                || !t.deprel.starts_with("nsubj")
                || t.upos != "PRON"
            {
                continue;
            }
            let verb = t.head.checked_sub(1).and_then(|h| s.get(h));
            if !verb.is_some_and(|v| SPEECH.contains(&v.lemma.to_lowercase().as_str())) {
                continue;
            }
            let Some(id) = chain_of.get(&(t.start, t.end)) else {
                continue;
            };
            let names: Vec<String> = mentions[*id]
                .iter()
                .filter(|&&(s, e, p)| p && e <= t.start && e - s < 60)
                .map(|&(s, e, _)| slice(s, e))
                .collect();
            if !names.is_empty() {
                items.push(Item {
                    start: t.start,
                    names,
                });
            }
        }
    }
    (text, items)
}

fn fold(s: &str) -> String {
    quotewire_annotate::entities::normalize_name(quotewire_annotate::EntityKind::Misc, s)
        .replace(" s ", " ")
}

fn main() {
    let mut list = false;
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--list" {
            list = true;
        } else {
            files.push(a);
        }
    }
    let (mut total, mut found, mut right) = (0, 0, 0);
    for f in &files {
        let Ok(doc) = std::fs::read_to_string(f) else {
            eprintln!("{f}: unreadable");
            continue;
        };
        for d in gum::read_coref(&doc) {
            let (text, items) = read(&d);
            let quotes = quotewire_annotate::annotate(&text).quotes;
            for it in &items {
                total += 1;
                let Some(q) = quotes.iter().find(|q| {
                    q.speaker_mention
                        .as_ref()
                        .is_some_and(|m| m.start == it.start)
                }) else {
                    continue;
                };
                found += 1;
                let sp = q.speaker.as_deref().map(fold).unwrap_or_default();
                let ok = !sp.is_empty()
                    && it
                        .names
                        .iter()
                        .map(|n| fold(n))
                        .any(|n| n.contains(&sp) || sp.contains(&n));
                right += usize::from(ok);
                if !ok && list {
                    println!("{f}: {:?} for {:?}", q.speaker, it.names.first());
                }
            }
        }
    }
    println!(
        "pronoun subjects of speech verbs with a named antecedent: {total}; quoted with that pronoun as speaker: {found}; speaker in the chain: {right}/{found}"
    );
}
