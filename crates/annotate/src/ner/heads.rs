//! Word classes of the words that end (or open) a name: legal forms of
//! companies (`GmbH`, `plc`, `S.A.`; `data/legal_forms.txt`, from `cleanco`,
//! see `data/LEGAL-FORMS-LICENSE.md`), organization heads (`Council`,
//! `Times`), place heads (`River`, `County`) and heads of laws, events and
//! awards (`Act`, `War`, `Cup`). Evidence for a name's kind
//! that does not depend on the names of the training data.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::lexicon::{
    MISC_NAME_HEADS, ORG_NAME_HEADS, ORG_TYPE_NOUNS, PLACE_HEAD_NOUNS, PLACE_NAME_HEADS,
};

/// A legal form of a company.
pub const LEGAL: u8 = 1;
/// A noun that heads an organization's name.
pub const ORG: u8 = 2;
/// A noun that heads a place's name.
pub const PLACE: u8 = 4;
/// A noun that heads the name of a law, event or award.
pub const MISC: u8 = 8;

static CLASSES: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut m: FxHashMap<&'static str, u8> = FxHashMap::default();
    let lists: [(&[&'static str], u8); 5] = [
        (ORG_TYPE_NOUNS, ORG),
        (ORG_NAME_HEADS, ORG),
        (PLACE_HEAD_NOUNS, PLACE),
        (PLACE_NAME_HEADS, PLACE),
        (MISC_NAME_HEADS, MISC),
    ];
    for (list, class) in lists {
        for w in list {
            *m.entry(w).or_default() |= class;
        }
    }
    for w in include_str!("../../data/legal_forms.txt").lines() {
        *m.entry(w).or_default() |= LEGAL;
    }
    m
});

/// The classes (`LEGAL | ORG | PLACE | MISC` bits) of a capitalized word, 0 for
/// other words. `lower` is `word` lower-cased. A legal form of two letters
/// or fewer counts only in capitals or with dots (`AG`, `S.A.`, not `As`).
pub fn head_class(word: &str, lower: &str) -> u8 {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return 0;
    }
    let dotted = lower.contains('.');
    let key = if dotted {
        std::borrow::Cow::Owned(lower.replace('.', ""))
    } else {
        std::borrow::Cow::Borrowed(lower)
    };
    let Some(&class) = CLASSES.get(key.as_ref()) else {
        return 0;
    };
    let short = key.chars().count() <= 2;
    let capitals = !word.chars().any(char::is_lowercase);
    if short && !(capitals || dotted) {
        class & !LEGAL
    } else {
        class
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(w: &str) -> u8 {
        head_class(w, &w.to_lowercase())
    }

    #[test]
    fn legal_forms_and_heads() {
        assert_eq!(class("GmbH"), LEGAL);
        assert_eq!(class("Inc."), LEGAL);
        assert_eq!(class("S.A."), LEGAL);
        assert_eq!(class("AG"), LEGAL);
        // Two-letter forms only in capitals or with dots.
        assert_eq!(class("As"), 0);
        assert_eq!(class("Council"), ORG);
        assert_eq!(class("Times"), ORG);
        assert_eq!(class("River"), PLACE);
        assert_eq!(class("County"), PLACE);
        assert_eq!(class("Act"), MISC);
        // Lower-case words are no heads of names.
        assert_eq!(class("council"), 0);
        assert_eq!(class("Smith"), 0);
        // Forms spelled like a country or union stay out.
        assert_eq!(class("UK"), 0);
        assert_eq!(class("EU"), 0);
    }

    #[test]
    fn legal_form_file_is_sorted_lower_case_without_dots() {
        let forms: Vec<&str> = include_str!("../../data/legal_forms.txt").lines().collect();
        assert!(forms.len() > 100);
        assert!(forms.windows(2).all(|w| w[0] < w[1]));
        assert!(forms
            .iter()
            .all(|f| !f.contains('.') && f.to_lowercase() == *f && !f.is_empty()));
    }
}
