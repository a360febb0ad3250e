//! Domain types shared by the store and the API: what is stored and what is served.
//! Offsets here are code points; the API converts them to the unit a client asks for.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::annotate::{EntityKind, QuoteKind};

/// A stretch of an article body, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SpanOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Who made an annotation: the engine (`auto`) or a person (`manual`). Manual ones survive re-annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Auto,
    Manual,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Auto => "auto",
            Origin::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Origin {
        if s == "manual" {
            Origin::Manual
        } else {
            Origin::Auto
        }
    }
}

/// Article metadata as given by a client or an import file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    /// ISO 8601 date (`2026-01-09`) or date-time (`2026-01-09T10:00:00Z`).
    pub published_at: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Article {
    pub id: i64,
    pub title: Option<String>,
    #[serde(serialize_with = "crate::json_text::serialize")]
    pub body: String,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub published_at: Option<String>,
    pub language: Option<String>,
    /// Engine version of the automatic annotations; null when every annotation was supplied.
    pub annotator_version: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub quote_count: i64,
    pub entity_count: i64,
    /// Only on single-article reads and writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<Quote>>,
    /// Only on single-article reads and writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<ArticleEntity>>,
}

/// An article as a list shows it: its metadata, counts and the beginning of its
/// body; the body and annotations only when `fields=` asks for them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleItem {
    pub id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub published_at: Option<String>,
    pub language: Option<String>,
    /// Engine version of the automatic annotations; null when every annotation was supplied.
    pub annotator_version: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub quote_count: i64,
    pub entity_count: i64,
    /// The beginning of the body, at most 300 code points, ending on a whole word
    /// (a first word longer than that is cut inside it), trailing blanks dropped:
    /// always a prefix of `body`, so body offsets below its length point into it.
    pub excerpt: String,
    /// Whether the body goes on after `excerpt` (no ellipsis is added to the text).
    pub excerpt_truncated: bool,
    /// With `fields=body`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::json_text::serialize_some"
    )]
    pub body: Option<String>,
    /// With `fields=quotes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<Quote>>,
    /// With `fields=entities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<ArticleEntity>>,
    /// With `q`: the stretch of the body that best matches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

/// A stretch of an article body around the words of a search, as plain text with
/// the matched words given as offsets: there is no markup to escape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Snippet {
    /// Plain text, exactly as in the body (no ellipsis added).
    pub text: String,
    /// The matched words, `[start, end)` in `text`, in the unit of `offsets`, in order.
    pub marks: Vec<Mark>,
    /// The body holds text before `text` (show an ellipsis there).
    pub truncated_start: bool,
    /// The body holds text after `text`.
    pub truncated_end: bool,
}

/// A matched stretch of a snippet, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
}

/// An entity as named in one article, with its mentions there.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ArticleEntity {
    pub id: i64,
    /// person, organization, location, misc, date, money, percent or quantity.
    #[schema(value_type = String, example = "person")]
    pub kind: EntityKind,
    pub name: String,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Quote {
    pub id: i64,
    pub article_id: i64,
    /// direct (inside quotation marks), indirect (reported speech) or mixed.
    #[schema(value_type = String, example = "direct")]
    pub kind: QuoteKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<[usize; 2]>>,
    /// Resolved speaker name, or null when unknown.
    pub speaker: Option<String>,
    /// Entity id of the speaker: `/api/entities/{speaker_id}/quotes` lists everything they said.
    pub speaker_id: Option<i64>,
    pub speaker_mention: Option<SpanOut>,
    pub cue: Option<SpanOut>,
    pub role: Option<String>,
    pub origin: Origin,
    /// The article's publication date.
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Entity {
    pub id: i64,
    /// person, organization, location, misc, date, money, percent or quantity.
    #[schema(value_type = String, example = "person")]
    pub kind: EntityKind,
    pub name: String,
    pub mention_count: i64,
    /// Only on single-entity reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_count: Option<i64>,
    /// Quotes the entity is the speaker of ("said"); only on single-entity reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_count: Option<i64>,
    /// Quotes whose text mentions the entity ("quoted about"; `/api/quotes?about=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quoted_about_count: Option<i64>,
}

/// An entity named in the same articles as another, with how many they share.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedEntity {
    pub id: i64,
    /// person, organization, location, misc, date, money, percent or quantity.
    #[schema(value_type = String, example = "person")]
    pub kind: EntityKind,
    pub name: String,
    /// Articles naming both entities.
    pub shared_articles: i64,
    /// Those articles: `/api/articles?entity=A,B`.
    #[schema(example = "/api/articles?entity=12,34")]
    pub articles: String,
}

/// An article ready to store: checked metadata and its body.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub meta: ArticleMeta,
    pub body: String,
    /// `content_hash(body)`: made with the article, on the thread that prepares
    /// it, rather than on the import's one writer.
    pub content_hash: String,
}

impl NewArticle {
    pub fn new(meta: ArticleMeta, body: String) -> NewArticle {
        let content_hash = crate::store::content_hash(&body);
        NewArticle {
            meta,
            body,
            content_hash,
        }
    }
}

/// Annotations ready to store, each tagged with who made it.
#[derive(Debug, Clone, Default)]
pub struct Supplied {
    pub quotes: Vec<(crate::annotate::Quote, Origin)>,
    pub entities: Vec<(crate::annotate::Entity, Origin)>,
    /// Engine version when any part was made automatically.
    pub annotator_version: Option<String>,
}

/// A change to an article; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ArticlePatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<String>>,
    pub byline: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub dateline: Option<Option<String>>,
    pub published_at: Option<Option<String>>,
    pub language: Option<Option<String>>,
    /// A new body with its fresh automatic annotations.
    pub body: Option<(String, Supplied)>,
}

/// One facet of a list: its most frequent values over the rows the list's
/// filters match (not only the page).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facet {
    /// Most frequent first, at most `facet_size`.
    pub buckets: Vec<FacetBucket>,
    /// The facet ran past its time budget and was stopped: `buckets` is empty.
    pub truncated: bool,
    /// More rows matched than a facet that reads another table per row (an
    /// article's entities or speakers, a quote's source) counts
    /// (`QUOTEWIRE_FACET_SAMPLE`, 5,000 by default): the counts are over the most
    /// recently added of them.
    pub sampled: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetBucket {
    /// The value to pass to the list's filter of the same name to narrow it to this
    /// bucket: an entity id for `speaker` and `entity`, the word itself for `kind`,
    /// `cue`, `source` and `byline`; a `month` (`2020-03`) narrows with `from` and `to`.
    pub value: String,
    /// What to show: an entity's name, else the value.
    pub label: String,
    pub count: i64,
}
