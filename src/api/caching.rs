//! HTTP validators for every GET: a strong `ETag`, `If-None-Match` answered with
//! `304 Not Modified` before the handler runs, and a `Cache-Control` that says
//! what may be kept.
//!
//! An answer is a function of the request (path and query, `Accept`,
//! `Accept-Encoding`, and `Host` with `X-Forwarded-Proto`, which absolute ids are
//! made of) and of what it reads: for `/api` routes, the stored corpus,
//! named by the corpus version (a counter every write transaction bumps, see
//! `store::version`) and the annotator version; for the pages and files embedded
//! in the binary, the build. The ETag is a hash of exactly these, so checking one
//! costs no query of the handler's; the counter comes from the store's probe
//! (`store::version`), which reads it again only after some connection commits.
//!
//! The counter is read before the handler reads anything: a write committed in
//! between makes the answer newer than its tag, never older, and the next
//! revalidation sees a new tag and gets the new answer.
//!
//! The embedded files have fixed names, not fingerprinted ones (`/app.js`, not
//! `/app.3f2a.js`), so they cannot be marked `immutable`: they keep their short
//! `max-age` and are revalidated with their ETag. Data answers are `no-cache`:
//! a cache may keep them but must revalidate each use.

use std::sync::OnceLock;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::store::Store;

/// What a data answer's cache header says: keep it, but ask before each use.
const DATA_CACHE: &str = "no-cache";

/// What an answer depends on besides the request.
enum Depends {
    /// The stored data (`/api`).
    Corpus,
    /// Only the binary: the reading page, the API page and description.
    Build,
}

fn depends(path: &str) -> Option<Depends> {
    match path {
        // Probes answer the server's state now: never cached.
        "/healthz" | "/readyz" => None,
        p if p.starts_with("/api/") => Some(Depends::Corpus),
        _ => Some(Depends::Build),
    }
}

pub async fn validate(State(store): State<Store>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let Some(depends) = depends(request.uri().path()) else {
        return next.run(request).await;
    };
    let version = match depends {
        Depends::Build => None,
        Depends::Corpus => match store.corpus_version().await {
            Ok(n) => Some(n),
            // No validator then: the handler answers (or fails) as it would.
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the corpus version");
                return next.run(request).await;
            }
        },
    };
    let tag = etag(&request, version);
    let Ok(tag_value) = HeaderValue::from_str(&tag) else {
        return next.run(request).await;
    };
    if none_match(request.headers(), &tag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let headers = response.headers_mut();
        headers.insert(header::ETAG, tag_value);
        if version.is_some() {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(DATA_CACHE));
            headers.insert(
                header::VARY,
                HeaderValue::from_static("accept, accept-encoding"),
            );
        } else {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        return response;
    }
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, tag_value);
        if version.is_some() {
            if !headers.contains_key(header::CACHE_CONTROL) {
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(DATA_CACHE));
            }
            headers.append(header::VARY, HeaderValue::from_static("accept"));
        }
    }
    response
}

/// The strong validator of the answer to `request` at corpus `version` (none for
/// answers that depend on the build alone).
fn etag(request: &Request, version: Option<i64>) -> String {
    let mut h = Sha256::new();
    h.update(build_tag());
    if let Some(n) = version {
        h.update(b"corpus\0");
        h.update(n.to_le_bytes());
    }
    // HEAD answers GET's headers: one representation, one tag.
    let target = request.uri().path_and_query().map_or("", |p| p.as_str());
    h.update(target.as_bytes());
    // Host and the forwarded scheme make the absolute ids of Web Annotations.
    let names = [
        header::ACCEPT,
        header::ACCEPT_ENCODING,
        header::HOST,
        header::HeaderName::from_static("x-forwarded-proto"),
    ];
    for name in names {
        h.update(b"\0");
        for value in request.headers().get_all(&name) {
            h.update(value.as_bytes());
            h.update(b",");
        }
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(34);
    out.push('"');
    for b in &digest[..16] {
        out.push_str(&format!("{b:02x}"));
    }
    out.push('"');
    out
}

/// The build: the versions of the service and of its annotator, and the files
/// embedded in the binary.
fn build_tag() -> &'static [u8] {
    static TAG: OnceLock<Vec<u8>> = OnceLock::new();
    TAG.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(b"\0");
        h.update(crate::annotate::VERSION);
        for file in super::web::EMBEDDED
            .iter()
            .chain(super::docs::EMBEDDED.iter())
        {
            h.update(file);
        }
        h.finalize().to_vec()
    })
}

/// Whether `If-None-Match` names `tag` (or is `*`). The comparison is the weak
/// one RFC 9110 prescribes for this header: a `W/` prefix is ignored.
fn none_match(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", W/\"b\""),
        );
        assert!(none_match(&headers, "\"a\""));
        assert!(none_match(&headers, "\"b\""));
        assert!(!none_match(&headers, "\"c\""));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(none_match(&headers, "\"c\""));
        assert!(!none_match(&HeaderMap::new(), "\"c\""));
    }
}
