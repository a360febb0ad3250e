//! Short views of an article body for lists: the excerpt (its beginning, cut on
//! a word) and the search snippet (the stretch around the terms FTS5's
//! `highlight()` marked, the marks turned into offsets so that no markup reaches
//! a client).

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

/// The markers `highlight()` is asked to put around each matched term: private-use
/// code points, which news text does not hold (one that did would be dropped).
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

/// Code points a snippet holds at most (unless one matched phrase is longer), and
/// at most how many of them come before its first match.
pub const SNIPPET_CHARS: usize = 200;
const SNIPPET_LEAD: usize = 60;

/// The snippet of a body that `highlight()` marked: the stretch of at most
/// `SNIPPET_CHARS` code points holding the most distinct matched words (then the
/// most matches; the first such), starting a little before its first match and
/// cut on words, with its marks as `[start, end)` code points of its text. FTS5
/// decides what matches (its tokenizer, folding, phrases and prefixes); only the
/// choice of the stretch is made here. Without a match, the body's beginning.
pub fn snippet(marked: &str) -> Snippet {
    let (body, marks) = unmark(marked);
    let len = body.len();
    let words: Vec<String> = marks
        .iter()
        .map(|m| {
            body[m.start..m.end]
                .iter()
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let best = (0..marks.len()).max_by_key(|&i| {
        let n = window_from(&marks, i).len();
        let mut distinct: Vec<&str> = words[i..i + n].iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        // Earliest on ties: `max_by_key` keeps the last maximum.
        (distinct.len(), n, std::cmp::Reverse(i))
    });
    let (mut start, mut end) = match best {
        Some(i) => {
            let first = marks[i];
            let mut start = first.start.saturating_sub(SNIPPET_LEAD);
            // Start at a word: after the blank before `start`, unless that is past the match.
            if start > 0 && !body[start - 1].is_whitespace() {
                start = body[start..first.start]
                    .iter()
                    .position(|c| c.is_whitespace())
                    .map_or(first.start, |p| start + p + 1);
            }
            let end = cut_at_word(&body, start + SNIPPET_CHARS).max(first.end);
            (start, end)
        }
        None => (0, cut_at_word(&body, SNIPPET_CHARS)),
    };
    while start < end && body[start].is_whitespace() {
        start += 1;
    }
    while end > start && body[end - 1].is_whitespace() {
        end -= 1;
    }
    let blank = |s: &[char]| s.iter().all(|c| c.is_whitespace());
    Snippet {
        text: body[start..end].iter().collect(),
        marks: marks
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| Mark {
                start: m.start - start,
                end: m.end - start,
            })
            .collect(),
        truncated_start: !blank(&body[..start]),
        truncated_end: !blank(&body[end.min(len)..]),
    }
}

/// The marks from the `i`-th on that fit in a snippet starting where it would.
fn window_from(marks: &[Mark], i: usize) -> &[Mark] {
    let limit = marks[i].start.saturating_sub(SNIPPET_LEAD) + SNIPPET_CHARS;
    let n = marks[i..].iter().take_while(|m| m.end <= limit).count();
    &marks[i..i + n.max(1)]
}

/// `at`, or the end of the last word before it when `at` falls inside a word;
/// the text's length when `at` is past it.
fn cut_at_word(text: &[char], at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    if text[at].is_whitespace() {
        return at;
    }
    match text[..at].iter().rposition(|c| c.is_whitespace()) {
        Some(space) if space > 0 => space,
        _ => at,
    }
}

/// The marked text without its markers, and each marked stretch in code points.
fn unmark(marked: &str) -> (Vec<char>, Vec<Mark>) {
    let mut text = Vec::with_capacity(marked.len());
    let mut marks = Vec::new();
    let mut open: Option<usize> = None;
    for c in marked.chars() {
        match c {
            MARK_OPEN => open = Some(text.len()),
            MARK_CLOSE => {
                if let Some(start) = open.take() {
                    if start < text.len() {
                        marks.push(Mark {
                            start,
                            end: text.len(),
                        });
                    }
                }
            }
            c => text.push(c),
        }
    }
    (text, marks)
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

    fn mark(text: &str, words: &[&str]) -> String {
        let mut out = text.to_string();
        for w in words {
            out = out.replace(w, &format!("{MARK_OPEN}{w}{MARK_CLOSE}"));
        }
        out
    }

    fn marked(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.marks
            .iter()
            .map(|m| chars[m.start..m.end].iter().collect())
            .collect()
    }

    #[test]
    fn a_short_body_is_its_own_snippet_with_marks_in_code_points() {
        let s = snippet(&mark("the café said 😀 oil. ", &["café", "oil"]));
        assert_eq!(s.text, "the café said 😀 oil.");
        assert_eq!(
            s.marks,
            [Mark { start: 4, end: 8 }, Mark { start: 16, end: 19 }]
        );
        assert!(!s.truncated_start && !s.truncated_end);
        // Stray markers are dropped, an empty mark too.
        let s = snippet("\u{E001}stray \u{E000}\u{E001}open\u{E000}");
        assert_eq!((s.text.as_str(), s.marks.len()), ("stray open", 0));
    }

    #[test]
    fn the_snippet_is_the_stretch_with_the_most_distinct_matches() {
        let filler = "word ".repeat(100);
        // One `oil` early; `oil` and `war` together later.
        let body = format!("Intro oil here. {filler}Then oil and war came. {filler}End.");
        let s = snippet(&mark(&body, &["oil", "war"]));
        assert_eq!(marked(&s), ["oil", "war"]);
        assert!(s.text.contains("Then oil and war came."), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS);
        assert!(s.truncated_start && s.truncated_end);
        assert!(body.contains(&s.text), "the body's own text");
        // Cut on words: the text starts and ends at whole words of the body.
        assert!(
            s.text.starts_with("word ") && s.text.ends_with(" word"),
            "{}",
            s.text
        );
        // No match (the title matched): the beginning.
        let s = snippet(&body);
        assert!(s.text.starts_with("Intro oil here.") && s.marks.is_empty());
        assert!(!s.truncated_start && s.truncated_end);
    }
}
