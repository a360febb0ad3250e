//! Entities of an article: statistical names, rule-based dates and numbers,
//! mentions grouped per real-world thing.

mod acronyms;
pub mod aliases;
mod confidence;
mod consistency;
mod coordination;
mod designators;
pub mod gazetteer;
pub mod names;
pub mod normalize;
mod people;
pub mod resolve;
pub mod rules;
mod shape;
mod titles;

pub use normalize::normalize_name;

use crate::doc::Doc;
use crate::ner::{default_model, label_type, tag_document_with_margins, Model};
use crate::types::{Entity, EntityKind};
use names::Mention;

fn kind_of(ty: &str) -> EntityKind {
    match ty {
        "PER" => EntityKind::Person,
        "ORG" => EntityKind::Organization,
        "LOC" => EntityKind::Location,
        _ => EntityKind::Misc,
    }
}

/// Every entity of `text` with its mentions (sorted; each mention's `text` is
/// the code-point slice `[start, end)` of `text`), entities in order of first
/// mention.
pub fn find_entities(text: &str) -> Vec<Entity> {
    find_entities_in(&Doc::new(text))
}

/// `find_entities` over a document already tokenized and split.
pub fn find_entities_in(doc: &Doc<'_>) -> Vec<Entity> {
    find_entities_with(default_model(), doc)
}

/// `find_entities_in` with another tagger model (scoring a candidate model).
pub fn find_entities_with(model: &Model, doc: &Doc<'_>) -> Vec<Entity> {
    let (text, toks) = (doc.text, &doc.tokens);
    let sents = crate::ner::lines::tagger_lines(toks, &doc.sentences);
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|r| toks[r.clone()].iter().map(|t| t.text).collect())
        .collect();
    let (labels, margins) = tag_document_with_margins(model, &words);
    let margin: Vec<f32> = margins.into_iter().flatten().collect();

    let mut names = Vec::new();
    for (r, labs) in sents.iter().zip(&labels) {
        let mut cur: Option<(usize, &str)> = None;
        for (k, &l) in labs.iter().chain(std::iter::once(&0)).enumerate() {
            let ty = label_type(l);
            let continues =
                !crate::ner::is_begin(l) && ty.is_some() && cur.is_some_and(|(_, c)| Some(c) == ty);
            if !continues {
                if let Some((s, c)) = cur.take() {
                    names.push(Mention {
                        s: r.start + s,
                        e: r.start + k,
                        kind: kind_of(c),
                        link: None,
                    });
                }
                cur = ty.map(|t| (k, t));
            }
        }
    }
    let names = names::refine(toks, names);
    // The tagger's margins are per tagged stretch; without them (never, as
    // lines partition the tokens) nothing is dropped for want of confidence.
    let names = if margin.len() == toks.len() {
        confidence::drop_weak_one_offs(toks, names, &margin, confidence::MIN_ONE_OFF_MARGIN)
    } else {
        names
    };
    let names = confidence::drop_unsupported_people(toks, names);

    // Rule spans give way to people, organizations and places; misc names
    // give way to rule spans (a tagged "January" is a date).
    let rules = rules::find(toks);
    let mut rule_at = vec![false; toks.len()];
    for &(s, e, _) in &rules {
        rule_at[s..e].iter_mut().for_each(|c| *c = true);
    }
    let mut new_index = vec![None; names.len()];
    let mut all: Vec<Mention> = Vec::with_capacity(names.len() + rules.len());
    let mut strong_at = vec![false; toks.len()];
    for (i, m) in names.iter().enumerate() {
        if m.kind == EntityKind::Misc && rule_at[m.s..m.e].iter().any(|&c| c) {
            continue;
        }
        if m.kind != EntityKind::Misc {
            strong_at[m.s..m.e].iter_mut().for_each(|c| *c = true);
        }
        new_index[i] = Some(all.len());
        all.push(m.clone());
    }
    for m in all.iter_mut() {
        m.link = m.link.and_then(|l| new_index.get(l).copied().flatten());
    }
    for &(s, e, kind) in &rules {
        if !strong_at[s..e].iter().any(|&c| c) {
            all.push(Mention {
                s,
                e,
                kind,
                link: None,
            });
        }
    }
    // Sort while keeping links valid.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (all[i].s, all[i].e));
    let mut new_pos = vec![0; all.len()];
    for (p, &i) in order.iter().enumerate() {
        new_pos[i] = p;
    }
    let sorted: Vec<Mention> = order
        .iter()
        .map(|&i| Mention {
            link: all[i].link.map(|l| new_pos[l]),
            ..all[i].clone()
        })
        .collect();
    resolve::resolve(text, toks, &sorted)
}
