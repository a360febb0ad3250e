//! Writing articles with their annotations: one article, its mentions and quotes,
//! in one transaction, so that nothing is ever half-written.

use std::collections::HashMap;

use sqlx::{Sqlite, Transaction};

use super::annotations::{self, Prior, Target};
use super::{json_list, Result, Store, StoreError};
use crate::model::{ArticlePatch, NewArticle, Supplied};
use crate::relocate::Relocator;

pub fn content_hash(body: &str) -> String {
    use sha2::{Digest, Sha256};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(body.as_bytes());
    let mut hex = String::with_capacity(2 * digest.len());
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

pub(super) fn now() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

impl Store {
    /// Stores a new article with its annotations; returns its id.
    pub async fn insert_article(&self, article: &NewArticle, ann: &Supplied) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let id = insert_row(&mut tx, article, ann).await?;
        finish(&mut tx, &[new_target(id, article, ann)]).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Stores many articles in one transaction; a duplicate is skipped, not an error.
    /// Returns, per article, its new id or the id of the article it duplicates.
    pub async fn insert_articles(
        &self,
        batch: &[(NewArticle, Supplied)],
    ) -> Result<Vec<std::result::Result<i64, StoreError>>> {
        let mut tx = self.write_tx().await?;
        let mut stored = Vec::new();
        let mut out = Vec::with_capacity(batch.len());
        for (article, ann) in batch {
            match insert_row(&mut tx, article, ann).await {
                Ok(id) => {
                    stored.push(new_target(id, article, ann));
                    out.push(Ok(id))
                }
                Err(e @ (StoreError::DuplicateBody(_) | StoreError::DuplicateUrl(_))) => {
                    out.push(Err(e))
                }
                Err(e) => return Err(e),
            }
        }
        finish(&mut tx, &stored).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Which of these content hashes are stored already, with the article holding each.
    pub async fn existing_hashes(&self, hashes: &[String]) -> Result<HashMap<String, i64>> {
        let mut out = HashMap::new();
        for chunk in hashes.chunks(500) {
            let mut qb: sqlx::QueryBuilder<Sqlite> = sqlx::QueryBuilder::new(
                "SELECT content_hash, id FROM articles WHERE content_hash IN (",
            );
            let mut sep = qb.separated(", ");
            for h in chunk {
                sep.push_bind(h.clone());
            }
            sep.push_unseparated(")");
            let found: Vec<(String, i64)> = qb.build_query_as().fetch_all(&self.pool).await?;
            out.extend(found);
        }
        Ok(out)
    }

    pub async fn content_hash_exists(&self, hash: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM articles WHERE content_hash = ?")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Applies a change to an article. A new body replaces the automatic annotations
    /// and re-anchors manual ones (see `reanchor_manual`).
    pub async fn update_article(&self, id: i64, patch: &ArticlePatch) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let fields: [(&str, &Option<Option<String>>); 7] = [
            ("title", &patch.title),
            ("url", &patch.url),
            ("byline", &patch.byline),
            ("source", &patch.source),
            ("dateline", &patch.dateline),
            ("published_at", &patch.published_at),
            ("language", &patch.language),
        ];
        for (column, value) in fields {
            if let Some(value) = value {
                if column == "url" {
                    if let Some(url) = value {
                        check_url_free(&mut tx, url, Some(id)).await?;
                    }
                }
                // Column names come from the fixed list above, never from input.
                sqlx::query(&format!("UPDATE articles SET {column} = ? WHERE id = ?"))
                    .bind(value)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        if let Some((body, ann)) = &patch.body {
            let hash = content_hash(body);
            let other: Option<i64> =
                sqlx::query_scalar("SELECT id FROM articles WHERE content_hash = ? AND id != ?")
                    .bind(&hash)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if let Some(other) = other {
                return Err(StoreError::DuplicateBody(other));
            }
            let old_body: String = sqlx::query_scalar("SELECT body FROM articles WHERE id = ?")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
            sqlx::query(
                "UPDATE articles SET body = ?, content_hash = ?, annotator_version = ? WHERE id = ?",
            )
            .bind(body)
            .bind(&hash)
            .bind(&ann.annotator_version)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            reanchor_manual(&mut tx, id, &old_body, body).await?;
            replace_auto(&mut tx, &[(id, ann)]).await?;
        }
        sqlx::query("UPDATE articles SET updated_at = ? WHERE id = ?")
            .bind(now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "UPDATE quotes SET sort_key = (SELECT sort_key FROM articles WHERE id = ?1) WHERE article_id = ?1",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_article(&self, id: i64) -> Result<()> {
        // In a write transaction like every other write: it counts as a change
        // of the corpus (`version`) and waits its turn with the other writers.
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("DELETE FROM articles WHERE id = ?")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn check_url_free(
    tx: &mut Transaction<'_, Sqlite>,
    url: &str,
    except: Option<i64>,
) -> Result<()> {
    let other: Option<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE url = ? AND id != ?")
            .bind(url)
            .bind(except.unwrap_or(-1))
            .fetch_optional(&mut **tx)
            .await?;
    match other {
        Some(other) => Err(StoreError::DuplicateUrl(other)),
        None => Ok(()),
    }
}

fn new_target<'a>(id: i64, article: &'a NewArticle, ann: &'a Supplied) -> Target<'a> {
    Target {
        article_id: id,
        sort_key: article.meta.published_at.as_deref().unwrap_or(""),
        ann,
    }
}

/// Writes the annotations of a transaction's new articles, all together, then
/// the articles' own full-text entries.
async fn finish(tx: &mut Transaction<'_, Sqlite>, articles: &[Target<'_>]) -> Result<()> {
    annotations::write(tx, articles, Prior::None).await?;
    let ids: Vec<i64> = articles.iter().map(|t| t.article_id).collect();
    super::fts::index_articles(tx, &ids).await?;
    Ok(())
}

/// Inserts the article's row; a duplicate body or url is an error naming the
/// stored article.
async fn insert_row(
    tx: &mut Transaction<'_, Sqlite>,
    article: &NewArticle,
    ann: &Supplied,
) -> Result<i64> {
    let hash = &article.content_hash;
    let now = now();
    let m = &article.meta;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO articles (url, title, byline, source, dateline, published_at, language, body, \
         content_hash, annotator_version, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&m.url)
    .bind(&m.title)
    .bind(&m.byline)
    .bind(&m.source)
    .bind(&m.dateline)
    .bind(&m.published_at)
    .bind(&m.language)
    .bind(&article.body)
    .bind(hash)
    .bind(&ann.annotator_version)
    .bind(&now)
    .bind(&now)
    .fetch_optional(&mut **tx)
    .await?;
    // A conflict is rare (imports skip stored hashes first): only then say which.
    match id {
        Some(id) => Ok(id),
        None => Err(duplicate_of(tx, hash, m.url.as_deref()).await),
    }
}

/// The stored article a new one collides with, by body or by url.
async fn duplicate_of(
    tx: &mut Transaction<'_, Sqlite>,
    hash: &str,
    url: Option<&str>,
) -> StoreError {
    let by_body: std::result::Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("SELECT id FROM articles WHERE content_hash = ?")
            .bind(hash)
            .fetch_optional(&mut **tx)
            .await;
    match by_body {
        Ok(Some(id)) => return StoreError::DuplicateBody(id),
        Ok(None) => {}
        Err(e) => return e.into(),
    }
    match check_url_free(tx, url.unwrap_or_default(), None).await {
        Err(e) => e,
        Ok(()) => StoreError::Internal("article insert conflicted on neither body nor url".into()),
    }
}

/// Deletes the automatic annotations of these articles (each listed once) and
/// stores the new ones, all together.
pub(super) async fn replace_auto(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[(i64, &Supplied)],
) -> Result<()> {
    let ids: Vec<i64> = items.iter().map(|(id, _)| *id).collect();
    let ids = json_list(&ids)?;
    for table in ["mentions", "quotes"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE origin = 'auto' \
             AND article_id IN (SELECT value FROM json_each(?))"
        ))
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    }
    let sort_keys: HashMap<i64, String> = sqlx::query_as(
        "SELECT id, sort_key FROM articles WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let targets = items
        .iter()
        .map(|&(id, ann)| {
            let sort_key = sort_keys.get(&id).ok_or(StoreError::NotFound)?;
            Ok(Target {
                article_id: id,
                sort_key,
                ann,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    annotations::write(tx, &targets, Prior::Some).await
}

/// After a body edit, moves each manual annotation with the text around it: spans
/// before the edited region stay, spans after it shift, and spans inside it move to
/// the nearest occurrence of their text (or are dropped when it is gone). Two
/// annotations never land on the same spot.
async fn reanchor_manual(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    old_body: &str,
    new_body: &str,
) -> Result<()> {
    let relocate = Relocator::new(old_body, new_body);
    let mut taken = std::collections::HashSet::new();
    let quotes: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, start, \"end\", text FROM quotes WHERE article_id = ? AND origin = 'manual' ORDER BY start",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for (qid, start, end, text) in quotes {
        match relocate
            .locate(start as usize, end as usize, &text)
            .filter(|at| taken.insert(("q", 0, *at)))
        {
            Some(at) => {
                let shift = at as i64 - start;
                sqlx::query(
                    "UPDATE quotes SET start = start + ?1, \"end\" = \"end\" + ?1, fragments = NULL WHERE id = ?2",
                )
                .bind(shift)
                .bind(qid)
                .execute(&mut **tx)
                .await?;
                type Spans = (
                    Option<i64>,
                    Option<i64>,
                    Option<String>,
                    Option<i64>,
                    Option<i64>,
                    Option<String>,
                );
                let spans: Spans = sqlx::query_as(
                    "SELECT speaker_start, speaker_end, speaker_text, cue_start, cue_end, cue_text FROM quotes WHERE id = ?",
                )
                .bind(qid)
                .fetch_one(&mut **tx)
                .await?;
                let moved = |s: Option<i64>, e: Option<i64>, t: Option<String>| match (s, e, t) {
                    (Some(s), Some(e), Some(t)) => relocate
                        .locate(s as usize, e as usize, &t)
                        .map(|at| (at as i64, at as i64 + (e - s))),
                    _ => None,
                };
                let speaker = moved(spans.0, spans.1, spans.2);
                let cue = moved(spans.3, spans.4, spans.5);
                sqlx::query(
                    "UPDATE quotes SET speaker_start = ?, speaker_end = ?, \
                     speaker_text = CASE WHEN ? IS NULL THEN NULL ELSE speaker_text END, \
                     cue_start = ?, cue_end = ?, cue_text = CASE WHEN ? IS NULL THEN NULL ELSE cue_text END, \
                     cue_norm = CASE WHEN ? IS NULL THEN NULL ELSE cue_norm END WHERE id = ?",
                )
                .bind(speaker.map(|s| s.0))
                .bind(speaker.map(|s| s.1))
                .bind(speaker.map(|s| s.0))
                .bind(cue.map(|s| s.0))
                .bind(cue.map(|s| s.1))
                .bind(cue.map(|s| s.0))
                .bind(cue.map(|s| s.0))
                .bind(qid)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM quotes WHERE id = ?")
                    .bind(qid)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    let mentions: Vec<(i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, entity_id, start, \"end\", text FROM mentions WHERE article_id = ? AND origin = 'manual' ORDER BY start",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for (mid, entity, start, end, text) in mentions {
        match relocate
            .locate(start as usize, end as usize, &text)
            .filter(|at| taken.insert(("m", entity, *at)))
        {
            Some(at) => {
                sqlx::query("UPDATE mentions SET start = ?, \"end\" = ? WHERE id = ?")
                    .bind(at as i64)
                    .bind(at as i64 + (end - start))
                    .bind(mid)
                    .execute(&mut **tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM mentions WHERE id = ?")
                    .bind(mid)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    Ok(())
}
