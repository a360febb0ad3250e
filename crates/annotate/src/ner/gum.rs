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

/// One token of a GUM document.
#[derive(Debug, Clone)]
pub struct GumToken {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    /// The syntactic head's 1-based position in the sentence, 0 for the root.
    pub head: usize,
    pub deprel: String,
    /// Code points `[start, end)` in `GumDoc::text`.
    pub start: usize,
    pub end: usize,
    /// Index of the sentence (in the document) and of the paragraph.
    pub sentence: usize,
    pub paragraph: usize,
}

/// One mention of GUM's entity layer: every named, nominal and pronominal
/// mention, with its coreference chain.
#[derive(Debug, Clone)]
pub struct GumMention {
    /// Tokens `[start, end)` of the document.
    pub start: usize,
    pub end: usize,
    /// Code points `[start, end)` in `GumDoc::text`.
    pub chars: (usize, usize),
    /// The chain (GUM's entity id); mentions of one chain corefer.
    pub chain: String,
    /// `person`, `organization`, `place`, `object`, `abstract`, ...
    pub etype: String,
    /// The Wikipedia identity, underscores as spaces, when GUM gives one.
    pub identity: Option<String>,
    /// GUM's minimal span: 1-based positions within the mention.
    pub minspan: Vec<usize>,
}

/// A GUM document as running text with its tokens and mentions. Sentences are
/// joined by the spaces GUM records (`SpaceAfter=No` aside), paragraphs by a
/// blank line, so the engine can read `text` as an article.
#[derive(Debug, Clone, Default)]
pub struct GumDoc {
    pub id: String,
    pub text: String,
    pub tokens: Vec<GumToken>,
    pub mentions: Vec<GumMention>,
    /// Token ranges of the sentences.
    pub sentences: Vec<std::ops::Range<usize>>,
}

/// `12-person-new-...-Cres_Eastman` (an opening without its bracket) →
/// (id, type, minspan, identity). Fields: GRP-etype-infstat-salience-centering-
/// minspan-link-identity; a Wikipedia title may hold '-'.
fn open_entity(spec: &str) -> (String, String, Vec<usize>, Option<String>) {
    let parts: Vec<&str> = spec.split('-').collect();
    let id = parts.first().copied().unwrap_or("").to_string();
    let ty = parts.get(1).copied().unwrap_or("").to_string();
    let minspan = parts
        .get(5)
        .map(|m| m.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    let identity = (parts.len() >= 8)
        .then(|| parts[7..].join("-").replace('_', " "))
        .filter(|s| !s.is_empty());
    (id, ty, minspan, identity)
}

/// A mention being read: its first token and code point, and its opening.
struct Open {
    id: String,
    tok: usize,
    char: usize,
    ty: String,
    minspan: Vec<usize>,
    identity: Option<String>,
}

/// Reads the documents of one GUM `.conllu` file with their coreference layer.
pub fn read_coref(text: &str) -> Vec<GumDoc> {
    let mut docs: Vec<GumDoc> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut first_par = true;
    let mut pos = 0usize;
    let mut paragraph = 0usize;
    let mut sent_start: Option<usize> = None;
    let end_sentence = |d: &mut GumDoc, s: &mut Option<usize>| {
        if let Some(a) = s.take() {
            if a < d.tokens.len() {
                d.sentences.push(a..d.tokens.len());
            }
        }
    };
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            if let Some(d) = docs.last_mut() {
                end_sentence(d, &mut sent_start);
            }
            let id = rest.split('=').nth(1).unwrap_or("").trim().to_string();
            docs.push(GumDoc {
                id,
                ..GumDoc::default()
            });
            open.clear();
            first_par = true;
            pos = 0;
            paragraph = 0;
            continue;
        }
        if docs.is_empty() {
            docs.push(GumDoc::default());
        }
        let Some(d) = docs.last_mut() else { continue };
        if line.starts_with("# newpar") && !line.starts_with("# newpar_") {
            if !first_par {
                d.text.push_str("\n\n");
                pos += 2;
                paragraph += 1;
            }
            first_par = false;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            end_sentence(d, &mut sent_start);
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 10 || !c[0].bytes().all(|b| b.is_ascii_digit()) {
            continue; // multi-word token ranges and empty nodes
        }
        let form = c[1];
        let start = pos;
        d.text.push_str(form);
        pos += form.chars().count();
        let end = pos;
        let misc = c[9];
        if !misc.split('|').any(|f| f == "SpaceAfter=No") {
            d.text.push(' ');
            pos += 1;
        }
        let tok = d.tokens.len();
        sent_start.get_or_insert(tok);
        d.tokens.push(GumToken {
            form: form.to_string(),
            lemma: c[2].to_string(),
            upos: c[3].to_string(),
            head: c[6].parse().unwrap_or(0),
            deprel: c[7].to_string(),
            start,
            end,
            sentence: d.sentences.len(),
            paragraph,
        });
        let Some(ent) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) else {
            continue;
        };
        // `(3-...-X)` opens and closes here, `(3-...` opens, `3)` closes.
        let mut rest = ent;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('(') {
                let stop = r.find(['(', ')']).unwrap_or(r.len());
                let (id, ty, minspan, identity) = open_entity(&r[..stop]);
                if r[stop..].starts_with(')') {
                    d.mentions.push(GumMention {
                        start: tok,
                        end: tok + 1,
                        chars: (start, end),
                        chain: id,
                        etype: ty,
                        identity,
                        minspan,
                    });
                    rest = &r[stop + 1..];
                } else {
                    open.push(Open {
                        id,
                        tok,
                        char: start,
                        ty,
                        minspan,
                        identity,
                    });
                    rest = &r[stop..];
                }
            } else {
                let stop = rest.find(['(', ')']).unwrap_or(rest.len());
                let id = &rest[..stop];
                if rest[stop..].starts_with(')') {
                    if let Some(p) = open.iter().rposition(|o| o.id == id) {
                        let o = open.remove(p);
                        d.mentions.push(GumMention {
                            start: o.tok,
                            end: tok + 1,
                            chars: (o.char, end),
                            chain: o.id,
                            etype: o.ty,
                            identity: o.identity,
                            minspan: o.minspan,
                        });
                    }
                    rest = &rest[stop + 1..];
                } else if stop == 0 {
                    // A stray character: skip it rather than loop.
                    rest = rest.get(1..).unwrap_or("");
                } else {
                    rest = &rest[stop..];
                }
            }
        }
    }
    if let Some(d) = docs.last_mut() {
        end_sentence(d, &mut sent_start);
    }
    docs.retain(|d| !d.tokens.is_empty());
    for d in &mut docs {
        // In text order, outer mentions before the ones they hold.
        d.mentions
            .sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    }
    docs
}

/// Sentence-local view of a token for the name tagging below.
struct Tok {
    form: String,
    propn: bool,
    head: usize,
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

/// Reads one GUM `.conllu` file (one or more documents) as tagged sentences.
pub fn read(text: &str) -> Vec<Document> {
    read_coref(text)
        .iter()
        .map(|d| Document {
            sentences: d.sentences.iter().map(|r| sentence(d, r.clone())).collect(),
        })
        .collect()
}

fn sentence(d: &GumDoc, range: std::ops::Range<usize>) -> Sentence {
    let toks: Vec<Tok> = d.tokens[range.clone()]
        .iter()
        .map(|t| Tok {
            form: t.form.clone(),
            propn: t.upos == "PROPN",
            head: t.head,
        })
        .collect();
    // Named mentions inside the sentence, outer (longer) ones first:
    // "University of Toronto" over "Toronto".
    let mut spans: Vec<(usize, usize, &'static str)> = d
        .mentions
        .iter()
        .filter(|m| m.start >= range.start && m.end <= range.end && m.identity.is_some())
        .filter_map(|m| label_of(&m.etype).map(|l| (m.start - range.start, m.end - range.start, l)))
        .collect();
    spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut labels = vec!["O"; toks.len()];
    for (s, e, l) in spans {
        tag_mention(&toks, s, e, l, &mut labels);
    }
    Sentence {
        words: toks.into_iter().map(|t| t.form).collect(),
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
    fn coreference_layer_spans_chains_and_text() {
        let docs = read_coref(DOC);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.id, "t");
        assert_eq!(d.text, "President Joe Biden visited the mayor of Toronto ");
        assert_eq!(d.sentences, vec![0..8]);
        let m: Vec<(usize, usize, &str, &str)> = d
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.chain.as_str(), m.etype.as_str()))
            .collect();
        assert_eq!(
            m,
            [
                (0, 3, "1", "person"),
                (4, 8, "2", "person"),
                (7, 8, "3", "place")
            ]
        );
        assert_eq!(d.mentions[0].identity.as_deref(), Some("Joe Biden"));
        assert_eq!(d.mentions[0].minspan, [3]);
        assert_eq!(d.mentions[1].identity, None);
        assert_eq!(d.mentions[1].chars, (28, 48));
        assert_eq!(d.tokens[2].deprel, "nsubj");
        assert_eq!(d.tokens[2].head, 4);
    }

    #[test]
    fn malformed_lines_do_not_panic() {
        let docs = read("1\tx\n# newdoc\n1\ta\tb\tPROPN\tX\t_\tzz\t_\t_\tEntity=((()-)\n\n");
        assert!(docs.len() <= 2);
    }
}
