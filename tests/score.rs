//! `bitext score`: pairs TSV in, one JSON object per line out, in order;
//! both directions; glossary; errors naming the file and line.

mod common;
use common::bitext;

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kinds(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

const PAIRS: &str = "会议由国务委员兼外交部长王毅主持。\tThe meeting was chaired by State Councilor and Foreign Minister Wang Yi.\n\
15国外长出席会议。\tForeign ministers of 12 countries attended the meeting.\n\
联合国大会主席向会议作通报。\t\n\
王毅表示，联合国是多边主义的旗帜。\tWang Yi said that 联合国是多边主义的旗帜。\n";

#[test]
fn one_object_per_line_in_order_with_flags_and_evidence() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "pairs.tsv", PAIRS);
    let out = bitext()
        .arg("score")
        .arg(&f)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = lines(&out);
    assert_eq!(v.len(), 4);
    for (k, obj) in v.iter().enumerate() {
        assert_eq!(obj["line"], k + 1);
        let s = obj["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
    assert!(kinds(&v[0]).is_empty(), "{}", v[0]);
    assert!(kinds(&v[1]).contains(&"number_mismatch".to_string()));
    let number = &v[1]["flags"][0];
    assert_eq!(number["severity"], "error");
    assert!(number["evidence"].as_str().unwrap().contains("15"));
    // An empty target is scored, as an omission.
    assert_eq!(kinds(&v[2]), ["omission"]);
    assert!(kinds(&v[3]).contains(&"untranslated".to_string()));
    // The untranslated span points at the Chinese in the target.
    let span = &v[3]["flags"][0]["spans"][0];
    let tgt = PAIRS.lines().nth(3).unwrap().split('\t').nth(1).unwrap();
    let (a, b) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&tgt[a..b], "联合国是多边主义的旗帜。");
    assert!(v[0]["score"].as_f64() > v[2]["score"].as_f64());
}

#[test]
fn a_replaced_name_in_a_single_pair_is_flagged_with_both_names() {
    let score = |line: &str| -> Value {
        let out = bitext()
            .args(["score", "--quiet", "-"])
            .write_stdin(line)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        lines(&out).remove(0)
    };
    let v = score("王毅主持会议。\tZhang Wei chaired the meeting.\n");
    assert_eq!(kinds(&v), ["name_mismatch"], "{v}");
    let f = &v["flags"][0];
    assert_eq!(f["severity"], "error");
    let evidence = f["evidence"].as_str().unwrap();
    assert!(evidence.contains("“王毅” (Wang Yi)"), "{evidence}");
    assert!(evidence.contains("“Zhang Wei”"), "{evidence}");
    assert!(v["score"].as_f64().unwrap() < 0.5, "{v}");
    let v = score("王毅主持会议。\tWang Yi chaired the meeting.\n");
    assert!(kinds(&v).is_empty(), "{v}");
    assert!(v["score"].as_f64().unwrap() > 0.9, "{v}");
}

#[test]
fn a_reversed_direction_is_flagged_polarity_in_both_directions() {
    let score = |args: &[&str], line: &str| -> Value {
        let out = bitext()
            .args(["score", "--quiet"])
            .args(args)
            .arg("-")
            .write_stdin(line)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        lines(&out).remove(0)
    };
    // Traditional Chinese, as a Hong Kong filing writes it: 減少 "decreased".
    let zh = "零售分部收入減少8.3%。";
    let v = score(
        &[],
        &format!("{zh}\tRevenue of the retail segment increased by 8.3%.\n"),
    );
    assert_eq!(kinds(&v), ["polarity"], "{v}");
    let f = &v["flags"][0];
    // A reported change (figures on both sides) reversed: an error.
    assert_eq!(f["severity"], "error");
    let evidence = f["evidence"].as_str().unwrap();
    assert!(evidence.contains("“減少” (down)"), "{evidence}");
    assert!(evidence.contains("“increased” (up)"), "{evidence}");
    let spans = f["spans"].as_array().unwrap();
    let source = spans.iter().find(|s| s["side"] == "source").unwrap();
    let (s, e) = (
        source["start"].as_u64().unwrap() as usize,
        source["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&zh[s..e], "減少");
    assert!(spans.iter().any(|s| s["side"] == "target"), "{v}");
    let v = score(
        &[],
        &format!("{zh}\tRevenue of the retail segment decreased by 8.3%.\n"),
    );
    assert!(kinds(&v).is_empty(), "{v}");
    // en→zh: a loss rendered as a profit.
    let v = score(
        &["--src-lang", "en", "--tgt-lang", "zh"],
        "The Group recorded a loss of HK$12 million.\t本集团录得溢利1,200万港元。\n",
    );
    assert_eq!(kinds(&v), ["polarity"], "{v}");
}

#[test]
fn english_to_chinese_and_standard_input() {
    let input = "The Security Council held a meeting on the 7th.\t安理会7日举行会议。\n\
                 Ministers of 15 countries attended.\t15国部长出席了会议。\n\
                 The President briefed the meeting.\tThe President briefed the meeting.\n";
    let out = bitext()
        .args(["score", "--src-lang", "en", "--tgt-lang", "zh", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = lines(&out);
    assert_eq!(v.len(), 3);
    assert!(!kinds(&v[0]).contains(&"number_mismatch".to_string()));
    assert!(!kinds(&v[1]).contains(&"number_mismatch".to_string()));
    assert!(
        kinds(&v[2]).contains(&"untranslated".to_string()),
        "{}",
        v[2]
    );
}

#[test]
fn a_line_without_a_tab_names_the_file_and_line() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "bad.tsv", "你好。\tHello.\nno tab here\n");
    bitext()
        .arg("score")
        .arg(&f)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("bad.tsv: line 2: no tab"));
    bitext()
        .args(["score", "-"])
        .write_stdin("a\tb\tc\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "<stdin>: line 1: 3 columns: each line must be",
        ));
    bitext()
        .args(["score", "missing.tsv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.tsv"));
}

/// A corpus builder's crawl holds the odd line that is no pair: with
/// `--skip-bad-lines` each is answered in its place and the rest scored,
/// in order, exit 0; the summary counts them. Nothing but bad lines is
/// still an error (exit 1), after their answers.
#[test]
fn bad_lines_are_answered_in_place_with_skip_bad_lines() {
    let dir = TempDir::new().unwrap();
    let long = "会议举行。".repeat(100_000 / 15 + 1);
    let f = write(
        &dir,
        "crawl.tsv",
        &format!(
            "no tab here\n你好。\tHello.\n\t\n我们在北京开会。\tWe met in Beijing.\n一\ttwo\tthree\n{long}\tMeeting.\n谢谢。\tThanks.\nlast bad\n"
        ),
    );
    let out = bitext()
        .args(["score", "--skip-bad-lines"])
        .arg(&f)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v = lines(&out.stdout);
    let numbers: Vec<u64> = v.iter().map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
    let errors: Vec<(u64, &str)> = v
        .iter()
        .filter_map(|x| Some((x["line"].as_u64()?, x.get("error")?.as_str()?)))
        .collect();
    assert_eq!(
        errors.iter().map(|e| e.0).collect::<Vec<_>>(),
        [1, 3, 5, 6, 8]
    );
    assert!(errors[0].1.starts_with("no tab"), "{errors:?}");
    assert!(
        errors[1].1.starts_with("both sides are empty"),
        "{errors:?}"
    );
    assert!(errors[2].1.starts_with("3 columns"), "{errors:?}");
    assert!(
        errors[3].1.starts_with("the source segment is") && errors[3].1.contains("100000 bytes"),
        "{errors:?}"
    );
    for x in v.iter().filter(|x| x.get("error").is_none()) {
        assert!(x["score"].as_f64().is_some(), "{x}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scored 3 pairs")
            && stderr.contains("5 lines skipped (no pair; the first is line 1)"),
        "{stderr}"
    );
    // The pairs score as they do in a file without the bad lines.
    let clean = write(
        &dir,
        "clean.tsv",
        "你好。\tHello.\n我们在北京开会。\tWe met in Beijing.\n谢谢。\tThanks.\n",
    );
    let alone = lines(
        &bitext()
            .arg("score")
            .arg(&clean)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let kept: Vec<&Value> = v.iter().filter(|x| x.get("error").is_none()).collect();
    for (a, b) in alone.iter().zip(kept) {
        assert_eq!(a["score"], b["score"]);
        assert_eq!(a["flags"], b["flags"]);
    }
    // Without the option the first bad line stops the run, nothing printed.
    bitext()
        .arg("score")
        .arg(&f)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("crawl.tsv: line 1: no tab"));
    // No pair at all: the answers, then an error.
    let none = write(&dir, "none.tsv", "x\n\t\n");
    let out = bitext()
        .args(["score", "--skip-bad-lines"])
        .arg(&none)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "none.tsv: none of its 2 lines holds a pair (line 1: no tab",
        ))
        .get_output()
        .clone();
    assert_eq!(lines(&out.stdout).len(), 2);
    let empty = write(&dir, "empty.tsv", "");
    bitext()
        .args(["score", "--skip-bad-lines"])
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.tsv"));
}

#[test]
fn glossary_terms_are_checked_and_bad_glossaries_refused() {
    let dir = TempDir::new().unwrap();
    let g = write(
        &dir,
        "terms.tsv",
        "# glossary\n安理会\tSecurity Council\n多边主义\tmultilateralism\n",
    );
    let f = write(
        &dir,
        "pairs.tsv",
        "安理会举行会议。\tThe Council held a meeting.\n多边主义很重要。\tMultilateralism matters.\n",
    );
    let out = bitext()
        .arg("score")
        .arg(&f)
        .arg("--glossary")
        .arg(&g)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = lines(&out);
    assert!(
        kinds(&v[0]).contains(&"terminology".to_string()),
        "{}",
        v[0]
    );
    assert!(v[0]["flags"].to_string().contains("Security Council"));
    assert!(!kinds(&v[1]).contains(&"terminology".to_string()));
    let bad = write(
        &dir,
        "bad-terms.tsv",
        "安理会\tSecurity Council\n多边主义 multilateralism\n",
    );
    bitext()
        .arg("score")
        .arg(&f)
        .arg("--glossary")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad-terms.tsv: line 2: no tab"));
}

#[test]
fn deterministic_and_chunked_contexts_keep_the_lines() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "pairs.tsv", PAIRS);
    let a = bitext().arg("score").arg(&f).output().unwrap().stdout;
    let b = bitext().arg("score").arg(&f).output().unwrap().stdout;
    assert_eq!(a, b);
    let c = bitext()
        .args(["score", "--context", "1"])
        .arg(&f)
        .output()
        .unwrap()
        .stdout;
    let v = lines(&c);
    assert_eq!(
        v.iter()
            .map(|o| o["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    bitext()
        .args(["score", "--context", "0"])
        .arg(&f)
        .assert()
        .code(1);
}

#[test]
fn help_shows_examples() {
    bitext()
        .args(["score", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Examples:")
                .and(predicate::str::contains("--src-lang en --tgt-lang zh")),
        );
}

#[test]
fn the_sample_release_has_its_stray_quote_flagged() {
    // Aligned by bitext, written as TSV, scored: the stray closing quote
    // of the published English is a punctuation flag pointing at ”.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/release-2021-05-08");
    let tsv = bitext()
        .args(["align", "--quiet", "--format", "tsv"])
        .arg(root.join("zh.txt"))
        .arg(root.join("en.txt"))
        .output()
        .unwrap();
    assert!(
        tsv.status.success(),
        "{}",
        String::from_utf8_lossy(&tsv.stderr)
    );
    let out = bitext()
        .args(["score", "--quiet", "-"])
        .write_stdin(tsv.stdout.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(tsv.stdout).unwrap();
    let v = lines(&out.stdout);
    let mut found = false;
    for (obj, line) in v.iter().zip(text.lines()) {
        let tgt = line.split('\t').nth(1).unwrap();
        for f in obj["flags"].as_array().unwrap() {
            if f["kind"] == "punctuation"
                && f["evidence"]
                    .as_str()
                    .unwrap()
                    .contains("stray closing quote")
            {
                let s = &f["spans"][0];
                let (a, b) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&tgt[a..b], "”");
                found = true;
            }
        }
    }
    assert!(found);
}

#[test]
fn the_same_language_on_both_sides_is_refused() {
    let dir = TempDir::new().unwrap();
    let pairs = write(&dir, "p.tsv", "三千五百万。\t35 million.\n");
    bitext()
        .args(["score", "--src-lang", "zh", "--tgt-lang", "zh-TW"])
        .arg(&pairs)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("are the same language"));
}

/// Review 23: 3.5万亿元 against *3.5 trillion yuan* is one amount, which the
/// number check matches; the scale word *trillion* was left an English
/// word with nothing to cover it (万亿 is the number's on the Chinese side)
/// and quoted as an addition (zh→en) or omission (en→zh). Both directions
/// are clean, and an amount really added is still named.
#[test]
fn a_wan_yi_amount_matches_trillion_in_both_directions() {
    let pairs = [
        ("总额3.5万亿元。", "The total was 3.5 trillion yuan."),
        ("总额35亿元。", "The total was 3.5 billion yuan."),
        (
            "收入从3.5万亿元增至4.2万亿元。",
            "Revenue rose from 3.5 trillion yuan to 4.2 trillion yuan.",
        ),
    ];
    for (src_lang, tgt_lang) in [("zh", "en"), ("en", "zh")] {
        let input: String = pairs
            .iter()
            .map(|(zh, en)| {
                if src_lang == "zh" {
                    format!("{zh}\t{en}\n")
                } else {
                    format!("{en}\t{zh}\n")
                }
            })
            .collect();
        let out = bitext()
            .args(["score", "--src-lang", src_lang, "--tgt-lang", tgt_lang, "-"])
            .write_stdin(input)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        for v in lines(&out) {
            assert!(kinds(&v).is_empty(), "{src_lang}→{tgt_lang}: {v}");
        }
    }
    // A conversion the translator added is still an addition, quoted by
    // its own number, not by the matched one's scale word.
    let out = bitext()
        .args(["score", "-"])
        .write_stdin(
            "总额3.5万亿元。\tThe total was 3.5 trillion yuan (about 483 billion U.S. dollars).\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = &lines(&out)[0];
    let text = v["flags"].to_string();
    assert!(!text.contains("“trillion”"), "{v}");
    assert!(text.contains("483"), "{v}");
}

/// An FAQ translated faithfully into Chinese (written for trial 25), as
/// aligned pairs: no segment gets an error. Its `A: Yes.` answers and `Q:`
/// questions get no `addition` either: 答：是的。 was an addition error (答
/// read as a word with no source, while the English `A` is no content
/// word), and 答：可以。 a misalignment error (可以 meets the question's
/// *Can I*; one content word is too little to say which source a target
/// renders: now a warning). *A: Yes.* / 答：是的。 gets no `length_ratio`
/// (far off in ratio on a couple of characters). *Your notes stay in sync
/// across all of them.* / 您的笔记会在所有设备之间保持同步。 was a
/// misalignment error (nothing met *sync*, 设备 met the sentence before's
/// *devices*): 同步 now glosses *sync*.
#[test]
fn a_faithful_faq_gets_no_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/faq-en-zh.tsv");
    let out = bitext()
        .args(["score", "-q", "--src-lang", "en", "--tgt-lang", "zh"])
        .arg(&path)
        .assert()
        .success();
    let rows = lines(&out.get_output().stdout);
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut labelled, mut answers) = (0, 0);
    for (row, pair) in rows.iter().zip(text.lines()) {
        for f in row["flags"].as_array().unwrap() {
            assert!(f["severity"] != "error", "{pair}: {f}");
        }
        let src = pair.split('\t').next().unwrap();
        if src.starts_with("A: Yes") || src.starts_with("Q: ") {
            labelled += 1;
            assert!(
                !kinds(row).contains(&"addition".to_string()),
                "{pair}: {row}"
            );
        }
        if src == "A: Yes." {
            answers += 1;
            assert!(
                !kinds(row).contains(&"length_ratio".to_string()),
                "{pair}: {row}"
            );
        }
    }
    assert_eq!((labelled, answers), (9, 2));
}

/// Software strings: a placeholder changed, dropped or added is a
/// `placeholder` flag quoting it, with spans; placeholders are no missing
/// content, and 已 (completion) needs no English word.
#[test]
fn placeholders_changed_dropped_or_added_are_flagged() {
    let dir = TempDir::new().unwrap();
    let f = write(
        &dir,
        "ui.tsv",
        "已删除 %d 个文件。\tDeleted %d files.\n\
         已删除 %d 个文件。\tDeleted %s files.\n\
         欢迎，{0}！\tWelcome!\n\
         按 <b>确定</b> 继续\tPress <b>OK</b> to continue\n\
         正在下载 %1$s（%2$d%%）\tDownloading %1$s (%2$d%%)\n",
    );
    let out = bitext()
        .arg("score")
        .arg(&f)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = lines(&out);
    assert_eq!(v.len(), 5);
    for k in [0, 3, 4] {
        assert!(kinds(&v[k]).is_empty(), "{}", v[k]);
    }
    for (k, quoted) in [
        (1, "“%d” of the source is “%s”"),
        (2, "“{0}” of the source is missing"),
    ] {
        assert_eq!(kinds(&v[k]), ["placeholder"], "{}", v[k]);
        let flag = &v[k]["flags"][0];
        assert_eq!(flag["severity"], "error");
        assert!(
            flag["evidence"].as_str().unwrap().contains(quoted),
            "{flag}"
        );
        assert!(!flag["spans"].as_array().unwrap().is_empty());
        assert!(v[k]["score"].as_f64().unwrap() <= 0.45);
    }
    // `align` writes it in the TSV flags column as the other kinds.
    let zh = write(&dir, "ui.zh.txt", "已删除 %d 个文件。\n欢迎使用本程序。\n");
    let en = write(
        &dir,
        "ui.en.txt",
        "Deleted %s files.\nWelcome to the program.\n",
    );
    let tsv = bitext()
        .args(["align", "--format", "tsv", "-q"])
        .arg(&zh)
        .arg(&en)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(tsv).unwrap();
    let first = text.lines().find(|l| l.contains("%d")).unwrap();
    assert!(first.contains("placeholder:error"), "{text}");
}

#[test]
fn legal_prohibitions_are_errors_and_each_negation_needs_a_counterpart() {
    // Trial 30 (problem 1): 不得 → *may* passed `--fail-on error`, and a
    // negation elsewhere in the sentence hid a lost one.
    let score = |args: &[&str], input: &str| -> Vec<Value> {
        let out = bitext()
            .args(["score", "--quiet"])
            .args(args)
            .arg("-")
            .write_stdin(input)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        lines(&out)
    };
    let severities = |v: &Value| -> Vec<String> {
        v["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "negation")
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    let v = score(
        &[],
        "承包人不得将工程分包给第三方。\tThe Contractor may subcontract the works to a third party.\n\
         未经业主书面同意，承包人不得更换项目经理。\tWithout the Employer's written consent, the Contractor may replace the project manager.\n\
         因台风导致工期无法按时完成的，承包人均不承担违约责任。\tWhere the works cannot be completed on time because of a typhoon, the Contractor shall be liable for breach.\n\
         未经业主书面同意，承包人不得更换项目经理。\tWithout the Employer's written consent, the Contractor shall not replace the project manager.\n",
    );
    for x in &v[..3] {
        assert_eq!(severities(x), ["error"], "{x}");
    }
    assert!(severities(&v[3]).is_empty(), "{}", v[3]);
    let zh = "未经业主书面同意，承包人不得更换项目经理。";
    let span = &v[1]["flags"][0]["spans"][0];
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&zh[s..e], "不得");
    let v = score(
        &["--src-lang", "en", "--tgt-lang", "zh"],
        "Members shall not sell their shares without the consent of the Board.\t未经董事会同意，会员可以出售其股份。\n\
         The Issuer has no outstanding convertible bonds.\t发行人有未偿还的可转换债券。\n\
         The Issuer has no outstanding convertible bonds.\t发行人没有未偿还的可转换债券。\n",
    );
    assert_eq!(severities(&v[0]), ["error"], "{}", v[0]);
    assert_eq!(severities(&v[1]), ["warning"], "{}", v[1]);
    assert!(severities(&v[2]).is_empty(), "{}", v[2]);
}

#[test]
fn a_negative_profit_is_a_loss_in_both_directions() {
    // Trial 30 (problem 5): 利润为负 ↔ *loss* was a polarity error, and a
    // lost minus sign (a loss printed as a profit) went unflagged.
    let out = bitext()
        .args(["score", "--quiet", "-"])
        .write_stdin(
            "本行税前利润为负850万元。\tThe Bank recorded a pre-tax loss of RMB8.5 million.\n\
             本行税前利润为-850万元。\tThe Bank's pre-tax profit was RMB8.5 million.\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = lines(&out);
    assert!(kinds(&v[0]).is_empty(), "{}", v[0]);
    assert_eq!(kinds(&v[1]), ["polarity"], "{}", v[1]);
    assert_eq!(v[1]["flags"][0]["severity"], "error", "{}", v[1]);
}

/// One short pair given the wrong way round (trial 31: `Do not freeze.` ⇥
/// `请冷冻。` scored as zh→en gave an `untranslated` error and "“Do” of the
/// Chinese is not in the English"): refused, naming the fix, as a longer
/// file is.
#[test]
fn a_short_pair_given_the_wrong_way_round_is_refused() {
    let dir = TempDir::new().unwrap();
    let tsv = write(&dir, "one.tsv", "Do not freeze.\t请冷冻。\n");
    bitext()
        .arg("score")
        .arg(&tsv)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "one.tsv: the source side (zh) looks English and the target side (en) looks Chinese: the languages are swapped",
        ));
    let out = bitext()
        .args(["score", "-q", "--src-lang", "en", "--tgt-lang", "zh"])
        .arg(&tsv)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(lines(&out).len(), 1);
}
