//! The cross-article key of an entity: same kind + same normalized name = one
//! entity row in storage.

use super::aliases::canonical_country;
use crate::types::EntityKind;

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "gen",
    "general",
    "minister",
    "prime",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "judge",
    "justice",
    "mayor",
    "chancellor",
];

/// Latin letters with diacritics folded to ASCII (the common ones in news).
pub fn fold_diacritics(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        c => c,
    }
}

/// Normalized name: case and diacritics folded, punctuation dropped, a leading
/// "the" and (for people) titles removed, country variants mapped to one name.
pub fn normalize_name(kind: EntityKind, name: &str) -> String {
    let name = match kind {
        EntityKind::Location => canonical_country(name.trim()).unwrap_or(name),
        _ => name,
    };
    let mut cleaned = String::with_capacity(name.len());
    let mut keep = |c: char| {
        if c.is_alphanumeric() {
            cleaned.push(c);
        } else if c == '.' || c == '\'' || c == '’' {
            // U.S. -> us, O'Brien -> obrien
        } else {
            cleaned.push(' ');
        }
    };
    for c in name.chars() {
        // ASCII needs neither Unicode lower-casing nor folding (same result, and
        // names are checked on every mention stored).
        if c.is_ascii() {
            keep(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().map(fold_diacritics).for_each(&mut keep);
        }
    }
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if kind == EntityKind::Person {
        while words.len() > 1 && TITLES.contains(&words[0]) {
            words.remove(0);
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            normalize_name(EntityKind::Person, "President Nicolás  Maduro"),
            "nicolas maduro"
        );
        assert_eq!(
            normalize_name(EntityKind::Location, "U.S."),
            "united states"
        );
        assert_eq!(normalize_name(EntityKind::Location, "USA"), "united states");
        assert_eq!(
            normalize_name(EntityKind::Organization, "the White House"),
            "white house"
        );
        assert_eq!(
            normalize_name(EntityKind::Organization, "CBST-CPP"),
            "cbst cpp"
        );
        assert_eq!(normalize_name(EntityKind::Person, ""), "");
    }
}
