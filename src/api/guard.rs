//! What every request passes before a handler: the Host it names, the size of
//! its head, the request id it brings; and the headers every answer carries.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Longest request target taken (path and query), bytes.
pub const MAX_URI: usize = 8 * 1024;
/// Largest sum of header names and values taken, bytes.
pub const MAX_HEADERS: usize = 16 * 1024;
/// Longest client-chosen `x-request-id` kept; a longer or odd one is replaced.
const MAX_REQUEST_ID: usize = 64;

/// The names a loopback server answers to.
#[derive(Debug)]
pub struct AllowedHosts {
    bind: IpAddr,
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(bind: SocketAddr, extra: &str) -> AllowedHosts {
        AllowedHosts {
            bind: bind.ip(),
            names: extra
                .split(',')
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        }
    }

    /// `host` is the Host header: a name or an IP literal, with an optional port.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = match host.strip_prefix('[') {
            // `[::1]:3000`
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None if host.matches(':').count() == 1 => host.split(':').next().unwrap_or(""),
            None => host.as_str(),
        };
        let name = name.trim_end_matches('.');
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || ip == self.bind;
        }
        // Names under `localhost` resolve to loopback by definition (RFC 6761), so
        // no other site can point them at this server.
        name == "localhost" || name.ends_with(".localhost") || self.names.iter().any(|n| n == name)
    }
}

/// On a loopback bind, refuses a request whose Host is not one of the server's
/// names: a page on another site can point a name of its own at 127.0.0.1 (DNS
/// rebinding), and its browser then treats the API as that site's own. A request
/// without Host (HTTP/1.0, tools) is no browser's and passes.
pub async fn check_host(
    State(hosts): State<Option<Arc<AllowedHosts>>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(hosts) = hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or("\u{fffd}"));
        if let Some(host) = host.filter(|h| !hosts.allows(h)) {
            let detail = format!(
                "this server does not answer to the host `{}`; add it to QUOTEWIRE_ALLOWED_HOSTS",
                host.chars().take(100).collect::<String>()
            );
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown-host",
                "Unknown host",
                detail,
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// Oversized request heads get a problem document (hyper's own limit, far
/// higher, answers with no body).
pub async fn limit_head(request: Request, next: Next) -> Response {
    let uri = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if uri > MAX_URI {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri-too-long",
            "URI too long",
            format!("the request target is over {MAX_URI} bytes"),
        )
        .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len())
        .sum();
    if headers > MAX_HEADERS {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers-too-large",
            "Request headers too large",
            format!("the request headers are over {MAX_HEADERS} bytes"),
        )
        .into_response();
    }
    next.run(request).await
}

/// Drops an `x-request-id` that is too long or holds odd bytes, so that a fresh
/// one is made: the id is echoed and logged.
pub async fn cap_request_id(mut request: Request) -> Request {
    let id = HeaderName::from_static("x-request-id");
    let fine = request.headers().get(&id).is_none_or(|v| {
        v.len() <= MAX_REQUEST_ID
            && v.as_bytes()
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
    });
    if !fine {
        request.headers_mut().remove(&id);
    }
    request
}

/// Pages load only their own scripts and styles, and no site may frame them.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn loopback_names_and_configured_hosts_pass() {
        let hosts = AllowedHosts::new("127.0.0.1:3000".parse().unwrap(), "news.internal, Box.");
        for ok in [
            "127.0.0.1:3000",
            "localhost",
            "LOCALHOST:3000",
            "api.localhost:3000",
            "[::1]:3000",
            "127.0.0.2",
            "news.internal:3000",
            "box",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "localhost.evil.example",
            "10.0.0.1:3000",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }
}
