//! GUM (CoNLL-U with an entity layer) as tagged training documents.
//!
//! GUM marks every mention (pronouns and descriptions too) with an entity
//! type; a named mention carries an identity (its Wikipedia title). Mapping:
//! person -> PER, organization -> ORG, place -> LOC; a named object, event or
//! abstract -> MISC; animals, plants, substances, times and every mention
//! without an identity stay O. The name itself is the run of proper nouns
//! around the mention's head ("of", "and", "&", "de" inside a run kept), so
//! "the mayor of Toronto" tags nothing and "President Joe Biden" tags
//! "Joe Biden" (leading titles dropped, as in the team's guidelines).

use super::{label_index, Document, Sentence};

struct Tok {
    form: String,
    propn: bool,
    head: usize,
}

/// A mention opening: (coreference id, type, named).
type OpenMark = (String, String, bool);
/// The entity marks on one token: its index, what opens and what closes there.
type Marks = (usize, Vec<OpenMark>, Vec<String>);

/// A mention being read: sentence-local first token, type, whether named.
struct Open {
    id: String,
    start: usize,
    ty: String,
    named: bool,
}

/// Words that open a name in GUM but not in the guidelines (titles, roles).
const TITLES: &[&str] = &[
    "President",
    "Prime",
    "Minister",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Professor",
    "Prof.",
    "Sir",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Governor",
    "Gov.",
    "Senator",
    "Sen.",
    "Judge",
    "Justice",
    "General",
    "Gen.",
    "Chancellor",
    "Mayor",
    "Saint",
    "St.",
    "Lord",
    "Lady",
    "Rep.",
    "Representative",
    "Secretary",
    "Chief",
    "Captain",
    "Lt.",
    "Col.",
    "Director",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Executive",
    "Commissioner",
    "Spokesman",
    "Spokeswoman",
    "Founder",
    "Vice",
    "Deputy",
    "Officer",
    "Head",
    "CEO",
];

fn label_of(ty: &str) -> Option<&'static str> {
    match ty {
        "person" => Some("PER"),
        "organization" => Some("ORG"),
        "place" => Some("LOC"),
        "object" | "event" | "abstract" => Some("MISC"),
        _ => None,
    }
}

/// Parses one `Entity=` value: opening brackets `(id-type-...[-identity]`,
/// closings `id)`; returns (opens, closes) in order of appearance.
fn entity_marks(v: &str) -> (Vec<OpenMark>, Vec<String>) {
    let (mut opens, mut closes) = (Vec::new(), Vec::new());
    let mut rest = v;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('(') {
            let end = r.find(['(', ')']).unwrap_or(r.len());
            let fields: Vec<&str> = r[..end].split('-').collect();
            let id = fields.first().copied().unwrap_or("").to_string();
            let ty = fields.get(1).copied().unwrap_or("").to_string();
            // Identity is the 8th field; a Wikipedia title may hold '-'.
            let named = fields.len() >= 8 && fields[7..].iter().any(|f| !f.is_empty());
            opens.push((id.clone(), ty, named));
            rest = &r[end..];
            if let Some(r2) = rest.strip_prefix(')') {
                closes.push(id);
                rest = r2;
            }
        } else {
            let end = rest.find(['(', ')']).unwrap_or(rest.len());
            let id = rest[..end].to_string();
            rest = &rest[end..];
            if let Some(r2) = rest.strip_prefix(')') {
                if !id.is_empty() {
                    closes.push(id);
                }
                rest = r2;
            } else if end == 0 {
                // A stray character: skip it rather than loop.
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    (opens, closes)
}

/// Tags the proper-noun run around the head of mention `[s, e)`.
fn tag_mention(toks: &[Tok], s: usize, e: usize, label: &str, labels: &mut [&'static str]) {
    // The head: the token whose syntactic head lies outside the mention.
    let Some(h) = (s..e).find(|&i| {
        let hd = toks[i].head;
        hd == 0 || hd - 1 < s || hd > e
    }) else {
        return;
    };
    if !toks[h].propn {
        return;
    }
    let joiner = |i: usize| matches!(toks[i].form.as_str(), "of" | "and" | "&" | "de");
    let (mut a, mut b) = (h, h + 1);
    while a > s && toks[a - 1].propn {
        a -= 1;
    }
    while b < e && (toks[b].propn || (joiner(b) && b + 1 < e && toks[b + 1].propn)) {
        b += 1;
    }
    while a < b && TITLES.contains(&toks[a].form.as_str()) {
        a += 1;
    }
    // A role coreferent with a person ("Director") is no name.
    if a == b || labels[a..b].iter().any(|l| *l != "O") {
        return;
    }
    let (begin, inside): (&'static str, &'static str) = match label {
        "PER" => ("B-PER", "I-PER"),
        "ORG" => ("B-ORG", "I-ORG"),
        "LOC" => ("B-LOC", "I-LOC"),
        _ => ("B-MISC", "I-MISC"),
    };
    labels[a] = begin;
    for l in labels.iter_mut().take(b).skip(a + 1) {
        *l = inside;
    }
}

/// Reads one GUM `.conllu` file (one or more documents).
pub fn read(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut toks: Vec<Tok> = Vec::new();
    let mut marks: Vec<Marks> = Vec::new();
    let flush = |toks: &mut Vec<Tok>, marks: &mut Vec<_>, docs: &mut Vec<Document>| {
        if toks.is_empty() {
            return;
        }
        let sent = sentence(toks, marks);
        match docs.last_mut() {
            Some(d) => d.sentences.push(sent),
            None => docs.push(Document {
                sentences: vec![sent],
            }),
        }
        toks.clear();
        marks.clear();
    };
    for line in text.lines() {
        if line.starts_with("# newdoc") {
            flush(&mut toks, &mut marks, &mut docs);
            docs.push(Document::default());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut toks, &mut marks, &mut docs);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
            continue; // multi-word token ranges and empty nodes
        }
        let i = toks.len();
        toks.push(Tok {
            form: cols[1].to_string(),
            propn: cols[3] == "PROPN",
            head: cols[6].parse().unwrap_or(0),
        });
        if let Some(v) = cols[9].split('|').find_map(|kv| kv.strip_prefix("Entity=")) {
            let (o, c) = entity_marks(v);
            marks.push((i, o, c));
        }
    }
    flush(&mut toks, &mut marks, &mut docs);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

fn sentence(toks: &[Tok], marks: &[Marks]) -> Sentence {
    let mut open: Vec<Open> = Vec::new();
    let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
    for (i, opens, closes) in marks {
        for (id, ty, named) in opens {
            open.push(Open {
                id: id.clone(),
                start: *i,
                ty: ty.clone(),
                named: *named,
            });
        }
        for id in closes {
            if let Some(p) = open.iter().rposition(|o| &o.id == id) {
                let o = open.remove(p);
                if let Some(l) = label_of(&o.ty).filter(|_| o.named) {
                    spans.push((o.start, i + 1, l));
                }
            }
        }
    }
    // Outer (longer) mentions first: "University of Toronto" over "Toronto".
    spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut labels = vec!["O"; toks.len()];
    for (s, e, l) in spans {
        if e <= toks.len() {
            tag_mention(toks, s, e, l, &mut labels);
        }
    }
    Sentence {
        words: toks.iter().map(|t| t.form.clone()).collect(),
        labels: labels.iter().map(|l| label_index(l)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::LABELS;

    const DOC: &str = "# newdoc id = t\n\
1\tPresident\tPresident\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(1-person-new-x-cf1-3-coref-Joe_Biden\n\
2\tJoe\tJoe\tPROPN\tNNP\t_\t3\tcompound\t_\t_\n\
3\tBiden\tBiden\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)\n\
4\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_\n\
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-person-new-x-cf1-2-coref\n\
6\tmayor\tmayor\tNOUN\tNN\t_\t4\tobj\t_\t_\n\
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n\
8\tToronto\tToronto\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(3-place-new-x-cf1-1-coref-Toronto)2)\n\
\n";

    #[test]
    fn named_heads_only_titles_dropped() {
        let docs = read(DOC);
        assert_eq!(docs.len(), 1);
        let s = &docs[0].sentences[0];
        let tags: Vec<&str> = s.labels.iter().map(|&l| LABELS[l]).collect();
        assert_eq!(tags, ["O", "B-PER", "I-PER", "O", "O", "O", "O", "B-LOC"]);
    }

    #[test]
    fn malformed_lines_do_not_panic() {
        let docs = read("1\tx\n# newdoc\n1\ta\tb\tPROPN\tX\t_\tzz\t_\t_\tEntity=((()-)\n\n");
        assert!(docs.len() <= 2);
    }
}
