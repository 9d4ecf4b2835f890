//! Compiles a profile's phrases into one leftmost-longest automaton (a DFA, see [`dfa`]; for a
//! profile with too many states, aho-corasick's contiguous NFA), plus the few regexes, and
//! finds every whole-word hit in a normalised text.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::RegexBuilder;

use crate::document::{
    boundary_after, boundary_before, floor_boundary, fold_phrase, is_word_byte, Normalised,
};

mod dfa;
mod window;
use crate::profile::{Profile, REGEX_SIZE_LIMIT};
use crate::{Error, Section};
use dfa::PhraseDfa;
use window::WindowedRegex;

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
    ac: MainAutomaton,
    targets: Vec<Target>,
    /// Per pattern: whether its hits must be whole words.
    whole: Vec<bool>,
    /// Per pattern: a duty phrase that holds a PMO context phrase, or a context phrase that
    /// names a PMO unit.
    names_pmo: Vec<bool>,
    regexes: Vec<(usize, WindowedRegex)>,
    /// Estimated heap bytes of `regexes` (see [`regex_heap_estimate`]).
    regex_bytes: usize,
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

/// The analyse forms with their -yz- twins (not "analysis", "analyst").
const ANALYSE_FORMS: &[(&str, &str)] = &[
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("analyses", "analyzes"),
    ("analysing", "analyzing"),
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
    for (s, z) in ANALYSE_FORMS {
        if word == *s {
            out.push(z.to_string());
        } else if word == *z {
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

/// For each first byte, a bit per word length (bit 31: 31 bytes or more) that a word of
/// SPELLINGS or ANALYSE_FORMS has: with [`SPELLING_LAST`], [`may_vary`] rules out most words with
/// two lookups before comparing any.
const SPELLING_FIRST: [u32; 256] = spelling_filter(false);

/// The same as [`SPELLING_FIRST`] for the last byte.
const SPELLING_LAST: [u32; 256] = spelling_filter(true);

const fn spelling_filter(last: bool) -> [u32; 256] {
    let mut f = [0u32; 256];
    let mut k = 0;
    while k < 2 {
        let table = if k == 0 { SPELLINGS } else { ANALYSE_FORMS };
        let mut i = 0;
        while i < table.len() {
            let (a, b) = table[i];
            let (a, b) = (a.as_bytes(), b.as_bytes());
            let (ka, kb) = if last {
                (a[a.len() - 1], b[b.len() - 1])
            } else {
                (a[0], b[0])
            };
            f[ka as usize] |= length_bit(a.len());
            f[kb as usize] |= length_bit(b.len());
            i += 1;
        }
        k += 1;
    }
    f
}

const fn length_bit(len: usize) -> u32 {
    1 << if len < 31 { len } else { 31 }
}

/// True when `word_variants` may give `word` a twin: cheap checks, no allocation. It may say
/// yes for a word that has none (the slow path then finds none), never no for one that has.
fn may_vary(word: &[u8]) -> bool {
    word.contains(&b'-') || may_vary_unhyphenated(word)
}

/// [`may_vary`] for a word without a hyphen: a few table lookups for most words.
fn may_vary_unhyphenated(word: &[u8]) -> bool {
    let n = word.len();
    // Every word of SPELLINGS, every analyse form and every -is-/-iz- word is 5 bytes or more.
    if n < 5 {
        return false;
    }
    let first = usize::from(word[0]);
    if SPELLING_FIRST[first] & SPELLING_LAST[usize::from(word[n - 1])] & length_bit(n) != 0
        && SPELLINGS
            .iter()
            .chain(ANALYSE_FORMS)
            .any(|(a, b)| word == a.as_bytes() || word == b.as_bytes())
    {
        return true;
    }
    // An -is-/-iz- word is a stem's root (the stem less its "s") and "s" or "z": only the root
    // lengths that a stem with this first byte has, shorter than the word, are tried.
    let mut roots = ROOT_FILTER[first] & (length_bit(n) - 1);
    while roots != 0 {
        let len = roots.trailing_zeros() as usize;
        roots &= roots - 1;
        if matches!(word[len], b's' | b'z')
            && IZE_STEMS
                .iter()
                .any(|stem| stem.len() == len + 1 && word.starts_with(&stem.as_bytes()[..len]))
        {
            return true;
        }
    }
    false
}

/// For each first byte, a bit per length of the -is-/-iz- roots (a stem without its last byte)
/// starting with it.
const ROOT_FILTER: [u32; 256] = root_filter();

const fn root_filter() -> [u32; 256] {
    let mut f = [0u32; 256];
    let mut i = 0;
    while i < IZE_STEMS.len() {
        let stem = IZE_STEMS[i].as_bytes();
        f[stem[0] as usize] |= length_bit(stem.len() - 1);
        i += 1;
    }
    f
}

/// Every spelling variant of a folded phrase (capped at 64).
pub(crate) fn phrase_variants(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    push_variants(folded.to_string(), &mut out);
    out
}

/// Appends every spelling variant of a folded phrase (capped at 64) to `out`: the phrase itself
/// when it has none, without a copy.
pub(crate) fn push_variants(folded: String, out: &mut Vec<String>) {
    // Most phrases have no variant: no per-word work beyond a table lookup (measured at a fifth
    // of the build's variant instructions on the built-in profile).
    if !folded.contains('-')
        && !folded
            .as_bytes()
            .split(|&c| c == b' ')
            .any(may_vary_unhyphenated)
    {
        out.push(folded);
        return;
    }
    out.extend(variants_of(&folded));
}

/// Every spelling variant of a folded phrase that has some (capped at 64), sorted.
fn variants_of(folded: &str) -> Vec<String> {
    let mut acc = vec![String::with_capacity(folded.len() + 4)];
    for (i, word) in folded.split(' ').enumerate() {
        let vs = if may_vary(word.as_bytes()) {
            word_variants(word)
        } else {
            Vec::new()
        };
        if vs.len() <= 1 {
            // One spelling: append it to every phrase so far.
            for a in &mut acc {
                if i > 0 {
                    a.push(' ');
                }
                a.push_str(word);
            }
            continue;
        }
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
    if acc.len() > 1 {
        acc.sort();
        acc.dedup();
    }
    acc
}

/// `fold_phrase(phrase)`, without building a normalised copy when the phrase is plain ASCII
/// words (letters, digits, inner hyphens) joined by single spaces, which folding only lowercases.
/// Most profile phrases are; the test `plain_phrases_fold_the_same` holds the two paths equal.
pub(crate) fn fold_plain(phrase: &str) -> String {
    let b = phrase.as_bytes();
    let plain = !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b' ' || c == b'-')
        && !phrase.contains("  ");
    if plain {
        phrase.to_ascii_lowercase()
    } else {
        fold_phrase(phrase)
    }
}

/// For each string, the index of the first string equal to it (itself when it is the first): one
/// hash map of borrowed strings with a quick hash, a third of the instructions of sorting them.
pub(crate) fn first_equal(strings: &[String]) -> Vec<usize> {
    let mut seen: HashMap<&str, usize, BuildHasherDefault<QuickHash>> =
        HashMap::with_capacity_and_hasher(strings.len(), Default::default());
    strings
        .iter()
        .enumerate()
        .map(|(i, s)| *seen.entry(s.as_str()).or_insert(i))
        .collect()
}

/// A quick multiplicative hash (FxHash's) for maps built once from a profile's own phrases:
/// eight bytes a step. Not resistant to crafted collisions, which a profile could only aim at
/// its own build.
#[derive(Default)]
pub(crate) struct QuickHash(u64);

impl Hasher for QuickHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl QuickHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Heap bytes of an aho-corasick automaton: its own count of its tables, and the shared
/// automaton value itself, which that count leaves out (a private type; ~400 bytes, taken as 512).
pub(crate) fn automaton_bytes(ac: &AhoCorasick) -> usize {
    ac.memory_usage() + 512
}

/// Estimated heap bytes of a compiled regex, which the regex crate does not report: a fixed
/// part (the engine's shared state and cache pool, before any search grows the caches) and a
/// part per byte of the pattern (its NFAs, forward and reverse, and its literal prefilter).
/// The two figures are fitted, with a counting allocator, to the built-in profile's two signal
/// regexes (~400 pattern bytes in all, ~72 KB live); a regex of very different shape may be off
/// by more. `tests/heap.rs` checks the whole analyser against the same allocator.
pub(crate) fn regex_heap_estimate(pattern: &str) -> usize {
    REGEX_FIXED_BYTES + REGEX_BYTES_PER_BYTE * pattern.len()
}

const REGEX_FIXED_BYTES: usize = 18_600;
const REGEX_BYTES_PER_BYTE: usize = 85;

/// [`regex_heap_estimate`] for a regex built without a literal prefilter (the cue regexes),
/// fitted the same way to the built-in profile's two (~400 pattern bytes each, ~34 KB live
/// each): a larger fixed part, far less per pattern byte.
pub(crate) fn unfiltered_regex_heap_estimate(pattern: &str) -> usize {
    30_000 + 11 * pattern.len()
}

/// The fewest patterns for which the build uses a second thread: below it the thread costs more
/// than it saves.
const PARALLEL_PATTERNS: usize = 256;

/// A phrase automaton (the main one, and the title grammar's): a DFA when it has at most
/// [`dfa::MAX_STATES`] states, else aho-corasick's contiguous NFA. Both find the same matches.
#[derive(Clone, Debug)]
pub(crate) enum MainAutomaton {
    Dfa(Box<PhraseDfa>),
    Nfa(AhoCorasick),
}

impl MainAutomaton {
    /// The leftmost-longest automaton of `patterns` (pattern `i` reported as `i`).
    pub(crate) fn new(patterns: &[String]) -> Result<MainAutomaton, aho_corasick::BuildError> {
        main_automaton(patterns)
    }

    /// Heap bytes held (the boxed DFA with its tables, or aho-corasick's own count).
    pub(crate) fn memory_usage(&self) -> usize {
        match self {
            MainAutomaton::Dfa(d) => std::mem::size_of::<PhraseDfa>() + d.memory_usage(),
            MainAutomaton::Nfa(ac) => automaton_bytes(ac),
        }
    }
}

/// Leftmost-longest searches, as [`whole_word_matches`] makes them.
pub(crate) trait LongestMatch {
    /// The leftmost-longest match starting at or after `at`: `(pattern, start, end)`.
    fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)>;
    /// The longest match starting at `start` and ending at or before `end`.
    fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<(usize, usize, usize)>;
}

impl LongestMatch for AhoCorasick {
    #[inline]
    fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        self.find(Input::new(hay).range(at..))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }

    fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<(usize, usize, usize)> {
        let input = Input::new(hay).range(start..end).anchored(Anchored::Yes);
        self.find(input)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }
}

impl LongestMatch for PhraseDfa {
    #[inline(always)]
    fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        PhraseDfa::longest_from(self, hay, at)
    }

    fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<(usize, usize, usize)> {
        PhraseDfa::longest_at(self, hay, start, end)
    }
}

impl MainAutomaton {
    /// [`whole_word_matches`] over this automaton: the choice of automaton made once, so that
    /// each search loop is compiled for one kind (a choice per hit measured ~1% of an analysis).
    pub(crate) fn whole_word_matches(
        &self,
        text: &str,
        whole: impl Fn(usize) -> bool,
        emit: impl FnMut(usize, usize, usize),
    ) {
        match self {
            MainAutomaton::Dfa(d) => {
                whole_word_matches_in_two(d, text, whole, emit);
            }
            MainAutomaton::Nfa(ac) => whole_word_matches(ac, text, whole, emit),
        }
    }
}

impl LongestMatch for MainAutomaton {
    #[inline]
    fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        match self {
            MainAutomaton::Dfa(d) => d.longest_from(hay, at),
            MainAutomaton::Nfa(ac) => ac.longest_from(hay, at),
        }
    }

    fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<(usize, usize, usize)> {
        match self {
            MainAutomaton::Dfa(d) => d.longest_at(hay, start, end),
            MainAutomaton::Nfa(ac) => ac.longest_at(hay, start, end),
        }
    }
}

/// The automaton part of [`Matcher::build`], on the calling thread: the PMO-naming check and
/// the main automaton.
#[inline(never)]
fn automaton_part(
    profile: &Profile,
    signals: &[&crate::profile::Signal],
    patterns: &[String],
    targets: &[Target],
) -> (Vec<bool>, Result<MainAutomaton, aho_corasick::BuildError>) {
    let names = names_pmo(profile, signals, patterns, targets);
    let ac = main_automaton(patterns);
    (names, ac)
}

/// The signals' regexes (with their heap bytes).
type Regexes = Result<(Vec<(usize, WindowedRegex)>, usize), Error>;

/// The second thread's part of [`Matcher::build`]: the signals' regexes and the caller's
/// `alongside`, taken once (on the second thread, or on the first if the second did not
/// start). Not inlined, so that the `instructions` example can count it.
#[inline(never)]
fn spawned_part<S>(
    origin: &str,
    signals: &[&crate::profile::Signal],
    alongside: &Mutex<Option<impl FnOnce() -> S>>,
) -> (Regexes, Option<S>) {
    let regexes = compile_regexes(origin, signals);
    let alongside = alongside.lock().ok().and_then(|mut a| a.take());
    (regexes, alongside.map(|a| a()))
}

/// The main automaton over the compiled patterns.
#[inline(never)]
fn main_automaton(patterns: &[String]) -> Result<MainAutomaton, aho_corasick::BuildError> {
    if let Some(dfa) = PhraseDfa::new(patterns) {
        return Ok(MainAutomaton::Dfa(Box::new(dfa)));
    }
    // A contiguous NFA: a fraction of a full DFA's memory and far quicker to build than
    // aho-corasick's DFA. The text is folded to lowercase first, so the automaton needs no
    // case-insensitive transitions.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        // Dense transitions three bytes deep, where the scan spends most of its time:
        // measured ~10% faster than the default depth for ~60 KB more.
        .dense_depth(3)
        // Over a couple of thousand patterns no prefilter is chosen (too many to search for
        // their literals), but the builder would still collect every pattern's bytes to find
        // out: ~1% of the build.
        .prefilter(false)
        .build(patterns)
        .map(MainAutomaton::Nfa)
}

impl Matcher {
    /// Compiles the enabled signals (in the order given) and the headings, and runs the rest of
    /// the analyser's build with it: `after` on this thread after the main automaton,
    /// `alongside` on a second thread meanwhile. Neither runs when the phrases fail to compile.
    pub(crate) fn build<R, S: Send>(
        profile: &Profile,
        signals: &[&crate::profile::Signal],
        after: impl FnOnce() -> R,
        alongside: impl FnOnce() -> S + Send,
    ) -> Result<(Matcher, R, S), Error> {
        let origin = profile.origin_or_default();
        // Every variant of every phrase, in order, with its owner's name; duplicates are found
        // after, by sorting.
        let heading_names: Vec<String> = profile
            .headings
            .iter()
            .map(|h| format!("heading:{}", h.section.as_str()))
            .collect();
        let mut all: Vec<String> = Vec::new();
        let mut meta: Vec<(Target, bool, &str)> = Vec::new();
        for (si, s) in signals.iter().enumerate() {
            for p in &s.phrases {
                push_variants(fold_plain(p), &mut all);
                meta.resize(all.len(), (Target::Signal(si), s.whole_words, &s.id));
            }
        }
        for (h, name) in profile.headings.iter().zip(&heading_names) {
            for p in &h.phrases {
                push_variants(fold_plain(p), &mut all);
                meta.resize(all.len(), (Target::Heading(h.section), true, name));
            }
        }
        let first = first_equal(&all);
        let mut keep = vec![true; all.len()];
        for (i, &f) in first.iter().enumerate() {
            if f == i {
                continue;
            }
            let (target, _, name) = meta[i];
            let owner = meta[f].2;
            let heading = matches!(target, Target::Heading(_));
            if owner == name || (heading && !owner.starts_with("heading:")) {
                // The same signal wrote two spellings of one phrase, or a heading doubles a
                // signal phrase (the signal keeps it).
                keep[i] = false;
                continue;
            }
            return Err(Error::DuplicatePhrase {
                origin,
                phrase: std::mem::take(&mut all[i]),
                first: owner.to_string(),
                second: name.to_string(),
            });
        }
        let kept = keep.iter().filter(|&&k| k).count();
        let mut patterns: Vec<String> = Vec::with_capacity(kept);
        let mut targets = Vec::with_capacity(kept);
        let mut whole = Vec::with_capacity(kept);
        for ((pat, (target, whole_words, _)), k) in all.into_iter().zip(meta).zip(keep) {
            if k {
                patterns.push(pat);
                targets.push(target);
                whole.push(whole_words);
            }
        }
        // The build is split over two threads, when there are enough patterns to pay for the
        // second: here, the PMO-naming check, the main automaton and `after`; there, the
        // signals' regexes and `alongside`. The longer part stays on this thread: when it ran
        // on the new thread, that thread started its work a median 0.93 ms after being spawned
        // (40 builds on a 2-core machine), and criterion measured a build and drop at 7.2-8.5 ms
        // against 4.6-4.7 ms this way round, in alternating runs.
        // On the built-in profile, with the title grammar after and the cue tables alongside,
        // this thread's work (with the phrase variants above) comes to ~15M instructions and the
        // second thread's to ~11M; the DFA's build waits on memory more than the rest. The
        // errors come in the order they would in one thread: the regexes, then the main
        // automaton.
        let alongside = Mutex::new(Some(alongside));
        let spawned = || spawned_part(&origin, signals, &alongside);
        let ((names_pmo, ac), after, (regexes, alongside)) = std::thread::scope(|scope| {
            let worker = if patterns.len() >= PARALLEL_PATTERNS {
                std::thread::Builder::new()
                    .spawn_scoped(scope, spawned)
                    .ok()
            } else {
                None
            };
            let automaton = automaton_part(profile, signals, &patterns, &targets);
            let after = after();
            let spawned = match worker {
                Some(w) => w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => spawned(),
            };
            (automaton, after, spawned)
        });
        let (regexes, regex_bytes) = regexes?;
        let ac = ac.map_err(Error::automaton)?;
        let alongside = alongside.expect("the second part of the build ran once");
        Ok((
            Matcher {
                ac,
                targets,
                whole,
                names_pmo,
                regexes,
                regex_bytes,
                patterns,
            },
            after,
            alongside,
        ))
    }

    /// Heap bytes held: the automaton, the pattern strings and the per-pattern tables (by
    /// capacity), and the regexes (estimated).
    pub(crate) fn memory_usage(&self) -> usize {
        use std::mem::size_of;
        self.ac.memory_usage()
            + self.patterns.capacity() * size_of::<String>()
            + self.patterns.iter().map(String::capacity).sum::<usize>()
            + self.targets.capacity() * size_of::<Target>()
            + self.whole.capacity()
            + self.names_pmo.capacity()
            + self.regexes.capacity() * size_of::<(usize, WindowedRegex)>()
            + self.regex_bytes
            + self
                .regexes
                .iter()
                .map(|(_, r)| r.needle_bytes())
                .sum::<usize>()
    }

    /// Every hit in `norm`, passed to `emit` in order of start (ties: longer first; a phrase's
    /// hit before a regex's of the same span). One automaton pass; a longest hit that fails the
    /// word-boundary check gives way to the longest shorter pattern at the same place that
    /// passes it. The phrase hits are not held: each goes to `emit` as the walk finds it, so that
    /// a keyword-stuffed text costs no memory per hit here. The regexes' hits (few: a regex runs
    /// only in short windows around its literals) are found first, sorted, and merged in.
    pub(crate) fn find(&self, norm: &Normalised, mut emit: impl FnMut(RawHit)) {
        let text = norm.text.as_str();
        let mut extra: Vec<RawHit> = Vec::new();
        if !self.regexes.is_empty() {
            // Where each needle occurs, found once for the regexes that share it.
            let mut places = Vec::new();
            let mut places_of = None;
            for (si, re) in &self.regexes {
                if re.needle().is_some() && re.needle() != places_of {
                    re.needle_places(text.as_bytes(), &mut places);
                    places_of = re.needle();
                }
                re.for_each_match(text, &places, |start, end| {
                    extra.push(RawHit {
                        target: Target::Signal(*si),
                        start,
                        end,
                        names_pmo: false,
                    })
                });
            }
            // Stable: the regexes' hits of one span stay in the regexes' order.
            extra.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        }
        let hit = |pid: usize, start, end| RawHit {
            target: self.targets[pid],
            start,
            end,
            names_pmo: self.names_pmo[pid],
        };
        if extra.is_empty() {
            self.ac.whole_word_matches(
                text,
                |pid| self.whole[pid],
                |pid, start, end| emit(hit(pid, start, end)),
            );
            return;
        }
        let mut next = 0;
        // Where the next regex hit starts: one comparison per phrase hit until it is reached.
        let mut next_start = extra[0].start;
        self.ac.whole_word_matches(
            text,
            |pid| self.whole[pid],
            |pid, start, end| {
                if next_start <= start {
                    // The regex hits that sort before this one (by start, then longer first).
                    while let Some(r) = extra.get(next) {
                        if r.start < start || (r.start == start && r.end > end) {
                            emit(*r);
                            next += 1;
                        } else {
                            break;
                        }
                    }
                    next_start = extra.get(next).map_or(usize::MAX, |r| r.start);
                }
                emit(hit(pid, start, end))
            },
        );
        for r in extra.get(next..).unwrap_or_default() {
            emit(*r);
        }
    }
}

/// Per pattern: whether it names a PMO. Duty phrases that hold a context phrase as whole words
/// ("run the pmo"), and context phrases that hold a unit of the title grammar ("programme
/// office", unlike practice words such as "project governance"). The context phrases' variants
/// are the context signals' patterns. Every run of whole words of a pattern (no longer than the
/// longest phrase looked for) is looked up in a hash set of the phrases: what a substring search
/// of the space-padded phrases in the space-padded pattern finds, for patterns of single-spaced
/// words, at a sixth of the instructions of building two automata for it.
fn names_pmo(
    profile: &Profile,
    signals: &[&crate::profile::Signal],
    patterns: &[String],
    targets: &[Target],
) -> Vec<bool> {
    let kind = |t: &Target| match t {
        Target::Signal(si) => Some(signals[*si].kind),
        Target::Heading(_) => None,
    };
    let context: PhraseSet<'_> = PhraseSet::new(
        patterns
            .iter()
            .zip(targets)
            .filter(|(_, t)| kind(t) == Some(crate::SignalKind::Context))
            .map(|(p, _)| p.as_str()),
    );
    let unit_variants: Vec<String> = profile
        .title
        .units
        .iter()
        .flat_map(|p| phrase_variants(&fold_plain(p)))
        .collect();
    let units = PhraseSet::new(unit_variants.iter().map(String::as_str));
    let mut words = Vec::new();
    patterns
        .iter()
        .zip(targets)
        .map(|(p, t)| match kind(t) {
            Some(crate::SignalKind::Duty) => context.holds_words_of(p, &mut words),
            Some(crate::SignalKind::Context) => units.holds_words_of(p, &mut words),
            _ => false,
        })
        .collect()
}

/// A set of folded phrases, for [`names_pmo`].
struct PhraseSet<'a> {
    phrases: HashSet<&'a str, BuildHasherDefault<QuickHash>>,
    /// The longest phrase's length in bytes.
    longest: usize,
    /// A bit per phrase length (bit 63: 63 bytes or more): most runs of words are ruled out
    /// by their length before they are hashed.
    lengths: u64,
}

impl<'a> PhraseSet<'a> {
    fn new(phrases: impl Iterator<Item = &'a str>) -> PhraseSet<'a> {
        let phrases: HashSet<&str, _> = phrases.collect();
        let longest = phrases.iter().map(|p| p.len()).max().unwrap_or(0);
        let lengths = phrases.iter().fold(0, |m, p| m | 1 << p.len().min(63));
        PhraseSet {
            phrases,
            longest,
            lengths,
        }
    }

    /// Whether some phrase is a run of whole words of `text` (words split at single spaces).
    /// `words` is scratch space.
    fn holds_words_of(&self, text: &str, words: &mut Vec<(usize, usize)>) -> bool {
        if self.phrases.is_empty() {
            return false;
        }
        words.clear();
        let mut start = 0;
        for (i, &c) in text.as_bytes().iter().enumerate() {
            if c == b' ' {
                words.push((start, i));
                start = i + 1;
            }
        }
        words.push((start, text.len()));
        for (k, &(start, _)) in words.iter().enumerate() {
            for &(_, end) in &words[k..] {
                if end - start > self.longest {
                    break;
                }
                if self.lengths & 1 << (end - start).min(63) != 0
                    && self.phrases.contains(&text[start..end])
                {
                    return true;
                }
            }
        }
        false
    }
}

/// The signals' regexes, rewritten for the folded text (see [`folded_hir`]) and compiled,
/// each with its signal's index, and their estimated heap bytes.
fn compile_regexes(
    origin: &str,
    signals: &[&crate::profile::Signal],
) -> Result<(Vec<(usize, WindowedRegex)>, usize), Error> {
    let mut regexes = Vec::new();
    let mut bytes = 0;
    for (si, s) in signals.iter().enumerate() {
        for (i, r) in s.regexes.iter().enumerate() {
            let error = |source: Box<dyn std::error::Error + Send + Sync>| Error::Regex {
                origin: origin.to_string(),
                id: s.id.clone(),
                index: i,
                pattern: r.clone(),
                source,
            };
            let hir = folded_hir(r).map_err(|e| error(e))?;
            let folded = hir.to_string();
            let re = RegexBuilder::new(&folded)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| error(Box::new(e)))?;
            bytes += regex_heap_estimate(&folded);
            regexes.push((si, WindowedRegex::new(&hir, re)));
        }
    }
    Ok((regexes, bytes))
}

/// A profile regex rewritten for the folded text: parsed ignoring case (so `PMO` and `(?i)` mean
/// what they say), then every ASCII capital dropped from its classes, since the folded text holds
/// none. It matches the folded text exactly where the case-insensitive regex would, but its
/// literals have one case only, which keeps the regex engine's literal prefilter small: measured
/// at a sixth of the case-insensitive regex's instructions on a 4 KB advert. Kept as a tree: the
/// regex is compiled from its printed form, and its needle (see [`WindowedRegex`]) found in it.
fn folded_hir(pattern: &str) -> Result<regex_syntax::hir::Hir, Box<regex_syntax::Error>> {
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
    Ok(lower(&hir))
}

/// [`folded_hir`], printed.
#[cfg(test)]
fn for_folded_text(pattern: &str) -> Result<String, Box<regex_syntax::Error>> {
    folded_hir(pattern).map(|h| h.to_string())
}

/// Every match of `ac` (a leftmost-longest automaton) in `text`, in order, passed to `emit` as
/// `(pattern, start, end)`. Patterns for which `whole` holds must start and end on word
/// boundaries; when the longest such pattern at a place fails the check at its end, the longest
/// shorter pattern there that passes it is taken instead. One pass over the text; the matcher and
/// the title grammar share it.
pub(crate) fn whole_word_matches(
    ac: &impl LongestMatch,
    text: &str,
    whole: impl Fn(usize) -> bool,
    mut emit: impl FnMut(usize, usize, usize),
) {
    let hay = text.as_bytes();
    let mut at = 0;
    while at < hay.len() {
        let Some(m) = ac.longest_from(hay, at) else {
            break;
        };
        at = take_whole_word(ac, text, m, &whole, &mut emit);
    }
}

/// What [`whole_word_matches`] does with the leftmost-longest match `(pid, s, e)`: emits it, or
/// the longest shorter pattern at `s` that ends on a word boundary, or nothing. Where the next
/// search starts.
#[inline(always)]
fn take_whole_word(
    ac: &impl LongestMatch,
    text: &str,
    (pid, s, e): (usize, usize, usize),
    whole: &impl Fn(usize) -> bool,
    emit: &mut impl FnMut(usize, usize, usize),
) -> usize {
    let whole = whole(pid);
    if whole && !boundary_before(text, s) {
        // Starts inside a word: look again from the next char.
        return next_char(text, s);
    }
    if !whole || boundary_after(text, e) {
        emit(pid, s, e);
        return e;
    }
    match shorter_at(ac, text, s, e) {
        Some((pid, s, e)) => {
            emit(pid, s, e);
            e
        }
        None => next_char(text, s),
    }
}

/// Texts shorter than this are searched in one walk (see [`whole_word_matches_in_two`]).
const TWO_WALKS_FROM: usize = 256;

/// Texts longer than this are searched in one walk (see [`whole_word_matches_in_two`]): the
/// second half's matches are held until the first half is done, and on a keyword-stuffed text
/// of megabytes they would take as much memory again as the hits themselves.
const TWO_WALKS_UP_TO: usize = 1 << 20;

/// How many positions after the cut the second half's walk records for the first half's walk
/// to meet it (see [`whole_word_matches_in_two`]).
const TRAIL: usize = 64;

/// [`whole_word_matches`] over the phrase DFA, the text's two halves walked side by side so
/// that each walk's cache misses overlap the other's. The same matches, emitted in the same
/// order.
///
/// The second half's walk starts at the cut, in the start state, as if the text began there,
/// and records the state it stands in at each of the first [`TRAIL`] positions (when it holds
/// no match yet). The first half's walk goes on past the cut until it stands at a recorded
/// position in the recorded state, without a match in hand: from there the two walks are the
/// same walk, so the second half's matches from that point on are the ones one walk would
/// find. Usually they meet at the cut or a word or two after it; when they do not meet within
/// the trail (a phrase longer than it spanning the cut), the first walk goes on to the end and
/// the second half's matches are not used. Texts shorter than [`TWO_WALKS_FROM`] or longer
/// than [`TWO_WALKS_UP_TO`] bytes are walked once.
#[inline(never)]
fn whole_word_matches_in_two(
    dfa: &PhraseDfa,
    text: &str,
    whole: impl Fn(usize) -> bool,
    mut emit: impl FnMut(usize, usize, usize),
) -> Walks {
    let hay = text.as_bytes();
    let n = hay.len();
    if !(TWO_WALKS_FROM..=TWO_WALKS_UP_TO).contains(&n) {
        whole_word_matches(dfa, text, whole, emit);
        return Walks::One;
    }
    let cut = floor_boundary(text, n / 2);
    // About a hit every 64 bytes in the second half, as adverts hold.
    let mut later = Vec::with_capacity(n / 64);
    let mut trail = [u32::MAX; TRAIL];
    // The second half's first positions, recorded (with at most a match a byte taken by then,
    // well within the trail's 16 bits for a count).
    let mut b = PhraseDfa::search(cut, n);
    let mut b_left = true;
    while let Some(result) =
        dfa.run_recording(hay, &mut b, cut + TRAIL, &mut trail, cut, later.len())
    {
        let Some(m) = result else {
            b_left = false;
            break;
        };
        let at = take_whole_word(dfa, text, m, &whole, &mut |p, s, e| later.push((p, s, e)));
        b = PhraseDfa::search(at, n);
        if at >= n {
            b_left = false;
            break;
        }
    }
    // Both halves, side by side, until the first reaches the cut or the second the end.
    let mut a = PhraseDfa::search(0, cut);
    while b_left {
        match dfa.run_pair(hay, &mut a, &mut b) {
            // At the cut, where it waits (below); a search ends with a match in hand.
            (false, None) => break,
            (false, Some(_)) if a.pos() >= cut => break,
            (false, Some(m)) => {
                let at = take_whole_word(dfa, text, m, &whole, &mut emit);
                a = PhraseDfa::search(at, cut);
            }
            (true, None) => b_left = false,
            (true, Some(m)) => {
                let at =
                    take_whole_word(dfa, text, m, &whole, &mut |p, s, e| later.push((p, s, e)));
                b = PhraseDfa::search(at, n);
                b_left = at < n;
            }
        }
    }
    // The second half alone, to its end.
    walk_alone(dfa, text, &mut b, &whole, &mut |p, s, e| {
        later.push((p, s, e))
    });
    // The first half alone, to the cut (all of it when the second half was done first).
    while a.pos() < cut {
        let Some(m) = dfa.run(hay, &mut a).filter(|_| a.pos() < cut) else {
            break;
        };
        let at = take_whole_word(dfa, text, m, &whole, &mut emit);
        a = PhraseDfa::search(at, cut);
    }
    // Then on, until it meets the second's trail.
    a.extend_to(n);
    let mut joined = None;
    let mut a_left = true;
    while a_left {
        if a.pos() >= cut {
            if a.pos() >= cut + TRAIL {
                break;
            }
            joined = PhraseDfa::joins(&a, &trail, cut);
            if joined.is_some() {
                break;
            }
        }
        match dfa.step_one(hay, &mut a) {
            None => {}
            Some(None) => a_left = false,
            Some(Some(m)) => {
                let at = take_whole_word(dfa, text, m, &whole, &mut emit);
                a = PhraseDfa::search(at, n);
                a_left = at < n;
            }
        }
    }
    match joined {
        Some(from) => {
            for &(p, s, e) in &later[from..] {
                emit(p, s, e);
            }
            Walks::Met(a.pos() - cut)
        }
        // Not met: the first walk goes on alone.
        None => {
            walk_alone(dfa, text, &mut a, &whole, &mut emit);
            Walks::NotMet
        }
    }
}

/// Runs `search`, and the searches after each match it takes, to its end, alone.
fn walk_alone(
    dfa: &PhraseDfa,
    text: &str,
    search: &mut dfa::Search,
    whole: &impl Fn(usize) -> bool,
    emit: &mut impl FnMut(usize, usize, usize),
) {
    let end = search.end();
    while search.left() {
        let Some(m) = dfa.run(text.as_bytes(), search) else {
            break;
        };
        let at = take_whole_word(dfa, text, m, whole, emit);
        *search = PhraseDfa::search(at, end);
    }
}

/// How [`whole_word_matches_in_two`] walked a text (for the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
enum Walks {
    /// In one walk: a short or very long text.
    One,
    /// In two, the first meeting the second's trail this many bytes after the cut.
    Met(usize),
    /// In two, the first not meeting the second's trail: it walked on to the end.
    NotMet,
}

/// The longest pattern starting at `s`, ending before `e`, that ends on a word boundary.
fn shorter_at(
    ac: &impl LongestMatch,
    text: &str,
    s: usize,
    e: usize,
) -> Option<(usize, usize, usize)> {
    let hay = text.as_bytes();
    let mut limit = e;
    loop {
        // Shrink the window to the last word boundary before the failed end.
        // (An ASCII letter, digit or underscore is no boundary: passed without decoding.)
        limit = (s + 1..limit).rev().find(|&p| {
            !is_word_byte(hay[p]) && text.is_char_boundary(p) && boundary_after(text, p)
        })?;
        let m = ac.longest_at(hay, s, limit)?;
        if boundary_after(text, m.2) {
            return Some(m);
        }
        limit = m.2;
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

    /// A match: pattern, start, end.
    type Found = (usize, usize, usize);

    /// The matches of one walk and of two walks side by side over `text`, and how the two
    /// walks went.
    fn one_and_two_walks(
        dfa: &PhraseDfa,
        text: &str,
        whole: impl Fn(usize) -> bool,
    ) -> (Vec<Found>, Vec<Found>, Walks) {
        let (mut one, mut two) = (Vec::new(), Vec::new());
        whole_word_matches(dfa, text, &whole, |p, s, e| one.push((p, s, e)));
        let walks = whole_word_matches_in_two(dfa, text, &whole, |p, s, e| two.push((p, s, e)));
        (one, two, walks)
    }

    /// A hit as the tests compare them: target, start, end, names a PMO.
    type HitTuple = (Target, usize, usize, bool);

    /// What [`Matcher::find`] gave before it merged the regex hits into the walk: every hit
    /// collected, then sorted (stable: a phrase's hit before a regex's of the same span, the
    /// regexes' in their order). With how many regex hits, and how many of them start where a
    /// phrase hit does.
    fn hits_collected_and_sorted(m: &Matcher, text: &str) -> (Vec<HitTuple>, usize, usize) {
        let mut want = Vec::new();
        m.ac.whole_word_matches(
            text,
            |pid| m.whole[pid],
            |pid, s, e| want.push((m.targets[pid], s, e, m.names_pmo[pid])),
        );
        let phrase_starts: HashSet<usize> = want.iter().map(|h| h.1).collect();
        let (mut regex_hits, mut shared) = (0, 0);
        let mut places = Vec::new();
        for (si, re) in &m.regexes {
            re.needle_places(text.as_bytes(), &mut places);
            re.for_each_match(text, &places, |s, e| {
                regex_hits += 1;
                shared += usize::from(phrase_starts.contains(&s));
                want.push((Target::Signal(*si), s, e, false))
            });
        }
        want.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
        (want, regex_hits, shared)
    }

    #[test]
    fn hits_come_in_order_with_the_regex_hits_merged_in() {
        // The built-in profile over the fixtures and texts of its regexes' spans next to
        // phrases; then a profile whose regexes match what its phrases match, and shorter and
        // longer spans from the same starts ("pmo" as a phrase names a PMO unit, as a regex
        // not, so that the order of two hits of one span shows).
        let own = Profile::from_toml_str(
            r#"
[[signal]]
id = "context.pmo"
kind = "context"
weight = 1.0
phrases = ["pmo"]
regexes = ['pmo', 'pmo raid']

[[signal]]
id = "analyst.raid"
kind = "duty"
role = "analyst"
weight = 2.0
phrases = ["raid log", "raid"]
regexes = ['raid log', 'raid', 'raid log updates?', 'log']

[title]
units = ["pmo"]
"#,
        )
        .unwrap();
        let cases: [(Profile, &[&str]); 2] = [
            (
                Profile::builtin(),
                &[
                    "2 years",
                    "10+ years",
                    "3 to 5 years",
                    "1-2 years",
                    "seven years",
                    "PMO Analyst",
                    "RAID log",
                    "years of PMO experience",
                    "KPIs",
                    ", ",
                    ". ",
                    " ",
                    "\n",
                ],
            ),
            (
                own,
                &[
                    "PMO",
                    "RAID log",
                    "RAID",
                    "RAID log update",
                    "log",
                    "pmo raid",
                    " ",
                    ", ",
                ],
            ),
        ];
        for (k, (profile, pieces)) in cases.iter().enumerate() {
            let compiled = crate::compiled::Compiled::build(profile).unwrap();
            let m = &compiled.matcher;
            assert!(!m.regexes.is_empty());
            let mut texts = if k == 0 {
                crate::testing::fixture_texts()
            } else {
                Vec::new()
            };
            let mut seed = 0x5851_f42d_4c95_7f2d_u64;
            for _ in 0..400 {
                texts.push(
                    (0..30)
                        .map(|_| {
                            let i = crate::testing::xorshift(&mut seed) % pieces.len() as u64;
                            pieces[i as usize]
                        })
                        .collect(),
                );
            }
            let (mut regex_hits, mut shared) = (0, 0);
            for text in &texts {
                let norm = Normalised::new(text);
                let mut got = Vec::new();
                m.find(&norm, |h| got.push((h.target, h.start, h.end, h.names_pmo)));
                let (want, r, s) = hits_collected_and_sorted(m, &norm.text);
                assert_eq!(got, want, "{text:?}");
                regex_hits += r;
                shared += s;
            }
            assert!(regex_hits > 500, "{k}: {regex_hits}");
            if k == 1 {
                assert!(shared > 500, "{shared}");
            }
        }
    }

    #[test]
    fn two_walks_find_what_one_walk_finds_for_the_profile() {
        let profile = Profile::builtin();
        let analyser = crate::Analyser::build(&profile).unwrap();
        let patterns = analyser.patterns();
        let dfa = PhraseDfa::new(patterns).unwrap();
        // Every fixture, folded as an analysis folds it, then phrases run together with
        // joints that are and are not word boundaries, so that the cut falls in phrases,
        // in words, in a run of near misses, next to two-byte chars.
        let mut texts: Vec<String> = crate::testing::fixture_texts()
            .iter()
            .map(|t| Normalised::new(t).text)
            .collect();
        let joints = [" ", "", "-", " é ", "s ", ", ", " the ", "é"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..400 {
            let mut text = String::new();
            let len = 256 + (crate::testing::xorshift(&mut seed) % 400) as usize;
            while text.len() < len {
                let p = &patterns
                    [(crate::testing::xorshift(&mut seed) % patterns.len() as u64) as usize];
                let cut = (crate::testing::xorshift(&mut seed) % 4) as usize;
                // A whole phrase, or one cut short (a near miss).
                let p = if cut == 0 {
                    &p[..floor_boundary(p, p.len() / 2)]
                } else {
                    &p[..]
                };
                text.push_str(p);
                text.push_str(
                    joints[(crate::testing::xorshift(&mut seed) % joints.len() as u64) as usize],
                );
            }
            texts.push(text);
        }
        let (mut met_at_cut, mut met_after) = (0, 0);
        for (i, text) in texts.iter().enumerate() {
            // Some patterns must be whole words, some need not be.
            let whole = |pid: usize| !(pid + i).is_multiple_of(3);
            let (one, two, walks) = one_and_two_walks(&dfa, text, whole);
            assert_eq!(two, one, "{text:?}");
            match walks {
                Walks::Met(0) => met_at_cut += 1,
                Walks::Met(_) => met_after += 1,
                Walks::One | Walks::NotMet => {}
            }
        }
        assert!(
            met_at_cut > 10 && met_after > 10,
            "{met_at_cut} {met_after}"
        );
        // Short and very long texts: one walk.
        for len in [TWO_WALKS_FROM - 1, TWO_WALKS_UP_TO + 1] {
            let text = "pmo analyst ".repeat(len / 12 + 1)[..len].to_string();
            let (one, two, walks) = one_and_two_walks(&dfa, &text, |_| true);
            assert_eq!((two, walks), (one, Walks::One));
        }
        let text = "pmo analyst ".repeat(TWO_WALKS_FROM / 12 + 1);
        assert_eq!(one_and_two_walks(&dfa, &text, |_| true).2, Walks::Met(0));
    }

    #[test]
    fn two_walks_find_what_one_walk_finds_on_random_phrases() {
        // Phrases over few letters, so that they overlap, nest and fail into each other, some
        // longer than the trail, so that the first walk does not always meet the second's.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| (crate::testing::xorshift(&mut seed) % n) as usize;
        let alphabet = ['a', 'b', 'c', ' ', 'é', '-'];
        let word = |len: usize, next: &mut dyn FnMut(u64) -> usize| -> String {
            (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect()
        };
        let mut seen = [0usize; 3];
        for _ in 0..300 {
            let mut patterns: Vec<String> = (0..1 + next(12))
                .map(|_| {
                    let len = 1 + next(6);
                    word(len, &mut next)
                })
                .collect();
            let long = 70 + next(60);
            patterns.push(word(long, &mut next));
            let Some(dfa) = PhraseDfa::new(&patterns) else {
                continue;
            };
            for _ in 0..6 {
                let len = next(700);
                let mut text = word(len, &mut next);
                if next(2) == 0 {
                    // The long phrase across the middle.
                    let at = floor_boundary(&text, text.len() / 2);
                    let from = at.saturating_sub(next(long as u64));
                    let from = floor_boundary(&text, from);
                    text.insert_str(from, patterns.last().unwrap());
                }
                let whole = |pid: usize| pid.is_multiple_of(2);
                let (one, two, walks) = one_and_two_walks(&dfa, &text, whole);
                assert_eq!(two, one, "{patterns:?} {text:?}");
                seen[match walks {
                    Walks::One => 0,
                    Walks::Met(_) => 1,
                    Walks::NotMet => 2,
                }] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n > 20), "{seen:?}");
    }

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
    fn plain_phrases_fold_the_same() {
        let p = Profile::builtin();
        let mut phrases: Vec<&str> = p
            .signals
            .iter()
            .flat_map(|s| s.phrases.iter())
            .chain(p.headings.iter().flat_map(|h| h.phrases.iter()))
            .map(String::as_str)
            .chain(p.title.phrases().map(|(_, _, t)| t))
            .collect();
        phrases.extend([
            "PMO Co-Ordinator",
            "a-b",
            "-lead",
            "lead-",
            "x--y",
            "KPIs 2",
            "Ünit",
            " pmo",
            "pmo ",
            "pmo  office",
            "pmo\toffice",
            "pmo's",
            "r&d",
            "",
        ]);
        for phrase in phrases {
            assert_eq!(fold_plain(phrase), fold_phrase(phrase), "{phrase:?}");
        }
    }

    #[test]
    fn variants_match_the_slow_path() {
        let p = Profile::builtin();
        let words: Vec<String> = p
            .signals
            .iter()
            .flat_map(|s| s.phrases.iter().map(String::as_str))
            .chain(p.title.phrases().map(|(_, _, t)| t))
            .flat_map(|ph| {
                fold_phrase(ph)
                    .split(' ')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["analyze", "organizer", "co-lead"])
        {
            if word_variants(w).len() > 1 {
                assert!(may_vary(w.as_bytes()), "{w}");
            }
        }
    }

    #[test]
    fn names_pmo_finds_what_padded_substrings_find() {
        // The check as it was first written: one automaton of space-padded phrases each,
        // searched in the space-padded pattern.
        let profile = Profile::builtin();
        let signals: Vec<&crate::profile::Signal> =
            profile.signals.iter().filter(|s| !s.disabled).collect();
        let (m, (), ()) = Matcher::build(&profile, &signals, || (), || ()).unwrap();
        let padded = |pats: Vec<String>| AhoCorasick::new(pats).unwrap();
        let kind = |t: &Target| match t {
            Target::Signal(si) => Some(signals[*si].kind),
            Target::Heading(_) => None,
        };
        let context = padded(
            m.patterns
                .iter()
                .zip(&m.targets)
                .filter(|(_, t)| kind(t) == Some(crate::SignalKind::Context))
                .map(|(p, _)| format!(" {p} "))
                .collect(),
        );
        let units = padded(
            profile
                .title
                .units
                .iter()
                .flat_map(|p| phrase_variants(&fold_plain(p)))
                .map(|p| format!(" {p} "))
                .collect(),
        );
        let mut named = 0;
        for ((p, t), &names) in m.patterns.iter().zip(&m.targets).zip(&m.names_pmo) {
            let want = match kind(t) {
                Some(crate::SignalKind::Duty) => context.is_match(&format!(" {p} ")),
                Some(crate::SignalKind::Context) => units.is_match(&format!(" {p} ")),
                _ => false,
            };
            assert_eq!(names, want, "{p}");
            named += usize::from(names);
        }
        assert!(named > 50, "{named}");
        // Runs of words, not substrings; the longest phrase bounds the runs looked at.
        let set = PhraseSet::new(["pmo", "programme office", "a b c"].into_iter());
        let mut words = Vec::new();
        for (text, holds) in [
            ("run the pmo", true),
            ("run the pmos", false),
            ("pmo", true),
            ("the programme office team", true),
            ("the programme officer", false),
            ("xa b c", false),
            ("x a b c y", true),
            ("", false),
        ] {
            assert_eq!(set.holds_words_of(text, &mut words), holds, "{text}");
        }
    }

    #[test]
    fn first_equal_points_at_the_first_copy() {
        let s: Vec<String> = ["b", "a", "b", "c", "a", "b"].map(String::from).to_vec();
        assert_eq!(first_equal(&s), vec![0, 1, 0, 3, 1, 0]);
        assert!(first_equal(&[]).is_empty());
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
