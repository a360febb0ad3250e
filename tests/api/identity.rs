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
