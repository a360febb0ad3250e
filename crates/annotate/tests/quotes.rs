//! Behaviour of `find_quotes` on small sentences written for these tests, on the
//! sample article, and on hostile inputs.

use proptest::prelude::*;
use quotewire_annotate::quotes::find_quotes;
use quotewire_annotate::{Quote, QuoteKind};

const SAMPLE: &str = include_str!("data/venezuela-labor-videoconference.txt");

fn check_invariants(text: &str, quotes: &[Quote]) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| -> String { chars[s..e].iter().collect() };
    for q in quotes {
        assert!(
            q.start < q.end && q.end <= chars.len(),
            "span out of bounds: {q:?}"
        );
        assert_eq!(q.text, slice(q.start, q.end));
        for sp in [&q.speaker_mention, &q.cue].into_iter().flatten() {
            assert!(sp.start <= sp.end && sp.end <= chars.len());
            assert_eq!(sp.text, slice(sp.start, sp.end));
        }
        if let Some(fr) = &q.fragments {
            for f in fr {
                assert!(f[0] <= f[1] && f[1] <= chars.len());
            }
        }
    }
}

fn run(text: &str) -> Vec<Quote> {
    let q = find_quotes(text);
    check_invariants(text, &q);
    q
}

fn one(text: &str) -> Quote {
    let q = run(text);
    assert_eq!(q.len(), 1, "{q:#?}");
    q.into_iter().next().expect("one quote")
}

fn speaker(q: &Quote) -> Option<&str> {
    q.speaker.as_deref()
}

#[test]
fn sample_article_all_quotes_and_speakers() {
    let q = run(SAMPLE);
    let got: Vec<(QuoteKind, &str, String)> = q
        .iter()
        .map(|q| {
            (
                q.kind,
                speaker(q).unwrap_or("-"),
                q.text.chars().take(12).collect(),
            )
        })
        .collect();
    let want = [
        (QuoteKind::Indirect, "Francisco Torrealba", "the purpose "),
        (QuoteKind::Direct, "Francisco Torrealba", "The bombardm"),
        (QuoteKind::Direct, "Francisco Torrealba", "Few could im"),
        (QuoteKind::Direct, "Francisco Torrealba", "We thank you"),
        (QuoteKind::Indirect, "Alexis Corredor", "the meetings"),
        (QuoteKind::Direct, "Alexis Corredor", "Despite a di"),
        (QuoteKind::Direct, "Francisco Torrealba", "only 27% wan"),
        (QuoteKind::Direct, "Francisco Torrealba", "Despite the "),
        (QuoteKind::Direct, "Francisco Torrealba", "I want to ma"),
        (QuoteKind::Direct, "Wills Rangel", "The working "),
    ];
    let want: Vec<(QuoteKind, &str, String)> = want
        .iter()
        .map(|(k, s, t)| (*k, *s, t.to_string()))
        .collect();
    assert_eq!(got, want);
    let he = q
        .iter()
        .find(|q| q.text.starts_with("only 27%"))
        .expect("pronoun quote");
    assert_eq!(
        he.speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("he")
    );
    assert_eq!(he.cue.as_ref().map(|m| m.text.as_str()), Some("remarked"));
    let rangel = q.last().expect("last quote");
    assert_eq!(rangel.role.as_deref(), Some("president of the CBST-CPP"));
    let corredor = &q[5];
    assert_eq!(
        corredor.role.as_deref(),
        Some("chair of the International Commission of the CBST")
    );
}

#[test]
fn attribution_before_with_comma_and_colon() {
    let q = one("Mayor Ann Okafor said, “We will rebuild the bridge.”");
    assert_eq!(q.text, "We will rebuild the bridge.");
    assert_eq!(speaker(&q), Some("Ann Okafor"));
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("said"));
    assert_eq!(q.role.as_deref(), Some("Mayor"));
    let q = one("Okafor told reporters: \"The vote is on Monday.\"");
    assert_eq!(speaker(&q), Some("Okafor"));
}

#[test]
fn attribution_after_both_orders() {
    let q = one("“The road is closed until spring,” said Peter Haldane, a county engineer.");
    assert_eq!(speaker(&q), Some("Peter Haldane"));
    assert_eq!(q.role.as_deref(), Some("county engineer"));
    let q = one("\"Nobody told us anything about the plan!\" Haldane shouted.");
    assert_eq!(speaker(&q), Some("Haldane"));
}

#[test]
fn attribution_in_the_middle_gives_two_quotes_of_one_speaker() {
    for text in [
        "“We were lucky,” Lina Moss said. “The water stopped at the door.”",
        "“We were lucky,” said Lina Moss, “the water stopped at the door.”",
    ] {
        let q = run(text);
        assert_eq!(q.len(), 2, "{q:#?}");
        assert!(q.iter().all(|q| speaker(q) == Some("Lina Moss")), "{q:#?}");
        assert!(q
            .iter()
            .all(|q| q.fragments.is_none() && !q.text.contains("said")));
        assert_eq!(q[0].text, "We were lucky,");
        assert!(q[1].text.ends_with("at the door."));
    }
}

#[test]
fn colon_introduction_without_verb() {
    let q = one("From Chairwoman Rosa Almeida: “The committee has finished its work.”");
    assert_eq!(speaker(&q), Some("Rosa Almeida"));
}

#[test]
fn floating_paragraph_belongs_to_previous_speaker() {
    let text = "Dr. Ian Pryce said, “The results are early.”\n\n“We need another year of data before anyone can say it works.”";
    let q = run(text);
    assert_eq!(q.len(), 2);
    assert_eq!(speaker(&q[1]), Some("Ian Pryce"));
    assert!(q[1].speaker_mention.is_none());
}

#[test]
fn quote_spanning_paragraphs() {
    let text = "Ms. Tran wrote: “First, the budget.\n\n“Second, the schedule, which slipped twice this year.”";
    let q = run(text);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert!(q.iter().all(|q| speaker(q) == Some("Tran")));
    assert_eq!(
        q[1].text,
        "Second, the schedule, which slipped twice this year."
    );
}

#[test]
fn nested_quotes_and_apostrophes() {
    let q = one("Joe Rand said, “It wasn’t the workers’ fault that they called it ‘a failure’ in the ’90s.”");
    assert!(q.text.contains("‘a failure’"));
    assert!(q.text.ends_with("’90s."));
}

#[test]
fn scare_quotes_and_titles_are_not_quotations() {
    assert!(run("The “woke” label stuck to the campaign for months.").is_empty());
    assert!(run("They watched “The Long Night” on Friday.").is_empty());
}

#[test]
fn indirect_speech() {
    let q = one("Senator Maria Costa said that the bill would pass next week.");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the bill would pass next week");
    assert_eq!(speaker(&q), Some("Maria Costa"));
    let q = one("The company told investors it expects lower sales this year.");
    assert_eq!(q.text, "it expects lower sales this year");
    let q = one("According to the ministry, the dam is safe for now.");
    assert_eq!(q.text, "the dam is safe for now");
    let q = one("Prices will rise again in the spring, the bank warned.");
    assert_eq!(q.text, "Prices will rise again in the spring");
    assert_eq!(speaker(&q), Some("bank"));
}

#[test]
fn mixed_quote() {
    let q = one("Paul Eze said the decision was “a betrayal of every voter” in the district.");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert!(q.text.starts_with("the decision"));
}

#[test]
fn pronouns_resolve_to_recent_person() {
    let text = "Helen Park chaired the meeting. She said the school would reopen in May.";
    let q = one(text);
    assert_eq!(speaker(&q), Some("Helen Park"));
    assert_eq!(
        q.speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("She")
    );
}

#[test]
fn unbalanced_marks_do_not_lose_the_article() {
    let text = "He said “oops and never closed it.\n\nLater, Kim Lee said, “All is well.”";
    let q = run(text);
    assert!(
        q.iter()
            .any(|q| q.text == "All is well." && speaker(q) == Some("Kim Lee")),
        "{q:#?}"
    );
}

#[test]
fn pathological_inputs() {
    // 1 MB of marks; word units smaller, as debug builds are slow (the engine
    // bounds its work per cue, so time stays linear either way).
    for unit in ["\"", "“", "”", "''", "« ", "\n", "\u{0}", "’"] {
        run(&unit.repeat(1_000_000 / unit.len()));
    }
    for unit in ["said ", "Mr. ", "He said that ", "a, "] {
        run(&unit.repeat(100_000 / unit.len()));
    }
    let mix: String = (0..400_000u32)
        .map(|i| {
            ['"', '“', 'a', ' ', '\n', '”', 'S', '.', ',', '\'']
                [(i.wrapping_mul(2_654_435_761) >> 7) as usize % 10]
        })
        .collect();
    run(&mix);
    let said = "“Yes,” he said. ".repeat(5_000);
    assert_eq!(run(&said).len(), 5_000);
    assert!(run("").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_input_keeps_invariants(s in "[\"“”‘’'«» a-zA-Z.,:;!?\n\t\u{0}-\u{1f}éü—]{0,400}") {
        run(&s);
    }

    #[test]
    fn word_soup_keeps_invariants(words in proptest::collection::vec(
        prop_oneof![Just("said"), Just("Mr."), Just("He"), Just("“"), Just("”"), Just("\""), Just(","),
            Just("that"), Just("Ann"), Just("Lee"), Just("according"), Just("to"), Just("."), Just("\n\n"),
            Just("the"), Just("ministry"), Just("told"), Just(":"), Just("who"), Just("(")], 0..120)) {
        run(&words.join(" "));
    }
}

#[test]
fn colon_at_paragraph_end_introduces_next_paragraph() {
    let q =
        one("Ms. Varga continued:\n\n“We will appeal the ruling as soon as the court allows it.”");
    assert_eq!(speaker(&q), Some("Varga"));
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("continued"));
}

#[test]
fn organizations_speak() {
    let q = one("The Ministry of Health said the clinics would stay open through the winter.");
    assert_eq!(speaker(&q), Some("Ministry of Health"));
}

#[test]
fn office_titles_stay_out_of_names() {
    let q = one("Secretary of State John Kerry said the talks would resume in Geneva next month.");
    assert_eq!(speaker(&q), Some("John Kerry"));
    assert_eq!(q.role.as_deref(), Some("Secretary of State"));
}

#[test]
fn capitalized_roles_before_names_are_roles() {
    let q = one("Regional Railway Manager Aparna Rao told reporters that ten percent of the staff were women.");
    assert_eq!(speaker(&q), Some("Aparna Rao"));
    assert_eq!(q.role.as_deref(), Some("Regional Railway Manager"));
    assert!(run("The poster, which mentioned “Harvest Day Fair” in red, hung outside.").is_empty());
}

#[test]
fn attribution_introducing_the_next_quote_is_not_the_previous_ones() {
    let text = "The law says children must “stay in class.” Ms. Orr says, “That is a fair rule for every school.”";
    let q = run(text);
    let fair = q
        .iter()
        .find(|q| q.text.starts_with("That is a fair"))
        .expect("second quote");
    assert_eq!(speaker(fair), Some("Orr"));
    assert!(fair.fragments.is_none());
    assert!(!q
        .iter()
        .any(|q| q.text.contains("stay in class") && speaker(q) == Some("Orr")));
}

#[test]
fn the_one_told_is_not_the_speaker() {
    let q = one("Ines Varga did not name her rivals, but told the crowd, “We have work to do.”");
    assert_eq!(speaker(&q), Some("Ines Varga"));
    let q = one("Karl Obst told his supporters: “We will win this county.”");
    assert_eq!(speaker(&q), Some("Karl Obst"));
}

#[test]
fn a_participle_cue_speaks_for_its_clause_subject_not_a_fronted_place() {
    let q = one("When the vote closed in Ridgefield County, Karl Obst thanked his staff, saying “this was your win.”");
    assert_eq!(speaker(&q), Some("Karl Obst"));
}

#[test]
fn a_participial_gloss_ends_the_reported_clause() {
    let q =
        one("Ines Varga said the bridge would close in May, meaning drivers must take the ferry.");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the bridge would close in May");
    let q = one("Karl Obst said ten people were hurt, including two children.");
    assert_eq!(q.text, "ten people were hurt, including two children");
}

#[test]
fn a_new_named_subject_after_and_ends_the_reported_clause() {
    let q =
        run("Karl Obst suggested he would not run and Ines Varga has decided to run for mayor.");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].text, "he would not run");
    assert_eq!(speaker(&q[0]), Some("Karl Obst"));
}

#[test]
fn a_concession_or_a_second_attribution_ends_the_reported_clause() {
    let q = run(
        "Ines Varga said the plan was fair to farmers, although critics have called it a giveaway.",
    );
    assert_eq!(q[0].text, "the plan was fair to farmers", "{q:?}");
    let q = run("Karl Obst said he will seek a second term, and several council members said they would back him.");
    assert_eq!(q[0].text, "he will seek a second term", "{q:?}");
    assert!(q.iter().any(|q| q.text == "they would back him"), "{q:?}");
}

#[test]
fn a_relative_comment_ends_the_reported_clause() {
    let q =
        run("Ines Varga said the levy would fund two schools, which drew anger from landlords.");
    assert_eq!(q[0].text, "the levy would fund two schools", "{q:?}");
    let q =
        run("Karl Obst said the road was safe, even though three drivers crashed there in May.");
    assert_eq!(q[0].text, "the road was safe", "{q:?}");
}

#[test]
fn a_participle_after_an_attribution_continues_it() {
    let q = run(
        "“The budget is balanced,” Ines Varga said, adding that no school would close this year.",
    );
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|q| speaker(q) == Some("Ines Varga")), "{q:?}");
    let q =
        run("“The budget is balanced,” Karl Obst said, adding, “No school will close this year.”");
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|q| speaker(q) == Some("Karl Obst")), "{q:?}");
    let q = run("Ines Varga told the council that the plan was “a bold step,” adding, “We start on Monday.”");
    let start = q
        .iter()
        .find(|q| q.text.starts_with("We start"))
        .expect("second quote");
    assert_eq!(speaker(start), Some("Ines Varga"));
    assert!(
        !q.iter().any(|q| q.text.starts_with("Ines Varga told")),
        "{q:?}"
    );
}

#[test]
fn the_ranker_finds_a_speaker_where_the_rules_find_no_subject() {
    let q = one("Ines Varga, who is running for governor, went on the radio on Friday to say she had never backed the toll.");
    assert_eq!(speaker(&q), Some("Ines Varga"));
    let q = one(
        "Karl Obst, the former mayor, tweeted on Friday to say he had never met the developer.",
    );
    assert_eq!(speaker(&q), Some("Karl Obst"));
}

#[test]
fn a_late_cue_takes_the_subject_phrase_opening_the_sentence() {
    let mention_of = |text: &str, content: &str| {
        let q = run(text);
        let q = q
            .iter()
            .find(|q| q.text == content)
            .expect("the quote")
            .clone();
        q.speaker_mention.map(|m| m.text)
    };
    let m = mention_of(
        "The former finance minister mocked Karl Obst for calling himself a genius, noting that his tax cuts would cost billions.",
        "his tax cuts would cost billions",
    );
    assert_eq!(m.as_deref(), Some("The former finance minister"));
    let m = mention_of(
        "The spokesman refused to say whom Ines Varga would back but said there was no meeting planned.",
        "there was no meeting planned",
    );
    assert_eq!(m.as_deref(), Some("The spokesman"));
}

#[test]
fn the_one_quoted_as_saying_is_the_speaker() {
    let q = one("The Daily Ledger quoted Ines Varga as saying the strike would go on.");
    assert_eq!(speaker(&q), Some("Ines Varga"));
    let q =
        one("Reuters quoted Karl Obst, the port director, as saying “We are at full capacity.”");
    assert_eq!(speaker(&q), Some("Karl Obst"));
}

#[test]
fn a_participle_after_a_closing_mark_continues_that_attribution() {
    let text = "Councillor Ines Varga remarked, “It has been a long fight. I thank everyone I never met,” later adding, “People in Dunmore have said it is time for change.”";
    let q = run(text);
    let second = q
        .iter()
        .find(|q| q.text.starts_with("People"))
        .expect("second quote");
    assert_eq!(speaker(second), Some("Ines Varga"), "{q:?}");
}

#[test]
fn a_participle_modifying_a_noun_reports_nothing() {
    assert!(run(
        "Income mattered, but to a far less pronounced extent than the survey found in cities."
    )
    .is_empty());
    assert!(
        run("Among reported incidents of fraud, two cases went to court in the spring.").is_empty()
    );
}

#[test]
fn an_after_attribution_with_a_role_or_an_adverbial_tail_is_the_quotes_own() {
    let text = "Karl Obst spoke first.\n\n“We should give the council more time,” Senate minority leader Ines Varga told reporters in Dunmore.";
    let q = run(text);
    let last = q.last().expect("a quote");
    assert_eq!(speaker(last), Some("Ines Varga"), "{q:?}");
    let text = "Ines Varga watched the game.\n\n“So far the final is very boring!” Karl Obst tweeted during the first half.";
    let q = run(text);
    let last = q.last().expect("a quote");
    assert_eq!(
        last.cue.as_ref().map(|c| c.text.as_str()),
        Some("tweeted"),
        "{q:?}"
    );
    assert_eq!(speaker(last), Some("Karl Obst"));
}

#[test]
fn an_after_attribution_with_an_apposition_or_a_description() {
    let text = "Karl Obst toured the site.\n\n“We need people who will bring us together,” Ines Varga, 30, of Dunmore, who was among those polled, said in an interview.";
    let q = run(text);
    assert_eq!(
        speaker(q.last().expect("a quote")),
        Some("Ines Varga"),
        "{q:?}"
    );
    let text = "Karl Obst toured the site.\n\n“He is a chaos candidate,” the former Dunmore governor said.";
    let q = run(text);
    let m = q
        .last()
        .and_then(|q| q.speaker_mention.as_ref())
        .map(|m| m.text.as_str());
    assert_eq!(m, Some("the former Dunmore governor"), "{q:?}");
    let text = "Karl Obst toured the site.\n\n“I have never been prouder,” former State policy director Ines Varga wrote to him.";
    let q = run(text);
    assert_eq!(
        speaker(q.last().expect("a quote")),
        Some("Ines Varga"),
        "{q:?}"
    );
}

#[test]
fn markup_tags_hold_no_quotes_or_cues() {
    // Attribute values are quoted and the tag's name spells a speech verb.
    let text = "Residents posted updates.\n\n<tweet id=\"1234567\" author=\"@harbourwatch\" date=\"2021-03-04\">Water is rising on Mill Street</tweet>.\n\nThe council met later.";
    assert!(run(text).is_empty(), "{:#?}", run(text));
    let q = one("<p>Mayor Lena Ortiz said the bridge would reopen in May.</p>");
    assert_eq!(q.text, "the bridge would reopen in May");
    assert_eq!(speaker(&q), Some("Lena Ortiz"));
}

#[test]
fn a_speech_verb_after_a_possessive_reports_nothing() {
    assert!(run("Ortiz's stated goal of ten new schools by 2030 was dropped in March.").is_empty());
    assert!(
        run("The union's reported losses in the third quarter worried its members.").is_empty()
    );
    // A noun cue with its clause is a report all the same.
    let q = one("Residents doubted Ortiz's claim that the dam was unsafe.");
    assert_eq!(q.text, "the dam was unsafe");
    // `she's said` is a verb with its auxiliary.
    let q = one("She's said the plan would cost far too much money.");
    assert_eq!(q.text, "the plan would cost far too much money");
}

#[test]
fn a_description_after_the_speaker_is_not_reported_speech() {
    let q = one("Turnout fell in every rural district, said Omar Haddad, a pollster at Northgate University.");
    assert_eq!(q.text, "Turnout fell in every rural district");
    assert!(q.fragments.is_none(), "{q:#?}");
    let q = one("The fund is two million dollars short, said Vera Lind, its treasurer.");
    assert_eq!(q.text, "The fund is two million dollars short");
    let q = one(
        "Ferry fares will double, said Ian Moss, a captain who has worked the route for years.",
    );
    assert_eq!(q.text, "Ferry fares will double");
    // A clause after the speaker continues the report.
    let q = one("The plan, said Ian Moss, would cost the town its harbour.");
    assert_eq!(q.fragments.as_ref().map(Vec::len), Some(2), "{q:#?}");
}

#[test]
fn clauses_only_drops_noun_phrase_objects() {
    use quotewire_annotate::{annotate_with, quotes::Options};
    let text = "The council announced a new parking plan for the old harbour district.";
    let mut opts = Options::default();
    assert_eq!(annotate_with(text, &opts).quotes.len(), 1);
    opts.clauses_only = true;
    assert!(annotate_with(text, &opts).quotes.is_empty());
    // A reported clause stays.
    let text = "The council announced the harbour car park would close in June.";
    let q = annotate_with(text, &opts).quotes;
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "the harbour car park would close in June");
}

#[test]
fn a_description_after_an_according_to_source_is_not_reported() {
    let q = one("Few shops opened on Sunday, according to Lina Berg, a trader at the market.");
    assert_eq!(q.text, "Few shops opened on Sunday");
    assert!(q.fragments.is_none(), "{q:#?}");
    // A clause after the source continues the report.
    let q = one("Few shops opened, according to the union, and most stalls stayed shut.");
    assert_eq!(q.fragments.as_ref().map(Vec::len), Some(2), "{q:#?}");
}

#[test]
fn a_long_subject_after_the_verb_is_the_speaker_not_the_report() {
    let q = one(
        "The harbour fund is three million dollars short, said Green Party councillor Nora Blake.",
    );
    assert_eq!(q.text, "The harbour fund is three million dollars short");
    assert_eq!(speaker(&q), Some("Nora Blake"));
    let q = one("Talks on the new ferry contract have stalled again, said an official who was briefed on them.");
    assert_eq!(q.text, "Talks on the new ferry contract have stalled again");
}

#[test]
fn a_participial_gloss_ends_an_according_to_report() {
    let q = one("According to the opposition, the delay is a ploy to sell the port, meaning the town would lose its ferry.");
    assert_eq!(q.text, "the delay is a ploy to sell the port");
}

#[test]
fn a_finished_quote_then_a_verb_with_only_an_addressee_is_attributed() {
    for tail in [
        "Owen Tibbs told reporters.",
        "Owen Tibbs told the Harbour Times on Monday.",
        "Owen Tibbs asked the crowd.",
    ] {
        let text = format!("Lena Marsh visited the port.\n\n“Who knows?” {tail}");
        let q = run(&text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        assert_eq!(q[0].text, "Who knows?", "{text}");
        assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"), "{text}");
    }
    // A clause after the addressee reports something else.
    let q = run("“We won.” Owen Tibbs told reporters he was tired.");
    assert!(q.iter().all(|q| q.text != "We won."), "{q:#?}");
}
