//! The TMX 1.4b writer.
//!
//! One layout for every file bitext writes: a `<tmx version="1.4">` with the
//! DOCTYPE of the TMX 1.4 DTD, two spaces of indentation per level, a `<tu>`
//! per unit, and nothing ever added inside a `<seg>`. Because the layout is
//! fixed and the reader keeps attributes, notes and properties in their
//! order, a file bitext wrote reads back and writes again byte for byte.
//!
//! Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped
//! and counted; variants whose segment is empty are left out, and a unit left
//! without variants is not written.

use super::{Attr, Header, Inline, Meta, Unit};
use crate::error::{Error, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::Write;

/// The header attributes the TMX 1.4 DTD requires, with the value written
/// when a header read from elsewhere lacks one.
const REQUIRED_HEADER: [(&str, &str); 7] = [
    ("creationtool", "unknown"),
    ("creationtoolversion", "unknown"),
    ("segtype", "sentence"),
    ("o-tmf", "unknown"),
    ("adminlang", "en"),
    ("srclang", "*all*"),
    ("datatype", "unknown"),
];

/// What the writer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Units written.
    pub units: usize,
    /// Units not written because every segment was empty.
    pub skipped_units: usize,
    /// Variants left out because their segment was empty.
    pub skipped_variants: usize,
    /// Characters dropped because XML 1.0 forbids them.
    pub dropped_chars: usize,
}

/// Writes TMX 1.4b one unit at a time.
///
/// ```
/// use bitext::tmx::{Header, Segment, TmxWriter, Unit, Variant};
/// let mut out = Vec::new();
/// let header = Header { attrs: vec![("srclang".into(), "zh-CN".into())], meta: vec![] };
/// let mut w = TmxWriter::start(&mut out, &header)?;
/// w.write_unit(&Unit {
///     variants: vec![
///         Variant { lang: "zh-CN".into(), seg: Segment::text("你好"), ..Variant::default() },
///         Variant { lang: "en".into(), seg: Segment::text("Hello"), ..Variant::default() },
///     ],
///     ..Unit::default()
/// })?;
/// let stats = w.finish()?;
/// assert_eq!(stats.units, 1);
/// assert!(String::from_utf8(out).unwrap().contains("<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub struct TmxWriter<'w> {
    w: Writer<&'w mut dyn Write>,
    stats: WriteStats,
}

impl std::fmt::Debug for TmxWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TmxWriter")
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl<'w> TmxWriter<'w> {
    /// Writes the XML declaration, the DOCTYPE, `<tmx>`, the header (adding
    /// any attribute the DTD requires that it lacks) and `<body>`.
    pub fn start(out: &'w mut dyn Write, header: &Header) -> Result<Self> {
        let mut me = TmxWriter {
            w: Writer::new(out),
            stats: WriteStats::default(),
        };
        me.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        me.raw("\n")?;
        me.event(Event::DocType(BytesText::from_escaped(
            "tmx SYSTEM \"tmx14.dtd\"",
        )))?;
        me.raw("\n")?;
        me.event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        me.raw("\n  ")?;
        let mut attrs = header.attrs.clone();
        for (name, default) in REQUIRED_HEADER {
            if super::attr(&attrs, name).is_none() {
                attrs.push((name.into(), default.into()));
            }
        }
        let start = me.start_tag("header", attr_pairs(&attrs));
        if header.meta.is_empty() {
            me.event(Event::Empty(start))?;
        } else {
            me.event(Event::Start(start))?;
            for m in &header.meta {
                me.raw("\n    ")?;
                me.meta(m, "\n    ")?;
            }
            me.raw("\n  ")?;
            me.event(Event::End(BytesEnd::new("header")))?;
        }
        me.raw("\n  ")?;
        me.event(Event::Start(BytesStart::new("body")))?;
        Ok(me)
    }

    /// A writer of units only, for a file another writer started: it writes
    /// no prologue, and its bytes and stats go to that writer through
    /// [`TmxWriter::append`] (never through [`TmxWriter::finish`]). Units
    /// can so be formatted on several threads and written in order.
    pub(crate) fn fragment(out: &'w mut dyn Write) -> Self {
        TmxWriter {
            w: Writer::new(out),
            stats: WriteStats::default(),
        }
    }

    /// Writes what a [`TmxWriter::fragment`] wrote (`bytes`) and adds what
    /// it did (`stats`) to this writer's, as if this writer had written its
    /// units.
    pub(crate) fn append(&mut self, bytes: &[u8], stats: &WriteStats) -> Result<()> {
        self.w.get_mut().write_all(bytes).map_err(xml_err)?;
        self.stats.units += stats.units;
        self.stats.skipped_units += stats.skipped_units;
        self.stats.skipped_variants += stats.skipped_variants;
        self.stats.dropped_chars += stats.dropped_chars;
        Ok(())
    }

    /// Writes one unit; returns false when it had no non-empty segment and
    /// was left out.
    pub fn write_unit(&mut self, unit: &Unit) -> Result<bool> {
        let mut kept = Vec::with_capacity(unit.variants.len());
        for v in &unit.variants {
            let text = v.seg.plain_text();
            if v.seg.has_markup() || text.chars().any(|c| is_xml_char(c) && !c.is_whitespace()) {
                kept.push(v);
            } else {
                // Empty, or empty once the characters XML forbids are
                // dropped: not written, and those characters counted.
                self.stats.dropped_chars += text.chars().filter(|&c| !is_xml_char(c)).count();
            }
        }
        self.stats.skipped_variants += unit.variants.len() - kept.len();
        if kept.is_empty() {
            self.stats.skipped_units += 1;
            return Ok(false);
        }
        self.raw("\n    ")?;
        let start = self.start_tag("tu", attr_pairs(&unit.attrs));
        self.event(Event::Start(start))?;
        for m in &unit.meta {
            self.raw("\n      ")?;
            self.meta(m, "\n      ")?;
        }
        for v in kept {
            self.raw("\n      ")?;
            let attrs = std::iter::once(("xml:lang", v.lang.as_str()))
                .chain(v.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let start = self.start_tag("tuv", attrs);
            self.event(Event::Start(start))?;
            let indent = if v.meta.is_empty() { "" } else { "\n        " };
            for m in &v.meta {
                self.raw(indent)?;
                self.meta(m, indent)?;
            }
            self.raw(indent)?;
            self.event(Event::Start(BytesStart::new("seg")))?;
            self.inline(&v.seg.0)?;
            self.event(Event::End(BytesEnd::new("seg")))?;
            if !v.meta.is_empty() {
                self.raw("\n      ")?;
            }
            self.event(Event::End(BytesEnd::new("tuv")))?;
        }
        self.raw("\n    ")?;
        self.event(Event::End(BytesEnd::new("tu")))?;
        self.stats.units += 1;
        Ok(true)
    }

    /// Closes `<body>` and `<tmx>` and returns what was written.
    pub fn finish(mut self) -> Result<WriteStats> {
        self.raw("\n  ")?;
        self.event(Event::End(BytesEnd::new("body")))?;
        self.raw("\n")?;
        self.event(Event::End(BytesEnd::new("tmx")))?;
        self.raw("\n")?;
        Ok(self.stats)
    }

    /// What has been written so far.
    pub fn stats(&self) -> &WriteStats {
        &self.stats
    }

    fn start_tag<'a, 'v>(
        &mut self,
        name: &'a str,
        attrs: impl IntoIterator<Item = (&'v str, &'v str)>,
    ) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            let v = self.clean(v);
            let v = escape_attr(&v);
            start.push_attribute((k.as_bytes(), v.as_bytes()));
        }
        start
    }

    /// Writes text content, escaped.
    fn text(&mut self, s: &str) -> Result<()> {
        let s = self.clean(s);
        let s = escape_text(&s);
        self.event(Event::Text(BytesText::from_escaped(s)))
    }

    fn meta(&mut self, m: &Meta, indent: &str) -> Result<()> {
        match m {
            Meta::Note { attrs, text } | Meta::Prop { attrs, text } => {
                let name = if matches!(m, Meta::Note { .. }) {
                    "note"
                } else {
                    "prop"
                };
                let start = self.start_tag(name, attr_pairs(attrs));
                self.event(Event::Start(start))?;
                self.text(text)?;
                self.event(Event::End(BytesEnd::new(name)))
            }
            Meta::Ude { attrs, maps } => {
                let start = self.start_tag("ude", attr_pairs(attrs));
                if maps.is_empty() {
                    return self.event(Event::Empty(start));
                }
                self.event(Event::Start(start))?;
                for map in maps {
                    self.raw(indent)?;
                    self.raw("  ")?;
                    let start = self.start_tag("map", attr_pairs(map));
                    self.event(Event::Empty(start))?;
                }
                self.raw(indent)?;
                self.event(Event::End(BytesEnd::new("ude")))
            }
        }
    }

    fn inline(&mut self, items: &[Inline]) -> Result<()> {
        let dropped = &mut self.stats.dropped_chars;
        write_inline(&mut self.w, items, &mut |s| xml_clean(s, dropped))
    }

    /// Drops characters XML forbids, counting them.
    fn clean<'s>(&mut self, s: &'s str) -> Cow<'s, str> {
        xml_clean(s, &mut self.stats.dropped_chars)
    }

    fn raw(&mut self, s: &str) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        self.event(Event::Text(BytesText::from_escaped(s)))
    }

    fn event(&mut self, e: Event<'_>) -> Result<()> {
        self.w.write_event(e).map_err(xml_err)
    }
}

/// Writes the inline content of a `<seg>` (text and the elements of
/// [`Inline`], nested) to `w`, every text and attribute value passed
/// through `clean` first, then escaped: one walk for [`TmxWriter`] and
/// [`segment_xml`].
fn write_inline<W: Write>(
    w: &mut Writer<W>,
    items: &[Inline],
    clean: &mut dyn for<'s> FnMut(&'s str) -> Cow<'s, str>,
) -> Result<()> {
    for item in items {
        match item {
            Inline::Text(t) => {
                let s = clean(t);
                let s = escape_text(&s);
                w.write_event(Event::Text(BytesText::from_escaped(s)))
                    .map_err(xml_err)?;
            }
            Inline::Element {
                kind,
                attrs,
                children,
            } => {
                let mut start = BytesStart::new(kind.name());
                for (k, v) in attrs {
                    let v = clean(v);
                    let v = escape_attr(&v);
                    start.push_attribute((k.as_bytes(), v.as_bytes()));
                }
                if children.is_empty() {
                    w.write_event(Event::Empty(start)).map_err(xml_err)?;
                } else {
                    w.write_event(Event::Start(start)).map_err(xml_err)?;
                    write_inline(w, children, clean)?;
                    w.write_event(Event::End(BytesEnd::new(kind.name())))
                        .map_err(xml_err)?;
                }
            }
        }
    }
    Ok(())
}

/// The content of a `<seg>` as the writer writes it (see
/// [`super::Segment::to_xml`]), with every character kept (a JSON string
/// can hold those XML forbids, and the segment's text must stay the
/// record's).
pub(crate) fn segment_xml(items: &[Inline]) -> String {
    let mut w = Writer::new(Vec::new());
    // Writing to memory cannot fail, nor can the walk's events.
    if write_inline(&mut w, items, &mut |s| Cow::Borrowed(s)).is_err() {
        return String::new();
    }
    // Every piece written is a `&str` (escaped text, names, attributes).
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// Escapes text content: the XML specials, and carriage returns as `&#13;`
/// (a literal CR would reach every other XML reader as a line feed).
fn escape_text(s: &str) -> Cow<'_, str> {
    let escaped = quick_xml::escape::escape(s);
    if escaped.contains('\r') {
        Cow::Owned(escaped.replace('\r', "&#13;"))
    } else {
        escaped
    }
}

/// Escapes an attribute value: as text, and tab and line feed too, which
/// attribute-value normalization would otherwise turn into spaces.
fn escape_attr(s: &str) -> Cow<'_, str> {
    let escaped = escape_text(s);
    if escaped.contains(['\t', '\n']) {
        Cow::Owned(escaped.replace('\t', "&#9;").replace('\n', "&#10;"))
    } else {
        escaped
    }
}

/// A list of attributes as the names and values [`TmxWriter::start_tag`]
/// takes.
fn attr_pairs(attrs: &[Attr]) -> impl Iterator<Item = (&str, &str)> {
    attrs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// True for characters XML 1.0 allows in content.
pub fn is_xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Removes characters XML 1.0 forbids, adding their number to `dropped`.
pub(crate) fn xml_clean<'s>(s: &'s str, dropped: &mut usize) -> Cow<'s, str> {
    if s.chars().all(is_xml_char) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .filter(|&c| {
            let ok = is_xml_char(c);
            *dropped += usize::from(!ok);
            ok
        })
        .collect()
}

/// An I/O failure while writing is an I/O error (a closed pipe, a full
/// disk); anything else from the XML writer is a bug.
fn xml_err(e: impl Into<quick_xml::Error>) -> Error {
    match e.into() {
        quick_xml::Error::Io(io) => Error::io(
            "<output>",
            std::sync::Arc::try_unwrap(io)
                .unwrap_or_else(|shared| std::io::Error::new(shared.kind(), shared.to_string())),
        ),
        other => Error::Xml(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{InlineKind, Segment, TmxReader, Variant};
    use super::*;

    #[test]
    fn drops_forbidden_chars_and_empty_segments() {
        let mut out = Vec::new();
        let mut w = TmxWriter::start(&mut out, &Header::default()).unwrap();
        let unit = Unit {
            variants: vec![
                Variant {
                    lang: "en".into(),
                    seg: Segment::text("a\u{1}b\u{FFFE}c\td"),
                    ..Variant::default()
                },
                Variant {
                    lang: "zh".into(),
                    seg: Segment::text("  "),
                    ..Variant::default()
                },
            ],
            ..Unit::default()
        };
        assert!(w.write_unit(&unit).unwrap());
        assert!(!w.write_unit(&Unit::default()).unwrap());
        let stats = w.finish().unwrap();
        assert_eq!(stats.dropped_chars, 2);
        assert_eq!(stats.skipped_variants, 1);
        assert_eq!(stats.skipped_units, 1);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("<seg>abc\td</seg>"), "{text}");
        assert!(
            text.contains("srclang=\"*all*\""),
            "required attributes are filled in"
        );
    }

    #[test]
    fn round_trip_keeps_markup_and_meta() {
        let unit = Unit {
            // Line ends and tabs survive in attributes and text alike.
            attrs: vec![("tuid".into(), "7\n8\t9\r".into())],
            meta: vec![Meta::Note {
                attrs: vec![],
                text: "a <note> & more".into(),
            }],
            variants: vec![Variant {
                lang: "en-US".into(),
                attrs: vec![("changeid".into(), "me".into())],
                meta: vec![Meta::Prop {
                    attrs: vec![("type".into(), "x-a".into())],
                    text: "1".into(),
                }],
                seg: Segment(vec![
                    Inline::Element {
                        kind: InlineKind::Bpt,
                        attrs: vec![("i".into(), "1".into())],
                        children: vec![Inline::Text("<b>".into())],
                    },
                    Inline::Text("bold\r\n\r ".into()),
                    Inline::Element {
                        kind: InlineKind::Ph,
                        attrs: vec![],
                        children: vec![],
                    },
                ]),
            }],
        };
        let header = Header {
            attrs: vec![("srclang".into(), "en-US".into())],
            meta: vec![Meta::Ude {
                attrs: vec![("name".into(), "MacRoman".into())],
                maps: vec![vec![("unicode".into(), "#xF8FF".into())]],
            }],
        };
        let mut out = Vec::new();
        let mut w = TmxWriter::start(&mut out, &header).unwrap();
        w.write_unit(&unit).unwrap();
        w.finish().unwrap();
        let mut r = TmxReader::new(out.as_slice(), "t.tmx").unwrap();
        assert_eq!(r.header().meta, header.meta);
        let back = r.next().unwrap().unwrap();
        assert_eq!(back, unit);
        // And once more: byte-identical.
        let mut again = Vec::new();
        let mut w = TmxWriter::start(&mut again, r.header()).unwrap();
        w.write_unit(&back).unwrap();
        w.finish().unwrap();
        assert_eq!(again, out);
    }
}
