//! Helpers shared by the unit tests: random texts built from pieces, from a fixed xorshift
//! stream (the same texts on every run, no dependency), and the fixture adverts' texts.

/// One step of Marsaglia's xorshift64 on `x` (which must not be 0); the new value.
pub(crate) fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// A random text of fewer than `max` pieces, each drawn from `pieces`, from the generator
/// state `x`: one step picks how many, one step per piece picks which.
pub(crate) fn random_text(x: &mut u64, pieces: &[&str], max: u64) -> String {
    let n = xorshift(x) % max;
    (0..n)
        .map(|_| pieces[(xorshift(x) % pieces.len() as u64) as usize])
        .collect()
}

/// The text of every readable file in `fixtures/adverts` (plain text, HTML and JSON alike).
pub(crate) fn fixture_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/adverts");
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .collect()
}
