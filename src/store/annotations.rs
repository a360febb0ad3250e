//! Storing an article's annotations: entities merged across articles by kind and
//! normalized name, their aliases, every mention, and the quotes with their
//! speakers linked to entities.
//!
//! Rows go in as multi-row INSERTs (see `chunks` and `Pending`), so a batch of
//! articles costs few statements whatever its size: each statement is a round
//! trip to the database thread, and per-row statements made that trip the bulk of
//! an import.

use std::collections::{HashMap, HashSet};

use sqlx::{QueryBuilder, Sqlite, Transaction};

use super::{entity_key, identity, json_list, kinds, normalize_name, Result, StoreError};
use crate::annotate::{self, EntityKind};
use crate::model::Origin;
use crate::model::Supplied;

/// What one write has resolved and queued already, so that articles naming the
/// same entities do not repeat identical upserts and alias rows: entity ids by
/// (kind, exact name), and aliases. Only skips work that would change nothing.
#[derive(Default)]
struct Seen {
    entities: HashMap<(EntityKind, String), i64>,
    aliases: HashSet<(i64, String)>,
}

/// Speaker mentions that name nobody by themselves: never stored as an alias.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "it", "you",
];

struct AliasRow {
    entity: i64,
    alias: String,
    norm: String,
}

struct MentionRow<'a> {
    article: i64,
    sort_key: &'a str,
    entity: i64,
    start: usize,
    end: usize,
    text: &'a str,
    origin: &'static str,
}

struct QuoteRow<'a> {
    article: i64,
    sort_key: &'a str,
    kind: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
    fragments: Option<String>,
    speaker: Option<&'a str>,
    speaker_entity: Option<i64>,
    speaker_start: Option<usize>,
    speaker_end: Option<usize>,
    speaker_text: Option<&'a str>,
    cue_start: Option<usize>,
    cue_end: Option<usize>,
    cue_text: Option<&'a str>,
    cue_norm: Option<String>,
    role: Option<&'a str>,
    origin: &'static str,
}

/// Aliases waiting for their statement; `Seen` drops the ones already stored.
#[derive(Default)]
struct Aliases(Vec<AliasRow>);

impl Aliases {
    fn add(&mut self, seen: &mut Seen, entity: i64, alias: &str) {
        self.add_normalized(seen, entity, alias, normalize_name(alias));
    }

    /// As `add`, with `norm` = `normalize_name(alias)` made by the caller.
    fn add_normalized(&mut self, seen: &mut Seen, entity: i64, alias: &str, norm: String) {
        if norm.is_empty() || !seen.aliases.insert((entity, norm.clone())) {
            return;
        }
        self.0.push(AliasRow {
            entity,
            alias: alias.to_string(),
            norm,
        });
    }

    /// The names an entity is found by: its own, and a person's surname.
    fn add_names(&mut self, seen: &mut Seen, entity: i64, kind: EntityKind, name: &str) {
        self.add(seen, entity, name);
        if kind == EntityKind::Person {
            if let Some(surname) = name.split_whitespace().last().filter(|s| *s != name) {
                self.add(seen, entity, surname);
            }
        }
    }

    async fn flush(&mut self, tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let rows: Vec<(i64, &str, &str)> = self
            .0
            .iter()
            .map(|r| (r.entity, r.alias.as_str(), r.norm.as_str()))
            .collect();
        sqlx::query(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) \
             SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)",
        )
        .bind(json_list(&rows)?)
        .execute(&mut **tx)
        .await?;
        self.0.clear();
        Ok(())
    }
}

/// Row counts per statement: n rows go in as n's binary decomposition
/// (35 = 32 + 2 + 1), so statement texts repeat and stay prepared in the
/// connection's cache, and no statement nears SQLite's limit on bound values.
const CHUNKS: [usize; 7] = [64, 32, 16, 8, 4, 2, 1];

fn chunks<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        let size = CHUNKS.into_iter().find(|&c| c <= rest.len())?;
        let (head, tail) = rest.split_at(size);
        rest = tail;
        Some(head)
    })
}

/// Normalized names and aliases of the entities each article already mentions.
async fn local_names(
    tx: &mut Transaction<'_, Sqlite>,
    article_ids: &[i64],
) -> Result<HashMap<i64, HashMap<String, i64>>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT m.article_id, al.norm, al.entity_id \
         FROM (SELECT DISTINCT article_id, entity_id FROM mentions \
               WHERE article_id IN (SELECT value FROM json_each(?))) m \
         JOIN entity_aliases al ON al.entity_id = m.entity_id",
    )
    .bind(json_list(article_ids)?)
    .fetch_all(&mut **tx)
    .await?;
    let mut out: HashMap<i64, HashMap<String, i64>> = HashMap::new();
    for (article, norm, entity) in rows {
        out.entry(article).or_default().insert(norm, entity);
    }
    Ok(out)
}

/// The entity a speaker name given in a correction stands for.
pub(super) async fn speaker_for_name(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    name: &str,
) -> Result<i64> {
    let local = local_names(tx, &[article_id]).await?;
    if let Some(id) = local
        .get(&article_id)
        .and_then(|l| l.get(&normalize_name(name)))
    {
        return Ok(*id);
    }
    let mut seen = Seen::default();
    let mut aliases = Aliases::default();
    let ids = resolve_entities(tx, &mut seen, &mut aliases, &[(EntityKind::Person, name)]).await?;
    aliases.flush(tx).await?;
    ids.first().copied().ok_or_else(|| {
        StoreError::Internal("a speaker entity was written but no id came back".into())
    })
}

/// Whether the articles written to may hold annotations already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prior {
    /// Just inserted: no names of their own to meet.
    None,
    /// Stored before (a re-annotation, a manual quote): their names are read first,
    /// so that a new mention meets the entity the article already names.
    Some,
}

/// The one way annotations reach the database: mention, alias and quote rows
/// for all the articles at once, the new quotes' full-text entries, then each
/// article's counts. Every write path goes through here, so none can leave the
/// index or the counts behind.
pub(super) async fn write(
    tx: &mut Transaction<'_, Sqlite>,
    articles: &[Target<'_>],
    prior: Prior,
) -> Result<()> {
    let ids: Vec<i64> = articles.iter().map(|t| t.article_id).collect();
    let locals = match prior {
        Prior::None => articles.iter().map(|_| HashMap::new()).collect(),
        Prior::Some => {
            let mut known = local_names(tx, &ids).await?;
            articles
                .iter()
                .map(|t| known.remove(&t.article_id).unwrap_or_default())
                .collect()
        }
    };
    let mut pending = Pending::default();
    write_annotations(tx, &mut pending, articles, locals).await?;
    if prior == Prior::Some {
        drop_repeated_auto(tx, &ids, &mut pending).await?;
    }
    let quotes = pending.write(tx).await?;
    super::fts::index_quotes(tx, &quotes).await?;
    refresh_quote_entities(tx, &ids, prior).await?;
    // Short forms these names settle merge now, with every row of this write in.
    let names: Vec<(EntityKind, &str)> = articles
        .iter()
        .flat_map(|t| t.ann.entities.iter())
        .map(|(e, _)| (e.kind, e.name.as_str()))
        .chain(
            articles
                .iter()
                .flat_map(|t| t.ann.quotes.iter())
                .filter_map(|(q, _)| q.speaker.as_deref().map(|name| (EntityKind::Person, name))),
        )
        .collect();
    let mut touched = identity::absorb(tx, &names).await?;
    // Then one kind per one-word name, over the entities identity left.
    touched.extend(kinds::settle(tx, &names).await?);
    touched.extend(&ids);
    touched.sort_unstable();
    touched.dedup();
    refresh_counts(tx, &touched).await
}

/// An automatic mention or quote never repeats a manual one the article holds
/// at the same place (kept through a body edit): the engine agreeing
/// with a person's annotation is no second annotation for a viewer to highlight.
async fn drop_repeated_auto(
    tx: &mut Transaction<'_, Sqlite>,
    ids: &[i64],
    pending: &mut Pending<'_>,
) -> Result<()> {
    let list = json_list(ids)?;
    let mentions: HashSet<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT article_id, entity_id, start, \"end\" FROM mentions \
         WHERE origin = 'manual' AND article_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&list)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let quotes: HashSet<(i64, i64, i64)> = sqlx::query_as(
        "SELECT article_id, start, \"end\" FROM quotes \
         WHERE origin = 'manual' AND article_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&list)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let auto = Origin::Auto.as_str();
    pending.mentions.retain(|m| {
        m.origin != auto || !mentions.contains(&(m.article, m.entity, m.start as i64, m.end as i64))
    });
    pending.quotes.retain(|q| {
        q.origin != auto || !quotes.contains(&(q.article, q.start as i64, q.end as i64))
    });
    Ok(())
}

/// Makes again the rows of `quote_entities` (migration 0007) of these articles'
/// quotes from their mentions: an entity is quoted about when one of its mentions
/// lies within a quote's span, other than the quote's own speaker mention. With
/// `Prior::Some`, the articles' old rows go first (their mentions or quotes may
/// have changed).
pub(super) async fn refresh_quote_entities(
    tx: &mut Transaction<'_, Sqlite>,
    ids: &[i64],
    prior: Prior,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = json_list(ids)?;
    if prior == Prior::Some {
        sqlx::query(
            "DELETE FROM quote_entities WHERE quote_id IN \
             (SELECT q.id FROM quotes q WHERE q.article_id IN (SELECT value FROM json_each(?)))",
        )
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT OR IGNORE INTO quote_entities (entity_id, quote_id) \
         SELECT m.entity_id, q.id FROM quotes q \
         JOIN mentions m ON m.article_id = q.article_id \
         WHERE q.article_id IN (SELECT value FROM json_each(?)) \
           AND m.start >= q.start AND m.\"end\" <= q.\"end\" \
           AND NOT (m.start IS q.speaker_start AND m.\"end\" IS q.speaker_end)",
    )
    .bind(&ids)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Recounts the quotes and entities of these articles into their rows (migration
/// 0005). Called by every transaction that changes an article's quotes or mentions,
/// once for all its articles.
pub(super) async fn refresh_counts(tx: &mut Transaction<'_, Sqlite>, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE articles SET \
         quote_count = (SELECT count(*) FROM quotes q WHERE q.article_id = articles.id), \
         entity_count = (SELECT count(*) FROM article_entities ae WHERE ae.article_id = articles.id) \
         WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(json_list(ids)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An article whose annotations are to be written.
pub(super) struct Target<'a> {
    pub article_id: i64,
    pub sort_key: &'a str,
    pub ann: &'a Supplied,
}

/// Mention, alias and quote rows waiting to be written, at most 64 to a statement.
/// With entities resolved for all the articles at once, a batch of articles costs
/// a few statements beyond one article insert each.
#[derive(Default)]
struct Pending<'a> {
    aliases: Aliases,
    mentions: Vec<MentionRow<'a>>,
    quotes: Vec<QuoteRow<'a>>,
}

impl Pending<'_> {
    /// Writes every waiting row; gives the new quotes' ids, for the full-text index.
    async fn write(&mut self, tx: &mut Transaction<'_, Sqlite>) -> Result<Vec<i64>> {
        self.aliases.flush(tx).await?;
        for rows in chunks(&self.mentions) {
            let mut qb = QueryBuilder::new(
                "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, origin) ",
            );
            qb.push_values(rows, |mut b, m| {
                b.push_bind(m.article)
                    .push_bind(m.entity)
                    .push_bind(m.start as i64)
                    .push_bind(m.end as i64)
                    .push_bind(m.text)
                    .push_bind(m.origin);
            });
            qb.build().execute(&mut **tx).await?;
        }
        add_article_entities(tx, &self.mentions).await?;
        add_mention_counts(tx, &self.mentions).await?;
        let mut quote_ids = Vec::with_capacity(self.quotes.len());
        for rows in chunks(&self.quotes) {
            let mut qb = QueryBuilder::new(
                "INSERT INTO quotes (article_id, kind, start, \"end\", text, fragments, speaker, \
                 speaker_entity_id, speaker_start, speaker_end, speaker_text, cue_start, cue_end, \
                 cue_text, cue_norm, role, origin, sort_key) ",
            );
            qb.push_values(rows, |mut b, q| {
                b.push_bind(q.article)
                    .push_bind(q.kind)
                    .push_bind(q.start as i64)
                    .push_bind(q.end as i64)
                    .push_bind(q.text)
                    .push_bind(q.fragments.as_deref())
                    .push_bind(q.speaker)
                    .push_bind(q.speaker_entity)
                    .push_bind(q.speaker_start.map(|v| v as i64))
                    .push_bind(q.speaker_end.map(|v| v as i64))
                    .push_bind(q.speaker_text)
                    .push_bind(q.cue_start.map(|v| v as i64))
                    .push_bind(q.cue_end.map(|v| v as i64))
                    .push_bind(q.cue_text)
                    .push_bind(q.cue_norm.as_deref())
                    .push_bind(q.role)
                    .push_bind(q.origin)
                    .push_bind(q.sort_key);
            });
            qb.push(" RETURNING id");
            quote_ids.extend(qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?);
        }
        self.mentions.clear();
        self.quotes.clear();
        Ok(quote_ids)
    }
}

/// Records which entities the new mentions' articles name (migration 0006).
async fn add_article_entities(
    tx: &mut Transaction<'_, Sqlite>,
    mentions: &[MentionRow<'_>],
) -> Result<()> {
    let mut seen = HashSet::new();
    let rows: Vec<&MentionRow> = mentions
        .iter()
        .filter(|m| seen.insert((m.article, m.entity)))
        .collect();
    for rows in chunks(&rows) {
        let mut qb = QueryBuilder::new(
            "INSERT OR IGNORE INTO article_entities (article_id, entity_id, sort_key) ",
        );
        qb.push_values(rows, |mut b, m| {
            b.push_bind(m.article)
                .push_bind(m.entity)
                .push_bind(m.sort_key);
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Adds new mentions to their entities' counts: one row update per entity, not
/// per mention (migration 0004).
async fn add_mention_counts(
    tx: &mut Transaction<'_, Sqlite>,
    mentions: &[MentionRow<'_>],
) -> Result<()> {
    let mut counts: HashMap<i64, i64> = HashMap::new();
    for m in mentions {
        *counts.entry(m.entity).or_default() += 1;
    }
    let mut counts: Vec<(i64, i64)> = counts.into_iter().collect();
    counts.sort_unstable();
    for rows in chunks(&counts) {
        let mut qb = QueryBuilder::new(
            "UPDATE entities SET mention_count = mention_count + c.n \
             FROM (SELECT column1 AS id, column2 AS n FROM (",
        );
        qb.push_values(rows, |mut b, (id, n)| {
            b.push_bind(*id).push_bind(*n);
        });
        qb.push(")) AS c WHERE entities.id = c.id");
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Resolves the entities of all `articles` together (a few statements, not a few
/// per article), then queues their mention, alias and quote rows. `locals[i]`:
/// normalized names and aliases of article i's entities, by which a quote's
/// speaker is linked to an entity the article names.
async fn write_annotations<'a>(
    tx: &mut Transaction<'_, Sqlite>,
    pending: &mut Pending<'a>,
    articles: &[Target<'a>],
    mut locals: Vec<HashMap<String, i64>>,
) -> Result<()> {
    let mut seen = Seen::default();
    let aliases = &mut pending.aliases;
    let mentions = &mut pending.mentions;
    let names: Vec<(EntityKind, &str)> = articles
        .iter()
        .flat_map(|t| t.ann.entities.iter())
        .map(|(e, _)| (e.kind, e.name.as_str()))
        .collect();
    let mut ids = resolve_entities(tx, &mut seen, aliases, &names)
        .await?
        .into_iter();
    // Speakers an article does not name as an entity become people of their own,
    // with the quote's speaker mention as their mention: (article, quote) of each.
    let mut unknown: Vec<(usize, usize)> = Vec::new();
    let mut speaker_norms: Vec<Vec<Option<String>>> = Vec::with_capacity(articles.len());
    for (a, (t, local)) in articles.iter().zip(&mut locals).enumerate() {
        for (entity, origin) in &t.ann.entities {
            let entity_id = ids.next().ok_or_else(|| {
                StoreError::Internal("fewer entity ids resolved than entities".into())
            })?;
            local.insert(normalize_name(&entity.name), entity_id);
            for mention in &entity.mentions {
                let norm = normalize_name(&mention.text);
                // A resolved "he" is the person's mention, not another name of them.
                if !PRONOUNS.contains(&norm.as_str()) {
                    local.entry(norm.clone()).or_insert(entity_id);
                    aliases.add_normalized(&mut seen, entity_id, &mention.text, norm);
                }
                mentions.push(MentionRow {
                    article: t.article_id,
                    sort_key: t.sort_key,
                    entity: entity_id,
                    start: mention.start,
                    end: mention.end,
                    text: &mention.text,
                    origin: origin.as_str(),
                });
            }
        }
        let norms: Vec<Option<String>> = t
            .ann
            .quotes
            .iter()
            .map(|(q, _)| q.speaker.as_deref().map(normalize_name))
            .map(|n| n.filter(|n| !n.is_empty()))
            .collect();
        let mut queued: HashSet<&str> = HashSet::new();
        for (q, norm) in norms.iter().enumerate() {
            if let Some(norm) = norm {
                if !local.contains_key(norm) && queued.insert(norm) {
                    unknown.push((a, q));
                }
            }
        }
        speaker_norms.push(norms);
    }
    let unknown_names: Vec<(EntityKind, &str)> = unknown
        .iter()
        .filter_map(|&(a, q)| articles[a].ann.quotes[q].0.speaker.as_deref())
        .map(|name| (EntityKind::Person, name))
        .collect();
    let unknown_ids = resolve_entities(tx, &mut seen, aliases, &unknown_names).await?;
    for (&(a, q), &entity_id) in unknown.iter().zip(&unknown_ids) {
        let t = &articles[a];
        let (quote, origin) = &t.ann.quotes[q];
        if let Some(norm) = &speaker_norms[a][q] {
            locals[a].insert(norm.clone(), entity_id);
        }
        let Some(sm) = &quote.speaker_mention else {
            continue;
        };
        if PRONOUNS.contains(&sm.text.to_lowercase().as_str()) {
            continue;
        }
        aliases.add(&mut seen, entity_id, &sm.text);
        mentions.push(MentionRow {
            article: t.article_id,
            sort_key: t.sort_key,
            entity: entity_id,
            start: sm.start,
            end: sm.end,
            text: &sm.text,
            origin: origin.as_str(),
        });
    }
    for ((t, local), norms) in articles.iter().zip(&locals).zip(&speaker_norms) {
        pending.quotes.extend(
            t.ann
                .quotes
                .iter()
                .zip(norms)
                .map(|((quote, origin), norm)| {
                    let speaker_entity = norm.as_ref().and_then(|n| local.get(n).copied());
                    quote_row(t.article_id, t.sort_key, quote, *origin, speaker_entity)
                }),
        );
    }
    Ok(())
}

fn quote_row<'a>(
    article: i64,
    sort_key: &'a str,
    quote: &'a annotate::Quote,
    origin: Origin,
    speaker_entity: Option<i64>,
) -> QuoteRow<'a> {
    let sm = quote.speaker_mention.as_ref();
    let cue = quote.cue.as_ref();
    QuoteRow {
        article,
        sort_key,
        kind: quote.kind.as_str(),
        start: quote.start,
        end: quote.end,
        text: &quote.text,
        fragments: quote
            .fragments
            .as_ref()
            .map(|f| serde_json::to_string(f).unwrap_or_default()),
        speaker: quote.speaker.as_deref(),
        speaker_entity,
        speaker_start: sm.map(|s| s.start),
        speaker_end: sm.map(|s| s.end),
        speaker_text: sm.map(|s| s.text.as_str()),
        cue_start: cue.map(|s| s.start),
        cue_end: cue.map(|s| s.end),
        cue_text: cue.map(|s| s.text.as_str()),
        cue_norm: cue.map(|s| s.text.to_lowercase()),
        role: quote.role.as_deref(),
        origin: origin.as_str(),
    }
}

/// Finds or creates the entity of each (kind, name), merging by kind and
/// normalized name; returns their ids in the same order and queues their aliases.
/// A short form ("Torrealba", "NATO") joins the fuller entity it stands for, if
/// the corpus holds one (`identity::owners`) — looked up after all the fuller
/// names in `names` are stored, so a short form meets its full name however the
/// entities (or, in an import batch, the articles) are ordered.
async fn resolve_entities(
    tx: &mut Transaction<'_, Sqlite>,
    seen: &mut Seen,
    aliases: &mut Aliases,
    names: &[(EntityKind, &str)],
) -> Result<Vec<i64>> {
    let mut ids: Vec<Option<i64>> = vec![None; names.len()];
    let mut full = Vec::new();
    let mut one_word = Vec::new();
    // A batch names "London" many times: each name goes to SQLite once.
    let mut first: HashMap<(EntityKind, &str), usize> = HashMap::new();
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for (i, &(kind, name)) in names.iter().enumerate() {
        if let Some(&f) = first.get(&(kind, name)) {
            repeats.push((i, f));
            continue;
        }
        first.insert((kind, name), i);
        if identity::is_short(kind, name) {
            one_word.push(i);
        } else if let Some(id) = seen.entities.get(&(kind, name.to_string())) {
            ids[i] = Some(*id);
        } else {
            full.push(i);
        }
    }
    for (i, id) in upsert(tx, names, &full).await? {
        let (kind, name) = names[i];
        seen.entities.insert((kind, name.to_string()), id);
        aliases.add_names(seen, id, kind, name);
        ids[i] = Some(id);
    }
    if !one_word.is_empty() {
        aliases.flush(tx).await?;
        let shorts: Vec<(EntityKind, &str)> = one_word.iter().map(|&i| names[i]).collect();
        let owners = identity::owners(tx, &shorts).await?;
        let mut create = Vec::new();
        for &i in &one_word {
            let (kind, name) = names[i];
            match owners.get(&(kind, entity_key(kind, name))) {
                Some(&id) => ids[i] = Some(id),
                None => create.push(i),
            }
        }
        for (i, id) in upsert(tx, names, &create).await? {
            let (kind, name) = names[i];
            aliases.add_names(seen, id, kind, name);
            ids[i] = Some(id);
        }
    }
    for (i, f) in repeats {
        ids[i] = ids[f];
    }
    ids.into_iter()
        .map(|id| id.ok_or_else(|| StoreError::Internal("an entity was left unresolved".into())))
        .collect()
}

/// Inserts or updates the entities `which` of `names` (keeping the longest name
/// seen) in one statement; gives (index in `names`, id).
async fn upsert(
    tx: &mut Transaction<'_, Sqlite>,
    names: &[(EntityKind, &str)],
    which: &[usize],
) -> Result<Vec<(usize, i64)>> {
    if which.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(&str, &str, String)> = which
        .iter()
        .map(|&i| {
            let (kind, name) = names[i];
            (kind.as_str(), name, entity_key(kind, name))
        })
        .collect();
    // `WHERE true` parts the SELECT from the upsert clause (SQLite's grammar).
    let stored: Vec<(i64, String, String)> = sqlx::query_as(
        "INSERT INTO entities (kind, name, norm) \
         SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true \
         ON CONFLICT (kind, norm) DO UPDATE SET name = CASE \
           WHEN length(excluded.name) > length(entities.name) THEN excluded.name \
           ELSE entities.name END \
         RETURNING id, kind, norm",
    )
    .bind(json_list(&rows)?)
    .fetch_all(&mut **tx)
    .await?;
    let by_key: HashMap<(&str, &str), i64> = stored
        .iter()
        .map(|(id, kind, norm)| ((kind.as_str(), norm.as_str()), *id))
        .collect();
    which
        .iter()
        .zip(&rows)
        .map(
            |(&i, (kind, _, norm))| match by_key.get(&(*kind, norm.as_str())) {
                Some(&id) => Ok((i, id)),
                None => Err(StoreError::Internal(
                    "an upserted entity was not read back".into(),
                )),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn rows_split_into_repeating_statement_sizes() {
        let sizes = |n: usize| -> Vec<usize> {
            let rows = vec![0u8; n];
            chunks(&rows).map(<[u8]>::len).collect()
        };
        assert_eq!(sizes(0), Vec::<usize>::new());
        assert_eq!(sizes(35), vec![32, 2, 1]);
        assert_eq!(sizes(64), vec![64]);
        assert_eq!(sizes(200), vec![64, 64, 64, 8]);
        assert_eq!(sizes(127).iter().sum::<usize>(), 127);
    }
}
