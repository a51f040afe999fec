//! Segmentation throughput (bytes of text per second), the pipeline's
//! segmentation stage: bitext's built-in rules and the shipped SRX rules
//! (`data/omegat-zh-en.srx`), on the sample release repeated 16 times, on
//! the real-world mixed texts of `tests/fixtures/segment/texts/` repeated
//! 64 times and, when the evaluation sets are present (`EVAL_DIR`, default
//! `../shared/eval`; a note says when they are not), on both sides of
//! MAC-Dev chapter 001 and Bible 001 read as running text (a line is a
//! paragraph). Run with `cargo bench --bench segment`; criterion prints
//! MiB/s.

mod common;

use bitext::segment::Segmenter;
use bitext::segment::srx::SrxRules;
use bitext::{Lang, read};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

fn file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    read::read_file(&path).expect("file is in the repository")
}

fn segmentation(c: &mut Criterion) {
    let srx =
        SrxRules::from_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/omegat-zh-en.srx"))
            .expect("shipped SRX");
    let texts = [
        (
            "release",
            Lang::Zh,
            "zh-CN",
            file("corpora/release-2021-05-08/zh.txt").repeat(16),
        ),
        (
            "release",
            Lang::En,
            "en-US",
            file("corpora/release-2021-05-08/en.txt").repeat(16),
        ),
        (
            "mixed",
            Lang::Zh,
            "zh-CN",
            file("tests/fixtures/segment/texts/zh-mixed.txt").repeat(64),
        ),
        (
            "mixed",
            Lang::En,
            "en-US",
            file("tests/fixtures/segment/texts/en-mixed.txt").repeat(64),
        ),
    ];
    let mut texts: Vec<(String, Lang, &str, String)> = texts
        .into_iter()
        .map(|(set, lang, tag, text)| (set.to_string(), lang, tag, text))
        .collect();
    for input in common::eval_inputs() {
        for (lang, tag) in [(Lang::Zh, "zh-CN"), (Lang::En, "en-US")] {
            texts.push((input.name.clone(), lang, tag, input.text(lang).to_string()));
        }
    }
    let mut group = c.benchmark_group("segment");
    group
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3))
        .sample_size(20);
    for (set, lang, tag, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let builtin = Segmenter::new(*lang);
        group.bench_function(format!("builtin/{set}/{}", lang.code()), |b| {
            b.iter(|| builtin.segment(text))
        });
        let with_srx = Segmenter::with_srx(*lang, srx.for_lang(tag));
        group.bench_function(format!("srx/{set}/{}", lang.code()), |b| {
            b.iter(|| with_srx.segment(text))
        });
    }
    group.finish();
}

criterion_group!(benches, segmentation);
criterion_main!(benches);
