//! Corpus-level identity: a short form is the entity whose full name it shortens,
//! across articles, when the corpus leaves no doubt which one.
//!
//! - A one-word person ("Silva", "Mr Silva") is the person whose last name it is,
//!   when exactly one person has that last name, or one holds more than 80% of
//!   the mentions of those who do ("Blair": Tony, not Cherie). Only last names:
//!   a lone first name ("Dorsa") is never joined across articles, however the
//!   article that named it grouped it.
//! - A one-word organization is the organization it is the first word of
//!   ("Goldman" → "Goldman Sachs") or, written in 3-6 capitals, whose initials it is
//!   ("NATO" → "North Atlantic Treaty Organization"), when exactly one such
//!   organization exists.
//!
//! Both orders meet: a short form arriving after its full name joins it when its
//! entities are resolved (`owners`); a full name arriving after its short form
//! absorbs the short form's entity when the write ends (`absorb`, `merge`). The
//! absorbed entity is deleted, so its id answers 404; the survivor keeps its id.
//! Writers are serialized (`Store::write_tx`), so each decision sees every
//! earlier write. The kind of a one-word name is settled after these merges,
//! by a corpus-wide vote (`kinds`).

use std::collections::{HashMap, HashSet};

use sqlx::{Sqlite, Transaction};

use super::{entity_key, json_list, Result};
use crate::annotate::EntityKind;

/// Share of its rivals' mentions above which a person takes an ambiguous last name.
const DOMINANT: f64 = 0.8;

/// Words an organization's initials skip ("Bank of England" → BOE).
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "on",
];

/// Whether (kind, name) is a short form that may stand for a fuller entity.
pub(super) fn is_short(kind: EntityKind, name: &str) -> bool {
    matches!(kind, EntityKind::Person | EntityKind::Organization)
        && !entity_key(kind, name).contains(' ')
}

/// An acronym as written: 3-6 capital letters. Two letters are too often an
/// abbreviation of something else ("WN" for Wikinews is not "Wealth of Nations").
fn is_acronym(name: &str) -> bool {
    let name = name.trim();
    (3..=6).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase())
}

fn initials(norm: &str) -> String {
    norm.split(' ')
        .filter(|w| !MINOR_WORDS.contains(w))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// The fuller entity each short form (see `is_short`) stands for, when there is
/// one; by (kind, normalized short form).
pub(super) async fn owners(
    tx: &mut Transaction<'_, Sqlite>,
    shorts: &[(EntityKind, &str)],
) -> Result<HashMap<(EntityKind, String), i64>> {
    let mut out = HashMap::new();
    let mut surnames: Vec<String> = Vec::new();
    let mut orgs: Vec<(String, bool)> = Vec::new();
    for &(kind, name) in shorts {
        let norm = entity_key(kind, name);
        if norm.is_empty() {
            continue;
        }
        match kind {
            EntityKind::Person => surnames.push(norm),
            EntityKind::Organization => orgs.push((norm, is_acronym(name))),
            _ => {}
        }
    }
    surnames.sort_unstable();
    surnames.dedup();
    for (norm, id) in surname_owners(tx, &surnames).await? {
        out.insert((EntityKind::Person, norm), id);
    }
    for (norm, id) in org_owners(tx, &orgs).await? {
        out.insert((EntityKind::Organization, norm), id);
    }
    drop_fragments(tx, &mut out).await?;
    Ok(out)
}

/// A short form stored on its own more than this many times as often as its
/// would-be owner stays apart: the owner is likelier a stray fragment ("Strong
/// Oscar" for the award "Oscar") than the full name. "On its own" counts the
/// name under every kind that names things: once the kind vote (`kinds`) has
/// moved a one-word person to an organization, the person's mentions still speak
/// against a stray "New Labour" owning "Labour".
const FRAGMENT: i64 = 4;

async fn drop_fragments(
    tx: &mut Transaction<'_, Sqlite>,
    found: &mut HashMap<(EntityKind, String), i64>,
) -> Result<()> {
    if found.is_empty() {
        return Ok(());
    }
    let keys: Vec<(&str, &str, i64)> = found
        .iter()
        .map(|((kind, norm), id)| (kind.as_str(), norm.as_str(), *id))
        .collect();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT k.value ->> 0, k.value ->> 1 FROM json_each(?) k \
         JOIN entities o ON o.id = k.value ->> 2 \
         WHERE (SELECT sum(s.mention_count) FROM entities s \
                WHERE s.kind IN ('person', 'organization', 'location', 'misc') \
                  AND s.norm = k.value ->> 1) > ? * o.mention_count",
    )
    .bind(json_list(&keys)?)
    .bind(FRAGMENT)
    .fetch_all(&mut **tx)
    .await?;
    for (kind, norm) in rows {
        if let Some(kind) = EntityKind::parse(&kind) {
            found.remove(&(kind, norm));
        }
    }
    Ok(())
}

/// Persons whose normalized name ends in each last name: the sole one, or the
/// dominant one (ties to the oldest id, so the choice is the same on every run).
async fn surname_owners(
    tx: &mut Transaction<'_, Sqlite>,
    norms: &[String],
) -> Result<Vec<(String, i64)>> {
    if norms.is_empty() {
        return Ok(Vec::new());
    }
    // The surname alias every multi-word person has (`Aliases::add_names`) finds
    // the candidates by index; the suffix test keeps only last names.
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT a.norm, e.id, e.mention_count FROM entity_aliases a \
         JOIN entities e ON e.id = a.entity_id \
         WHERE a.norm IN (SELECT value FROM json_each(?)) AND e.kind = 'person' \
           AND substr(e.norm, -length(a.norm) - 1) = ' ' || a.norm \
         ORDER BY a.norm, e.mention_count DESC, e.id",
    )
    .bind(json_list(norms)?)
    .fetch_all(&mut **tx)
    .await?;
    let mut by_norm: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for (norm, id, count) in rows {
        by_norm.entry(norm).or_default().push((id, count));
    }
    Ok(by_norm
        .into_iter()
        .filter_map(|(norm, candidates)| pick_person(&candidates).map(|id| (norm, id)))
        .collect())
}

/// `candidates`: (id, mention count), most mentioned first.
fn pick_person(candidates: &[(i64, i64)]) -> Option<i64> {
    let &(top, top_count) = candidates.first()?;
    let total: i64 = candidates.iter().map(|c| c.1).sum();
    (candidates.len() == 1 || top_count as f64 > DOMINANT * total as f64).then_some(top)
}

/// The one organization each (norm, written as an acronym) names, if exactly one.
async fn org_owners(
    tx: &mut Transaction<'_, Sqlite>,
    shorts: &[(String, bool)],
) -> Result<Vec<(String, i64)>> {
    if shorts.is_empty() {
        return Ok(Vec::new());
    }
    let mut candidates: HashMap<String, HashSet<i64>> = HashMap::new();
    // First word: names in [norm + " ", norm + "!") on the (kind, norm) index.
    let norms: Vec<&str> = shorts.iter().map(|(n, _)| n.as_str()).collect();
    let rows: Vec<(String, i64)> = sqlx::query_as(
        // CROSS JOIN keeps the keys outside: one index range each, not a scan of all
        // organizations per key.
        "SELECT k.value, e.id FROM json_each(?) k CROSS JOIN entities e \
         ON e.kind = 'organization' AND e.norm >= k.value || ' ' AND e.norm < k.value || '!'",
    )
    .bind(json_list(&norms)?)
    .fetch_all(&mut **tx)
    .await?;
    for (norm, id) in rows {
        candidates.entry(norm).or_default().insert(id);
    }
    // Initials: the multi-word organizations of each first letter, read once.
    let mut letters: Vec<char> = shorts
        .iter()
        .filter(|(_, acronym)| *acronym)
        .filter_map(|(norm, _)| norm.chars().next())
        .collect();
    letters.sort_unstable();
    letters.dedup();
    for letter in letters {
        let next = char::from_u32(letter as u32 + 1).unwrap_or(char::MAX);
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, norm FROM entities WHERE kind = 'organization' AND norm >= ? AND norm < ? \
             AND instr(norm, ' ') > 0",
        )
        .bind(letter.to_string())
        .bind(next.to_string())
        .fetch_all(&mut **tx)
        .await?;
        for (norm, _) in shorts.iter().filter(|(n, a)| *a && n.starts_with(letter)) {
            let matching = rows.iter().filter(|(_, full)| initials(full) == *norm);
            candidates
                .entry(norm.clone())
                .or_default()
                .extend(matching.map(|r| r.0));
        }
    }
    Ok(candidates
        .into_iter()
        .filter(|(_, ids)| ids.len() == 1)
        .filter_map(|(norm, ids)| ids.into_iter().next().map(|id| (norm, id)))
        .collect())
}

/// After a write naming `names`: the short-form entities these names now settle
/// ("Silva" once "Ana Silva" is its only owner) merged into their owners. Gives
/// the articles whose entity rows changed, for their counts.
pub(super) async fn absorb(
    tx: &mut Transaction<'_, Sqlite>,
    names: &[(EntityKind, &str)],
) -> Result<Vec<i64>> {
    // Every short form these names could settle: their own if short, else the
    // last name of a person, the first word and initials of an organization.
    let mut keys: HashSet<(&'static str, String)> = HashSet::new();
    for &(kind, name) in names {
        let norm = entity_key(kind, name);
        match kind {
            EntityKind::Person => {
                if let Some(last) = norm.split(' ').next_back() {
                    keys.insert((kind.as_str(), last.to_string()));
                }
            }
            EntityKind::Organization => {
                if let Some(first) = norm.split(' ').next() {
                    keys.insert((kind.as_str(), first.to_string()));
                }
                if norm.contains(' ') {
                    keys.insert((kind.as_str(), initials(&norm)));
                }
            }
            _ => {}
        }
    }
    keys.retain(|(_, n)| !n.is_empty());
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut keys: Vec<(&str, String)> = keys.into_iter().collect();
    keys.sort_unstable();
    let shorts: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT e.id, e.kind, e.name FROM json_each(?) k \
         JOIN entities e ON e.kind = k.value ->> 0 AND e.norm = k.value ->> 1",
    )
    .bind(json_list(&keys)?)
    .fetch_all(&mut **tx)
    .await?;
    let shorts: Vec<(i64, EntityKind, String)> = shorts
        .into_iter()
        .filter_map(|(id, kind, name)| Some((id, EntityKind::parse(&kind)?, name)))
        .filter(|(_, kind, name)| is_short(*kind, name))
        .collect();
    if shorts.is_empty() {
        return Ok(Vec::new());
    }
    let asked: Vec<(EntityKind, &str)> = shorts.iter().map(|(_, k, n)| (*k, n.as_str())).collect();
    let found = owners(tx, &asked).await?;
    let mut pairs: Vec<(i64, i64)> = shorts
        .iter()
        .filter_map(|(id, kind, name)| {
            let owner = *found.get(&(*kind, entity_key(*kind, name)))?;
            (owner != *id).then_some((*id, owner))
        })
        .collect();
    pairs.sort_unstable();
    super::merge::merge(tx, &pairs).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert!(is_short(EntityKind::Person, "Silva"));
        assert!(is_short(EntityKind::Person, "Mr Silva"));
        assert!(!is_short(EntityKind::Person, "Ana Silva"));
        assert!(is_short(EntityKind::Organization, "NATO"));
        assert!(!is_short(EntityKind::Location, "Paris"));
        assert!(is_acronym("NATO") && !is_acronym("Nato") && !is_acronym("WN"));
        assert_eq!(initials("north atlantic treaty organization"), "nato");
        assert_eq!(initials("bank of england"), "be");
    }

    #[test]
    fn a_person_takes_a_last_name_alone_or_by_far() {
        assert_eq!(pick_person(&[(7, 3)]), Some(7));
        assert_eq!(pick_person(&[(7, 90), (8, 10)]), Some(7));
        assert_eq!(pick_person(&[(7, 60), (8, 40)]), None);
        assert_eq!(pick_person(&[]), None);
    }
}
