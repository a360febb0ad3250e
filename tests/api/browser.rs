//! The reading page in a real browser: the app on a loopback port, the sample
//! article with its hand-made annotations plus two small articles, and
//! `tests/browser/run.mjs` driving Debian's headless Chromium through
//! playwright-core. Screenshots land in `target/browser-artifacts/`.
//!
//! Without Chromium the test is skipped loudly, unless `QUOTEWIRE_REQUIRE_BROWSER=1`
//! (set by `.ci/run`), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::TestApp;
use serde_json::{json, Value};

fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn browser_required() -> bool {
    std::env::var("QUOTEWIRE_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// `[start, end)` of the `nth` (from 0) `needle` in `body`, in code points (the
/// API's default unit).
fn nth_span(body: &str, needle: &str, nth: usize) -> Value {
    let (at, _) = body
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not {} times in body", nth + 1));
    let start = body[..at].chars().count();
    json!({"start": start, "end": start + needle.chars().count(), "text": needle})
}

fn span(body: &str, needle: &str) -> Value {
    nth_span(body, needle, 0)
}

/// Two small articles besides the sample, so filters have something to narrow.
/// The first has a character outside the BMP before its quote, so the page's
/// UTF-16 slicing is exercised too.
fn extra_articles() -> Vec<Value> {
    let ferry = "🚢 Mayor Ana Ruiz said on Monday that the new ferry will run by spring. \
        \"We promised a faster crossing and we will deliver it,\" Ruiz told reporters in Puerto Claro.";
    let quote = "We promised a faster crossing and we will deliver it,";
    let quoted = span(ferry, quote);
    let docks = "Dockworkers in Puerto Claro met on Sunday to discuss the new shift plan. \
        The meeting ended without a vote.";
    vec![
        json!({
            "title": "Harbour council approves new ferry",
            "body": ferry,
            "source": "Coast Courier",
            "byline": "R. Vidal",
            "published_at": "2026-01-12",
            "annotations": {
                "quotes": [{
                    "kind": "direct",
                    "start": quoted["start"],
                    "end": quoted["end"],
                    "text": quote,
                    "speaker": "Ana Ruiz",
                    "speaker_mention": nth_span(ferry, "Ruiz", 1),
                    "cue": span(ferry, "told"),
                    "role": "mayor",
                }],
                "entities": [
                    {"kind": "person", "name": "Ana Ruiz", "mentions": [
                        span(ferry, "Ana Ruiz"), nth_span(ferry, "Ruiz", 1),
                    ]},
                    {"kind": "location", "name": "Puerto Claro", "mentions": [span(ferry, "Puerto Claro")]},
                ],
            },
        }),
        json!({
            "title": "Dockworkers meet on the new shift plan",
            "body": docks,
            "source": "Coast Courier",
            "published_at": "2026-01-04",
            "annotations": {
                "quotes": [],
                "entities": [
                    {"kind": "location", "name": "Puerto Claro", "mentions": [span(docks, "Puerto Claro")]},
                ],
            },
        }),
    ]
}

fn run(cmd: &mut Command) -> std::process::Output {
    let shown = format!("{cmd:?}");
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {shown}: {e}"));
    println!("$ {shown}\n{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reading_page_works_in_headless_chromium() {
    let chromium = chromium_path();
    if !chromium.exists() {
        assert!(
            !browser_required(),
            "QUOTEWIRE_REQUIRE_BROWSER=1 but Chromium is not at {}: apt-get install chromium chromium-driver",
            chromium.display()
        );
        eprintln!(
            "\n==========================================================\n\
             SKIPPED: chromium not installed (apt-get install chromium)\n\
             ==========================================================\n"
        );
        return;
    }

    let app = TestApp::new().await;
    app.create_seed().await;
    for article in extra_articles() {
        app.create(article).await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let router = app.router.clone();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = root.join("tests/browser");
    let artifacts = root.join("target/browser-artifacts");
    let output = tokio::task::spawn_blocking(move || {
        if !browser_dir.join("node_modules/playwright-core").exists() {
            let npm = run(Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&browser_dir));
            assert!(npm.status.success(), "npm ci failed in tests/browser");
        }
        run(Command::new("node")
            .arg("run.mjs")
            .arg(&url)
            .arg(&artifacts)
            .env("CHROMIUM", &chromium)
            .current_dir(&browser_dir))
    })
    .await
    .expect("browser run");
    server.abort();
    assert!(
        output.status.success(),
        "browser tests failed (see the output above; screenshots in target/browser-artifacts)"
    );
}
