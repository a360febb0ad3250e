//! `/api/articles/timeline` and `/api/quotes/timeline`: how many articles or
//! quotes a list's filters match, per day, ISO week, month or year.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::params::Query;
use super::queries::{ArticleTimeline, QuoteTimeline};
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
    params(ArticleTimeline),
    responses(
        (status = 200, description = "Matching articles per period, oldest first, empty periods included. Undated articles, and articles dated less precisely than the interval, are not counted", body = Timeline),
        (status = 400, description = "Unknown or malformed parameter, or more than 10,000 periods", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// How many articles the filters match, per period.
pub async fn articles(
    State(state): State<AppState>,
    Query(query, _): Query<ArticleTimeline>,
) -> ApiResult<Json<Timeline>> {
    let interval = query.period.interval();
    let filter = query.filter();
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
    params(QuoteTimeline),
    responses(
        (status = 200, description = "Matching quotes per period of their article's date, oldest first, empty periods included. Quotes of undated articles are not counted", body = Timeline),
        (status = 400, description = "Unknown or malformed parameter, or more than 10,000 periods", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// How many quotes the filters match, per period.
pub async fn quotes(
    State(state): State<AppState>,
    Query(query, _): Query<QuoteTimeline>,
) -> ApiResult<Json<Timeline>> {
    let interval = query.period.interval();
    let filter = query.filter();
    let counts = state.store.quote_timeline(&filter, interval).await?;
    shape(
        interval,
        &counts,
        filter.from.as_deref(),
        filter.to.as_deref(),
    )
}
