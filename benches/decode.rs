//! Decoding throughput: the sample release repeated 64 times, as UTF-8 (the
//! fast path), and in GB18030, Big5 and Windows-1252 named with `--encoding`
//! and detected. Run with `cargo bench --bench decode`.

use bitext::read::{TextEncoding, decode_as};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

fn text(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the sample texts are in the repository")
        .repeat(64)
}

fn decoding(c: &mut Criterion) {
    let zh = text("corpora/release-2021-05-08/zh.txt");
    let hant = text("tests/fixtures/encodings/release-2021-05-08.zh-Hant.txt");
    let en = text("corpora/release-2021-05-08/en.txt");
    let encode = |t: &str, e: &'static encoding_rs::Encoding| e.encode(t).0.into_owned();
    let cases = [
        ("zh/utf-8", zh.clone().into_bytes(), TextEncoding::UTF_8),
        (
            "zh/gb18030",
            encode(&zh, encoding_rs::GB18030),
            TextEncoding::GB18030,
        ),
        (
            "zh-hant/big5",
            encode(&hant, encoding_rs::BIG5),
            TextEncoding::BIG5,
        ),
        (
            "en/windows-1252",
            encode(&en, encoding_rs::WINDOWS_1252),
            TextEncoding::WINDOWS_1252,
        ),
    ];
    let path = Path::new("bench.txt");
    let mut group = c.benchmark_group("decode");
    for (name, bytes, encoding) in &cases {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/named"), |b| {
            b.iter(|| decode_as(bytes, path, Some(*encoding)).unwrap())
        });
        group.bench_function(format!("{name}/detected"), |b| {
            b.iter(|| decode_as(bytes, path, None).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, decoding);
criterion_main!(benches);
