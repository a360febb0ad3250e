//! Casing augmentation for training: a share of the sentences shown again in
//! Title Case or ALL CAPS, labels unchanged, so that the tagger learns what a
//! name looks like where capitals are no evidence (web headings, menus,
//! all-caps headlines) instead of leaning on them.

use super::Document;

/// Short words title case leaves in lower case (unless they open the line).
pub const SMALL: [&str; 16] = [
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "as", "but",
    "from",
];

/// A lower-case word with its first letter capitalized; other words as they are.
fn title_word(w: &str, first: bool) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) if w.chars().all(|c| !c.is_uppercase()) && (first || !SMALL.contains(&w)) => {
            c.to_uppercase().chain(cs).collect()
        }
        _ => w.to_string(),
    }
}

/// The sentence's words in Title Case (headline style: small words stay lower).
pub fn title_case(words: &[String]) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| title_word(w, i == 0))
        .collect()
}

pub fn upper_case(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_uppercase()).collect()
}

/// Recases, in place, every `every`-th sentence of the documents (counted
/// across them): the first of each run of `every` to Title Case, the second to
/// ALL CAPS. Sentences of one word or none are left alone. `every` below 2
/// changes nothing.
pub fn recase(docs: &mut [Document], every: usize) {
    if every < 2 {
        return;
    }
    let mut k = 0usize;
    for d in docs {
        for s in &mut d.sentences {
            if s.words.len() < 2 {
                continue;
            }
            match k % every {
                0 => s.words = title_case(&s.words),
                1 => s.words = upper_case(&s.words),
                _ => {}
            }
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::Sentence;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn title_case_keeps_small_words_and_acronyms() {
        assert_eq!(
            title_case(&words("the mayor of Lyon met U.S. envoys in iPhone town")).join(" "),
            "The Mayor of Lyon Met U.S. Envoys in iPhone Town"
        );
    }

    #[test]
    fn recase_changes_two_of_every_k_sentences_and_keeps_labels() {
        let sent = |w: &str| Sentence {
            words: words(w),
            labels: vec![0, 1],
        };
        let mut docs = vec![Document {
            sentences: vec![
                sent("shares rose"),
                sent("shares fell"),
                sent("shares held"),
                sent("alone"),
                sent("shares slid"),
            ],
        }];
        docs[0].sentences[3].labels = vec![0];
        recase(&mut docs, 3);
        let got: Vec<String> = docs[0]
            .sentences
            .iter()
            .map(|s| s.words.join(" "))
            .collect();
        assert_eq!(
            got,
            [
                "Shares Rose",
                "SHARES FELL",
                "shares held",
                "alone",
                "Shares Slid"
            ]
        );
        assert!(docs[0]
            .sentences
            .iter()
            .all(|s| s.labels.len() == s.words.len()));
    }
}
