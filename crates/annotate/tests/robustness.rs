//! No input makes the entity finder panic, and its output always keeps the
//! invariants clients rely on: mentions sorted, in bounds, non-empty, and each
//! mention's text equal to the code-point slice it claims.

use quotewire_annotate::entities::find_entities;
use quotewire_annotate::sentences::split;
use quotewire_annotate::tokens::tokenize;

fn check(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let toks = tokenize(text);
    let mut last = 0;
    for t in &toks {
        assert!(t.start < t.end && t.end <= chars.len() && t.start >= last);
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        last = t.end;
    }
    let sents = split(&toks);
    let mut next = 0;
    for r in &sents {
        assert_eq!(r.start, next);
        assert!(r.end > r.start);
        next = r.end;
    }
    assert_eq!(next, toks.len());
    for e in find_entities(text) {
        assert!(!e.mentions.is_empty());
        assert!(!e.name.is_empty());
        for w in e.mentions.windows(2) {
            assert!(w[0].start < w[1].start);
        }
        for m in &e.mentions {
            assert!(m.start < m.end && m.end <= chars.len());
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        }
    }
}

/// Deterministic pseudo-random text over characters that stress the rules.
fn random_text(seed: u64, len: usize) -> String {
    const POOL: &[&str] = &[
        "a",
        "Z",
        "é",
        "Ł",
        "1",
        "9",
        "%",
        "$",
        "€",
        ".",
        ",",
        "(",
        ")",
        "-",
        "–",
        "—",
        "'",
        "’",
        "“",
        "”",
        "\"",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\u{0}",
        "\u{7}",
        "\u{301}",
        "🙂",
        "U.S.",
        "Mr.",
        "Jan.",
        " Inc.",
        "CBST",
        " of the ",
        "January 8",
        "2015",
        " percent",
        " (ABC) ",
        "Maria Lopez",
        "Lopez",
        "Caracas, Venezuela – ",
        "New York",
        "The ",
        "x.y.z.",
        "n't",
        "'s",
    ];
    let mut s = seed | 1;
    let mut out = String::new();
    for _ in 0..len {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.push_str(POOL[(s % POOL.len() as u64) as usize]);
    }
    out
}

#[test]
fn edge_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "...!!!???",
        "\u{0}\u{1}\u{1b}[31m",
        "((((((((",
        "“”‘’«»",
        "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.",
        "$ % € 100 %",
        "( ABC )",
        "Mr.",
        "U.S.",
        "\u{301}\u{301}é",
        "Jan. 32, 2015",
    ] {
        check(text);
    }
}

#[test]
fn random_inputs() {
    for seed in 0..200 {
        check(&random_text(seed, 1 + (seed as usize * 7) % 300));
    }
}

#[test]
fn long_repetitive_inputs() {
    check(&"a.".repeat(20_000));
    check(&"Maria Lopez (ML) said Lopez and ML met the U.S. ".repeat(2_000));
    check(&"x".repeat(200_000));
    check(&"!".repeat(100_000));
}

/// 10 MB of mixed text. Slow without optimizations: run with
/// `cargo test --release -p quotewire-annotate -- --ignored`.
#[test]
#[ignore]
fn ten_megabytes() {
    let mut text = String::new();
    let mut seed = 1;
    while text.len() < 10_000_000 {
        text.push_str(&random_text(seed, 5_000));
        seed += 1;
    }
    check(&text);
    check(&"Ab".repeat(5_000_000));
}

mod prop {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn any_string_keeps_invariants(s in any::<String>()) {
            super::check(&s);
        }

        #[test]
        fn any_chars_keep_invariants(cs in proptest::collection::vec(any::<char>(), 0..300)) {
            super::check(&cs.into_iter().collect::<String>());
        }
    }
}
