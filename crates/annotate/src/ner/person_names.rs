//! Whether a word is a known first name (SSA, `data/first_names.tsv`) or
//! surname (US Census 2010, `data/surnames.txt`): evidence for people that
//! does not depend on the names of the training data.

use std::sync::LazyLock;

/// Sorted (the build script sorts), so a binary search finds a name: far
/// quicker to load than a hash set of 160k names.
static SURNAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&str> = include_str!("../../data/surnames.txt").lines().collect();
    if !v.is_sorted() {
        v.sort_unstable();
    }
    v.shrink_to_fit();
    v
});

/// Surnames known, and the bytes their table takes (the names themselves
/// stay in the binary); loads the table.
pub fn surname_table_size() -> (usize, usize) {
    let set = &*SURNAMES;
    (set.len(), set.capacity() * std::mem::size_of::<&str>())
}

/// Bit 0: a known first name; bit 1: a known surname (`lower` is lower case).
pub fn name_bits(lower: &str) -> u8 {
    u8::from(crate::lexicon::first_name(lower).is_some())
        | (u8::from(SURNAMES.binary_search(&lower).is_ok()) << 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn census_and_ssa_names() {
        assert_eq!(super::name_bits("johnson") & 2, 2);
        assert_eq!(super::name_bits("mary") & 1, 1);
        assert_eq!(super::name_bits("qqqzzzx"), 0);
    }
}
