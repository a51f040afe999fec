//! Legacy encodings end to end: the sample release and texts of our own in
//! GB18030, Big5 (with HKSCS) and Windows-1252 align to exactly the bytes
//! the UTF-8 files give, detected without `--encoding` and named with it;
//! and the errors for text that does not decode or cannot be told.
//!
//! The legacy files are made here at run time with encoding_rs from the
//! UTF-8 ones, except the Big5-HKSCS text, whose HKSCS characters the
//! Encoding Standard's Big5 encoder does not write: it is committed as
//! `tests/fixtures/encodings/hk.zh-Hant.big5` (made with Python's
//! `big5hkscs` codec) and checked to decode to its UTF-8 twin.

mod common;
use common::bitext;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn release(name: &str) -> PathBuf {
    root().join("corpora/release-2021-05-08").join(name)
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/encodings").join(name)
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok(cmd: &mut Command) -> (Vec<u8>, String) {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed:\n{stderr}");
    (out.stdout, stderr)
}

/// Runs a command that must fail with exit code 1; returns its stderr.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{cmd:?}:\n{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// `text` in `encoding`; every character must be representable.
fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "not all of the text is in {}", encoding.name());
    bytes.into_owned()
}

fn put(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// One bitext in UTF-8 and in legacy encodings.
struct Case {
    name: &'static str,
    zh: PathBuf,
    en: PathBuf,
    zh_legacy: Vec<u8>,
    zh_encoding: &'static str,
    en_legacy: Vec<u8>,
    en_encoding: &'static str,
}

fn cases() -> Vec<Case> {
    use encoding_rs::{BIG5, GB18030, WINDOWS_1252};
    let hk_big5 = std::fs::read(fixture("hk.zh-Hant.big5")).unwrap();
    vec![
        Case {
            name: "sample release, GB18030 + windows-1252",
            zh: release("zh.txt"),
            en: release("en.txt"),
            zh_legacy: encode(&read(&release("zh.txt")), GB18030),
            zh_encoding: "GB18030",
            en_legacy: encode(&read(&release("en.txt")), WINDOWS_1252),
            en_encoding: "windows-1252",
        },
        Case {
            name: "sample release in traditional characters, Big5 + windows-1252",
            zh: fixture("release-2021-05-08.zh-Hant.txt"),
            en: release("en.txt"),
            zh_legacy: encode(&read(&fixture("release-2021-05-08.zh-Hant.txt")), BIG5),
            zh_encoding: "Big5",
            en_legacy: encode(&read(&release("en.txt")), WINDOWS_1252),
            en_encoding: "windows-1252",
        },
        Case {
            name: "Hong Kong rainstorm, Big5-HKSCS + windows-1252",
            zh: fixture("hk.zh-Hant.txt"),
            en: fixture("hk.en.txt"),
            zh_legacy: hk_big5,
            zh_encoding: "Big5",
            en_legacy: encode(&read(&fixture("hk.en.txt")), WINDOWS_1252),
            en_encoding: "windows-1252",
        },
        Case {
            name: "café reopening, GB18030 + windows-1252 (curly quotes, €, —, accents)",
            zh: fixture("cafe.zh.txt"),
            en: fixture("cafe.en.txt"),
            zh_legacy: encode(&read(&fixture("cafe.zh.txt")), GB18030),
            zh_encoding: "GB18030",
            en_legacy: encode(&read(&fixture("cafe.en.txt")), WINDOWS_1252),
            en_encoding: "windows-1252",
        },
    ]
}

#[test]
fn the_hkscs_fixture_is_the_utf8_text() {
    let bytes = std::fs::read(fixture("hk.zh-Hant.big5")).unwrap();
    let text = bitext::read::decode_as(
        &bytes,
        Path::new("hk.zh-Hant.big5"),
        Some(bitext::read::TextEncoding::BIG5),
    )
    .unwrap()
    .text;
    assert_eq!(text, read(&fixture("hk.zh-Hant.txt")));
    // It does hold HKSCS characters, which plain Big5 lacks.
    assert!(text.contains('㗎') && text.contains('啲') && text.contains('喺'));
}

/// Case `index` of [`cases`], in its legacy encodings: detected (and said
/// so on standard error) and named (and nothing said), it aligns to the
/// bytes its UTF-8 text aligns to, in TSV, TMX and JSON Lines. One test per
/// case, so that the cases run side by side.
fn legacy_case_aligns_exactly_like_utf8(index: usize) {
    let case = cases().swap_remove(index);
    let dir = tempfile::tempdir().unwrap();
    let zh = put(&dir, "zh.legacy", &case.zh_legacy);
    let en = put(&dir, "en.legacy", &case.en_legacy);
    assert!(
        std::str::from_utf8(&case.zh_legacy).is_err(),
        "{}",
        case.name
    );
    for format in ["tsv", "tmx", "jsonl"] {
        let args = ["align", "-f", format, "--creation-date", "@1620432000"];
        let (utf8, _) = ok(bitext().args(args).arg(&case.zh).arg(&case.en));
        // Detected, and said on standard error.
        let (detected, stderr) = ok(bitext().args(args).arg(&zh).arg(&en));
        assert!(
            detected == utf8,
            "{} ({format}): detected output differs from UTF-8's",
            case.name
        );
        for (file, encoding) in [
            ("zh.legacy", case.zh_encoding),
            ("en.legacy", case.en_encoding),
        ] {
            let said = format!("{file}: not UTF-8; read as {encoding} (detected");
            assert!(stderr.contains(&said), "{}: {stderr}", case.name);
        }
        // Named, with nothing said.
        let (named, stderr) = ok(bitext()
            .args(args)
            .args(["--src-encoding", case.zh_encoding])
            .args(["--tgt-encoding", case.en_encoding])
            .arg(&zh)
            .arg(&en));
        assert!(named == utf8, "{} ({format}): named", case.name);
        assert!(!stderr.contains("detected"), "{stderr}");
    }
    let units = String::from_utf8(ok(bitext().args(["align", "-f", "tsv"]).arg(&zh).arg(&en)).0)
        .unwrap()
        .lines()
        .count();
    eprintln!(
        "{}: {} + {} bytes, {units} pairs, identical to UTF-8 in tsv, tmx and jsonl",
        case.name,
        case.zh_legacy.len(),
        case.en_legacy.len()
    );
}

#[test]
fn legacy_cases_are_the_four_tested_below() {
    let names: Vec<&str> = cases().iter().map(|c| c.name).collect();
    assert_eq!(
        names.len(),
        4,
        "{names:?}: give a new case its own test below"
    );
}

#[test]
fn legacy_release_in_gb18030_aligns_exactly_like_utf8() {
    legacy_case_aligns_exactly_like_utf8(0);
}

#[test]
fn legacy_traditional_release_in_big5_aligns_exactly_like_utf8() {
    legacy_case_aligns_exactly_like_utf8(1);
}

#[test]
fn legacy_hong_kong_text_in_big5_hkscs_aligns_exactly_like_utf8() {
    legacy_case_aligns_exactly_like_utf8(2);
}

#[test]
fn legacy_cafe_text_in_gb18030_aligns_exactly_like_utf8() {
    legacy_case_aligns_exactly_like_utf8(3);
}

#[test]
fn one_encoding_for_both_sides_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let zh = put(
        &dir,
        "zh.gbk",
        &encode(&read(&fixture("cafe.zh.txt")), encoding_rs::GBK),
    );
    // ASCII is the same bytes in Big5: one --encoding serves both files.
    let en = put(
        &dir,
        "hk.en.ascii",
        read(&fixture("hk.en.txt")).replace('—', "--").as_bytes(),
    );
    let zh_hk = put(
        &dir,
        "hk.big5",
        &std::fs::read(fixture("hk.zh-Hant.big5")).unwrap(),
    );
    let (utf8, _) = ok(bitext()
        .args(["align", "-f", "tsv"])
        .arg(fixture("hk.zh-Hant.txt"))
        .arg(&en));
    assert!(!utf8.is_empty());
    let (named, _) = ok(bitext()
        .args(["align", "-f", "tsv", "--encoding", "big5-hkscs"])
        .arg(&zh_hk)
        .arg(&en));
    assert_eq!(named, utf8);
    // --quiet says nothing about detection either.
    let (_, stderr) = ok(bitext()
        .args(["align", "-q", "-f", "tsv"])
        .arg(&zh)
        .arg(fixture("cafe.en.txt")));
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn segment_reads_legacy_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let zh = put(
        &dir,
        "zh.gb",
        &encode(&read(&release("zh.txt")), encoding_rs::GB18030),
    );
    let (utf8, _) = ok(bitext()
        .args(["segment", "--lang", "zh"])
        .arg(release("zh.txt")));
    let (detected, stderr) = ok(bitext().args(["segment", "--lang", "zh"]).arg(&zh));
    assert_eq!(detected, utf8);
    assert!(stderr.contains("read as GB18030 (detected"), "{stderr}");
    let (named, stderr) = ok(bitext()
        .args(["segment", "--lang", "zh", "--encoding", "gbk"])
        .arg(&zh));
    assert_eq!(named, utf8);
    assert!(stderr.is_empty(), "{stderr}");
    // Standard input is detected too.
    let (stdin, _) = ok(bitext()
        .args(["segment", "--lang", "zh", "-"])
        .write_stdin(std::fs::read(&zh).unwrap()));
    assert_eq!(stdin, utf8);
}

#[test]
fn bytes_that_do_not_decode_are_errors_with_their_offset() {
    let dir = tempfile::tempdir().unwrap();
    // Named GB18030, with a byte that never is GB18030 on line 2.
    let mut bytes = encode("第一句。\n第二句", encoding_rs::GB18030);
    let at = bytes.len();
    bytes.extend(b"\xff\n");
    let f = put(&dir, "broken.gb", &bytes);
    let stderr = fails(bitext().args(["segment", "--encoding", "gb18030"]).arg(&f));
    assert!(
        stderr.contains("broken.gb")
            && stderr.contains(&format!("byte offset {at} (line 2)"))
            && stderr.contains("are not GB18030"),
        "{stderr}"
    );
    // The same file detected: the same byte is named.
    let long = [
        encode(&read(&release("zh.txt")), encoding_rs::GB18030),
        b"\xff\n".to_vec(),
    ]
    .concat();
    let f = put(&dir, "zh-broken.gb", &long);
    let stderr = fails(bitext().arg("align").arg(&f).arg(release("en.txt")));
    assert!(
        stderr.contains(&format!("byte offset {}", long.len() - 2))
            && stderr.contains("GB18030 (the encoding detected;")
            && stderr.contains("--encoding"),
        "{stderr}"
    );
    // Big5 with a flaw in the middle: the Big5 byte is named, the text is
    // not read as Windows-1252 mojibake.
    let mut hant = encode(
        &read(&fixture("release-2021-05-08.zh-Hant.txt")),
        encoding_rs::BIG5,
    );
    // The flaw at the start of line 2.
    let first_line = hant.iter().position(|&b| b == b'\n').unwrap() + 1;
    hant.insert(first_line, 0xFF);
    let f = put(&dir, "hant-broken.big5", &hant);
    let stderr = fails(bitext().args(["segment", "--lang", "zh"]).arg(&f));
    assert!(
        stderr.contains(&format!(
            "byte offset {first_line} (line 2) are not Big5 (the encoding detected;"
        )),
        "{stderr}"
    );
    // An unknown name lists the usual ones.
    let stderr = fails(
        bitext()
            .args(["align", "--encoding", "klingon"])
            .arg(release("zh.txt"))
            .arg(release("en.txt")),
    );
    assert!(
        stderr.contains("gb18030") && stderr.contains("big5"),
        "{stderr}"
    );
}

#[test]
fn uncertain_detection_names_the_likely_encodings_and_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let f = put(
        &dir,
        "short.big5",
        &encode("會議由王毅主持。", encoding_rs::BIG5),
    );
    let stderr = fails(bitext().args(["segment", "--lang", "zh"]).arg(&f));
    assert!(
        stderr.contains("short.big5")
            && stderr.contains("cannot be told for sure")
            && stderr.contains("likely Big5, else GB18030")
            && stderr.contains("--encoding big5"),
        "{stderr}"
    );
    // Named, it reads.
    let (out, _) = ok(bitext()
        .args(["segment", "--lang", "zh", "--encoding", "big5"])
        .arg(&f));
    assert_eq!(String::from_utf8(out).unwrap(), "會議由王毅主持。\n");
}

#[test]
fn a_latin1_line_in_a_utf8_file_stays_a_utf8_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = read(&fixture("cafe.en.txt")).into_bytes();
    let at = bytes.len();
    bytes.extend(b"Cr\xE8me fra\xEEche.\n");
    let f = put(&dir, "mixed.txt", &bytes);
    let stderr = fails(bitext().arg("align").arg(fixture("cafe.zh.txt")).arg(&f));
    assert!(
        stderr.contains(&format!(
            "mixed.txt: invalid UTF-8 at byte offset {} (line 5)",
            at + 2
        )),
        "{stderr}"
    );
}

/// The sample release aligned as bitext's TSV and JSON Lines (UTF-8), to
/// be re-encoded by the `convert` tests.
fn aligned(format: &str, zh: &Path, en: &Path) -> String {
    let (out, _) = ok(bitext()
        .args([
            "align",
            "-q",
            "-f",
            format,
            "--creation-date",
            "@1620432000",
        ])
        .arg(zh)
        .arg(en));
    String::from_utf8(out).unwrap()
}

#[test]
fn convert_reads_legacy_tsv_and_jsonl_like_align() {
    use encoding_rs::{BIG5, GB18030};
    let dir = tempfile::tempdir().unwrap();
    let hant = fixture("release-2021-05-08.zh-Hant.txt");
    let cases = [
        ("tsv", release("zh.txt"), GB18030, "GB18030", "gbk"),
        ("jsonl", release("zh.txt"), GB18030, "GB18030", "gb2312"),
        ("tsv", hant.clone(), BIG5, "Big5", "big5"),
        ("jsonl", hant, BIG5, "Big5", "big5-hkscs"),
    ];
    for (format, zh, encoding, name, label) in cases {
        let utf8_text = aligned(format, &zh, &release("en.txt"));
        let utf8 = put(&dir, &format!("utf8.{format}"), utf8_text.as_bytes());
        let legacy = put(
            &dir,
            &format!("legacy.{format}"),
            &encode(&utf8_text, encoding),
        );
        for to in ["tmx", "tsv", "jsonl"] {
            let args: &[&str] = if to == "tmx" {
                &["convert", "--creation-date", "@1620432000"]
            } else {
                &["convert"]
            };
            let (expected, _) = ok(bitext().args(args).arg(&utf8).args(["-", "--to", to]));
            // Detected, and said on standard error.
            let (detected, stderr) = ok(bitext().args(args).arg(&legacy).args(["-", "--to", to]));
            assert!(detected == expected, "{name} {format} → {to}: detected");
            let said = format!("legacy.{format}: not UTF-8; read as {name} (detected");
            assert!(stderr.contains(&said), "{stderr}");
            // Named, with nothing said.
            let (named, stderr) = ok(bitext()
                .args(args)
                .args(["--encoding", label])
                .arg(&legacy)
                .args(["-", "--to", to]));
            assert!(named == expected, "{name} {format} → {to}: named");
            assert!(!stderr.contains("detected"), "{stderr}");
        }
        // Standard input is detected too; --quiet says nothing.
        let (expected, _) = ok(bitext()
            .args(["convert", "--from", format])
            .arg(&utf8)
            .args(["-", "--to", "tsv"]));
        let (stdin, stderr) = ok(bitext()
            .args(["convert", "-q", "--from", format, "-", "-", "--to", "tsv"])
            .write_stdin(std::fs::read(&legacy).unwrap()));
        assert_eq!(stdin, expected, "{name} {format} from standard input");
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn convert_reads_windows_1252_records() {
    let dir = tempfile::tempdir().unwrap();
    // English and French, with the curly quotes, dashes, € and accents a
    // spreadsheet export in Windows-1252 holds.
    let tsv = "“Café” opens — 9 € a cup.\t« Café » ouvre — 9 € la tasse.\n\
               Crème brûlée, naïve façade.\tCrème brûlée, façade naïve.\n\
               Señor Müller’s œuvre…\tL’œuvre de M. Müller…\n";
    let utf8 = put(&dir, "utf8.tsv", tsv.as_bytes());
    let legacy = put(&dir, "cp1252.tsv", &encode(tsv, encoding_rs::WINDOWS_1252));
    let langs = ["--src-lang", "en", "--tgt-lang", "fr"];
    let (expected, _) = ok(bitext()
        .arg("convert")
        .args(langs)
        .arg(&utf8)
        .args(["-", "--to", "jsonl"]));
    let (detected, stderr) = ok(bitext()
        .arg("convert")
        .args(langs)
        .arg(&legacy)
        .args(["-", "--to", "jsonl"]));
    assert_eq!(
        String::from_utf8(detected).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    assert!(
        stderr.contains("cp1252.tsv: not UTF-8; read as windows-1252 (detected"),
        "{stderr}"
    );
}

#[test]
fn convert_encoding_errors_match_align() {
    let dir = tempfile::tempdir().unwrap();
    // A GB18030 TSV with a byte that never is GB18030 on line 2.
    let mut bytes = encode("第一句。\tThe first.\n第二句", encoding_rs::GB18030);
    let at = bytes.len();
    bytes.extend(b"\xff\tThe second.\n");
    let f = put(&dir, "broken.tsv", &bytes);
    let stderr = fails(
        bitext()
            .args(["convert", "--encoding", "gb18030"])
            .arg(&f)
            .args(["-", "--to", "tsv"]),
    );
    assert!(
        stderr.contains("broken.tsv")
            && stderr.contains(&format!("byte offset {at} (line 2)"))
            && stderr.contains("are not GB18030"),
        "{stderr}"
    );
    // Too little text to tell Big5 from GB18030: the likely encodings and
    // the option are named.
    let f = put(
        &dir,
        "short.tsv",
        &encode("會議由王毅主持。\tWang Yi chaired.\n", encoding_rs::BIG5),
    );
    let stderr = fails(bitext().arg("convert").arg(&f).args(["-", "--to", "tsv"]));
    assert!(
        stderr.contains("short.tsv")
            && stderr.contains("cannot be told for sure")
            && stderr.contains("--encoding big5"),
        "{stderr}"
    );
    // A Latin-1 line in a UTF-8 file stays a UTF-8 error.
    let mut bytes = "第一句。\tThe first.\n".repeat(3).into_bytes();
    bytes.extend(b"Cr\xE8me.\tCr\xE8me.\n");
    let f = put(&dir, "mixed.tsv", &bytes);
    let stderr = fails(bitext().arg("convert").arg(&f).args(["-", "--to", "tsv"]));
    assert!(
        stderr.contains("mixed.tsv") && stderr.contains("line 4") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    // A named legacy encoding gives way to a byte-order mark (a folder of
    // mixed files read with one option), and says so.
    let mut bytes = vec![0xFF, 0xFE];
    for u in "中文\tChinese\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let f = put(&dir, "utf16.tsv", &bytes);
    let run = bitext()
        .args(["convert", "--encoding", "gbk"])
        .arg(&f)
        .args(["-", "--to", "tsv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("utf16.tsv: UTF-16LE text; read as UTF-16LE, not as GB18030"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), "中文\tChinese\n");
    // A named Unicode encoding that contradicts the byte-order mark.
    let stderr = fails(
        bitext()
            .args(["convert", "--encoding", "utf-16be"])
            .arg(&f)
            .args(["-", "--to", "tsv"]),
    );
    assert!(
        stderr.contains("utf16.tsv") && stderr.contains("UTF-16LE"),
        "{stderr}"
    );
    // TMX declares its own encoding: --encoding is refused before reading.
    let tmx = put(&dir, "m.tmx", b"not even read");
    let stderr = fails(
        bitext()
            .args(["convert", "--encoding", "gbk"])
            .arg(&tmx)
            .arg("-")
            .args(["--to", "tsv"]),
    );
    assert!(
        stderr.contains("--encoding") && stderr.contains("TSV and JSON Lines"),
        "{stderr}"
    );
}

mod properties {
    use bitext::read::{DecodedAs, TextEncoding, decode_as};
    use proptest::prelude::*;
    use std::path::Path;

    /// Text of Han characters (simplified and traditional), full-width
    /// punctuation, Latin-1 letters, typographic punctuation and ASCII.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('\u{4E00}', '\u{9FA5}'),
                proptest::sample::select(vec![
                    '。', '，', '“', '”', '、', '：', '！', '？', '（', '）'
                ]),
                proptest::char::range('\u{A0}', '\u{FF}'),
                proptest::sample::select(vec!['€', '—', '–', '‘', '’', '…', '•', '™']),
                proptest::char::range(' ', '~'),
                Just('\n'),
            ],
            1..200,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever an encoding can hold comes back exactly when named;
        /// without the name, the result is the text, an error, or another
        /// encoding's strict reading of every byte: never a replacement.
        #[test]
        fn named_encodings_round_trip(s in text()) {
            for e in [TextEncoding::GB18030, TextEncoding::BIG5, TextEncoding::WINDOWS_1252] {
                let encoding = encoding_rs::Encoding::for_label(e.name().as_bytes()).unwrap();
                let (bytes, _, unmappable) = encoding.encode(&s);
                if unmappable || s.trim().is_empty() {
                    continue;
                }
                let d = decode_as(&bytes, Path::new("p.txt"), Some(e)).unwrap();
                if let DecodedAs::UnicodeNotNamed { named, .. } = d.how {
                    // Bytes that also read as Unicode (valid UTF-8 with
                    // non-ASCII text, a byte-order mark: `Â¡` in
                    // Windows-1252 is `¡` in UTF-8) are read so, whatever
                    // the name: a named legacy encoding is for the files
                    // that are not Unicode.
                    prop_assert_eq!(named, e);
                    let auto = decode_as(&bytes, Path::new("p.txt"), None).unwrap();
                    prop_assert_eq!(&d.text, &auto.text);
                    continue;
                }
                prop_assert_eq!(&d.text, &s);
                if let Ok(auto) = decode_as(&bytes, Path::new("p.txt"), None) {
                    match auto.how {
                        DecodedAs::Utf8 => prop_assert_eq!(auto.text.as_bytes(), &bytes[..]),
                        DecodedAs::Detected(found) if found == e => prop_assert_eq!(&auto.text, &s),
                        DecodedAs::Detected(found) => {
                            // Another reading (random characters are not natural
                            // text, so the detector may prefer another encoding):
                            // still every byte decoded strictly, none replaced.
                            let other = encoding_rs::Encoding::for_label(found.name().as_bytes()).unwrap();
                            let strict = other.decode_without_bom_handling_and_without_replacement(&bytes);
                            prop_assert_eq!(Some(auto.text.as_str()), strict.as_deref());
                        }
                        other => prop_assert!(false, "{other:?}"),
                    }
                }
            }
        }
    }
}

/// `audit` and `score` take `--encoding` for TSV and JSON Lines input, as
/// `convert` does: a short legacy file that cannot be told for sure is read
/// once its encoding is named; a TMX declares its own.
#[test]
fn audit_and_score_take_encoding_for_records() {
    let dir = tempfile::tempdir().unwrap();
    let text = "会议由王毅主持。\tWang Yi chaired the meeting.\n";
    let f = put(&dir, "short.tsv", &encode(text, encoding_rs::GBK));
    let utf8 = put(&dir, "utf8.tsv", text.as_bytes());
    let stderr = fails(bitext().arg("audit").arg(&f));
    assert!(stderr.contains("cannot be told for sure"), "{stderr}");
    let stderr = fails(bitext().arg("score").arg(&f));
    assert!(stderr.contains("cannot be told for sure"), "{stderr}");

    let (named, _) = ok(bitext().args(["audit", "--encoding", "gbk"]).arg(&f));
    let (plain, _) = ok(bitext().args(["audit"]).arg(&utf8));
    let named = String::from_utf8(named).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    // The header and each segment's location name the file.
    let named = named.replace("short.tsv", "utf8.tsv");
    assert_eq!(
        named.lines().skip(1).collect::<Vec<_>>(),
        plain.lines().skip(1).collect::<Vec<_>>(),
        "the same audit but the file name"
    );
    let (named, _) = ok(bitext().args(["score", "-q", "--encoding", "gbk"]).arg(&f));
    let (plain, _) = ok(bitext().args(["score", "-q"]).arg(&utf8));
    assert_eq!(named, plain);
    // --src-encoding and --tgt-encoding stay options of two texts; a TMX
    // declares its encoding.
    let stderr = fails(bitext().args(["audit", "--src-encoding", "gbk"]).arg(&f));
    assert!(
        stderr.contains("--src-encoding is for two texts"),
        "{stderr}"
    );
    let tmx = dir.path().join("m.tmx");
    ok(bitext().args(["convert", "-q"]).arg(&utf8).arg(&tmx));
    let stderr = fails(bitext().args(["audit", "--encoding", "gbk"]).arg(&tmx));
    assert!(stderr.contains("a TMX file declares its own"), "{stderr}");
}

/// Private-use and U+FFFD characters: what a wrong legacy encoding makes.
fn odd_chars(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || ('\u{F0000}'..='\u{10FFFF}').contains(&c)
        })
        .count()
}

#[test]
fn a_named_encoding_that_gives_mojibake_is_warned_about() {
    // Trial 26: `--encoding gbk` over a folder holding a Big5 file read it
    // as GB18030 into private-use characters without a word.
    let dir = tempfile::tempdir().unwrap();
    let hant = read(&fixture("release-2021-05-08.zh-Hant.txt"));
    let big5 = encode(&hant, encoding_rs::BIG5);
    let (as_gb, _, _) = encoding_rs::GB18030.decode(&big5);
    let odd = odd_chars(&as_gb);
    assert!(odd > 0, "the Big5 text reads as GB18030 without mojibake");
    let zh = put(&dir, "release.zh.txt", &big5);
    let en = release("en.txt");
    let (_, stderr) = ok(bitext()
        .args(["align", "-f", "tsv", "--encoding", "gbk"])
        .arg(&zh)
        .arg(&en));
    let warning = stderr
        .lines()
        .find(|l| l.contains("warning") && l.contains("release.zh.txt"))
        .unwrap_or_else(|| panic!("no warning naming the file:\n{stderr}"));
    assert!(
        warning.contains(&format!("{odd} private-use")) && warning.contains("--encoding big5"),
        "{warning}"
    );
    // -q says nothing, as for every warning.
    let (_, stderr) = ok(bitext()
        .args(["align", "-q", "-f", "tsv", "--encoding", "gbk"])
        .arg(&zh)
        .arg(&en));
    assert!(stderr.is_empty(), "{stderr}");
    // batch: the same warning, naming the file.
    let (zh_dir, en_dir) = (dir.path().join("zh"), dir.path().join("en"));
    std::fs::create_dir_all(&zh_dir).unwrap();
    std::fs::create_dir_all(&en_dir).unwrap();
    std::fs::write(zh_dir.join("release.zh.txt"), &big5).unwrap();
    std::fs::copy(&en, en_dir.join("release.en.txt")).unwrap();
    let (_, stderr) = ok(bitext()
        .args(["batch", "-f", "jsonl", "--encoding", "gbk", "-o"])
        .arg(dir.path().join("out"))
        .arg(&zh_dir)
        .arg(&en_dir));
    assert!(
        stderr.lines().any(|l| l.contains("warning")
            && l.contains("release.zh.txt")
            && l.contains(&format!("{odd} private-use"))
            && l.contains("--encoding big5")),
        "{stderr}"
    );
    // The right encoding named (and the traditional text's tag, else
    // zh-CN over traditional text is warned about): no warning.
    let (_, stderr) = ok(bitext()
        .args([
            "align",
            "-f",
            "tsv",
            "--encoding",
            "big5",
            "--src-lang",
            "zh-TW",
        ])
        .arg(&zh)
        .arg(&en));
    assert!(!stderr.contains("warning"), "{stderr}");
    // GB18030 named for a GB18030 file: no warning either.
    let gb = put(
        &dir,
        "gb.zh.txt",
        &encode(&read(&release("zh.txt")), encoding_rs::GB18030),
    );
    let (_, stderr) = ok(bitext()
        .args(["align", "-f", "tsv", "--encoding", "gbk"])
        .arg(&gb)
        .arg(&en));
    assert!(!stderr.contains("warning"), "{stderr}");
}
