//! The database at process exit and under a live copy: every command leaves the
//! `.db` file complete on its own (no `-wal` content), SIGTERM stops an import
//! between transactions, and `quotewire backup` copies a database being written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quotewire::model::ArticleMeta;
use quotewire::paging::PageRequest;
use quotewire::store::{ArticleFilter, NewArticle, Store, Supplied};

fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn write_lines(path: &Path, range: std::ops::Range<usize>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    for i in range {
        writeln!(f, "{}", crate::common::line(i)).expect("write");
    }
    f.flush().expect("flush");
}

/// The `-wal` beside `db` holds nothing: absent, or truncated to zero bytes.
fn assert_no_wal(db: &Path) {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let len = std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len());
    assert_eq!(len, 0, "{}-wal still holds {len} bytes", db.display());
}

/// Copies the `.db` file alone (as a careless `cp` would) and opens the copy.
async fn open_copy_of_db_file_alone(db: &Path, dir: &Path) -> Store {
    let copy = dir.join("copy.db");
    std::fs::copy(db, &copy).expect("copy");
    Store::open(&url(&copy)).await.expect("open the copy")
}

async fn integrity(store: &Store) -> String {
    store.integrity_check().await.expect("integrity_check")
}

/// Every stored article is whole: its one quote and one entity are there.
pub async fn assert_whole_articles(store: &Store) -> usize {
    let mut page = PageRequest {
        limit: 200,
        ..PageRequest::default()
    };
    let mut seen = 0;
    loop {
        let p = store
            .articles(&ArticleFilter::default(), &page)
            .await
            .expect("list");
        for a in &p.items {
            assert_eq!((a.quote_count, a.entity_count), (1, 1), "article {}", a.id);
        }
        seen += p.items.len();
        match p.next {
            Some(c) => page.after = Some(c),
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn migrate_and_import_leave_the_db_file_complete_on_its_own() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("q.db");
    let out = Command::new(crate::common::bin())
        .args(["migrate", "--database-url", &url(&db)])
        .output()
        .expect("migrate");
    assert!(out.status.success(), "{out:?}");
    assert_no_wal(&db);

    let inputs: Vec<PathBuf> = (0..3)
        .map(|i| {
            let p = dir.path().join(format!("part{i}.ndjson"));
            write_lines(&p, i * 400..(i + 1) * 400);
            p
        })
        .collect();
    let out = Command::new(crate::common::bin())
        .args(["import", "--database-url", &url(&db), "--batch", "50"])
        .args(&inputs)
        .stdin(Stdio::null())
        .output()
        .expect("import");
    assert!(out.status.success(), "{out:?}");
    assert_no_wal(&db);

    let copy = open_copy_of_db_file_alone(&db, dir.path()).await;
    assert_eq!(copy.article_count().await.expect("count"), 1200);
    assert_eq!(integrity(&copy).await, "ok");
    assert_eq!(assert_whole_articles(&copy).await, 1200);
    copy.close().await;
}

#[tokio::test]
async fn library_close_checkpoints_the_log_away() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("lib.db");
    let store = Store::open(&url(&db)).await.expect("open");
    for n in 0..20 {
        let article = NewArticle::new(ArticleMeta::default(), format!("Body number {n}."));
        store
            .insert_article(&article, &Supplied::default())
            .await
            .expect("insert");
    }
    // A reader that outlives the writer's close must not keep the log's content alive
    // past its own close either.
    let reader = Store::open(&url(&db)).await.expect("second open");
    store.close().await;
    assert_eq!(reader.article_count().await.expect("count"), 20);
    reader.close().await;
    assert_no_wal(&db);
    let copy = open_copy_of_db_file_alone(&db, dir.path()).await;
    assert_eq!(copy.article_count().await.expect("count"), 20);
    copy.close().await;
}

/// Sends SIGTERM and waits (bounded) for the process to end.
#[cfg(unix)]
fn terminate(mut child: std::process::Child) -> std::process::Output {
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the import did not stop within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Waits until the database holds at least `n` articles.
async fn wait_for_articles(db: &Path, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            Instant::now() < deadline,
            "the import never stored {n} articles"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        if !db.exists() {
            continue;
        }
        let Ok(probe) = Store::open(&url(db)).await else {
            continue;
        };
        let stored = probe.article_count().await.unwrap_or(0);
        probe.close().await;
        if stored >= n {
            return;
        }
    }
}

#[cfg(unix)]
fn assert_says_how_to_go_on(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "an interrupted import exits non-zero"
    );
    assert!(
        stderr.contains("interrupted") && stderr.contains("again"),
        "says it stopped and how to go on: {stderr}"
    );
}

/// SIGTERM while the import waits on an idle pipe: it stops at once with every
/// batch read committed, and a rerun over the whole input finishes.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_an_import_waiting_on_stdin_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("pipe.db");
    let mut child = Command::new(crate::common::bin())
        .args(["import", "--database-url", &url(&db), "--batch", "20", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    for i in 0..100 {
        writeln!(stdin, "{}", crate::common::line(i)).expect("write");
    }
    stdin.flush().expect("flush");
    // Five whole batches; the pipe stays open, so the reader waits for a sixth.
    wait_for_articles(&db, 100).await;
    let out = terminate(child);
    drop(stdin);
    assert_says_how_to_go_on(&out);
    assert_no_wal(&db);
    let copy = open_copy_of_db_file_alone(&db, dir.path()).await;
    assert_eq!(assert_whole_articles(&copy).await, 100);
    copy.close().await;

    let input = dir.path().join("all.ndjson");
    write_lines(&input, 0..300);
    let out = Command::new(crate::common::bin())
        .args(["import", "--database-url", &url(&db)])
        .arg(&input)
        .stdin(Stdio::null())
        .output()
        .expect("rerun");
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("imported 200, skipped 100"),
        "{out:?}"
    );
    let store = Store::open(&url(&db)).await.expect("open");
    assert_eq!(assert_whole_articles(&store).await, 300);
    store.close().await;
}

/// SIGTERM in the middle of a busy import: whole batches only, and the log is
/// folded into the database file before the process ends.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_a_busy_import_between_transactions() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("big.db");
    let input = dir.path().join("big.ndjson");
    let n = 40_000;
    write_lines(&input, 0..n);
    let child = Command::new(crate::common::bin())
        .args(["import", "--database-url", &url(&db), "--batch", "20"])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_for_articles(&db, 1).await;
    let out = terminate(child);
    assert_says_how_to_go_on(&out);
    assert_no_wal(&db);
    let copy = open_copy_of_db_file_alone(&db, dir.path()).await;
    let stored = assert_whole_articles(&copy).await;
    assert!(
        stored > 0 && stored < n,
        "stopped part-way: {stored} of {n}"
    );
    assert_eq!(stored % 20, 0, "whole batches only: {stored}");
    copy.close().await;
}

#[tokio::test]
async fn backup_copies_a_database_being_written() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    let store = Store::open(&url(&db)).await.expect("open");
    let insert = |store: Store, n: usize| async move {
        let article = NewArticle::new(
            ArticleMeta::default(),
            format!("Live body {n}: the harbour reopened."),
        );
        store
            .insert_article(&article, &Supplied::default())
            .await
            .expect("insert")
    };
    for n in 0..200 {
        insert(store.clone(), n).await;
    }

    // A writer commits article after article while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (store, stop) = (store.clone(), stop.clone());
        async move {
            let mut n = 200;
            while !stop.load(Ordering::Relaxed) {
                insert(store.clone(), n).await;
                n += 1;
            }
            n
        }
    });
    while store.article_count().await.expect("count") < 260 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let before = store.article_count().await.expect("count");
    let dest = dir.path().join("backup.db");
    let out = tokio::task::spawn_blocking({
        let (db, dest) = (db.clone(), dest.clone());
        move || {
            Command::new(crate::common::bin())
                .args(["backup", "--database-url", &url(&db)])
                .arg(&dest)
                .output()
                .expect("backup")
        }
    })
    .await
    .expect("join");
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.expect("writer");
    assert!(out.status.success(), "{out:?}");
    let after = store.article_count().await.expect("count");
    assert_eq!(after as usize, written);

    let copy = Store::open(&url(&dest)).await.expect("open the backup");
    assert_eq!(integrity(&copy).await, "ok");
    let copied = copy.article_count().await.expect("count");
    assert!(
        (before..=after).contains(&copied),
        "the backup holds what was committed before it began: {before} <= {copied} <= {after}"
    );
    // Ids are dense here: a consistent snapshot holds exactly the first `copied`.
    let first_missing = copy.article(copied + 1).await.expect("read");
    assert!(first_missing.is_none());
    assert!(copy.article(copied).await.expect("read").is_some());
    copy.close().await;

    // An existing file is kept unless --force; then it is replaced whole.
    let again = Command::new(crate::common::bin())
        .args(["backup", "--database-url", &url(&db)])
        .arg(&dest)
        .output()
        .expect("backup again");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = Command::new(crate::common::bin())
        .args(["backup", "--database-url", &url(&db), "--force"])
        .arg(&dest)
        .output()
        .expect("backup --force");
    assert!(forced.status.success(), "{forced:?}");
    let copy = Store::open(&url(&dest)).await.expect("open the backup");
    assert_eq!(copy.article_count().await.expect("count"), after);
    copy.close().await;
    store.close().await;
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no partial copies left: {leftovers:?}"
    );
}

#[tokio::test]
async fn backup_of_a_missing_database_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("absent.db");
    let dest = dir.path().join("copy.db");
    let out = Command::new(crate::common::bin())
        .args(["backup", "--database-url", &url(&db)])
        .arg(&dest)
        .output()
        .expect("backup");
    assert!(!out.status.success());
    assert!(!db.exists() && !dest.exists());
}

/// One HTTP/1.1 request on a fresh connection; the whole answer as text.
fn http(port: u16, request: &str) -> std::io::Result<String> {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    Ok(reply)
}

/// `serve` stopped by SIGTERM leaves the database file complete on its own.
#[cfg(unix)]
#[tokio::test]
async fn a_server_stopped_by_sigterm_leaves_the_db_file_complete() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("served.db");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(crate::common::bin())
        .args(["serve", "--database-url", &url(&db), "--no-samples"])
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--api-token",
            "t0ken",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let get = "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http(port, get).is_ok_and(|r| r.starts_with("HTTP/1.1 200")) {
        assert!(Instant::now() < deadline, "the server never got ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    for n in 0..30 {
        let body = crate::common::line(n);
        let request = format!(
            "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer t0ken\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let reply = http(port, &request).expect("post");
        assert!(reply.starts_with("HTTP/1.1 201"), "{reply}");
    }
    let out = terminate(child);
    assert!(out.status.success(), "a signalled server exits 0: {out:?}");
    assert_no_wal(&db);
    let copy = open_copy_of_db_file_alone(&db, dir.path()).await;
    assert_eq!(assert_whole_articles(&copy).await, 30);
    copy.close().await;
}

/// SIGTERM during `reannotate`: whole batches are done, the rest keep the old
/// engine's version, and `--stale` finishes them.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_reannotate_between_batches_and_stale_finishes() {
    use quotewire::store::ReannotateFilter;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("re.db");
    let store = Store::open(&url(&db)).await.expect("open");
    let n = 4000;
    let old = Supplied {
        annotator_version: Some("quotewire-annotate/0.0.1".to_string()),
        ..Supplied::default()
    };
    let rows: Vec<(NewArticle, Supplied)> = (0..n)
        .map(|i| {
            let body = format!(
                "Item {i}. \u{201c}All is well at the harbour,\u{201d} said Ana Silva, the mayor of Porto."
            );
            (NewArticle::new(ArticleMeta::default(), body), old.clone())
        })
        .collect();
    for chunk in rows.chunks(500) {
        store.insert_articles(chunk).await.expect("insert");
    }
    let stale = ReannotateFilter {
        stale_of: Some(quotewire::annotate::VERSION.to_string()),
        ..ReannotateFilter::default()
    };
    assert_eq!(
        store.reannotate_count(&stale).await.expect("count"),
        n as i64
    );
    store.close().await;

    let child = Command::new(crate::common::bin())
        .args([
            "reannotate",
            "--database-url",
            &url(&db),
            "--all",
            "--batch",
            "20",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Signal once some batch is written, well before the end.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "reannotate never wrote a batch");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let probe = Store::open(&url(&db)).await.expect("probe");
        let left = probe.reannotate_count(&stale).await.unwrap_or(n as i64);
        probe.close().await;
        if left < n as i64 {
            break;
        }
    }
    let out = terminate(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "an interrupted reannotate exits non-zero"
    );
    assert!(
        stderr.contains("interrupted") && stderr.contains("--stale"),
        "{stderr}"
    );
    assert_no_wal(&db);
    let store = Store::open(&url(&db)).await.expect("open");
    let left = store.reannotate_count(&stale).await.expect("count");
    assert!(
        left > 0 && left < n as i64,
        "stopped part-way: {left} of {n} left"
    );
    assert_eq!(left % 20, 0, "whole batches only: {left} left");
    store.close().await;

    let out = Command::new(crate::common::bin())
        .args(["reannotate", "--database-url", &url(&db), "--stale"])
        .output()
        .expect("finish");
    assert!(out.status.success(), "{out:?}");
    let store = Store::open(&url(&db)).await.expect("open");
    assert_eq!(store.reannotate_count(&stale).await.expect("count"), 0);
    store.close().await;
}
