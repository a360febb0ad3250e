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

struct Tok {
    id: usize,
    lemma: String,
    upos: String,
    head: usize,
    rel: String,
    start: usize,
    end: usize,
    lower: String,
}

/// One pronoun subject of a speech verb: its span and its chain's names.
struct Item {
    start: usize,
    names: Vec<String>,
}

/// The text of a CoNLL-U document and its pronoun items.
fn read(doc: &str) -> (String, Vec<Item>) {
    let mut text = String::new();
    let mut pos = 0usize; // code points
    let mut sents: Vec<Vec<Tok>> = vec![Vec::new()];
    // entity id -> mentions (start, end, has a proper noun)
    let mut mentions: HashMap<String, Vec<(usize, usize, bool)>> = HashMap::new();
    let mut open: Vec<(String, usize, bool)> = Vec::new();
    let mut first_par = true;
    for line in doc.lines() {
        if line.starts_with("# newpar") && !line.starts_with("# newpar_") {
            if !first_par {
                text.push_str("\n\n");
                pos += 2;
            }
            first_par = false;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            sents.push(Vec::new());
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 10 || c[0].contains(['-', '.']) {
            continue;
        }
        let form = c[1];
        let start = pos;
        text.push_str(form);
        pos += form.chars().count();
        let misc = c[9];
        if !misc.split('|').any(|f| f == "SpaceAfter=No") {
            text.push(' ');
            pos += 1;
        }
        let propn = c[3] == "PROPN";
        for o in open.iter_mut() {
            o.2 |= propn;
        }
        if let Some(ent) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) {
            let b = ent.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'(' {
                    let j = i + 1;
                    let mut k = j;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    let id = ent[j..k].to_string();
                    while k < b.len() && b[k] != b'(' && b[k] != b')' {
                        k += 1;
                    }
                    if k < b.len() && b[k] == b')' {
                        mentions.entry(id).or_default().push((
                            start,
                            start + form.chars().count(),
                            propn,
                        ));
                        k += 1;
                    } else {
                        open.push((id, start, propn));
                    }
                    i = k;
                } else if b[i].is_ascii_digit() {
                    let mut k = i;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    let id = &ent[i..k];
                    if let Some(p) = open.iter().rposition(|o| o.0 == id) {
                        let (id, s, pn) = open.remove(p);
                        mentions
                            .entry(id)
                            .or_default()
                            .push((s, start + form.chars().count(), pn));
                    }
                    i = k + 1;
                } else {
                    i += 1;
                }
            }
        }
        if let Some(s) = sents.last_mut() {
            s.push(Tok {
                id: c[0].parse().unwrap_or(0),
                lemma: c[2].to_lowercase(),
                upos: c[3].to_string(),
                head: c[6].parse().unwrap_or(0),
                rel: c[7].to_string(),
                start,
                end: start + form.chars().count(),
                lower: form.to_lowercase(),
            });
        }
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
    for s in &sents {
        for t in s {
            if !PRONOUNS.contains(&t.lower.as_str())
                || !t.rel.starts_with("nsubj")
                || t.upos != "PRON"
            {
                continue;
            }
            let verb = s.iter().find(|h| h.id == t.head);
            if !verb.is_some_and(|v| SPEECH.contains(&v.lemma.as_str())) {
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
        let (text, items) = read(&doc);
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
    println!(
        "pronoun subjects of speech verbs with a named antecedent: {total}; quoted with that pronoun as speaker: {found}; speaker in the chain: {right}/{found}"
    );
}
