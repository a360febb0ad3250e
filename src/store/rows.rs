//! Row shapes as SQLite returns them, and their conversion to domain types.

use crate::annotate::{EntityKind, QuoteKind};
use crate::excerpt::{excerpt, EXCERPT_CHARS};
use crate::model::{Article, ArticleItem, Entity, Origin, Quote, SpanOut};

/// The columns of `ArticleRow`, with `$body` as its `body`.
macro_rules! article_columns {
    ($body:literal) => {
        concat!(
            "a.id, a.title, ",
            $body,
            ", a.url, a.byline, a.source, a.dateline, \
            a.published_at, a.language, a.annotator_version, a.created_at, a.updated_at, a.sort_key, \
            a.quote_count, a.entity_count"
        )
    };
}

pub(super) const ARTICLE_COLUMNS: &str = article_columns!("a.body");

/// `ARTICLE_COLUMNS` with only the beginning of the body, enough for its excerpt
/// (`EXCERPT_CHARS + 1` code points: one more tells whether it goes on).
pub(super) const ARTICLE_HEAD_COLUMNS: &str = article_columns!("substr(a.body, 1, 301) AS body");

#[derive(sqlx::FromRow)]
pub(super) struct ArticleRow {
    pub id: i64,
    pub title: Option<String>,
    pub body: String,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub published_at: Option<String>,
    pub language: Option<String>,
    pub annotator_version: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub sort_key: String,
    pub quote_count: i64,
    pub entity_count: i64,
}

impl From<ArticleRow> for Article {
    fn from(r: ArticleRow) -> Article {
        Article {
            id: r.id,
            title: r.title,
            body: r.body,
            url: r.url,
            byline: r.byline,
            source: r.source,
            dateline: r.dateline,
            published_at: r.published_at,
            language: r.language,
            annotator_version: r.annotator_version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            quote_count: r.quote_count,
            entity_count: r.entity_count,
            quotes: None,
            entities: None,
        }
    }
}

impl ArticleRow {
    /// The row as a list item; `body` holds the whole body (else only its
    /// beginning, `ARTICLE_HEAD_COLUMNS`) and is then kept.
    pub fn item(self, whole_body: bool) -> ArticleItem {
        let (excerpt, excerpt_truncated) = excerpt(&self.body, EXCERPT_CHARS);
        ArticleItem {
            id: self.id,
            title: self.title,
            url: self.url,
            byline: self.byline,
            source: self.source,
            dateline: self.dateline,
            published_at: self.published_at,
            language: self.language,
            annotator_version: self.annotator_version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            quote_count: self.quote_count,
            entity_count: self.entity_count,
            excerpt,
            excerpt_truncated,
            body: whole_body.then_some(self.body),
            quotes: None,
            entities: None,
            snippet: None,
        }
    }
}

pub(super) const QUOTE_COLUMNS: &str = "q.id, q.article_id, q.kind, q.start, q.\"end\", q.text, q.fragments, \
    q.speaker, q.speaker_entity_id, q.speaker_start, q.speaker_end, q.speaker_text, q.cue_start, q.cue_end, \
    q.cue_text, q.role, q.origin, q.sort_key";

#[derive(sqlx::FromRow)]
pub(super) struct QuoteRow {
    pub id: i64,
    pub article_id: i64,
    pub kind: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub fragments: Option<String>,
    pub speaker: Option<String>,
    pub speaker_entity_id: Option<i64>,
    pub speaker_start: Option<i64>,
    pub speaker_end: Option<i64>,
    pub speaker_text: Option<String>,
    pub cue_start: Option<i64>,
    pub cue_end: Option<i64>,
    pub cue_text: Option<String>,
    pub role: Option<String>,
    pub origin: String,
    pub sort_key: String,
}

fn span(start: Option<i64>, end: Option<i64>, text: Option<String>) -> Option<SpanOut> {
    Some(SpanOut {
        start: usize::try_from(start?).ok()?,
        end: usize::try_from(end?).ok()?,
        text: text?,
    })
}

impl From<QuoteRow> for Quote {
    fn from(r: QuoteRow) -> Quote {
        Quote {
            id: r.id,
            article_id: r.article_id,
            kind: match r.kind.as_str() {
                "indirect" => QuoteKind::Indirect,
                "mixed" => QuoteKind::Mixed,
                _ => QuoteKind::Direct,
            },
            start: r.start.max(0) as usize,
            end: r.end.max(0) as usize,
            text: r.text,
            fragments: r.fragments.and_then(|f| serde_json::from_str(&f).ok()),
            speaker: r.speaker,
            speaker_id: r.speaker_entity_id,
            speaker_mention: span(r.speaker_start, r.speaker_end, r.speaker_text),
            cue: span(r.cue_start, r.cue_end, r.cue_text),
            role: r.role,
            origin: Origin::parse(&r.origin),
            published_at: (!r.sort_key.is_empty()).then_some(r.sort_key),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub mention_count: i64,
}

pub(super) fn entity_kind(kind: &str) -> EntityKind {
    EntityKind::parse(kind).unwrap_or(EntityKind::Misc)
}

impl From<EntityRow> for Entity {
    fn from(r: EntityRow) -> Entity {
        Entity {
            id: r.id,
            kind: entity_kind(&r.kind),
            name: r.name,
            mention_count: r.mention_count,
            aliases: None,
            article_count: None,
            quote_count: None,
            quoted_about_count: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ARTICLE_COLUMNS, ARTICLE_HEAD_COLUMNS};
    use crate::excerpt::EXCERPT_CHARS;

    #[test]
    fn the_head_of_a_body_is_enough_for_its_excerpt() {
        let head = format!("substr(a.body, 1, {}) AS body", EXCERPT_CHARS + 1);
        assert_eq!(
            ARTICLE_HEAD_COLUMNS.replace(&head, "a.body"),
            ARTICLE_COLUMNS
        );
    }
}
