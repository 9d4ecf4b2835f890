//! Whose duty is it? The cue words around a hit: negation before and after it, a title named as
//! somebody else's, an audience, a PMO joined or only mentioned, and sentences that are
//! background about somebody else.
//!
//! Word cues are read from the folded text (lowercase, single spaces) around each hit, within
//! its clause: one backward pass of at most `negation_window` bytes and a forward look of a few
//! words, no allocation. Sentence cues (background) are judged once per sentence with two
//! regexes compiled when the analyser is built.

use regex_automata::meta::Regex;
use regex_automata::util::syntax;

use crate::document::fold_phrase;
use crate::profile::{Cues, REGEX_SIZE_LIMIT};
use crate::report::Cue;

#[cfg(test)]
mod reference;

/// Bytes of folded text that end a clause: sentence and list punctuation, brackets, paragraph
/// breaks.
const CLAUSE_END: [bool; 256] = {
    let mut t = [false; 256];
    let ends = b".;:!?*()[]|\n";
    let mut i = 0;
    while i < ends.len() {
        t[ends[i] as usize] = true;
        i += 1;
    }
    t
};

/// Bytes of folded text that belong to words for cue matching: ASCII letters and digits, `'`,
/// `&`, and every byte of a non-ASCII char.
const CUE_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'' || c == b'&' || c >= 0x80;
        b += 1;
    }
    t
};

/// How many words a phrase cue may stand before the hit it marks ("to *the* PMO", "join *our
/// growing* PMO").
const PHRASE_SLACK: usize = 2;
/// An audience cue must stand right before its hit, or with one word between ("packs for *the*
/// board").
const AUDIENCE_SLACK: usize = 1;
/// Words read backwards from a hit for phrase cues.
const TAIL: usize = 8;
/// Words read forwards from a hit for a negation after it.
const AHEAD: usize = 3;

/// A word packed into an integer for cheap comparison: its first 15 bytes and its length.
/// Words longer than 15 bytes compare by prefix and length, which no cue word list in practice
/// confuses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordKey(u128);

impl WordKey {
    const EMPTY: WordKey = WordKey(0);

    fn new(w: &[u8]) -> WordKey {
        let mut b = [0u8; 16];
        let n = w.len().min(15);
        b[..n].copy_from_slice(&w[..n]);
        b[15] = w.len().min(255) as u8;
        WordKey(u128::from_le_bytes(b))
    }
}

/// Words of folded text read from the end.
struct RevWords<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> RevWords<'a> {
    fn new(s: &'a [u8]) -> Self {
        RevWords { s, i: s.len() }
    }
}

impl<'a> Iterator for RevWords<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        while self.i > 0 && !CUE_BYTE[usize::from(self.s[self.i - 1])] {
            self.i -= 1;
        }
        if self.i == 0 {
            return None;
        }
        let end = self.i;
        while self.i > 0 && CUE_BYTE[usize::from(self.s[self.i - 1])] {
            self.i -= 1;
        }
        Some(&self.s[self.i..end])
    }
}

/// Articles are transparent to phrase cues: "to the PMO" reads as "to PMO", so a cue need not
/// list every article it may take ("packs for the board", "within a PMO").
fn is_article(w: &[u8]) -> bool {
    matches!(w, b"the" | b"a" | b"an")
}

/// A list of phrase cues, each as the keys of its words in reading order (articles left out),
/// indexed by their last word so that a lookup checks only the cues that can end there.
#[derive(Debug, Default)]
struct PhraseCues {
    /// Every cue's words.
    cues: Vec<Vec<WordKey>>,
    /// Every cue by its last word, sorted by that word, then by cue length, longest first.
    by_last: Vec<Ending>,
}

/// A cue of a [`PhraseCues`] list as found by its last word: with the word before that, so
/// that of the cues ending with the same word, those that cannot match are passed over with
/// one comparison.
#[derive(Clone, Copy, Debug)]
struct Ending {
    last: WordKey,
    /// The word before the last ([`WordKey::EMPTY`] for a cue of one word).
    before: WordKey,
    /// The cue's length in words.
    len: usize,
    /// Its index in [`PhraseCues::cues`].
    cue: usize,
}

impl WordKey {
    /// A hash of the key's bytes, its top `bits` bits.
    fn hash(self, bits: u32) -> usize {
        let folded = (self.0 as u64) ^ ((self.0 >> 64) as u64);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }
}

impl PhraseCues {
    fn new(list: &[String]) -> PhraseCues {
        let cues: Vec<Vec<WordKey>> = list
            .iter()
            .map(|c| {
                let folded = fold_phrase(c);
                let mut words: Vec<WordKey> = RevWords::new(folded.as_bytes())
                    .filter(|w| !is_article(w))
                    .map(WordKey::new)
                    .collect();
                words.reverse();
                words
            })
            .filter(|w| !w.is_empty())
            .collect();
        let mut by_last: Vec<Ending> = cues
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let (&last, rest) = c.split_last()?;
                Some(Ending {
                    last,
                    before: rest.last().copied().unwrap_or(WordKey::EMPTY),
                    len: c.len(),
                    cue: i,
                })
            })
            .collect();
        by_last.sort_by(|a, b| (a.last.0).cmp(&b.last.0).then(b.len.cmp(&a.len)));
        PhraseCues { cues, by_last }
    }

    /// The longest cue whose last word stands `skip` words before the hit (`tail` holds the
    /// words before the hit, nearest first); its length in words.
    /// `list` is the list's index in the lexicon (see [`Slot::first`]).
    fn ending_at(
        &self,
        lexicon: &Lexicon,
        list: u32,
        tail: &[WordKey],
        skip: usize,
    ) -> Option<usize> {
        let last = *tail.get(skip)?;
        // No cue of two words or more has an empty word before its last.
        let before = tail.get(skip + 1).copied().unwrap_or(WordKey::EMPTY);
        let from = match lexicon.slot(last).first[list as usize] {
            u16::MAX => self.by_last.partition_point(|e| e.last.0 < last.0),
            i => usize::from(i),
        };
        self.by_last[from..]
            .iter()
            .take_while(|e| e.last == last)
            .find(|e| {
                e.len == 1
                    || (before == e.before
                        && (e.len == 2
                            || (tail.len() >= skip + e.len
                                && self.cues[e.cue]
                                    .iter()
                                    .rev()
                                    .zip(&tail[skip..])
                                    .all(|(c, w)| c == w))))
            })
            .map(|e| e.len)
    }

    /// The nearest skip (at most `slack`) at which a cue of this list ends; `list` is the list's
    /// index in the lexicon's flags (see [`Tail::ends`]).
    fn nearest(&self, lexicon: &Lexicon, tail: &Tail, list: u32, slack: usize) -> Option<usize> {
        let window = (2u64 << slack.min(TAIL - 1)) - 1;
        let mut skips = (tail.ends >> (8 * list)) & window & 0xff;
        while skips != 0 {
            let skip = skips.trailing_zeros() as usize;
            if self.ending_at(lexicon, list, tail.words(), skip).is_some() {
                return Some(skip);
            }
            skips &= skips - 1;
        }
        None
    }

    /// Whether a cue ends right before the hit (`tail` holds the words before it, nearest
    /// first): for a short list read without the lexicon.
    fn ends_right_before(&self, tail: &[WordKey]) -> bool {
        self.cues
            .iter()
            .any(|c| c.len() <= tail.len() && c.iter().rev().zip(tail).all(|(a, b)| a == b))
    }

    /// The length in words of the longest cue.
    fn longest(&self) -> usize {
        self.cues.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Heap bytes held (by capacity).
    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.cues.capacity() * size_of::<Vec<WordKey>>()
            + self
                .cues
                .iter()
                .map(|c| c.capacity() * size_of::<WordKey>())
                .sum::<usize>()
            + self.by_last.capacity() * size_of::<Ending>()
    }
}

/// Flag of a word in the lexicon: a negation word.
const NEGATION: u16 = 1;
/// Flag: a clause-break word.
const CLAUSE_BREAK: u16 = 1 << 1;
/// Flag: a negation word after a hit.
const NEGATION_AFTER: u16 = 1 << 2;
/// Flag: an auxiliary.
const AUXILIARY: u16 = 1 << 3;
/// Flag: an article ("the", "a", "an").
const ARTICLE: u16 = 1 << 4;
/// The flags from this bit up say which phrase-cue lists have a cue ending with the word, one
/// bit per list, in the order of the indexes below.
const ENDS_SHIFT: u32 = 5;
/// Index of the reference cues among the phrase-cue lists.
const REFERENCE: u32 = 0;
/// Index of the own-title cues.
const OWN_TITLE: u32 = 1;
/// Index of the oversight cues.
const OVERSIGHT: u32 = 2;
/// Index of the support cues.
const SUPPORT: u32 = 3;
/// Index of the audience cues.
const AUDIENCE: u32 = 4;
/// Index of the membership cues.
const MEMBERSHIP: u32 = 5;
/// Index of the mention cues.
const MENTION: u32 = 6;

/// How many phrase-cue lists the lexicon's flags tell apart.
const PHRASE_LISTS: usize = 7;

/// A word of the [`Lexicon`].
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: WordKey,
    flags: u16,
    /// Per phrase-cue list: the index in its [`PhraseCues::by_last`] of the first cue ending
    /// with the word, so that a lookup needs no search; `u16::MAX` when the list has none (or
    /// the index does not fit, and is searched for).
    first: [u16; PHRASE_LISTS],
}

/// Every word some cue list holds, with flags saying which lists and how: one hash lookup
/// tells what a word of the text may be, instead of a search of each list in turn. Open
/// addressing over a power-of-two table at most a quarter full, so a word that is in no list
/// is ruled out at its first or second slot.
#[derive(Debug)]
struct Lexicon {
    /// An empty slot holds [`WordKey::EMPTY`] (no word has that key).
    slots: Vec<Slot>,
    /// log2 of the number of slots.
    bits: u32,
}

impl Lexicon {
    fn new(words: &mut Vec<(WordKey, u16)>) -> Lexicon {
        words.sort_by_key(|e| e.0 .0);
        words.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 |= b.1;
            }
            same
        });
        let bits = (words.len() * 4)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let empty = Slot {
            key: WordKey::EMPTY,
            flags: 0,
            first: [u16::MAX; PHRASE_LISTS],
        };
        let mut slots = vec![empty; 1 << bits];
        let mask = slots.len() - 1;
        for &(key, flags) in words.iter() {
            let mut s = key.hash(bits);
            while slots[s].key != WordKey::EMPTY {
                s = (s + 1) & mask;
            }
            slots[s] = Slot {
                key,
                flags,
                ..empty
            };
        }
        Lexicon { slots, bits }
    }

    /// The slot of the word with key `k` (an empty one for a word no list holds).
    #[inline]
    fn slot(&self, k: WordKey) -> &Slot {
        let mask = self.slots.len() - 1;
        let mut s = k.hash(self.bits);
        loop {
            let slot = &self.slots[s];
            if slot.key == k || slot.key == WordKey::EMPTY {
                return slot;
            }
            s = (s + 1) & mask;
        }
    }

    /// The flags of the word with key `k` (none for a word no list holds).
    #[inline]
    fn flags(&self, k: WordKey) -> u16 {
        self.slot(k).flags
    }

    /// Notes where the cues of phrase-cue list `list` ending with each word start in its
    /// [`PhraseCues::by_last`] (each such word is in the lexicon, flagged for the list).
    fn index_endings(&mut self, list: u32, cues: &PhraseCues) {
        let mask = self.slots.len() - 1;
        for (i, e) in cues.by_last.iter().enumerate().rev() {
            let mut s = e.last.hash(self.bits);
            while self.slots[s].key != e.last {
                s = (s + 1) & mask;
            }
            // Walking the list from its end, the last index noted is a word's first; one past
            // what 16 bits hold is left to the binary search.
            self.slots[s].first[list as usize] = u16::try_from(i).unwrap_or(u16::MAX);
        }
    }

    /// Heap bytes held (by capacity).
    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }

    /// A [`Sieve`] of the words with any of the flags `mask`.
    fn sieve(&self, mask: u16) -> Sieve {
        let mut by_first = [0u32; 256];
        for slot in &self.slots {
            if slot.flags & mask != 0 {
                let [first, .., len] = slot.key.0.to_le_bytes();
                by_first[usize::from(first)] |= Sieve::bit(usize::from(len));
            }
        }
        Sieve { by_first }
    }
}

/// Which words may be in a set, by their first byte and length: a word the sieve rules out is
/// not in the set, so its lexicon lookup can be skipped.
#[derive(Debug)]
struct Sieve {
    /// Per first byte: bit `min(len, 31)` set for the length of each word of the set.
    by_first: [u32; 256],
}

impl Sieve {
    /// The bit of a word of `len` bytes (lengths from 31 up share one).
    fn bit(len: usize) -> u32 {
        1 << len.min(31)
    }

    /// False when the word `w` (not empty) is surely not in the set.
    #[inline]
    fn may_hold(&self, w: &[u8]) -> bool {
        self.by_first[usize::from(w[0])] & Sieve::bit(w.len()) != 0
    }
}

/// The words read before a hit, nearest first (articles left out, up to the clause start or a
/// comma, at most [`TAIL`]).
#[derive(Default)]
struct Tail {
    keys: [WordKey; TAIL],
    n: usize,
    /// Byte `l` holds list `l`'s bits: bit `k` is set when word `k` ends one of that list's cues.
    ends: u64,
}

impl Tail {
    fn words(&self) -> &[WordKey] {
        &self.keys[..self.n]
    }

    /// Adds the word with key `k` and lexicon flags `flags`.
    #[inline]
    fn push(&mut self, k: WordKey, flags: u16) {
        // Bit `l` of the lists moves to bit `8 l` (the seven shifted copies cannot overlap, so
        // nothing carries), then to word `n`'s bit in each byte.
        let lists = u64::from(flags >> ENDS_SHIFT) & 0x7f;
        // Most words end no phrase cue: nothing to spread.
        if lists != 0 {
            let spread = lists.wrapping_mul(0x0002_0408_1020_4081) & 0x0101_0101_0101_0101;
            self.ends |= spread << self.n;
        }
        self.keys[self.n] = k;
        self.n += 1;
    }
}

/// A word key from the folded bytes `bytes[start..end]`, loading 16 bytes at once where the text
/// has them (the same key as [`WordKey::new`]).
fn key_at(bytes: &[u8], start: usize, end: usize) -> WordKey {
    match bytes.get(start..start + 16) {
        Some(b) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            let n = (end - start).min(15);
            let v = u128::from_le_bytes(a) & ((1u128 << (8 * n)) - 1);
            WordKey(v | (((end - start).min(255) as u128) << 120))
        }
        None => WordKey::new(&bytes[start..end]),
    }
}

/// Class bit of a byte of folded text: part of a word (see [`CUE_BYTE`]).
const WORD: u8 = 1;
/// Class bit: ends a clause (see [`CLAUSE_END`]).
const STOP: u8 = 2;
/// Class bit: a comma.
const COMMA: u8 = 4;

/// What each byte is to the backward walk: one lookup per byte of the gaps between words.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if CUE_BYTE[b] {
            WORD
        } else if CLAUSE_END[b] {
            STOP
        } else if b == b',' as usize {
            COMMA
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The word before `p` and after `floor` (a word the floor cuts is cut there): its start, end
/// and key, or `None` when a clause end or the floor comes first. Notes a comma between.
#[inline(always)]
fn word_before(
    bytes: &[u8],
    floor: usize,
    p: usize,
    comma: &mut bool,
) -> Option<(usize, usize, WordKey)> {
    let win = &bytes[floor..p];
    let mut end = win.len();
    match win {
        // The usual gap: one space.
        [.., w, b' '] if CLASS[usize::from(*w)] == WORD => end -= 1,
        _ => loop {
            let &b = win[..end].last()?;
            let class = CLASS[usize::from(b)];
            if class == WORD {
                break;
            }
            if class == STOP {
                return None;
            }
            *comma |= class == COMMA;
            end -= 1;
        },
    }
    let (start, key) = word_start(bytes, floor, floor + end);
    Some((start, floor + end, key))
}

/// Every byte's high bit.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `v` that is no ASCII lowercase letter.
#[inline(always)]
fn not_lowercase(v: u64) -> u64 {
    let low = v & !HIGH;
    // High bit set in each byte from 'a' up, and in each from '{' up (bytes below 0x80: no
    // carry between bytes).
    let from_a = (low + (0x80 - u64::from(b'a')) * ONES) & HIGH;
    let past_z = (low + (0x80 - u64::from(b'z') - 1) * ONES) & HIGH;
    !(from_a & !past_z & !v) & HIGH
}

/// The start of the word that ends at `end` (`bytes[end - 1]` a word byte), cut at `floor`, and
/// its key.
///
/// The 8 bytes before `end` are read at once when the window has them: the byte before a word
/// of lowercase letters is the last byte of the eight that is no lowercase letter, found with
/// a few word-wide operations. Below the first byte of the eight that is a word byte but no
/// lowercase letter (a digit, an apostrophe, non-ASCII), or below eight lowercase letters, or
/// near the floor, the word is read on byte by byte.
#[inline(always)]
fn word_start(bytes: &[u8], floor: usize, end: usize) -> (usize, WordKey) {
    // The bytes from `lim` to `end` are word bytes.
    let mut lim = end - 1;
    if end >= floor + 8 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&bytes[end - 8..end]);
        let v = u64::from_le_bytes(a);
        let other = not_lowercase(v);
        if other == 0 {
            lim = end - 8;
        } else {
            // The last byte of the eight that is no lowercase letter.
            let j = (63 - other.leading_zeros() as usize) / 8;
            let at = end - 8 + j;
            if CLASS[usize::from(bytes[at])] != WORD {
                // The word's bytes are the top `7 - j` of the eight.
                let key = u128::from(v >> (8 * (j + 1))) | (((7 - j) as u128) << 120);
                return (at + 1, WordKey(key));
            }
            lim = at;
        }
    }
    let start = bytes[floor..lim]
        .iter()
        .rposition(|&b| CLASS[usize::from(b)] != WORD)
        .map_or(floor, |i| floor + i + 1);
    (start, key_of(bytes, start, end))
}

/// The key of the word `bytes[start..end]` (the same as [`key_at`]), with one 8-byte load for
/// the short words most are.
#[inline(always)]
fn key_of(bytes: &[u8], start: usize, end: usize) -> WordKey {
    let len = end - start;
    if len <= 8 {
        if let Some(b) = bytes.get(start..start + 8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            let v = u64::from_le_bytes(a) & (u64::MAX >> (64 - 8 * len));
            return WordKey(u128::from(v) | ((len as u128) << 120));
        }
    }
    key_at(bytes, start, end)
}

/// True when `w` (the word after a negation) makes it no negation: "not only … but also", "not
/// just".
fn unnegates(w: &[u8]) -> bool {
    matches!(w, b"only" | b"just" | b"merely" | b"simply")
}

/// What kind of hit the cues are read for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueTarget {
    /// A duty; `audience` when its phrases name people or a body, `junior` for the lowest
    /// level's duties (which the job may oversee rather than do; the others it may support).
    Duty { audience: bool, junior: bool },
    /// A job title or a non-PMO sign named in the text.
    Title,
    /// PMO context.
    Context,
}

/// The compiled cue tables.
#[derive(Debug)]
pub(crate) struct CueTables {
    /// Every cue word, with what it is.
    lexicon: Lexicon,
    reference: PhraseCues,
    /// The cues that make a title somebody else's right before it (read with
    /// [`PhraseCues::ends_right_before`], not through the lexicon).
    reference_adjacent: PhraseCues,
    own_title: PhraseCues,
    oversight: PhraseCues,
    support: PhraseCues,
    audience: PhraseCues,
    membership: PhraseCues,
    mention: PhraseCues,
    /// A sentence opening with a background subject.
    background: Option<Regex>,
    /// A sentence naming the advert's own job.
    own_role: Option<Regex>,
    /// Estimated heap bytes of the two regexes.
    regex_bytes: usize,
    window: usize,
    /// Words a context reading collects: all that a cue of its lists at the farthest skip can
    /// span (fewer than [`TAIL`] spare reading words no cue can reach).
    context_words: usize,
    /// The negation and clause-break words, for the part of the walk that looks for them alone.
    stops: Sieve,
    /// The auxiliaries and the negation words after a hit, for the look after a duty.
    after: Sieve,
}

/// A regex matching any of `phrases` as whole words, ASCII case ignored, with any run of white
/// space between words and curly or straight apostrophes; anchored at the start of the text
/// (after bullets, dashes and spaces) when `anchored`.
///
/// Only [`Regex::is_match`] is asked of it, so two things that change nothing it matches keep
/// its build cheap (measured at under half the instructions of the plain alternation built by
/// the `regex` crate, and no slower to search):
/// - the phrases are written as a trie (`the\s+(?:post|role)` for "the post", "the role"):
///   the same strings, in a smaller pattern with fewer states;
/// - no literal prefilter: extracting the literals of ~30 case-insensitive phrases is most of
///   the `regex` crate's build, and the sentences searched are short.
fn phrase_regex(phrases: &[String], anchored: bool, bytes: &mut usize) -> Option<Regex> {
    let mut trie = PatternTrie {
        nodes: vec![TrieNode::default()],
    };
    for p in phrases {
        let folded = fold_phrase(p);
        if folded.is_empty() {
            continue;
        }
        trie.insert(folded.split(' ').enumerate().flat_map(|(i, w)| {
            (i > 0)
                .then_some(Atom::Space)
                .into_iter()
                .chain(w.chars().map(Atom::Char))
        }));
    }
    if trie.nodes[0].children.is_empty() {
        return None;
    }
    let mut alts = String::new();
    trie.write(0, &mut alts);
    // ASCII word boundaries keep the regex on its fast engines (a Unicode `\b` would not).
    let body = format!(r"(?-u:\b)(?:{alts})(?-u:\b)");
    let pattern = if anchored {
        format!(r"^[\s\-*\u{{2022}}\u{{2013}}\u{{2014}}\u{{00b7}}\u{{f0b7}}>]*{body}")
    } else {
        body
    };
    let re = Regex::builder()
        .configure(
            Regex::config()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .auto_prefilter(false),
        )
        .syntax(syntax::Config::new().case_insensitive(true))
        .build(&pattern)
        .ok()?;
    *bytes += crate::matcher::unfiltered_regex_heap_estimate(&pattern);
    Some(re)
}

/// One step of a phrase in [`phrase_regex`]: a character, or the space between two words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Atom {
    Char(char),
    Space,
}

/// The phrases of [`phrase_regex`] as a trie of [`Atom`]s, written out as nested alternations.
struct PatternTrie {
    /// Node 0 is the root.
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    children: Vec<(Atom, usize)>,
    /// A phrase ends here.
    end: bool,
}

impl PatternTrie {
    fn insert(&mut self, atoms: impl Iterator<Item = Atom>) {
        let mut at = 0;
        for a in atoms {
            at = match self.nodes[at].children.iter().find(|(b, _)| *b == a) {
                Some(&(_, next)) => next,
                None => {
                    self.nodes.push(TrieNode::default());
                    let next = self.nodes.len() - 1;
                    self.nodes[at].children.push((a, next));
                    next
                }
            };
        }
        self.nodes[at].end = true;
    }

    /// Writes the phrases below `node` (an alternation, optional when a phrase ends at `node`).
    fn write(&self, node: usize, out: &mut String) {
        let n = &self.nodes[node];
        let group = n.children.len() > 1 || (n.end && !n.children.is_empty());
        if group {
            out.push_str("(?:");
        }
        for (k, &(atom, next)) in n.children.iter().enumerate() {
            if k > 0 {
                out.push('|');
            }
            match atom {
                Atom::Space => out.push_str(r"\s+"),
                Atom::Char('\'') => out.push_str("['\u{2019}\u{2018}]"),
                Atom::Char(c) => {
                    let mut buf = [0u8; 4];
                    out.push_str(&regex_syntax::escape(c.encode_utf8(&mut buf)));
                }
            }
            self.write(next, out);
        }
        if group {
            out.push(')');
            if n.end {
                out.push('?');
            }
        }
    }
}

impl CueTables {
    pub(crate) fn new(cues: &Cues, window: usize) -> CueTables {
        let mut words: Vec<(WordKey, u16)> = Vec::new();
        let mut single = |v: &[String], flag: u16| {
            for c in v {
                let folded = fold_phrase(c);
                words.extend(RevWords::new(folded.as_bytes()).map(|w| (WordKey::new(w), flag)));
            }
        };
        single(&cues.negation, NEGATION);
        single(&cues.clause_breaks, CLAUSE_BREAK);
        single(&cues.negation_after, NEGATION_AFTER);
        single(&cues.auxiliaries, AUXILIARY);
        for article in ["the", "a", "an"] {
            words.push((WordKey::new(article.as_bytes()), ARTICLE));
        }
        let phrases = |list: &[String], index: u32, words: &mut Vec<(WordKey, u16)>| {
            let p = PhraseCues::new(list);
            let flag = 1 << (ENDS_SHIFT + index);
            words.extend(p.by_last.iter().map(|e| (e.last, flag)));
            p
        };
        let reference = phrases(&cues.reference, REFERENCE, &mut words);
        let reference_adjacent = PhraseCues::new(&cues.reference_adjacent);
        let own_title = phrases(&cues.own_title, OWN_TITLE, &mut words);
        let oversight = phrases(&cues.oversight, OVERSIGHT, &mut words);
        let support = phrases(&cues.support, SUPPORT, &mut words);
        let audience = phrases(&cues.audience, AUDIENCE, &mut words);
        let membership = phrases(&cues.membership, MEMBERSHIP, &mut words);
        let mention = phrases(&cues.mention, MENTION, &mut words);
        let mut regex_bytes = 0;
        let background = phrase_regex(&cues.background_subjects, true, &mut regex_bytes);
        let own_role = phrase_regex(&cues.own_role, false, &mut regex_bytes);
        let mut lexicon = Lexicon::new(&mut words);
        for (list, cues) in [
            (REFERENCE, &reference),
            (OWN_TITLE, &own_title),
            (OVERSIGHT, &oversight),
            (SUPPORT, &support),
            (AUDIENCE, &audience),
            (MEMBERSHIP, &membership),
            (MENTION, &mention),
        ] {
            lexicon.index_endings(list, cues);
        }
        let stops = lexicon.sieve(NEGATION | CLAUSE_BREAK);
        let after = lexicon.sieve(NEGATION_AFTER | AUXILIARY);
        let longest = membership.longest().max(mention.longest());
        let context_words = (PHRASE_SLACK + longest).min(TAIL);
        CueTables {
            context_words,
            lexicon,
            stops,
            after,
            reference,
            reference_adjacent,
            own_title,
            oversight,
            support,
            audience,
            membership,
            mention,
            background,
            own_role,
            regex_bytes,
            window,
        }
    }

    /// Heap bytes held by the tables (by capacity), and the regexes (estimated, see
    /// `matcher::unfiltered_regex_heap_estimate`).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.lexicon.heap_bytes()
            + [
                &self.reference,
                &self.own_title,
                &self.oversight,
                &self.support,
                &self.audience,
                &self.membership,
                &self.mention,
            ]
            .iter()
            .map(|p| p.heap_bytes())
            .sum::<usize>()
            + self.reference_adjacent.heap_bytes()
            + self.regex_bytes
    }

    /// The cue of a hit spanning `start..end` of the folded text `norm`, read from its clause.
    /// Background is judged per sentence, apart (see [`CueTables::is_background`]).
    ///
    /// One backward pass over at most `negation_window` bytes, word by word, stopping at the
    /// start of the clause, or sooner once nothing further back can change the cue; a negation
    /// cue counts unless a clause-break word ("but") stands between it and the hit. Then, for
    /// duties, a look at the next few words for a negation after the hit ("is not part of this
    /// role").
    pub(crate) fn read(
        &self,
        norm: &str,
        start: usize,
        end: usize,
        target: CueTarget,
    ) -> Option<Cue> {
        let bytes = norm.as_bytes();
        let mut tail = Tail::default();
        let negated = match target {
            // Context cues take no negation.
            CueTarget::Context => {
                self.collect(bytes, start, &mut tail, self.context_words);
                false
            }
            CueTarget::Title | CueTarget::Duty { .. } => self.walk(bytes, start, &mut tail),
        };
        self.judge(bytes, end, &tail, negated, target)
    }

    /// Reads the words before `start` into `tail`, at most `limit` (back to the clause start or
    /// a comma, as [`CueTables::walk`] reads them), for a reading that needs no negation.
    fn collect(&self, bytes: &[u8], start: usize, tail: &mut Tail, limit: usize) {
        let floor = start.saturating_sub(self.window);
        self.collect_from(bytes, floor, start, &mut false, tail, limit);
    }

    /// Reads the words before `p` (down to `floor`) into `tail` until it holds `limit`, the
    /// clause starts or a comma comes; `comma` notes a comma met, as [`word_before`] does.
    #[inline(always)]
    fn collect_from(
        &self,
        bytes: &[u8],
        floor: usize,
        mut p: usize,
        comma: &mut bool,
        tail: &mut Tail,
        limit: usize,
    ) {
        while tail.n < limit {
            let Some((s, _, key)) = word_before(bytes, floor, p, comma) else {
                break;
            };
            if *comma {
                break;
            }
            let flags = self.lexicon.flags(key);
            if flags & ARTICLE == 0 {
                tail.push(key, flags);
            }
            p = s;
        }
    }

    /// Reads the words before `start` into `tail` (back to the clause start or a comma); true
    /// when a negation stands in the clause before `start` with no clause-break word between.
    ///
    /// Word by word backwards, each looked up in the lexicon once, until the clause start or
    /// `negation_window` bytes (a word the window cuts is read from the cut); it ends sooner
    /// once the negation is settled and no more words are collected. The walk runs in up to
    /// two phases: words collected while the negation is open, then either more words
    /// collected (the negation settled) or the negation looked for alone (collecting over).
    fn walk(&self, bytes: &[u8], start: usize, tail: &mut Tail) -> bool {
        let floor = start.saturating_sub(self.window);
        let mut p = start;
        let mut comma = false;
        // The word read before this one: the next one towards the hit.
        let mut nearer = (start, start);
        // Collecting, the negation open.
        let negated = loop {
            let Some((s, e, key)) = word_before(bytes, floor, p, &mut comma) else {
                return false;
            };
            if comma || tail.n == TAIL {
                // Collecting is over: the negation alone from this word on.
                return self.negation_from(bytes, floor, (s, e, key), nearer, &mut comma);
            }
            let flags = self.lexicon.flags(key);
            if flags & ARTICLE == 0 {
                tail.push(key, flags);
            }
            p = s;
            if flags & CLAUSE_BREAK != 0 {
                break false;
            }
            if flags & NEGATION != 0 || bytes[s..e].ends_with(b"n't") {
                break !unnegates(&bytes[nearer.0..nearer.1]);
            }
            nearer = (s, e);
        };
        // The negation settled: collecting alone.
        self.collect_from(bytes, floor, p, &mut comma, tail, TAIL);
        negated
    }

    /// Whether a negation stands in the clause at or before the word `s..e` (read as the walk
    /// reads it), with no clause-break word between; `nearer` is the word after it.
    fn negation_from(
        &self,
        bytes: &[u8],
        floor: usize,
        (mut s, mut e, mut key): (usize, usize, WordKey),
        mut nearer: (usize, usize),
        comma: &mut bool,
    ) -> bool {
        loop {
            let w = &bytes[s..e];
            let flags = if self.stops.may_hold(w) {
                self.lexicon.flags(key)
            } else {
                0
            };
            if flags & CLAUSE_BREAK != 0 {
                return false;
            }
            if flags & NEGATION != 0 || w.ends_with(b"n't") {
                return !unnegates(&bytes[nearer.0..nearer.1]);
            }
            nearer = (s, e);
            match word_before(bytes, floor, s, comma) {
                Some(w) => (s, e, key) = w,
                None => return false,
            }
        }
    }

    /// The cue, from what was read before the hit: `tail` holds the words before it and
    /// `negated` whether a negation stands in its clause.
    fn judge(
        &self,
        bytes: &[u8],
        end: usize,
        tail: &Tail,
        negated: bool,
        target: CueTarget,
    ) -> Option<Cue> {
        match target {
            CueTarget::Context => {
                let member = self
                    .membership
                    .nearest(&self.lexicon, tail, MEMBERSHIP, PHRASE_SLACK);
                let mention = self
                    .mention
                    .nearest(&self.lexicon, tail, MENTION, PHRASE_SLACK);
                match (member, mention) {
                    (Some(a), Some(b)) if a == b => {
                        // Both end at the same word: the longer cue wins ("welcome to" over
                        // "to", "report to our" over "our").
                        let (lexicon, words) = (&self.lexicon, tail.words());
                        let la = self.membership.ending_at(lexicon, MEMBERSHIP, words, a);
                        let lb = self.mention.ending_at(lexicon, MENTION, words, b);
                        let (la, lb) = (la.unwrap_or(0), lb.unwrap_or(0));
                        Some(if la >= lb {
                            Cue::Membership
                        } else {
                            Cue::Mention
                        })
                    }
                    (Some(a), Some(b)) => Some(if a < b { Cue::Membership } else { Cue::Mention }),
                    (Some(_), None) => Some(Cue::Membership),
                    (None, Some(_)) => Some(Cue::Mention),
                    (None, None) => None,
                }
            }
            CueTarget::Title => {
                if negated {
                    return Some(Cue::Negation);
                }
                let own = self
                    .own_title
                    .nearest(&self.lexicon, tail, OWN_TITLE, PHRASE_SLACK);
                // Right before the title, an adjacent reference cue wins over an own-title cue
                // further away ("as appropriate to the PMO Manager"), not over one ending there.
                if own != Some(0) && self.reference_adjacent.ends_right_before(tail.words()) {
                    return Some(Cue::Reference);
                }
                if own.is_some() {
                    return None;
                }
                self.reference
                    .nearest(&self.lexicon, tail, REFERENCE, PHRASE_SLACK)
                    .map(|_| Cue::Reference)
            }
            CueTarget::Duty { audience, junior } => {
                if negated || self.negated_after(bytes, end) {
                    return Some(Cue::Negation);
                }
                if audience
                    && self
                        .audience
                        .nearest(&self.lexicon, tail, AUDIENCE, AUDIENCE_SLACK)
                        .is_some()
                {
                    return Some(Cue::Audience);
                }
                if junior {
                    self.oversight
                        .nearest(&self.lexicon, tail, OVERSIGHT, TAIL)
                        .map(|_| Cue::Oversight)
                } else {
                    self.support
                        .nearest(&self.lexicon, tail, SUPPORT, TAIL)
                        .map(|_| Cue::Support)
                }
            }
        }
    }

    /// True when the words after `end` read "(aux) (aux) not": a negation after the hit.
    fn negated_after(&self, bytes: &[u8], end: usize) -> bool {
        let mut i = end;
        for _ in 0..AHEAD {
            let rest = &bytes[i..];
            let Some(start) = rest.iter().position(|&b| b != b' ') else {
                return false;
            };
            let len = rest[start..]
                .iter()
                .position(|&b| !CUE_BYTE[usize::from(b)])
                .unwrap_or(rest.len() - start);
            if len == 0 {
                return false;
            }
            let w = &rest[start..start + len];
            if w.ends_with(b"n't") {
                return true;
            }
            if !self.after.may_hold(w) {
                return false;
            }
            let flags = self
                .lexicon
                .flags(key_at(bytes, i + start, i + start + len));
            if flags & NEGATION_AFTER != 0 {
                return true;
            }
            if flags & AUXILIARY == 0 {
                return false;
            }
            i += start + len;
        }
        false
    }

    /// True when `sentence` (original text) opens with a background subject ("The programme
    /// will …", "Our client is …") and names nothing of the advert's own job ("you", "the
    /// post holder").
    pub(crate) fn is_background(&self, sentence: &str) -> bool {
        let Some(bg) = &self.background else {
            return false;
        };
        bg.is_match(sentence) && !self.own_role.as_ref().is_some_and(|r| r.is_match(sentence))
    }

    /// True when `sentence` names the advert's own job.
    pub(crate) fn names_own_role(&self, sentence: &str) -> bool {
        self.own_role.as_ref().is_some_and(|r| r.is_match(sentence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Normalised;

    /// The plain alternation [`phrase_regex`] once built, with the `regex` crate.
    fn plain_phrase_regex(phrases: &[String], anchored: bool) -> regex::Regex {
        let alts: Vec<String> = phrases
            .iter()
            .map(|p| fold_phrase(p))
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.split(' ')
                    .map(|w| regex::escape(w).replace('\'', "['\u{2019}\u{2018}]"))
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let body = format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"));
        let pattern = if anchored {
            format!(r"^[\s\-*\u{{2022}}\u{{2013}}\u{{2014}}\u{{00b7}}\u{{f0b7}}>]*{body}")
        } else {
            body
        };
        regex::RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .build()
            .unwrap()
    }

    #[test]
    fn phrase_regexes_match_where_the_plain_alternation_does() {
        let cues = crate::Profile::builtin().cues;
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir("fixtures/adverts").unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(text.split(['.', '\n', ';']).map(str::to_string));
        }
        // The two lists the analyser compiles, and two more with phrases that are prefixes of
        // others ("no", "not"; "within", "within the").
        let lists = [
            (&cues.background_subjects, true),
            (&cues.own_role, false),
            (&cues.negation, false),
            (&cues.membership, true),
        ];
        for (list, _) in lists {
            for p in list {
                texts.extend([
                    p.clone(),
                    p.to_uppercase(),
                    p.replace('\'', "\u{2019}"),
                    p.replace(' ', " \t\u{a0} "),
                    format!("- {p} is"),
                    format!("\u{2022}  {p}s"),
                    format!("x{p}"),
                    format!("{p}x"),
                    format!("We said {p}, then"),
                    p[..p.len() - 1].to_string(),
                    p.replace('k', "\u{212a}").replace('s', "\u{17f}"),
                ]);
            }
        }
        for (list, anchored) in lists {
            let mut bytes = 0;
            let new = phrase_regex(list, anchored, &mut bytes).unwrap();
            let old = plain_phrase_regex(list, anchored);
            for t in &texts {
                assert_eq!(new.is_match(t), old.is_match(t), "{t:?} in {list:?}");
            }
        }
        let mut bytes = 0;
        assert!(phrase_regex(&[], false, &mut bytes).is_none());
        assert!(phrase_regex(&[" ".to_string()], true, &mut bytes).is_none());
        assert_eq!(bytes, 0);
    }

    fn tables() -> CueTables {
        let p = crate::Profile::builtin();
        CueTables::new(&p.cues, 80)
    }

    fn cue(text: &str, hit: &str, target: CueTarget) -> Option<Cue> {
        let n = Normalised::new(text);
        let start = n.text.find(hit).expect("hit in text");
        tables().read(&n.text, start, start + hit.len(), target)
    }

    #[test]
    fn word_keys_loaded_at_once_equal_keys_built_byte_by_byte() {
        let text = b"a an the pmo management organisational-change isn't \xc3\xa9t\xc3\xa9 supercalifragilistic x";
        for s in 0..text.len() {
            for e in s + 1..=text.len() {
                assert_eq!(key_at(text, s, e), WordKey::new(&text[s..e]), "{s}..{e}");
            }
        }
    }

    #[test]
    fn sieves_rule_out_no_word_of_their_set() {
        let t = tables();
        let mut held = 0;
        for &Slot {
            key: k, flags: f, ..
        } in &t.lexicon.slots
        {
            if k == WordKey::EMPTY {
                continue;
            }
            let [first, .., len] = k.0.to_le_bytes();
            // A word of the key's first byte and length (its other bytes do not matter).
            let w = vec![first; usize::from(len)];
            for (sieve, mask) in [
                (&t.stops, NEGATION | CLAUSE_BREAK),
                (&t.after, NEGATION_AFTER | AUXILIARY),
            ] {
                if f & mask != 0 {
                    assert!(sieve.may_hold(&w), "{w:?}");
                    held += 1;
                }
            }
        }
        assert!(held > 20);
        // Most words are ruled out.
        assert!(!t.stops.may_hold(b"maintain"));
        assert!(!t.after.may_hold(b"maintain"));
        assert!(t.stops.may_hold(b"and"));
        assert!(t.after.may_hold(b"will"));
    }

    #[test]
    fn word_starts_read_eight_bytes_at_once_equal_starts_read_byte_by_byte() {
        let text = "the pmo's management-office, 2024 café x ab abcdefg abcdefgh \
                    organisational-transformation a&b é1 z{a `a stakeholders' q";
        let b = text.as_bytes();
        for end in 1..=b.len() {
            if CLASS[usize::from(b[end - 1])] != WORD {
                continue;
            }
            for floor in 0..end {
                let start = b[floor..end]
                    .iter()
                    .rposition(|&c| CLASS[usize::from(c)] != WORD)
                    .map_or(floor, |i| floor + i + 1);
                assert_eq!(
                    word_start(b, floor, end),
                    (start, WordKey::new(&b[start..end])),
                    "{floor}..{end}"
                );
            }
        }
    }

    #[test]
    fn lexicon_notes_where_each_words_cues_start() {
        let t = tables();
        let lists = [
            (REFERENCE, &t.reference),
            (OWN_TITLE, &t.own_title),
            (OVERSIGHT, &t.oversight),
            (SUPPORT, &t.support),
            (AUDIENCE, &t.audience),
            (MEMBERSHIP, &t.membership),
            (MENTION, &t.mention),
        ];
        let mut noted = 0;
        for slot in &t.lexicon.slots {
            for &(list, cues) in &lists {
                let from = cues.by_last.partition_point(|e| e.last.0 < slot.key.0);
                let ends = cues.by_last.get(from).is_some_and(|e| e.last == slot.key);
                let first = slot.first[list as usize];
                if ends {
                    assert_eq!(usize::from(first), from, "{:?}", slot.key);
                    assert_ne!(slot.flags & (1 << (ENDS_SHIFT + list)), 0);
                    noted += 1;
                } else {
                    assert_eq!(first, u16::MAX);
                }
            }
        }
        assert!(noted > 100);
    }

    /// A context reading collects the words its cues can reach, and no more: for the built-in
    /// lists (longest cue "experience of working in"), six.
    #[test]
    fn context_readings_collect_what_their_cues_reach() {
        let t = tables();
        assert_eq!(t.context_words, PHRASE_SLACK + 4);
        let c = CueTarget::Context;
        // The cue ends two words before the hit; a comma between ends the reading.
        let text = "experience of working in busy friendly PMO";
        assert_eq!(cue(text, "pmo", c), Some(Cue::Membership));
        let text = "experience of working in busy, friendly PMO";
        assert_eq!(cue(text, "pmo", c), None);
    }

    /// Every target a cue is read for.
    const TARGETS: [CueTarget; 6] = [
        CueTarget::Context,
        CueTarget::Title,
        CueTarget::Duty {
            audience: false,
            junior: false,
        },
        CueTarget::Duty {
            audience: true,
            junior: false,
        },
        CueTarget::Duty {
            audience: false,
            junior: true,
        },
        CueTarget::Duty {
            audience: true,
            junior: true,
        },
    ];

    /// Texts dense in cue words: words of every cue list, "n't" words, "not only", commas,
    /// clause ends, long and non-ASCII words, in a fixed pseudo-random order.
    fn cue_dense_texts() -> Vec<String> {
        let p = crate::Profile::builtin();
        let c = &p.cues;
        let mut words: Vec<String> = [
            &c.negation,
            &c.negation_after,
            &c.auxiliaries,
            &c.clause_breaks,
            &c.reference,
            &c.reference_adjacent,
            &c.own_title,
            &c.oversight,
            &c.support,
            &c.audience,
            &c.membership,
            &c.mention,
        ]
        .iter()
        .flat_map(|l| l.iter().cloned())
        .collect();
        for w in [
            "isn't",
            "don't",
            "only",
            "just",
            "merely",
            "simply",
            "the",
            "a",
            "an",
            "pmo",
            "manager",
            "raid log",
            "organisational-transformation",
            "é",
            "café’s",
            "x",
            ",",
            ", ",
            ".",
            ";",
            ":",
            "!",
            "?",
            "*",
            "(",
            ")",
            "[",
            "]",
            "|",
            "\n",
            " - ",
            "&",
            "'",
            "  ",
            "cannot",
            "piano",
            "band",
        ] {
            words.push(w.to_string());
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..24)
            .map(|_| {
                let mut t = String::new();
                while t.len() < 1500 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    t.push_str(&words[(state % words.len() as u64) as usize]);
                    if state & 0x300 != 0 {
                        t.push(' ');
                    }
                }
                t
            })
            .collect()
    }

    /// The reading in use gives the cue the reference reading gives, at every char boundary
    /// of every fixture advert and of cue-dense texts, for every target, with the hit ending
    /// where it starts or at the end of the words after it, and with windows that cut words.
    #[test]
    fn reading_equals_the_reference_reading_at_every_position() {
        let p = crate::Profile::builtin();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/adverts");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("fixture adverts")
            .map(|e| e.expect("fixture entry").path())
            .collect();
        files.sort();
        let fixtures: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("fixture text"))
            .collect();
        assert!(fixtures.len() > 20);
        let dense = cue_dense_texts();
        for (window, texts) in [(80, &fixtures), (80, &dense), (13, &dense), (1000, &dense)] {
            let new = CueTables::new(&p.cues, window);
            let old = reference::ReferenceTables::new(&p.cues, window);
            for text in texts.iter() {
                let norm = Normalised::new(text).text;
                let b = norm.as_bytes();
                for start in (0..=norm.len()).filter(|&i| norm.is_char_boundary(i)) {
                    // The hit ends at its start, or after the next word or two.
                    let mut ends = vec![start];
                    let mut e = start;
                    for _ in 0..2 {
                        while e < b.len() && !CUE_BYTE[usize::from(b[e])] {
                            e += 1;
                        }
                        while e < b.len() && CUE_BYTE[usize::from(b[e])] {
                            e += 1;
                        }
                        ends.push(e);
                    }
                    for end in ends {
                        for target in TARGETS {
                            assert_eq!(
                                new.read(&norm, start, end, target),
                                old.read(&norm, start, end, target),
                                "{target:?} at {start}..{end}, window {window}: {:?}",
                                &norm[start.saturating_sub(window)..end]
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn context_is_membership_or_mention() {
        let c = CueTarget::Context;
        assert_eq!(
            cue("Join our growing PMO team", "pmo", c),
            Some(Cue::Membership)
        );
        assert_eq!(
            cue("within the programme office", "programme office", c),
            Some(Cue::Membership)
        );
        assert_eq!(
            cue("report progress to the PMO", "pmo", c),
            Some(Cue::Mention)
        );
        assert_eq!(
            cue("on top of the usual PMO activity", "pmo", c),
            Some(Cue::Mention)
        );
        assert_eq!(cue("welcome to the PMO", "pmo", c), Some(Cue::Membership));
        assert_eq!(cue("PMO standards apply", "pmo", c), None);
    }

    #[test]
    fn duty_negation_before_and_after() {
        let d = CueTarget::Duty {
            audience: false,
            junior: false,
        };
        assert_eq!(
            cue(
                "Line management is not part of this role",
                "line management",
                d
            ),
            Some(Cue::Negation)
        );
        assert_eq!(
            cue("line management isn't expected", "line management", d),
            Some(Cue::Negation)
        );
        assert_eq!(
            cue("no line management", "line management", d),
            Some(Cue::Negation)
        );
        assert_eq!(cue("line management of a team", "line management", d), None);
        assert_eq!(
            cue("line management of staff who do not", "line management", d),
            None
        );
    }

    #[test]
    fn audience_only_for_people_signals() {
        let a = CueTarget::Duty {
            audience: true,
            junior: false,
        };
        assert_eq!(
            cue("Prepare slides for PMO leadership.", "pmo leadership", a),
            Some(Cue::Audience)
        );
        assert_eq!(
            cue("packs for the governance boards", "governance boards", a),
            Some(Cue::Audience)
        );
        assert_eq!(
            cue("chair the governance boards", "governance boards", a),
            None
        );
        let d = CueTarget::Duty {
            audience: false,
            junior: false,
        };
        assert_eq!(
            cue("responsible for line management", "line management", d),
            None
        );
    }

    #[test]
    fn junior_duties_under_oversight() {
        let j = CueTarget::Duty {
            audience: false,
            junior: true,
        };
        let t = "Oversee the development and maintenance of all project documentation";
        assert_eq!(cue(t, "project documentation", j), Some(Cue::Oversight));
        assert_eq!(
            cue("Supervise the clerks who keep the RAID log", "raid log", j),
            Some(Cue::Oversight)
        );
        assert_eq!(
            cue(
                "Maintain the project documentation",
                "project documentation",
                j
            ),
            None
        );
        let d = CueTarget::Duty {
            audience: false,
            junior: false,
        };
        assert_eq!(cue(t, "project documentation", d), None);
    }

    #[test]
    fn senior_duties_supported() {
        let d = CueTarget::Duty {
            audience: false,
            junior: false,
        };
        let t = "Support the implementation of the PMO framework";
        assert_eq!(cue(t, "pmo framework", d), Some(Cue::Support));
        assert_eq!(cue("Implement the PMO framework", "pmo framework", d), None);
        let j = CueTarget::Duty {
            audience: false,
            junior: true,
        };
        assert_eq!(
            cue("Support project managers with the RAID log", "raid log", j),
            None
        );
    }

    #[test]
    fn titles_of_somebody_else() {
        let t = CueTarget::Title;
        assert_eq!(
            cue("reporting to the PMO Manager", "pmo manager", t),
            Some(Cue::Reference)
        );
        assert_eq!(
            cue("our Head of PMO sets the strategy", "head of pmo", t),
            Some(Cue::Reference)
        );
        assert_eq!(
            cue("as our new PMO Manager you will", "pmo manager", t),
            None
        );
        assert_eq!(cue("As a PMO Analyst you will", "pmo analyst", t), None);
        // A title right after "to" or "from" (articles aside) is somebody the job reports to,
        // sends work to or takes it from, even past an own-title cue further back.
        for (text, hit) in [
            ("flag variances to the PMO Manager", "pmo manager"),
            ("send your CV to the Head of PMO", "head of pmo"),
            ("a path similar to PMO Coordinator", "pmo coordinator"),
            ("take direction from the PMO Lead", "pmo lead"),
            (
                "escalate issues as appropriate to the PMO Manager",
                "pmo manager",
            ),
            ("recruit and manage PMO Analysts", "pmo analysts"),
        ] {
            assert_eq!(cue(text, hit, t), Some(Cue::Reference), "{text}");
        }
        // ...but not further back, nor past an own-title cue ending right before the title.
        for (text, hit) in [
            ("We are looking to recruit a PMO Analyst", "pmo analyst"),
            (
                "we are looking to add a PMO Analyst to the team",
                "pmo analyst",
            ),
            ("an opportunity to be the PMO Lead", "pmo lead"),
            ("we wish to appoint a PMO Manager", "pmo manager"),
            ("Welcome to the PMO Analyst role", "pmo analyst"),
            ("We are recruiting to the PMO Analyst post", "pmo analyst"),
            ("thanks for applying to the PMO Analyst role", "pmo analyst"),
            ("We would love to hear from PMO Leads", "pmo leads"),
            ("the role is open to PMO Analysts", "pmo analysts"),
        ] {
            assert_eq!(cue(text, hit, t), None, "{text}");
        }
    }

    #[test]
    fn background_sentences() {
        let t = tables();
        assert!(t.is_background("The programme will redesign the operating model."));
        assert!(t.is_background("- Our client is a global bank."));
        assert!(!t.is_background("The programme needs you to maintain the plan."));
        assert!(!t.is_background("Maintain the RAID log."));
        assert!(!t.is_background("The post leads a team."));
    }
}
