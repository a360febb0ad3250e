//! Article-level repairs of the tagger's name mentions: their shape (titles,
//! run-on names, of-phrases, datelines), acronyms, and one kind per name
//! across the article (document-level consistency).

use super::{acronyms, consistency, coordination, designators, people, shape, titles};
use crate::tokens::Token;
use crate::types::EntityKind;

/// A name mention over tokens `[s, e)`; `link` points at the mention it was
/// tied to by a rule (an acronym to its long form).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub s: usize,
    pub e: usize,
    pub kind: EntityKind,
    pub link: Option<usize>,
}

/// A mention tied to nothing, as the rules' unit tests write them.
#[cfg(test)]
pub(super) fn m(s: usize, e: usize, kind: EntityKind) -> Mention {
    Mention {
        s,
        e,
        kind,
        link: None,
    }
}

pub(super) fn capitalized(t: &Token<'_>) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn surface(toks: &[Token<'_>], s: usize, e: usize) -> String {
    toks[s..e]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn is_dash(t: &Token<'_>) -> bool {
    matches!(t.text, "-" | "--" | "–" | "—")
}

pub(super) fn is_acronym(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&letters)
        && t.chars()
            .all(|c| c.is_uppercase() || c == '-' || c == '&' || c == '.' || c.is_ascii_digit())
}

/// Applies every repair; returns mentions sorted by position, not overlapping.
pub fn refine(toks: &[Token<'_>], mut ms: Vec<Mention>) -> Vec<Mention> {
    shape::trim_titles(toks, &mut ms);
    let ms = shape::split_runaways(toks, ms);
    let ms = coordination::split_joined_names(toks, ms);
    let mut ms = titles::split_titles(toks, ms);
    titles::trailing_titles(toks, &mut ms);
    shape::datelines(toks, &mut ms);
    ms.sort_by_key(|m| m.s);
    let mut ms = titles::regnal_numbers(toks, ms);
    shape::extend_of_phrases(toks, &mut ms);
    coordination::extend_descriptive_names(toks, &mut ms);
    // No links yet: these may add and drop mentions.
    let mut ms = designators::designated_names(toks, ms);
    designators::lone_heads(toks, &mut ms);
    let ms = titles::titles_and_countries(toks, ms);
    let ms = titles::organization_then_person(toks, ms);
    let mut ms = people::first_names_alone(toks, ms);
    acronyms::acronyms(toks, &mut ms);
    acronyms::compound_acronyms(toks, &mut ms);
    let ms = consistency::consistency(toks, ms);
    // Consistency may tag a first name the tagger left out before its surname.
    let mut ms = people::join_split_names(toks, ms);
    ms.retain(|m| !is_non_name(toks, m));
    ms
}

/// A lone pronoun, article, interjection, weekday, letter or clock time is
/// never a name, however the tagger scores it: in interviews a
/// sentence-initial "I" or "Yeah" looks like a capitalized name, in headlines
/// "The", and pages stamp comments "9:33PM". (A weekday is a date, by the
/// rules.)
fn is_non_name(toks: &[Token<'_>], m: &Mention) -> bool {
    #[rustfmt::skip]
    const NOT_NAMES: [&str; 36] = [
        "i", "we", "he", "she", "they", "it", "you", "me", "us", "him", "her", "them", "the",
        "an", "yeah", "yes", "yep", "no", "nope", "oh", "ah", "wow", "okay", "ok", "hey", "hi",
        "hello", "um", "uh", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday",
    ];
    if m.e != m.s + 1 {
        return false;
    }
    let Some(t) = toks.get(m.s) else { return false };
    let word = t.text.trim_end_matches('.');
    // "US" and "WHO" are acronyms, not the pronouns they spell.
    let pronoun =
        word.chars().any(char::is_lowercase) && NOT_NAMES.contains(&word.to_lowercase().as_str());
    let clock = word.contains(':')
        && word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .trim_end_matches(['A', 'P', 'M', 'a', 'p', 'm'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':');
    word.chars().count() <= 1 || pronoun || clock
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn lone_pronouns_and_letters_are_not_names() {
        let text =
            "I said I. Then We left with J. and Maria Lopez.\n\nYeah, said she. The 9:33PM Tuesday";
        let toks = tokenize(text);
        let one = |s: usize| Mention {
            s,
            e: s + 1,
            kind: EntityKind::Person,
            link: None,
        };
        let at = |w: &str| toks.iter().position(|t| t.text == w).unwrap_or(0);
        let maria = at("Maria");
        let mut ms = vec![
            one(0),
            one(at("We")),
            one(at("J.")),
            Mention {
                s: maria,
                e: maria + 2,
                kind: EntityKind::Person,
                link: None,
            },
        ];
        ms.push(one(at("Yeah")));
        ms.push(one(at("The")));
        assert!(toks.iter().any(|t| t.text == "9:33PM"));
        ms.push(one(at("9:33PM")));
        ms.push(one(at("Tuesday")));
        let kept = refine(&toks, ms);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].s, maria);
    }

    #[test]
    fn acronym_and_consistency() {
        let text = "The Union of Acme Workers (UAW) met. UAW said Jo Bloggs and Bloggs left.";
        let toks = tokenize(text);
        let ms = vec![
            Mention {
                s: 1,
                e: 5,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 12,
                e: 14,
                kind: EntityKind::Person,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind, Option<usize>)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind, m.link))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Union of Acme Workers".into(),
                    EntityKind::Organization,
                    None
                ),
                ("UAW".into(), EntityKind::Organization, Some(0)),
                ("UAW".into(), EntityKind::Organization, None),
                ("Jo Bloggs".into(), EntityKind::Person, None),
                ("Bloggs".into(), EntityKind::Person, None),
            ]
        );
    }

    #[test]
    fn titles_and_of_phrases() {
        let toks = tokenize(
            "Professor Ann Lee of the Assembly of the Working Class and the ABC-DEF spoke to ABC.",
        );
        let ms = vec![
            Mention {
                s: 0,
                e: 3,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 5,
                e: 6,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 9,
                e: 10,
                kind: EntityKind::Misc,
                link: None,
            },
            Mention {
                s: 12,
                e: 13,
                kind: EntityKind::Misc,
                link: None,
            },
            Mention {
                s: 15,
                e: 16,
                kind: EntityKind::Organization,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Ann Lee".into(), EntityKind::Person),
                (
                    "Assembly of the Working Class".into(),
                    EntityKind::Organization
                ),
                ("ABC-DEF".into(), EntityKind::Organization),
                ("ABC".into(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn title_before_name_makes_a_person() {
        let toks = tokenize("when President Obama spoke");
        let ms = vec![Mention {
            s: 2,
            e: 3,
            kind: EntityKind::Organization,
            link: None,
        }];
        assert_eq!(refine(&toks, ms)[0].kind, EntityKind::Person);
    }

    #[test]
    fn runaway_names_are_split() {
        let toks = tokenize(
            "Chancellor Olaf Scholz of Germany posted on Truth Social, and Trump replied.",
        );
        let ms = vec![
            Mention {
                s: 0,
                e: 5,
                kind: EntityKind::Organization,
                link: None,
            },
            Mention {
                s: 7,
                e: 12,
                kind: EntityKind::Organization,
                link: None,
            },
        ];
        let got: Vec<(String, EntityKind)> = refine(&toks, ms)
            .iter()
            .map(|m| (surface(&toks, m.s, m.e), m.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Olaf Scholz".into(), EntityKind::Person),
                ("Germany".into(), EntityKind::Location),
                ("Truth Social".into(), EntityKind::Organization),
                ("Trump".into(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn dateline() {
        let toks = tokenize("Springfield, Venezuela – The mayor spoke.");
        let got = refine(&toks, Vec::new());
        assert_eq!(
            got,
            vec![Mention {
                s: 0,
                e: 1,
                kind: EntityKind::Location,
                link: None
            }]
        );
    }
}
