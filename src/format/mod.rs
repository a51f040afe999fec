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

pub use record::{
    Attrs, FlagRecord, PropRecord, QualityProps, Record, SpanRecord, VariantMeta, attrs_problem,
};

use crate::align::Alignment;
use crate::document::Document;
use crate::error::{Error, Result};
use rayon::prelude::*;
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
    /// `\t`, `\n`, `\r`); alignments, and scored memories converted, add
    /// score and flags columns ([`QualityColumns`]).
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
    /// TSV with [`QualityColumns::WhenScored`]: records whose score and
    /// flags were not written, because more than [`tsv::HOLD_UNSCORED`]
    /// bytes of lines without a score came first and settled the file on
    /// two columns.
    pub quality_dropped: usize,
}

/// How a sink writes.
#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// TMX: the header (else bitext's own, see [`tmx::bitext_header`], with
    /// `srclang` and `creationdate` from the next two fields).
    pub header: Option<crate::tmx::Header>,
    /// TMX: the header's `srclang` when `header` is `None`; required (an
    /// empty one is an error: TMX has no default source language).
    pub srclang: String,
    /// TMX: `creationdate` of the header and of every unit built from a
    /// record (seconds since the epoch); `None` leaves the header and the
    /// units without one (the attribute is optional in TMX 1.4).
    pub creation_time: Option<u64>,
    /// TMX: keep records with one empty side, as units with one `<tuv>`;
    /// otherwise they are left out and counted as skipped.
    pub keep_empty: bool,
    /// TSV: whether `score` and `flags` columns follow the texts.
    pub quality_columns: QualityColumns,
}

/// When a TSV has the `score` and `flags` columns after the two texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QualityColumns {
    /// Never: `source TAB target`.
    #[default]
    Never,
    /// On every line (`bitext align`), empty for a record without a score
    /// or flags.
    Always,
    /// When a record carries a score or flags (`bitext convert`): a memory
    /// bitext scored, even partly, keeps its columns on every line (empty
    /// for a record without them); one it did not has two. The lines
    /// before the first scored record are held to decide (at most
    /// [`tsv::HOLD_UNSCORED`] bytes: past that the file has two columns,
    /// and the scores met later are counted in
    /// [`WriteReport::quality_dropped`], not written). Every file has one
    /// number of columns.
    WhenScored,
}

/// Where records go, in one format.
pub trait Sink {
    /// Writes one record; returns false when the format left it out.
    fn write(&mut self, record: &Record) -> Result<bool>;
    /// Writes records in order, as [`Sink::write`] one after the other
    /// would (the same bytes, and on an error the records before it
    /// written); returns how many the format left out. A sink may format
    /// them on several threads (TMX does).
    fn write_many(&mut self, records: &[Record]) -> Result<usize> {
        let mut skipped = 0;
        for r in records {
            if !self.write(r)? {
                skipped += 1;
            }
        }
        Ok(skipped)
    }
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

/// Records one thread formats at a time in [`in_runs`].
pub(crate) const FORMAT_RUN: usize = 256;

/// Runs formatted at once in [`in_runs`] before they are handed on: the
/// memory it holds is that of this many runs' output.
pub(crate) const RUNS_AT_ONCE: usize = 16;

/// Formats `records` in runs of [`FORMAT_RUN`] on rayon's threads
/// (`format` gets the place of the run's first record in `records`, and
/// the run) and hands each run's result to `take` in order, [`RUNS_AT_ONCE`]
/// runs at a time; stops at the first error `take` returns. For sinks
/// whose records format independently of each other
/// ([`Sink::write_many`]).
pub(crate) fn in_runs<T: Send>(
    records: &[Record],
    format: impl Fn(usize, &[Record]) -> T + Sync,
    mut take: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    for (b, block) in records.chunks(FORMAT_RUN * RUNS_AT_ONCE).enumerate() {
        let first = b * FORMAT_RUN * RUNS_AT_ONCE;
        let runs: Vec<T> = block
            .par_chunks(FORMAT_RUN)
            .enumerate()
            .map(|(k, run)| format(first + k * FORMAT_RUN, run))
            .collect();
        for run in runs {
            take(run)?;
        }
    }
    Ok(())
}

/// Writes `records` through a sink ([`Sink::write_many`]).
pub fn write_records(
    format: Format,
    records: &[Record],
    options: &SinkOptions,
    outs: Vec<&mut dyn Write>,
) -> Result<WriteReport> {
    let mut sink = sink(format, outs, options)?;
    let skipped = sink.write_many(records)?;
    let mut report = sink.finish()?;
    report.skipped += skipped;
    Ok(report)
}

/// Everything a writer needs.
///
/// The alignment must be one of these two documents: every writer taking a
/// `Bitext` (and [`alignment_records`]) checks it first with
/// [`Bitext::check`] and returns an error otherwise, never writing part of
/// the text or panicking.
#[derive(Debug, Clone, Copy)]
pub struct Bitext<'a> {
    /// Source document.
    pub src: &'a Document,
    /// Target document.
    pub tgt: &'a Document,
    /// Their alignment.
    pub alignment: &'a Alignment,
}

impl Bitext<'_> {
    /// Checks that the alignment is one of these documents: it was built
    /// for their sentence counts ([`Alignment::sentence_counts`]) and every
    /// bead lies inside them. An alignment from [`Alignment::from_beads`]
    /// or the [`crate::align::Aligner`] covers every sentence of both
    /// documents once, and the writers then write every sentence; one
    /// thinned by [`Alignment::retain_confident`] is accepted too, and the
    /// sentences of the beads it left out are not written (that is what it
    /// is for). An alignment of other documents is a
    /// [`Error::Config`] naming the counts.
    ///
    /// ```
    /// use bitext::{Lang, align::Aligner, document::{Document, InputMode}, format::Bitext};
    /// let doc = |name, text, lang| Document::from_text(name, text, lang, InputMode::Raw);
    /// let zh = doc("zh.txt", "你好。再见。", Lang::Zh)?;
    /// let en = doc("en.txt", "Hello. Goodbye.", Lang::En)?;
    /// let aligner = Aligner::builder().build()?;
    /// let alignment = aligner.align(&zh, &en)?;
    /// assert!(Bitext { src: &zh, tgt: &en, alignment: &alignment }.check().is_ok());
    /// // The alignment of two other, shorter documents.
    /// let other = aligner.align(&doc("a", "你好。", Lang::Zh)?, &doc("b", "Hello.", Lang::En)?)?;
    /// assert!(Bitext { src: &zh, tgt: &en, alignment: &other }.check().is_err());
    /// # Ok::<(), bitext::Error>(())
    /// ```
    pub fn check(&self) -> Result<()> {
        let (n_src, n_tgt) = (self.src.len(), self.tgt.len());
        let (a_src, a_tgt) = self.alignment.sentence_counts();
        if (a_src, a_tgt) != (n_src, n_tgt) {
            return Err(Error::Config(format!(
                "the alignment is of documents of {a_src} and {a_tgt} sentences, but {} has {n_src} \
                 and {} has {n_tgt}: align these documents, or pass the documents it was made for",
                self.src.path().display(),
                self.tgt.path().display()
            )));
        }
        let (mut i, mut j) = (0, 0);
        for b in self.alignment.beads() {
            if b.src.start < i || b.tgt.start < j || b.src.end > n_src || b.tgt.end > n_tgt {
                return Err(Error::Config(format!(
                    "bead {:?}:{:?} lies outside the documents ({n_src} and {n_tgt} sentences) \
                     or overlaps the bead before it",
                    b.src, b.tgt
                )));
            }
            (i, j) = (b.src.end, b.tgt.end);
        }
        Ok(())
    }
}

/// One record per bead: sentence ids, the joined texts, the language tags,
/// confidence and cost (rounded to 4 decimals). No `tuid`: the TMX sink
/// numbers records without one by their position. An alignment of other
/// documents is an error ([`Bitext::check`]).
pub fn alignment_records(b: Bitext<'_>, langs: (&str, &str)) -> Result<Vec<Record>> {
    b.check()?;
    // On every core, in bead order (a book has tens of thousands).
    Ok(b.alignment
        .beads()
        .par_iter()
        .with_min_len(1024)
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
        .collect())
}

/// [`alignment_records`] with each bead's score and flags from `quality`
/// (the report [`crate::quality::score_alignment`] made of the same
/// bitext): the records of a scored TMX, TSV or JSON Lines output, to write
/// with [`write_records`]. A report with another number of segments than
/// the alignment has beads is an error.
///
/// ```
/// use bitext::{Lang, align::Aligner, document::{Document, InputMode}};
/// use bitext::format::{self, Bitext, Format, SinkOptions};
/// use bitext::quality::{self, QualityOptions};
/// let zh = Document::from_text("zh.txt", "价格是100元。", Lang::Zh, InputMode::Raw)?;
/// let en = Document::from_text("en.txt", "The price is 200 yuan.", Lang::En, InputMode::Raw)?;
/// let alignment = Aligner::builder().build()?.align(&zh, &en)?;
/// let quality = quality::score_alignment(&zh, &en, &alignment, &QualityOptions::new(Lang::Zh, Lang::En))?;
/// let bitext = Bitext { src: &zh, tgt: &en, alignment: &alignment };
/// let records = format::scored_records(bitext, ("zh-CN", "en-US"), &quality)?;
/// let options = SinkOptions {
///     srclang: "zh-CN".into(),
///     creation_time: Some(1_700_000_000),
///     ..SinkOptions::default()
/// };
/// let mut tmx = Vec::new();
/// format::write_records(Format::Tmx, &records, &options, vec![&mut tmx])?;
/// let tmx = String::from_utf8(tmx).unwrap();
/// assert!(tmx.contains(r#"<prop type="x-bitext-score">"#));
/// assert!(tmx.contains("number_mismatch"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn scored_records(
    b: Bitext<'_>,
    langs: (&str, &str),
    quality: &crate::quality::QualityReport,
) -> Result<Vec<Record>> {
    let mut records = alignment_records(b, langs)?;
    if quality.segments.len() != records.len() {
        return Err(Error::Config(format!(
            "the quality report has {} segments but the alignment {} beads: score this alignment",
            quality.segments.len(),
            records.len()
        )));
    }
    for (r, q) in records.iter_mut().zip(&quality.segments) {
        r.set_quality(q);
    }
    Ok(records)
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
        quality_columns: if quality_columns {
            QualityColumns::Always
        } else {
            QualityColumns::Never
        },
    }
}

/// Writes `bitext` in `format`; `tmx_options` apply to TMX (and their
/// language tags to JSON Lines too). An alignment of other documents is an
/// error ([`Bitext::check`]).
pub fn write(
    format: Format,
    bitext: Bitext<'_>,
    tmx_options: &tmx::TmxOptions,
    out: &mut dyn Write,
) -> Result<WriteReport> {
    let (src, tgt) = alignment_langs(bitext, tmx_options);
    let records = alignment_records(bitext, (&src, &tgt))?;
    let options = alignment_sink_options(bitext, tmx_options, false);
    write_records(format, &records, &options, vec![out])
}

/// Maps an I/O error while writing output to the library error.
pub(crate) fn out_err(e: std::io::Error) -> crate::error::Error {
    crate::error::Error::io("<output>", e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::align::Bead;
    use crate::document::InputMode;

    fn doc(text: &str, lang: Lang) -> Document {
        Document::from_text("d", text, lang, InputMode::Raw).unwrap()
    }

    fn one_to_one(n: usize) -> Alignment {
        let beads = (0..n)
            .map(|i| Bead {
                src: i..i + 1,
                tgt: i..i + 1,
                cost: 0.0,
                confidence: if i == 0 { 0.2 } else { 0.9 },
            })
            .collect();
        Alignment::from_beads(beads, n, n).unwrap()
    }

    #[test]
    fn every_writer_refuses_an_alignment_of_other_documents() {
        let zh = doc("你好。再见。谢谢。", Lang::Zh);
        let en = doc("Hello. Goodbye. Thanks.", Lang::En);
        assert_eq!((zh.len(), en.len()), (3, 3));
        // Larger than the documents (it panicked), and smaller (it wrote
        // part of the text).
        for foreign in [one_to_one(5), one_to_one(1)] {
            let b = Bitext {
                src: &zh,
                tgt: &en,
                alignment: &foreign,
            };
            let err = b.check().unwrap_err().to_string();
            assert!(err.contains("the alignment is of documents of"), "{err}");
            assert!(alignment_records(b, ("zh", "en")).is_err());
            for format in [
                Format::Tmx,
                Format::Tsv,
                Format::RawTsv,
                Format::Jsonl,
                Format::Beads,
            ] {
                let mut out = Vec::new();
                let opts = tmx::TmxOptions::default();
                assert!(write(format, b, &opts, &mut out).is_err(), "{format:?}");
                assert!(out.is_empty(), "{format:?} wrote {out:?}");
            }
            assert!(tmx::write(b, &tmx::TmxOptions::default(), &mut Vec::new()).is_err());
        }
    }

    #[test]
    fn an_alignment_thinned_by_retain_confident_is_written() {
        let zh = doc("你好。再见。谢谢。", Lang::Zh);
        let en = doc("Hello. Goodbye. Thanks.", Lang::En);
        let mut a = one_to_one(3);
        assert_eq!(a.retain_confident(0.5), 1);
        let b = Bitext {
            src: &zh,
            tgt: &en,
            alignment: &a,
        };
        let records = alignment_records(b, ("zh", "en")).unwrap();
        let texts: Vec<(&str, &str)> = records
            .iter()
            .map(|r| (r.src.as_str(), r.tgt.as_str()))
            .collect();
        assert_eq!(texts, [("再见。", "Goodbye."), ("谢谢。", "Thanks.")]);
    }

    #[test]
    fn scored_records_need_a_report_of_the_same_alignment() {
        let zh = doc("你好。再见。", Lang::Zh);
        let en = doc("Hello. Goodbye.", Lang::En);
        let a = one_to_one(2);
        let b = Bitext {
            src: &zh,
            tgt: &en,
            alignment: &a,
        };
        let opts = crate::quality::QualityOptions::new(Lang::Zh, Lang::En);
        let q = crate::quality::score_alignment(&zh, &en, &a, &opts).unwrap();
        let records = scored_records(b, ("zh", "en"), &q).unwrap();
        assert!(
            records
                .iter()
                .all(|r| r.score.is_some() && r.flags.is_some())
        );
        let mut short = q.clone();
        short.segments.pop();
        assert!(scored_records(b, ("zh", "en"), &short).is_err());
    }
}
