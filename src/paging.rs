//! Keyset paging: one mechanism for every list. A cursor is the sort key and id of
//! the last row of a page, opaque to clients (base64url of a small JSON object).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 200;

/// Position after which the next page starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort order the cursor belongs to; a cursor is only valid for the same order.
    #[serde(rename = "o")]
    pub order: String,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub num: Option<f64>,
    #[serde(rename = "i")]
    pub id: i64,
}

impl Cursor {
    pub fn text(order: &str, text: impl Into<String>, id: i64) -> Cursor {
        Cursor {
            order: order.to_string(),
            text: Some(text.into()),
            num: None,
            id,
        }
    }

    pub fn num(order: &str, num: f64, id: i64) -> Cursor {
        Cursor {
            order: order.to_string(),
            text: None,
            num: Some(num),
            id,
        }
    }

    pub fn encode(&self) -> String {
        // Serializing a struct of strings and numbers cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The text key, when the cursor belongs to `order` and carries one.
    pub fn text_for(&self, order: &str) -> Option<(&str, i64)> {
        (self.order == order)
            .then_some(())
            .and(self.text.as_deref().map(|t| (t, self.id)))
    }

    pub fn num_for(&self, order: &str) -> Option<(f64, i64)> {
        (self.order == order)
            .then_some(())
            .and(self.num.filter(|n| n.is_finite()).map(|n| (n, self.id)))
    }
}

/// The orders a cursor can belong to, one per list and sort: a cursor is valid
/// only for the list and order that gave it out.
pub mod order {
    pub const ARTICLES_NEWEST: &str = "articles.newest";
    pub const ARTICLES_RELEVANCE: &str = "articles.relevance";
    pub const QUOTES_NEWEST: &str = "quotes.newest";
    pub const QUOTES_RELEVANCE: &str = "quotes.relevance";
    pub const QUOTES_POSITION: &str = "quotes.position";
    pub const ENTITIES_MENTIONS: &str = "entities.mentions";
    pub const ENTITIES_NAME: &str = "entities.name";
}

/// A cursor from another list or sort order: paging on from it would silently
/// give page one or a wrong position.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`cursor` belongs to another list or sort order (`{0}`); start again without it")]
pub struct WrongCursor(pub String);

#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: usize,
    pub after: Option<Cursor>,
    /// Also count every row the filter matches.
    pub count: bool,
}

impl PageRequest {
    /// Refuses a cursor of another order than `order`, the one this page uses.
    pub fn expect(&self, order: &str) -> Result<(), WrongCursor> {
        match &self.after {
            Some(c) if c.order != order => Err(WrongCursor(c.order.clone())),
            _ => Ok(()),
        }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_LIMIT,
            after: None,
            count: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
    pub total: Option<i64>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor::text("newest", "2026-01-09", 42);
        let back = Cursor::decode(&c.encode()).expect("decodes");
        assert_eq!(back, c);
        assert_eq!(back.text_for("newest"), Some(("2026-01-09", 42)));
        assert_eq!(back.text_for("relevance"), None);
        assert!(Cursor::decode("not a cursor!").is_none());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"{\"x\":1}")).is_none());
    }
}
