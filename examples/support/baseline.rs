//! The baseline every speed figure is a ratio against (`cargo bench`, the `throughput` and
//! `instructions` examples): a bare aho-corasick scan of the same text over the profile's own
//! literal phrases.

use aho_corasick::{AhoCorasick, MatchKind};
use pmo_advert::Profile;

/// The default aho-corasick builder, ASCII case-insensitive, leftmost-longest, over the
/// profile's literal phrases as written; the scan takes every match (`find_iter(..).count()`).
pub fn scanner(profile: &Profile) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(profile.literal_phrases())
        .map_err(|e| e.to_string())
}
