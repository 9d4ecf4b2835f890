//! The title grammar: parses a job title ("Senior PMO Analyst", "Manager, Enterprise PMO",
//! "Head of Group PMO") into its level, rank, unit and modifiers, and finds the title line of an
//! advert that comes without a separate title.
//!
//! # Data
//!
//! The words come from the profile's `[title]` table ([`TitleGrammar`]): unit words (PMO,
//! programme management office, P3O…), rank words per level, PMO titles that hold no unit word
//! ("Project Management Officer"), junior, lead and neutral modifiers, grades, near misses (titles
//! of other jobs: "Project Manager", "Policy Officer"), phrases that are not units ("Prime
//! Minister's Office"), and the furniture, labels and organisation endings used to find a title
//! line. Phrases are folded and get spelling and hyphen variants exactly like signal phrases.
//!
//! # Rules
//!
//! 1. The title is folded and scanned once for lexicon phrases (leftmost-longest, whole words);
//!    other words are plain. Separators split it into segments: `,` `:` `|` `/`, a dash with a
//!    space on either side (`-`, `–`, `—`), brackets `(` `)` `[` `]`, and the words *at* and
//!    *for* ("PMO Director for Offshore Wind"). `&` and `&amp;` are neither.
//! 2. Brackets: a bracket holding unit words but no rank and no near miss ("(PMO)", "(Enterprise
//!    Project Management Office)") is transparent: its words join the segment around it. A
//!    bracket with neither a unit nor a rank (grades, "(12+ yrs)", "(m2)", "(Assistant Vice
//!    President)") is ignored; inside brackets grade words ("vice president") are not ranks. A
//!    bracket with a rank but no unit is a segment of its own. A bracket with a unit and a rank
//!    (or a PMO title) is an alternative title, parsed on its own: "Senior Project Manager
//!    (Senior PMO Team Lead)" is a Lead.
//! 3. In a segment the **last** rank word governs: "PMO Manager Lead" is a Lead, "Head of Group
//!    PMO" a Manager. Modifiers qualify it: a lead modifier ("lead", "team lead") before an
//!    analyst or unlevelled rank makes a Lead ("Lead PMO Analyst", "Lead PMO Consultant"); a
//!    junior modifier anywhere in the segment makes an Analyst ("Junior PMO", "Trainee PMO
//!    Manager"); neutral modifiers (senior, principal, interim, acting, **deputy**, associate…)
//!    change nothing: "Deputy Head of PMO" is a Manager, because the rank word governs. A word
//!    that is both a rank and a modifier ("lead", "assistant", "chief") is the rank when it is
//!    the last rank word of its segment and a modifier otherwise.
//! 4. A segment with a unit but no rank borrows the rank of the segment next to it when that one
//!    has a rank and no unit (the one before first): "Manager, Enterprise PMO", "Officer –
//!    Programme Management Office", "Project Management Office (PMO), Manager".
//! 5. A unit with no rank anywhere is a PMO title without a level ("Portfolio PMO", "Senior PMO"),
//!    unless a junior modifier makes it an Analyst ("Junior IT PMO"). Unlevelled ranks
//!    ("PMO Specialist") give no level either.
//! 6. With no unit and no PMO title the title is not a PMO title; its level is the highest of its
//!    segments' levels ("Programme Administrator" is an Analyst, "Team Leader: Project
//!    Coordinator" a Lead). A near miss ("Project Manager", "Delivery Lead") is one token and so
//!    hides the rank inside it. A PMO title wins over a near miss, which is still reported.
//!    Preference: a levelled PMO reading of the main title, then of an alternative in brackets,
//!    then an unlevelled PMO reading, then the non-PMO reading.
//! 7. `not_units` hide the unit words inside them, and a bracket of unit words right after one:
//!    "Policy Officer, Prime Minister's Office (PMO)" is a near miss, not a PMO title.
//!
//! A near miss next to a unit ("Project Manager - PMO", "Project Manager (PMO)") is read as a PMO
//! title with no level, the near miss reported: the title names a PMO but not a PMO rank.
//!
//! Brackets nest up to [`MAX_DEPTH`] deep; deeper ones count as plain separators. Parsing is one
//! automaton scan plus work linear in the number of words, and never panics.
//!
//! # The title line
//!
//! [`TitleParser::find_title_line`] reads the first [`TITLE_LINES`] non-blank lines within the
//! first [`TITLE_BYTES`] bytes of a body (a line cut by that limit is not read), in order:
//!
//! - a line opening with a label and a separator ("Job title:", "Role –", "Position |") gives the
//!   rest of the line, or the next line when the rest is empty;
//! - a line opening with furniture or a heading, a separator and a title ("Job Description – PMO
//!   Analyst") gives the title;
//! - a line opening with one of the profile's section headings ("Key responsibilities",
//!   "Responsibilities of a PMO Analyst"), a list item or a table row is skipped;
//! - a line that parses as a job title (a unit, a rank, a PMO title or a near miss), is no
//!   sentence and has at most [`TITLE_WORDS`] words is the title; when it has a unit or modifiers
//!   but no rank and the next line is a rank of at most three words ("Senior PMO" / "Analyst"),
//!   the span covers both lines;
//! - otherwise the first line that is neither furniture (a furniture phrase, an organisation's
//!   name ending in an `organisation_endings` word, no word of two letters: dates and reference
//!   numbers), nor a sentence, nor a question, is the fallback.
//!
//! A sentence ends with `.` `!` `;` or runs on (`:` `,` `-` `&` `/`), has more than
//! [`TITLE_WORDS`] words, holds *will*, *you*, *your*, *we*, *our* or *us*, ends with a function
//! word ("the", "and", "of"…), says "reporting to" or "working with", or has a comma followed by
//! a lowercase word. A question that parses as a title ("What Is a PMO Coordinator?") may be the
//! title; a cookie question is furniture.

use std::cell::OnceCell;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::document::{boundary_after, boundary_before, floor_boundary, is_word_byte, Normalised};
use crate::matcher::{first_equal, fold_plain, phrase_variants, LongestMatch, MainAutomaton};
use crate::profile::Heading;
use crate::{Error, Profile, Role, Span};

/// Brackets nested deeper than this are read as plain separators.
const MAX_DEPTH: usize = 16;
/// How many non-blank lines [`TitleParser::find_title_line`] looks at.
const TITLE_LINES: usize = 8;
/// How many bytes of the body [`TitleParser::find_title_line`] looks at.
const TITLE_BYTES: usize = 1_500;
/// Each of two lines that together wrap one title holds at most this many words.
const WRAP_WORDS: usize = 6;
/// A title line holds at most this many words.
const TITLE_WORDS: usize = 12;

/// The words of the title grammar: the `[title]` table of a profile.
///
/// Every field is a list of phrases, folded and matched like signal phrases (ASCII case ignored,
/// UK/US spellings and hyphen variants generated). A user profile's lists are appended to the
/// built-in ones by [`Profile::merge`].
///
/// ```
/// use pmo_advert::{Profile, TitleParser};
///
/// let extra = Profile::from_toml_str(r#"
///     [title]
///     units = ["value management office"]
/// "#)?;
/// let parser = TitleParser::new(&Profile::builtin().merge(extra))?;
/// let title = parser.parse("Value Management Office Lead");
/// assert!(title.is_pmo());
/// # Ok::<(), pmo_advert::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleGrammar {
    /// Words that name a PMO: "pmo", "programme management office", "p3o", "portfolio office".
    #[serde(default)]
    pub units: Vec<String>,
    /// Phrases in which unit words do not mean a PMO: "prime minister's office", "head office".
    #[serde(default)]
    pub not_units: Vec<String>,
    /// Rank words of the Analyst level: "analyst", "officer", "co-ordinator", "administrator".
    #[serde(default)]
    pub ranks_analyst: Vec<String>,
    /// Rank words of the Lead level: "lead", "leader", "team lead".
    #[serde(default)]
    pub ranks_lead: Vec<String>,
    /// Rank words of the Manager level: "manager", "head", "director".
    #[serde(default)]
    pub ranks_manager: Vec<String>,
    /// Rank words that make a PMO role without saying its level: "specialist", "consultant".
    #[serde(default)]
    pub ranks_unlevelled: Vec<String>,
    /// Analyst titles that are PMO titles without a unit word: "project management officer".
    #[serde(default)]
    pub pmo_titles_analyst: Vec<String>,
    /// Lead titles that are PMO titles without a unit word.
    #[serde(default)]
    pub pmo_titles_lead: Vec<String>,
    /// Manager titles that are PMO titles without a unit word.
    #[serde(default)]
    pub pmo_titles_manager: Vec<String>,
    /// Modifiers that make a title an Analyst even without a rank: "junior", "trainee".
    #[serde(default)]
    pub modifiers_junior: Vec<String>,
    /// Modifiers that make an analyst or unlevelled rank a Lead: "lead" in "Lead PMO Analyst".
    #[serde(default)]
    pub modifiers_lead: Vec<String>,
    /// Modifiers that qualify a rank without changing its level: "senior", "deputy", "interim".
    #[serde(default)]
    pub modifiers_neutral: Vec<String>,
    /// Grade and band words, never ranks inside brackets: "vice president", "band 5", "m/w/d".
    #[serde(default)]
    pub grades: Vec<String>,
    /// Titles of other jobs that share the vocabulary: "project manager", "policy officer".
    #[serde(default)]
    pub near_miss: Vec<String>,
    /// Phrases that mark a line as page furniture when finding the title line: "cookies",
    /// "job description", "apply now".
    #[serde(default)]
    pub furniture: Vec<String>,
    /// Labels that introduce a title on its line or the next: "job title", "position", "role".
    #[serde(default)]
    pub labels: Vec<String>,
    /// Last words of an organisation's name line: "trust", "council", "ltd", "university".
    #[serde(default)]
    pub organisation_endings: Vec<String>,
}

const UNIT: u32 = 1;
const NOT_UNIT: u32 = 1 << 1;
const R_ANALYST: u32 = 1 << 2;
const R_LEAD: u32 = 1 << 3;
const R_MANAGER: u32 = 1 << 4;
const R_UNLEVELLED: u32 = 1 << 5;
const T_ANALYST: u32 = 1 << 6;
const T_LEAD: u32 = 1 << 7;
const T_MANAGER: u32 = 1 << 8;
const M_JUNIOR: u32 = 1 << 9;
const M_LEAD: u32 = 1 << 10;
const M_NEUTRAL: u32 = 1 << 11;
const GRADE: u32 = 1 << 12;
const NEAR: u32 = 1 << 13;
const FURNITURE: u32 = 1 << 14;
const LABEL: u32 = 1 << 15;
const ORG: u32 = 1 << 16;
/// A section heading of the profile ("Key responsibilities"): a line it opens is no title.
const HEADING: u32 = 1 << 17;
/// A near miss whose last word is an analyst rank ("Data Analyst"): next to a unit in its
/// segment it reads as that rank ("PMO Data Analyst" is a PMO analyst).
const NEAR_ANALYST: u32 = 1 << 18;

const RANKS: u32 = R_ANALYST | R_LEAD | R_MANAGER | R_UNLEVELLED;
const TITLES: u32 = T_ANALYST | T_LEAD | T_MANAGER;
const MODIFIERS: u32 = M_JUNIOR | M_LEAD | M_NEUTRAL;

impl TitleGrammar {
    /// Every list with its field name and the flag its phrases carry.
    fn lists(&self) -> [(&'static str, &[String], u32); 17] {
        [
            ("units", &self.units, UNIT),
            ("not_units", &self.not_units, NOT_UNIT),
            ("ranks_analyst", &self.ranks_analyst, R_ANALYST),
            ("ranks_lead", &self.ranks_lead, R_LEAD),
            ("ranks_manager", &self.ranks_manager, R_MANAGER),
            ("ranks_unlevelled", &self.ranks_unlevelled, R_UNLEVELLED),
            ("pmo_titles_analyst", &self.pmo_titles_analyst, T_ANALYST),
            ("pmo_titles_lead", &self.pmo_titles_lead, T_LEAD),
            ("pmo_titles_manager", &self.pmo_titles_manager, T_MANAGER),
            ("modifiers_junior", &self.modifiers_junior, M_JUNIOR),
            ("modifiers_lead", &self.modifiers_lead, M_LEAD),
            ("modifiers_neutral", &self.modifiers_neutral, M_NEUTRAL),
            ("grades", &self.grades, GRADE),
            ("near_miss", &self.near_miss, NEAR),
            ("furniture", &self.furniture, FURNITURE),
            ("labels", &self.labels, LABEL),
            ("organisation_endings", &self.organisation_endings, ORG),
        ]
    }

    /// Every phrase with the name of its field and its position there (for validation).
    pub(crate) fn phrases(&self) -> impl Iterator<Item = (&'static str, usize, &str)> {
        self.lists().into_iter().flat_map(|(name, list, _)| {
            list.iter()
                .enumerate()
                .map(move |(i, p)| (name, i, p.as_str()))
        })
    }

    /// Appends `other`'s lists to this grammar's.
    pub(crate) fn append(&mut self, other: TitleGrammar) {
        let TitleGrammar {
            units,
            not_units,
            ranks_analyst,
            ranks_lead,
            ranks_manager,
            ranks_unlevelled,
            pmo_titles_analyst,
            pmo_titles_lead,
            pmo_titles_manager,
            modifiers_junior,
            modifiers_lead,
            modifiers_neutral,
            grades,
            near_miss,
            furniture,
            labels,
            organisation_endings,
        } = other;
        self.units.extend(units);
        self.not_units.extend(not_units);
        self.ranks_analyst.extend(ranks_analyst);
        self.ranks_lead.extend(ranks_lead);
        self.ranks_manager.extend(ranks_manager);
        self.ranks_unlevelled.extend(ranks_unlevelled);
        self.pmo_titles_analyst.extend(pmo_titles_analyst);
        self.pmo_titles_lead.extend(pmo_titles_lead);
        self.pmo_titles_manager.extend(pmo_titles_manager);
        self.modifiers_junior.extend(modifiers_junior);
        self.modifiers_lead.extend(modifiers_lead);
        self.modifiers_neutral.extend(modifiers_neutral);
        self.grades.extend(grades);
        self.near_miss.extend(near_miss);
        self.furniture.extend(furniture);
        self.labels.extend(labels);
        self.organisation_endings.extend(organisation_endings);
    }
}

/// A parsed job title: its level, whether it names a PMO, and where its parts are.
///
/// Spans are byte spans into the title text that was parsed, on `char` boundaries.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobTitle {
    level: Option<Role>,
    is_pmo: bool,
    rank: Option<Span>,
    unit: Option<Span>,
    modifiers: Vec<Span>,
    near_miss: Option<Span>,
}

impl JobTitle {
    /// The level the title claims, if any: `None` for "Senior PMO", "PMO Specialist", "Project
    /// Manager" or a title with no rank word.
    pub fn level(&self) -> Option<Role> {
        self.level
    }

    /// True when the title names a PMO: it holds a unit word ("PMO", "Programme Office") outside
    /// any `not_units` phrase, or a PMO title ("Project Management Officer").
    pub fn is_pmo(&self) -> bool {
        self.is_pmo
    }

    /// The rank word that gives the level ("Manager" in "Deputy Head of PMO" is "Head").
    pub fn rank(&self) -> Option<Span> {
        self.rank
    }

    /// The unit word of the reading chosen ("PMO", "Programme Management Office").
    pub fn unit(&self) -> Option<Span> {
        self.unit
    }

    /// The modifiers of the reading chosen ("Senior", "Deputy", "Lead" in "Lead PMO Analyst").
    pub fn modifiers(&self) -> &[Span] {
        &self.modifiers
    }

    /// The first title of another job found ("Project Manager", "Policy Officer"), reported even
    /// when a PMO title wins.
    pub fn near_miss(&self) -> Option<Span> {
        self.near_miss
    }

    /// The span from the first to the last of the rank, unit and modifier words: the words
    /// that make the claim ("Manager – Programme Management Office", "Senior PMO Analyst").
    pub fn claim_span(&self) -> Option<Span> {
        self.rank
            .into_iter()
            .chain(self.unit)
            .chain(self.modifiers.iter().copied())
            .reduce(|a, b| Span::new(a.start.min(b.start), a.end.max(b.end)))
    }

    /// Forgets the unit: the advert gives it another meaning ("Prime Minister's Office").
    pub(crate) fn void_unit(&mut self) {
        self.unit = None;
        self.is_pmo = false;
    }

    /// The same title with every span moved `by` bytes on (a title line parsed on its own,
    /// placed back in its body).
    pub(crate) fn shifted(mut self, by: usize) -> JobTitle {
        let move_span = |s: Span| Span::new(s.start + by, s.end + by);
        self.rank = self.rank.map(move_span);
        self.unit = self.unit.map(move_span);
        self.near_miss = self.near_miss.map(move_span);
        for m in &mut self.modifiers {
            *m = move_span(*m);
        }
        self
    }
}

/// A lexicon hit or a plain word in the folded title.
#[derive(Clone, Copy, Debug)]
struct Tok {
    flags: u32,
    start: usize,
    end: usize,
}

/// A node of the title as a tree of brackets, flattened in order into one vector (no vector
/// per bracket): a group is followed by the nodes it holds.
#[derive(Clone, Copy, Debug)]
enum Node {
    Tok(usize),
    Sep,
    /// A bracket: the next `n` nodes (nested groups and what they hold included) are inside it.
    Group(usize),
}

/// The title grammar compiled into one automaton.
#[derive(Clone, Debug)]
pub(crate) struct CompiledTitles {
    ac: MainAutomaton,
    flags: Vec<u32>,
}

/// One reading of a title, over folded offsets.
#[derive(Clone, Debug, Default)]
struct Reading {
    level: Option<Role>,
    is_pmo: bool,
    rank: Option<(usize, usize)>,
    unit: Option<(usize, usize)>,
    modifiers: Vec<(usize, usize)>,
}

impl CompiledTitles {
    /// Compiles every phrase of `grammar`, and the `headings` (which only stop a line from being
    /// taken for a title); a phrase in several lists carries all their roles.
    pub(crate) fn build(
        grammar: &TitleGrammar,
        headings: &[Heading],
        origin: &str,
    ) -> Result<CompiledTitles, Error> {
        let heading_phrases: Vec<String> = headings
            .iter()
            .flat_map(|h| h.phrases.iter().cloned())
            .collect();
        let lists =
            grammar
                .lists()
                .into_iter()
                .chain([("heading", heading_phrases.as_slice(), HEADING)]);
        // Every variant of every phrase with its list's flag, in order; a phrase in several
        // lists is found by sorting (no map of owned copies) and keeps the place of its first.
        let mut all: Vec<String> = Vec::new();
        let mut all_flags: Vec<u32> = Vec::new();
        for (name, list, flag) in lists {
            for (i, p) in list.iter().enumerate() {
                let folded = fold_plain(p);
                if folded.is_empty() {
                    return Err(Error::InvalidSignal {
                        origin: origin.to_string(),
                        id: "title".to_string(),
                        field: format!("{name}[{i}]"),
                        message: "must not be empty or white space".into(),
                    });
                }
                for v in phrase_variants(&folded) {
                    all.push(v);
                    all_flags.push(flag);
                }
            }
        }
        let first = first_equal(&all);
        // The pattern index of each first occurrence.
        let mut index = vec![usize::MAX; all.len()];
        let mut patterns: Vec<String> = Vec::new();
        let mut flags: Vec<u32> = Vec::new();
        for (i, v) in all.iter_mut().enumerate() {
            if first[i] == i {
                index[i] = patterns.len();
                patterns.push(std::mem::take(v));
                flags.push(all_flags[i]);
            } else {
                flags[index[first[i]]] |= all_flags[i];
            }
        }
        // The patterns sorted, to look a word up.
        let mut sorted: Vec<usize> = (0..patterns.len()).collect();
        sorted.sort_unstable_by(|&a, &b| patterns[a].cmp(&patterns[b]));
        let lookup = |w: &str| {
            sorted
                .binary_search_by(|&k| patterns[k].as_str().cmp(w))
                .ok()
                .map(|at| sorted[at])
        };
        for k in 0..patterns.len() {
            if flags[k] & NEAR == 0 {
                continue;
            }
            let last = patterns[k].rsplit(' ').next().unwrap_or("");
            if lookup(last).is_some_and(|j| flags[j] & R_ANALYST != 0) {
                flags[k] |= NEAR_ANALYST;
            }
        }
        // The phrase DFA (aho-corasick's contiguous NFA only if it would have too many states):
        // a third of the NFA's build instructions on the built-in grammar.
        let ac = MainAutomaton::new(&patterns).map_err(Error::automaton)?;
        Ok(CompiledTitles { ac, flags })
    }

    /// Heap bytes held: the automaton and the flag table.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.ac.memory_usage() + self.flags.capacity() * 4
    }

    /// Lexicon hits (whole words, leftmost-longest) and plain ASCII words of `text`, in order.
    ///
    /// The hits come in order and do not overlap: the plain words of each gap between them are
    /// added as the hits come, into one vector.
    fn tokens(&self, text: &str) -> Vec<Tok> {
        let hay = text.as_bytes();
        let mut out: Vec<Tok> = Vec::with_capacity(hay.len() / 4 + 4);
        // Plain words (ASCII letters and digits) of `hay[from..to]`.
        let plain = |out: &mut Vec<Tok>, from: usize, to: usize| {
            let mut i = from;
            while i < to {
                if hay[i].is_ascii_alphanumeric() {
                    let start = i;
                    while i < to && hay[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    out.push(Tok {
                        flags: 0,
                        start,
                        end: i,
                    });
                } else {
                    i += 1;
                }
            }
        };
        let mut done = 0;
        self.ac.whole_word_matches(
            text,
            |_| true,
            |pid, start, end| {
                plain(&mut out, done, start);
                out.push(Tok {
                    flags: self.flags[pid],
                    start,
                    end,
                });
                done = end;
            },
        );
        plain(&mut out, done, hay.len());
        out
    }

    /// Parses a title (see the module documentation for the rules).
    pub(crate) fn parse(&self, title: &str) -> JobTitle {
        let norm = Folded::new(title);
        let toks = self.tokens(norm.text());
        self.parse_folded(title, &norm, &toks)
    }

    /// [`parse`](CompiledTitles::parse) of a title already folded and tokenised.
    fn parse_folded(&self, title: &str, norm: &Folded, toks: &[Tok]) -> JobTitle {
        // "PA to the Head of PMO", "PMO Analyst reporting to the PMO Manager": the words after
        // "to" name somebody else; the title is what comes before.
        // The first space where one of the words starts (no substring searcher per word).
        let hay = norm.text().as_bytes();
        let cut = memchr::memchr_iter(b' ', hay)
            .find(|&i| {
                [" reporting to ", " reports to ", " supporting ", " to "]
                    .iter()
                    .any(|w| hay[i..].starts_with(w.as_bytes()))
            })
            .unwrap_or(hay.len());
        let toks = &toks[..toks.partition_point(|t| t.end <= cut)];
        let reading = self.read(&norm.text()[..cut], toks);
        let span = |(s, e): (usize, usize)| norm.orig_span(title, s, e);
        JobTitle {
            level: reading.level,
            is_pmo: reading.is_pmo,
            rank: reading.rank.map(span),
            unit: reading.unit.map(span),
            modifiers: reading.modifiers.iter().map(|&r| span(r)).collect(),
            near_miss: toks
                .iter()
                .find(|t| t.flags & NEAR != 0)
                .map(|t| span((t.start, t.end))),
        }
    }

    fn read(&self, text: &str, toks: &[Tok]) -> Reading {
        let tree = build_tree(text, toks);
        eval_seq(&tree, toks, false)
    }
}

/// A title or a line folded as [`Normalised`] folds it. Most title lines are printable ASCII
/// with no `&` and no doubled space: folding such a text lowercases it, byte for byte, and needs
/// no offset map, no line starts and no fold state, so it is only copied and lowercased.
enum Folded {
    /// The text lowercased: every offset is the original's.
    Plain(String),
    /// Any other text, folded with its map back to the original.
    Full(Normalised),
}

impl Folded {
    /// Folds `text`: lowercases it when it is plain (printable ASCII but `&`, no doubled space, no
    /// bullet), folds it in full otherwise.
    fn new(text: &str) -> Folded {
        let bytes = text.as_bytes();
        // Control bytes, DEL, non-ASCII and `&` (an entity) fold otherwise, and a doubled space
        // folds to one. Or-ed a block at a time with no early exit inside a block, so that the
        // loops run on whole vectors, and a text found odd is read no further.
        let odd = bytes.chunks(64).any(|block| {
            block.iter().fold(false, |odd, &b| {
                odd | !(0x20..0x7f).contains(&b) | (b == b'&')
            })
        });
        let doubled = || {
            bytes
                .iter()
                .zip(bytes.get(1..).unwrap_or_default())
                .fold(false, |d, (&a, &b)| d | ((a == b' ') & (b == b' ')))
        };
        // A `-` or `+` bullet first on the line folds to `*` (with a line this plain, only at
        // its first byte or after one space).
        let lead = usize::from(bytes.first() == Some(&b' '));
        let bullet = matches!(bytes.get(lead), Some(b'-' | b'+'))
            && crate::document::is_dash_bullet(bytes, lead, 1);
        if odd || bullet || doubled() {
            Folded::Full(Normalised::new(text))
        } else {
            Folded::Plain(text.to_ascii_lowercase())
        }
    }

    /// The folded text.
    fn text(&self) -> &str {
        match self {
            Folded::Plain(text) => text,
            Folded::Full(norm) => &norm.text,
        }
    }

    /// The span of `orig` that the non-empty folded range `start..end` comes from.
    fn orig_span(&self, orig: &str, start: usize, end: usize) -> Span {
        match self {
            Folded::Plain(_) => Span::new(start, end),
            Folded::Full(norm) => norm.orig_span(orig, start, end),
        }
    }
}

/// Splits the folded title at separators and nests its brackets (no deeper than [`MAX_DEPTH`]).
fn build_tree(text: &str, toks: &[Tok]) -> Vec<Node> {
    let hay = text.as_bytes();
    let mut tree = Tree {
        nodes: Vec::with_capacity(toks.len() * 2 + 4),
        open: [(0, true); MAX_DEPTH + 1],
        depth: 0,
    };
    let mut t = 0;
    let mut i = 0;
    while i < hay.len() {
        if let Some(tok) = toks.get(t) {
            if tok.start <= i {
                let word = &hay[tok.start..tok.end];
                let node = if tok.flags == 0 && (word == b"at" || word == b"for") {
                    Node::Sep
                } else {
                    Node::Tok(t)
                };
                tree.push(node);
                i = tok.end.max(i + 1);
                t += 1;
                continue;
            }
        }
        match hay[i] {
            b',' | b':' | b'|' | b'/' => tree.push(Node::Sep),
            b'-' => {
                let spaced = i == 0
                    || i + 1 == hay.len()
                    || hay[i - 1].is_ascii_whitespace()
                    || hay[i + 1].is_ascii_whitespace();
                if spaced {
                    tree.push(Node::Sep);
                }
            }
            b'(' | b'[' => tree.open(),
            b')' | b']' => {
                if tree.depth > 0 {
                    tree.close();
                } else {
                    tree.push(Node::Sep);
                }
            }
            _ => {}
        }
        i += 1;
    }
    while tree.depth > 0 {
        tree.close();
    }
    tree.nodes
}

/// The flattened tree being built.
struct Tree {
    nodes: Vec<Node>,
    /// For the top level (0) and each open bracket (1..=depth): where its group node stands, and
    /// whether it holds nothing yet or ends with a separator (another one says no more).
    open: [(usize, bool); MAX_DEPTH + 1],
    depth: usize,
}

impl Tree {
    fn push(&mut self, node: Node) {
        let sep = matches!(node, Node::Sep);
        // Runs of separators say no more than one.
        if sep && self.open[self.depth].1 {
            return;
        }
        self.nodes.push(node);
        self.open[self.depth].1 = sep;
    }

    /// A bracket opens: a group, or a plain separator deeper than [`MAX_DEPTH`].
    fn open(&mut self) {
        if self.depth >= MAX_DEPTH {
            self.push(Node::Sep);
        } else {
            self.depth += 1;
            self.open[self.depth] = (self.nodes.len(), true);
            self.nodes.push(Node::Group(0));
        }
    }

    /// The innermost open bracket closes: its group now ends the level around it.
    fn close(&mut self) {
        let at = self.open[self.depth].0;
        self.nodes[at] = Node::Group(self.nodes.len() - at - 1);
        self.depth -= 1;
        self.open[self.depth].1 = false;
    }
}

/// The nodes at the top level of `nodes`, each with the nodes it holds when it is a group.
fn level(nodes: &[Node]) -> impl Iterator<Item = (Node, &[Node])> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let node = *nodes.get(i)?;
        let inner = match node {
            Node::Group(n) => nodes.get(i + 1..i + 1 + n).unwrap_or_default(),
            _ => &[],
        };
        i += 1 + inner.len();
        Some((node, inner))
    })
}

/// A token's flags as read in context: inside brackets a grade is never a rank.
fn effective(tok: &Tok, in_bracket: bool) -> u32 {
    if in_bracket && tok.flags & GRADE != 0 {
        tok.flags & !(RANKS | TITLES)
    } else {
        tok.flags
    }
}

/// Every token under `nodes` (all inside a bracket, nested groups included), in order, with its
/// flags as read there.
fn inside<'t>(nodes: &'t [Node], toks: &'t [Tok]) -> impl Iterator<Item = Tok> + 't {
    nodes.iter().filter_map(|n| match n {
        Node::Tok(t) => {
            let mut tok = toks[*t];
            tok.flags = effective(&tok, true);
            Some(tok)
        }
        _ => None,
    })
}

fn is_rank(f: u32) -> bool {
    f & (RANKS | TITLES) != 0 && f & NEAR == 0
}

fn has_unit(f: u32) -> bool {
    f & (UNIT | TITLES) != 0 && f & (NEAR | NOT_UNIT) == 0
}

/// The level a rank word gives (`None` for unlevelled ranks); the highest when it has several.
fn level_of(f: u32) -> Option<Role> {
    if f & (R_MANAGER | T_MANAGER) != 0 {
        Some(Role::Manager)
    } else if f & (R_LEAD | T_LEAD) != 0 {
        Some(Role::Lead)
    } else if f & (R_ANALYST | T_ANALYST) != 0 {
        Some(Role::Analyst)
    } else {
        None
    }
}

/// Reads one segment (rule 3).
fn eval_items(items: &[Tok]) -> Reading {
    let is_pmo = items.iter().any(|t| has_unit(t.flags));
    let gov = items.iter().rposition(|t| is_rank(t.flags));
    // "PMO Data Analyst": with a unit and no other rank, a near miss ending in an analyst rank
    // is that rank.
    let near_rank = (gov.is_none() && is_pmo)
        .then(|| items.iter().rposition(|t| t.flags & NEAR_ANALYST != 0))
        .flatten();
    let gov = gov.or(near_rank);
    let mut level = match near_rank {
        Some(_) => Some(Role::Analyst),
        None => gov.and_then(|g| level_of(items[g].flags)),
    };
    let before = &items[..gov.unwrap_or(items.len())];
    let junior = items
        .iter()
        .enumerate()
        .any(|(k, t)| Some(k) != gov && t.flags & M_JUNIOR != 0);
    let junior_rank = gov.is_some_and(|g| items[g].flags & M_JUNIOR != 0);
    if junior || junior_rank {
        level = Some(Role::Analyst);
    } else if gov.is_some()
        && matches!(level, None | Some(Role::Analyst))
        && before.iter().any(|t| t.flags & M_LEAD != 0)
    {
        level = Some(Role::Lead);
    }
    Reading {
        level,
        is_pmo,
        rank: gov.map(|g| (items[g].start, items[g].end)),
        unit: items
            .iter()
            .find(|t| t.flags & UNIT != 0 && has_unit(t.flags))
            .map(|t| (t.start, t.end)),
        modifiers: items
            .iter()
            .enumerate()
            .filter(|&(k, t)| Some(k) != gov && t.flags & MODIFIERS != 0 && t.flags & NEAR == 0)
            .map(|(_, t)| (t.start, t.end))
            .collect(),
    }
}

/// Reads a sequence of nodes: the main title, or an alternative title in brackets.
fn eval_seq(nodes: &[Node], toks: &[Tok], in_bracket: bool) -> Reading {
    // The segments, as one vector of tokens and where each segment starts in it (the last one
    // open): no vector per segment.
    let mut items: Vec<Tok> = Vec::with_capacity(nodes.len());
    let mut starts: Vec<usize> = Vec::with_capacity(4);
    starts.push(0);
    let mut alts: Vec<Reading> = Vec::new();
    let mut after_not_unit = false;
    // A new segment starts, unless the last one is still empty.
    let split = |items: &Vec<Tok>, starts: &mut Vec<usize>| {
        if starts.last().is_some_and(|&s| s < items.len()) {
            starts.push(items.len());
        }
    };
    for (node, inner) in level(nodes) {
        match node {
            Node::Tok(t) => {
                let mut tok = toks[t];
                tok.flags = effective(&tok, in_bracket);
                after_not_unit = tok.flags & NOT_UNIT != 0;
                items.push(tok);
                continue;
            }
            Node::Sep => split(&items, &mut starts),
            Node::Group(_) => {
                let c = inside(inner, toks).fold(0, |c, t| c | t.flags);
                let unit = c & UNIT != 0;
                let title = c & TITLES != 0;
                let rank = c & RANKS != 0;
                let near = c & NEAR != 0;
                if (unit || title) && (rank || title || near) {
                    split(&items, &mut starts);
                    alts.push(eval_seq(inner, toks, true));
                } else if unit && !after_not_unit {
                    // Transparent: its words join the segment around it.
                    items.extend(inside(inner, toks));
                } else if rank && !unit {
                    split(&items, &mut starts);
                    items.extend(inside(inner, toks));
                    split(&items, &mut starts);
                }
            }
        }
        after_not_unit = false;
    }
    // Only the last segment can be empty.
    if starts.last().is_some_and(|&s| s == items.len()) {
        starts.pop();
    }
    let n = starts.len();
    let segment = |k: usize| &items[starts[k]..starts.get(k + 1).copied().unwrap_or(items.len())];

    let pmo = |s: &[Tok]| s.iter().any(|t| has_unit(t.flags));
    let ranked = |s: &[Tok]| s.iter().any(|t| is_rank(t.flags));
    let mut levelled: Option<Reading> = None;
    let mut unlevelled: Option<Reading> = None;
    for k in 0..n {
        let seg = segment(k);
        if !pmo(seg) {
            continue;
        }
        let reading = if ranked(seg) {
            eval_items(seg)
        } else {
            // Rule 4: borrow the rank of a neighbour with a rank and no unit.
            let lender = [k.checked_sub(1), k.checked_add(1)]
                .into_iter()
                .flatten()
                .filter(|&j| j < n)
                .map(segment)
                .find(|s| ranked(s) && !pmo(s));
            match lender {
                Some(n) => {
                    let mut both: Vec<Tok> = n.iter().chain(seg.iter()).copied().collect();
                    both.sort_by_key(|t| t.start);
                    eval_items(&both)
                }
                None => eval_items(seg),
            }
        };
        if reading.level.is_some() {
            // The first levelled reading wins: the rest need not be read.
            levelled = Some(reading);
            break;
        } else if unlevelled.is_none() {
            unlevelled = Some(reading);
        }
    }
    if let Some(r) = levelled {
        return r;
    }
    if let Some(k) = alts.iter().position(|a| a.is_pmo && a.level.is_some()) {
        return alts.swap_remove(k);
    }
    if let Some(r) = unlevelled {
        return r;
    }
    if let Some(k) = alts.iter().position(|a| a.is_pmo) {
        return alts.swap_remove(k);
    }
    // Rule 6: no unit; the highest level of any segment.
    let mut best: Option<Reading> = None;
    for k in 0..n {
        let r = eval_items(segment(k));
        let better = match &best {
            None => r.rank.is_some(),
            Some(b) => r.level.map(|l| l.index()) > b.level.map(|l| l.index()),
        };
        if better {
            best = Some(r);
        }
    }
    let mut r = best.unwrap_or_default();
    r.is_pmo = false;
    r
}

/// Facts about one candidate line of a body.
struct Line<'a> {
    text: &'a str,
    /// Offset of the line in the body.
    at: usize,
    /// The line folded: kept to tokenise and parse it when asked.
    norm: Folded,
    /// The facts read from its tokens and chars, once asked for: a heading or a label line
    /// (a third of the lines read) is passed by on how it opens, and never asked.
    facts: OnceCell<Facts>,
    /// The line parsed as a job title, once asked for: most lines read are never looked at as
    /// titles (headings, sentences, long lines), and a parse costs more than the other facts.
    title: OnceCell<JobTitle>,
    /// Where the text after a label starts, relative to the line, when the line opens with one.
    label_rest: Option<usize>,
    /// Where the text after an opening heading or furniture phrase and a separator starts
    /// ("Job Description – PMO Analyst").
    intro_rest: Option<usize>,
    /// The line opens with a section heading, or is a list item or table row.
    heading: bool,
    /// Words (runs of non-white-space), counted up to [`TITLE_WORDS`]` + 1`.
    words: usize,
}

/// What a line's tokens and chars tell of it.
struct Facts {
    /// The line's tokens (`None` for a line of more than [`TITLE_WORDS`] words, tokenised only
    /// if its title is asked for).
    toks: Option<Vec<Tok>>,
    /// Furniture, a page link, a sentence: only worked out for a line of at most
    /// [`TITLE_WORDS`] words (a longer one is taken for a sentence, and nothing asks whether it is
    /// furniture or a link: it can be neither the title nor the fallback, nor wrap).
    furniture: bool,
    /// A breadcrumb trail or a link to a list of vacancies: never the title.
    page_link: bool,
    /// (Part of) a sentence rather than a title: see [`is_sentence_scanned`].
    sentence: bool,
}

impl Line<'_> {
    /// The facts of the line (worked out the first time).
    fn facts(&self, titles: &CompiledTitles) -> &Facts {
        self.facts
            .get_or_init(|| titles.facts(self.text, &self.norm, self.words))
    }

    /// Page furniture (see [`Facts::furniture`]).
    fn furniture(&self, titles: &CompiledTitles) -> bool {
        self.facts(titles).furniture
    }

    /// (Part of) a sentence rather than a title (see [`Facts::sentence`]).
    fn sentence(&self, titles: &CompiledTitles) -> bool {
        self.facts(titles).sentence
    }

    /// The line parsed as a job title (parsed the first time).
    fn title(&self, titles: &CompiledTitles) -> &JobTitle {
        self.title.get_or_init(|| match &self.facts(titles).toks {
            Some(toks) => titles.parse_folded(self.text, &self.norm, toks),
            None => titles.parse_folded(self.text, &self.norm, &titles.tokens(self.norm.text())),
        })
    }

    fn is_title(&self, titles: &CompiledTitles) -> bool {
        let facts = self.facts(titles);
        if facts.sentence || facts.page_link || self.words > TITLE_WORDS {
            return false;
        }
        let t = self.title(titles);
        t.is_pmo || t.rank.is_some() || t.near_miss.is_some() || t.level.is_some()
    }

    /// A full PMO title on its own: a unit and a level.
    fn alone(&self, titles: &CompiledTitles) -> bool {
        let t = self.title(titles);
        t.level.is_some() && t.is_pmo
    }

    fn span(&self) -> Span {
        Span::new(self.at, self.at + self.text.len())
    }
}

/// Words that make a line a sentence rather than a title.
const SENTENCE_WORDS: &[&str] = &["will", "you", "your", "we", "our", "us"];
/// Words a wrapped sentence line ends with; a title does not.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "with", "for", "in", "on", "at", "by", "from", "as",
    "that", "which", "who", "will", "is", "are", "be", "this", "their",
];
/// Phrases that make a line a reference to another job rather than a title. Each starts with
/// `r` or `w` ([`LineScan`] tries them only there).
const SENTENCE_PHRASES: &[&str] = &[
    "reporting to",
    "report to",
    "reports to",
    "working with",
    "working closely",
];

/// Whether `text` holds `phrase` (lowercase ASCII) at `i`, ASCII case ignored.
fn holds_at(text: &[u8], i: usize, phrase: &str) -> bool {
    text.get(i..i + phrase.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(phrase.as_bytes()))
}

/// Classes of chars for the line scan, as bits: white space (`char::is_whitespace`).
const C_SPACE: u8 = 1;
/// Alphanumeric (`char::is_alphanumeric`).
const C_ALNUM: u8 = 1 << 1;
/// Alphabetic (`char::is_alphabetic`).
const C_ALPHA: u8 = 1 << 2;
/// Part of a word of [`is_sentence_scanned`]: alphanumeric or `'`.
const C_KEEP: u8 = 1 << 3;
/// An ASCII word byte (letter, digit, `_`): no word boundary after it.
const C_WORD: u8 = 1 << 4;
/// `r` or `w` in either case: where a [`SENTENCE_PHRASES`] phrase may start.
const C_RW: u8 = 1 << 5;

/// The class of every ASCII byte.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let alpha = c.is_ascii_alphabetic();
        let alnum = c.is_ascii_alphanumeric();
        let mut class = 0;
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage
        // return and space.
        if matches!(c, b'\t'..=b'\r' | b' ') {
            class |= C_SPACE;
        }
        if alnum {
            class |= C_ALNUM | C_KEEP | C_WORD;
        }
        if alpha {
            class |= C_ALPHA;
        }
        if c == b'\'' {
            class |= C_KEEP;
        }
        if c == b'_' {
            class |= C_WORD;
        }
        if matches!(c, b'r' | b'R' | b'w' | b'W') {
            class |= C_RW;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// The class of the char at `i` (a char boundary of `text`) and its length: ASCII bytes from the
/// table, undecoded; other chars decoded.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (u8, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_CLASS[usize::from(b)], 1);
    }
    let c = text[i..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut class = 0;
    if c.is_whitespace() {
        class |= C_SPACE;
    }
    // `char::is_alphanumeric` is alphabetic or numeric: the alphabetic table is looked up once.
    if c.is_alphabetic() {
        class |= C_ALPHA | C_ALNUM | C_KEEP;
    } else if c.is_numeric() {
        class |= C_ALNUM | C_KEEP;
    }
    (class, c.len_utf8())
}

/// The words of a line (runs of non-white-space), counted up to [`TITLE_WORDS`]` + 1`. A
/// `plain` text (printable ASCII, no doubled space: see [`Folded`]) has one more word than it
/// has spaces, less a space at either end, and its spaces are counted in a loop that runs on
/// whole vectors.
fn count_words(text: &str, plain: bool) -> usize {
    if plain {
        if text.is_empty() {
            return 0;
        }
        let bytes = text.as_bytes();
        let ends = usize::from(bytes[0] == b' ') + usize::from(bytes[bytes.len() - 1] == b' ');
        // Spaces counted a block at a time (each block on whole vectors), until there are so
        // many that the words are more than TITLE_WORDS whatever the rest holds.
        let mut spaces = 0;
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            spaces += block.iter().map(|&b| usize::from(b == b' ')).sum::<usize>();
            if spaces >= TITLE_WORDS + 2 {
                return TITLE_WORDS + 1;
            }
        }
        spaces += blocks.remainder().iter().filter(|&&b| b == b' ').count();
        // With no doubled space the spaces cut the text into one piece more than they are,
        // each a word but the empty piece before a leading space and after a trailing one
        // (" " is both).
        return (spaces + 1).saturating_sub(ends).min(TITLE_WORDS + 1);
    }
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < text.len() {
        let b = text.as_bytes()[i];
        let (space, n) = if b < 0x80 {
            (ASCII_CLASS[usize::from(b)] & C_SPACE != 0, 1)
        } else {
            let c = text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > TITLE_WORDS {
                break;
            }
        }
        i += n;
    }
    words
}

/// What one pass over a line's chars finds, instead of one pass per fact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LineScan {
    /// A run of alphanumerics holds two alphabetic chars: a line of numbers, dates and initials
    /// has none.
    wordy: bool,
    /// The word tests of [`is_sentence_scanned`]: more than [`TITLE_WORDS`] words (runs of alphanumerics
    /// and apostrophes), one of the [`SENTENCE_WORDS`], a last word among the
    /// [`FUNCTION_WORDS`], or one of the [`SENTENCE_PHRASES`] as whole words.
    sentence_words: bool,
}

impl LineScan {
    /// Scans `text`, whose chars it tests as [`class_at`] does; a `plain` one (printable ASCII:
    /// see [`Folded`]) a word at a time.
    fn of(text: &str, plain: bool) -> LineScan {
        if plain {
            return LineScan::of_plain(text.as_bytes());
        }
        let bytes = text.as_bytes();
        let mut scan = LineScan::default();
        // Alphabetic chars so far in the current run of alphanumerics.
        let mut alphas = 0u32;
        // Where the current run of alphanumerics and apostrophes started, and how many ended.
        let mut run: Option<usize> = None;
        let mut runs = 0;
        let mut last = 0..0;
        // The class of the char before.
        let mut prev = 0;
        let mut i = 0;
        while i < bytes.len() {
            let (class, n) = class_at(text, i);
            if class & C_RW != 0 && prev & C_WORD == 0 && !scan.sentence_words {
                // "reporting to", "working with"… as whole words, ASCII case ignored: a match is
                // ASCII, so its ends are char boundaries.
                scan.sentence_words = SENTENCE_PHRASES.iter().any(|p| {
                    holds_at(bytes, i, p)
                        && boundary_before(text, i)
                        && boundary_after(text, i + p.len())
                });
            }
            alphas = if class & C_ALNUM != 0 {
                alphas + u32::from(class & C_ALPHA != 0)
            } else {
                0
            };
            scan.wordy |= alphas >= 2;
            if class & C_KEEP != 0 {
                run.get_or_insert(i);
            } else if let Some(start) = run.take() {
                runs += 1;
                scan.sentence_words |= runs > TITLE_WORDS || is_sentence_word(&text[start..i]);
                last = start..i;
            }
            prev = class;
            i += n;
        }
        if let Some(start) = run {
            runs += 1;
            scan.sentence_words |= runs > TITLE_WORDS || is_sentence_word(&text[start..]);
            last = start..text.len();
        }
        // A wrapped sentence's last word.
        let last = &text[last];
        scan.sentence_words |= FUNCTION_WORDS.iter().any(|f| last.eq_ignore_ascii_case(f));
        scan
    }

    /// [`LineScan::of`] a `plain` text (printable ASCII: see [`Folded`]), a word at a time: each
    /// run of alphanumerics and apostrophes in a tight loop of its own.
    fn of_plain(bytes: &[u8]) -> LineScan {
        let mut scan = LineScan::default();
        let mut runs = 0;
        let mut last = 0..0;
        let mut i = 0;
        // Whether a phrase starting at `at` (an ASCII letter after no word byte) is there.
        let phrase_at = |at: usize| {
            SENTENCE_PHRASES.iter().any(|p| {
                holds_at(bytes, at, p) && bytes.get(at + p.len()).is_none_or(|&b| !is_word_byte(b))
            })
        };
        loop {
            while i < bytes.len() && ASCII_CLASS[usize::from(bytes[i])] & C_KEEP == 0 {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
            let start = i;
            // The run's end, with the classes of its bytes and-ed and its letters counted: a
            // run with no `'` is one run of alphanumerics.
            let mut all = C_KEEP | C_WORD;
            let mut letters = 0u32;
            while i < bytes.len() {
                let class = ASCII_CLASS[usize::from(bytes[i])];
                if class & C_KEEP == 0 {
                    break;
                }
                all &= class;
                letters += u32::from(class & C_ALPHA);
                i += 1;
            }
            if all & C_WORD != 0 {
                // Alphanumerics only: a phrase can start only at the run's start, after no word
                // byte (the byte before is no part of a run, so a word byte only if it is `_`).
                scan.wordy |= letters >= 2 * u32::from(C_ALPHA);
                if ASCII_CLASS[usize::from(bytes[start])] & C_RW != 0
                    && !(start > 0 && bytes[start - 1] == b'_')
                    && !scan.sentence_words
                {
                    scan.sentence_words = phrase_at(start);
                }
            } else {
                // A run with `'`: byte by byte.
                let mut after_word = start > 0 && bytes[start - 1] == b'_';
                // Alphabetic bytes so far in the current run of alphanumerics.
                let mut alphas = 0u32;
                for (at, &b) in bytes.iter().enumerate().take(i).skip(start) {
                    let class = ASCII_CLASS[usize::from(b)];
                    if class & C_RW != 0 && !after_word && !scan.sentence_words {
                        scan.sentence_words = phrase_at(at);
                    }
                    // Only `'` is kept and not alphanumeric (nor a word byte).
                    after_word = class & C_WORD != 0;
                    alphas = if after_word {
                        alphas + u32::from(class & C_ALPHA != 0)
                    } else {
                        0
                    };
                    scan.wordy |= alphas >= 2;
                }
            }
            runs += 1;
            let w = &bytes[start..i];
            scan.sentence_words |= runs > TITLE_WORDS
                || (w.len() <= 4
                    && SENTENCE_WORDS
                        .iter()
                        .any(|s| w.eq_ignore_ascii_case(s.as_bytes())));
            last = start..i;
        }
        // A wrapped sentence's last word.
        let last = &bytes[last];
        scan.sentence_words |= last.len() <= 5
            && FUNCTION_WORDS
                .iter()
                .any(|f| last.eq_ignore_ascii_case(f.as_bytes()));
        scan
    }
}

/// One of the [`SENTENCE_WORDS`], ASCII case ignored.
fn is_sentence_word(w: &str) -> bool {
    w.len() <= 4 && SENTENCE_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s))
}

/// Whether a line reads as (part of) a sentence rather than a title, given its scan.
///
/// No allocation and no substring searcher: this runs on every candidate line.
fn is_sentence_scanned(line: &str, scan: &LineScan) -> bool {
    let trimmed = line.trim_end();
    // A sentence's end, or a line that runs on to the next.
    if scan.sentence_words
        || trimmed.ends_with(['.', '!', ';', ':', ',', '-', '\u{2013}', '&', '/'])
    {
        return true;
    }
    // A comma followed by a lowercase word: "…our PMO Manager, the successful candidate".
    memchr::memchr_iter(b',', trimmed.as_bytes()).any(|i| {
        trimmed[i + 1..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase())
    })
}

/// Whether a line reads as (part of) a sentence rather than a title.
#[cfg(test)]
fn is_sentence(line: &str) -> bool {
    is_sentence_scanned(line, &LineScan::of(line.trim_end(), false))
}

impl CompiledTitles {
    /// The lexicon hit that opens the folded `text`, if any: the first of its
    /// [`tokens`](CompiledTitles::tokens) when that starts at 0 and is a hit, found with anchored
    /// searches that read no further than the longest phrase there (and the word boundary after
    /// it) instead of a scan of the whole text. As in `whole_word_matches`: the longest phrase at
    /// 0, or else the longest shorter one that ends on a word boundary.
    fn first_hit(&self, text: &str) -> Option<Tok> {
        let hay = text.as_bytes();
        let mut limit = hay.len();
        loop {
            let (pid, _, end) = self.ac.longest_at(hay, 0, limit)?;
            if boundary_after(text, end) {
                return Some(Tok {
                    flags: self.flags[pid],
                    start: 0,
                    end,
                });
            }
            // Shrink the window to the last word boundary before the failed end.
            limit = (1..end)
                .rev()
                .find(|&p| text.is_char_boundary(p) && boundary_after(text, p))?;
        }
    }

    fn line<'a>(&self, at: usize, text: &'a str) -> Line<'a> {
        let norm = Folded::new(text);
        let words = count_words(text, matches!(norm, Folded::Plain(_)));
        // A line of more than TITLE_WORDS words is neither a title nor a fallback, and wraps
        // with no other: only how it opens counts (a label, a heading), and its tokens are
        // looked for only if its title is asked for (a label's value on the next line).
        // The lexicon hit that opens the line: the first of its tokens when that is one.
        let first = self.first_hit(norm.text());
        let hay = norm.text().as_bytes();
        let mut label_rest = None;
        let mut intro_rest = None;
        let opener = first.map_or(0, |t| t.flags & (LABEL | HEADING | FURNITURE));
        if let Some(first) = first.filter(|_| opener != 0) {
            let mut i = first.end;
            while i < hay.len() && hay[i] == b' ' {
                i += 1;
            }
            let sep = match hay.get(i) {
                None => true,
                Some(b':' | b'|') => true,
                Some(b'-') => hay.get(i + 1).is_none_or(|b| *b == b' '),
                _ => false,
            };
            if sep {
                let mut j = (i + 1).min(hay.len());
                while j < hay.len() && hay[j] == b' ' {
                    j += 1;
                }
                let rest = if j < hay.len() {
                    norm.orig_span(text, j, j + 1).start
                } else {
                    text.len()
                };
                if opener & LABEL != 0 {
                    label_rest = Some(rest);
                } else if rest < text.len() {
                    intro_rest = Some(rest);
                }
            }
        }
        if intro_rest.is_none() && opener & (HEADING | FURNITURE) != 0 {
            // A template page's heading that names the job after "for" or "of": "Key
            // Responsibilities and Required Skills for Financial Project Analyst", "Job
            // Description of a PMO Officer".
            // The earliest joining word, with its article ("of a" before "of"): at the first
            // space where one starts, the longest (ASCII case ignored).
            let bytes = text.as_bytes();
            intro_rest = memchr::memchr_iter(b' ', bytes)
                .find_map(|i| {
                    [" for an ", " for a ", " for ", " of an ", " of a ", " of "]
                        .iter()
                        .find(|w| holds_at(bytes, i, w))
                        .map(|w| i + w.len())
                })
                .filter(|&r| r < text.len());
        }
        let heading = (opener & HEADING != 0 && label_rest.is_none())
            || text.starts_with([
                '-', '*', '|', '\u{2022}', '\u{b7}', '\u{2013}', '\u{2014}', '\u{25aa}',
            ]);
        Line {
            text,
            at,
            norm,
            facts: OnceCell::new(),
            title: OnceCell::new(),
            label_rest,
            intro_rest,
            heading,
            words,
        }
    }

    /// The facts of a line of `words` words (counted up to [`TITLE_WORDS`]` + 1`), folded to
    /// `norm`.
    fn facts(&self, text: &str, norm: &Folded, words: usize) -> Facts {
        // A line of more than TITLE_WORDS words is neither a title nor a fallback, and wraps
        // with no other: its tokens are looked for only if its title is asked for (a label's
        // value on the next line).
        if words > TITLE_WORDS {
            return Facts {
                toks: None,
                furniture: false,
                page_link: false,
                sentence: true,
            };
        }
        let toks = self.tokens(norm.text());
        let ends_org = toks.last().is_some_and(|t| t.flags & ORG != 0);
        // One pass finds whether the line is wordy and the word tests of a sentence.
        let scan = LineScan::of(text, matches!(norm, Folded::Plain(_)));
        // A breadcrumb trail ("Home > Jobs > PMO Manager jobs") or a link to a list of vacancies
        // ("PMO Manager jobs") names pages, not this job. The UTF-8 of `›` starts with 0xE2 and
        // that of `»` with 0xC2: a line without `>` and those two bytes has no trail.
        let breadcrumb = memchr::memchr3(b'>', 0xe2, 0xc2, text.as_bytes()).is_some()
            && text
                .match_indices(['>', '\u{203a}', '\u{bb}'])
                .any(|(i, m)| text[..i].ends_with(' ') && text[i + m.len()..].starts_with(' '));
        let vacancy_list = text
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.eq_ignore_ascii_case("jobs") || w.eq_ignore_ascii_case("vacancies"));
        let page_link = breadcrumb || vacancy_list;
        let furniture =
            !scan.wordy || ends_org || page_link || toks.iter().any(|t| t.flags & FURNITURE != 0);
        Facts {
            toks: Some(toks),
            furniture,
            page_link,
            sentence: is_sentence_scanned(text, &scan),
        }
    }

    /// Finds the title line of a body (see [`TitleParser::find_title_line`]).
    ///
    /// Lines are read lazily: most adverts give their title in the first line or two, and each
    /// line read costs a fold and a parse.
    pub(crate) fn find_title_line(&self, body: &str) -> Option<Span> {
        self.find_title_line_parsed(body).map(|(span, _)| span)
    }

    /// [`find_title_line`](CompiledTitles::find_title_line), with the parsed job title of the
    /// title line (its spans index the body) whenever finding it parsed exactly that text: a
    /// whole line, a line's text after an opening heading, two lines joined as one title. `None`
    /// for a label's value and a title wrapped onto its next line, which the caller parses.
    pub(crate) fn find_title_line_parsed(&self, body: &str) -> Option<(Span, Option<JobTitle>)> {
        // The title of `line` when `span` is all of it.
        let whole = |line: &Line<'_>, span: Span| {
            (span == line.span()).then(|| line.title(self).clone().shifted(line.at))
        };
        let mut lines = Lines::new(body);
        let mut fallback = None;
        let mut k = 0;
        while lines.read(self, k) {
            let line = lines.get(k);
            if let Some(rest) = line.label_rest {
                if rest < line.text.len() {
                    let tail = line.text[rest..].trim_end();
                    return Some((Span::new(line.at + rest, line.at + rest + tail.len()), None));
                }
                if lines.read(self, k + 1) {
                    let span = self.joined(&mut lines, k + 1);
                    return Some((span, whole(lines.get(k + 1), span)));
                }
                k += 1;
                continue;
            }
            if let Some(rest) = line.intro_rest {
                let tail = line.text[rest..].trim_end();
                let t = self.parse(tail);
                if t.is_pmo || t.rank.is_some() || t.near_miss.is_some() {
                    let span = Span::new(line.at + rest, line.at + rest + tail.len());
                    return Some((span, Some(t.shifted(span.start))));
                }
            }
            if line.heading {
                k += 1;
                continue;
            }
            // A PMO title wrapped over two short lines ("Head of" / "PMO", "Programme
            // Management" / "Office Lead"): taken whole when only the two together make one.
            // (The cheap tests first: a line is parsed only when it must be.)
            let span = line.span();
            let may_wrap = line.words <= WRAP_WORDS
                && !line.furniture(self)
                && !line.text.ends_with(['?', '.', '!', ':', ';']);
            if may_wrap && !line.alone(self) && lines.read(self, k + 1) {
                let next = lines.get(k + 1);
                // The next line alone is no full PMO title ("Ferrovia Networks" / "PMO
                // Director" is a company name over a title, not a wrapped title).
                if next.words <= WRAP_WORDS
                    && !next.heading
                    && !next.sentence(self)
                    && !next.alone(self)
                {
                    let joined = Span::new(span.start, next.span().end);
                    let t = self.parse(&body[joined]);
                    if t.level.is_some() && t.is_pmo {
                        return Some((joined, Some(t.shifted(joined.start))));
                    }
                }
            }
            let line = lines.get(k);
            if line.is_title(self) {
                let span = self.joined(&mut lines, k);
                return Some((span, whole(lines.get(k), span)));
            }
            if fallback.is_none()
                && line.words <= TITLE_WORDS
                && !line.furniture(self)
                && !line.sentence(self)
                && !line.text.ends_with('?')
            {
                fallback = Some((line.span(), whole(line, line.span())));
            }
            k += 1;
        }
        fallback
    }

    /// The span of line `k` (read already), joined with the next line when the title wraps onto
    /// it ("Senior PMO" / "Analyst"). The next line is read only when line `k` may wrap.
    fn joined(&self, lines: &mut Lines<'_>, k: usize) -> Span {
        let line = lines.get(k);
        let span = line.span();
        let t = line.title(self);
        let wraps =
            t.rank.is_none() && (t.is_pmo || !t.modifiers.is_empty()) && t.near_miss.is_none();
        if wraps && lines.read(self, k + 1) {
            let next = lines.get(k + 1);
            if next.words <= 3 && !next.sentence(self) {
                let t = next.title(self);
                if t.rank.is_some() && t.unit.is_none() && t.near_miss.is_none() {
                    return Span::new(span.start, next.at + next.text.len());
                }
            }
        }
        span
    }
}

/// The candidate lines of a body, split and read lazily: the first [`TITLE_LINES`] non-blank
/// lines within the first [`TITLE_BYTES`] bytes. Most adverts give their title in the first line
/// or two, and each line read costs a fold and a parse; none is split or read before it is asked
/// for.
struct Lines<'b> {
    /// The part of the body looked at.
    region: &'b str,
    /// Whether the region stops short of the body (its last line is cut and not read).
    cut: bool,
    /// Where splitting goes on in the region; `None` once every line is split.
    pos: Option<usize>,
    /// The non-blank lines split so far: (offset in the body, trimmed text).
    raw: [(usize, &'b str); TITLE_LINES],
    /// How many of `raw` are filled.
    split: usize,
    /// The lines read so far, in order (lines are read in order: a line and then those after).
    read: Vec<Line<'b>>,
}

impl<'b> Lines<'b> {
    fn new(body: &'b str) -> Lines<'b> {
        let region = &body[..floor_boundary(body, TITLE_BYTES)];
        Lines {
            region,
            cut: region.len() < body.len(),
            pos: Some(0),
            raw: [(0, ""); TITLE_LINES],
            split: 0,
            read: Vec::with_capacity(2),
        }
    }

    /// Splits lines until `k + 1` non-blank ones are known or the region ends; true when line
    /// `k` exists.
    fn split_to(&mut self, k: usize) -> bool {
        if k >= TITLE_LINES {
            return false;
        }
        while self.split <= k {
            let Some(start) = self.pos else {
                return false;
            };
            let rest = &self.region[start..];
            // Lines end at LF, CR or CRLF (the empty piece between CR and LF is blank).
            let raw = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
                Some(end) => {
                    self.pos = Some(start + end + 1);
                    &rest[..end]
                }
                None => {
                    self.pos = None;
                    if self.cut {
                        // A line cut by the byte limit is not read: its end is unknown.
                        return false;
                    }
                    rest
                }
            };
            // A byte order mark is no part of the title.
            let trimmed = raw.trim_start_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}');
            let lead = raw.len() - trimmed.len();
            let text = trimmed.trim_end();
            if !text.is_empty() {
                self.raw[self.split] = (start + lead, text);
                self.split += 1;
            }
        }
        true
    }

    /// Reads line `k` and those before it (once); true when it exists.
    fn read(&mut self, titles: &CompiledTitles, k: usize) -> bool {
        if !self.split_to(k) {
            return false;
        }
        while self.read.len() <= k {
            let (at, text) = self.raw[self.read.len()];
            self.read.push(titles.line(at, text));
        }
        true
    }

    /// Line `k`, which must have been read.
    fn get(&self, k: usize) -> &Line<'b> {
        &self.read[k]
    }
}

/// Parses job titles with a profile's title grammar, and finds the title line of an advert.
///
/// Compiled once; cheap to clone (the automaton is shared), `Send + Sync`. Parsing is infallible
/// and panic-free for any `&str`, and linear in its length.
#[derive(Clone, Debug)]
pub struct TitleParser {
    inner: Arc<CompiledTitles>,
}

impl TitleParser {
    /// The parser of the built-in profile's title grammar. Build it once and share it.
    pub fn builtin() -> TitleParser {
        TitleParser::new(&Profile::builtin()).expect("the built-in title grammar compiles")
    }

    /// Compiles the title grammar of `profile` (after validating the profile).
    pub fn new(profile: &Profile) -> Result<TitleParser, Error> {
        profile.validate()?;
        let inner = CompiledTitles::build(
            &profile.title,
            &profile.headings,
            &profile.origin_or_default(),
        )?;
        Ok(TitleParser {
            inner: Arc::new(inner),
        })
    }

    /// Parses a job title into its level, rank, unit and modifiers (rules in the module docs).
    ///
    /// ```
    /// use pmo_advert::{Role, TitleParser};
    ///
    /// let parser = TitleParser::builtin();
    /// let text = "Manager – Portfolio Management Office";
    /// let title = parser.parse(text);
    /// assert_eq!(title.level(), Some(Role::Manager));
    /// assert!(title.is_pmo());
    /// assert_eq!(&text[title.rank().unwrap()], "Manager");
    /// assert_eq!(&text[title.unit().unwrap()], "Portfolio Management Office");
    ///
    /// let title = parser.parse("Deputy Head of PMO");
    /// assert_eq!(title.level(), Some(Role::Manager));
    ///
    /// let title = parser.parse("Project Manager");
    /// assert_eq!((title.level(), title.is_pmo()), (None, false));
    /// assert!(title.near_miss().is_some());
    /// ```
    pub fn parse(&self, title: &str) -> JobTitle {
        self.inner.parse(title)
    }

    /// Finds the line of `body` that holds the advert's title, for adverts that come without one.
    ///
    /// Looks at the first eight non-blank lines within the first 1,500 bytes. Page furniture
    /// (cookie banners, page counters, "Job Description", organisation names, dates, reference
    /// numbers) and sentences are skipped; a label ("Job title:", "Role:") gives the rest of its
    /// line or the next line; a title wrapped over two lines gives a span over both. The first
    /// line that parses as a job title wins, else the first short line that is neither furniture
    /// nor a sentence, else `None`.
    ///
    /// ```
    /// use pmo_advert::TitleParser;
    ///
    /// let body = "Are you OK with cookies?\nProject Support Officer\nYou will keep the RAID log.";
    /// let span = TitleParser::builtin().find_title_line(body).unwrap();
    /// assert_eq!(&body[span], "Project Support Officer");
    /// ```
    pub fn find_title_line(&self, body: &str) -> Option<Span> {
        self.inner.find_title_line(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser() -> TitleParser {
        TitleParser::builtin()
    }

    fn level(t: &str) -> Option<Role> {
        parser().parse(t).level()
    }

    #[test]
    fn a_title_line_parsed_on_the_way_is_the_title_line_parsed_again() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
        let p = parser();
        let mut reused = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let Some((span, parsed)) = p.inner.find_title_line_parsed(&body) else {
                continue;
            };
            if let Some(t) = parsed {
                assert_eq!(
                    t,
                    p.inner.parse(&body[span]).shifted(span.start),
                    "{span:?}"
                );
                reused += 1;
            }
        }
        assert!(reused > 20, "{reused}");
    }

    #[test]
    fn the_first_hit_is_the_first_token_when_it_opens_the_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
        let p = parser();
        let mut texts: Vec<String> = [
            "PMO/Programme Support Officer",
            "Programme Support Officers needed",
            "Job title: PMO Analyst",
            "Key responsibilities of a PMO Lead",
            "PMO\u{2019}s analyst",
            "programme management officé",
            "",
            "é PMO",
        ]
        .map(String::from)
        .to_vec();
        for entry in std::fs::read_dir(dir).unwrap() {
            let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(body.lines().take(40).map(String::from));
        }
        let mut opened = 0;
        for text in &texts {
            let folded = Normalised::new(text).text;
            let key = |t: &Tok| (t.flags, t.start, t.end);
            let first = p.inner.tokens(&folded).first().copied();
            let want = first
                .filter(|t| t.start == 0 && t.flags != 0)
                .map(|t| key(&t));
            assert_eq!(
                p.inner.first_hit(&folded).map(|t| key(&t)),
                want,
                "{text:?}"
            );
            opened += usize::from(want.is_some());
        }
        assert!(opened > 50, "{opened}");
    }

    /// Lines to hold the line facts to their references: every line of every fixture advert
    /// (trimmed as [`Lines`] trims them, and raw), tricky lines, and random lines built from
    /// pieces that mix white space, apostrophes, scripts, entities and the phrases.
    fn line_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            " ",
            "  ",
            "PMO Analyst",
            " PMO  Analyst ",
            "Senior PMO Analyst\u{a0}\u{2013} London",
            "We\u{2019}re hiring: PMO Lead",
            "PMO\u{3000}Manager\u{2003}(Band\u{202f}7)",
            "PMO経理 Manager 経理担当",
            "🙂 PMO 🙂 Lead 🙂",
            "Programme\tSupport\tOfficer\t",
            "Salary &amp; benefits &#8211; 12/03/2024",
            "R&D PMO & Finance",
            "Reporting to the Head of PMO",
            "PMO Analyst, reporting to the PMO Manager",
            "Co-working with you",
            "ReportING TO",
            "_reporting to",
            "'reporting to'",
            "éreporting to",
            "12 34 5a 6 7",
            "1 2 3 4 5 6 7 8 9 10 11 12 13",
            "- - - - - - - - - - - - - -",
            "It's our PMO",
            "\u{85}PMO\u{85}",
            "\u{b}x\u{c}y\u{7f}z\u{1}",
            "Ⅻ ½ ² ٣ ﬃ ＰＭＯ",
            "PMO\u{ad}Lead\u{200b}",
            "Manager, the team",
            "Manager, The Team",
            "Jobs > PMO > Analyst ~ {x} [y] `z` ^",
            "Networking Withdrawal",
            "working closelyé",
            "a1 b2 c3",
            "ab",
            "Head of",
            "Head of the",
            "YOUR team",
            "you'll",
            "Ünïcödé Ärger",
            "1 2 3 4 5 6 7 8 9 10 11 12",
            "a b c d e f g h i j k l m n",
            "PMO Lead.",
        ]
        .map(String::from)
        .to_vec();
        for text in crate::testing::fixture_texts() {
            for line in text.split(['\n', '\r']) {
                let trimmed = line
                    .trim_start_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}')
                    .trim_end();
                texts.push(trimmed.to_string());
                texts.push(line.to_string());
            }
        }
        const PIECES: [&str; 30] = [
            " ",
            " ",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "\u{2009}",
            "'",
            "\u{2019}",
            "PMO",
            "will",
            "You",
            "of",
            "the",
            "reporting to",
            "Working With",
            "r",
            "w",
            "a",
            "1",
            "é",
            "経理",
            "🙂",
            "&amp;",
            "&",
            ",",
            ".",
            "-",
            "_",
            "- ",
            " + ",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            texts.push(crate::testing::random_text(&mut x, &PIECES, 24));
        }
        texts
    }

    #[test]
    fn a_plain_fold_is_the_fold() {
        let mut plain = 0;
        let mut full = 0;
        for text in line_texts() {
            let norm = Normalised::new(&text);
            let folded = Folded::new(&text);
            assert_eq!(folded.text(), norm.text, "{text:?}");
            match folded {
                Folded::Plain(_) => plain += 1,
                Folded::Full(_) => {
                    full += 1;
                    continue;
                }
            }
            // Every range of up to 40 bytes maps back to the same span.
            for start in 0..text.len() {
                for end in start + 1..=text.len().min(start + 40) {
                    assert_eq!(
                        folded.orig_span(&text, start, end),
                        norm.orig_span(&text, start, end),
                        "{text:?} {start} {end}"
                    );
                }
            }
        }
        assert!(plain > 3_000 && full > 10_000, "{plain} {full}");
        for odd in ["a  b", "a&b", "a\tb", "é", "a\u{7f}", "a\u{1}", "\u{a0}"] {
            assert!(matches!(Folded::new(odd), Folded::Full(_)), "{odd:?}");
        }
    }

    #[test]
    fn the_last_rank_governs() {
        assert_eq!(level("PMO Manager Lead"), Some(Role::Lead));
        assert_eq!(
            level("Portfolio Management Officer (PMO) Lead"),
            Some(Role::Lead)
        );
        assert_eq!(level("Head of Group PMO"), Some(Role::Manager));
    }

    #[test]
    fn a_leading_lead_is_a_modifier() {
        let text = "Lead PMO Analyst";
        let t = parser().parse(text);
        assert_eq!(t.level(), Some(Role::Lead));
        assert_eq!(&text[t.rank().unwrap()], "Analyst");
        assert_eq!(&text[t.modifiers()[0]], "Lead");
    }

    #[test]
    fn deputy_qualifies_the_rank() {
        let text = "Deputy Head of PMO";
        let t = parser().parse(text);
        assert_eq!(t.level(), Some(Role::Manager));
        assert_eq!(&text[t.rank().unwrap()], "Head");
        assert_eq!(&text[t.modifiers()[0]], "Deputy");
    }

    #[test]
    fn grades_in_brackets_are_not_ranks() {
        let t = parser().parse("PMO Analyst (Assistant Vice President)");
        assert_eq!(t.level(), Some(Role::Analyst));
        let t = parser().parse("PMO Lead (Vice President)");
        assert_eq!(t.level(), Some(Role::Lead));
        let t = parser().parse("Vice President, PMO");
        assert_eq!(t.level(), Some(Role::Manager));
    }

    #[test]
    fn not_units_mask_a_following_bracket() {
        let t = parser().parse("Policy Officer, Prime Minister's Office (PMO)");
        assert!(!t.is_pmo());
        assert_eq!(t.level(), None);
        assert!(t.near_miss().is_some());
        let t = parser().parse("Analyst, Prime Minister\u{2019}s Office [PMO]");
        assert!(!t.is_pmo());
    }

    #[test]
    fn a_failed_longest_match_falls_back() {
        // "programme support office" fails its end boundary inside "Officer"; the longest phrase
        // that ends on a boundary there is the PMO title "programme support officer".
        let text = "PMO/Programme Support Officer";
        let t = parser().parse(text);
        assert_eq!(t.level(), Some(Role::Analyst));
        assert_eq!(&text[t.rank().unwrap()], "Programme Support Officer");
    }

    #[test]
    fn user_grammar_extends_the_builtin_one() {
        let extra = Profile::from_toml_str("[title]\nranks_lead = [\"captain\"]").unwrap();
        let p = TitleParser::new(&Profile::builtin().merge(extra)).unwrap();
        assert_eq!(p.parse("PMO Captain").level(), Some(Role::Lead));
    }

    #[test]
    fn parsing_never_panics() {
        let p = parser();
        let long_seps = ",()[]/-|: ".repeat(10_000);
        let deep = "(".repeat(50_000);
        let closes = ")]".repeat(50_000);
        let inputs = [
            "",
            " ",
            "()",
            ")(",
            "((((PMO",
            "PMO))))",
            "- - -",
            "–—",
            long_seps.as_str(),
            deep.as_str(),
            closes.as_str(),
            "Руководитель PMO",
            "PMO経理 Manager",
            "🙂 PMO 🙂 Lead 🙂",
            "é(PMO)é",
            "\u{feff}\u{200b}PMO\u{ad}Manager",
            "&amp;&amp;;;",
            "PMO (",
            "at for at for",
        ];
        for input in inputs {
            let t = p.parse(input);
            for s in t.rank().into_iter().chain(t.unit()).chain(t.near_miss()) {
                assert!(input.get(s.range()).is_some(), "{input:?} {s:?}");
            }
            for s in t.modifiers() {
                assert!(input.get(s.range()).is_some(), "{input:?} {s:?}");
            }
            let _ = p.find_title_line(input);
        }
        assert_eq!(p.parse("((((PMO Manager").level(), Some(Role::Manager));
    }

    #[test]
    fn sentences() {
        assert!(is_sentence(
            "Working closely with our PMO Manager, the successful candidate will"
        ));
        assert!(is_sentence("Reporting to the Head of PMO"));
        assert!(!is_sentence("Senior Manager, PMO and Interventions"));
        assert!(!is_sentence("What Is a PMO Coordinator?"));
        assert!(is_sentence("PMO Analyst REPORTING TO the Head of PMO"));
        assert!(!is_sentence("Reportings Tool Analyst"));
        // Only words of at most four (five) bytes are compared with these (those).
        assert!(SENTENCE_WORDS.iter().all(|w| w.len() <= 4));
        assert!(FUNCTION_WORDS.iter().all(|w| w.len() <= 5));
        // Only phrases starting with `r` or `w` are tried.
        assert!(SENTENCE_PHRASES
            .iter()
            .all(|p| p.starts_with(['r', 'w']) && p.bytes().all(|b| !b.is_ascii_uppercase())));
    }

    /// The maximal runs of chars for which `keep` holds, in order: what
    /// `text.split(|c| !keep(c))` yields without its empty pieces. With it the line facts were
    /// first worked out, one pass per fact: the reference the one-pass [`LineScan`] and
    /// [`count_words`] are held to.
    struct Runs<'a, F> {
        text: &'a str,
        at: usize,
        keep: F,
    }

    impl<'a, F: Fn(char) -> bool> Runs<'a, F> {
        fn new(text: &'a str, keep: F) -> Self {
            Runs { text, at: 0, keep }
        }
    }

    impl<'a, F: Fn(char) -> bool> Iterator for Runs<'a, F> {
        type Item = &'a str;

        fn next(&mut self) -> Option<&'a str> {
            let rest = &self.text[self.at..];
            let start = self.at + rest.find(|c| (self.keep)(c))?;
            let len = self.text[start..]
                .find(|c| !(self.keep)(c))
                .unwrap_or(self.text.len() - start);
            self.at = start + len;
            Some(&self.text[start..self.at])
        }
    }

    /// Wordiness as first worked out: a pass over alphanumeric runs, each counting its letters.
    fn wordy_by_runs(text: &str) -> bool {
        Runs::new(text, char::is_alphanumeric)
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
    }

    /// [`is_sentence`] as first written: a pass over the words, then a byte scan for the
    /// phrases, then one for commas.
    fn is_sentence_by_runs(line: &str) -> bool {
        let trimmed = line.trim_end();
        if trimmed.ends_with(['.', '!', ';', ':', ',', '-', '\u{2013}', '&', '/']) {
            return true;
        }
        let mut count = 0;
        let mut last = "";
        for w in Runs::new(trimmed, |c| c.is_alphanumeric() || c == '\'') {
            count += 1;
            if count > TITLE_WORDS || SENTENCE_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s)) {
                return true;
            }
            last = w;
        }
        if FUNCTION_WORDS.iter().any(|f| last.eq_ignore_ascii_case(f)) {
            return true;
        }
        let bytes = trimmed.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if !matches!(b | 0x20, b'r' | b'w') {
                continue;
            }
            if SENTENCE_PHRASES.iter().any(|p| {
                holds_at(bytes, i, p)
                    && boundary_before(trimmed, i)
                    && boundary_after(trimmed, i + p.len())
            }) {
                return true;
            }
        }
        memchr::memchr_iter(b',', bytes).any(|i| {
            trimmed[i + 1..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
        })
    }

    #[test]
    fn one_scan_finds_what_a_pass_per_fact_finds() {
        let (mut sentences, mut wordy, mut long, mut plain) = (0, 0, 0, 0);
        for text in line_texts() {
            let words = Runs::new(&text, |c| !c.is_whitespace())
                .take(TITLE_WORDS + 1)
                .count();
            assert_eq!(count_words(&text, false), words, "{text:?}");
            if matches!(Folded::new(&text), Folded::Plain(_)) {
                assert_eq!(count_words(&text, true), words, "{text:?}");
                plain += 1;
            }
            let scan = LineScan::of(&text, false);
            assert_eq!(scan.wordy, wordy_by_runs(&text), "{text:?}");
            if matches!(Folded::new(&text), Folded::Plain(_)) {
                assert_eq!(LineScan::of(&text, true), scan, "{text:?}");
            }
            let sentence = is_sentence_by_runs(&text);
            assert_eq!(is_sentence(&text), sentence, "{text:?}");
            let trimmed = text.trim_end();
            assert_eq!(
                is_sentence_scanned(trimmed, &LineScan::of(trimmed, false)),
                sentence
            );
            sentences += usize::from(sentence);
            wordy += usize::from(scan.wordy);
            long += usize::from(words > TITLE_WORDS);
        }
        assert!(
            sentences > 5_000 && wordy > 5_000 && long > 300 && plain > 3_000,
            "{sentences} {wordy} {long} {plain}"
        );
    }

    #[test]
    fn runs_are_split_pieces() {
        let keep = |c: char| c.is_alphanumeric() || c == '\'';
        for text in [
            "",
            " ",
            "PMO Analyst",
            "  a--b  ",
            "é PMO’s (Lead) 🙂x",
            "x",
        ] {
            let split: Vec<&str> = text.split(|c| !keep(c)).filter(|w| !w.is_empty()).collect();
            assert_eq!(Runs::new(text, keep).collect::<Vec<_>>(), split, "{text:?}");
            assert_eq!(
                Runs::new(text, |c| !c.is_whitespace()).count(),
                text.split_whitespace().count()
            );
        }
    }

    #[test]
    fn parser_is_send_and_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<TitleParser>();
        check::<JobTitle>();
    }
}
