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

static CLUSTERS: LazyLock<FxHashMap<&'static str, Cluster>> =
    LazyLock::new(|| parse(include_str!("../../data/clusters.tsv")));

/// Parses `word TAB fine TAB coarse` lines; malformed lines are skipped.
pub fn parse(text: &str) -> FxHashMap<&str, Cluster> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = f.next()?;
            let fine = f.next()?.parse().ok()?;
            let coarse = f.next()?.parse().ok()?;
            Some((w, (fine, coarse)))
        })
        .collect()
}

/// Words with a cluster, and the bytes their table takes (the words
/// themselves stay in the binary); loads the table.
pub fn table_size() -> (usize, usize) {
    let map = &*CLUSTERS;
    let entry = std::mem::size_of::<(&str, Cluster)>() + 1;
    (map.len(), map.capacity() * entry)
}

/// The cluster of `word` as written, else of its title-case form when it is
/// all caps ("GOOGLE" as "Google"), else of its lower-case form.
pub fn cluster(word: &str, lower: &str) -> Cluster {
    let map = &*CLUSTERS;
    if let Some(&c) = map.get(word) {
        return c;
    }
    let mut chars = lower.chars();
    if let Some(first) = chars.next() {
        if word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase) {
            let title: String = first.to_uppercase().chain(chars).collect();
            if let Some(&c) = map.get(title.as_str()) {
                return c;
            }
        }
    }
    map.get(lower).copied().unwrap_or(NONE)
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
    }
}
