//! The tagger's weights: one row of label scores per hashed feature, in an
//! open-addressing table keyed by the upper 32 bits of the feature hash.
//! On disk: magic, counts, a scale, the keys, then the rows as i16 (weights
//! quantized to 16 bits keep the file at a few MB with no measurable loss).

use super::N_LABELS;

/// Anything that can add a feature's label scores (the model, or the
/// weights being trained).
pub trait Scorer {
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_LABELS]);
}

pub struct Model {
    /// Slot -> key (0 = empty).
    keys: Vec<u32>,
    /// Slot -> row of label weights.
    rows: Vec<[f32; N_LABELS]>,
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
            ModelError::Labels(n) => write!(f, "model has {n} labels, expected {N_LABELS}"),
        }
    }
}

impl std::error::Error for ModelError {}

const MAGIC: &[u8; 8] = b"QWNER001";

/// The 32-bit key a 64-bit feature hash is stored under (never 0).
pub fn key_of(feat: u64) -> u32 {
    ((feat >> 32) as u32).max(1)
}

fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) as usize >> 7) & mask
}

impl Model {
    /// Builds a model from (key, row) pairs; rows under the same key are summed.
    pub fn from_rows(rows: impl IntoIterator<Item = (u32, [f32; N_LABELS])>) -> Model {
        let rows: Vec<(u32, [f32; N_LABELS])> = rows.into_iter().collect();
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut m = Model {
            keys: vec![0; cap],
            rows: vec![[0.0; N_LABELS]; cap],
            mask: cap - 1,
            len: 0,
        };
        for (k, r) in rows {
            let k = k.max(1);
            let mut s = slot_of(k, m.mask);
            while m.keys[s] != 0 && m.keys[s] != k {
                s = (s + 1) & m.mask;
            }
            if m.keys[s] == 0 {
                m.keys[s] = k;
                m.len += 1;
            }
            for (a, b) in m.rows[s].iter_mut().zip(r) {
                *a += b;
            }
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
        self.keys.len() * std::mem::size_of::<u32>()
            + self.rows.len() * std::mem::size_of::<[f32; N_LABELS]>()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(u32, &[f32; N_LABELS])> = self
            .keys
            .iter()
            .zip(&self.rows)
            .filter(|(k, _)| **k != 0)
            .map(|(k, r)| (*k, r))
            .collect();
        entries.sort_by_key(|e| e.0);
        let max = entries
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut out = Vec::with_capacity(20 + entries.len() * (4 + 2 * N_LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, _) in &entries {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, r) in &entries {
            for w in r.iter() {
                let q = (w / scale)
                    .round()
                    .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
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
        let word =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let labels = word(8) as usize;
        if labels != N_LABELS {
            return Err(ModelError::Labels(labels));
        }
        let n = word(12) as usize;
        let scale = f32::from_bits(word(16));
        let keys_end = 20 + n * 4;
        let end = keys_end + n * N_LABELS * 2;
        if bytes.len() < end {
            return Err(ModelError::Truncated);
        }
        let keys = bytes[20..keys_end]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let rows = bytes[keys_end..end].chunks_exact(2 * N_LABELS).map(|c| {
            let mut r = [0f32; N_LABELS];
            for (j, w) in r.iter_mut().enumerate() {
                *w = f32::from(i16::from_le_bytes([c[2 * j], c[2 * j + 1]])) * scale;
            }
            r
        });
        Ok(Model::from_rows(keys.zip(rows)))
    }
}

impl Scorer for Model {
    #[inline]
    fn add_scores(&self, feat: u64, scores: &mut [f32; N_LABELS]) {
        let k = key_of(feat);
        let mut s = slot_of(k, self.mask);
        loop {
            let found = self.keys[s];
            if found == k {
                for (a, b) in scores.iter_mut().zip(&self.rows[s]) {
                    *a += b;
                }
                return;
            }
            if found == 0 {
                return;
            }
            s = (s + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut r = [0f32; N_LABELS];
        r[1] = 2.0;
        r[3] = -1.0;
        let m = Model::from_rows([(7, r), (9, [0.5; N_LABELS])]);
        let back = Model::from_bytes(&m.to_bytes()).expect("valid model");
        assert_eq!(back.len(), 2);
        let mut s = [0f32; N_LABELS];
        back.add_scores(7u64 << 32, &mut s);
        assert!((s[1] - 2.0).abs() < 1e-3 && (s[3] + 1.0).abs() < 1e-3);
        assert_eq!(
            Model::from_bytes(b"nope").err(),
            Some(ModelError::Truncated)
        );
    }
}
