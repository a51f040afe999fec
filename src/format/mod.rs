//! Writing an alignment: TMX 1.4b, TSV, JSON Lines, and bead lists.
//!
//! Every writer takes the two documents and the alignment and writes the
//! user's original sentence text; nothing normalized is ever written.

pub mod beads;
pub mod jsonl;
pub mod tmx;
pub mod tsv;

use crate::align::Alignment;
use crate::document::Document;
use crate::error::Result;
use std::io::Write;
use std::str::FromStr;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// TMX 1.4b translation memory.
    #[default]
    Tmx,
    /// Source TAB target, one bead a line.
    Tsv,
    /// One JSON object per bead.
    Jsonl,
    /// `[0,1]:[2]` bead lists, as in the evaluation gold files.
    Beads,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "tmx" => Ok(Format::Tmx),
            "tsv" => Ok(Format::Tsv),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "beads" | "align" => Ok(Format::Beads),
            _ => Err(format!(
                "unknown format '{s}' (expected tmx, tsv, jsonl or beads)"
            )),
        }
    }
}

/// What a writer did that the user should know about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Beads written.
    pub written: usize,
    /// Beads left out (empty-side beads in TMX).
    pub skipped: usize,
    /// Characters dropped because the format cannot hold them (XML 1.0
    /// forbids most control characters).
    pub dropped_chars: usize,
}

/// Everything a writer needs.
#[derive(Debug, Clone, Copy)]
pub struct Bitext<'a> {
    /// Source document.
    pub src: &'a Document,
    /// Target document.
    pub tgt: &'a Document,
    /// Their alignment.
    pub alignment: &'a Alignment,
}

/// Writes `bitext` in `format`; `tmx_options` apply to TMX (and their
/// language tags to JSON Lines too).
pub fn write(
    format: Format,
    bitext: Bitext<'_>,
    tmx_options: &tmx::TmxOptions,
    out: &mut dyn Write,
) -> Result<WriteReport> {
    match format {
        Format::Tmx => tmx::write(bitext, tmx_options, out),
        Format::Tsv => tsv::write(bitext, out),
        Format::Jsonl => {
            let tag = |t: &Option<crate::LangTag>, doc: &Document| {
                t.as_ref()
                    .map_or(doc.lang().code(), |t| t.as_str())
                    .to_string()
            };
            let src = tag(&tmx_options.src_lang, bitext.src);
            let tgt = tag(&tmx_options.tgt_lang, bitext.tgt);
            jsonl::write(bitext, (&src, &tgt), out)
        }
        Format::Beads => beads::write(bitext.alignment, out),
    }
}

/// Maps an I/O error while writing output to the library error.
pub(crate) fn out_err(e: std::io::Error) -> crate::error::Error {
    crate::error::Error::io("<output>", e)
}
