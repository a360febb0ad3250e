//! Acronyms: "Federation of ... Workers (CBST)" links CBST to the long form,
//! and "CBST-CPP" built on a known organization is one too.

use super::names::{is_acronym, surface, Mention};
use crate::tokens::Token;
use crate::types::EntityKind;

/// A hyphenated acronym built on a known organization ("CBST-CPP" after
/// "CBST") is an organization too.
pub(super) fn compound_acronyms(toks: &[Token<'_>], ms: &mut [Mention]) {
    let orgs: Vec<String> = ms
        .iter()
        .filter(|m| m.kind == EntityKind::Organization)
        .map(|m| surface(toks, m.s, m.e))
        .collect();
    for m in ms.iter_mut() {
        let t = toks[m.s].text;
        if m.e - m.s == 1
            && m.kind == EntityKind::Misc
            && is_acronym(t)
            && t.split('-').any(|p| orgs.iter().any(|o| o == p))
        {
            m.kind = EntityKind::Organization;
        }
    }
}

/// "Federation of ... Workers (CBST)": the acronym in parentheses right after
/// a name is the same thing.
pub(super) fn acronyms(toks: &[Token<'_>], ms: &mut Vec<Mention>) {
    // Token -> index of the mention whose acronym sits there.
    let mut acronym_at: Vec<Option<usize>> = vec![None; toks.len()];
    let mut any = false;
    for (idx, m) in ms.iter().enumerate() {
        let e = m.e;
        if toks.get(e).map(|t| t.text) != Some("(") || toks.get(e + 2).map(|t| t.text) != Some(")")
        {
            continue;
        }
        // A one-word name is no long form of an acronym that does not start
        // with its letter: in "Member of Parliament (MP)" the name tagged is
        // "Parliament".
        let acr = toks[e + 1].text;
        let fits = m.e - m.s > 1 || acr.chars().next() == toks[m.s].text.chars().next();
        if is_acronym(acr) && fits && m.kind != EntityKind::Person {
            acronym_at[e + 1] = Some(idx);
            any = true;
        }
    }
    if !any {
        return;
    }
    // Rebuild in order; the rule wins over whatever the tagger said about the
    // acronym token itself. Links are indices, so they are remapped.
    let old = std::mem::take(ms);
    let mut new_index = vec![usize::MAX; old.len()];
    let mut pending: Vec<(usize, usize)> = Vec::new(); // (position in ms, old long-form index)
    let mut t = 0;
    let flush =
        |upto: usize, t: &mut usize, ms: &mut Vec<Mention>, pending: &mut Vec<(usize, usize)>| {
            while *t < upto {
                if let Some(long) = acronym_at[*t] {
                    pending.push((ms.len(), long));
                    ms.push(Mention {
                        s: *t,
                        e: *t + 1,
                        kind: old[long].kind,
                        link: None,
                    });
                }
                *t += 1;
            }
        };
    for (idx, m) in old.iter().enumerate() {
        flush(m.s, &mut t, ms, &mut pending);
        if acronym_at[m.s..m.e].iter().any(Option::is_some) {
            continue;
        }
        new_index[idx] = ms.len();
        ms.push(m.clone());
        t = t.max(m.e);
    }
    flush(toks.len(), &mut t, ms, &mut pending);
    for m in ms.iter_mut() {
        m.link = m.link.map(|l| new_index[l]).filter(|&l| l != usize::MAX);
    }
    for (pos, long) in pending {
        ms[pos].link = Some(new_index[long]).filter(|&l| l != usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::names::m;
    use crate::tokens::tokenize;

    #[test]
    fn an_acronym_in_parentheses_is_its_long_form_if_the_letters_can_fit() {
        let org = EntityKind::Organization;
        // Foreign long forms keep their own letters.
        let toks =
            tokenize("the Kurdistan Workers Party ( PKK ) and a Member of Parliament ( MP ) .");
        let mut ms = vec![m(1, 4, org), m(11, 12, org)];
        acronyms(&toks, &mut ms);
        let pkk = Mention {
            link: Some(0),
            ..m(5, 6, org)
        };
        assert_eq!(ms, vec![m(1, 4, org), pkk, m(11, 12, org)]);
    }
}
