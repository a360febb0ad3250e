//! `quotewire healthcheck`: for container health checks.

use super::CliResult;

/// A plain HTTP/1.0 GET, so the container image needs no curl.
pub async fn healthcheck(url: &str) -> CliResult {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are checked")?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        tokio::net::TcpStream::connect(host),
    )
    .await
    .map_err(|_| "timed out".to_string())?
    .map_err(|e| format!("cannot connect to {host}: {e}"))?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut head = [0u8; 12];
    stream
        .read_exact(&mut head)
        .await
        .map_err(|e| e.to_string())?;
    match &head[9..12] {
        b"200" => Ok(()),
        other => Err(format!(
            "unhealthy: status {}",
            String::from_utf8_lossy(other)
        )),
    }
}
