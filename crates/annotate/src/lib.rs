//! quotewire's annotation engine: who said what, and which people, organizations,
//! places, dates and numbers an article names. Pure Rust: no I/O, no async, no
//! global state beyond immutable data loaded once.

/// `word_set!(is_x, LIST)` defines `fn is_x(w: &str) -> bool`, a `WordSet`
/// look-up built once: the word lists are consulted for nearly every token.
macro_rules! word_set {
    ($name:ident, $list:ident) => {
        fn $name(w: &str) -> bool {
            static SET: std::sync::OnceLock<$crate::WordSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| $crate::WordSet::new($list)).contains(w)
        }
    };
}

/// A fixed set of words. Most words looked up are in no list, and many of
/// them start with a byte no listed word starts with, or are longer than
/// every listed word: those are turned down before any hashing.
pub(crate) struct WordSet {
    words: rustc_hash::FxHashSet<&'static str>,
    /// Bit `b` of `first[b / 64]`: some word starts with byte `b`.
    first: [u64; 4],
    max_len: usize,
}

impl WordSet {
    pub(crate) fn new(list: &[&'static str]) -> WordSet {
        let mut first = [0u64; 4];
        for w in list {
            if let Some(&b) = w.as_bytes().first() {
                first[usize::from(b / 64)] |= 1 << (b % 64);
            }
        }
        WordSet {
            words: list.iter().copied().collect(),
            first,
            max_len: list.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }

    pub(crate) fn contains(&self, w: &str) -> bool {
        if let Some(&b) = w.as_bytes().first() {
            if self.first[usize::from(b / 64)] & (1 << (b % 64)) == 0 || w.len() > self.max_len {
                return false;
            }
        }
        self.words.contains(w)
    }
}

pub mod doc;
pub mod entities;
pub mod eval;
mod lexicon;
mod link;
pub mod ner;
pub mod quotes;
pub mod sentences;
pub mod tokens;
pub mod types;

pub use types::{Annotations, Entity, EntityKind, GoldArticle, Quote, QuoteKind, Span};

/// Version of the engine, recorded with every automatically annotated article so
/// that `reannotate` knows what is stale.
pub const VERSION: &str = concat!("quotewire-annotate/", env!("CARGO_PKG_VERSION"));

/// Annotates one article body. Offsets are code points of `text`.
pub fn annotate(text: &str) -> Annotations {
    annotate_with(text, &quotes::Options::default())
}

/// `annotate` with the speaker-choice options (rules only, or a ranker).
pub fn annotate_with(text: &str, opts: &quotes::Options<'_>) -> Annotations {
    let doc = doc::Doc::new(text);
    let mut entities = entities::find_entities_in(&doc);
    let mut quotes = quotes::find_quotes_with(&doc, &entities, opts);
    link::link_speakers(&mut quotes, &entities);
    link::fullest_body_names(&doc, &mut quotes, &entities);
    link::pronoun_mentions(&quotes, &mut entities);
    Annotations { quotes, entities }
}

#[cfg(test)]
mod tests {
    use super::WordSet;

    #[test]
    fn word_set_filters_agree_with_the_set() {
        const LIST: &[&str] = &["", "mr", "€", "US$", "dozen"];
        let set = WordSet::new(LIST);
        for w in LIST {
            assert!(set.contains(w), "{w}");
        }
        for w in ["m", "mrs", "$", "us$", "dozens", "Dozen", "x", "€uro"] {
            assert!(!set.contains(w), "{w}");
        }
    }
}
