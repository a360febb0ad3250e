//! Who speaks: noun phrases around a cue (names, pronouns, `the ministry`), the
//! article's register of names (so `Torrealba` resolves to `Francisco Torrealba`),
//! titles and roles kept apart from names, and pronouns resolved to the most recent
//! compatible person. All look-ups are bounded windows or hash maps.

use rustc_hash::FxHashMap;

use super::cues;
use super::marks::nickname_close;
use crate::doc::{Sentences, Tk, Tok};
use crate::types::{Entity, EntityKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NpKind {
    Name,
    Pronoun,
    Relative,
    Common,
}

/// A noun phrase as a token range `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Np {
    pub start: usize,
    pub end: usize,
    pub kind: NpKind,
}

pub(crate) use crate::lexicon::Gender;
use crate::lexicon::{
    self, DOCUMENT_NOUNS, FEMALE_TITLES, MALE_TITLES, ORG_TYPE_NOUNS, PLACE_HEAD_NOUNS,
    POST_NOMINALS, TITLES,
};

word_set!(in_titles, TITLES);
word_set!(in_org_types, ORG_TYPE_NOUNS);
word_set!(in_post_nominals, POST_NOMINALS);
word_set!(in_document_nouns, DOCUMENT_NOUNS);
word_set!(in_place_heads, PLACE_HEAD_NOUNS);

/// Words that make a capitalized phrase an organization (or a place), not a person.
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "ministry", "commission", "assembly", "federation", "party", "committee", "department",
    "university", "college", "school", "news", "post", "times", "journal", "inc", "corp",
    "corporation", "company", "association", "union", "council", "court", "senate", "house",
    "congress", "bank", "network", "campaign", "institute", "foundation", "agency", "office",
    "group", "organization", "organisation", "administration", "government", "army", "navy",
    "force", "forces", "police", "service", "services", "board", "center", "centre", "club",
    "league", "republic", "kingdom", "states", "nations", "press", "tribune", "herald", "magazine",
    "review", "channel", "tv", "radio", "fund", "trust", "bureau", "authority", "coalition",
    "alliance", "movement", "front", "society", "class", "workers", "county", "city", "street",
    "avenue", "america", "world", "state", "airlines", "motors", "reuters", "cnn", "msnbc", "nbc",
    "abc", "cbs", "bbc", "politico", "breitbart", "twitter", "facebook", "google", "ap", "afp",
    "capitol", "pentagon", "kremlin", "nato", "un", "eu", "fbi", "cia", "gop", "democrats",
    "republicans", "revolution", "act", "bill", "plan", "program", "programme", "project", "report",
    "debate", "convention", "primary", "caucus", "caucuses", "election", "museum", "hospital",
    "airport", "station", "square", "northern", "southern", "eastern", "western", "central",
    "national", "international", "federal", "united", "supreme",
];
word_set!(in_org_words, ORG_WORDS);

/// Capitalized words that are not names when they open a sentence or a run.
#[rustfmt::skip]
const CAP_STOP: &[&str] = &[
    "the", "a", "an", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "to", "of", "by",
    "with", "from", "as", "after", "before", "when", "while", "if", "though", "although", "because",
    "since", "until", "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its",
    "our", "my", "your", "this", "that", "these", "those", "there", "here", "what", "who", "why",
    "how", "where", "which", "then", "now", "still", "also", "however", "meanwhile", "yes", "no",
    "not", "many", "some", "most", "all", "one", "two", "both", "each", "every", "according",
    "during", "despite", "like", "unlike", "asked", "even", "just", "only", "over", "under",
    "about", "among", "against", "between", "into", "through", "instead", "indeed", "perhaps",
    "maybe", "already", "again", "today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "rep",
    "sen", "gov", "former", "said", "says", "more", "less", "other", "another", "such", "much",
    "very", "well", "let", "do", "does", "did", "is", "was", "are", "were", "be", "been", "have",
    "has", "had", "will", "would", "can", "could", "should", "must", "might", "please", "thank",
    "thanks", "oh", "ok", "okay", "never", "always", "first", "last", "next",
    // Hesitation and interjections of transcribed speech (`Uh I was called`).
    "uh", "um", "er", "erm", "ah", "hmm", "yeah", "hey",
];
word_set!(in_cap_stop, CAP_STOP);

#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "al", "el", "dos",
    "das", "du", "ibn",
];
word_set!(in_particles, PARTICLES);

#[rustfmt::skip]
const AUX: &[&str] = &[
    "has", "have", "had", "also", "later", "previously", "then", "again", "once", "recently",
    "often", "long", "would", "will", "could", "can", "may", "might", "should", "did", "does", "do",
    "is", "was", "were", "are", "been", "be", "not", "never", "still", "just", "first", "further",
    "even", "already", "quickly", "frequently", "ultimately", "reportedly", "told", "separately",
    "similarly", "too", "earlier", "subsequently", "last", "repeatedly", "always", "initially",
    "finally", "now", "all",
];
word_set!(in_aux, AUX);

#[rustfmt::skip]
const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "some", "many", "several",
    "most", "other", "both", "two", "three", "four", "five", "few", "one", "another", "this",
    "these", "those", "each", "every", "no", "all", "any", "such", "senior", "top",
];
word_set!(in_dets, DETS);

/// Lower-case words that never end (or sit inside) a speaker noun phrase.
#[rustfmt::skip]
const NOT_NOUN: &[&str] = &[
    "and", "or", "but", "that", "which", "who", "to", "in", "on", "at", "for", "with", "from", "by",
    "of", "as", "than", "it", "he", "she", "they", "we", "i", "you", "is", "was", "are", "were",
    "be", "been", "has", "have", "had", "not", "there", "what", "when", "where", "how", "why", "if",
    "so", "because", "about", "also", "just", "this", "into", "over", "after", "before", "while",
    "since", "until", "would", "will", "could", "can", "may", "might", "should", "do", "does",
    "did", "out", "up", "him", "them", "me", "us", "then", "said", "says", "here", "now", "later",
    "once", "well", "like",
];
word_set!(in_not_noun, NOT_NOUN);

#[rustfmt::skip]
pub(crate) const ROLE_NOUNS: &[&str] = &[
    "president", "chair", "chairman", "chairwoman", "chairperson", "leader", "deputy", "spokesman",
    "spokeswoman", "spokesperson", "secretary", "director", "minister", "senator", "governor",
    "official", "head", "chief", "founder", "member", "manager", "adviser", "advisor", "strategist",
    "representative", "ambassador", "professor", "analyst", "mayor", "candidate", "nominee",
    "executive", "ceo", "commissioner", "editor", "reporter", "correspondent", "coordinator",
    "organizer", "activist", "lawyer", "attorney", "judge", "economist", "expert", "researcher",
    "scientist", "author", "writer", "host", "anchor", "chancellor", "premier", "speaker",
    "congressman", "congresswoman", "lawmaker", "aide", "general", "commander", "officer",
    "captain", "coach", "pastor", "bishop", "rabbi", "treasurer", "vice-president", "co-founder",
    "owner", "partner", "fellow", "dean", "historian", "columnist", "pollster", "consultant",
    "operative", "delegate",
];
word_set!(in_role_nouns, ROLE_NOUNS);

#[derive(Debug, Clone)]
pub(crate) struct Canon {
    pub name: String,
    pub gender: Gender,
    pub role: Option<String>,
    pub role_rank: u8,
    /// Lower-case words of every title and role the article gives this person,
    /// so that `the mayor` finds the person introduced as `Mayor Jo Roe`.
    pub role_words: Vec<String>,
    pub org: bool,
}

/// The names an article mentions, in text order.
#[derive(Debug, Default)]
pub(crate) struct Register {
    pub canon: Vec<Canon>,
    by_full: FxHashMap<String, usize>,
    by_last: FxHashMap<String, usize>,
    /// Every person of a surname key, in the order the article introduces them.
    namesakes: FxHashMap<String, Vec<usize>>,
    /// First words of multi-word person names that are no common first name
    /// (`Tuilaepa` of `Tuilaepa Sailele Malielegaoi`), `None` when two share one.
    by_first: FxHashMap<String, Option<usize>>,
    /// (token index, canon id) of person mentions, sorted by token.
    persons: Vec<(usize, usize)>,
    /// (token index, canon id) of organization mentions, sorted by token.
    orgs: Vec<(usize, usize)>,
    /// Person mentions outside quotation marks: what he and she can point back to.
    antecedents: Vec<(usize, usize)>,
    /// (token index, gender) of `he` and `she` outside quotation marks, sorted.
    pronouns: Vec<(usize, Gender)>,
    /// Mentions the entity tagger found, `(start, end, kind)` in code points, sorted.
    tagged: Vec<(usize, usize, EntityKind)>,
    /// Sentence index of every token.
    sent_of: Vec<usize>,
    /// Whether each token is inside quotation marks.
    quoted: Vec<bool>,
}

fn is_title(t: &Tok) -> bool {
    in_titles(t.lower.as_str())
}

/// Words that tell two holders of one role apart (`former`, `acting`).
fn is_role_qualifier(w: &str) -> bool {
    matches!(
        w,
        "former" | "current" | "acting" | "interim" | "deputy" | "vice" | "assistant"
    )
}

/// A document noun (`statement`, `report`, `tweet`).
pub(crate) fn is_document_noun(w: &str) -> bool {
    in_document_nouns(w)
}

/// A title or role noun (`Secretary`, `Mayor`, `spokesman`).
pub(crate) fn is_role_word(t: &Tok) -> bool {
    is_title(t) || in_role_nouns(t.lower.as_str())
}

pub(crate) fn name_word(t: &Tok) -> bool {
    t.kind == Tk::Word && t.cap && !contraction(&t.lower)
}

/// Title words at the start of a name run: `Professor Alexis Corredor` → 1.
fn title_len(toks: &[Tok], s: usize, e: usize) -> usize {
    // `Railway Manager Aparna Garg`: capitalized words up to the last role noun
    // before the final name words are the role.
    if e >= s + 3 {
        if let Some(r) = (s..e - 1)
            .rev()
            .find(|&k| toks[k].cap && (in_role_nouns(toks[k].lower.as_str()) || is_title(&toks[k])))
        {
            if toks[r + 1..e].iter().all(|t| t.cap) {
                return r + 1 - s;
            }
        }
    }
    let mut k = s;
    while k + 1 < e && is_title(&toks[k]) {
        k += 1;
        // `Secretary of State John Kerry`: the office belongs to the title.
        if k > s && k + 3 < e + 1 && toks[k].is("of") && k + 2 < e && toks[k + 1].cap {
            k += 2;
        }
    }
    k - s
}

/// A country, state or region name: such a word before a first name is part of
/// a role (`Montana Governor`), not the start of the person's name.
fn is_place_word(chars: &[char], t: &Tok) -> bool {
    use crate::entities::gazetteer::{locations, GazKind};
    let w: String = chars[t.start.min(chars.len())..t.end.min(chars.len())]
        .iter()
        .collect();
    locations()
        .find(&[w.as_str()])
        .first()
        .is_some_and(|&(_, _, k)| k != GazKind::City)
}

pub(crate) fn possessive(t: &Tok) -> bool {
    t.lower.ends_with("'s") || t.lower.ends_with("’s")
}

/// The person's name inside a capitalized run `[s, e)`: titles and roles before
/// it (`NASA Administrator Jim Roe`, `Acme's Jim Roe`), an affiliation after it
/// (`Jim Roe of Acme`) and honours (`Jim Roe QC`) left out. The name starts at a
/// known first name when capitalized words that are no first name precede it.
///
/// `tagged_person(a, b)`: whether the tagger read code points `[a, b)` as one
/// person's name; an unknown first name before a known one it includes stays
/// (`Architect Zaha Mohammad Hadid` is `Zaha Mohammad Hadid`, not `Mohammad Hadid`).
fn name_core(
    chars: &[char],
    toks: &[Tok],
    s: usize,
    e: usize,
    tagged_person: &dyn Fn(usize, usize) -> bool,
) -> (usize, usize) {
    let mut ns = s + title_len(toks, s, e);
    let mut ne = e;
    let first = |t: &Tok| {
        t.cap && !is_title(t) && !possessive(t) && lexicon::first_name(t.lower.as_str()).is_some()
    };
    // `Jim Roe of Acme`: a first name, a surname, then the body they belong to.
    if let Some(o) = (ns + 2..ne.saturating_sub(1)).find(|&k| toks[k].is("of")) {
        if first(&toks[ns])
            && toks[ns..o].iter().all(|t| t.cap && !is_title(t))
            && !toks[ns..o]
                .iter()
                .any(|t| in_org_words(last_key(t).as_str()))
        {
            ne = o;
        }
    }
    while ne >= ns + 3 && in_post_nominals(toks[ne - 1].lower.as_str()) {
        ne -= 1;
    }
    if ne >= ns + 3 {
        let lo = ns.max(ne.saturating_sub(4));
        let cands: Vec<usize> = (lo..ne - 1)
            .filter(|&f| {
                first(&toks[f])
                    && toks[f + 1..ne].iter().all(|t| {
                        t.cap && !is_title(t) && !in_org_words(last_key(t).as_str())
                            || in_particles(t.lower.as_str())
                    })
            })
            .collect();
        let pick = cands
            .iter()
            .copied()
            .find(|&f| Some(&f) == cands.last() || !is_place_word(chars, &toks[f]));
        if let Some(f) = pick.filter(|&f| f > ns) {
            // Only when what precedes is a role: no first name, and not itself
            // part of an organization's name that ends in a first name.
            let titled = toks[ns..f]
                .iter()
                .any(|t| is_title(t) || in_role_nouns(t.lower.as_str()));
            let prefix_is_role = toks[ns..f]
                .iter()
                .all(|t| !first(t) || is_place_word(chars, t))
                && (titled || !in_org_words(toks[f - 1].lower.as_str()) || f >= ne - 2);
            if prefix_is_role || possessive(&toks[f - 1]) {
                // Where the tagger starts the person's name, when that is
                // before the known first name and after any title or role.
                let tagged_from = (ns..f).find(|&k| {
                    toks[k..f].iter().all(|t| {
                        t.cap && !is_title(t) && !possessive(t) && !in_role_nouns(t.lower.as_str())
                    }) && tagged_person(toks[k].start, toks[ne - 1].end)
                });
                ns = tagged_from.unwrap_or(f);
            }
        }
    } else if ne == ns + 2 && possessive(&toks[ns]) {
        ns += 1;
    }
    // `Geologist Maren Holt`: an occupation the role list lacks, before a
    // name the tagger found without it, is a role too (not so in the name
    // of a body or a building, which the tagger may misread).
    if ne >= ns + 3
        && !first(&toks[ns])
        && !in_particles(toks[ns].lower.as_str())
        && !toks[ns..ne]
            .iter()
            .any(|t| is_body_word(last_key(t).as_str()))
        && !in_place_heads(toks[ne - 1].lower.as_str())
        && tagged_person(toks[ns + 1].start, toks[ne - 1].end)
        && !tagged_person(toks[ns].start, toks[ne - 1].end)
    {
        ns += 1;
    }
    (ns, ne)
}

pub(crate) fn text_of(chars: &[char], toks: &[Tok], s: usize, e: usize) -> String {
    if s >= e || e > toks.len() {
        return String::new();
    }
    let (a, b) = (toks[s].start, toks[e - 1].end.min(chars.len()));
    chars[a.min(b)..b].iter().collect()
}

/// Name text with a possessive `'s` and a nickname in marks dropped.
fn name_text(chars: &[char], toks: &[Tok], s: usize, e: usize) -> String {
    if let Some((o, c)) = (s..e).find_map(|o| nickname_close(toks, o).map(|c| (o, c))) {
        if o > s && c + 1 < e {
            return format!(
                "{} {}",
                text_of(chars, toks, s, o),
                name_text(chars, toks, c + 1, e)
            );
        }
    }
    let t = text_of(chars, toks, s, e);
    t.strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .map(str::to_string)
        .unwrap_or(t)
}

/// A name word as a look-up key: possessive dropped, diacritics folded
/// (`Erdogan` finds `Erdoğan`).
fn last_key(t: &Tok) -> String {
    let w = t.lower.trim_end_matches("'s").trim_end_matches("’s");
    if w.is_ascii() {
        w.to_string()
    } else {
        crate::entities::normalize_name(EntityKind::Misc, w)
    }
}

impl Register {
    pub(crate) fn build(
        chars: &[char],
        toks: &[Tok],
        sents: &Sentences,
        in_quote: &[bool],
        entities: &[Entity],
    ) -> Register {
        let mut tagged: Vec<(usize, usize, EntityKind)> = entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (m.start, m.end, e.kind)))
            .collect();
        tagged.sort_unstable_by_key(|&(s, e, _)| (s, e));
        let mut r = Register {
            tagged,
            sent_of: sents.of_tok.clone(),
            quoted: in_quote.to_vec(),
            ..Register::default()
        };
        let mut singles: Vec<(usize, usize)> = Vec::new();
        for &(ss, se) in &sents.ranges {
            let mut i = ss;
            while i < se {
                if !name_word(&toks[i]) {
                    i += 1;
                    continue;
                }
                // A maximal run of capitalized words, particles and `of`/`and` between them.
                let s = i;
                let mut e = i + 1;
                while e < se {
                    let t = &toks[e];
                    if name_word(t) && toks[e - 1].end + 1 >= t.start {
                        e += 1;
                    } else if t.is_word()
                        && (in_particles(t.lower.as_str())
                            || t.is("of")
                            || t.is("and")
                            || t.is("for"))
                        && toks.get(e + 1).is_some_and(name_word)
                        && e + 1 < se
                    {
                        e += 2;
                    } else if in_particles(t.lower.as_str())
                        && e + 2 < se
                        && in_particles(toks[e + 1].lower.as_str())
                        && name_word(&toks[e + 2])
                    {
                        // `Anna van den Berg`, `Juan de la Cruz`
                        e += 3;
                    } else if let Some(c) = nickname_close(toks, e).filter(|&c| c + 1 < se) {
                        // `Roberto “Bobby” Diaz`: the name runs on past the nickname.
                        e = c + 2;
                    } else {
                        break;
                    }
                }
                i = e;
                // Sentence-opening function words and stop words are not part of a name.
                let mut s2 = s;
                while s2 < e
                    && (in_cap_stop(toks[s2].lower.as_str()) || s2 == ss && opener(&toks[s2]))
                    && !toks[s2].abbrev
                    || s2 < e
                        && toks[s2].lower.len() > 1
                        && s2 == ss
                        && cues::is_speech_verb(&toks[s2].lower)
                {
                    s2 += 1;
                }
                // Titles such as Mr. are in CAP_STOP but belong to the run.
                let mut s3 = s2;
                while s3 > s && is_title(&toks[s3 - 1]) {
                    s3 -= 1;
                }
                let s = s3;
                if s >= e {
                    continue;
                }
                // `Jo Roe and Al Poe`: two people, where an organization's name
                // (`Centers for Disease Control and Prevention`) stays whole.
                let mut from = s;
                for a in s + 1..e.saturating_sub(1) {
                    let first = |t: &Tok| {
                        t.cap && !is_title(t) && lexicon::first_name(t.lower.as_str()).is_some()
                    };
                    let person_before = (from..a).any(|k| first(&toks[k]) && k + 1 < a);
                    // `… and Dr Valeria Gazzola`: titles before the second name.
                    let mut b = a + 1;
                    while b + 1 < e && is_title(&toks[b]) {
                        b += 1;
                    }
                    let person_after = b + 1 < e && first(&toks[b]) && toks[b + 1].cap;
                    if toks[a].is("and") && person_before && person_after {
                        r.add_run(chars, toks, sents, from, a, &mut singles);
                        from = a + 1;
                    }
                }
                r.add_run(chars, toks, sents, from, e, &mut singles);
            }
        }
        // `Rosselló` for `Ricardo Rosselló Nevares`: inner words of a person's
        // name that are no first name also stand for it.
        for id in 0..r.canon.len() {
            if r.canon[id].org {
                continue;
            }
            let words: Vec<String> = r.canon[id]
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            if words.len() >= 3 {
                for w in &words[1..words.len() - 1] {
                    if lexicon::first_name(w).is_none() && !in_particles(w) && w.len() > 2 {
                        let key = if w.is_ascii() {
                            w.clone()
                        } else {
                            crate::entities::normalize_name(EntityKind::Misc, w)
                        };
                        r.by_last.entry(key).or_insert(id);
                    }
                }
            }
        }
        // Second pass: lone surnames (or uncommon first words) of people met
        // anywhere in the article.
        for (id, c) in r.canon.iter().enumerate() {
            let mut words = c.name.split_whitespace();
            if let (Some(first), Some(_)) = (words.next(), words.next()) {
                let key = first.to_lowercase();
                if c.org || lexicon::first_name(&key).is_some() {
                    continue;
                }
                r.by_first
                    .entry(key)
                    .and_modify(|v| {
                        if *v != Some(id) {
                            *v = None
                        }
                    })
                    .or_insert(Some(id));
            }
        }
        for (tok, _) in singles {
            if let Some(&id) = r.by_last.get(&last_key(&toks[tok])) {
                if !r.canon[id].org {
                    r.persons.push((tok, id));
                }
            } else if let Some(&Some(id)) = r.by_first.get(&last_key(&toks[tok])) {
                r.persons.push((tok, id));
            } else if subject_of_speech(toks, tok) && !opener(&toks[tok]) {
                let name = name_text(chars, toks, tok, tok + 1);
                let id = r.intern(&name, Gender::Unknown, false, &toks[tok]);
                r.persons.push((tok, id));
            }
        }
        r.persons.sort_unstable();
        r.orgs.sort_unstable();
        r.pronouns = toks
            .iter()
            .enumerate()
            .filter(|&(t, _)| !in_quote.get(t).copied().unwrap_or(false))
            .filter_map(|(t, w)| match w.lower.as_str() {
                "he" => Some((t, Gender::Male)),
                "she" => Some((t, Gender::Female)),
                _ => None,
            })
            .collect();
        // `he` and `she` point back to people, not to a place: one the tagger
        // found, or a name ending in a place noun (`Harbour Bridge`).
        let antecedents: Vec<(usize, usize)> = r
            .persons
            .iter()
            .copied()
            .filter(|&(t, _)| !in_quote.get(t).copied().unwrap_or(false))
            .filter(|&(t, id)| {
                // `Helen Park` is a person: a first name comes first.
                let name = r.canon[id].name.to_lowercase();
                let mut words = name.split(' ');
                let first = words.next().unwrap_or("");
                let place_name = words.next_back().is_some_and(in_place_heads)
                    && lexicon::first_name(first).is_none();
                !place_name
                    && r.tagged_kind(toks[t].start, toks[t].end) != Some(EntityKind::Location)
            })
            .collect();
        r.antecedents = antecedents;
        r
    }

    /// Whether the tagger found a person's mention that is exactly code points `[s, e)`.
    fn tagged_person(&self, s: usize, e: usize) -> bool {
        let i = self.tagged.partition_point(|&(ms, _, _)| ms < s);
        self.tagged[i..]
            .iter()
            .take_while(|&&(ms, _, _)| ms == s)
            .any(|&(_, me, k)| me == e && k == EntityKind::Person)
    }

    /// The tagger's kind for a mention overlapping code points `[s, e)`.
    pub(crate) fn tagged_kind(&self, s: usize, e: usize) -> Option<EntityKind> {
        let i = self.tagged.partition_point(|&(_, me, _)| me <= s);
        self.tagged
            .get(i)
            .filter(|&&(ms, _, _)| ms < e)
            .map(|&(_, _, k)| k)
    }

    fn intern(&mut self, name: &str, gender: Gender, org: bool, last: &Tok) -> usize {
        let key = name.to_lowercase();
        if let Some(&id) = self.by_full.get(&key) {
            if self.canon[id].gender == Gender::Unknown {
                self.canon[id].gender = gender;
            }
            return id;
        }
        let id = self.canon.len();
        self.canon.push(Canon {
            name: name.to_string(),
            gender,
            role: None,
            role_rank: 0,
            role_words: Vec::new(),
            org,
        });
        self.by_full.insert(key, id);
        if !org {
            let key = last_key(last);
            self.by_last.entry(key.clone()).or_insert(id);
            self.namesakes.entry(key).or_default().push(id);
        }
        id
    }

    /// The person a surname key names, with the titles written before it: of
    /// two people who share the surname, the one the title agrees with
    /// (`Senator Wells` after `Governor Dana Wells` and `Senator Tom Wells`
    /// is the senator; `Mrs. Wells` a woman), else the first introduced.
    fn by_surname(&self, key: &str, titles: &[Tok]) -> Option<usize> {
        let first = self.by_last.get(key).copied()?;
        let Some(all) = self.namesakes.get(key).filter(|v| v.len() > 1) else {
            return Some(first);
        };
        let words: Vec<&str> = titles
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.lower.trim_end_matches('.'))
            .collect();
        let by_role = all.iter().copied().find(|&id| {
            words
                .iter()
                .any(|w| self.canon[id].role_words.iter().any(|r| r == w))
        });
        if by_role.is_some() {
            return by_role;
        }
        let gender = if titles
            .iter()
            .any(|t| FEMALE_TITLES.contains(&t.lower.as_str()))
        {
            Gender::Female
        } else if titles
            .iter()
            .any(|t| MALE_TITLES.contains(&t.lower.as_str()))
        {
            Gender::Male
        } else {
            return Some(first);
        };
        all.iter()
            .copied()
            .find(|&id| self.canon[id].gender == gender)
            .or(Some(first))
    }

    fn add_run(
        &mut self,
        chars: &[char],
        toks: &[Tok],
        sents: &Sentences,
        s: usize,
        e: usize,
        singles: &mut Vec<(usize, usize)>,
    ) {
        let run_end = e;
        let (ns, e) = name_core(chars, toks, s, e, &|a, b| self.tagged_person(a, b));
        let (tl, titles) = (ns - s, &toks[s..ns]);
        let words = &toks[ns..e];
        let lowers: Vec<&str> = words.iter().map(|t| t.lower.as_str()).collect();
        // Of a name around a nickname the tagger may have tagged the first
        // word apart (`Roberto` “Bobby” `Diaz`): the surname's kind counts.
        let nick = (ns..e).any(|o| nickname_close(toks, o).is_some());
        let from = if nick { e - 1 } else { ns };
        let tagged = self.tagged_kind(toks[from].start, toks[e - 1].end);
        // `The Beacon reported`: a name after `the` that speaks is a body (a
        // paper, a court), whatever kind the tagger gave it; `it` can point back to it.
        let body_after_the =
            tl == 0 && ns > 0 && toks[ns - 1].is("the") && subject_of_speech(toks, e - 1);
        // Places and things (`Harbour Bridge`, `Portugal`) are never people,
        // unless a title says so (`Mr. Washington`).
        if tl == 0
            && (tagged == Some(EntityKind::Location)
                || tagged == Some(EntityKind::Misc) && !body_after_the)
        {
            return;
        }
        let org = body_after_the
            || tagged == Some(EntityKind::Organization) && tl == 0
            || lowers
                .iter()
                .any(|w| in_org_words(w.trim_end_matches("'s")))
            || words.len() == 1
                && tl == 0
                && words[0].lower.len() >= 2
                && is_all_caps(chars, &words[0]);
        let mut gender = Gender::Unknown;
        if titles
            .iter()
            .any(|t| FEMALE_TITLES.contains(&t.lower.as_str()))
        {
            gender = Gender::Female;
        } else if titles
            .iter()
            .any(|t| MALE_TITLES.contains(&t.lower.as_str()))
        {
            gender = Gender::Male;
        } else if words.len() > 1 {
            gender = lexicon::first_name(lowers[0]).unwrap_or(Gender::Unknown);
        }
        let name = name_text(chars, toks, ns, e);
        if org {
            let id = self.intern(&name, Gender::Unknown, true, &toks[e - 1]);
            self.orgs.push((ns, id));
            // `Acme, a mining company,` / `the drugmaker Acme`: what the article
            // calls the body, so that `the company said` finds it.
            for w in body_descriptions(toks, s, run_end) {
                let c = &mut self.canon[id];
                if !c.role_words.contains(&w) {
                    c.role_words.push(w);
                }
            }
            return;
        }
        if words.len() == 1 && tl == 0 {
            singles.push((ns, 0));
            return;
        }
        // A fuller form of a known surname upgrades that person's name.
        let key = last_key(&toks[e - 1]);
        let known = if words.len() == 1 {
            self.by_surname(&key, titles)
        } else {
            self.by_last.get(&key).copied()
        };
        let id = match known {
            Some(id) if !self.canon[id].name.contains(' ') && words.len() > 1 => {
                self.canon[id].name = name.clone();
                self.by_full.insert(name.to_lowercase(), id);
                if gender != Gender::Unknown {
                    self.canon[id].gender = gender;
                }
                id
            }
            Some(id) if words.len() == 1 => {
                if gender != Gender::Unknown && self.canon[id].gender == Gender::Unknown {
                    self.canon[id].gender = gender;
                }
                id
            }
            _ => self.intern(&name, gender, false, &toks[e - 1]),
        };
        self.persons.push((ns, id));
        // `Bobby said` after `Roberto “Bobby” Diaz`: the nickname names the person.
        if let Some(o) = (ns..e).find(|&o| nickname_close(toks, o).is_some()) {
            for t in toks[o + 1..].iter().take_while(|t| t.is_word()) {
                self.by_first.insert(last_key(t), Some(id));
            }
        }
        // `by archbishop Jo Roe`: a lower-case word right before the name is
        // a role word `the archbishop` can find later.
        let after_det = s >= 2 && in_dets(toks[s - 2].lower.as_str());
        if let Some(p) = s.checked_sub(1).map(|k| &toks[k]).filter(|_| !after_det) {
            let w = p.lower.as_str();
            if p.is_word()
                && !is_voice_noun(w)
                && !p.cap
                && w.chars().count() > 2
                && w.chars().all(char::is_alphabetic)
                && !in_not_noun(w)
                && !in_dets(w)
                && !in_cap_stop(w)
                && cues::cue_class(w).is_none()
            {
                let c = &mut self.canon[id];
                if !c.role_words.iter().any(|x| x == w) {
                    c.role_words.push(w.to_string());
                }
                // `Former president Jo Roe`: the qualifier before the role too.
                if let Some(q) = s.checked_sub(2).map(|k| toks[k].lower.as_str()) {
                    if is_role_qualifier(q) && !c.role_words.iter().any(|x| x == q) {
                        c.role_words.push(q.to_string());
                    }
                }
            }
        }
        // `Jo Roe, 44, …` is `the 44-year-old` later; `Jo Roe, a Democrat,`
        // is `the Democrat`.
        if toks.get(run_end).is_some_and(|t| t.is(",")) {
            let a = run_end + 1;
            let closes = |k: usize| {
                toks.get(k)
                    .is_none_or(|t| t.is(",") || t.is(".") || t.kind == Tk::Para)
            };
            let age = toks.get(a).filter(|t| {
                t.lower.len() <= 3 && t.lower.chars().all(|c| c.is_ascii_digit()) && closes(a + 1)
            });
            let article = toks.get(a).is_some_and(|t| t.is("a") || t.is("an"));
            let noun = toks
                .get(a + 1)
                .filter(|t| article && t.is_word() && t.cap && !possessive(t) && closes(a + 2));
            let word = age
                .map(|t| format!("{}-year-old", t.lower))
                .or_else(|| noun.map(|t| t.lower.clone()));
            if let Some(w) = word {
                let c = &mut self.canon[id];
                if !c.role_words.contains(&w) {
                    c.role_words.push(w);
                }
            }
        }
        if let Some((role, rank)) = find_role(chars, toks, sents, s, ns, run_end) {
            let c = &mut self.canon[id];
            for w in role.split_whitespace() {
                let w = w.to_lowercase();
                if !c.role_words.contains(&w) {
                    c.role_words.push(w);
                }
            }
            if rank > c.role_rank {
                c.role = Some(role);
                c.role_rank = rank;
            }
        }
    }

    /// The canonical name for a name phrase (titles dropped, surnames expanded).
    pub(crate) fn resolve_name(
        &self,
        chars: &[char],
        toks: &[Tok],
        np: Np,
    ) -> (String, Option<String>) {
        // `The Ministry of Health`: the article is not part of the name.
        let start = if toks[np.start].is("the") && np.start + 1 < np.end {
            np.start + 1
        } else {
            np.start
        };
        let np = Np { start, ..np };
        let (ns, ne) = name_core(chars, toks, np.start, np.end, &|a, b| {
            self.tagged_person(a, b)
        });
        let np = Np { end: ne, ..np };
        let name = name_text(chars, toks, ns, np.end);
        let title = (ns > np.start).then(|| text_of(chars, toks, np.start, ns));
        if let Some(&id) = self.by_full.get(&name.to_lowercase()) {
            let mut c = &self.canon[id];
            // `Prime Minister Taufa` met before `Taufa Lelei Moana`.
            if !c.org && !c.name.contains(' ') {
                if let Some(&Some(full)) = self.by_first.get(&c.name.to_lowercase()) {
                    c = &self.canon[full];
                }
            }
            return (c.name.clone(), c.role.clone().or(title));
        }
        if let Some(id) = self.by_surname(&last_key(&toks[np.end - 1]), &toks[np.start..ns]) {
            let c = &self.canon[id];
            return (c.name.clone(), c.role.clone().or(title));
        }
        if ne == ns + 1 {
            if let Some(&Some(id)) = self.by_first.get(&last_key(&toks[ns])) {
                let c = &self.canon[id];
                return (c.name.clone(), c.role.clone().or(title));
            }
        }
        (name, title)
    }

    /// The most recent person before token `at` (within a bounded window) whose
    /// gender agrees with the pronoun.
    ///
    /// Salience: the first (subject-most) agreeing person of the closest
    /// sentence that has one, the pronoun's own included (`Roe joined Acme,
    /// where she said` is Roe). Mentions inside quotation marks are skipped:
    /// `“Ask Lee,” Roe said. He added` is Roe.
    pub(crate) fn antecedent(&self, toks: &[Tok], at: usize, want: Gender) -> Option<usize> {
        self.antecedent_within(toks, at, want, 3)
    }

    /// `antecedent`, following at most `depth` pronouns back: `Roe met Lee.
    /// He thanked him. He said` — the `he` that opens the closer sentence is
    /// the subject, so the second `he` is whoever that one is.
    fn antecedent_within(&self, toks: &[Tok], at: usize, want: Gender, depth: u8) -> Option<usize> {
        let agrees = |id: usize| {
            let g = self.canon[id].gender;
            want == Gender::Unknown || g == Gender::Unknown || g == want
        };
        let idx = self.antecedents.partition_point(|&(t, _)| t < at);
        let limit = toks.get(at).map_or(0, |t| t.start.saturating_sub(2500));
        let sent_of = |t: usize| self.sent_of.get(t).copied().unwrap_or(0);
        let mut best: Option<(usize, usize, usize)> = None; // (sentence, canon id, token)
        let mut best_in_main = false;
        for &(t, id) in self.antecedents[..idx].iter().rev().take(40) {
            if toks[t].start < limit {
                break;
            }
            let s = sent_of(t);
            if let Some((bs, _, _)) = best {
                if s != bs {
                    break;
                }
            }
            // `Roe's rival, Poe, disagreed. He said`: an owner is rarely the subject.
            let mut last = t;
            while toks.get(last + 1).is_some_and(name_word) && !possessive(&toks[last]) {
                last += 1;
            }
            let owner = possessive(&toks[last])
                || toks
                    .get(last + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "'" | "’"));
            // Keep going left within this sentence: the earliest agreeing
            // mention is the likeliest subject, unless it sits in a clause
            // that opens the sentence and a mention after that clause agrees.
            let fronted = self.in_fronted_clause(toks, t);
            if agrees(id) && !(owner && best.is_some()) && !(fronted && best_in_main) {
                best = Some((s, id, t));
                best_in_main = !fronted;
            }
        }
        // A same-gender pronoun after that mention, or before it in its
        // sentence, is the closer link of the chain.
        if depth > 0 && want != Gender::Unknown {
            let pi = self.pronouns.partition_point(|&(t, _)| t < at);
            let agreeing = || {
                self.pronouns[..pi]
                    .iter()
                    .rev()
                    .filter(|&&(_, g)| g == want)
                    .map(|&(p, _)| p)
                    .take_while(|&p| toks[p].start >= limit)
            };
            // The closest one in a later sentence than the mention, else the
            // earliest of the mention's sentence when it comes first (`In
            // 2012, she met Queen Ann, and she said. She added` is not Ann).
            let prev = match best {
                None => agreeing().next(),
                Some((bs, _, bt)) => agreeing().find(|&p| sent_of(p) > bs).or_else(|| {
                    agreeing()
                        .take_while(|&p| sent_of(p) >= bs)
                        .filter(|&p| sent_of(p) == bs)
                        .last()
                        .filter(|&p| p < bt)
                }),
            };
            if let Some(p) = prev {
                if let Some(id) = self.antecedent_within(toks, p, want, depth - 1) {
                    return Some(id);
                }
            }
        }
        best.map(|(_, id, _)| id)
    }

    /// Whether the mention at token `t` sits in a subordinate clause that
    /// opens its sentence (`After Roe left, Lee said`, `In order to let Roe
    /// play, Lee moved`): the main clause's subject is the likelier topic.
    fn in_fronted_clause(&self, toks: &[Tok], t: usize) -> bool {
        let Some(s) = self.sent_of(t) else {
            return false;
        };
        let mut k = t;
        while k > 0 && self.sent_of(k - 1) == Some(s) && !toks[k - 1].is(",") {
            k -= 1;
        }
        let mut words = toks[k..t].iter().filter(|x| x.is_word());
        let opens = match words.next().map(|w| w.lower.as_str()) {
            Some("in") => words.next().is_some_and(|w| w.is("order")),
            Some(w) => matches!(
                w,
                "after"
                    | "before"
                    | "when"
                    | "while"
                    | "although"
                    | "though"
                    | "because"
                    | "since"
                    | "unless"
                    | "until"
                    | "if"
                    | "once"
                    | "whereas"
                    | "to"
            ),
            None => false,
        };
        opens
            && toks[t + 1..]
                .iter()
                .enumerate()
                .take(30)
                .take_while(|&(i, _)| self.sent_of(t + 1 + i) == Some(s))
                .any(|(_, x)| x.is(","))
    }

    /// The most recent person before token `at` (within a window) given the
    /// role word `head` (`Mayor Jo Roe`, `Jo Roe, the mayor of X`).
    pub(crate) fn recent_with_role(&self, toks: &[Tok], at: usize, head: &str) -> Option<usize> {
        self.recent_described(&self.persons, toks, at, head)
    }

    /// As `recent_with_role`, but `the former president` prefers the person
    /// whose role also holds `former` (or `current`, `acting`, …) when one does.
    pub(crate) fn recent_with_qualified_role(
        &self,
        toks: &[Tok],
        desc: Np,
        head: &str,
    ) -> Option<usize> {
        let quals: Vec<&str> = toks[desc.start..desc.end.saturating_sub(1)]
            .iter()
            .map(|t| t.lower.as_str())
            .filter(|w| is_role_qualifier(w))
            .collect();
        if !quals.is_empty() {
            let idx = self.persons.partition_point(|&(t, _)| t < desc.start);
            let limit = toks
                .get(desc.start)
                .map_or(0, |t| t.start.saturating_sub(4000));
            let found = self.persons[..idx]
                .iter()
                .rev()
                .take(80)
                .take_while(|&&(t, _)| toks[t].start >= limit)
                .map(|&(_, id)| id)
                .find(|&id| {
                    let r = &self.canon[id].role_words;
                    r.iter().any(|w| w == head) && quals.iter().all(|q| r.iter().any(|w| w == q))
                });
            if found.is_some() {
                return found;
            }
        }
        self.recent_with_role(toks, desc.start, head)
    }

    /// The most recent organization before token `at` (within a window) that
    /// the article described with the word `head` (`Acme, a mining company`).
    pub(crate) fn recent_org_described(
        &self,
        toks: &[Tok],
        at: usize,
        head: &str,
    ) -> Option<usize> {
        self.recent_described(&self.orgs, toks, at, head)
    }

    /// The latest of `seen` (token, entity) before token `at`, within 80 mentions
    /// and 4,000 characters, whose role words hold `head`.
    fn recent_described(
        &self,
        seen: &[(usize, usize)],
        toks: &[Tok],
        at: usize,
        head: &str,
    ) -> Option<usize> {
        let idx = seen.partition_point(|&(t, _)| t < at);
        let limit = toks.get(at).map_or(0, |t| t.start.saturating_sub(4000));
        seen[..idx]
            .iter()
            .rev()
            .take(80)
            .take_while(|&&(t, _)| toks[t].start >= limit)
            .map(|&(_, id)| id)
            .find(|&id| self.canon[id].role_words.iter().any(|w| w == head))
    }

    /// The author of the document `head` names at token `at` (`the filing
    /// said`): the first person (else body) named, outside quotation marks, in
    /// the closest sentence before that introduces such a document and names one.
    pub(crate) fn document_author(&self, toks: &[Tok], at: usize, head: &str) -> Option<usize> {
        let limit = toks.get(at)?.start.saturating_sub(4000);
        let here = *self.sent_of.get(at)?;
        let sent_of = |t: usize| self.sent_of.get(t).copied();
        let quoted = |t: usize| self.quoted.get(t).copied().unwrap_or(false);
        let first_in = |s: usize, before: usize| {
            let named = |list: &[(usize, usize)]| {
                let lo = list.partition_point(|&(t, _)| sent_of(t).is_some_and(|x| x < s));
                list[lo..]
                    .iter()
                    .take_while(|&&(t, _)| t < before && sent_of(t) == Some(s))
                    .find(|&&(t, _)| !quoted(t))
                    .copied()
            };
            // A person first: `the U.S. President Jo Roe, in a statement`.
            named(&self.persons)
                .or_else(|| named(&self.orgs))
                .map(|x| x.1)
        };
        let mut k = at;
        while k > 0 {
            k -= 1;
            if toks[k].start < limit {
                break;
            }
            let s = sent_of(k)?;
            // Only where the document is introduced (`in a statement`, `their
            // filing`); `the statement` again refers back, its sentence may name no author.
            let definite = toks[k.saturating_sub(2)..k]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "the" | "this" | "that"));
            if s == here || !toks[k].is(head) || quoted(k) {
                continue;
            }
            // `the request of Prime Minister Jo Roe`, `the letter by Acme`:
            // the phrase after the document names its author.
            if definite {
                if toks.get(k + 1).is_some_and(|t| t.is("of") || t.is("by")) {
                    if let Some(id) = self.named_in(k + 2, (k + 8).min(toks.len()), s) {
                        return Some(id);
                    }
                }
                continue;
            }
            if let Some(id) = first_in(s, usize::MAX) {
                return Some(id);
            }
        }
        None
    }

    /// The first person, else organization, mentioned from token `lo` to
    /// `hi` in sentence `s`, outside quotation marks.
    fn named_in(&self, lo: usize, hi: usize, s: usize) -> Option<usize> {
        let first = |list: &[(usize, usize)]| {
            let a = list.partition_point(|&(t, _)| t < lo);
            list[a..]
                .iter()
                .take_while(|&&(t, _)| t < hi)
                .find(|&&(t, _)| {
                    self.sent_of.get(t) == Some(&s) && !self.quoted.get(t).copied().unwrap_or(true)
                })
                .map(|&(_, id)| id)
        };
        first(&self.persons).or_else(|| first(&self.orgs))
    }

    /// The last person named as the first word of a sentence of narration
    /// (outside quotation marks) between tokens `lo` and `hi`.
    pub(crate) fn person_opening_sentence(
        &self,
        toks: &[Tok],
        sents: &Sentences,
        lo: usize,
        hi: usize,
    ) -> Option<usize> {
        let a = self.persons.partition_point(|&(t, _)| t < lo);
        let b = self.persons.partition_point(|&(t, _)| t < hi);
        self.persons[a..b.max(a)]
            .iter()
            .rev()
            .find(|&&(t, _)| {
                let opens = sents
                    .of_tok
                    .get(t)
                    .and_then(|&s| sents.ranges.get(s))
                    .is_some_and(|&(ss, _)| {
                        (ss..t).all(|k| toks[k].kind == Tk::Para || is_title(&toks[k]))
                    });
                opens && !self.quoted.get(t).copied().unwrap_or(true)
            })
            .map(|&(_, id)| id)
    }

    /// The most recent organization before token `at`, within a window.
    /// The last organization mentioned before token `at` in its sentence or
    /// the one before, outside quotation marks.
    pub(crate) fn org_nearby(&self, at: usize) -> Option<usize> {
        let here = *self.sent_of.get(at)?;
        let idx = self.orgs.partition_point(|&(t, _)| t < at);
        let &(t, id) = self.orgs[..idx].last()?;
        let s = *self.sent_of.get(t)?;
        (here - s <= 1 && !self.quoted.get(t).copied().unwrap_or(false)).then_some(id)
    }

    /// The body `it` points back to at token `at`: as for people, the first
    /// organization (outside quotation marks) of the closest sentence that
    /// names one, within a window. `The Herald ran the story after GB News
    /// had. It quoted` is the Herald.
    pub(crate) fn org_antecedent(&self, toks: &[Tok], at: usize) -> Option<usize> {
        let idx = self.orgs.partition_point(|&(t, _)| t < at);
        let limit = toks.get(at).map_or(0, |t| t.start.saturating_sub(3000));
        let mut best: Option<(usize, usize)> = None; // (sentence, canon id)
        for &(t, id) in self.orgs[..idx].iter().rev().take(40) {
            if toks[t].start < limit {
                break;
            }
            if self.is_quoted(t) {
                continue;
            }
            let s = self.sent_of(t)?;
            if best.is_some_and(|(bs, _)| bs != s) {
                break;
            }
            best = Some((s, id));
        }
        best.map(|(_, id)| id)
    }

    /// The last city named before token `at`, outside quotation marks and
    /// within a window: a mention the tagger found that the gazetteer lists
    /// as a city.
    pub(crate) fn recent_city(&self, chars: &[char], toks: &[Tok], at: usize) -> Option<String> {
        use crate::entities::gazetteer::{locations, GazKind};
        let before = toks.get(at)?.start;
        let limit = before.saturating_sub(3000);
        let idx = self.tagged.partition_point(|&(s, _, _)| s < before);
        self.tagged[..idx]
            .iter()
            .rev()
            .take_while(|&&(s, _, _)| s >= limit)
            // A city's name tagged as a body (`Cleveland` for its teams) still names the city.
            .filter(|&&(_, e, k)| {
                matches!(k, EntityKind::Location | EntityKind::Organization) && e <= before
            })
            .filter(|&&(s, _, _)| {
                let t = toks.partition_point(|t| t.end <= s);
                !self.is_quoted(t)
            })
            .find_map(|&(s, e, _)| {
                let text: String = chars[s..e.min(chars.len())].iter().collect();
                let words: Vec<&str> = text.split_whitespace().collect();
                let city = locations().whole(&words) == Some(GazKind::City);
                city.then_some(text)
            })
    }

    pub(crate) fn recent_org(&self, toks: &[Tok], at: usize, head: Option<&str>) -> Option<usize> {
        let idx = self.orgs.partition_point(|&(t, _)| t < at);
        let limit = toks.get(at).map_or(0, |t| t.start.saturating_sub(3000));
        for &(t, id) in self.orgs[..idx].iter().rev().take(40) {
            if toks[t].start < limit {
                break;
            }
            match head {
                Some(h) => {
                    if self.canon[id]
                        .name
                        .to_lowercase()
                        .split_whitespace()
                        .any(|w| w == h)
                    {
                        return Some(id);
                    }
                }
                None => return Some(id),
            }
        }
        None
    }
}

fn is_all_caps(chars: &[char], t: &Tok) -> bool {
    chars[t.start..t.end.min(chars.len())]
        .iter()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
}

/// `Smith said`, `Smith has said`, `Smith, 45, said`: a lone capitalized word that is a speaker.
fn subject_of_speech(toks: &[Tok], i: usize) -> bool {
    let mut j = i + 1;
    let mut n = 0;
    while j < toks.len() && n < 3 && toks[j].is_word() && in_aux(toks[j].lower.as_str()) {
        j += 1;
        n += 1;
    }
    toks.get(j)
        .is_some_and(|t| t.is_word() && cues::is_speech_verb(&t.lower))
}

/// The head nouns an article describes a body's name `[s, e)` with: an
/// apposition after it (`Acme, a copper company based in Perth,`) or a noun
/// between a determiner and it (`the drugmaker Acme`).
fn body_descriptions(toks: &[Tok], s: usize, e: usize) -> Vec<String> {
    let plain = |t: &Tok| {
        t.is_word()
            && !t.cap
            && t.lower.chars().count() > 2
            && t.lower.chars().all(|c| c.is_alphabetic() || c == '-')
            && !in_not_noun(t.lower.as_str())
            && !in_dets(t.lower.as_str())
            && cues::cue_class(&t.lower).is_none()
    };
    let mut out = Vec::new();
    if toks.get(e).is_some_and(|t| t.is(","))
        && toks
            .get(e + 1)
            .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the"))
    {
        // The noun before the apposition's first stop word or punctuation,
        // a participle after it left out (`a company based in`).
        let mut k = e + 2;
        while k < toks.len() && k < e + 8 && plain(&toks[k]) {
            k += 1;
        }
        while k > e + 2 && (toks[k - 1].lower.ends_with("ed") || toks[k - 1].lower.ends_with("ing"))
        {
            k -= 1;
        }
        if k > e + 2 {
            out.push(toks[k - 1].lower.clone());
        }
    }
    // `an official government Twitter account`: a name modifying the noun
    // after it is not what the noun before it describes.
    let modifier = toks
        .get(e)
        .is_some_and(|t| plain(t) && !t.lower.ends_with("ed") && !t.lower.ends_with('s'));
    if s >= 2
        && !modifier
        && plain(&toks[s - 1])
        && toks[s.saturating_sub(4)..s - 1]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "the" | "a" | "an"))
    {
        out.push(toks[s - 1].lower.clone());
    }
    out
}

/// A role for the name at `[ns, e)` (title run from `s`): an appositive after it
/// (rank 4), an appositive before it (3), a descriptor right before it (2), a title (1).
fn find_role(
    chars: &[char],
    toks: &[Tok],
    sents: &Sentences,
    s: usize,
    ns: usize,
    e: usize,
) -> Option<(String, u8)> {
    let sent = sents.ranges.get(*sents.of_tok.get(s)?)?;
    // `Name, 45, a nurse,`: the age is no role; the apposition after it is.
    let aged = toks.get(e).is_some_and(|t| t.is(","))
        && toks
            .get(e + 1)
            .is_some_and(|t| t.is_word() && t.lower.chars().all(|c| c.is_ascii_digit()))
        && toks.get(e + 2).is_some_and(|t| t.is(","));
    let e = if aged { e + 2 } else { e };
    // `Name, chair of the commission,` / `Name, a spokesman for X.`
    if toks.get(e).is_some_and(|t| t.is(",")) {
        let mut k = e + 1;
        let start = k;
        while k < sent.1
            && k - start < 14
            && !matches!(toks[k].lower.as_str(), "," | "." | ";" | ":" | "(" | ")")
            && toks[k].kind == Tk::Word
        {
            k += 1;
        }
        if k > start
            && toks
                .get(k)
                .is_some_and(|t| matches!(t.lower.as_str(), "," | "." | ";"))
        {
            let mut rs = start;
            if matches!(toks[rs].lower.as_str(), "a" | "an" | "the") {
                rs += 1;
            }
            let det = rs > start;
            let noun_end = !in_not_noun(toks[k - 1].lower.as_str()) && !toks[k - 1].cap;
            if rs < k
                && (toks[rs..k].iter().any(|t| in_role_nouns(t.lower.as_str()))
                    || det && noun_end && k - rs <= 8)
                && !toks[rs..k].iter().any(|t| {
                    cues::cue_class(&t.lower).is_some()
                        || in_not_noun(t.lower.as_str())
                            && !t.is("of")
                            && !t.is("for")
                            && !t.is("and")
                            && !t.is("at")
                            && !t.is("in")
                })
            {
                return Some((text_of(chars, toks, rs, k), 4));
            }
        }
    }
    // `the president of the union, Ann Lee`, `her lawyer, Tom Reyes`
    if s > sent.0 + 1 && toks[s - 1].is(",") {
        let mut k = s - 1;
        while k > sent.0 && s - 1 - k < 12 && toks[k - 1].kind == Tk::Word {
            k -= 1;
        }
        if k < s - 1
            && matches!(
                toks[k].lower.as_str(),
                "the" | "a" | "an" | "his" | "her" | "their"
            )
            && (in_role_nouns(toks[k + 1].lower.as_str())
                || possessive_pronoun(&toks[k]) && is_kinship(&toks[k + 1].lower))
        {
            return Some((text_of(chars, toks, k + 1, s - 1), 3));
        }
        // `the city's mayor, Ann Lee` / `Acme's chief executive, Ann Lee`
        let owner = (k..s.saturating_sub(2))
            .rev()
            .find(|&o| possessive(&toks[o]));
        if let Some(o) = owner {
            let role = &toks[o + 1..s - 1];
            if !role.is_empty()
                && role.len() <= 3
                && in_role_nouns(toks[s - 2].lower.as_str())
                && role
                    .iter()
                    .all(|t| !t.cap && !in_not_noun(t.lower.as_str()))
            {
                return Some((text_of(chars, toks, o + 1, s - 1), 3));
            }
        }
    }
    // `trade union leader Ann Lee`
    if s > sent.0 && toks[s - 1].is_word() && in_role_nouns(toks[s - 1].lower.as_str()) {
        let mut k = s - 1;
        while k > sent.0
            && s - k < 10
            && toks[k - 1].is_word()
            && !matches!(toks[k - 1].lower.as_str(), "the" | "a" | "an")
            && (toks[k - 1].cap
                || !in_not_noun(toks[k - 1].lower.as_str())
                || toks[k - 1].is("and")
                || toks[k - 1].is("of"))
            && cues::cue_class(&toks[k - 1].lower).is_none()
        {
            k -= 1;
        }
        while k < s - 1
            && (toks[k].is("and") || toks[k].is("of") || in_cap_stop(toks[k].lower.as_str()))
        {
            k += 1;
        }
        return Some((text_of(chars, toks, k, s), 2));
    }
    if ns > s {
        let t = text_of(chars, toks, s, ns);
        if !matches!(
            toks[s].lower.as_str(),
            "mr" | "mrs" | "ms" | "miss" | "messrs"
        ) {
            return Some((t, 1));
        }
    }
    None
}

/// A title, role noun or word of an organization's name (lower case).
/// The closest `<Name> <head>` before word `at` (`the Trump administration`,
/// `the Labour government`), within a window: the body `the <head>` refers to.
fn named_body_before(chars: &[char], toks: &[Tok], at: usize, head: &str) -> Option<String> {
    let lo = at.saturating_sub(600);
    (lo + 1..at).rev().find_map(|k| {
        if !toks[k].is(head) || toks[k].cap {
            return None;
        }
        // `the government of Samoa`: the body is named by its type and place.
        if toks.get(k + 1).is_some_and(|t| t.is("of")) && toks.get(k + 2).is_some_and(name_word) {
            let mut e = k + 3;
            while e < at && e < k + 6 && can_extend_a_name(&toks[e]) {
                e += 1;
            }
            return Some(text_of(chars, toks, k, e));
        }
        let mut s = k;
        while s > lo
            && k - s < 3
            && can_extend_a_name(&toks[s - 1])
            && !is_all_caps(chars, &toks[s - 1])
        {
            s -= 1;
        }
        (s < k).then(|| text_of(chars, toks, s, k + 1))
    })
}

/// A capitalized word that can stand inside a name (not `The`, `However`, `He`).
/// Titles and role nouns (`Director`) end a body's name.
pub(crate) fn can_extend_a_name(t: &Tok) -> bool {
    let w = t.lower.as_str();
    t.kind == Tk::Word
        && t.cap
        && !t.abbrev
        && !in_cap_stop(w)
        && !possessive(t)
        && !is_title(t)
        && !in_role_nouns(w)
}

/// A word that ends the name of a body (`Force`, `Ministry`, `Times`).
pub(crate) fn is_body_word(w: &str) -> bool {
    in_org_words(w) || in_org_types(w)
}

pub(crate) fn is_role_or_body_word(w: &str) -> bool {
    in_titles(w) || in_role_nouns(w) || in_org_words(w) || in_post_nominals(w)
}

/// Family relations a person is introduced by (`his father, Karl Roe,`).
fn is_kinship(w: &str) -> bool {
    matches!(
        w,
        "father"
            | "mother"
            | "son"
            | "daughter"
            | "brother"
            | "sister"
            | "husband"
            | "wife"
            | "uncle"
            | "aunt"
            | "nephew"
            | "niece"
            | "grandfather"
            | "grandmother"
            | "cousin"
            | "partner"
            | "widow"
            | "widower"
            | "stepfather"
            | "stepmother"
            | "parent"
    )
}

/// Nouns for the unnamed voice of a body: `an Acme spokesperson`.
pub(crate) fn is_voice_noun(w: &str) -> bool {
    matches!(
        w,
        "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "official"
            | "officials"
            | "representative"
            | "representatives"
            | "statement"
            | "office"
    )
}

/// A capitalized adverb or function word opening a sentence (`Later`,
/// `Usually`), never the start of a name.
fn opener(t: &Tok) -> bool {
    let w = t.lower.as_str();
    (function_word(t) || w.ends_with("ly") && w.chars().count() > 4)
        && lexicon::first_name(w).is_none()
}

/// `Chastened by the analyses, Roe …`: a capitalized participle opening a
/// sentence and followed by a lower-case word or a comma is no name.
pub(crate) fn opening_participle(toks: &[Tok], k: usize) -> bool {
    let w = toks[k].lower.as_str();
    let shaped = (w.ends_with("ed") || w.ends_with("ing")) && w.chars().count() > 5;
    shaped
        && lexicon::first_name(w).is_none()
        && toks.get(k + 1).is_some_and(|n| !n.cap || n.is(","))
}

/// An auxiliary, adverb or function word of the closed lists, capitalized or
/// not, or an age (`Fourteen-year-old`): never part of a name.
fn function_word(t: &Tok) -> bool {
    let w = t.lower.as_str();
    (in_aux(w) || in_not_noun(w)) && lexicon::first_name(w).is_none() || w.ends_with("-year-old")
}

fn possessive_pronoun(t: &Tok) -> bool {
    matches!(
        t.lower.as_str(),
        "his" | "her" | "their" | "its" | "our" | "my" | "your"
    )
}

/// `I'm`, `You've`, `We'll`, `Don't`: a pronoun or verb with a clitic, no name.
fn contraction(lower: &str) -> bool {
    let l = lower.replace('’', "'");
    ["'m", "'re", "'ve", "'ll", "'d", "n't"]
        .iter()
        .any(|c| l.ends_with(c))
}

/// Whether the phrase is the object of a preposition (`on the occasion of X`);
/// `from X` and `by X` name a source or an agent and do not count.
pub(crate) fn after_preposition(toks: &[Tok], np: Np) -> bool {
    np.start > 0
        && matches!(
            toks[np.start - 1].lower.as_str(),
            "of" | "in"
                | "to"
                | "on"
                | "at"
                | "for"
                | "with"
                | "about"
                | "into"
                | "over"
                | "than"
                | "like"
                | "against"
                | "toward"
                | "towards"
        )
}

/// `Council president Jo Roe`: when a name that is no person's is followed by a
/// few lower-case role words and a person's name, that person (before `hi`).
pub(crate) fn person_after_role(toks: &[Tok], np: Np, hi: usize) -> Option<Np> {
    if person_like(toks, np) {
        return None;
    }
    let mut k = np.end;
    while k < hi
        && k - np.end < 3
        && toks[k].is_word()
        && !toks[k].cap
        && !in_not_noun(toks[k].lower.as_str())
        && cues::cue_class(&toks[k].lower).is_none()
    {
        k += 1;
    }
    if k == np.end || k >= hi || !name_word(&toks[k]) {
        return None;
    }
    let mut e = k + 1;
    while e < hi && name_word(&toks[e]) {
        e += 1;
    }
    let person = Np {
        start: k,
        end: e,
        kind: NpKind::Name,
    };
    person_like(toks, person).then_some(person)
}

/// Whether a name phrase reads as a person's name (a first name after titles).
pub(crate) fn is_person_name(toks: &[Tok], np: Np) -> bool {
    person_like(toks, np)
}

/// Whether a name phrase reads as a person's name: a first name after its titles.
fn person_like(toks: &[Tok], np: Np) -> bool {
    toks[np.start..np.end]
        .iter()
        .find(|t| !is_title(t) && !t.is("the"))
        .is_some_and(|t| t.cap && lexicon::first_name(t.lower.as_str()).is_some())
        && !toks[np.start..np.end]
            .iter()
            .any(|t| in_org_words(last_key(t).as_str()))
}

pub(crate) fn subject_pronoun(w: &str) -> Option<NpKind> {
    match w {
        "he" | "she" | "they" | "i" | "we" | "it" | "you" => Some(NpKind::Pronoun),
        "who" | "which" => Some(NpKind::Relative),
        _ => None,
    }
}

/// The subject noun phrase ending right before `cue` (skipping auxiliaries and
/// adverbs, an appositive `, a spokesman,` or a parenthesis), not before token `lo`.
pub(crate) fn subject_left(toks: &[Tok], cue: usize, lo: usize) -> Option<Np> {
    let mut j = cue;
    let mut skipped = 0;
    while j > lo && skipped < 4 {
        let t = &toks[j - 1];
        let adverb = t.is_word()
            && !t.cap
            && (in_aux(t.lower.as_str()) || t.lower.ends_with("ly") && t.lower.len() > 4);
        let day = t.is_word() && matches!(t.lower.as_str(), "today" | "yesterday" | "tonight");
        if adverb || day {
            j -= 1;
            skipped += 1;
        } else if t.is_word()
            && is_time_noun(&t.lower)
            && j >= lo + 2
            && matches!(
                toks[j - 2].lower.as_str(),
                "this" | "last" | "next" | "that" | "every"
            )
        {
            // `Acme this month announced …`: a time adjunct is no subject.
            j -= 2;
            skipped += 1;
        } else {
            break;
        }
    }
    // `Rep. Jo Roe (D-Ore.) said`, `Sen. Jo Roe, R-Ky., said`: a short
    // aside after a name (party and state, age) is no part of the subject.
    if let Some(open) = aside_before(toks, j, lo) {
        if let Some(np) = np_ending_at(toks, open, lo, true).filter(|n| n.kind == NpKind::Name) {
            return Some(np);
        }
    }
    let np = np_ending_at(toks, j, lo, true)?;
    // `Critics from across the political spectrum said`: a phrase after a
    // preposition modifies the subject before it, unless it names a body
    // (`officials from the ministry said` speaks for the ministry).
    if np.kind == NpKind::Common && after_preposition_or_from(toks, np) {
        let head = toks[np.end - 1].lower.as_str();
        if !in_org_words(head) && !in_org_types(head) {
            let mut k = np.start;
            while k > lo && k + 3 > np.start && in_preps_of_subject(&toks[k - 1].lower) {
                k -= 1;
            }
            if k < np.start {
                if let Some(left) = np_ending_at(toks, k, lo, false) {
                    if left.kind != NpKind::Pronoun && left.kind != NpKind::Relative {
                        return Some(left);
                    }
                }
            }
        }
    }
    Some(np)
}

/// Where a short aside ending at `j` opens: `(D-Ore.)`, `(44)`, or a party
/// and state between commas (`, R-Ky.,`).
fn aside_before(toks: &[Tok], j: usize, lo: usize) -> Option<usize> {
    let last = toks.get(j.checked_sub(1)?)?;
    let inner_ok = |t: &Tok| t.kind == Tk::Word || t.is(".") || t.is(",") || t.is("-");
    if last.is(")") {
        let open = (j.saturating_sub(8).max(lo)..j - 1)
            .rev()
            .find(|&i| toks[i].is("("))?;
        return toks[open + 1..j - 1].iter().all(inner_ok).then_some(open);
    }
    if last.is(",") && j >= lo + 3 {
        // `R-Ky.,` / `D-Calif.,`: one party letter, a hyphen, a state.
        let (open, inner) = if toks[j - 2].is(".") {
            (j - 4, j - 3)
        } else {
            (j - 3, j - 2)
        };
        let party = |w: &str| {
            let mut cs = w.chars();
            matches!(cs.next(), Some('r' | 'd' | 'i'))
                && cs.next() == Some('-')
                && cs.clone().count() >= 2
                && cs.all(|c| c.is_alphabetic() || c == '.')
        };
        if open >= lo && toks[open].is(",") && toks[inner].cap && party(&toks[inner].lower) {
            return Some(open);
        }
    }
    None
}

fn in_preps_of_subject(w: &str) -> bool {
    matches!(
        w,
        "of" | "from" | "across" | "in" | "at" | "with" | "around"
    )
}

fn after_preposition_or_from(toks: &[Tok], np: Np) -> bool {
    np.start > 0 && in_preps_of_subject(&toks[np.start - 1].lower)
}

fn is_time_noun(w: &str) -> bool {
    matches!(
        w,
        "day"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "weekend"
            | "summer"
            | "winter"
            | "spring"
            | "fall"
            | "autumn"
            | "season"
    )
}

/// A noun phrase ending right before token `j`.
pub(crate) fn np_ending_at(
    toks: &[Tok],
    j: usize,
    lo: usize,
    allow_appositive: bool,
) -> Option<Np> {
    if j <= lo {
        return None;
    }
    let t = &toks[j - 1];
    if t.kind == Tk::Punct {
        if allow_appositive && (t.is(",") || t.is(")")) {
            // `Lee, a spokesman for the ministry, said` / `Lee (D-Ore.) said`
            let open = if t.is(",") { "," } else { "(" };
            let mut k = j - 1;
            // `Roe, a curator at the Acme Museum, Springfield, said`: a phrase
            // after a preposition is inside an appositive; the subject is
            // further left, or else that phrase after all.
            let mut inner_phrase: Option<Np> = None;
            while k > lo && j - 1 - k < 28 {
                k -= 1;
                let tk = &toks[k];
                if tk.is(open) || open == "," && tk.is(")") {
                    let inner = toks.get(k + 1)?;
                    // `Lee, who led the group, said` keeps Lee; a quote is no appositive.
                    if open == "," && inner.kind == Tk::QuoteMark {
                        return inner_phrase;
                    }
                    if tk.is(")") {
                        // `Lee (D-Ore.), a senator, said`
                        return np_ending_at(toks, k + 1, lo, true)
                            .filter(|np| np.kind != NpKind::Relative);
                    }
                    match np_ending_at(toks, k, lo, false).filter(|np| np.kind != NpKind::Relative)
                    {
                        Some(np) => {
                            // `The study's author, chemist Jo Roe, said`, `The mayor
                            // of Springfield, Jane Doe, said`: the name in the
                            // appositive names the speaker the outer phrase describes.
                            // Only a bare appositive, maybe after lower-case role
                            // words: `, speaking to a group in Ohio,` names no one.
                            let appos = np_ending_at(toks, j - 1, k + 1, false)
                                .filter(|a| a.kind == NpKind::Name)
                                .filter(|a| {
                                    !toks[k + 1].lower.ends_with("ing")
                                        && toks[k + 1..a.start].iter().all(|t| {
                                            t.is_word()
                                                && !t.cap
                                                && (!in_not_noun(t.lower.as_str())
                                                    || t.is("and")
                                                    || t.is("of"))
                                                && cues::cue_class(&t.lower).is_none()
                                        })
                                });
                            if let Some(a) = appos {
                                if np.kind == NpKind::Common
                                    || person_like(toks, a) && !person_like(toks, np)
                                {
                                    return Some(a);
                                }
                            }
                            if open == "," && inner_phrase.is_none() && after_preposition(toks, np)
                            {
                                inner_phrase = Some(np);
                                continue;
                            }
                            return Some(np);
                        }
                        // `Lee, 45, a teacher, said`: keep looking left.
                        None if open == "," => continue,
                        None => return inner_phrase,
                    }
                }
                let in_paren = open == "(";
                if tk.kind == Tk::QuoteMark
                    || tk.kind == Tk::Para
                    || !in_paren && matches!(tk.lower.as_str(), "." | ";" | ":" | "!" | "?")
                {
                    return inner_phrase;
                }
            }
            return inner_phrase;
        }
        return None;
    }
    if !t.is_word() {
        return None;
    }
    if let Some(kind) = subject_pronoun(&t.lower) {
        return Some(Np {
            start: j - 1,
            end: j,
            kind,
        });
    }
    // `Galois himself wrote`: the intensifier is no part of the name.
    if matches!(
        t.lower.as_str(),
        "himself" | "herself" | "themselves" | "itself"
    ) && j >= lo + 2
        && toks[j - 2].cap
    {
        return np_ending_at(toks, j - 1, lo, allow_appositive);
    }
    if contraction(&t.lower) || opener(t) {
        return None;
    }
    if t.cap && (!in_cap_stop(t.lower.as_str()) || t.abbrev) {
        let mut s = j - 1;
        while s > lo {
            let p = &toks[s - 1];
            let joins = p.is_word()
                && (p.cap && (!in_cap_stop(p.lower.as_str()) || is_title(p)) && !function_word(p)
                    || (in_particles(p.lower.as_str()) || p.is("of") || p.is("for"))
                        && s >= 2
                        && toks[s - 2].cap
                    // `National Oceanic and Atmospheric Administration`
                    || p.is("and")
                        && s >= 2
                        && toks[s - 2].cap
                        && in_org_words(toks[j - 1].lower.as_str()));
            // `Marcia “Cia” Price said`: the name runs on past a nickname.
            let nick = (s.saturating_sub(4)..s.saturating_sub(2))
                .rev()
                .find(|&o| o > lo && super::marks::is_nickname(toks, o, s - 1));
            if joins {
                s -= 1;
            } else if let Some(o) = nick {
                s = o;
            } else {
                break;
            }
        }
        // Determiner of an organisation: `the Washington Post`.
        if s > lo && toks[s - 1].is("the") {
            s -= 1;
        }
        // `Jo Roe of the Labour Party said`, `Jo Roe of advocacy group Acme
        // said`: the person before `of` speaks, not the body after it.
        let mut o = s;
        while o > lo
            && s - o < 4
            && toks[o - 1].is_word()
            && !toks[o - 1].cap
            && !toks[o - 1].is("of")
            && !in_not_noun(toks[o - 1].lower.as_str())
            && cues::cue_class(&toks[o - 1].lower).is_none()
        {
            o -= 1;
        }
        if o > lo + 1 && toks[o - 1].is("of") {
            if let Some(p) = np_ending_at(toks, o - 1, lo, false) {
                if p.kind == NpKind::Name && person_like(toks, p) {
                    return Some(p);
                }
            }
        }
        return Some(Np {
            start: s,
            end: j,
            kind: NpKind::Name,
        });
    }
    if t.cap
        || in_not_noun(t.lower.as_str())
        || t.lower.chars().any(|c| c.is_ascii_digit())
        || cues::cue_class(&t.lower).is_some()
    {
        return None;
    }
    // A common noun phrase: `the ministry`, `White House officials`, `critics`.
    let mut s = j - 1;
    let mut n = 0;
    while s > lo && n < 5 {
        let p = &toks[s - 1];
        // `Sanders’ campaign`: a possessive apostrophe joins the owner.
        if matches!(p.lower.as_str(), "’" | "'")
            && s >= lo + 2
            && toks[s - 2].is_word()
            && toks[s - 2].end == p.start
        {
            s -= 1;
            continue;
        }
        if !p.is_word() {
            break;
        }
        if in_dets(p.lower.as_str()) {
            return Some(Np {
                start: s - 1,
                end: j,
                kind: NpKind::Common,
            });
        }
        if p.cap {
            let mut k = s - 1;
            while k > lo
                && toks[k - 1].cap
                && toks[k - 1].is_word()
                && !in_cap_stop(toks[k - 1].lower.as_str())
            {
                k -= 1;
            }
            if in_cap_stop(p.lower.as_str()) && k == s - 1 {
                break;
            }
            if k > lo && in_dets(toks[k - 1].lower.as_str()) {
                k -= 1;
            }
            return Some(Np {
                start: k,
                end: j,
                kind: NpKind::Common,
            });
        }
        if in_not_noun(p.lower.as_str()) || cues::cue_class(&p.lower).is_some() {
            break;
        }
        // `the ministry released figures`: a past form after a noun is its
        // verb; the phrase starts after it.
        let verb = p.lower.ends_with("ed")
            && s >= lo + 2
            && toks[s - 2].is_word()
            && !toks[s - 2].cap
            && !in_dets(toks[s - 2].lower.as_str())
            && !in_not_noun(toks[s - 2].lower.as_str())
            && !toks[s - 2].lower.ends_with("ly");
        if verb {
            return Some(Np {
                start: s,
                end: j,
                kind: NpKind::Common,
            });
        }
        s -= 1;
        n += 1;
    }
    // Bare plural at a clause start: `Officials said`, `critics argue`.
    let head = &toks[j - 1].lower;
    let at_start = s == lo || toks[s - 1].kind != Tk::Word;
    (at_start && head.ends_with('s') && head.len() > 3).then_some(Np {
        start: s,
        end: j,
        kind: NpKind::Common,
    })
}

/// Up to six words right before `cue` (after auxiliaries), as a rough subject
/// mention when no noun phrase parses (`52 percent of registered voters say`).
pub(crate) fn fallback_subject(toks: &[Tok], cue: usize, lo: usize) -> Option<Np> {
    let mut j = cue;
    while j > lo && toks[j - 1].is_word() && in_aux(toks[j - 1].lower.as_str()) && cue - j < 3 {
        j -= 1;
    }
    let mut s = j;
    while s > lo && j - s < 6 {
        let p = &toks[s - 1];
        if !p.is_word()
            || matches!(
                p.lower.as_str(),
                "and"
                    | "but"
                    | "or"
                    | "that"
                    | "which"
                    | "who"
                    | "when"
                    | "while"
                    | "if"
                    | "because"
                    | "as"
                    | "than"
                    | "to"
            )
        {
            break;
        }
        s -= 1;
    }
    let last = toks.get(j.checked_sub(1)?)?;
    if toks[s..j].iter().any(|t| contraction(&t.lower)) {
        return None;
    }
    // `Usually, …`: sentence adverbs are nobody.
    while s < j && opener(&toks[s]) {
        s += 1;
    }
    (s < j && !in_dets(last.lower.as_str()) && !PREPS_END.contains(&last.lower.as_str())).then_some(
        Np {
            start: s,
            end: j,
            kind: NpKind::Common,
        },
    )
}

const PREPS_END: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "by", "from", "about", "to", "will", "would", "can",
    "could", "may", "might", "should", "must",
];

/// The noun phrase right after `cue`: `said Torrealba`, `said the spokesman`, `said he`.
pub(crate) fn subject_right(toks: &[Tok], cue: usize, hi: usize) -> Option<Np> {
    let j = cue + 1;
    let t = toks.get(j).filter(|_| j < hi)?;
    if !t.is_word() || contraction(&t.lower) || opener(t) {
        return None;
    }
    if let Some(NpKind::Pronoun) = subject_pronoun(&t.lower) {
        return Some(Np {
            start: j,
            end: j + 1,
            kind: NpKind::Pronoun,
        });
    }
    if t.cap && (!in_cap_stop(t.lower.as_str()) || is_title(t)) {
        let mut e = j + 1;
        while e < hi
            && toks[e].is_word()
            && (toks[e].cap
                || in_particles(toks[e].lower.as_str()) && toks.get(e + 1).is_some_and(|n| n.cap))
        {
            e += 1;
        }
        // `said Secretary of State Jo Roe`: an office's `of` phrase runs on
        // into the name.
        while e + 1 < hi
            && (toks[e].is("of") || toks[e].is("for"))
            && name_word(&toks[e + 1])
            && toks[j..e].iter().any(is_role_word)
        {
            e += 1;
            while e < hi && name_word(&toks[e]) {
                e += 1;
            }
        }
        // `said UN envoy Jo Roe`: a body, a lower-case role, then the name.
        let mut k = e;
        while k < hi
            && k - e < 3
            && toks[k].is_word()
            && !toks[k].cap
            && !in_not_noun(toks[k].lower.as_str())
            && cues::cue_class(&toks[k].lower).is_none()
        {
            k += 1;
        }
        if k > e && k < hi && name_word(&toks[k]) && !in_cap_stop(toks[k].lower.as_str()) {
            let mut n = k + 1;
            while n < hi && name_word(&toks[n]) {
                n += 1;
            }
            // `said Lee's deputy Jo Roe`: after a possessive only a full name
            // (`Lee's potential VP then` is a description).
            let full = n - k >= 2 && !is_role_word(&toks[k]);
            if possessive(&toks[e - 1]) && !full {
                return Some(Np {
                    start: j,
                    end: e,
                    kind: NpKind::Name,
                });
            }
            return Some(Np {
                start: k,
                end: n,
                kind: NpKind::Name,
            });
        }
        return Some(Np {
            start: j,
            end: e,
            kind: NpKind::Name,
        });
    }
    if !t.cap && !in_dets(t.lower.as_str()) {
        // `said union leader Jo Roe`: a lower-case role, then the name.
        let mut k = j;
        while k < hi
            && k - j < 4
            && toks[k].is_word()
            && !toks[k].cap
            && !in_not_noun(toks[k].lower.as_str())
            && cues::cue_class(&toks[k].lower).is_none()
        {
            k += 1;
        }
        if k > j && k < hi && name_word(&toks[k]) && !in_cap_stop(toks[k].lower.as_str()) {
            let mut e = k + 1;
            while e < hi && name_word(&toks[e]) {
                e += 1;
            }
            return Some(Np {
                start: k,
                end: e,
                kind: NpKind::Name,
            });
        }
        return None;
    }
    if in_dets(t.lower.as_str()) {
        // `the spokesman`, `a senior official`, `the head of the agency`: a few
        // words, then at most one `of`/`for` phrase.
        let mut e = j + 1;
        let mut of_seen = false;
        while e < hi && toks[e].is_word() {
            let w = &toks[e];
            if (w.is("of") || w.is("for"))
                && !of_seen
                && toks.get(e + 1).is_some_and(|n| n.is_word())
            {
                of_seen = true;
            } else if in_not_noun(w.lower.as_str()) && !w.cap || e - j > if of_seen { 8 } else { 3 }
            {
                break;
            }
            e += 1;
        }
        // `said the press secretary, Jo Roe.`: the name in apposition speaks.
        if e > j + 1 && e + 1 < hi && toks[e].is(",") && name_word(&toks[e + 1]) {
            let mut n = e + 1;
            while n < hi && name_word(&toks[n]) {
                n += 1;
            }
            let closes = n >= hi || toks[n].is(",") || toks[n].is(".");
            if closes && !in_cap_stop(toks[e + 1].lower.as_str()) {
                return Some(Np {
                    start: e + 1,
                    end: n,
                    kind: NpKind::Name,
                });
            }
        }
        return (e > j + 1).then_some(Np {
            start: j,
            end: e,
            kind: NpKind::Common,
        });
    }
    None
}

/// The source of `according to X, …` / `…, according to X.`: the noun phrase
/// ending where the phrase ends (`according to Acme University economist Jo
/// Roe,` → Jo Roe), else the one starting right after `to` (token `to`).
pub(crate) fn according_source(toks: &[Tok], to: usize, hi: usize) -> Option<Np> {
    let from = to + 1;
    let end = (from..hi.min(toks.len())).take(12).find(|&k| {
        !toks[k].is_word() || toks[k].is("that") || cues::cue_class(&toks[k].lower).is_some()
    });
    if let Some(e) = end.filter(|&e| e > from + 1) {
        if let Some(np) = np_ending_at(toks, e, from, false) {
            let before = &toks[np.start - 1];
            let by = before.is("by");
            // `according to Acme Daily editor Jo Roe,`: a role word before the name.
            let role = before.is_word()
                && !before.cap
                && !in_not_noun(before.lower.as_str())
                && !in_dets(before.lower.as_str())
                && !is_voice_noun(&before.lower);
            // `according to Ambassador to the United Kingdom Jo Roe,`: the
            // office's place runs into the name; the person is its tail.
            let titled = toks[from..np.start]
                .iter()
                .any(|t| is_title(t) || in_role_nouns(t.lower.as_str()));
            let np = match (np.start + 1..np.end.saturating_sub(1))
                .map(|k| Np { start: k, ..np })
                .find(|&tail| person_like(toks, tail))
            {
                Some(tail) if np.kind == NpKind::Name && titled && !person_like(toks, np) => tail,
                _ => np,
            };
            let name = np.kind == NpKind::Name && (person_like(toks, np) || by || role);
            // `according to a statement released by Acme's office,` → Acme's office.
            if np.start > from && (name || by && np.kind == NpKind::Common) {
                return Some(np);
            }
        }
    }
    subject_right(toks, to, hi)
}

/// Speaker name, mention and role for a subject noun phrase.
pub(crate) struct Resolved {
    pub speaker: Option<String>,
    pub mention: (usize, usize),
    pub role: Option<String>,
}

pub(crate) fn resolve(chars: &[char], toks: &[Tok], reg: &Register, np: Np, lo: usize) -> Resolved {
    let mention = (toks[np.start].start, toks[np.end - 1].end);
    let person = |id: usize| Resolved {
        speaker: Some(reg.canon[id].name.clone()),
        mention,
        role: reg.canon[id].role.clone(),
    };
    let none = Resolved {
        speaker: None,
        mention,
        role: None,
    };
    match np.kind {
        NpKind::Name => {
            // `the Pope said`, `the President said`: a title alone is a
            // description of the person the article gave that title.
            let words = &toks[np.start..np.end];
            let title_only = words.iter().all(|t| t.is("the") || is_title(t))
                && words.iter().any(|t| !t.is("the"));
            if title_only {
                let head = &toks[np.end - 1].lower;
                if let Some(id) = reg.recent_with_role(toks, np.start, head) {
                    return person(id);
                }
            }
            let (name, role) = reg.resolve_name(chars, toks, np);
            if !name.contains(' ') && unnamed_group(chars, reg, toks, np) {
                return none;
            }
            Resolved {
                speaker: Some(name),
                mention,
                role,
            }
        }
        NpKind::Pronoun => match toks[np.start].lower.as_str() {
            "he" => reg
                .antecedent(toks, np.start, Gender::Male)
                .map_or(none, person),
            "she" => reg
                .antecedent(toks, np.start, Gender::Female)
                .map_or(none, person),
            "it" => reg.org_antecedent(toks, np.start).map_or(none, person),
            // `Acme said … They added`: a body in this or the previous sentence;
            // otherwise an unnamed group, no speaker.
            "they" => reg.org_nearby(np.start).map_or(none, person),
            _ => none,
        },
        NpKind::Relative => {
            // `Lee, who ...` / `the ministry, which ...`
            if np.start > lo + 1 && toks[np.start - 1].is(",") {
                if let Some(ante) = np_ending_at(toks, np.start - 1, lo, false) {
                    if ante.kind != NpKind::Relative && ante.kind != NpKind::Pronoun {
                        let r = resolve(chars, toks, reg, ante, lo);
                        return Resolved {
                            speaker: r.speaker,
                            mention,
                            role: r.role,
                        };
                    }
                }
            }
            none
        }
        NpKind::Common => {
            let head = &toks[np.end - 1].lower;
            // `Lyon … the city said`: the city the article named last speaks
            // through its council; a place is no organization the register holds.
            if toks[np.start].is("the")
                && np.end - np.start == 2
                && matches!(head.as_str(), "city" | "town" | "village")
            {
                if let Some(name) = reg.recent_city(chars, toks, np.start) {
                    return Resolved {
                        speaker: Some(name),
                        mention,
                        role: None,
                    };
                }
            }
            // `an Acme spokesperson said`, `Acme officials said`: the unnamed
            // voice of a named body speaks for it.
            if is_voice_noun(head) {
                let caps: Vec<usize> = (np.start..np.end - 1)
                    .filter(|&k| toks[k].cap && !in_dets(toks[k].lower.as_str()))
                    .collect();
                if let (Some(&a), Some(&b)) = (caps.first(), caps.last()) {
                    // `The Turkish statement`: a nationality is no body.
                    let body_kind = reg.tagged_kind(toks[a].start, toks[b].end);
                    // `U.S. officials said`: a country's officials speak for it.
                    let body = matches!(
                        body_kind,
                        Some(EntityKind::Organization | EntityKind::Person)
                    ) || body_kind == Some(EntityKind::Location)
                        && matches!(head.as_str(), "official" | "officials");
                    if body && caps.len() == b + 1 - a && !possessive_pronoun(&toks[a]) {
                        let body = Np {
                            start: a,
                            end: b + 1,
                            kind: NpKind::Name,
                        };
                        let (name, _) = reg.resolve_name(chars, toks, body);
                        let name = name
                            .strip_suffix("'s")
                            .or_else(|| name.strip_suffix("’s"))
                            .map_or(name.clone(), str::to_string);
                        return Resolved {
                            speaker: Some(name),
                            mention,
                            role: Some(text_of(chars, toks, b + 1, np.end)),
                        };
                    }
                }
            }
            // `the filing said`: its author, when the article gave one; a
            // document is no speaker of its own.
            let bare_document = in_document_nouns(head)
                && matches!(toks[np.start].lower.as_str(), "the" | "this" | "that")
                && np.end - np.start <= 4
                && toks[np.start..np.end].iter().all(|t| !possessive(t));
            if bare_document {
                return reg
                    .document_author(toks, np.start, head)
                    .map_or(none, person);
            }
            // `his father said` after `His father, Karl Roe,`: a possessive
            // description is the person the article gave that role.
            if matches!(toks[np.start].lower.as_str(), "his" | "her" | "their")
                && np.end - np.start == 2
                && !is_voice_noun(head)
            {
                if let Some(id) = reg.recent_with_role(toks, np.start, head) {
                    return person(id);
                }
            }
            // `the mayor said`: the person the article introduced with that role.
            if toks[np.start].is("the") && np.end - np.start <= 5 && !is_voice_noun(head) {
                if let Some(id) = reg.recent_with_qualified_role(toks, np, head) {
                    return person(id);
                }
                if let Some(id) = reg.recent_org_described(toks, np.start, head) {
                    return Resolved {
                        speaker: Some(reg.canon[id].name.clone()),
                        mention,
                        role: None,
                    };
                }
            }
            if let Some(id) = reg.recent_org(toks, np.start, Some(head)) {
                return person(id);
            }
            // `the Trump administration … the administration said`
            if toks[np.start].is("the") && np.end - np.start == 2 && in_org_types(head) {
                if let Some(name) = named_body_before(chars, toks, np.start, head) {
                    return Resolved {
                        speaker: Some(name),
                        mention,
                        role: None,
                    };
                }
            }
            // `the airline said`: the organization the article named last.
            if toks[np.start].is("the") && np.end - np.start == 2 && in_org_types(head) {
                if let Some(id) = reg.recent_org(toks, np.start, None) {
                    return person(id);
                }
            }
            let mut s = np.start;
            if matches!(toks[s].lower.as_str(), "the" | "a" | "an") && s + 1 < np.end {
                s += 1;
            }
            Resolved {
                speaker: Some(text_of(chars, toks, s, np.end)),
                mention,
                role: None,
            }
        }
    }
}

/// `Analysts said`, `Experts say`: one capitalized common word (no first name,
/// written more often in lower case in news text) that the tagger did not read
/// as a name and no fuller name of the article holds is an unnamed group
/// (ANNOTATION.md: no speaker), not a person called "Analysts".
fn unnamed_group(chars: &[char], reg: &Register, toks: &[Tok], np: Np) -> bool {
    let t = &toks[np.start];
    if np.end != np.start + 1 || !t.cap || reg.tagged_kind(t.start, t.end).is_some() {
        return false;
    }
    let written: String = chars[t.start..t.end].iter().collect();
    crate::ner::clusters::common_word(&t.lower, &written)
}

/// Whether `w` is a determiner or quantifier of the closed list (`the`, `his`, `two`).
pub(crate) fn is_determiner(w: &str) -> bool {
    in_dets(w)
}

impl Register {
    /// Whether token `t` is inside quotation marks.
    pub(crate) fn is_quoted(&self, t: usize) -> bool {
        self.quoted.get(t).copied().unwrap_or(false)
    }

    /// The sentence index of token `t`.
    pub(crate) fn sent_of(&self, t: usize) -> Option<usize> {
        self.sent_of.get(t).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_list_names_a_word_once() {
        for (name, list) in [
            ("ORG_WORDS", ORG_WORDS),
            ("CAP_STOP", CAP_STOP),
            ("PARTICLES", PARTICLES),
            ("AUX", AUX),
            ("DETS", DETS),
            ("NOT_NOUN", NOT_NOUN),
            ("ROLE_NOUNS", ROLE_NOUNS),
        ] {
            let mut seen = rustc_hash::FxHashSet::default();
            for w in list {
                assert!(seen.insert(*w), "{name}: {w} twice");
            }
        }
    }
}
