//! Document-level consistency: one kind per name across the article.

use rustc_hash::{FxHashMap, FxHashSet};

use super::names::{capitalized, surface, Mention};
use super::normalize::fold_diacritics;
use super::titles::is_title;
use crate::ner::heads::{head_class, LEGAL, ORG};
use crate::ner::person_names::name_bits;
use crate::tokens::Token;
use crate::types::EntityKind;

fn kind_rank(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 3,
        EntityKind::Location => 2,
        EntityKind::Organization => 1,
        _ => 0,
    }
}

/// One kind per name: the majority kind of each surface form (surnames of
/// people named in full count as persons, the word before an organization's
/// head as that organization), and untagged capitalized
/// occurrences of a known name tagged too.
pub(super) fn consistency(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    // Each name's kinds are few and their (votes, rank) pairs distinct, so the
    // majority does not depend on the maps' iteration order.
    let mut votes: FxHashMap<String, FxHashMap<EntityKind, usize>> = FxHashMap::default();
    for m in &ms {
        *votes
            .entry(folded(surface(toks, m.s, m.e)))
            .or_default()
            .entry(m.kind)
            .or_default() += 1;
    }
    // Surnames and acronyms speak for their full names.
    for m in &ms {
        let len = m.e - m.s;
        if m.kind == EntityKind::Person && len >= 2 && toks[m.e - 1].text.chars().count() > 1 {
            *votes
                .entry(folded(toks[m.e - 1].text.to_string()))
                .or_default()
                .entry(EntityKind::Person)
                .or_default() += 2 * len;
        }
        // "Labour" of "Stevenage Labour Party": the word before an
        // organization's head speaks for the organization where the article
        // names it alone as a person too (not an adjective: "Republican" of
        // "Republican Party" is no organization alone).
        if m.kind == EntityKind::Organization && len >= 2 {
            let head = toks[m.e - 1].text;
            let before = toks[m.e - 2].text;
            let is_head = |w: &str| head_class(w, &w.to_lowercase()) & (ORG | LEGAL) != 0;
            if is_head(head) && !is_head(before) && capitalized(&toks[m.e - 2]) {
                let v = votes.get_mut(folded_str(before).as_ref());
                if let Some(v) = v.filter(|v| v.contains_key(&EntityKind::Person)) {
                    *v.entry(EntityKind::Organization).or_default() += 2 * len;
                }
            }
        }
        if m.link.is_some() {
            *votes
                .entry(folded(surface(toks, m.s, m.e)))
                .or_default()
                .entry(m.kind)
                .or_default() += 2;
        }
    }
    for (word, kind) in unsupported_people(toks, &ms) {
        votes.insert(word, FxHashMap::from_iter([(kind, 1)]));
    }
    let name_kind: FxHashMap<String, EntityKind> = votes
        .into_iter()
        .filter_map(|(name, v)| {
            v.into_iter()
                .max_by_key(|&(k, n)| (n, kind_rank(k)))
                .map(|(k, _)| (name, k))
        })
        .collect();
    let max_len = ms.iter().map(|m| m.e - m.s).max().unwrap_or(0).min(8);
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut next = ms.into_iter().peekable();
    let mut remap: FxHashMap<usize, usize> = FxHashMap::default();
    // Names are looked up at every capitalized token, for every length: most
    // tokens start no name at all, and the rest reuse one buffer.
    let first_words: FxHashSet<&str> = name_kind
        .keys()
        .filter_map(|name| name.split(' ').next())
        .collect();
    let mut key = String::new();
    let mut old_idx = 0usize;
    let mut i = 0;
    while i < toks.len() {
        if let Some(m) = next.next_if(|m| m.s <= i) {
            if m.s == i {
                let kind = name_kind
                    .get(&folded(surface(toks, m.s, m.e)))
                    .copied()
                    .unwrap_or(m.kind);
                remap.insert(old_idx, out.len());
                i = m.e;
                out.push(Mention { kind, ..m });
            }
            old_idx += 1;
            continue;
        }
        let limit = next.peek().map_or(toks.len(), |m| m.s);
        let mut found = None;
        if capitalized(&toks[i]) && first_words.contains(folded_str(toks[i].text).as_ref()) {
            for len in (1..=max_len.min(limit - i)).rev() {
                surface_into(&mut key, toks, i, i + len);
                if let Some(&k) = name_kind.get(key.as_str()) {
                    found = Some((len, k));
                    break;
                }
            }
        }
        match found {
            Some((len, kind)) => {
                out.push(Mention {
                    s: i,
                    e: i + len,
                    kind,
                    link: None,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    for m in out.iter_mut() {
        m.link = m.link.and_then(|l| remap.get(&l).copied());
    }
    out
}

/// Nouns a person's name modifies after an article ("the Bush administration",
/// "a Glazer takeover"): there the article is not the name's, nor before a
/// capitalized word ("the Bush Presidency", "the Trump White House").
#[rustfmt::skip]
const PERSON_MODIFIED: &[&str] = &[
    "administration", "government", "campaign", "family", "era", "years", "presidency", "regime",
    "camp", "takeover", "bid", "estate", "brothers", "sisters", "household", "children",
];

/// One-word "people" the article gives no reason to read as people: no
/// person name of the article holds the word and no title precedes it. Such a
/// word opening or inside a longer name of another kind ("Labour" of "Labour
/// MPs", "Sony" of "Sony Ericsson") takes the kind most of those names have,
/// unless it is a known first name (the surname table holds too many words:
/// "Labour", "Virgin"); one written after an article ("an Oscar") is misc.
/// Each such word folded, with its kind.
fn unsupported_people(toks: &[Token<'_>], ms: &[Mention]) -> Vec<(String, EntityKind)> {
    let mut supported: FxHashSet<String> = FxHashSet::default();
    let mut first_names: FxHashSet<String> = FxHashSet::default();
    let mut holders: FxHashMap<String, FxHashMap<EntityKind, usize>> = FxHashMap::default();
    for m in ms.iter().filter(|m| m.e - m.s >= 2) {
        // A run joining two names ("Abba Theodorus and Theodore", across a
        // line break) tells nothing about either.
        let joined = toks[m.s + 1..m.e]
            .iter()
            .any(|t| t.newlines_before > 0 || matches!(t.text, "and" | "&"));
        for (k, t) in toks[m.s..m.e].iter().enumerate() {
            let w = folded_str(t.text).into_owned();
            if m.kind == EntityKind::Person {
                supported.insert(w);
            } else if m.s + k + 1 < m.e && !joined {
                // Not the last word: a surname ends a full name the tagger
                // gave another kind ("Lawrence Dallaglio" as a place).
                *holders.entry(w).or_default().entry(m.kind).or_default() += 1;
            }
        }
    }
    let mut out: Vec<(String, EntityKind)> = Vec::new();
    let mut determined: FxHashSet<String> = FxHashSet::default();
    for m in ms
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.e == m.s + 1)
    {
        let t = &toks[m.s];
        let w = folded_str(t.text).into_owned();
        let titled = m.s > 0 && is_title(&toks[m.s - 1]);
        if m.s > 0
            && matches!(toks[m.s - 1].text, "a" | "an" | "the")
            && !toks
                .get(m.e)
                .is_some_and(|n| capitalized(n) || PERSON_MODIFIED.contains(&n.text))
        {
            determined.insert(w.clone());
        }
        if titled {
            supported.insert(w);
        } else if name_bits(&w.to_lowercase()) & 1 == 1 {
            first_names.insert(w);
        } else if let Some(h) = holders.get(&w) {
            // Ties go to organizations: a name used as a modifier ("Labour
            // MPs") is most often a party, a club or a company.
            let best = h
                .iter()
                .max_by_key(|&(&k, &n)| (n, k == EntityKind::Organization, kind_rank(k)))
                .map(|(&k, _)| k);
            if let Some(k) = best {
                out.push((w, k));
            }
        }
    }
    // "an Oscar", "the Godfather": a person is not written with an article,
    // even one that is a first name, unless the article names them in full.
    out.extend(determined.into_iter().map(|w| (w, EntityKind::Misc)));
    out.retain(|(w, k)| {
        !supported.contains(w) && (*k == EntityKind::Misc || !first_names.contains(w))
    });
    // A longer name's kind before misc for the same word.
    out.sort_unstable_by(|a, b| {
        (&a.0, a.1 == EntityKind::Misc).cmp(&(&b.0, b.1 == EntityKind::Misc))
    });
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A name with its diacritics folded: "Erdoğan" and "Erdogan" are one name.
fn folded(name: String) -> String {
    if name.is_ascii() {
        name
    } else {
        name.chars().map(fold_diacritics).collect()
    }
}

fn folded_str(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.chars().map(fold_diacritics).collect())
    }
}

/// `surface(toks, s, e)`, diacritics folded, written into `buf` (token texts
/// joined by spaces).
fn surface_into(buf: &mut String, toks: &[Token<'_>], s: usize, e: usize) {
    buf.clear();
    for (k, t) in toks[s..e].iter().enumerate() {
        if k > 0 {
            buf.push(' ');
        }
        if t.text.is_ascii() {
            buf.push_str(t.text);
        } else {
            buf.extend(t.text.chars().map(fold_diacritics));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    use crate::entities::names::m;

    fn kinds_of(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<EntityKind> {
        consistency(toks, ms).iter().map(|m| m.kind).collect()
    }

    #[test]
    fn the_word_before_an_organization_head_is_that_organization_not_a_person() {
        let toks = tokenize(
            "Labour said . Labour won . Stevenage Labour Party met . Republican voters and the Republican Party",
        );
        let (per, org, misc) = (
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Misc,
        );
        let ms = vec![
            m(0, 1, per),
            m(3, 4, per),
            m(6, 9, org),
            m(11, 12, misc),
            m(15, 17, org),
        ];
        let kinds = kinds_of(&toks, ms);
        // An adjective of a party's name stays what the tagger said.
        assert_eq!(kinds, [org, org, org, misc, org]);
    }

    #[test]
    fn a_lone_word_opening_a_name_of_another_kind_is_no_person() {
        let (per, org, loc) = (
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Location,
        );
        // "Zentra" opens an organization's name and nothing makes it a person;
        // "Brandt" ends a full name the tagger took for a place, "Mira" is a
        // known first name, "Okafor" follows a title: all three stay people.
        let toks = tokenize(
            "Zentra said . Zentra Systems grew . Brandt won . Lena Brandt Hall . Mira left . Mira Studios . Mr Okafor spoke . Okafor Road . Tovi spoke . Tovi and Ilse",
        );
        let ms = vec![
            m(0, 1, per),
            m(3, 5, org),
            m(7, 8, per),
            m(10, 13, loc),
            m(14, 15, per),
            m(17, 19, org),
            m(21, 22, per),
            m(24, 26, loc),
            m(27, 28, per),
            m(30, 33, org),
        ];
        let kinds = kinds_of(&toks, ms);
        // "Tovi and Ilse" joins two names: no evidence about "Tovi".
        assert_eq!(kinds, [org, org, per, loc, per, org, per, loc, per, org]);
    }

    #[test]
    fn a_lone_word_after_an_article_is_no_person_unless_named_in_full() {
        let (per, misc) = (EntityKind::Person, EntityKind::Misc);
        // "Oscar" is a first name, "Vantor" nothing; "the Hale administration"
        // and "the Ruiz White House" are people's, and "Bloggs" is named in full.
        let toks = tokenize(
            "She won an Oscar . Oscar said . a Vantor sold . the Hale administration . Hale spoke . the Ruiz White House . the Bloggs . Jo Bloggs",
        );
        let ms = vec![
            m(3, 4, per),
            m(5, 6, per),
            m(9, 10, per),
            m(13, 14, per),
            m(16, 17, per),
            m(20, 21, per),
            m(25, 26, per),
            m(27, 29, per),
        ];
        let kinds = kinds_of(&toks, ms);
        assert_eq!(kinds, [misc, misc, misc, per, per, per, per, per]);
    }
}
