//! Whose duty is it? The cue words around a hit: negation before and after it, a title named as
//! somebody else's, an audience, a PMO joined or only mentioned, and sentences that are
//! background about somebody else.
//!
//! Word cues are read from the folded text (lowercase, single spaces) around each hit, within
//! its clause: one backward pass of at most `negation_window` bytes and a forward look of a few
//! words, no allocation. Sentence cues (background) are judged once per sentence with two
//! regexes compiled when the analyser is built.

use regex::{Regex, RegexBuilder};

use crate::document::fold_phrase;
use crate::profile::{Cues, REGEX_SIZE_LIMIT};
use crate::report::Cue;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// `(last word, cue index)`, sorted by word, then by cue length, longest first.
    by_last: Vec<(WordKey, usize)>,
    /// A bit per [`WordKey::bucket`] that some cue's last word falls in: most words end no cue,
    /// and are ruled out with one lookup.
    last_words: [u64; 4],
}

impl WordKey {
    /// One of 256 buckets, from the key's bytes.
    fn bucket(self) -> usize {
        let folded = (self.0 as u64) ^ ((self.0 >> 64) as u64);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize
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
        let mut by_last: Vec<(WordKey, usize)> = cues
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.last().map(|&w| (w, i)))
            .collect();
        by_last.sort_by(|a, b| {
            (a.0 .0)
                .cmp(&b.0 .0)
                .then(cues[b.1].len().cmp(&cues[a.1].len()))
        });
        let mut last_words = [0u64; 4];
        for (w, _) in &by_last {
            let b = w.bucket();
            last_words[b / 64] |= 1 << (b % 64);
        }
        PhraseCues {
            cues,
            by_last,
            last_words,
        }
    }

    /// The longest cue whose last word stands `skip` words before the hit (`tail` holds the
    /// words before the hit, nearest first); its length in words.
    fn ending_at(&self, tail: &[WordKey], skip: usize) -> Option<usize> {
        let last = *tail.get(skip)?;
        let b = last.bucket();
        if self.last_words[b / 64] & (1 << (b % 64)) == 0 {
            return None;
        }
        let from = self.by_last.partition_point(|e| e.0 .0 < last.0);
        self.by_last[from..]
            .iter()
            .take_while(|e| e.0 == last)
            .map(|e| &self.cues[e.1])
            .find(|cue| {
                tail.len() >= skip + cue.len()
                    && cue.iter().rev().zip(&tail[skip..]).all(|(c, w)| c == w)
            })
            .map(Vec::len)
    }

    /// The nearest skip (at most `slack`) at which a cue ends.
    fn nearest(&self, tail: &[WordKey], slack: usize) -> Option<usize> {
        if self.cues.is_empty() {
            return None;
        }
        (0..=slack.min(tail.len().saturating_sub(1)))
            .find(|&skip| self.ending_at(tail, skip).is_some())
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
            + self.by_last.capacity() * size_of::<(WordKey, usize)>()
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
    negation: Vec<WordKey>,
    clause_breaks: Vec<WordKey>,
    negation_after: Vec<WordKey>,
    auxiliaries: Vec<WordKey>,
    reference: PhraseCues,
    own_title: PhraseCues,
    oversight: PhraseCues,
    support: PhraseCues,
    audience: PhraseCues,
    membership: PhraseCues,
    mention: PhraseCues,
    /// For each first byte, a bit per word length (up to 31) that some negation or clause-break
    /// word has: most words are ruled out with one lookup before any comparison.
    filter: [u32; 256],
    /// A sentence opening with a background subject.
    background: Option<Regex>,
    /// A sentence naming the advert's own job.
    own_role: Option<Regex>,
    /// Estimated heap bytes of the two regexes.
    regex_bytes: usize,
    window: usize,
}

/// A regex matching any of `phrases` as whole words, ASCII case ignored, with any run of white
/// space between words and curly or straight apostrophes; anchored at the start of the text
/// (after bullets, dashes and spaces) when `anchored`.
fn phrase_regex(phrases: &[String], anchored: bool, bytes: &mut usize) -> Option<Regex> {
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
    if alts.is_empty() {
        return None;
    }
    // ASCII word boundaries keep the regex on its fast engines (a Unicode `\b` would not).
    let body = format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"));
    let pattern = if anchored {
        format!(r"^[\s\-*\u{{2022}}\u{{2013}}\u{{2014}}\u{{00b7}}\u{{f0b7}}>]*{body}")
    } else {
        body
    };
    let re = RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()?;
    *bytes += crate::matcher::regex_heap_estimate(&pattern);
    Some(re)
}

impl CueTables {
    pub(crate) fn new(cues: &Cues, window: usize) -> CueTables {
        let single = |v: &[String]| -> Vec<WordKey> {
            v.iter()
                .flat_map(|c| {
                    let folded = fold_phrase(c);
                    RevWords::new(folded.as_bytes())
                        .map(WordKey::new)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let mut filter = [0u32; 256];
        for word in cues.negation.iter().chain(&cues.clause_breaks) {
            let folded = fold_phrase(word);
            for w in RevWords::new(folded.as_bytes()) {
                filter[usize::from(w[0])] |= 1 << w.len().min(31);
            }
        }
        let mut regex_bytes = 0;
        let background = phrase_regex(&cues.background_subjects, true, &mut regex_bytes);
        let own_role = phrase_regex(&cues.own_role, false, &mut regex_bytes);
        CueTables {
            negation: single(&cues.negation),
            clause_breaks: single(&cues.clause_breaks),
            negation_after: single(&cues.negation_after),
            auxiliaries: single(&cues.auxiliaries),
            reference: PhraseCues::new(&cues.reference),
            own_title: PhraseCues::new(&cues.own_title),
            oversight: PhraseCues::new(&cues.oversight),
            support: PhraseCues::new(&cues.support),
            audience: PhraseCues::new(&cues.audience),
            membership: PhraseCues::new(&cues.membership),
            mention: PhraseCues::new(&cues.mention),
            filter,
            background,
            own_role,
            regex_bytes,
            window,
        }
    }

    /// Heap bytes held by the tables (by capacity), and the regexes (estimated, see
    /// `matcher::regex_heap_estimate`).
    pub(crate) fn heap_bytes(&self) -> usize {
        let words = self.negation.capacity()
            + self.clause_breaks.capacity()
            + self.negation_after.capacity()
            + self.auxiliaries.capacity();
        words * std::mem::size_of::<WordKey>()
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
            + self.regex_bytes
    }

    /// The cue of a hit spanning `start..end` of the folded text `norm`, read from its clause.
    /// Background is judged per sentence, apart (see [`CueTables::is_background`]).
    ///
    /// One backward pass over at most `negation_window` bytes, word by word, stopping at the
    /// start of the clause; a negation cue counts unless a clause-break word ("but") stands
    /// between it and the hit. Then, for duties, a look at the next few words for a negation
    /// after the hit ("is not part of this role").
    pub(crate) fn read(
        &self,
        norm: &str,
        start: usize,
        end: usize,
        target: CueTarget,
    ) -> Option<Cue> {
        let bytes = norm.as_bytes();
        let from = start.saturating_sub(self.window);
        let mut i = start;
        let mut negated = false;
        let mut negation_done = false;
        let mut comma = false;
        let mut tail = [WordKey::EMPTY; TAIL];
        let mut n = 0;
        // The word read before this one: the next one towards the hit.
        let mut nearer: &[u8] = b"";
        'words: loop {
            while i > from && !CUE_BYTE[usize::from(bytes[i - 1])] {
                let b = bytes[i - 1];
                if CLAUSE_END[usize::from(b)] {
                    break 'words;
                }
                comma |= b == b',';
                i -= 1;
            }
            if i == from {
                break;
            }
            let word_end = i;
            while i > from && CUE_BYTE[usize::from(bytes[i - 1])] {
                i -= 1;
            }
            let w = &bytes[i..word_end];
            if !negation_done {
                let maybe = self.filter[usize::from(w[0])] & (1 << w.len().min(31)) != 0;
                if maybe {
                    let k = key_at(bytes, i, word_end);
                    if self.clause_breaks.contains(&k) {
                        negation_done = true;
                    } else if self.negation.contains(&k) {
                        negated = true;
                        negation_done = true;
                    }
                }
                if !negation_done && w.ends_with(b"n't") {
                    negated = true;
                    negation_done = true;
                }
                // "not only … but also", "not just": no negation.
                if negated && matches!(nearer, b"only" | b"just" | b"merely" | b"simply") {
                    negated = false;
                }
            }
            nearer = w;
            let collecting = !comma && n < TAIL;
            if collecting && !is_article(w) {
                tail[n] = key_at(bytes, i, word_end);
                n += 1;
            }
            if negation_done && !collecting {
                break;
            }
        }
        self.judge(bytes, end, &tail[..n], negated, target)
    }

    /// The cue, from what was read before the hit: `tail` holds the words before it (nearest
    /// first, articles left out, up to the clause start or a comma) and `negated` whether a
    /// negation stands in its clause.
    fn judge(
        &self,
        bytes: &[u8],
        end: usize,
        tail: &[WordKey],
        negated: bool,
        target: CueTarget,
    ) -> Option<Cue> {
        match target {
            CueTarget::Context => {
                let member = self.membership.nearest(tail, PHRASE_SLACK);
                let mention = self.mention.nearest(tail, PHRASE_SLACK);
                match (member, mention) {
                    (Some(a), Some(b)) if a == b => {
                        // Both end at the same word: the longer cue wins ("welcome to" over
                        // "to", "report to our" over "our").
                        let la = self.membership.ending_at(tail, a).unwrap_or(0);
                        let lb = self.mention.ending_at(tail, b).unwrap_or(0);
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
                if self.own_title.nearest(tail, PHRASE_SLACK).is_some() {
                    return None;
                }
                self.reference
                    .nearest(tail, PHRASE_SLACK)
                    .map(|_| Cue::Reference)
            }
            CueTarget::Duty { audience, junior } => {
                if negated || self.negated_after(bytes, end) {
                    return Some(Cue::Negation);
                }
                if audience && self.audience.nearest(tail, AUDIENCE_SLACK).is_some() {
                    return Some(Cue::Audience);
                }
                if junior {
                    self.oversight.nearest(tail, TAIL).map(|_| Cue::Oversight)
                } else {
                    self.support.nearest(tail, TAIL).map(|_| Cue::Support)
                }
            }
        }
    }

    /// True when the words after `end` read "(aux) (aux) not": a negation after the hit.
    fn negated_after(&self, bytes: &[u8], end: usize) -> bool {
        let mut i = end;
        for _ in 0..AHEAD {
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && CUE_BYTE[usize::from(bytes[i])] {
                i += 1;
            }
            if i == start {
                return false;
            }
            let w = &bytes[start..i];
            if w.ends_with(b"n't") {
                return true;
            }
            let k = WordKey::new(w);
            if self.negation_after.contains(&k) {
                return true;
            }
            if !self.auxiliaries.contains(&k) {
                return false;
            }
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
