//! Test harness: the real router over a fresh SQLite file per test.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use quotewire::config::ServeArgs;
use quotewire::store::Store;
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// The database URL, for commands run over the same file.
    pub url: String,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts an RFC 9457 problem with this status; returns it.
    #[track_caller]
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.json);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "problem+json expected"
        );
        assert_eq!(self.json["status"], status);
        assert!(self.json["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("/problems/")));
        assert!(self.json["title"].is_string() && self.json["detail"].is_string());
        &self.json
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_config(ServeArgs::default()).await
    }

    pub async fn with_config(config: ServeArgs) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::open(&url).await.expect("open store");
        let router = quotewire::app::build(store.clone(), &config);
        TestApp {
            router,
            store,
            url,
            _dir: dir,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(serde_json::to_vec(&v).expect("json"))
            }
            None => Body::empty(),
        };
        self.raw(req.body(body).expect("request")).await
    }

    /// The answer to `req` as it came: status, headers and the whole body.
    pub async fn bytes(&self, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(req).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, headers, bytes.to_vec())
    }

    pub async fn raw(&self, req: Request<Body>) -> Reply {
        let (status, headers, bytes) = self.bytes(req).await;
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply {
            status,
            headers,
            json,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None, None).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.send(Method::POST, uri, Some(body), None).await
    }

    pub async fn patch(&self, uri: &str, body: Value) -> Reply {
        self.send(Method::PATCH, uri, Some(body), None).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.send(Method::DELETE, uri, None, None).await
    }

    /// Posts an article and returns its stored JSON.
    pub async fn create(&self, article: Value) -> Value {
        let r = self.post("/api/articles", article).await;
        assert_eq!(r.status, StatusCode::CREATED, "create failed: {}", r.json);
        r.json
    }

    /// The seed article with its hand-made annotations (origin manual).
    pub async fn create_seed(&self) -> Value {
        self.create(seed_with_gold()).await
    }
}

/// The hand-annotated seed article (tests/data/seed.gold.jsonl).
pub fn seed_gold() -> Value {
    let line = include_str!("../../data/seed.gold.jsonl")
        .lines()
        .next()
        .expect("one line");
    serde_json::from_str(line).expect("gold json")
}

/// A POST body for the seed article carrying its gold annotations.
pub fn seed_with_gold() -> Value {
    let gold = seed_gold();
    let entities: Vec<Value> = gold["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| json!({"kind": e["kind"], "name": e["name"], "mentions": e["mentions"]}))
        .collect();
    json!({
        "body": gold["text"],
        "title": "Venezuelan unions hold videoconference",
        "source": "Labor News",
        "byline": "staff",
        "published_at": gold["published"],
        "dateline": gold["dateline"],
        "annotations": {"quotes": gold["quotes"], "entities": entities},
    })
}

/// A small article with a body unique to `n`.
pub fn article(n: usize, date: &str, source: &str) -> Value {
    json!({
        "body": format!("Article number {n} reports on the harbour. The mayor spoke about item {n}."),
        "title": format!("Report {n}"),
        "source": source,
        "published_at": date,
        "annotations": {"quotes": [], "entities": []},
    })
}

/// Slices `text` by `[start, end)` counted in the given unit.
#[track_caller]
pub fn slice(text: &str, start: usize, end: usize, unit: &str) -> String {
    match unit {
        "utf8" => text.get(start..end).expect("utf8 boundaries").to_string(),
        "utf16" => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&units[start..end]).expect("utf16 boundaries")
        }
        _ => text.chars().skip(start).take(end - start).collect(),
    }
}

/// The `quotewire` binary, for tests of its commands.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_quotewire")
}

/// One article line with a supplied quote and entity, so no engine runs.
pub fn line(n: usize) -> String {
    let body = format!("Item {n}. \u{201c}All is well,\u{201d} said Ana Silva at the harbour.");
    let d = n.to_string().len();
    json!({
        "body": body,
        "title": format!("T{n}"),
        "published_at": format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
        "annotations": {
            "quotes": [{"kind": "direct", "start": 8 + d, "end": 19 + d, "text": "All is well", "speaker": "Ana Silva"}],
            "entities": [{"kind": "person", "name": "Ana Silva", "mentions": [{"start": 27 + d, "end": 36 + d, "text": "Ana Silva"}]}]
        }
    })
    .to_string()
}
