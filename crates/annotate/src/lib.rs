//! quotewire's annotation engine: who said what, and which people, organizations,
//! places, dates and numbers an article names. Pure Rust: no I/O, no async, no
//! global state beyond immutable data loaded once.

/// `word_set!(is_x, LIST)` defines `fn is_x(w: &str) -> bool`, a hash-set look-up
/// built once: the word lists are consulted for nearly every token.
macro_rules! word_set {
    ($name:ident, $list:ident) => {
        fn $name(w: &str) -> bool {
            static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
                std::sync::OnceLock::new();
            SET.get_or_init(|| $list.iter().copied().collect())
                .contains(w)
        }
    };
}

pub mod entities;
pub mod eval;
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
    let entities = entities::find_entities(text);
    let mut quotes = quotes::find_quotes(text);
    link::link_speakers(&mut quotes, &entities);
    Annotations { quotes, entities }
}
