//! The bulk importer: file shapes, encodings, duplicates, re-runs, interruption,
//! and re-annotation.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use quotewire::annotate::{Entity, EntityKind, Span};
use quotewire::config::DatabaseArgs;
use quotewire::import::{self, Summary};
use quotewire::ingest::files;
use quotewire::model::Origin;
use quotewire::paging::PageRequest;
use quotewire::store::{ArticleFilter, Store, Supplied};
use serde_json::json;

fn db_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("import.db").display())
}

async fn import_dir(store: &Store, paths: &[PathBuf]) -> Summary {
    let inputs = files::expand(paths).expect("expand");
    let records = files::stream(inputs, Arc::new(AtomicU64::new(0)));
    import::run(store, records, 2, |_| {})
        .await
        .expect("import")
}

/// An older engine's annotation: one automatic entity `name`, mentioned by `text`
/// at code point `at`.
fn old_engine(name: &str, at: usize, text: &str) -> Supplied {
    Supplied {
        quotes: Vec::new(),
        entities: vec![(
            Entity {
                kind: EntityKind::Misc,
                name: name.to_string(),
                mentions: vec![Span {
                    start: at,
                    end: at + text.chars().count(),
                    text: text.to_string(),
                }],
            },
            Origin::Auto,
        )],
        annotator_version: Some("quotewire-annotate/0.0.1".to_string()),
    }
}

#[tokio::test]
async fn every_input_shape_is_read_and_a_rerun_skips_everything() {
    let dir = tempfile::tempdir().expect("dir");
    let src = dir.path().join("in");
    std::fs::create_dir_all(src.join("sub")).expect("mkdir");
    std::fs::write(
        src.join("sub/titled.txt"),
        "Ad sales boost profit\n\nQuarterly profits jumped, the firm said.\n",
    )
    .expect("write");
    // Latin-1: 0xA3 is the pound sign.
    std::fs::write(
        src.join("latin1.txt"),
        b"Pound falls\n\nThe pound fell to \xa31.20 on Monday.\n",
    )
    .expect("write");
    std::fs::write(
        src.join("one.json"),
        json!({"body": "A JSON article.", "title": "J"}).to_string(),
    )
    .expect("write");
    let mut jl = std::fs::File::create(src.join("many.jsonl")).expect("create");
    writeln!(jl, "{}", crate::common::line(1)).expect("write");
    writeln!(jl).expect("write");
    writeln!(jl, "{{broken").expect("write");
    writeln!(jl, "{}", crate::common::line(2)).expect("write");
    writeln!(jl, "{}", crate::common::line(1)).expect("write"); // repeated in the input
    writeln!(jl, "{}", json!({"body": "  "})).expect("write");
    drop(jl);
    std::fs::write(src.join("ignored.csv"), "a,b\n").expect("write");

    let store = Store::open(&db_url(dir.path())).await.expect("store");
    let s = import_dir(&store, std::slice::from_ref(&src)).await;
    assert_eq!(s.imported, 5, "{s:?}");
    assert_eq!(s.skipped, 1, "the repeated line: {s:?}");
    assert_eq!(s.failed.len(), 2, "{s:?}");
    assert!(s.failed.iter().any(|(o, _)| o.ends_with("many.jsonl:3")));
    assert!(s
        .failed
        .iter()
        .any(|(o, why)| o.ends_with("many.jsonl:6") && why.contains("body")));
    assert_eq!(s.warnings.len(), 1);
    assert!(s.warnings[0].contains("latin1.txt"));

    let page = store
        .articles(
            &ArticleFilter {
                q: quotewire::store::fts_query("pound"),
                ..ArticleFilter::default()
            },
            &PageRequest::default(),
        )
        .await
        .expect("search");
    assert_eq!(page.items.len(), 1);
    assert!(page.items[0].body.contains("£1.20"));
    assert_eq!(page.items[0].title.as_deref(), Some("Pound falls"));

    let again = import_dir(&store, &[src]).await;
    assert_eq!(again.imported, 0);
    assert_eq!(again.skipped, 6, "{again:?}");
    assert_eq!(store.article_count().await.expect("count"), 5);
}

fn summary_numbers(stdout: &str) -> (usize, usize, usize) {
    let last = stdout.lines().last().unwrap_or("");
    let nums: Vec<usize> = last
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .take(3)
        .collect();
    assert_eq!(nums.len(), 3, "summary line: {last}");
    (nums[0], nums[1], nums[2])
}

/// A killed import leaves whole articles only, and running it again finishes the rest.
#[tokio::test]
async fn a_killed_import_leaves_whole_articles_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("big.ndjson");
    let n = 4000;
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).expect("create"));
    for i in 0..n {
        writeln!(f, "{}", crate::common::line(i)).expect("write");
    }
    f.flush().expect("flush");
    drop(f);
    let url = db_url(dir.path());
    let mut child = std::process::Command::new(crate::common::bin())
        .args(["import", "--database-url", &url, "--batch", "25"])
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();

    let store = Store::open(&url).await.expect("store");
    let stored = store.article_count().await.expect("count") as usize;
    // Every stored article has its quote and its entity.
    let seen = crate::lifecycle::assert_whole_articles(&store).await;
    assert_eq!(seen, stored);
    store.close().await;

    let out = std::process::Command::new(crate::common::bin())
        .args(["import", "--database-url", &url])
        .arg(&input)
        .output()
        .expect("rerun");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (imported, skipped, failed) = summary_numbers(&stdout);
    assert_eq!((imported + skipped, failed), (n, 0), "{stdout}");
    assert_eq!(
        skipped, stored,
        "what the killed run stored is skipped: {stdout}"
    );
    // Not a terminal: plain lines, no progress bar escapes.
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
}

#[tokio::test]
async fn reannotate_replaces_automatic_annotations_and_keeps_manual_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let url = db_url(dir.path());
    let store = Store::open(&url).await.expect("store");
    let input = dir.path().join("one.jsonl");
    std::fs::write(&input, crate::common::line(5) + "\n").expect("write");
    let s = import_dir(&store, &[input]).await;
    assert_eq!(s.imported, 1);
    let id = store
        .articles(&ArticleFilter::default(), &PageRequest::default())
        .await
        .expect("list")
        .items[0]
        .id;
    // An old engine's automatic mention of "harbour".
    let body = store
        .article(id)
        .await
        .expect("read")
        .expect("article")
        .body;
    let at = body.chars().count() - "harbour.".chars().count();
    let old = old_engine("Harbourzz", at, "harbour");
    store.replace_auto_many(&[(id, old)]).await.expect("old");
    let before = store.article(id).await.expect("read").expect("article");
    assert_eq!(before.entities.as_ref().map(Vec::len), Some(2));
    store.close().await;

    let db = DatabaseArgs {
        database_url: url.clone(),
        db_connections: 2,
        db_cache_mb: 8,
    };
    let mut args = quotewire::cli::reannotate::ReannotateArgs {
        all: false,
        stale: false,
        source: None,
        from: None,
        to: None,
        ids: Vec::new(),
        batch: 10,
    };
    assert!(
        quotewire::cli::reannotate::reannotate(&db, &args)
            .await
            .is_err(),
        "no selection"
    );
    args.stale = true;
    quotewire::cli::reannotate::reannotate(&db, &args)
        .await
        .expect("reannotate");

    let store = Store::open(&url).await.expect("store");
    let after = store.article(id).await.expect("read").expect("article");
    assert_eq!(
        after.annotator_version.as_deref(),
        Some(quotewire::annotate::VERSION)
    );
    let quotes = after.quotes.expect("quotes");
    assert_eq!(quotes.len(), 1, "the manual quote stays, alone");
    assert_eq!(quotes[0].origin, Origin::Manual);
    let entities = after.entities.expect("entities");
    assert!(entities.iter().any(|e| e.name == "Ana Silva"));
    assert!(
        entities.iter().all(|e| e.name != "Harbourzz"),
        "the old automatic mention is gone"
    );
    // Nothing is stale any more.
    let filter = quotewire::store::ReannotateFilter {
        stale_of: Some(quotewire::annotate::VERSION.to_string()),
        ..Default::default()
    };
    assert_eq!(store.reannotate_count(&filter).await.expect("count"), 0);
}

/// `quotewire` with no command serves with the `serve` options from the environment.
#[tokio::test]
async fn the_bare_command_serves_with_the_environment() {
    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let mut child = std::process::Command::new(crate::common::bin())
        .env("QUOTEWIRE_DATABASE_URL", db_url(dir.path()))
        .env("QUOTEWIRE_BIND", format!("127.0.0.1:{port}"))
        .env("QUOTEWIRE_NO_SAMPLES", "true")
        .env("QUOTEWIRE_API_TOKEN", "secret")
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut answered = None;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
            continue;
        };
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let request = format!(
            "DELETE /api/articles/1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.expect("read");
        answered = Some(reply);
        break;
    }
    let _ = child.kill();
    let _ = child.wait();
    let reply = answered.expect("the server listened on QUOTEWIRE_BIND");
    assert!(
        reply.starts_with("HTTP/1.1 401"),
        "writes need the token from the environment: {reply}"
    );
}

/// Several batches: each written while the next is annotated, and every article
/// ends with this engine's version, its manual annotations, and counts that match.
#[tokio::test]
async fn reannotate_goes_through_every_batch() {
    let dir = tempfile::tempdir().expect("dir");
    let url = db_url(dir.path());
    let store = Store::open(&url).await.expect("store");
    let input = dir.path().join("ten.jsonl");
    let lines: Vec<String> = (0..10).map(crate::common::line).collect();
    std::fs::write(&input, lines.join("\n") + "\n").expect("write");
    assert_eq!(import_dir(&store, &[input]).await.imported, 10);
    let page = PageRequest {
        limit: 50,
        ..Default::default()
    };
    let ids: Vec<i64> = store
        .articles(&ArticleFilter::default(), &page)
        .await
        .expect("list")
        .items
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids.len(), 10);
    // An old engine's automatic entity on every article, written in one transaction.
    let olds: Vec<(i64, Supplied)> = ids
        .iter()
        .map(|&id| (id, old_engine("Itemzz", 0, "Item")))
        .collect();
    store.replace_auto_many(&olds).await.expect("old");
    for &id in &ids {
        let a = store.article(id).await.expect("read").expect("article");
        assert_eq!(a.entity_count, 2, "Ana Silva and the old entity");
    }
    store.close().await;

    let db = DatabaseArgs {
        database_url: url.clone(),
        db_connections: 2,
        db_cache_mb: 8,
    };
    let args = quotewire::cli::reannotate::ReannotateArgs {
        all: false,
        stale: true,
        source: None,
        from: None,
        to: None,
        ids: Vec::new(),
        batch: 4,
    };
    quotewire::cli::reannotate::reannotate(&db, &args)
        .await
        .expect("reannotate");

    let store = Store::open(&url).await.expect("store");
    for &id in &ids {
        let a = store.article(id).await.expect("read").expect("article");
        assert_eq!(
            a.annotator_version.as_deref(),
            Some(quotewire::annotate::VERSION)
        );
        let quotes = a.quotes.as_ref().expect("quotes");
        let entities = a.entities.as_ref().expect("entities");
        assert!(entities.iter().all(|e| e.name != "Itemzz"), "article {id}");
        assert!(entities.iter().any(|e| e.name == "Ana Silva"));
        assert!(quotes.iter().any(|q| q.origin == Origin::Manual));
        assert_eq!(a.quote_count, quotes.len() as i64);
        assert_eq!(a.entity_count, entities.len() as i64);
    }
}

/// A record whose date is cut inside a character is refused by name; the others
/// are stored, and a `.txt` header with such a date is no header (no panic).
#[test]
fn a_crafted_date_fails_its_record_only() {
    let dir = tempfile::tempdir().expect("dir");
    let lines = [
        r#"{"body": "First report on the harbour.", "published_at": "2026-01-01"}"#,
        r#"{"body": "Second report on the harbour.", "published_at": "abcéxy"}"#,
        r#"{"body": "Third report on the harbour.", "published_at": "2026-01-03"}"#,
    ];
    std::fs::write(dir.path().join("batch.jsonl"), lines.join("\n")).expect("write");
    std::fs::write(
        dir.path().join("note.txt"),
        "date abcéxy By x\n\nA plain-text report on the harbour.",
    )
    .expect("write");
    let out = std::process::Command::new(crate::common::bin())
        .args(["import", "--database-url", &db_url(dir.path())])
        .arg(dir.path().join("batch.jsonl"))
        .arg(dir.path().join("note.txt"))
        .output()
        .expect("import");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("imported 3") && stdout.contains("failed 1"),
        "{stdout}"
    );
    assert!(
        stderr.contains("batch.jsonl:2") && stderr.contains("published_at"),
        "the failed record is named: {stderr}"
    );
}
