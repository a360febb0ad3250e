//! Query strings. Each endpoint's parameters are the fields of one struct declared
//! with `query!`: its fields' types parse and check the values (`values`), and the
//! same declaration gives the docs (`IntoParams`) and the names the endpoint takes.
//! `Query<T>` refuses any other parameter, and one given twice, with a 400 naming it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::Required;

use super::error::ApiError;
use super::values::Value;

/// The raw query parameters of a request, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// The raw query string, to build `next` links from.
    pub raw: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Params::parse(parts.uri.query().unwrap_or(""))
    }
}

impl Params {
    pub fn parse(raw: &str) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::parameter("", format!("the query string is malformed: {e}")))?;
        Ok(Params {
            pairs,
            raw: raw.to_string(),
        })
    }

    /// Parameters given as name and value, unencoded (as on a command line).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        let raw = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        Params { pairs, raw }
    }

    /// The names given, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(n, _)| n.as_str())
    }

    /// Refuses parameters not in `taken` and repeated ones: no parameter is a list
    /// by repetition (lists are comma-separated, `entity=12,Lisbon`).
    fn check(&self, taken: &[&str]) -> Result<(), ApiError> {
        for (i, (name, _)) in self.pairs.iter().enumerate() {
            if !taken.contains(&name.as_str()) {
                return Err(ApiError::parameter(
                    name,
                    format!(
                        "unknown query parameter `{name}`; this endpoint takes: {}",
                        taken.join(", ")
                    ),
                ));
            }
            if self.pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::parameter(
                    name,
                    format!("query parameter `{name}` is given more than once"),
                ));
            }
        }
        Ok(())
    }

    /// The value of `name`, parsed; an empty value counts as absent, as HTML forms
    /// send it, but a value of blanks is a value (and fails where blanks mean nothing).
    pub fn value<T: Value>(&self, name: &str) -> Result<Option<T>, ApiError> {
        match self.pairs.iter().find(|(n, _)| n == name) {
            Some((_, v)) if !v.is_empty() => T::parse(name, v.trim()).map(Some),
            _ => Ok(None),
        }
    }

    /// The query string with `cursor` set to `next`, for the next page's link.
    pub fn with_cursor(&self, next: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(n, _)| n != "cursor")
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        pairs.push(("cursor", next));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The query parameters of an endpoint, or a group of them shared by several.
pub trait QueryParams: Sized {
    /// Adds the names of the parameters, in declaration order.
    fn names(out: &mut Vec<&'static str>);
    fn from_params(p: &Params) -> Result<Self, ApiError>;

    /// Refuses what the endpoint does not take, then parses.
    fn checked(p: &Params) -> Result<Self, ApiError> {
        let mut taken = Vec::new();
        Self::names(&mut taken);
        p.check(&taken)?;
        Self::from_params(p)
    }
}

/// Extracts an endpoint's typed query, and the raw one for `next` links.
pub struct Query<T>(pub T, pub Params);

impl<S: Send + Sync, T: QueryParams> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = Params::from_request_parts(parts, state).await?;
        Ok(Query(T::checked(&params)?, params))
    }
}

/// A documented query parameter; `doc` holds the lines of its doc comment.
pub fn parameter<T: Value>(name: &str, doc: &[&str]) -> Parameter {
    let lines: Vec<&str> = doc.iter().map(|l| l.trim()).collect();
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(lines.join(" ")))
        .schema(Some(T::schema()))
        .build()
}

/// Declares a query struct: every field an optional parameter named as the field,
/// described by its doc comment, parsed by its type (a `values::Value`); then,
/// after `with`, groups of parameters shared with other endpoints, each a struct
/// declared the same way. Gives the struct, `QueryParams` and `utoipa::IntoParams`.
macro_rules! query {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident {
            $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty, )*
        }
        $( with { $( $group:ident : $gty:ty ),* $(,)? } )?
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Default)]
        pub struct $name {
            $( $(#[doc = $doc])+ pub $field: Option<$ty>, )*
            $( $( pub $group: $gty, )* )?
        }

        // A struct without parameters of its own or groups uses neither argument.
        #[allow(unused_variables)]
        impl $crate::api::params::QueryParams for $name {
            fn names(out: &mut Vec<&'static str>) {
                $( out.push(stringify!($field)); )*
                $( $( <$gty as $crate::api::params::QueryParams>::names(out); )* )?
            }

            fn from_params(
                p: &$crate::api::params::Params,
            ) -> Result<Self, $crate::api::error::ApiError> {
                Ok($name {
                    $( $field: p.value::<$ty>(stringify!($field))?, )*
                    $( $( $group: <$gty as $crate::api::params::QueryParams>::from_params(p)?, )* )?
                })
            }
        }

        #[allow(unused_variables)]
        impl utoipa::IntoParams for $name {
            fn into_params(
                parameter_in_provider: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
            ) -> Vec<utoipa::openapi::path::Parameter> {
                #[allow(unused_mut)]
                let mut out: Vec<utoipa::openapi::path::Parameter> = vec![
                    $( $crate::api::params::parameter::<$ty>(stringify!($field), &[$($doc),+]), )*
                ];
                $( $( out.extend(<$gty as utoipa::IntoParams>::into_params(&parameter_in_provider)); )* )?
                out
            }
        }
    };
}
pub(crate) use query;
