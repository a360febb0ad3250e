//! Writing articles with their annotations: one article, its mentions and quotes,
//! in one transaction, so that nothing is ever half-written.

use std::collections::HashMap;

use sqlx::{Sqlite, Transaction};

use super::{entity_key, normalize_name, Result, Store, StoreError};
use crate::annotate::{self, EntityKind};
use crate::model::{ArticleMeta, Origin};

#[derive(Debug, Clone)]
pub struct NewArticle {
    pub meta: ArticleMeta,
    pub body: String,
}

/// Annotations ready to store, each tagged with who made it.
#[derive(Debug, Clone, Default)]
pub struct Supplied {
    pub quotes: Vec<(annotate::Quote, Origin)>,
    pub entities: Vec<(annotate::Entity, Origin)>,
    /// Engine version when any part was made automatically.
    pub annotator_version: Option<String>,
}

/// A change to an article; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ArticlePatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<String>>,
    pub byline: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub dateline: Option<Option<String>>,
    pub published_at: Option<Option<String>>,
    pub language: Option<Option<String>>,
    /// A new body with its fresh automatic annotations.
    pub body: Option<(String, Supplied)>,
}

pub fn content_hash(body: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn now() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

/// What one transaction has written already, so that a batch of articles naming
/// the same entities does not repeat identical upserts: entity ids by (kind, exact
/// name), and aliases stored. Only skips statements that would change nothing.
#[derive(Default)]
pub(super) struct Seen {
    entities: HashMap<(EntityKind, String), i64>,
    aliases: std::collections::HashSet<(i64, String)>,
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "it", "you",
];

impl Store {
    /// Stores a new article with its annotations; returns its id.
    pub async fn insert_article(&self, article: &NewArticle, ann: &Supplied) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        let id = insert_article_tx(&mut tx, &mut Seen::default(), article, ann).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Stores many articles in one transaction; a duplicate is skipped, not an error.
    /// Returns, per article, its new id or the id of the article it duplicates.
    pub async fn insert_articles(
        &self,
        batch: &[(NewArticle, Supplied)],
    ) -> Result<Vec<std::result::Result<i64, StoreError>>> {
        let mut tx = self.pool.begin().await?;
        let mut seen = Seen::default();
        let mut out = Vec::with_capacity(batch.len());
        for (article, ann) in batch {
            match insert_article_tx(&mut tx, &mut seen, article, ann).await {
                Ok(id) => out.push(Ok(id)),
                Err(e @ (StoreError::DuplicateBody(_) | StoreError::DuplicateUrl(_))) => {
                    out.push(Err(e))
                }
                Err(e) => return Err(e),
            }
        }
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
        let mut tx = self.pool.begin().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
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
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if let Some((body, ann)) = &patch.body {
            let hash = content_hash(body);
            let other: Option<i64> =
                sqlx::query_scalar("SELECT id FROM articles WHERE content_hash = ? AND id != ?")
                    .bind(&hash)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(other) = other {
                return Err(StoreError::DuplicateBody(other));
            }
            let old_body: String = sqlx::query_scalar("SELECT body FROM articles WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE articles SET body = ?, content_hash = ?, annotator_version = ? WHERE id = ?",
            )
            .bind(body)
            .bind(&hash)
            .bind(&ann.annotator_version)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            reanchor_manual(&mut tx, id, &old_body, body).await?;
            replace_auto(&mut tx, id, ann).await?;
        }
        sqlx::query("UPDATE articles SET updated_at = ? WHERE id = ?")
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE quotes SET sort_key = (SELECT sort_key FROM articles WHERE id = ?1) WHERE article_id = ?1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an article's automatic annotations; manual ones stay.
    pub async fn replace_auto_annotations(&self, id: i64, ann: &Supplied) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE articles SET annotator_version = ?, updated_at = ? WHERE id = ?")
            .bind(&ann.annotator_version)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        replace_auto(&mut tx, id, ann).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_article(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM articles WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
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

async fn insert_article_tx(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    article: &NewArticle,
    ann: &Supplied,
) -> Result<i64> {
    let hash = content_hash(&article.body);
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE content_hash = ?")
            .bind(&hash)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(existing) = existing {
        return Err(StoreError::DuplicateBody(existing));
    }
    if let Some(url) = &article.meta.url {
        check_url_free(tx, url, None).await?;
    }
    let now = now();
    let m = &article.meta;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (url, title, byline, source, dateline, published_at, language, body, \
         content_hash, annotator_version, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&m.url)
    .bind(&m.title)
    .bind(&m.byline)
    .bind(&m.source)
    .bind(&m.dateline)
    .bind(&m.published_at)
    .bind(&m.language)
    .bind(&article.body)
    .bind(&hash)
    .bind(&ann.annotator_version)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    let sort_key = m.published_at.as_deref().unwrap_or("");
    write_annotations(tx, seen, id, sort_key, ann, true).await?;
    Ok(id)
}

/// Deletes the automatic annotations of an article and stores the new ones.
pub(super) async fn replace_auto(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    ann: &Supplied,
) -> Result<()> {
    for table in ["mentions", "quotes"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE article_id = ? AND origin = 'auto'"
        ))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    let sort_key: String = sqlx::query_scalar("SELECT sort_key FROM articles WHERE id = ?")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    insert_annotations(tx, id, &sort_key, ann).await
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

/// Maps spans of an old body into a new one, by the unchanged prefix and suffix.
struct Relocator {
    new: Vec<char>,
    old_len: usize,
    prefix: usize,
    suffix: usize,
}

impl Relocator {
    fn new(old: &str, new: &str) -> Relocator {
        let old: Vec<char> = old.chars().collect();
        let new: Vec<char> = new.chars().collect();
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let max_suffix = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        Relocator {
            old_len: old.len(),
            new,
            prefix,
            suffix,
        }
    }

    fn locate(&self, start: usize, end: usize, text: &str) -> Option<usize> {
        let at = if end <= self.prefix {
            Some(start)
        } else if start >= self.old_len - self.suffix {
            (start + self.new.len()).checked_sub(self.old_len)
        } else {
            nearest_occurrence(&self.new, text, start)
        }?;
        let len = end.checked_sub(start)?;
        let fits = self
            .new
            .get(at..at + len)
            .is_some_and(|w| w.iter().copied().eq(text.chars()));
        fits.then_some(at)
    }
}

/// Code-point offset of the occurrence of `needle` in `haystack` closest to `near`.
fn nearest_occurrence(haystack: &[char], needle: &str, near: usize) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(near))
}

/// Inserts mentions and quotes, merging entities across articles by kind and
/// normalized name, and links each quote's speaker to an entity.
/// Normalized names and aliases of the entities an article already mentions.
async fn local_names(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT al.norm, al.entity_id FROM entity_aliases al \
         WHERE al.entity_id IN (SELECT entity_id FROM mentions WHERE article_id = ?)",
    )
    .bind(article_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The entity a speaker name given in a correction stands for.
pub(super) async fn speaker_for_name(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    name: &str,
) -> Result<i64> {
    let mut local = local_names(tx, article_id).await?;
    if let Some(id) = local.get(&normalize_name(name)) {
        return Ok(*id);
    }
    let id = upsert_entity(tx, &mut Seen::default(), EntityKind::Person, name).await?;
    local.insert(normalize_name(name), id);
    Ok(id)
}

pub(super) async fn insert_annotations(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    sort_key: &str,
    ann: &Supplied,
) -> Result<()> {
    write_annotations(tx, &mut Seen::default(), article_id, sort_key, ann, false).await
}

/// `new_article`: the article was just inserted, so it has no annotations yet.
async fn write_annotations(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    article_id: i64,
    sort_key: &str,
    ann: &Supplied,
    new_article: bool,
) -> Result<()> {
    // Normalized names and aliases of this article's entities, for speaker linking.
    let mut local = if new_article {
        HashMap::new()
    } else {
        local_names(tx, article_id).await?
    };
    for (entity, origin) in &ann.entities {
        let entity_id = upsert_entity(tx, seen, entity.kind, &entity.name).await?;
        local.insert(normalize_name(&entity.name), entity_id);
        for mention in &entity.mentions {
            insert_alias(tx, seen, entity_id, &mention.text).await?;
            local
                .entry(normalize_name(&mention.text))
                .or_insert(entity_id);
            sqlx::query(
                "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, origin) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(article_id)
            .bind(entity_id)
            .bind(mention.start as i64)
            .bind(mention.end as i64)
            .bind(&mention.text)
            .bind(origin.as_str())
            .execute(&mut **tx)
            .await?;
        }
    }
    for (quote, origin) in &ann.quotes {
        let speaker_id = match &quote.speaker {
            Some(name) if !normalize_name(name).is_empty() => {
                Some(speaker_entity(tx, seen, &mut local, article_id, name, quote, *origin).await?)
            }
            _ => None,
        };
        let fragments = quote
            .fragments
            .as_ref()
            .map(|f| serde_json::to_string(f).unwrap_or_default());
        let sm = quote.speaker_mention.as_ref();
        let cue = quote.cue.as_ref();
        sqlx::query(
            "INSERT INTO quotes (article_id, kind, start, \"end\", text, fragments, speaker, speaker_entity_id, \
             speaker_start, speaker_end, speaker_text, cue_start, cue_end, cue_text, cue_norm, role, origin, sort_key) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(article_id)
        .bind(quote.kind.as_str())
        .bind(quote.start as i64)
        .bind(quote.end as i64)
        .bind(&quote.text)
        .bind(fragments)
        .bind(&quote.speaker)
        .bind(speaker_id)
        .bind(sm.map(|s| s.start as i64))
        .bind(sm.map(|s| s.end as i64))
        .bind(sm.map(|s| s.text.clone()))
        .bind(cue.map(|s| s.start as i64))
        .bind(cue.map(|s| s.end as i64))
        .bind(cue.map(|s| s.text.clone()))
        .bind(cue.map(|s| s.text.to_lowercase()))
        .bind(&quote.role)
        .bind(origin.as_str())
        .bind(sort_key)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The entity a quote's speaker is: one this article names, or a person (or
/// organization) stored for the purpose, with the speaker mention as its mention.
async fn speaker_entity(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    local: &mut HashMap<String, i64>,
    article_id: i64,
    name: &str,
    quote: &annotate::Quote,
    origin: Origin,
) -> Result<i64> {
    let norm = normalize_name(name);
    if let Some(id) = local.get(&norm) {
        return Ok(*id);
    }
    let id = upsert_entity(tx, seen, EntityKind::Person, name).await?;
    local.insert(norm, id);
    if let Some(sm) = &quote.speaker_mention {
        if !PRONOUNS.contains(&sm.text.to_lowercase().as_str()) {
            insert_alias(tx, seen, id, &sm.text).await?;
            sqlx::query(
                "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, origin) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(article_id)
            .bind(id)
            .bind(sm.start as i64)
            .bind(sm.end as i64)
            .bind(&sm.text)
            .bind(origin.as_str())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(id)
}

/// Finds or creates the entity of this kind and normalized name. A one-word person
/// name ("Torrealba") joins the one person already known by that alias, if exactly one.
async fn upsert_entity(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    kind: EntityKind,
    name: &str,
) -> Result<i64> {
    let norm = normalize_name(name);
    let one_word_person = kind == EntityKind::Person && !norm.contains(' ');
    if !one_word_person {
        if let Some(id) = seen.entities.get(&(kind, name.to_string())) {
            return Ok(*id);
        }
    }
    if one_word_person {
        let owners: Vec<i64> = sqlx::query_scalar(
            "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE a.norm = ? AND e.kind = 'person' AND e.norm != a.norm LIMIT 2",
        )
        .bind(&norm)
        .fetch_all(&mut **tx)
        .await?;
        if let [only] = owners.as_slice() {
            return Ok(*only);
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO entities (kind, name, norm) VALUES (?, ?, ?) \
         ON CONFLICT (kind, norm) DO UPDATE SET name = CASE \
           WHEN length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END \
         RETURNING id",
    )
    .bind(kind.as_str())
    .bind(name)
    .bind(entity_key(kind, name))
    .fetch_one(&mut **tx)
    .await?;
    insert_alias(tx, seen, id, name).await?;
    if kind == EntityKind::Person {
        if let Some(surname) = name.split_whitespace().last().filter(|s| *s != name) {
            insert_alias(tx, seen, id, surname).await?;
        }
    }
    if !one_word_person {
        seen.entities.insert((kind, name.to_string()), id);
    }
    Ok(id)
}

async fn insert_alias(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    entity_id: i64,
    alias: &str,
) -> Result<()> {
    let norm = normalize_name(alias);
    if norm.is_empty() || seen.aliases.contains(&(entity_id, norm.clone())) {
        return Ok(());
    }
    seen.aliases.insert((entity_id, norm.clone()));
    sqlx::query("INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) VALUES (?, ?, ?)")
        .bind(entity_id)
        .bind(alias)
        .bind(norm)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
