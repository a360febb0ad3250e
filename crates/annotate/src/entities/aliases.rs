//! Very common variants of country names that GeoNames does not list, and
//! world regions, mapped to one canonical name each.

/// (variant, canonical name).
pub const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("U.S.", "United States"),
    ("US", "United States"),
    ("U.S.A.", "United States"),
    ("USA", "United States"),
    ("United States of America", "United States"),
    ("America", "United States"),
    ("the States", "United States"),
    ("U.K.", "United Kingdom"),
    ("UK", "United Kingdom"),
    ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"),
    ("Russian Federation", "Russia"),
    ("South Korea", "South Korea"),
    ("Republic of Korea", "South Korea"),
    ("North Korea", "North Korea"),
    ("DPRK", "North Korea"),
    ("PRC", "China"),
    ("People's Republic of China", "China"),
    ("UAE", "United Arab Emirates"),
    ("U.A.E.", "United Arab Emirates"),
    ("Holland", "Netherlands"),
    ("the Netherlands", "Netherlands"),
    ("Ivory Coast", "Ivory Coast"),
    ("Czech Republic", "Czechia"),
    ("Burma", "Myanmar"),
    ("DRC", "Democratic Republic of the Congo"),
    ("Vatican", "Vatican"),
];

/// World regions and continents (not in the GeoNames subset).
pub const REGIONS: &[&str] = &[
    "Africa",
    "Asia",
    "Europe",
    "Oceania",
    "Antarctica",
    "Americas",
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "Caribbean",
    "Middle East",
    "Near East",
    "Far East",
    "Balkans",
    "Baltics",
    "Scandinavia",
    "Sahara",
    "Sahel",
    "West Africa",
    "East Africa",
    "North Africa",
    "Southern Africa",
    "Sub-Saharan Africa",
    "Southeast Asia",
    "South Asia",
    "Central Asia",
    "East Asia",
    "Western Europe",
    "Eastern Europe",
    "Central Europe",
    "Gulf",
    "Persian Gulf",
    "Mediterranean",
    "Atlantic",
    "Pacific",
    "Indian Ocean",
    "Arctic",
    "Caucasus",
    "Kashmir",
    "Gaza",
    "Gaza Strip",
    "West Bank",
    "Golan Heights",
    "Siberia",
    "Patagonia",
    "Andes",
    "Himalayas",
];

/// The canonical name for a country variant, if it is one.
pub fn canonical_country(name: &str) -> Option<&'static str> {
    COUNTRY_ALIASES
        .iter()
        .find(|(v, _)| v.eq_ignore_ascii_case(name) && (name.len() > 3 || *v == name))
        .map(|&(_, c)| c)
}
