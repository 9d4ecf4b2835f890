//! Counts the instructions of one analysis against a bare aho-corasick scan of the same text,
//! with callgrind (valgrind must be on the `PATH`).
//!
//! ```text
//! cargo run --release --example instructions -- FILE... [--repeat N]
//! ```
//!
//! It runs itself three times under `valgrind --tool=callgrind`, collecting only inside one
//! measured function each time: analysing every file `N` times, scanning every file `N` times with
//! the baseline (the default aho-corasick builder, ASCII case-insensitive, leftmost-longest, over
//! the profile's own literal phrases, taking every match — the same baseline as `cargo bench`
//! and the `throughput` example), and building the analyser once (counting the second thread on
//! which the build makes the cue tables and compiles the signals' regexes). It prints the
//! instructions per analysis, per scan, their ratio, and the instructions of one build.
//! Instruction counts, unlike times, barely move between runs or machines.

#[macro_use]
mod support;
#[path = "support/baseline.rs"]
mod baseline;

use std::hint::black_box;
use std::process::{Command, ExitCode};

use aho_corasick::AhoCorasick;
use pmo_advert::{Advert, Analyser, Profile};

/// Counts instructions per analysis against a bare aho-corasick scan, with callgrind.
#[derive(clap::Parser, Debug)]
#[command(name = "instructions")]
struct Args {
    /// Advert files (plain text, one advert each, analysed with no separate title).
    #[arg(required = true)]
    files: Vec<String>,
    /// How many times each file is analysed and scanned (the figures are per time).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    repeat: u64,
    /// Internal: run one measured function (under callgrind).
    #[arg(long, hide = true)]
    child: Option<String>,
}

#[inline(never)]
fn measured_analyse(analyser: &Analyser, texts: &[String], repeat: u64) {
    for _ in 0..repeat {
        for t in texts {
            black_box(analyser.analyse(&Advert::new(black_box(t))));
        }
    }
}

#[inline(never)]
fn measured_scan(scan: &AhoCorasick, texts: &[String], repeat: u64) {
    for _ in 0..repeat {
        for t in texts {
            black_box(scan.find_iter(black_box(t.as_str())).count());
        }
    }
}

#[inline(never)]
fn measured_build(profile: &Profile) {
    black_box(Analyser::build(black_box(profile)).expect("the built-in profile compiles"));
}

fn child(mode: &str, texts: &[String], repeat: u64) -> Result<(), String> {
    let profile = Profile::builtin();
    match mode {
        "analyse" => {
            let analyser = Analyser::build(&profile).map_err(|e| support::chain::chain(&e))?;
            // One analysis outside the measured function: lazily built regex caches are warm.
            for t in texts {
                black_box(analyser.analyse(&Advert::new(t)));
            }
            measured_analyse(&analyser, texts, repeat);
        }
        "scan" => {
            let scan = baseline::scanner(&profile)?;
            for t in texts {
                black_box(scan.find_iter(t.as_str()).count());
            }
            measured_scan(&scan, texts, repeat);
        }
        "build" => measured_build(&profile),
        other => return Err(format!("unknown mode {other:?}")),
    }
    Ok(())
}

/// Runs this program under callgrind in `mode`; the instructions counted inside its measured
/// function.
fn count(mode: &str, args: &Args) -> Result<u64, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let out = std::env::temp_dir().join(format!(
        "pmo-advert-instructions-{}-{mode}.out",
        std::process::id()
    ));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--toggle-collect=*measured_{mode}*"))
        // The build runs part of its work (the cue tables, the signals' regexes) on a second
        // thread, outside the measured function.
        .args((mode == "build").then_some("--toggle-collect=*matcher*spawned_part*"))
        .arg(&me)
        .args(&args.files)
        .arg(format!("--repeat={}", args.repeat))
        .arg(format!("--child={mode}"))
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    if !status.success() {
        return Err(format!("valgrind failed on the {mode} run: {status}"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("summary:")
                .or_else(|| l.strip_prefix("totals:"))
        })
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("no instruction total in callgrind's output for {mode}"))
}

fn run(o: &mut String) -> Result<(), String> {
    let args = <Args as clap::Parser>::parse();
    let mut texts = Vec::new();
    for f in &args.files {
        texts.push(std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?);
    }
    if let Some(mode) = &args.child {
        return child(mode, &texts, args.repeat);
    }
    let per = (args.repeat as usize * texts.len()) as f64;
    let analyse = count("analyse", &args)? as f64 / per;
    let scan = count("scan", &args)? as f64 / per;
    let build = count("build", &args)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    say!(
        o,
        "{} file(s), {bytes} bytes, each analysed and scanned {} times (callgrind, instructions)",
        texts.len(),
        args.repeat
    );
    say!(o, "analyse  {:>12.0} per advert", analyse);
    say!(o, "scan     {:>12.0} per advert", scan);
    say!(o, "ratio    {:>12.2}", analyse / scan.max(1.0));
    say!(o, "build    {:>12} per analyser", build);
    Ok(())
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(&mut out);
    support::finish("instructions", &out, result)
}
