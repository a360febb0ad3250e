//! The stretches of text the tagger reads: sentences, and also short lines
//! (a heading, a menu item, a byline or caption) ended by a line break, so
//! that such a line is read on its own rather than as the start of the next
//! sentence.

use std::ops::Range;

use crate::tokens::Token;

/// A line of at most this many tokens before a line break is read alone; a
/// longer one is more likely hard-wrapped running text, whose line breaks
/// end nothing.
const SHORT_LINE: usize = 10;

/// `sents` (token ranges) split after every short line.
pub fn tagger_lines(toks: &[Token<'_>], sents: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sents.len());
    for r in sents {
        let (mut seg_start, mut line_start) = (r.start, r.start);
        for (i, t) in toks.iter().enumerate().take(r.end).skip(r.start + 1) {
            if t.newlines_before == 0 {
                continue;
            }
            if i - line_start <= SHORT_LINE {
                out.push(seg_start..i);
                seg_start = i;
            }
            line_start = i;
        }
        out.push(seg_start..r.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn read(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        tagger_lines(&toks, std::slice::from_ref(&(0..toks.len())))
            .into_iter()
            .map(|r| toks[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn short_lines_are_read_alone_and_wrapped_text_is_not() {
        assert_eq!(
            read("Crimson Tide Wins Again\nThe team won on Sunday"),
            ["Crimson Tide Wins Again", "The team won on Sunday"]
        );
        let wrapped =
            "The union said on Monday that all of its members would stay\nout until the company met them";
        assert_eq!(read(wrapped).len(), 1);
    }
}
