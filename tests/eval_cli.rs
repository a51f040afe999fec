//! `bitext eval`: the alignment files it is given are checked like every
//! other input. A sentence in two beads is an error naming the file, the
//! line and the sentence (it made recall and F1 exceed 1: trial of session
//! 45); the bytes are read by the shared reader (invalid UTF-8 and NUL bytes
//! named by byte offset and line, UTF-16 with a byte-order mark read), and
//! no control character is echoed raw into a message.

mod common;
use common::bitext;

use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn gold() -> PathBuf {
    repo("corpora/release-2021-05-08/gold.align")
}

fn put(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `eval --gold G --auto A [extra]`: exit code, stdout, stderr.
fn eval(g: &Path, a: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bitext()
        .arg("eval")
        .args(extra)
        .arg("--gold")
        .arg(g)
        .arg("--auto")
        .arg(a)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Fails with exit 1 and an error on standard error; returns it.
fn refused(g: &Path, a: &Path, extra: &[&str]) -> String {
    let (code, out, err) = eval(g, a, extra);
    assert_eq!(code, 1, "stdout {out}\nstderr {err}");
    assert!(out.is_empty(), "figures printed despite the error: {out}");
    assert!(err.contains("bitext: error: "), "{err}");
    err
}

#[test]
fn a_sentence_in_two_beads_is_an_error_naming_file_line_and_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(gold()).unwrap();
    assert_eq!(text.lines().next(), Some("[0]:[0,1,2]"));
    let lines = text.lines().count();
    // The trial: the gold and its first bead once more gave R 1.0303,
    // F1 1.0149 (34 correct, 34 predicted, 33 gold), exit 0.
    let dup2 = put(
        &dir,
        "dup2.align",
        format!("{text}[0]:[0,1,2]\n").as_bytes(),
    );
    let err = refused(&gold(), &dup2, &[]);
    assert!(
        err.contains(&format!("dup2.align: line {}: ", lines + 1))
            && err.contains("source sentence 0")
            && err.contains("line 1"),
        "{err}"
    );
    // The same file given as the gold.
    let err = refused(&dup2, &gold(), &[]);
    assert!(
        err.contains(&format!("dup2.align: line {}: ", lines + 1)),
        "{err}"
    );
    // A source sentence in two beads in a row, a target one, and one
    // twice in a bead.
    for (bytes, line, which) in [
        (&b"[0]:[0]\n[0]:[1]\n"[..], 2, "source sentence 0"),
        (
            &b"[0]:[0]\n\n[1]:[2]\n[2]:[2]\n"[..],
            4,
            "target sentence 2",
        ),
        (&b"[0]:[0]\n[1,1]:[1]\n"[..], 2, "source sentence 1"),
    ] {
        let f = put(&dir, "twice.align", bytes);
        for (g, a) in [(&f, &gold()), (&gold(), &f)] {
            let err = refused(g, a, &[]);
            assert!(
                err.contains(&format!("twice.align: line {line}: ")) && err.contains(which),
                "{err}"
            );
        }
    }
    // Bitext's JSON Lines as --auto: the same check.
    let jsonl = put(
        &dir,
        "auto.jsonl",
        b"{\"src_ids\":[0],\"tgt_ids\":[0],\"confidence\":0.9}\n{\"src_ids\":[1],\"tgt_ids\":[0],\"confidence\":0.9}\n",
    );
    let err = refused(&gold(), &jsonl, &[]);
    assert!(
        err.contains("auto.jsonl: line 2: ") && err.contains("target sentence 0"),
        "{err}"
    );
    // A bead without any sentence (the only bead a file could hold twice
    // without repeating a sentence) is refused too.
    let empty = put(&dir, "empty-bead.align", b"[0]:[0]\n[]:[]\n[]:[]\n");
    let err = refused(&gold(), &empty, &[]);
    assert!(err.contains("empty-bead.align: line 2: "), "{err}");
}

#[test]
fn bad_bytes_are_named_by_offset_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Invalid UTF-8 (0xFF) at byte offset 13, line 2: in --auto, in
    // --gold; the trial's message had neither offset nor line.
    let inv = put(&dir, "inv.align", b"[0]:[0]\n[1]:[\xff1]\n");
    for (g, a) in [(gold(), inv.clone()), (inv.clone(), gold())] {
        let err = refused(&g, &a, &[]);
        assert!(
            err.contains("inv.align: ") && err.contains("byte offset 13") && err.contains("line 2"),
            "{err}"
        );
    }
    // A NUL byte is refused where it is, and never echoed.
    let nul = put(&dir, "nul.align", b"[0]:[0]\nHello\0 world.\n");
    let err = refused(&gold(), &nul, &[]);
    assert!(
        err.contains("nul.align: NUL byte at byte offset 13 (line 2)"),
        "{err}"
    );
    assert!(!err.contains('\0'), "{err:?}");
    // Other control characters: named by code point, never echoed raw.
    for (bytes, code) in [
        (&b"[0]:[0]\n[1]:[1\x01]\n"[..], "U+0001"),
        (&b"[0]:[0]\nfound \x1b[31mred\n"[..], "U+001B"),
        (&b"[0]:[0]\n[1]:[1]\x7f\n"[..], "U+007F"),
    ] {
        let f = put(&dir, "ctl.align", bytes);
        let err = refused(&gold(), &f, &[]);
        assert!(
            err.contains("ctl.align: line 2: ") && err.contains(code),
            "{err:?}"
        );
        assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    }
    // An empty file is named as such.
    let empty = put(&dir, "empty.align", b"");
    let err = refused(&gold(), &empty, &[]);
    assert!(err.contains("empty.align: the file has no text"), "{err}");
}

#[test]
fn verse_files_are_read_by_the_shared_reader() {
    let dir = tempfile::tempdir().unwrap();
    let g = put(&dir, "g.align", b"[0]:[0,1]\n[1]:[2]\n");
    let a = put(&dir, "a.align", b"[0]:[0]\n[]:[1]\n[1]:[2]\n");
    let src = put(&dir, "src.verse", b"GEN 1:1\nGEN 1:2\n");
    let tgt = put(&dir, "tgt.verse", b"GEN 1:1\nGEN 1:1\nGEN 1:2\n");
    let (code, out, err) = eval(
        &g,
        &a,
        &[
            "--verses",
            src.to_str().unwrap(),
            tgt.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["f1"].as_f64(), Some(1.0), "{out}");
    // Invalid UTF-8 in a verse file: offset and line.
    let bad = put(&dir, "bad.verse", b"GEN 1:1\nGEN 1:1\nGEN \xc3(1:2\n");
    for (s, t) in [(&bad, &tgt), (&src, &bad)] {
        let err = refused(
            &g,
            &a,
            &["--verses", s.to_str().unwrap(), t.to_str().unwrap()],
        );
        assert!(
            err.contains("bad.verse: ") && err.contains("byte offset 20") && err.contains("line 3"),
            "{err}"
        );
    }
    let nul = put(&dir, "nul.verse", b"GEN 1:1\0\n");
    let err = refused(
        &g,
        &a,
        &["--verses", nul.to_str().unwrap(), tgt.to_str().unwrap()],
    );
    assert!(
        err.contains("nul.verse: NUL byte at byte offset 7"),
        "{err}"
    );
    assert!(!err.contains('\0'), "{err:?}");
}

#[test]
fn utf16_with_a_byte_order_mark_scores_as_utf8() {
    // PowerShell's `>` writes UTF-16LE with a byte-order mark.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(gold()).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = put(&dir, "utf16.align", &le);
    let (code, out, err) = eval(&gold(), &utf16, &[]);
    assert_eq!(code, 0, "{err}");
    let (_, utf8, _) = eval(&gold(), &gold(), &[]);
    assert_eq!(out, utf8);
    // A file of another encoding (bead lists are ASCII): refused as UTF-8,
    // not read as Windows-1252.
    let latin = put(&dir, "latin.align", b"[0]:[0]\n[1]:[1]\xe9\n");
    let err = refused(&gold(), &latin, &[]);
    assert!(
        err.contains("latin.align: ") && err.contains("byte offset 15") && err.contains("line 2"),
        "{err}"
    );
}
