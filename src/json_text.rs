//! JSON output of long texts. serde_json escapes a string one byte at a time; a page
//! of articles carries tens of kilobytes of body text in which few bytes need an
//! escape, so the runs between them are found eight bytes at a time.

use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::value::RawValue;

/// `serialize_with` for long text fields: the same JSON string serde_json writes.
pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    RawValue::from_string(quote(text))
        .map_err(S::Error::custom)?
        .serialize(serializer)
}

/// `serialize` for an optional long text that is left out when `None`
/// (`skip_serializing_if = "Option::is_none"`), so only `Some` gets here.
pub fn serialize_some<S: Serializer>(
    text: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => serialize(text, serializer),
        None => serializer.serialize_none(),
    }
}

/// `text` as a JSON string literal, quotes included, escaped as serde_json does:
/// the two-character escapes where JSON has them, `\u00xx` for other control bytes.
pub fn quote(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 16 + 2);
    out.push('"');
    let mut run = 0;
    let mut at = 0;
    while let Some(i) = next_escape(bytes, at) {
        out.push_str(&text[run..i]);
        push_escape(&mut out, bytes[i]);
        run = i + 1;
        at = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
    out
}

const ONES: u64 = u64::MAX / 255;
const HIGHS: u64 = ONES << 7;

/// Whether any byte of the word is below 0x20, `"` or `\`.
fn any_escape(word: u64) -> bool {
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGHS != 0
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Index of the first byte at or after `from` that needs an escape. Escaped bytes
/// are ASCII, so every index returned is a char boundary.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut offset = 0;
    for w in words.by_ref() {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if any_escape(word) {
            break;
        }
        offset += 8;
    }
    rest[offset..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| from + offset + i)
}

fn push_escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        _ => {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde_json(text: &str) {
        assert_eq!(
            quote(text),
            serde_json::to_string(text).expect("a str serializes"),
            "{text:?}"
        );
    }

    #[test]
    fn every_ascii_byte_at_every_position_in_a_word() {
        for b in 0u8..128 {
            let c = char::from(b);
            for pad in 0..17 {
                let before = "é".repeat(pad / 2) + &"a".repeat(pad % 2);
                same_as_serde_json(&format!("{before}{c}tail of the text"));
                same_as_serde_json(&format!("{before}{c}"));
            }
        }
    }

    #[test]
    fn texts_with_runs_escapes_and_unicode() {
        for text in [
            "",
            "plain words, longer than one word of eight bytes",
            "\"quoted\"\n\n“curly” — dash \\ back\tslash\r\n\u{1}\u{1f}\u{7f}",
            "€€€€€€€€\"",
            "ab\"\"\"\"\"\"\"\"\"cd",
        ] {
            same_as_serde_json(text);
        }
    }

    #[test]
    fn serializes_as_a_string_inside_a_structure() {
        #[derive(serde::Serialize)]
        struct Doc<'a> {
            #[serde(serialize_with = "serialize")]
            body: &'a str,
            n: u8,
        }
        let text = "He said: \"no\".\n\nThen\tleft.";
        let json = serde_json::to_string(&Doc { body: text, n: 1 }).expect("serializes");
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back["body"], text);
        assert_eq!(json, format!("{{\"body\":{},\"n\":1}}", quote(text)));
    }
}
