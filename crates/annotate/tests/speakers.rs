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

#[test]
fn readme_examples() {
    let q = quotes("“We will not back down,” union leader Ana Ruiz said on Monday.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Ana Ruiz"));
    assert_eq!(q[0].role.as_deref(), Some("union leader"));
    let q = quotes("“We will not back down,” said union leader Ana Ruiz.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        speakers("The mayor of Springfield, Jane Doe, said the bridge would reopen in May."),
        ["Jane Doe"]
    );
}

#[test]
fn a_person_of_an_organization_speaks_for_themself() {
    assert_eq!(
        speakers("Karen Lind of the Harbour Workers Party said, \"Wages must rise.\""),
        ["Karen Lind"]
    );
    assert_eq!(
        speakers("Omar Haddad of tenant group Fair Rent Network said rents had doubled in a year."),
        ["Omar Haddad"]
    );
}

#[test]
fn according_to_takes_the_person_at_the_end_of_the_phrase() {
    assert_eq!(
        speakers("According to Eastfield College historian Maria Gomez, the bridge is older than the town."),
        ["Maria Gomez"]
    );
}

#[test]
fn contractions_are_never_speakers_or_people() {
    let a = annotate("You've said that the plan would fail, and you were right about it.");
    assert!(
        a.entities.iter().all(|e| e.name != "You've"),
        "{:#?}",
        a.entities
    );
    assert!(a
        .quotes
        .iter()
        .all(|q| q.speaker.as_deref() != Some("You've")));
    let s = speakers(
        "Rita Vance said, \"It was hard work,\" adding, \"I'm proud of the whole team now.\"",
    );
    assert!(s.iter().all(|s| s == "Rita Vance"), "{s:?}");
}

#[test]
fn two_people_joined_by_and_are_two() {
    let s = speakers(
        "Astronauts Bob Hale and Doug Price trained for years. Price said, \"It was incredible.\"",
    );
    assert_eq!(s, ["Doug Price"]);
}

#[test]
fn descriptions_resolve_to_the_person_introduced_with_that_role() {
    let text = "Mayor Tom Hale opened the new library on Friday. Residents cheered. \
                The mayor said the building had cost less than planned.";
    assert_eq!(speakers(text), ["Tom Hale"]);
    let text = "The plan was drafted by Lena Brook, the harbour commissioner. \
                \"It will take years,\" the commissioner said.";
    assert_eq!(speakers(text), ["Lena Brook"]);
}

#[test]
fn a_description_with_no_such_person_stays_a_description() {
    let text = "Tom Hale opened the new library on Friday. \
                The mayor said the building had cost less than planned.";
    assert_ne!(speakers(text), ["Tom Hale"]);
}

#[test]
fn organizations_take_the_fullest_name_the_article_gives() {
    let text = "Northwind Freight Company withdrew its trucks on Monday. \
                Northwind said in a filing that the fault was rare.";
    assert_eq!(speakers(text), ["Northwind Freight Company"]);
}

#[test]
fn the_unnamed_voice_of_a_body_speaks_for_it() {
    let text = "Interpol rejected the request. An Interpol spokesperson said the rules \
                forbid it. The spokesperson added that no exception would be made.";
    assert_eq!(speakers(text), ["Interpol", "Interpol"]);
}

#[test]
fn pronouns_agree_in_gender_and_prefer_the_subject() {
    let text = "Anna Berg met Tom Reyes in Oslo on Tuesday. She said the talks went well.";
    assert_eq!(speakers(text), ["Anna Berg"]);
    let text = "Tom Reyes met Mark Olsen in Oslo on Tuesday. He said the talks went well.";
    assert_eq!(speakers(text), ["Tom Reyes"]);
}

#[test]
fn pronouns_skip_names_inside_quotation_marks() {
    let text = "“You should ask Mark Olsen about the budget,” Tom Reyes said on Monday. \
                He added that the plan was sound.";
    assert_eq!(speakers(text), ["Tom Reyes", "Tom Reyes"]);
}

#[test]
fn places_are_never_antecedents_of_he_or_she() {
    let text = "Engineers inspected the bridge in Portugal for a week. \
                He said the repairs would take a year.";
    let s = speakers(text);
    assert!(s.iter().all(|s| s != "Portugal"), "{s:?}");
}

#[test]
fn a_lower_case_role_before_a_name_is_found_by_the_description() {
    let text = "The plan was blessed by archbishop Pedro Alvarado Ruiz on Sunday. \
                Later the archbishop said the church would help.";
    assert_eq!(speakers(text), ["Pedro Alvarado Ruiz"]);
}

#[test]
fn an_uncommon_first_word_stands_for_the_whole_name() {
    let text = "Prime Minister Taufa Lelei Moana opened the session. \
                Later Taufa said the reforms would pass.";
    assert_eq!(speakers(text), ["Taufa Lelei Moana"]);
}

#[test]
fn a_nationality_is_no_speaking_body() {
    let s = speakers("The Freedonian statement said the border would stay closed.");
    assert_ne!(s, ["Freedonian"]);
}

#[test]
fn a_relayed_attribution_is_the_quote_of_its_own_speaker() {
    let text = "According to news agency NNA, the chief prosecutor of Ruritania, \
                Karl Menzel Ost, said the nine suspects must face trial soon.";
    assert_eq!(speakers(text), ["Karl Menzel Ost"]);
    // A capitalized `States` is no speech verb.
    let text = "According to the study, in the continental United States, \
                most of the deaths were caused by coal plants.";
    assert_eq!(speakers(text), ["study"]);
}

#[test]
fn the_object_of_a_preposition_before_a_colon_is_no_speaker() {
    let text = "Hurley, for his part, quoted an old pilot, commenting on the occasion \
                of the Freedonian Games: \"We are go for launch. Let us light this candle.\"";
    assert_eq!(speakers(text), ["Hurley"]);
}

#[test]
fn a_body_and_a_lower_case_role_lead_up_to_the_person() {
    let text = "Council president Richard Ferrand in relaying the news to parliament \
                said, \"He is part of the history of the town.\"";
    assert_eq!(speakers(text), ["Richard Ferrand"]);
}

#[test]
fn a_tagged_body_run_into_a_name_makes_no_fuller_name() {
    let text = "Northern Marsh Research Institute Director Ane Solberg said, \
                \"The water is rising faster than we thought.\"";
    assert_eq!(speakers(text), ["Ane Solberg"]);
}

#[test]
fn organization_names_with_for_stay_whole() {
    let text =
        "The National Institute for Space Research reported there were more fires this year.";
    assert_eq!(speakers(text), ["National Institute for Space Research"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use quotewire_annotate::eval::is_pronoun;

    /// Sentences of made-up news: direct quotes attributed after, before and in
    /// the middle, floating quotes, reported speech, pronouns and narration.
    fn sentence() -> impl Strategy<Value = String> {
        let name = prop_oneof![
            Just("Ana Ruiz"),
            Just("Mayor Tom Hale"),
            Just("the mayor"),
            Just("he"),
            Just("she"),
            Just("they"),
            Just("it"),
            Just("union leader Jo Park"),
            Just("an Acme spokesperson"),
            Just("Acme Freight Company"),
            Just("Berg"),
            Just("I'm"),
            Just("Usually"),
        ];
        let words = prop_oneof![
            Just("the road will reopen"),
            Just("we were lucky"),
            Just("nobody told us anything"),
            Just("it is too early to say"),
        ];
        (0..6usize, name, words.clone(), words)
            .prop_map(|(k, n, a, b)| match k {
                0 => format!("“{a},” {n} said. “{b}.”"),
                1 => format!("{n} said, “{a}.”"),
                2 => format!("“{a},” said {n}, “{b}.”"),
                3 => format!("{n} said {a}."),
                4 => format!("“{a}, and {b}, and more besides.”"),
                _ => format!("The bridge in Portugal was closed after {a}."),
            })
            .prop_map(|s| {
                // Sentences start with a capital, inside the opening mark too.
                let mut out = String::with_capacity(s.len());
                let mut up = true;
                for c in s.chars() {
                    if up && c.is_alphabetic() {
                        out.extend(c.to_uppercase());
                        up = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            })
    }

    fn article() -> impl Strategy<Value = String> {
        proptest::collection::vec((sentence(), any::<bool>()), 1..8).prop_map(|v| {
            v.into_iter()
                .map(|(s, para)| {
                    if para {
                        format!("{s}\n\n")
                    } else {
                        format!("{s} ")
                    }
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The whole engine on arbitrary text: no panic, every span in bounds and
        /// equal to its text.
        #[test]
        fn annotate_any_text(s in "[\"“”'’ a-zA-ZÀ-ÿğş.,:;!?\n—()-]{0,300}") {
            let chars: Vec<char> = s.chars().collect();
            let a = annotate(&s);
            for q in &a.quotes {
                prop_assert!(q.start <= q.end && q.end <= chars.len());
                prop_assert_eq!(&q.text, &chars[q.start..q.end].iter().collect::<String>());
                for sp in [&q.speaker_mention, &q.cue].into_iter().flatten() {
                    prop_assert!(sp.start <= sp.end && sp.end <= chars.len());
                }
            }
        }

        /// A quote never spans a closing mark, an attribution and an opening mark.
        #[test]
        fn no_quote_span_crosses_narration(text in article()) {
            for q in quotes(&text) {
                let t = &q.text;
                if let (Some(close), Some(open)) = (t.find('”'), t.rfind('“')) {
                    if close < open {
                        let between = &t[close..open];
                        prop_assert!(
                            !between.contains(" said"),
                            "quote over narration: {:?} in {:?}", t, text
                        );
                    }
                }
            }
        }

        /// A speaker is a name, a body or a group: never a pronoun, a clitic
        /// form, a sentence adverb or a bare determiner phrase.
        #[test]
        fn speakers_are_agents_or_none(text in article()) {
            for q in quotes(&text) {
                if let Some(s) = &q.speaker {
                    let lower = s.to_lowercase();
                    prop_assert!(!s.trim().is_empty());
                    prop_assert!(!is_pronoun(s), "pronoun speaker {:?} in {:?}", s, text);
                    prop_assert!(!lower.contains("'m") && lower != "usually",
                        "non-agent speaker {:?} in {:?}", s, text);
                    prop_assert!(!lower.starts_with("the ") && !lower.starts_with("an "),
                        "determiner in speaker {:?} in {:?}", s, text);
                    prop_assert!(!s.contains('“') && !s.contains('”'));
                    prop_assert!(!s.contains("Mayor") && !s.contains("leader"),
                        "title in speaker {:?} in {:?}", s, text);
                }
            }
        }
    }
}

#[test]
fn a_person_subject_introduces_a_quote_after_a_long_colon_clause() {
    let text = "Councillor Maya Lund spoke at length about the gap between rural \
                and urban schools: \"We cannot leave these children behind.\"";
    assert_eq!(speakers(text), ["Maya Lund"]);
    // No person subject: no speaker from the sentence's first name.
    let text = "The Riverside report lists three reasons for the closures: \
                \"Costs, staffing and the age of the buildings.\"";
    assert!(
        speakers(text).iter().all(|s| s == "-"),
        "{:?}",
        speakers(text)
    );
}

#[test]
fn a_participle_appositive_names_nobody() {
    let text = "Hale, speaking to a farmers' group in Virginia, said the subsidy would stay.";
    assert_eq!(speakers(text), ["Hale"]);
    let text = "Another co-author, civil and environmental engineering professor \
                Julian Moss, said, \"We have seen this before.\"";
    assert_eq!(speakers(text), ["Julian Moss"]);
}

#[test]
fn a_participle_cue_has_the_sentence_subject() {
    let text = "Mara Quist spoke on Tuesday about the flooding in Lowtown, Ohio, \
                arguing that the levees had been neglected for years.";
    assert_eq!(speakers(text), ["Mara Quist"]);
}

#[test]
fn a_time_adjunct_is_no_subject() {
    let text = "Northwind Freight this month announced it would close two depots.";
    assert_eq!(speakers(text), ["Northwind Freight"]);
}

#[test]
fn they_is_a_body_nearby_or_nobody() {
    let text = "Northwind Freight Company cut 40 jobs on Monday. \
                They said the depot in Leeds would stay open.";
    assert_eq!(speakers(text), ["Northwind Freight Company"]);
    let text = "Hundreds of residents gathered outside the town hall on Monday. \
                They said the depot in Leeds should stay open.";
    assert_eq!(speakers(text), ["-"]);
}

#[test]
fn according_to_a_role_and_a_name() {
    let text = "According to Harbour Daily editor Keni Valo, the campaign was able \
                to tap into public mistrust.";
    assert_eq!(speakers(text), ["Keni Valo"]);
}

#[test]
fn surnames_match_across_diacritics() {
    let text = "Prime Minister Tomás Nuñez opened the bridge on Monday. \
                Nunez said the works had been worth the wait.";
    assert_eq!(speakers(text), ["Tomás Nuñez"]);
}

#[test]
fn the_office_of_a_person_speaks_for_them() {
    let text = "Governor Ilse Brandt visited the flooded town. According to a \
                statement released by Brandt's office, the town will be rebuilt by spring.";
    assert_eq!(speakers(text), ["Ilse Brandt"]);
}

#[test]
fn per_opening_a_sentence_reads_as_according_to() {
    let q = quotes("Per the Harbour Board, the new quay will open in the spring. It costs five dollars per day.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Harbour Board"));
    assert_eq!(q[0].text, "the new quay will open in the spring");
}

#[test]
fn a_title_alone_describes_the_person_given_it() {
    let text = "Mayor Lin Ode closed the pier on Monday. Later the Mayor said, \
                \"We will reopen it when it is safe.\"";
    assert_eq!(speakers(text), ["Lin Ode"]);
}

#[test]
fn read_introduces_the_words_of_a_document() {
    let q = quotes("The sign on the door read, \"Closed until further notice.\"");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].cue.as_ref().map(|c| c.text.as_str()), Some("read"));
}

#[test]
fn an_owner_is_not_the_pronoun_antecedent() {
    let text = "Tom Reyes's rival, Mark Olsen, disagreed on Tuesday. \
                He said the plan would cost too much.";
    assert_eq!(speakers(text), ["Mark Olsen"]);
}

#[test]
fn a_kind_of_body_is_the_body_named_last() {
    let text = "Skyline Airways Ltd cancelled forty flights on Friday. \
                The airline said the storms had grounded its fleet.";
    assert_eq!(speakers(text), ["Skyline Airways Ltd"]);
}

#[test]
fn ages_and_long_role_descriptions() {
    let text = "Fourteen-year-old Zoe Marsh was on the bus. Zoe Marsh said, \"Everyone started screaming.\"";
    assert_eq!(speakers(text), ["Zoe Marsh"]);
    let text = "Fourteen-year-old Zoe said, \"Everyone started screaming.\"";
    assert_eq!(speakers(text), ["Zoe"]);
    let text = "The race was joined by 2020 Lakeside Lord Mayor candidate Wen Tao. \
                The Lord Mayor candidate told reporters the city needed more parks.";
    assert_eq!(speakers(text), ["Wen Tao"]);
}

#[test]
fn organization_names_with_and_stay_whole() {
    let text = "The National Oceanic and Atmospheric Administration warned that coastal flooding was likely.";
    assert_eq!(
        speakers(text),
        ["National Oceanic and Atmospheric Administration"]
    );
}

#[test]
fn a_double_surname_is_found_by_its_first_part() {
    let text = "Governor Ricardo Montalvo Nevares resigned on Wednesday. \
                Montalvo said he would leave office in August.";
    assert_eq!(speakers(text), ["Ricardo Montalvo Nevares"]);
}

#[test]
fn two_titled_people_joined_by_and_are_two() {
    let text = "The study was led by Dr Karl Hoff and Dr Vera Lind of Eastfield. \
                Lind said, \"The rats chose to avoid harm.\"";
    assert_eq!(speakers(text), ["Vera Lind"]);
}

#[test]
fn a_quote_after_a_finished_attribution_sentence_continues_it() {
    let text = "\"The costs were very low\", Hale continued. \"This decision has undone \
                all the gains we have made over the years.\"";
    let s = said(text);
    assert_eq!(s.len(), 2, "{s:?}");
    assert!(s.iter().all(|(sp, _)| sp == "Hale"), "{s:?}");
}

#[test]
fn a_time_phrase_and_a_comma_after_the_verb_still_report_the_clause() {
    let q = quotes("Governor Tala Moana noted on Monday, the ferries were all running again.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "the ferries were all running again");
    assert_eq!(q[0].speaker.as_deref(), Some("Tala Moana"));
}

#[test]
fn a_prepositional_phrase_modifies_the_subject_before_it() {
    let text = "Critics from across the political spectrum have claimed this is a ploy. \
                Officials from the Harbour Ministry said the road was closed.";
    let q = quotes(text);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].text, "this is a ploy");
    assert_eq!(
        q[0].speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("Critics")
    );
    assert_eq!(q[1].speaker.as_deref(), Some("Harbour Ministry"));
}

#[test]
fn a_fronted_participle_has_the_main_clause_subject() {
    let text = "Saying \"the rules are unfair to small farms\", Senator Ada Lind \
                added that she would vote against the bill.";
    let s = said(text);
    assert!(!s.is_empty(), "{s:?}");
    assert!(s.iter().all(|(sp, _)| sp == "Ada Lind"), "{s:?}");
}

#[test]
fn an_opening_participle_is_no_name_but_surnames_in_ing_are() {
    let text = "Chastened by the reviews, as well as complaints over the costs, \
                Hale revised his plan, promising to cut the fees for workers.";
    assert_eq!(speakers(text), ["Hale"]);
    let text = "Manning said the fees would be cut for all workers.";
    assert_eq!(speakers(text), ["Manning"]);
}

#[test]
fn a_document_speaks_for_the_author_that_issued_it() {
    let s = speakers(
        "Acme Corp said in a filing that sales fell. The company hired auditors. \
         According to the filing, the audit began in May.",
    );
    assert!(s.iter().all(|sp| sp == "Acme Corp"), "{s:?}");
    // No author given: no speaker, never the document's own name.
    let s = speakers("The statement said the talks would resume in June.");
    assert!(s.iter().all(|sp| sp == "-"), "{s:?}");
}

#[test]
fn a_surname_tagged_apart_takes_the_full_name() {
    let s = speakers(
        "Maria Okonkwo-Berg chairs the board. Okonkwo-Berg said the vote would be held in June.",
    );
    assert_eq!(s, ["Maria Okonkwo-Berg"]);
}

#[test]
fn pronouns_follow_the_subject_chain() {
    // The second `He` is whoever the first is, not the last name before it.
    let s = speakers(
        "Mark Rivers joined the board in May. He met Tom Hale there. \
         He said the vote would be held in June.",
    );
    assert_eq!(s, ["Mark Rivers"]);
    // In its own sentence a pronoun goes to the subject, not the last name.
    let s = speakers("Jane Miller joined Acme Corp, where she said prices would rise.");
    assert_eq!(s, ["Jane Miller"]);
}

#[test]
fn roles_from_appositions_find_the_person_later() {
    let s = speakers(
        "The city's mayor, Tom Hale, opened the bridge. The mayor said the bridge would reopen in May.",
    );
    assert_eq!(s, ["Tom Hale"]);
    let s = speakers(
        "Ana Ruiz, 45, a nurse at the hospital, was injured. The nurse said she was lucky to be alive.",
    );
    assert_eq!(s, ["Ana Ruiz"]);
}

#[test]
fn he_and_she_never_point_to_places() {
    let s = speakers(
        "Harbour Bridge was closed on Monday after Tom Hale visited. He said it would reopen soon.",
    );
    assert_eq!(s, ["Tom Hale"]);
}

#[test]
fn a_floating_quote_after_a_new_subject_is_that_persons() {
    let s = speakers(
        "“We will win this vote,” Maria Roe said.\n\nTom Lee disagreed with the plan on Monday.\n\n\
         “This is a mistake and we all know it very well.”",
    );
    assert_eq!(s, ["Maria Roe", "Tom Lee"]);
}

#[test]
fn a_body_takes_the_fullest_name_the_article_writes() {
    let s = speakers(
        "The base is part of the United States Air Force's test range. \
         The Air Force said visitors must stay away from the gates.",
    );
    assert_eq!(s, ["United States Air Force"]);
}

#[test]
fn the_body_noun_refers_to_the_named_body_before_it() {
    let s = speakers(
        "Critics attacked the Harlan administration over the census. \
         The administration said the question would be added anyway.",
    );
    assert_eq!(s, ["Harlan administration"]);
}

#[test]
fn a_pronoun_opening_a_sentence_follows_the_pronoun_that_opened_the_one_before() {
    // The previous sentence names a second woman after its own `she`: the
    // chain runs through that first `she`, not through the name after it.
    let s = speakers(
        "Clara Novak designed the new library. In 2019, she was honoured by Queen Mirabel \
         for her work, and later she won a medal. She said, \"I never expected it.\"",
    );
    assert_eq!(s, ["Clara Novak"]);
}

#[test]
fn a_titled_surname_shared_by_two_people_goes_to_the_one_with_that_title() {
    let s = speakers(
        "Governor Dana Wells met Senator Tom Wells on Monday. \
         Later, Senator Wells said the talks \"went badly\".",
    );
    assert_eq!(s, ["Tom Wells"]);
    let s = speakers(
        "Mayor Ruth Kane met her brother, Paul Kane, on Monday. \"We disagree,\" Mr. Kane said.",
    );
    assert_eq!(s, ["Paul Kane"]);
}

#[test]
fn a_resolved_pronoun_speaker_is_a_mention_of_the_person() {
    let text = "Ivana Marsh runs the bakery on Elm Street. \
                \u{201c}We sell out by noon,\u{201d} she said, \u{201c}every day.\u{201d}";
    let a = annotate(text);
    let marsh = a
        .entities
        .iter()
        .find(|e| e.name == "Ivana Marsh")
        .expect("Ivana Marsh is an entity");
    let written: Vec<&str> = marsh.mentions.iter().map(|m| m.text.as_str()).collect();
    // Once, though both fragments of the quote share the mention.
    assert_eq!(written, ["Ivana Marsh", "she"]);
    let chars: Vec<char> = text.chars().collect();
    for m in &marsh.mentions {
        let at: String = chars[m.start..m.end].iter().collect();
        assert_eq!(at, m.text);
    }
    // A pronoun nobody is resolved to stays out of the entities.
    let a = annotate("\u{201c}We sell out by noon,\u{201d} she said.");
    assert!(a
        .entities
        .iter()
        .all(|e| e.mentions.iter().all(|m| m.text != "she")));
}

#[test]
fn new_opening_a_name_is_part_of_it() {
    let s = speakers(
        "Farmers protested in the capital on Monday. The New Carlisle government said \
         the subsidy \"will be paid in full\".",
    );
    assert_eq!(s, ["New Carlisle government"]);
}

#[test]
fn a_description_finds_the_body_the_article_described_so() {
    // The body named last is another one: the apposition decides.
    let s = speakers(
        "Regulators fined Borlex Mining, a copper company based in Perth, on Monday. \
         The Harbour Authority approved the fine. The company said it would appeal.",
    );
    assert_eq!(s, ["Borlex Mining"]);
    let s = speakers(
        "The drugmaker Velanto Pharma sued the Tasman Health Agency. \
         The drugmaker said the ruling \"was wrong\".",
    );
    assert_eq!(s, ["Velanto Pharma"]);
}

#[test]
fn a_pronoun_prefers_the_main_clause_subject_to_a_fronted_clause() {
    let s = speakers(
        "Tom Hale joined the team in May. After Peter Quist left, Tom Hale moved to the wing. \
         He said, \"It suits me.\"",
    );
    assert_eq!(s, ["Tom Hale"]);
    // Without a fronted clause the earliest person of the sentence is the subject.
    let s = speakers(
        "Tom Hale joined the team in May. Peter Quist thanked Tom Hale on Sunday. \
         He said, \"It suits me.\"",
    );
    assert_eq!(s, ["Peter Quist"]);
}

#[test]
fn it_points_back_to_the_first_body_of_the_sentence_before() {
    let s = speakers(
        "The Lakeside Times printed the letter on Monday, a day after the Hill Tribune did. \
         It said the letter \"was genuine\".",
    );
    assert_eq!(s, ["Lakeside Times"]);
}

#[test]
fn a_nickname_inside_a_name_is_neither_a_quote_nor_part_of_the_name() {
    let q = quotes(
        "Union leader Margaret \"Peggy\" Olsen said the strike \"will go on\". \
         \"We are not afraid,\" Peggy said.",
    );
    let texts: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, ["the strike \"will go on\"", "We are not afraid,"]);
    let speakers: Vec<Option<&str>> = q.iter().map(|q| q.speaker.as_deref()).collect();
    // The nickname alone names her too.
    assert_eq!(speakers, [Some("Margaret Olsen"), Some("Margaret Olsen")]);
}

#[test]
fn a_quote_attributed_after_it_to_a_name_with_a_nickname_keeps_its_speaker() {
    let q = quotes("\u{201c}We are not afraid,\u{201d} Margaret \u{201c}Peggy\u{201d} Olsen said.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "We are not afraid,");
    assert_eq!(q[0].speaker.as_deref(), Some("Margaret Olsen"));
}

#[test]
fn an_unknown_first_name_before_a_known_one_stays_in_the_name() {
    let q = quotes(
        "Architect Zaha Mohammad Hadid designed the centre. She said, \"It is about flow.\"",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Zaha Mohammad Hadid"));
    assert_eq!(q[0].role.as_deref(), Some("Architect"));
    // A role before the name is still no part of it.
    assert_eq!(
        speakers("NASA Administrator Jim Roe said the launch \"went well\"."),
        ["Jim Roe"]
    );
}

#[test]
fn an_intensifying_reflexive_is_no_part_of_the_speaker() {
    let q = quotes(
        "Critics doubted the plan. Mayor Ana Ruiz herself said the budget \"is too small\".",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        q[0].speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("Mayor Ana Ruiz")
    );
}

#[test]
fn a_hesitation_before_i_names_nobody() {
    assert_eq!(
        speakers(
            "Uh I was hired by Daniel Reyes to lay the floor. He said, \"It will take a week.\""
        ),
        ["Daniel Reyes"]
    );
}

#[test]
fn the_city_is_the_city_named_before() {
    assert_eq!(
        speakers(
            "Heavy rain flooded the old port of Marseille on Monday. \
             The city said, \"The quays will reopen on Friday.\""
        ),
        ["Marseille"]
    );
}

#[test]
fn the_officials_of_a_country_speak_for_it() {
    let q = quotes(
        "Hundreds of passengers were stranded by the ash cloud. \
         Iceland officials said, \"The airport will reopen tomorrow.\"",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Iceland"));
    assert_eq!(q[0].role.as_deref(), Some("officials"));
}

#[test]
fn a_lone_name_after_the_is_a_body_it_can_point_back_to() {
    let all = said(
        "Senator Dana Whitlow told Radio Meridian: \"We have a plan.\" \
         The Beacon reported that the plan had stalled. \
         It quoted a farmer, saying: \"Nobody asked us.\"",
    );
    let last = all.iter().find(|(_, q)| q.contains("Nobody asked"));
    assert_eq!(last.map(|(s, _)| s.as_str()), Some("Beacon"), "{all:?}");
}

#[test]
fn a_place_after_an_appositive_body_leaves_the_named_subject() {
    assert_eq!(
        speakers(
            "Lena Marsh, curator of collections at the University of Vermont, Burlington, \
             said, \"These prints matter.\""
        ),
        ["Lena Marsh"]
    );
}

#[test]
fn an_occupation_before_a_tagged_name_is_a_role() {
    let q = quotes("Mathematician Hermann Kessler said of the proof, \"It is elegant.\"");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Hermann Kessler"));
    assert_eq!(q[0].role.as_deref(), Some("Mathematician"));
}

#[test]
fn the_place_of_an_office_is_no_part_of_the_name_after_it() {
    assert_eq!(
        speakers(
            "According to Kenyan Ambassador to the United Kingdom Daniel Otieno, \
             the visit \"went very well\"."
        ),
        ["Daniel Otieno"]
    );
}

#[test]
fn an_unnamed_group_opening_the_sentence_has_no_speaker() {
    let q = quotes(
        "Shares of Norvik Mining fell on Tuesday. Analysts said the slide would not last. \
         \"We are staying,\" Residents said.",
    );
    assert_eq!(q.len(), 2, "{q:#?}");
    for (quote, written) in q.iter().zip(["Analysts", "Residents"]) {
        assert_eq!(quote.speaker, None, "{quote:#?}");
        assert_eq!(
            quote.speaker_mention.as_ref().map(|m| m.text.as_str()),
            Some(written)
        );
    }
    // A surname that is also a common word still finds its full name.
    assert_eq!(
        speakers("Gordon Brown spoke on Monday. Brown said the budget was fair."),
        ["Gordon Brown"]
    );
    // A first name that is also a common word ("rose") stays a speaker.
    let q = quotes("The hall was full on Friday. Rose said the vote would pass.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert!(q[0].speaker.is_some(), "{q:#?}");
}

#[test]
fn a_document_of_a_named_author_speaks_for_that_author() {
    assert_eq!(
        speakers(
            "The Queen agreed on Wednesday to the request of Prime Minister Tom Hale to close Parliament for five weeks.\n\nPer the request, Parliament would meet only briefly in early September."
        ),
        ["Tom Hale"]
    );
}

#[test]
fn the_government_is_the_government_the_article_named() {
    // Not the last organization named (`Twitter`, inside `a government Twitter account`).
    assert_eq!(
        speakers(
            "The government of Tonga closed all schools on Monday. Residents followed an official government Twitter account for updates on the storm.\n\nThe government said the coastal roads would reopen on Friday."
        ),
        ["government of Tonga"]
    );
}

#[test]
fn figures_put_out_by_a_body_are_that_bodys() {
    assert_eq!(
        speakers("Per numbers reported by the Harbour Statistics Office, ferry traffic fell by a third last year."),
        ["Harbour Statistics Office"]
    );
}

#[test]
fn a_possessive_description_is_the_person_introduced_with_it() {
    assert_eq!(
        speakers("Maria Lopez lost her case in March. Her lawyer, Tom Reyes, filed the appeal on Monday.\n\nHer lawyer said the ruling would be overturned by summer."),
        ["Tom Reyes"]
    );
    assert_eq!(
        speakers("Daniel Roe grew up in Basel. His father, Karl Roe, wanted him to study law.\n\nHis father said the boy would never be a mathematician."),
        ["Karl Roe"]
    );
}

#[test]
fn a_party_and_state_aside_after_the_name_keeps_the_attribution() {
    for aside in [" (D-Ore.)", " (R)", ", R-Ky.,"] {
        let text = format!(
            "Lena Marsh praised the bill.\n\n“The roads need the money,” Rep. Owen Tibbs{aside} said."
        );
        let q = quotes(&text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"), "{text}");
        assert_eq!(q[0].cue.as_ref().map(|c| c.text.as_str()), Some("said"));
    }
}

#[test]
fn a_name_in_apposition_to_a_role_phrase_is_the_speaker() {
    let intro = "Lena Marsh praised the bill.\n\n";
    for tail in [
        "the county press secretary, Owen Tibbs, said on Tuesday.",
        "said the county press secretary, Owen Tibbs.",
        "another city official, Owen Tibbs, recalled.",
    ] {
        let text = format!("{intro}“The roads need the money,” {tail}");
        let q = quotes(&text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        assert_eq!(q[0].text, "The roads need the money,", "{text}");
        assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"), "{text}");
    }
}

#[test]
fn an_affiliation_or_a_capitalized_office_around_the_name_keeps_the_attribution() {
    let intro = "Lena Marsh visited the port on Sunday.\n\n“The bill is good,” Marsh said.\n\n";
    for tail in [
        "Owen Tibbs of the Harbour Board said.",
        "Dr. Owen Tibbs of the Harbour Board said.",
        "former Ohio Secretary of State Owen Tibbs said.",
    ] {
        let text = format!("{intro}“It was wrong,” {tail}");
        let q = quotes(&text);
        assert_eq!(q.len(), 2, "{text}: {q:#?}");
        assert_eq!(q[1].text, "It was wrong,", "{text}");
        assert_eq!(q[1].speaker.as_deref(), Some("Owen Tibbs"), "{text}");
    }
}

#[test]
fn an_office_or_a_body_before_the_name_after_said_is_a_role() {
    let intro = "Lena Marsh visited the port on Sunday.\n\n";
    for (tail, role) in [
        (
            "said Secretary of State Owen Tibbs.",
            Some("Secretary of State"),
        ),
        ("said UN envoy Owen Tibbs.", None),
    ] {
        let text = format!("{intro}“It was wrong,” {tail}");
        let q = quotes(&text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"), "{text}");
        if role.is_some() {
            assert_eq!(q[0].role.as_deref(), role, "{text}");
        }
    }
    // After a possessive, the deputy named speaks, not the one whose deputy he is.
    let q = quotes("“It was wrong,” said Marsh’s new deputy Owen Tibbs.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"));
}

#[test]
fn the_issuer_of_a_document_saying_something_is_the_speaker() {
    for verb in ["released a report", "published a statement"] {
        let text = format!("The harbour board {verb} saying the pier would close.");
        let q = quotes(&text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        assert_eq!(q[0].speaker.as_deref(), Some("harbour board"), "{text}");
    }
    // A past form after a noun is the verb, no part of the speaker's phrase.
    let q = quotes("The harbour board released figures saying the pier would close.");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_ne!(
        q[0].speaker_mention.as_ref().map(|m| m.text.as_str()),
        Some("The harbour board released figures")
    );
}

#[test]
fn an_age_or_a_one_word_apposition_resolves_a_later_description() {
    let q = quotes(
        "Senator Lena Marsh met Owen Tibbs, 44, a farmer from Dayton, on Monday.\n\n“We lost everything,” the 44-year-old said.",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"));
    let q = quotes(
        "Owen Tibbs, a Democrat, faces Lena Marsh in the race.\n\n“We will win,” the Democrat said.",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"));
}

#[test]
fn the_former_holder_of_a_role_is_told_from_the_current_one() {
    let q = quotes(
        "Former president Owen Tibbs met Lena Marsh, the current president, on Monday.\n\n“We will win,” the former president said.",
    );
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Owen Tibbs"));
    // Without a qualifier the latest holder of the role still speaks.
    let q = quotes(
        "Former president Owen Tibbs met Lena Marsh, the current president, on Monday.\n\n“We will win,” the president said.",
    );
    assert_eq!(q[0].speaker.as_deref(), Some("Lena Marsh"));
}

#[test]
fn an_acronym_spelling_a_function_word_is_a_name() {
    // "WHO" is no relative pronoun.
    let text = "The Global Water Agency (WHO) met on Monday. The WHO warned that wells were dry. \
                \"We are worried,\" the WHO said.";
    assert_eq!(
        speakers(text),
        ["Global Water Agency", "Global Water Agency"],
        "{:#?}",
        quotes(text)
    );
}
