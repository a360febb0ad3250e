//! Makes quote speakers and entities agree: a speaker named in the text is the
//! entity whose mention it is, under that entity's fullest name, so that the
//! service can link every quote to the entity it stores.

use crate::doc::{Doc, Tk};
use crate::{Entity, EntityKind, Quote};

/// An entity's name and mention texts folded once per article: every quote
/// with a speaker compares against all of them.
struct Folded {
    name: String,
    /// Empty for entities that cannot speak (never compared).
    mentions: Vec<String>,
}

fn can_speak(e: &Entity) -> bool {
    matches!(e.kind, EntityKind::Person | EntityKind::Organization)
}

/// Entities whose names a speaker may take: speakers, and misc names the
/// tagger gave a body (`World Health Organization` … `the WHO said`), taken
/// only when the speaker is written as one of their mentions.
fn can_name(e: &Entity) -> bool {
    can_speak(e) || e.kind == EntityKind::Misc
}

pub fn link_speakers(quotes: &mut [Quote], entities: &[Entity]) {
    if quotes.iter().all(|q| q.speaker.is_none()) {
        return;
    }
    let folded: Vec<Folded> = entities
        .iter()
        .map(|e| Folded {
            name: fold(&e.name),
            mentions: if can_name(e) {
                e.mentions.iter().map(|m| fold(&m.text)).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let speaking = || entities.iter().zip(&folded).filter(|(e, _)| can_speak(e));
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.clone() else {
            continue;
        };
        let key = fold(&speaker);
        // 1. The speaker mention is (or holds) a mention of an entity.
        let by_mention = quote.speaker_mention.as_ref().and_then(|sm| {
            speaking().find(|(e, f)| {
                e.mentions
                    .iter()
                    .zip(&f.mentions)
                    .any(|(m, fm)| m.start < sm.end && sm.start < m.end && !fm.is_empty())
                    && (same_person(&f.name, &key)
                        || e.kind == EntityKind::Organization && starts_with_words(&f.name, &key))
            })
        });
        // 2. The speaker's name is an entity's name or one of its mentions.
        let by_name = || speaking().find(|(_, f)| f.name == key || f.mentions.contains(&key));
        // 2b. A misc name of which the one-word speaker is a mention: an
        // acronym of a body the tagger took for a misc name.
        let by_alias = || {
            entities
                .iter()
                .zip(&folded)
                .filter(|(e, _)| e.kind == EntityKind::Misc && !key.contains(' '))
                .find(|(e, f)| {
                    f.mentions.contains(&key) && e.name.chars().count() > speaker.chars().count()
                })
        };
        // 3. A surname that only one person in the article carries.
        let by_surname = || {
            if key.contains(' ') {
                return None;
            }
            let mut people = entities
                .iter()
                .zip(&folded)
                .filter(|(e, _)| e.kind == EntityKind::Person)
                .filter(|(_, f)| f.name.rsplit(' ').next() == Some(key.as_str()));
            match (people.next(), people.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        };
        let found = by_mention
            .or_else(by_name)
            .or_else(by_surname)
            .map(|(e, f)| fuller_person(entities, &folded, e, f))
            .or_else(by_alias);
        if let Some((entity, _)) = found {
            if entity.name.chars().count() >= speaker.chars().count()
                && !adds_a_prefix_to_a_person(&fold(&entity.name), &key)
            {
                quote.speaker = Some(entity.name.clone());
            }
        }
    }
}

/// A speaker mention that is a personal pronoun (`he said`) resolved to a
/// person becomes one of that person's mentions, as written: the entity then
/// counts every place the article quotes it. A span another mention already
/// covers (two fragments of one quote share their mention) is added once.
pub fn pronoun_mentions(quotes: &[Quote], entities: &mut [Entity]) {
    for quote in quotes {
        let (Some(speaker), Some(sm)) = (&quote.speaker, &quote.speaker_mention) else {
            continue;
        };
        if !matches!(sm.text.to_lowercase().as_str(), "he" | "she") {
            continue;
        }
        let Some(entity) = entities
            .iter_mut()
            .find(|e| e.kind == EntityKind::Person && e.name == *speaker)
        else {
            continue;
        };
        if entity
            .mentions
            .iter()
            .any(|m| m.start < sm.end && sm.start < m.end)
        {
            continue;
        }
        let at = entity.mentions.partition_point(|m| m.start < sm.start);
        entity.mentions.insert(at, sm.clone());
    }
}

/// Bodies under the fullest name the article writes: `the Air Force said`
/// after `the United States Air Force's base` is the United States Air Force.
/// A speaker of two or more words that names a body (an organization entity,
/// or ending in a body word) takes the longest run of capitalized words (at
/// most three more, no titles or roles) that ends with it.
pub fn fullest_body_names(doc: &Doc<'_>, quotes: &mut [Quote], entities: &[Entity]) {
    let words = &doc.words;
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.as_deref() else {
            continue;
        };
        let parts: Vec<String> = speaker.split_whitespace().map(str::to_lowercase).collect();
        let person = entities.iter().any(|e| {
            e.kind == EntityKind::Person
                && (e.name == speaker || e.mentions.iter().any(|m| m.text == speaker))
        });
        let first_name = parts
            .first()
            .is_some_and(|w| crate::lexicon::first_name(w).is_some());
        let body = parts
            .last()
            .is_some_and(|w| crate::quotes::speakers::is_body_word(w))
            || entities.iter().any(|e| {
                e.kind == EntityKind::Organization
                    && (e.name == speaker || e.mentions.iter().any(|m| m.text == speaker))
            });
        if parts.len() < 2 || person || first_name || !body || speaker.contains(['\'', '’']) {
            continue;
        }
        let mut best: Option<(usize, usize)> = None; // word range
        for w in 0..words.len().saturating_sub(parts.len() - 1) {
            let matches = parts.iter().enumerate().all(|(k, p)| {
                let lower = words[w + k].lower.as_str();
                // The last word may be possessive: `the Air Force's base`.
                let last = k + 1 == parts.len();
                words[w + k].kind == Tk::Word
                    && (lower == p || last && lower.strip_suffix("'s") == Some(p))
            });
            if !matches {
                continue;
            }
            let mut s = w;
            while s > 0 && w - s < 3 && crate::quotes::speakers::can_extend_a_name(&words[s - 1]) {
                s -= 1;
            }
            if s < w && best.is_none_or(|(bs, be)| w - s > be - bs - parts.len()) {
                best = Some((s, w + parts.len()));
            }
        }
        if let Some((s, e)) = best {
            let a = words[s].start;
            // Without a possessive ending of the last word.
            let b = words[e - 1].end - usize::from(words[e - 1].lower.ends_with("'s")) * 2;
            let name: String = doc.chars[a.min(doc.chars.len())..b.min(doc.chars.len())]
                .iter()
                .collect();
            quote.speaker = Some(name);
        }
    }
}

/// A person known by one name (`Erdogan`, tagged apart) is the one person of
/// the article whose fuller name ends with it (`Recep Tayyip Erdoğan`).
fn fuller_person<'a>(
    entities: &'a [Entity],
    folded: &'a [Folded],
    e: &'a Entity,
    f: &'a Folded,
) -> (&'a Entity, &'a Folded) {
    if e.kind != EntityKind::Person || f.name.contains(' ') || f.name.is_empty() {
        return (e, f);
    }
    let mut fuller = entities
        .iter()
        .zip(folded)
        .filter(|(o, of)| o.kind == EntityKind::Person && ends_with_words(&of.name, &f.name));
    match (fuller.next(), fuller.next()) {
        (Some(only), None) => only,
        _ => (e, f),
    }
}

/// `United Nations Jo Roe` for `Jo Roe`: words of a body's name or a role
/// that a tagged mention ran into a full name make no fuller name (where
/// `Recep Tayyip Erdoğan` for `Tayyip Erdoğan` does).
fn adds_a_prefix_to_a_person(entity: &str, key: &str) -> bool {
    key.contains(' ')
        && entity.strip_suffix(key).is_some_and(|head| {
            head.ends_with(' ')
                && head
                    .split_whitespace()
                    .any(crate::quotes::speakers::is_role_or_body_word)
        })
}

/// Whether two folded names can be the same person: equal, or one's words end
/// the other's.
fn same_person(a: &str, b: &str) -> bool {
    a == b || ends_with_words(a, b) || ends_with_words(b, a)
}

/// Whether `a` starts with `b` and then a space: `Ford Motor Company` for `Ford`.
fn starts_with_words(a: &str, b: &str) -> bool {
    a.strip_prefix(b).is_some_and(|tail| tail.starts_with(' '))
}

/// Whether `a` ends with a space and then `b`.
fn ends_with_words(a: &str, b: &str) -> bool {
    a.strip_suffix(b).is_some_and(|head| head.ends_with(' '))
}

fn fold(s: &str) -> String {
    crate::entities::normalize_name(EntityKind::Misc, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{QuoteKind, Span};

    fn span(start: usize, text: &str) -> Span {
        Span {
            start,
            end: start + text.chars().count(),
            text: text.to_string(),
        }
    }

    fn quote(speaker: &str, mention: Span) -> Quote {
        Quote {
            kind: QuoteKind::Direct,
            start: 0,
            end: 1,
            text: "x".into(),
            fragments: None,
            speaker: Some(speaker.into()),
            speaker_mention: Some(mention),
            cue: None,
            role: None,
        }
    }

    fn person(name: &str, mentions: Vec<Span>) -> Entity {
        Entity {
            kind: EntityKind::Person,
            name: name.into(),
            mentions,
        }
    }

    #[test]
    fn speakers_take_the_fullest_entity_name() {
        let entities = vec![
            person("Ana Ruiz", vec![span(0, "Ana Ruiz"), span(40, "Ruiz")]),
            person("Luis Ruiz", vec![span(60, "Luis Ruiz")]),
            person("Maria Lopez", vec![span(80, "Maria Lopez")]),
        ];
        let mut quotes = vec![
            quote("Ruiz", span(40, "Ruiz")),
            quote("Lopez", span(200, "Lopez")),
            quote("Ruiz", span(300, "Ruiz")),
            quote("Someone Else", span(400, "Someone Else")),
        ];
        link_speakers(&mut quotes, &entities);
        let names: Vec<_> = quotes
            .iter()
            .map(|q| q.speaker.as_deref().unwrap_or(""))
            .collect();
        // By mention; by unique surname; by a mention text the article uses; unknown kept.
        assert_eq!(
            names,
            ["Ana Ruiz", "Maria Lopez", "Ana Ruiz", "Someone Else"]
        );
    }
}
