//! Alignment on the bundled sample release with the full and the core
//! model at several document lengths (the sample repeated 1, 4 and 16
//! times), to show how alignment grows with length and what the full model
//! costs over the core one. Per-stage groups on real texts are in
//! `benches/stages.rs`, segmentation in `benches/segment.rs`. Run with
//! `cargo bench --bench align`.

use bitext::align::{Aligner, CostModel};
use bitext::document::{Document, InputMode};
use bitext::{Lang, read};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/release-2021-05-08")
        .join(name);
    read::read_file(&path).expect("sample corpus is in the repository")
}

fn alignment(c: &mut Criterion) {
    let models = [
        ("align-full", Aligner::builder().build().unwrap()),
        (
            "align-core",
            Aligner::builder()
                .cost_model(CostModel::length_only())
                .build()
                .unwrap(),
        ),
    ];
    for (name, aligner) in &models {
        let mut group = c.benchmark_group(*name);
        group.sample_size(10);
        for times in [1, 4, 16] {
            let zh = Document::from_text(
                "zh",
                sample("zh.txt").repeat(times),
                Lang::Zh,
                InputMode::Raw,
            )
            .unwrap();
            let en = Document::from_text(
                "en",
                sample("en.txt").repeat(times),
                Lang::En,
                InputMode::Raw,
            )
            .unwrap();
            group.throughput(Throughput::Elements((zh.len() + en.len()) as u64));
            group.bench_with_input(
                BenchmarkId::new("sentences", zh.len() + en.len()),
                &times,
                |b, _| b.iter(|| aligner.align(&zh, &en).unwrap()),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, alignment);
criterion_main!(benches);
