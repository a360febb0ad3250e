//! `quotewire serve`: the HTTP API.

use super::{init_tracing, open, runtime, CliResult};
use crate::config::{DatabaseArgs, ServeArgs};
use crate::import::{self, Summary};
use crate::store::Store;
use crate::{app, listen, samples};

pub fn serve(db: DatabaseArgs, args: ServeArgs) -> CliResult {
    init_tracing(args.log_format);
    args.check()?;
    runtime()?.block_on(async move {
        tracing::info!("{}", args.describe(&db.database_url));
        let store = open(&db).await?;
        let served = run(&store, &args).await;
        // On every way out, errors included: the database file is left whole.
        store.close().await;
        tracing::info!("shut down");
        served
    })
}

async fn run(store: &Store, args: &ServeArgs) -> CliResult {
    if !args.no_samples && store.article_count().await.map_err(|e| e.to_string())? == 0 {
        let mut summary = Summary::default();
        import::import_batch(store, samples::records(), &mut summary)
            .await
            .map_err(|e| format!("cannot load the samples: {e}"))?;
        tracing::info!(
            imported = summary.imported,
            failed = summary.failed.len(),
            "loaded the sample articles into the empty database"
        );
    }
    store.limit_reads(args.timeout());
    store.set_facet_budget(args.facet_budget());
    store.set_facet_sample(args.facet_sample);
    let router = app::build(store.clone(), args);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!("quotewire listening on http://{addr} (API docs at http://{addr}/docs)");
    listen::serve(listener, router, args.limits(), shutdown_signal()).await;
    Ok(())
}

async fn shutdown_signal() {
    super::interrupted().await;
    tracing::info!("shutdown signal received; finishing requests in flight");
}
