//! The kinds of value a query parameter takes: each parses a given value, with
//! errors that name the parameter, and describes itself in the API docs, so that
//! a parameter's rules are written once, in the type of its field.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

use super::error::ApiError;
use crate::annotate::{EntityKind, QuoteKind};
use crate::ingest::normalize_date;
use crate::model::Origin;
use crate::offsets::OffsetUnit;
use crate::paging::{Cursor, MAX_LIMIT};
use crate::periods::Interval;
use crate::store::{ArticleFacet, EntityFacet, EntityRef, EntitySort, QuoteFacet};

/// A query parameter's value.
pub trait Value: Sized {
    /// Parses a given value, trimmed. An empty value never gets here: it counts as
    /// absent, as HTML forms send a field left blank; a value of blanks does.
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError>;

    /// The value's schema in `/openapi.json`.
    fn schema() -> Schema;
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn integer(min: i64, max: Option<i64>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(max)
}

/// Plain text, compared as given.
impl Value for String {
    fn parse(_: &str, raw: &str) -> Result<Self, ApiError> {
        Ok(raw.to_string())
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

impl Value for bool {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        match raw {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            v => Err(ApiError::parameter(
                name,
                format!("`{name}` must be true or false, not `{v}`"),
            )),
        }
    }

    fn schema() -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .build()
            .into()
    }
}

/// One entity: an id, or a name or alias.
impl Value for EntityRef {
    fn parse(_: &str, raw: &str) -> Result<Self, ApiError> {
        Ok(EntityRef::parse(raw))
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

/// Entities one all-of `entity=` filter may name.
pub const MAX_ENTITIES: usize = 10;

/// A comma-separated list of entities (ids or names), all of which must match:
/// `entity=12,Lisbon`. A name holding a comma is given without it (names are
/// compared with punctuation folded).
#[derive(Debug, Clone, Default)]
pub struct Entities(pub Vec<EntityRef>);

impl Value for Entities {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        let refs: Vec<EntityRef> = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(EntityRef::parse)
            .collect();
        if refs.len() > MAX_ENTITIES {
            return Err(ApiError::parameter(
                name,
                format!("`{name}` may name at most {MAX_ENTITIES} entities"),
            ));
        }
        Ok(Entities(refs))
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

/// A positive integer id.
#[derive(Debug, Clone, Copy)]
pub struct Id(pub i64);

impl Value for Id {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Id(id)),
            Ok(_) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be a positive integer id"),
            )),
            Err(_) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be a positive integer id, not `{raw}`"),
            )),
        }
    }

    fn schema() -> Schema {
        integer(1, None)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .build()
            .into()
    }
}

/// An integer within `MIN..=MAX`.
#[derive(Debug, Clone, Copy)]
pub struct Bounded<const MIN: usize, const MAX: usize>(pub usize);

impl<const MIN: usize, const MAX: usize> Value for Bounded<MIN, MAX> {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        match raw.parse::<usize>() {
            Ok(n) if (MIN..=MAX).contains(&n) => Ok(Bounded(n)),
            Ok(n) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be from {MIN} to {MAX}, not {n}"),
            )),
            Err(_) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be an integer from {MIN} to {MAX}, not `{raw}`"),
            )),
        }
    }

    fn schema() -> Schema {
        // Both bounds are small constants.
        integer(MIN as i64, Some(MAX as i64)).build().into()
    }
}

/// Page size.
pub type Limit = Bounded<1, MAX_LIMIT>;

/// Values per facet: by default, and at most.
pub const DEFAULT_FACET_SIZE: usize = 10;
pub const MAX_FACET_SIZE: usize = 100;
pub type FacetSize = Bounded<1, MAX_FACET_SIZE>;

/// A count that may be zero.
#[derive(Debug, Clone, Copy)]
pub struct AtLeast(pub i64);

impl Value for AtLeast {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        match raw.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(AtLeast(n)),
            Ok(_) => Err(ApiError::parameter(
                name,
                format!("`{name}` must not be negative"),
            )),
            Err(_) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be a non-negative integer, not `{raw}`"),
            )),
        }
    }

    fn schema() -> Schema {
        integer(0, None)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .build()
            .into()
    }
}

/// An ISO 8601 date or date-time, normalized (see `normalize_date`).
#[derive(Debug, Clone)]
pub struct Date(pub String);

impl Value for Date {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        normalize_date(raw).map(Date).ok_or_else(|| {
            ApiError::parameter(
                name,
                format!("`{name}` must be an ISO 8601 date (2026-01-09, 2026-01, 2026) or date-time, not `{raw}`"),
            )
        })
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

/// A cursor this server gave out.
#[derive(Debug, Clone)]
pub struct Token(pub Cursor);

impl Value for Token {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        Cursor::decode(raw).map(Token).ok_or_else(|| {
            ApiError::parameter(
                name,
                format!("`{name}` is not a cursor this server gave out"),
            )
        })
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

/// Bounds on `q`: ranking cost grows faster than the number of terms, and no
/// reader's search needs more than a sentence.
pub const MAX_Q_BYTES: usize = 500;
pub const MAX_Q_WORDS: usize = 32;
pub const MAX_Q_PREFIXES: usize = 4;
pub const MIN_PREFIX: usize = 3;

/// Words to search the full-text index for, as an FTS5 query.
#[derive(Debug, Clone)]
pub struct FullText(pub String);

impl Value for FullText {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        let refuse = |detail: String| Err(ApiError::parameter(name, detail));
        if raw.len() > MAX_Q_BYTES {
            return refuse(format!("`{name}` may hold at most {MAX_Q_BYTES} bytes"));
        }
        if crate::store::word_count(raw) > MAX_Q_WORDS {
            return refuse(format!("`{name}` may hold at most {MAX_Q_WORDS} words"));
        }
        if !prefixes_allowed(raw) {
            return refuse(format!(
                "`{name}` may hold at most {MAX_Q_PREFIXES} prefix terms (`word*`), \
                 each of at least {MIN_PREFIX} letters"
            ));
        }
        match crate::store::fts_query(raw) {
            Some(q) => Ok(FullText(q)),
            None => refuse(format!("`{name}` holds no word to search for")),
        }
    }

    fn schema() -> Schema {
        string().build().into()
    }
}

/// A prefix term matches every word it begins: a few of them, or a short one,
/// cost as much as many plain words.
fn prefixes_allowed(q: &str) -> bool {
    let prefixes: Vec<&str> = q
        .split_whitespace()
        .filter_map(|w| w.strip_suffix('*'))
        .collect();
    prefixes.len() <= MAX_Q_PREFIXES
        && prefixes.iter().all(|p| {
            let last = p
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            last.chars().count() >= MIN_PREFIX
        })
}

/// One of a fixed set of words: the words, and what the set is, once for both
/// parsing and the docs.
pub trait Word: Sized + Copy + 'static {
    const WORDS: &'static [(&'static str, Self)];
    /// Said of the set in the docs' schema.
    const ABOUT: Option<&'static str> = None;
}

fn words<T: Word>() -> String {
    let names: Vec<&str> = T::WORDS.iter().map(|(w, _)| *w).collect();
    names.join(", ")
}

impl<T: Word> Value for T {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        T::WORDS
            .iter()
            .find(|(w, _)| *w == raw)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                ApiError::parameter(
                    name,
                    format!("`{name}` must be one of {}, not `{raw}`", words::<T>()),
                )
            })
    }

    fn schema() -> Schema {
        string()
            .enum_values(Some(T::WORDS.iter().map(|(w, _)| *w)))
            .description(T::ABOUT)
            .build()
            .into()
    }
}

impl Word for OffsetUnit {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("codepoint", OffsetUnit::Codepoint),
        ("utf16", OffsetUnit::Utf16),
        ("utf8", OffsetUnit::Utf8),
    ];
    const ABOUT: Option<&'static str> =
        Some("Unit of every offset: code points (default), UTF-16 code units or UTF-8 bytes.");
}

/// What a list answers: a page of JSON, or every matching row as CSV or NDJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Json,
    Csv,
    Ndjson,
}

impl Word for ListFormat {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("json", ListFormat::Json),
        ("csv", ListFormat::Csv),
        ("ndjson", ListFormat::Ndjson),
    ];
    const ABOUT: Option<&'static str> =
        Some("What a list answers: a page of JSON, or every matching row as CSV or NDJSON.");
}

/// Shape of an article's annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationFormat {
    Json,
    Jsonld,
}

impl Word for AnnotationFormat {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("json", AnnotationFormat::Json),
        ("jsonld", AnnotationFormat::Jsonld),
    ];
    const ABOUT: Option<&'static str> =
        Some("Shape of an article's annotations: plain JSON, or W3C Web Annotation JSON-LD.");
}

/// Order of articles or quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSort {
    Newest,
    Relevance,
}

impl Word for TextSort {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("newest", TextSort::Newest),
        ("relevance", TextSort::Relevance),
    ];
    const ABOUT: Option<&'static str> =
        Some("Order of articles or quotes: newest first, or best match first (needs `q`).");
}

impl Word for EntitySort {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("mentions", EntitySort::Mentions),
        ("name", EntitySort::Name),
    ];
    const ABOUT: Option<&'static str> = Some("Order of entities: most mentions first, or by name.");
}

impl Word for Interval {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("day", Interval::Day),
        ("week", Interval::Week),
        ("month", Interval::Month),
        ("year", Interval::Year),
    ];
    const ABOUT: Option<&'static str> = Some("Period length of a timeline.");
}

impl Word for QuoteKind {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("direct", QuoteKind::Direct),
        ("indirect", QuoteKind::Indirect),
        ("mixed", QuoteKind::Mixed),
    ];
}

impl Word for EntityKind {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("person", EntityKind::Person),
        ("organization", EntityKind::Organization),
        ("location", EntityKind::Location),
        ("misc", EntityKind::Misc),
        ("date", EntityKind::Date),
        ("money", EntityKind::Money),
        ("percent", EntityKind::Percent),
        ("quantity", EntityKind::Quantity),
    ];
}

impl Word for Origin {
    const WORDS: &'static [(&'static str, Self)] =
        &[("auto", Origin::Auto), ("manual", Origin::Manual)];
    const ABOUT: Option<&'static str> =
        Some("Who made an annotation: the engine, or a person (supplied or corrected).");
}

impl Word for ArticleFacet {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("source", ArticleFacet::Source),
        ("byline", ArticleFacet::Byline),
        ("entity", ArticleFacet::Entity),
        ("speaker", ArticleFacet::Speaker),
        ("month", ArticleFacet::Month),
    ];
}

impl Word for QuoteFacet {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("speaker", QuoteFacet::Speaker),
        ("kind", QuoteFacet::Kind),
        ("cue", QuoteFacet::Cue),
        ("source", QuoteFacet::Source),
        ("month", QuoteFacet::Month),
    ];
}

/// A part of an article that a list leaves out of its items unless asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleField {
    Body,
    Quotes,
    Entities,
}

impl Word for ArticleField {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("body", ArticleField::Body),
        ("quotes", ArticleField::Quotes),
        ("entities", ArticleField::Entities),
    ];
}

impl Word for EntityFacet {
    const WORDS: &'static [(&'static str, Self)] = &[("kind", EntityFacet::Kind)];
}

/// The facets a request asks for: (name, facet), each once, in the order asked.
pub type Asked<T> = Vec<(&'static str, T)>;

/// A comma-separated list of words of a fixed set (`facet=a,b`, `fields=a,b`);
/// one given twice counts once.
#[derive(Debug, Clone)]
pub struct WordList<T>(pub Asked<T>);

/// `facet=`: the facets to count.
pub type Facets<T> = WordList<T>;

impl<T> Default for WordList<T> {
    fn default() -> Self {
        WordList(Vec::new())
    }
}

impl<T: Word + PartialEq> WordList<T> {
    pub fn has(&self, word: T) -> bool {
        self.0.iter().any(|(_, w)| *w == word)
    }
}

impl<T: Word> Value for WordList<T> {
    fn parse(name: &str, raw: &str) -> Result<Self, ApiError> {
        let mut out: Asked<T> = Vec::new();
        for word in raw.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let Some(&(facet_name, facet)) = T::WORDS.iter().find(|(w, _)| *w == word) else {
                return Err(ApiError::parameter(
                    name,
                    format!(
                        "`{name}` takes a comma-separated list of {}, not `{word}`",
                        words::<T>()
                    ),
                ));
            };
            if !out.iter().any(|(n, _)| *n == facet_name) {
                out.push((facet_name, facet));
            }
        }
        Ok(WordList(out))
    }

    fn schema() -> Schema {
        string().build().into()
    }
}
