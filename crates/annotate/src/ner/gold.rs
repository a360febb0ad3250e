//! Hand-annotated articles (`*.gold.jsonl`) as tagged training documents,
//! tokenized and split into sentences (and short lines) exactly as
//! `find_entities` does.

use super::{label_index, Document, Sentence};
use crate::types::{EntityKind, GoldArticle};
use crate::{sentences, tokens};

fn tag_of(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Person => Some("PER"),
        EntityKind::Organization => Some("ORG"),
        EntityKind::Location => Some("LOC"),
        _ => None,
    }
}

/// One document per article with entities; a token inside a gold mention
/// (code-point offsets) gets its kind, everything else O.
pub fn documents(articles: &[GoldArticle]) -> Vec<Document> {
    let mut docs = Vec::new();
    for a in articles {
        let Some(ents) = &a.entities else { continue };
        let toks = tokens::tokenize(&a.text);
        let mut spans: Vec<(usize, usize, &str)> = ents
            .iter()
            .filter_map(|e| tag_of(e.kind).map(|t| (e, t)))
            .flat_map(|(e, t)| e.mentions.iter().map(move |m| (m.start, m.end, t)))
            .collect();
        spans.sort_unstable();
        let mut labels = vec![0usize; toks.len()];
        let mut prev_span = None;
        for (i, t) in toks.iter().enumerate() {
            let hit = spans
                .iter()
                .position(|&(s, e, _)| t.start >= s && t.end <= e);
            if let Some(p) = hit {
                let (_, _, ty) = spans[p];
                let pos = if prev_span == Some(p) { "I-" } else { "B-" };
                labels[i] = label_index(&format!("{pos}{ty}"));
            }
            prev_span = hit;
        }
        let sentences = super::lines::tagger_lines(&toks, &sentences::split(&toks))
            .into_iter()
            .map(|r| Sentence {
                words: toks[r.clone()].iter().map(|t| t.text.to_string()).collect(),
                labels: labels[r].to_vec(),
            })
            .collect();
        docs.push(Document { sentences });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::LABELS;
    use crate::types::{Entity, Span};

    #[test]
    fn mentions_become_iob2() {
        let text = "Kim Lee met Acme Corp staff.";
        let span = |start: usize, end: usize| Span {
            start,
            end,
            text: text[start..end].to_string(),
        };
        let art = GoldArticle {
            id: "t".into(),
            text: text.into(),
            title: None,
            published: None,
            url: None,
            byline: None,
            dateline: None,
            speaker_names: "resolved".into(),
            quotes: vec![],
            entities: Some(vec![
                Entity {
                    kind: EntityKind::Person,
                    name: "Kim Lee".into(),
                    mentions: vec![span(0, 7)],
                },
                Entity {
                    kind: EntityKind::Organization,
                    name: "Acme Corp".into(),
                    mentions: vec![span(12, 21)],
                },
            ]),
        };
        let docs = documents(&[art]);
        let tags: Vec<&str> = docs[0].sentences[0]
            .labels
            .iter()
            .map(|&l| LABELS[l])
            .collect();
        assert_eq!(tags, ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "O"]);
    }
}
