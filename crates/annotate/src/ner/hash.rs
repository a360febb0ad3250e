//! Feature hashing: every feature is a template id plus a few strings, hashed
//! to 64 bits (FNV-1a, then a mixer) without building the feature string.

#[derive(Clone, Copy)]
pub struct Fh(u64);

impl Fh {
    pub fn new(template: u8) -> Fh {
        Fh(0xcbf2_9ce4_8422_2325).byte(template)
    }

    #[inline]
    pub fn byte(self, b: u8) -> Fh {
        Fh((self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    /// Two bytes, low first (cluster ids).
    #[inline]
    pub fn u16(self, v: u16) -> Fh {
        let [lo, hi] = v.to_le_bytes();
        self.byte(lo).byte(hi)
    }

    #[inline]
    pub fn str(self, s: &str) -> Fh {
        // Whole 4-byte chunks first: a loop of known length is unrolled, which
        // leaves a load, an xor and a multiply per byte (most words have at
        // least 4 bytes), then the tail, also unrolled. Same bytes in the same
        // order, so the same hash.
        let mut h = self;
        let mut chunks = s.as_bytes().chunks_exact(4);
        for chunk in &mut chunks {
            for &b in chunk {
                h = h.byte(b);
            }
        }
        // The 0 to 3 bytes left, without a loop.
        h = match *chunks.remainder() {
            [a] => h.byte(a),
            [a, b] => h.byte(a).byte(b),
            [a, b, c] => h.byte(a).byte(b).byte(c),
            _ => h,
        };
        h.end_str()
    }

    /// Ends a string fed byte by byte: a separator so that ("ab","c") and
    /// ("a","bc") differ.
    #[inline]
    pub fn end_str(self) -> Fh {
        self.byte(0xff)
    }

    /// The final hash, never 0 (0 marks an empty slot in the model table).
    #[inline]
    pub fn finish(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x.max(1)
    }
}
