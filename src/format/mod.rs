//! Writing aligned pairs: one [`Record`] type, one [`Format`] enum, and a
//! [`Sink`] per format (TMX 1.4b, TSV, raw TSV, JSON Lines, Moses, bead
//! lists). `bitext align`, `convert` and `audit` all write through
//! [`sink`].
//!
//! Every writer writes the user's original text; nothing normalized is
//! ever written.

pub mod beads;
pub mod jsonl;
pub mod moses;
pub mod record;
pub mod tmx;
pub mod tsv;

pub use record::{Attrs, FlagRecord, PropRecord, Record, SpanRecord, VariantMeta, attrs_problem};

use crate::align::Alignment;
use crate::document::Document;
use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

/// The formats bitext reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// TMX (reads 1.4 and 1.1; writes 1.4b).
    #[default]
    Tmx,
    /// Source TAB target, one pair a line, with bitext's escapes (`\\`,
    /// `\t`, `\n`, `\r`); alignments add score and flags columns.
    Tsv,
    /// Source TAB target without escapes, as spreadsheets and other tools
    /// write it: a backslash is a backslash. Tabs and line breaks inside a
    /// segment are written as spaces (and counted).
    RawTsv,
    /// One JSON object a line ([`Record`]).
    Jsonl,
    /// Moses parallel files: `OUT.<src>` and `OUT.<tgt>`, one segment a line
    /// (write only).
    Moses,
    /// `[0,1]:[2]` bead lists, as in the evaluation gold files (alignments
    /// only, write only).
    Beads,
}

impl Format {
    /// The translation-memory format a file name's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "tmx" => Format::Tmx,
            "tsv" | "tab" => Format::Tsv,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            _ => return None,
        })
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Tsv => "tsv",
            Format::RawTsv => "tsv-raw",
            Format::Jsonl => "jsonl",
            Format::Moses => "moses",
            Format::Beads => "beads",
        }
    }

    /// How many output streams the format writes to (Moses: two).
    pub fn outputs(self) -> usize {
        if self == Format::Moses { 2 } else { 1 }
    }

    /// An internal error unless `writers` is [`Format::outputs`].
    pub(crate) fn check_writers(self, writers: usize) -> Result<()> {
        if writers != self.outputs() {
            return Err(Error::Internal(format!(
                "{} output needs {} writer(s), got {writers}",
                self.name(),
                self.outputs(),
            )));
        }
        Ok(())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "tmx" => Ok(Format::Tmx),
            "tsv" => Ok(Format::Tsv),
            "tsv-raw" | "raw-tsv" => Ok(Format::RawTsv),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "moses" => Ok(Format::Moses),
            "beads" | "align" => Ok(Format::Beads),
            _ => Err(format!(
                "unknown format '{s}' (expected tmx, tsv, tsv-raw, jsonl, moses or beads)"
            )),
        }
    }
}

/// What a writer did that the user should know about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Records written.
    pub written: usize,
    /// Records left out (empty-side beads in TMX).
    pub skipped: usize,
    /// Characters dropped because the format cannot hold them (XML 1.0
    /// forbids most control characters).
    pub dropped_chars: usize,
    /// TMX: variants left out of units that were written, because their
    /// segment was empty.
    pub empty_variants: usize,
    /// Segments whose line breaks (or, in raw TSV, tabs) became spaces
    /// (Moses and raw TSV).
    pub flattened: usize,
}

/// How a sink writes.
#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// TMX: the header (else bitext's own, see [`tmx::bitext_header`], with
    /// `srclang` and `creationdate` from the next two fields).
    pub header: Option<crate::tmx::Header>,
    /// TMX: the header's `srclang` when `header` is `None`.
    pub srclang: String,
    /// TMX: `creationdate` of the header and of every unit built from a
    /// record (seconds since the epoch); `None` leaves units without one.
    pub creation_time: Option<u64>,
    /// TMX: keep records with one empty side, as units with one `<tuv>`;
    /// otherwise they are left out and counted as skipped.
    pub keep_empty: bool,
    /// TSV: add `score` and `flags` columns.
    pub quality_columns: bool,
}

/// Where records go, in one format.
pub trait Sink {
    /// Writes one record; returns false when the format left it out.
    fn write(&mut self, record: &Record) -> Result<bool>;
    /// Ends the output (the TMX body) and says what was done.
    fn finish(self: Box<Self>) -> Result<WriteReport>;
}

/// A sink writing `format` to `outs` (one writer, two for Moses: source
/// then target).
pub fn sink<'a>(
    format: Format,
    outs: Vec<&'a mut dyn Write>,
    options: &SinkOptions,
) -> Result<Box<dyn Sink + 'a>> {
    format.check_writers(outs.len())?;
    let mut outs = outs.into_iter();
    let out = outs.next().expect("one writer");
    Ok(match format {
        Format::Tmx => Box::new(tmx::TmxSink::start(out, options)?),
        Format::Tsv => Box::new(tsv::TsvSink::new(out, false, options.quality_columns)),
        Format::RawTsv => Box::new(tsv::TsvSink::new(out, true, options.quality_columns)),
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(out)),
        Format::Moses => Box::new(moses::MosesSink::new(
            out,
            outs.next().expect("two writers"),
        )),
        Format::Beads => Box::new(beads::BeadsSink::new(out)),
    })
}

/// Writes `records` through a sink.
pub fn write_records<'r>(
    format: Format,
    records: impl IntoIterator<Item = &'r Record>,
    options: &SinkOptions,
    outs: Vec<&mut dyn Write>,
) -> Result<WriteReport> {
    let mut sink = sink(format, outs, options)?;
    let mut skipped = 0;
    for r in records {
        if !sink.write(r)? {
            skipped += 1;
        }
    }
    let mut report = sink.finish()?;
    report.skipped += skipped;
    Ok(report)
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

/// One record per bead: sentence ids, the joined texts, the language tags,
/// confidence and cost (rounded to 4 decimals). No `tuid`: the TMX sink
/// numbers records without one by their position.
pub fn alignment_records(b: Bitext<'_>, langs: (&str, &str)) -> Vec<Record> {
    b.alignment
        .beads()
        .iter()
        .map(|bead| Record {
            src_ids: Some(bead.src.clone().collect()),
            tgt_ids: Some(bead.tgt.clone().collect()),
            src: b.src.joined(bead.src.clone()),
            tgt: b.tgt.joined(bead.tgt.clone()),
            src_lang: Some(langs.0.to_string()),
            tgt_lang: Some(langs.1.to_string()),
            confidence: Some(record::round4(bead.confidence)),
            cost: Some(record::round4(bead.cost)),
            ..Record::default()
        })
        .collect()
}

/// The language tags of an alignment's output: the options' tags, else the
/// documents' bare codes.
pub fn alignment_langs(b: Bitext<'_>, tmx_options: &tmx::TmxOptions) -> (String, String) {
    let tag = |t: &Option<crate::LangTag>, doc: &Document| {
        t.as_ref()
            .map_or(doc.lang().code(), |t| t.as_str())
            .to_string()
    };
    (
        tag(&tmx_options.src_lang, b.src),
        tag(&tmx_options.tgt_lang, b.tgt),
    )
}

/// The sink options of an alignment written with `tmx_options`.
pub fn alignment_sink_options(
    b: Bitext<'_>,
    tmx_options: &tmx::TmxOptions,
    quality_columns: bool,
) -> SinkOptions {
    SinkOptions {
        header: None,
        srclang: alignment_langs(b, tmx_options).0,
        creation_time: Some(tmx_options.creation_time),
        keep_empty: tmx_options.keep_empty,
        quality_columns,
    }
}

/// Writes `bitext` in `format`; `tmx_options` apply to TMX (and their
/// language tags to JSON Lines too).
pub fn write(
    format: Format,
    bitext: Bitext<'_>,
    tmx_options: &tmx::TmxOptions,
    out: &mut dyn Write,
) -> Result<WriteReport> {
    let (src, tgt) = alignment_langs(bitext, tmx_options);
    let records = alignment_records(bitext, (&src, &tgt));
    let options = alignment_sink_options(bitext, tmx_options, false);
    write_records(format, &records, &options, vec![out])
}

/// Maps an I/O error while writing output to the library error.
pub(crate) fn out_err(e: std::io::Error) -> crate::error::Error {
    crate::error::Error::io("<output>", e)
}
