//! Segments a file many times with the built-in rules and prints the bytes
//! processed, for CPU-time throughput on a busy machine (criterion measures
//! wall time, which other processes inflate):
//!
//! ```sh
//! perf stat -e task-clock cargo run --release --example seg_speed -- zh corpora/release-2021-05-08/zh.txt 2000
//! ```
//! bytes / task-clock = throughput. `scripts/seg-speed.sh` runs it for zh and en.

use bitext::segment::Segmenter;
use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lang, file, iters] = args.as_slice() else {
        return Err("usage: seg_speed zh|en FILE ITERATIONS".into());
    };
    let lang: bitext::Lang = lang.parse()?;
    let text = bitext::read::read_file(file.as_ref())?;
    let iters: usize = iters.parse()?;
    let seg = Segmenter::new(lang);
    let mut sentences = 0;
    for _ in 0..iters {
        sentences += black_box(seg.segment(black_box(&text))).len();
    }
    println!(
        "{} bytes segmented ({sentences} sentences)",
        text.len() * iters
    );
    Ok(())
}
