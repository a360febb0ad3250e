//! `/api/articles/timeline` and `/api/quotes/timeline`: how many articles or
//! quotes a list's filters match, per day, ISO week, month or year.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::articles::{article_filter, ARTICLE_FILTERS};
use super::error::{ApiError, ApiResult};
use super::params::Params;
use super::quotes::{list_filter, QUOTE_FILTERS};
use super::AppState;
use crate::periods::{fill, Interval, MAX_PERIODS};

/// Counts per period, oldest first, with every empty period between the first and
/// the last (widened to `from`/`to` when given) present with count 0.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timeline {
    /// day, week, month or year.
    #[schema(example = "month")]
    pub interval: String,
    pub data: Vec<PeriodCount>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodCount {
    /// `2020-03-02` (day), `2020-W10` (ISO week), `2020-03` (month) or `2020` (year).
    #[schema(example = "2020-03")]
    pub period: String,
    pub count: i64,
}

const INTERVALS: [&str; 4] = ["day", "week", "month", "year"];

fn interval(p: &Params) -> ApiResult<Interval> {
    Ok(p.choice("interval", &INTERVALS)?
        .and_then(Interval::parse)
        .unwrap_or_default())
}

fn shape(
    interval: Interval,
    counts: &[(String, i64)],
    from: Option<&str>,
    to: Option<&str>,
) -> ApiResult<Json<Timeline>> {
    let periods = fill(interval, counts, from, to).map_err(|_| {
        ApiError::parameter(
            "interval",
            format!(
                "the timeline would have more than {MAX_PERIODS} periods: \
                 choose a longer `interval` or a narrower `from`/`to`"
            ),
        )
    })?;
    Ok(Json(Timeline {
        interval: interval.as_str().to_string(),
        data: periods
            .into_iter()
            .map(|(period, count)| PeriodCount { period, count })
            .collect(),
    }))
}

#[utoipa::path(
    get, path = "/api/articles/timeline", tag = "articles", operation_id = "article_timeline",
    params(
        ("q" = Option<String>, Query, description = "Full text over title and body, as in the article list"),
        ("entity" = Option<String>, Query, description = "Articles naming this entity (an id, or a name or alias), or every one of a comma-separated list of them"),
        ("speaker" = Option<String>, Query, description = "Articles quoting this speaker: an entity id, or a name"),
        ("source" = Option<String>, Query, description = "Exact source"),
        ("byline" = Option<String>, Query, description = "Exact byline"),
        ("from" = Option<String>, Query, description = "Published on or after (ISO 8601); the timeline starts at its period"),
        ("to" = Option<String>, Query, description = "Published on or before (ISO 8601); the timeline runs to its period"),
        ("has_quotes" = Option<bool>, Query, description = "Only articles with (true) or without (false) quotes"),
        ("interval" = inline(Option<super::docs::Interval>), Query, description = "Period length: day, week (ISO 8601, `2020-W09`), month (default) or year"),
    ),
    responses(
        (status = 200, description = "Matching articles per period, oldest first, empty periods included. Undated articles, and articles dated less precisely than the interval, are not counted", body = Timeline),
        (status = 400, description = "Unknown or malformed parameter, or more than 10,000 periods", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// How many articles the filters match, per period.
pub async fn articles(State(state): State<AppState>, params: Params) -> ApiResult<Json<Timeline>> {
    let allowed = [&ARTICLE_FILTERS[..], &["interval"][..]].concat();
    let p = params.allow(&allowed)?;
    let interval = interval(&p)?;
    let filter = article_filter(&p)?;
    let counts = state.store.article_timeline(&filter, interval).await?;
    shape(
        interval,
        &counts,
        filter.from.as_deref(),
        filter.to.as_deref(),
    )
}

#[utoipa::path(
    get, path = "/api/quotes/timeline", tag = "quotes", operation_id = "quote_timeline",
    params(
        ("speaker" = Option<String>, Query, description = "Speaker entity id, or a name: a surname finds the full name"),
        ("article" = Option<i64>, Query, minimum = 1, description = "Quotes of one article"),
        ("kind" = inline(Option<super::docs::QuoteKind>), Query, description = "direct, indirect or mixed"),
        ("cue" = Option<String>, Query, description = "Speech verb as written, case-insensitive"),
        ("q" = Option<String>, Query, description = "Full text over quote text"),
        ("origin" = inline(Option<super::docs::Origin>), Query, description = "auto or manual"),
        ("source" = Option<String>, Query, description = "Quotes of articles from this exact source"),
        ("about" = Option<String>, Query, description = "Quotes whose text mentions this entity: an id, or a name or alias"),
        ("from" = Option<String>, Query, description = "Article published on or after (ISO 8601); the timeline starts at its period"),
        ("to" = Option<String>, Query, description = "Article published on or before (ISO 8601); the timeline runs to its period"),
        ("interval" = inline(Option<super::docs::Interval>), Query, description = "Period length: day, week (ISO 8601, `2020-W09`), month (default) or year"),
    ),
    responses(
        (status = 200, description = "Matching quotes per period of their article's date, oldest first, empty periods included. Quotes of undated articles are not counted", body = Timeline),
        (status = 400, description = "Unknown or malformed parameter, or more than 10,000 periods", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// How many quotes the filters match, per period.
pub async fn quotes(State(state): State<AppState>, params: Params) -> ApiResult<Json<Timeline>> {
    let allowed = [&QUOTE_FILTERS[..], &["interval"][..]].concat();
    let p = params.allow(&allowed)?;
    let interval = interval(&p)?;
    let filter = list_filter(&p)?;
    let counts = state.store.quote_timeline(&filter, interval).await?;
    shape(
        interval,
        &counts,
        filter.from.as_deref(),
        filter.to.as_deref(),
    )
}
