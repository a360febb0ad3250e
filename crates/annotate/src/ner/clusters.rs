//! Word clusters learned from unlabeled news text (`examples/build_clusters`,
//! shipped as `data/clusters.tsv`: word, fine cluster, coarse cluster). A
//! word the tagger never saw in training still tells its neighbourhood: a
//! new company name sits with the companies, a new city with the cities.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Fine and coarse cluster of a word.
pub type Cluster = (u16, u16);

/// What words without a cluster get.
pub const NONE: Cluster = (u16::MAX, u16::MAX);

/// Each word's cluster and its line in the file (the file lists words most
/// frequent first, so the line is a frequency rank).
static CLUSTERS: LazyLock<FxHashMap<&'static str, (Cluster, u32)>> =
    LazyLock::new(|| parse(include_str!("../../data/clusters.tsv")));

/// Parses `word TAB fine TAB coarse` lines; malformed lines are skipped.
pub fn parse(text: &str) -> FxHashMap<&str, (Cluster, u32)> {
    text.lines()
        .zip(0u32..)
        .filter_map(|(l, rank)| {
            let mut f = l.split('\t');
            let w = f.next()?;
            let fine = f.next()?.parse().ok()?;
            let coarse = f.next()?.parse().ok()?;
            Some((w, ((fine, coarse), rank)))
        })
        .collect()
}

/// Whether `word` (as written) was seen more often in the clusters' text
/// than `other`: "army" than "Army", but not "trump" than "Trump". A word
/// unseen there is seen less often than any seen one.
pub fn more_frequent(word: &str, other: &str) -> bool {
    let map = &*CLUSTERS;
    match (map.get(word), map.get(other)) {
        (Some(a), Some(b)) => a.1 < b.1,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A word more often written in lower case than capitalized in news text
/// ("army", "analysts"; not "trump" or "bush") and no known first name (SSA;
/// "Rose" stays a name): the census surname list holds such words too, so it
/// is no evidence.
pub fn common_word(lower: &str, written: &str) -> bool {
    super::person_names::name_bits(lower) & 1 == 0 && more_frequent(lower, written)
}

/// Words with a cluster, and the bytes their table takes (the words
/// themselves stay in the binary); loads the table.
pub fn table_size() -> (usize, usize) {
    let map = &*CLUSTERS;
    let entry = std::mem::size_of::<(&str, (Cluster, u32))>() + 1;
    (map.len(), map.capacity() * entry)
}

/// The cluster of `word` as written, else of its title-case form when it is
/// all caps ("GOOGLE" as "Google"), else of its lower-case form.
pub fn cluster(word: &str, lower: &str) -> Cluster {
    let map = &*CLUSTERS;
    if let Some(&(c, _)) = map.get(word) {
        return c;
    }
    let mut chars = lower.chars();
    if let Some(first) = chars.next() {
        if word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase) {
            let title: String = first.to_uppercase().chain(chars).collect();
            if let Some(&(c, _)) = map.get(title.as_str()) {
                return c;
            }
        }
    }
    map.get(lower).map_or(NONE, |&(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_clusters_parse_and_headlines_fall_back() {
        assert!(CLUSTERS.len() > 10_000);
        let said = cluster("said", "said");
        assert_ne!(said, NONE);
        // All caps reads as the title-case form when there is one.
        assert_eq!(cluster("SAID", "said"), cluster("Said", "said"));
        assert_ne!(cluster("SAID", "said"), NONE);
        assert_eq!(cluster("qqqzzzx", "qqqzzzx"), NONE);
        assert_eq!(parse("a\t1\t2\nbad\tx\n\n").len(), 1);
        // The file is in frequency order: "said" before "Said".
        assert!(more_frequent("said", "Said") && !more_frequent("Said", "said"));
        assert!(!more_frequent("qqqzzzx", "said") && more_frequent("said", "qqqzzzx"));
    }
}
