//! What an advert's source said about it besides its text: where it came from, the organisation,
//! the date posted, the identifier, and what extraction passed over.

use serde::{Deserialize, Serialize};

/// The kind of source an advert's text was extracted from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AdvertSource {
    /// The visible text of an HTML page (its title from the first `<h1>`, else `<title>`).
    Html,
    /// A schema.org `JobPosting` in an `application/ld+json` block of an HTML page.
    HtmlJsonLd,
    /// A schema.org `JobPosting` in a JSON document of its own (a `.json` file).
    Json,
}

impl AdvertSource {
    /// The snake_case name used in JSON: `html`, `html_json_ld` or `json`.
    pub fn as_str(&self) -> &'static str {
        match self {
            AdvertSource::Html => "html",
            AdvertSource::HtmlJsonLd => "html_json_ld",
            AdvertSource::Json => "json",
        }
    }
}

/// Writes the snake_case name used in JSON ([`as_str`](AdvertSource::as_str)).
impl core::fmt::Display for AdvertSource {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What an advert's source said about it besides its title and body, carried into
/// [`Report::metadata`](crate::Report::metadata).
///
/// The schema.org fields (`hiringOrganization.name`, `datePosted`, `identifier`,
/// `employmentType`, `url`) come from a `JobPosting` and are kept as written there (no date or
/// URL parsing); adverts read from a page's visible text have none of them. Empty fields are left
/// out of the JSON form:
///
/// ```
/// use pmo_advert::AdvertMetadata;
///
/// let empty = AdvertMetadata::default();
/// assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
/// assert!(empty.is_empty());
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvertMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<AdvertSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hiring_organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date_posted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) employment_type: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) html_errors: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) skipped: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl AdvertMetadata {
    /// The kind of source the text came from.
    pub fn source(&self) -> Option<AdvertSource> {
        self.source
    }
    /// The hiring organisation's name (`hiringOrganization.name`, or `hiringOrganization` when it
    /// is a plain string).
    pub fn hiring_organization(&self) -> Option<&str> {
        self.hiring_organization.as_deref()
    }
    /// `datePosted` as written (schema.org asks for an ISO 8601 date; not checked).
    pub fn date_posted(&self) -> Option<&str> {
        self.date_posted.as_deref()
    }
    /// The posting's `identifier`: the string itself, or an identifier object's `value` (else its
    /// `name`); numbers are written out in decimal.
    pub fn identifier(&self) -> Option<&str> {
        self.identifier.as_deref()
    }
    /// `employmentType`, one entry per value given (a string gives one), as written
    /// (`FULL_TIME`, `CONTRACTOR`…).
    pub fn employment_type(&self) -> &[String] {
        &self.employment_type
    }
    /// The posting's `url` as written.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
    /// How many recoverable syntax errors the HTML tokenizer met in the HTML the text came from
    /// (the page, or the posting's `description`). A browser recovers from them and so does the
    /// extraction; a high count says the text may not be what the author meant.
    pub fn html_errors(&self) -> usize {
        self.html_errors
    }
    /// What the extraction passed over, one message each naming what and where: an
    /// `application/ld+json` block that does not parse (with its line and column in the page), a
    /// metadata field of an unexpected shape.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == AdvertMetadata::default()
    }
}
