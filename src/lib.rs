//! quotewire: an annotated-news API. Articles go in; who said what, and which
//! people, organizations, places, dates and numbers they name, come out as JSON.

pub use quotewire_annotate as annotate;

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod excerpt;
pub mod import;
pub mod ingest;
pub mod json_text;
pub mod listen;
pub mod model;
pub mod offsets;
pub mod paging;
pub mod periods;
pub mod relocate;
pub mod samples;
pub mod store;
