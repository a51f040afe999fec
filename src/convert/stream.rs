//! Reading translation memory one unit at a time: TMX (1.4 and 1.1), TSV,
//! raw TSV and JSON Lines, with the language pair the units are read as.

use crate::error::{Error, Result};
use crate::format::{Format, Record, tsv};
use crate::read::{DecodedAs, TextEncoding};
use crate::tmx::{self, Header, TmxReader, Unit, Variant};
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Units read from TMX, TSV or JSON Lines, with the language pair they are
/// read as.
pub struct UnitStream<'a> {
    source: Source<'a>,
    /// Units already read while working out the languages.
    peeked: VecDeque<Unit>,
    /// The line each peeked unit begins on.
    peeked_lines: VecDeque<Option<usize>>,
    /// The line the unit last returned by `next_unit` begins on.
    unit_line: Option<usize>,
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
    /// How a TSV or JSON Lines input was decoded (`None` for TMX, which
    /// declares its encoding).
    decoded_as: Option<DecodedAs>,
    /// What the user should be told about how the input was read.
    notices: Vec<String>,
    /// A TSV's first row taken as column names and left out: the row, its
    /// line and its notice's index (see [`UnitStream::keep_first_row`]).
    skipped_row: Option<(Unit, Option<usize>, usize)>,
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
    /// Opens `path` (`-` is standard input) in `format`, detecting the
    /// encoding of TSV and JSON Lines (see [`UnitStream::open_as`]).
    pub fn open(
        path: &Path,
        format: Format,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        UnitStream::open_as(path, format, None, src_lang, tgt_lang)
    }

    /// Opens `path` (`-` is standard input) in `format`; a TSV or JSON
    /// Lines input is read in `encoding` (see [`UnitStream::new_as`]).
    pub fn open_as(
        path: &Path,
        format: Format,
        encoding: Option<TextEncoding>,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        let input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
        };
        UnitStream::read_as(
            input,
            crate::read::display_path(path),
            file_of(path),
            format,
            encoding,
            src_lang,
            tgt_lang,
        )
    }
}

impl UnitStream<'static> {
    /// Opens `path` (`-` is standard input) in the format its extension
    /// names (`.tmx`, `.tsv`, `.jsonl`…), else the format its content shows
    /// ([`sniff_format`]); returns the stream and the format.
    pub fn open_detected(
        path: &Path,
        encoding: Option<TextEncoding>,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<(Self, Format)> {
        if let Some(format) = Format::from_extension(path) {
            let stream = UnitStream::open_as(path, format, encoding, src_lang, tgt_lang)?;
            return Ok((stream, format));
        }
        let shown = crate::read::display_path(path);
        let mut input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
        };
        // Read until the first character that tells (or 64 KiB, or the end).
        let mut head = Vec::new();
        let mut chunk = vec![0; 4096];
        while head.len() < SNIFF && sniffed(&head).is_none() {
            match input.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(shown, e)),
            }
        }
        let format = sniff_format(&head);
        let input = std::io::Cursor::new(head).chain(input);
        // The bytes read ahead come first: the input is the file's bytes
        // from its start.
        let stream = UnitStream::read_as(
            input,
            shown,
            file_of(path),
            format,
            encoding,
            src_lang,
            tgt_lang,
        )?;
        Ok((stream, format))
    }
}

/// The file at `path`, unless it is `-` (standard input).
fn file_of(path: &Path) -> Option<PathBuf> {
    (path != Path::new("-")).then(|| path.to_path_buf())
}

/// The format a translation memory's first bytes show, after a byte-order
/// mark (UTF-8 or UTF-16) and white space: TMX when it starts with `<`, JSON
/// Lines with `{`, else TSV.
///
/// ```
/// use bitext::convert::sniff_format;
/// use bitext::format::Format;
/// assert_eq!(sniff_format(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>"), Format::Tmx);
/// assert_eq!(sniff_format(b"\xFF\xFE<\0t\0m\0x\0"), Format::Tmx);
/// assert_eq!(sniff_format(b"\n{\"src\":\"\xE4\xBD\xA0\"}"), Format::Jsonl);
/// assert_eq!(sniff_format("你好\tHello\n".as_bytes()), Format::Tsv);
/// assert_eq!(sniff_format(b""), Format::Tsv);
/// ```
pub fn sniff_format(head: &[u8]) -> Format {
    let text = sniffed_text(head);
    // A TSV line holds a tab; a JSON Lines record or a TMX's first line
    // does not (JSON escapes it), unless the TMX opens with its XML
    // declaration, a doctype, a comment or the root. A memory of software
    // strings may well begin `{0} 个文件` or `<b>警告</b>`.
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let tab = first_line.contains(&b'\t');
    let lower: Vec<u8> = text.iter().take(10).map(u8::to_ascii_lowercase).collect();
    let xml = [&b"<?xml"[..], b"<tmx", b"<!doctype", b"<!--"]
        .iter()
        .any(|p| lower.starts_with(p));
    match text.first() {
        Some(b'<') if xml || !tab => Format::Tmx,
        Some(b'{') if !tab => Format::Jsonl,
        _ => Format::Tsv,
    }
}

/// The bytes of `head` after a byte-order mark and leading white space,
/// without NUL bytes (the other half of a UTF-16 code unit).
fn sniffed_text(head: &[u8]) -> Vec<u8> {
    without_bom(head)
        .iter()
        .copied()
        .filter(|&b| b != 0)
        .skip_while(u8::is_ascii_whitespace)
        .collect()
}

/// The first byte of `head` that is not a byte-order mark, white space or
/// NUL (the other half of a UTF-16 code unit), if any.
fn sniffed(head: &[u8]) -> Option<u8> {
    without_bom(head)
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0)
}

/// `head` without its UTF-8 or UTF-16 byte-order mark.
fn without_bom(head: &[u8]) -> &[u8] {
    head.strip_prefix(b"\xEF\xBB\xBF")
        .or_else(|| head.strip_prefix(b"\xFF\xFE"))
        .or_else(|| head.strip_prefix(b"\xFE\xFF"))
        .unwrap_or(head)
}

/// How much of a TSV or JSON Lines input is looked at, at most, to choose
/// between reading it as a UTF-8 stream and decoding it as a whole.
const SNIFF: usize = 64 << 10;

/// The first bytes of the input, as one read gives them: up to [`SNIFF`]
/// bytes of a file, what has arrived of a pipe (so that a stream whose
/// writer waits is not waited for); empty only at the end of the input.
fn sniff(input: &mut dyn Read, path: &Path) -> Result<Vec<u8>> {
    let mut head = vec![0; SNIFF];
    loop {
        match input.read(&mut head) {
            Ok(n) => {
                head.truncate(n);
                return Ok(head);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
}

/// True when `head` starts with a UTF-16 byte-order mark.
fn starts_utf16(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF")
}

/// True when `head`, the first bytes of an input, is UTF-8 without NUL
/// (which may be UTF-16 without its byte-order mark); a character cut by
/// the end of the head does not count against it (the rest is checked line
/// by line as it is read).
fn looks_utf8(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// The lines of a TSV or JSON Lines input as UTF-8, and how they were
/// decoded. UTF-8 (named, or found in the first read: 64 KiB of a file,
/// what has arrived of a pipe) and UTF-16 with a byte-order mark are read
/// as a stream, a line at a time. Anything else,
/// or an encoding named other than UTF-8, is decoded as a whole by
/// [`crate::read::decode_as`], exactly as `bitext align` decodes a text:
/// GB18030, Big5 or Windows-1252 detected (or named), and the same errors
/// (the file's byte offset and line of a byte that does not decode; the
/// likely encodings when detection is unsure; UTF-8 with a stray byte of
/// another encoding refused as UTF-8).
fn decoded_lines<'a>(
    input: impl Read + 'a,
    path: &Path,
    encoding: Option<TextEncoding>,
) -> Result<(DecodedAs, Box<dyn BufRead + 'a>)> {
    let mut input: Box<dyn Read + 'a> = Box::new(input);
    let head = sniff(&mut input, path)?;
    let stream = match encoding {
        None => starts_utf16(&head) || looks_utf8(&head),
        // A UTF-16 byte-order mark is then an error decode_as reports.
        Some(e) => e == TextEncoding::UTF_8 && !starts_utf16(&head),
    };
    if stream {
        let rejoined = std::io::Cursor::new(head).chain(input);
        let buffered = std::io::BufReader::with_capacity(64 * 1024, rejoined);
        let (name, lines) = crate::read::utf8_stream(buffered, path)?;
        let how = match (name, encoding) {
            ("UTF-16LE", _) => DecodedAs::Utf16WithBom(TextEncoding::UTF_16LE),
            ("UTF-16BE", _) => DecodedAs::Utf16WithBom(TextEncoding::UTF_16BE),
            (_, Some(e)) => DecodedAs::Named(e),
            (_, None) => DecodedAs::Utf8,
        };
        return Ok((how, lines));
    }
    let mut bytes = head;
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let decoded = crate::read::decode_as(&bytes, path, encoding)?;
    drop(bytes);
    Ok((
        decoded.how,
        Box::new(std::io::Cursor::new(decoded.text.into_bytes())),
    ))
}

impl<'a> UnitStream<'a> {
    /// Reads `input` in `format`; `path` names it in messages. Languages not
    /// given are taken from the file: for TMX the header's `srclang` (else
    /// the first variant) and the first other language met; for TSV and
    /// JSON Lines the record's `src_lang`/`tgt_lang` when present, else
    /// Chinese or English as the text of the first records shows. The
    /// encoding of TSV and JSON Lines is detected (see
    /// [`UnitStream::new_as`]).
    pub fn new(
        input: impl Read + 'a,
        path: impl AsRef<Path>,
        format: Format,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        UnitStream::new_as(input, path, format, None, src_lang, tgt_lang)
    }

    /// As [`UnitStream::new`], with the character encoding of a TSV or JSON
    /// Lines input named (`None`: detected). UTF-8 and UTF-16 with a
    /// byte-order mark are read a line at a time; whether the input is UTF-8
    /// is judged on its first read (64 KiB of a file; of a pipe, what has
    /// arrived, so that a writer that waits is not waited for), and a later
    /// line that is not UTF-8 is an error naming it. Other encodings are those
    /// of [`crate::read::decode_as`] (GB18030, Big5, Windows-1252, named or
    /// detected when the input is not UTF-8), with the same errors; such
    /// an input is decoded as a whole before its records are read.
    /// [`UnitStream::encoding_notice`] says when the encoding was detected.
    /// A TMX file declares its own encoding: naming one is an error.
    ///
    /// ```
    /// use bitext::convert::UnitStream;
    /// use bitext::format::Format;
    /// // Two pairs of a TSV, in GBK (read as GB18030, its superset).
    /// let tsv = "会议由国务委员兼外交部长王毅主持。\tThe meeting was chaired by Wang Yi.\n\
    ///            联合国大会主席博兹克尔向会议作通报。\tThe President of the General Assembly briefed it.\n";
    /// let (gbk, _, _) = encoding_rs::GBK.encode(tsv);
    /// let stream = UnitStream::new_as(&gbk[..], "pairs.tsv", Format::Tsv, None, None, None)?;
    /// assert_eq!((stream.src_lang(), stream.tgt_lang()), ("zh", "en"));
    /// assert!(stream.encoding_notice().unwrap().contains("read as GB18030 (detected"));
    /// assert_eq!(stream.read_pairs()?.records[1].src, "联合国大会主席博兹克尔向会议作通报。");
    /// # Ok::<(), bitext::Error>(())
    /// ```
    pub fn new_as(
        input: impl Read + 'a,
        path: impl AsRef<Path>,
        format: Format,
        encoding: Option<TextEncoding>,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        UnitStream::read_as(input, path, None, format, encoding, src_lang, tgt_lang)
    }

    /// As [`UnitStream::new_as`], for `input` that holds the bytes of `file`
    /// from its start (`None`: standard input), which a TMX reader reads
    /// again to tell an error's line.
    fn read_as(
        input: impl Read + 'a,
        path: impl AsRef<Path>,
        file: Option<PathBuf>,
        format: Format,
        encoding: Option<TextEncoding>,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let mut decoded_as = None;
        let source = match format {
            Format::Tmx if encoding.is_some() => {
                return Err(Error::Config(
                    "a TMX file declares its own encoding; an encoding can be named for TSV and JSON Lines input only"
                        .into(),
                ));
            }
            Format::Tmx => Source::Tmx(Box::new(TmxReader::of_file(input, &path, file)?)),
            Format::Tsv | Format::RawTsv | Format::Jsonl => {
                let (how, input) = decoded_lines(input, &path, encoding)?;
                decoded_as = Some(how);
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
            peeked_lines: VecDeque::new(),
            unit_line: None,
            src_lang: String::new(),
            tgt_lang: String::new(),
            pair_named: src_lang.is_some() && tgt_lang.is_some(),
            pair_error: None,
            path: path.clone(),
            decoded_as,
            notices: Vec::new(),
            skipped_row: None,
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
    /// `tuid`, properties), for scoring: a unit of a single `<tuv>` in one
    /// of the two languages is read with an empty other side, other units
    /// lacking one of the two languages are counted and left out; empty
    /// segments are kept (an empty side is an omission to report, not a
    /// unit to drop).
    pub fn read_pairs(mut self) -> Result<PairsRead> {
        if let Some(message) = self.pair_error.take() {
            return Err(Error::LanguagePair(message));
        }
        let records_without_tags = self.header.is_none();
        let mut read = PairsRead::default();
        while let Some(mut unit) = self.next_unit()? {
            read.units += 1;
            self.line_as_tuid(&mut unit, true);
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
                Some((src, tgt)) => {
                    read.records.push(Record::from_pair(&unit, src, tgt));
                    read.unit_numbers.push(read.units);
                    read.unit_lines.push(self.unit_line);
                }
                None => match one_sided(&unit, &self.src_lang, &self.tgt_lang) {
                    Some(record) => {
                        read.records.push(record);
                        read.unit_numbers.push(read.units);
                        read.unit_lines.push(self.unit_line);
                        read.one_sided += 1;
                    }
                    None => read.missing_lang += 1,
                },
            }
        }
        Ok(read)
    }

    /// What the user should be told about how the input was read, one
    /// line each, naming the input: a TSV's first line taken as a header
    /// row and skipped; a TMX whose units all name another source language
    /// than its header.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The source language the stream is read as.
    pub fn src_lang(&self) -> &str {
        &self.src_lang
    }

    /// The target language the stream is read as.
    pub fn tgt_lang(&self) -> &str {
        &self.tgt_lang
    }

    /// How a TSV or JSON Lines input was decoded (`None` for TMX).
    pub fn decoded_as(&self) -> Option<DecodedAs> {
        self.decoded_as
    }

    /// What a user should be told about the input's encoding: `Some` when
    /// it was detected (as [`crate::read::Decoded::notice`] says it).
    pub fn encoding_notice(&self) -> Option<String> {
        let how = self.decoded_as?;
        crate::read::Decoded {
            text: String::new(),
            how,
        }
        .notice(&self.path)
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
            self.peeked_lines.push_back(self.unit_line);
            if two && matches!(self.source, Source::Tmx(_)) {
                break;
            }
        }
        let units_srclang = match src {
            None => self.units_srclang()?,
            Some(_) => None,
        };
        let tsv = matches!(
            self.source,
            Source::Lines {
                format: Format::Tsv | Format::RawTsv,
                ..
            }
        );
        // A lone row is the file's one pair (`中文<TAB>Chinese`), never a
        // header: only a row with records after it names columns.
        if tsv
            && self.peeked.len() >= 2
            && let Some(first) = self.peeked.front()
            && let [a, b] = &first.variants[..]
            && names_columns(&a.seg.plain_text(), &b.seg.plain_text())
        {
            self.skip_header_row("its cells name columns");
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
                units_srclang
                    .as_deref()
                    .or_else(|| self.header.as_ref().and_then(|h| h.srclang()))
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
            None => units_srclang
                .clone()
                .or_else(|| {
                    self.header
                        .as_ref()
                        .and_then(|h| h.srclang().map(str::to_string))
                })
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
        if tsv && self.skipped_row.is_none() && self.swapped_first_row() {
            // Kept (it may be a pair put the wrong way round), but said.
            let line = self.peeked_lines.front().copied().flatten().unwrap_or(1);
            let cells = self.peeked.front().map(row_cells).unwrap_or_default();
            self.notices.push(format!(
                "{}: line {line} ('{cells}') is in the other column's languages, and the next \
                 row is not: read as a pair; remove the line if it names the columns",
                self.path.display(),
            ));
        }
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

    /// The source language a TMX's units name (`<tu srclang>`) when the
    /// first contradicts the header's `srclang` and every unit read ahead
    /// (up to 1000) names that same language (translate-toolkit's po2tmx
    /// writes the PO's language in the header and the real source in
    /// every unit); said in a notice. `None` otherwise: the header decides.
    fn units_srclang(&mut self) -> Result<Option<String>> {
        let Some(header) = self
            .header
            .as_ref()
            .and_then(|h| h.srclang())
            .map(str::to_string)
        else {
            return Ok(None);
        };
        let of = |u: &Unit| {
            tmx::attr(&u.attrs, "srclang")
                .filter(|l| !l.eq_ignore_ascii_case("*all*"))
                .map(str::to_string)
        };
        let Some(first) = self.peeked.front().and_then(of) else {
            return Ok(None);
        };
        if tmx::same_lang(&first, &header) {
            return Ok(None);
        }
        while self.peeked.len() < PEEK_LIMIT {
            let Some(unit) = self.read_unit()? else { break };
            self.peeked.push_back(unit);
            self.peeked_lines.push_back(self.unit_line);
        }
        let all = self.peeked.iter().all(|u| {
            of(u).is_some_and(|l| tmx::same_lang(&l, &first)) && u.variant(&first).is_some()
        });
        if !all {
            return Ok(None);
        }
        let n = self.peeked.len();
        self.notices.push(format!(
            "{}: the header says srclang=\"{header}\" but {} say srclang=\"{first}\": \
             read with {first} as the source language (name it with --src-lang to choose)",
            self.path.display(),
            if n == 1 {
                "the unit".to_string()
            } else if n < PEEK_LIMIT {
                format!("all {n} units")
            } else {
                format!("the first {n} units")
            }
        ));
        Ok(Some(first))
    }

    /// Leaves out the first record read, a TSV's header row, and says so.
    fn skip_header_row(&mut self, why: &str) {
        let Some(unit) = self.peeked.pop_front() else {
            return;
        };
        let line = self.peeked_lines.pop_front().flatten();
        self.notices.push(format!(
            "{}: line {} ('{}') taken as a header row and skipped ({why}); \
             give --keep-first-row to read it as a pair",
            self.path.display(),
            line.unwrap_or(1),
            row_cells(&unit)
        ));
        self.skipped_row = Some((unit, line, self.notices.len() - 1));
    }

    /// Reads a TSV's first row as a pair even when its cells name columns
    /// (`源文<TAB>译文`): the row [`UnitStream::notices`] said was skipped
    /// is put back, first, and that notice taken back. Nothing changes
    /// when no row was skipped (other formats, a first row of text).
    ///
    /// ```
    /// use bitext::convert::UnitStream;
    /// use bitext::format::Format;
    /// let tsv = "Source\tTarget\n源文\tSource text\n";
    /// let stream = UnitStream::new(tsv.as_bytes(), "glossary.tsv", Format::Tsv, None, None)?;
    /// assert!(stream.notices()[0].contains("--keep-first-row"));
    /// let mut stream = UnitStream::new(tsv.as_bytes(), "glossary.tsv", Format::Tsv, None, None)?;
    /// stream.keep_first_row();
    /// assert!(stream.notices().is_empty());
    /// assert_eq!(stream.read_pairs()?.records[0].src, "Source");
    /// # Ok::<(), bitext::Error>(())
    /// ```
    pub fn keep_first_row(&mut self) {
        if let Some((unit, line, notice)) = self.skipped_row.take() {
            self.peeked.push_front(unit);
            self.peeked_lines.push_front(line);
            self.notices.remove(notice);
        }
    }

    /// True when the first of at least two records read ahead has its
    /// source in the target language and its target in the source
    /// language (Chinese and English) while the second is the right way
    /// round: column names above the records, not a translation.
    fn swapped_first_row(&self) -> bool {
        let (Ok(src), Ok(tgt)) = (
            self.src_lang.parse::<crate::Lang>(),
            self.tgt_lang.parse::<crate::Lang>(),
        ) else {
            return false;
        };
        if src == tgt || self.peeked.len() < 2 {
            return false;
        }
        let looks = |unit: &Unit, k: usize| {
            let mut sample = crate::lang::Sample::default();
            sample.add(&unit.variants.get(k)?.seg.plain_text());
            sample.looks()
        };
        let (first, second) = (&self.peeked[0], &self.peeked[1]);
        first.variants.len() == 2
            && looks(first, 0) == Some(tgt)
            && looks(first, 1) == Some(src)
            && looks(second, 0) == Some(src)
            && looks(second, 1) == Some(tgt)
    }

    /// Gives the unit just read, when it is a TSV record (or, with
    /// `jsonl`, a JSON Lines record) without a tuid, its line number as
    /// tuid. A TSV has no tuid column, so the line numbers cannot meet a
    /// tuid of the file; a JSON Lines record may carry one, which a line
    /// number could equal, so `convert` leaves a JSON Lines record without
    /// a tuid without one (TMX → JSON Lines → TMX keeps a unit's tuid, and
    /// its lack of one), and only `audit` names such a record by its line.
    pub(super) fn line_as_tuid(&self, unit: &mut Unit, jsonl: bool) {
        let Source::Lines { format, .. } = &self.source else {
            return;
        };
        if *format == Format::Jsonl && !jsonl || tmx::attr(&unit.attrs, "tuid").is_some() {
            return;
        }
        if let Some(line) = self.unit_line {
            unit.attrs.insert(0, ("tuid".to_string(), line.to_string()));
        }
    }

    /// The next unit, from the read-ahead first.
    pub(super) fn next_unit(&mut self) -> Result<Option<Unit>> {
        match self.peeked.pop_front() {
            Some(u) => {
                self.unit_line = self.peeked_lines.pop_front().flatten();
                Ok(Some(u))
            }
            None => self.read_unit(),
        }
    }

    /// Reads a unit from the input, setting `unit_line`.
    fn read_unit(&mut self) -> Result<Option<Unit>> {
        match &mut self.source {
            Source::Tmx(r) => {
                let unit = r.next_unit()?;
                self.unit_line = r.unit_line();
                Ok(unit)
            }
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
                let (text, ending) = split_line_end(text);
                if text.trim().is_empty() {
                    continue;
                }
                if text.contains('\0') {
                    return Err(bad("NUL byte; is this a binary file?".into()));
                }
                let first_line = *line;
                let record = match format {
                    Format::Tsv => tsv::parse_line(text, false).map_err(bad)?,
                    Format::RawTsv => {
                        let fields = match tsv::split_raw(text).map_err(bad)? {
                            Some(fields) => fields,
                            None => {
                                let record = format!("{text}{ending}");
                                raw_record_lines(input.as_mut(), path, line, record)?
                            }
                        };
                        tsv::record_of_fields(&fields, true).map_err(|message| {
                            Error::BadRecord {
                                path: path.clone(),
                                line: first_line,
                                message,
                            }
                        })?
                    }
                    _ => {
                        let record = serde_json::from_str::<Record>(text)
                            .map_err(|e| bad(json_message(&e)))?;
                        check_json_record(&record).map_err(bad)?;
                        record
                    }
                };
                self.unit_line = Some(first_line);
                return Ok(Some(record_unit(record)));
            },
        }
    }
}

/// What a TSV cell that names a column says of its column.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ColumnName {
    /// `source`, `源文`, `原文`…
    Source,
    /// `target`, `译文`, `translation`…
    Target,
    /// A language: `Chinese`, `英文`, `zh-CN` (the word's tag, lowercased:
    /// `zh`, `zh-hans`, `en`, or the tag as written).
    Lang(String),
}

/// What `cell` says of its column when it is only a column name from a
/// closed list (`source`, `target`, `源文`, `译文`, `English`, `中文`,
/// `zh-CN`… case-insensitive, a trailing colon and a language in brackets
/// allowed: `Source (zh-CN)`); `None` for any other text.
fn column_name(cell: &str) -> Option<ColumnName> {
    use ColumnName::{Lang, Source, Target};
    const SOURCE: &[&str] = &[
        "source",
        "src",
        "source text",
        "source segment",
        "source language",
        "original",
        "original text",
        "源",
        "源文",
        "原文",
        "源语",
        "源语言",
        "源文本",
        "原文本",
        "源語言",
    ];
    const TARGET: &[&str] = &[
        "target",
        "tgt",
        "target text",
        "target segment",
        "target language",
        "translation",
        "translated text",
        "目标",
        "译文",
        "譯文",
        "目标语",
        "目标语言",
        "译文本",
        "目標語言",
    ];
    const LANGS: &[(&str, &str)] = &[
        ("chinese", "zh"),
        ("english", "en"),
        ("simplified chinese", "zh-hans"),
        ("traditional chinese", "zh-hant"),
        ("chinese (simplified)", "zh-hans"),
        ("chinese (traditional)", "zh-hant"),
        ("中文", "zh"),
        ("汉语", "zh"),
        ("漢語", "zh"),
        ("中", "zh"),
        ("英文", "en"),
        ("英语", "en"),
        ("英語", "en"),
        ("英", "en"),
        ("简体中文", "zh-hans"),
        ("繁体中文", "zh-hant"),
        ("繁體中文", "zh-hant"),
    ];
    let cell = cell
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase();
    // `Source (zh-CN)`, `译文（英文）`, `Target [en]`: the word decides,
    // the bracket must name a language.
    let word = ['(', '（', '[']
        .iter()
        .find_map(|&open| {
            let (word, rest) = cell.split_once(open)?;
            let inner = rest.strip_suffix([')', '）', ']'])?;
            let inner_is_lang = matches!(column_name(inner), Some(Lang(_)));
            (inner_is_lang && !word.trim().is_empty()).then(|| word.trim().to_string())
        })
        .unwrap_or_else(|| cell.clone());
    if SOURCE.contains(&word.as_str()) {
        return Some(Source);
    }
    if TARGET.contains(&word.as_str()) {
        return Some(Target);
    }
    if let Some((_, tag)) = LANGS.iter().find(|(w, _)| *w == word) {
        return Some(Lang((*tag).to_string()));
    }
    // A language tag of Chinese or English (`zh-CN`, `en_US`, `cmn`).
    word.parse::<crate::lang::LangTag>()
        .ok()
        .map(|t| Lang(t.as_str().to_ascii_lowercase()))
}

/// A row's cells as a message quotes them: `'源文' / '译文'` without the
/// outer quotes, each clipped to 40 characters.
fn row_cells(unit: &Unit) -> String {
    let cells: Vec<String> = unit
        .variants
        .iter()
        .map(|v| crate::report::clip(&v.seg.plain_text(), 40))
        .collect();
    cells.join("' / '")
}

/// True when a TSV row's two cells are column names for two different
/// columns: `source`/`target`, `源文`/`译文`, `中文`/`English`,
/// `zh-CN`/`en-US`, `原文`/`English`. Cells that say the same thing
/// (`中文`/`Chinese`, `目标`/`Target`, `zh`/`zh-CN`) are a translation, a
/// glossary's or a menu's pair, and so is any row with other text.
fn names_columns(a: &str, b: &str) -> bool {
    use ColumnName::{Lang, Source, Target};
    let (Some(a), Some(b)) = (column_name(a), column_name(b)) else {
        return false;
    };
    match (&a, &b) {
        (Source, Target) | (Target, Source) => true,
        (Source | Target, Lang(_)) | (Lang(_), Source | Target) => true,
        (Lang(x), Lang(y)) => {
            let primary = |t: &str| {
                let p = tmx::primary_subtag(t).to_string();
                if p == "cmn" { "zh".to_string() } else { p }
            };
            // Two languages, or two regions or scripts of one
            // (`zh-CN`/`zh-TW`, `简体中文`/`繁體中文`); not `zh`/`zh-CN`.
            primary(x) != primary(y) || (x.contains('-') && y.contains('-') && x != y)
        }
        _ => false,
    }
}

/// A line without its line end (LF or CRLF), and that line end.
fn split_line_end(text: &str) -> (&str, &str) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let body = body.strip_suffix('\r').unwrap_or(body);
    (body, &text[body.len()..])
}

/// The most a raw TSV record whose quoted field goes on over lines may
/// hold: a spreadsheet's cell holds at most 32,767 characters (Excel), so
/// more is a quote never closed.
const MAX_QUOTED_RECORD: usize = 1 << 20;

/// The fields of a raw TSV record whose quoted field is still open at the
/// end of `record` (its first line, with its line end, read on line
/// `*line`): the following lines are added, line breaks and all, until
/// the field closes. A record whose quote is never closed (the input, or
/// 1 MiB, ends first) is an error naming its first line.
fn raw_record_lines(
    input: &mut dyn BufRead,
    path: &Path,
    line: &mut usize,
    mut record: String,
) -> Result<Vec<String>> {
    let first = *line;
    let unclosed = || Error::BadRecord {
        path: path.to_path_buf(),
        line: first,
        message: tsv::UNCLOSED_QUOTE.into(),
    };
    let mut buf = Vec::new();
    loop {
        if record.len() > MAX_QUOTED_RECORD {
            return Err(unclosed());
        }
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Err(unclosed());
        }
        *line += 1;
        let bad = |message: String| Error::BadRecord {
            path: path.to_path_buf(),
            line: *line,
            message,
        };
        let misclosed = |message: String| Error::BadRecord {
            path: path.to_path_buf(),
            line: first,
            message,
        };
        let text = std::str::from_utf8(&buf).map_err(|e| {
            bad(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        if text.contains('\0') {
            return Err(bad("NUL byte; is this a binary file?".into()));
        }
        let (body, ending) = split_line_end(text);
        record.push_str(body);
        if let Some(fields) = tsv::split_raw(&record).map_err(misclosed)? {
            return Ok(fields);
        }
        record.push_str(ending);
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

/// Refuses what TSV input refuses too: a score, or a confidence, that is
/// not a number from 0 to 1; and attribute names TMX cannot take.
fn check_json_record(record: &Record) -> std::result::Result<(), String> {
    if let Some(problem) = crate::format::attrs_problem(record) {
        return Err(problem);
    }
    if let Some(problem) = record.seg_problem() {
        return Err(problem);
    }
    for (name, value) in [("score", record.score), ("confidence", record.confidence)] {
        if let Some(v) = value
            && !(0.0..=1.0).contains(&v)
        {
            return Err(format!(
                "the \"{name}\" field, {v}, is not a {name} (a number from 0 to 1)"
            ));
        }
    }
    Ok(())
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

/// A unit of a single `<tuv>` in the source or the target language (what
/// `align --keep-empty` writes for a sentence with no counterpart) as a
/// record whose other side is empty: an omission or an addition to score.
/// `None` for any other unit lacking one of the two languages (another
/// language, or a multilingual unit without one of the pair).
fn one_sided(unit: &Unit, src_lang: &str, tgt_lang: &str) -> Option<Record> {
    let whole = with_empty_side(unit, src_lang, tgt_lang)?;
    let (src, tgt) = whole.pair(src_lang, tgt_lang)?;
    Some(Record::from_pair(&whole, src, tgt))
}

/// A unit of a single `<tuv>` in the source or the target language with
/// an empty variant of the other added, so that it holds the pair; `None`
/// for any other unit (see [`one_sided`]).
pub(super) fn with_empty_side(unit: &Unit, src_lang: &str, tgt_lang: &str) -> Option<Unit> {
    if unit.variants.len() != 1 {
        return None;
    }
    [(src_lang, false), (tgt_lang, true)]
        .into_iter()
        .find_map(|(missing, first)| {
            let mut whole = unit.clone();
            let empty = Variant {
                lang: missing.to_string(),
                ..Variant::default()
            };
            if first {
                whole.variants.push(empty);
            } else {
                whole.variants.insert(0, empty);
            }
            whole.pair(src_lang, tgt_lang)?;
            Some(whole)
        })
}

/// What [`UnitStream::read_pairs`] read.
#[derive(Debug, Default)]
pub struct PairsRead {
    /// Units read.
    pub units: usize,
    /// One record per unit holding the language pair, in order.
    pub records: Vec<Record>,
    /// The place of each record's unit among all the units read (from 1,
    /// counting those left out), to name it in a message.
    pub unit_numbers: Vec<usize>,
    /// The line of the input each record's unit begins on (a TMX's `<tu`,
    /// a TSV or JSON Lines record's line), parallel to `records`.
    pub unit_lines: Vec<Option<usize>>,
    /// Units left out because they lack the source or target language.
    pub missing_lang: usize,
    /// Units of a single `<tuv>` in one of the two languages, read with an
    /// empty other side.
    pub one_sided: usize,
}

/// A unit holding a TSV or JSON Lines record: `tuid` the record's (none
/// when it has none: [`UnitStream::line_as_tuid`] gives one where one is
/// made up), its properties, confidence, score, flags and notes; languages
/// empty when the record names none (the stream settles them).
fn record_unit(record: Record) -> Unit {
    record.to_unit(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TMX file opened by path, its format named or detected, names the
    /// line of an error as well as its byte offset.
    #[test]
    fn a_tmx_file_error_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let text = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n\
                    <tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
                    <tu><tuv xml:lang=\"en\"><seg>b</seg></tu>\n</body></tmx>\n";
        for name in ["bad.tmx", "bad.xml"] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let opened = [
                UnitStream::open(&path, Format::Tmx, None, None),
                UnitStream::open_detected(&path, None, None, None).map(|(s, _)| s),
            ];
            for stream in opened {
                let err = stream.and_then(UnitStream::read_pairs).unwrap_err();
                assert!(
                    matches!(err, Error::Tmx { line: Some(4), .. }),
                    "{name}: {err}"
                );
            }
        }
    }

    /// A reader that hands out at most `chunk` bytes a call, as a pipe does.
    struct Trickle<'b> {
        bytes: &'b [u8],
        chunk: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Over 64 KiB of TSV with a Chinese character cut by the end of the
    /// first 64 KiB.
    fn long_tsv() -> String {
        for pad in 0..40 {
            let mut tsv = format!("会议由王毅主持。\tWang Yi chaired it{}.\n", "!".repeat(pad));
            while tsv.len() < SNIFF + 1000 {
                tsv.push_str("会议由王毅主持。\tWang Yi chaired the meeting.\n");
            }
            if !tsv.is_char_boundary(SNIFF) {
                return tsv;
            }
        }
        unreachable!("some padding cuts a character at the head's end")
    }

    /// Reads `input` handed out `chunk` bytes a read.
    fn read_all(
        input: &[u8],
        chunk: usize,
        encoding: Option<TextEncoding>,
    ) -> Result<(DecodedAs, PairsRead)> {
        let trickle = Trickle {
            bytes: input,
            chunk,
        };
        let stream = UnitStream::new_as(trickle, "p.tsv", Format::Tsv, encoding, None, None)?;
        let how = stream.decoded_as().unwrap();
        Ok((how, stream.read_pairs()?))
    }

    #[test]
    fn utf8_past_the_sniffed_head_streams_whole() {
        let tsv = long_tsv();
        // As from a file (the first read ends inside a character) and as
        // from a pipe.
        for chunk in [usize::MAX, 777] {
            let (how, read) = read_all(tsv.as_bytes(), chunk, None).unwrap();
            assert_eq!(how, DecodedAs::Utf8);
            assert_eq!(read.units, tsv.lines().count());
            assert!(read.records.iter().all(|r| r.src == "会议由王毅主持。"));
        }
        let (how, _) = read_all(tsv.as_bytes(), 777, Some(TextEncoding::UTF_8)).unwrap();
        assert_eq!(how, DecodedAs::Named(TextEncoding::UTF_8));
    }

    #[test]
    fn legacy_text_longer_than_the_head_is_decoded_whole() {
        let tsv = long_tsv();
        let (gb, _, _) = encoding_rs::GB18030.encode(&tsv);
        for chunk in [usize::MAX, 777] {
            let (how, read) = read_all(&gb, chunk, None).unwrap();
            assert_eq!(how, DecodedAs::Detected(TextEncoding::GB18030));
            assert_eq!(read.units, tsv.lines().count());
            assert!(read.records.iter().all(|r| r.src == "会议由王毅主持。"));
        }
        let (how, _) = read_all(&gb, 777, Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(how, DecodedAs::Named(TextEncoding::GB18030));
        // UTF-8 in the head and GB18030 after it: the line is named.
        let mut mixed = tsv.clone().into_bytes();
        mixed.extend(&gb[..200]);
        let err = read_all(&mixed, usize::MAX, None).unwrap_err().to_string();
        let line = tsv.lines().count() + 1;
        assert!(
            err.contains(&format!("line {line}: invalid UTF-8")),
            "{err}"
        );
    }

    #[test]
    fn utf16_with_a_bom_streams_and_tmx_takes_no_encoding() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "你好\tHello\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (how, read) = read_all(&bytes, 3, None).unwrap();
        assert_eq!(how, DecodedAs::Utf16WithBom(TextEncoding::UTF_16LE));
        assert_eq!(read.records[0].tgt, "Hello");
        let tmx: &[u8] = b"<tmx version=\"1.4\"><header srclang=\"zh\"/><body/></tmx>";
        let err = UnitStream::new_as(
            tmx,
            "m.tmx",
            Format::Tmx,
            Some(TextEncoding::BIG5),
            None,
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("declares its own encoding"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod spreadsheet_tests {
    use super::*;

    /// UTF-16 (little-endian, with a byte-order mark), as Excel's "Unicode
    /// Text" is saved.
    fn utf16(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        bytes
    }

    fn read_raw(bytes: &[u8]) -> Result<(Vec<String>, PairsRead)> {
        let stream = UnitStream::new(bytes, "excel.txt", Format::RawTsv, None, None)?;
        let notices = stream.notices().to_vec();
        Ok((notices, stream.read_pairs()?))
    }

    #[test]
    fn excel_unicode_text_quoting_is_undone() {
        let text = "源文\t译文\r\n\
                    \"点击\"\"保存\"\"按钮\"\t\"Click the \"\"Save\"\" button\"\r\n\
                    \"第一行\n第二行\"\t\"Line one\nLine two\"\r\n\
                    \"列\t内\"\tA cell with a tab\r\n\
                    他说\"好\"。\tHe said \"OK\".\r\n\
                    \"停下，\"他说。\t\"Stop,\" he said.\r\n";
        let (notices, read) = read_raw(&utf16(text)).unwrap();
        let pairs: Vec<(&str, &str)> = read
            .records
            .iter()
            .map(|r| (r.src.as_str(), r.tgt.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("点击\"保存\"按钮", "Click the \"Save\" button"),
                ("第一行\n第二行", "Line one\nLine two"),
                ("列\t内", "A cell with a tab"),
                ("他说\"好\"。", "He said \"OK\"."),
                ("\"停下，\"他说。", "\"Stop,\" he said."),
            ]
        );
        // The header row is no unit, and the user is told.
        assert_eq!(read.units, 5);
        assert!(
            notices
                .iter()
                .any(|n| n.contains("excel.txt: line 1") && n.contains("header")),
            "{notices:?}"
        );
        // Lines are the file's: the unit of two cells of two lines each
        // begins on line 3, the next on line 6.
        assert_eq!(read.unit_lines[1..3], [Some(3), Some(6)]);
    }

    #[test]
    fn a_first_row_in_the_wrong_languages_is_kept_and_said() {
        // Column names in the other languages over Chinese → English
        // columns, not words from the list: maybe a pair put the wrong
        // way round, so read as a pair, with a warning.
        let text = "Original sentence\t翻译后的句子\n\
                    会议由国务委员兼外交部长王毅主持。\tThe meeting was chaired by Wang Yi.\n\
                    联合国大会主席向会议作通报。\tThe President of the General Assembly briefed it.\n";
        let (notices, read) = read_raw(text.as_bytes()).unwrap();
        assert_eq!(read.units, 3, "{notices:?}");
        assert_eq!(read.records[0].src, "Original sentence");
        assert!(
            notices
                .iter()
                .any(|n| n.contains("line 1") && n.contains("read as a pair")),
            "{notices:?}"
        );
        // Without that row nothing is said.
        let (notices, read) = read_raw(text.split_once('\n').unwrap().1.as_bytes()).unwrap();
        assert_eq!((read.units, notices.len()), (2, 0));
    }

    #[test]
    fn a_row_of_one_name_in_two_languages_is_a_pair() {
        // `中文<TAB>Chinese` translates a word (a language menu, a
        // glossary): it names no two columns, alone or over other pairs.
        for first in [
            "中文\tChinese",
            "目标\tTarget",
            "英文\tEnglish",
            "zh\tzh-CN",
            "原文\tOriginal",
        ] {
            // Alone (when it shows two languages: `zh<TAB>zh-CN` does not).
            if let Ok((notices, read)) = read_raw(format!("{first}\n").as_bytes()) {
                assert_eq!((read.units, notices.len()), (1, 0), "{first}: {notices:?}");
            }
            let text = format!("{first}\n你好\tHello\n");
            let (notices, read) = read_raw(text.as_bytes()).unwrap();
            assert_eq!((read.units, notices.len()), (2, 0), "{first}: {notices:?}");
        }
    }

    #[test]
    fn column_names_of_two_columns_are_skipped_and_can_be_kept() {
        for first in [
            "源文\t译文",
            "Source\tTarget",
            "SOURCE:\ttarget:",
            "中文\t英文",
            "中文\tEnglish",
            "Chinese\tEnglish",
            "zh-CN\ten-US",
            "zh_TW\ten",
            "Source (zh-CN)\tTarget (en-US)",
            "原文（中文）\t译文（英文）",
            "原文\tEnglish",
        ] {
            let text = format!("{first}\n你好\tHello\n再见\tGoodbye\n");
            let (notices, read) = read_raw(text.as_bytes()).unwrap();
            assert_eq!(read.units, 2, "{first}: {notices:?}");
            assert!(
                notices
                    .iter()
                    .any(|n| n.contains("line 1") && n.contains("--keep-first-row")),
                "{first}: {notices:?}"
            );
            // --keep-first-row: the row is the first pair, nothing said.
            let mut stream =
                UnitStream::new(text.as_bytes(), "excel.txt", Format::RawTsv, None, None).unwrap();
            stream.keep_first_row();
            assert!(stream.notices().is_empty(), "{first}");
            let read = stream.read_pairs().unwrap();
            assert_eq!(read.units, 3, "{first}");
            assert_eq!(read.unit_lines, [Some(1), Some(2), Some(3)], "{first}");
            let (a, b) = first.split_once('\t').unwrap();
            assert_eq!(
                (read.records[0].src.as_str(), read.records[0].tgt.as_str()),
                (a, b)
            );
        }
        // Text that only starts like a name is text.
        for first in [
            "源代码\tSource code",
            "中文版\tChinese edition",
            "目标日期\tTarget date",
        ] {
            let text = format!("{first}\n你好\tHello\n");
            let (notices, read) = read_raw(text.as_bytes()).unwrap();
            assert_eq!((read.units, notices.len()), (2, 0), "{first}: {notices:?}");
        }
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_the_line() {
        let text = "你好\tHello\n\"没有结束\tNo end\n再见\tBye\n";
        let err = read_raw(text.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("excel.txt") && err.contains("line 2"), "{err}");
        assert!(err.contains("quote"), "{err}");
    }
}

#[cfg(test)]
mod srclang_tests {
    use super::*;

    /// A TMX as translate-toolkit's po2tmx writes it: the header's
    /// `srclang` is the PO's language, every unit's the real source.
    fn po2tmx(unit_srclang: &[&str]) -> String {
        let mut tmx = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tmx version=\"1.4\">\
             <header srclang=\"en\" adminlang=\"en\" datatype=\"PlainText\" segtype=\"sentence\" \
             creationtool=\"Translate Toolkit\" creationtoolversion=\"3\" o-tmf=\"UTF-8\"/><body>\n",
        );
        for (k, lang) in unit_srclang.iter().enumerate() {
            tmx.push_str(&format!(
                "<tu srclang=\"{lang}\"><tuv xml:lang=\"zh-CN\"><seg>保存{k}</seg></tuv>\
                 <tuv xml:lang=\"en-US\"><seg>Save {k}</seg></tuv></tu>\n"
            ));
        }
        tmx.push_str("</body></tmx>\n");
        tmx
    }

    #[test]
    fn units_that_all_contradict_the_header_srclang_are_followed() {
        let tmx = po2tmx(&["zh-CN"; 3]);
        let stream = UnitStream::new(tmx.as_bytes(), "ui.tmx", Format::Tmx, None, None).unwrap();
        assert_eq!((stream.src_lang(), stream.tgt_lang()), ("zh-CN", "en-US"));
        let notices = stream.notices().to_vec();
        assert!(
            notices.len() == 1 && notices[0].contains("ui.tmx") && notices[0].contains("srclang"),
            "{notices:?}"
        );
        assert_eq!(stream.read_pairs().unwrap().records[0].src, "保存0");
        // Units that disagree among themselves: the header decides, as
        // before, and nothing is said.
        let tmx = po2tmx(&["zh-CN", "en-US", "zh-CN"]);
        let stream = UnitStream::new(tmx.as_bytes(), "ui.tmx", Format::Tmx, None, None).unwrap();
        assert_eq!(stream.src_lang(), "en");
        assert!(stream.notices().is_empty());
        // A language named by the user is kept.
        let tmx = po2tmx(&["zh-CN"; 3]);
        let stream =
            UnitStream::new(tmx.as_bytes(), "ui.tmx", Format::Tmx, Some("en-US"), None).unwrap();
        assert_eq!(stream.src_lang(), "en-US");
    }
}
