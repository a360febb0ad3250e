//! The integration tests, one binary: the real router over a fresh SQLite file
//! per test (`common`), one module per area.

mod common;

mod analytics;
mod articles;
mod batch;
mod browser;
mod caching;
mod engine;
mod entities;
mod export;
mod hardening;
mod http;
mod identity;
mod import;
mod lifecycle;
mod lists;
mod offsets;
mod openapi;
mod paging;
mod quotes;
mod web;
mod webanno;
