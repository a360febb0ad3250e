//! Reported speech: a speech verb with its subject and the clause it reports,
//! `X said (that) …`, `X told reporters …`, `… , X said.`, `according to X, …`.
//! The content runs to the end of the sentence; a sentence end inside a quoted
//! fragment does not stop it.

use super::cues::{self, CueClass};
use super::speakers::{self, Np, NpKind};
use crate::doc::{Sentences, Tk, Tok};

/// A reported-speech candidate, in token terms.
#[derive(Debug, Clone)]
pub(crate) struct Reported {
    pub cue: (usize, usize),
    pub np: Option<Np>,
    /// Content token ranges `[start, end)`, one or two (`The plan, Lee said, is bad.`).
    pub parts: Vec<(usize, usize)>,
    /// Lower bound for resolving a relative pronoun subject.
    pub lo: usize,
}

#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "earlier", "later", "recently", "previously", "repeatedly", "again",
    "once", "publicly", "privately", "also", "then", "now", "morning", "afternoon", "evening",
    "night", "week", "month", "year",
];
word_set!(in_time_words, TIME_WORDS);

#[rustfmt::skip]
const PREPS: &[&str] = &[
    "in", "on", "at", "during", "last", "this", "late", "early", "after", "before", "over", "via",
    "through", "to", "from", "while", "when", "about", "of", "with", "for",
];
word_set!(in_preps, PREPS);

/// A preposition or time word of the lists above (`during`, `on`, `Tuesday`).
pub(crate) fn is_adverbial_start(w: &str) -> bool {
    in_preps(w) || in_time_words(w) || w == "by"
}

const MIN_WORDS: usize = 3;

const QUESTION_WORDS: &[&str] = &[
    "whether", "if", "what", "why", "how", "when", "where", "who", "which", "about",
];

/// Stems of object-taking speech verbs whose object is what PolNeAR-style
/// attribution calls the content (`announced a plan`, `accused him of lying`).
const OBJECT_OK: &[&str] = &[
    "call",
    "announc",
    "report",
    "reveal",
    "confirm",
    "disclos",
    "describ",
    "criticiz",
    "criticis",
    "prais",
    "accus",
    "blam",
    "condemn",
    "denounc",
    "defend",
    "propos",
    "recommend",
    "dismiss",
    "reject",
    "cit",
    "den",
    "disput",
    "predict",
    "estimat",
    "demand",
    "urg",
    "blast",
    "slam",
    "tout",
    "hail",
    "applaud",
    "decr",
    "endors",
    "question",
    "promis",
    "pledg",
    "vow",
    "admit",
];

/// Stems of verbs whose `to`-infinitive reports a promise, threat or request.
const INFINITIVE: &[&str] = &[
    "vow", "pledg", "promis", "threat", "offer", "urg", "ask", "agre", "swor", "swear", "demand",
    "propos", "warn", "told", "tell", "call", "encourag", "invit", "challeng", "beg", "implor",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Where something was said: `said on Twitter`, `in a statement`, `in an interview`.
const CHANNELS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "television",
    "tv",
    "radio",
    "statement",
    "interview",
    "speech",
    "letter",
    "email",
    "e-mail",
    "post",
    "tweet",
    "release",
    "conference",
    "briefing",
    "video",
    "podcast",
    "op-ed",
    "blog",
    "broadcast",
    "rally",
    "debate",
    "hearing",
    "court",
];

fn is_channel(t: &Tok) -> bool {
    t.is_word() && CHANNELS.contains(&t.lower.as_str())
}

fn is_time(t: &Tok) -> bool {
    t.is_word()
        && (in_time_words(t.lower.as_str())
            || MONTHS.contains(&t.lower.as_str())
            || t.lower.starts_with(|c: char| c.is_ascii_digit()))
}

fn words_in(toks: &[Tok], s: usize, e: usize) -> usize {
    toks[s..e].iter().filter(|t| t.is_word()).count()
}

/// End of the sentence holding token `i`, carried over sentence ends inside quotes.
pub(crate) fn sentence_end(toks: &[Tok], sents: &Sentences, in_quote: &[bool], i: usize) -> usize {
    let mut sid = sents.of_tok[i];
    let mut e = sents.ranges[sid].1;
    let mut hops = 0;
    while e < toks.len() && e > 0 && in_quote[e - 1] && in_quote[e] && hops < 8 {
        sid += 1;
        match sents.ranges.get(sid) {
            Some(r) => e = r.1,
            None => break,
        }
        hops += 1;
    }
    e.min(i + MAX_SPAN)
}

/// Start of the sentence holding token `i`, at most `MAX_SPAN` tokens back.
pub(crate) fn sentence_start(sents: &Sentences, i: usize) -> usize {
    sents.ranges[sents.of_tok[i]]
        .0
        .max(i.saturating_sub(MAX_SPAN))
}

/// Bound on how far a reported clause reaches from its cue, in tokens: keeps
/// the work per cue constant when a "sentence" never ends (lists, garbage).
const MAX_SPAN: usize = 150;

/// Trims trailing punctuation (not closing quote marks) and paragraph breaks from a content range.
fn trim_end(toks: &[Tok], s: usize, mut e: usize) -> usize {
    while e > s
        && (toks[e - 1].kind == Tk::Para
            || toks[e - 1].kind == Tk::Punct
                && matches!(
                    toks[e - 1].lower.as_str(),
                    "." | "," | ";" | ":" | "!" | "?" | "—" | "–" | "-"
                ))
    {
        e -= 1;
    }
    e
}

pub(crate) fn find(
    toks: &[Tok],
    sents: &Sentences,
    in_quote: &[bool],
    used: &[bool],
    clauses_only: bool,
) -> Vec<Reported> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let t = &toks[i];
        if !t.is_word() || in_quote[i] || used[i] {
            continue;
        }
        let ss = sentence_start(sents, i);
        if t.is("according") && toks.get(i + 1).is_some_and(|n| n.is("to")) {
            if let Some(r) = according(toks, sents, in_quote, i, i + 1, ss) {
                out.push(r);
            }
            continue;
        }
        // `Per the decree, …`: `per` opening a sentence reads as `according to`.
        if t.is("per") && t.cap && i == ss && toks.get(i + 1).is_some_and(|n| n.is_word()) {
            if let Some(r) = according(toks, sents, in_quote, i, i, ss) {
                out.push(r);
            }
            continue;
        }
        let that_next = toks.get(i + 1).is_some_and(|n| n.is("that"));
        let mut weak_form = false;
        let class = match cues::cue_class(&t.lower) {
            Some(c @ (CueClass::Clause | CueClass::ThatOnly)) => c,
            // `Sanders responds that …`: a present form read as a verb before `that`.
            _ if that_next && cues::is_any_speech_form(&t.lower) => {
                weak_form = true;
                CueClass::ThatOnly
            }
            _ => continue,
        };
        // `a man claiming …` is a reduced relative, not an attribution; the
        // saying verbs are reports wherever they stand (`by saying`, `voters saying`).
        let saying = matches!(
            t.lower.as_str(),
            "saying"
                | "telling"
                | "adding"
                | "arguing"
                | "insisting"
                | "noting"
                | "warning"
                | "writing"
                | "explaining"
                | "suggesting"
                | "declaring"
        );
        if t.lower.ends_with("ing")
            && !saying
            && i > ss
            && !matches!(
                toks[i - 1].lower.as_str(),
                "," | "is" | "was" | "are" | "were" | "been" | "be" | "am"
            )
        {
            continue;
        }
        // `a far less pronounced extent`, `amongst reported incidents`: a
        // participle after a degree word, a preposition or a determiner
        // modifies a noun; it reports nothing.
        if i > ss && t.lower.ends_with("ed") {
            let p = toks[i - 1].lower.as_str();
            let degree = matches!(
                p,
                "more" | "less" | "most" | "least" | "very" | "so" | "too" | "quite" | "rather"
            );
            let before_noun = matches!(
                p,
                "among" | "amongst" | "of" | "the" | "a" | "an" | "its" | "their" | "his" | "her"
            );
            if degree || before_noun {
                continue;
            }
        }
        // `Trump's reported net worth`, `the workers' stated aim`: after a
        // possessive the form is an adjective or a noun (`he's said` is a verb).
        // `Lee's claim that …` is a report all the same.
        if i > ss && is_possessive(&toks[i - 1]) && !that_next {
            continue;
        }
        // `might be claimed by …`: the passive subject is not the speaker.
        let passive = i > ss
            && matches!(
                toks[i - 1].lower.as_str(),
                "be" | "been" | "being" | "is" | "was" | "were" | "are"
            )
            && (t.lower.ends_with("ed") || t.is("told"));
        let se = sentence_end(toks, sents, in_quote, i);
        let participle = t.lower.ends_with("ing") && i > ss && (toks[i - 1].is(",") || saying);
        // `…, said X.` (verb before subject) vs `X, a teacher, told ABC that …`.
        let inverted = i > ss
            && class == CueClass::Clause
            && toks[i - 1].is(",")
            && speakers::subject_right(toks, i, se).is_some_and(|n| {
                toks.get(n.end).is_none_or(|t| {
                    t.kind == Tk::Para || matches!(t.lower.as_str(), "." | "," | "!" | "?" | ";")
                })
            });
        // `X spoke about Y in Tulsa, arguing …`: the participle's subject is the
        // sentence's, not the noun phrase before the comma.
        let quoted = super::attribution::quoted_as_saying(toks, ss, i);
        let mut np = if inverted {
            None
        } else if quoted.is_some() {
            quoted
        } else if participle && toks[i - 1].is(",") {
            super::attribution::clause_subject(toks, ss, i)
                .or_else(|| speakers::subject_left(toks, i, ss))
        } else {
            speakers::subject_left(toks, i, ss)
        };
        // `Acme released a statement saying …`: the document's issuer, the
        // clause's subject, speaks.
        if let Some(d) = np.filter(|d| {
            saying
                && d.kind == NpKind::Common
                && d.start > ss
                && !toks[d.start].is("the")
                && speakers::is_document_noun(&toks[d.end - 1].lower)
        }) {
            if let Some(s) = super::attribution::clause_subject(toks, ss, d.start)
                .filter(|s| s.end < d.start && s.kind != NpKind::Relative)
            {
                np = Some(s);
            }
        }
        // `“…,” Roe said, adding that …`: the participle continues the
        // attribution before it, whose subject it shares.
        if np.is_none() && participle && toks[i - 1].is(",") {
            np = (ss..i - 1)
                .rev()
                .take(12)
                .find(|&k| {
                    toks[k].is_word() && !in_quote[k] && cues::is_speech_verb(&toks[k].lower)
                })
                .and_then(|k| {
                    speakers::subject_left(toks, k, ss)
                        .or_else(|| speakers::subject_right(toks, k, i - 1))
                });
        }
        let coordinated = i > ss + 1 && matches!(toks[i - 1].lower.as_str(), "and" | "but");
        if np.is_none() && (participle || coordinated) {
            np = super::attribution::clause_subject(toks, ss, i);
        }
        // `59 percent of voters said …`: `say` and `tell` need no parsed subject;
        // the words before the verb stand as the mention.
        let say_like = matches!(
            t.lower.as_str(),
            "say" | "says" | "said" | "tell" | "tells" | "told"
        );
        if np.is_none() && !inverted && say_like && !passive {
            np = speakers::fallback_subject(toks, i, ss);
        }
        // `…, said an official who was briefed on it.`, `…, said Democratic
        // strategist Jo Roe.`: a subject after the verb too long for the
        // inverted reading above, still no clause of its own.
        if !inverted
            && np.is_none()
            && say_like
            && !that_next
            && i > ss + 1
            && toks[i - 1].is(",")
            && is_apposition(toks, i + 1, trim_end(toks, i + 1, se))
        {
            let left = (ss, trim_end(toks, ss, i - 1));
            let quoted = (left.0..left.1)
                .filter(|&k| toks[k].is_word())
                .all(|k| in_quote[k]);
            if left.1 > left.0 && !quoted && words_in(toks, left.0, left.1) > MIN_WORDS {
                out.push(Reported {
                    cue: (i, i + 1),
                    np: trailing_subject(toks, i, se),
                    parts: vec![left],
                    lo: ss,
                });
            }
            continue;
        }
        // `X said (that) …`
        let question = t.lower.starts_with("ask")
            && toks
                .get(i + 1)
                .is_some_and(|n| QUESTION_WORDS.contains(&n.lower.as_str()));
        if (!passive || question)
            && (np.is_some() || question || (that_next || say_like && !inverted) && !weak_form)
        {
            if let Some((cs, ce)) = right_content(toks, i, se, class, clauses_only) {
                out.push(Reported {
                    cue: (i, i + 1),
                    np,
                    parts: vec![(cs, ce)],
                    lo: ss,
                });
                continue;
            }
        }
        // `…, X said.` / `…, said X.` / `The plan, X said, is bad.` (never
        // `…, adding`: a participle reports what follows it).
        if participle {
            continue;
        }
        let (np2, attr_start, attr_end) = match np {
            Some(np) if np.kind != NpKind::Relative => (Some(np), np.start, i + 1),
            None => match speakers::subject_right(toks, i, se) {
                Some(n) => (Some(n), i, n.end),
                None => continue,
            },
            Some(_) => continue,
        };
        let comma_before = |k: usize| {
            k > ss + 1
                && (toks[k - 1].is(",") || toks[k - 1].kind == Tk::QuoteMark && toks[k - 2].is(","))
        };
        if !comma_before(attr_start) {
            continue;
        }
        let left = (ss, trim_end(toks, ss, attr_start - 1));
        // `Then, last week, Eric called.`: too short, or a verb that means "phoned".
        if left.1 <= left.0 || passive || t.lower.starts_with("call") {
            continue;
        }
        // A fully quoted sentence is a direct quote, found elsewhere.
        if toks[left.0..left.1]
            .iter()
            .filter(|t| t.is_word())
            .all(|_| true)
            && (left.0..left.1)
                .filter(|&k| toks[k].is_word())
                .all(|k| in_quote[k])
        {
            continue;
        }
        let mut k = attr_end;
        // Allow a short tail: `on Tuesday`, `in a statement`.
        let mut tail = 0;
        while k < se
            && tail < 8
            && !toks[k].is(",")
            && toks[k].kind != Tk::QuoteMark
            && !matches!(toks[k].lower.as_str(), "." | "!" | "?")
        {
            k += 1;
            tail += 1;
        }
        // The tail is adverbial (`in a statement`, `Tuesday`), not an object.
        if tail > 0
            && !(in_preps(toks[attr_end].lower.as_str())
                || is_time(&toks[attr_end])
                || toks[attr_end].is("by")
                || cues::takes_addressee(&t.lower))
        {
            continue;
        }
        let mut parts = vec![left];
        if k < se && toks[k].is(",") {
            let rest = (k + 1, trim_end(toks, k + 1, se));
            if rest.0 >= se || toks[rest.0].kind == Tk::QuoteMark {
                continue;
            }
            let new_attr = toks[rest.0].lower.ends_with("ing")
                || toks[rest.0].is("according")
                || toks[rest.0].is("who")
                || toks[rest.0].is("which");
            // `…, said Jo Roe, a lawyer in Ohio.`: the phrase after the
            // speaker describes the speaker; it reports nothing.
            let apposition = attr_start == i && is_apposition(toks, rest.0, rest.1);
            if rest.1 > rest.0 && !new_attr && !apposition && tail == 0 {
                let rest = (
                    rest.0,
                    trim_end(toks, rest.0, content_end(toks, rest.0, se)),
                );
                if rest.1 > rest.0 {
                    parts.push(rest);
                }
            }
        } else if k < se
            && !matches!(toks[k].lower.as_str(), "." | "!" | "?")
            && toks[k].kind != Tk::QuoteMark
        {
            continue;
        }
        if parts
            .iter()
            .map(|&(s, e)| words_in(toks, s, e))
            .sum::<usize>()
            < MIN_WORDS + 1
        {
            continue;
        }
        out.push(Reported {
            cue: (i, i + 1),
            np: np2,
            parts,
            lo: ss,
        });
    }
    out
}

/// The subject after the verb at `i`: the last name before a relative
/// pronoun or comma (`said Democratic strategist Jo Roe`, `said Ed Lee, who
/// chairs …`), else the phrase the inverted reading finds.
fn trailing_subject(toks: &[Tok], i: usize, se: usize) -> Option<Np> {
    let stop = (i + 1..se)
        .find(|&k| {
            toks[k].kind != Tk::Word || matches!(toks[k].lower.as_str(), "who" | "which" | "whose")
        })
        .unwrap_or(se);
    let mut s = stop;
    while s > i + 1 && speakers::name_word(&toks[s - 1]) {
        s -= 1;
    }
    if s < stop && stop - s <= 4 {
        // The role before the name stays in the mention (`Green Party
        // councillor Nora Blake`); resolution keeps it apart from the name.
        let start = if stop - (i + 1) <= 6 { i + 1 } else { s };
        return Some(Np {
            start,
            end: stop,
            kind: NpKind::Name,
        });
    }
    speakers::subject_right(toks, i, se)
}

/// `per figures released by the Acme Institute,`: the agent that put out the
/// document the source phrase names (word `to` ends `according to`/`per`).
fn agent_of_source(toks: &[Tok], to: usize, se: usize) -> Option<Np> {
    let by = (to + 2..se.min(to + 10))
        .take_while(|&k| toks[k].is_word())
        .find(|&k| toks[k].is("by"))?;
    let mut s = by + 1;
    if toks.get(s).is_some_and(|t| t.is("the")) {
        s += 1;
    }
    let mut e = s;
    while e < se && e - s < 6 && speakers::name_word(&toks[e]) {
        e += 1;
    }
    (e > s).then_some(Np {
        start: s,
        end: e,
        kind: NpKind::Name,
    })
}

/// A possessive word (`Trump's`, `workers'`), not a pronoun's contraction (`he's`).
fn is_possessive(t: &Tok) -> bool {
    let w = t.lower.as_str();
    t.is_word()
        && (w.len() > 2 && w.ends_with("s'")
            || w.strip_suffix("'s").is_some_and(|stem| {
                !stem.is_empty()
                    && !matches!(
                        stem,
                        "he" | "she" | "it" | "that" | "who" | "what" | "there" | "here" | "where"
                    )
            }))
}

/// Whether `[s, e)`, the words after an inverted attribution `…, said X,`,
/// describe X (`a lawyer in Ohio`, `its president`) rather than continue the
/// report (`is bad`): no verb before a relative pronoun.
fn is_apposition(toks: &[Tok], s: usize, e: usize) -> bool {
    let Some(first) = toks.get(s).filter(|t| t.is_word()) else {
        return false;
    };
    if speakers::subject_pronoun(&first.lower).is_some() {
        return false;
    }
    for t in &toks[s..e.min(toks.len())] {
        let w = t.lower.as_str();
        // A relative clause inside the description (`a lawyer who worked …`) may hold verbs.
        if matches!(w, "who" | "whose" | "which" | "that" | "whom") {
            return true;
        }
        let verb = FINITE.contains(&w) || w.ends_with("n't") || w.ends_with("ed") && w.len() > 4;
        if t.kind == Tk::Punct && !matches!(w, "," | "(" | ")" | "-" | "–")
            || t.kind == Tk::QuoteMark
            || t.is_word() && !t.cap && verb
        {
            return false;
        }
    }
    true
}

/// Auxiliaries and modals: a clause, not a description, holds one.
#[rustfmt::skip]
const FINITE: &[&str] = &[
    "is", "was", "were", "are", "am", "be", "been", "being", "has", "have", "had", "will", "would",
    "can", "could", "may", "might", "should", "must", "shall", "does", "did", "do",
];

/// The reported clause after the cue at `i`, if the verb takes one here.
fn right_content(
    toks: &[Tok],
    i: usize,
    se: usize,
    class: CueClass,
    clauses_only: bool,
) -> Option<(usize, usize)> {
    let mut r = i + 1;
    // Addressee: `told reporters`, `told the BBC`, `told him`.
    if cues::takes_addressee(&toks[i].lower) && r < se && toks[r].is_word() && !toks[r].is("that") {
        let mut k = r;
        if matches!(
            toks[k].lower.as_str(),
            "him"
                | "her"
                | "them"
                | "us"
                | "me"
                | "you"
                | "reporters"
                | "journalists"
                | "supporters"
                | "voters"
                | "listeners"
                | "viewers"
                | "lawmakers"
                | "congress"
        ) {
            k += 1;
        } else {
            let mut n = 0;
            if matches!(
                toks[k].lower.as_str(),
                "the" | "a" | "an" | "his" | "her" | "their"
            ) {
                k += 1;
            }
            while k < se
                && n < 4
                && toks[k].is_word()
                && (toks[k].cap
                    || !matches!(
                        toks[k].lower.as_str(),
                        "that" | "he" | "she" | "they" | "it" | "i" | "we"
                    ))
            {
                if !toks[k].cap && n > 0 && !toks[k - 1].cap {
                    break;
                }
                k += 1;
                n += 1;
            }
        }
        // `told a joke.`: nothing follows, so it was the object, not the addressee.
        let ends = k >= se
            || toks[k].kind == Tk::Para
            || matches!(toks[k].lower.as_str(), "." | "," | ";" | "!" | "?");
        if ends
            && !toks[r].cap
            && !matches!(
                toks[r].lower.as_str(),
                "him" | "her" | "them" | "us" | "me" | "you" | "reporters" | "journalists"
            )
        {
            let e = trim_end(toks, r, k);
            return (e > r).then_some((r, e));
        }
        r = k;
    }
    // `pointed out that`, `fired back that`; `called for a ban`, `called on X to …`.
    if r < se && matches!(toks[r].lower.as_str(), "out" | "back") {
        r += 1;
    }
    let lemma_call = toks[i].lower.starts_with("call");
    if lemma_call && r < se && matches!(toks[r].lower.as_str(), "for" | "on") {
        let e = trim_end(toks, r + 1, content_end(toks, r + 1, se));
        return (e > r + 1 && words_in(toks, r + 1, e) >= 2).then_some((r + 1, e));
    }
    // `vowed to fight on`, `urged them to vote`: the infinitive reports the promise or request.
    if r < se && toks[r].is("to") && INFINITIVE.iter().any(|l| toks[i].lower.starts_with(l)) {
        let e = trim_end(toks, r, content_end(toks, r, se));
        return (e > r && words_in(toks, r, e) >= MIN_WORDS).then_some((r, e));
    }
    // Time and manner: `said Tuesday`, `said in a statement that`, `said on Twitter that`.
    let mut k = r;
    while k < se && k - r < 3 && toks[k].is_word() && in_time_words(toks[k].lower.as_str()) {
        k += 1;
    }
    r = k;
    if r < se && toks[r].is(",") && toks.get(r + 1).is_some_and(|t| t.is_word()) {
        // `said, per a translator, that …`; otherwise a comma ends the attribution.
        let mut k = r + 1;
        while k < se && k - r < 8 && !toks[k].is(",") {
            k += 1;
        }
        if k + 1 < se && toks[k].is(",") && toks[k + 1].is("that") {
            r = k + 1;
        } else {
            return None;
        }
    }
    // `claimed this is a ploy`: `this` opens the clause unless a time word
    // follows (`said this week that …`).
    let demonstrative = r < se
        && matches!(toks[r].lower.as_str(), "this" | "last")
        && !toks
            .get(r + 1)
            .is_some_and(|n| in_time_words(n.lower.as_str()) || is_time(n));
    if r < se && in_preps(toks[r].lower.as_str()) && !demonstrative {
        let mut k = r + 1;
        while k < se
            && k - r < 10
            && !toks[k].is("that")
            && !matches!(toks[k].lower.as_str(), "," | "." | ";" | ":" | "!" | "?")
            && toks[k].kind != Tk::Para
        {
            k += 1;
        }
        if k < se && toks[k].is("that") {
            r = k;
        } else if matches!(
            toks[r].lower.as_str(),
            "on" | "in" | "at" | "last" | "this" | "late" | "early" | "during"
        ) {
            // `said on Friday he met …`: a short time phrase, then the clause.
            let mut k = r + 1;
            while k < se
                && k - r <= 3
                && toks[k].is_word()
                && !is_time(&toks[k])
                && !is_channel(&toks[k])
            {
                k += 1;
            }
            if k < se && k - r <= 3 && (is_time(&toks[k]) || is_channel(&toks[k])) {
                r = k + 1;
                // `noted on Monday, the fatalities were …`
                if r + 1 < se && toks[r].is(",") && toks[r + 1].is_word() {
                    r += 1;
                }
            } else {
                return None;
            }
        } else {
            return None;
        }
    }
    // `asked (them) whether …`, `asked about …`: the question is the content.
    let lower = toks[i].lower.as_str();
    if lower.starts_with("ask") || lower.starts_with("wonder") || lower.starts_with("question") {
        let w = toks.get(r).filter(|_| r < se)?;
        if QUESTION_WORDS.contains(&w.lower.as_str()) {
            let e = trim_end(toks, r, content_end(toks, r, se));
            return (e > r && words_in(toks, r, e) >= 2).then_some((r, e));
        }
    }
    let that = r < se && toks[r].is("that");
    if that {
        r += 1;
    }
    // Verbs that report by naming what was said: `announced his resignation`.
    let object_ok = OBJECT_OK.iter().any(|l| lower.starts_with(l));
    if class == CueClass::ThatOnly && !that && !object_ok {
        return None;
    }
    let first = toks.get(r).filter(|_| r < se)?;
    // A quotation right after the verb is a direct quote, attributed elsewhere.
    if first.kind == Tk::QuoteMark || first.kind == Tk::Punct && !first.is("(") {
        return None;
    }
    if !that
        && (in_preps(first.lower.as_str()) && !demonstrative
            || first.is("by")
            || matches!(
                first.lower.as_str(),
                "so" | "and" | "but" | "or" | "goodbye" | "hello" | "yes" | "thanks" | "sorry"
            ))
    {
        return None;
    }
    let e = trim_end(toks, r, content_end(toks, r, se));
    if clauses_only && !that && class == CueClass::ThatOnly && noun_phrase_object(toks, r, e) {
        return None;
    }
    (e > r && words_in(toks, r, e) >= MIN_WORDS).then_some((r, e))
}

/// `announced a new law for …`, `criticized the decision`: the words after
/// the verb hold no verb of their own up to a clause break, so they are its
/// object, not a reported clause (`announced troops would leave`).
fn noun_phrase_object(toks: &[Tok], s: usize, e: usize) -> bool {
    for t in &toks[s..e] {
        let w = t.lower.as_str();
        if t.kind == Tk::Punct && matches!(w, "," | ";" | "—" | "–" | ":" | "(") {
            break;
        }
        if FINITE.contains(&w)
            || w.ends_with("n't")
            || speakers::subject_pronoun(w) == Some(NpKind::Pronoun)
        {
            return false;
        }
    }
    true
}

/// A lower-case `-ing` word opening a phrase after a comma (`, meaning`,
/// `, following`), not a preposition spelt like one.
fn participial_adjunct(t: &Tok) -> bool {
    t.is_word()
        && !t.cap
        && t.lower.len() > 5
        && t.lower.ends_with("ing")
        && !matches!(
            t.lower.as_str(),
            "including" | "excluding" | "regarding" | "concerning" | "during" | "notwithstanding"
        )
}

/// Where a reported clause stops before the sentence end: a dash or semicolon,
/// a new attribution (`, saying`, `, he said`), or `, and he …` (a new clause).
fn content_end(toks: &[Tok], r: usize, se: usize) -> usize {
    let mut k = r;
    let mut in_q = false;
    while k < se {
        let t = &toks[k];
        if t.kind == Tk::QuoteMark {
            // `… “was maniacal,” adding, “…”`: a new report starts after the mark.
            if in_q
                && k > r + 1
                && toks.get(k + 1).is_some_and(|n| {
                    n.is_word() && n.lower.ends_with("ing") && cues::is_speech_verb(&n.lower)
                })
            {
                return k + 1;
            }
            in_q = !in_q;
        } else if !in_q && k > r + 1 {
            if matches!(t.lower.as_str(), "—" | "–" | "--" | ";") || t.is("(") {
                return k;
            }
            // `… and insisted that …`, `… before claiming …`: a second report starts.
            if t.is_word() && cues::is_speech_verb(&t.lower) && k > r + 2 {
                let p = &toks[k - 1];
                if matches!(
                    p.lower.as_str(),
                    "and" | "but" | "before" | "after" | "while" | "then"
                ) {
                    return k - 1;
                }
                if matches!(p.lower.as_str(), "he" | "she" | "they" | "also")
                    && matches!(toks[k - 2].lower.as_str(), "and" | "but")
                {
                    return k - 2;
                }
            }
            // `She said she has no plans and would not …`: a second verb of the subject.
            if matches!(t.lower.as_str(), "and" | "but")
                && k > r + 2
                && toks.get(k + 1).is_some_and(|n| {
                    matches!(
                        n.lower.as_str(),
                        "would"
                            | "will"
                            | "could"
                            | "did"
                            | "does"
                            | "declined"
                            | "refused"
                            | "added"
                    )
                })
            {
                return k;
            }
            // `… he would not run and Weld has decided to run`: a new subject
            // with its own verb starts a clause of the writer's.
            if matches!(t.lower.as_str(), "and" | "but") && k > r + 2 {
                if let Some(np) = speakers::subject_right(toks, k, se)
                    .filter(|n| n.kind == NpKind::Name && n.end - n.start <= 4)
                {
                    if toks.get(np.end).is_some_and(|v| {
                        matches!(
                            v.lower.as_str(),
                            "has" | "have" | "had" | "is" | "was" | "were" | "are" | "will"
                        ) || v.is_word() && cues::is_speech_verb(&v.lower)
                    }) {
                        return k;
                    }
                }
            }
            if t.is(":")
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.kind == Tk::QuoteMark || n.kind == Tk::Para)
            {
                return k;
            }
            if t.is(",") {
                if let Some(n) = toks.get(k + 1).filter(|_| k + 1 < se) {
                    if n.is_word() && (cues::is_speech_verb(&n.lower) || n.is("according")) {
                        return k;
                    }
                    // `…, although he tweeted …`, `…, despite reports …`: a
                    // concessive clause is the writer's counterpoint.
                    if matches!(
                        n.lower.as_str(),
                        "although" | "though" | "despite" | "whereas"
                    ) || n.is("even") && toks.get(k + 2).is_some_and(|m| m.is("though"))
                    {
                        return k;
                    }
                    // `…, which raised concerns …`: a non-restrictive relative
                    // clause comments on the report from outside it.
                    if n.is("which") {
                        return k;
                    }
                    // `…, and other leaders said …`: a second attribution.
                    if matches!(n.lower.as_str(), "and" | "but") {
                        let tail = (k + 2..se.min(k + 8))
                            .take_while(|&m| toks[m].is_word() && !toks[m].is("that"));
                        if tail
                            .clone()
                            .skip(1)
                            .any(|m| cues::is_speech_verb(&toks[m].lower))
                        {
                            return k;
                        }
                    }
                    // `…, meaning the UK would leave`: a participial adjunct is
                    // the writer's gloss, not the report (`including` is a preposition).
                    if participial_adjunct(n) {
                        return k;
                    }
                    if matches!(n.lower.as_str(), "and" | "but")
                        && toks.get(k + 2).is_some_and(|m| {
                            matches!(m.lower.as_str(), "he" | "she" | "they" | "i" | "we")
                        })
                    {
                        return k;
                    }
                    // `…, he said.` / `…, Lee added`
                    if let Some(np) = speakers::subject_right(toks, k, se) {
                        if toks
                            .get(np.end)
                            .is_some_and(|v| v.is_word() && cues::is_speech_verb(&v.lower))
                            && np.end - np.start <= 4
                        {
                            return k;
                        }
                    }
                }
            }
        }
        k += 1;
    }
    se
}

/// `According to X, …` and `…, according to X.` (`to` is the token before X:
/// `to`, or `Per` itself in `Per X, …`).
fn according(
    toks: &[Tok],
    sents: &Sentences,
    in_quote: &[bool],
    i: usize,
    to: usize,
    ss: usize,
) -> Option<Reported> {
    let se = sentence_end(toks, sents, in_quote, i);
    // `according to officials`, `according to firefighters at the scene`.
    let np = speakers::according_source(toks, to, se)
        .or_else(|| agent_of_source(toks, to, se))
        .or_else(|| {
            let s = to + 1;
            let mut e = s;
            while e < se
                && e - s < 5
                && toks[e].is_word()
                && !matches!(
                    toks[e].lower.as_str(),
                    "that" | "and" | "but" | "who" | "which"
                )
            {
                e += 1;
            }
            (e > s).then_some(Np {
                start: s,
                end: e,
                kind: NpKind::Common,
            })
        });
    let np_end = np.map_or(to + 1, |n| n.end);
    let mut k = np_end;
    while k < se
        && k - np_end < 8
        && !toks[k].is(",")
        && !matches!(toks[k].lower.as_str(), "." | "!" | "?")
    {
        k += 1;
    }
    let parts = if i == ss || i == ss + 1 && !toks[ss].is_word() {
        if k >= se || !toks[k].is(",") {
            return None;
        }
        // `According to X, A, meaning B.`: the clause ends where narration resumes.
        let end = (k + 3..se)
            .find(|&j| toks[j - 1].is(",") && !in_quote[j] && participial_adjunct(&toks[j]))
            .map_or(se, |j| j - 1);
        vec![(k + 1, trim_end(toks, k + 1, end))]
    } else if toks[i - 1].is(",") {
        let left = (ss, trim_end(toks, ss, i - 1));
        let rest = (k + 1, trim_end(toks, k + 1, se));
        // `…, according to Jo Roe, a pollster.`: the description is no report.
        if k < se && toks[k].is(",") && !is_apposition(toks, rest.0, rest.1) {
            vec![left, rest]
        } else {
            vec![left]
        }
    } else {
        return None;
    };
    let words: usize = parts
        .iter()
        .map(|&(s, e)| if e > s { words_in(toks, s, e) } else { 0 })
        .sum();
    if parts.iter().any(|&(s, e)| e <= s) || words < MIN_WORDS {
        return None;
    }
    // `According to NNA, the prosecutor said …`: the content has its own
    // attribution, which is the quote; the according-to source only relayed it.
    let nested = parts.iter().any(|&(s, e)| {
        (s..e).any(|k| {
            !in_quote.get(k).copied().unwrap_or(false)
                && toks[k].is_word()
                && !toks[k].cap
                && matches!(
                    toks[k].lower.as_str(),
                    "said" | "says" | "say" | "told" | "tells" | "stated" | "states"
                )
                && speakers::subject_left(toks, k, s).is_some()
        })
    });
    if nested {
        return None;
    }
    Some(Reported {
        cue: (i, to + 1),
        np,
        parts,
        lo: ss,
    })
}
