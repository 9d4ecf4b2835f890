//! Criterion benches: building the analyser, and analysing each fixture side by side with a raw
//! aho-corasick scan of the same text over the profile's own literal phrases (the baseline).
//! Read the ratio analyse/scan from one run; absolute times drift on noisy machines.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pmo_advert::{Analyser, Profile};

#[path = "../examples/support/baseline.rs"]
mod baseline;

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // Plain-text adverts only: the .html/.json fixtures are twins of .txt ones.
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    out.sort();
    out
}

fn bench_build(c: &mut Criterion) {
    let profile = Profile::builtin();
    let mut g = c.benchmark_group("build");
    // The analysers are dropped outside the timing (criterion's advice for outputs with a
    // costly drop): dropping one frees what it holds, which is not part of building it.
    g.bench_function("analyser", |b| {
        b.iter_with_large_drop(|| Analyser::build(black_box(&profile)).unwrap())
    });
    g.bench_function("parse_and_analyser", |b| {
        b.iter_with_large_drop(|| Analyser::build(&Profile::builtin()).unwrap())
    });
    // Building and dropping, as a program that builds one analyser per job would pay.
    g.bench_function("analyser_and_drop", |b| {
        b.iter(|| Analyser::build(black_box(&profile)).unwrap())
    });
    g.finish();
}

fn bench_analyse(c: &mut Criterion) {
    let profile = Profile::builtin();
    let analyser = Analyser::build(&profile).unwrap();
    let scan = baseline::scanner(&profile).unwrap();
    let mut texts = fixtures();
    let all: String = texts
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    texts.push(("all".to_string(), all));
    let mut g = c.benchmark_group("analyse");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    for (name, text) in &texts {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("analyse", name), text, |b, t| {
            b.iter(|| analyser.analyse_text(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("scan", name), text, |b, t| {
            b.iter(|| scan.find_iter(black_box(t.as_str())).count())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_build, bench_analyse);
criterion_main!(benches);
