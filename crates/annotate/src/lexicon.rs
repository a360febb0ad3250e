//! Word lists shared by the stages that need them, each list once and each from a
//! real resource or closed class of English, never from evaluation texts.
//!
//! First names come from the US Social Security Administration's baby-name
//! counts (public domain, see `data/FIRST-NAMES-LICENSE.md`): a name's gender is
//! known only when nearly all its bearers share it.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// First names (lower case) with their gender, `Unknown` for names both carry.
fn first_names() -> &'static FxHashMap<&'static str, Gender> {
    static MAP: OnceLock<FxHashMap<&'static str, Gender>> = OnceLock::new();
    MAP.get_or_init(|| {
        include_str!("../data/first_names.tsv")
            .lines()
            .filter_map(|l| {
                let (name, g) = l.split_once('\t')?;
                let g = match g {
                    "F" => Gender::Female,
                    "M" => Gender::Male,
                    _ => Gender::Unknown,
                };
                Some((name, g))
            })
            .collect()
    })
}

/// The gender a first name tells, if the word is a known first name at all.
pub(crate) fn first_name(lower: &str) -> Option<Gender> {
    first_names().get(lower).copied()
}

/// What an abbreviation with a final dot stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbr {
    /// Stands before a name (`Mr.`, `Sen.`, `St.`): no sentence ends after it.
    Title,
    /// A US state (`Calif.`, `Va.`).
    Place,
    Other,
}

/// Abbreviations that keep their final dot, written without it and compared
/// case-sensitively (the tokenizer reads them so; the tagger was trained on
/// that tokenization). The one table of the engine.
#[rustfmt::skip]
const ABBREVIATIONS: &[(&str, Abbr)] = {
    use Abbr::{Other as O, Place as P, Title as T};
    &[
        ("Mr", T), ("Mrs", T), ("Ms", T), ("Dr", T), ("Prof", T), ("Sr", O), ("Jr", O), ("St", T),
        ("Mt", T), ("Ft", O), ("Gen", T), ("Gov", T), ("Sen", T), ("Rep", T), ("Rev", T),
        ("Col", T), ("Capt", T), ("Lt", T), ("Sgt", T), ("Cmdr", T), ("Adm", T), ("Maj", T),
        ("Pres", T), ("Supt", O), ("Hon", T), ("Messrs", T), ("Inc", O), ("Corp", O), ("Ltd", O),
        ("Co", O), ("Bros", O), ("Plc", O), ("Cie", O), ("Dept", O), ("Univ", O), ("Assn", O),
        ("Jan", O), ("Feb", O), ("Mar", O), ("Apr", O), ("Jun", O), ("Jul", O), ("Aug", O),
        ("Sep", O), ("Sept", O), ("Oct", O), ("Nov", O), ("Dec", O), ("Tue", O), ("Wed", O),
        ("Thu", O), ("Fri", O), ("No", T), ("Nos", O), ("vs", O), ("etc", O), ("approx", O),
        ("est", O), ("Ave", O), ("Blvd", O), ("Rd", O), ("ca", O), ("Ala", P), ("Ariz", P),
        ("Ark", P), ("Calif", P), ("Colo", P), ("Conn", P), ("Fla", P), ("Ga", P), ("Kan", P),
        ("Ky", P), ("Md", P), ("Mich", P), ("Minn", P), ("Mont", P), ("Neb", P), ("Nev", P),
        ("Okla", P), ("Tenn", P), ("Tex", P), ("Va", P), ("Vt", P), ("Wis", P), ("Wyo", P),
        ("a.m", O), ("p.m", O), ("U.S", O), ("U.K", O), ("U.N", O), ("e.g", O), ("i.e", O),
    ]
};

/// The kind of `word` (without its dot) if it is an abbreviation.
pub(crate) fn abbreviation(word: &str) -> Option<Abbr> {
    static MAP: OnceLock<FxHashMap<&'static str, Abbr>> = OnceLock::new();
    MAP.get_or_init(|| ABBREVIATIONS.iter().copied().collect())
        .get(word)
        .copied()
}

/// Capitalized words that usually open a sentence: after an abbreviation such
/// as `U.S.` a capitalized word is normally a name, unless it is one of these.
#[rustfmt::skip]
pub(crate) const SENTENCE_OPENERS: &[&str] = &[
    "He", "She", "It", "They", "We", "I", "You", "The", "This", "That", "These", "Those", "There",
    "But", "And", "In", "On", "At", "A", "An", "His", "Her", "Their", "Our", "Its", "If", "When",
    "As", "After", "Before", "However", "Meanwhile", "Some", "Many", "Most", "No", "Yet", "So",
];

/// Titles written before a person's name and kept apart from it.
#[rustfmt::skip]
pub(crate) const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "sen", "senator", "rep",
    "representative", "gov", "governor", "chairwoman", "chairman", "chair", "secretary", "minister",
    "judge", "gen", "general", "lt", "col", "capt", "sgt", "pope", "rev", "reverend", "mayor",
    "ambassador", "justice", "speaker", "commissioner", "deputy", "king", "queen", "prince",
    "princess", "sheikh", "sir", "dame", "lord", "lady", "first", "vice", "prime", "premier",
    "chancellor", "attorney", "congressman", "congresswoman", "councilman", "councilwoman",
    "councillor", "sheriff", "chief", "director", "coach", "officer", "pastor", "father", "rabbi",
    "imam", "bishop", "cardinal", "hon", "messrs", "former", "candidate", "nominee", "leader",
    "spokesman", "spokeswoman", "spokesperson", "founder", "ceo",
];

/// Titles that tell a woman.
#[rustfmt::skip]
pub(crate) const FEMALE_TITLES: &[&str] = &[
    "mrs", "ms", "miss", "chairwoman", "queen", "princess", "dame", "lady", "congresswoman",
    "councilwoman", "spokeswoman",
];

/// Titles that tell a man.
#[rustfmt::skip]
pub(crate) const MALE_TITLES: &[&str] = &[
    "mr", "king", "prince", "sir", "lord", "congressman", "councilman", "spokesman", "father",

];

/// Nouns that name a kind of organization: `the company said` is the company
/// the article named last.
#[rustfmt::skip]
pub(crate) const ORG_TYPE_NOUNS: &[&str] = &[
    "company", "firm", "airline", "carrier", "agency", "group", "organization", "organisation",
    "ministry", "department", "government", "court", "council", "university", "party", "union",
    "club", "team", "bank", "network", "newspaper", "broadcaster", "institute", "committee",
    "commission", "board", "authority", "administration", "manufacturer", "automaker", "retailer",
    "insurer", "regulator", "charity", "foundation", "association", "federation", "league",
    "campaign", "coalition", "alliance", "studio", "publisher", "hospital", "school", "college",
    "force", "service", "office", "bureau", "corporation", "conglomerate", "startup", "utility",
];

/// Words that end an organization's name without being a kind of
/// organization a text refers back to (`... Society`, `... Times`); with
/// `ORG_TYPE_NOUNS` and the legal forms (`data/legal_forms.txt`) the heads of
/// organization names.
#[rustfmt::skip]
pub(crate) const ORG_NAME_HEADS: &[&str] = &[
    "society", "trust", "airlines", "fund", "forces", "army", "navy", "police",
    "times", "post", "journal", "news",
];

/// Nouns for a written or spoken document: `the statement said` is its
/// author's, the person or body the article gave that document to.
#[rustfmt::skip]
pub(crate) const DOCUMENT_NOUNS: &[&str] = &[
    "statement", "filing", "report", "request", "announcement", "decree", "release", "letter",
    "document", "memo", "memorandum", "complaint", "lawsuit", "ruling", "order", "notice",
    "description", "post", "tweet", "message", "email", "e-mail", "petition", "motion",
    "proposal", "communique", "communiqué", "affidavit", "indictment", "verdict", "judgment",
    "judgement", "transcript", "plan", "plans", "bulletin", "advisory", "directive", "circular",
];

/// Nouns that end the name of a place or structure (`Harbour Bridge`, `Rocky
/// Mountains`): such a name is never a person, whatever the tagger says.
#[rustfmt::skip]
pub(crate) const PLACE_HEAD_NOUNS: &[&str] = &[
    "bridge", "mountain", "mountains", "river", "lake", "sea", "ocean", "bay", "island", "islands",
    "valley", "hill", "hills", "canyon", "desert", "forest", "park", "street", "avenue", "road",
    "square", "tower", "building", "airport", "station", "stadium", "arena", "canal", "dam",
    "peninsula", "strait", "gulf", "coast", "beach", "falls", "glacier", "volcano", "harbour",
    "harbor", "port", "highway", "motorway", "tunnel", "palace", "castle", "cathedral",
    "mosque", "temple", "church", "museum",
];

/// Words that end the name of an area rather than of a feature (`... County`);
/// with `PLACE_HEAD_NOUNS` the heads of place names.
pub(crate) const PLACE_NAME_HEADS: &[&str] = &["county", "province"];

/// Nouns that end the name of a law, treaty, event or award (`... Act`,
/// `... War`, `... Cup`): names that are none of person, organization, place.
#[rustfmt::skip]
pub(crate) const MISC_NAME_HEADS: &[&str] = &[
    "act", "bill", "law", "treaty", "accord", "agreement", "convention", "declaration",
    "protocol", "doctrine", "war", "revolution", "crisis", "award", "awards", "prize", "trophy",
    "cup", "games", "olympics", "championship", "championships", "festival", "summit",
];

/// Honours and degrees written after a name (`Jane Roe QC`), not part of it.
#[rustfmt::skip]
pub(crate) const POST_NOMINALS: &[&str] = &[
    "qc", "kc", "mp", "mep", "obe", "mbe", "cbe", "kbe", "dbe", "phd", "esq",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn no_duplicates(name: &str, list: &[&str]) {
        let mut seen = rustc_hash::FxHashSet::default();
        for w in list {
            assert!(seen.insert(*w), "{name}: {w} twice");
            assert_eq!(w.to_lowercase(), *w, "{name}: {w} not lower case");
        }
    }

    #[test]
    fn abbreviations_and_openers_have_no_duplicates() {
        let mut seen = rustc_hash::FxHashSet::default();
        for (w, _) in ABBREVIATIONS {
            assert!(seen.insert(*w), "ABBREVIATIONS: {w} twice");
            assert!(!w.ends_with('.'), "ABBREVIATIONS: {w} written with its dot");
        }
        let mut seen = rustc_hash::FxHashSet::default();
        for w in SENTENCE_OPENERS {
            assert!(seen.insert(*w), "SENTENCE_OPENERS: {w} twice");
        }
        assert_eq!(abbreviation("Sen"), Some(Abbr::Title));
        assert_eq!(abbreviation("Va"), Some(Abbr::Place));
        assert_eq!(abbreviation("sen"), None);
    }

    #[test]
    fn lists_have_no_duplicates() {
        no_duplicates("TITLES", TITLES);
        no_duplicates("FEMALE_TITLES", FEMALE_TITLES);
        no_duplicates("MALE_TITLES", MALE_TITLES);
        no_duplicates("POST_NOMINALS", POST_NOMINALS);
        no_duplicates("ORG_TYPE_NOUNS", ORG_TYPE_NOUNS);
        no_duplicates("DOCUMENT_NOUNS", DOCUMENT_NOUNS);
        no_duplicates("PLACE_HEAD_NOUNS", PLACE_HEAD_NOUNS);
        for w in ORG_NAME_HEADS {
            assert!(
                !ORG_TYPE_NOUNS.contains(w),
                "{w} in both organization lists"
            );
        }
        no_duplicates("MISC_NAME_HEADS", MISC_NAME_HEADS);
        for w in PLACE_NAME_HEADS {
            assert!(!PLACE_HEAD_NOUNS.contains(w), "{w} in both place lists");
        }
        for t in FEMALE_TITLES {
            assert!(!MALE_TITLES.contains(t), "{t} both female and male");
        }
    }

    #[test]
    fn first_names_tell_gender_when_clear() {
        assert_eq!(first_name("mary"), Some(Gender::Female));
        assert_eq!(first_name("john"), Some(Gender::Male));
        assert_eq!(first_name("taylor"), Some(Gender::Unknown));
        assert_eq!(first_name("zzzq"), None);
    }

    #[test]
    fn first_name_file_is_sorted_and_unique() {
        let names: Vec<&str> = include_str!("../data/first_names.tsv")
            .lines()
            .filter_map(|l| l.split_once('\t').map(|(n, _)| n))
            .collect();
        assert!(names.len() > 1000);
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }
}
