//! Light tokenization for the quote engine: words, punctuation, quote marks and
//! paragraph breaks with code-point offsets, plus sentence boundaries that know
//! common abbreviations (Mr., U.S., Jan.). Linear in the text length.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    Word,
    Punct,
    /// A double quotation mark (any style); direction is decided in `marks`.
    QuoteMark,
    /// A line break (one or more newlines): paragraphs never share a sentence.
    Para,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Tk,
    /// Lower-cased text for words (without a final abbreviation dot), the char for punctuation.
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

pub(crate) const DOUBLE_QUOTES: &[char] = &['"', '“', '”', '„', '«', '»', '‟', '〝', '〞'];

/// Abbreviations that take a dot and do not end a sentence by themselves.
#[rustfmt::skip]
const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st",
    "jr", "sr", "rev", "hon", "pres", "supt", "cmdr", "adm", "maj", "messrs", "mt", "ft", "no",
    "vs", "etc", "inc", "corp", "co", "ltd", "dept", "univ", "assn", "bros", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
    "thu", "thurs", "fri", "sat", "sun", "approx", "est", "fig", "al", "ave", "blvd", "rd",
];
word_set!(in_abbrevs, ABBREVS);

/// Titles after which a capitalized word never starts a sentence.
#[rustfmt::skip]
const TITLE_ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st",
    "rev", "hon", "pres", "supt", "cmdr", "adm", "maj", "messrs", "mt", "ft", "no", "vs",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

pub(crate) fn tokenize(chars: &[char]) -> Vec<Tok> {
    let n = chars.len();
    let mut toks = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            let s = i;
            while i < n && chars[i].is_whitespace() {
                i += 1;
            }
            toks.push(Tok {
                start: s,
                end: s + 1,
                kind: Tk::Para,
                lower: String::new(),
                cap: false,
                abbrev: false,
            });
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let s = i;
            i += 1;
            while i < n {
                let d = chars[i];
                if is_word_char(d) {
                    i += 1;
                } else if matches!(d, '\'' | '’' | '-' | '.' | '&' | '‐')
                    && i + 1 < n
                    && is_word_char(chars[i + 1])
                {
                    i += 2;
                } else {
                    break;
                }
            }
            let word = &chars[s..i];
            let mut lower = String::with_capacity(word.len());
            for &c in word {
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            let mut abbrev = false;
            if i < n && chars[i] == '.' {
                let single_letter = i - s == 1 && c.is_alphabetic();
                if lower.contains('.') || single_letter || in_abbrevs(lower.as_str()) {
                    abbrev = true;
                    i += 1;
                }
            }
            if lower.contains('’') {
                lower = lower.replace('’', "'");
            }
            toks.push(Tok {
                start: s,
                end: i,
                kind: Tk::Word,
                lower,
                cap: c.is_uppercase(),
                abbrev,
            });
            continue;
        }
        // NYT style: two apostrophes or two backticks stand for a double mark.
        if (c == '\'' || c == '`') && i + 1 < n && chars[i + 1] == c {
            let lower = if c == '`' { "“" } else { "\"" };
            toks.push(Tok {
                start: i,
                end: i + 2,
                kind: Tk::QuoteMark,
                lower: lower.to_string(),
                cap: false,
                abbrev: false,
            });
            i += 2;
            continue;
        }
        let kind = if DOUBLE_QUOTES.contains(&c) {
            Tk::QuoteMark
        } else {
            Tk::Punct
        };
        toks.push(Tok {
            start: i,
            end: i + 1,
            kind,
            lower: c.to_string(),
            cap: false,
            abbrev: false,
        });
        i += 1;
    }
    toks
}

/// Sentence index of every token, and the token range `[start, end)` of each sentence.
pub(crate) struct Sentences {
    pub of_tok: Vec<usize>,
    pub ranges: Vec<(usize, usize)>,
}

pub(crate) fn sentences(toks: &[Tok]) -> Sentences {
    let n = toks.len();
    let mut of_tok = vec![0; n];
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        let mut end_here = false;
        let mut last = i;
        if t.kind == Tk::Para {
            end_here = true;
        } else if t.kind == Tk::Punct && matches!(t.lower.as_str(), "." | "!" | "?" | "…")
            || t.abbrev
        {
            // Closing marks and brackets after the full stop belong to this sentence.
            let mut j = i + 1;
            while j < n
                && (toks[j].kind == Tk::QuoteMark && !opens_after(toks, j)
                    || matches!(
                        toks[j].lower.as_str(),
                        ")" | "]" | "’" | "'" | "." | "!" | "?"
                    ))
            {
                j += 1;
            }
            let next = toks.get(j);
            let starts_new = match next {
                None => true,
                Some(nt) => {
                    nt.kind == Tk::Para
                        || nt.cap
                        || nt.kind == Tk::QuoteMark
                        || nt.kind == Tk::Word
                            && nt.lower.starts_with(|c: char| c.is_ascii_digit())
                            && !t.abbrev
                }
            };
            if t.abbrev {
                // `Mr. Smith` never ends a sentence; `the U.S. He said` does.
                let title = TITLE_ABBREVS.contains(&t.lower.as_str());
                end_here = !title
                    && j == i + 1
                    && next.is_none_or(|nt| {
                        nt.kind == Tk::Para || nt.cap && is_sentence_starter(&nt.lower)
                    });
            } else {
                end_here = starts_new;
            }
            if end_here {
                last = j.saturating_sub(1).max(i);
            }
        }
        if end_here {
            let id = ranges.len();
            of_tok[start..=last.min(n - 1)].fill(id);
            ranges.push((start, last + 1));
            start = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    if start < n {
        of_tok[start..n].fill(ranges.len());
        ranges.push((start, n));
    }
    Sentences { of_tok, ranges }
}

/// Whether the quote mark at `j` looks like an opening one (followed by a word, preceded by space).
pub(crate) fn opens_after(toks: &[Tok], j: usize) -> bool {
    let t = &toks[j];
    match t.lower.as_str() {
        "“" | "„" | "«" => return true,
        "”" | "»" => return false,
        _ => {}
    }
    let next_adjacent = toks
        .get(j + 1)
        .is_some_and(|nt| nt.start == t.end && nt.kind == Tk::Word);
    let prev_adjacent = j > 0 && toks[j - 1].end == t.start && toks[j - 1].kind != Tk::Para;
    next_adjacent && !prev_adjacent
}

/// Capitalized words that typically begin a sentence after an abbreviation.
fn is_sentence_starter(w: &str) -> bool {
    const S: &[&str] = &[
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "in",
        "on",
        "at",
        "his",
        "her",
        "their",
        "its",
        "our",
        "there",
        "so",
        "yet",
        "however",
        "meanwhile",
        "still",
        "after",
        "before",
        "when",
        "while",
        "if",
        "as",
        "for",
        "some",
        "many",
        "most",
        "one",
        "no",
        "not",
        "what",
        "who",
        "why",
        "how",
        "then",
    ];
    S.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let c: Vec<char> = s.chars().collect();
        tokenize(&c).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn tokens_keep_apostrophes_and_abbreviations() {
        assert_eq!(
            words("It wasn’t Mr. Lee’s U.S. plan."),
            ["it", "wasn't", "mr", "lee's", "u.s", "plan", "."]
        );
    }

    #[test]
    fn sentences_skip_titles_but_end_after_country_abbreviations() {
        let s = "Mr. Lee went to the U.S. He said “Yes.” Then left.\n\nNew one";
        let c: Vec<char> = s.chars().collect();
        let t = tokenize(&c);
        let ss = sentences(&t);
        let texts: Vec<String> = ss
            .ranges
            .iter()
            .map(|&(a, b)| c[t[a].start..t[b - 1].end].iter().collect())
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
    }
}
