//! The cue reading as it stood before the word lexicon and the early stops: one backward walk
//! of the clause byte by byte, each list searched in turn. Kept only for the tests, which check
//! that the reading in use gives the same cue at every position.

use super::{
    is_article, key_at, CueTarget, RevWords, WordKey, AHEAD, AUDIENCE_SLACK, CLAUSE_END, CUE_BYTE,
    PHRASE_SLACK, TAIL,
};
use crate::document::fold_phrase;
use crate::profile::Cues;
use crate::report::Cue;

/// Phrase cues indexed by their last word, searched skip by skip.
struct PhraseCues {
    cues: Vec<Vec<WordKey>>,
    by_last: Vec<(WordKey, usize)>,
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
        PhraseCues { cues, by_last }
    }

    fn ending_at(&self, tail: &[WordKey], skip: usize) -> Option<usize> {
        let last = *tail.get(skip)?;
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

    fn nearest(&self, tail: &[WordKey], slack: usize) -> Option<usize> {
        if self.cues.is_empty() {
            return None;
        }
        (0..=slack.min(tail.len().saturating_sub(1)))
            .find(|&skip| self.ending_at(tail, skip).is_some())
    }
}

/// The word cue tables as they were, without the sentence regexes.
pub(super) struct ReferenceTables {
    negation: Vec<WordKey>,
    clause_breaks: Vec<WordKey>,
    negation_after: Vec<WordKey>,
    auxiliaries: Vec<WordKey>,
    reference: PhraseCues,
    reference_adjacent: PhraseCues,
    own_title: PhraseCues,
    oversight: PhraseCues,
    support: PhraseCues,
    audience: PhraseCues,
    membership: PhraseCues,
    mention: PhraseCues,
    filter: [u32; 256],
    window: usize,
}

impl ReferenceTables {
    pub(super) fn new(cues: &Cues, window: usize) -> ReferenceTables {
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
        ReferenceTables {
            negation: single(&cues.negation),
            clause_breaks: single(&cues.clause_breaks),
            negation_after: single(&cues.negation_after),
            auxiliaries: single(&cues.auxiliaries),
            reference: PhraseCues::new(&cues.reference),
            reference_adjacent: PhraseCues::new(&cues.reference_adjacent),
            own_title: PhraseCues::new(&cues.own_title),
            oversight: PhraseCues::new(&cues.oversight),
            support: PhraseCues::new(&cues.support),
            audience: PhraseCues::new(&cues.audience),
            membership: PhraseCues::new(&cues.membership),
            mention: PhraseCues::new(&cues.mention),
            filter,
            window,
        }
    }

    pub(super) fn read(
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
                let own = self.own_title.nearest(tail, PHRASE_SLACK);
                if own != Some(0) && self.reference_adjacent.ending_at(tail, 0).is_some() {
                    return Some(Cue::Reference);
                }
                if own.is_some() {
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
}
