//! One kind per one-word name across the corpus. The engine reads one article at
//! a time, and in one article a lone word can get the wrong kind ("Labour" as a
//! person); the corpus as a whole outvotes it.
//!
//! The rule, for a one-word normalized name held by entities of two or more of
//! the kinds person, organization, location and misc: the most-mentioned of them
//! takes the automatic mentions and quotes of the others when
//! - it holds at least two thirds of the name's mentions over those kinds,
//! - it holds at least `MIN_MENTIONS` of them, and
//! - it is not a person. A one-word person is one no full name in the corpus
//!   claims (`identity`), the weakest evidence of all: a person who wins a vote
//!   is likelier a product or a company the engine misread ("Oscar").
//!
//! Manual rows never change kind: an entity holding a manual mention, or the
//! speaker of a manual quote, keeps those and its own id; only its automatic rows
//! move (`merge::move_auto`). An entity left with nothing of its own is merged
//! whole (`merge::merge`), so its id answers 404 like any absorbed entity.
//!
//! Checked at the end of every write for the one-word names it wrote, which
//! meets both orders: a minority written after the majority moves at once, and a
//! majority passing the bar takes the minorities stored before it. Once moved, the
//! mentions count for the survivor, so a vote is not undone by later writes or
//! by deleting articles; multi-word names are never re-kinded.

use std::collections::{HashMap, HashSet};

use sqlx::{Sqlite, Transaction};

use super::{entity_key, json_list, Result};
use crate::annotate::EntityKind;

/// Kinds that vote on a name; the others (dates, amounts) are never names.
const VOTERS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Misc,
];

/// Fewest mentions a winning kind holds: below it a handful of articles decide.
const MIN_MENTIONS: i64 = 10;

/// After a write naming `names`: the automatic rows of each one-word name's
/// outvoted entities moved to its winner. Gives the articles whose entity rows
/// changed, for their counts.
pub(super) async fn settle(
    tx: &mut Transaction<'_, Sqlite>,
    names: &[(EntityKind, &str)],
) -> Result<Vec<i64>> {
    let mut norms: Vec<String> = names
        .iter()
        .filter(|(kind, _)| VOTERS.contains(kind))
        .map(|&(kind, name)| entity_key(kind, name))
        .filter(|norm| !norm.is_empty() && !norm.contains(' '))
        .collect();
    norms.sort_unstable();
    norms.dedup();
    if norms.is_empty() {
        return Ok(Vec::new());
    }
    // One (kind, norm) index look-up per voting kind and name.
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT e.id, e.kind, e.norm, e.mention_count FROM json_each(?) k CROSS JOIN entities e \
         ON e.kind IN ('person', 'organization', 'location', 'misc') AND e.norm = k.value",
    )
    .bind(json_list(&norms)?)
    .fetch_all(&mut **tx)
    .await?;
    let mut by_norm: HashMap<String, Vec<Voter>> = HashMap::new();
    for (id, kind, norm, mentions) in rows {
        if let Some(kind) = EntityKind::parse(&kind) {
            by_norm
                .entry(norm)
                .or_default()
                .push(Voter { id, kind, mentions });
        }
    }
    let mut pairs: Vec<(i64, i64)> = Vec::new();
    for voters in by_norm.values().filter(|v| v.len() > 1) {
        if let Some(won) = winner(voters) {
            pairs.extend(voters.iter().filter(|v| v.id != won).map(|v| (v.id, won)));
        }
    }
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    pairs.sort_unstable();
    let held = holding_manual(tx, &pairs).await?;
    let (partial, whole): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(l, _)| held.contains(l));
    let mut touched = super::merge::merge(tx, &whole).await?;
    touched.extend(super::merge::move_auto(tx, &partial).await?);
    Ok(touched)
}

/// One entity of a name, with its kind and mention count.
#[derive(Debug, Clone, Copy)]
struct Voter {
    id: i64,
    kind: EntityKind,
    mentions: i64,
}

/// The entity whose kind a name's entities all take, if the vote is clear (see
/// the module doc); ties go to the oldest id, so the choice is the same on every run.
fn winner(voters: &[Voter]) -> Option<i64> {
    let total: i64 = voters.iter().map(|v| v.mentions).sum();
    let top = voters
        .iter()
        .max_by_key(|v| (v.mentions, std::cmp::Reverse(v.id)))?;
    let clear = 3 * top.mentions >= 2 * total && top.mentions >= MIN_MENTIONS;
    (clear && top.kind != EntityKind::Person).then_some(top.id)
}

/// The outvoted entities that hold a manual mention or are a manual quote's speaker.
async fn holding_manual(
    tx: &mut Transaction<'_, Sqlite>,
    pairs: &[(i64, i64)],
) -> Result<HashSet<i64>> {
    let losers: Vec<i64> = pairs.iter().map(|p| p.0).collect();
    let held: Vec<i64> = sqlx::query_scalar(
        "SELECT k.value FROM json_each(?) k \
         WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = k.value AND m.origin = 'manual') \
            OR EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_entity_id = k.value AND q.origin = 'manual')",
    )
    .bind(json_list(&losers)?)
    .fetch_all(&mut **tx)
    .await?;
    Ok(held.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::*;

    fn v(id: i64, kind: EntityKind, mentions: i64) -> Voter {
        Voter { id, kind, mentions }
    }

    #[test]
    fn a_clear_majority_of_enough_mentions_wins() {
        // 308 of 441: 70%.
        let labour = [v(1, Person, 111), v(2, Organization, 308), v(3, Misc, 22)];
        assert_eq!(winner(&labour), Some(2));
        assert_eq!(winner(&[v(1, Person, 5), v(2, Location, 10)]), Some(2));
        // Exactly two thirds is enough; just under is not.
        assert_eq!(winner(&[v(1, Person, 10), v(2, Misc, 20)]), Some(2));
        assert_eq!(winner(&[v(1, Person, 11), v(2, Misc, 20)]), None);
        // Too few mentions to decide.
        assert_eq!(winner(&[v(1, Person, 1), v(2, Organization, 9)]), None);
    }

    #[test]
    fn a_one_word_person_never_takes_other_kinds() {
        assert_eq!(winner(&[v(1, Person, 77), v(2, Misc, 5)]), None);
    }
}
