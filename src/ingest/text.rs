//! Plain-text articles. Two shapes are understood:
//! - scraped: a first line `date 2026-01-09 By staff` (publication date and byline),
//!   then the body, whose first paragraph may open with a dateline `Place, Country – `;
//! - titled: a short first line, a blank line, then the body (the BBC corpus shape).
//!
//! Anything else is all body.

use crate::model::ArticleMeta;

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedText {
    pub meta: ArticleMeta,
    pub body: String,
}

/// The longest first line still taken as a title.
const MAX_TITLE_CHARS: usize = 200;
/// The longest prefix still taken as a dateline.
const MAX_DATELINE_CHARS: usize = 60;

pub fn parse(raw: &str) -> ParsedText {
    let text = raw.replace("\r\n", "\n");
    let text = text.trim_start_matches('\u{feff}');
    let mut meta = ArticleMeta::default();
    let trimmed = text.trim_start_matches(['\n', ' ', '\t']);
    let (first, rest) = match trimmed.split_once('\n') {
        Some((f, r)) => (f.trim(), r),
        None => (trimmed.trim(), ""),
    };
    let body = if let Some((date, byline)) = scraped_header(first) {
        meta.published_at = Some(date);
        meta.byline = byline;
        let (dateline, body) = split_dateline(rest.trim());
        meta.dateline = dateline;
        body
    } else if is_title(first, rest) {
        meta.title = Some(first.to_string());
        rest.trim().to_string()
    } else {
        trimmed.trim().to_string()
    };
    ParsedText { meta, body }
}

/// `date 2026-01-09 By staff` → ("2026-01-09", Some("staff")).
fn scraped_header(line: &str) -> Option<(String, Option<String>)> {
    let rest = line
        .strip_prefix("date ")
        .or_else(|| line.strip_prefix("Date "))?;
    let mut words = rest.split_whitespace();
    let date = crate::ingest::normalize_date(words.next()?)?;
    let tail: Vec<&str> = words.collect();
    let byline = match tail.split_first() {
        Some((by, name)) if by.eq_ignore_ascii_case("by") && !name.is_empty() => {
            Some(name.join(" "))
        }
        Some(_) => return None,
        None => None,
    };
    Some((date, byline))
}

fn is_title(first: &str, rest: &str) -> bool {
    let blank_follows =
        rest.starts_with('\n') || rest.trim_start_matches([' ', '\t']).starts_with('\n');
    !first.is_empty()
        && first.chars().count() <= MAX_TITLE_CHARS
        && blank_follows
        && !rest.trim().is_empty()
        && !first.ends_with(['.', ':', ','])
}

/// Splits a leading `Place, Country – ` (en dash, em dash or spaced hyphen) off the body.
fn split_dateline(body: &str) -> (Option<String>, String) {
    for dash in [" – ", " — ", " - "] {
        if let Some(at) = body.find(dash) {
            let head = &body[..at];
            let looks_like_place = head.chars().count() <= MAX_DATELINE_CHARS
                && !head.contains('\n')
                && !head.contains(['.', '!', '?', '"', '“'])
                && head.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                });
            if looks_like_place && !head.trim().is_empty() {
                return (
                    Some(head.trim().to_string()),
                    body[at + dash.len()..].trim().to_string(),
                );
            }
        }
    }
    (None, body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scraped_shape_gives_date_byline_and_dateline() {
        let p =
            parse(" date 2026-01-09 By staff\n\nLima, Peru – The minister spoke.\n\nMore text.\n");
        assert_eq!(p.meta.published_at.as_deref(), Some("2026-01-09"));
        assert_eq!(p.meta.byline.as_deref(), Some("staff"));
        assert_eq!(p.meta.dateline.as_deref(), Some("Lima, Peru"));
        assert_eq!(p.body, "The minister spoke.\n\nMore text.");
        assert_eq!(p.meta.title, None);
    }

    #[test]
    fn no_dateline_when_the_prefix_is_a_sentence() {
        let p = parse("date 2026-01-09\n\nThe talks – which failed – ended.");
        assert_eq!(p.meta.dateline, None);
        assert_eq!(p.meta.byline, None);
        assert_eq!(p.body, "The talks – which failed – ended.");
    }

    #[test]
    fn titled_shape() {
        let p = parse("Ad sales boost profit\r\n\r\nQuarterly profits jumped.\r\n\r\nMore.");
        assert_eq!(p.meta.title.as_deref(), Some("Ad sales boost profit"));
        assert_eq!(p.body, "Quarterly profits jumped.\n\nMore.");
    }

    #[test]
    fn plain_text_is_all_body() {
        let p = parse("One paragraph only, no title.");
        assert_eq!(p.meta, ArticleMeta::default());
        assert_eq!(p.body, "One paragraph only, no title.");
        assert_eq!(parse("").body, "");
        assert_eq!(parse("date notadate By x\n\nBody").meta.published_at, None);
    }
}
