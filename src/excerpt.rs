//! Short views of an article body for lists: the excerpt (its beginning, cut on
//! a word) and the search snippet (FTS5's `snippet()` around the matched terms,
//! its marks turned into offsets so that no markup reaches a client).

use crate::model::{Mark, Snippet};

/// Code points an excerpt holds at most.
pub const EXCERPT_CHARS: usize = 300;

/// The beginning of `text` up to `max` code points, cut after the last whole word
/// (at whitespace) and without trailing whitespace; whether anything was cut.
/// A first word longer than `max` is cut inside. `text` may itself be a prefix
/// of the body, of at least `max + 1` code points when the body is longer.
pub fn excerpt(text: &str, max: usize) -> (String, bool) {
    let Some((limit, next)) = text.char_indices().nth(max) else {
        return (text.trim_end().to_string(), false);
    };
    let cut = if next.is_whitespace() {
        limit
    } else {
        match text[..limit].rfind(char::is_whitespace) {
            Some(space) if !text[..space].trim_end().is_empty() => space,
            _ => limit,
        }
    };
    (text[..cut].trim_end().to_string(), true)
}

/// The markers `snippet()` is asked to put around a matched term and in place of
/// cut text: private-use code points, which news text does not hold (one that did
/// would be dropped from its snippet).
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';
pub const CUT: char = '\u{E002}';

/// A snippet made of `snippet()`'s marked text: the markers stripped, each marked
/// stretch as `[start, end)` code points of the text, and the cut markers, which
/// FTS5 puts only at either end, as flags.
pub fn snippet(marked: &str) -> Snippet {
    let mut text = String::with_capacity(marked.len());
    let mut marks = Vec::new();
    let mut at = 0usize;
    let mut open: Option<usize> = None;
    let mut truncated_start = false;
    let mut truncated_end = false;
    for c in marked.chars() {
        match c {
            MARK_OPEN => open = Some(at),
            MARK_CLOSE => {
                if let Some(start) = open.take() {
                    if start < at {
                        marks.push(Mark { start, end: at });
                    }
                }
            }
            CUT if at == 0 => truncated_start = true,
            CUT => truncated_end = true,
            c => {
                text.push(c);
                at += 1;
            }
        }
    }
    Snippet {
        text,
        marks,
        truncated_start,
        truncated_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_ends_on_a_whole_word_within_the_limit() {
        assert_eq!(excerpt("Short body. ", 20), ("Short body.".into(), false));
        assert_eq!(
            excerpt("Dock workers walked out", 15),
            ("Dock workers".into(), true)
        );
        // The word ends right at the limit.
        assert_eq!(
            excerpt("Dock workers walked", 12),
            ("Dock workers".into(), true)
        );
        assert_eq!(excerpt("Dockworkers", 4), ("Dock".into(), true));
        // Limits count code points, never split one.
        let (text, cut) = excerpt("Nicolás 😀 said é", 10);
        assert_eq!((text.as_str(), cut), ("Nicolás 😀", true));
        assert_eq!(excerpt("", 10), (String::new(), false));
    }

    #[test]
    fn snippet_markers_become_offsets_in_code_points() {
        let s = snippet("\u{E002}the \u{E000}café\u{E001} said 😀 \u{E000}oil\u{E001}\u{E002}");
        assert_eq!(s.text, "the café said 😀 oil");
        assert_eq!(
            s.marks,
            [Mark { start: 4, end: 8 }, Mark { start: 16, end: 19 }]
        );
        assert!(s.truncated_start && s.truncated_end);
        let s = snippet("\u{E001}stray \u{E000}\u{E001}open\u{E000}");
        assert_eq!((s.text.as_str(), s.marks.len()), ("stray open", 0));
        assert!(!s.truncated_start && !s.truncated_end);
    }
}
