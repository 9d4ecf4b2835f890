use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use std::time::Instant;
fn main() {
    let p = pmo_advert::Profile::builtin();
    let a = pmo_advert::Analyser::build(&p).unwrap();
    let mut text = String::new();
    for e in std::fs::read_dir("fixtures/adverts").unwrap() {
        text.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        text.push_str("\n\n");
    }
    let lower = text.repeat(10).to_ascii_lowercase();
    let mut acs = vec![];
    for (name, kind, dd) in [
        ("nfa-dd2", AhoCorasickKind::ContiguousNFA, 2),
        ("nfa-dd1", AhoCorasickKind::ContiguousNFA, 1),
        ("nfa-dd0", AhoCorasickKind::ContiguousNFA, 0),
        ("nfa-dd3", AhoCorasickKind::ContiguousNFA, 3),
        ("dfa", AhoCorasickKind::DFA, 2),
    ] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .start_kind(StartKind::Both)
            .dense_depth(dd)
            .build(a.patterns())
            .unwrap();
        acs.push((name, ac, vec![]));
    }
    let base = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(p.literal_phrases())
        .unwrap();
    let mut bt = vec![];
    for _ in 0..15 {
        for (_, ac, t) in acs.iter_mut() {
            let s = Instant::now();
            std::hint::black_box(ac.find_iter(lower.as_str()).count());
            t.push(s.elapsed().as_secs_f64());
        }
        let s = Instant::now();
        std::hint::black_box(base.find_iter(text.repeat(1).as_str()).count());
        let s2 = Instant::now();
        let tt = text.repeat(10);
        std::hint::black_box(base.find_iter(tt.as_str()).count());
        bt.push(s2.elapsed().as_secs_f64());
        let _ = s;
    }
    for (name, ac, t) in acs.iter_mut() {
        t.sort_by(f64::total_cmp);
        println!(
            "{name:8} {:.1} MB/s mem {}",
            lower.len() as f64 / t[7] / 1e6,
            ac.memory_usage()
        );
    }
    bt.sort_by(f64::total_cmp);
    println!("baseline {:.1} MB/s", lower.len() as f64 / bt[7] / 1e6);
}
