//! Reading entities: lists, one with its counts and aliases.

use sqlx::{QueryBuilder, Sqlite};

use super::rows::EntityRow;
use super::{explain, into_page, normalize_name, Result, Store};
use crate::annotate::EntityKind;
use crate::model::Entity;
use crate::paging::{order, Cursor, Page, PageRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntitySort {
    /// Most mentioned first.
    #[default]
    Mentions,
    /// Alphabetical, case-insensitive.
    Name,
}

#[derive(Debug, Clone)]
pub struct EntityFilter {
    pub kind: Option<EntityKind>,
    /// Name prefix, case-insensitive.
    pub prefix: Option<String>,
    pub min_mentions: i64,
    pub sort: EntitySort,
}

impl Default for EntityFilter {
    fn default() -> Self {
        EntityFilter {
            kind: None,
            prefix: None,
            min_mentions: 1,
            sort: EntitySort::Mentions,
        }
    }
}

impl Store {
    pub async fn entity(&self, id: i64) -> Result<Option<Entity>> {
        let row: Option<EntityRow> =
            sqlx::query_as("SELECT id, kind, name, mention_count FROM entities WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        let mut entity = Entity::from(row);
        let aliases: Vec<String> = sqlx::query_scalar(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY length(alias) DESC, alias",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let article_count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM article_entities WHERE entity_id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        let quote_count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM quotes WHERE speaker_entity_id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        let quoted_about: i64 =
            sqlx::query_scalar("SELECT count(*) FROM quote_entities WHERE entity_id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        entity.aliases = Some(aliases.into_iter().filter(|a| *a != entity.name).collect());
        entity.article_count = Some(article_count);
        entity.quote_count = Some(quote_count);
        entity.quoted_about_count = Some(quoted_about);
        Ok(Some(entity))
    }

    /// The entities named in the most articles that also name entity `id` (of
    /// `kind`, when given), most shared first, with the number of shared articles.
    pub async fn related_entities(
        &self,
        id: i64,
        kind: Option<EntityKind>,
        limit: usize,
    ) -> Result<Vec<(Entity, i64)>> {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT e.id, e.kind, e.name, e.mention_count, r.n FROM (\
             SELECT o.entity_id AS id, count(*) AS n FROM article_entities me \
             JOIN article_entities o ON o.article_id = me.article_id \
             WHERE me.entity_id = ",
        );
        qb.push_bind(id)
            .push(" AND o.entity_id != ")
            .push_bind(id)
            .push(" GROUP BY o.entity_id) r JOIN entities e ON e.id = r.id");
        if let Some(kind) = kind {
            qb.push(" WHERE e.kind = ").push_bind(kind.as_str());
        }
        qb.push(" ORDER BY r.n DESC, e.id LIMIT ")
            .push_bind(limit as i64);
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            entity: EntityRow,
            n: i64,
        }
        let rows: Vec<Row> = qb.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| (Entity::from(r.entity), r.n))
            .collect())
    }

    /// The query plan of the page query `entities` runs for this filter.
    pub async fn explain_entities(
        &self,
        filter: &EntityFilter,
        page: &PageRequest,
    ) -> Result<Vec<String>> {
        let mut qb = entity_query(filter, page, "EXPLAIN QUERY PLAN ");
        explain(&self.pool, &mut qb).await
    }

    pub async fn entities(
        &self,
        filter: &EntityFilter,
        page: &PageRequest,
    ) -> Result<Page<Entity>> {
        page.expect(match filter.sort {
            EntitySort::Mentions => order::ENTITIES_MENTIONS,
            EntitySort::Name => order::ENTITIES_NAME,
        })?;
        let mut qb = entity_query(filter, page, "");
        let total = if page.count {
            let mut count: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT count(*) FROM entities e");
            push_entity_filters(&mut count, filter);
            Some(
                count
                    .build_query_scalar::<i64>()
                    .fetch_one(&self.pool)
                    .await?,
            )
        } else {
            None
        };
        let rows: Vec<EntityRow> = qb.build_query_as().fetch_all(&self.pool).await?;
        let page = match filter.sort {
            EntitySort::Mentions => into_page(rows, page, total, |r| {
                Cursor::num(order::ENTITIES_MENTIONS, r.mention_count as f64, r.id)
            }),
            EntitySort::Name => into_page(rows, page, total, |r| {
                Cursor::text(order::ENTITIES_NAME, r.name.clone(), r.id)
            }),
        };
        Ok(page.map(Entity::from))
    }
}

pub(super) fn push_entity_filters(qb: &mut QueryBuilder<'_, Sqlite>, filter: &EntityFilter) {
    qb.push(" WHERE e.mention_count >= ")
        .push_bind(filter.min_mentions);
    if let Some(kind) = filter.kind {
        qb.push(" AND e.kind = ").push_bind(kind.as_str());
    }
    if let Some(prefix) = &filter.prefix {
        // Prefix of any alias ("Torre" finds "Francisco Torrealba" through "Torrealba"),
        // as a range on the alias index rather than LIKE, so '%' and '_' mean themselves.
        let norm = normalize_name(prefix);
        qb.push(" AND e.id IN (SELECT entity_id FROM entity_aliases WHERE norm >= ")
            .push_bind(norm.clone())
            .push(" AND norm < ")
            .push_bind(format!("{norm}\u{10FFFF}"))
            .push(")");
    }
}

/// The page query of `Store::entities`; `prefix` is `EXPLAIN QUERY PLAN ` to see its plan.
fn entity_query(
    filter: &EntityFilter,
    page: &PageRequest,
    prefix: &str,
) -> QueryBuilder<'static, Sqlite> {
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
        "{prefix}SELECT e.id, e.kind, e.name, e.mention_count FROM entities e"
    ));
    push_entity_filters(&mut qb, filter);
    match filter.sort {
        EntitySort::Mentions => {
            if let Some((count, id)) = page
                .after
                .as_ref()
                .and_then(|c| c.num_for(order::ENTITIES_MENTIONS))
            {
                qb.push(" AND (e.mention_count, e.id) < (")
                    .push_bind(count as i64)
                    .push(", ")
                    .push_bind(id)
                    .push(")");
            }
            qb.push(" ORDER BY e.mention_count DESC, e.id DESC");
        }
        EntitySort::Name => {
            if let Some((name, id)) = page
                .after
                .as_ref()
                .and_then(|c| c.text_for(order::ENTITIES_NAME))
            {
                qb.push(" AND (e.name COLLATE NOCASE, e.id) > (")
                    .push_bind(name.to_string())
                    .push(", ")
                    .push_bind(id)
                    .push(")");
            }
            qb.push(" ORDER BY e.name COLLATE NOCASE, e.id");
        }
    }
    qb.push(" LIMIT ").push_bind(page.limit as i64 + 1);
    qb
}
