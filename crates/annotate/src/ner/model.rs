//! The tagger's weights: for each hashed feature, the few tags it has a
//! non-zero weight for (most features matter to two or three of the 17 tags),
//! in an open-addressing table keyed by the upper 32 bits of the feature hash.
//! On disk: magic, counts, a scale, then per feature its key, a bit mask of its
//! tags and one i16 per set bit (16-bit weights lose nothing measurable and
//! keep the file small).

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

pub struct Model {
    /// Slot -> key (high 32 bits, 0 = empty), start in `entries` (27 bits)
    /// and entry count (5 bits): one cache line read finds a feature's row.
    slots: Vec<u64>,
    /// (tag, weight) pairs, grouped per feature.
    entries: Vec<(u8, f32)>,
    mask: usize,
    len: usize,
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
            entries: Vec::new(),
            mask: cap - 1,
            len: sorted.len(),
        };
        for (k, r) in sorted {
            let mut s = slot_of(k, m.mask);
            let start = m.entries.len() as u64;
            if start >= 1 << 27 {
                // Far beyond any model trained here (134M weights); keep what fits.
                break;
            }
            while m.slots[s] != 0 {
                s = (s + 1) & m.mask;
            }
            m.entries.extend(
                r.iter()
                    .enumerate()
                    .filter(|(_, w)| **w != 0.0)
                    .map(|(t, w)| (t as u8, *w)),
            );
            let count = m.entries.len() as u64 - start;
            m.slots[s] = (u64::from(k) << 32) | (start << 5) | count;
        }
        m
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held by the weight table (an estimate of resident memory).
    pub fn memory_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<u64>()
            + self.entries.len() * std::mem::size_of::<(u8, f32)>()
    }

    fn rows(&self) -> Vec<(u32, &[(u8, f32)])> {
        let mut rows: Vec<(u32, &[(u8, f32)])> = self
            .slots
            .iter()
            .filter(|&&slot| slot != 0)
            .map(|&slot| ((slot >> 32) as u32, self.row(slot)))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }

    #[inline]
    fn row(&self, slot: u64) -> &[(u8, f32)] {
        let start = ((slot >> 5) & 0x7ff_ffff) as usize;
        let count = (slot & 0x1f) as usize;
        self.entries.get(start..start + count).unwrap_or(&[])
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let rows = self.rows();
        let max = self.entries.iter().fold(0f32, |m, e| m.max(e.1.abs()));
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
                .map(|&(t, w)| (t, quantize(w)))
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
    /// The slot holding `feat`'s row, 0 (an empty row) when it has none.
    #[inline]
    fn find(&self, feat: u64) -> u64 {
        let k = key_of(feat);
        let mut s = slot_of(k, self.mask);
        loop {
            let slot = self.slots[s];
            if (slot >> 32) as u32 == k || slot == 0 {
                return slot;
            }
            s = (s + 1) & self.mask;
        }
    }

    #[inline]
    fn add_row(&self, slot: u64, scores: &mut [f32; N_TAGS]) {
        for &(t, w) in self.row(slot) {
            scores[t as usize] += w;
        }
    }
}

impl Scorer for Model {
    #[inline]
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_TAGS]) {
        self.add_row(self.find(feat), scores);
    }

    /// The table is far bigger than the CPU caches, so most look-ups miss:
    /// finding a batch of slots first lets those misses overlap instead of
    /// each waiting for the previous row to be summed. Rows are still added
    /// in feature order, so the sums are exactly those of `add_scores`.
    fn add_all(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        let mut slots = [0u64; LOOKAHEAD];
        for chunk in feats.chunks(LOOKAHEAD) {
            for (slot, &f) in slots.iter_mut().zip(chunk) {
                *slot = self.find(f);
            }
            for &slot in &slots[..chunk.len()] {
                self.add_row(slot, scores);
            }
        }
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
}
