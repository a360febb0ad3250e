//! Makes quote speakers and entities agree: a speaker named in the text is the
//! entity whose mention it is, under that entity's fullest name, so that the
//! service can link every quote to the entity it stores.

use crate::{Entity, EntityKind, Quote};

pub fn link_speakers(quotes: &mut [Quote], entities: &[Entity]) {
    let speaking = |e: &&Entity| matches!(e.kind, EntityKind::Person | EntityKind::Organization);
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.clone() else {
            continue;
        };
        // 1. The speaker mention is (or holds) a mention of an entity.
        let by_mention = quote.speaker_mention.as_ref().and_then(|sm| {
            entities.iter().filter(speaking).find(|e| {
                e.mentions
                    .iter()
                    .any(|m| m.start < sm.end && sm.start < m.end && !fold(&m.text).is_empty())
                    && same_person(&e.name, &speaker)
            })
        });
        // 2. The speaker's name is an entity's name or one of its mentions.
        let by_name = || {
            let key = fold(&speaker);
            entities
                .iter()
                .filter(speaking)
                .find(|e| fold(&e.name) == key || e.mentions.iter().any(|m| fold(&m.text) == key))
        };
        // 3. A surname that only one person in the article carries.
        let by_surname = || {
            let key = fold(&speaker);
            if key.contains(' ') {
                return None;
            }
            let mut people = entities
                .iter()
                .filter(|e| e.kind == EntityKind::Person)
                .filter(|e| fold(&e.name).rsplit(' ').next() == Some(key.as_str()));
            match (people.next(), people.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        };
        if let Some(entity) = by_mention.or_else(by_name).or_else(by_surname) {
            if entity.name.chars().count() >= speaker.chars().count() {
                quote.speaker = Some(entity.name.clone());
            }
        }
    }
}

/// Whether two names can be the same person: equal, or one's words end the other's.
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    a == b || a.ends_with(&format!(" {b}")) || b.ends_with(&format!(" {a}"))
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
