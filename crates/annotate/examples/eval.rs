//! Scores the engine on gold files (`*.gold.jsonl`), per file and overall.
//!
//!     cargo run --release -p quotewire-annotate --example eval -- FILE... [--json] [--debug KIND] [--speech]
//!
//! `--json` prints one JSON line per file and one for all. `--debug miss|fp|speaker`
//! prints the missed gold quotes, the false positives or the wrong speakers with
//! their context (to find classes of errors); `--speech` limits debug output to
//! gold quotes with a speech cue. `--rules` chooses speaker mentions by the hand
//! rules alone, `--ranker WEIGHTS` by other ranker weights than the shipped ones.
//! `--clauses-only` reports speech only as clauses, never a verb's noun-phrase
//! object (`Options::clauses_only`).

use std::process::ExitCode;

use quotewire_annotate::eval::{self, Report};
use quotewire_annotate::quotes::{ranker::Ranker, Options};
use quotewire_annotate::{annotate_with, Annotations, GoldArticle};

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut json = false;
    let mut debug: Option<String> = None;
    let mut speech_only = false;
    let mut apart = false;
    let mut ranker_path: Option<String> = None;
    let mut rules_only = false;
    let mut clauses_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--speech" => speech_only = true,
            "--fragments-apart" => apart = true,
            "--debug" => debug = args.next(),
            "--ranker" => ranker_path = args.next(),
            "--rules" => rules_only = true,
            "--clauses-only" => clauses_only = true,
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: eval FILE.gold.jsonl... [--json] [--debug miss|fp|speaker|classes] [--speech] [--fragments-apart] [--rules | --ranker WEIGHTS] [--clauses-only]");
        return ExitCode::from(2);
    }
    // `--ranker WEIGHTS`: speaker mentions chosen by another trained ranker;
    // `--rules`: by the hand rules alone (the shipped ranker otherwise).
    let ranker = match ranker_path.map(|p| std::fs::read(&p).map(|b| Ranker::from_bytes(&b))) {
        None => None,
        Some(Ok(Ok(r))) => Some(r),
        Some(Ok(Err(e))) => {
            eprintln!("ranker: {e}");
            return ExitCode::FAILURE;
        }
        Some(Err(e)) => {
            eprintln!("ranker: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut opts = match &ranker {
        _ if rules_only => Options::rules_only(),
        Some(r) => Options::ranked(r),
        None => Options::default(),
    };
    opts.clauses_only = clauses_only;
    let mut total = Report::default();
    for f in &files {
        let body = match std::fs::read_to_string(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut gold: Vec<GoldArticle> = Vec::new();
        for (i, line) in body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match serde_json::from_str::<GoldArticle>(line) {
                Ok(g) => gold.push(g),
                Err(e) => {
                    eprintln!("{f}:{}: {e}", i + 1);
                    return ExitCode::FAILURE;
                }
            }
        }
        let mut pred: Vec<Annotations> =
            gold.iter().map(|g| annotate_with(&g.text, &opts)).collect();
        if apart {
            for g in &mut gold {
                g.quotes = eval::split_fragments(&g.text, std::mem::take(&mut g.quotes));
            }
            for (g, p) in gold.iter().zip(&mut pred) {
                p.quotes = eval::split_fragments(&g.text, std::mem::take(&mut p.quotes));
            }
        }
        if debug.as_deref() == Some("classes") {
            let mut counts = std::collections::BTreeMap::new();
            for (g, p) in gold.iter().zip(&pred) {
                speaker_classes(g, p, &mut counts);
            }
            println!("speaker accuracy by the gold mention's class ({f}):");
            for (class, (right, all)) in counts {
                println!("  {class:<40} {right:>4}/{all:<4}");
            }
        } else if let Some(kind) = &debug {
            for (g, p) in gold.iter().zip(&pred) {
                print_debug(g, p, kind, speech_only);
            }
        }
        let r = eval::evaluate(&gold, &pred);
        if json {
            println!("{}", r.to_json(f));
        } else {
            print!("{}", r.to_table(f));
        }
        total.merge(&r);
    }
    if files.len() > 1 {
        if json {
            println!("{}", total.to_json("overall"));
        } else {
            print!("{}", total.to_table("overall"));
        }
    }
    ExitCode::SUCCESS
}

/// Counts right/all speakers of matched quotes by what the gold mention is
/// (pronoun, description, name as written, part of the name, a name with a
/// title or role, none) and, for wrong ones, by what was predicted.
fn speaker_classes(
    g: &GoldArticle,
    p: &Annotations,
    counts: &mut std::collections::BTreeMap<String, (usize, usize)>,
) {
    let (_, pairs) = lenient_pairs(g, p);
    for (gi, pi) in pairs {
        let (gq, pq) = (&g.quotes[gi], &p.quotes[pi]);
        let Some(gold) = gq.speaker.as_deref() else {
            continue;
        };
        let gold_n = eval::normalize_name(gold);
        let class = match &gq.speaker_mention {
            None => "floating (no mention)",
            Some(m) if eval::is_pronoun(&m.text) => "pronoun",
            Some(m)
                if m.text.chars().next().is_some_and(|c| c.is_lowercase())
                    || m.text.split_whitespace().nth(1).is_some_and(|w| {
                        matches!(m.text.split_whitespace().next(), Some("The" | "A" | "An"))
                            && w.chars().next().is_some_and(|c| c.is_lowercase())
                    }) =>
            {
                "description"
            }
            Some(m) if eval::normalize_name(&m.text) == gold_n => "name as written",
            Some(m) if gold_n.contains(&eval::normalize_name(&m.text)) => "part of the name",
            Some(_) => "name with title/role or other",
        };
        let ok = pq.speaker.as_deref().map(eval::normalize_name) == Some(gold_n.clone());
        let e = counts.entry(class.to_string()).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            let why = match pq.speaker.as_deref().map(eval::normalize_name) {
                None => "  wrong: no speaker",
                Some(s) if s.contains(&gold_n) => "  wrong: gold name plus more",
                Some(s) if gold_n.contains(&s) => "  wrong: part of the gold name",
                Some(_) => "  wrong: another speaker",
            };
            counts.entry(format!("{class}{why}")).or_default().1 += 1;
        }
    }
}

fn context(chars: &[char], s: usize, e: usize) -> String {
    let a = s.saturating_sub(120).min(chars.len());
    let b = (e + 120).min(chars.len());
    let (s, e) = (s.clamp(a, b), e.clamp(a, b));
    let part = |x: usize, y: usize| chars[x..y].iter().collect::<String>().replace('\n', "⏎");
    format!("{}[[{}]]{}", part(a, s), part(s, e), part(e, b))
}

/// The text's characters, and the gold and predicted quotes matched at the
/// lenient threshold, by index.
fn lenient_pairs(g: &GoldArticle, p: &Annotations) -> (Vec<char>, Vec<(usize, usize)>) {
    let chars: Vec<char> = g.text.chars().collect();
    let spans = |qs: &[quotewire_annotate::Quote]| -> Vec<(usize, usize)> {
        qs.iter()
            .map(|q| eval::trimmed(&chars, q.start, q.end))
            .collect()
    };
    let pairs = eval::match_spans(&spans(&g.quotes), &spans(&p.quotes), eval::LENIENT);
    (chars, pairs)
}

fn print_debug(g: &GoldArticle, p: &Annotations, kind: &str, speech_only: bool) {
    let (chars, pairs) = lenient_pairs(g, p);
    let speech = |q: &quotewire_annotate::Quote| {
        q.cue
            .as_ref()
            .is_some_and(|c| eval::cues_is_speech(&c.text))
    };
    match kind {
        "miss" => {
            for (gi, q) in g.quotes.iter().enumerate() {
                if pairs.iter().any(|&(x, _)| x == gi) || speech_only && !speech(q) {
                    continue;
                }
                let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
                println!(
                    "MISS {} {} cue={cue:?} spk={:?}\n  {}\n",
                    g.id,
                    q.kind.as_str(),
                    q.speaker,
                    context(&chars, q.start, q.end)
                );
            }
        }
        "fp" => {
            for (pi, q) in p.quotes.iter().enumerate() {
                if pairs.iter().any(|&(_, y)| y == pi) {
                    continue;
                }
                let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
                println!(
                    "FP {} {} cue={cue:?} spk={:?} mention={:?}\n  {}\n",
                    g.id,
                    q.kind.as_str(),
                    q.speaker,
                    q.speaker_mention.as_ref().map(|m| &m.text),
                    context(&chars, q.start, q.end)
                );
            }
        }
        _ => {
            for &(gi, pi) in &pairs {
                let (gq, pq) = (&g.quotes[gi], &p.quotes[pi]);
                if gq.speaker.is_none() || speech_only && !speech(gq) {
                    continue;
                }
                let overlap = match (&gq.speaker_mention, &pq.speaker_mention) {
                    (Some(a), Some(b)) => a.start.max(b.start) < a.end.min(b.end),
                    _ => false,
                };
                let names = gq.speaker.as_deref().map(eval::normalize_name)
                    == pq.speaker.as_deref().map(eval::normalize_name);
                let ok = if g.speaker_names == "as_written" {
                    overlap || names
                } else {
                    names
                };
                if !ok {
                    println!(
                        "SPK {} gold={:?} pred={:?} mention={:?}\n  {}\n",
                        g.id,
                        gq.speaker,
                        pq.speaker,
                        pq.speaker_mention.as_ref().map(|m| &m.text),
                        context(
                            &chars,
                            gq.speaker_mention
                                .as_ref()
                                .map_or(gq.start, |m| m.start.min(gq.start)),
                            gq.end
                        )
                    );
                }
            }
        }
    }
}
