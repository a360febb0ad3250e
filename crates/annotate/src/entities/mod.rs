//! Entities of an article: statistical names, rule-based dates and numbers,
//! mentions grouped per real-world thing.

pub mod aliases;
pub mod gazetteer;
