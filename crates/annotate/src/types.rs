//! The annotation shapes, identical to the gold format (`shared/eval/FORMAT.md`):
//! what `annotate` returns, what the API stores and what evaluation compares.
//! Every offset is `[start, end)` in Unicode code points of the annotated text.

use serde::{Deserialize, Serialize};

/// A stretch of the text: `text == body[start..end]` counted in code points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The words are inside quotation marks.
    Direct,
    /// Reported speech, no quotation marks.
    Indirect,
    /// Reported speech holding a quoted fragment.
    Mixed,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub kind: QuoteKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Only when the content is discontinuous; `start`/`end` then cover first to last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<[usize; 2]>>,
    /// The person or body quoted, resolved to its fullest name; `None` when unknown.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Where the text names the speaker for this quote (may be a pronoun).
    #[serde(default)]
    pub speaker_mention: Option<Span>,
    /// The attribution cue, usually a speech verb.
    #[serde(default)]
    pub cue: Option<Span>,
    /// The speaker's title or role as the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Misc,
    Date,
    Money,
    Percent,
    Quantity,
}

impl EntityKind {
    pub const ALL: [EntityKind; 8] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Misc,
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Percent,
        EntityKind::Quantity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Misc => "misc",
            EntityKind::Date => "date",
            EntityKind::Money => "money",
            EntityKind::Percent => "percent",
            EntityKind::Quantity => "quantity",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One real thing named in the text, with every mention of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// The fullest form the text gives.
    pub name: String,
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
}

/// One line of a `*.gold.jsonl` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    /// `resolved` or `as_written`.
    #[serde(default = "default_speaker_names")]
    pub speaker_names: String,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// `None`: this file does not annotate entities.
    #[serde(default)]
    pub entities: Option<Vec<Entity>>,
}

fn default_speaker_names() -> String {
    "resolved".to_string()
}
