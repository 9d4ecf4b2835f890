//! The crate's error type.
//!
//! A cause from a dependency or the operating system is kept as the error's `source()` and is
//! not repeated in its message, so an error-chain printer shows each cause once:
//! `mine.toml: signal "x": regexes[0]: invalid regex "(": regex parse error: … unclosed group`.

/// Everything that can go wrong while loading a profile, building an [`Analyser`](crate::Analyser),
/// reading an advert file or extracting an advert from HTML or JSON (feature `html`). Analysis
/// itself never fails.
///
/// Each variant names its culprit: the file or origin, the signal id, the field. Messages are
/// lowercase without a trailing period, so they compose into longer messages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A profile could not be parsed (syntax, unknown field, wrong type).
    #[error("{origin}: {message}")]
    Parse {
        /// Where the profile came from: a file path, `"built-in profile"`, or `"<toml>"`/`"<json>"`.
        origin: String,
        /// The parser's message, with line and column where it gives them.
        message: String,
    },
    /// A signal's field holds a value the crate refuses.
    #[error("{origin}: signal {id:?}: {field}: {message}")]
    InvalidSignal {
        /// Where the profile came from.
        origin: String,
        /// The signal's id.
        id: String,
        /// The offending field, e.g. `phrases[2]` or `weight`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Two signals share an id.
    #[error("{origin}: signal {id:?}: duplicate id")]
    DuplicateId {
        /// Where the profile came from.
        origin: String,
        /// The repeated id.
        id: String,
    },
    /// Two signals (or a signal and a heading) would match the same normalised phrase.
    #[error("{origin}: phrase {phrase:?} is claimed by both {first:?} and {second:?}")]
    DuplicatePhrase {
        /// Where the profile came from.
        origin: String,
        /// The phrase after normalisation (lowercase, single spaces).
        phrase: String,
        /// The first signal (or `heading:<section>`) that claims it.
        first: String,
        /// The second one.
        second: String,
    },
    /// A signal's regex does not compile (or exceeds the size limit).
    #[error("{origin}: signal {id:?}: regexes[{index}]: invalid regex {pattern:?}")]
    Regex {
        /// Where the profile came from.
        origin: String,
        /// The signal's id.
        id: String,
        /// Position of the regex in the signal's `regexes` list.
        index: usize,
        /// The pattern as written.
        pattern: String,
        /// Why: the regex engine's error, kept as the `source()` (its type is not part of
        /// this crate's interface).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A setting is out of its documented range.
    #[error("{origin}: settings.{field}: {message}")]
    InvalidSetting {
        /// Where the profile came from.
        origin: String,
        /// The setting's name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The profile exceeds a documented size limit.
    #[error("{origin}: {what}: {count} exceeds the limit of {limit}")]
    TooLarge {
        /// Where the profile came from.
        origin: String,
        /// What was counted (`signals`, `phrases`).
        what: &'static str,
        /// How many there were.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A signal's own example or counter-example did not behave (strict building only).
    #[error("{origin}: signal {id:?}: {field}[{index}] {problem}: {text:?}")]
    ExampleFailed {
        /// Where the profile came from.
        origin: String,
        /// The signal's id.
        id: String,
        /// `examples` or `counter_examples`.
        field: &'static str,
        /// Position in that list.
        index: usize,
        /// The example's text.
        text: String,
        /// What went wrong, e.g. `did not match`.
        problem: &'static str,
    },
    /// The phrase automaton could not be built (too many or too long patterns for its limits).
    #[error("the phrase automaton could not be built")]
    Automaton {
        /// Why: the automaton builder's error, kept as the `source()`.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A file could not be read; the operating system's reason is the `source()`.
    #[error("{path}: cannot be read")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    Utf8 {
        /// The file.
        path: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A JobPosting JSON document does not parse (a syntax error, or nesting past serde_json's
    /// recursion limit).
    #[error("{origin}: JSON does not parse at line {line}, column {column}: {message}")]
    Json {
        /// Where the JSON came from: `"<json>"` for a document given as text.
        origin: String,
        /// 1-based line of the error in that document.
        line: usize,
        /// 1-based column (in bytes, as serde_json counts) of the error on that line.
        column: usize,
        /// serde_json's message, without its position.
        message: String,
    },
    /// A JSON document holds no schema.org `JobPosting` (looked for at the top level, in an
    /// `@graph`, in a list and under `mainEntity`).
    #[error("{origin}: no schema.org JobPosting found (looked at the top-level value, @graph, lists and mainEntity)")]
    NoJobPosting {
        /// Where the JSON came from.
        origin: String,
    },
    /// A `JobPosting` that cannot give an advert: it has neither a title nor a description with
    /// text, or one of them is not a string.
    #[error("{origin}: JobPosting at {path}: {message}")]
    JobPosting {
        /// Where the posting came from: `"<json>"`, or `"<html>"` for a page.
        origin: String,
        /// Where in the source: the JSON path of the posting (`$`, `$["@graph"][2]`), preceded
        /// for a page by the `application/ld+json` block's number and line
        /// (`ld+json block 2 (line 14) $[0]`).
        path: String,
        /// What is wrong, e.g. `neither a title nor a description with text`.
        message: String,
    },
    /// An HTML page has no visible text: no `<h1>` and no text outside scripts, styles, the
    /// `<head>` and the regions dropped as page furniture (its `<title>` alone is no advert).
    #[error("{origin}: no visible text in {bytes} bytes of HTML (nothing outside scripts, styles, the head and page furniture)")]
    NoVisibleText {
        /// Where the HTML came from: `"<html>"` for a page given as text.
        origin: String,
        /// Size of the HTML in bytes.
        bytes: usize,
    },
}

impl Error {
    pub(crate) fn automaton(e: aho_corasick::BuildError) -> Error {
        Error::Automaton {
            source: Box::new(e),
        }
    }
}
