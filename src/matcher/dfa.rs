//! The main phrase automaton as a full DFA: leftmost-longest Aho-Corasick with every failure
//! transition resolved into one table.
//!
//! It finds exactly what aho-corasick's automata find with `MatchKind::LeftmostLongest` (the
//! construction is theirs: a trie, failure links in breadth-first order, no failure after a
//! match, the first match of a state copied from its failure state), but it is built in a few
//! million instructions where aho-corasick's noncontiguous NFA took ~27M on the built-in
//! profile, and it scans with one table lookup per byte. Most of aho-corasick's build went to
//! walking the linked transition lists of its dead state once per state after a match (a third
//! of the states here), which a table lookup does not do.
//!
//! The price is memory: a row of `u32` per state and byte class (~3 MB for the built-in
//! profile's ~17,500 states and 43 classes). Above [`MAX_TABLE_BYTES`] no DFA is built and the
//! caller falls back to aho-corasick's contiguous NFA.
//!
//! The build keeps that table out of the way until the end: the trie is built as small edge
//! lists, then the table is written once, row after row in breadth-first order, into an
//! allocation of its final size. Inserting into the table's own rows and resolving failures
//! in place read rows scattered over 3 MB (a cache miss per pattern byte and per state,
//! measured at over a third of the build's time for a tenth of its instructions) and zeroed a
//! table twice too large before trimming it (its pages faulted in again on every build).

/// Transitions into a match state carry this bit (state indices stay below it).
const MATCH: u32 = 1 << 31;

/// The match column of a state without a match.
const NO_MATCH: u32 = u32::MAX;

/// The largest transition table built, in bytes.
pub(crate) const MAX_TABLE_BYTES: usize = 16 << 20;

/// A leftmost-longest DFA over folded phrases.
///
/// States are rows of `stride` `u32`s, indexed by where their row starts: the dead state at 0
/// (its row all zeros: every transition stays dead), the start state at `stride`. A row holds
/// a transition per byte class (the row index of the next state, with [`MATCH`] when that state
/// has a match; 0 for dead), then the state's depth in the trie, then its first match's pattern
/// (or [`NO_MATCH`]).
#[derive(Clone)]
pub(crate) struct PhraseDfa {
    /// Byte → column: one column per byte that some pattern holds, column 0 for the rest.
    classes: [u8; 256],
    stride: usize,
    table: Vec<u32>,
    /// Per pattern: its length in bytes.
    lens: Vec<u32>,
}

impl std::fmt::Debug for PhraseDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseDfa")
            .field("states", &(self.table.len() / self.stride))
            .field("classes", &(self.stride - 2))
            .field("patterns", &self.lens.len())
            .finish()
    }
}

impl PhraseDfa {
    /// The DFA of `patterns` (pattern `i` reported as `i`), or `None` when it would not be built:
    /// an empty pattern (aho-corasick gives those a meaning of their own), more than 254
    /// distinct bytes, or a table above [`MAX_TABLE_BYTES`].
    pub(crate) fn new(patterns: &[String]) -> Option<PhraseDfa> {
        let mut classes = [0u8; 256];
        let mut n = 0usize;
        for p in patterns {
            if p.is_empty() {
                return None;
            }
            for &b in p.as_bytes() {
                if classes[usize::from(b)] == 0 {
                    if n == 254 {
                        return None;
                    }
                    n += 1;
                    classes[usize::from(b)] = n as u8;
                }
            }
        }
        // Columns 0..=n for the classes, then the depth and the match.
        let depth_col = n + 1;
        let stride = n + 3;
        let max_len = MAX_TABLE_BYTES / 4;
        // The trie first, as edge lists per node (node 0 the root): first child, next sibling,
        // the column of the edge into the node, and the node's own match. A few hundred KB that
        // stay in cache, where inserting into the table's rows would read a row of 3 MB per
        // pattern byte.
        let bytes: usize = patterns.iter().map(String::len).sum();
        let cap = bytes.min(max_len / stride) + 1;
        let mut first_child: Vec<u32> = Vec::with_capacity(cap);
        let mut next_sibling: Vec<u32> = Vec::with_capacity(cap);
        let mut column: Vec<u8> = Vec::with_capacity(cap);
        let mut own: Vec<u32> = Vec::with_capacity(cap);
        first_child.push(0);
        next_sibling.push(0);
        column.push(0);
        own.push(NO_MATCH);
        let mut lens = Vec::with_capacity(patterns.len());
        for (pid, p) in patterns.iter().enumerate() {
            lens.push(u32::try_from(p.len()).ok()?);
            let mut s = 0usize;
            for &b in p.as_bytes() {
                let c = classes[usize::from(b)];
                let mut child = first_child[s] as usize;
                while child != 0 && column[child] != c {
                    child = next_sibling[child] as usize;
                }
                if child == 0 {
                    child = first_child.len();
                    // The table: dead, then a row per trie node.
                    if (child + 2) * stride > max_len {
                        return None;
                    }
                    first_child.push(0);
                    next_sibling.push(first_child[s]);
                    column.push(c);
                    own.push(NO_MATCH);
                    first_child[s] = child as u32;
                }
                s = child;
            }
            if own[s] == NO_MATCH {
                own[s] = pid as u32;
            }
        }
        // The table is then written row after row, in breadth-first order (a state's number is
        // its place in the queue, the dead state 0 first), each row in one go: the row of its
        // failure state (shallower, so written already), or the start state, or dead, then its
        // trie edges, depth and match. Nothing is written twice and nothing is zeroed first.
        let states = first_child.len() + 1;
        let mut table: Vec<u32> = Vec::with_capacity(states * stride);
        table.resize(depth_col, 0);
        table.push(0);
        table.push(NO_MATCH);
        let start = stride;
        // Per state number: its trie node, its failure row (0, dead, after a match), its match
        // (its own, or the one its failure state leads to) and its depth.
        let mut queue: Vec<u32> = Vec::with_capacity(states);
        let mut fail: Vec<u32> = Vec::with_capacity(states);
        let mut matches: Vec<u32> = Vec::with_capacity(states);
        let mut depths: Vec<u32> = Vec::with_capacity(states);
        queue.extend([0, 0]);
        fail.extend([0, 0]);
        matches.extend([NO_MATCH, NO_MATCH]);
        depths.extend([0, 0]);
        for num in 1..states {
            let row = num * stride;
            let f = fail[num] as usize;
            if num == 1 {
                table.resize(row + depth_col, start as u32);
            } else if f == 0 {
                table.resize(row + depth_col, 0);
            } else {
                table.extend_from_within(f..f + depth_col);
            }
            table.push(depths[num]);
            table.push(matches[num]);
            let depth = depths[num] + 1;
            let mut child = first_child[queue[num] as usize] as usize;
            while child != 0 {
                let c = usize::from(column[child]);
                let next = queue.len();
                let mut t = (next * stride) as u32;
                // A child with a match of its own fails to dead; one without fails to where
                // this state's failure state goes on its byte (a shallower row, written), and
                // takes that state's match.
                let (cf, cm) = if own[child] != NO_MATCH {
                    t |= MATCH;
                    (0, own[child])
                } else if num == 1 {
                    (start as u32, NO_MATCH)
                } else {
                    let ft = table[f + c];
                    if ft & MATCH != 0 {
                        t |= MATCH;
                        let target = (ft & !MATCH) as usize;
                        (ft & !MATCH, matches[target / stride])
                    } else {
                        (ft, NO_MATCH)
                    }
                };
                table[row + c] = t;
                queue.push(child as u32);
                fail.push(cf);
                matches.push(cm);
                depths.push(depth);
                child = next_sibling[child] as usize;
            }
        }
        debug_assert_eq!(table.len(), states * stride);
        Some(PhraseDfa {
            classes,
            stride,
            table,
            lens,
        })
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        self.table.capacity() * 4 + self.lens.capacity() * 4
    }

    /// The leftmost-longest match starting at or after `at`: `(pattern, start, end)`.
    #[inline(always)]
    pub(crate) fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        let table = &self.table[..];
        let match_col = self.stride - 1;
        let mut s = self.stride;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().skip(at) {
            let next = table[s + usize::from(self.classes[usize::from(b)])];
            s = (next & !MATCH) as usize;
            // Dead (0) or a match (the top bit): one comparison.
            if next.wrapping_sub(1) >= MATCH - 1 {
                if next == 0 {
                    break;
                }
                let pid = table[s + match_col] as usize;
                found = Some((pid, i + 1 - self.lens[pid] as usize, i + 1));
            }
        }
        found
    }

    /// The longest match starting at `start` and ending at or before `end`: the trie's edges
    /// only (an edge leads one deeper; a failure transition does not), and only a state's own
    /// match (as long as its depth; a match copied from its failure state is shorter and starts
    /// later).
    pub(crate) fn longest_at(
        &self,
        hay: &[u8],
        start: usize,
        end: usize,
    ) -> Option<(usize, usize, usize)> {
        let table = &self.table[..];
        let depth_col = self.stride - 2;
        let match_col = self.stride - 1;
        let mut s = self.stride;
        let mut depth = 0;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().take(end).skip(start) {
            let next = table[s + usize::from(self.classes[usize::from(b)])];
            let t = (next & !MATCH) as usize;
            if t == 0 || table[t + depth_col] != depth + 1 {
                break;
            }
            s = t;
            depth += 1;
            if next & MATCH != 0 {
                let pid = table[s + match_col] as usize;
                if self.lens[pid] == depth {
                    found = Some((pid, start, i + 1));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

    /// The same searches with aho-corasick.
    fn reference(patterns: &[String]) -> AhoCorasick {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(patterns)
            .unwrap()
    }

    fn same_as_aho_corasick(patterns: &[String], texts: &[String]) {
        let dfa = PhraseDfa::new(patterns).unwrap();
        let ac = reference(patterns);
        let triple = |m: aho_corasick::Match| (m.pattern().as_usize(), m.start(), m.end());
        for text in texts {
            let hay = text.as_bytes();
            for at in 0..=hay.len() {
                let want = ac.find(Input::new(hay).range(at..)).map(triple);
                assert_eq!(dfa.longest_from(hay, at), want, "{text:?} from {at}");
                for end in [at, at + 1, at + 3, at + 8, at + 20, hay.len()] {
                    let end = end.min(hay.len());
                    let input = Input::new(hay).range(at..end).anchored(Anchored::Yes);
                    let want = ac.find(input).map(triple);
                    assert_eq!(
                        dfa.longest_at(hay, at, end),
                        want,
                        "{text:?} at {at}..{end}"
                    );
                }
            }
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_what_aho_corasick_finds() {
        let patterns = strings(&[
            "pmo",
            "pmo analyst",
            "pmo analysts",
            "analyst",
            "bc",
            "abcd",
            "abcde",
            "bcde",
            "cd",
            "b",
            "x y z",
            "y",
            "y z q",
            "abc",
            "é",
            "ée",
            "a-b",
            "a b",
            "ab",
        ]);
        let texts = strings(&[
            "the pmo analyst and pmo analysts of the pmo",
            "abcdx abcx abcdex bcdx abcde",
            "x y z q y z x y z",
            "éé ée é-e a-b a b ab a--b",
            "",
            "zzz",
        ]);
        same_as_aho_corasick(&patterns, &texts);
    }

    #[test]
    fn finds_what_aho_corasick_finds_for_the_profile() {
        let profile = crate::Profile::builtin();
        let analyser = crate::Analyser::build(&profile).unwrap();
        let patterns = analyser.patterns().to_vec();
        let mut texts = Vec::new();
        for entry in std::fs::read_dir("fixtures/adverts").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(path).unwrap().to_lowercase();
                texts.extend(text.lines().map(str::to_string));
            }
        }
        // Phrases back to back, cut short, and run together.
        for w in patterns.windows(3).step_by(7) {
            texts.push(format!(
                "{} {}{} {}",
                w[0],
                w[1],
                w[2],
                &w[0][..w[0].len() / 2]
            ));
        }
        same_as_aho_corasick(&patterns, &texts);
    }

    #[test]
    fn finds_what_aho_corasick_finds_on_random_phrases() {
        // Few letters, so that phrases overlap, nest and fail into each other often.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let alphabet = ['a', 'b', 'c', ' ', 'é'];
        let word = |max: usize, next: &mut dyn FnMut(u64) -> usize| -> String {
            let len = 1 + next(max as u64);
            (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect()
        };
        for _ in 0..300 {
            let count = 1 + next(12);
            let patterns: Vec<String> = (0..count).map(|_| word(6, &mut next)).collect();
            let texts: Vec<String> = (0..8).map(|_| word(40, &mut next)).collect();
            same_as_aho_corasick(&patterns, &texts);
        }
    }

    #[test]
    fn refuses_what_it_cannot_build() {
        assert!(PhraseDfa::new(&strings(&["a", ""])).is_none());
        // Every byte UTF-8 text can hold (243 of them) fits in the byte classes.
        let mut every_byte: Vec<String> = (0..=0x7fu8).map(|b| char::from(b).to_string()).collect();
        every_byte.extend(
            [
                '\u{80}',
                '\u{7ff}',
                '\u{800}',
                '\u{ffff}',
                '\u{10000}',
                '\u{10ffff}',
            ]
            .map(String::from),
        );
        every_byte.extend((0x80..=0xbf).map(|b| char::from_u32(0x1000 + b).unwrap().to_string()));
        assert!(PhraseDfa::new(&every_byte).is_some());
        // A table above the limit.
        let huge: Vec<String> = (0..60_000).map(|i| format!("{i:x}{i:o}{i}")).collect();
        assert!(PhraseDfa::new(&huge).is_none());
    }
}
