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
//!   `\\`, `\t`, `\n`, `\r` escaped (bitext's TSV), JSON Lines with `src`,
//!   `tgt`, their languages and the unit's properties and notes, and Moses as
//!   two line-aligned files. Units that lack one of the two languages or
//!   whose segment is empty in either are left out and counted.
//!
//! ```
//! use bitext::convert::{ConvertOptions, TmFormat, UnitStream, write};
//! let tsv = "你好\tHello\n谢谢\tThanks\n你好\tHello\n";
//! let stream = UnitStream::new(tsv.as_bytes(), "pairs.tsv", TmFormat::Tsv, None, None)?;
//! let mut out = Vec::new();
//! let options = ConvertOptions { dedupe: true, ..ConvertOptions::default() };
//! let report = write(stream, TmFormat::Jsonl, &mut [&mut out], &options)?;
//! assert_eq!((report.read, report.written, report.duplicates), (3, 2, 1));
//! let first = String::from_utf8(out).unwrap().lines().next().unwrap().to_string();
//! assert_eq!(first, r#"{"src":"你好","tgt":"Hello","src_lang":"zh","tgt_lang":"en","tuid":"1"}"#);
//! # Ok::<(), bitext::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::format::tmx::bitext_header;
use crate::format::tsv;
use crate::tmx::{self, Header, Meta, Segment, TmxReader, TmxWriter, Unit, Variant};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The formats `convert` reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmFormat {
    /// TMX (reads 1.4 and 1.1; writes 1.4b).
    Tmx,
    /// Source TAB target, one unit a line, with bitext's escapes.
    Tsv,
    /// Source TAB target without escapes, as spreadsheets and other tools
    /// write it: a backslash is a backslash. Tabs and line breaks inside a
    /// segment are written as spaces (and counted).
    RawTsv,
    /// One JSON object a line with `src` and `tgt`.
    Jsonl,
    /// Moses parallel files: `OUT.<src>` and `OUT.<tgt>`, one segment a line
    /// (write only).
    Moses,
}

impl TmFormat {
    /// The format a file name's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "tmx" => TmFormat::Tmx,
            "tsv" | "tab" => TmFormat::Tsv,
            "jsonl" | "ndjson" | "json" => TmFormat::Jsonl,
            _ => return None,
        })
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            TmFormat::Tmx => "tmx",
            TmFormat::Tsv => "tsv",
            TmFormat::RawTsv => "tsv-raw",
            TmFormat::Jsonl => "jsonl",
            TmFormat::Moses => "moses",
        }
    }
}

impl FromStr for TmFormat {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "tmx" => Ok(TmFormat::Tmx),
            "tsv" => Ok(TmFormat::Tsv),
            "tsv-raw" | "raw-tsv" => Ok(TmFormat::RawTsv),
            "jsonl" | "json" => Ok(TmFormat::Jsonl),
            "moses" => Ok(TmFormat::Moses),
            _ => Err(format!(
                "unknown format '{s}' (expected tmx, tsv, jsonl or moses)"
            )),
        }
    }
}

/// Options of [`write()`].
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Keep only the first of identical units (same language pair and
    /// texts; for TMX → TMX, the same variants with the same markup).
    pub dedupe: bool,
    /// `creationdate` of a TMX written from TSV or JSON Lines, in seconds
    /// since the epoch.
    pub creation_time: u64,
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
    /// TMX output: variants left out of units that were written, because
    /// their segment was empty.
    pub empty_variants: usize,
    /// Characters dropped because XML 1.0 forbids them (TMX output).
    pub dropped_chars: usize,
    /// Segments whose line breaks (or, in raw TSV, tabs) became spaces
    /// (Moses and raw TSV output).
    pub flattened: usize,
    /// True when every language of every unit was kept (TMX → TMX without a
    /// named pair); `src_lang` and `tgt_lang` then say nothing.
    pub all_languages: bool,
    /// The source language.
    pub src_lang: String,
    /// The target language.
    pub tgt_lang: String,
}

/// Units read from TMX, TSV or JSON Lines, with the language pair they are
/// read as.
pub struct UnitStream<'a> {
    source: Source<'a>,
    /// Units already read while working out the languages.
    peeked: VecDeque<Unit>,
    header: Option<Header>,
    src_lang: String,
    tgt_lang: String,
    /// True when the user named both languages (TMX → TMX then keeps only
    /// that pair).
    pair_named: bool,
    /// Why the language pair could not be settled; an error only for
    /// outputs that need a pair (TMX → TMX of whole units does not).
    pair_error: Option<String>,
    /// The input, as messages name it.
    path: PathBuf,
}

impl std::fmt::Debug for UnitStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitStream")
            .field("src_lang", &self.src_lang)
            .field("tgt_lang", &self.tgt_lang)
            .finish_non_exhaustive()
    }
}

enum Source<'a> {
    Tmx(Box<TmxReader<'a>>),
    Lines {
        format: TmFormat,
        input: Box<dyn BufRead + 'a>,
        path: PathBuf,
        line: usize,
        buf: Vec<u8>,
    },
}

/// How many units are read ahead at most to find out the languages.
const PEEK_LIMIT: usize = 1000;

impl UnitStream<'static> {
    /// Opens `path` (`-` is standard input) in `format`.
    pub fn open(
        path: &Path,
        format: TmFormat,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        let input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
        };
        UnitStream::new(
            input,
            crate::read::display_path(path),
            format,
            src_lang,
            tgt_lang,
        )
    }
}

impl<'a> UnitStream<'a> {
    /// Reads `input` in `format`; `path` names it in messages. Languages not
    /// given are taken from the file: for TMX the header's `srclang` (else
    /// the first variant) and the first other language met; for TSV and
    /// JSON Lines the record's `src_lang`/`tgt_lang` when present, else
    /// Chinese or English as the text of the first records shows.
    pub fn new(
        input: impl Read + 'a,
        path: impl AsRef<Path>,
        format: TmFormat,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let source = match format {
            TmFormat::Tmx => Source::Tmx(Box::new(TmxReader::new(input, &path)?)),
            TmFormat::Tsv | TmFormat::RawTsv | TmFormat::Jsonl => {
                let input = std::io::BufReader::with_capacity(64 * 1024, input);
                let (_, input) = crate::read::utf8_stream(input, &path)?;
                Source::Lines {
                    format,
                    input,
                    path: path.clone(),
                    line: 0,
                    buf: Vec::new(),
                }
            }
            TmFormat::Moses => {
                return Err(Error::Config(
                    "Moses files are an output format only (a pair of files has no metadata to read)"
                        .into(),
                ));
            }
        };
        let mut stream = UnitStream {
            header: match &source {
                Source::Tmx(r) => Some(r.header().clone()),
                Source::Lines { .. } => None,
            },
            source,
            peeked: VecDeque::new(),
            src_lang: String::new(),
            tgt_lang: String::new(),
            pair_named: src_lang.is_some() && tgt_lang.is_some(),
            pair_error: None,
            path: path.clone(),
        };
        let fold = |t: Option<&str>| t.map(|t| t.trim().replace('_', "-"));
        stream.settle_languages(fold(src_lang), fold(tgt_lang), &path)?;
        // A TSV or JSON Lines file without a record is a mistake (a TMX
        // with an empty body is a valid, empty memory).
        if stream.header.is_none() && stream.peeked.is_empty() {
            return Err(Error::EmptyInput { path });
        }
        Ok(stream)
    }

    /// The source language the stream is read as.
    pub fn src_lang(&self) -> &str {
        &self.src_lang
    }

    /// The target language the stream is read as.
    pub fn tgt_lang(&self) -> &str {
        &self.tgt_lang
    }

    fn settle_languages(
        &mut self,
        src: Option<String>,
        tgt: Option<String>,
        path: &Path,
    ) -> Result<()> {
        // Read ahead until a unit with two languages (TMX) or enough text
        // to tell the languages apart (TSV, JSON Lines).
        while self.peeked.len() < PEEK_LIMIT {
            let Some(unit) = self.read_unit()? else { break };
            let two = unit.variants.len() >= 2;
            self.peeked.push_back(unit);
            if two && matches!(self.source, Source::Tmx(_)) {
                break;
            }
        }
        // The first language tag of variant `k`; records without tags
        // (TSV, JSON Lines) are Chinese or English as their text shows.
        let first = |k: usize| {
            let tag = self
                .peeked
                .iter()
                .find_map(|u| u.variants.get(k).map(|v| v.lang.clone()))?;
            if !tag.is_empty() {
                return Some(tag);
            }
            let text: String = self
                .peeked
                .iter()
                .filter_map(|u| u.variants.get(k).map(|v| v.seg.plain_text()))
                .collect();
            detect_zh_en(&text).map(str::to_string)
        };
        self.src_lang = match src {
            Some(s) => s,
            // Only the target named: the header's source language, else the
            // first other language met.
            None if tgt.is_some() => {
                let t = tgt.as_deref().unwrap_or_default();
                self.header
                    .as_ref()
                    .and_then(|h| h.srclang())
                    .filter(|l| !tmx::same_lang(l, t))
                    .map(str::to_string)
                    .or_else(|| {
                        self.peeked
                            .iter()
                            .flat_map(|u| &u.variants)
                            .map(|v| &v.lang)
                            .find(|l| !l.is_empty() && !tmx::same_lang(l, t))
                            .cloned()
                    })
                    .or_else(|| first(0))
                    .unwrap_or_default()
            }
            None => self
                .header
                .as_ref()
                .and_then(|h| h.srclang().map(str::to_string))
                .or_else(|| first(0))
                .unwrap_or_default(),
        };
        let tagged = self.header.is_some()
            || self
                .peeked
                .front()
                .is_some_and(|u| u.variants.iter().any(|v| !v.lang.is_empty()));
        self.tgt_lang = match tgt {
            Some(t) => t,
            None if !tagged => first(1).unwrap_or_default(),
            None => {
                // Another language first; else another region of the same
                // language (en-US → en-GB).
                let src_primary = tmx::primary_subtag(&self.src_lang).to_ascii_lowercase();
                let tags = || {
                    self.peeked
                        .iter()
                        .flat_map(|u| &u.variants)
                        .map(|v| &v.lang)
                };
                tags()
                    .find(|l| !tmx::primary_subtag(l).eq_ignore_ascii_case(&src_primary))
                    .or_else(|| tags().find(|l| !tmx::same_lang(l, &self.src_lang)))
                    .cloned()
                    .unwrap_or_default()
            }
        };
        if self.src_lang.is_empty()
            || self.tgt_lang.is_empty()
            || tmx::same_lang(&self.src_lang, &self.tgt_lang)
        {
            // An empty memory converts to an empty memory.
            if !self.peeked.is_empty() {
                self.pair_error = Some(format!(
                    "{}: cannot tell the language pair (found source '{}', target '{}'); name it with --src-lang and --tgt-lang",
                    path.display(),
                    self.src_lang,
                    self.tgt_lang
                ));
            }
        }
        Ok(())
    }

    /// The next unit, from the read-ahead first.
    fn next_unit(&mut self) -> Result<Option<Unit>> {
        match self.peeked.pop_front() {
            Some(u) => Ok(Some(u)),
            None => self.read_unit(),
        }
    }

    fn read_unit(&mut self) -> Result<Option<Unit>> {
        match &mut self.source {
            Source::Tmx(r) => r.next_unit(),
            Source::Lines {
                format,
                input,
                path,
                line,
                buf,
            } => loop {
                buf.clear();
                let n = input
                    .read_until(b'\n', buf)
                    .map_err(|e| Error::io(&*path, e))?;
                if n == 0 {
                    return Ok(None);
                }
                *line += 1;
                let bad = |message: String| Error::BadRecord {
                    path: path.clone(),
                    line: *line,
                    message,
                };
                let text = std::str::from_utf8(buf).map_err(|e| {
                    bad(format!(
                        "invalid UTF-8 at byte {} of the line",
                        e.valid_up_to()
                    ))
                })?;
                let text = text.strip_suffix('\n').unwrap_or(text);
                let text = text.strip_suffix('\r').unwrap_or(text);
                if text.trim().is_empty() {
                    continue;
                }
                if text.contains('\0') {
                    return Err(bad("NUL byte; is this a binary file?".into()));
                }
                let record = match format {
                    TmFormat::Tsv => tsv_record(text, unescape).map_err(bad)?,
                    TmFormat::RawTsv => tsv_record(text, str::to_string).map_err(bad)?,
                    _ => serde_json::from_str::<Record>(text).map_err(|e| bad(json_message(&e)))?,
                };
                return Ok(Some(record.into_unit(*line)));
            },
        }
    }
}

/// Chinese or English, as the text shows; `None` for text with kana or
/// hangul, which `lang::detect` would call Chinese.
fn detect_zh_en(text: &str) -> Option<&'static str> {
    let other = text.chars().any(|c| {
        matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
    });
    (!other).then(|| crate::lang::detect(text).code())
}

/// A JSON error without serde's own "at line 1 column N" (the line is the
/// file's line, given by the caller).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    format!(
        "not a JSON record with \"src\" and \"tgt\" ({what}, at column {})",
        e.column()
    )
}

/// One record of the JSON Lines format (and the fields of a TSV line).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    src: String,
    tgt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    src_lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tgt_lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tuid: Option<String>,
    /// Written by `bitext align --format jsonl`; kept as a TMX property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    props: Vec<PropRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PropRecord {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

impl Record {
    /// A unit whose variants carry the record's languages, or an empty tag
    /// when the record names none (settled by the stream).
    fn into_unit(self, line: usize) -> Unit {
        let mut meta: Vec<Meta> = self
            .props
            .into_iter()
            .map(|p| Meta::Prop {
                attrs: vec![("type".into(), p.kind)],
                text: p.value,
            })
            .collect();
        if let Some(c) = self.confidence {
            meta.push(Meta::Prop {
                attrs: vec![("type".into(), "x-bitext-confidence".into())],
                // bitext writes confidences with four decimals; other values
                // keep every digit they have.
                text: if (c * 1e4).round() / 1e4 == c {
                    format!("{c:.4}")
                } else {
                    c.to_string()
                },
            });
        }
        meta.extend(self.notes.into_iter().map(|text| Meta::Note {
            attrs: vec![],
            text,
        }));
        let tuid = self.tuid.unwrap_or_else(|| line.to_string());
        Unit {
            attrs: vec![("tuid".into(), tuid)],
            meta,
            variants: vec![
                Variant {
                    lang: self.src_lang.unwrap_or_default(),
                    seg: Segment::text(self.src),
                    ..Variant::default()
                },
                Variant {
                    lang: self.tgt_lang.unwrap_or_default(),
                    seg: Segment::text(self.tgt),
                    ..Variant::default()
                },
            ],
        }
    }
}

/// Splits and unescapes a TSV line.
fn tsv_record(line: &str, field: fn(&str) -> String) -> std::result::Result<Record, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != 2 {
        return Err(format!(
            "expected 2 tab-separated fields (source, target), found {}",
            fields.len()
        ));
    }
    Ok(Record {
        src: field(fields[0]),
        tgt: field(fields[1]),
        ..Record::default()
    })
}

/// Undoes [`tsv::escape`]; a backslash before any other character stays.
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// What `--dedupe` compares: (language, segment) per variant kept, and the
/// unit's notes and properties where the output carries them.
type DedupeKey = (Vec<(String, Segment)>, Vec<Meta>);

/// Writes every unit of `stream` in `format` to `outs`: one writer, or two
/// (source, target) for Moses.
pub fn write(
    mut stream: UnitStream<'_>,
    format: TmFormat,
    outs: &mut [&mut dyn Write],
    options: &ConvertOptions,
) -> Result<ConvertReport> {
    let wanted = if format == TmFormat::Moses { 2 } else { 1 };
    if outs.len() != wanted {
        return Err(Error::Internal(format!(
            "{} output needs {wanted} writer(s), got {}",
            format.name(),
            outs.len()
        )));
    }
    let mut report = ConvertReport {
        src_lang: stream.src_lang.clone(),
        tgt_lang: stream.tgt_lang.clone(),
        ..ConvertReport::default()
    };
    // With --dedupe, what makes two units the same: the texts of the pair
    // (or of every variant, with their markup) and, for outputs that carry
    // them, the unit's notes and properties.
    let mut seen: HashSet<DedupeKey> = HashSet::new();
    let whole_units = format == TmFormat::Tmx && stream.header.is_some() && !stream.pair_named;
    if !whole_units && let Some(message) = stream.pair_error.take() {
        return Err(Error::LanguagePair(message));
    }
    let records = stream.header.is_none();
    report.all_languages = whole_units;
    // The languages of the units read (folded tags, and in how many units
    // each), to say what the file holds when nothing can be written.
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    let (first, rest) = outs.split_at_mut(1);
    let out = &mut *first[0];
    let (mut tmx_writer, mut out) = if format == TmFormat::Tmx {
        let header = output_header(&stream, options.creation_time);
        (Some(TmxWriter::start(out, &header)?), None)
    } else {
        (None, Some(out))
    };
    while let Some(mut unit) = stream.next_unit()? {
        report.read += 1;
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
            if options.dedupe {
                let key = unit
                    .variants
                    .iter()
                    .map(|v| (tmx::fold_lang(&v.lang), v.seg.clone()))
                    .collect();
                if !seen.insert((key, unit.meta.clone())) {
                    report.duplicates += 1;
                    continue;
                }
            }
            let w = tmx_writer.as_mut().expect("TMX output has a writer");
            let skipped = w.stats().skipped_variants;
            if w.write_unit(&unit)? {
                report.written += 1;
                report.empty_variants += w.stats().skipped_variants - skipped;
            } else {
                report.empty += 1;
            }
            continue;
        }
        let Some((src, tgt)) = unit.pair(&report.src_lang, &report.tgt_lang) else {
            report.missing_lang += 1;
            continue;
        };
        let (src_text, tgt_text) = (src.seg.plain_text(), tgt.seg.plain_text());
        // Empty, or for TMX empty once the characters XML forbids are gone.
        let blank = |t: &str| {
            !t.chars()
                .any(|c| !c.is_whitespace() && (format != TmFormat::Tmx || tmx::is_xml_char(c)))
        };
        let markup = format == TmFormat::Tmx && (src.seg.has_markup() || tgt.seg.has_markup());
        if !markup && (blank(&src_text) || blank(&tgt_text)) {
            report.empty += 1;
            continue;
        }
        if options.dedupe {
            let key = if format == TmFormat::Tmx {
                vec![
                    (tmx::fold_lang(&src.lang), src.seg.clone()),
                    (tmx::fold_lang(&tgt.lang), tgt.seg.clone()),
                ]
            } else {
                vec![
                    (String::new(), Segment::text(src_text.clone())),
                    (String::new(), Segment::text(tgt_text.clone())),
                ]
            };
            // TSV and Moses files hold no notes or properties.
            let meta = match format {
                TmFormat::Tmx | TmFormat::Jsonl => unit.meta.clone(),
                TmFormat::Tsv | TmFormat::RawTsv | TmFormat::Moses => Vec::new(),
            };
            if !seen.insert((key, meta)) {
                report.duplicates += 1;
                continue;
            }
        }
        match format {
            TmFormat::Tmx => {
                let pair = Unit {
                    attrs: unit.attrs.clone(),
                    meta: unit.meta.clone(),
                    variants: vec![src.clone(), tgt.clone()],
                };
                let w = tmx_writer.as_mut().expect("TMX output has a writer");
                if !w.write_unit(&pair)? {
                    report.empty += 1;
                    continue;
                }
            }
            TmFormat::Tsv => {
                let out = out.as_mut().expect("one writer");
                writeln!(
                    out,
                    "{}\t{}",
                    tsv::escape(&src_text),
                    tsv::escape(&tgt_text)
                )
                .map_err(crate::format::out_err)?;
            }
            TmFormat::RawTsv => {
                let out = out.as_mut().expect("one writer");
                let (s, t) = (one_field(&src_text), one_field(&tgt_text));
                report.flattened += usize::from(s != src_text) + usize::from(t != tgt_text);
                writeln!(out, "{s}\t{t}").map_err(crate::format::out_err)?;
            }
            TmFormat::Jsonl => {
                let out = out.as_mut().expect("one writer");
                let record = json_record(&unit, src_text, tgt_text, &src.lang, &tgt.lang);
                serde_json::to_writer(&mut **out, &record)
                    .map_err(|e| crate::format::out_err(e.into()))?;
                out.write_all(b"\n").map_err(crate::format::out_err)?;
            }
            TmFormat::Moses => {
                let out = out.as_mut().expect("two writers");
                for (w, text) in [(&mut **out, &src_text), (&mut *rest[0], &tgt_text)] {
                    let line = one_line(text);
                    if line.len() != text.len() || line != *text {
                        report.flattened += 1;
                    }
                    writeln!(w, "{line}").map_err(crate::format::out_err)?;
                }
            }
        }
        report.written += 1;
    }
    if let Some(w) = tmx_writer {
        let stats = w.finish()?;
        report.dropped_chars = stats.dropped_chars;
    }
    if report.read > 0 && report.written == 0 {
        return Err(nothing_written(&stream.path, &report, &languages));
    }
    Ok(report)
}

/// The error for a conversion that read units and wrote none: why, and when
/// the language pair is the cause, the languages the file holds.
fn nothing_written(
    path: &Path,
    report: &ConvertReport,
    languages: &BTreeMap<String, usize>,
) -> Error {
    let units = |n: usize| format!("{n} unit{}", if n == 1 { "" } else { "s" });
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
    } else {
        "every unit had an empty segment".to_string()
    };
    Error::NothingWritten {
        path: path.to_path_buf(),
        read: report.read,
        reason,
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

fn json_record(unit: &Unit, src: String, tgt: String, src_lang: &str, tgt_lang: &str) -> Record {
    let mut record = Record {
        src,
        tgt,
        src_lang: Some(src_lang.to_string()),
        tgt_lang: Some(tgt_lang.to_string()),
        tuid: tmx::attr(&unit.attrs, "tuid").map(str::to_string),
        ..Record::default()
    };
    for m in &unit.meta {
        match m {
            Meta::Prop { attrs, text } => {
                let kind = tmx::attr(attrs, "type").unwrap_or("").to_string();
                if kind == "x-bitext-confidence"
                    && let Ok(c) = text.trim().parse()
                {
                    record.confidence = Some(c);
                    continue;
                }
                record.props.push(PropRecord {
                    kind,
                    value: text.clone(),
                });
            }
            Meta::Note { text, .. } => record.notes.push(text.clone()),
            Meta::Ude { .. } => {}
        }
    }
    record
}

/// A segment as one raw TSV field: on one line, and tabs as spaces.
fn one_field(text: &str) -> String {
    one_line(text).replace('\t', " ")
}

/// A segment on one line: every character that some line reader takes as a
/// line break (LF, CR, VT, FF, NEL, U+2028, U+2029, the C0 separators
/// FS, GS, RS) becomes a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}' | '\u{1D}' | '\u{1E}' | '\u{85}'
            | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(
        input: &str,
        from: TmFormat,
        to: TmFormat,
        dedupe: bool,
    ) -> (ConvertReport, Vec<String>) {
        let stream = UnitStream::new(input.as_bytes(), "in", from, None, None).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let options = ConvertOptions {
            dedupe,
            creation_time: 0,
        };
        let report = if to == TmFormat::Moses {
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

    #[test]
    fn tsv_escapes_round_trip() {
        let tsv = "一\\t二\tone\\ttwo\n三\\n四\tthree\\\\n\n";
        let (report, out) = convert(tsv, TmFormat::Tsv, TmFormat::Tsv, false);
        assert_eq!(report.written, 2);
        assert_eq!(out[0], tsv);
        assert_eq!(unescape("a\\qb\\"), "a\\qb\\");
    }

    #[test]
    fn raw_tsv_keeps_backslashes() {
        let (report, out) = convert(
            "文件的路径是 C:\\temp\\new\tpath D:\\x\n",
            TmFormat::RawTsv,
            TmFormat::RawTsv,
            false,
        );
        assert_eq!(out[0], "文件的路径是 C:\\temp\\new\tpath D:\\x\n");
        assert_eq!(report.flattened, 0);
        // Escaped TSV to raw: the tab inside a segment becomes a space.
        let (report, out) = convert("甲\\t乙\tone\n", TmFormat::Tsv, TmFormat::RawTsv, false);
        assert_eq!(out[0], "甲 乙\tone\n");
        assert_eq!(report.flattened, 1);
    }

    #[test]
    fn moses_flattens_line_breaks() {
        let (report, out) = convert(
            "一\\n二\tone\u{2028}two\n",
            TmFormat::Tsv,
            TmFormat::Moses,
            false,
        );
        assert_eq!(out[0], "一 二\n");
        assert_eq!(out[1], "one two\n");
        assert_eq!(report.flattened, 2);
    }

    #[test]
    fn jsonl_to_tmx_keeps_props_and_confidence() {
        let jsonl = r#"{"src":"你好","tgt":"Hello","confidence":0.91234,"props":[{"type":"x-a","value":"1"}],"notes":["n"]}"#;
        let (report, out) = convert(jsonl, TmFormat::Jsonl, TmFormat::Tmx, false);
        assert_eq!(report.written, 1);
        assert!(out[0].contains("<prop type=\"x-a\">1</prop>"), "{}", out[0]);
        assert!(
            out[0].contains("<prop type=\"x-bitext-confidence\">0.91234</prop>"),
            "kept exactly"
        );
        assert!(out[0].contains("<note>n</note>"));
        assert!(out[0].contains("srclang=\"zh\""));
    }

    #[test]
    fn bad_records_name_the_line() {
        for (input, format) in [
            ("a\tb\n\nc\n", TmFormat::Tsv),
            (
                "{\"src\":\"a\",\"tgt\":\"b\"}\n{\"src\":1}\n",
                TmFormat::Jsonl,
            ),
        ] {
            let err = UnitStream::new(input.as_bytes(), "x", format, Some("zh"), Some("en"))
                .and_then(|s| {
                    write(
                        s,
                        TmFormat::Tsv,
                        &mut [&mut Vec::new()],
                        &ConvertOptions::default(),
                    )
                })
                .unwrap_err();
            assert!(matches!(err, Error::BadRecord { line: 3 | 2, .. }), "{err}");
        }
    }
}
