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
//! The table is sized for the cache: a state's row is one 64-byte line of 32 `u16`s (~1.1 MB
//! for the built-in profile's ~17,500 states). An analysis walks deep into phrases (half its
//! bytes are three or more bytes into one) and the rest of the analysis runs between its
//! lookups, so what counts is how many cache lines its walks touch and how many of them stay
//! cached. With rows of a `u32` per byte class (43 classes, ~3.2 MB) the development adverts'
//! walks touched 11,119 distinct lines; with these rows 8,661, in a table a third the size, and
//! the scan's time measured within whole analyses fell by about a third. The bytes a profile's
//! patterns hold most often have a column each; the rarer ones (the built-in profile's digits
//! and most punctuation, ~0.6% of an advert's bytes) share one escape column, whose
//! transitions are in a second, small table: a row per state with an edge on such a byte, the
//! other states sharing their failure state's row. Over [`MAX_STATES`] states no DFA is built
//! and the caller falls back to aho-corasick's contiguous NFA.
//!
//! The rows are numbered for the walk: the start state and the states one and two bytes deep
//! (half of an advert's bytes are scanned in these) first, together; below them each
//! pattern's own states in a run, so that walking down a phrase reads row after row and the
//! CPU's prefetcher has the next one ready. Numbered breadth first throughout, rows one after
//! another belong to different phrases: measured on the development adverts (four alternating
//! throughput runs each), the analysis went from 2.40–2.67× the bare scan to 1.97–2.19×.
//!
//! A step waits for its table read, so the matcher walks a text's two halves side by side
//! ([`PhraseDfa::run_pair`]): the two reads of a step do not wait on each other. A search is a
//! [`Search`] that stops at its end and can go on past it; the second half's first positions
//! are recorded ([`PhraseDfa::run_recording`]) for the first half's walk to meet
//! ([`PhraseDfa::joins`]); `whole_word_matches_in_two` in the matcher puts them together.
//!
//! The build keeps that table out of the way until the end: the trie is built as small edge
//! lists, then the table is written once, each row in one go and nearly in state order (a row
//! after its parent's and its failure state's, both shallower), into an allocation of its
//! final size (inserting into the table's own rows and resolving failures in place read rows
//! scattered over the table, a cache miss per pattern byte and per state).

/// Columns per row: one cache line of `u16`s.
const COLUMNS: usize = 32;

/// `log2(COLUMNS)`: a state's row starts at `state << SHIFT`.
const SHIFT: u32 = 5;

/// The column of the bytes without a column of their own (see [`PhraseDfa::rare_step`]).
const ESCAPE_COLUMN: u8 = COLUMNS as u8 - 1;

/// Transitions into a match state carry this bit (state numbers stay below it).
const MATCH: u16 = 1 << 15;

/// What the escape column holds in every row. It has the [`MATCH`] bit, so the scan's one
/// test for dead or match also catches it; no state's match transition equals it.
const ESCAPE: u16 = u16::MAX;

/// The most states: numbers 0..=0x7FFE, so that `MATCH | state` never equals [`ESCAPE`].
pub(crate) const MAX_STATES: usize = 0x7FFF;

/// States down to this depth in the trie are numbered breadth first, the deeper ones after
/// them in the order the patterns made them.
const BREADTH_FIRST_DEPTH: u32 = 2;

/// The match of a state without a match.
const NO_MATCH: u32 = u32::MAX;

/// The dead state's number (its row all zeros: every transition stays dead).
const DEAD: u16 = 0;

/// The start state's number.
const START: u16 = 1;

/// A leftmost-longest search in progress over `hay[..end]` (see [`PhraseDfa::run`]): the
/// next byte to read, the current state's row and the match found so far.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Search {
    pos: usize,
    end: usize,
    row: usize,
    found: Option<(usize, usize, usize)>,
}

impl Search {
    /// The next byte to read.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Whether the search has text left to read or a match not yet given (at its end, it
    /// gives the match it holds).
    pub(crate) fn left(&self) -> bool {
        self.pos < self.end || self.found.is_some()
    }

    /// Where the search ends.
    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// Lets the search go on to `end` (from where it stopped at its old end).
    pub(crate) fn extend_to(&mut self, end: usize) {
        self.end = end;
    }
}

/// A leftmost-longest DFA over folded phrases.
///
/// States are numbered the dead state 0, the start state 1, then the trie's nodes down to two
/// bytes deep breadth first, then the deeper ones in the order the patterns made them. State
/// `s`'s row is the 32 `u16`s from `s << 5`, one 64-byte cache line. A row holds a transition
/// per column: the next state's number, with [`MATCH`] when that state has a match,
/// 0 for dead. Column 0 is for the bytes no pattern holds; the bytes the patterns hold most
/// often have a column each; the rest (none when the patterns hold at most 30 distinct bytes)
/// share the last column, whose transitions are looked up in [`PhraseDfa::rare_step`]. Each
/// state's depth in the trie and first match sit in arrays of their own, read only on a match.
#[derive(Clone)]
pub(crate) struct PhraseDfa {
    /// Byte → column.
    columns: [u8; 256],
    table: Vec<u16>,
    /// Per state: its depth in the trie.
    depths: Vec<u32>,
    /// Per state: its first match's pattern, or [`NO_MATCH`].
    matches: Vec<u32>,
    /// Byte → its place among the escape column's bytes.
    rare_columns: [u8; 256],
    /// How many bytes the escape column holds.
    rare_count: usize,
    /// Per state: its row of transitions on the escape column's bytes, in `rare_rows`. The
    /// states with a trie edge on such a byte (and the start state) have a row of their own;
    /// the others share their failure state's (dead's, row 0, after a match).
    rare_row: Vec<u16>,
    /// Rows of `rare_count` transitions, as in `table`.
    rare_rows: Vec<u16>,
    /// Per pattern: its length in bytes.
    lens: Vec<u32>,
}

impl std::fmt::Debug for PhraseDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseDfa")
            .field("states", &self.depths.len())
            .field("rare_count", &self.rare_count)
            .field("patterns", &self.lens.len())
            .finish()
    }
}

impl PhraseDfa {
    /// The DFA of `patterns` (pattern `i` reported as `i`), or `None` when it would not be built:
    /// an empty pattern (aho-corasick gives those a meaning of their own) or more than
    /// [`MAX_STATES`] states.
    pub(crate) fn new(patterns: &[String]) -> Option<PhraseDfa> {
        // Columns: the bytes held most often in the patterns first (ties by byte), so that a
        // profile's letters and spaces have their own; at most 30 of them.
        let mut count = [0usize; 256];
        for p in patterns {
            if p.is_empty() {
                return None;
            }
            for &b in p.as_bytes() {
                count[usize::from(b)] += 1;
            }
        }
        let mut held: Vec<u8> = (0..=255u8).filter(|&b| count[usize::from(b)] > 0).collect();
        held.sort_by_key(|&b| std::cmp::Reverse(count[usize::from(b)]));
        let mut columns = [0u8; 256];
        let mut rare_columns = [0u8; 256];
        let mut rare_count = 0;
        for (i, &b) in held.iter().enumerate() {
            columns[usize::from(b)] = if i + 1 < usize::from(ESCAPE_COLUMN) {
                (i + 1) as u8
            } else {
                rare_columns[usize::from(b)] = rare_count as u8;
                rare_count += 1;
                ESCAPE_COLUMN
            };
        }
        // The trie first, as edge lists per node (node 0 the root): first child, next sibling,
        // the byte of the edge into the node, and the node's own match. A few hundred KB that
        // stay in cache, where inserting into the table's rows would read a row per pattern
        // byte.
        let bytes: usize = patterns.iter().map(String::len).sum();
        let cap = bytes.min(MAX_STATES) + 1;
        let mut first_child: Vec<u32> = Vec::with_capacity(cap);
        let mut next_sibling: Vec<u32> = Vec::with_capacity(cap);
        let mut edge_byte: Vec<u8> = Vec::with_capacity(cap);
        let mut own: Vec<u32> = Vec::with_capacity(cap);
        let mut node_depth: Vec<u32> = Vec::with_capacity(cap);
        let mut parent: Vec<u32> = Vec::with_capacity(cap);
        node_depth.push(0);
        parent.push(0);
        first_child.push(0);
        next_sibling.push(0);
        edge_byte.push(0);
        own.push(NO_MATCH);
        let mut lens = Vec::with_capacity(patterns.len());
        for (pid, p) in patterns.iter().enumerate() {
            lens.push(u32::try_from(p.len()).ok()?);
            let mut s = 0usize;
            for (depth, &b) in (1..).zip(p.as_bytes()) {
                let mut child = first_child[s] as usize;
                while child != 0 && edge_byte[child] != b {
                    child = next_sibling[child] as usize;
                }
                if child == 0 {
                    child = first_child.len();
                    // States: dead, then one per trie node.
                    if child + 1 >= MAX_STATES {
                        return None;
                    }
                    first_child.push(0);
                    next_sibling.push(first_child[s]);
                    edge_byte.push(b);
                    own.push(NO_MATCH);
                    node_depth.push(depth);
                    parent.push(s as u32);
                    first_child[s] = child as u32;
                }
                s = child;
            }
            if own[s] == NO_MATCH {
                own[s] = pid as u32;
            }
        }
        let nodes = first_child.len();
        let states = nodes + 1;
        // State numbers: dead 0, then the nodes down to `BREADTH_FIRST_DEPTH` breadth first
        // (the root 1), then the deeper ones in the order they were made: a pattern's new
        // nodes one after another, so that a walk down a phrase reads rows one after another.
        let mut number: Vec<u16> = vec![0; nodes];
        let mut node_of: Vec<u32> = vec![0; states];
        let mut next_number = START;
        let mut level: Vec<u32> = vec![0];
        let mut below: Vec<u32> = Vec::new();
        for depth in 0..=BREADTH_FIRST_DEPTH {
            below.clear();
            for &node in &level {
                number[node as usize] = next_number;
                node_of[usize::from(next_number)] = node;
                next_number += 1;
                if depth < BREADTH_FIRST_DEPTH {
                    let mut child = first_child[node as usize];
                    while child != 0 {
                        below.push(child);
                        child = next_sibling[child as usize];
                    }
                }
            }
            std::mem::swap(&mut level, &mut below);
        }
        for (node, &depth) in node_depth.iter().enumerate() {
            if depth > BREADTH_FIRST_DEPTH {
                number[node] = next_number;
                node_of[usize::from(next_number)] = node as u32;
                next_number += 1;
            }
        }
        debug_assert_eq!(usize::from(next_number), states);
        let mut dfa = PhraseDfa {
            columns,
            // Every row is written once below.
            table: vec![0; states * COLUMNS],
            depths: vec![0; states],
            matches: vec![NO_MATCH; states],
            rare_columns,
            rare_count,
            rare_row: Vec::new(),
            rare_rows: Vec::new(),
            lens,
        };
        if rare_count > 0 {
            // Dead's row, then the start state's.
            dfa.rare_row = vec![0; states];
            dfa.rare_row[usize::from(START)] = 1;
            dfa.rare_rows.resize(rare_count, DEAD);
            dfa.rare_rows.resize(2 * rare_count, START);
        }
        // Per state: its failure state (dead after a match). The edges on escape-column bytes
        // of the state being written.
        let mut fail: Vec<u16> = vec![DEAD; states];
        let mut rare_edges: Vec<(u8, u16)> = Vec::new();
        let mut escape_row = [0u16; COLUMNS];
        escape_row[usize::from(ESCAPE_COLUMN)] = ESCAPE;
        dfa.table[..COLUMNS].copy_from_slice(&escape_row);
        // Each row is written in one go: the row of its failure state, or the start state's,
        // or dead's, then its trie edges, which also work out its children's failure states and
        // matches. So a row needs its parent's row (for its failure state) and its failure
        // state's row written first; both are shallower. The rows are written in state order,
        // each after what it needs (depth first, on a stack): one after another, but for the
        // few written ahead. Written breadth first, they land all over the table, a cache miss
        // each: the DFA's build measured 1.57 ms that way and 1.17 ms in state order (0.83 ms
        // with states numbered breadth first, where both orders are one).
        let mut done: Vec<bool> = vec![false; states];
        done[usize::from(DEAD)] = true;
        let mut stack: Vec<u16> = Vec::new();
        for first in START..states as u16 {
            stack.push(first);
            while let Some(&next) = stack.last() {
                let num = usize::from(next);
                if done[num] {
                    stack.pop();
                    continue;
                }
                let node = node_of[num] as usize;
                if next != START {
                    let up = number[parent[node] as usize];
                    if !done[usize::from(up)] {
                        stack.push(up);
                        continue;
                    }
                }
                let f = fail[num];
                if !done[usize::from(f)] {
                    stack.push(f);
                    continue;
                }
                stack.pop();
                done[num] = true;
                let row = num << SHIFT;
                if num == usize::from(START) {
                    let mut start_row = [START; COLUMNS];
                    start_row[usize::from(ESCAPE_COLUMN)] = ESCAPE;
                    dfa.table[row..row + COLUMNS].copy_from_slice(&start_row);
                } else if f == DEAD {
                    dfa.table[row..row + COLUMNS].copy_from_slice(&escape_row);
                } else {
                    let from = usize::from(f) << SHIFT;
                    dfa.table.copy_within(from..from + COLUMNS, row);
                }
                let depth = dfa.depths[num] + 1;
                let mut child = first_child[node as usize] as usize;
                rare_edges.clear();
                while child != 0 {
                    let b = edge_byte[child];
                    let cnum = number[child];
                    let mut t = cnum;
                    // A child with a match of its own fails to dead; one without fails to where
                    // this state's failure state goes on its byte (a shallower row, written), and
                    // takes that state's match.
                    let (cf, cm) = if own[child] != NO_MATCH {
                        t |= MATCH;
                        (DEAD, own[child])
                    } else if num == usize::from(START) {
                        (START, NO_MATCH)
                    } else {
                        let ft = dfa.step(f, b);
                        if ft & MATCH != 0 {
                            t |= MATCH;
                            let target = ft & !MATCH;
                            (target, dfa.matches[usize::from(target)])
                        } else {
                            (ft, NO_MATCH)
                        }
                    };
                    let c = columns[usize::from(b)];
                    if c == ESCAPE_COLUMN {
                        rare_edges.push((dfa.rare_columns[usize::from(b)], t));
                    } else {
                        dfa.table[row + usize::from(c)] = t;
                    }
                    let cnum = usize::from(cnum);
                    fail[cnum] = cf;
                    dfa.matches[cnum] = cm;
                    dfa.depths[cnum] = depth;
                    child = next_sibling[child] as usize;
                }
                if rare_count > 0 && num != usize::from(START) {
                    // The failure state's row (already written), and one of its own if it has an
                    // edge on an escape-column byte.
                    let from = dfa.rare_row[usize::from(f)];
                    if rare_edges.is_empty() {
                        dfa.rare_row[num] = from;
                    } else {
                        let row = dfa.rare_rows.len();
                        dfa.rare_row[num] = u16::try_from(row / rare_count).ok()?;
                        let from = usize::from(from) * rare_count;
                        dfa.rare_rows.extend_from_within(from..from + rare_count);
                        for &(c, t) in &rare_edges {
                            dfa.rare_rows[row + usize::from(c)] = t;
                        }
                    }
                } else if rare_count > 0 {
                    for &(c, t) in &rare_edges {
                        dfa.rare_rows[rare_count + usize::from(c)] = t;
                    }
                }
            }
        }
        Some(dfa)
    }

    /// The transition from `s` on `b` (any byte).
    #[inline(always)]
    fn step(&self, s: u16, b: u8) -> u16 {
        let t = self.table[usize::from(s) << SHIFT | usize::from(self.columns[usize::from(b)])];
        if t == ESCAPE {
            self.rare_step(s, b)
        } else {
            t
        }
    }

    /// The transition from `s` on a byte of the escape column: the trie's edge on it, else
    /// the failure state's transition, what a full row would have held.
    #[inline]
    fn rare_step(&self, s: u16, b: u8) -> u16 {
        let row = usize::from(self.rare_row[usize::from(s)]) * self.rare_count;
        self.rare_rows[row + usize::from(self.rare_columns[usize::from(b)])]
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        self.table.capacity() * 2
            + (self.depths.capacity() + self.matches.capacity() + self.lens.capacity()) * 4
            + (self.rare_row.capacity() + self.rare_rows.capacity()) * 2
    }

    /// The leftmost-longest match starting at or after `at`: `(pattern, start, end)`.
    #[inline(always)]
    pub(crate) fn longest_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        self.run(hay, &mut Self::search(at, hay.len()))
    }

    /// A search of `hay[at..end]` (see [`PhraseDfa::run`]).
    #[inline]
    pub(crate) fn search(at: usize, end: usize) -> Search {
        Search {
            pos: at,
            end,
            row: usize::from(START) << SHIFT,
            found: None,
        }
    }

    /// Like [`PhraseDfa::run`], but stops early when `search` reaches `limit` (returning
    /// `None`; the search goes on from there), and writes into `trail` the state of every
    /// position from `base` (up to `base + trail.len() - 1`) that it passes without a match in
    /// hand: `state | hits << 16`, `hits` being the number of matches its caller had taken by
    /// then. [`PhraseDfa::joins`] reads it back.
    pub(crate) fn run_recording(
        &self,
        hay: &[u8],
        search: &mut Search,
        limit: usize,
        trail: &mut [u32],
        base: usize,
        hits: usize,
    ) -> Option<Option<(usize, usize, usize)>> {
        let table = &self.table[..];
        let columns = &self.columns;
        let hits = (hits.min(0xFFFF) as u32) << 16;
        let limit = limit.min(search.end);
        let (mut pos, mut row) = (search.pos, search.row);
        let mut fresh = search.found.is_none();
        loop {
            if fresh {
                if let Some(t) = pos.checked_sub(base).and_then(|i| trail.get_mut(i)) {
                    *t = (row >> SHIFT) as u32 | hits;
                }
            }
            let Some(&b) = hay[..limit].get(pos) else {
                break;
            };
            let next = table[row | usize::from(columns[usize::from(b)])];
            pos += 1;
            if next as i16 > 0 {
                row = usize::from(next) << SHIFT;
                continue;
            }
            if self.event(&mut row, &mut search.found, pos, next, b) {
                (search.pos, search.row) = (pos - 1, row);
                return Some(search.found);
            }
            fresh = search.found.is_none();
        }
        (search.pos, search.row) = (pos, row);
        (pos >= search.end).then_some(search.found)
    }

    /// Whether `search` stands where a trail written by [`PhraseDfa::run_recording`] from
    /// `base` has a search in the same state without a match in hand: from there the two go
    /// the same way. The number of matches that search's caller had taken by then.
    #[inline]
    pub(crate) fn joins(search: &Search, trail: &[u32], base: usize) -> Option<usize> {
        if search.found.is_some() {
            return None;
        }
        let t = *search.pos.checked_sub(base).and_then(|i| trail.get(i))?;
        (t & 0xFFFF == (search.row >> SHIFT) as u32).then_some((t >> 16) as usize)
    }

    /// One byte of `search`: its result when that ends it (as [`PhraseDfa::run`] gives it),
    /// else `None`.
    #[inline]
    pub(crate) fn step_one(
        &self,
        hay: &[u8],
        search: &mut Search,
    ) -> Option<Option<(usize, usize, usize)>> {
        let Some(&b) = hay[..search.end].get(search.pos) else {
            return Some(search.found);
        };
        let next = self.table[search.row | usize::from(self.columns[usize::from(b)])];
        search.pos += 1;
        if next as i16 > 0 {
            search.row = usize::from(next) << SHIFT;
        } else if self.event(&mut search.row, &mut search.found, search.pos, next, b) {
            search.pos -= 1;
            return Some(search.found);
        }
        None
    }

    /// Runs `search` to its end: the leftmost-longest match at or after its start and ending at
    /// or before its end, `(pattern, start, end)`, or `None` when there is none. The state is a
    /// local; there is no counter: the place is worked out from what is left of the text, and
    /// stored only when the walk leaves the loop.
    #[inline(always)]
    pub(crate) fn run(&self, hay: &[u8], search: &mut Search) -> Option<(usize, usize, usize)> {
        let table = &self.table[..];
        let columns = &self.columns;
        let hay = &hay[..search.end];
        let mut row = search.row;
        let mut bytes = hay.get(search.pos..).unwrap_or_default().iter();
        while let Some(&b) = bytes.next() {
            let next = table[row | usize::from(columns[usize::from(b)])];
            // A state without a match: 1..=0x7FFF. Dead (0), a match or the escape have the
            // sign of an `i16` or are 0: one comparison.
            if next as i16 > 0 {
                row = usize::from(next) << SHIFT;
                continue;
            }
            let pos = hay.len() - bytes.as_slice().len();
            if self.event(&mut row, &mut search.found, pos, next, b) {
                // The byte that ended it is where the search stopped.
                (search.pos, search.row) = (pos - 1, row);
                return search.found;
            }
        }
        (search.pos, search.row) = (hay.len(), row);
        search.found
    }

    /// Runs two searches side by side, a byte of each per step, until one ends; which one
    /// (`false` for `a`) and its result, as [`PhraseDfa::run`] gives it. Each step's two table
    /// reads do not wait on each other, so the time of one walk's cache misses is spent on the
    /// other's. The steps go in runs as long as the shorter rest of the two, zipped (one count,
    /// no bounds tests); places and states are locals, stored when the walks leave the loop.
    #[inline(always)]
    pub(crate) fn run_pair(
        &self,
        hay: &[u8],
        a: &mut Search,
        b: &mut Search,
    ) -> (bool, Option<(usize, usize, usize)>) {
        let table = &self.table[..];
        let columns = &self.columns;
        let (hay_a, hay_b) = (&hay[..a.end], &hay[..b.end]);
        let (mut pos_a, mut pos_b) = (a.pos.min(hay_a.len()), b.pos.min(hay_b.len()));
        let (mut row_a, mut row_b) = (a.row, b.row);
        loop {
            let steps = (hay_a.len() - pos_a).min(hay_b.len() - pos_b);
            if steps == 0 {
                (a.pos, a.row, b.pos, b.row) = (pos_a, row_a, pos_b, row_b);
                return if pos_a >= hay_a.len() {
                    (false, a.found)
                } else {
                    (true, b.found)
                };
            }
            let run_a = &hay_a[pos_a..pos_a + steps];
            let run_b = &hay_b[pos_b..pos_b + steps];
            let mut pairs = run_a.iter().zip(run_b);
            let mut stop = None;
            for (&byte_a, &byte_b) in &mut pairs {
                let next_a = table[row_a | usize::from(columns[usize::from(byte_a)])];
                let next_b = table[row_b | usize::from(columns[usize::from(byte_b)])];
                if (next_a as i16 > 0) & (next_b as i16 > 0) {
                    row_a = usize::from(next_a) << SHIFT;
                    row_b = usize::from(next_b) << SHIFT;
                    continue;
                }
                stop = Some((next_a, next_b, byte_a, byte_b));
                break;
            }
            // The bytes read in this run.
            let read = steps - pairs.len();
            pos_a += read;
            pos_b += read;
            let Some((next_a, next_b, byte_a, byte_b)) = stop else {
                continue;
            };
            // The byte that ended a search is where it stopped; the other walk's byte is read
            // again.
            if next_a as i16 > 0 {
                row_a = usize::from(next_a) << SHIFT;
            } else if self.event(&mut row_a, &mut a.found, pos_a, next_a, byte_a) {
                (a.pos, a.row, b.pos, b.row) = (pos_a - 1, row_a, pos_b - 1, row_b);
                return (false, a.found);
            }
            if next_b as i16 > 0 {
                row_b = usize::from(next_b) << SHIFT;
            } else if self.event(&mut row_b, &mut b.found, pos_b, next_b, byte_b) {
                (a.pos, a.row, b.pos, b.row) = (pos_a, row_a, pos_b - 1, row_b);
                return (true, b.found);
            }
        }
    }

    /// A transition that is dead, into a match state or the escape (`next`, read from the
    /// state of `row` on byte `b`, the walk now at `pos`, just past it): taken into `row` and
    /// `found`. Whether it is dead, which ends the search (its match found).
    #[inline(always)]
    fn event(
        &self,
        row: &mut usize,
        found: &mut Option<(usize, usize, usize)>,
        pos: usize,
        next: u16,
        b: u8,
    ) -> bool {
        let next = if next == ESCAPE {
            self.rare_step((*row >> SHIFT) as u16, b)
        } else {
            next
        };
        if next == DEAD {
            return true;
        }
        let s = usize::from(next & !MATCH);
        *row = s << SHIFT;
        if next & MATCH != 0 {
            let pid = self.matches[s] as usize;
            *found = Some((pid, pos - self.lens[pid] as usize, pos));
        }
        false
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
        let mut s = START;
        let mut depth = 0;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().take(end).skip(start) {
            let mut next =
                table[usize::from(s) << SHIFT | usize::from(self.columns[usize::from(b)])];
            if next == ESCAPE {
                next = self.rare_step(s, b);
            }
            let t = next & !MATCH;
            if t == DEAD || self.depths[usize::from(t)] != depth + 1 {
                break;
            }
            s = t;
            depth += 1;
            if next & MATCH != 0 {
                let pid = self.matches[usize::from(s)] as usize;
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

    /// `sets` random sets of phrases over few letters (so that they overlap, nest and fail
    /// into each other often) with random texts, each set with `padding` more phrases: a
    /// distinct digit or letter repeated, held more often than the random phrases' bytes.
    fn random_phrases(sets: usize, padding: u8) {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| (crate::testing::xorshift(&mut seed) % n) as usize;
        let alphabet = ['a', 'b', 'c', ' ', 'é'];
        let word = |max: usize, next: &mut dyn FnMut(u64) -> usize| -> String {
            let len = 1 + next(max as u64);
            (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect()
        };
        for _ in 0..sets {
            let count = 1 + next(12);
            let mut patterns: Vec<String> = (0..count).map(|_| word(6, &mut next)).collect();
            patterns.extend((0..padding).map(|i| char::from(b'0' + i).to_string().repeat(40)));
            let texts: Vec<String> = (0..8).map(|_| word(40, &mut next)).collect();
            same_as_aho_corasick(&patterns, &texts);
        }
    }

    #[test]
    fn finds_what_aho_corasick_finds_on_random_phrases() {
        random_phrases(300, 0);
    }

    #[test]
    fn finds_what_aho_corasick_finds_through_the_escape_column() {
        // Thirty padding bytes take every column of their own: all the phrases' bytes go
        // through the escape column. With 27, some of them do.
        let dfa = PhraseDfa::new(&strings(&["0000", "ab"])).unwrap();
        assert_eq!(dfa.rare_count, 0);
        assert!(dfa.rare_rows.is_empty());
        random_phrases(150, 30);
        random_phrases(150, 27);
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
        // And finds what aho-corasick finds with them (most through the escape column), with
        // two-char phrases over the same chars and texts of them run together.
        let mut phrases = every_byte.clone();
        phrases.extend(
            every_byte
                .windows(2)
                .step_by(3)
                .map(|w| format!("{}{}", w[0], w[1])),
        );
        let texts: Vec<String> = (0..6)
            .map(|k| {
                every_byte
                    .iter()
                    .cycle()
                    .skip(k * 37)
                    .step_by(k + 1)
                    .take(90)
                    .map(String::as_str)
                    .collect()
            })
            .collect();
        same_as_aho_corasick(&phrases, &texts);
        // A table above the limit.
        let huge: Vec<String> = (0..60_000).map(|i| format!("{i:x}{i:o}{i}")).collect();
        assert!(PhraseDfa::new(&huge).is_none());
    }
}
