//! quotewire: an annotated-news API.

pub use quotewire_annotate as annotate;
