//! Query-string parsing with errors that name the parameter. Every list endpoint
//! declares the parameters it takes; anything else is a 400.

use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiError;
use crate::ingest::normalize_date;
use crate::offsets::OffsetUnit;
use crate::paging::{Cursor, PageRequest, DEFAULT_LIMIT, MAX_LIMIT};
use crate::store::EntityRef;

/// The raw query parameters of a request, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// The raw query string, to build `next` links from.
    pub raw: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("").to_string();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&raw)
            .map_err(|e| ApiError::parameter("", format!("the query string is malformed: {e}")))?;
        Ok(Params { pairs, raw })
    }
}

impl Params {
    /// Rejects parameters not in `allowed` and repeated ones.
    pub fn allow(self, allowed: &[&str]) -> Result<Params, ApiError> {
        for (i, (name, _)) in self.pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::parameter(
                    name,
                    format!(
                        "unknown query parameter `{name}`; this endpoint takes: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            if self.pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::parameter(
                    name,
                    format!("query parameter `{name}` is given more than once"),
                ));
            }
        }
        Ok(self)
    }

    /// The value of `name`, trimmed; an empty value counts as absent, as HTML forms
    /// send it, but a value of blanks is a value (and fails where blanks mean nothing).
    pub fn str(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .filter(|(_, v)| !v.is_empty())
            .map(|(_, v)| v.trim().to_string())
    }

    pub fn parse<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => v.parse::<T>().map(Some).map_err(|_| {
                ApiError::parameter(name, format!("`{name}` must be {expected}, not `{v}`"))
            }),
        }
    }

    pub fn id(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.parse::<i64>(name, "a positive integer id")? {
            Some(id) if id <= 0 => Err(ApiError::parameter(
                name,
                format!("`{name}` must be a positive integer id"),
            )),
            other => Ok(other),
        }
    }

    /// A comma-separated list of entities (ids or names), all of which must match:
    /// `entity=12,Lisbon`. A name holding a comma is given without it (names are
    /// compared with punctuation folded).
    pub fn entities(&self, name: &str) -> Result<Vec<EntityRef>, ApiError> {
        let Some(raw) = self.str(name) else {
            return Ok(Vec::new());
        };
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
        Ok(refs)
    }

    /// `facet=a,b`: the facets asked for, each once, from `choices` (name, facet);
    /// with `facet_size` (1 to 100, default 10).
    pub fn facets<T: Copy>(
        &self,
        choices: &[(&'static str, T)],
    ) -> Result<(Asked<T>, usize), ApiError> {
        let size = match self.parse::<usize>("facet_size", "an integer from 1 to 100")? {
            None => DEFAULT_FACET_SIZE,
            Some(n) if (1..=MAX_FACET_SIZE).contains(&n) => n,
            Some(n) => {
                return Err(ApiError::parameter(
                    "facet_size",
                    format!("`facet_size` must be from 1 to {MAX_FACET_SIZE}, not {n}"),
                ))
            }
        };
        let mut out: Vec<(&'static str, T)> = Vec::new();
        for word in self.str("facet").iter().flat_map(|f| f.split(',')) {
            let word = word.trim();
            if word.is_empty() {
                continue;
            }
            let Some(&(name, facet)) = choices.iter().find(|(n, _)| *n == word) else {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                return Err(ApiError::parameter(
                    "facet",
                    format!(
                        "`facet` takes a comma-separated list of {}, not `{word}`",
                        names.join(", ")
                    ),
                ));
            };
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, facet));
            }
        }
        Ok((out, size))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.str(name).as_deref() {
            None => Ok(None),
            Some("true" | "1" | "yes") => Ok(Some(true)),
            Some("false" | "0" | "no") => Ok(Some(false)),
            Some(v) => Err(ApiError::parameter(
                name,
                format!("`{name}` must be true or false, not `{v}`"),
            )),
        }
    }

    /// One of a fixed set of words.
    /// `q` as an FTS5 query, and whether results go in relevance order: the
    /// default with `q`; `sort=newest` lists every match by date instead.
    pub fn full_text(&self) -> Result<(Option<String>, bool), ApiError> {
        let q = match self.str("q") {
            None => None,
            Some(raw) if raw.len() > MAX_Q_BYTES => {
                return Err(ApiError::parameter(
                    "q",
                    format!("`q` may hold at most {MAX_Q_BYTES} bytes"),
                ))
            }
            Some(raw) if crate::store::word_count(&raw) > MAX_Q_WORDS => {
                return Err(ApiError::parameter(
                    "q",
                    format!("`q` may hold at most {MAX_Q_WORDS} words"),
                ))
            }
            Some(raw) if !prefixes_allowed(&raw) => {
                return Err(ApiError::parameter(
                    "q",
                    format!(
                        "`q` may hold at most {MAX_Q_PREFIXES} prefix terms (`word*`), \
                         each of at least {MIN_PREFIX} letters"
                    ),
                ))
            }
            Some(raw) => Some(
                crate::store::fts_query(&raw)
                    .ok_or_else(|| ApiError::parameter("q", "`q` holds no word to search for"))?,
            ),
        };
        let relevance = match self.choice("sort", &["newest", "relevance"])? {
            Some("relevance") if q.is_none() => {
                return Err(ApiError::parameter("sort", "`sort=relevance` needs `q`"))
            }
            Some("newest") => false,
            _ => q.is_some(),
        };
        Ok((q, relevance))
    }

    pub fn choice<'a>(&self, name: &str, choices: &[&'a str]) -> Result<Option<&'a str>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => choices
                .iter()
                .find(|c| **c == v)
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    ApiError::parameter(
                        name,
                        format!("`{name}` must be one of {}, not `{v}`", choices.join(", ")),
                    )
                }),
        }
    }

    /// An ISO 8601 date or date-time, normalized (see `normalize_date`).
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => normalize_date(&v).map(Some).ok_or_else(|| {
                ApiError::parameter(
                    name,
                    format!("`{name}` must be an ISO 8601 date (2026-01-09, 2026-01, 2026) or date-time, not `{v}`"),
                )
            }),
        }
    }

    pub fn offsets(&self) -> Result<OffsetUnit, ApiError> {
        Ok(
            match self.choice("offsets", &["codepoint", "utf16", "utf8"])? {
                Some("utf16") => OffsetUnit::Utf16,
                Some("utf8") => OffsetUnit::Utf8,
                _ => OffsetUnit::Codepoint,
            },
        )
    }

    pub fn page(&self) -> Result<PageRequest, ApiError> {
        let limit = match self.parse::<usize>("limit", "an integer from 1 to 200")? {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(n) => {
                return Err(ApiError::parameter(
                    "limit",
                    format!("`limit` must be from 1 to {MAX_LIMIT}, not {n}"),
                ))
            }
        };
        let after = match self.str("cursor") {
            None => None,
            Some(raw) => Some(Cursor::decode(&raw).ok_or_else(|| {
                ApiError::parameter("cursor", "`cursor` is not a cursor this server gave out")
            })?),
        };
        Ok(PageRequest {
            limit,
            after,
            count: self.bool("count")?.unwrap_or(false),
        })
    }

    /// The query string with `cursor` set to `next`, for the next page's link.
    pub fn with_cursor(&self, next: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(n, _)| n != "cursor")
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        pairs.push(("cursor", next));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Bounds on `q`: ranking cost grows faster than the number of terms, and no
/// reader's search needs more than a sentence.
pub const MAX_Q_BYTES: usize = 500;
pub const MAX_Q_WORDS: usize = 32;
pub const MAX_Q_PREFIXES: usize = 4;
pub const MIN_PREFIX: usize = 3;

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

/// The facets a request asks for: (name, facet), each once, in the order asked.
pub type Asked<T> = Vec<(&'static str, T)>;

/// Values per facet: by default, and at most.
pub const DEFAULT_FACET_SIZE: usize = 10;
pub const MAX_FACET_SIZE: usize = 100;

/// Entities one all-of `entity=` filter may name.
pub const MAX_ENTITIES: usize = 10;

/// The parameters of a list with facets.
pub const FACETING: [&str; 2] = ["facet", "facet_size"];

/// The parameters every list takes.
pub const PAGING: [&str; 4] = ["limit", "cursor", "count", "offsets"];
