//! What an analysis returns: the verdict, the scores and the evidence.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{AdvertMetadata, JobTitle, Role, SignalKind, Span};

/// The part of an advert a piece of evidence stands in, found from its headings.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Section {
    /// The advert's title (the title field, or a text's first line when no title was given).
    Title,
    /// Text before any recognised heading.
    Preamble,
    /// Responsibilities, duties, "what you will do".
    Responsibilities,
    /// Requirements, skills, experience, "about you".
    Requirements,
    /// About the company or the team.
    Company,
    /// Benefits, salary, "what we offer".
    Benefits,
    /// Any other recognised heading (how to apply, equal opportunities…).
    Other,
    /// Page furniture: text above the title line (cookie banners, breadcrumbs, logos), running
    /// headers, footers and page counters of text taken from a PDF, and lists
    /// of other vacancies under headings such as "Similar jobs". Counts nothing by default.
    Furniture,
}

impl Section {
    /// The snake_case name used in profiles and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Section::Title => "title",
            Section::Preamble => "preamble",
            Section::Responsibilities => "responsibilities",
            Section::Requirements => "requirements",
            Section::Company => "company",
            Section::Benefits => "benefits",
            Section::Other => "other",
            Section::Furniture => "furniture",
        }
    }
}

/// Writes the snake_case name used in profiles and JSON ([`as_str`](Section::as_str)).
impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which field of the [`Advert`](crate::Advert) a piece of evidence came from; its span indexes
/// that field's text. The title comes first in the order of evidence.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The advert's separate title.
    Title,
    /// The advert's body text.
    Body,
}

impl Field {
    /// The snake_case name used in JSON: `title` or `body`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
        }
    }
}

/// Writes the name used in JSON ([`as_str`](Field::as_str)).
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a hit counts otherwise than at face value: the words around it say whose duty it is.
///
/// Found by the cue words of the profile (see [`Cues`](crate::Cues)); a hit without a cue counts
/// at face value.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cue {
    /// A negation before or after it in the clause ("no line management", "line management is
    /// not part of this role"): the hit is counter-evidence, its weight negative.
    Negation,
    /// A job title named as somebody else's ("reporting to the PMO Manager", "our Head of PMO"):
    /// not the advert's claim; it adds a mention's share to PMO membership.
    Reference,
    /// A phrase naming people or a body right after an audience cue ("slides for PMO
    /// leadership", "packs for the governance boards"): whom the job serves, not its duty.
    /// Counts nothing.
    Audience,
    /// In a sentence about somebody else ("The programme will redesign the operating model",
    /// "Our Head of PMO sets the strategy"): background, not the job's duty. Counts nothing.
    Background,
    /// The words mean something else here ("Prime Minister's Office (PMO)"), or the advert
    /// elsewhere gives them that meaning. Counts nothing.
    OtherMeaning,
    /// PMO context named from outside ("report progress to the PMO", "the usual PMO
    /// activity"): context, but no sign that the job sits in a PMO.
    Mention,
    /// PMO context that puts the job inside the PMO ("join our PMO", "within the programme
    /// office"): counts fully towards membership.
    Membership,
    /// An analyst's duty that the job oversees rather than does ("oversee the maintenance of
    /// project documentation", "supervise the clerks who keep the RAID log"): the work of the
    /// people the job leads. Counts nothing.
    Oversight,
    /// A senior duty the job helps with rather than does ("support the implementation of the PMO
    /// framework", "assist with the design of templates"): an analyst's kind of work. Counts
    /// nothing.
    Support,
}

impl Cue {
    /// The snake_case name used in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Cue::Negation => "negation",
            Cue::Reference => "reference",
            Cue::Audience => "audience",
            Cue::Background => "background",
            Cue::OtherMeaning => "other_meaning",
            Cue::Mention => "mention",
            Cue::Membership => "membership",
            Cue::Oversight => "oversight",
            Cue::Support => "support",
        }
    }

    /// True for the cues that make a duty or title count nothing for the job (audience,
    /// background, reference, other meaning, oversight).
    pub fn discounts(&self) -> bool {
        matches!(
            self,
            Cue::Reference
                | Cue::Audience
                | Cue::Background
                | Cue::OtherMeaning
                | Cue::Oversight
                | Cue::Support
        )
    }
}

/// Writes the snake_case name used in JSON ([`as_str`](Cue::as_str)).
impl fmt::Display for Cue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One phrase that counted, where it stands, and why it counted or did not.
///
/// A compact record: its matched text, signal id and theme are looked up on access in a store
/// that every piece of evidence of one report shares (one `Arc` per piece, no string of its
/// own). Serialised and compared by what the getters give, so the JSON is the same as if each
/// piece held its own strings.
#[derive(Clone)]
pub struct Evidence {
    /// The texts and names this evidence looks up (shared by the report's evidence).
    pub(crate) store: Arc<EvidenceStore>,
    /// Index of the signal's names in `store.signals`.
    pub(crate) signal: usize,
    /// Where the matched text stands in `store.text`.
    pub(crate) text: Span,
    pub(crate) role: Option<Role>,
    pub(crate) kind: SignalKind,
    pub(crate) span: Span,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) sentence: Span,
    pub(crate) section: Section,
    pub(crate) field: Field,
    pub(crate) weight: f64,
    pub(crate) cue: Option<Cue>,
    pub(crate) source_span: Option<Span>,
}

/// What a report's evidence looks up on access, shared by all of it: the matched texts one
/// after another, and the signal table's ids and themes. Holding the matched texts rather than
/// the analysed text keeps a report small however long the advert (keyword-stuffed text lists
/// only a few hundred hits of many megabytes); holding the names table rather than the analyser
/// lets a report outlive its analyser without keeping the automata alive.
#[derive(Debug)]
pub(crate) struct EvidenceStore {
    /// The matched text of every piece of evidence, one after another (the order the analysis
    /// found them in; each piece knows where its own stands).
    pub(crate) text: String,
    /// The names of every signal, by index (the analyser's table, shared, or the one signal of
    /// a deserialised piece of evidence).
    pub(crate) signals: Arc<[SignalName]>,
}

/// A signal's id and theme, as evidence shows them.
#[derive(Clone, Debug)]
pub(crate) struct SignalName {
    pub(crate) id: Arc<str>,
    pub(crate) theme: Arc<str>,
}

/// Evidence as serde writes and reads it: every field by value, in the order of the JSON.
/// Written with borrowed strings (`S = &str`), read with owned ones (`S = String`); the JSON
/// Schema of [`Evidence`] is this record's.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "One phrase that counted, where it stands, and why it counted or did not."
    )
)]
#[derive(Serialize, Deserialize)]
#[serde(rename = "Evidence")]
struct EvidenceRecord<S> {
    role: Option<Role>,
    kind: SignalKind,
    signal: S,
    theme: S,
    text: S,
    span: Span,
    line: usize,
    column: usize,
    sentence: Span,
    section: Section,
    field: Field,
    weight: f64,
    cue: Option<Cue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_span: Option<Span>,
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EvidenceRecord {
            role: self.role,
            kind: self.kind,
            signal: self.signal(),
            theme: self.theme(),
            text: self.text(),
            span: self.span,
            line: self.line,
            column: self.column,
            sentence: self.sentence,
            section: self.section,
            field: self.field,
            weight: self.weight,
            cue: self.cue,
            source_span: self.source_span,
        }
        .serialize(serializer)
    }
}

/// A deserialised piece of evidence gets a store of its own: its text and its one signal.
impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = EvidenceRecord::<String>::deserialize(deserializer)?;
        let text = Span::new(0, r.text.len());
        let signals: Arc<[SignalName]> = Arc::new([SignalName {
            id: Arc::from(r.signal),
            theme: Arc::from(r.theme),
        }]);
        Ok(Evidence {
            store: Arc::new(EvidenceStore {
                text: r.text,
                signals,
            }),
            signal: 0,
            text,
            role: r.role,
            kind: r.kind,
            span: r.span,
            line: r.line,
            column: r.column,
            sentence: r.sentence,
            section: r.section,
            field: r.field,
            weight: r.weight,
            cue: r.cue,
            source_span: r.source_span,
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Evidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        EvidenceRecord::<String>::json_schema(generator)
    }
}

/// Equal when every getter gives the same: where the strings are stored does not matter.
impl PartialEq for Evidence {
    fn eq(&self, other: &Evidence) -> bool {
        self.role == other.role
            && self.kind == other.kind
            && self.signal() == other.signal()
            && self.theme() == other.theme()
            && self.text() == other.text()
            && self.span == other.span
            && self.line == other.line
            && self.column == other.column
            && self.sentence == other.sentence
            && self.section == other.section
            && self.field == other.field
            && self.weight == other.weight
            && self.cue == other.cue
            && self.source_span == other.source_span
    }
}

/// The fields as the getters give them, as if each piece held its own strings.
impl fmt::Debug for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evidence")
            .field("role", &self.role)
            .field("kind", &self.kind)
            .field("signal", &self.signal())
            .field("theme", &self.theme())
            .field("text", &self.text())
            .field("span", &self.span)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("sentence", &self.sentence)
            .field("section", &self.section)
            .field("field", &self.field)
            .field("weight", &self.weight)
            .field("cue", &self.cue)
            .field("source_span", &self.source_span)
            .finish()
    }
}

impl Evidence {
    /// The role the signal speaks for; `None` for context and non-PMO signals.
    pub fn role(&self) -> Option<Role> {
        self.role
    }
    /// The kind of signal (title, duty, context, non-PMO).
    pub fn kind(&self) -> SignalKind {
        self.kind
    }
    /// The signal's id in the profile.
    pub fn signal(&self) -> &str {
        self.store.signals.get(self.signal).map_or("", |s| &s.id)
    }
    /// The signal's theme.
    pub fn theme(&self) -> &str {
        self.store.signals.get(self.signal).map_or("", |s| &s.theme)
    }
    /// The matched text, exactly as it stands in the field (`&field_text[self.span()]`).
    pub fn text(&self) -> &str {
        self.store.text.get(self.text.range()).unwrap_or("")
    }
    /// Byte span of the match in its field's text.
    pub fn span(&self) -> Span {
        self.span
    }
    /// 1-based line of the match start in its field (CRLF and lone CR count as one break).
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column of the match start, counted in chars.
    pub fn column(&self) -> usize {
        self.column
    }
    /// Byte span of the sentence around the match (UAX #29 sentences, bounded to a window of
    /// about 400 bytes each side of the match).
    pub fn sentence(&self) -> Span {
        self.sentence
    }
    /// The advert section the match stands in.
    pub fn section(&self) -> Section {
        self.section
    }
    /// The field the match came from.
    pub fn field(&self) -> Field {
        self.field
    }
    /// What the hit added to its role's score (negative for counter-evidence; after repeat decay
    /// and section factor). For context and non-PMO signals, what it added to those masses.
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// What the words around the hit say about it, if anything (see [`Cue`]).
    pub fn cue(&self) -> Option<Cue> {
        self.cue
    }
    /// True when a negation in the clause, before or after the hit ("no", "not", "without",
    /// "is not part of this role"), turned it into counter-evidence.
    pub fn negated(&self) -> bool {
        self.cue == Some(Cue::Negation)
    }
    /// True when a job title is named as somebody else's ("reporting to the PMO Manager"): not
    /// the advert's claim.
    pub fn reference(&self) -> bool {
        self.cue == Some(Cue::Reference)
    }
    /// Byte span in the original source document (an HTML page) covering the same words as
    /// [`text`](Evidence::text), when the advert was extracted from one and the words map back to
    /// it (see `input::ExtractedAdvert::analyse`, feature `html`). `None` for adverts given as
    /// text, and for text taken from a JSON string (a JSON-LD `JobPosting`).
    ///
    /// Unlike [`span`](Evidence::span), it indexes the source, where the words may stand with
    /// tags, entities (`Power&nbsp;BI`) and other white space between them.
    pub fn source_span(&self) -> Option<Span> {
        self.source_span
    }
}

/// One line: where the hit stands, the matched text quoted (escaped as `{:?}` escapes it), then
/// in brackets its signal, its weight with a sign and two decimals (or the formatter's
/// precision), and its cue if any; `title ` comes first for a hit in the title field.
///
/// ```
/// use pmo_advert::Analyser;
///
/// let report = Analyser::builtin().analyse_text("PMO Officer\nYou will maintain the RAID log.");
/// let raid = report.evidence().iter().find(|e| e.text() == "RAID log").unwrap();
/// assert_eq!(raid.to_string(), format!("2:23 \"RAID log\" ({}, {:+.2})", raid.signal(), raid.weight()));
/// ```
impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        if self.field == Field::Title {
            f.write_str("title ")?;
        }
        write!(
            f,
            "{}:{} {:?} ({}, {:+.precision$}",
            self.line,
            self.column,
            self.text(),
            self.signal(),
            self.weight
        )?;
        if let Some(cue) = self.cue {
            write!(f, ", {cue}")?;
        }
        f.write_str(")")
    }
}

/// The role an advert is for, with a confidence in `[0, 1]`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub(crate) role: Role,
    pub(crate) confidence: f64,
}

impl Verdict {
    /// The role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The winning role's share of all the evidence, in `[0, 1]`; at or above the profile's
    /// threshold by construction.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }
}

/// The role and the confidence with two decimals (or the formatter's precision):
/// `Manager (0.97)`.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        write!(f, "{} ({:.precision$})", self.role, self.confidence)
    }
}

/// A score for each role.
///
/// A score adds up the weights of the role's hits, each times its section factor, repeat decay
/// and (for a title) title factor; negated hits subtract. In a [`Report`] and in
/// [`FeatureScores`](crate::FeatureScores) every score is floored at 0, and it has no upper
/// bound (a long advert scores more than a short one); only the shares between them are
/// bounded (see [`Report::share`]).
///
/// ```
/// use pmo_advert::{Role, Scores};
///
/// let scores = Scores::new(0.5, 2.25, 9.0);
/// assert_eq!(scores.lead(), 2.25);
/// assert_eq!(scores.best(), (Role::Manager, 9.0));
/// assert_eq!(scores.to_string(), "analyst 0.50, lead 2.25, manager 9.00");
/// assert_eq!(format!("{scores:.1}"), "analyst 0.5, lead 2.2, manager 9.0");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The JSON Schema keeps the first line; the rest is about the Rust API.
#[cfg_attr(feature = "schema", schemars(description = "A score for each role."))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Analyst score.
    pub(crate) analyst: f64,
    /// Lead score.
    pub(crate) lead: f64,
    /// Manager score.
    pub(crate) manager: f64,
}

impl Scores {
    /// The scores of Analyst, Lead and Manager (for tests, and for tools that score adverts
    /// with [`Settings::decide`](crate::Settings::decide)). Any values are accepted.
    pub fn new(analyst: f64, lead: f64, manager: f64) -> Scores {
        Scores {
            analyst,
            lead,
            manager,
        }
    }
    /// The Analyst score (≥ 0 in a report, unbounded above).
    pub fn analyst(&self) -> f64 {
        self.analyst
    }
    /// The Lead score (≥ 0 in a report, unbounded above).
    pub fn lead(&self) -> f64 {
        self.lead
    }
    /// The Manager score (≥ 0 in a report, unbounded above).
    pub fn manager(&self) -> f64 {
        self.manager
    }
    /// The score of one role.
    pub fn get(&self, role: Role) -> f64 {
        match role {
            Role::Analyst => self.analyst,
            Role::Lead => self.lead,
            Role::Manager => self.manager,
        }
    }

    pub(crate) fn add(&mut self, role: Role, v: f64) {
        match role {
            Role::Analyst => self.analyst += v,
            Role::Lead => self.lead += v,
            Role::Manager => self.manager += v,
        }
    }

    /// The highest-scoring role (ties go to the more junior role) and its score.
    pub fn best(&self) -> (Role, f64) {
        let mut best = (Role::Analyst, self.analyst);
        for r in [Role::Lead, Role::Manager] {
            if self.get(r) > best.1 {
                best = (r, self.get(r));
            }
        }
        best
    }

    /// The sum of the three scores.
    pub fn total(&self) -> f64 {
        self.analyst + self.lead + self.manager
    }
}

/// Each role's lowercase name and score, with two decimals (or the formatter's precision):
/// `analyst 0.12, lead 0.40, manager 9.50`.
impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        write!(
            f,
            "analyst {:.precision$}, lead {:.precision$}, manager {:.precision$}",
            self.analyst, self.lead, self.manager
        )
    }
}

/// What the advert's job title says the role is, as the title grammar parsed it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TitleClaim {
    pub(crate) role: Role,
    pub(crate) signal: Arc<str>,
    pub(crate) text: String,
    pub(crate) span: Span,
    pub(crate) field: Field,
    pub(crate) pmo: bool,
}

impl TitleClaim {
    /// The claimed role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The title signal that made the claim.
    pub fn signal(&self) -> &str {
        &self.signal
    }
    /// The title words that made it: from the rank word to the unit ("Manager – Programme
    /// Management Office").
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Byte span of [`text`](TitleClaim::text) in its field.
    pub fn span(&self) -> Span {
        self.span
    }
    /// The field the title stands in: the title, or the body when the title line was found
    /// there.
    pub fn field(&self) -> Field {
        self.field
    }
    /// True when the title names a PMO ("PMO Analyst", "Manager, Programme Office"); false for a
    /// rank alone ("Programme Administrator"), which claims a level only when the body shows the
    /// job sits in a PMO, and then at half weight.
    pub fn is_pmo(&self) -> bool {
        self.pmo
    }
}

/// A title that claims one level over duties that read as another (title inflation or deflation).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// What the title claims.
    pub(crate) claimed: Role,
    /// What the duties alone say.
    pub(crate) duties: Role,
}

impl Mismatch {
    /// The level the title claims ([`TitleClaim::role`]).
    pub fn claimed(&self) -> Role {
        self.claimed
    }
    /// The level the duties alone read as (the role of [`Report::duties_verdict`]); never
    /// [`claimed`](Mismatch::claimed).
    pub fn duties(&self) -> Role {
        self.duties
    }
    /// True when the title claims a higher level than the duties show (title inflation);
    /// false when it claims a lower one.
    pub fn overstates(&self) -> bool {
        self.claimed > self.duties
    }
}

/// `title claims Manager, duties read as Analyst`.
impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "title claims {}, duties read as {}",
            self.claimed, self.duties
        )
    }
}

/// Hits of one signal past its cap on listed evidence: counted here, not listed in
/// [`Report::evidence`] and not scored. A signal's cap is where the hits beyond it could move no
/// score, nor the membership, by more than 10⁻⁴ (the tail of its repeat decay at its weight and
/// the largest section and title factors); at least 8 hits of each signal that counts, and 8 that
/// a cue discounts, are always listed. Only keyword-stuffed text reaches a cap.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmittedEvidence {
    pub(crate) signal: Arc<str>,
    pub(crate) count: usize,
}

impl OmittedEvidence {
    /// The signal's id.
    pub fn signal(&self) -> &str {
        &self.signal
    }
    /// How many of its hits were not listed.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Sizes of the analysed text.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextStats {
    /// Bytes of the body and title given.
    pub(crate) bytes: usize,
    /// Bytes analysed (less than `bytes` only when the input was truncated).
    pub(crate) analysed_bytes: usize,
    /// True when the input exceeded the analyser's size cap and only a prefix was analysed.
    pub(crate) truncated: bool,
    /// Lines of the analysed body.
    pub(crate) lines: usize,
    /// Words of the analysed body and title (runs of word characters).
    pub(crate) words: usize,
}

impl TextStats {
    /// UTF-8 bytes of the body and title given, together.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
    /// UTF-8 bytes analysed, body and title together: at most [`bytes`](TextStats::bytes), and
    /// less only when [`truncated`](TextStats::truncated).
    pub fn analysed_bytes(&self) -> usize {
        self.analysed_bytes
    }
    /// True when a field exceeded the analyser's size cap
    /// ([`AnalyserBuilder::max_input_bytes`](crate::AnalyserBuilder::max_input_bytes)) and only
    /// a prefix of it, cut on a char boundary, was analysed.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
    /// Lines of the analysed body (CRLF and a lone CR count as one break).
    pub fn lines(&self) -> usize {
        self.lines
    }
    /// Words of the analysed body and title: runs of word characters.
    pub fn words(&self) -> usize {
        self.words
    }
}

/// `2048 bytes, 40 lines, 310 words`, and `, truncated to N bytes` when
/// [`truncated`](TextStats::truncated).
impl fmt::Display for TextStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} bytes, {} lines, {} words",
            self.bytes, self.lines, self.words
        )?;
        if self.truncated {
            write!(f, ", truncated to {} bytes", self.analysed_bytes)?;
        }
        Ok(())
    }
}

/// The result of analysing one advert.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub(crate) verdict: Option<Verdict>,
    pub(crate) scores: Scores,
    pub(crate) duties_only: Scores,
    pub(crate) duties_verdict: Option<Verdict>,
    pub(crate) share: f64,
    pub(crate) duties_share: f64,
    pub(crate) title_claim: Option<TitleClaim>,
    pub(crate) mismatch: Option<Mismatch>,
    pub(crate) pmo_context: f64,
    pub(crate) membership: f64,
    pub(crate) title_line: Option<Span>,
    pub(crate) job_title: Option<JobTitle>,
    pub(crate) non_pmo: f64,
    pub(crate) evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) omitted: Vec<OmittedEvidence>,
    pub(crate) stats: TextStats,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) metadata: Option<AdvertMetadata>,
}

impl Report {
    /// The role the advert is for, or `None` when it is not a PMO advert or the evidence is too
    /// thin.
    pub fn verdict(&self) -> Option<Verdict> {
        self.verdict
    }
    /// Scores from the title and the duties.
    pub fn scores(&self) -> Scores {
        self.scores
    }
    /// Scores from the duties alone (every title signal ignored).
    pub fn duties_only(&self) -> Scores {
        self.duties_only
    }
    /// The verdict the duties alone give, under the same rules.
    pub fn duties_verdict(&self) -> Option<Verdict> {
        self.duties_verdict
    }
    /// The leading role's share of the evidence (the confidence before the threshold); 0 when
    /// there is no PMO context or the leading score is under the minimum. A verdict of `None`
    /// with a share near 0 is a confident "not a PMO role".
    pub fn share(&self) -> f64 {
        self.share
    }
    /// [`share`](Report::share) for the duties-only scores.
    pub fn duties_share(&self) -> f64 {
        self.duties_share
    }
    /// What the title claims, if it names a PMO role.
    pub fn title_claim(&self) -> Option<&TitleClaim> {
        self.title_claim.as_ref()
    }
    /// Set when the title claims one level and the duties read as another.
    pub fn mismatch(&self) -> Option<Mismatch> {
        self.mismatch
    }
    /// Mass of PMO context found (context signals and PMO titles), however they were named.
    pub fn pmo_context(&self) -> f64 {
        self.pmo_context
    }
    /// How strongly the job sits in a PMO rather than merely mentioning one: a PMO job title,
    /// the advert naming its own PMO title, "join our PMO", "within the programme office"
    /// (see [`Settings::min_membership`](crate::Settings::min_membership)). Without enough of it
    /// there is no verdict.
    pub fn membership(&self) -> f64 {
        self.membership
    }
    /// The job title as the title grammar parsed it (level, rank, unit, modifiers, a title of
    /// another job), from the title or the title line; its spans index that field.
    pub fn job_title(&self) -> Option<&JobTitle> {
        self.job_title.as_ref()
    }
    /// When the advert came without a separate title: the byte span of the body line taken as
    /// its title (page furniture such as cookie banners and page counters skipped), if any.
    pub fn title_line(&self) -> Option<Span> {
        self.title_line
    }
    /// Mass of signs of a non-PMO job.
    pub fn non_pmo(&self) -> f64 {
        self.non_pmo
    }
    /// Hits not listed in [`evidence`](Report::evidence), per signal, because the signal was
    /// hit past its cap (see [`OmittedEvidence`]); empty but for keyword-stuffed text.
    pub fn omitted(&self) -> &[OmittedEvidence] {
        &self.omitted
    }
    /// Every hit, in field order (title first) and then text order.
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    /// Sizes of the text.
    pub fn stats(&self) -> TextStats {
        self.stats
    }
    /// Where the advert came from and what its source said about it (organisation, date
    /// posted, identifier…), when it was extracted from an HTML page or a JobPosting (see
    /// `input::ExtractedAdvert::analyse`, feature `html`), or attached with
    /// [`with_metadata`](Report::with_metadata). `None` for adverts analysed as text.
    pub fn metadata(&self) -> Option<&AdvertMetadata> {
        self.metadata.as_ref()
    }
    /// The report with `metadata` attached (replacing any it held); it is serialised under
    /// `metadata` and rendered by [`render`](Report::render).
    pub fn with_metadata(mut self, metadata: AdvertMetadata) -> Report {
        self.metadata = Some(metadata);
        self
    }
}

/// One line: the verdict ([`Verdict`]'s form, or `no verdict`), the scores ([`Scores`]' form,
/// two decimals or the formatter's precision), the mismatch if any, and how many pieces of
/// evidence there are (`Manager (0.97); scores analyst 0.50, lead 2.25, manager 9.00; 12 pieces
/// of evidence`). [`render`](Report::render) and the `render` module give the full
/// reports.
///
/// ```
/// use pmo_advert::{Advert, Analyser};
///
/// let advert = Advert::new("You will maintain the RAID log and track KPIs.").title("PMO Officer");
/// let report = Analyser::builtin().analyse(&advert);
/// let line = report.to_string();
/// assert!(line.starts_with("Analyst (1.00); scores analyst "));
/// assert!(line.ends_with(" of evidence"));
/// assert!(!line.contains('\n'));
/// ```
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        match self.verdict {
            Some(v) => write!(f, "{v:.precision$}")?,
            None => f.write_str("no verdict")?,
        }
        write!(f, "; scores {:.precision$}", self.scores)?;
        if let Some(m) = self.mismatch {
            write!(f, "; {m}")?;
        }
        match self.evidence.len() {
            1 => f.write_str("; 1 piece of evidence"),
            n => write!(f, "; {n} pieces of evidence"),
        }
    }
}

impl Report {
    /// Renders the report as text for people: the verdict, the scores, the title's claim against
    /// the duties, and each piece of evidence as `line:col role signal "matched"` with its
    /// sentence. `advert` must be the advert this report was made from. A report with
    /// [`metadata`](Report::metadata) also shows it (one line, then a `skipped:` line per item
    /// passed over), and evidence with a [`source_span`](Evidence::source_span) ends with
    /// `@start..end`; a report of plain text has neither.
    ///
    /// ```
    /// use pmo_advert::{Advert, Analyser};
    ///
    /// let advert = Advert::new("You will maintain the RAID log and track KPIs.").title("PMO Officer");
    /// let report = Analyser::builtin().analyse(&advert);
    /// let text = report.render(&advert);
    /// assert!(text.starts_with("verdict: Analyst"));
    /// assert!(text.contains("analyst analyst.raid \"RAID log\""));
    /// ```
    pub fn render(&self, advert: &crate::Advert<'_>) -> String {
        use core::fmt::Write;
        let mut out = String::new();
        let _ = match self.verdict {
            Some(v) => writeln!(out, "verdict: {} ({:.0}%)", v.role, v.confidence * 100.0),
            None => writeln!(
                out,
                "verdict: none (not a PMO role, or too little evidence)"
            ),
        };
        let s = self.scores;
        let d = self.duties_only;
        let _ = writeln!(
            out,
            "scores: analyst {:.2}  lead {:.2}  manager {:.2}",
            s.analyst, s.lead, s.manager
        );
        let _ = writeln!(
            out,
            "duties only: analyst {:.2}  lead {:.2}  manager {:.2}",
            d.analyst, d.lead, d.manager
        );
        let duties = match self.duties_verdict {
            Some(v) => v.role.to_string(),
            None => "none".to_string(),
        };
        let _ = match &self.title_claim {
            Some(c) => writeln!(
                out,
                "title claims: {} ({:?}, {}); duties say: {}{}",
                c.role,
                c.text,
                c.signal,
                duties,
                if self.mismatch.is_some() {
                    "  MISMATCH"
                } else {
                    ""
                }
            ),
            None => writeln!(out, "title claims: nothing; duties say: {duties}"),
        };
        let _ = writeln!(
            out,
            "pmo context: {:.2}  membership: {:.2}  non-pmo: {:.2}  ({})",
            self.pmo_context, self.membership, self.non_pmo, self.stats
        );
        if let Some(m) = &self.metadata {
            render_metadata(&mut out, m);
        }
        let _ = writeln!(out, "evidence ({}):", self.evidence.len());
        for e in &self.evidence {
            let field_text = match e.field {
                Field::Title => advert.title_text().unwrap_or(""),
                Field::Body => advert.body(),
            };
            let who = match (e.role, e.kind) {
                (Some(r), _) => r.as_str(),
                (None, k) => k.as_str(),
            };
            let mut flags = String::new();
            if let Some(cue) = e.cue {
                flags.push(' ');
                flags.push_str(cue.as_str());
            }
            if let Some(src) = e.source_span {
                let _ = write!(flags, " @{src:?}");
            }
            let _ = writeln!(
                out,
                "  {}{}:{} {} {} {:?} {:+.2} [{}]{}",
                if e.field == Field::Title {
                    "title "
                } else {
                    ""
                },
                e.line,
                e.column,
                who,
                e.signal(),
                e.text(),
                e.weight,
                e.section.as_str(),
                flags
            );
            if let Some(sentence) = field_text.get(e.sentence.range()) {
                let one_line: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
                let _ = writeln!(out, "      | {one_line}");
            }
        }
        out
    }
}

/// One line of what the source said (only the fields it holds), then one per skipped item.
fn render_metadata(out: &mut String, m: &AdvertMetadata) {
    use core::fmt::Write;
    let mut parts = Vec::new();
    if let Some(s) = m.source {
        parts.push(format!("source: {}", s.as_str()));
    }
    if m.html_errors > 0 {
        parts.push(format!("html errors: {}", m.html_errors));
    }
    for (name, value) in [
        ("organisation", &m.hiring_organization),
        ("posted", &m.date_posted),
        ("id", &m.identifier),
        ("url", &m.url),
    ] {
        if let Some(v) = value {
            parts.push(format!("{name}: {v:?}"));
        }
    }
    if !m.employment_type.is_empty() {
        parts.push(format!("employment: {}", m.employment_type.join(", ")));
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "{}", parts.join("  "));
    }
    for s in &m.skipped {
        let _ = writeln!(out, "skipped: {s}");
    }
}
