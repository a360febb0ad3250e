//! Who said it, resolved: the speaker of each quote as a reader would name it,
//! on small made-up articles (one rule each).

use quotewire_annotate::{annotate, Quote};

fn quotes(text: &str) -> Vec<Quote> {
    annotate(text).quotes
}

/// (speaker, quote text) of every quote.
fn said(text: &str) -> Vec<(String, String)> {
    quotes(text)
        .into_iter()
        .map(|q| (q.speaker.unwrap_or_else(|| "-".into()), q.text))
        .collect()
}

fn speakers(text: &str) -> Vec<String> {
    said(text).into_iter().map(|(s, _)| s).collect()
}

#[test]
fn roles_before_a_first_name_are_roles() {
    let q = quotes("Harbourtown Port Administrator Linda Okafor said, \"We are open again.\"");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Linda Okafor"));
    assert_eq!(q[0].role.as_deref(), Some("Harbourtown Port Administrator"));
    assert_eq!(
        q[0].speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("Harbourtown Port Administrator Linda Okafor")
    );
}

#[test]
fn a_place_before_a_role_is_part_of_the_role() {
    assert_eq!(
        speakers("Ohio Special Envoy for Canada Thomas Brandt said, \"Talks went well.\""),
        ["Thomas Brandt"]
    );
}

#[test]
fn possessive_organization_before_a_name_is_no_part_of_it() {
    assert_eq!(
        speakers("The Riverside Water Trust's Helen Marsh said, \"The river is cleaner.\""),
        ["Helen Marsh"]
    );
}

#[test]
fn affiliation_and_honours_after_a_name_are_left_out() {
    assert_eq!(
        speakers("Daniel Oyelaran of Acmeworks said, \"We will build it.\""),
        ["Daniel Oyelaran"]
    );
    assert_eq!(
        speakers("Barrister Susan Whitfield QC said the witness \"was not credible\"."),
        ["Susan Whitfield"]
    );
}

#[test]
fn organization_names_ending_in_a_first_name_stay_whole() {
    let s = speakers("The Bank of America said, \"Rates will rise soon enough.\"");
    assert_eq!(s, ["Bank of America"]);
}
