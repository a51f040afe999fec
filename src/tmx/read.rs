//! The streaming TMX reader.
//!
//! The reader never builds a tree of the whole file: it reads the header when
//! it is created and then one `<tu>` per call. It accepts TMX 1.4 and 1.1
//! (`lang=` as well as `xml:lang=`), in UTF-8 (with or without a byte-order
//! mark), UTF-16 (LE or BE, with a byte-order mark or recognisable from the
//! first `<`), US-ASCII and ISO-8859-1. Character references (`&#xE9;`) and
//! the five predefined entities are resolved; entities declared in a DTD are
//! never expanded and external entities never fetched: a reference to one is
//! an error. Inline markup nested deeper than [`MAX_INLINE_DEPTH`] is an error
//! too, so hostile input cannot exhaust the stack.

use super::{Attr, Header, Inline, InlineKind, Meta, Segment, Unit, Variant};
use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How deeply inline elements may nest inside a `<seg>` (real files use a
/// handful of levels).
pub const MAX_INLINE_DEPTH: usize = 256;

/// Reads TMX one translation unit at a time.
///
/// It is an iterator of `Result<Unit>`; after the first error it yields
/// nothing more.
pub struct TmxReader<'a> {
    reader: Reader<LineCounter<Box<dyn BufRead + 'a>>>,
    buf: Vec<u8>,
    /// The line where the last start or empty tag read begins.
    tag_line: usize,
    /// The line where the last unit read begins.
    unit_line: Option<usize>,
    path: PathBuf,
    /// The file read, when the reader opened one or was told it (not
    /// standard input, not a reader given to [`TmxReader::new`]): read
    /// again to tell an error's line.
    file: Option<PathBuf>,
    version: String,
    header: Header,
    encoding: &'static str,
    finished: bool,
}

impl std::fmt::Debug for TmxReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TmxReader")
            .field("path", &self.path)
            .field("version", &self.version)
            .field("encoding", &self.encoding)
            .finish_non_exhaustive()
    }
}

impl TmxReader<'static> {
    /// Opens a TMX file (`-` is standard input) and reads its header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(std::io::stdin())
        } else {
            Box::new(File::open(path).map_err(|e| Error::io(path, e))?)
        };
        let file = (path != Path::new("-")).then(|| path.to_path_buf());
        TmxReader::of_file(input, crate::read::display_path(path), file)
    }
}

impl<'a> TmxReader<'a> {
    /// Reads TMX from `input`; `path` names it in messages. The header is
    /// read here, so a file that is not TMX fails at once.
    pub fn new(input: impl Read + 'a, path: impl AsRef<Path>) -> Result<Self> {
        TmxReader::of_file(input, path, None)
    }

    /// As [`TmxReader::new`], for `input` that holds the bytes of `file`
    /// from its start (`None`: standard input or bytes of no file), which
    /// is read again to tell an error's line.
    pub(crate) fn of_file(
        input: impl Read + 'a,
        path: impl AsRef<Path>,
        file: Option<PathBuf>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let input = BufReader::with_capacity(64 * 1024, input);
        let (encoding, text) = sniff(input, &path)?;
        let mut reader = Reader::from_reader(LineCounter::new(text));
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut me = TmxReader {
            reader,
            buf: Vec::new(),
            tag_line: 1,
            unit_line: None,
            path,
            file,
            version: String::new(),
            header: Header::default(),
            encoding,
            finished: false,
        };
        me.read_prologue()?;
        Ok(me)
    }

    /// The `version` attribute of `<tmx>` (`1.4`, `1.1`, …).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The encoding the file was read in (`UTF-8`, `UTF-16LE`, …).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// The 1-based line of the file where the unit last returned by
    /// [`TmxReader::next_unit`] begins (its `<tu`), counting line breaks
    /// (`\n`, `\r\n`, `\r`) as read, whatever the file's encoding; `None`
    /// before the first unit.
    pub fn unit_line(&self) -> Option<usize> {
        self.unit_line
    }

    /// Reads the next unit, or `None` after `</body>`.
    pub fn next_unit(&mut self) -> Result<Option<Unit>> {
        if self.finished {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Ev::Start(name, attrs) if name == "tu" => {
                    self.unit_line = Some(self.tag_line);
                    return self.read_tu(attrs).map(Some);
                }
                Ev::Empty(name, attrs) if name == "tu" => {
                    self.unit_line = Some(self.tag_line);
                    // A `<tu/>` has no variants; keep it so counts add up.
                    return Ok(Some(Unit {
                        attrs,
                        ..Unit::default()
                    }));
                }
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(name) if name == "body" => {
                    self.finished = true;
                    self.read_epilogue()?;
                    return Ok(None);
                }
                Ev::Eof => return Err(self.error("the file ends inside <body>")),
                _ => {}
            }
        }
    }

    fn read_prologue(&mut self) -> Result<()> {
        // Up to and including `<tmx>`.
        loop {
            match self.event()? {
                Ev::Start(name, attrs) if name == "tmx" => {
                    self.version = super::attr(&attrs, "version").unwrap_or("").to_string();
                    break;
                }
                Ev::Start(name, _) | Ev::Empty(name, _) => {
                    return Err(self.error(&format!(
                        "not a TMX file: the root element is <{name}>, not <tmx>"
                    )));
                }
                Ev::Eof => return Err(self.error("not a TMX file: no <tmx> element")),
                _ => {}
            }
        }
        // Then `<header>` and `<body>`.
        loop {
            match self.event()? {
                Ev::Start(name, attrs) if name == "header" => {
                    self.header.attrs = attrs;
                    self.header.meta = self.read_meta_until("header")?;
                }
                Ev::Empty(name, attrs) if name == "header" => self.header.attrs = attrs,
                Ev::Start(name, _) if name == "body" => return Ok(()),
                Ev::Empty(name, _) if name == "body" => {
                    self.finished = true;
                    return self.read_epilogue();
                }
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(_) => return Err(self.error("<tmx> has no <body>")),
                Ev::Eof => return Err(self.error("the file ends before <body>")),
                _ => {}
            }
        }
    }

    /// After `</body>`: `</tmx>`, then only comments and whitespace.
    fn read_epilogue(&mut self) -> Result<()> {
        let mut closed = false;
        loop {
            match self.event()? {
                Ev::End(name) if name == "tmx" => closed = true,
                Ev::Start(name, _) | Ev::Empty(name, _) => {
                    return Err(self.error(&format!("unexpected <{name}> after </body>")));
                }
                Ev::Eof if closed => return Ok(()),
                Ev::Eof => return Err(self.error("the file ends before </tmx>")),
                _ => {}
            }
        }
    }

    fn read_tu(&mut self, attrs: Vec<Attr>) -> Result<Unit> {
        let mut unit = Unit {
            attrs,
            ..Unit::default()
        };
        loop {
            match self.event()? {
                Ev::Start(name, attrs) if name == "tuv" => {
                    let v = self.read_tuv(attrs)?;
                    unit.variants.push(v);
                }
                Ev::Start(name, attrs) if name == "note" || name == "prop" => {
                    let text = self.read_text(&name)?;
                    unit.meta.push(meta(&name, attrs, text));
                }
                Ev::Empty(name, attrs) if name == "note" || name == "prop" => {
                    unit.meta.push(meta(&name, attrs, String::new()));
                }
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(_) => return Ok(unit),
                Ev::Eof => return Err(self.error("the file ends inside <tu>")),
                _ => {}
            }
        }
    }

    fn read_tuv(&mut self, attrs: Vec<Attr>) -> Result<Variant> {
        // TMX 1.4 names the language `xml:lang`, TMX 1.1 `lang`; with both,
        // `xml:lang` wins (the writer writes only `xml:lang`).
        let (mut xml_lang, mut old_lang) = (None, None);
        let mut rest = Vec::with_capacity(attrs.len());
        for (name, value) in attrs {
            match name.as_str() {
                "xml:lang" if xml_lang.is_none() => xml_lang = Some(value),
                "lang" if old_lang.is_none() => old_lang = Some(value),
                "xml:lang" | "lang" => {}
                _ => rest.push((name, value)),
            }
        }
        let Some(lang) = xml_lang.or(old_lang) else {
            return Err(self.error("<tuv> without xml:lang (or lang)"));
        };
        let mut variant = Variant {
            lang,
            attrs: rest,
            ..Variant::default()
        };
        let mut has_seg = false;
        loop {
            match self.event()? {
                Ev::Start(name, _) if name == "seg" => {
                    variant.seg = self.read_seg()?;
                    has_seg = true;
                }
                Ev::Empty(name, _) if name == "seg" => has_seg = true,
                Ev::Start(name, attrs) if name == "note" || name == "prop" => {
                    let text = self.read_text(&name)?;
                    variant.meta.push(meta(&name, attrs, text));
                }
                Ev::Empty(name, attrs) if name == "note" || name == "prop" => {
                    variant.meta.push(meta(&name, attrs, String::new()));
                }
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(_) if has_seg => return Ok(variant),
                Ev::End(_) => return Err(self.error("<tuv> without <seg>")),
                Ev::Eof => return Err(self.error("the file ends inside <tuv>")),
                _ => {}
            }
        }
    }

    /// Reads a `<seg>`'s content, after its start tag, with an explicit
    /// stack so that nesting cannot overflow the call stack.
    fn read_seg(&mut self) -> Result<Segment> {
        // Each open element: its kind, attributes and the content so far.
        let mut stack: Vec<(InlineKind, Vec<Attr>, Vec<Inline>)> = Vec::new();
        let mut top: Vec<Inline> = Vec::new();
        loop {
            let ev = self.event()?;
            let content = stack.last_mut().map_or(&mut top, |(_, _, c)| c);
            match ev {
                Ev::Text(t) => push_text(content, t),
                Ev::Start(name, attrs) => {
                    let Some(kind) = InlineKind::from_name(name.as_bytes()) else {
                        return Err(self.error(&format!("<{name}> is not allowed in <seg>")));
                    };
                    if stack.len() >= MAX_INLINE_DEPTH {
                        return Err(self.error(&format!(
                            "inline elements nested more than {MAX_INLINE_DEPTH} deep"
                        )));
                    }
                    stack.push((kind, attrs, Vec::new()));
                }
                Ev::Empty(name, attrs) => {
                    let Some(kind) = InlineKind::from_name(name.as_bytes()) else {
                        return Err(self.error(&format!("<{name}/> is not allowed in <seg>")));
                    };
                    content.push(Inline::Element {
                        kind,
                        attrs,
                        children: Vec::new(),
                    });
                }
                Ev::End(_) => match stack.pop() {
                    // The reader checks that end names match start names.
                    Some((kind, attrs, children)) => {
                        let parent = stack.last_mut().map_or(&mut top, |(_, _, c)| c);
                        parent.push(Inline::Element {
                            kind,
                            attrs,
                            children,
                        });
                    }
                    None => return Ok(Segment(top)),
                },
                Ev::Eof => return Err(self.error("the file ends inside <seg>")),
                Ev::Other => {}
            }
        }
    }

    /// Reads the text content of a `<note>` or `<prop>` up to its end tag.
    fn read_text(&mut self, name: &str) -> Result<String> {
        let mut text = String::new();
        loop {
            match self.event()? {
                Ev::Text(t) => text.push_str(&t),
                Ev::Start(child, _) => self.skip(&child)?,
                Ev::End(_) => return Ok(text),
                Ev::Eof => return Err(self.error(&format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    /// Reads the header's notes, props and udes up to `</header>`.
    fn read_meta_until(&mut self, element: &str) -> Result<Vec<Meta>> {
        let mut out = Vec::new();
        loop {
            match self.event()? {
                Ev::Start(name, attrs) if name == "note" || name == "prop" => {
                    let text = self.read_text(&name)?;
                    out.push(meta(&name, attrs, text));
                }
                Ev::Empty(name, attrs) if name == "note" || name == "prop" => {
                    out.push(meta(&name, attrs, String::new()));
                }
                Ev::Start(name, attrs) if name == "ude" => {
                    let maps = self.read_maps()?;
                    out.push(Meta::Ude { attrs, maps });
                }
                Ev::Empty(name, attrs) if name == "ude" => out.push(Meta::Ude {
                    attrs,
                    maps: Vec::new(),
                }),
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(_) => return Ok(out),
                Ev::Eof => return Err(self.error(&format!("the file ends inside <{element}>"))),
                _ => {}
            }
        }
    }

    fn read_maps(&mut self) -> Result<Vec<Vec<Attr>>> {
        let mut maps = Vec::new();
        loop {
            match self.event()? {
                Ev::Empty(name, attrs) if name == "map" => maps.push(attrs),
                Ev::Start(name, attrs) if name == "map" => {
                    maps.push(attrs);
                    self.skip(&name)?;
                }
                Ev::Start(name, _) => self.skip(&name)?,
                Ev::End(_) => return Ok(maps),
                Ev::Eof => return Err(self.error("the file ends inside <ude>")),
                _ => {}
            }
        }
    }

    /// Skips an element whose start tag was just read, however deep, without
    /// recursion.
    fn skip(&mut self, name: &str) -> Result<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.event()? {
                Ev::Start(..) => depth += 1,
                Ev::End(_) => depth -= 1,
                Ev::Eof => return Err(self.error(&format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
        Ok(())
    }

    /// The next event, owned and decoded.
    fn event(&mut self) -> Result<Ev> {
        self.buf.clear();
        let event = match self.reader.read_event_into(&mut self.buf) {
            Ok(e) => e,
            Err(e) => {
                let offset = self.reader.error_position();
                return Err(xml_error(
                    &self.path,
                    self.file.as_deref(),
                    offset,
                    e,
                    self.encoding,
                ));
            }
        };
        let offset = self.reader.buffer_position();
        if let Event::Start(s) | Event::Empty(s) = &event {
            // The reader has consumed the tag up to its `>`: the tag begins
            // as many line breaks earlier as it holds.
            self.tag_line = 1 + self
                .reader
                .get_mut()
                .breaks()
                .saturating_sub(line_breaks(s, false));
        }
        let (path, file) = (&self.path, self.file.as_deref());
        let encoding = self.encoding;
        let fail = |e: quick_xml::Error| xml_error(path, file, offset, e, encoding);
        Ok(match event {
            Event::Start(s) => Ev::Start(name(&s, &fail)?, attrs(&s, &fail)?),
            Event::Empty(s) => Ev::Empty(name(&s, &fail)?, attrs(&s, &fail)?),
            Event::End(e) => Ev::End(
                std::str::from_utf8(e.name().as_ref())
                    .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))?
                    .to_string(),
            ),
            Event::Text(t) => {
                let raw = std::str::from_utf8(&t)
                    .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))?;
                let text = quick_xml::escape::unescape(&line_ends(raw))
                    .map_err(|e| fail(e.into()))?
                    .into_owned();
                Ev::Text(text)
            }
            Event::CData(c) => Ev::Text(
                line_ends(
                    std::str::from_utf8(&c)
                        .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))?,
                )
                .into_owned(),
            ),
            Event::Eof => Ev::Eof,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ev::Other,
        })
    }

    fn error(&self, message: &str) -> Error {
        let offset = self.reader.buffer_position();
        Error::Tmx {
            path: self.path.clone(),
            offset,
            line: self
                .file
                .as_deref()
                .and_then(|f| line_of(f, offset, self.encoding)),
            message: format!("{message}{}", offset_note(self.encoding)),
        }
    }
}

/// Line breaks (`\n`, `\r\n`, `\r`) in `bytes`; `after_cr`: the byte before
/// them was a `\r` (so a leading `\n` ends a line already counted).
fn line_breaks(bytes: &[u8], after_cr: bool) -> usize {
    // Counted in chunks of at most 255 bytes into a `u8`, which compiles
    // to vector instructions.
    let (mut lf, mut cr) = (0, 0);
    for chunk in bytes.chunks(255) {
        let (l, c) = chunk.iter().fold((0u8, 0u8), |(l, c), &b| {
            (l + u8::from(b == b'\n'), c + u8::from(b == b'\r'))
        });
        (lf, cr) = (lf + usize::from(l), cr + usize::from(c));
    }
    if cr == 0 && !after_cr {
        return lf;
    }
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count()
        + usize::from(after_cr && bytes.first() == Some(&b'\n'));
    lf + cr - crlf
}

/// A reader that counts the line breaks of the bytes consumed through it,
/// so that a unit can be given its line as the file is read. It keeps its
/// own buffer and counts the bytes consumed in bulk, when asked or before
/// a refill, not at each of the XML reader's many small `consume` calls.
struct LineCounter<R> {
    inner: R,
    buf: Vec<u8>,
    /// The buffered bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    /// Bytes of `buf` before this are counted in `breaks`.
    counted: usize,
    /// Line breaks consumed and counted so far.
    breaks: usize,
    /// The last byte counted was a `\r`.
    after_cr: bool,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            buf: vec![0; 64 * 1024],
            pos: 0,
            end: 0,
            counted: 0,
            breaks: 0,
            after_cr: false,
        }
    }

    /// Counts the bytes consumed but not yet counted.
    fn settle(&mut self) {
        let fresh = &self.buf[self.counted..self.pos];
        if let Some(&last) = fresh.last() {
            self.breaks += line_breaks(fresh, self.after_cr);
            self.after_cr = last == b'\r';
        }
        self.counted = self.pos;
    }

    /// Line breaks in the bytes consumed so far.
    fn breaks(&mut self) -> usize {
        self.settle();
        self.breaks
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.end {
            self.settle();
            let n = self.inner.read(&mut self.buf)?;
            (self.pos, self.end, self.counted) = (0, n, 0);
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = self.pos.saturating_add(amt).min(self.end);
    }
}

impl Iterator for TmxReader<'_> {
    type Item = Result<Unit>;

    fn next(&mut self) -> Option<Result<Unit>> {
        match self.next_unit() {
            Ok(u) => u.map(Ok),
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// An owned XML event, with names and text decoded and unescaped.
enum Ev {
    Start(String, Vec<Attr>),
    Empty(String, Vec<Attr>),
    End(String),
    Text(String),
    Eof,
    Other,
}

fn name(s: &BytesStart<'_>, fail: &impl Fn(quick_xml::Error) -> Error) -> Result<String> {
    std::str::from_utf8(s.name().as_ref())
        .map(str::to_string)
        .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))
}

fn attrs(s: &BytesStart<'_>, fail: &impl Fn(quick_xml::Error) -> Error) -> Result<Vec<Attr>> {
    let mut out = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| fail(e.into()))?;
        let key = std::str::from_utf8(a.key.as_ref())
            .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))?
            .to_string();
        let raw = std::str::from_utf8(&a.value)
            .map_err(|e| fail(quick_xml::Error::Encoding(e.into())))?;
        // Attribute-value normalization: literal line ends and tabs are
        // spaces; character references (`&#10;`) keep what they name.
        let raw = line_ends(raw).replace(['\n', '\t'], " ");
        let value = quick_xml::escape::unescape(&raw)
            .map_err(|e| fail(e.into()))?
            .into_owned();
        out.push((key, value));
    }
    Ok(out)
}

/// XML's end-of-line handling: a literal CR LF or lone CR is a line feed
/// (a CR written as `&#13;` is kept, since references are resolved after).
fn line_ends(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        raw.into()
    }
}

fn meta(name: &str, attrs: Vec<Attr>, text: String) -> Meta {
    if name == "note" {
        Meta::Note { attrs, text }
    } else {
        Meta::Prop { attrs, text }
    }
}

/// Appends text, merging with a preceding text piece (quick-xml may split
/// text around comments).
/// Reads the content of one `<seg>` given alone (see
/// [`super::Segment::from_xml`]): it is read as the `<seg>` of a minimal
/// TMX document, so that text, entities and inline elements are read as in
/// a file; markup that would close the `<seg>` or open anything but an
/// inline element is refused first.
pub(crate) fn segment_from_xml(xml: &str) -> Result<Segment> {
    let bad = |what: String| Error::Config(format!("inline codes: {what}"));
    for (i, _) in xml.match_indices('<') {
        let rest = &xml[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
            .collect();
        if InlineKind::from_name(name.as_bytes()).is_none() {
            return Err(bad(format!(
                "<{}> is not an inline element of TMX (bpt, ept, ph, it, ut, hi, sub)",
                quote_short(&name)
            )));
        }
    }
    let doc = format!(
        "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"x\"><seg>{xml}</seg></tuv></tu></body></tmx>"
    );
    let mut reader = TmxReader::new(doc.as_bytes(), "seg").map_err(|e| bad(e.to_string()))?;
    let unit = reader
        .next_unit()
        .map_err(|e| bad(segment_message(&e.to_string())))?;
    let rest = reader
        .next_unit()
        .map_err(|e| bad(segment_message(&e.to_string())))?;
    match (unit, rest) {
        (Some(mut u), None) if u.variants.len() == 1 => Ok(std::mem::take(&mut u.variants[0].seg)),
        _ => Err(bad("not the content of one segment".into())),
    }
}

/// An error of the wrapped document without its made-up place.
fn segment_message(message: &str) -> String {
    message
        .strip_prefix("seg")
        .map(|m| m.trim_start_matches([':', ' ']))
        .unwrap_or(message)
        .to_string()
}

fn quote_short(name: &str) -> String {
    if name.chars().count() > 20 {
        format!("{}…", name.chars().take(20).collect::<String>())
    } else {
        name.to_string()
    }
}

fn push_text(content: &mut Vec<Inline>, t: String) {
    if let Some(Inline::Text(prev)) = content.last_mut() {
        prev.push_str(&t);
    } else if !t.is_empty() {
        content.push(Inline::Text(t));
    }
}

fn offset_note(encoding: &str) -> &'static str {
    if encoding.starts_with("UTF-16") || encoding == "ISO-8859-1" {
        " (offset in the text decoded to UTF-8)"
    } else {
        ""
    }
}

fn xml_error(
    path: &Path,
    file: Option<&Path>,
    offset: u64,
    e: quick_xml::Error,
    encoding: &str,
) -> Error {
    use quick_xml::escape::EscapeError;
    let message = match e {
        quick_xml::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::InvalidData => {
                if let Some(u) = io
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<crate::read::Utf16Error>())
                {
                    // The file's own offset, not one in the decoded text.
                    return Error::InvalidUtf16 {
                        path: path.to_path_buf(),
                        offset: usize::try_from(u.offset).unwrap_or(usize::MAX),
                    };
                }
                io.to_string()
            }
            _ => {
                return Error::io(path, std::io::Error::new(io.kind(), io.to_string()));
            }
        },
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, entity)) => format!(
            "undefined entity &{entity}; (bitext expands only the five XML entities and character references, never DTD or external entities)"
        ),
        quick_xml::Error::Encoding(_) => "invalid UTF-8".to_string(),
        other => format!("malformed XML: {other}"),
    };
    Error::Tmx {
        path: path.to_path_buf(),
        offset,
        line: file.and_then(|f| line_of(f, offset, encoding)),
        message: format!("{message}{}", offset_note(encoding)),
    }
}

/// The line (1-based) of byte `offset` of a UTF-8 file, counted by reading
/// the file again up to it (only when reporting an error: the cost of one
/// more read up to the error); `None` for other encodings (the offset is
/// one in the decoded text) and for what is not a regular file.
fn line_of(path: &Path, offset: u64, encoding: &str) -> Option<u64> {
    if !encoding.starts_with("UTF-8") || !path.is_file() {
        return None;
    }
    let mut file = BufReader::new(std::fs::File::open(path).ok()?);
    // The decoded text starts after a byte-order mark.
    let bom = file.fill_buf().ok()?.starts_with(b"\xEF\xBB\xBF");
    let skip = if bom { 3 } else { 0 };
    // Line breaks as the reader counts them: `\n`, `\r\n` and `\r`.
    let (mut breaks, mut after_cr) = (0u64, false);
    let mut left = offset.checked_add(skip)?;
    while left > 0 {
        let buf = file.fill_buf().ok()?;
        let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let Some(&last) = buf[..n].last() else { break };
        breaks += line_breaks(&buf[..n], after_cr) as u64;
        after_cr = last == b'\r';
        file.consume(n);
        left -= n as u64;
    }
    Some(breaks + 1)
}

/// Looks at the first bytes: a byte-order mark, UTF-16 without one, or an
/// XML declaration naming an encoding. Returns the encoding's name and a
/// UTF-8 stream of the text.
fn sniff<'a>(
    mut input: BufReader<impl Read + 'a>,
    path: &Path,
) -> Result<(&'static str, Box<dyn BufRead + 'a>)> {
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    // Byte-order marks are handled as for any text input.
    if head.starts_with(b"\xEF\xBB\xBF")
        || head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
    {
        return crate::read::utf8_stream(input, path);
    }
    let (name, skip) = match head {
        [b'<', 0, ..] => ("UTF-16LE", 0),
        [0, b'<', ..] => ("UTF-16BE", 0),
        _ => match declared_encoding(head).as_deref() {
            None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => ("UTF-8", 0),
            Some("iso-8859-1" | "latin1" | "latin-1" | "iso_8859-1") => ("ISO-8859-1", 0),
            Some(other) => {
                return Err(Error::Tmx {
                    path: path.to_path_buf(),
                    offset: 0,
                    line: None,
                    message: format!(
                        "unsupported encoding \"{other}\"; bitext reads UTF-8, UTF-16, US-ASCII and ISO-8859-1 (convert the file, e.g. with iconv)"
                    ),
                });
            }
        },
    };
    input.consume(skip);
    let stream: Box<dyn BufRead + 'a> = match name {
        "UTF-16LE" | "UTF-16BE" => Box::new(BufReader::with_capacity(
            64 * 1024,
            crate::read::Utf16Reader::new(input, name == "UTF-16BE", skip as u64),
        )),
        "ISO-8859-1" => Box::new(BufReader::with_capacity(
            64 * 1024,
            crate::read::Latin1Reader(input),
        )),
        _ => Box::new(input),
    };
    Ok((name, stream))
}

/// The `encoding` of an XML declaration at the start of `head`, lower-cased.
fn declared_encoding(head: &[u8]) -> Option<String> {
    let head = std::str::from_utf8(&head[..head.len().min(512)])
        .ok()
        .or_else(|| {
            // The cut may split a character; only the ASCII declaration matters.
            let end = head.iter().take(512).position(|&b| b >= 0x80)?;
            std::str::from_utf8(&head[..end]).ok()
        })?;
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Result<(Header, Vec<Unit>)> {
        let mut r = TmxReader::new(bytes, "t.tmx")?;
        let units = r.by_ref().collect::<Result<Vec<_>>>()?;
        Ok((r.header().clone(), units))
    }

    const SMALL: &str = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"><note>n</note></header>\
        <body><tu tuid=\"1\"><prop type=\"x\">p</prop><tuv xml:lang=\"en\"><seg>a &amp; b</seg></tuv>\
        <tuv xml:lang=\"zh-CN\"><seg>甲</seg></tuv></tu></body></tmx>\n";

    /// The line of every `<tu` in `text`, counted in one pass: each `\r`
    /// ends a line, and each `\n` that does not follow a `\r`.
    fn tu_lines(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut line = 1;
        for (i, &b) in bytes.iter().enumerate() {
            if bytes[i..].starts_with(b"<tu")
                && matches!(bytes.get(i + 3), Some(b' ' | b'>' | b'/' | b'\n' | b'\r'))
            {
                lines.push(line);
            }
            if b == b'\r' || (b == b'\n' && (i == 0 || bytes[i - 1] != b'\r')) {
                line += 1;
            }
        }
        lines
    }

    #[test]
    fn units_know_the_line_they_start_on() {
        let body = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"\n  datatype=\"plaintext\"/>\n<body>\n\
            <tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>a\nb</seg></tuv><tuv xml:lang=\"zh\"><seg>甲</seg></tuv></tu>\n\
            <!-- a\ncomment --><tu\n  tuid=\"2\"\n><tuv xml:lang=\"en\"><seg><![CDATA[x\ny]]></seg></tuv></tu><tu tuid=\"3\"/>\n\n\
            <tu tuid=\"4\"><note>n\n\n</note><tuv xml:lang=\"en\"><seg>z</seg></tuv></tu></body>\n</tmx>\n";
        let lines_of = |bytes: &[u8]| {
            let mut r = TmxReader::new(bytes, "t.tmx").unwrap();
            let mut lines = Vec::new();
            while r.next_unit().unwrap().is_some() {
                lines.push(r.unit_line().unwrap());
            }
            lines
        };
        for ending in ["\n", "\r\n", "\r"] {
            let text = body.replace('\n', ending);
            let expected = tu_lines(&text);
            assert_eq!(expected.len(), 4);
            assert_eq!(lines_of(text.as_bytes()), expected, "{ending:?}");
            let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
            assert_eq!(lines_of(&bom), expected, "BOM, {ending:?}");
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            assert_eq!(lines_of(&utf16), expected, "UTF-16, {ending:?}");
        }
        // Larger than the read buffer: counts carry over its refills.
        let mut big = String::from("<tmx version=\"1.4\"><header/><body>\r\n");
        for k in 0..3000 {
            big.push_str(&format!(
                "<tu tuid=\"{k}\">{}<tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>{}",
                "\r\n".repeat(k % 3),
                "word ".repeat(k % 37),
                ["\r\n", "\r", "\n", ""][k % 4]
            ));
        }
        big.push_str("</body></tmx>");
        assert_eq!(lines_of(big.as_bytes()), tu_lines(&big));
    }

    #[test]
    fn line_counts_do_not_depend_on_how_the_bytes_are_buffered() {
        let text = b"a\r\nb\rc\n\r\r\n\nd\r";
        let whole = line_breaks(text, false);
        assert_eq!(whole, 7);
        for capacity in 1..=text.len() {
            let mut r = LineCounter::new(BufReader::with_capacity(capacity, &text[..]));
            loop {
                let n = r.fill_buf().unwrap().len().min(capacity.div_ceil(2));
                if n == 0 {
                    break;
                }
                r.consume(n);
            }
            assert_eq!(r.breaks(), whole, "capacity {capacity}");
        }
    }

    #[test]
    fn reads_units_and_meta() {
        let (header, units) = read_all(SMALL.as_bytes()).unwrap();
        assert_eq!(header.srclang(), Some("en"));
        assert_eq!(header.meta.len(), 1);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].variants[0].seg.plain_text(), "a & b");
        assert_eq!(units[0].variants[1].lang, "zh-CN");
        assert_eq!(units[0].meta.len(), 1);
    }

    #[test]
    fn utf16_both_orders_and_latin1() {
        for big in [false, true] {
            let mut bytes = if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for u in SMALL.encode_utf16() {
                bytes.extend(if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            let (_, units) = read_all(&bytes).unwrap();
            assert_eq!(units[0].variants[1].seg.plain_text(), "甲");
        }
        let latin =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx version=\"1.4\"><header/><body>\
            <tu><tuv xml:lang=\"fr\"><seg>caf\xE9</seg></tuv></tu></body></tmx>";
        let (_, units) = read_all(latin).unwrap();
        assert_eq!(units[0].variants[0].seg.plain_text(), "café");
    }

    #[test]
    fn broken_input_is_an_error_not_a_panic() {
        let cases: &[&[u8]] = &[
            b"",
            b"<html></html>",
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>x</seg>",
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&lol;</seg></tuv></tu></body></tmx>",
            b"<tmx version=\"1.4\"><header/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>",
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg><b>x</b></seg></tuv></tu></body></tmx>",
            b"<tmx version=\"1.4\"><header/><body></tmx>",
            b"\xFF\xFE<\x00t\x00\x00\xD8",
            b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><tmx/>",
        ];
        for case in cases {
            let result = read_all(case);
            assert!(
                matches!(result, Err(Error::Tmx { .. } | Error::InvalidUtf16 { .. })),
                "{:?} gave {result:?}",
                String::from_utf8_lossy(case)
            );
        }
    }

    /// A file's error names the line as well as the byte offset (with or
    /// without a byte-order mark); standard input, read once, only the offset.
    #[test]
    fn errors_in_a_file_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
                    <tu><tuv xml:lang=\"en\"><seg>b</seg></tu>\n</body></tmx>\n";
        for (name, bytes) in [
            ("plain.tmx", body.as_bytes().to_vec()),
            (
                "bom.tmx",
                [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat(),
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let err = TmxReader::open(&path)
                .and_then(|r| r.collect::<Result<Vec<_>>>())
                .unwrap_err();
            assert!(
                matches!(err, Error::Tmx { line: Some(3), .. }),
                "{name}: {err}"
            );
            assert!(
                err.to_string().contains(" (line 3): malformed XML"),
                "{err}"
            );
        }
        let err = read_all(body.as_bytes()).unwrap_err();
        assert!(matches!(err, Error::Tmx { line: None, .. }), "{err}");
        // A reader given bytes and a name is not told a line from a file
        // that happens to have that name.
        let named = dir.path().join("plain.tmx");
        let err = TmxReader::new(body.as_bytes(), &named)
            .and_then(|r| r.collect::<Result<Vec<_>>>())
            .unwrap_err();
        assert!(matches!(err, Error::Tmx { line: None, .. }), "{err}");
    }

    /// An error's line counts line breaks as XML does and as a unit's line
    /// does: `\r\n`, and a lone `\r` (old Mac files), are one break each.
    #[test]
    fn error_lines_count_every_line_end() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
                    <tu><tuv xml:lang=\"en\"><seg>b</seg></tu>\n</body></tmx>\n";
        for (name, end) in [("lf.tmx", "\n"), ("crlf.tmx", "\r\n"), ("cr.tmx", "\r")] {
            let path = dir.path().join(name);
            std::fs::write(&path, body.replace('\n', end)).unwrap();
            let err = TmxReader::open(&path)
                .and_then(|r| r.collect::<Result<Vec<_>>>())
                .unwrap_err();
            assert!(
                matches!(err, Error::Tmx { line: Some(3), .. }),
                "{name}: {err}"
            );
            // A file cut short after its third line break ends on line 4.
            let whole = body
                .replace("<seg>b</seg></tu>", "<seg>b</seg></tuv></tu>")
                .replace('\n', end);
            let cut = &whole[..whole.find("</body>").unwrap()];
            std::fs::write(&path, format!("{cut}<tu>")).unwrap();
            let err = TmxReader::open(&path)
                .and_then(|r| r.collect::<Result<Vec<_>>>())
                .unwrap_err();
            assert!(
                matches!(err, Error::Tmx { line: Some(4), .. }),
                "{name} cut short: {err}"
            );
        }
        // A `\r\n` split between two reads of the file is one break.
        let head = "<tmx version=\"1.4\"><header/><body><!--";
        let pad = "x".repeat(8191 - head.len() - 3);
        let rest = body.split_once("<body>").unwrap().1;
        let text = format!("{head}{pad}-->{}", rest.replace('\n', "\r\n"));
        assert_eq!(&text.as_bytes()[8191..8193], b"\r\n");
        let path = dir.path().join("split.tmx");
        std::fs::write(&path, text).unwrap();
        let err = TmxReader::open(&path)
            .and_then(|r| r.collect::<Result<Vec<_>>>())
            .unwrap_err();
        assert!(matches!(err, Error::Tmx { line: Some(3), .. }), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut s =
            String::from("<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>");
        s.push_str(&"<hi>".repeat(MAX_INLINE_DEPTH + 1));
        let err = read_all(s.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("nested more than"), "{err}");
    }

    #[test]
    fn line_ends_follow_xml() {
        let tmx = "<tmx version=\"1.4\"><header/><body><tu tuid=\"a\r\nb\tc&#10;d\">\
            <tuv xml:lang=\"en\"><seg>one\r\ntwo\rthree&#13;four</seg></tuv></tu></body></tmx>";
        let (_, units) = read_all(tmx.as_bytes()).unwrap();
        assert_eq!(units[0].attrs[0].1, "a b c\nd");
        assert_eq!(
            units[0].variants[0].seg.plain_text(),
            "one\ntwo\nthree\rfour"
        );
    }

    #[test]
    fn declared_encodings() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding='US-ASCII'?><tmx>").as_deref(),
            Some("us-ascii")
        );
        assert_eq!(declared_encoding(b"<tmx>"), None);
    }
}
