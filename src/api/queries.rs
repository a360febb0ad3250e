//! Every endpoint's query parameters, each declared once (see `params::query!`):
//! one struct per endpoint, composed of the groups several endpoints share, each
//! with what turns it into the store's filter.

use super::error::{ApiError, ApiResult};
use super::params::query;
use super::values::{
    AnnotationFormat, ArticleField, Asked, AtLeast, Date, Entities, FacetSize, Facets, FullText,
    Id, Limit, ListFormat, TextSort, Token, WordList, DEFAULT_FACET_SIZE,
};
use crate::annotate::{EntityKind, QuoteKind};
use crate::model::Origin;
use crate::offsets::OffsetUnit;
use crate::paging::{PageRequest, DEFAULT_LIMIT};
use crate::periods::Interval;
use crate::store::{
    ArticleFacet, ArticleFilter, ArticleParts, ArticleSort, EntityFacet, EntityFilter, EntityRef,
    EntitySort, QuoteFacet, QuoteFilter,
};

query! {
    /// No query parameter at all.
    pub struct NoParams {}
}

query! {
    /// The unit of the offsets in a response.
    pub struct Offsets {
        /// Unit of offsets in the response: codepoint (default), utf16 or utf8
        offsets: OffsetUnit,
    }
}

query! {
    /// The unit of the offsets a write is given and answers with.
    pub struct GivenOffsets {
        /// Unit of the offsets given (spans, supplied annotations) and returned: codepoint (default), utf16 or utf8
        offsets: OffsetUnit,
    }
}

query! {
    /// `offsets` where the answer holds none.
    pub struct EntityOffsets {
        /// Accepted for symmetry; entities carry no offsets
        offsets: OffsetUnit,
    }
}

query! {
    /// `POST /api/articles:batch`: its answers carry no offsets.
    pub struct BatchQuery {
        /// Unit of offsets in supplied annotations: codepoint (default), utf16 or utf8
        offsets: OffsetUnit,
    }
}

impl Offsets {
    pub fn unit(&self) -> OffsetUnit {
        self.offsets.unwrap_or_default()
    }
}

impl GivenOffsets {
    pub fn unit(&self) -> OffsetUnit {
        self.offsets.unwrap_or_default()
    }
}

query! {
    /// A page, or the whole list streamed (`export`).
    pub struct Exporting {
        /// json (default: a page), or csv or ndjson: every matching row, streamed as an attachment (as `Accept: text/csv` or `application/x-ndjson` also asks); `limit`, `count` and facets do not apply, `cursor` starts after its row. Columns in the README
        format: ListFormat,
    }
}

query! {
    /// `GET /api/articles/{id}/annotations`.
    pub struct AnnotationsQuery {
        /// json (default) or jsonld: a W3C Web Annotation `AnnotationCollection`, as `Accept: application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"` also asks. The parameter wins over `Accept`
        format: AnnotationFormat,
        /// Unit of offsets in the plain JSON answer: codepoint (default), utf16 or utf8. Web Annotation selectors count code points, as the model says: jsonld takes codepoint only
        offsets: OffsetUnit,
    }
}

query! {
    /// A page of a list.
    pub struct Paging {
        /// Page size, 1 to 200, default 20
        limit: Limit,
        /// next_cursor of the previous page of the same query
        cursor: Token,
        /// Add the total number of matches
        count: bool,
    }
}

impl Paging {
    pub fn page(&self) -> PageRequest {
        PageRequest {
            limit: self.limit.map_or(DEFAULT_LIMIT, |l| l.0),
            after: self.cursor.clone().map(|t| t.0),
            count: self.count.unwrap_or(false),
        }
    }
}

query! {
    /// How many values each facet asked for with `facet` shows.
    pub struct Faceting {
        /// Values per facet, 1 to 100, default 10
        facet_size: FacetSize,
    }
}

impl Faceting {
    pub fn size(&self) -> usize {
        self.facet_size.map_or(DEFAULT_FACET_SIZE, |s| s.0)
    }
}

/// The facets asked for, each once in the order asked, and how many values each shows.
fn asked<T: Clone>(facet: &Option<Facets<T>>, sizing: &Faceting) -> (Asked<T>, usize) {
    let asked = facet.as_ref().map(|f| f.0.clone()).unwrap_or_default();
    (asked, sizing.size())
}

query! {
    /// The order of a list of articles or quotes that `q` can rank.
    pub struct Ranking {
        /// newest (default without q), or relevance (only with q, its default; ranks the 1,000 most recently stored matches that pass the other filters; newest sees every match)
        sort: TextSort,
    }
}

impl Ranking {
    /// Whether results go in relevance order: the default with `q`;
    /// `sort=newest` lists every match by date instead.
    pub fn relevance(&self, q: Option<&FullText>) -> ApiResult<bool> {
        match self.sort {
            Some(TextSort::Relevance) if q.is_none() => {
                Err(ApiError::parameter("sort", "`sort=relevance` needs `q`"))
            }
            Some(TextSort::Newest) => Ok(false),
            _ => Ok(q.is_some()),
        }
    }
}

query! {
    /// The filters of every list of articles.
    pub struct ArticleFilters {
        /// Full text over title and body: words and "quoted phrases" all required, `word*` for a prefix
        q: FullText,
        /// Exact source
        source: String,
        /// Exact byline
        byline: String,
        /// Published on or after (ISO 8601)
        from: Date,
        /// Published on or before (ISO 8601; a date covers the whole day)
        to: Date,
        /// Only articles with (true) or without (false) quotes
        has_quotes: bool,
    }
}

impl ArticleFilters {
    pub fn filter(&self, relevance: bool) -> ArticleFilter {
        ArticleFilter {
            q: self.q.clone().map(|q| q.0),
            source: self.source.clone(),
            byline: self.byline.clone(),
            from: self.from.clone().map(|d| d.0),
            to: self.to.clone().map(|d| d.0),
            has_quotes: self.has_quotes,
            sort: if relevance {
                ArticleSort::Relevance
            } else {
                ArticleSort::Newest
            },
            ..ArticleFilter::default()
        }
    }
}

query! {
    /// The filters of `/api/articles` and its timeline.
    pub struct ArticleSearch {
        /// Articles naming this entity (an id, or a name or alias), or every one of a comma-separated list of them (`12,Lisbon`; at most 10)
        entity: Entities,
        /// Articles quoting this speaker: an entity id, or a name (a surname finds the full name)
        speaker: EntityRef,
    }
    with { base: ArticleFilters }
}

impl ArticleSearch {
    pub fn filter(&self, relevance: bool) -> ArticleFilter {
        ArticleFilter {
            entity: self.entity.clone().map(|e| e.0).unwrap_or_default(),
            speaker: self.speaker.clone(),
            ..self.base.filter(relevance)
        }
    }

    fn q(&self) -> Option<&FullText> {
        self.base.q.as_ref()
    }
}

query! {
    /// The facets of the article list.
    pub struct ArticleFacets {
        /// Facets to add, comma-separated: source, byline, entity, speaker, month. Each counts its values over every article the filters match, except entity and speaker, which count at most the 5,000 most recently added (`QUOTEWIRE_FACET_SAMPLE`; beyond, they say `sampled: true`) (entity: articles naming each person, organization, location or misc entity, dates and numbers left out; speaker: articles quoting each); one that runs past its time budget answers `truncated: true`
        facet: Facets<ArticleFacet>,
    }
    with { sizing: Faceting }
}

impl ArticleFacets {
    pub fn asked(&self) -> (Asked<ArticleFacet>, usize) {
        asked(&self.facet, &self.sizing)
    }
}

query! {
    /// What the items of a list of articles hold besides their metadata.
    pub struct ArticleFields {
        /// Parts to add to each item, comma-separated: body, quotes, entities (with their mentions; offsets in the unit of `offsets`). Items always hold `excerpt` (the body's first 300 code points at most, cut on a word) and, with `q`, `snippet`. Exports (`format`) keep their own columns
        fields: WordList<ArticleField>,
    }
}

impl ArticleFields {
    pub fn parts(&self) -> ArticleParts {
        let has = |f| self.fields.as_ref().is_some_and(|l| l.has(f));
        ArticleParts {
            body: has(ArticleField::Body),
            quotes: has(ArticleField::Quotes),
            entities: has(ArticleField::Entities),
        }
    }
}

query! {
    /// `GET /api/articles`.
    pub struct ArticleList {}
    with { filters: ArticleSearch, ranking: Ranking, facets: ArticleFacets, fields: ArticleFields, paging: Paging, offsets: Offsets, export: Exporting }
}

impl ArticleList {
    pub fn filter(&self) -> ApiResult<ArticleFilter> {
        let relevance = self.ranking.relevance(self.filters.q())?;
        Ok(self.filters.filter(relevance))
    }
}

query! {
    /// The periods of a timeline.
    pub struct Period {
        /// Period length: day, week (ISO 8601, `2020-W09`), month (default) or year; the timeline starts at the period of `from` and runs to that of `to`, when given
        interval: Interval,
    }
}

impl Period {
    pub fn interval(&self) -> Interval {
        self.interval.unwrap_or_default()
    }
}

query! {
    /// `GET /api/articles/timeline`.
    pub struct ArticleTimeline {}
    with { filters: ArticleSearch, period: Period }
}

impl ArticleTimeline {
    pub fn filter(&self) -> ArticleFilter {
        self.filters.filter(self.filters.q().is_some())
    }
}

query! {
    /// `GET /api/entities/{id}/articles`: the article filters but the entity's own.
    pub struct EntityArticles {}
    with { filters: ArticleFilters, ranking: Ranking, fields: ArticleFields, paging: Paging, offsets: Offsets, export: Exporting }
}

impl EntityArticles {
    pub fn filter(&self, entity: i64) -> ApiResult<ArticleFilter> {
        let relevance = self.ranking.relevance(self.filters.q.as_ref())?;
        Ok(ArticleFilter {
            entity: vec![EntityRef::Id(entity)],
            ..self.filters.filter(relevance)
        })
    }
}

query! {
    /// The filters of every list of quotes.
    pub struct QuoteFilters {
        /// direct, indirect or mixed
        kind: QuoteKind,
        /// Speech verb as written, case-insensitive (said, added, warned ...)
        cue: String,
        /// Full text over quote text
        q: FullText,
        /// auto or manual
        origin: Origin,
        /// Article published on or after (ISO 8601)
        from: Date,
        /// Article published on or before (ISO 8601; a date covers the whole day)
        to: Date,
    }
}

impl QuoteFilters {
    pub fn filter(&self, relevance: bool) -> QuoteFilter {
        QuoteFilter {
            newest_first: !relevance,
            kind: self.kind,
            cue: self.cue.clone(),
            q: self.q.clone().map(|q| q.0),
            origin: self.origin,
            from: self.from.clone().map(|d| d.0),
            to: self.to.clone().map(|d| d.0),
            ..QuoteFilter::default()
        }
    }
}

query! {
    /// The filters of `/api/quotes` and its timeline.
    pub struct QuoteSearch {
        /// Speaker entity id, or a name: a surname finds the full name
        speaker: EntityRef,
        /// Quotes of one article (listed in text order)
        article: Id,
        /// Quotes of articles from this exact source
        source: String,
        /// Quotes whose text mentions this entity (an id, or a name or alias): what was said about it; combine with `speaker` for what one person said about another
        about: EntityRef,
    }
    with { base: QuoteFilters }
}

impl QuoteSearch {
    pub fn filter(&self, relevance: bool) -> QuoteFilter {
        QuoteFilter {
            speaker: self.speaker.clone(),
            article: self.article.map(|a| a.0),
            source: self.source.clone(),
            about: self.about.clone(),
            ..self.base.filter(relevance)
        }
    }
}

query! {
    /// The facets of the quote list.
    pub struct QuoteFacets {
        /// Facets to add, comma-separated: speaker, kind, cue, source, month. Each counts its values over every quote the filters match, except source, which counts at most the 5,000 most recently added (`QUOTEWIRE_FACET_SAMPLE`; beyond, it says `sampled: true`); one that runs past its time budget answers `truncated: true`
        facet: Facets<QuoteFacet>,
    }
    with { sizing: Faceting }
}

impl QuoteFacets {
    pub fn asked(&self) -> (Asked<QuoteFacet>, usize) {
        asked(&self.facet, &self.sizing)
    }
}

query! {
    /// `GET /api/quotes`.
    pub struct QuoteList {}
    with { filters: QuoteSearch, ranking: Ranking, facets: QuoteFacets, paging: Paging, offsets: Offsets, export: Exporting }
}

impl QuoteList {
    pub fn filter(&self) -> ApiResult<QuoteFilter> {
        let relevance = self.ranking.relevance(self.filters.base.q.as_ref())?;
        Ok(self.filters.filter(relevance))
    }
}

query! {
    /// `GET /api/quotes/timeline`.
    pub struct QuoteTimeline {}
    with { filters: QuoteSearch, period: Period }
}

impl QuoteTimeline {
    pub fn filter(&self) -> QuoteFilter {
        self.filters.filter(self.filters.base.q.is_some())
    }
}

query! {
    /// `GET /api/entities/{id}/quotes`: the quote filters but the speaker's own.
    pub struct EntityQuotes {}
    with { filters: QuoteFilters, ranking: Ranking, paging: Paging, offsets: Offsets, export: Exporting }
}

impl EntityQuotes {
    pub fn filter(&self, speaker: i64) -> ApiResult<QuoteFilter> {
        let relevance = self.ranking.relevance(self.filters.q.as_ref())?;
        Ok(QuoteFilter {
            speaker: Some(EntityRef::Id(speaker)),
            ..self.filters.filter(relevance)
        })
    }
}

query! {
    /// `GET /api/entities`.
    pub struct EntityList {
        /// person, organization, location, misc, date, money, percent or quantity
        kind: EntityKind,
        /// Prefix of the name or of any alias, case- and accent-insensitive
        q: String,
        /// At least this many mentions (default 1)
        min_mentions: AtLeast,
        /// mentions (default, most first) or name
        sort: EntitySort,
    }
    with { facets: EntityFacets, paging: Paging, offsets: EntityOffsets, export: Exporting }
}

query! {
    /// The facets of the entity list.
    pub struct EntityFacets {
        /// Facets to add: kind. Counts entities per kind over every entity the filters match
        facet: Facets<EntityFacet>,
    }
    with { sizing: Faceting }
}

impl EntityFacets {
    pub fn asked(&self) -> (Asked<EntityFacet>, usize) {
        asked(&self.facet, &self.sizing)
    }
}

impl EntityList {
    pub fn filter(&self) -> EntityFilter {
        EntityFilter {
            kind: self.kind,
            prefix: self.q.clone(),
            min_mentions: self.min_mentions.map_or(1, |n| n.0),
            sort: self.sort.unwrap_or_default(),
        }
    }
}

query! {
    /// `GET /api/entities/{id}/related`.
    pub struct RelatedEntities {
        /// Only related entities of this kind
        kind: EntityKind,
        /// How many, 1 to 200, default 20
        limit: Limit,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use utoipa::IntoParams;

    use super::*;
    use crate::api::params::{Params, QueryParams};
    use crate::api::values::MAX_ENTITIES;

    fn check<T: QueryParams + IntoParams>(what: &str) {
        let mut taken = Vec::new();
        T::names(&mut taken);
        let documented: Vec<String> = T::into_params(|| None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(taken, documented, "{what}: taken = documented, in order");
        let once: BTreeSet<&&str> = taken.iter().collect();
        assert_eq!(once.len(), taken.len(), "{what}: two groups share a name");
    }

    #[test]
    fn every_query_takes_what_it_documents_each_name_once() {
        check::<NoParams>("NoParams");
        check::<Offsets>("Offsets");
        check::<GivenOffsets>("GivenOffsets");
        check::<EntityOffsets>("EntityOffsets");
        check::<BatchQuery>("BatchQuery");
        check::<ArticleList>("ArticleList");
        check::<ArticleTimeline>("ArticleTimeline");
        check::<EntityArticles>("EntityArticles");
        check::<QuoteList>("QuoteList");
        check::<QuoteTimeline>("QuoteTimeline");
        check::<Period>("Period");
        check::<EntityQuotes>("EntityQuotes");
        check::<EntityList>("EntityList");
        check::<RelatedEntities>("RelatedEntities");
    }

    fn parse<T: QueryParams>(raw: &str) -> Result<T, ApiError> {
        T::checked(&Params::parse(raw)?)
    }

    fn refused<T: QueryParams + std::fmt::Debug>(raw: &str) -> (String, String) {
        let e = parse::<T>(raw).expect_err(raw);
        (e.0.parameter.unwrap_or_default(), e.0.detail)
    }

    #[test]
    fn a_query_parses_into_its_groups() {
        let q: ArticleList = parse("q=harbour&entity=12,Lisbon&facet=source,month,source&facet_size=3&limit=5&offsets=utf16")
            .expect("parses");
        let filter = q.filter().expect("filter");
        assert_eq!(
            filter.sort,
            ArticleSort::Relevance,
            "relevance is the default with q"
        );
        assert_eq!(
            filter.entity,
            [EntityRef::Id(12), EntityRef::Name("Lisbon".into())]
        );
        let (asked, size) = q.facets.asked();
        let names: Vec<&str> = asked.iter().map(|(n, _)| *n).collect();
        assert_eq!((names, size), (vec!["source", "month"], 3));
        assert_eq!(q.paging.page().limit, 5);
        assert_eq!(q.offsets.unit(), OffsetUnit::Utf16);

        let q: EntityQuotes = parse("q=harbour&sort=newest").expect("parses");
        let filter = q.filter(7).expect("filter");
        assert!(filter.newest_first);
        assert_eq!(filter.speaker, Some(EntityRef::Id(7)));
    }

    #[test]
    fn empty_is_absent_but_blanks_are_a_value() {
        let q: QuoteList = parse("kind=&limit=&q=").expect("parses");
        assert!(q.filters.base.kind.is_none() && q.filters.base.q.is_none());
        assert_eq!(q.paging.page().limit, DEFAULT_LIMIT);
        assert_eq!(refused::<QuoteList>("kind=%20").0, "kind");
        assert_eq!(refused::<QuoteList>("limit=%20").0, "limit");
    }

    #[test]
    fn refusals_name_the_parameter() {
        let (name, detail) = refused::<EntityArticles>("entity=1");
        assert_eq!(name, "entity");
        assert!(
            detail.ends_with("this endpoint takes: q, source, byline, from, to, has_quotes, sort, fields, limit, cursor, count, offsets, format"),
            "{detail}"
        );
        assert_eq!(
            refused::<ArticleList>("facet=source&facet=month"),
            (
                "facet".to_string(),
                "query parameter `facet` is given more than once".to_string()
            )
        );
        let q: ArticleList = parse("sort=relevance").expect("each value is well-formed");
        let e = q.filter().expect_err("relevance without q");
        assert_eq!(e.0.parameter.as_deref(), Some("sort"));
        assert_eq!(e.0.detail, "`sort=relevance` needs `q`");
        assert_eq!(
            refused::<RelatedEntities>("limit=201"),
            (
                "limit".to_string(),
                "`limit` must be from 1 to 200, not 201".to_string()
            )
        );
        assert_eq!(
            refused::<EntityList>("min_mentions=-1").1,
            "`min_mentions` must not be negative"
        );
        assert_eq!(
            refused::<QuoteTimeline>("interval=fortnight").1,
            "`interval` must be one of day, week, month, year, not `fortnight`"
        );
        assert_eq!(
            refused::<QuoteList>("facet=speaker,colour").1,
            "`facet` takes a comma-separated list of speaker, kind, cue, source, month, not `colour`"
        );
        assert_eq!(
            refused::<QuoteList>("article=0").1,
            "`article` must be a positive integer id"
        );
        let many = ["x"; MAX_ENTITIES + 1].join(",");
        assert_eq!(
            refused::<ArticleList>(&format!("entity={many}")).0,
            "entity"
        );
        assert_eq!(refused::<ArticleList>("q=s*").0, "q");
        assert_eq!(
            refused::<ArticleList>("fields=body,colour"),
            (
                "fields".to_string(),
                "`fields` takes a comma-separated list of body, quotes, entities, not `colour`"
                    .to_string()
            )
        );
        let q: EntityArticles = parse("fields=entities,body,entities").expect("parses");
        assert_eq!(
            q.fields.parts(),
            ArticleParts {
                body: true,
                quotes: false,
                entities: true
            }
        );
    }
}
