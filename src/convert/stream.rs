//! Reading translation memory one unit at a time: TMX (1.4 and 1.1), TSV,
//! raw TSV and JSON Lines, with the language pair the units are read as.

use crate::error::{Error, Result};
use crate::format::{Format, Record, tsv};
use crate::tmx::{self, Header, TmxReader, Unit};
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Units read from TMX, TSV or JSON Lines, with the language pair they are
/// read as.
pub struct UnitStream<'a> {
    source: Source<'a>,
    /// Units already read while working out the languages.
    peeked: VecDeque<Unit>,
    pub(super) header: Option<Header>,
    pub(super) src_lang: String,
    pub(super) tgt_lang: String,
    /// True when the user named both languages (TMX → TMX then keeps only
    /// that pair).
    pub(super) pair_named: bool,
    /// Why the language pair could not be settled; an error only for
    /// outputs that need a pair (TMX → TMX of whole units does not).
    pub(super) pair_error: Option<String>,
    /// The input, as messages name it.
    pub(super) path: PathBuf,
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
        format: Format,
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
        format: Format,
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
        format: Format,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let source = match format {
            Format::Tmx => Source::Tmx(Box::new(TmxReader::new(input, &path)?)),
            Format::Tsv | Format::RawTsv | Format::Jsonl => {
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
            Format::Moses | Format::Beads => {
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

    /// Reads every unit as a [`Record`] of the language pair (plain texts,
    /// `tuid`, properties), for scoring: units lacking one of the two
    /// languages are counted and left out; empty segments are kept (an
    /// empty side is an omission to report, not a unit to drop).
    pub fn read_pairs(mut self) -> Result<PairsRead> {
        if let Some(message) = self.pair_error.take() {
            return Err(Error::LanguagePair(message));
        }
        let records_without_tags = self.header.is_none();
        let mut read = PairsRead::default();
        while let Some(mut unit) = self.next_unit()? {
            read.units += 1;
            if records_without_tags {
                for (k, v) in unit.variants.iter_mut().enumerate() {
                    if v.lang.is_empty() {
                        v.lang = if k == 0 {
                            &self.src_lang
                        } else {
                            &self.tgt_lang
                        }
                        .clone();
                    }
                }
            }
            match unit.pair(&self.src_lang, &self.tgt_lang) {
                Some((src, tgt)) => read.records.push(Record::from_pair(&unit, src, tgt)),
                None => read.missing_lang += 1,
            }
        }
        Ok(read)
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
    pub(super) fn next_unit(&mut self) -> Result<Option<Unit>> {
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
                    Format::Tsv => tsv::parse_line(text, false).map_err(bad)?,
                    Format::RawTsv => tsv::parse_line(text, true).map_err(bad)?,
                    _ => serde_json::from_str::<Record>(text).map_err(|e| bad(json_message(&e)))?,
                };
                return Ok(Some(record_unit(record, *line)));
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

/// What [`UnitStream::read_pairs`] read.
#[derive(Debug, Default)]
pub struct PairsRead {
    /// Units read.
    pub units: usize,
    /// One record per unit holding the language pair, in order.
    pub records: Vec<Record>,
    /// Units left out because they lack the source or target language.
    pub missing_lang: usize,
}

/// A unit holding a TSV or JSON Lines record: `tuid` the record's, else
/// its line number; the record's properties, confidence, score, flags and
/// notes; languages empty when the record names none (the stream settles
/// them).
fn record_unit(mut record: Record, line: usize) -> Unit {
    if record.tuid.is_none() {
        record.tuid = Some(line.to_string());
    }
    record.to_unit(&[])
}
