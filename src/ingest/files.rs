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

/// Streams the records of many inputs: one file at a time, JSON Lines line by line,
/// so memory stays bounded whatever the size of the input. `bytes` counts what has
/// been read, for progress reports.
pub fn stream(
    paths: Vec<PathBuf>,
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> impl Iterator<Item = Record> + Send {
    paths
        .into_iter()
        .flat_map(move |path| open(path, bytes.clone()))
}

/// Total size of the inputs in bytes; `None` when standard input is among them.
pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        total += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    }
    Some(total)
}

type Records = Box<dyn Iterator<Item = Record> + Send>;

fn open(path: PathBuf, bytes: std::sync::Arc<std::sync::atomic::AtomicU64>) -> Records {
    use std::io::{BufRead, Read};
    use std::sync::atomic::Ordering;
    let origin = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let lines = ext == "jsonl" || ext == "ndjson";
    let reader: Box<dyn BufRead + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else if lines {
        match std::fs::File::open(&path) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                return Box::new(std::iter::once(failed(origin, format!("cannot read: {e}"))))
            }
        }
    } else {
        // One article per file: read whole.
        let records = read(&path);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        bytes.fetch_add(size, Ordering::Relaxed);
        return Box::new(records.into_iter());
    };
    let mut reader = reader;
    // Standard input: JSON Lines when it starts like JSON, else one text article.
    if path.as_os_str() == "-" {
        let looks_json = match reader.fill_buf() {
            Ok(buf) => buf
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b'{'),
            Err(e) => {
                return Box::new(std::iter::once(failed(
                    origin,
                    format!("cannot read standard input: {e}"),
                )))
            }
        };
        if !looks_json {
            let mut buf = Vec::new();
            if let Err(e) = reader.read_to_end(&mut buf) {
                return Box::new(std::iter::once(failed(
                    origin,
                    format!("cannot read standard input: {e}"),
                )));
            }
            bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
            let (content, warning) = decode(buf, &origin);
            let mut record = from_text(origin, &content);
            record.warning = warning;
            return Box::new(std::iter::once(record));
        }
    }
    Box::new(JsonLines {
        reader,
        origin,
        line: 0,
        buf: Vec::new(),
        bytes,
        done: false,
    })
}

/// The records of a JSON Lines input, read a line at a time. A line that is not
/// UTF-8 is decoded as Latin-1 with a warning naming it.
struct JsonLines {
    reader: Box<dyn std::io::BufRead + Send>,
    origin: String,
    line: usize,
    buf: Vec<u8>,
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    done: bool,
}

impl Iterator for JsonLines {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        use std::io::BufRead;
        while !self.done {
            self.buf.clear();
            self.line += 1;
            let at = format!("{}:{}", self.origin, self.line);
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(n) => {
                    self.bytes
                        .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
                    if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    let (content, warning) = decode(std::mem::take(&mut self.buf), &at);
                    let mut record = from_json(at, &content);
                    record.warning = warning;
                    return Some(record);
                }
                Err(e) => {
                    self.done = true;
                    return Some(failed(at, format!("cannot read: {e}")));
                }
            }
        }
        None
    }
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
