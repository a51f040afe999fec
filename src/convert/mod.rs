//! Converting translation memory between TMX, TSV, JSON Lines and Moses
//! parallel files.
//!
//! A [`UnitStream`] reads any of TMX, TSV or JSON Lines one unit at a time
//! and knows the language pair; [`write()`] writes the units in the target
//! format, leaving out duplicates when asked.
//!
//! * TMX → TMX keeps every variant, attribute, note, property and inline
//!   element, unless a language pair is named, which keeps just those two
//!   variants.
//! * The other outputs hold one language pair as plain text
//!   ([`crate::tmx::Segment::plain_text`]): TSV as `source TAB target` with
//!   `\\`, `\t`, `\n`, `\r` escaped (bitext's TSV), followed, for a
//!   memory bitext scored, by the score and flags columns `bitext align`
//!   writes ([`QualityColumns::WhenScored`]), JSON Lines with `src`,
//!   `tgt`, their languages and the unit's properties and notes, and Moses as
//!   two line-aligned files. Units that lack one of the two languages or
//!   whose segment is empty in either are left out and counted, but for
//!   [`ConvertOptions::keep_empty`], which keeps those with text on one
//!   side (as `align --keep-empty` does).
//!
//! ```
//! use bitext::convert::{ConvertOptions, UnitStream, write};
//! use bitext::format::Format;
//! let tsv = "你好\tHello\n谢谢\tThanks\n你好\tHello\n";
//! let stream = UnitStream::new(tsv.as_bytes(), "pairs.tsv", Format::Tsv, None, None)?;
//! let mut out = Vec::new();
//! let options = ConvertOptions { dedupe: true, ..ConvertOptions::default() };
//! let report = write(stream, Format::Jsonl, &mut [&mut out], &options)?;
//! assert_eq!((report.read, report.written, report.duplicates), (3, 2, 1));
//! let first = String::from_utf8(out).unwrap().lines().next().unwrap().to_string();
//! assert_eq!(first, r#"{"src":"你好","tgt":"Hello","src_lang":"zh","tgt_lang":"en","tuid":"1"}"#);
//! # Ok::<(), bitext::Error>(())
//! ```

pub mod script;
mod stream;

pub use crate::format::Format;
pub use stream::{PairsRead, UnitStream, sniff_format};

use crate::error::{Error, Result};
use crate::format::record::{PROP_FLAGS, PROP_SCORE, QualityProps};
use crate::format::tmx::{TmxSink, bitext_header};
use crate::format::{QualityColumns, Record, Sink, SinkOptions};
use crate::lang::{Sample, check_sides};
use crate::quality::Severity;
use crate::tmx::{self, Header, Unit, Variant};
use script::ScriptCount;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

/// Options of [`write()`].
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Keep only the first unit of each pair of texts: the source and
    /// target texts (for TMX → TMX of every language, the languages and
    /// their texts) are compared as plain text, and nothing else (tuids,
    /// notes, properties such as a merged batch's document or a score,
    /// inline markup). The first unit is written as it is.
    pub dedupe: bool,
    /// `creationdate` of a TMX written from TSV or JSON Lines, in seconds
    /// since the epoch.
    pub creation_time: u64,
    /// Leave out units whose quality score, as bitext wrote it (the
    /// `x-bitext-score` property of a TMX unit, the `score` field of JSON
    /// Lines, the third column of bitext's four-column TSV), is below this
    /// (0 to 1). The score is compared as written (four decimals), so a
    /// threshold read off the file keeps exactly the units shown at or above
    /// it. A unit without a score is kept and counted
    /// ([`ConvertReport::unscored`]); an input none of whose units carries
    /// a score (or flags) is an error ([`Error::Options`]), before anything
    /// is written (the output is held back until a scored unit is read; a
    /// memory whose first 16 MiB of output hold none is refused so too).
    pub min_score: Option<f64>,
    /// Leave out units with a quality flag at least this serious, as bitext
    /// wrote the flags (the `x-bitext-flags` property of a TMX unit, the
    /// `flags` field of JSON Lines, the fourth column of bitext's TSV). A
    /// unit with a score and no flags has none; a unit with neither is
    /// kept and counted ([`ConvertReport::unscored`]).
    pub drop_flagged: Option<Severity>,
    /// Keep units with text on one side only, as `bitext align
    /// --keep-empty` does: a TMX unit of a single `<tuv>` in the source or
    /// the target language (what `align --keep-empty` writes for an
    /// omission or an addition), or a TSV or JSON Lines record with one
    /// empty side, is written with an empty other side (TSV, JSON Lines,
    /// Moses) or with its one `<tuv>` (TMX), and counted
    /// ([`ConvertReport::one_sided`]). Units with no text on either side
    /// are left out all the same.
    pub keep_empty: bool,
}

impl ConvertOptions {
    /// True when `min_score` or `drop_flagged` is on.
    fn filters(&self) -> bool {
        self.min_score.is_some() || self.drop_flagged.is_some()
    }
}

/// What a conversion did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConvertReport {
    /// Units read.
    pub read: usize,
    /// Units written.
    pub written: usize,
    /// Units left out as duplicates of an earlier one.
    pub duplicates: usize,
    /// Units left out because they lack the source or target language.
    pub missing_lang: usize,
    /// Units left out because a segment was empty.
    pub empty: usize,
    /// Units left out (counted in `missing_lang` or `empty`) that have text
    /// on one side only: [`ConvertOptions::keep_empty`] would keep them.
    pub one_sided_left_out: usize,
    /// Units written with text on one side only
    /// ([`ConvertOptions::keep_empty`]).
    pub one_sided: usize,
    /// Units left out by [`ConvertOptions::min_score`].
    pub below_min_score: usize,
    /// Units left out by [`ConvertOptions::drop_flagged`] (and not by
    /// `min_score`).
    pub flagged: usize,
    /// Units kept though a filter that is on could not judge them: without
    /// a score for `min_score`, without a score or flags for
    /// `drop_flagged` (units bitext did not score: from another tool, a
    /// two-column TSV).
    pub unscored: usize,
    /// TMX output: variants left out of units that were written, because
    /// their segment was empty.
    pub empty_variants: usize,
    /// Characters dropped because XML 1.0 forbids them (TMX output).
    pub dropped_chars: usize,
    /// Segments whose line breaks (or, in raw TSV, tabs) became spaces
    /// (Moses and raw TSV output).
    pub flattened: usize,
    /// TSV: units whose score and flags were not written (the file was
    /// settled on two columns before the first score; see
    /// [`crate::format::QualityColumns::WhenScored`]).
    pub quality_dropped: usize,
    /// True when every language of every unit was kept (TMX → TMX without a
    /// named pair); `src_lang` and `tgt_lang` then say nothing.
    pub all_languages: bool,
    /// The source language.
    pub src_lang: String,
    /// The target language.
    pub tgt_lang: String,
    /// What the user should be told about the units written, one line
    /// each, naming the input: variants written under the language tag
    /// the user named (`zh-CN` as `--src-lang zh-TW`); Chinese text whose
    /// script contradicts its tag (traditional text tagged `zh-CN`, a
    /// warning: the line starts with `warning: `).
    pub notices: Vec<String>,
}

/// What `--dedupe` compares: the plain text of each variant written, with
/// its language for whole units (a corpus wants each pair of texts once;
/// the same pair in two documents of a merged batch differs in tuid,
/// document and score, and is still a duplicate).
type DedupeKey = Vec<(String, String)>;

/// Writes every unit of `stream` in `format` to `outs`: one writer, or two
/// (source, target) for Moses.
pub fn write(
    mut stream: UnitStream<'_>,
    format: Format,
    outs: &mut [&mut dyn Write],
    options: &ConvertOptions,
) -> Result<ConvertReport> {
    if format == Format::Beads {
        return Err(Error::Config(
            "bead lists are written from alignments only".into(),
        ));
    }
    format.check_writers(outs.len())?;
    let mut report = ConvertReport {
        src_lang: stream.src_lang.clone(),
        tgt_lang: stream.tgt_lang.clone(),
        ..ConvertReport::default()
    };
    // With --dedupe, what makes two units the same: the plain texts of the
    // pair (or of every variant, with its language).
    let mut seen: HashSet<DedupeKey> = HashSet::new();
    let whole_units = format == Format::Tmx && stream.header.is_some() && !stream.pair_named;
    if !whole_units && let Some(message) = stream.pair_error.take() {
        return Err(Error::LanguagePair(message));
    }
    let records = stream.header.is_none();
    report.all_languages = whole_units;
    let sink_options = SinkOptions {
        header: Some(output_header(&stream, options.creation_time)),
        quality_columns: QualityColumns::WhenScored,
        ..SinkOptions::default()
    };
    // Nothing reaches the output before the language check has passed
    // (standard output cannot be taken back as a file can): the writers
    // hold what they are given until then, at most what the check's 200,000
    // characters of each side make, or HOLD_BYTES when that is less (the
    // check then runs on the sample so far).
    let gate = Gate::default();
    let mut held: Vec<HeldBack<'_>> = outs
        .iter_mut()
        .map(|w| HeldBack {
            inner: &mut **w,
            held: Vec::new(),
            gate: &gate,
        })
        .collect();
    // With --min-score or --drop-flagged, nothing is written either before
    // a unit bitext scored has been read: an input without scores is an
    // error, not a copy.
    let filters = options.filters();
    let mut judged_seen = false;
    if whole_units && !filters {
        gate.open();
    }
    let mut writers: Vec<&mut dyn Write> = Vec::with_capacity(held.len());
    for w in held.iter_mut() {
        writers.push(w);
    }
    // TMX keeps whole units (markup, every variant) through its own sink;
    // the other formats take records.
    let mut output = if format == Format::Tmx {
        let out = writers.into_iter().next().expect("one writer");
        Output::Tmx(TmxSink::start(out, &sink_options)?)
    } else {
        Output::Records(crate::format::sink(format, writers, &sink_options)?)
    };
    let mut written = 0;
    // What the two sides of the pair written look like, to refuse text
    // declared in the other language (or swapped).
    let mut samples = [Sample::default(), Sample::default()];
    let (shown, src_lang, tgt_lang) = (
        stream.path.display().to_string(),
        report.src_lang.clone(),
        report.tgt_lang.clone(),
    );
    let check = |s: &[Sample; 2]| {
        check_sides(
            &shown,
            (&s[0], &src_lang),
            (&s[1], &tgt_lang),
            declare_advice(records),
        )
    };
    // The languages of the units read (folded tags, and in how many units
    // each), to say what the file holds when nothing can be written.
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    // A pair named with a region or script (`zh-TW`) labels the variants
    // picked under another (`zh-CN`, `zh`): (tag read, tag written) → units.
    let relabel = stream.pair_named;
    let mut relabelled: BTreeMap<(String, String), usize> = BTreeMap::new();
    // The Chinese text written under each tag that names a script.
    let mut scripts: BTreeMap<String, ScriptCount> = BTreeMap::new();
    let mut tally = |lang: &str, text: &str| {
        if script::script_of_tag(lang).is_some() {
            scripts.entry(lang.to_string()).or_default().add(text);
        }
    };
    while let Some(mut unit) = stream.next_unit()? {
        report.read += 1;
        stream.line_as_tuid(&mut unit, false);
        let mut tags: Vec<String> = unit
            .variants
            .iter()
            .map(|v| tmx::fold_lang(&v.lang))
            .collect();
        tags.sort();
        tags.dedup();
        for tag in tags {
            *languages.entry(tag).or_default() += 1;
        }
        // Records of TSV and JSON Lines without languages take the pair's.
        for (k, v) in unit.variants.iter_mut().enumerate() {
            if records && v.lang.is_empty() {
                v.lang = if k == 0 {
                    &report.src_lang
                } else {
                    &report.tgt_lang
                }
                .clone();
            }
        }
        if whole_units {
            let quality = unit_quality(&unit);
            judged_seen |= quality.judged();
            if filters && !gate.is_open() {
                if !judged_seen && gate.holds_too_much() {
                    return Err(unscored_input(&stream.path, &report, options));
                }
                if judged_seen || gate.holds_too_much() {
                    gate.open();
                }
            }
            if !keep(&quality, options, &mut report) {
                continue;
            }
            if options.dedupe {
                let key = unit
                    .variants
                    .iter()
                    .map(|v| (tmx::fold_lang(&v.lang), v.seg.plain_text()))
                    .collect();
                if !seen.insert(key) {
                    report.duplicates += 1;
                    continue;
                }
            }
            let Output::Tmx(w) = &mut output else {
                return Err(Error::Internal("whole units need a TMX sink".into()));
            };
            if w.write_unit(&unit)? {
                written += 1;
                for v in &unit.variants {
                    tally(&v.lang, &v.seg.plain_text());
                }
            } else {
                report.empty += 1;
            }
            continue;
        }
        if unit.pair(&report.src_lang, &report.tgt_lang).is_none()
            && let Some(whole) = stream::with_empty_side(&unit, &report.src_lang, &report.tgt_lang)
        {
            if !options.keep_empty {
                report.one_sided_left_out += 1;
                report.missing_lang += 1;
                continue;
            }
            unit = whole;
        }
        let Some((src_read, tgt_read)) = unit.pair(&report.src_lang, &report.tgt_lang) else {
            report.missing_lang += 1;
            continue;
        };
        let (src, tgt) = if relabel {
            (
                labelled(src_read, &report.src_lang),
                labelled(tgt_read, &report.tgt_lang),
            )
        } else {
            (Cow::Borrowed(src_read), Cow::Borrowed(tgt_read))
        };
        let (src, tgt) = (src.as_ref(), tgt.as_ref());
        let mut record = Record::from_pair(&unit, src, tgt);
        // Empty, or for TMX empty once the characters XML forbids are gone.
        let blank = |t: &str| {
            !t.chars()
                .any(|c| !c.is_whitespace() && (format != Format::Tmx || tmx::is_xml_char(c)))
        };
        let markup = format == Format::Tmx && (src.seg.has_markup() || tgt.seg.has_markup());
        // A side without text (and, for TMX, without inline codes).
        let no_text =
            |text: &str, v: &Variant| blank(text) && !(format == Format::Tmx && v.seg.has_markup());
        let empty_sides = [(&record.src, src), (&record.tgt, tgt)]
            .into_iter()
            .filter(|(text, v)| no_text(text, v))
            .count();
        if empty_sides == 2 {
            report.empty += 1;
            continue;
        }
        if !options.keep_empty && !markup && empty_sides == 1 {
            report.one_sided_left_out += 1;
            report.empty += 1;
            continue;
        }
        let one_sided = options.keep_empty && empty_sides == 1;
        let quality = unit_quality(&unit);
        judged_seen |= quality.judged();
        if !keep(&quality, options, &mut report) {
            continue;
        }
        if options.dedupe {
            let key = vec![
                (String::new(), record.src.clone()),
                (String::new(), record.tgt.clone()),
            ];
            if !seen.insert(key) {
                report.duplicates += 1;
                continue;
            }
        }
        samples[0].add(&record.src);
        samples[1].add(&record.tgt);
        for (read, written) in [(src_read, src), (tgt_read, tgt)] {
            if read.lang != written.lang {
                *relabelled
                    .entry((read.lang.clone(), written.lang.clone()))
                    .or_default() += 1;
            }
        }
        tally(&src.lang, &record.src);
        tally(&tgt.lang, &record.tgt);
        if !gate.is_open()
            && (gate.holds_too_much()
                || (samples.iter().all(Sample::is_full) && (!filters || judged_seen)))
        {
            check(&samples)?;
            if filters && !judged_seen {
                return Err(unscored_input(&stream.path, &report, options));
            }
            gate.open();
        }
        match &mut output {
            Output::Tmx(w) => {
                // The pair's variants with their markup, in the unit's frame.
                // (A side without text is no `<tuv>`, as `align
                // --keep-empty` writes it.)
                record.unit = Some(Unit {
                    attrs: unit.attrs.clone(),
                    meta: unit.meta.clone(),
                    variants: [(&record.src, src), (&record.tgt, tgt)]
                        .into_iter()
                        .filter(|(text, v)| !(one_sided && no_text(text, v)))
                        .map(|(_, v)| v.clone())
                        .collect(),
                });
                if !w.write(&record)? {
                    report.empty += 1;
                    continue;
                }
            }
            Output::Records(sink) => {
                sink.write(&record)?;
            }
        }
        written += 1;
        report.one_sided += usize::from(one_sided);
    }
    // Nothing to write is an error before anything reaches the output (the
    // empty TMX's header and closing tags included); whole units went
    // through an open gate, and end their TMX first.
    if filters && report.read > 0 && !judged_seen {
        return Err(unscored_input(&stream.path, &report, options));
    }
    if report.read > 0 && written == 0 && !gate.is_open() {
        return Err(nothing_written(&stream.path, &report, &languages));
    }
    if !gate.is_open() {
        // Whole units have no language check (they keep every language).
        if !whole_units {
            check(&samples)?;
        }
        gate.open();
    }
    let sink_report = output.finish()?;
    // What the writers still hold (a short memory, checked only at its
    // end, whose sink wrote nothing after that).
    for w in &mut held {
        w.release().map_err(crate::format::out_err)?;
    }
    report.written = written;
    report.dropped_chars = sink_report.dropped_chars;
    report.empty_variants = sink_report.empty_variants;
    report.flattened = sink_report.flattened;
    report.quality_dropped = sink_report.quality_dropped;
    let shown = stream.path.display();
    for ((read, written), n) in &relabelled {
        let option = if tmx::same_lang(written, &report.src_lang) {
            "--src-lang"
        } else {
            "--tgt-lang"
        };
        report.notices.push(format!(
            "{shown}: {} {read} written as {written}, the language {option} names \
             (the TMX header's srclang says so too)",
            crate::report::plural(*n, "unit's", "units'")
        ));
    }
    for (tag, count) in &scripts {
        let side = if tmx::same_lang(tag, &report.src_lang) {
            "--src-lang"
        } else if tmx::same_lang(tag, &report.tgt_lang) {
            "--tgt-lang"
        } else {
            "--src-lang or --tgt-lang"
        };
        let what = format!("{shown}: the text written as {tag}");
        if let Some(notice) = count.notice(tag, &what, side) {
            report.notices.push(format!("warning: {notice}"));
        }
    }
    if report.read > 0 && report.written == 0 {
        return Err(nothing_written(&stream.path, &report, &languages));
    }
    Ok(report)
}

/// Whether the output may be written: closed until the language check has
/// passed.
#[derive(Default)]
struct Gate {
    open: std::cell::Cell<bool>,
    /// Bytes the writers hold while the gate is closed.
    held: std::cell::Cell<usize>,
}

/// The most output held back while the language sample fills (records
/// with large notes or properties and short texts fill it slowly); past
/// it, the check runs on the sample so far.
const HOLD_BYTES: usize = 16 << 20;

impl Gate {
    fn open(&self) {
        self.open.set(true);
    }

    fn is_open(&self) -> bool {
        self.open.get()
    }

    /// True once the writers hold more than [`HOLD_BYTES`].
    fn holds_too_much(&self) -> bool {
        self.held.get() > HOLD_BYTES
    }
}

/// A writer that keeps what it is given while its gate is closed, and
/// passes it on (what it kept first) once the gate is open. Flushing a
/// closed one flushes nothing: the kept bytes are dropped with it if the
/// gate never opens.
struct HeldBack<'w> {
    inner: &'w mut dyn Write,
    held: Vec<u8>,
    gate: &'w Gate,
}

impl HeldBack<'_> {
    fn release(&mut self) -> std::io::Result<()> {
        if !self.held.is_empty() {
            self.inner.write_all(&self.held)?;
            self.held = Vec::new();
        }
        Ok(())
    }
}

impl Write for HeldBack<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.gate.is_open() {
            self.held.extend_from_slice(buf);
            self.gate.held.set(self.gate.held.get() + buf.len());
            return Ok(buf.len());
        }
        self.release()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.gate.is_open() {
            return Ok(());
        }
        self.release()?;
        self.inner.flush()
    }
}

/// How to set right the languages of a memory whose text contradicts them:
/// a TMX's `xml:lang` tags, or `--src-lang`/`--tgt-lang` for records.
pub fn declare_advice(records: bool) -> &'static str {
    if records {
        "name the languages of the columns with --src-lang and --tgt-lang"
    } else {
        "check the xml:lang of the <tuv> elements; --src-lang and --tgt-lang pick variants by their tags"
    }
}

/// `variant` under the tag the user named for its side, when that tag has
/// a region or script (`zh-TW`) and the variant's is another (`zh-CN`,
/// `zh`): a user naming `zh-TW` relabels the memory, header and units
/// alike. A bare language named (`zh`) keeps the variant's own tag.
fn labelled<'v>(variant: &'v Variant, named: &str) -> Cow<'v, Variant> {
    if !tmx::fold_lang(named).contains('-') || tmx::same_lang(&variant.lang, named) {
        return Cow::Borrowed(variant);
    }
    let mut v = variant.clone();
    v.lang = named.to_string();
    Cow::Owned(v)
}

/// The error for a conversion that read units and wrote none: why, and when
/// the language pair is the cause, the languages the file holds.
fn nothing_written(
    path: &Path,
    report: &ConvertReport,
    languages: &BTreeMap<String, usize>,
) -> Error {
    let units = |n: usize| crate::report::plural(n, "unit", "units");
    let reason = if report.missing_lang > 0 {
        let held: Vec<String> = languages
            .iter()
            .map(|(tag, n)| {
                let tag = if tag.is_empty() { "(no language)" } else { tag };
                format!("{tag} ({})", units(*n))
            })
            .collect();
        format!(
            "no unit holds both {} and {}; the file holds {}; name the pair with --src-lang and --tgt-lang",
            report.src_lang,
            report.tgt_lang,
            held.join(", ")
        )
    } else if report.below_min_score + report.flagged > 0 {
        let mut why = Vec::new();
        if report.below_min_score > 0 {
            why.push(format!("{} by --min-score", units(report.below_min_score)));
        }
        if report.flagged > 0 {
            why.push(format!("{} by --drop-flagged", units(report.flagged)));
        }
        format!("every unit was left out ({})", why.join(", "))
    } else {
        "every unit had an empty segment".to_string()
    };
    let reason = match report.one_sided_left_out {
        0 => reason,
        n => format!(
            "{reason} ({} with text on one side only: --keep-empty keeps {})",
            units(n),
            if n == 1 { "it" } else { "them" }
        ),
    };
    Error::NothingWritten {
        path: path.to_path_buf(),
        read: report.read,
        reason,
    }
}

/// What bitext wrote of a unit's quality: its score and flags, read as
/// [`Record::from_pair`] reads them ([`QualityProps`]; a TSV or JSON Lines
/// record's fields are properties of its unit too).
fn unit_quality(unit: &Unit) -> QualityProps {
    QualityProps::read(&unit.meta, |_, _| {})
}

/// True when a flag of `quality` is at least as serious as `min`.
fn has_flag(quality: &QualityProps, min: Severity) -> bool {
    quality
        .flags
        .iter()
        .flatten()
        .any(|f| Severity::from_name(&f.severity).is_some_and(|s| s >= min))
}

/// Whether `--min-score` and `--drop-flagged` keep a unit, counting those
/// left out and those kept unjudged in `report`.
fn keep(quality: &QualityProps, options: &ConvertOptions, report: &mut ConvertReport) -> bool {
    if let (Some(min), Some(s)) = (options.min_score, quality.score)
        && s < min
    {
        report.below_min_score += 1;
        return false;
    }
    if options
        .drop_flagged
        .is_some_and(|min| has_flag(quality, min))
    {
        report.flagged += 1;
        return false;
    }
    if (options.min_score.is_some() && quality.score.is_none())
        || (options.drop_flagged.is_some() && !quality.judged())
    {
        report.unscored += 1;
    }
    true
}

/// The error for `--min-score` or `--drop-flagged` on an input none of
/// whose units (read so far) carries bitext's score or flags.
fn unscored_input(path: &Path, report: &ConvertReport, options: &ConvertOptions) -> Error {
    let option = match (options.min_score.is_some(), options.drop_flagged.is_some()) {
        (true, true) => "--min-score and --drop-flagged need",
        (true, false) => "--min-score needs",
        _ => "--drop-flagged needs",
    };
    let units = if report.read == 1 {
        "the unit read carries none".to_string()
    } else {
        format!("none of the {} units read carries one", report.read)
    };
    Error::Options(format!(
        "{}: {option} units scored by bitext (the {PROP_SCORE} and {PROP_FLAGS} properties of TMX, \"score\" and \"flags\" in JSON Lines, the score and flags columns of TSV); {units}: \
         write the memory with its scores by `bitext align` (TMX, JSON Lines or TSV), or see each unit's score and flags with `bitext audit {} --report audit.html`",
        path.display(),
        path.display()
    ))
}

/// Where `write` writes: TMX (units or records), or another format's sink.
enum Output<'a> {
    Tmx(TmxSink<'a>),
    Records(Box<dyn Sink + 'a>),
}

impl Output<'_> {
    /// Ends the output (a TMX's closing tags) and says what was written.
    fn finish(self) -> Result<crate::format::WriteReport> {
        match self {
            Output::Tmx(t) => Box::new(t).finish(),
            Output::Records(s) => s.finish(),
        }
    }
}

/// The header of a TMX output: the input's (with `srclang` set to the
/// chosen source when a pair was named), or bitext's own for TSV and JSON
/// Lines input.
fn output_header(stream: &UnitStream<'_>, creation_time: u64) -> Header {
    if let Some(h) = &stream.header {
        let mut h = h.clone();
        if stream.pair_named {
            match h.attrs.iter_mut().find(|(k, _)| k == "srclang") {
                Some((_, v)) => v.clone_from(&stream.src_lang),
                None => h.attrs.push(("srclang".into(), stream.src_lang.clone())),
            }
        }
        return h;
    }
    bitext_header(&stream.src_lang, creation_time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn convert(
        input: &str,
        from: Format,
        to: Format,
        dedupe: bool,
    ) -> (ConvertReport, Vec<String>) {
        let stream = UnitStream::new(input.as_bytes(), "in", from, None, None).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let options = ConvertOptions {
            dedupe,
            ..ConvertOptions::default()
        };
        let report = if to == Format::Moses {
            write(stream, to, &mut [&mut a, &mut b], &options).unwrap()
        } else {
            write(stream, to, &mut [&mut a], &options).unwrap()
        };
        let texts = [a, b]
            .into_iter()
            .map(|v| String::from_utf8(v).unwrap())
            .collect();
        (report, texts)
    }

    /// Records whose notes are large but whose texts are short fill the
    /// language sample slowly: the output is held back only up to
    /// `HOLD_BYTES`, then the check runs on the sample so far and the held
    /// bytes go out (here, before a read error ends the run).
    #[test]
    fn held_back_output_is_bounded_in_bytes() {
        struct FailsAtEnd<'b>(&'b [u8]);
        impl Read for FailsAtEnd<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Err(std::io::Error::other("disk gone"));
                }
                let n = self.0.read(buf)?;
                Ok(n)
            }
        }
        let note = "n".repeat(10_000);
        let line = format!(
            "{{\"src\":\"这是一个中文句子。\",\"tgt\":\"This is an English sentence.\",\"notes\":[\"{note}\"]}}\n"
        );
        let input = line.repeat(HOLD_BYTES / 10_000 + 200);
        let stream = UnitStream::new(
            FailsAtEnd(input.as_bytes()),
            "in",
            Format::Jsonl,
            None,
            None,
        )
        .unwrap();
        let mut out = Vec::new();
        let options = ConvertOptions::default();
        let err = write(stream, Format::Jsonl, &mut [&mut out], &options).unwrap_err();
        assert!(err.to_string().contains("disk gone"), "{err}");
        assert!(
            out.len() > HOLD_BYTES,
            "held {} bytes to the end",
            out.len()
        );
    }

    #[test]
    fn tsv_escapes_round_trip() {
        let tsv = "一\\t二\tone\\ttwo\n三\\n四\tthree\\\\n\n";
        let (report, out) = convert(tsv, Format::Tsv, Format::Tsv, false);
        assert_eq!(report.written, 2);
        assert_eq!(out[0], tsv);
    }

    #[test]
    fn raw_tsv_keeps_backslashes() {
        let (report, out) = convert(
            "文件的路径是 C:\\temp\\new\tpath D:\\x\n",
            Format::RawTsv,
            Format::RawTsv,
            false,
        );
        assert_eq!(out[0], "文件的路径是 C:\\temp\\new\tpath D:\\x\n");
        assert_eq!(report.flattened, 0);
        // Escaped TSV to raw: the tab inside a segment becomes a space.
        let (report, out) = convert("甲\\t乙\tone\n", Format::Tsv, Format::RawTsv, false);
        assert_eq!(out[0], "甲 乙\tone\n");
        assert_eq!(report.flattened, 1);
    }

    #[test]
    fn moses_flattens_line_breaks() {
        let (report, out) = convert(
            "一\\n二\tone\u{2028}two\n",
            Format::Tsv,
            Format::Moses,
            false,
        );
        assert_eq!(out[0], "一 二\n");
        assert_eq!(out[1], "one two\n");
        assert_eq!(report.flattened, 2);
        // Bug: a tab (a flattened table) went through, and `paste` of the
        // two files gave lines of three columns.
        let (report, out) = convert("甲\\t乙\tone\\ttwo\n", Format::Tsv, Format::Moses, false);
        assert_eq!((out[0].as_str(), out[1].as_str()), ("甲 乙\n", "one two\n"));
        assert_eq!(report.flattened, 2);
    }

    #[test]
    fn jsonl_to_tmx_keeps_props_and_confidence() {
        let jsonl = r#"{"src":"你好","tgt":"Hello","confidence":0.91234,"props":[{"type":"x-a","value":"1"}],"notes":["n"]}"#;
        let (report, out) = convert(jsonl, Format::Jsonl, Format::Tmx, false);
        assert_eq!(report.written, 1);
        assert!(out[0].contains("<prop type=\"x-a\">1</prop>"), "{}", out[0]);
        assert!(
            out[0].contains("<prop type=\"x-bitext-confidence\">0.91234</prop>"),
            "kept exactly"
        );
        assert!(out[0].contains("<note>n</note>"));
        assert!(out[0].contains("srclang=\"zh\""));
    }

    /// Runs `write` with `--min-score`/`--drop-flagged` options.
    fn filtered(
        input: &str,
        from: Format,
        to: Format,
        min_score: Option<f64>,
        drop_flagged: Option<Severity>,
    ) -> Result<(ConvertReport, String)> {
        let stream = UnitStream::new(input.as_bytes(), "in", from, None, None)?;
        let mut out = Vec::new();
        let options = ConvertOptions {
            min_score,
            drop_flagged,
            ..ConvertOptions::default()
        };
        let report = write(stream, to, &mut [&mut out], &options)?;
        Ok((report, String::from_utf8(out).unwrap()))
    }

    const FLAG_WARNING: &str = r#"[{"kind":"length_ratio","severity":"warning","evidence":"x"}]"#;
    const FLAG_ERROR: &str = r#"[{"kind":"omission","severity":"error","evidence":"x"}]"#;

    /// A TMX unit with optional score and flags properties.
    fn tu(n: usize, score: Option<&str>, flags: Option<&str>) -> String {
        let mut props = String::new();
        if let Some(s) = score {
            props.push_str(&format!(r#"<prop type="x-bitext-score">{s}</prop>"#));
        }
        if let Some(f) = flags {
            let f = f.replace('"', "&quot;");
            props.push_str(&format!(r#"<prop type="x-bitext-flags">{f}</prop>"#));
        }
        format!(
            r#"<tu tuid="{n}">{props}<tuv xml:lang="zh"><seg>第{n}句话在这里。</seg></tuv><tuv xml:lang="en"><seg>Sentence {n} is here.</seg></tuv></tu>"#
        )
    }

    fn tmx_of(units: &[String]) -> String {
        format!(
            r#"<tmx version="1.4"><header srclang="zh" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>{}</body></tmx>"#,
            units.concat()
        )
    }

    #[test]
    fn min_score_and_drop_flagged_read_the_units_properties() {
        let tmx = tmx_of(&[
            tu(1, Some("0.9000"), None),
            tu(2, Some("0.4999"), None),
            tu(3, Some("0.8000"), Some(FLAG_WARNING)),
            tu(4, Some("0.7000"), Some(FLAG_ERROR)),
            tu(5, None, None),
            // A score that is not one counts as none.
            tu(6, Some("high"), None),
            tu(7, Some("0.5"), None),
        ]);
        // TMX → TMX of whole units, and TMX → JSON Lines of the pair.
        for to in [Format::Tmx, Format::Jsonl] {
            let (report, out) =
                filtered(&tmx, Format::Tmx, to, Some(0.5), Some(Severity::Error)).unwrap();
            assert_eq!(
                (
                    report.written,
                    report.below_min_score,
                    report.flagged,
                    report.unscored
                ),
                (5, 1, 1, 2),
                "{to:?}"
            );
            for n in [1, 3, 5, 6, 7] {
                assert!(out.contains(&format!("Sentence {n} ")), "{n} kept");
            }
            // --drop-flagged alone: a unit with a score and no flags has
            // none (kept, not counted); one with neither is counted.
            let (report, _) =
                filtered(&tmx, Format::Tmx, to, None, Some(Severity::Warning)).unwrap();
            assert_eq!(
                (report.written, report.flagged, report.unscored),
                (5, 2, 2),
                "{to:?}"
            );
        }
        // The same from JSON Lines fields.
        let jsonl = format!(
            "{}\n{}\n{}\n",
            r#"{"src":"第一句话。","tgt":"The first sentence.","score":0.3}"#,
            r#"{"src":"第二句话。","tgt":"The second sentence.","score":0.9,"flags":[{"kind":"omission","severity":"error","evidence":"x"}]}"#,
            r#"{"src":"第三句话。","tgt":"The third sentence.","score":0.6,"flags":[]}"#,
        );
        let (report, out) = filtered(
            &jsonl,
            Format::Jsonl,
            Format::Tsv,
            Some(0.5),
            Some(Severity::Warning),
        )
        .unwrap();
        assert_eq!((report.below_min_score, report.flagged), (1, 1));
        // With the score and flags columns, as `align` writes them.
        assert_eq!(out, "第三句话。\tThe third sentence.\t0.6000\t\n");
    }

    #[test]
    fn filters_need_a_scored_unit_and_say_when_all_are_left_out() {
        let unscored = tmx_of(&[tu(1, None, None), tu(2, None, None)]);
        for to in [Format::Tmx, Format::Tsv] {
            let err = filtered(&unscored, Format::Tmx, to, Some(0.5), None).unwrap_err();
            assert!(matches!(err, Error::Options(_)), "{err}");
            assert!(
                err.to_string()
                    .contains("--min-score needs units scored by bitext"),
                "{err}"
            );
        }
        // Without a filter, the same memory converts.
        assert!(filtered(&unscored, Format::Tmx, Format::Tmx, None, None).is_ok());
        // An empty memory converts to an empty memory.
        let (report, _) = filtered(
            &tmx_of(&[]),
            Format::Tmx,
            Format::Tmx,
            Some(0.5),
            Some(Severity::Error),
        )
        .unwrap();
        assert_eq!(report.read, 0);
        // Unscored units before the first scored one are held, then kept.
        let late = tmx_of(&[
            tu(1, None, None),
            tu(2, None, None),
            tu(3, Some("0.1"), None),
        ]);
        for to in [Format::Tmx, Format::Tsv] {
            let (report, _) = filtered(&late, Format::Tmx, to, Some(0.5), None).unwrap();
            assert_eq!((report.written, report.unscored), (2, 2), "{to:?}");
        }
        // Every unit left out: nothing written, and why.
        let low = tmx_of(&[
            tu(1, Some("0.1"), None),
            tu(2, Some("0.9"), Some(FLAG_ERROR)),
        ]);
        for to in [Format::Tmx, Format::Tsv] {
            let err =
                filtered(&low, Format::Tmx, to, Some(0.5), Some(Severity::Error)).unwrap_err();
            assert!(
                err.to_string().contains(
                    "every unit was left out (1 unit by --min-score, 1 unit by --drop-flagged)"
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn bad_records_name_the_line() {
        for (input, format) in [
            ("a\tb\n\nc\n", Format::Tsv),
            (
                "{\"src\":\"a\",\"tgt\":\"b\"}\n{\"src\":1}\n",
                Format::Jsonl,
            ),
        ] {
            let err = UnitStream::new(input.as_bytes(), "x", format, Some("zh"), Some("en"))
                .and_then(|s| {
                    write(
                        s,
                        Format::Tsv,
                        &mut [&mut Vec::new()],
                        &ConvertOptions::default(),
                    )
                })
                .unwrap_err();
            assert!(matches!(err, Error::BadRecord { line: 3 | 2, .. }), "{err}");
        }
    }
}
