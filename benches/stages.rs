//! One criterion group per stage of the pipeline after segmentation (which
//! is `benches/segment.rs`), on real text: the sample release (×16, 1,200
//! sentences) always, and MAC-Dev chapter 001 and Bible 001 when the
//! evaluation sets are present (`EVAL_DIR`, default `../shared/eval`; a
//! note on standard error says when they are not, and they are skipped).
//!
//! | group | what | throughput |
//! |---|---|---|
//! | `lexicon` | `Lexicon::words` on every Chinese sentence (embedded CC-CEDICT lexicon, parsed before timing) | bytes of Chinese |
//! | `features` | `features::extract` of each side, with the lexicon | bytes of the side |
//! | `search` | `Aligner` with `Learning { passes: 0 }`: features and one search | sentences (both sides) |
//! | `learned` | the default `Aligner` (full model, one learned pass), and with `passes: 2` | sentences |
//! | `tmx` | TMX 1.4b of an alignment made by the default aligner: `format::tmx::write` (records and sink) and the sink alone over ready records | bytes of TMX |
//!
//! What one learned pass (Model 1 learning and a search around the last
//! path) costs is the difference between `learned/…/2-passes` and
//! `learned`: the two differ by exactly one such pass. `learned` minus
//! `search` is not that cost: with one pass, the search that sums over all
//! paths for the posteriors runs on the band the first search widened to;
//! the default aligner runs it only in its second, narrower search.
//! Only `Aligner`'s public API is used, so the search's internals may change.
//!
//! Run with `cargo bench --bench stages` (a few minutes with the Bible;
//! `cargo bench --bench stages -- lexicon` for one group).

mod common;

use bitext::Lang;
use bitext::align::{Aligner, Learning};
use bitext::features::{self, Interner};
use bitext::format::{self, Bitext, Format, tmx::TmxOptions};
use bitext::lexicon::Lexicon;
use common::Input;
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};
use std::time::Duration;

/// The sample release is repeated this many times (1,200 sentences).
const SAMPLE_TIMES: usize = 16;

/// Short runs for small inputs; ten flat samples for the Bible, whose
/// alignment takes seconds (criterion then says it extends the time).
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input) {
    group.warm_up_time(Duration::from_millis(500));
    if input.large {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(5));
    } else {
        group
            .sample_size(20)
            .sampling_mode(SamplingMode::Auto)
            .measurement_time(Duration::from_secs(3));
    }
}

fn inputs() -> Vec<Input> {
    common::all_inputs(SAMPLE_TIMES)
}

fn lexicon(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let mut group = c.benchmark_group("lexicon");
    for input in inputs() {
        let (src, tgt) = input.documents();
        let zh = if src.lang() == Lang::Zh { &src } else { &tgt };
        let sentences: Vec<&str> = (0..zh.len()).map(|i| zh.sentence_text(i)).collect();
        let bytes: usize = sentences.iter().map(|s| s.len()).sum();
        configure(&mut group, &input);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("words-zh", &input.name), |b| {
            b.iter(|| sentences.iter().map(|s| lex.words(s).len()).sum::<usize>())
        });
    }
    group.finish();
}

fn feature_extraction(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let mut group = c.benchmark_group("features");
    for input in inputs() {
        let (src, tgt) = input.documents();
        configure(&mut group, &input);
        for doc in [&src, &tgt] {
            group.throughput(Throughput::Bytes(doc.text().len() as u64));
            let id = format!("extract-{}", doc.lang().code());
            group.bench_function(BenchmarkId::new(id, &input.name), |b| {
                b.iter(|| features::extract(doc, &mut Interner::default(), Some(lex)))
            });
        }
    }
    group.finish();
}

/// Aligns every input with each aligner, as group `name`; an aligner's
/// label (if any) is added to the benchmark's id after the direction.
fn alignment(c: &mut Criterion, name: &str, aligners: &[(&str, Aligner)]) {
    let mut group = c.benchmark_group(name);
    for input in inputs() {
        let (src, tgt) = input.documents();
        configure(&mut group, &input);
        group.throughput(Throughput::Elements((src.len() + tgt.len()) as u64));
        for (label, aligner) in aligners {
            let id = format!("{}-{}{label}", src.lang().code(), tgt.lang().code());
            group.bench_function(BenchmarkId::new(id, &input.name), |b| {
                b.iter(|| aligner.align(&src, &tgt).expect("aligns"))
            });
        }
    }
    group.finish();
}

/// The default aligner with `passes` learned passes.
fn with_passes(passes: usize) -> Aligner {
    Aligner::builder()
        .learning(Learning {
            passes,
            ..Learning::default()
        })
        .build()
        .expect("the default model")
}

fn search(c: &mut Criterion) {
    alignment(c, "search", &[("", with_passes(0))]);
}

/// The default aligner (one learned pass), and with a second learned pass:
/// the difference between the two is what one learned pass costs (learning
/// from an alignment and searching again around it; only the last search
/// computes posteriors, so it is not in the difference).
fn learned(c: &mut Criterion) {
    let default = Aligner::builder().build().expect("the default model");
    alignment(
        c,
        "learned",
        &[("", default), ("/2-passes", with_passes(2))],
    );
}

fn tmx_writing(c: &mut Criterion) {
    let aligner = Aligner::builder().build().expect("the default model");
    let options = TmxOptions {
        creation_time: 1_620_432_000,
        ..TmxOptions::default()
    };
    let mut group = c.benchmark_group("tmx");
    for input in inputs() {
        let (src, tgt) = input.documents();
        let alignment = aligner.align(&src, &tgt).expect("aligns");
        let bitext = Bitext {
            src: &src,
            tgt: &tgt,
            alignment: &alignment,
        };
        let mut out = Vec::new();
        format::tmx::write(bitext, &options, &mut out).expect("writes TMX");
        let size = out.len();
        let langs = format::alignment_langs(bitext, &options);
        let records = format::alignment_records(bitext, (&langs.0, &langs.1)).unwrap();
        let sink_options = format::alignment_sink_options(bitext, &options, false);
        configure(&mut group, &input);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(BenchmarkId::new("write", &input.name), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(size);
                format::tmx::write(bitext, &options, &mut out).expect("writes TMX");
                out
            })
        });
        group.bench_function(BenchmarkId::new("sink", &input.name), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(size);
                format::write_records(Format::Tmx, &records, &sink_options, vec![&mut out])
                    .expect("writes TMX");
                out
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    lexicon,
    feature_extraction,
    search,
    learned,
    tmx_writing
);
criterion_main!(benches);
