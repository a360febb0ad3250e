//! Moving annotations with their text when an article's body is edited: spans
//! before the edited region stay, spans after it shift, spans inside it go to
//! the nearest occurrence of their text. Pure logic, offsets in code points.

/// Maps spans of an old body into a new one, by the unchanged prefix and suffix.
pub struct Relocator {
    new: Vec<char>,
    old_len: usize,
    prefix: usize,
    suffix: usize,
}

impl Relocator {
    pub fn new(old: &str, new: &str) -> Relocator {
        let old: Vec<char> = old.chars().collect();
        let new: Vec<char> = new.chars().collect();
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let max_suffix = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        Relocator {
            old_len: old.len(),
            new,
            prefix,
            suffix,
        }
    }

    /// Where the span `[start, end)` of the old body, holding `text`, is in the
    /// new one: its start there, or `None` when its text is gone.
    pub fn locate(&self, start: usize, end: usize, text: &str) -> Option<usize> {
        let at = if end <= self.prefix {
            Some(start)
        } else if start >= self.old_len - self.suffix {
            (start + self.new.len()).checked_sub(self.old_len)
        } else {
            nearest_occurrence(&self.new, text, start)
        }?;
        let len = end.checked_sub(start)?;
        let fits = self
            .new
            .get(at..at + len)
            .is_some_and(|w| w.iter().copied().eq(text.chars()));
        fits.then_some(at)
    }
}

/// Code-point offset of the occurrence of `needle` in `haystack` closest to `near`.
fn nearest_occurrence(haystack: &[char], needle: &str, near: usize) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(near))
}

#[cfg(test)]
mod tests {
    use super::Relocator;

    fn span(body: &str, text: &str) -> (usize, usize) {
        let byte = body.find(text).expect("text in body");
        let start = body[..byte].chars().count();
        (start, start + text.chars().count())
    }

    #[test]
    fn spans_before_an_edit_stay_and_spans_after_it_shift() {
        let old = "Ana said “no”. The port closed. Bob said “yes”.";
        let new = "Ana said “no”. The old harbour port closed today. Bob said “yes”.";
        let r = Relocator::new(old, new);
        let (s, e) = span(old, "no");
        assert_eq!(r.locate(s, e, "no"), Some(s));
        let (s, e) = span(old, "yes");
        assert_eq!(r.locate(s, e, "yes"), Some(span(new, "yes").0));
    }

    #[test]
    fn spans_inside_an_edit_go_to_the_nearest_occurrence_or_are_dropped() {
        let old = "We met. “Fine,” she said. We left.";
        let new = "We met again. She paused. “Fine,” she said. We left.";
        let r = Relocator::new(old, new);
        let (s, e) = span(old, "Fine");
        assert_eq!(r.locate(s, e, "Fine"), Some(span(new, "Fine").0));
        let gone = Relocator::new(old, "We met. Nothing was said. We left.");
        assert_eq!(gone.locate(s, e, "Fine"), None);
    }

    #[test]
    fn offsets_count_code_points_and_bad_spans_are_refused() {
        let old = "Ünïcödé “quote” here";
        let new = "Ünïcödé — edited — “quote” here";
        let r = Relocator::new(old, new);
        let (s, e) = span(old, "quote");
        let at = r.locate(s, e, "quote").expect("moved");
        assert_eq!(new.chars().skip(at).take(5).collect::<String>(), "quote");
        // Text that does not match, an inverted span, a span past the end.
        assert_eq!(r.locate(s, e, "other"), None);
        assert_eq!(r.locate(e, s, "quote"), None);
        assert_eq!(r.locate(100, 105, "quote"), None);
        // Identical and emptied bodies.
        assert_eq!(Relocator::new(old, old).locate(s, e, "quote"), Some(s));
        assert_eq!(Relocator::new(old, "").locate(s, e, "quote"), None);
    }
}
