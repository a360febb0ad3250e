//! Merging entities: every row naming an absorbed entity moves to its survivor,
//! in the caller's transaction, and the absorbed entity is deleted.

use sqlx::{Sqlite, Transaction};

use super::{json_list, Result};

/// (absorbed, survivor) pairs as a table `p (l, s)` read from the one bound JSON.
const PAIRS: &str = "(SELECT value ->> 0 AS l, value ->> 1 AS s FROM json_each(?))";

/// Merges each pair's first entity into its second; no entity may be both an
/// absorbed one and a survivor. Gives the articles that named an absorbed entity,
/// whose entity counts the caller refreshes.
pub(super) async fn merge(
    tx: &mut Transaction<'_, Sqlite>,
    pairs: &[(i64, i64)],
) -> Result<Vec<i64>> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let json = json_list(pairs)?;
    let articles: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT DISTINCT ae.article_id FROM article_entities ae JOIN {PAIRS} p ON ae.entity_id = p.l"
    ))
    .bind(&json)
    .fetch_all(&mut **tx)
    .await?;
    // Copy then delete: an article, a quote or an alias may name both already.
    let statements = [
        format!(
            "INSERT OR IGNORE INTO article_entities (article_id, entity_id, sort_key) \
             SELECT ae.article_id, p.s, ae.sort_key FROM article_entities ae \
             JOIN {PAIRS} p ON ae.entity_id = p.l"
        ),
        format!("DELETE FROM article_entities WHERE entity_id IN (SELECT l FROM {PAIRS})"),
        format!(
            "UPDATE mentions SET entity_id = p.s FROM {PAIRS} p WHERE mentions.entity_id = p.l"
        ),
        format!(
            "UPDATE quotes SET speaker_entity_id = p.s FROM {PAIRS} p \
             WHERE quotes.speaker_entity_id = p.l"
        ),
        format!(
            "INSERT OR IGNORE INTO quote_entities (entity_id, quote_id) \
             SELECT p.s, qe.quote_id FROM quote_entities qe JOIN {PAIRS} p ON qe.entity_id = p.l"
        ),
        format!("DELETE FROM quote_entities WHERE entity_id IN (SELECT l FROM {PAIRS})"),
        format!(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) \
             SELECT p.s, a.alias, a.norm FROM entity_aliases a JOIN {PAIRS} p ON a.entity_id = p.l"
        ),
        format!("DELETE FROM entity_aliases WHERE entity_id IN (SELECT l FROM {PAIRS})"),
        format!(
            "UPDATE entities SET mention_count = entities.mention_count + c.n \
             FROM (SELECT p.s AS id, sum(e.mention_count) AS n FROM {PAIRS} p \
                   JOIN entities e ON e.id = p.l GROUP BY p.s) c \
             WHERE entities.id = c.id"
        ),
        format!("DELETE FROM entities WHERE id IN (SELECT l FROM {PAIRS})"),
    ];
    for sql in &statements {
        sqlx::query(sql).bind(&json).execute(&mut **tx).await?;
    }
    Ok(articles)
}

/// As `merge`, for absorbed entities that keep what a person wrote: only their
/// automatic mentions and quotes move to the survivor, with every alias (copied);
/// the absorbed entity stays, with its id, its manual rows and its aliases. Gives
/// the articles whose rows moved.
pub(super) async fn move_auto(
    tx: &mut Transaction<'_, Sqlite>,
    pairs: &[(i64, i64)],
) -> Result<Vec<i64>> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let json = json_list(pairs)?;
    let articles: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT m.article_id FROM mentions m JOIN {PAIRS} p ON m.entity_id = p.l \
         WHERE m.origin = 'auto' \
         UNION SELECT q.article_id FROM quotes q JOIN {PAIRS} p ON q.speaker_entity_id = p.l \
         WHERE q.origin = 'auto'"
    ))
    .bind(&json)
    .fetch_all(&mut **tx)
    .await?;
    // Counts and the survivor's article rows first, while the moving mentions
    // still name the absorbed entity.
    let statements = [
        format!(
            "UPDATE entities SET mention_count = entities.mention_count + c.n \
             FROM (SELECT p.s AS id, count(*) AS n FROM {PAIRS} p \
                   JOIN mentions m ON m.entity_id = p.l AND m.origin = 'auto' GROUP BY p.s) c \
             WHERE entities.id = c.id"
        ),
        format!(
            "UPDATE entities SET mention_count = entities.mention_count - c.n \
             FROM (SELECT p.l AS id, count(*) AS n FROM {PAIRS} p \
                   JOIN mentions m ON m.entity_id = p.l AND m.origin = 'auto' GROUP BY p.l) c \
             WHERE entities.id = c.id"
        ),
        format!(
            "INSERT OR IGNORE INTO article_entities (article_id, entity_id, sort_key) \
             SELECT DISTINCT ae.article_id, p.s, ae.sort_key FROM {PAIRS} p \
             JOIN article_entities ae ON ae.entity_id = p.l \
             WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = p.l \
                           AND m.article_id = ae.article_id AND m.origin = 'auto')"
        ),
        format!(
            "UPDATE mentions SET entity_id = p.s FROM {PAIRS} p \
             WHERE mentions.entity_id = p.l AND mentions.origin = 'auto'"
        ),
        format!(
            "UPDATE quotes SET speaker_entity_id = p.s FROM {PAIRS} p \
             WHERE quotes.speaker_entity_id = p.l AND quotes.origin = 'auto'"
        ),
        format!(
            "DELETE FROM article_entities WHERE entity_id IN (SELECT l FROM {PAIRS}) \
             AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = article_entities.entity_id \
                             AND m.article_id = article_entities.article_id)"
        ),
        format!(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) \
             SELECT p.s, a.alias, a.norm FROM entity_aliases a JOIN {PAIRS} p ON a.entity_id = p.l"
        ),
    ];
    for sql in &statements {
        sqlx::query(sql).bind(&json).execute(&mut **tx).await?;
    }
    // Which entities each quote is about follows its article's mentions.
    super::annotations::refresh_quote_entities(tx, &articles, super::annotations::Prior::Some)
        .await?;
    Ok(articles)
}
