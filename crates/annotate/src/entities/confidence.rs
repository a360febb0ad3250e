//! One-off names the tagger was unsure of: a single capitalized word named
//! nowhere else in the article, tagged with a small margin over "no name",
//! is more often a heading word, a menu item or a product than an entity.

use rustc_hash::FxHashMap;

use super::names::{is_acronym, Mention};
use crate::tokens::Token;
use crate::types::EntityKind;

/// Margin (tag score above O) under which a one-off single word is dropped.
/// On the shipped model's score scale (scores in the tens to hundreds); the
/// even half of the Wikinews gold, split in two, chose it (BENCHMARKS.md).
pub(super) const MIN_ONE_OFF_MARGIN: f32 = 40.0;

/// Drops single-word person and organization mentions that occur once in the
/// article (as a mention, or as the word of a longer one), are not acronyms
/// and whose tagger margin (`margin[token]`) is below `min_margin`.
pub(super) fn drop_weak_one_offs(
    toks: &[Token<'_>],
    ms: Vec<Mention>,
    margin: &[f32],
    min_margin: f32,
) -> Vec<Mention> {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for m in &ms {
        for t in &toks[m.s..m.e] {
            *seen.entry(t.text.to_lowercase()).or_default() += 1;
        }
    }
    let targets: Vec<usize> = ms.iter().filter_map(|m| m.link).collect();
    let weak_at = |i: usize, m: &Mention| {
        m.e == m.s + 1
            && !targets.contains(&i)
            && matches!(m.kind, EntityKind::Person | EntityKind::Organization)
            && m.link.is_none()
            && !is_acronym(toks[m.s].text)
            && seen.get(&toks[m.s].text.to_lowercase()) == Some(&1)
            && margin.get(m.s).is_some_and(|&x| x < min_margin)
    };
    let keep: Vec<bool> = ms.iter().enumerate().map(|(i, m)| !weak_at(i, m)).collect();
    retain_relinked(ms, &keep)
}

/// Drops one-word person mentions the article gives no support for: the
/// word is a `common_word` and no longer person name of the article holds
/// it. A thing the tagger read as a person ("the Army said") fits this;
/// a person named by a common word is introduced by a full name.
pub(super) fn drop_unsupported_people(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let fold = |s: &str| -> String {
        s.chars()
            .map(super::normalize::fold_diacritics)
            .collect::<String>()
            .to_lowercase()
    };
    let mut in_full: rustc_hash::FxHashSet<String> = Default::default();
    for m in &ms {
        if m.kind != EntityKind::Person {
            continue;
        }
        if m.e - m.s > 1 {
            for t in &toks[m.s..m.e] {
                in_full.insert(fold(t.text));
            }
        }
    }
    let targets: Vec<usize> = ms.iter().filter_map(|m| m.link).collect();
    let unsupported = |i: usize, m: &Mention| {
        if m.kind != EntityKind::Person
            || m.e != m.s + 1
            || targets.contains(&i)
            || m.link.is_some()
        {
            return false;
        }
        let w = fold(toks[m.s].text);
        !in_full.contains(&w) && crate::ner::clusters::common_word(&w, toks[m.s].text)
    };
    let keep: Vec<bool> = ms
        .iter()
        .enumerate()
        .map(|(i, m)| !unsupported(i, m))
        .collect();
    retain_relinked(ms, &keep)
}

/// The mentions `keep` marks, links renumbered past the dropped ones.
fn retain_relinked(ms: Vec<Mention>, keep: &[bool]) -> Vec<Mention> {
    if keep.iter().all(|&k| k) {
        return ms;
    }
    let mut new_index = Vec::with_capacity(ms.len());
    let mut k = 0;
    for &kept in keep {
        new_index.push(k);
        k += usize::from(kept);
    }
    ms.into_iter()
        .zip(keep)
        .filter(|(_, kept)| **kept)
        .map(|(mut m, _)| {
            m.link = m.link.and_then(|l| new_index.get(l).copied());
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn mention(s: usize, kind: EntityKind) -> Mention {
        Mention {
            s,
            e: s + 1,
            kind,
            link: None,
        }
    }

    #[test]
    fn weak_one_offs_go_and_named_again_or_sure_ones_stay() {
        // Menu Acme Acme NBC Zorb
        let toks = tokenize("Menu Acme Acme NBC Zorb");
        let org = EntityKind::Organization;
        let ms: Vec<Mention> = (0..5).map(|s| mention(s, org)).collect();
        let margin = [1.0, 1.0, 1.0, 1.0, 90.0];
        let kept: Vec<usize> = drop_weak_one_offs(&toks, ms, &margin, 40.0)
            .iter()
            .map(|m| m.s)
            .collect();
        // "Menu" goes; "Acme" is named twice, "NBC" is an acronym, "Zorb" sure.
        assert_eq!(kept, [1, 2, 3, 4]);
    }

    #[test]
    fn common_words_as_people_go_unless_a_full_name_holds_them() {
        // "Army" is more often "army"; "White" is in a full name; "Trump"
        // is more often capitalized, "Putin" never lower case.
        let toks = tokenize("Army said . Jack White and White met Putin and Trump");
        let per = EntityKind::Person;
        let ms = vec![
            mention(0, per),
            Mention {
                s: 3,
                e: 5,
                kind: per,
                link: None,
            },
            mention(6, per),
            mention(8, per),
            mention(10, per),
        ];
        let kept: Vec<usize> = drop_unsupported_people(&toks, ms)
            .iter()
            .map(|m| m.s)
            .collect();
        assert_eq!(kept, [3, 6, 8, 10]);
    }
}
