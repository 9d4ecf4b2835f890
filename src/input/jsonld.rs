//! schema.org `JobPosting`s in JSON(-LD): finding them, and reading their fields.

use serde_json::{Map, Value};

use crate::{AdvertMetadata, Error};

/// How deep lists, `@graph`s and `mainEntity`s are followed looking for postings.
const MAX_DEPTH: usize = 16;

/// A `JobPosting` object found in a JSON value, with its JSON path (`$["@graph"][1]`).
pub(crate) struct Posting<'v> {
    pub(crate) path: String,
    pub(crate) object: &'v Map<String, Value>,
}

/// Parses `json`; a syntax error names its line and column.
pub(crate) fn parse(json: &str, origin: &str) -> Result<Value, Error> {
    serde_json::from_str(json).map_err(|e| json_error(&e, origin))
}

/// [`Error::Json`] from serde_json's error.
pub(crate) fn json_error(e: &serde_json::Error, origin: &str) -> Error {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message
        .strip_suffix(&suffix)
        .map_or(message.clone(), str::to_string);
    Error::Json {
        origin: origin.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Every `JobPosting` in `value`: the value itself, the items of a list, of an `@graph`, or a
/// `mainEntity`, followed to [`MAX_DEPTH`].
pub(crate) fn postings(value: &Value) -> Vec<Posting<'_>> {
    let mut out = Vec::new();
    walk(value, "$".to_string(), 0, &mut out);
    out
}

fn walk<'v>(value: &'v Value, path: String, depth: usize, out: &mut Vec<Posting<'v>>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), depth + 1, out);
            }
        }
        Value::Object(object) => {
            if is_job_posting(object) {
                out.push(Posting { path, object });
                return;
            }
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = object.get(key) {
                    walk(inner, format!("{path}[{key:?}]"), depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// True when `@type` is (or lists) `JobPosting`, with or without a schema.org prefix.
fn is_job_posting(object: &Map<String, Value>) -> bool {
    let is = |v: &Value| {
        v.as_str().is_some_and(|t| {
            let t = t.trim();
            t == "JobPosting"
                || t.strip_suffix("JobPosting").is_some_and(|prefix| {
                    matches!(
                        prefix.trim_end_matches('/'),
                        "schema:" | "http://schema.org" | "https://schema.org"
                    )
                })
        })
    };
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

/// A string field of a posting (`None` when absent or null), or the error naming it.
pub(crate) fn string_field<'v>(
    posting: &Posting<'v>,
    key: &str,
    origin: &str,
    place: &str,
) -> Result<Option<&'v str>, Error> {
    match posting.object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::JobPosting {
            origin: origin.to_string(),
            path: format!("{place}{}", posting.path),
            message: format!("{key} is {}, not a string", kind(other)),
        }),
    }
}

/// The JSON type of a value, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A scalar written out: a string as it is, a number or boolean in JSON form.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The metadata fields of a posting; a field of an unexpected shape is noted in `skipped`
/// (`place` prefixes the posting's path in the note).
pub(crate) fn metadata(posting: &Posting<'_>, place: &str, m: &mut AdvertMetadata) {
    let o = posting.object;
    let mut skip = |key: &str, v: &Value, wanted: &str| {
        m.skipped.push(format!(
            "{place}{}.{key}: {} where {wanted} was expected",
            posting.path,
            kind(v)
        ));
    };
    let mut hiring = None;
    if let Some(v) = o.get("hiringOrganization").filter(|v| !v.is_null()) {
        let org = match v {
            Value::Array(items) => items.first(),
            v => Some(v),
        };
        hiring = match org {
            Some(Value::Object(org)) => org.get("name").and_then(scalar),
            Some(v) => scalar(v),
            None => None,
        };
        if hiring.is_none() {
            skip("hiringOrganization", v, "a name");
        }
    }
    let mut date = None;
    if let Some(v) = o.get("datePosted").filter(|v| !v.is_null()) {
        date = scalar(v);
        if date.is_none() {
            skip("datePosted", v, "a date");
        }
    }
    let mut identifier = None;
    if let Some(v) = o.get("identifier").filter(|v| !v.is_null()) {
        identifier = match v {
            Value::Object(id) => id
                .get("value")
                .and_then(scalar)
                .or_else(|| id.get("name").and_then(scalar)),
            v => scalar(v),
        };
        if identifier.is_none() {
            skip("identifier", v, "a string or an object with a value");
        }
    }
    let mut employment = Vec::new();
    if let Some(v) = o.get("employmentType").filter(|v| !v.is_null()) {
        match v {
            Value::Array(items) => {
                for item in items {
                    match scalar(item) {
                        Some(s) => employment.push(s),
                        None => skip("employmentType[]", item, "a string"),
                    }
                }
            }
            v => match scalar(v) {
                Some(s) => employment.push(s),
                None => skip("employmentType", v, "a string or a list of strings"),
            },
        }
    }
    let mut url = None;
    if let Some(v) = o.get("url").filter(|v| !v.is_null()) {
        url = scalar(v);
        if url.is_none() {
            skip("url", v, "a string");
        }
    }
    m.hiring_organization = hiring;
    m.date_posted = date;
    m.identifier = identifier;
    m.employment_type = employment;
    m.url = url;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_found_at_the_top_in_graphs_lists_and_main_entities() {
        let v: Value = serde_json::from_str(
            r#"[{"@type": "JobPosting"},
                {"@graph": [{"@type": "Organization"}, {"@type": ["JobPosting"]}]},
                {"@type": "WebPage", "mainEntity": {"@type": "https://schema.org/JobPosting"}},
                {"@type": "schema:JobPosting"}, {"@type": "JobPostingX"}, 3]"#,
        )
        .unwrap();
        let paths: Vec<String> = postings(&v).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "$[0]",
                "$[1][\"@graph\"][1]",
                "$[2][\"mainEntity\"]",
                "$[3]"
            ]
        );
    }

    #[test]
    fn metadata_of_every_shape() {
        let v: Value = serde_json::from_str(
            r#"{"@type": "JobPosting",
                "hiringOrganization": {"@type": "Organization", "name": " Acme "},
                "datePosted": "2024-05-01",
                "identifier": {"@type": "PropertyValue", "name": "Acme", "value": 1234},
                "employmentType": ["FULL_TIME", {"x": 1}],
                "url": ["not", "a", "string"]}"#,
        )
        .unwrap();
        let p = &postings(&v)[0];
        let mut m = AdvertMetadata::default();
        metadata(p, "", &mut m);
        assert_eq!(m.hiring_organization(), Some("Acme"));
        assert_eq!(m.date_posted(), Some("2024-05-01"));
        assert_eq!(m.identifier(), Some("1234"));
        assert_eq!(m.employment_type(), ["FULL_TIME"]);
        assert_eq!(m.url(), None);
        assert_eq!(
            m.skipped(),
            [
                "$.employmentType[]: an object where a string was expected",
                "$.url: a list where a string was expected"
            ]
        );
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        match parse("{\n  \"title\": \"x\",\n  oops\n}", "<json>") {
            Err(Error::Json {
                line,
                column,
                message,
                ..
            }) => {
                assert_eq!((line, column), (3, 3));
                assert!(!message.contains("line"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
