//! Segmentation throughput (bytes of text per second): bitext's built-in
//! rules and the shipped SRX rules (`data/omegat-zh-en.srx`), on the sample
//! release repeated 16 times and on the real-world mixed texts of
//! `tests/fixtures/segment/texts/` repeated 64 times. Run with
//! `cargo bench --bench segment`; criterion prints MiB/s.

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
    let mut group = c.benchmark_group("segment");
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
