//! Statistical named-entity tagger (person, organization, location, misc):
//! a greedy left-to-right averaged perceptron over hashed features, trained on
//! CoNLL-2003 by `train`, shipped as `data/ner.model`.

pub mod conll;
pub mod features;
pub mod hash;
pub mod model;
pub mod tagger;
pub mod train;

pub use model::Model;
pub use tagger::{default_model, tag_document, SHIPPED_MODEL};
pub use train::{train, TrainOptions, TrainReport};

/// IOB2 labels, in a fixed order shared by the model file.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
pub const N_LABELS: usize = LABELS.len();

/// Label index of a tag string; unknown tags (and IOB1 leftovers) map sensibly.
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// Entity type of a label ("PER" ...), `None` for O.
pub fn label_type(label: usize) -> Option<&'static str> {
    LABELS
        .get(label)
        .and_then(|l| l.get(2..))
        .filter(|t| !t.is_empty())
}

pub fn is_begin(label: usize) -> bool {
    label % 2 == 1
}

/// Whether `label` may follow `prev` in IOB2 (I-X only after B-X or I-X).
pub fn allowed(prev: usize, label: usize) -> bool {
    label == 0 || is_begin(label) || (prev != 0 && prev.div_ceil(2) == label.div_ceil(2))
}

/// One sentence of words with gold labels (empty `labels` when untagged).
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub labels: Vec<usize>,
}

/// Sentences of one article: document-level features look across all of them.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_constraints() {
        assert!(allowed(0, label_index("B-PER")));
        assert!(!allowed(0, label_index("I-PER")));
        assert!(allowed(label_index("B-PER"), label_index("I-PER")));
        assert!(allowed(label_index("I-PER"), label_index("I-PER")));
        assert!(!allowed(label_index("B-ORG"), label_index("I-PER")));
        assert_eq!(label_type(label_index("I-MISC")), Some("MISC"));
        assert_eq!(label_type(0), None);
    }
}
