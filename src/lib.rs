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
//! ```
//! use bitext::{Lang, align::Aligner, document::{Document, InputMode}};
//! use bitext::format::{Bitext, tmx::{self, TmxOptions}};
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
//! let mut out = Vec::new();
//! let bitext = Bitext { src: &zh, tgt: &en, alignment: &alignment };
//! tmx::write(bitext, &TmxOptions::default(), &mut out)?;
//! assert!(String::from_utf8(out).unwrap().contains("<seg>会议由国务委员兼外交部长王毅主持。</seg>"));
//! # Ok::<(), bitext::Error>(())
//! ```
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
