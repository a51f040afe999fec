//! Replays saved fuzz inputs through the checks the fuzz targets run.
//!
//! Every file under `tests/fixtures/fuzz/<target>/` is run through the
//! target's check from `fuzz/src/checks.rs` (included below, so the test and
//! the fuzzer share one definition). A crash the fuzzer finds is saved there
//! and stays fixed; the directories also hold hand-made hostile inputs, and a
//! few large ones are generated here rather than stored. Runs on stable with
//! `cargo test --test fuzz_regressions`; no fuzzer needed. To fuzz, see
//! `scripts/fuzz.sh`.

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The saved inputs of one target, sorted by name.
fn fixtures(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// Runs `check` on every input, reporting all failures at once.
fn replay(target: &str, check: fn(&[u8]), generated: Vec<(String, Vec<u8>)>) {
    let mut inputs: Vec<(String, Vec<u8>)> = fixtures(target)
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    inputs.extend(generated);
    let mut failures = Vec::new();
    for (name, data) in &inputs {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(data))) {
            let msg = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string panic)");
            let msg: String = msg.chars().take(2000).collect();
            failures.push(format!("{target}/{name}: {msg}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs failed:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}

fn tmx(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>{body}</body></tmx>\n"
    )
}

#[test]
fn tmx_read_regressions() {
    const DEEP: usize = 100_000;
    let generated = vec![
        // 100,000 levels of inline nesting in a segment (refused past
        // MAX_INLINE_DEPTH), of unknown elements skipped inside a <tu>, and
        // of nesting below the root.
        (
            "generated-deep-inline".to_string(),
            tmx(&format!(
                "<tu><tuv xml:lang=\"en\"><seg>{}x{}</seg></tuv></tu>",
                "<hi>".repeat(DEEP),
                "</hi>".repeat(DEEP)
            ))
            .into_bytes(),
        ),
        (
            "generated-deep-skipped".to_string(),
            tmx(&format!(
                "<tu>{}{}<tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>",
                "<x-a>".repeat(DEEP),
                "</x-a>".repeat(DEEP)
            ))
            .into_bytes(),
        ),
        (
            "generated-deep-unclosed".to_string(),
            format!("<tmx version=\"1.4\">{}", "<a>".repeat(DEEP)).into_bytes(),
        ),
        // Nested inline elements just under the limit: accepted and round-trip.
        (
            "generated-inline-at-limit".to_string(),
            tmx(&format!(
                "<tu><tuv xml:lang=\"en\"><seg>{}x{}</seg></tuv></tu>",
                "<sub>".repeat(256),
                "</sub>".repeat(256)
            ))
            .into_bytes(),
        ),
        // A UTF-16 file cut in the middle of a code unit and of a pair.
        ("generated-utf16-truncated".to_string(), {
            let mut b = vec![0xFF, 0xFE];
            for u in tmx("<tu><tuv xml:lang=\"zh\"><seg>𠀀中</seg></tuv></tu>").encode_utf16() {
                b.extend(u.to_le_bytes());
            }
            b.truncate(b.len() / 2 + 1);
            b
        }),
    ];
    replay("tmx_read", checks::check_tmx, generated);
}

#[test]
fn decode_segment_regressions() {
    let generated = vec![
        ("generated-many-empty-lines".to_string(), {
            let mut b = "\n".repeat(20_000).into_bytes();
            b.extend("a.\r\n".repeat(100).as_bytes());
            b
        }),
        (
            "generated-long-punctuation".to_string(),
            "。.!?…！？｡".repeat(2_000).into_bytes(),
        ),
    ];
    replay("decode_segment", checks::check_decode_segment, generated);
}

#[test]
fn align_texts_regressions() {
    let generated = (0u8..32)
        .map(|config| {
            // Every configuration on a small text with paragraphs.
            let mut b = vec![config];
            b.extend("他说：“我走了。”她没回答。\n王毅主持会议。\0".as_bytes());
            b.extend("He said: \"I'm leaving.\" She did not answer.\nWang Yi chaired.".as_bytes());
            (format!("generated-config-{config}"), b)
        })
        .collect();
    replay("align_texts", checks::check_align, generated);
}

#[test]
fn records_read_regressions() {
    let generated = vec![
        // A TSV line of 100,000 fields, and one record of 1 MB.
        ("generated-many-tabs".to_string(), {
            let mut b = vec![0];
            b.extend("一\t".repeat(100_000).as_bytes());
            b
        }),
        ("generated-long-record".to_string(), {
            let mut b = vec![4];
            b.extend("中".repeat(350_000).as_bytes());
            b.extend(b"\tlong\t0.5\tomission:error\n");
            b
        }),
        // Raw TSV: a quote opened and never closed over 2 MB of lines.
        ("generated-raw-tsv-quote-never-closed".to_string(), {
            let mut b = vec![5];
            b.extend(b"\"open");
            b.extend("中\tx\n".repeat(300_000).as_bytes());
            b
        }),
        // 10,000 flags in one JSON record.
        ("generated-many-flags".to_string(), {
            let flag = r#"{"kind":"omission","severity":"error","evidence":"e","spans":[{"side":"source","start":0,"end":3}]}"#;
            let flags = vec![flag; 10_000].join(",");
            let mut b = vec![2];
            b.extend(
                format!("{{\"src\":\"一\",\"tgt\":\"one\",\"flags\":[{flags}]}}\n").as_bytes(),
            );
            b
        }),
    ];
    replay("records_read", checks::check_records, generated);
}

#[test]
fn html_highlight_regressions() {
    let generated = vec![
        // Seven spans over a long text of 4-byte characters.
        ("generated-astral-text".to_string(), {
            let mut b = vec![7];
            for k in 0u16..7 {
                b.push((k as u8) << 2 | 0x80 | (k as u8 % 3));
                b.extend((k * 1001).to_le_bytes());
                b.extend((k * 3001 + 7).to_le_bytes());
            }
            b.extend("𠀀<&>".repeat(5_000).as_bytes());
            b
        }),
    ];
    replay("html_highlight", checks::check_highlight, generated);
}

#[test]
fn decode_detect_regressions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut generated = Vec::new();
    // The sample release and the encoding fixtures in every encoding that
    // holds them, whole and cut at every 97th byte (a cut may split a
    // multi-byte character).
    let texts = [
        "corpora/release-2021-05-08/zh.txt",
        "corpora/release-2021-05-08/en.txt",
        "tests/fixtures/encodings/release-2021-05-08.zh-Hant.txt",
        "tests/fixtures/encodings/cafe.en.txt",
    ];
    for name in texts {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        for e in [
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::WINDOWS_1252,
        ] {
            let (bytes, _, unmappable) = e.encode(&text);
            if unmappable {
                continue;
            }
            for cut in (97..bytes.len()).step_by(97).chain([bytes.len()]) {
                generated.push((
                    format!("generated-{name}-{}-{cut}", e.name()),
                    bytes[..cut].to_vec(),
                ));
            }
        }
    }
    replay("decode_detect", checks::check_decode_detect, generated);
}

#[test]
fn srx_parse_regressions() {
    let rule = "<rule><beforebreak>[.?!]</beforebreak><afterbreak>\\s</afterbreak></rule>";
    let srx = |rules: &str| {
        format!(
            "<srx version=\"2.0\"><header cascade=\"yes\"/><body><languagerules><languagerule languagerulename=\"a\">{rules}</languagerule></languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"a\"/></maprules></body></srx>"
        )
    };
    let generated = vec![
        // More rules than MAX_RULES (refused), and nesting 100,000 deep.
        (
            "generated-too-many-rules".to_string(),
            srx(&rule.repeat(bitext::segment::srx::MAX_RULES + 1)).into_bytes(),
        ),
        (
            "generated-deep-nesting".to_string(),
            format!("<srx>{}", "<a>".repeat(100_000)).into_bytes(),
        ),
        // A pattern longer than MAX_PATTERN_BYTES.
        (
            "generated-long-pattern".to_string(),
            srx(&format!(
                "<rule><beforebreak>{}</beforebreak></rule>",
                "a".repeat(bitext::segment::srx::MAX_PATTERN_BYTES + 1)
            ))
            .into_bytes(),
        ),
        // Many rules on a long text with a break at every other character.
        ("generated-many-breaks".to_string(), {
            let mut b = srx(&rule.repeat(50)).into_bytes();
            b.push(0);
            b.extend("a. b! 中。".repeat(2_000).as_bytes());
            b
        }),
    ];
    replay("srx_parse", checks::check_srx, generated);
}

#[test]
fn eval_beads_regressions() {
    let generated = vec![
        (
            "generated-long-bead".to_string(),
            format!("[{}]:[]\n", vec!["7"; 50_000].join(",")).into_bytes(),
        ),
        (
            "generated-many-records".to_string(),
            vec![r#"{"src_ids":[0],"tgt_ids":[0],"confidence":0.5}"#; 5_000]
                .join("\n")
                .into_bytes(),
        ),
    ];
    replay("eval_beads", checks::check_eval, generated);
}

#[test]
fn quality_pairs_regressions() {
    let generated = vec![
        ("generated-many-pairs".to_string(), {
            "王毅主持会议。\tWang Yi chaired the meeting.\n"
                .repeat(300)
                .into_bytes()
        }),
        ("generated-long-line".to_string(), {
            let mut b = "数".repeat(50_000).into_bytes();
            b.push(b'\t');
            b.extend("9 ".repeat(50_000).as_bytes());
            b
        }),
    ];
    replay("quality_pairs", checks::check_quality_pairs, generated);
}

#[test]
fn user_lexicon_regressions() {
    // A whole dictionary as a user lexicon (100,000 lines: each term met
    // again adds to itself), and a term that extends another.
    let generated = vec![
        ("generated-100000-terms".to_string(), {
            (0..100_000u32)
                .flat_map(|i| {
                    let a = char::from_u32(0x4E00 + i % 20_000).unwrap_or('中');
                    let b = char::from_u32(0x4E00 + (i / 20_000) * 7).unwrap_or('国');
                    format!("{a}{b}\tterm{i}\n").into_bytes()
                })
                .collect()
        }),
        (
            "generated-prefix-chain".to_string(),
            (1..200)
                .flat_map(|n| format!("{}\tword{n}\n", "好".repeat(n)).into_bytes())
                .collect(),
        ),
    ];
    replay("user_lexicon", checks::check_user_lexicon, generated);
}

#[test]
fn glossary_regressions() {
    let generated = vec![("generated-many-terms".to_string(), {
        let mut b: Vec<u8> = (0..500)
            .flat_map(|i| format!("术语{i}\tterm {i}\n").into_bytes())
            .collect();
        b.push(0);
        b.extend("术语1和术语22\tterm 1\n".as_bytes());
        b
    })];
    replay("glossary", checks::check_glossary, generated);
}

#[test]
fn batch_manifest_regressions() {
    let generated = vec![
        // 100,000 pairs, and one name of 100,000 parts.
        (
            "generated-many-pairs".to_string(),
            (0..100_000)
                .map(|k| format!("zh/{k}.zh\ten/{k}.en\n"))
                .collect::<String>()
                .into_bytes(),
        ),
        (
            "generated-deep-name".to_string(),
            format!("a\tb\t{}x\n", "d/".repeat(100_000)).into_bytes(),
        ),
    ];
    replay("batch_manifest", checks::check_manifest, generated);
}

#[test]
fn stream_lines_regressions() {
    let generated = vec![
        // A line of 1 MB over the 64 KiB cap, then a good line; 2,000 empty
        // lines; a line without a line end.
        ("generated-huge-line".to_string(), {
            let mut b = vec![0];
            b.extend(
                format!(
                    "{{\"id\":1,\"src\":\"{}\",\"tgt\":\"x\"}}\n",
                    "字".repeat(350_000)
                )
                .as_bytes(),
            );
            b.extend(r#"{"id":2,"src":"你好。","tgt":"Hello."}"#.as_bytes());
            b
        }),
        ("generated-empty-lines".to_string(), {
            let mut b = vec![1];
            b.extend("\n".repeat(2000).as_bytes());
            b
        }),
    ];
    replay("stream_lines", checks::check_stream, generated);
}
