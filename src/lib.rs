//! # bitext
//!
//! Align a Chinese text with its English translation sentence by sentence,
//! score each aligned pair, and write translation memory (TMX 1.4b), TSV,
//! JSON Lines or bead lists.
//!
//! The pipeline follows the data, one module per stage:
//!
//! | stage | module | main types |
//! |---|---|---|
//! | read | [`read`] | bytes → `String` (UTF-8, UTF-16 with BOM; GB18030, Big5, Windows-1252 named or detected: [`read::Decoded`]) |
//! | segment | [`segment`], [`document`] | [`document::Document`], [`document::Sentence`] |
//! | normalize | [`normalize`] | folded text for matching only |
//! | features | [`features`], [`lexicon`], [`numbers`] | [`features::SentenceFeatures`], [`lexicon::Lexicon`] |
//! | align | [`align`] | [`align::Aligner`], [`align::Alignment`], [`align::Bead`] |
//! | job | [`job`] | [`job::AlignConfig`], [`job::AlignJob`], [`job::JobReport`]: the whole pipeline for one pair; batch manifests and JSON-lines streams |
//! | write | [`format`](mod@format), [`output`] | [`format::Record`], [`format::Format`], [`format::Sink`], [`format::tmx::TmxOptions`] |
//! | translation memory | [`tmx`] | [`tmx::TmxReader`], [`tmx::TmxWriter`], [`tmx::Unit`] |
//! | convert | [`convert`] | [`convert::UnitStream`] |
//! | report | [`report`] | [`report::AuditReport`], [`report::ReportFormat`] |
//! | evaluate | [`eval`] | [`eval::Score`] |
//!
//! Every sentence is a byte span of the user's text; normalization is only
//! ever used for matching, and writers always output the original text.
//!
//! Align, score and write a TMX whose units carry each pair's score and
//! flags (`<prop type="x-bitext-score">`, `x-bitext-flags`): score the
//! alignment ([`quality::score_alignment`]), make one record per bead with
//! its quality ([`format::scored_records`]) and write them
//! ([`format::write_records`]). The sink options name the source language
//! (TMX requires it) and the creation date (fixed, so that the output is
//! reproducible; `None` leaves it out).
//!
//! ```
//! use bitext::{Lang, align::Aligner, document::{Document, InputMode}};
//! use bitext::format::{self, Bitext, Format, SinkOptions};
//! use bitext::quality::{self, QualityOptions};
//!
//! let zh = Document::from_text("zh.txt",
//!     "会议由国务委员兼外交部长王毅主持。联合国大会主席博兹克尔向会议作通报。",
//!     Lang::Zh, InputMode::Raw)?;
//! let en = Document::from_text("en.txt",
//!     "The meeting was chaired by State Councilor and Foreign Minister Wang Yi. \
//!      The President of the UN General Assembly Bozkir briefed the meeting.",
//!     Lang::En, InputMode::Raw)?;
//! let alignment = Aligner::builder().build()?.align(&zh, &en)?;
//! assert_eq!(alignment.beads().len(), 2);
//!
//! let quality = quality::score_alignment(&zh, &en, &alignment, &QualityOptions::new(Lang::Zh, Lang::En))?;
//! let bitext = Bitext { src: &zh, tgt: &en, alignment: &alignment };
//! let records = format::scored_records(bitext, ("zh-CN", "en-US"), &quality)?;
//! let options = SinkOptions {
//!     srclang: "zh-CN".into(),
//!     creation_time: Some(1_620_432_000),
//!     ..SinkOptions::default()
//! };
//! let mut out = Vec::new();
//! format::write_records(Format::Tmx, &records, &options, vec![&mut out])?;
//! let tmx = String::from_utf8(out).unwrap();
//! assert!(tmx.contains("<seg>会议由国务委员兼外交部长王毅主持。</seg>"));
//! assert!(tmx.contains(r#"<prop type="x-bitext-score">"#));
//! assert!(tmx.contains(r#"creationdate="20210508T000000Z""#));
//! # Ok::<(), bitext::Error>(())
//! ```
//!
//! Without scores, [`format::tmx::write`] writes the alignment alone (with
//! each bead's confidence), and [`job::align`] runs the whole pipeline,
//! scores and all, from the texts.
#![deny(missing_docs)]

pub mod align;
pub mod convert;
pub mod document;
pub mod error;
pub mod eval;
pub mod features;
pub mod format;
mod hash;
pub mod job;
pub mod lang;
pub mod lexicon;
pub mod memory;
pub mod normalize;
pub mod numbers;
pub mod output;
pub mod quality;
pub mod read;
pub mod report;
pub mod segment;
pub mod tmx;

pub use error::{Error, Result};
pub use lang::{Lang, LangTag};

/// Helpers shared by the unit tests of several modules.
#[cfg(test)]
pub(crate) mod test_support {
    /// Every text made of up to `up_to` of `pieces` one after another
    /// (the empty text included), sorted, each once: the inputs of an
    /// oracle test that compares a fast reader with a plain one.
    pub(crate) fn every_sequence(pieces: &[&str], up_to: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        for _ in 0..up_to {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        texts
    }
}
