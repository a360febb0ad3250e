//! The document model every stage reads: the text tokenized once (the tagger's
//! tokenization, `tokens::tokenize`), split into sentences once, and grouped
//! into paragraphs. The quote stages read the same tokens as *words*: a word is
//! a token with its clitics (`Lee` `'s` → `Lee's`), carrying the lexeme flags
//! they test (lower case, capital, abbreviation, quotation mark), and a line
//! break is a word of its own so that paragraphs stay apart.

use std::ops::Range;

use crate::sentences;
use crate::tokens::{tokenize, Token};

/// Double quotation marks of any style; their direction is decided in `quotes::marks`.
pub(crate) const DOUBLE_QUOTES: &[char] = &['"', '“', '”', '„', '«', '»', '‟', '〝', '〞'];

/// What a word is, as the quote stages see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    Word,
    Punct,
    /// A double quotation mark (any style, or NYT-style `''` and ``` `` ```).
    QuoteMark,
    /// A line break (one or more newlines): paragraphs never share a sentence.
    Para,
}

/// A word: one token, or a token and its clitics; code-point span.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Tk,
    /// Lower-cased text for words (without a final abbreviation dot, `’` as
    /// `'`), the mark itself for punctuation.
    pub lower: String,
    /// First char is upper case.
    pub cap: bool,
    /// Ends with an abbreviation dot (`Mr.`, `U.S.`).
    pub abbrev: bool,
}

impl Tok {
    pub fn is(&self, s: &str) -> bool {
        self.lower == s
    }
    pub fn is_word(&self) -> bool {
        self.kind == Tk::Word
    }
}

/// Sentences over words: the sentence of every word and each sentence's
/// `[start, end)` word range.
pub(crate) struct Sentences {
    pub of_tok: Vec<usize>,
    pub ranges: Vec<(usize, usize)>,
}

/// One article, analysed once.
pub struct Doc<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// The tagger's tokens, code-point spans.
    pub tokens: Vec<Token<'a>>,
    /// Sentences as token ranges, in order, covering every token.
    pub sentences: Vec<Range<usize>>,
    /// Paragraphs (text between line breaks) as token ranges.
    pub paragraphs: Vec<Range<usize>>,
    pub(crate) words: Vec<Tok>,
    pub(crate) word_sentences: Sentences,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(text);
        let sentences = sentences::split(&tokens);
        let (words, first_token) = words(text, &tokens);
        let word_sentences = word_sentences(&words, &first_token, &sentences, tokens.len());
        let paragraphs = paragraphs(&tokens);
        Doc {
            text,
            chars,
            tokens,
            sentences,
            paragraphs,
            words,
            word_sentences,
        }
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2029}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// A token the tokenizer split off the word before it: `'s`, `n't`, `'re`.
fn is_clitic(t: &str) -> bool {
    let mut cs = t.chars();
    match cs.next() {
        Some(c) if is_apostrophe(c) => cs.next().is_some_and(char::is_alphabetic),
        Some('n' | 'N') => t.chars().count() == 3 && cs.next().is_some_and(is_apostrophe),
        _ => false,
    }
}

fn lower_word(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '’' {
            lower.push('\'');
        } else if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase());
        }
    }
    lower
}

/// The words of `tokens`, and for each word the index of its first token (for
/// a line break, the token after it).
fn words(text: &str, tokens: &[Token<'_>]) -> (Vec<Tok>, Vec<usize>) {
    let mut out: Vec<Tok> = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let mut first = Vec::with_capacity(out.capacity());
    let mut prev_byte = 0;
    let mut prev_end = 0;
    let line_break_in = |gap: &str, gap_start: usize| {
        gap.char_indices()
            .find(|&(_, c)| is_line_break(c))
            .map(|(b, _)| gap_start + gap[..b].chars().count())
    };
    for (i, t) in tokens.iter().enumerate() {
        let gap = text.get(prev_byte..t.byte).unwrap_or("");
        if let Some(at) = line_break_in(gap, prev_end) {
            push_break(&mut out, &mut first, at, i);
        }
        prev_byte = t.byte + t.text.len();
        prev_end = t.end;
        let touches = t.start == out.last().map_or(usize::MAX, |w| w.end)
            && out.last().is_some_and(|w| w.kind == Tk::Word && !w.abbrev);
        // `D-N` `.` `J.` is one word, `D-N.J.`, as is `pic.twitter.com`.
        let inner_dot = touches
            && t.text == "."
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.start == t.end && n.text.starts_with(char::is_alphanumeric));
        let word_after_dot = touches && out.last().is_some_and(|w| w.lower.ends_with('.'));
        if touches && (is_clitic(t.text) || inner_dot || word_after_dot) {
            if let Some(w) = out.last_mut() {
                w.end = t.end;
                if is_clitic(t.text) {
                    w.lower.push_str(&lower_word(t.text));
                } else {
                    let next = word(t);
                    w.abbrev = next.abbrev;
                    w.lower.push_str(&next.lower);
                }
            }
            continue;
        }
        // Runs the tokenizer keeps whole (`--`, `...`) are marks one by one here.
        let run = t.text.len() >= 2
            && (t.text.bytes().all(|b| b == b'.') || t.text.bytes().all(|b| b == b'-'));
        if run {
            for k in 0..t.text.len() {
                let mut w = word(t);
                w.start = t.start + k;
                w.end = w.start + 1;
                w.lower.truncate(1);
                out.push(w);
                first.push(i);
            }
            continue;
        }
        out.push(word(t));
        first.push(i);
    }
    if let Some(at) = line_break_in(text.get(prev_byte..).unwrap_or(""), prev_end) {
        push_break(&mut out, &mut first, at, tokens.len());
    }
    keep_acronym_case(&mut out, &first, tokens);
    (out, first)
}

/// Function words whose capitals spell an acronym as often ("the WHO said",
/// "the US said", "IT staff").
const SPELLED_ACRONYMS: &[&str] = &[
    "who", "us", "it", "and", "or", "as", "at", "in", "on", "no", "am", "is", "we", "he", "me",
    "an", "so", "if", "by", "do", "up",
];

/// A word in capitals that would read as a function word keeps its capitals
/// as its lower form, so no stage takes "WHO" for "who"; not in a shouted
/// line, where a capitalized neighbour says the capitals are no evidence.
fn keep_acronym_case(out: &mut [Tok], first: &[usize], tokens: &[Token<'_>]) {
    let caps = |w: &Tok, k: usize| {
        w.kind == Tk::Word
            && tokens.get(first[k]).is_some_and(|t| {
                t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !t.text.chars().any(char::is_lowercase)
            })
    };
    let shouted: Vec<bool> = out.iter().enumerate().map(|(k, w)| caps(w, k)).collect();
    for k in 0..out.len() {
        let neighbour = (k > 0 && shouted[k - 1]) || shouted.get(k + 1).copied().unwrap_or(false);
        if shouted[k] && !neighbour && SPELLED_ACRONYMS.contains(&out[k].lower.as_str()) {
            out[k].lower = out[k].lower.to_uppercase();
        }
    }
}

fn push_break(out: &mut Vec<Tok>, first: &mut Vec<usize>, at: usize, tok: usize) {
    out.push(Tok {
        start: at,
        end: at + 1,
        kind: Tk::Para,
        lower: String::new(),
        cap: false,
        abbrev: false,
    });
    first.push(tok);
}

fn word(t: &Token<'_>) -> Tok {
    let c = t.text.chars().next().unwrap_or(' ');
    let mut w = Tok {
        start: t.start,
        end: t.end,
        kind: Tk::Punct,
        lower: String::new(),
        cap: c.is_uppercase(),
        abbrev: false,
    };
    if c.is_alphanumeric() {
        w.kind = Tk::Word;
        // The tokenizer keeps a final dot only on abbreviations and initials.
        let body = match t.text.strip_suffix('.') {
            Some(b) if !b.is_empty() => {
                w.abbrev = true;
                b
            }
            _ => t.text,
        };
        w.lower = lower_word(body);
    } else if t.text.len() >= 2
        && (t.text.bytes().all(|b| b == b'\'') || t.text.bytes().all(|b| b == b'`'))
    {
        // NYT style: two apostrophes or two backticks stand for a double mark.
        w.kind = Tk::QuoteMark;
        w.lower = if c == '`' { "“" } else { "\"" }.to_string();
    } else {
        if DOUBLE_QUOTES.contains(&c) && t.text.chars().count() == 1 {
            w.kind = Tk::QuoteMark;
        }
        w.lower = t.text.to_string();
    }
    w
}

/// Word sentences: the document's sentences, cut at every line break. A line
/// break closes the sentence it interrupts; after a finished sentence it is
/// a sentence of its own.
fn word_sentences(
    words: &[Tok],
    first_token: &[usize],
    sentences: &[Range<usize>],
    n_tokens: usize,
) -> Sentences {
    let mut sent_of_token = vec![0usize; n_tokens];
    for (id, r) in sentences.iter().enumerate() {
        sent_of_token[r.clone()].fill(id);
    }
    let mut of_tok = Vec::with_capacity(words.len());
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // The document sentence of the open word sentence; `None` after a line break.
    let mut current: Option<usize> = None;
    for (i, (w, &ft)) in words.iter().zip(first_token).enumerate() {
        let joins = if w.kind == Tk::Para {
            current.is_some() && !finished(&words[..i])
        } else {
            current.is_some() && sent_of_token.get(ft).copied() == current
        };
        match ranges.last_mut() {
            Some(last) if joins => last.1 = i + 1,
            _ => ranges.push((i, i + 1)),
        }
        current = if w.kind == Tk::Para {
            None
        } else {
            sent_of_token.get(ft).copied()
        };
        of_tok.push(ranges.len() - 1);
    }
    Sentences { of_tok, ranges }
}

/// Whether the words before a line break end a sentence: a full stop, `!`,
/// `?` or an abbreviation, maybe followed by closing marks.
fn finished(before: &[Tok]) -> bool {
    let closing =
        |w: &Tok| w.kind == Tk::QuoteMark || matches!(w.lower.as_str(), ")" | "]" | "’" | "'");
    before
        .iter()
        .rev()
        .find(|w| !closing(w))
        .is_some_and(|w| w.abbrev || matches!(w.lower.as_str(), "." | "!" | "?" | "…"))
}

/// Paragraphs: token ranges between line breaks.
fn paragraphs(tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if i > start && t.newlines_before > 0 {
            out.push(start..i);
            start = i;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(s: &str) -> Vec<String> {
        Doc::new(s).words.into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn words_keep_clitics_and_abbreviations() {
        assert_eq!(
            lowers("It wasn’t Mr. Lee’s U.S. plan."),
            ["it", "wasn't", "mr", "lee's", "u.s", "plan", "."]
        );
    }

    #[test]
    fn acronyms_spelling_function_words_keep_their_capitals_outside_shouted_lines() {
        assert_eq!(
            lowers("The WHO and US agree, IT says. WHO IS TO BLAME"),
            [
                "the", "WHO", "and", "US", "agree", ",", "IT", "says", ".", "who", "is", "to",
                "blame"
            ]
        );
    }

    #[test]
    fn sentences_skip_titles_but_end_after_country_abbreviations() {
        let s = "Mr. Lee went to the U.S. He said “Yes.” Then left.\n\nNew one";
        let doc = Doc::new(s);
        let texts: Vec<String> = doc
            .word_sentences
            .ranges
            .iter()
            .map(|&(a, b)| {
                doc.chars[doc.words[a].start..doc.words[b - 1].end]
                    .iter()
                    .collect()
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Mr. Lee went to the U.S.",
                "He said “Yes.”",
                "Then left.",
                "\n",
                "New one"
            ]
        );
        assert_eq!(doc.paragraphs.len(), 2);
    }

    #[test]
    fn words_cover_tokens_in_order() {
        let doc = Doc::new("“We won’t,” she said.\nThe ''end'' ``here''.\n");
        let kinds: Vec<Tk> = doc.words.iter().map(|w| w.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == Tk::Para).count(), 2);
        assert_eq!(kinds.iter().filter(|k| **k == Tk::QuoteMark).count(), 6);
        assert!(doc.words.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
