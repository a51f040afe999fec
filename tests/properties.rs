//! Property tests: segmentation never loses or alters text, alignments always
//! cover both documents monotonically, and a text aligned with a copy of
//! itself gives the 1-1 diagonal.

use bitext::align::{Aligner, Alignment, ParagraphMode};
use bitext::document::{Document, InputMode};
use bitext::segment::Segmenter;
use bitext::{Lang, read};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Modest case counts keep the suite fast in debug builds; failures are
/// reported with their shrunk input rather than persisted to files.
fn config() -> Config {
    Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    }
}

// ------------------------------------------------------------- generators

const HAN: &[&str] = &[
    "中", "国", "外", "长", "王", "毅", "会", "议", "我", "们", "他", "说", "是", "的", "了", "在",
    "联", "合", "字", "𠀀",
];
const WORDS: &[&str] = &[
    "the",
    "The",
    "Council",
    "met",
    "Mr",
    "Dr",
    "U.S",
    "e.g",
    "etc",
    "No",
    "A",
    "I",
    "x",
    "3",
    "3.14",
    "2021",
    "v2.0",
    "example.com",
    "Wang",
    "Yi",
];
const SPACES: &[&str] = &[" ", " ", "  ", "\t", "\u{3000}", "\u{A0}"];
const PUNCT: &[&str] = &[
    "。", "！", "？", "…", "……", "”", "“", "」", "「", ".", "!", "?", "\"", "'", " ", ";", "；",
    "：", ":", "，", ",", "(", ")", "（", "）", "《", "》", "’",
    // Real-world text: spaced runs, bullets, list markers, emoji, dashes.
    " 。 ", "… …", "— —", "•", "●", "1.", "2.)", "a.", "😀", "🎉", "N°.", ". . .", "．", "Ａ", "３",
];

/// One token of running text (never a line break).
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HAN).prop_map(str::to_string),
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => prop::sample::select(SPACES).prop_map(str::to_string),
        3 => prop::sample::select(PUNCT).prop_map(str::to_string),
    ]
}

/// A paragraph: text without line breaks, possibly blank or empty.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..40).prop_map(|t| t.concat())
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Zh), Just(Lang::En)]
}

/// A sentence of one line: non-blank, trimmed, no line break.
fn sentence() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            prop::sample::select(HAN).prop_map(str::to_string),
            prop::sample::select(WORDS).prop_map(str::to_string),
        ],
        prop::collection::vec(token(), 0..20),
    )
        .prop_map(|(first, rest)| format!("{first}{}", rest.concat()).trim().to_string())
}

/// A document as a list of sentences.
fn sentences(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(sentence(), 1..max)
}

fn presegmented(name: &str, lines: &[String], lang: Lang) -> Document {
    Document::from_text(name, lines.join("\n"), lang, InputMode::Presegmented)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

// ----------------------------------------------------------------- checks

// The invariants are stated once, in the fuzz targets' checks (which panic;
// proptest reports a panic as a failing case and shrinks it).
#[allow(dead_code)]
#[path = "../fuzz/src/checks.rs"]
mod checks;
use checks::{check_alignment, check_spans};

fn shipped_srx() -> &'static bitext::segment::srx::SrxRules {
    static RULES: std::sync::OnceLock<bitext::segment::srx::SrxRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/omegat-zh-en.srx");
        bitext::segment::srx::SrxRules::from_file(&path).expect("shipped SRX")
    })
}

fn diagonal(n: usize) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    (0..n).map(|i| (i..i + 1, i..i + 1)).collect()
}

fn ranges(a: &Alignment) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    a.beads()
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect()
}

// ------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config())]

    /// (a) Splitting a paragraph keeps every character: sentences in order,
    /// trimmed, with only whitespace between and around them.
    #[test]
    fn paragraph_segmentation_round_trips(para in paragraph(), lang in lang()) {
        let spans = Segmenter::new(lang).split_paragraph(&para);
        check_spans(&para, &spans);
        prop_assert_eq!(spans.is_empty(), para.trim().is_empty());
    }

    /// (a) The same with SRX rules: the shipped OmegaT rule file for both
    /// languages.
    #[test]
    fn srx_segmentation_round_trips(para in paragraph(), lang in lang()) {
        let rules = shipped_srx();
        let tag = if lang == Lang::Zh { "zh-CN" } else { "en-US" };
        let spans = Segmenter::with_srx(lang, rules.for_lang(tag)).split_paragraph(&para);
        check_spans(&para, &spans);
        prop_assert_eq!(spans.is_empty(), para.trim().is_empty());
    }

    /// (a) The same for a whole text of several lines with any line ends:
    /// paragraph numbers count the non-blank lines, line numbers are right,
    /// and no sentence crosses a line break.
    #[test]
    fn text_segmentation_round_trips(
        paras in prop::collection::vec(paragraph(), 1..6),
        ends in prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", " \n"]), 6),
        lang in lang(),
    ) {
        let mut text = String::new();
        for (p, end) in paras.iter().zip(&ends) {
            text.push_str(p);
            text.push_str(end);
        }
        let found = Segmenter::new(lang).segment(&text);
        let spans: Vec<_> = found.iter().map(|s| s.span.clone()).collect();
        check_spans(&text, &spans);
        let lines = read::lines(&text);
        let non_blank: Vec<_> = lines.iter().filter(|l| !text[l.span.clone()].trim().is_empty()).collect();
        for s in &found {
            let line = &lines[s.line - 1];
            prop_assert!(
                line.span.start <= s.span.start && s.span.end <= line.span.end,
                "sentence {:?} is not inside line {}", s.span, s.line
            );
            prop_assert_eq!(non_blank[s.paragraph].number, s.line);
        }
        let mut paragraphs: Vec<usize> = found.iter().map(|s| s.paragraph).collect();
        paragraphs.dedup();
        prop_assert_eq!(paragraphs, (0..non_blank.len()).collect::<Vec<_>>());
    }

    /// (b) Any two presegmented documents: the alignment covers both, is
    /// monotone, and is the same when computed twice.
    #[test]
    fn alignment_invariants(
        src in sentences(25),
        tgt in sentences(25),
        zh_to_en in any::<bool>(),
    ) {
        let (sl, tl) = if zh_to_en { (Lang::Zh, Lang::En) } else { (Lang::En, Lang::Zh) };
        let s = presegmented("src", &src, sl);
        let t = presegmented("tgt", &tgt, tl);
        prop_assert_eq!(s.len(), src.len());
        prop_assert_eq!(t.len(), tgt.len());
        let aligner = Aligner::builder().build().unwrap();
        let a = aligner.align(&s, &t).unwrap();
        check_alignment(&a, s.len(), t.len());
        let again = aligner.align(&s, &t).unwrap();
        prop_assert_eq!(&a, &again, "aligning twice differs");
        // Alignment::from_beads accepts what the aligner produced.
        prop_assert!(Alignment::from_beads(a.beads().to_vec(), s.len(), t.len()).is_ok());
    }

    /// (b) The same for running text with paragraphs (raw mode), where
    /// paragraph boundaries may be used.
    #[test]
    fn alignment_invariants_raw(
        src in prop::collection::vec(sentences(6), 1..5),
        tgt in prop::collection::vec(sentences(6), 1..5),
        ignore_paragraphs in any::<bool>(),
    ) {
        let text = |paras: &[Vec<String>], sep: &str| {
            paras.iter().map(|p| p.join(sep)).collect::<Vec<_>>().join("\n")
        };
        let (st, tt) = (text(&src, ""), text(&tgt, " "));
        prop_assume!(!st.trim().is_empty() && !tt.trim().is_empty());
        let s = Document::from_text("src", st, Lang::Zh, InputMode::Raw).unwrap();
        let t = Document::from_text("tgt", tt, Lang::En, InputMode::Raw).unwrap();
        let mode = if ignore_paragraphs { ParagraphMode::Ignore } else { ParagraphMode::Auto };
        let aligner = Aligner::builder().paragraphs(mode).build().unwrap();
        let a = aligner.align(&s, &t).unwrap();
        check_alignment(&a, s.len(), t.len());
        prop_assert_eq!(a, aligner.align(&s, &t).unwrap());
    }

    /// (c) A presegmented Chinese text aligned with a copy of itself gives the
    /// 1-1 diagonal.
    #[test]
    fn chinese_copy_aligns_on_the_diagonal(lines in sentences(30)) {
        let a = presegmented("a.zh", &lines, Lang::Zh);
        let b = presegmented("b.zh", &lines, Lang::Zh);
        let al = Aligner::builder().build().unwrap().align(&a, &b).unwrap();
        check_alignment(&al, a.len(), b.len());
        prop_assert_eq!(ranges(&al), diagonal(lines.len()));
    }

    /// (c) The same for English.
    #[test]
    fn english_copy_aligns_on_the_diagonal(lines in sentences(30)) {
        let a = presegmented("a.en", &lines, Lang::En);
        let b = presegmented("b.en", &lines, Lang::En);
        let al = Aligner::builder().build().unwrap().align(&a, &b).unwrap();
        check_alignment(&al, a.len(), b.len());
        prop_assert_eq!(ranges(&al), diagonal(lines.len()));
    }
}
