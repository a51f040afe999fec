//! TMX 1.4b output, written with quick-xml.
//!
//! One `<tu>` per bead whose sides are both non-empty (empty-side beads are
//! kept, with a single `<tuv>`, only when asked). Each `<tu>` carries a stable
//! `tuid` (the bead's 1-based position in the alignment), the bead's
//! confidence as `<prop type="x-bitext-confidence">` and, when the pairs were
//! scored, `<prop type="x-bitext-score">` and `<prop type="x-bitext-flags">`
//! (a JSON array of the flags; left out when there are none). The sentences of a side
//! are joined with nothing between Chinese sentences and one space between
//! English ones. Characters that XML 1.0 forbids are dropped and counted; no
//! whitespace is ever added inside `<seg>`.

use super::{Bitext, Record, Sink, SinkOptions, WriteReport};
use crate::error::{Error, Result};
use crate::lang::LangTag;
pub use crate::tmx::is_xml_char;
use crate::tmx::{Header, TmxWriter, Unit, WriteStats};
use std::io::Write;

/// Options of the TMX writer.
#[derive(Debug, Clone, Default)]
pub struct TmxOptions {
    /// Language tag of the source side (`srclang` and the source `xml:lang`).
    /// `None` uses the document's bare language code.
    pub src_lang: Option<LangTag>,
    /// Language tag of the target side.
    pub tgt_lang: Option<LangTag>,
    /// Keep beads with an empty side, as `<tu>`s with one `<tuv>`.
    pub keep_empty: bool,
    /// `creationdate` for the header and every `<tu>`, as seconds since the
    /// Unix epoch (UTC). Fixed by the caller so that output is reproducible.
    pub creation_time: u64,
}

/// Formats seconds since the epoch as TMX's `YYYYMMDDThhmmssZ`.
///
/// ```
/// assert_eq!(bitext::format::tmx::tmx_date(1_620_432_000), "20210508T000000Z");
/// ```
pub fn tmx_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The header of the TMX files bitext makes: creationtool, version,
/// `segtype="sentence"`, `o-tmf`, `adminlang="en"`, `srclang`,
/// `datatype="plaintext"` and the creation date.
pub fn bitext_header(srclang: &str, creation_time: u64) -> Header {
    let attr = |k: &str, v: &str| (k.to_string(), v.to_string());
    Header {
        attrs: vec![
            attr("creationtool", "bitext"),
            attr("creationtoolversion", env!("CARGO_PKG_VERSION")),
            attr("segtype", "sentence"),
            attr("o-tmf", "bitext"),
            attr("adminlang", "en"),
            attr("srclang", srclang),
            attr("datatype", "plaintext"),
            attr("creationdate", &tmx_date(creation_time)),
        ],
        meta: Vec::new(),
    }
}

/// Writes the bitext as TMX 1.4b.
pub fn write(b: Bitext<'_>, opts: &TmxOptions, out: &mut dyn Write) -> Result<WriteReport> {
    super::write(super::Format::Tmx, b, opts, out)
}

/// Writes records as `<tu>`s.
///
/// A record holding a TMX unit ([`Record::unit`]) is written as that unit.
/// Any other becomes a unit with `tuid` (the record's, else its 1-based
/// position among the records), `creationdate` (when the options give
/// one), the properties of [`Record::tmx_meta`] and its two texts; a
/// record written without its two languages ([`Record::src_lang`],
/// [`Record::tgt_lang`]) is an error. A side
/// made only of whitespace or characters XML forbids is empty: a record
/// with two empty sides is left out, one with one empty side too unless
/// [`SinkOptions::keep_empty`].
pub struct TmxSink<'a> {
    w: TmxWriter<'a>,
    date: Option<String>,
    keep_empty: bool,
    position: usize,
    report: WriteReport,
}

impl<'a> TmxSink<'a> {
    /// Writes the prologue, the header and `<body>`.
    ///
    /// Without a header in the options, bitext's own is written
    /// ([`bitext_header`]), with no `creationdate` when
    /// [`SinkOptions::creation_time`] is `None` (the TMX 1.4 DTD makes it
    /// optional). TMX requires a source language: an empty
    /// [`SinkOptions::srclang`] (or a header without `srclang`) is an
    /// [`Error::Config`].
    pub fn start(out: &'a mut dyn Write, opts: &SinkOptions) -> Result<Self> {
        let header = match &opts.header {
            Some(h) => h.clone(),
            None => {
                let mut h = bitext_header(&opts.srclang, opts.creation_time.unwrap_or_default());
                if opts.creation_time.is_none() {
                    h.attrs.retain(|(k, _)| k != "creationdate");
                }
                h
            }
        };
        if crate::tmx::attr(&header.attrs, "srclang").is_none_or(|l| l.trim().is_empty()) {
            return Err(Error::Config(
                "a TMX needs a source language: SinkOptions::srclang is empty \
                 (or the header given has no srclang)"
                    .into(),
            ));
        }
        Ok(TmxSink {
            w: TmxWriter::start(out, &header)?,
            date: opts.creation_time.map(tmx_date),
            keep_empty: opts.keep_empty,
            position: 0,
            report: WriteReport::default(),
        })
    }

    /// Writes a unit as it is; false when it had no non-empty segment.
    pub fn write_unit(&mut self, unit: &Unit) -> Result<bool> {
        let before = self.w.stats().skipped_variants;
        let written = self.w.write_unit(unit)?;
        if written {
            self.report.written += 1;
            self.report.empty_variants += self.w.stats().skipped_variants - before;
        }
        Ok(written)
    }
}

/// A run of records formatted by a fragment writer.
struct Formatted {
    bytes: Vec<u8>,
    stats: WriteStats,
    report: WriteReport,
    skipped: usize,
    error: Option<Error>,
}

impl TmxSink<'_> {
    /// Writes `records` one after the other: how many were left out, and
    /// the error that stopped it, if any.
    fn write_each(&mut self, records: &[Record]) -> (usize, Option<Error>) {
        let mut skipped = 0;
        for r in records {
            match self.write(r) {
                Ok(true) => {}
                Ok(false) => skipped += 1,
                Err(e) => return (skipped, Some(e)),
            }
        }
        (skipped, None)
    }
}

impl Sink for TmxSink<'_> {
    /// Formats runs of 256 records on rayon's threads,
    /// each into its own buffer (a fragment writer) with the
    /// positions the records have in the file, and writes the buffers in
    /// order: the same bytes, counts and first error as writing one record
    /// after the other.
    fn write_many(&mut self, records: &[Record]) -> Result<usize> {
        let start = self.position;
        let (date, keep_empty) = (&self.date, self.keep_empty);
        let mut skipped = 0;
        super::in_runs(
            records,
            |first, run| {
                let mut bytes = Vec::new();
                let mut part = TmxSink {
                    w: TmxWriter::fragment(&mut bytes),
                    date: date.clone(),
                    keep_empty,
                    position: start + first,
                    report: WriteReport::default(),
                };
                let (skipped, error) = part.write_each(run);
                let (stats, report) = (part.w.stats().clone(), part.report);
                Formatted {
                    bytes,
                    stats,
                    report,
                    skipped,
                    error,
                }
            },
            |run| {
                self.w.append(&run.bytes, &run.stats)?;
                self.report.written += run.report.written;
                self.report.empty_variants += run.report.empty_variants;
                skipped += run.skipped;
                run.error.map_or(Ok(()), Err)
            },
        )?;
        self.position = start + records.len();
        Ok(skipped)
    }

    fn write(&mut self, r: &Record) -> Result<bool> {
        self.position += 1;
        if let Some(unit) = &r.unit {
            return self.write_unit(unit);
        }
        let empty = |s: &str| !s.chars().any(|c| is_xml_char(c) && !c.is_whitespace());
        let empty_sides = usize::from(empty(&r.src)) + usize::from(empty(&r.tgt));
        if empty_sides == 2 || (empty_sides == 1 && !self.keep_empty) {
            return Ok(false);
        }
        for (side, lang, field) in [
            ("source", &r.src_lang, "src_lang"),
            ("target", &r.tgt_lang, "tgt_lang"),
        ] {
            if lang.as_deref().is_none_or(|l| l.trim().is_empty()) {
                return Err(Error::Config(format!(
                    "record {} has no {side} language (Record::{field}): every TMX variant \
                     needs an xml:lang",
                    self.position
                )));
            }
        }
        let mut attrs = Vec::new();
        if r.tuid.is_none() {
            attrs.push(("tuid".to_string(), self.position.to_string()));
        }
        if let Some(d) = &self.date {
            attrs.push(("creationdate".to_string(), d.clone()));
        }
        let unit = r.to_unit(&attrs);
        self.write_unit(&unit)
    }

    fn finish(self: Box<Self>) -> Result<WriteReport> {
        let mut report = self.report;
        report.dropped_chars = self.w.finish()?.dropped_chars;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_xml_chars() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
        assert_eq!(tmx_date(1_700_000_000), "20231114T221320Z");
    }

    fn record(src_lang: Option<&str>, tgt_lang: Option<&str>) -> Record {
        Record {
            src: "你好。".into(),
            tgt: "Hello.".into(),
            src_lang: src_lang.map(str::to_string),
            tgt_lang: tgt_lang.map(str::to_string),
            ..Record::default()
        }
    }

    fn write(records: &[Record], opts: &SinkOptions) -> Result<String> {
        let mut out = Vec::new();
        super::super::write_records(super::super::Format::Tmx, records, opts, vec![&mut out])?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_tmx_without_languages_is_an_error() {
        let zh_en = [record(Some("zh"), Some("en"))];
        // No srclang: the header would say srclang="".
        let err = write(&zh_en, &SinkOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("srclang"), "{err}");
        let opts = SinkOptions {
            srclang: "zh".into(),
            ..SinkOptions::default()
        };
        // A record without a language: the variant would say xml:lang="".
        for (r, missing) in [
            (
                record(None, Some("en")),
                "source language (Record::src_lang)",
            ),
            (
                record(Some("zh"), Some(" ")),
                "target language (Record::tgt_lang)",
            ),
        ] {
            let err = write(&[zh_en[0].clone(), r], &opts)
                .unwrap_err()
                .to_string();
            assert!(err.contains(&format!("record 2 has no {missing}")), "{err}");
        }
        assert!(write(&zh_en, &opts).is_ok());
    }

    /// Writes `records` one after the other through [`Sink::write`]: the
    /// bytes, the report, and the error that stopped it.
    fn write_serially(records: &[Record], opts: &SinkOptions) -> (Vec<u8>, WriteReport, String) {
        let mut out = Vec::new();
        let mut sink = TmxSink::start(&mut out, opts).unwrap();
        let mut error = String::new();
        let mut skipped = 0;
        for r in records {
            match sink.write(r) {
                Ok(written) => skipped += usize::from(!written),
                Err(e) => {
                    error = e.to_string();
                    break;
                }
            }
        }
        let mut report = Box::new(sink).finish().unwrap();
        report.skipped = skipped;
        (out, report, error)
    }

    /// The same through [`Sink::write_many`].
    fn write_at_once(records: &[Record], opts: &SinkOptions) -> (Vec<u8>, WriteReport, String) {
        let mut out = Vec::new();
        let mut sink = TmxSink::start(&mut out, opts).unwrap();
        let (skipped, error) = match sink.write_many(records) {
            Ok(skipped) => (skipped, String::new()),
            Err(e) => (0, e.to_string()),
        };
        let mut report = Box::new(sink).finish().unwrap();
        report.skipped = skipped;
        (out, report, error)
    }

    /// Records of every kind the TMX sink tells apart: both sides, one
    /// side empty or only forbidden characters, scores and flags, a tuid of
    /// their own, a record holding a unit.
    fn varied_records(count: usize) -> Vec<Record> {
        (0..count)
            .map(|i| {
                let mut r = record(Some("zh"), Some("en"));
                r.src = format!("第{i}句。");
                r.tgt = format!("Sentence {i} & <more>.");
                match i % 7 {
                    1 => r.tgt = String::new(),
                    2 => r.src = "\u{1}\u{2}".into(),
                    3 => r.tgt = format!("Bell\u{7} {i}"),
                    4 => r.tuid = Some(format!("own-{i}")),
                    5 => {
                        r.score = Some(0.5);
                        r.confidence = Some(0.25);
                    }
                    6 if i % 2 == 0 => {
                        r.unit = Some(r.to_unit(&[("tuid".to_string(), format!("u{i}"))]));
                    }
                    _ => {}
                }
                r
            })
            .collect()
    }

    #[test]
    fn many_records_at_once_write_what_one_at_a_time_writes() {
        // Less than a run, a few runs, and more than the runs formatted at
        // once (a second block, whose positions go on from the first's).
        let long = super::super::FORMAT_RUN * super::super::RUNS_AT_ONCE
            + 3 * super::super::FORMAT_RUN / 2;
        for count in [0, 5, super::super::FORMAT_RUN + 1, long] {
            let records = varied_records(count);
            for keep_empty in [false, true] {
                let opts = SinkOptions {
                    srclang: "zh".into(),
                    creation_time: Some(1_620_432_000),
                    keep_empty,
                    ..SinkOptions::default()
                };
                let serial = write_serially(&records, &opts);
                assert!(serial.2.is_empty(), "{}", serial.2);
                let at_once = write_at_once(&records, &opts);
                assert_eq!(
                    at_once.1, serial.1,
                    "{count} records, keep_empty {keep_empty}"
                );
                assert!(at_once.0 == serial.0, "{count} records: the bytes differ");
            }
        }
        // The first error stops both at the same record, with the records
        // before it written (a record in the second block; the bad record
        // after it, in the same run, is never reached).
        let mut records = varied_records(long);
        let bad = super::super::FORMAT_RUN * super::super::RUNS_AT_ONCE + 10;
        records[bad].tgt_lang = None;
        records[bad + 40].src_lang = None;
        let opts = SinkOptions {
            srclang: "zh".into(),
            ..SinkOptions::default()
        };
        let serial = write_serially(&records, &opts);
        let at_once = write_at_once(&records, &opts);
        assert!(
            serial
                .2
                .contains(&format!("record {} has no target", bad + 1)),
            "{}",
            serial.2
        );
        assert_eq!(at_once.2, serial.2);
        assert_eq!(at_once.1.written, serial.1.written);
        assert!(at_once.0 == serial.0, "the bytes before the error differ");
    }

    #[test]
    fn no_creation_time_writes_no_creationdate() {
        let records = [record(Some("zh"), Some("en"))];
        let opts = SinkOptions {
            srclang: "zh".into(),
            ..SinkOptions::default()
        };
        let tmx = write(&records, &opts).unwrap();
        assert!(!tmx.contains("creationdate"), "{tmx}");
        assert!(tmx.contains(r#"srclang="zh""#) && tmx.contains(r#"xml:lang="en""#));
        let dated = SinkOptions {
            creation_time: Some(0),
            ..opts
        };
        let tmx = write(&records, &dated).unwrap();
        assert_eq!(tmx.matches(r#"creationdate="19700101T000000Z""#).count(), 2);
    }
}
