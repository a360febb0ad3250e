//! "and" between capitalized words: two names the tagger read as one
//! ("University of Washington and Stanford University"), and one descriptive
//! name whose last part the tagger cut off ("Centers for Disease Control and
//! Prevention").

use super::designators::heads_body_or_place;
use super::names::{capitalized, Mention};
use crate::ner::clusters::common_word;
use crate::tokens::Token;
use crate::types::EntityKind;

/// A name of two words or more headed at its end ("Stanford University") or
/// at its start before "of"/"for" ("University of Washington"); not "Union
/// Solidarity", not a lone "Spa".
fn headed_name(toks: &[Token<'_>]) -> bool {
    let opens =
        toks.len() >= 3 && heads_body_or_place(&toks[0]) && matches!(toks[1].text, "of" | "for");
    toks.len() >= 2 && (opens || toks.last().is_some_and(heads_body_or_place))
}

/// Splits a non-person mention at each "and" between two headed names: "Bank
/// of England and Bank of France" are two banks; "Securities and Exchange
/// Commission", "Union Solidarity and Development Party" and "Trinidad and
/// Tobago" stay one name.
pub(super) fn split_joined_names(toks: &[Token<'_>], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        if m.kind == EntityKind::Person {
            out.push(m);
            continue;
        }
        let mut s = m.s;
        for i in m.s..m.e {
            // "… and the Ministry of …": the second name starts after "the".
            let next = i + 1 + usize::from(toks.get(i + 1).is_some_and(|t| t.text == "the"));
            // A lone head word whose "of" the tagger left out counts too.
            let cut_short = m.e == next + 1
                && heads_body_or_place(&toks[next])
                && toks
                    .get(m.e)
                    .is_some_and(|t| matches!(t.text, "of" | "for"));
            let joins_two = toks[i].text == "and"
                && next < m.e
                && headed_name(&toks[s..i])
                && (cut_short || headed_name(&toks[next..m.e]));
            if joins_two {
                out.push(Mention { e: i, ..m.clone() });
                s = next;
            }
        }
        out.push(Mention { s, ..m });
    }
    out
}

/// Extends an organization named by what it does ("Centers for Disease
/// Control", "Department of Health") over "and" and the capitalized common
/// words after it ("and Prevention", "and Human Services"), when nothing else
/// is tagged there and those one or two words end the capitalized run: a
/// second name is no common word ("and Boeing") or runs on ("and Human Rights
/// Watch").
/// Expects mentions sorted by position; keeps them sorted.
pub(super) fn extend_descriptive_names(toks: &[Token<'_>], ms: &mut [Mention]) {
    for i in 0..ms.len() {
        let m = &ms[i];
        let descriptive = m.kind == EntityKind::Organization
            && toks[m.s..m.e]
                .iter()
                .any(|t| matches!(t.text, "of" | "for"));
        if !descriptive || toks.get(m.e).map(|t| t.text) != Some("and") {
            continue;
        }
        let start = m.e + 1;
        let mut e = start;
        while e < toks.len()
            && e < start + 2
            && toks[e].newlines_before == 0
            && capitalized(&toks[e])
            && toks[e].text.chars().any(char::is_lowercase)
            && common_word(&toks[e].text.to_lowercase(), toks[e].text)
        {
            e += 1;
        }
        let run_ends = toks.get(e).is_none_or(|t| !capitalized(t));
        let free = ms.get(i + 1).is_none_or(|o| o.s >= e);
        if e > start && run_ends && free {
            ms[i].e = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::names::m;
    use crate::tokens::tokenize;

    const ORG: EntityKind = EntityKind::Organization;

    #[test]
    fn two_names_joined_by_and_are_split() {
        let toks = tokenize("at the University of Washington and Stanford University .");
        assert_eq!(
            split_joined_names(&toks, vec![m(2, 8, ORG)]),
            vec![m(2, 5, ORG), m(6, 8, ORG)]
        );
    }

    #[test]
    fn the_second_name_starts_after_the() {
        let toks = tokenize("The Ministry of Health and the Ministry of Defence said");
        assert_eq!(
            split_joined_names(&toks, vec![m(1, 7, ORG)]),
            vec![m(1, 4, ORG), m(6, 7, ORG)]
        );
    }

    #[test]
    fn one_name_with_and_stays_whole() {
        for text in [
            "the U.S. Securities and Exchange Commission said",
            "the Port Authority of New York and New Jersey said",
            "Trinidad and Tobago said",
            "the Union Solidarity and Development Party said",
            "the Ritz Carlton Golf Club and Spa said",
        ] {
            let toks = tokenize(text);
            let s = usize::from(toks[0].text == "the");
            let e = toks.len() - 1;
            let whole = vec![m(s, e, ORG)];
            assert_eq!(split_joined_names(&toks, whole.clone()), whole, "{text}");
        }
    }

    #[test]
    fn descriptive_names_take_the_words_after_and() {
        let toks = tokenize("the Centers for Disease Control and Prevention said");
        let mut ms = vec![m(1, 5, ORG)];
        extend_descriptive_names(&toks, &mut ms);
        assert_eq!(ms, vec![m(1, 7, ORG)]);
    }

    #[test]
    fn a_second_name_after_and_is_not_taken() {
        // A name, a tagged mention, a run going on: none is the name's tail.
        let toks = tokenize("the Ministry of Defence and Boeing said");
        let mut ms = vec![m(1, 4, ORG)];
        extend_descriptive_names(&toks, &mut ms);
        assert_eq!(ms, vec![m(1, 4, ORG)]);
        let toks = tokenize("the Ministry of Defence and Human Rights Watch said");
        let mut ms = vec![m(1, 4, ORG)];
        extend_descriptive_names(&toks, &mut ms);
        assert_eq!(ms, vec![m(1, 4, ORG)]);
        let toks = tokenize("the Ministry of Defence and Navy said");
        let mut ms = vec![m(1, 4, ORG), m(5, 6, ORG)];
        extend_descriptive_names(&toks, &mut ms);
        assert_eq!(ms, vec![m(1, 4, ORG), m(5, 6, ORG)]);
    }
}
