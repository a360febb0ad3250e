//! A request body read a line at a time, as it arrives, each line at most
//! `MAX_LINE` bytes; blank lines are counted but not given.

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;

/// The longest line taken; a longer one is reported and skipped.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

#[derive(Debug, PartialEq)]
pub enum Line {
    /// Line `n` (1-based) and its bytes, without the newline.
    Text(usize, Vec<u8>),
    /// Line `n` was longer than the limit given.
    TooLong(usize, usize),
    /// The body failed (over its limit, or the client went away) before line `n`
    /// ended: nothing more is read.
    CutOff(usize, String),
}

pub struct Lines {
    body: Body,
    chunk: Bytes,
    buf: Vec<u8>,
    /// Lines ended so far.
    line: usize,
    /// Set while skipping the rest of a line that grew over `MAX_LINE`.
    overlong: bool,
    done: bool,
}

impl Lines {
    pub fn new(body: Body) -> Lines {
        Lines {
            body,
            chunk: Bytes::new(),
            buf: Vec::new(),
            line: 0,
            overlong: false,
            done: false,
        }
    }

    /// How many lines were read, blank ones included.
    pub fn read(&self) -> usize {
        self.line
    }

    pub async fn next(&mut self) -> Option<Line> {
        loop {
            while !self.chunk.is_empty() {
                let (part, ended) = match self.chunk.iter().position(|b| *b == b'\n') {
                    Some(at) => (self.chunk.slice(..at), Some(at)),
                    None => (self.chunk.clone(), None),
                };
                self.chunk = match ended {
                    Some(at) => self.chunk.slice(at + 1..),
                    None => Bytes::new(),
                };
                if !self.overlong {
                    if self.buf.len() + part.len() > MAX_LINE {
                        self.overlong = true;
                        self.buf = Vec::new();
                    } else {
                        self.buf.extend_from_slice(&part);
                    }
                }
                if ended.is_some() {
                    if let Some(line) = self.end_line() {
                        return Some(line);
                    }
                }
            }
            if self.done {
                // A last line without a newline.
                return if self.overlong || !is_blank(&self.buf) {
                    self.end_line()
                } else {
                    None
                };
            }
            match self.body.frame().await {
                None => self.done = true,
                Some(Err(e)) => {
                    self.done = true;
                    self.overlong = false;
                    self.buf.clear();
                    return Some(Line::CutOff(self.line + 1, e.to_string()));
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.chunk = data;
                    }
                }
            }
        }
    }

    /// Ends the current line: its answer, or none for a blank one.
    fn end_line(&mut self) -> Option<Line> {
        self.line += 1;
        if std::mem::take(&mut self.overlong) {
            return Some(Line::TooLong(self.line, MAX_LINE));
        }
        let text = std::mem::take(&mut self.buf);
        (!is_blank(&text)).then_some(Line::Text(self.line, text))
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::{Line, Lines, MAX_LINE};
    use axum::body::Body;

    fn collect(body: Body) -> Vec<Line> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let mut lines = Lines::new(body);
            let mut out = Vec::new();
            while let Some(l) = lines.next().await {
                out.push(l);
            }
            out
        })
    }

    #[test]
    fn lines_are_numbered_blank_ones_skipped_and_the_last_needs_no_newline() {
        let got = collect(Body::from("a\n\n  \nb\r\nc"));
        assert_eq!(
            got,
            [
                Line::Text(1, b"a".to_vec()),
                Line::Text(4, b"b\r".to_vec()),
                Line::Text(5, b"c".to_vec())
            ]
        );
        assert!(collect(Body::from("\n \n")).is_empty());
    }

    #[test]
    fn an_overlong_line_is_reported_and_the_next_one_read() {
        let mut body = vec![b'x'; MAX_LINE + 1];
        body.extend_from_slice(b"\nok\n");
        let got = collect(Body::from(body));
        assert_eq!(
            got,
            [Line::TooLong(1, MAX_LINE), Line::Text(2, b"ok".to_vec())]
        );
        let got = collect(Body::from(vec![b'y'; MAX_LINE + 5]));
        assert_eq!(got, [Line::TooLong(1, MAX_LINE)]);
    }
}
