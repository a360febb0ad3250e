//! Settings from flags and environment variables, with documented defaults.

use std::net::SocketAddr;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, ValueEnum};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/quotewire.db";

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// SQLite database URL; the file is created and migrated when missing.
    #[arg(long, env = "QUOTEWIRE_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Open database connections (readers run in parallel, one writer at a time);
    /// each has its own thread, so more than a few per core only adds switching.
    #[arg(long, env = "QUOTEWIRE_DB_CONNECTIONS", default_value_t = crate::store::DEFAULT_CONNECTIONS)]
    pub db_connections: u32,
    /// Page cache per connection, MiB. Bulk imports into a large database gain from
    /// more: index inserts land all over the file.
    #[arg(long, env = "QUOTEWIRE_DB_CACHE_MB", default_value_t = crate::store::DEFAULT_CACHE_MB)]
    pub db_cache_mb: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "QUOTEWIRE_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Token that writes must carry as `Authorization: Bearer <token>`; reads stay public.
    #[arg(long, env = "QUOTEWIRE_API_TOKEN", hide_env_values = true)]
    pub api_token: Option<String>,
    /// Accept writes without a token on a non-loopback address (e.g. behind an authenticating proxy).
    #[arg(long, env = "QUOTEWIRE_ALLOW_OPEN_WRITES", value_parser = BoolishValueParser::new(), num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub allow_open_writes: bool,
    /// Origins allowed by CORS: `*` for any, or a comma-separated list; empty for none.
    #[arg(long, env = "QUOTEWIRE_CORS_ORIGINS", default_value = "*")]
    pub cors_origins: String,
    /// Largest request body in bytes.
    #[arg(long, env = "QUOTEWIRE_BODY_LIMIT", default_value_t = 10 * 1024 * 1024)]
    pub body_limit: usize,
    /// Largest body of `POST /api/articles:batch`, bytes: it is read a line at a
    /// time and answered as it goes, so it may be far larger than other bodies.
    #[arg(long, env = "QUOTEWIRE_BATCH_LIMIT", default_value_t = 256 * 1024 * 1024)]
    pub batch_limit: usize,
    /// Longest time a request may take, in seconds.
    #[arg(long, env = "QUOTEWIRE_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Longest time one facet (`facet=` on a list) may take, in milliseconds: a
    /// facet that runs longer is answered `truncated: true` instead.
    #[arg(long, env = "QUOTEWIRE_FACET_TIMEOUT_MS", default_value_t = 200)]
    pub facet_timeout_ms: u64,
    /// Most rows a facet that reads another table per row (article entity and
    /// speaker, quote source) counts: beyond, it counts the most recently added of
    /// the matching rows and says `sampled: true`. Larger is exact on larger result
    /// sets and slower.
    #[arg(long, env = "QUOTEWIRE_FACET_SAMPLE", default_value_t = crate::store::DEFAULT_FACET_SAMPLE)]
    pub facet_sample: u64,
    /// Largest text `POST /api/annotate` takes, in bytes: annotating costs time and
    /// memory in proportion, and the route needs no token.
    #[arg(long, env = "QUOTEWIRE_ANNOTATE_LIMIT", default_value_t = 1024 * 1024)]
    pub annotate_limit: usize,
    /// Open connections at most; more wait to be accepted.
    #[arg(long, env = "QUOTEWIRE_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Longest time a client may take to send a request's headers (and longest a
    /// keep-alive connection may stay idle), in seconds.
    #[arg(long, env = "QUOTEWIRE_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Host names the server answers to, besides its bind address, `localhost` and
    /// loopback addresses (comma-separated). Checked on loopback binds only, where
    /// it stops DNS rebinding: a page on another site cannot reach the API through
    /// a name of its own that resolves to 127.0.0.1.
    #[arg(long, env = "QUOTEWIRE_ALLOWED_HOSTS", default_value = "")]
    pub allowed_hosts: String,
    /// Do not load the bundled sample articles into an empty database.
    #[arg(long, env = "QUOTEWIRE_NO_SAMPLES", value_parser = BoolishValueParser::new(), num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub no_samples: bool,
    /// Log format.
    #[arg(long, env = "QUOTEWIRE_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            api_token: None,
            allow_open_writes: false,
            cors_origins: "*".to_string(),
            body_limit: 10 * 1024 * 1024,
            request_timeout: 30,
            facet_timeout_ms: 200,
            facet_sample: crate::store::DEFAULT_FACET_SAMPLE,
            annotate_limit: 1024 * 1024,
            batch_limit: 256 * 1024 * 1024,
            max_connections: 1024,
            header_timeout: 10,
            allowed_hosts: String::new(),
            no_samples: false,
            log_format: LogFormat::Text,
        }
    }
}

impl ServeArgs {
    /// Refuses an open, writable server on a public interface.
    pub fn check(&self) -> Result<(), String> {
        let token = self
            .api_token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if !self.bind.ip().is_loopback() && token.is_none() && !self.allow_open_writes {
            return Err(format!(
                "refusing to listen on {} without QUOTEWIRE_API_TOKEN: anyone could write. \
                 Set a token, or pass --allow-open-writes (QUOTEWIRE_ALLOW_OPEN_WRITES=true) if writes are guarded elsewhere",
                self.bind
            ));
        }
        Ok(())
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout.max(1))
    }

    pub fn facet_budget(&self) -> Duration {
        Duration::from_millis(self.facet_timeout_ms.max(1))
    }

    pub fn limits(&self) -> crate::listen::Limits {
        crate::listen::Limits {
            max_connections: self.max_connections.max(1),
            header_timeout: Duration::from_secs(self.header_timeout.max(1)),
            drain: self.timeout(),
        }
    }

    /// The effective settings, secrets masked, for the start-up log.
    pub fn describe(&self, database_url: &str) -> String {
        format!(
            "database={database_url} bind={} api_token={} allow_open_writes={} cors_origins={:?} body_limit={} request_timeout={}s facet_timeout={}ms",
            self.bind,
            if self.api_token.is_some() { "set" } else { "unset" },
            self.allow_open_writes,
            self.cors_origins,
            self.body_limit,
            self.request_timeout,
            self.facet_timeout_ms
        )
    }
}

/// The file a `sqlite:` URL names; `None` for an in-memory database.
pub fn database_file(url: &str) -> Option<&std::path::Path> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && !path.contains(":memory:")).then(|| std::path::Path::new(path))
}

/// Creates the directory a file database lives in, so the default works from a fresh clone.
pub fn ensure_database_dir(url: &str) -> std::io::Result<()> {
    match database_file(url).and_then(std::path::Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}
