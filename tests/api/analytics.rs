//! Asking the corpus: timelines, facets, co-occurrence and quotes about someone,
//! over small made-up articles whose every annotation is given.

use crate::common::{Reply, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

/// `[start, end)` of `needle` in `body`, in code points.
fn span(body: &str, needle: &str) -> (usize, usize) {
    let byte = body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {body}"));
    let start = body[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// An article in which `speaker` says something about `about`; both are entities.
fn quoting(n: usize, date: Option<&str>, source: &str, speaker: &str, about: &str) -> Value {
    let said = format!("We trust {about} today");
    let body = format!("Item {n}. \u{201c}{said},\u{201d} said {speaker} at the port.");
    let (qs, qe) = span(&body, &said);
    let (ss, se) = span(&body, speaker);
    let (as_, ae) = span(&body, about);
    let (cs, ce) = span(&body, "said");
    json!({
        "body": body,
        "title": format!("Port {n}"),
        "source": source,
        "byline": if n.is_multiple_of(2) { "even" } else { "odd" },
        "published_at": date,
        "annotations": {
            "quotes": [{
                "kind": "direct", "start": qs, "end": qe, "text": said, "speaker": speaker,
                "speaker_mention": {"start": ss, "end": se, "text": speaker},
                "cue": {"start": cs, "end": ce, "text": "said"}
            }],
            "entities": [
                {"kind": "person", "name": speaker, "mentions": [{"start": ss, "end": se, "text": speaker}]},
                {"kind": "person", "name": about, "mentions": [{"start": as_, "end": ae, "text": about}]}
            ]
        }
    })
}

/// Five articles: Ana Silva speaks in four (about Rui Costa in three, about Lisbon
/// Mayor Eva Neves in one), Rui Costa in one (about Ana Silva); one is undated.
async fn corpus() -> TestApp {
    let app = TestApp::new().await;
    let rows = [
        (1, Some("2020-01-15"), "Wire", "Ana Silva", "Rui Costa"),
        (
            2,
            Some("2020-01-20T10:00:00Z"),
            "Wire",
            "Ana Silva",
            "Rui Costa",
        ),
        (3, Some("2020-03-02"), "Gazette", "Ana Silva", "Eva Neves"),
        (4, Some("2020-03-09"), "Gazette", "Rui Costa", "Ana Silva"),
        (5, None, "Wire", "Ana Silva", "Rui Costa"),
    ];
    for (n, date, source, speaker, about) in rows {
        app.create(quoting(n, date, source, speaker, about)).await;
    }
    app
}

#[track_caller]
fn periods(r: &Reply) -> Vec<(String, i64)> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    r.json["data"]
        .as_array()
        .unwrap_or_else(|| panic!("data in {}", r.json))
        .iter()
        .map(|p| {
            (
                p["period"].as_str().expect("period").to_string(),
                p["count"].as_i64().expect("count"),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(p, n)| (p.to_string(), *n)).collect()
}

async fn total(app: &TestApp, path: &str) -> i64 {
    let sep = if path.contains('?') { '&' } else { '?' };
    let r = app.get(&format!("{path}{sep}count=true&limit=1")).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.json);
    r.json["total"].as_i64().expect("total")
}

#[tokio::test]
async fn article_timeline_fills_empty_months_and_sums_to_the_dated_list() {
    let app = corpus().await;
    let r = app.get("/api/articles/timeline").await;
    assert_eq!(r.json["interval"], "month");
    let months = periods(&r);
    assert_eq!(
        months,
        owned(&[("2020-01", 2), ("2020-02", 0), ("2020-03", 2)])
    );
    let sum: i64 = months.iter().map(|p| p.1).sum();
    // The undated article is the one left out.
    assert_eq!(sum, total(&app, "/api/articles").await - 1);

    // Every list filter applies: one entity (read off its own index), a source,
    // a byline, full text, a speaker, several entities at once.
    for (filters, expected) in [
        (
            "entity=Rui%20Costa",
            owned(&[("2020-01", 2), ("2020-02", 0), ("2020-03", 1)]),
        ),
        ("source=Gazette", owned(&[("2020-03", 2)])),
        (
            "byline=odd",
            owned(&[("2020-01", 1), ("2020-02", 0), ("2020-03", 1)]),
        ),
        ("q=Neves", owned(&[("2020-03", 1)])),
        ("speaker=Costa", owned(&[("2020-03", 1)])),
        ("entity=Ana%20Silva,Eva%20Neves", owned(&[("2020-03", 1)])),
    ] {
        let got = periods(&app.get(&format!("/api/articles/timeline?{filters}")).await);
        assert_eq!(got, expected, "{filters}");
        let listed = total(&app, &format!("/api/articles?{filters}&from=1900")).await;
        assert_eq!(got.iter().map(|p| p.1).sum::<i64>(), listed, "{filters}");
    }
    let id = app.get("/api/entities?q=Rui").await.json["data"][0]["id"].clone();
    let by_id = periods(
        &app.get(&format!("/api/articles/timeline?entity={id}"))
            .await,
    );
    assert_eq!(
        by_id,
        periods(&app.get("/api/articles/timeline?entity=Rui%20Costa").await)
    );

    // from/to widen the timeline to their periods.
    let wide = periods(
        &app.get("/api/articles/timeline?from=2019-11-20&to=2020-04")
            .await,
    );
    assert_eq!(wide.first(), Some(&("2019-11".to_string(), 0)));
    assert_eq!(wide.last(), Some(&("2020-04".to_string(), 0)));
    assert_eq!(wide.len(), 6);
    assert!(periods(&app.get("/api/articles/timeline?source=Nobody").await).is_empty());
}

#[tokio::test]
async fn timelines_by_day_week_and_year() {
    let app = corpus().await;
    let weeks = periods(&app.get("/api/articles/timeline?interval=week").await);
    // 2020-01-15 and -20 are in ISO weeks 3 and 4; 2020-03-02 and -09 start weeks 10 and 11.
    assert_eq!(weeks.first(), Some(&("2020-W03".to_string(), 1)));
    assert_eq!(weeks[1], ("2020-W04".to_string(), 1));
    assert_eq!(weeks.last(), Some(&("2020-W11".to_string(), 1)));
    assert_eq!(weeks.len(), 9);
    let days = periods(
        &app.get("/api/articles/timeline?interval=day&from=2020-03-01&to=2020-03-03")
            .await,
    );
    assert_eq!(days.len(), 3, "from `from` to `to`: {days:?}");
    assert_eq!(days[1], ("2020-03-02".to_string(), 1));
    let years = periods(&app.get("/api/quotes/timeline?interval=year").await);
    assert_eq!(years, owned(&[("2020", 4)]));

    let r = app.get("/api/articles/timeline?interval=fortnight").await;
    assert_eq!(r.problem(400)["parameter"], "interval");
    let r = app
        .get("/api/articles/timeline?interval=day&from=1000&to=2999")
        .await;
    assert_eq!(r.problem(400)["parameter"], "interval");
    let r = app.get("/api/quotes/timeline?sort=newest").await;
    assert_eq!(r.problem(400)["parameter"], "sort");
}

#[tokio::test]
async fn quote_timeline_takes_every_quote_filter() {
    let app = corpus().await;
    let all = periods(&app.get("/api/quotes/timeline").await);
    assert_eq!(
        all,
        owned(&[("2020-01", 2), ("2020-02", 0), ("2020-03", 2)])
    );
    for filters in [
        "speaker=Silva",
        "speaker=Silva&source=Gazette",
        "kind=direct&origin=manual",
        "q=trust&from=2020-03",
        "about=Rui%20Costa",
    ] {
        let got = periods(&app.get(&format!("/api/quotes/timeline?{filters}")).await);
        let dated = if filters.contains("from=") {
            ""
        } else {
            "&from=1900"
        };
        let listed = total(&app, &format!("/api/quotes?{filters}{dated}&sort=newest")).await;
        assert_eq!(
            got.iter().map(|p| p.1).sum::<i64>(),
            listed,
            "{filters}: {got:?}"
        );
        assert!(listed > 0, "{filters}");
    }
    assert_eq!(
        periods(
            &app.get("/api/quotes/timeline?speaker=Silva&source=Gazette")
                .await
        ),
        owned(&[("2020-03", 1)])
    );
}

/// The buckets of facet `name` as (value, label, count).
#[track_caller]
fn buckets(r: &Reply, name: &str) -> Vec<(String, String, i64)> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let facet = &r.json["facets"][name];
    assert_eq!(facet["truncated"], false, "{name}: {facet}");
    facet["buckets"]
        .as_array()
        .unwrap_or_else(|| panic!("buckets of {name} in {}", r.json))
        .iter()
        .map(|b| {
            (
                b["value"].as_str().expect("value").to_string(),
                b["label"].as_str().expect("label").to_string(),
                b["count"].as_i64().expect("count"),
            )
        })
        .collect()
}

/// Every bucket's count is the total of the list narrowed by its value.
async fn check_narrowing(app: &TestApp, list: &str, filters: &str, facets: &[&str]) {
    let r = app
        .get(&format!("{list}?{filters}&facet={}", facets.join(",")))
        .await;
    for name in facets {
        let got = buckets(&r, name);
        assert!(!got.is_empty(), "{list}?{filters}: {name} has buckets");
        for (value, _, count) in got {
            // The list takes each filter once: a facet of a filter given is checked
            // by its count alone.
            let taken = filters.contains(&format!("{name}="))
                || (*name == "month" && filters.contains("from="));
            if taken {
                continue;
            }
            let value = urlencode(&value);
            let narrowed = match *name {
                "month" => format!("from={value}&to={value}"),
                _ => format!("{name}={value}"),
            };
            let listed = total(app, &format!("{list}?{filters}&{narrowed}")).await;
            assert_eq!(listed, count, "{list}?{filters}&{narrowed}");
        }
    }
}

fn urlencode(v: &str) -> String {
    serde_urlencoded::to_string([("v", v)]).expect("encode")[2..].to_string()
}

#[tokio::test]
async fn quote_facets_count_the_filtered_set_and_narrow_it() {
    let app = corpus().await;
    let r = app
        .get("/api/quotes?facet=speaker,kind,cue,source,month&limit=1")
        .await;
    assert_eq!(
        r.json["data"].as_array().map(Vec::len),
        Some(1),
        "the page is still a page"
    );
    let speakers = buckets(&r, "speaker");
    assert_eq!(
        speakers
            .iter()
            .map(|b| (b.1.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("Ana Silva", 4), ("Rui Costa", 1)]
    );
    assert_eq!(buckets(&r, "kind"), [("direct".into(), "direct".into(), 5)]);
    assert_eq!(buckets(&r, "cue"), [("said".into(), "said".into(), 5)]);
    assert_eq!(
        buckets(&r, "source")
            .iter()
            .map(|b| (b.0.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("Wire", 3), ("Gazette", 2)]
    );
    // The undated article's quote has no month.
    assert_eq!(
        buckets(&r, "month")
            .iter()
            .map(|b| (b.0.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("2020-01", 2), ("2020-03", 2)]
    );
    for filters in [
        "",
        "source=Gazette",
        "q=trust",
        "about=Rui%20Costa",
        "from=2020-02",
    ] {
        check_narrowing(
            &app,
            "/api/quotes",
            filters,
            &["speaker", "kind", "cue", "source", "month"],
        )
        .await;
    }
    let top = app.get("/api/quotes?facet=speaker&facet_size=1").await;
    assert_eq!(buckets(&top, "speaker").len(), 1);
    assert!(r.json.get("facets").is_some());
    assert!(app.get("/api/quotes").await.json.get("facets").is_none());
    for bad in [
        "facet=speaker,colour",
        "facet_size=101",
        "facet_size=0",
        "facet=speaker&facet_size=x",
    ] {
        let r = app.get(&format!("/api/quotes?{bad}")).await;
        let name = bad
            .rsplit('&')
            .next()
            .and_then(|p| p.split('=').next())
            .expect("name");
        assert_eq!(r.problem(400)["parameter"], name, "{bad}");
    }
}

#[tokio::test]
async fn article_and_entity_facets_count_the_filtered_set_and_narrow_it() {
    let app = corpus().await;
    let all = ["source", "byline", "entity", "speaker", "month"];
    for filters in [
        "",
        "q=trust",
        "source=Wire",
        "speaker=Silva",
        "has_quotes=true",
        "from=2020-01-18",
    ] {
        check_narrowing(&app, "/api/articles", filters, &all).await;
    }
    let r = app.get("/api/articles?facet=entity,speaker").await;
    let entities = buckets(&r, "entity");
    assert_eq!(
        entities
            .iter()
            .map(|b| (b.1.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("Ana Silva", 5), ("Rui Costa", 4), ("Eva Neves", 1)]
    );
    let speakers = buckets(&r, "speaker");
    assert_eq!(
        speakers
            .iter()
            .map(|b| (b.1.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("Ana Silva", 4), ("Rui Costa", 1)]
    );
    // Within one entity's articles (read off its own index), and narrowed all-of.
    let costa = &entities[1].0;
    let within = app
        .get(&format!("/api/articles?entity={costa}&facet=entity"))
        .await;
    let within = buckets(&within, "entity");
    assert_eq!(within.iter().map(|b| b.2).collect::<Vec<_>>(), [4, 4]);
    for (value, _, count) in within {
        let listed = total(&app, &format!("/api/articles?entity={costa},{value}")).await;
        assert_eq!(listed, count);
    }

    let r = app.get("/api/entities?facet=kind").await;
    let kinds = buckets(&r, "kind");
    assert_eq!(kinds, [("person".into(), "person".into(), 3)]);
    assert_eq!(total(&app, "/api/entities?kind=person").await, 3);
    let r = app.get("/api/entities?facet=kind&q=Eva").await;
    assert_eq!(buckets(&r, "kind")[0].2, 1);
    let r = app.get("/api/entities?facet=speaker").await;
    assert_eq!(r.problem(400)["parameter"], "facet");
}

#[tokio::test]
async fn a_facet_past_its_time_budget_is_truncated_and_the_list_still_answers() {
    let app = TestApp::new().await;
    for n in 0..150 {
        let date = format!("2020-{:02}-10", n % 12 + 1);
        app.create(quoting(
            n,
            Some(&date),
            "Wire",
            "Ana Silva",
            &format!("Person {n}"),
        ))
        .await;
    }
    app.store
        .set_facet_budget(std::time::Duration::from_micros(1));
    let r = app.get("/api/articles?facet=entity,source&limit=3").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    // One row per article and entity, joined and grouped: past the budget. (Which
    // statements are stopped is deterministic: SQLite looks at the clock every
    // 4,000 steps.) Grouping the articles by source alone takes fewer.
    assert_eq!(r.json["facets"]["entity"]["truncated"], true, "{}", r.json);
    assert_eq!(r.json["facets"]["entity"]["buckets"], json!([]));
    assert_eq!(r.json["facets"]["source"]["buckets"][0]["count"], 150);
    assert_eq!(
        r.json["data"].as_array().map(Vec::len),
        Some(3),
        "the list itself is not cut"
    );
    let r = app.get("/api/quotes?facet=source&count=true").await;
    assert_eq!(r.json["facets"]["source"]["truncated"], true, "{}", r.json);
    assert_eq!(r.json["total"], 150);

    app.store
        .set_facet_budget(std::time::Duration::from_secs(5));
    let r = app.get("/api/articles?facet=entity&facet_size=100").await;
    assert_eq!(
        buckets(&r, "entity")[0],
        (buckets(&r, "entity")[0].0.clone(), "Ana Silva".into(), 150)
    );
    assert_eq!(buckets(&r, "entity").len(), 100);
}

async fn entity_id(app: &TestApp, name: &str) -> i64 {
    let r = app
        .get(&format!("/api/entities?q={}", urlencode(name)))
        .await;
    r.json["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["name"] == name)
        .and_then(|e| e["id"].as_i64())
        .unwrap_or_else(|| panic!("{name} in {}", r.json))
}

#[tokio::test]
async fn related_entities_count_shared_articles_and_link_to_them() {
    let app = corpus().await;
    let ana = entity_id(&app, "Ana Silva").await;
    let rui = entity_id(&app, "Rui Costa").await;
    let eva = entity_id(&app, "Eva Neves").await;
    let r = app.get(&format!("/api/entities/{ana}/related")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let data = r.json["data"].as_array().expect("data");
    let got: Vec<(i64, i64)> = data
        .iter()
        .map(|e| {
            (
                e["id"].as_i64().expect("id"),
                e["shared_articles"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(got, [(rui, 4), (eva, 1)]);
    assert_eq!(data[0]["name"], "Rui Costa");
    assert_eq!(data[0]["kind"], "person");
    for e in data {
        let link = e["articles"].as_str().expect("link");
        assert_eq!(link, format!("/api/articles?entity={ana},{}", e["id"]));
        let listed = total(&app, link).await;
        assert_eq!(Some(listed), e["shared_articles"].as_i64(), "{link}");
    }
    let r = app.get(&format!("/api/entities/{eva}/related")).await;
    assert_eq!(r.json["data"][0]["id"], ana);
    assert_eq!(r.json["data"].as_array().map(Vec::len), Some(1));
    let one = app
        .get(&format!("/api/entities/{ana}/related?limit=1"))
        .await;
    assert_eq!(one.json["data"].as_array().map(Vec::len), Some(1));
    let places = app
        .get(&format!("/api/entities/{ana}/related?kind=location"))
        .await;
    assert_eq!(places.json["data"], json!([]));
    app.get("/api/entities/999/related").await.problem(404);
    let r = app
        .get(&format!("/api/entities/{ana}/related?kind=planet"))
        .await;
    assert_eq!(r.problem(400)["parameter"], "kind");
    let r = app
        .get(&format!("/api/entities/{ana}/related?limit=0"))
        .await;
    assert_eq!(r.problem(400)["parameter"], "limit");
}

#[tokio::test]
async fn quotes_about_someone_combine_with_the_speaker_and_follow_edits() {
    let app = corpus().await;
    let ana = entity_id(&app, "Ana Silva").await;
    let rui = entity_id(&app, "Rui Costa").await;
    let about = |q: &str| format!("/api/quotes?{q}");
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 3);
    assert_eq!(total(&app, &about(&format!("about={rui}"))).await, 3);
    assert_eq!(
        total(&app, &about("about=Costa")).await,
        3,
        "a surname finds the full name"
    );
    assert_eq!(
        total(&app, &about("about=Rui%20Costa&speaker=Silva")).await,
        3
    );
    assert_eq!(
        total(&app, &about("about=Rui%20Costa&speaker=Costa")).await,
        0
    );
    let r = app.get(&about("about=Ana%20Silva")).await;
    assert_eq!(r.json["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        r.json["data"][0]["speaker"], "Rui Costa",
        "her own speaker mention is not about her"
    );
    assert_eq!(total(&app, &about("about=Nobody")).await, 0);

    let counts = app.get(&format!("/api/entities/{ana}")).await.json;
    assert_eq!(
        (
            &counts["quote_count"],
            &counts["quoted_about_count"],
            &counts["article_count"]
        ),
        (&json!(4), &json!(1), &json!(5))
    );
    let counts = app.get(&format!("/api/entities/{rui}")).await.json;
    assert_eq!(
        (
            &counts["quote_count"],
            &counts["quoted_about_count"],
            &counts["article_count"]
        ),
        (&json!(1), &json!(3), &json!(4))
    );

    // A quote's span narrowed off the mention is no longer about Rui Costa.
    let first = app
        .get("/api/quotes?about=Rui%20Costa&from=2020-01-15&to=2020-01-15")
        .await;
    let quote = first.json["data"][0].clone();
    let qid = quote["id"].as_i64().expect("id");
    let start = quote["start"].as_u64().expect("start");
    let r = app
        .patch(
            &format!("/api/quotes/{qid}"),
            json!({"start": start, "end": start + 8}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["text"], "We trust");
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 2);
    // A manual quote over the mention is about him; deleting it takes that away.
    let article = quote["article_id"].as_i64().expect("article");
    let manual = json!({"article_id": article, "start": start + 9, "end": start + 18, "speaker": "Ana Silva"});
    let r = app.post("/api/quotes", manual.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["text"], "Rui Costa");
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 3);
    let r = app.delete(&format!("/api/quotes/{}", r.json["id"])).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 2);
    let r = app.post("/api/quotes", manual).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 3);
    // A body edit re-annotates the article: its quotes are about what they now mention.
    let r = app
        .patch(
            &format!("/api/articles/{article}"),
            json!({"body": "Nothing was said here today."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(total(&app, &about("about=Rui%20Costa")).await, 2);
    let facets = app.get("/api/quotes?about=Rui%20Costa&facet=speaker").await;
    assert_eq!(buckets(&facets, "speaker")[0].2, 2);
}

#[tokio::test]
async fn every_schema_the_document_refers_to_is_in_it() {
    let app = TestApp::new().await;
    let spec = app.get("/openapi.json").await.json;
    let text = spec.to_string();
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let mut refs = 0;
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().expect("name");
        assert!(
            schemas.contains_key(name),
            "{name} is referred to but not defined"
        );
        refs += 1;
    }
    assert!(refs > 10);
    for name in [
        "Facet",
        "FacetBucket",
        "Timeline",
        "PeriodCount",
        "RelatedList",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }
}

#[tokio::test]
async fn the_entity_facet_lists_named_things_not_dates_or_numbers() {
    let app = TestApp::new().await;
    let body = "On Monday Ana Silva paid 5 euros.";
    let (ds, de) = span(body, "Monday");
    let (ps, pe) = span(body, "Ana Silva");
    app.create(json!({
        "body": body,
        "published_at": "2020-01-01",
        "annotations": {"quotes": [], "entities": [
            {"kind": "date", "name": "Monday", "mentions": [{"start": ds, "end": de, "text": "Monday"}]},
            {"kind": "person", "name": "Ana Silva", "mentions": [{"start": ps, "end": pe, "text": "Ana Silva"}]}
        ]}
    }))
    .await;
    let r = app.get("/api/articles?facet=entity").await;
    let got: Vec<String> = buckets(&r, "entity").into_iter().map(|b| b.1).collect();
    assert_eq!(got, ["Ana Silva"]);
}

#[tokio::test]
async fn a_facet_over_more_rows_than_its_sample_counts_the_newest_and_says_so() {
    let app = TestApp::new().await;
    // Ana Silva speaks in the first twelve articles, Rui Costa in the last eight.
    for n in 0..20 {
        let speaker = if n < 12 { "Ana Silva" } else { "Rui Costa" };
        app.create(quoting(n, Some("2020-05-01"), "Wire", speaker, "Eva Neves"))
            .await;
    }
    let whole = app.get("/api/articles?facet=speaker,source").await;
    assert_eq!(whole.json["facets"]["speaker"]["sampled"], false);
    assert_eq!(
        buckets(&whole, "speaker")
            .iter()
            .map(|b| (b.1.as_str(), b.2))
            .collect::<Vec<_>>(),
        [("Ana Silva", 12), ("Rui Costa", 8)]
    );

    app.store.set_facet_sample(10);
    for url in [
        "/api/articles?facet=speaker,source",
        "/api/articles?facet=speaker&from=2020-01-01",
        // `q` alone is sampled off the full-text index.
        "/api/articles?facet=speaker&q=port",
    ] {
        let r = app.get(url).await;
        assert_eq!(
            r.json["facets"]["speaker"]["sampled"], true,
            "{url}: {}",
            r.json
        );
        // The ten most recently added: Rui Costa's eight, Ana Silva's last two.
        assert_eq!(
            buckets(&r, "speaker")
                .iter()
                .map(|b| (b.1.as_str(), b.2))
                .collect::<Vec<_>>(),
            [("Rui Costa", 8), ("Ana Silva", 2)],
            "{url}"
        );
    }
    // A facet of the rows' own columns counts them all.
    let r = app.get("/api/articles?facet=source&q=port").await;
    assert_eq!(buckets(&r, "source")[0].2, 20);
    assert_eq!(r.json["facets"]["source"]["sampled"], false);
    let r = app.get("/api/quotes?facet=speaker&q=trust").await;
    assert_eq!(r.json["facets"]["speaker"]["sampled"], false);
    assert_eq!(buckets(&r, "speaker")[0].2, 12);
    // A quote's source is looked up per quote: sampled.
    let r = app.get("/api/quotes?facet=source&q=trust").await;
    assert_eq!(r.json["facets"]["source"]["sampled"], true, "{}", r.json);
    assert_eq!(buckets(&r, "source")[0].2, 10);
    // A filter matching no more than the sample is counted whole.
    let r = app.get("/api/articles?facet=speaker&speaker=Costa").await;
    assert_eq!(r.json["facets"]["speaker"]["sampled"], false, "{}", r.json);
    assert_eq!(buckets(&r, "speaker")[0].2, 8);
    // An empty facet still tells.
    let r = app.get("/api/articles?facet=byline&byline=none").await;
    assert_eq!(r.json["facets"]["byline"]["sampled"], false, "{}", r.json);
}
