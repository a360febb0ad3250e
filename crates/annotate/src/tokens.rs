//! Tokenizer for news prose, close to the Penn/CoNLL conventions the tagger was
//! trained on: punctuation split off, clitics ('s, n't) split, hyphenated words
//! and abbreviations (U.S., Mr., Jan., Inc., J.) kept whole. Offsets are code
//! points of the input, so spans can be handed to clients unchanged.

/// One token: a slice of the input plus its code-point span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Code-point offsets `[start, end)` in the input.
    pub start: usize,
    pub end: usize,
    /// Byte offset of `text` in the input.
    pub byte: usize,
    /// Newlines in the white space before this token (paragraph breaks matter
    /// to the sentence splitter).
    pub newlines_before: u32,
}

/// Tokenizes `text`. Linear in its length; never panics.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut out = Vec::new();
    let mut i = 0;
    let mut newlines = 0u32;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() || c.is_control() {
            if c == '\n' {
                newlines = newlines.saturating_add(1);
            }
            i += 1;
            continue;
        }
        let end = scan_token(text, &chars, i);
        let end = end.max(i + 1);
        let mut push = |s: usize, e: usize| {
            out.push(Token {
                text: &text[byte_at(s)..byte_at(e)],
                start: s,
                end: e,
                byte: byte_at(s),
                newlines_before: if s == i { newlines } else { 0 },
            })
        };
        // A word may carry clitics ('s, n't, 're ...): emit them as their own tokens.
        match clitic_start(&chars, i, end) {
            Some(c) => {
                push(i, c);
                push(c, end);
            }
            None => push(i, end),
        }
        newlines = 0;
        i = end;
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_dash_joiner(c: char) -> bool {
    c == '-' || c == '‐' || c == '‑'
}

fn is_abbreviation(word: &str) -> bool {
    crate::lexicon::abbreviation(word).is_some()
}

/// Returns the exclusive end of the token starting at `i` (`chars` are those of `text`).
fn scan_token(text: &str, chars: &[(usize, char)], i: usize) -> usize {
    let n = chars.len();
    let c = chars[i].1;
    let at = |k: usize| if k < n { Some(chars[k].1) } else { None };
    if c.is_alphanumeric() {
        let mut j = i + 1;
        // Still single letters joined by periods (U.S.A)?
        let mut initials = c.is_alphabetic();
        while j < n {
            let d = chars[j].1;
            if d.is_alphanumeric() || d == '\u{301}' || d == '\u{300}' {
                initials &= (j - i).is_multiple_of(2) && d.is_alphabetic();
                j += 1;
            } else if (is_dash_joiner(d) || is_apostrophe(d) || d == '&')
                && at(j + 1).is_some_and(char::is_alphanumeric)
            {
                // Hyphenated words (CBST-CPP), internal apostrophes (O'Brien), AT&T.
                initials = false;
                j += 2;
            } else if (d == '.' || d == ',' || d == ':' || d == '/')
                && chars[j - 1].1.is_ascii_digit()
                && at(j + 1).is_some_and(|x| x.is_ascii_digit())
            {
                // 1,000.50  12:30  1/2
                initials = false;
                j += 2;
            } else if d == '.'
                && initials
                && (j - i) % 2 == 1
                && at(j + 1).is_some_and(char::is_alphabetic)
            {
                // U.S.A, e.g: single letters joined by periods.
                j += 2;
            } else {
                break;
            }
        }
        // A final period belongs to abbreviations and initials.
        if at(j) == Some('.') {
            // `at(j)` is a char, so `j < n`.
            let word = &text[chars[i].0..chars[j].0];
            let single_initial = j - i == 1 && chars[i].1.is_uppercase();
            if single_initial || word.contains('.') || is_abbreviation(word) {
                return j + 1;
            }
        }
        return j;
    }
    // Runs of the same punctuation that read as one symbol: "--", "...", "``", "''".
    if matches!(c, '-' | '.' | '`' | '\'') {
        let mut j = i + 1;
        while j < n && chars[j].1 == c {
            j += 1;
        }
        if j - i >= 2 {
            return j;
        }
    }
    i + 1
}

/// Where an English clitic starts in the word `[s, e)`, if it ends with one:
/// "Venezuela's" -> "Venezuela" "'s", "wasn't" -> "was" "n't".
fn clitic_start(chars: &[(usize, char)], s: usize, e: usize) -> Option<usize> {
    let len = e - s;
    let lower = |k: usize| chars[k].1.to_ascii_lowercase();
    if len >= 4 && lower(e - 3) == 'n' && is_apostrophe(chars[e - 2].1) && lower(e - 1) == 't' {
        return Some(e - 3);
    }
    for clitic_len in [2usize, 3] {
        if len > clitic_len && is_apostrophe(chars[e - clitic_len].1) {
            let tail = (
                lower(e - clitic_len + 1),
                (clitic_len == 3).then(|| lower(e - 1)),
            );
            // 's 'm 'd 're 've 'll
            if matches!(
                tail,
                ('s' | 'm' | 'd', None) | ('r', Some('e')) | ('v', Some('e')) | ('l', Some('l'))
            ) {
                return Some(e - clitic_len);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            texts("Mr. J. Smith of Acme Inc. met U.S. envoys on Jan. 8."),
            [
                "Mr.", "J.", "Smith", "of", "Acme", "Inc.", "met", "U.S.", "envoys", "on", "Jan.",
                "8", "."
            ]
        );
    }

    #[test]
    fn hyphens_dashes_quotes() {
        assert_eq!(
            texts("the CBST-CPP – led by worker-President Ríos — said “no”."),
            [
                "the",
                "CBST-CPP",
                "–",
                "led",
                "by",
                "worker-President",
                "Ríos",
                "—",
                "said",
                "“",
                "no",
                "”",
                "."
            ]
        );
    }

    #[test]
    fn numbers_percent_money_clitics() {
        assert_eq!(
            texts("only 27% of $1,250.50 wasn't Maria's"),
            ["only", "27", "%", "of", "$", "1,250.50", "was", "n't", "Maria", "'s"]
        );
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Nicolás “Maduro”";
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        for t in &toks {
            let s: String = chars[t.start..t.end].iter().collect();
            assert_eq!(s, t.text);
        }
        assert_eq!(toks[2].start, 9);
    }
}
