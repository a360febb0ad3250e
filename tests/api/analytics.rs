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
                "cue": {"start": se + 1, "end": se + 1, "text": ""}
            }],
            "entities": [
                {"kind": "person", "name": speaker, "mentions": [{"start": ss, "end": se, "text": speaker}]},
                {"kind": "person", "name": about, "mentions": [{"start": as_, "end": ae, "text": about}]}
            ]
        }
    })
}

/// Without a cue: the cue span above would not hold its text.
fn without_cue(mut article: Value) -> Value {
    if let Some(q) = article["annotations"]["quotes"][0].as_object_mut() {
        q.remove("cue");
    }
    article
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
        app.create(without_cue(quoting(n, date, source, speaker, about)))
            .await;
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
