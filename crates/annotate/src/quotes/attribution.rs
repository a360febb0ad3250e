//! Attribution of a quoted stretch: the cue and speaker before it (`X said, “…”`,
//! `X said: “…”`, `X told reporters: “…”`), after it (`“…,” said X.`, `“…” X roared.`),
//! a colon introduction with no verb (`From Chairwoman Y: “…”`), or a cue earlier
//! in the clause that makes the quote a fragment of reported speech (mixed).
//! Windows are bounded to a few tokens around the marks.

use super::cues;
use super::speakers::{self, Np};
use crate::doc::{Sentences, Tk, Tok};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Attr {
    /// A speech verb at token `cue`, with its subject when found.
    Cue {
        cue: usize,
        cue_end: usize,
        np: Option<Np>,
        after: bool,
    },
    /// `Name: “…”` with no verb; the colon is the cue.
    Colon {
        colon: usize,
        np: Np,
    },
    /// The quote sits inside a clause governed by the cue: a mixed quote.
    Embedded {
        cue: usize,
    },
    None,
}

const MAX_AFTER: usize = 20;
const MAX_BEFORE: usize = 40;

fn is_stop(t: &Tok) -> bool {
    t.kind == Tk::Para
        || t.kind == Tk::QuoteMark
        || matches!(t.lower.as_str(), "." | "!" | "?" | ";")
}

fn speech(t: &Tok) -> bool {
    t.is_word() && cues::is_speech_verb(&t.lower)
}

/// `“…,” said X` / `“…,” X said` / `“…” X, a spokesman, said.`
pub(crate) fn after(toks: &[Tok], close: usize) -> Option<Attr> {
    let mut k = close + 1;
    let mut skipped = 0;
    while k < toks.len()
        && skipped < 2
        && matches!(toks[k].lower.as_str(), "," | "—" | "–" | "-" | "--")
    {
        k += 1;
        skipped += 1;
    }
    let mut hi = k;
    while hi < toks.len() && hi - k < MAX_AFTER {
        // `“…,” Margaret “Peggy” Olsen said`: a nickname's marks stop nothing.
        if let Some(c) = super::marks::nickname_close(toks, hi) {
            hi = c + 1;
            continue;
        }
        // `Rep. Jo Roe (D-Ore.) said`, `Sen. Jo Roe, R-Ky., said`: an
        // abbreviation's dot before `)` or `,` ends no sentence.
        let abbrev_dot =
            toks[hi].is(".") && toks.get(hi + 1).is_some_and(|t| t.is(")") || t.is(","));
        if is_stop(&toks[hi]) && !abbrev_dot {
            break;
        }
        hi += 1;
    }
    if k >= hi {
        return None;
    }
    // `“… girls.” Cruz says, “That is …”`: after a finished sentence, an
    // attribution ending in a comma or colon introduces the next quote instead.
    let finished = close > 0 && matches!(toks[close - 1].lower.as_str(), "." | "!" | "?");
    if finished
        && hi < toks.len()
        && toks[hi].kind == Tk::QuoteMark
        && hi > k
        && matches!(toks[hi - 1].lower.as_str(), "," | ":")
    {
        return None;
    }
    if toks[k].is("according") && toks.get(k + 1).is_some_and(|t| t.is("to")) {
        let np = speakers::according_source(toks, k + 1, hi);
        return Some(Attr::Cue {
            cue: k,
            cue_end: k + 2,
            np,
            after: true,
        });
    }
    // `“…,” adding, “…”`: a participle reports what follows it.
    if speech(&toks[k]) && toks[k].lower.ends_with("ing") {
        return None;
    }
    if speech(&toks[k]) {
        let np = speakers::subject_right(toks, k, hi);
        return Some(Attr::Cue {
            cue: k,
            cue_end: k + 1,
            np,
            after: true,
        });
    }
    // `“…,” Jo Roe, the chairman for the county, said …`: a name, an
    // apposition between commas, then the verb.
    if let Some(np) = k
        .checked_sub(1)
        .and_then(|p| speakers::subject_right(toks, p, hi))
        .filter(|n| n.kind == speakers::NpKind::Name && n.start == k)
    {
        if toks.get(np.end).is_some_and(|t| t.is(",")) {
            let c = (np.end + 2..hi).find(|&c| {
                speech(&toks[c]) && toks[c - 1].is(",") && !toks[c].lower.ends_with("ing")
            });
            let clean = |c: usize| {
                toks[np.end + 1..c - 1]
                    .iter()
                    .all(|t| t.kind != Tk::QuoteMark && !speech(t))
            };
            if let Some(c) = c.filter(|&c| clean(c)) {
                return Some(Attr::Cue {
                    cue: c,
                    cue_end: c + 1,
                    np: Some(np),
                    after: true,
                });
            }
        }
    }
    // `“…,” the county press secretary, Jo Roe, said`: a role phrase, then
    // the name between commas, then the verb; the name speaks.
    if let Some(a) = role_then_name(toks, k, hi) {
        return Some(a);
    }
    // `“…,” the former state governor said`: a determiner phrase, then the verb.
    if speakers::is_determiner(&toks[k].lower) && !toks[k].cap {
        if let Some(c) = (k + 2..hi.min(k + 7)).find(|&c| speech(&toks[c])) {
            if toks[k + 1..c]
                .iter()
                .all(|t| t.is_word() && !PHRASE_ENDS.contains(&t.lower.as_str()))
            {
                return Some(Attr::Cue {
                    cue: c,
                    cue_end: c + 1,
                    np: Some(Np {
                        start: k,
                        end: c,
                        kind: speakers::NpKind::Common,
                    }),
                    after: true,
                });
            }
        }
    }
    for c in k + 1..hi {
        if speech(&toks[c]) {
            let np = speakers::subject_left(toks, c, k)?;
            // `“… identity.” Cruz says he is not …`: a new sentence reporting
            // something else, not this quote's attribution.
            // (`he tweeted during the half.` reports nothing more.)
            let reports_more = toks
                .get(c + 1)
                .is_some_and(|t| t.is_word() && !super::indirect::is_adverbial_start(&t.lower))
                && !addressee_only(toks, c);
            if finished && reports_more {
                return None;
            }
            // `“…,” union leader Jo Roe said`, `“…,” Senate minority leader
            // Jo Roe said`: a role (lower-case words, perhaps after a
            // capitalized body) before the name.
            let role = &toks[k..np.start];
            let role_before = role.iter().all(|t| {
                t.is_word()
                    && !matches!(
                        t.lower.as_str(),
                        "and" | "or" | "but" | "as" | "while" | "when"
                    )
                    && cues::cue_class(&t.lower).is_none()
            }) && (role.last().is_some_and(|t| !t.cap)
                // `former US Secretary of State Jo Roe said`: an office
                // named in capitals, with its title word.
                || role.iter().any(speakers::is_role_word))
                && np.start - k <= 6
                && np.kind == speakers::NpKind::Name;
            if np.start == k || role_before {
                return Some(Attr::Cue {
                    cue: c,
                    cue_end: c + 1,
                    np: Some(np),
                    after: true,
                });
            }
            // `“…,” Jo Roe from Acme said`, `Jo Roe of the agency said`: the
            // name before the affiliation speaks.
            let first = k
                .checked_sub(1)
                .and_then(|p| speakers::subject_right(toks, p, np.start))
                .filter(|n| n.kind == speakers::NpKind::Name && n.start == k);
            let affiliated = first.is_some_and(|n| {
                let mut a = n.end;
                if toks
                    .get(a)
                    .is_some_and(|t| t.is("of") || t.is("from") || t.is("at"))
                {
                    a += 1;
                    if toks.get(a).is_some_and(|t| t.is("the")) {
                        a += 1;
                    }
                }
                a > n.end && a == np.start
            });
            if affiliated {
                return Some(Attr::Cue {
                    cue: c,
                    cue_end: c + 1,
                    np: first,
                    after: true,
                });
            }
            return None;
        }
    }
    None
}

/// `“…?” Roe told reporters.`, `Roe asked the crowd in Salem.`: the verb at
/// `c` takes only an addressee (and perhaps an adjunct), no reported clause.
fn addressee_only(toks: &[Tok], c: usize) -> bool {
    if !cues::takes_addressee(&toks[c].lower) {
        return false;
    }
    let adjunct = |t: &Tok| {
        matches!(
            t.lower.as_str(),
            "in" | "on" | "at" | "during" | "after" | "before" | "via" | "last" | "this"
        )
    };
    for (n, t) in toks[c + 1..].iter().enumerate().take(7) {
        let end = t.kind == Tk::Para || matches!(t.lower.as_str(), "." | "!" | "?" | ";");
        if end || adjunct(t) {
            return n > 0;
        }
        let clause = !t.is_word()
            || matches!(
                t.lower.as_str(),
                "that" | "he" | "she" | "they" | "it" | "we" | "i" | "to" | "about" | "of"
            )
            || speech(t);
        if clause {
            return false;
        }
    }
    false
}

/// `the press secretary, Jo Roe, said` / `another aide, Jo Roe, recalled` from
/// token `k`: a lower-case determiner phrase of a few words, a name between
/// commas, a speech verb.
fn role_then_name(toks: &[Tok], k: usize, hi: usize) -> Option<Attr> {
    if !speakers::is_determiner(&toks[k].lower) || toks[k].cap {
        return None;
    }
    let comma = (k + 2..hi.min(k + 8)).find(|&c| toks[c].is(","))?;
    let phrase_ok = toks[k + 1..comma]
        .iter()
        .all(|t| t.is_word() && !speech(t) && !PHRASE_ENDS.contains(&t.lower.as_str()));
    if !phrase_ok || !toks.get(comma + 1).is_some_and(speakers::name_word) {
        return None;
    }
    let mut e = comma + 1;
    while e < hi && speakers::name_word(&toks[e]) {
        e += 1;
    }
    let verb = e + 1;
    let ok = e < hi
        && toks[e].is(",")
        && toks
            .get(verb)
            .is_some_and(|t| speech(t) && !t.lower.ends_with("ing"))
        && verb < hi;
    ok.then_some(Attr::Cue {
        cue: verb,
        cue_end: verb + 1,
        np: Some(Np {
            start: comma + 1,
            end: e,
            kind: speakers::NpKind::Name,
        }),
        after: true,
    })
}

/// Attribution in the clause before the opening mark at `open`.
pub(crate) fn before(toks: &[Tok], sents: &Sentences, open: usize) -> Attr {
    // `Cruz continued:` ending one paragraph introduces the quote opening the next.
    let open = if open >= 2 && toks[open - 1].kind == Tk::Para && toks[open - 2].is(":") {
        open - 1
    } else {
        open
    };
    let Some(&sid) = sents.of_tok.get(open) else {
        return Attr::None;
    };
    let lo = sents.ranges[sid].0.max(open.saturating_sub(MAX_BEFORE));
    if open <= lo {
        return Attr::None;
    }
    let mut j = open;
    let mut punct = None;
    while j > lo
        && matches!(toks[j - 1].lower.as_str(), "," | ":" | "—" | "–" | "that")
        && open - j < 2
    {
        if toks[j - 1].kind == Tk::Punct {
            punct = Some(j - 1);
        }
        j -= 1;
    }
    let introduced = j < open;
    if j > lo && speech(&toks[j - 1]) {
        let cue = j - 1;
        let np = quoted_as_saying(toks, lo, cue)
            .or_else(|| participle_subject(toks, lo, cue))
            .or_else(|| speakers::subject_left(toks, cue, lo))
            .or_else(|| sentence_subject(toks, lo, cue))
            .or_else(|| fronted_participle_subject(toks, lo, cue, open));
        return Attr::Cue {
            cue,
            cue_end: cue + 1,
            np,
            after: false,
        };
    }
    if let Some(p) = punct {
        // `X told reporters: “`, `X said in a statement: “`, `X shared a message, “`.
        let floor = lo.max(j.saturating_sub(10));
        let mut c = j;
        while c > floor {
            c -= 1;
            let t = &toks[c];
            if t.kind == Tk::QuoteMark
                || t.kind == Tk::Para
                || t.is(",") && c + 1 < j && !toks[p].is(",")
            {
                break;
            }
            if speech(t) {
                // `…, but told the crowd: “`: the phrase after an addressee
                // verb is the hearer; the clause's subject speaks.
                let np = participle_subject(toks, lo, c)
                    .or_else(|| speakers::subject_left(toks, c, lo))
                    .or_else(|| {
                        if cues::takes_addressee(&t.lower) {
                            sentence_subject(toks, lo, c)
                        } else {
                            speakers::subject_right(toks, c, j)
                        }
                    });
                return Attr::Cue {
                    cue: c,
                    cue_end: c + 1,
                    np,
                    after: false,
                };
            }
        }
        if toks[p].is(":") {
            // `From Chairwoman Y: “…”`: the last name before the colon.
            let mut k = j;
            while k > lo {
                if let Some(np) =
                    speakers::subject_left(toks, k, lo).filter(|n| n.kind == speakers::NpKind::Name)
                {
                    // `…, commenting on the occasion of the Games: “…”`: the
                    // object of a preposition is no speaker; the subject is.
                    if speakers::after_preposition(toks, np) {
                        if let Some(subj) = sentence_subject(toks, lo, np.start)
                            .filter(|n| n.kind == speakers::NpKind::Name)
                        {
                            return Attr::Colon { colon: p, np: subj };
                        }
                        break;
                    }
                    return Attr::Colon { colon: p, np };
                }
                k -= 1;
                if j - k > 6 {
                    break;
                }
            }
            // `Jo Roe also spoke of the gap among female candidates: “…”`: a
            // sentence whose subject is a person's name introduces the quote.
            if let Some(subj) = sentence_subject(toks, lo, j)
                .filter(|n| n.kind == speakers::NpKind::Name && speakers::is_person_name(toks, *n))
            {
                if toks[subj.end..j].iter().any(|t| t.is_word() && !t.cap) {
                    return Attr::Colon { colon: p, np: subj };
                }
            }
        }
    }
    if !introduced {
        for c in (lo..open).rev() {
            // `…”, Roe continued. “B”`: a finished sentence embeds nothing.
            if toks[c].kind == Tk::QuoteMark || matches!(toks[c].lower.as_str(), "." | "!" | "?") {
                break;
            }
            if speech(&toks[c]) || toks[c].is("according") {
                return Attr::Embedded { cue: c };
            }
        }
    }
    Attr::None
}

/// `Saying “…”, Jo Roe added …`: a participle opening the sentence has the
/// subject of the main clause after the quote (the subject of its first speech
/// verb, or its first name).
fn fronted_participle_subject(toks: &[Tok], lo: usize, cue: usize, open: usize) -> Option<Np> {
    if cue != lo || !toks[cue].lower.ends_with("ing") {
        return None;
    }
    let close = (open + 1..toks.len().min(open + 80)).find(|&k| toks[k].kind == Tk::QuoteMark)?;
    let mut k = close + 1;
    while k < toks.len() && k < close + 30 {
        let t = &toks[k];
        if t.kind == Tk::Para || matches!(t.lower.as_str(), "." | "!" | "?") {
            return None;
        }
        if speech(t) {
            return speakers::subject_left(toks, k, close + 1).filter(|n| {
                n.kind == speakers::NpKind::Name || n.kind == speakers::NpKind::Pronoun
            });
        }
        k += 1;
    }
    None
}

/// `Roe, for her part, quoted a pilot, commenting: “…”`: a participle cue after
/// a comma has the sentence's subject, not the noun phrase before the comma.
fn participle_subject(toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    // `…,” later adding, “…”`: one lower-case word (an adverb) may stand
    // before the participle.
    let adverb = |t: &Tok| {
        t.is_word()
            && !t.cap
            && !speakers::is_determiner(&t.lower)
            && speakers::subject_pronoun(&t.lower).is_none()
            && cues::cue_class(&t.lower).is_none()
    };
    let mut at = cue;
    if at > lo + 1 && adverb(&toks[at - 1]) {
        at -= 1;
    }
    let after_comma = at > lo
        && (toks[at - 1].is(",")
            || at > lo + 1 && toks[at - 1].kind == Tk::QuoteMark && toks[at - 2].is(","));
    if !(toks[cue].lower.ends_with("ing") && after_comma) {
        return None;
    }
    // Right after a closing mark, the participle continues the attribution
    // of that quote; the sentence may have started inside it.
    if toks[at - 1].kind == Tk::QuoteMark {
        if let Some(np) = previous_attribution_subject(toks, at) {
            return Some(np);
        }
    }
    clause_subject(toks, lo, cue).or_else(|| previous_attribution_subject(toks, at))
}

/// `Reuters quoted Jo Roe, the port director, as saying …`: the one quoted
/// (the phrase after `quoted`/`cited`) said it, not the one quoting.
pub(crate) fn quoted_as_saying(toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    if cue < lo + 2 || !toks[cue - 1].is("as") || !toks[cue].lower.ends_with("ing") {
        return None;
    }
    let k = (lo..cue - 1).rev().take(14).find(|&k| {
        let w = toks[k].lower.as_str();
        (w.starts_with("quot") || w.starts_with("cit")) && cues::cue_class(w).is_some()
    })?;
    speakers::subject_right(toks, k, cue - 1)
}

/// `“…,” Roe said, adding: “…”`: the subject of the attribution a participle
/// at `at` continues, outside quotation marks, in its paragraph.
pub(crate) fn previous_attribution_subject(toks: &[Tok], at: usize) -> Option<Np> {
    let mut quoted = false;
    let lo = at.saturating_sub(120);
    for k in (lo..at).rev() {
        let t = &toks[k];
        if t.kind == Tk::QuoteMark {
            quoted = !quoted;
            continue;
        }
        if t.kind == Tk::Para || !quoted && matches!(t.lower.as_str(), "." | "!" | "?") {
            return None;
        }
        if !quoted && speech(t) && !t.lower.ends_with("ing") {
            let floor = (lo..k)
                .rev()
                .find(|&j| {
                    toks[j].kind == Tk::Para || matches!(toks[j].lower.as_str(), "." | "!" | "?")
                })
                .map_or(lo, |j| j + 1);
            return speakers::subject_left(toks, k, floor)
                .or_else(|| speakers::subject_right(toks, k, at));
        }
    }
    None
}

/// Words that open a fronted adverbial phrase (`During the rally,`, `When
/// the vote closed,`): the clause's subject follows its comma.
#[rustfmt::skip]
const FRONTING: &[&str] = &[
    "in", "at", "on", "during", "after", "before", "while", "when", "since", "despite",
    "following", "amid", "amidst", "without", "from", "under", "through", "throughout", "upon",
    "although", "though", "because", "once", "until", "among", "within", "outside", "inside",
    "across", "earlier", "later", "last", "late", "hours", "days", "weeks", "months", "years",
];

/// The token after a fronted adverbial phrase opening at `lo` and closed by a
/// comma before `cue`, if there is one.
fn after_fronted_phrase(toks: &[Tok], lo: usize, cue: usize) -> Option<usize> {
    let first = toks.get(lo).filter(|t| t.is_word())?;
    if !FRONTING.contains(&first.lower.as_str()) {
        return None;
    }
    let comma = (lo + 1..cue.min(lo + 16)).find(|&k| toks[k].is(","))?;
    (comma + 1 < cue).then_some(comma + 1)
}

/// Words that end a subject noun phrase: auxiliaries and function words.
#[rustfmt::skip]
const PHRASE_ENDS: &[&str] = &[
    "has", "have", "had", "is", "was", "were", "are", "will", "would", "could", "can", "may",
    "might", "should", "did", "does", "do", "also", "who", "which", "that", "and", "or", "but",
    "to", "in", "on", "at", "with", "from", "by", "as", "than", "said", "says", "not", "never",
];

/// `The former secretary of state mocked X …, noting …`: a determiner phrase
/// opening the sentence (after any fronted phrase) up to its verb, when the
/// verb can be told by its form (an auxiliary, a speech verb, `-ed`).
fn opening_phrase(toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    let from = after_fronted_phrase(toks, lo, cue).unwrap_or(lo);
    let first = toks.get(from).filter(|t| t.is_word() && from < cue)?;
    if !matches!(
        first.lower.as_str(),
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "this" | "these"
    ) {
        return None;
    }
    let mut e = from + 1;
    let mut of_seen = false;
    while e < cue && e - from <= 7 {
        let t = &toks[e];
        if !t.is_word() {
            return None;
        }
        let w = t.lower.as_str();
        if (w == "of" || w == "for") && !of_seen && e > from + 1 {
            of_seen = true;
            e += 1;
            continue;
        }
        let verb = w.len() > 4 && w.ends_with("ed") && !t.cap || cues::cue_class(w).is_some();
        if verb || PHRASE_ENDS.contains(&w) {
            break;
        }
        e += 1;
    }
    let verb_next = toks.get(e).is_some_and(|t| {
        let w = t.lower.as_str();
        t.is_word()
            && (w.len() > 4 && w.ends_with("ed") || cues::cue_class(w).is_some() || {
                matches!(
                    w,
                    "has" | "have" | "had" | "is" | "was" | "were" | "are" | "will" | "would"
                )
            })
    });
    (e > from + 1 && e < cue && verb_next && !toks[e - 1].is("of") && !toks[e - 1].is("for"))
        .then_some(Np {
            start: from,
            end: e,
            kind: speakers::NpKind::Common,
        })
}

/// The subject of the whole sentence for a cue late in it (`…, noting`,
/// `… but said`): a determiner phrase opening it, else its first name or pronoun.
pub(crate) fn clause_subject(toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    opening_phrase(toks, lo, cue).or_else(|| sentence_subject(toks, lo, cue))
}

/// The first name or pronoun of the sentence after any fronted phrase: the
/// subject of `…, saying “…”`.
pub(crate) fn sentence_subject(toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    let from = after_fronted_phrase(toks, lo, cue).unwrap_or(lo);
    for k in from..cue {
        let t = &toks[k];
        if t.kind == Tk::QuoteMark {
            return None;
        }
        if k == from && speakers::opening_participle(toks, k) {
            continue;
        }
        if t.is_word()
            && (t.cap || matches!(t.lower.as_str(), "he" | "she" | "they" | "it" | "we" | "i"))
        {
            let mut e = k + 1;
            while e < cue && toks[e].is_word() && toks[e].cap {
                e += 1;
            }
            if let Some(np) = speakers::subject_left(toks, e, lo) {
                if np.kind != speakers::NpKind::Common {
                    // `Council president Jo Roe …`: the person the body's
                    // name and a lower-case role lead up to.
                    if np.kind == speakers::NpKind::Name {
                        if let Some(person) = speakers::person_after_role(toks, np, cue) {
                            return Some(person);
                        }
                    }
                    return Some(np);
                }
            }
        }
    }
    None
}
