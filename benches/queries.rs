//! Latency of the typical queries at the store level, with their query plans.
//!
//! Runs against an existing database (build one with scripts/bench/gen_corpus.py
//! and `quotewire import`):
//!
//!     QUOTEWIRE_BENCH_DB=/work/bench/c100k.db cargo bench --bench queries
//!
//! For each query: the `EXPLAIN QUERY PLAN` of the page query, then p50/p99 over
//! repeated runs on one connection at a time (no HTTP). Without the variable the
//! bench prints how to run it and exits.

use std::time::{Duration, Instant};

use quotewire::annotate::EntityKind;
use quotewire::paging::PageRequest;
use quotewire::store::{
    fts_query, ArticleFilter, ArticleSort, EntityFilter, EntityRef, QuoteFilter, Store,
};

const RUNS: usize = 300;

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Prints the plan and times `Store::articles` for one filter and page.
async fn articles(store: &Store, name: &str, f: &ArticleFilter, page: &PageRequest) {
    let plan = store.explain_articles(f, page).await.expect("plan");
    time(name, plan, || store.articles(f, page)).await;
}

/// As `articles`, for `Store::quotes`.
async fn quotes(store: &Store, name: &str, f: &QuoteFilter, page: &PageRequest) {
    let plan = store.explain_quotes(f, page).await.expect("plan");
    time(name, plan, || store.quotes(f, page)).await;
}

async fn time<F, Fut, T>(name: &str, plan: Vec<String>, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    for _ in 0..20 {
        f().await;
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    times.sort();
    println!("\n### {name}\n");
    println!(
        "p50 {:.3} ms, p99 {:.3} ms ({RUNS} runs)\n",
        pct(&times, 0.5),
        pct(&times, 0.99)
    );
    println!("```");
    for line in plan {
        println!("{line}");
    }
    println!("```");
}

fn main() {
    let Ok(db) = std::env::var("QUOTEWIRE_BENCH_DB") else {
        eprintln!("set QUOTEWIRE_BENCH_DB to a database file (see scripts/bench/README.md)");
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let store = Store::open(&format!("sqlite://{db}")).await.expect("open");
        let page = PageRequest::default();
        let n = store.article_count().await.expect("count");
        println!("database {db}: {n} articles");

        let top = |kind| EntityFilter {
            kind: Some(kind),
            ..EntityFilter::default()
        };
        let people = store
            .entities(
                &top(EntityKind::Person),
                &PageRequest {
                    limit: 40,
                    ..PageRequest::default()
                },
            )
            .await
            .expect("people");
        let speaker = people
            .items
            .get(20)
            .or(people.items.first())
            .map_or(1, |e| e.id);
        let places = store
            .entities(
                &top(EntityKind::Location),
                &PageRequest {
                    limit: 10,
                    ..PageRequest::default()
                },
            )
            .await
            .expect("places");
        let place = places
            .items
            .get(5)
            .or(places.items.first())
            .map_or(1, |e| e.id);

        let f = QuoteFilter {
            speaker: Some(EntityRef::Id(speaker)),
            ..QuoteFilter::default()
        };
        quotes(
            &store,
            &format!("quotes by speaker (speaker={speaker})"),
            &f,
            &page,
        )
        .await;

        let f = ArticleFilter {
            entity: vec![EntityRef::Id(place)],
            from: Some("2010-01-01".into()),
            to: Some("2019-12-31".into()),
            ..ArticleFilter::default()
        };
        let name = format!("articles by entity in 2010-2019 (entity={place})");
        articles(&store, &name, &f, &page).await;

        let f = ArticleFilter {
            q: fts_query("election"),
            sort: ArticleSort::Relevance,
            ..ArticleFilter::default()
        };
        articles(
            &store,
            "articles, full text q=election, by relevance",
            &f,
            &page,
        )
        .await;

        // Newest first: a common word walks the date index, a rare one sorts its matches.
        for word in ["election", "zanzibar"] {
            let f = ArticleFilter {
                q: fts_query(word),
                sort: ArticleSort::Newest,
                ..ArticleFilter::default()
            };
            let name = format!("articles, full text q={word}, newest first");
            articles(&store, &name, &f, &page).await;
        }

        let f = QuoteFilter {
            q: fts_query("growth"),
            ..QuoteFilter::default()
        };
        quotes(&store, "quotes, full text q=growth", &f, &page).await;

        let f = EntityFilter::default();
        let plan = store.explain_entities(&f, &page).await.expect("plan");
        time("entities by mentions", plan, || store.entities(&f, &page)).await;

        // Page 200 of the newest-first article list, reached through the cursor.
        let f = ArticleFilter::default();
        let mut deep = page.clone();
        for _ in 0..200 {
            let p = store.articles(&f, &deep).await.expect("page");
            match p.next {
                Some(c) => deep.after = Some(c),
                None => break,
            }
        }
        articles(
            &store,
            "articles newest first, page 200 via cursor",
            &f,
            &deep,
        )
        .await;
    });
}
