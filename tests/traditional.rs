//! Traditional Chinese through the command line: a news item written for
//! these tests in simplified and in traditional characters
//! (`tests/fixtures/traditional/`) aligns the same way in both scripts, and
//! `bitext audit` finds the same flags at the same byte offsets, quoting the
//! traditional text as written (the fold to simplified characters is for
//! matching only).

mod common;
use common::bitext;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/traditional")
        .join(name)
}

/// `bitext align --format beads` of a Chinese fixture with an English one.
fn beads(zh: &str, en: &str) -> String {
    let out = bitext()
        .args(["align", "--quiet", "--format", "beads"])
        .arg(fixture(zh))
        .arg(fixture(en))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON report of `bitext audit` of a Chinese fixture with an English one.
fn audit(zh: &str, en: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.json");
    let out = bitext()
        .args(["audit", "--quiet"])
        .arg(fixture(zh))
        .arg(fixture(en))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        report.exists(),
        "no report: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap()
}

/// Every flag as (segment, kind, severity, spans).
fn flags(report: &Value) -> Vec<(usize, String, String, String)> {
    let mut out = Vec::new();
    for (k, s) in report["segments"].as_array().unwrap().iter().enumerate() {
        for f in s["flags"].as_array().unwrap() {
            out.push((
                k,
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["spans"].to_string(),
            ));
        }
    }
    out
}

#[test]
fn traditional_text_aligns_as_simplified_text_does() {
    let simplified = beads("zh-Hans.txt", "en.txt");
    let traditional = beads("zh-Hant.txt", "en.txt");
    assert!(!simplified.trim().is_empty());
    assert_eq!(simplified, traditional);
}

#[test]
fn traditional_text_is_audited_as_simplified_text_is() {
    for en in ["en.txt", "en-wrong.txt"] {
        let s = audit("zh-Hans.txt", en);
        let t = audit("zh-Hant.txt", en);
        assert_eq!(flags(&s), flags(&t), "{en}");
        assert_eq!(s["document_score"], t["document_score"], "{en}");
    }
    // The clean translation: nothing worse than info.
    let clean = flags(&audit("zh-Hant.txt", "en.txt"));
    assert!(
        clean.iter().all(|f| f.2 == "info"),
        "flags on the clean translation: {clean:?}"
    );
}

#[test]
fn flags_on_traditional_text_quote_and_point_at_it() {
    let report = audit("zh-Hant.txt", "en-wrong.txt");
    let segments = report["segments"].as_array().unwrap();
    let zh = std::fs::read_to_string(fixture("zh-Hant.txt")).unwrap();
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let src: String = segments
        .iter()
        .map(|s| s["src"].as_str().unwrap())
        .collect();
    // The output is the traditional text, every character once.
    assert_eq!(strip(&src), strip(&zh));
    let find = |kind: &str| {
        segments
            .iter()
            .flat_map(|s| s["flags"].as_array().unwrap().iter().map(move |f| (s, f)))
            .find(|(_, f)| f["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} flag: {report}"))
    };
    for (kind, word) in [("number_mismatch", "十五個"), ("negation", "沒有")] {
        let (segment, flag) = find(kind);
        let text = segment["src"].as_str().unwrap();
        let span = flag["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|sp| sp["side"] == "source")
            .unwrap_or_else(|| panic!("{kind}: no span on the source: {flag}"));
        let (a, b) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let marked = &text[a..b];
        assert!(
            word.contains(marked) || marked.contains(word),
            "{kind}: the span marks {marked:?}, not {word:?}"
        );
        // The evidence quotes the text as written, not its simplified fold.
        let evidence = flag["evidence"].as_str().unwrap();
        assert!(
            !evidence.contains('个') && !evidence.contains('没'),
            "{kind}: {evidence}"
        );
    }
}
