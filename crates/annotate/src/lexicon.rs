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
    fn lists_have_no_duplicates() {
        no_duplicates("TITLES", TITLES);
        no_duplicates("FEMALE_TITLES", FEMALE_TITLES);
        no_duplicates("MALE_TITLES", MALE_TITLES);
        no_duplicates("POST_NOMINALS", POST_NOMINALS);
        no_duplicates("ORG_TYPE_NOUNS", ORG_TYPE_NOUNS);
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
