//! The tagger's weights: one dense row of all 17 tag weights per hashed
//! feature, found through an open-addressing table keyed by the upper 32 bits
//! of the feature hash. On disk: magic, counts, a scale, then per feature its
//! key, a bit mask of its non-zero tags and one i16 per set bit (16-bit
//! weights lose nothing measurable and keep the file small).

use super::N_TAGS;

/// Anything that can add a feature's tag scores (the model, or the weights
/// being trained).
pub trait Scorer {
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_TAGS]);

    /// Adds the scores of `feats`, in order.
    fn add_all(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for &f in feats {
            self.add_scores(f, scores);
        }
    }
}

/// Features looked up together before their rows are read (see `add_all`).
const LOOKAHEAD: usize = 32;

/// Row 0 is all zeros: what features without weights add.
const NO_ROW: u32 = 0;

pub struct Model {
    /// Slot -> key (high 32 bits, 0 = empty) and index in `rows` (low 32 bits).
    slots: Vec<u64>,
    /// Dense rows: adding all 17 weights (zeros included) is a few vector
    /// additions, far cheaper than walking a sparse (tag, weight) list, and
    /// adding +0.0 leaves every sum unchanged (scores start at +0.0 and can
    /// never become -0.0), so the scores are exactly the sparse ones.
    rows: Vec<[f32; N_TAGS]>,
    mask: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    BadMagic,
    Truncated,
    Labels(usize),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a quotewire NER model"),
            ModelError::Truncated => write!(f, "model file is truncated"),
            ModelError::Labels(n) => write!(f, "model has {n} tags, expected {N_TAGS}"),
        }
    }
}

impl std::error::Error for ModelError {}

const MAGIC: &[u8; 8] = b"QWNER003";

/// The 32-bit key a 64-bit feature hash is stored under (never 0).
pub fn key_of(feat: u64) -> u32 {
    ((feat >> 32) as u32).max(1)
}

fn slot_of(key: u32, mask: usize) -> usize {
    ((u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize) & mask
}

impl Model {
    /// Builds a model from (key, row) pairs; rows under the same key are summed.
    pub fn from_rows(rows: impl IntoIterator<Item = (u32, [f32; N_TAGS])>) -> Model {
        let mut sorted: Vec<(u32, [f32; N_TAGS])> =
            rows.into_iter().map(|(k, r)| (k.max(1), r)).collect();
        // Stable sort: colliding keys are summed in input order (reproducible).
        sorted.sort_by_key(|e| e.0);
        sorted.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                for (a, b) in kept.1.iter_mut().zip(later.1) {
                    *a += b;
                }
            }
            same
        });
        let cap = (sorted.len() * 2).next_power_of_two().max(16);
        let mut m = Model {
            slots: vec![0; cap],
            rows: Vec::with_capacity(sorted.len() + 1),
            mask: cap - 1,
        };
        m.rows.push([0.0; N_TAGS]); // NO_ROW
        for (k, r) in sorted {
            let Ok(index) = u32::try_from(m.rows.len()) else {
                // Far beyond any model trained here (4G features); keep what fits.
                break;
            };
            let mut s = slot_of(k, m.mask);
            while m.slots[s] != 0 {
                s = (s + 1) & m.mask;
            }
            m.rows.push(r);
            m.slots[s] = (u64::from(k) << 32) | u64::from(index);
        }
        m
    }

    /// The mean of several models' weights (a feature missing from one
    /// counts as zero there): steadier than any one shuffle's model.
    pub fn mean(models: &[Model]) -> Model {
        let k = models.len().max(1) as f32;
        Model::from_rows(models.iter().flat_map(|m| {
            m.keyed_rows().into_iter().map(move |(key, row)| {
                let mut r = *row;
                r.iter_mut().for_each(|x| *x /= k);
                (key, r)
            })
        }))
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.rows.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the weight table (an estimate of resident memory).
    pub fn memory_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<u64>()
            + self.rows.len() * std::mem::size_of::<[f32; N_TAGS]>()
    }

    /// (key, row) of every feature, by key.
    fn keyed_rows(&self) -> Vec<(u32, &[f32; N_TAGS])> {
        let mut rows: Vec<(u32, &[f32; N_TAGS])> = self
            .slots
            .iter()
            .filter(|&&slot| slot != 0)
            .map(|&slot| ((slot >> 32) as u32, self.row(slot as u32)))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }

    #[inline]
    fn row(&self, index: u32) -> &[f32; N_TAGS] {
        // Indexes come from `slots`, built with `rows`: always in range.
        self.rows.get(index as usize).unwrap_or(&self.rows[0])
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let rows = self.keyed_rows();
        let max = self.rows.iter().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let quantize = |w: f32| {
            (w / scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
        };
        let mut out = Vec::with_capacity(20 + rows.len() * 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, r) in rows {
            let kept: Vec<(u8, i16)> = r
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(t, &w)| (t as u8, quantize(w)))
                .filter(|e| e.1 != 0)
                .collect();
            let mask = kept.iter().fold(0u32, |m, &(t, _)| m | (1 << t));
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for (_, q) in kept {
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let header = bytes.get(..20).ok_or(ModelError::Truncated)?;
        if &header[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let u32_at = |i: usize| -> Result<u32, ModelError> {
            let b = bytes.get(i..i + 4).ok_or(ModelError::Truncated)?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let tags = u32_at(8)? as usize;
        if tags != N_TAGS {
            return Err(ModelError::Labels(tags));
        }
        let n = u32_at(12)? as usize;
        let scale = f32::from_bits(u32_at(16)?);
        let mut rows = Vec::with_capacity(n.min(bytes.len() / 8));
        let mut at = 20;
        for _ in 0..n {
            let key = u32_at(at)?;
            let mask = u32_at(at + 4)?;
            at += 8;
            let mut r = [0f32; N_TAGS];
            for (t, w) in r.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    let b = bytes.get(at..at + 2).ok_or(ModelError::Truncated)?;
                    *w = f32::from(i16::from_le_bytes([b[0], b[1]])) * scale;
                    at += 2;
                }
            }
            rows.push((key, r));
        }
        Ok(Model::from_rows(rows))
    }
}

impl Model {
    /// The row index of `feat`, `NO_ROW` when it has no weights.
    #[inline]
    fn find(&self, feat: u64) -> u32 {
        let k = key_of(feat);
        let mut s = slot_of(k, self.mask);
        loop {
            let slot = self.slots[s];
            if (slot >> 32) as u32 == k {
                return slot as u32;
            }
            if slot == 0 {
                return NO_ROW;
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// Adds a row to the scores, tag by tag (the compiler turns it into vector adds).
#[inline]
fn add_row(row: &[f32; N_TAGS], scores: &mut [f32; N_TAGS]) {
    for (s, w) in scores.iter_mut().zip(row) {
        *s += w;
    }
}

impl Scorer for Model {
    #[inline]
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_TAGS]) {
        add_row(self.row(self.find(feat)), scores);
    }

    /// The table is far bigger than the CPU caches, so most look-ups miss:
    /// finding a batch of rows first lets those misses overlap instead of
    /// each waiting for the previous row to be summed. Rows are still added
    /// in feature order, so the sums are exactly those of `add_scores`.
    fn add_all(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        // A local copy stays in registers across the whole batch.
        let mut sums = *scores;
        let mut rows = [NO_ROW; LOOKAHEAD];
        for chunk in feats.chunks(LOOKAHEAD) {
            for (row, &f) in rows.iter_mut().zip(chunk) {
                *row = self.find(f);
            }
            for &row in &rows[..chunk.len()] {
                add_row(self.row(row), &mut sums);
            }
        }
        *scores = sums;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut r = [0f32; N_TAGS];
        r[1] = 2.0;
        r[3] = -1.0;
        let m = Model::from_rows([(7, r), (9, [0.5; N_TAGS])]);
        let back = Model::from_bytes(&m.to_bytes()).expect("valid model");
        assert_eq!(back.len(), 2);
        let mut s = [0f32; N_TAGS];
        back.add_scores(7u64 << 32, &mut s);
        assert!((s[1] - 2.0).abs() < 1e-3 && (s[3] + 1.0).abs() < 1e-3);
        assert_eq!(
            Model::from_bytes(b"nope").err(),
            Some(ModelError::Truncated)
        );
    }

    #[test]
    fn mean_of_models_averages_shared_and_halves_lone_features() {
        let (mut a, mut b) = ([0f32; N_TAGS], [0f32; N_TAGS]);
        a[2] = 4.0;
        b[2] = 2.0;
        let m = Model::mean(&[
            Model::from_rows([(7, a), (8, a)]),
            Model::from_rows([(7, b)]),
        ]);
        assert_eq!(m.len(), 2);
        let score = |key: u64| {
            let mut s = [0f32; N_TAGS];
            m.add_scores(key << 32, &mut s);
            s[2]
        };
        assert_eq!(score(7), 3.0);
        assert_eq!(score(8), 2.0);
    }
}
