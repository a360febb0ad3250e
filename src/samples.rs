//! The sample corpus shipped in the binary: loaded into an empty database on first
//! start, so a new user has real articles to filter.

use crate::ingest::files::{from_json_lines, read_text, Record};

const SEED: &str = include_str!("../data/samples/venezuela-labor-videoconference.txt");
/// Wikinews, CC BY 2.5: see data/samples/WIKINEWS-LICENSE.md.
const WIKINEWS: &str = include_str!("../data/samples/wikinews.jsonl");

/// Every sample article, the seed article first.
pub fn records() -> Vec<Record> {
    let mut out = read_text("data/samples/venezuela-labor-videoconference.txt", SEED);
    out.extend(from_json_lines("data/samples/wikinews.jsonl", WIKINEWS));
    out
}
