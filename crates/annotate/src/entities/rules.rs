//! Dates, money, percentages and quantities by rules over tokens.

use std::borrow::Cow;

use crate::tokens::Token;
use crate::types::EntityKind;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "half",
];
const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "m", "mln", "k",
];
const CURRENCY_SYMBOLS: &[&str] = &[
    "$", "€", "£", "¥", "₹", "US$", "C$", "A$", "R$", "USD", "EUR", "GBP", "JPY", "CNY",
];
const CURRENCY_WORDS: &[&str] = &[
    "dollar",
    "dollars",
    "euro",
    "euros",
    "pound",
    "pounds",
    "sterling",
    "yen",
    "yuan",
    "renminbi",
    "peso",
    "pesos",
    "bolivar",
    "bolivars",
    "bolívares",
    "rupee",
    "rupees",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "franc",
    "francs",
    "real",
    "reais",
    "cent",
    "cents",
    "lira",
    "won",
    "rand",
];
const UNITS: &[&str] = &[
    "km",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "mile",
    "miles",
    "m",
    "meters",
    "metres",
    "meter",
    "metre",
    "cm",
    "mm",
    "feet",
    "foot",
    "ft",
    "inch",
    "inches",
    "yards",
    "kg",
    "kilograms",
    "kilogram",
    "kilos",
    "g",
    "grams",
    "tonnes",
    "tonne",
    "tons",
    "ton",
    "lb",
    "lbs",
    "ounces",
    "oz",
    "barrels",
    "barrel",
    "bpd",
    "liters",
    "litres",
    "liter",
    "litre",
    "gallons",
    "acres",
    "hectares",
    "ha",
    "degrees",
    "°c",
    "°f",
    "mw",
    "gw",
    "kw",
    "kwh",
    "mph",
    "km/h",
    "megawatts",
    "gigawatts",
    "square",
    "cubic",
];

// Set look-ups: the rules try most of these lists at every token.
word_set!(is_month, MONTHS);
word_set!(is_weekday, WEEKDAYS);
word_set!(is_number_word, NUMBER_WORDS);
word_set!(is_scale, SCALES);
word_set!(is_currency_symbol, CURRENCY_SYMBOLS);
word_set!(is_currency_word, CURRENCY_WORDS);
word_set!(is_unit, UNITS);

/// `s.to_lowercase()`, borrowed when `s` is lower-case ASCII already.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A numeric token: 27, 1,250.50, 3.5, or a number word.
fn is_number(t: &Token<'_>, low: &str) -> bool {
    let s = t.text;
    let numeric = s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    numeric || is_number_word(low)
}

fn is_year(s: &str) -> bool {
    is_digits(s)
        && s.len() == 4
        && matches!(s.as_bytes()[0], b'1' | b'2')
        && ("1800"..="2099").contains(&s)
}

fn is_day(s: &str) -> bool {
    // A day starts with a digit: other words are turned down before trimming
    // their letters off (this runs at every token).
    if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let d = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    is_digits(d) && d.len() <= 2 && d.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))
}

/// End (exclusive) of a number phrase starting at `i` ("2", "2.5 million", "two hundred").
fn number_end(toks: &[Token<'_>], lows: &[Cow<'_, str>], i: usize) -> Option<usize> {
    if !toks.get(i).is_some_and(|t| is_number(t, &lows[i])) {
        return None;
    }
    let mut e = i + 1;
    while e < toks.len() && (is_number(&toks[e], &lows[e]) || is_scale(&lows[e])) && e - i < 6 {
        e += 1;
    }
    Some(e)
}

/// Date, money, percent and quantity spans as token ranges, not overlapping.
pub fn find(toks: &[Token<'_>]) -> Vec<(usize, usize, EntityKind)> {
    // Lower-cased once: the rules look at most tokens several times.
    let lows: Vec<Cow<'_, str>> = toks.iter().map(|t| lower(t.text)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match match_at(toks, &lows, i) {
            Some((e, k)) if e > i => {
                out.push((i, e, k));
                i = e;
            }
            _ => i += 1,
        }
    }
    out
}

fn match_at(toks: &[Token<'_>], lows: &[Cow<'_, str>], i: usize) -> Option<(usize, EntityKind)> {
    let t = &toks[i];
    let l: &str = &lows[i];
    let low_at = |k: usize| lows.get(k).map_or("", |l| l.as_ref());
    // Months and weekdays count only capitalized: test that first, it is
    // cheaper than the look-up and false for most tokens.
    let capitalized = t.text.chars().next().is_some_and(char::is_uppercase);
    // Dates.
    if capitalized && is_month(l) {
        let mut e = i + 1;
        if toks.get(e).is_some_and(|n| is_day(n.text)) {
            e += 1;
            if low_at(e) == "," && toks.get(e + 1).is_some_and(|n| is_year(n.text)) {
                e += 2;
            } else if toks.get(e).is_some_and(|n| is_year(n.text)) {
                e += 1;
            }
        } else if toks.get(e).is_some_and(|n| is_year(n.text)) {
            e += 1;
        } else if l == "may"
            && !(i > 0
                && matches!(
                    low_at(i - 1),
                    "in" | "since"
                        | "until"
                        | "of"
                        | "from"
                        | "by"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                ))
        {
            // "May" alone is usually the verb or a name.
            return None;
        }
        return Some((e, EntityKind::Date));
    }
    // Past the last token `low_at` is "", which is no month.
    if is_day(t.text) && is_month(low_at(i + 1)) {
        let mut e = i + 2;
        if toks.get(e).is_some_and(|n| is_year(n.text)) {
            e += 1;
        }
        return Some((e, EntityKind::Date));
    }
    if capitalized && is_weekday(l) {
        return Some((i + 1, EntityKind::Date));
    }
    if is_iso_date(t.text) {
        return Some((i + 1, EntityKind::Date));
    }
    if is_year(t.text) && !is_unit(low_at(i + 1)) && !is_currency_word(low_at(i + 1)) {
        return Some((i + 1, EntityKind::Date));
    }
    if t.text.len() == 5 && t.text.ends_with('s') && is_year(&t.text[..4]) {
        return Some((i + 1, EntityKind::Date)); // the 1990s
    }
    // Money: currency symbol or code before a number.
    if is_currency_symbol(t.text) {
        if let Some(e) = number_end(toks, lows, i + 1) {
            return Some((e, EntityKind::Money));
        }
    }
    // Numbers followed by a percent sign, currency word or unit.
    let e = number_end(toks, lows, i)?;
    let next = low_at(e);
    if next == "%" || next == "percent" || next == "pct" {
        return Some((e + 1, EntityKind::Percent));
    }
    if next == "per" && low_at(e + 1) == "cent" {
        return Some((e + 2, EntityKind::Percent));
    }
    if next == "percentage" && low_at(e + 1) == "points" {
        return Some((e + 2, EntityKind::Percent));
    }
    if is_currency_word(next) {
        return Some((e + 1, EntityKind::Money));
    }
    if (next == "u.s." || next == "us") && low_at(e + 1).starts_with("dollar") {
        return Some((e + 2, EntityKind::Money));
    }
    if is_unit(next) {
        let mut end = e + 1;
        if matches!(next, "square" | "cubic") {
            if !is_unit(low_at(end)) {
                return None;
            }
            end += 1;
        }
        return Some((end, EntityKind::Quantity));
    }
    None
}

/// 2026-01-09 (checked without collecting the parts: this runs at every token).
fn is_iso_date(s: &str) -> bool {
    let mut parts = s.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None) => {
            is_year(y) && m.len() == 2 && is_digits(m) && d.len() == 2 && is_digits(d)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn spans(text: &str) -> Vec<(String, EntityKind)> {
        let toks = tokenize(text);
        find(&toks)
            .into_iter()
            .map(|(s, e, k)| {
                (
                    toks[s..e]
                        .iter()
                        .map(|t| t.text)
                        .collect::<Vec<_>>()
                        .join(" "),
                    k,
                )
            })
            .collect()
    }

    #[test]
    fn dates() {
        use EntityKind::Date;
        assert_eq!(
            spans("On January 8 and from June until December 2015, and 3 March, on Friday 2026-01-09 in the 1990s."),
            vec![
                ("January 8".into(), Date),
                ("June".into(), Date),
                ("December 2015".into(), Date),
                ("3 March".into(), Date),
                ("Friday".into(), Date),
                ("2026-01-09".into(), Date),
                ("1990s".into(), Date)
            ]
        );
        assert!(spans("You may go. Theresa May said").is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(
            spans(
                "only 27% and 3.5 percent, $1.2 billion, 500 bolivars, 40 km and 2 million barrels"
            ),
            vec![
                ("27 %".into(), EntityKind::Percent),
                ("3.5 percent".into(), EntityKind::Percent),
                ("$ 1.2 billion".into(), EntityKind::Money),
                ("500 bolivars".into(), EntityKind::Money),
                ("40 km".into(), EntityKind::Quantity),
                ("2 million barrels".into(), EntityKind::Quantity)
            ]
        );
    }
}
