//! Pairs double quotation marks into quoted stretches. Single quotes are left
//! alone (inside a double quote they are nested quotes; elsewhere they are too
//! often apostrophes: wasn't, workers’, ’90s). One pass, no backtracking, so a
//! stray mark costs at most the rest of its paragraph.

use crate::doc::{Tk, Tok};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

/// One paragraph's worth of quoted text. A quote spanning paragraphs (opening mark
/// repeated at each paragraph, no closing mark in between) is several pieces of one group.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub open_tok: usize,
    /// `None` for a paragraph continued by the next one.
    pub close_tok: Option<usize>,
    /// Content in code points, marks excluded.
    pub start: usize,
    pub end: usize,
    pub group: usize,
    pub first_in_group: bool,
    pub last_in_group: bool,
}

fn direction(toks: &[Tok], j: usize) -> Dir {
    let t = &toks[j];
    let prev_touch = j > 0 && toks[j - 1].end == t.start && toks[j - 1].kind != Tk::Para;
    let next_touch = toks
        .get(j + 1)
        .is_some_and(|n| n.start == t.end && n.kind != Tk::Para);
    let next_word = next_touch && toks[j + 1].kind == Tk::Word;
    match t.lower.as_str() {
        // Curly marks say their direction, unless the context clearly contradicts it.
        "“" | "„" | "«" => {
            if prev_touch && !next_touch {
                Dir::Close
            } else {
                Dir::Open
            }
        }
        "”" | "»" => {
            if next_word && !prev_touch {
                Dir::Open
            } else {
                Dir::Close
            }
        }
        _ => match (prev_touch, next_touch) {
            (false, true) => Dir::Open,
            (true, false) => Dir::Close,
            _ => {
                // `(“`, `—"`: after an opening bracket or dash a mark opens.
                if j > 0
                    && prev_touch
                    && matches!(
                        toks[j - 1].lower.as_str(),
                        "(" | "[" | "—" | "–" | "-" | "/"
                    )
                {
                    Dir::Open
                } else {
                    Dir::Either
                }
            }
        },
    }
}

/// Per word, whether it lies inside a markup tag (`<tweet id="…" author="…">`,
/// `</a>`): attribute values are quoted, and a tag's name can spell a speech
/// verb, but none of it is anybody's words.
pub(crate) fn in_markup(chars: &[char], toks: &[Tok]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    if !chars.contains(&'<') {
        return out;
    }
    let mut i = 0;
    while i < chars.len() {
        let name_at = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_alphabetic());
        let opens =
            chars[i] == '<' && (name_at(i + 1) || chars.get(i + 1) == Some(&'/') && name_at(i + 2));
        if !opens {
            i += 1;
            continue;
        }
        // A tag closes on its line and soon; a lone `<` (`x < y`) is no tag.
        let close = chars[i + 1..chars.len().min(i + MAX_TAG)]
            .iter()
            .position(|&c| c == '>' || c == '<' || c == '\n')
            .map(|k| i + 1 + k)
            .filter(|&k| chars[k] == '>');
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let a = toks.partition_point(|t| t.end <= i);
        let b = toks.partition_point(|t| t.start <= close);
        for f in out.iter_mut().take(b).skip(a) {
            *f = true;
        }
        i = close + 1;
    }
    out
}

/// Longest markup tag looked for, in code points.
const MAX_TAG: usize = 400;

pub(crate) fn pair(toks: &[Tok], markup: &[bool]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut cur: Option<usize> = None;
    let mut group = 0usize;
    let mut group_open = false; // the current group already has continued pieces
    let push = |out: &mut Vec<Piece>,
                open: usize,
                close: Option<usize>,
                end: usize,
                group: usize,
                first: bool| {
        let start = toks[open].end;
        if end > start {
            out.push(Piece {
                open_tok: open,
                close_tok: close,
                start,
                end,
                group,
                first_in_group: first,
                last_in_group: close.is_some(),
            });
        }
    };
    let mut j = 0;
    while j < toks.len() {
        let t = &toks[j];
        match t.kind {
            Tk::Para => {
                if let Some(o) = cur.take() {
                    let next = j + 1;
                    let continues = toks.get(next).is_some_and(|n| n.kind == Tk::QuoteMark)
                        && direction(toks, next) != Dir::Close
                        && j > o + 1;
                    if continues {
                        push(&mut out, o, None, toks[j - 1].end, group, !group_open);
                        group_open = true;
                        cur = Some(next);
                        j = next + 1;
                        continue;
                    }
                    // Unclosed at the paragraph end: a stray mark, dropped.
                }
                if group_open {
                    if let Some(last) = out.last_mut() {
                        last.last_in_group = true;
                    }
                    group_open = false;
                    group += 1;
                }
            }
            Tk::QuoteMark if !markup.get(j).copied().unwrap_or(false) => {
                let d = direction(toks, j);
                match (cur, d) {
                    (None, Dir::Open | Dir::Either) => cur = Some(j),
                    (None, Dir::Close) => {}
                    (Some(o), Dir::Close | Dir::Either) => {
                        push(&mut out, o, Some(j), t.start, group, !group_open);
                        cur = None;
                        group_open = false;
                        group += 1;
                    }
                    // A second opening mark: the first was stray.
                    (Some(_), Dir::Open) => cur = Some(j),
                }
            }
            _ => {}
        }
        j += 1;
    }
    if group_open {
        if let Some(last) = out.last_mut() {
            last.last_in_group = true;
        }
    }
    out.retain(|p| {
        p.close_tok
            .is_none_or(|c| !is_nickname(toks, p.open_tok, c))
    });
    out
}

/// The closing mark of a nickname whose opening mark is token `open`.
pub(crate) fn nickname_close(toks: &[Tok], open: usize) -> Option<usize> {
    (open + 2..=open + 3)
        .filter(|&c| c < toks.len())
        .find(|&c| is_nickname(toks, open, c))
}

/// `Roberto “Bobby” Diaz`: one or two capitalized words in marks between two
/// capitalized words, a space on either side, are a nickname inside a name,
/// not a quotation.
pub(crate) fn is_nickname(toks: &[Tok], open: usize, close: usize) -> bool {
    let cap_word = |t: &Tok| t.kind == Tk::Word && t.cap;
    let (Some(before), Some(after)) = (open.checked_sub(1).map(|k| &toks[k]), toks.get(close + 1))
    else {
        return false;
    };
    let mark = |t: &Tok| matches!(t.lower.as_str(), "\"" | "“" | "”" | "„" | "«" | "»");
    let inner = &toks[open + 1..close];
    mark(&toks[open])
        && mark(&toks[close])
        && (1..=2).contains(&inner.len())
        && inner.iter().all(cap_word)
        && inner.windows(2).all(|w| w[0].end < w[1].start)
        && cap_word(before)
        && cap_word(after)
        && before.end < toks[open].start
        && toks[close].end < after.start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;

    fn pieces(s: &str) -> Vec<(String, bool, bool)> {
        let doc = Doc::new(s);
        let c = &doc.chars;
        pair(&doc.words, &in_markup(&doc.chars, &doc.words))
            .into_iter()
            .map(|p| {
                (
                    c[p.start..p.end].iter().collect(),
                    p.first_in_group,
                    p.last_in_group,
                )
            })
            .collect()
    }

    #[test]
    fn straight_and_curly() {
        assert_eq!(
            pieces("He said \"go now,\" and “stop ‘here’.”")[1].0,
            "stop ‘here’."
        );
        assert_eq!(pieces("He said \"go now,\" and left.")[0].0, "go now,");
    }

    #[test]
    fn multi_paragraph() {
        let p = pieces("A said: “One.\n\n“Two.\n\n“Three.”\n\nAfter “x” y.");
        let texts: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, ["One.", "Two.", "Three.", "x"]);
        assert!(p[0].1 && !p[0].2 && !p[1].1 && !p[1].2 && p[2].2 && p[3].1 && p[3].2);
    }

    #[test]
    fn a_nickname_inside_a_name_is_no_quotation() {
        let p = pieces("Roberto “Bobby” Diaz said “we won” and Ana \"Nan\" Ruiz agreed.");
        let texts: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, ["we won"]);
        // A quoted name after a verb is still quoted.
        assert_eq!(pieces("Fans chanted “Bobby” Diaz style.").len(), 1);
    }

    #[test]
    fn stray_marks_do_not_swallow_the_article() {
        let p = pieces("It was “odd.\n\nThen he said, “fine.”");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "fine.");
    }
}
