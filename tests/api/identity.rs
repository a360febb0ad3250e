//! Corpus-level identity: short forms join (or are absorbed by) the one fuller
//! entity they stand for across articles, with every count and filter following.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::TestApp;

/// An article on `date` whose body is `body`; `entities`: (kind, name, mention
/// texts, each found in order in the body); `quotes`: (quoted text, speaker).
fn doc(
    body: &str,
    date: &str,
    entities: &[(&str, &str, &[&str])],
    quotes: &[(&str, &str)],
) -> Value {
    let at = |text: &str, from: usize| -> usize {
        body[from..]
            .find(text)
            .map(|i| i + from)
            .expect("text in body")
    };
    let entities: Vec<Value> = entities
        .iter()
        .map(|(kind, name, texts)| {
            let mut from = 0;
            let mentions: Vec<Value> = texts
                .iter()
                .map(|t| {
                    let s = at(t, from);
                    from = s + t.len();
                    json!({"start": s, "end": s + t.len(), "text": t})
                })
                .collect();
            json!({"kind": kind, "name": name, "mentions": mentions})
        })
        .collect();
    let quotes: Vec<Value> = quotes
        .iter()
        .map(|(text, speaker)| {
            let s = at(text, 0);
            json!({"kind": "direct", "start": s, "end": s + text.len(), "text": text, "speaker": speaker})
        })
        .collect();
    json!({"body": body, "published_at": date,
           "annotations": {"entities": entities, "quotes": quotes}})
}

fn full_silva() -> Value {
    doc(
        "Ana Silva opened the port. \"Trade is back,\" Ana Silva said.",
        "2026-02-01",
        &[("person", "Ana Silva", &["Ana Silva", "Ana Silva"])],
        &[("Trade is back", "Ana Silva")],
    )
}

fn short_silva() -> Value {
    doc(
        "Silva spoke again. \"We hold,\" Silva said.",
        "2026-02-02",
        &[("person", "Silva", &["Silva", "Silva"])],
        &[("We hold", "Silva")],
    )
}

/// A quote by someone else about Silva: counted in her `quoted_about_count`.
fn about_silva() -> Value {
    doc(
        "\"Silva will win,\" Bo Lima said.",
        "2026-02-03",
        &[
            ("person", "Silva", &["Silva"]),
            ("person", "Bo Lima", &["Bo Lima"]),
        ],
        &[("Silva will win", "Bo Lima")],
    )
}

/// The entities of `kind` by name, each with its number `field` (`id`,
/// `mention_count`).
async fn listed(app: &TestApp, kind: &str, field: &str) -> Vec<(String, i64)> {
    app.get(&format!("/api/entities?kind={kind}&limit=100&sort=name"))
        .await
        .json["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or("").to_string(),
                e[field].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

async fn people(app: &TestApp) -> Vec<(String, i64)> {
    listed(app, "person", "id").await
}

fn id_of(people: &[(String, i64)], name: &str) -> i64 {
    people
        .iter()
        .find(|p| p.0 == name)
        .map(|p| p.1)
        .expect(name)
}

fn len(r: &crate::common::Reply) -> usize {
    r.json["data"].as_array().map_or(0, Vec::len)
}

/// Ana Silva's counts and filters, however the three articles came in.
async fn check_one_silva(app: &TestApp) {
    let all = people(app).await;
    let names: Vec<&str> = all.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Ana Silva", "Bo Lima"], "Silva is Ana Silva");
    let id = id_of(&all, "Ana Silva");
    let e = app.get(&format!("/api/entities/{id}")).await;
    assert_eq!(e.status, StatusCode::OK);
    assert_eq!(e.json["mention_count"], 5);
    assert_eq!(e.json["article_count"], 3);
    assert_eq!(e.json["quote_count"], 2);
    assert_eq!(e.json["quoted_about_count"], 1);
    assert!(e.json["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .any(|a| a == "Silva"));
    assert_eq!(len(&app.get(&format!("/api/quotes?speaker={id}")).await), 2);
    assert_eq!(len(&app.get("/api/quotes?speaker=Silva").await), 2);
    assert_eq!(len(&app.get(&format!("/api/quotes?about={id}")).await), 1);
    assert_eq!(
        len(&app.get(&format!("/api/articles?entity={id}")).await),
        3
    );
    assert_eq!(
        len(&app.get(&format!("/api/entities/{id}/articles")).await),
        3
    );
    let articles = app.get("/api/articles?limit=10").await;
    for a in articles.json["data"].as_array().expect("data") {
        let expected = if a["published_at"] == "2026-02-03" {
            2
        } else {
            1
        };
        assert_eq!(a["entity_count"], expected, "{}", a["published_at"]);
    }
}

#[tokio::test]
async fn a_surname_after_its_full_name_joins_it() {
    let app = TestApp::new().await;
    app.create(full_silva()).await;
    app.create(short_silva()).await;
    app.create(about_silva()).await;
    check_one_silva(&app).await;
}

#[tokio::test]
async fn a_full_name_after_its_surname_absorbs_it() {
    let app = TestApp::new().await;
    app.create(short_silva()).await;
    app.create(about_silva()).await;
    let before = people(&app).await;
    let old = id_of(&before, "Silva");
    app.create(full_silva()).await;
    check_one_silva(&app).await;
    // The absorbed entity is gone: its id answers 404, the survivor keeps its own.
    app.get(&format!("/api/entities/{old}")).await.problem(404);
    assert_eq!(
        len(&app.get(&format!("/api/quotes?speaker={old}")).await),
        0
    );
}

#[tokio::test]
async fn two_people_of_one_surname_keep_it_apart() {
    let app = TestApp::new().await;
    app.create(full_silva()).await;
    app.create(doc(
        "Rui Silva left the club.",
        "2026-02-04",
        &[("person", "Rui Silva", &["Rui Silva"])],
        &[],
    ))
    .await;
    app.create(short_silva()).await;
    let names: Vec<String> = people(&app).await.into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["Ana Silva", "Rui Silva", "Silva"]);
}

#[tokio::test]
async fn a_lone_first_name_is_not_joined_across_articles() {
    let app = TestApp::new().await;
    // The article groups "Dorsa" under her full name; elsewhere "Dorsa" stays apart.
    app.create(doc(
        "Dorsa Derakhshani won. Dorsa smiled.",
        "2026-02-01",
        &[(
            "person",
            "Dorsa Derakhshani",
            &["Dorsa Derakhshani", "Dorsa"],
        )],
        &[],
    ))
    .await;
    app.create(doc(
        "Dorsa sang.",
        "2026-02-02",
        &[("person", "Dorsa", &["Dorsa"])],
        &[],
    ))
    .await;
    let names: Vec<String> = people(&app).await.into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["Dorsa", "Dorsa Derakhshani"]);
}

async fn orgs(app: &TestApp) -> Vec<(String, i64)> {
    listed(app, "organization", "mention_count").await
}

fn nato_full() -> Value {
    doc(
        "The North Atlantic Treaty Organization met.",
        "2026-03-01",
        &[(
            "organization",
            "North Atlantic Treaty Organization",
            &["North Atlantic Treaty Organization"],
        )],
        &[],
    )
}

fn nato_short() -> Value {
    doc(
        "NATO met again.",
        "2026-03-02",
        &[("organization", "NATO", &["NATO"])],
        &[],
    )
}

#[tokio::test]
async fn an_acronym_joins_its_organization_in_either_order() {
    for first_full in [true, false] {
        let app = TestApp::new().await;
        let (a, b) = if first_full {
            (nato_full(), nato_short())
        } else {
            (nato_short(), nato_full())
        };
        app.create(a).await;
        app.create(b).await;
        assert_eq!(
            orgs(&app).await,
            [("North Atlantic Treaty Organization".to_string(), 2)],
            "full name first: {first_full}"
        );
    }
}

#[tokio::test]
async fn a_first_word_joins_the_one_organization_it_starts() {
    let app = TestApp::new().await;
    app.create(doc(
        "Goldman Sachs hired.",
        "2026-03-01",
        &[("organization", "Goldman Sachs", &["Goldman Sachs"])],
        &[],
    ))
    .await;
    app.create(doc(
        "Goldman fired.",
        "2026-03-02",
        &[("organization", "Goldman", &["Goldman"])],
        &[],
    ))
    .await;
    assert_eq!(orgs(&app).await, [("Goldman Sachs".to_string(), 2)]);
    // A second "Manchester ..." leaves "Manchester" ambiguous: its own entity.
    for (date, name) in [
        ("2026-03-03", "Manchester United"),
        ("2026-03-04", "Manchester City"),
    ] {
        let body = format!("{name} won.");
        app.create(doc(&body, date, &[("organization", name, &[name])], &[]))
            .await;
    }
    app.create(doc(
        "Manchester lost.",
        "2026-03-05",
        &[("organization", "Manchester", &["Manchester"])],
        &[],
    ))
    .await;
    assert_eq!(orgs(&app).await.len(), 4);
}

#[tokio::test]
async fn a_stray_fragment_does_not_take_a_much_named_short_form() {
    let app = TestApp::new().await;
    for date in ["2026-04-01", "2026-04-02"] {
        let body = format!("Oscar night. Oscar glory. Oscar again. Oscar five. Oscar six. {date}");
        let texts: &[&str] = &["Oscar", "Oscar", "Oscar", "Oscar", "Oscar"];
        app.create(doc(&body, date, &[("person", "Oscar", texts)], &[]))
            .await;
    }
    app.create(doc(
        "Strong Oscar hopes.",
        "2026-04-03",
        &[("person", "Strong Oscar", &["Strong Oscar"])],
        &[],
    ))
    .await;
    app.create(doc(
        "Oscar later.",
        "2026-04-04",
        &[("person", "Oscar", &["Oscar"])],
        &[],
    ))
    .await;
    let names: Vec<String> = people(&app).await.into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["Oscar", "Strong Oscar"]);
}

/// An article supplying `n` mentions of the one-word `name` as `kind` (manual rows).
fn named(kind: &str, name: &str, n: usize, date: &str) -> Value {
    let body = format!("{}. {date}", vec![name; n].join(" and "));
    let texts: Vec<&str> = vec![name; n];
    doc(&body, date, &[(kind, name, &texts)], &[])
}

/// The engine's article about "Kelvar": two automatic person mentions and a quote
/// he is the speaker of.
fn kelvar_by_engine() -> Value {
    json!({
        "body": "Mr Kelvar told reporters in London that the plan would fail. \
                 Kelvar, 54, has led the party since 2010.",
        "published_at": "2026-05-10",
    })
}

/// The kind and id of "Kelvar" in article `id`, as the article shows it.
async fn kelvar_in(app: &TestApp, id: &Value) -> (String, i64) {
    let article = app.get(&format!("/api/articles/{id}")).await;
    let e = article.json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Kelvar")
        .expect("Kelvar in the article");
    (
        e["kind"].as_str().unwrap_or("").to_string(),
        e["id"].as_i64().unwrap_or(0),
    )
}

fn count_of(list: &[(String, i64)], name: &str) -> Option<i64> {
    list.iter().find(|p| p.0 == name).map(|p| p.1)
}

#[tokio::test]
async fn the_engine_reads_kelvar_as_a_person_on_its_own() {
    // What the tests below outvote: without other articles, a person.
    let app = TestApp::new().await;
    let id = app.create(kelvar_by_engine()).await["id"].clone();
    assert_eq!(kelvar_in(&app, &id).await.0, "person");
    assert_eq!(
        count_of(&listed(&app, "person", "mention_count").await, "Kelvar"),
        Some(2)
    );
}

#[tokio::test]
async fn a_one_word_name_outvoted_by_another_kind_joins_it() {
    let app = TestApp::new().await;
    app.create(named("organization", "Kelvar", 12, "2026-05-01"))
        .await;
    let id = app.create(kelvar_by_engine()).await["id"].clone();
    assert_eq!(count_of(&people(&app).await, "Kelvar"), None);
    let (kind, org) = kelvar_in(&app, &id).await;
    assert_eq!(kind, "organization");
    assert_eq!(count_of(&orgs(&app).await, "Kelvar"), Some(14));
    let e = app.get(&format!("/api/entities/{org}")).await;
    assert_eq!(e.json["article_count"], 2);
    assert_eq!(e.json["quote_count"], 1);
    let quotes = app.get(&format!("/api/quotes?article={id}")).await;
    assert_eq!(quotes.json["data"][0]["speaker_id"], org);
    assert_eq!(len(&app.get("/api/entities?kind=person").await), 0);
}

#[tokio::test]
async fn a_majority_passing_the_bar_absorbs_the_kinds_stored_before_it() {
    let app = TestApp::new().await;
    let id = app.create(kelvar_by_engine()).await["id"].clone();
    let (kind, person) = kelvar_in(&app, &id).await;
    assert_eq!(kind, "person");
    // Five of seven mentions: too few to decide.
    app.create(named("organization", "Kelvar", 5, "2026-05-01"))
        .await;
    assert_eq!(kelvar_in(&app, &id).await, ("person".to_string(), person));
    // Eleven of thirteen: the person's rows move and its id answers 404.
    app.create(named("organization", "Kelvar", 6, "2026-05-02"))
        .await;
    let (kind, org) = kelvar_in(&app, &id).await;
    assert_eq!(kind, "organization");
    assert_ne!(org, person);
    app.get(&format!("/api/entities/{person}"))
        .await
        .problem(404);
    assert_eq!(count_of(&orgs(&app).await, "Kelvar"), Some(13));
    assert_eq!(
        len(&app.get(&format!("/api/quotes?speaker={org}")).await),
        1
    );
    assert_eq!(
        len(&app.get(&format!("/api/entities/{org}/articles")).await),
        3
    );
}

#[tokio::test]
async fn a_manual_mention_keeps_its_kind_through_a_vote() {
    let app = TestApp::new().await;
    let manual = app.create(named("person", "Kelvar", 1, "2026-04-30")).await["id"].clone();
    let (_, person) = kelvar_in(&app, &manual).await;
    app.create(named("organization", "Kelvar", 12, "2026-05-01"))
        .await;
    let auto = app.create(kelvar_by_engine()).await["id"].clone();
    // The engine's mentions follow the vote; the supplied one stays a person.
    assert_eq!(kelvar_in(&app, &auto).await.0, "organization");
    assert_eq!(
        kelvar_in(&app, &manual).await,
        ("person".to_string(), person)
    );
    let e = app.get(&format!("/api/entities/{person}")).await;
    assert_eq!(e.json["mention_count"], 1);
    assert_eq!(e.json["article_count"], 1);
    assert_eq!(e.json["quote_count"], 0);
    assert_eq!(count_of(&orgs(&app).await, "Kelvar"), Some(14));
}

#[tokio::test]
async fn a_one_word_person_and_a_multi_word_name_take_no_other_kind() {
    let app = TestApp::new().await;
    // A person majority: the engine's location stays a location.
    app.create(named("person", "Kelvar", 12, "2026-05-01"))
        .await;
    let id = app
        .create(
            json!({"body": "The talks were held in Kelvar, a town near the border.",
                       "published_at": "2026-05-02"}),
        )
        .await["id"]
        .clone();
    assert_eq!(kelvar_in(&app, &id).await.0, "location");
    // A multi-word name keeps the kind its article gave it, however outvoted.
    let app = TestApp::new().await;
    app.create(named("organization", "Anna Kelvar", 12, "2026-05-01"))
        .await;
    app.create(
        json!({"body": "Anna Kelvar said she would stand again. Anna Kelvar, a former \
                               teacher, won in 2001.", "published_at": "2026-05-02"}),
    )
    .await;
    assert!(count_of(&people(&app).await, "Anna Kelvar").is_some());
}

#[tokio::test]
async fn a_name_mostly_of_another_kind_is_no_short_form_of_a_stray_full_name() {
    let app = TestApp::new().await;
    app.create(named("organization", "Kelvar", 12, "2026-05-01"))
        .await;
    app.create(doc(
        "New Kelvar won.",
        "2026-05-02",
        &[("person", "New Kelvar", &["New Kelvar"])],
        &[],
    ))
    .await;
    // "Kelvar" is named twelve times on its own: not "New Kelvar" for short, but
    // outvoted into the organization.
    let id = app.create(kelvar_by_engine()).await["id"].clone();
    assert_eq!(kelvar_in(&app, &id).await.0, "organization");
    assert_eq!(
        listed(&app, "person", "mention_count").await,
        [("New Kelvar".to_string(), 1)]
    );
}
