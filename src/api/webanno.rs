//! An article's annotations in the W3C Web Annotation Data Model
//! (<https://www.w3.org/TR/annotation-model/>), as JSON-LD with the model's own
//! context: an `AnnotationCollection` holding its one `AnnotationPage`, one
//! `Annotation` per quote and per entity mention.
//!
//! Each annotation targets the article (its `url`, or its API address when it has
//! none) with two selectors: a `TextPositionSelector`, whose `start` and `end`
//! count Unicode code points as the model says (the store's own offsets), and a
//! `TextQuoteSelector` with the exact text and up to `CONTEXT` code points either
//! side, for tools that re-anchor by text.

use serde::Serialize;
use utoipa::ToSchema;

use crate::model::{Article, Origin};

/// The model's JSON-LD context.
pub const CONTEXT_IRI: &str = "http://www.w3.org/ns/anno.jsonld";
/// The media type of the answer, as the Web Annotation Protocol names it.
pub const MEDIA_TYPE: &str = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
/// Code points of text before and after a quoted stretch.
pub const CONTEXT: usize = 32;

/// An `AnnotationCollection` with its first (and only) page embedded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnotationCollection {
    #[serde(rename = "@context")]
    #[schema(example = "http://www.w3.org/ns/anno.jsonld")]
    pub context: &'static str,
    pub id: String,
    /// `AnnotationCollection`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Annotations in the collection.
    pub total: usize,
    pub first: AnnotationPage,
    /// The same page: the collection has one.
    pub last: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnotationPage {
    pub id: String,
    /// `AnnotationPage`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(rename = "partOf")]
    pub part_of: String,
    #[serde(rename = "startIndex")]
    pub start_index: usize,
    pub items: Vec<Annotation>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Annotation {
    pub id: String,
    /// `Annotation`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `describing` for a quote, `identifying` for an entity mention.
    pub motivation: &'static str,
    pub body: Vec<Body>,
    pub target: Target,
    /// The engine, for automatic annotations; left out for manual ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<Agent>,
}

/// A body: a `TextualBody` (a value with a purpose), or a `SpecificResource`
/// naming the entity's API address (purpose `identifying`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Body {
    /// `TextualBody` or `SpecificResource`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `describing`, `tagging` or `identifying`.
    pub purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
}

impl Body {
    fn text(purpose: &'static str, value: impl Into<String>) -> Body {
        Body {
            kind: "TextualBody",
            purpose,
            value: Some(value.into()),
            source: None,
            format: Some("text/plain"),
        }
    }

    fn resource(purpose: &'static str, source: String) -> Body {
        Body {
            kind: "SpecificResource",
            purpose,
            value: None,
            source: Some(source),
            format: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Target {
    /// The article's url, or its API address when it has none.
    pub source: String,
    /// A `TextPositionSelector` then a `TextQuoteSelector`.
    pub selector: Vec<Selector>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "type")]
pub enum Selector {
    /// `[start, end)` in code points of the article body.
    TextPositionSelector { start: usize, end: usize },
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Agent {
    /// `Software`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

/// The body by code points: the byte offset of every code point, and of the end.
struct Chars<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> Chars<'a> {
    fn new(text: &'a str) -> Chars<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Chars { text, bytes }
    }

    fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// `[start, end)` in code points, clamped to the text.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        let end = end.min(self.len());
        let start = start.min(end);
        self.text
            .get(self.bytes[start]..self.bytes[end])
            .unwrap_or("")
    }

    fn quote(&self, start: usize, end: usize) -> Selector {
        Selector::TextQuoteSelector {
            exact: self.slice(start, end).to_string(),
            prefix: self.slice(start.saturating_sub(CONTEXT), start).to_string(),
            suffix: self.slice(end, end.saturating_add(CONTEXT)).to_string(),
        }
    }
}

/// `article` (read with its quotes and entities, offsets in code points) as a
/// collection whose ids start with `base` (scheme and host, or empty).
pub fn collection(article: &Article, base: &str) -> AnnotationCollection {
    let chars = Chars::new(&article.body);
    let api = format!("{base}/api/articles/{}", article.id);
    let id = format!("{api}/annotations");
    let source = article.url.clone().unwrap_or_else(|| api.clone());
    let target = |start: usize, end: usize| Target {
        source: source.clone(),
        selector: vec![
            Selector::TextPositionSelector { start, end },
            chars.quote(start, end),
        ],
    };
    let creator = |origin: Origin| match (origin, &article.annotator_version) {
        (Origin::Auto, Some(v)) => Some(Agent {
            kind: "Software",
            name: v.clone(),
        }),
        _ => None,
    };
    let mut items = Vec::new();
    for q in article.quotes.iter().flatten() {
        let kind = q.kind.as_str();
        let mut body = vec![Body::text("tagging", "quote"), Body::text("tagging", kind)];
        if let Some(speaker) = &q.speaker {
            body.push(Body::text("identifying", speaker.clone()));
        }
        if let Some(sid) = q.speaker_id {
            body.push(Body::resource(
                "identifying",
                format!("{base}/api/entities/{sid}"),
            ));
        }
        let who = q.speaker.as_deref().unwrap_or("an unknown speaker");
        let description = match &q.cue {
            Some(cue) => format!("{kind} quote of {who}, cue \u{201c}{}\u{201d}", cue.text),
            None => format!("{kind} quote of {who}"),
        };
        body.push(Body::text("describing", description));
        items.push(Annotation {
            id: format!("{id}#quote-{}", q.id),
            kind: "Annotation",
            motivation: "describing",
            body,
            target: target(q.start, q.end),
            creator: creator(q.origin),
        });
    }
    for e in article.entities.iter().flatten() {
        for m in &e.mentions {
            items.push(Annotation {
                id: format!("{id}#entity-{}-{}-{}", e.id, m.start, m.end),
                kind: "Annotation",
                motivation: "identifying",
                body: vec![
                    Body::text("tagging", e.kind.as_str()),
                    Body::text("identifying", e.name.clone()),
                    Body::resource("identifying", format!("{base}/api/entities/{}", e.id)),
                ],
                target: target(m.start, m.end),
                creator: creator(m.origin),
            });
        }
    }
    let page = format!("{id}?format=jsonld");
    AnnotationCollection {
        context: CONTEXT_IRI,
        id: id.clone(),
        kind: "AnnotationCollection",
        label: article.title.clone(),
        total: items.len(),
        last: page.clone(),
        first: AnnotationPage {
            id: page,
            kind: "AnnotationPage",
            part_of: id,
            start_index: 0,
            items,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Chars;

    #[test]
    fn slices_count_code_points_and_clamp() {
        let c = Chars::new("a\u{e9}\u{1f600}b");
        assert_eq!(c.len(), 4);
        assert_eq!(c.slice(1, 3), "\u{e9}\u{1f600}");
        assert_eq!(c.slice(3, 99), "b");
        assert_eq!(c.slice(9, 2), "");
    }
}
