use std::collections::{BTreeSet, HashMap};

use crate::common::{article, TestApp};
use axum::http::StatusCode;
use serde_json::json;

/// Follows `next_cursor` to the end; checks the Link header on the way.
async fn walk(app: &TestApp, first: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut uri = first.to_string();
    for _ in 0..100 {
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
        ids.extend(
            r.json["data"]
                .as_array()
                .expect("data")
                .iter()
                .filter_map(|a| a["id"].as_i64()),
        );
        match r.json["next_cursor"].as_str() {
            None => {
                assert!(r.header("link").is_none(), "no Link on the last page");
                return ids;
            }
            Some(cursor) => {
                let link = r.header("link").expect("Link header");
                assert!(
                    link.ends_with("rel=\"next\"") && link.contains(cursor),
                    "{link}"
                );
                // The Link target is the next page: follow it as a client would.
                uri = link
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .expect("link target")
                    .to_string();
            }
        }
    }
    panic!("paging did not end");
}

#[tokio::test]
async fn pages_cover_every_row_once_in_order() {
    let app = TestApp::new().await;
    // Same dates on purpose: ties are broken by id, and undated rows come last.
    for n in 0..45 {
        let date = match n % 4 {
            0 => "2025-01-01".to_string(),
            1 => format!("2025-02-{:02}", n % 28 + 1),
            2 => "2025-03-01T10:00:00Z".to_string(),
            _ => String::new(),
        };
        let mut a = article(n, &date, if n % 2 == 0 { "Even" } else { "Odd" });
        if date.is_empty() {
            a["published_at"] = serde_json::Value::Null;
        }
        app.create(a).await;
    }
    let all = walk(&app, "/api/articles?limit=7").await;
    assert_eq!(all.len(), 45);
    assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), 45, "no repeats");
    let one_page = app.get("/api/articles?limit=200").await;
    let expected: Vec<i64> = one_page.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(all, expected, "same order as a single page");

    let even = walk(&app, "/api/articles?limit=4&source=Even").await;
    assert_eq!(even.len(), 23);
    let text = walk(&app, "/api/articles?limit=5&q=harbour").await;
    assert_eq!(text.len(), 45, "relevance order pages too");
    assert_eq!(text.iter().collect::<BTreeSet<_>>().len(), 45);

    let counted = app.get("/api/articles?limit=3&count=true&source=Odd").await;
    assert_eq!(counted.json["total"], 22);
    assert_eq!(counted.json["data"].as_array().map(Vec::len), Some(3));
    assert!(app
        .get("/api/articles?limit=3")
        .await
        .json
        .get("total")
        .is_none());
}

#[tokio::test]
async fn bad_paging_parameters_are_400s_naming_them() {
    let app = TestApp::new().await;
    for (uri, param) in [
        ("/api/articles?limit=0", "limit"),
        ("/api/articles?limit=201", "limit"),
        ("/api/articles?limit=ten", "limit"),
        ("/api/articles?cursor=garbage", "cursor"),
        ("/api/articles?count=maybe", "count"),
        ("/api/quotes?limit=-1", "limit"),
        ("/api/entities?cursor=eyJ4IjoxfQ", "cursor"),
        ("/api/articles?offsets=bytes", "offsets"),
        ("/api/articles?limit=2&limit=3", "limit"),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.problem(400)["parameter"], param, "{uri}");
    }
}

#[tokio::test]
async fn relevance_ranks_the_newest_window_and_newest_sees_every_match() {
    let app = TestApp::new().await;
    // The best match is stored first, then more matches than relevance ranks.
    let mut best = article(0, "2024-01-01", "B");
    best["body"] = "Harbour harbour harbour: the harbour closed.".into();
    let best_id = app.create(best).await["id"].as_i64().expect("id");
    let window = quotewire::store::RANK_WINDOW;
    for n in 1..=window {
        app.create(article(n, "2025-01-01", "S")).await;
    }
    let ranked = app.get("/api/articles?q=harbour&limit=5&count=true").await;
    assert_eq!(ranked.json["total"], window + 1, "count sees every match");
    let first: Vec<i64> = ranked.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(first.len(), 5);
    assert!(!first.contains(&best_id), "outside the ranked window");
    let ranked_all = walk(&app, "/api/articles?q=harbour&limit=200").await;
    assert_eq!(ranked_all.len(), window);
    // With other filters the window holds the newest matches that pass them.
    let filtered = app.get("/api/articles?q=harbour&source=B&limit=1").await;
    assert_eq!(filtered.json["data"][0]["id"], best_id);
    let dated = walk(&app, "/api/articles?q=harbour&from=2024-01-01&limit=200").await;
    assert_eq!(dated.len(), window);
    assert!(!dated.contains(&best_id), "outside the ranked window");
    let mut sorted = dated.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), window, "each once");
    let newest = walk(&app, "/api/articles?q=harbour&sort=newest&limit=200").await;
    assert_eq!(newest.len(), window + 1);
    assert_eq!(newest.last(), Some(&best_id), "oldest last");
    // Every article matches, so a common word's newest-first walk (of the date-keyed
    // index) lists them exactly as the unfiltered list does.
    assert_eq!(newest, walk(&app, "/api/articles?limit=200").await);
    // A rare word's matches are read and sorted instead; same contract.
    let rare = walk(&app, "/api/articles?q=closed&sort=newest&limit=200").await;
    assert_eq!(rare, vec![best_id]);
    let counted = app
        .get("/api/articles?q=harbour&source=S&sort=newest&count=true&limit=1")
        .await;
    assert_eq!(counted.json["total"], window);
}

#[tokio::test]
async fn quotes_newest_first_over_many_matches_keep_the_list_order() {
    let app = TestApp::new().await;
    // More matching quotes than the store reads and sorts (store::FEW_MATCHES), so
    // the newest-first walk goes along the date-keyed full-text index.
    let per_article = 4;
    let articles = quotewire::store::FEW_MATCHES / per_article + 10;
    for n in 0..articles {
        let parts: Vec<String> = (0..per_article)
            .map(|k| format!("Speaker {n}-{k} said harbour plan {k} for zone{n}."))
            .collect();
        let body = parts.join(" ");
        let mut quotes = Vec::new();
        let mut at = 0;
        for part in &parts {
            let start = at + part.find("harbour").expect("word");
            let end = at + part.len() - 1;
            quotes.push(
                json!({"kind": "direct", "start": start, "end": end, "text": &body[start..end]}),
            );
            at += part.len() + 1;
        }
        // Dates out of id order, so the date walk and the id order differ.
        let date = format!("2020-{:02}-{:02}", n % 12 + 1, n * 7 % 28 + 1);
        app.create(json!({
            "body": body, "published_at": date,
            "annotations": {"quotes": quotes, "entities": []},
        }))
        .await;
    }
    let total = articles * per_article;
    let counted = app.get("/api/quotes?q=harbour&count=true&limit=1").await;
    assert_eq!(counted.json["total"], total);
    // Every quote matches, so newest first lists them as the unfiltered list does.
    let newest = walk(&app, "/api/quotes?q=harbour&sort=newest&limit=200").await;
    assert_eq!(newest.len(), total);
    assert_eq!(newest, walk(&app, "/api/quotes?limit=200").await);
    // A rare word: its few matches are read and sorted instead; same order.
    let rare = walk(&app, "/api/quotes?q=zone7&sort=newest&limit=200").await;
    assert_eq!(rare.len(), per_article);
    let expected: Vec<i64> = newest
        .iter()
        .filter(|id| rare.contains(id))
        .copied()
        .collect();
    assert_eq!(rare, expected);
}

type Words = HashMap<i64, (String, String)>;

/// Compares newest first with `q` (and filters, several pages) with the plain
/// newest-first lists (no `q`) walked whole and filtered here: the sorted query.
async fn compare_newest_first(app: &TestApp, words: &Words) {
    let articles = walk(app, "/api/articles?limit=200").await;
    // The article of each quote, from the plain quote list's items.
    let mut quotes = Vec::new();
    let mut quote_of: HashMap<i64, i64> = HashMap::new();
    let mut uri = "/api/quotes?limit=200".to_string();
    loop {
        let r = app.get(&uri).await;
        for q in r.json["data"].as_array().expect("data") {
            let (id, a) = (
                q["id"].as_i64().expect("id"),
                q["article_id"].as_i64().expect("a"),
            );
            quotes.push(id);
            quote_of.insert(id, a);
        }
        match r.json["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/quotes?limit=200&cursor={c}"),
            None => break,
        }
    }
    type Keep = fn(&(String, String)) -> bool;
    let cases: [(&str, Keep); 6] = [
        ("q=harbour", |_| true),
        ("q=gull", |w| w.0.starts_with("gull")),
        ("q=tern", |w| w.0.starts_with("tern")),
        ("q=kestrel", |w| w.0.ends_with("kestrel")),
        ("q=harbour&source=A", |w| w.1 == "A"),
        ("q=tern&source=B", |w| w.0.starts_with("tern") && w.1 == "B"),
    ];
    let dates = [
        "",
        "&from=2015-01-01",
        "&to=2021-03",
        "&from=2021&to=2021-06-30",
        "&to=2012",
    ];
    for (query, keep) in cases {
        for dates in dates {
            let listed = walk(app, &format!("/api/articles?limit=200{dates}")).await;
            let expected: Vec<i64> = listed
                .into_iter()
                .filter(|id| words.get(id).is_some_and(keep))
                .collect();
            let limit = if dates.is_empty() { 13 } else { 23 };
            let uri = format!("/api/articles?{query}{dates}&sort=newest&limit={limit}");
            assert_eq!(walk(app, &uri).await, expected, "{uri}");
            let listed = walk(app, &format!("/api/quotes?limit=200{dates}")).await;
            let expected: Vec<i64> = listed
                .into_iter()
                .filter(|q| quote_of.get(q).and_then(|a| words.get(a)).is_some_and(keep))
                .collect();
            let uri = format!("/api/quotes?{query}{dates}&sort=newest&limit={limit}");
            assert_eq!(walk(app, &uri).await, expected, "{uri}");
        }
    }
    assert_eq!(articles.len(), words.len());
    assert_eq!(quotes.len(), words.len());
}

#[tokio::test]
async fn newest_first_full_text_walk_matches_the_sorted_query() {
    let app = TestApp::new().await;
    // More matches than the store reads and sorts, so common words take the walk of
    // the date-keyed index; dates out of id order, times within a day, undated rows.
    let n = quotewire::store::FEW_MATCHES + 150;
    let mut words: Words = HashMap::new();
    for i in 0..n {
        let date = match i % 9 {
            0 => None,
            1 => Some(format!("2021-{:02}", i % 12 + 1)),
            2 => Some(format!("2021-03-04T{:02}:{:02}:00Z", i % 24, i % 60)),
            3 => Some("2021".to_string()),
            _ => Some(format!(
                "20{:02}-{:02}-{:02}",
                10 + i % 13,
                i % 12 + 1,
                i * 7 % 28 + 1
            )),
        };
        let extra = if i % 3 == 0 { "gull" } else { "tern" };
        let rare = if i % 97 == 0 { " kestrel" } else { "" };
        let said = format!("The harbour {extra}{rare} plan {i} is ready");
        let body = format!("\"{said}\" said Mayor Number{i}.");
        let source = if i % 4 == 0 { "A" } else { "B" };
        let created = app
            .create(json!({
                "body": body, "title": format!("Report {i}"), "source": source,
                "published_at": date,
                "annotations": {"quotes": [{"kind": "direct", "start": 1,
                    "end": 1 + said.len(), "text": said}], "entities": []},
            }))
            .await;
        let id = created["id"].as_i64().expect("id");
        words.insert(id, (format!("{extra}{rare}"), source.to_string()));
    }
    compare_newest_first(&app, &words).await;

    // New dates (dated to dated, to none, none to dated), deletes.
    let mut ids: Vec<i64> = words.keys().copied().collect();
    ids.sort_unstable();
    for (k, id) in ids.iter().enumerate().filter(|(k, _)| k % 40 == 0) {
        let date = match k % 3 {
            0 => json!("2030-01-01"),
            1 => json!(null),
            _ => json!("2009-05-05T10:00:00Z"),
        };
        let r = app
            .patch(
                &format!("/api/articles/{id}"),
                json!({"published_at": date}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    }
    for id in ids.iter().skip(5).step_by(53) {
        let r = app.delete(&format!("/api/articles/{id}")).await;
        assert!(r.status.is_success(), "{}", r.status);
        words.remove(id);
    }
    compare_newest_first(&app, &words).await;
}
