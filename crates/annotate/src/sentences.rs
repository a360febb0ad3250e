//! Sentence splitting over tokens: breaks after . ! ? (plus closing quotes and
//! brackets) before a capitalized word, digit or opening quote, and at paragraph
//! breaks; abbreviations end a sentence only before a typical sentence opener.

use crate::lexicon::{abbreviation, Abbr, SENTENCE_OPENERS};
use crate::tokens::Token;

const CLOSERS: &[&str] = &["\"", "”", "’", "'", "''", ")", "]", "}", "»"];
const OPENING: &[&str] = &["\"", "“", "‘", "'", "``", "(", "[", "«"];

/// Splits tokens into sentences, returned as `[start, end)` token-index ranges
/// that cover all tokens in order.
pub fn split(tokens: &[Token<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        if i > start && tokens[i].newlines_before >= 2 {
            out.push(start..i);
            start = i;
        }
        if ends_sentence(tokens, i) {
            // Closing quotes and brackets stay with the sentence they close.
            let mut end = i + 1;
            while end < tokens.len()
                && CLOSERS.contains(&tokens[end].text)
                && tokens[end].newlines_before == 0
                && tokens[end].start == tokens[end - 1].end
            {
                end += 1;
            }
            if next_opens(tokens, end) {
                out.push(start..end);
                start = end;
            }
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    // Closers consumed after a break can leave empty ranges behind; drop them.
    out.retain(|r| !r.is_empty());
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if last.end > r.start => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn ends_sentence(tokens: &[Token<'_>], i: usize) -> bool {
    let t = tokens[i].text;
    // `D-N.J.`, `pic.twitter.com`: a dot a word follows without a space is inside a word.
    let inside_word = tokens
        .get(i + 1)
        .is_some_and(|n| n.start == tokens[i].end && n.text.starts_with(char::is_alphanumeric));
    if t == "." && inside_word {
        return false;
    }
    if matches!(t, "." | "!" | "?" | "..." | "…") {
        return true;
    }
    let title = |w: &str| w.strip_suffix('.').and_then(abbreviation) == Some(Abbr::Title);
    if t.len() > 1 && t.ends_with('.') && !title(t) {
        // An abbreviation: a break only before a usual sentence opener.
        let single_initial = t.chars().count() == 2;
        return !single_initial
            && tokens
                .get(i + 1)
                .is_some_and(|n| SENTENCE_OPENERS.contains(&n.text) || n.newlines_before >= 1);
    }
    false
}

fn next_opens(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(next) = tokens.get(i) else {
        return false;
    };
    let first = next.text.chars().next().unwrap_or(' ');
    // NYT style: `''` before a word, apart from the one before it, opens a quote.
    let nyt_open = next.text == "''"
        && i > 0
        && tokens[i - 1].end < next.start
        && tokens.get(i + 1).is_some_and(|w| w.start == next.end);
    first.is_uppercase() || first.is_ascii_digit() || OPENING.contains(&next.text) || nyt_open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn sents(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        split(&toks)
            .into_iter()
            .map(|r| toks[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Smith met Dr. J. Doe of Acme Inc. in the U.S. Senate. He left."),
            [
                "Mr. Smith met Dr. J. Doe of Acme Inc. in the U.S. Senate .",
                "He left ."
            ]
        );
    }

    #[test]
    fn abbreviation_before_opener_splits() {
        assert_eq!(
            sents("a threat to the U.S. He shared it."),
            ["a threat to the U.S.", "He shared it ."]
        );
    }

    #[test]
    fn quotes_and_paragraphs() {
        assert_eq!(
            sents("He said, “We will triumph!” Then left\n\nNew paragraph"),
            [
                "He said , “ We will triumph ! ”",
                "Then left",
                "New paragraph"
            ]
        );
    }
}
