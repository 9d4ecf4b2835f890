//! Times the whole analysis against a raw aho-corasick scan of the same bytes.
//!
//! ```text
//! cargo run --release --example throughput -- FILE... [--repeat N] [--rounds R] [--json]
//!     [--scaling] [--parallel]      (--help for the options)
//! ```
//!
//! Plain files are one advert each; `.jsonl` files give one advert per line (its `text`). Each
//! round analyses every advert `N` times, then scans the same texts `N` times with the baseline (the
//! default aho-corasick builder, ASCII case-insensitive, leftmost-longest, over the profile's own
//! literal phrases, taking every match); the two alternate so that drift on a noisy machine hits
//! both. Medians over the rounds are printed: MB/s of each, µs per advert, the time ratio
//! analyse/scan (the median of the per-round ratios), the analyser's build time and heap size.
//!
//! `--scaling` also times adversarial inputs at 1× and 100× their size (one long line without
//! breaks, one phrase repeated, text without spaces) and prints how the time grows. `--parallel`
//! (with the `parallel` feature) compares `analyse_par` on every core with one thread. With
//! `--json` the last line of stdout is one object:
//! `{"bytes", "adverts", "analyse_mb_s", "scan_mb_s", "ratio", "build_ms", "heap_bytes", …}`.

#[macro_use]
mod support;
#[path = "support/baseline.rs"]
mod baseline;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use aho_corasick::AhoCorasick;
use pmo_advert::{Advert, Analyser, Profile};

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn read_adverts(path: &str, out: &mut Vec<String>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".jsonl") {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                    Some(t) => out.push(t.to_string()),
                    None => eprintln!("throughput: {path}:{}: no \"text\"; skipped", i + 1),
                },
                Err(e) => eprintln!("throughput: {path}:{}: {e}; skipped", i + 1),
            }
        }
    } else {
        out.push(text);
    }
    Ok(())
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

struct Measure {
    analyse_s: f64,
    scan_s: f64,
    ratio: f64,
}

/// Alternates analysis and scan over `texts`, `repeat` times each per round; medians.
fn measure(
    analyser: &Analyser,
    scan: &AhoCorasick,
    texts: &[&str],
    repeat: usize,
    rounds: usize,
) -> Measure {
    let (mut a, mut s, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let ta = time(|| {
            for _ in 0..repeat {
                for t in texts {
                    black_box(analyser.analyse(&Advert::new(black_box(t))));
                }
            }
        })
        .as_secs_f64();
        let ts = time(|| {
            for _ in 0..repeat {
                for t in texts {
                    black_box(scan.find_iter(black_box(*t)).count());
                }
            }
        })
        .as_secs_f64();
        a.push(ta);
        s.push(ts);
        r.push(ta / ts);
    }
    Measure {
        analyse_s: median(&mut a),
        scan_s: median(&mut s),
        ratio: median(&mut r),
    }
}

fn adversarial(kind: &str, bytes: usize, sample: &str) -> String {
    let unit: String = match kind {
        "one-line" => sample.replace(['\n', '\r'], " "),
        "repeated-phrase" => "PMO Analyst maintains the RAID log. ".to_string(),
        "no-spaces" => sample
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
        _ => unreachable!(),
    };
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(&unit);
    }
    let cut = (0..=bytes.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    s.truncate(cut);
    s
}

/// Times the whole analysis against a raw aho-corasick scan of the same bytes.
#[derive(clap::Parser, Debug)]
#[command(name = "throughput")]
struct Args {
    /// Advert files (plain text, one advert each) or JSON lines files (`.jsonl`, the `text` of
    /// each line).
    #[arg(required = true)]
    files: Vec<String>,
    /// How many times each round analyses every advert.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    repeat: u64,
    /// Rounds (analysis and scan alternate; medians are printed).
    #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u64).range(1..))]
    rounds: u64,
    /// End with one JSON line of the figures.
    #[arg(long)]
    json: bool,
    /// Also time adversarial inputs at 1× and 100× their size.
    #[arg(long)]
    scaling: bool,
    /// Compare `analyse_par` on every core with one thread (needs the `parallel` feature).
    #[arg(long)]
    parallel: bool,
}

fn run(o: &mut String) -> Result<(), String> {
    let args = <Args as clap::Parser>::parse();
    let (files, json, scaling, parallel) = (args.files, args.json, args.scaling, args.parallel);
    let repeat = args.repeat as usize;
    let rounds = args.rounds as usize;
    let mut adverts = Vec::new();
    for f in &files {
        read_adverts(f, &mut adverts)?;
    }
    let texts: Vec<&str> = adverts.iter().map(String::as_str).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum::<usize>() * repeat;
    let n = texts.len() * repeat;

    let profile = Profile::builtin();
    // The build alone: each analyser is dropped after its time is taken (dropping one frees
    // what it holds, which is not part of building it).
    let mut builds: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            let built = black_box(Analyser::build(&profile).unwrap());
            let ms = t.elapsed().as_secs_f64() * 1e3;
            drop(built);
            ms
        })
        .collect();
    let build_ms = median(&mut builds);
    let analyser = Analyser::build(&profile).map_err(|e| support::chain::chain(&e))?;
    let heap_bytes = analyser.heap_bytes();
    let scan = baseline::scanner(&profile)?;

    let m = measure(&analyser, &scan, &texts, repeat, rounds);
    let mb = bytes as f64 / 1e6;
    let analyse_mb_s = mb / m.analyse_s;
    let scan_mb_s = mb / m.scan_s;
    let us_per_advert = m.analyse_s * 1e6 / n.max(1) as f64;
    say!(
        o,
        "{} adverts, {} bytes, {rounds} rounds (medians)",
        n,
        bytes
    );
    say!(
        o,
        "analyse  {analyse_mb_s:9.1} MB/s  {us_per_advert:9.1} µs/advert"
    );
    say!(
        o,
        "scan     {scan_mb_s:9.1} MB/s  {:9.1} µs/advert",
        m.scan_s * 1e6 / n.max(1) as f64
    );
    say!(o, "ratio analyse/scan {:.2}", m.ratio);
    say!(
        o,
        "build {build_ms:.2} ms; analyser heap {heap_bytes} bytes"
    );
    say!(
        o,
        "=> about {:.0} adverts per second per core",
        n as f64 / m.analyse_s
    );

    let mut extra = serde_json::Map::new();
    // What the JSON output adds: writing every report with serde_json::to_writer (as
    // `analyse --json` does), against analysing the same adverts, alternating.
    let reports: Vec<_> = texts.iter().map(|t| analyser.analyse_text(t)).collect();
    let mut json_ratio = Vec::new();
    for _ in 0..rounds {
        let ta = time(|| {
            for t in &texts {
                black_box(analyser.analyse_text(black_box(t)));
            }
        })
        .as_secs_f64();
        let tj = time(|| {
            let mut sink = std::io::BufWriter::new(std::io::sink());
            for r in &reports {
                serde_json::to_writer(&mut sink, black_box(r)).unwrap();
            }
        })
        .as_secs_f64();
        json_ratio.push(tj / ta);
    }
    let json_ratio = median(&mut json_ratio);
    say!(
        o,
        "JSON output (serde_json::to_writer) adds {:.0}% to the analysis time",
        json_ratio * 100.0
    );
    extra.insert("json_output_ratio".into(), serde_json::json!(json_ratio));
    if scaling {
        let sample = texts
            .iter()
            .copied()
            .max_by_key(|t| t.len())
            .unwrap_or("PMO Analyst");
        say!(
            o,
            "scaling (time for 100x the text / time for 1x; linear is 100):"
        );
        for kind in ["one-line", "repeated-phrase", "no-spaces"] {
            let small = adversarial(kind, 100_000, sample);
            let large = adversarial(kind, 10_000_000, sample);
            let mut ts = Vec::new();
            let mut tl = Vec::new();
            for _ in 0..3 {
                ts.push(time(|| drop(black_box(analyser.analyse_text(&small)))).as_secs_f64());
                tl.push(time(|| drop(black_box(analyser.analyse_text(&large)))).as_secs_f64());
            }
            let (ts, tl) = (median(&mut ts), median(&mut tl));
            let growth = tl / ts;
            say!(
                o,
                "  {kind:16} 100 kB {:8.2} ms   10 MB {:9.2} ms   growth {growth:6.1}x",
                ts * 1e3,
                tl * 1e3
            );
            extra.insert(format!("scaling_{kind}"), serde_json::json!(growth));
        }
    }
    if parallel {
        #[cfg(feature = "parallel")]
        {
            let batch: Vec<Advert> = (0..repeat.max(1))
                .flat_map(|_| texts.iter().map(|t| Advert::new(t)))
                .collect();
            let mut seq = Vec::new();
            let mut par = Vec::new();
            for _ in 0..rounds {
                seq.push(
                    time(|| {
                        black_box(analyser.analyse_many(batch.iter().copied()).count());
                    })
                    .as_secs_f64(),
                );
                par.push(time(|| drop(black_box(analyser.analyse_par(&batch)))).as_secs_f64());
            }
            let (seq, par) = (median(&mut seq), median(&mut par));
            let threads = rayon::current_num_threads();
            say!(
                o,
                "parallel: {threads} threads {:.1} MB/s vs one thread {:.1} MB/s: {:.2}x",
                mb / par,
                mb / seq,
                seq / par
            );
            extra.insert("parallel_threads".into(), serde_json::json!(threads));
            extra.insert("parallel_speedup".into(), serde_json::json!(seq / par));
        }
        #[cfg(not(feature = "parallel"))]
        say!(o, "parallel: build with --features parallel to measure it");
    }
    if json {
        let mut obj = serde_json::json!({
            "bytes": bytes,
            "adverts": n,
            "analyse_mb_s": analyse_mb_s,
            "scan_mb_s": scan_mb_s,
            "ratio": m.ratio,
            "build_ms": build_ms,
            "heap_bytes": heap_bytes,
            "us_per_advert": us_per_advert,
        });
        if let Some(o) = obj.as_object_mut() {
            o.extend(extra);
        }
        say!(o, "{obj}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(&mut out);
    support::finish("throughput", &out, result)
}
