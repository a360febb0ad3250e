//! Offsets are stored in code points; clients may read and write them in UTF-16 code
//! units (JavaScript strings) or UTF-8 bytes instead.

use crate::annotate;
use crate::model::{Article, ArticleEntity, ArticleItem, Mark, Quote, SpanOut};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    #[default]
    Codepoint,
    Utf16,
    Utf8,
}

/// Maps code-point offsets of one text to another unit and back.
pub struct Converter {
    /// `prefix[i]` = units before code point `i`; empty for code points.
    prefix: Vec<usize>,
}

impl Converter {
    pub fn new(text: &str, unit: OffsetUnit) -> Converter {
        let width = match unit {
            OffsetUnit::Codepoint => return Converter { prefix: Vec::new() },
            OffsetUnit::Utf16 => char::len_utf16,
            OffsetUnit::Utf8 => char::len_utf8,
        };
        let mut prefix = Vec::with_capacity(text.len() + 1);
        let mut at = 0;
        prefix.push(0);
        for c in text.chars() {
            at += width(c);
            prefix.push(at);
        }
        Converter { prefix }
    }

    pub fn is_identity(&self) -> bool {
        self.prefix.is_empty()
    }

    /// Code points to the client's unit (offsets past the end stay past the end).
    pub fn out(&self, cp: usize) -> usize {
        if self.prefix.is_empty() {
            return cp;
        }
        match self.prefix.get(cp) {
            Some(u) => *u,
            None => self.prefix.last().copied().unwrap_or(0) + (cp + 1 - self.prefix.len()),
        }
    }

    /// The client's unit to code points; `None` when the offset falls inside a character.
    pub fn inward(&self, unit: usize) -> Option<usize> {
        if self.prefix.is_empty() {
            return Some(unit);
        }
        self.prefix.binary_search(&unit).ok()
    }

    fn span(&self, s: &mut SpanOut) {
        s.start = self.out(s.start);
        s.end = self.out(s.end);
    }

    pub fn quote(&self, q: &mut Quote) {
        if self.is_identity() {
            return;
        }
        q.start = self.out(q.start);
        q.end = self.out(q.end);
        if let Some(f) = &mut q.fragments {
            for [s, e] in f.iter_mut() {
                *s = self.out(*s);
                *e = self.out(*e);
            }
        }
        if let Some(s) = &mut q.speaker_mention {
            self.span(s);
        }
        if let Some(s) = &mut q.cue {
            self.span(s);
        }
    }

    pub fn article(&self, a: &mut Article) {
        self.annotated(&mut a.quotes, &mut a.entities);
    }

    /// The annotations of a list item (`Converter` of its body).
    pub fn article_item(&self, a: &mut ArticleItem) {
        self.annotated(&mut a.quotes, &mut a.entities);
    }

    fn annotated(
        &self,
        quotes: &mut Option<Vec<Quote>>,
        entities: &mut Option<Vec<ArticleEntity>>,
    ) {
        if self.is_identity() {
            return;
        }
        for q in quotes.iter_mut().flatten() {
            self.quote(q);
        }
        for e in entities.iter_mut().flatten() {
            for m in &mut e.mentions {
                m.start = self.out(m.start);
                m.end = self.out(m.end);
            }
        }
    }

    /// Marks of a snippet (`Converter` of the snippet's text).
    pub fn marks(&self, marks: &mut [Mark]) {
        if self.is_identity() {
            return;
        }
        for m in marks {
            m.start = self.out(m.start);
            m.end = self.out(m.end);
        }
    }

    fn raw_span(&self, s: &mut annotate::Span) {
        s.start = self.out(s.start);
        s.end = self.out(s.end);
    }

    /// Engine output (code points) to the client's unit.
    pub fn annotations(&self, a: &mut annotate::Annotations) {
        if self.is_identity() {
            return;
        }
        for q in &mut a.quotes {
            q.start = self.out(q.start);
            q.end = self.out(q.end);
            if let Some(f) = &mut q.fragments {
                for [s, e] in f.iter_mut() {
                    *s = self.out(*s);
                    *e = self.out(*e);
                }
            }
            if let Some(s) = &mut q.speaker_mention {
                self.raw_span(s);
            }
            if let Some(s) = &mut q.cue {
                self.raw_span(s);
            }
        }
        for e in &mut a.entities {
            for m in &mut e.mentions {
                self.raw_span(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_and_refuses_split_characters() {
        let text = "Nicolás “said” 😀 ok";
        let u16 = Converter::new(text, OffsetUnit::Utf16);
        let u8 = Converter::new(text, OffsetUnit::Utf8);
        // "😀" is code point 15, UTF-16 15..17, UTF-8 bytes 21..25.
        let cp = text.chars().position(|c| c == '😀').unwrap_or(0);
        assert_eq!(cp, 15);
        assert_eq!(u16.out(cp), 15);
        assert_eq!(u16.out(cp + 1), 17);
        assert_eq!(u8.out(cp), text.find('😀').unwrap_or(0));
        assert_eq!(u16.inward(17), Some(16));
        assert_eq!(u16.inward(16), None);
        assert_eq!(u8.inward(6), None, "inside the two bytes of á");
        let id = Converter::new(text, OffsetUnit::Codepoint);
        assert_eq!((id.out(7), id.inward(7)), (7, Some(7)));
    }
}
