//! Whole-list exports: `format=csv|ndjson` streams every matching row.

use crate::common::{line, TestApp};
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// More articles (each with one quote) than two pages of the export's walk.
const N: usize = 2_100;

async fn seeded() -> TestApp {
    let app = TestApp::new().await;
    let body: String = (0..N).map(|n| line(n) + "\n").collect();
    let r = app
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri("/api/import")
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    app
}

async fn fetch(app: &TestApp, uri: &str, accept: Option<&str>) -> (StatusCode, HeaderMap, String) {
    let mut req = Request::builder().uri(uri);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT, a);
    }
    let (status, headers, bytes) = app.bytes(req.body(Body::empty()).expect("request")).await;
    (status, headers, String::from_utf8(bytes).expect("utf-8"))
}

/// Every item of a list, page by page through `next_cursor`.
async fn all_pages(app: &TestApp, path: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut uri = format!("{path}?limit=200&{query}");
        if let Some(c) = &cursor {
            uri.push_str(&format!("&cursor={c}"));
        }
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
        items.extend(r.json["data"].as_array().expect("data").iter().cloned());
        match r.json["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
}

/// A list's items as its export writes them: articles whole (`fields=body`),
/// without the list's excerpt and snippet.
async fn exported_items(path: &str, app: &TestApp, query: &str) -> Vec<Value> {
    if path != "/api/articles" {
        return all_pages(app, path, query).await;
    }
    let mut items = all_pages(app, path, &format!("fields=body&{query}")).await;
    for item in &mut items {
        let item = item.as_object_mut().expect("an object");
        for key in ["excerpt", "excerpt_truncated", "snippet"] {
            item.remove(key);
        }
    }
    items
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[tokio::test]
async fn an_ndjson_export_is_every_page_in_order() {
    let app = seeded().await;
    for (path, query) in [
        ("/api/articles", ""),
        ("/api/quotes", ""),
        ("/api/quotes", "offsets=utf16&from=2025-03-01"),
        ("/api/articles", "q=harbour"),
        ("/api/entities", ""),
    ] {
        let (status, headers, text) =
            fetch(&app, &format!("{path}?format=ndjson&{query}"), None).await;
        assert_eq!(status, StatusCode::OK, "{path}?{query}: {text}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/x-ndjson");
        let exported = lines(&text);
        let paged = exported_items(path, &app, query).await;
        assert!(!paged.is_empty());
        assert_eq!(exported.len(), paged.len(), "{path}?{query}");
        assert_eq!(exported, paged, "{path}?{query}");
    }
    let quotes = lines(&fetch(&app, "/api/quotes?format=ndjson", None).await.2);
    assert_eq!(quotes.len(), N);
    // Accept asks for the same.
    let (_, headers, text) = fetch(&app, "/api/quotes", Some("application/x-ndjson")).await;
    assert_eq!(lines(&text), quotes);
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"quotes.ndjson\""
    );
    // An entity's quotes.
    let speaker = quotes[0]["speaker_id"].as_i64().expect("a speaker");
    let path = format!("/api/entities/{speaker}/quotes");
    let (_, headers, text) = fetch(&app, &format!("{path}?format=ndjson"), None).await;
    assert_eq!(lines(&text), all_pages(&app, &path, "").await);
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"entity-{speaker}-quotes.ndjson\"")
    );
}

#[tokio::test]
async fn a_csv_export_parses_back_to_the_rows() {
    let app = seeded().await;
    let (status, headers, text) = fetch(&app, "/api/quotes?format=csv&offsets=utf8", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8; header=present"
    );
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"quotes.csv\""
    );
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let paged = all_pages(&app, "/api/quotes", "offsets=utf8").await;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &head[..6],
        ["id", "article_id", "kind", "start", "end", "text"]
    );
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    assert_eq!(records.len(), paged.len());
    for (rec, q) in records.iter().zip(&paged) {
        assert_eq!(rec[col("id")], q["id"].to_string());
        assert_eq!(rec[col("start")], q["start"].to_string());
        assert_eq!(rec[col("end")], q["end"].to_string());
        assert_eq!(&rec[col("text")], q["text"].as_str().expect("text"));
        assert_eq!(&rec[col("speaker")], q["speaker"].as_str().unwrap_or(""));
        assert_eq!(&rec[col("kind")], q["kind"].as_str().expect("kind"));
    }

    // Articles: bodies with quotation marks and commas survive the quoting.
    let (_, _, text) = fetch(&app, "/api/articles", Some("text/csv")).await;
    let paged = all_pages(&app, "/api/articles", "fields=body").await;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let body_col = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "body")
        .expect("a body column");
    let bodies: Vec<String> = reader
        .records()
        .map(|r| r.expect("record")[body_col].to_string())
        .collect();
    let expected: Vec<String> = paged
        .iter()
        .map(|a| a["body"].as_str().expect("body").to_string())
        .collect();
    assert_eq!(bodies, expected);
}

#[tokio::test]
async fn an_empty_export_is_a_header_and_mistakes_are_problems() {
    let app = TestApp::new().await;
    let (status, _, text) = fetch(&app, "/api/quotes?format=csv", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.starts_with("id,article_id,kind,start,end,text,"));
    assert_eq!(text.lines().count(), 1);
    let (_, _, text) = fetch(&app, "/api/articles?format=ndjson", None).await;
    assert_eq!(text, "");
    app.get("/api/quotes?format=xml").await.problem(400);
    app.get("/api/quotes?format=csv&cursor=bad")
        .await
        .problem(400);
    app.get("/api/entities/999/quotes?format=csv")
        .await
        .problem(404);
    // A cursor of another list is refused before the answer begins.
    app.create(crate::common::article(1, "2025-01-01", "W"))
        .await;
    app.create(crate::common::article(2, "2025-01-02", "W"))
        .await;
    let first = app.get("/api/articles?limit=1").await;
    let cursor = first.json["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    app.get(&format!("/api/quotes?format=ndjson&cursor={cursor}"))
        .await
        .problem(400);
    // A browser's Accept gets the JSON page.
    let r = app
        .raw(
            Request::builder()
                .uri("/api/articles")
                .header(header::ACCEPT, "text/html,*/*;q=0.8")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert!(r.json["data"].is_array());
}

#[tokio::test]
async fn a_client_that_hangs_up_stops_its_export_and_the_server_goes_on() {
    let app = seeded().await;
    // More exports left half-read than the pool has connections.
    for _ in 0..12 {
        let response = app
            .router
            .clone()
            .oneshot(
                Request::builder()
                    .uri("/api/quotes?format=ndjson")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        let mut body = response.into_body();
        let frame = body
            .frame()
            .await
            .expect("a first chunk")
            .expect("no error");
        assert!(frame.data_ref().is_some_and(|d| !d.is_empty()));
        drop(body);
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let r = app.get("/api/quotes?limit=1").await;
    assert_eq!(r.status, StatusCode::OK);
    let (_, _, text) = fetch(&app, "/api/quotes?format=ndjson", None).await;
    assert_eq!(text.lines().count(), N);
}

#[tokio::test]
async fn openapi_documents_the_exports() {
    let app = TestApp::new().await;
    let spec = app.get("/openapi.json").await.json;
    for path in [
        "/api/articles",
        "/api/quotes",
        "/api/entities",
        "/api/entities/{id}/articles",
        "/api/entities/{id}/quotes",
    ] {
        let content = &spec["paths"][path]["get"]["responses"]["200"]["content"];
        for media in ["application/json", "text/csv", "application/x-ndjson"] {
            assert!(content[media].is_object(), "{path} {media}: {content}");
        }
    }
}

/// `quotewire export ARGS…` over the test's database: exit status, stderr.
fn export_cmd(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(crate::common::bin())
        .arg("export")
        .args(["--database-url", &app.url])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_export_command_writes_what_the_http_export_answers() {
    let app = seeded().await;
    let speaker = lines(
        &fetch(&app, "/api/quotes?format=ndjson&limit=1", None)
            .await
            .2,
    )[0]["speaker_id"]
        .as_i64()
        .expect("a speaker");
    let cursor = app.get("/api/quotes?limit=7").await.json["next_cursor"]
        .as_str()
        .expect("a cursor")
        .to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let entity_quotes = format!("entities/{speaker}/quotes");
    let after = format!("cursor={cursor}&offsets=utf16");
    for (list, query) in [
        ("quotes", ""),
        ("quotes", "offsets=utf16&from=2025-03-01&kind=direct"),
        ("quotes", after.as_str()),
        ("articles", "q=harbour"),
        ("articles", "q=harbour&sort=newest&to=2025-06"),
        ("entities", "kind=person"),
        (entity_quotes.as_str(), "offsets=utf8"),
    ] {
        for format in ["csv", "ndjson"] {
            let (status, _, http) =
                fetch(&app, &format!("/api/{list}?{query}&format={format}"), None).await;
            assert_eq!(status, StatusCode::OK, "{list}?{query}: {http}");
            let file = dir.path().join(format!("out.{format}"));
            let file_arg = file.to_str().expect("utf-8 path");
            let (ok, err) = export_cmd(
                &app,
                &[
                    list, "--query", query, "--format", format, "-o", file_arg, "--force",
                ],
            );
            assert!(ok, "{list}?{query}: {err}");
            let written = std::fs::read_to_string(&file).expect("the file");
            assert!(!written.is_empty());
            assert!(
                written == http,
                "{list}?{query} as {format}: the file differs from the HTTP export"
            );
        }
    }
    // NAME=VALUE arguments are the same filters, unencoded; the format follows the file name.
    let file = dir.path().join("about.ndjson");
    let (ok, err) = export_cmd(
        &app,
        &[
            "quotes",
            "speaker=Ana Silva",
            "from=2025-02-01",
            "-o",
            file.to_str().expect("path"),
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("rows to"), "a summary on stderr: {err}");
    let (_, _, http) = fetch(
        &app,
        "/api/quotes?speaker=Ana%20Silva&from=2025-02-01&format=ndjson",
        None,
    )
    .await;
    assert_eq!(std::fs::read_to_string(&file).expect("file"), http);
    assert!(
        lines(&http).len() > PAGE_ROWS,
        "more than a page of the walk"
    );
}

/// Rows per page of the export's walk.
const PAGE_ROWS: usize = 1_000;

#[tokio::test]
async fn the_export_command_refuses_mistakes_and_leaves_no_file() {
    let app = seeded().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("quotes.csv");
    let out_arg = out.to_str().expect("utf-8 path");
    for (args, says) in [
        (vec!["quotes", "kind=bogus"], "invalid filter `kind`"),
        (
            vec!["quotes", "colour=red"],
            "unknown query parameter `colour`",
        ),
        (vec!["quotes", "limit=5"], "invalid filter `limit`"),
        (
            vec!["quotes", "--query", "facet=speaker"],
            "invalid filter `facet`",
        ),
        (vec!["quotes", "format=json"], "csv or ndjson"),
        (
            vec!["articles", "sort=relevance"],
            "`sort=relevance` needs `q`",
        ),
        (vec!["quotes", "cursor=bad"], "invalid filter `cursor`"),
        (
            vec!["entities/999999/quotes"],
            "there is no entity with id 999999",
        ),
        (vec!["timeline"], "is not a list"),
        (vec!["quotes", "speaker"], "NAME=VALUE"),
    ] {
        let mut all = args.clone();
        all.extend(["-o", out_arg]);
        let (ok, err) = export_cmd(&app, &all);
        assert!(!ok, "{args:?} must fail");
        assert!(err.contains(says), "{args:?}: {err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert!(left.is_empty(), "{args:?} left a file behind");
    }
    // An existing file is kept unless --force.
    std::fs::write(&out, "keep").expect("write");
    let (ok, err) = export_cmd(&app, &["quotes", "-o", out_arg]);
    assert!(!ok && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).expect("file"), "keep");
    let (ok, err) = export_cmd(&app, &["quotes", "-o", out_arg, "--force"]);
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("file").lines().count(),
        N + 1,
        "a header and every quote"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no partial file left"
    );
    // A mistyped database is an error, not a new empty database.
    let missing = dir.path().join("no-such.db");
    let missing_url = format!("sqlite://{}", missing.display());
    let run = std::process::Command::new(crate::common::bin())
        .args([
            "export",
            "--database-url",
            &missing_url,
            "quotes",
            "-o",
            "/dev/null",
        ])
        .output()
        .expect("runs");
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("no database at"));
    assert!(!missing.exists(), "no database created");
    // A device is written to, never replaced by a renamed file.
    let (ok, err) = export_cmd(&app, &["quotes", "-o", "/dev/null"]);
    assert!(ok, "{err}");
    use std::os::unix::fs::FileTypeExt;
    let null = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(null.file_type().is_char_device());
    let (ok, err) = export_cmd(&app, &["quotes", "-o", dir.path().to_str().expect("path")]);
    assert!(!ok && err.contains("is a directory"), "{err}");
}
