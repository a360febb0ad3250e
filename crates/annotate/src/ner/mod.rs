//! Statistical named-entity tagger (person, organization, location, misc):
//! a greedy left-to-right averaged perceptron over hashed features, trained on
//! CoNLL-2003 by `train`, shipped as `data/ner.model`.

pub mod clusters;
pub mod conll;
pub mod features;
pub mod gold;
pub mod gum;
pub mod hash;
pub mod heads;
pub mod lines;
pub mod model;
pub mod person_names;
pub mod recase;
pub mod tagger;
pub mod train;

pub use model::Model;
pub use tagger::{default_model, tag_document, tag_document_with_margins, SHIPPED_MODEL};
pub use train::{train, train_conll, TrainOptions, TrainReport};

/// IOB2 labels, the tagger's interface (`tag_document` returns indices into this).
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

/// The tagger works internally with BILOU tags (Begin, Inside, Last, Unit),
/// which mark entity ends explicitly: 0 = O, then B, I, L, U for each type.
pub const N_TAGS: usize = 17;

/// Entity type of a BILOU tag: 0 for O, 1 PER, 2 ORG, 3 LOC, 4 MISC.
pub fn tag_type(tag: usize) -> usize {
    if tag == 0 {
        0
    } else {
        (tag - 1) / 4 + 1
    }
}

fn tag_pos(tag: usize) -> usize {
    (tag + 3) % 4 // 0 B, 1 I, 2 L, 3 U
}

/// Whether `tag` may follow `prev`: after B or I only I or L of the same type.
pub fn tag_allowed(prev: usize, tag: usize) -> bool {
    let open = prev != 0 && tag_pos(prev) < 2;
    let continues = tag != 0 && matches!(tag_pos(tag), 1 | 2);
    if open {
        continues && tag_type(tag) == tag_type(prev)
    } else {
        !continues
    }
}

/// IOB2 labels to BILOU tags (an I after another type counts as a start).
pub fn bilou_from_iob2(labels: &[usize]) -> Vec<usize> {
    let ty = |l: usize| l.div_ceil(2);
    (0..labels.len())
        .map(|i| {
            let l = labels[i];
            if l == 0 {
                return 0;
            }
            let begins = is_begin(l) || i == 0 || ty(labels[i - 1]) != ty(l);
            let next = labels.get(i + 1).copied().unwrap_or(0);
            let goes_on = next != 0 && !is_begin(next) && ty(next) == ty(l);
            let pos = match (begins, goes_on) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            1 + 4 * (ty(l) - 1) + pos
        })
        .collect()
}

/// BILOU tags back to IOB2 labels.
pub fn iob2_from_bilou(tags: &[usize]) -> Vec<usize> {
    tags.iter()
        .map(|&t| match t {
            0 => 0,
            t if matches!(tag_pos(t), 0 | 3) => 2 * tag_type(t) - 1,
            t => 2 * tag_type(t),
        })
        .collect()
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
    fn bilou_round_trip_and_constraints() {
        let iob: Vec<usize> = [
            "B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "I-ORG",
        ]
        .iter()
        .map(|t| label_index(t))
        .collect();
        let bilou = bilou_from_iob2(&iob);
        // B I L O U U B L
        assert_eq!(bilou, vec![1, 2, 3, 0, 12, 12, 5, 7]);
        assert_eq!(iob2_from_bilou(&bilou)[..6], iob[..6]);
        assert_eq!(iob2_from_bilou(&bilou)[6], label_index("B-ORG"));
        for w in bilou.windows(2) {
            assert!(tag_allowed(w[0], w[1]));
        }
        assert!(
            tag_allowed(0, 0) && !tag_allowed(1, 0) && !tag_allowed(0, 2) && !tag_allowed(1, 7)
        );
        assert_eq!(label_type(label_index("I-MISC")), Some("MISC"));
        assert_eq!(label_type(0), None);
    }
}
