//! Compiles a profile's phrases into one aho-corasick automaton (plus the few regexes) and finds
//! every whole-word hit in a normalised text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::{Regex, RegexBuilder};

use crate::document::{boundary_after, boundary_before, fold_phrase, Normalised};
use crate::profile::{Profile, REGEX_SIZE_LIMIT};
use crate::{Error, Section};

/// What a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Index into the compiled signal list.
    Signal(usize),
    /// A heading opening this section.
    Heading(Section),
}

/// A hit in the normalised text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawHit {
    pub(crate) target: Target,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The matched pattern names a PMO: a duty phrase holding a context phrase ("run the PMO"),
    /// or a context phrase holding a unit of the title grammar ("programme office", not
    /// "project governance"); only those can put the job inside a PMO.
    pub(crate) names_pmo: bool,
}

#[derive(Debug)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    targets: Vec<Target>,
    /// Per pattern: whether its hits must be whole words.
    whole: Vec<bool>,
    /// Per pattern: a duty phrase that holds a PMO context phrase, or a context phrase that
    /// names a PMO unit.
    names_pmo: Vec<bool>,
    regexes: Vec<(usize, Regex)>,
    /// Normalised literal patterns, as compiled (for the baseline scan and for tests).
    pub(crate) patterns: Vec<String>,
}

/// UK/US spelling pairs, applied to whole words (stems end in the suffixes listed).
const SPELLINGS: &[(&str, &str)] = &[
    ("programme", "program"),
    ("programmes", "programs"),
    ("centre", "center"),
    ("centres", "centers"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("modelling", "modeling"),
    ("catalogue", "catalog"),
    ("licence", "license"),
    ("labour", "labor"),
    ("judgement", "judgment"),
    ("fulfil", "fulfill"),
    ("enrol", "enroll"),
    ("travelling", "traveling"),
    ("cancelled", "canceled"),
    ("favourable", "favorable"),
    ("defence", "defense"),
];

/// Stems whose `-is-` forms have `-iz-` twins (organise, prioritise…).
const IZE_STEMS: &[&str] = &[
    "organis",
    "prioritis",
    "optimis",
    "standardis",
    "utilis",
    "recognis",
    "summaris",
    "finalis",
    "mobilis",
    "centralis",
    "formalis",
    "maximis",
    "minimis",
    "customis",
    "visualis",
    "categoris",
    "authoris",
    "emphasis",
    "specialis",
    "operationalis",
    "institutionalis",
    "rationalis",
    "harmonis",
    "stabilis",
    "synchronis",
    "digitalis",
    "modernis",
    "characteris",
    "energis",
    "capitalis",
    "normalis",
    "criticis",
    "industrialis",
    "familiaris",
    "initialis",
];

fn word_variants(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    for (uk, us) in SPELLINGS {
        if word == *uk {
            out.push(us.to_string());
        } else if word == *us {
            out.push(uk.to_string());
        }
    }
    // -is-/-iz- twins: "organis" + rest <-> "organiz" + rest.
    if word.len() >= 5 && (word.contains("is") || word.contains("iz")) {
        for stem in IZE_STEMS {
            let root = &stem[..stem.len() - 1];
            if let Some(rest) = word.strip_prefix(root) {
                if let Some(tail) = rest.strip_prefix('s') {
                    out.push(format!("{root}z{tail}"));
                } else if let Some(tail) = rest.strip_prefix('z') {
                    out.push(format!("{root}s{tail}"));
                }
            }
        }
    }
    // analyse/analyze (but not analysis)
    for (s, z) in [
        ("analyse", "analyze"),
        ("analysed", "analyzed"),
        ("analyses", "analyzes"),
        ("analysing", "analyzing"),
    ] {
        if word == s {
            out.push(z.to_string());
        } else if word == z {
            out.push(s.to_string());
        }
    }
    // Hyphenated words: "co-ordinator", "co ordinator", "coordinator".
    if word.contains('-') {
        let mut extra = Vec::new();
        for w in &out {
            if w.split('-').all(|p| !p.is_empty()) {
                extra.push(w.replace('-', " "));
                extra.push(w.replace('-', ""));
            }
        }
        out.extend(extra);
    }
    if out.len() > 1 {
        out.sort();
        out.dedup();
    }
    out
}

/// Every spelling variant of a folded phrase (capped at 64).
pub(crate) fn phrase_variants(folded: &str) -> Vec<String> {
    let mut acc = vec![String::new()];
    for (i, word) in folded.split(' ').enumerate() {
        let vs = word_variants(word);
        let mut next = Vec::with_capacity(acc.len() * vs.len());
        for a in &acc {
            for v in &vs {
                if next.len() >= 64 {
                    break;
                }
                let mut s = a.clone();
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(v);
                next.push(s);
            }
        }
        acc = next;
    }
    acc.sort();
    acc.dedup();
    acc
}

impl Matcher {
    /// Compiles the enabled signals (in the order given) and the headings.
    pub(crate) fn build(
        profile: &Profile,
        signals: &[&crate::profile::Signal],
    ) -> Result<Matcher, Error> {
        let origin = profile.origin_or_default();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut whole = Vec::new();
        let mut owner: HashMap<String, String> = HashMap::new();
        let mut add = |pat: String, target: Target, whole_words: bool, name: &str| {
            if let Some(first) = owner.get(&pat) {
                let heading = matches!(target, Target::Heading(_));
                if first == name || (heading && !first.starts_with("heading:")) {
                    // The same signal wrote two spellings of one phrase, or a heading doubles a
                    // signal phrase (the signal keeps it).
                    return Ok(());
                }
                return Err(Error::DuplicatePhrase {
                    origin: origin.clone(),
                    phrase: pat,
                    first: first.clone(),
                    second: name.to_string(),
                });
            }
            owner.insert(pat.clone(), name.to_string());
            patterns.push(pat);
            targets.push(target);
            whole.push(whole_words);
            Ok(())
        };
        for (si, s) in signals.iter().enumerate() {
            for p in &s.phrases {
                for v in phrase_variants(&fold_phrase(p)) {
                    add(v, Target::Signal(si), s.whole_words, &s.id)?;
                }
            }
        }
        for h in &profile.headings {
            let name = format!("heading:{}", h.section.as_str());
            for p in &h.phrases {
                for v in phrase_variants(&fold_phrase(p)) {
                    add(v, Target::Heading(h.section), true, &name)?;
                }
            }
        }
        // Duty phrases that hold a context phrase as whole words ("run the pmo"), and context
        // phrases that hold a unit of the title grammar ("programme office", unlike practice
        // words such as "project governance"): one small automaton each over the padded phrases.
        let padded = |list: Vec<String>| -> Result<AhoCorasick, Error> {
            let pats: Vec<String> = list
                .iter()
                .flat_map(|p| phrase_variants(&fold_phrase(p)))
                .map(|p| format!(" {p} "))
                .collect();
            AhoCorasick::new(pats).map_err(Error::automaton)
        };
        let context = padded(
            signals
                .iter()
                .filter(|s| s.kind == crate::SignalKind::Context)
                .flat_map(|s| s.phrases.iter().cloned())
                .collect(),
        )?;
        let units = padded(profile.title.units.clone())?;
        let names_pmo: Vec<bool> = patterns
            .iter()
            .zip(&targets)
            .map(|(p, t)| {
                let padded = format!(" {p} ");
                match t {
                    Target::Signal(si) => match signals[*si].kind {
                        crate::SignalKind::Duty => context.is_match(&padded),
                        crate::SignalKind::Context => units.is_match(&padded),
                        _ => false,
                    },
                    Target::Heading(_) => false,
                }
            })
            .collect();
        let mut regexes = Vec::new();
        for (si, s) in signals.iter().enumerate() {
            for (i, r) in s.regexes.iter().enumerate() {
                let error = |source: Box<dyn std::error::Error + Send + Sync>| Error::Regex {
                    origin: origin.clone(),
                    id: s.id.clone(),
                    index: i,
                    pattern: r.clone(),
                    source,
                };
                let folded = for_folded_text(r).map_err(|e| error(e))?;
                let re = RegexBuilder::new(&folded)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| error(Box::new(e)))?;
                regexes.push((si, re));
            }
        }
        // A contiguous NFA: a fraction of a full DFA's memory (which stays in cache while the
        // analysis does its other work) and far quicker to build. The text is folded to lowercase
        // first, so the automaton needs no case-insensitive transitions.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            // Dense transitions three bytes deep, where the scan spends most of its time:
            // measured ~10% faster than the default depth for ~60 KB more.
            .dense_depth(3)
            .build(&patterns)
            .map_err(Error::automaton)?;
        Ok(Matcher {
            ac,
            targets,
            whole,
            names_pmo,
            regexes,
            patterns,
        })
    }

    /// Heap bytes held by the automaton.
    pub(crate) fn memory_usage(&self) -> usize {
        self.ac.memory_usage() + self.patterns.iter().map(|p| p.len()).sum::<usize>()
    }

    /// Every hit in `norm`, in order of start (ties: longer first). One automaton pass; a longest
    /// hit that fails the word-boundary check gives way to the longest shorter pattern at the same
    /// place that passes it.
    pub(crate) fn find(&self, norm: &Normalised, out: &mut Vec<RawHit>) {
        let text = norm.text.as_str();
        whole_word_matches(
            &self.ac,
            text,
            |pid| self.whole[pid],
            |pid, start, end| {
                out.push(RawHit {
                    target: self.targets[pid],
                    start,
                    end,
                    names_pmo: self.names_pmo[pid],
                })
            },
        );
        if !self.regexes.is_empty() {
            let before = out.len();
            for (si, re) in &self.regexes {
                for m in re.find_iter(text) {
                    if m.is_empty() {
                        continue;
                    }
                    out.push(RawHit {
                        target: Target::Signal(*si),
                        start: m.start(),
                        end: m.end(),
                        names_pmo: false,
                    });
                }
            }
            if out.len() > before {
                out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            }
        }
    }
}

/// A profile regex rewritten for the folded text: parsed ignoring case (so `PMO` and `(?i)` mean
/// what they say), then every ASCII capital dropped from its classes, since the folded text holds
/// none. It matches the folded text exactly where the case-insensitive regex would, but its
/// literals have one case only, which keeps the regex engine's literal prefilter small: measured
/// at a sixth of the case-insensitive regex's instructions on a 4 KB advert.
fn for_folded_text(pattern: &str) -> Result<String, Box<regex_syntax::Error>> {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange};
    use regex_syntax::hir::{Hir, HirKind};
    fn lower(h: &Hir) -> Hir {
        match h.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                let mut c = c.clone();
                c.difference(&ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]));
                Hir::class(Class::Unicode(c))
            }
            HirKind::Class(Class::Bytes(c)) => {
                let mut c = c.clone();
                c.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
                Hir::class(Class::Bytes(c))
            }
            HirKind::Repetition(r) => {
                let mut r = r.clone();
                r.sub = Box::new(lower(&r.sub));
                Hir::repetition(r)
            }
            HirKind::Capture(c) => {
                let mut c = c.clone();
                c.sub = Box::new(lower(&c.sub));
                Hir::capture(c)
            }
            HirKind::Concat(v) => Hir::concat(v.iter().map(lower).collect()),
            HirKind::Alternation(v) => Hir::alternation(v.iter().map(lower).collect()),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => h.clone(),
        }
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(Box::new)?;
    Ok(lower(&hir).to_string())
}

/// Every match of `ac` (a leftmost-longest automaton) in `text`, in order, passed to `emit` as
/// `(pattern, start, end)`. Patterns for which `whole` holds must start and end on word
/// boundaries; when the longest such pattern at a place fails the check at its end, the longest
/// shorter pattern there that passes it is taken instead. One pass over the text; the matcher and
/// the title grammar share it.
pub(crate) fn whole_word_matches(
    ac: &AhoCorasick,
    text: &str,
    whole: impl Fn(usize) -> bool,
    mut emit: impl FnMut(usize, usize, usize),
) {
    let hay = text.as_bytes();
    let mut at = 0;
    while at < hay.len() {
        let Some(m) = ac.find(Input::new(hay).range(at..)) else {
            break;
        };
        let pid = m.pattern().as_usize();
        let (s, e) = (m.start(), m.end());
        let whole = whole(pid);
        if whole && !boundary_before(text, s) {
            // Starts inside a word: look again from the next char.
            at = next_char(text, s);
            continue;
        }
        if !whole || boundary_after(text, e) {
            emit(pid, s, e);
            at = e;
            continue;
        }
        match shorter_at(ac, text, s, e) {
            Some((pid, s, e)) => {
                emit(pid, s, e);
                at = e;
            }
            None => at = next_char(text, s),
        }
    }
}

/// The longest pattern starting at `s`, ending before `e`, that ends on a word boundary.
fn shorter_at(ac: &AhoCorasick, text: &str, s: usize, e: usize) -> Option<(usize, usize, usize)> {
    let hay = text.as_bytes();
    let mut limit = e;
    loop {
        // Shrink the window to the last word boundary before the failed end.
        limit = (s + 1..limit)
            .rev()
            .find(|&p| text.is_char_boundary(p) && boundary_after(text, p))?;
        let input = Input::new(hay).range(s..limit).anchored(Anchored::Yes);
        let m = ac.find(input)?;
        if boundary_after(text, m.end()) {
            return Some((m.pattern().as_usize(), m.start(), m.end()));
        }
        limit = m.end();
    }
}

fn next_char(text: &str, pos: usize) -> usize {
    let mut p = pos + 1;
    while p < text.len() && !text.is_char_boundary(p) {
        p += 1;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cover_spelling_and_hyphens() {
        let v = phrase_variants("pmo co-ordinator");
        assert!(v.contains(&"pmo co-ordinator".to_string()));
        assert!(v.contains(&"pmo coordinator".to_string()));
        assert!(v.contains(&"pmo co ordinator".to_string()));
        let v = phrase_variants("programme management office");
        assert!(v.contains(&"program management office".to_string()));
        let v = phrase_variants("prioritise work across the organisation");
        assert!(v.contains(&"prioritize work across the organization".to_string()));
        assert!(v.contains(&"prioritise work across the organization".to_string()));
        let v = phrase_variants("analysis");
        assert_eq!(v, vec!["analysis".to_string()]);
    }

    #[test]
    fn regexes_for_the_folded_text_match_where_ignoring_case_would() {
        let folded = "pmo analyst, 3 years' experience; \u{c9}t\u{e9} (k) s\u{17f} [x] abc-def";
        for pattern in [
            r"PMO\s+Analyst",
            r"(?-u:\b)(?:[1-3]|one|two)\+? YEARS?(?-u:\b)",
            r"[A-Z]+",
            r"[^a-z ]+",
            r"\W+",
            r"\S+",
            r"(?i)pmo",
            r"(?-i)PMO",
            r"\p{Lu}+",
            r"K|S",
            r"é",
            r"[[:upper:]]+",
            r"(?P<n>Abc)-DEF",
        ] {
            let ignoring_case = regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .unwrap();
            let folded_re = regex::Regex::new(&for_folded_text(pattern).unwrap()).unwrap();
            let a: Vec<_> = ignoring_case.find_iter(folded).map(|m| m.range()).collect();
            let b: Vec<_> = folded_re.find_iter(folded).map(|m| m.range()).collect();
            assert_eq!(a, b, "{pattern}");
        }
        assert!(for_folded_text("(unclosed").is_err());
    }
}
