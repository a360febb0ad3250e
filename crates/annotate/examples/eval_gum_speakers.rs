//! Scores speaker *resolution* against GUM's coreference chains: for every
//! quote the engine finds whose speaker mention is (inside) a GUM mention, is
//! the resolved speaker the proper name of that mention's chain?
//!
//!     cargo run --release -p quotewire-annotate --example eval_gum_speakers -- DIR/*.conllu [--split train|dev] [--list]
//!
//! A chain's full names are the runs of proper nouns among its mentions that no
//! other of them holds every word of, titles dropped (GUM writes "Justice
//! Scalia" as a name); a speaker is right when it folds
//! (`eval::normalize_name`) to one of them or to the chain's Wikipedia identity,
//! `part` when it is some of those words (a surname alone), wrong otherwise.
//! Chains without a proper noun are counted apart (nothing to resolve to).
//! Counts are by the engine mention's kind: pronoun, description (no proper
//! noun in the mention), name. `--split` keeps the documents of one GUM split
//! (by `splits.md`; the test splits are never read); `--list` prints the
//! wrong ones, `--context` with the text before them. GUM (CC BY 4.0 annotations) is read from the files given;
//! nothing of it is stored.

use std::collections::{BTreeMap, HashMap};

use quotewire_annotate::eval::{normalize_name, normalize_name_untitled};
use quotewire_annotate::ner::gum::{self, GumDoc};

const DEV: &[&str] = &[
    "GUM_academic_exposure",
    "GUM_academic_librarians",
    "GUM_bio_byron",
    "GUM_bio_emperor",
    "GUM_court_loan",
    "GUM_court_negligence",
    "GUM_interview_cyclone",
    "GUM_interview_gaming",
    "GUM_news_homeopathic",
    "GUM_news_iodine",
    "GUM_voyage_athens",
    "GUM_voyage_coron",
];
const TEST: &[&str] = &[
    "GUM_academic_discrimination",
    "GUM_academic_eegimaa",
    "GUM_bio_dvorak",
    "GUM_bio_jespersen",
    "GUM_court_insanity",
    "GUM_court_mitigation",
    "GUM_interview_hill",
    "GUM_interview_libertarian",
    "GUM_news_nasa",
    "GUM_news_sensitive",
    "GUM_voyage_oakland",
    "GUM_voyage_vavau",
];

struct Tok {
    start: usize,
    end: usize,
    upos: String,
}

struct Mention {
    start: usize,
    end: usize,
    chain: String,
    /// 1-based token positions of the minimal span (GUM's `minspan`).
    minspan: Vec<usize>,
}

struct Chain {
    identity: Option<String>,
    /// Runs of proper nouns, as text, one per mention that has one.
    names: Vec<String>,
}

struct Gold {
    text: String,
    toks: Vec<Tok>,
    mentions: Vec<Mention>,
    chains: HashMap<String, Chain>,
}

fn read(d: GumDoc) -> Gold {
    let text = d.text;
    let toks: Vec<Tok> = d
        .tokens
        .into_iter()
        .map(|t| Tok {
            start: t.start,
            end: t.end,
            upos: t.upos,
        })
        .collect();
    let mut identities: HashMap<String, String> = HashMap::new();
    let mut mentions = Vec::new();
    for m in d.mentions {
        if let Some(i) = m.identity {
            identities.insert(m.chain.clone(), i);
        }
        mentions.push(Mention {
            start: m.chars.0,
            end: m.chars.1,
            chain: m.chain,
            minspan: m.minspan,
        });
    }
    let chars: Vec<char> = text.chars().collect();
    let mut chains: HashMap<String, Chain> = HashMap::new();
    for m in &mentions {
        let ch = chains.entry(m.chain.clone()).or_insert_with(|| Chain {
            identity: identities.get(&m.chain).cloned(),
            names: Vec::new(),
        });
        // The run of proper nouns that holds the mention's head (the last
        // token of its minimal span), else its first run.
        let inside: Vec<&Tok> = toks
            .iter()
            .filter(|t| t.start >= m.start && t.end <= m.end)
            .collect();
        let head = m.minspan.last().map(|&k| k.saturating_sub(1));
        let mut best: Option<(usize, usize, usize)> = None;
        let mut i = 0;
        while i < inside.len() {
            if inside[i].upos != "PROPN" {
                i += 1;
                continue;
            }
            // `El-Hassan`, `al-Amr`: a hyphen between proper nouns joins them.
            let mut j = i;
            loop {
                if j + 1 < inside.len() && inside[j + 1].upos == "PROPN" {
                    j += 1;
                } else if j + 2 < inside.len()
                    && inside[j + 1].end - inside[j + 1].start == 1
                    && inside[j + 1].start == inside[j].end
                    && inside[j + 2].start == inside[j + 1].end
                    && inside[j + 2].upos == "PROPN"
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let holds = head.is_some_and(|h| (i..=j).contains(&h));
            if best.is_none() || holds {
                best = Some((inside[i].start, inside[j].end, j + 1 - i));
            }
            if holds {
                break;
            }
            i = j + 1;
        }
        if let Some((s, e, _)) = best {
            ch.names.push(chars[s..e].iter().collect());
        }
    }
    Gold {
        text,
        toks,
        mentions,
        chains,
    }
}

#[derive(Default)]
struct Count {
    right: usize,
    part: usize,
    wrong: usize,
    none: usize,
    unnamed: usize,
}

fn main() {
    let mut list = false;
    let mut context = false;
    let mut split: Option<String> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--list" => list = true,
            "--context" => {
                list = true;
                context = true;
            }
            "--split" => split = args.next(),
            _ => files.push(a),
        }
    }
    let mut counts: BTreeMap<&str, Count> = BTreeMap::new();
    let mut unmatched = 0;
    for f in &files {
        let name = std::path::Path::new(f)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if TEST.contains(&name) {
            continue;
        }
        let keep = match split.as_deref() {
            Some("dev") => DEV.contains(&name),
            Some("train") => !DEV.contains(&name),
            _ => true,
        };
        if !keep {
            continue;
        }
        let Ok(doc) = std::fs::read_to_string(f) else {
            eprintln!("{f}: unreadable");
            continue;
        };
        for gold in gum::read_coref(&doc).into_iter().map(read) {
            let ann = quotewire_annotate::annotate(&gold.text);
            for q in &ann.quotes {
                let Some(sm) = &q.speaker_mention else {
                    continue;
                };
                // The smallest gold mention holding the engine's mention.
                let Some(m) = gold
                    .mentions
                    .iter()
                    .filter(|m| m.start <= sm.start && sm.end <= m.end)
                    .min_by_key(|m| m.end - m.start)
                else {
                    unmatched += 1;
                    continue;
                };
                let inside: Vec<&Tok> = gold
                    .toks
                    .iter()
                    .filter(|t| t.start >= sm.start && t.end <= sm.end)
                    .collect();
                let first_second = ["i", "we", "you", "me", "us"];
                let class = if inside.len() == 1
                    && first_second.contains(&sm.text.to_lowercase().as_str())
                {
                    "(I, we, you)"
                } else if inside.len() == 1 && inside[0].upos == "PRON" {
                    "pronoun"
                } else if inside.iter().any(|t| t.upos == "PROPN") {
                    "name"
                } else {
                    "description"
                };
                let c = counts.entry(class).or_default();
                let chain = &gold.chains[&m.chain];
                let mut names: Vec<String> = chain
                    .names
                    .iter()
                    .map(|n| normalize_name_untitled(n))
                    .collect();
                names.retain(|n| !n.is_empty());
                // The chain's full names: those no other name of it holds every word of
                // ("Joshua Abraham Norton" and "Emperor Joshua Norton" both; not "Norton").
                // ("Higuchi Natsuko" and "Natsuko Higuchi" hold each other: both full.)
                let within = |a: &str, b: &str| {
                    a.split(' ').count() < b.split(' ').count()
                        && a.split(' ').all(|w| b.split(' ').any(|x| x == w))
                };
                let full: Vec<&String> = names
                    .iter()
                    .filter(|n| !names.iter().any(|m| within(n, m)))
                    .collect();
                let identity = chain.identity.as_deref().map(normalize_name);
                if full.is_empty() && identity.is_none() {
                    c.unnamed += 1;
                    continue;
                }
                let Some(sp) = q.speaker.as_deref().map(normalize_name) else {
                    c.none += 1;
                    if list {
                        println!("{name}\t{class}\tnone\t{:?}\t{:?}", sm.text, full.first());
                    }
                    continue;
                };
                let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
                if full.iter().any(|n| **n == sp) || identity.as_deref() == Some(sp.as_str()) {
                    c.right += 1;
                } else if names
                    .iter()
                    .chain(identity.iter())
                    .any(|n| words(&sp).iter().all(|w| words(n).contains(w)))
                {
                    c.part += 1;
                    if list {
                        println!(
                            "{name}\t{class}\tpart\t{:?}\t{sp:?}\t{:?}",
                            sm.text,
                            full.first().copied().or(identity.as_ref())
                        );
                    }
                } else {
                    c.wrong += 1;
                    if context {
                        let chars: Vec<char> = gold.text.chars().collect();
                        let from = sm.start.saturating_sub(300);
                        let to = (sm.end + 80).min(chars.len());
                        let s: String = chars[from..to].iter().collect();
                        println!("---\n{}", s.replace('\n', " "));
                    }
                    if list {
                        println!(
                            "{name}\t{class}\twrong\t{:?}\t{sp:?}\t{:?}",
                            sm.text,
                            full.first().copied().or(identity.as_ref())
                        );
                    }
                }
            }
        }
    }
    let mut all = Count::default();
    println!("class          right  part  wrong  none  | unnamed chain");
    for (k, c) in &counts {
        let n = c.right + c.part + c.wrong + c.none;
        println!(
            "{k:<13} {:>3}/{:<3} {:>4} {:>6} {:>5}  | {}",
            c.right, n, c.part, c.wrong, c.none, c.unnamed
        );
        // First and second person speak for the author or an interlocutor:
        // listed, not scored.
        if k.starts_with('(') {
            continue;
        }
        all.right += c.right;
        all.part += c.part;
        all.wrong += c.wrong;
        all.none += c.none;
        all.unnamed += c.unnamed;
    }
    let n = all.right + all.part + all.wrong + all.none;
    println!(
        "all           {:>3}/{:<3} {:>4} {:>6} {:>5}  | {}   (resolution {:.3}; mentions in no gold mention: {unmatched})",
        all.right,
        n,
        all.part,
        all.wrong,
        all.none,
        all.unnamed,
        all.right as f64 / n.max(1) as f64
    );
}
