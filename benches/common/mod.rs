//! Inputs shared by the benchmarks: the sample release in `corpora/`
//! (always there), and real texts of the evaluation sets when they are
//! present: MAC-Dev chapter 001 (zh→en, 6.5k characters a side) and Bible
//! file 001 (en→zh, 5,000 verses), in `EVAL_DIR` (default `../shared/eval`
//! beside the repository, as `scripts/eval.sh` finds them). Without them a
//! note says so on standard error and those inputs are skipped.

#![allow(dead_code)] // each bench uses part of it

use bitext::Lang;
use bitext::document::{Document, InputMode};
use bitext::read;
use std::path::{Path, PathBuf};

/// One bitext to benchmark: both sides' texts, as read.
pub struct Input {
    /// Short name for benchmark ids (`sample-x16`, `mac-dev-001`, `bible-001`).
    pub name: String,
    /// Source text.
    pub src: String,
    /// Source language.
    pub src_lang: Lang,
    /// Target text.
    pub tgt: String,
    /// Target language.
    pub tgt_lang: Lang,
    /// Raw text or one sentence a line.
    pub mode: InputMode,
    /// True for the evaluation sets' large inputs: fewer samples.
    pub large: bool,
}

impl Input {
    /// Both sides segmented.
    pub fn documents(&self) -> (Document, Document) {
        let doc = |text: &str, lang: Lang, side: &str| {
            Document::from_text(format!("{}.{side}", self.name), text, lang, self.mode)
                .expect("benchmark input segments")
        };
        (
            doc(&self.src, self.src_lang, "src"),
            doc(&self.tgt, self.tgt_lang, "tgt"),
        )
    }

    /// The side in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        if self.src_lang == lang {
            &self.src
        } else {
            &self.tgt
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn file(path: &Path) -> String {
    read::read_file(path).unwrap_or_else(|e| panic!("{e}"))
}

/// The sample release repeated `times` times (raw text, zh→en).
pub fn sample(times: usize) -> Input {
    let dir = root().join("corpora/release-2021-05-08");
    Input {
        name: format!("sample-x{times}"),
        src: file(&dir.join("zh.txt")).repeat(times),
        src_lang: Lang::Zh,
        tgt: file(&dir.join("en.txt")).repeat(times),
        tgt_lang: Lang::En,
        mode: InputMode::Raw,
        large: false,
    }
}

/// Where the evaluation sets are: `EVAL_DIR`, else `../shared/eval`
/// beside the repository.
pub fn eval_dir() -> PathBuf {
    std::env::var_os("EVAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/eval"))
}

/// MAC-Dev chapter 001 and Bible 001 (presegmented, as `scripts/eval.sh`
/// aligns them), when present; otherwise a note on standard error and
/// nothing.
pub fn eval_inputs() -> Vec<Input> {
    let dir = eval_dir();
    let mac = (dir.join("mac-dev/zh/001.zh"), dir.join("mac-dev/en/001.en"));
    let bible = (dir.join("bible/en/001.en"), dir.join("bible/zh/001.zh"));
    let mut inputs = Vec::new();
    for (name, (src, tgt), langs) in [
        ("mac-dev-001", mac, (Lang::Zh, Lang::En)),
        ("bible-001", bible, (Lang::En, Lang::Zh)),
    ] {
        if !src.is_file() || !tgt.is_file() {
            // Once per process, not once per group.
            static SAID: std::sync::Mutex<Vec<&str>> = std::sync::Mutex::new(Vec::new());
            let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
            if said.contains(&name) {
                continue;
            }
            said.push(name);
            eprintln!(
                "note: {} or {} not found (set EVAL_DIR to the folder holding mac-dev/ and bible/); \
                 {name} is skipped",
                src.display(),
                tgt.display()
            );
            continue;
        }
        inputs.push(Input {
            name: name.to_string(),
            src: file(&src),
            src_lang: langs.0,
            tgt: file(&tgt),
            tgt_lang: langs.1,
            mode: InputMode::Presegmented,
            large: name == "bible-001",
        });
    }
    inputs
}

/// The sample release ×`times` and the evaluation inputs that are present.
pub fn all_inputs(times: usize) -> Vec<Input> {
    let mut inputs = vec![sample(times)];
    inputs.extend(eval_inputs());
    inputs
}
