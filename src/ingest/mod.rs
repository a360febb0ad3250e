//! Turning what clients and files give us into articles ready to store: parsing,
//! validation, and annotation of whatever was not supplied.

pub mod files;
pub mod pipeline;
pub mod text;

use serde::Deserialize;
use utoipa::ToSchema;

use crate::annotate::{self, Annotations};
use crate::model::{ArticleMeta, Origin};
use crate::store::{NewArticle, Supplied};

/// An article as posted to the API or found in a `.json`/`.jsonl` file.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// The article text; every offset points into it.
    pub body: String,
    pub title: Option<String>,
    /// Unique across articles when given.
    pub url: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    /// Where the story was filed, e.g. `Caracas, Venezuela`.
    pub dateline: Option<String>,
    /// ISO 8601 date or date-time. `published` is accepted as a synonym.
    #[serde(alias = "published")]
    pub published_at: Option<String>,
    /// Language tag, e.g. `en`.
    pub language: Option<String>,
    /// Quotes and entities in the gold-format shape, offsets in the unit of the
    /// `offsets` query parameter. A part left out is annotated by the server.
    pub annotations: Option<AnnotationsInput>,
}

/// Annotations a client supplies; each part is optional.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnotationsInput {
    #[schema(value_type = Option<Vec<Object>>)]
    pub quotes: Option<Vec<annotate::Quote>>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub entities: Option<Vec<annotate::Entity>>,
}

/// Input that cannot be accepted, naming the field at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub field: String,
    pub detail: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, detail: impl Into<String>) -> Invalid {
        Invalid {
            field: field.into(),
            detail: detail.into(),
        }
    }
}

/// Checks an ISO 8601 date (`2026`, `2026-01`, `2026-01-09`) or date-time and gives it
/// a form that sorts correctly as text: date-times are converted to UTC (`...Z`).
pub fn normalize_date(input: &str) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let s = input.trim();
    // Every valid form is ASCII; checking first keeps the byte slicing below on
    // character boundaries whatever the client sent.
    if !s.is_ascii() {
        return None;
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match s.len() {
        4 if digits(s) => return Some(s.to_string()),
        7 => {
            let (y, m) = (s.get(..4)?, s.get(4..)?);
            let m = m.strip_prefix('-')?;
            let month: u8 = m.parse().ok()?;
            return (digits(y) && digits(m) && (1..=12).contains(&month)).then(|| s.to_string());
        }
        10 => {
            return time::Date::parse(s, format_description!("[year]-[month]-[day]"))
                .ok()
                .map(|_| s.to_string())
        }
        _ => {}
    }
    let dt = time::OffsetDateTime::parse(s, &Rfc3339).ok()?;
    let utc = dt.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .ok()
}

fn tag<T>(items: Vec<T>, origin: Origin) -> Vec<(T, Origin)> {
    items.into_iter().map(|x| (x, origin)).collect()
}

fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Checks article metadata and normalizes it (trimmed, empty as absent, dates as ISO).
pub fn validate_meta(meta: ArticleMeta) -> Result<ArticleMeta, Invalid> {
    let published_at = match clean(meta.published_at) {
        None => None,
        Some(d) => Some(normalize_date(&d).ok_or_else(|| {
            Invalid::new(
                "published_at",
                format!("`published_at` must be an ISO 8601 date or date-time, not `{d}`"),
            )
        })?),
    };
    let url = clean(meta.url);
    if let Some(u) = &url {
        let ok = (u.starts_with("http://") || u.starts_with("https://"))
            && !u.contains(char::is_whitespace);
        if !ok {
            return Err(Invalid::new("url", "`url` must be an absolute http(s) URL"));
        }
    }
    let language = clean(meta.language);
    if let Some(l) = &language {
        let ok = l.len() <= 35
            && l.split('-')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !ok {
            return Err(Invalid::new(
                "language",
                "`language` must be a language tag such as `en` or `pt-BR`",
            ));
        }
    }
    Ok(ArticleMeta {
        title: clean(meta.title),
        url,
        byline: clean(meta.byline),
        source: clean(meta.source),
        dateline: clean(meta.dateline),
        published_at,
        language,
    })
}

/// Checks the body: something to annotate, and no NUL characters.
pub fn validate_body(body: &str) -> Result<(), Invalid> {
    if body.trim().is_empty() {
        return Err(Invalid::new("body", "`body` must not be empty"));
    }
    if body.contains('\0') {
        return Err(Invalid::new(
            "body",
            "`body` must not contain NUL characters",
        ));
    }
    Ok(())
}

/// Validates an input article and annotates what it does not supply.
pub fn prepare(
    input: ArticleInput,
    unit: crate::offsets::OffsetUnit,
) -> Result<(NewArticle, Supplied), Invalid> {
    validate_body(&input.body)?;
    let meta = validate_meta(ArticleMeta {
        title: input.title,
        url: input.url,
        byline: input.byline,
        source: input.source,
        dateline: input.dateline,
        published_at: input.published_at,
        language: input.language,
    })?;
    let supplied = match input.annotations {
        Some(ann) => Some(validate_annotations(&input.body, ann, unit)?),
        None => None,
    };
    let ann = annotate_missing(&input.body, supplied);
    Ok((NewArticle::new(meta, input.body), ann))
}

/// Runs the engine for the parts not supplied, tagging each part with its origin.
pub fn annotate_missing(body: &str, supplied: Option<AnnotationsInput>) -> Supplied {
    let supplied = supplied.unwrap_or_default();
    let needs_engine = supplied.quotes.is_none() || supplied.entities.is_none();
    let auto = if needs_engine {
        annotate::annotate(body)
    } else {
        Annotations::default()
    };
    Supplied {
        quotes: match supplied.quotes {
            Some(q) => tag(q, Origin::Manual),
            None => tag(auto.quotes, Origin::Auto),
        },
        entities: match supplied.entities {
            Some(e) => tag(e, Origin::Manual),
            None => tag(auto.entities, Origin::Auto),
        },
        annotator_version: needs_engine.then(|| annotate::VERSION.to_string()),
    }
}

/// Every supplied span must lie inside the body and its text equal the body there.
/// Offsets arrive in `unit` and leave in code points.
pub fn validate_annotations(
    body: &str,
    mut ann: AnnotationsInput,
    unit: crate::offsets::OffsetUnit,
) -> Result<AnnotationsInput, Invalid> {
    let chars: Vec<char> = body.chars().collect();
    let conv = crate::offsets::Converter::new(body, unit);
    for (i, q) in ann.quotes.iter_mut().flatten().enumerate() {
        let field = format!("annotations.quotes[{i}]");
        let (start, end) = check_span(&chars, &conv, q.start, q.end, &q.text, &field)?;
        q.start = start;
        q.end = end;
        if let Some(fragments) = &mut q.fragments {
            for (j, [s, e]) in fragments.iter_mut().enumerate() {
                let f = format!("{field}.fragments[{j}]");
                let s2 = conv
                    .inward(*s)
                    .ok_or_else(|| Invalid::new(&f, "offset inside a character"))?;
                let e2 = conv
                    .inward(*e)
                    .ok_or_else(|| Invalid::new(&f, "offset inside a character"))?;
                if s2 > e2 || e2 > chars.len() || s2 < start || e2 > end {
                    return Err(Invalid::new(&f, "fragment outside the quote or the body"));
                }
                *s = s2;
                *e = e2;
            }
        }
        for (name, span) in [
            ("speaker_mention", &mut q.speaker_mention),
            ("cue", &mut q.cue),
        ] {
            if let Some(span) = span {
                let f = format!("{field}.{name}");
                let (s, e) = check_span(&chars, &conv, span.start, span.end, &span.text, &f)?;
                span.start = s;
                span.end = e;
            }
        }
        if q.speaker.as_deref().is_some_and(|s| s.trim().is_empty()) {
            q.speaker = None;
        }
    }
    for (i, entity) in ann.entities.iter_mut().flatten().enumerate() {
        let field = format!("annotations.entities[{i}]");
        if entity.name.trim().is_empty() {
            return Err(Invalid::new(
                format!("{field}.name"),
                "entity name must not be empty",
            ));
        }
        if entity.mentions.is_empty() {
            return Err(Invalid::new(
                format!("{field}.mentions"),
                "an entity needs at least one mention",
            ));
        }
        for (j, m) in entity.mentions.iter_mut().enumerate() {
            let f = format!("{field}.mentions[{j}]");
            let (s, e) = check_span(&chars, &conv, m.start, m.end, &m.text, &f)?;
            m.start = s;
            m.end = e;
        }
    }
    Ok(ann)
}

fn check_span(
    chars: &[char],
    conv: &crate::offsets::Converter,
    start: usize,
    end: usize,
    text: &str,
    field: &str,
) -> Result<(usize, usize), Invalid> {
    let s = conv.inward(start).ok_or_else(|| {
        Invalid::new(
            field,
            format!("start {start} is not on a character boundary"),
        )
    })?;
    let e = conv
        .inward(end)
        .ok_or_else(|| Invalid::new(field, format!("end {end} is not on a character boundary")))?;
    if s == e {
        return Err(Invalid::new(
            field,
            format!("span [{start}, {end}) is empty: a span holds at least one character"),
        ));
    }
    if s > e || e > chars.len() {
        return Err(Invalid::new(
            field,
            format!("span [{start}, {end}) is not inside the body"),
        ));
    }
    if !chars[s..e].iter().copied().eq(text.chars()) {
        let found: String = chars[s..e].iter().take(80).collect();
        return Err(Invalid::new(
            field,
            format!(
                "text does not match the body at [{start}, {end}): the body has `{found}` there"
            ),
        ));
    }
    Ok((s, e))
}

#[cfg(test)]
mod date_tests {
    use super::normalize_date;

    #[test]
    fn dates_are_checked_and_normalized() {
        assert_eq!(normalize_date("2026-01-09").as_deref(), Some("2026-01-09"));
        assert_eq!(normalize_date("2026-01").as_deref(), Some("2026-01"));
        assert_eq!(normalize_date("2026").as_deref(), Some("2026"));
        assert_eq!(
            normalize_date("2026-01-09T10:00:00+02:00").as_deref(),
            Some("2026-01-09T08:00:00Z")
        );
        assert_eq!(normalize_date("2026-13-01"), None);
        assert_eq!(normalize_date("2026-02-30"), None);
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("2026-1"), None);
    }
}
