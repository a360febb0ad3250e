//! Reading articles from files: `.txt` (see `text`), `.json` (one article),
//! `.jsonl`/`.ndjson` (one per line), directories recursively, `-` for stdin.

use std::path::{Path, PathBuf};

use super::{text, ArticleInput};

/// One article found in an input, or why it could not be read.
#[derive(Debug)]
pub struct Record {
    /// Where it came from: a path, or `path:line` for JSON Lines.
    pub origin: String,
    pub article: Result<ArticleInput, String>,
    /// Something worth telling the user that did not stop the import.
    pub warning: Option<String>,
}

const EXTENSIONS: [&str; 4] = ["txt", "json", "jsonl", "ndjson"];

/// Expands directories (recursively, sorted) into the files the importer reads.
/// Paths given explicitly are kept whatever their extension.
pub fn expand(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut stack = vec![path.clone()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let p = entry?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                {
                    found.push(p);
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Decodes bytes as UTF-8, or as Latin-1 (Windows-1252's printable subset) with a warning.
pub fn decode(bytes: Vec<u8>, origin: &str) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let s: String = bytes.iter().map(|&b| char::from(b)).collect();
            (
                s,
                Some(format!("{origin}: not valid UTF-8; decoded as Latin-1")),
            )
        }
    }
}

/// Reads every article in one input.
pub fn read(path: &Path) -> Vec<Record> {
    let origin = path.display().to_string();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        match std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
            Ok(_) => buf,
            Err(e) => return vec![failed(origin, format!("cannot read standard input: {e}"))],
        }
    } else {
        match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return vec![failed(origin, format!("cannot read: {e}"))],
        }
    };
    let (content, warning) = decode(bytes, &origin);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mut records = match ext.as_str() {
        "json" => vec![from_json(origin.clone(), &content)],
        "jsonl" | "ndjson" => from_json_lines(&origin, &content),
        "txt" => vec![from_text(origin.clone(), &content)],
        // Standard input and unknown extensions: JSON Lines when it looks like JSON.
        _ if content.trim_start().starts_with('{') => from_json_lines(&origin, &content),
        _ => vec![from_text(origin.clone(), &content)],
    };
    if let (Some(w), Some(first)) = (warning, records.first_mut()) {
        first.warning = Some(w);
    }
    records
}

fn failed(origin: String, why: String) -> Record {
    Record {
        origin,
        article: Err(why),
        warning: None,
    }
}

/// One plain-text article given as a string.
pub fn read_text(origin: &str, content: &str) -> Vec<Record> {
    vec![from_text(origin.to_string(), content)]
}

fn from_text(origin: String, content: &str) -> Record {
    let parsed = text::parse(content);
    let m = parsed.meta;
    Record {
        origin,
        article: Ok(ArticleInput {
            body: parsed.body,
            title: m.title,
            url: m.url,
            byline: m.byline,
            source: m.source,
            dateline: m.dateline,
            published_at: m.published_at,
            language: m.language,
            annotations: None,
        }),
        warning: None,
    }
}

fn from_json(origin: String, content: &str) -> Record {
    let article = serde_json::from_str::<ArticleInput>(content)
        .map_err(|e| format!("invalid article JSON: {e}"));
    Record {
        origin,
        article,
        warning: None,
    }
}

/// One record per non-blank line.
pub fn from_json_lines(origin: &str, content: &str) -> Vec<Record> {
    content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| from_json(format!("{origin}:{}", i + 1), l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_decoded_with_a_warning() {
        let (s, w) = decode(vec![b'1', b'0', 0xA3], "x.txt");
        assert_eq!(s, "10£");
        assert!(w.is_some_and(|w| w.contains("x.txt")));
        let (s, w) = decode("ok £".as_bytes().to_vec(), "y.txt");
        assert_eq!((s.as_str(), w), ("ok £", None));
    }

    #[test]
    fn json_lines_name_their_line() {
        let r = from_json_lines("a.jsonl", "{\"body\":\"x\"}\n\nnot json\n");
        assert_eq!(r.len(), 2);
        assert!(r[0].article.is_ok());
        assert_eq!(r[1].origin, "a.jsonl:3");
        assert!(r[1].article.is_err());
    }
}
