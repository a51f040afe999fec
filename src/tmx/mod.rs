//! Translation memory in TMX: the document model, a streaming reader and a
//! writer.
//!
//! The model keeps everything a round trip needs: header, unit and variant
//! attributes in their order, notes, properties and user-defined encodings
//! (`<ude>`) in their order, and inline markup (`<bpt>`, `<ept>`, `<ph>`,
//! `<it>`, `<hi>`, `<ut>`, `<sub>`) as [`Inline`] elements inside a
//! [`Segment`]. [`Segment::plain_text`] gives the text a reader sees, which is
//! what scoring and the plain-text formats use.
//!
//! [`TmxReader`] reads one `<tu>` at a time, so memory stays flat however
//! large the file; [`TmxWriter`] writes one at a time.
//!
//! ```
//! use bitext::tmx::TmxReader;
//! let tmx = r#"<?xml version="1.0"?>
//! <tmx version="1.4"><header srclang="zh-CN" creationtool="t" creationtoolversion="1"
//!   segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/>
//! <body><tu><tuv xml:lang="zh-CN"><seg>你好</seg></tuv>
//! <tuv xml:lang="en-US"><seg>Hello <ph x="1">&lt;br/&gt;</ph>world</seg></tuv></tu></body></tmx>"#;
//! let mut reader = TmxReader::new(tmx.as_bytes(), "memory.tmx")?;
//! let unit = reader.next().unwrap()?;
//! assert_eq!(unit.variants[1].seg.plain_text(), "Hello world");
//! assert!(reader.next().is_none());
//! # Ok::<(), bitext::Error>(())
//! ```

mod read;
mod write;

pub use read::TmxReader;
pub use write::{TmxWriter, WriteStats, is_xml_char};

/// An XML attribute: name and (unescaped) value.
pub type Attr = (String, String);

/// Looks up an attribute by name.
pub fn attr<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A note, property or user-defined encoding, at header, unit or variant
/// level.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Meta {
    /// `<note>`: free text.
    Note {
        /// Attributes (`xml:lang`, `o-encoding`).
        attrs: Vec<Attr>,
        /// The note's text.
        text: String,
    },
    /// `<prop type="…">`: a typed value.
    Prop {
        /// Attributes (`type`, `xml:lang`, `o-encoding`).
        attrs: Vec<Attr>,
        /// The property's value.
        text: String,
    },
    /// `<ude>` (header only): a user-defined encoding with its `<map>`s.
    Ude {
        /// Attributes (`name`, `base`).
        attrs: Vec<Attr>,
        /// The attributes of each `<map>`.
        maps: Vec<Vec<Attr>>,
    },
}

/// The `<header>` of a TMX file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Attributes in file order (`srclang`, `creationtool`, …).
    pub attrs: Vec<Attr>,
    /// Notes, properties and `<ude>`s in file order.
    pub meta: Vec<Meta>,
}

impl Header {
    /// The header's `srclang`, unless it is `*all*` or missing.
    pub fn srclang(&self) -> Option<&str> {
        attr(&self.attrs, "srclang").filter(|l| !l.eq_ignore_ascii_case("*all*"))
    }
}

/// A translation unit: one `<tu>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// Attributes in file order (`tuid`, `creationdate`, `srclang`, …).
    pub attrs: Vec<Attr>,
    /// Notes and properties in file order.
    pub meta: Vec<Meta>,
    /// The unit's variants (`<tuv>`), one per language, in file order.
    pub variants: Vec<Variant>,
}

impl Unit {
    /// The variant that best matches `lang`: the same tag first (compared as
    /// [`same_lang`] does), else the same language whatever the region.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| same_lang(&v.lang, lang))
            .or_else(|| {
                self.variants
                    .iter()
                    .find(|v| primary_subtag(&v.lang).eq_ignore_ascii_case(primary_subtag(lang)))
            })
    }
}

impl Unit {
    /// The variants for a language pair: two different variants, each the
    /// same tag if there is one, else the same language whatever the region
    /// (but never the variant the other side matched exactly). `None` when
    /// the unit has no such pair.
    ///
    /// ```
    /// use bitext::tmx::{Unit, Variant};
    /// let v = |l: &str| Variant { lang: l.into(), ..Variant::default() };
    /// let unit = Unit { variants: vec![v("zh-TW"), v("en")], ..Unit::default() };
    /// // zh-CN falls back to zh-TW, but not when zh-TW is the other side.
    /// assert!(unit.pair("zh-CN", "en").is_some());
    /// assert!(unit.pair("zh-CN", "zh-TW").is_none());
    /// ```
    pub fn pair(&self, src: &str, tgt: &str) -> Option<(&Variant, &Variant)> {
        let exact = |lang: &str| self.variants.iter().position(|v| same_lang(&v.lang, lang));
        let (src_exact, tgt_exact) = (exact(src), exact(tgt));
        let near = |lang: &str, taken: Option<usize>| {
            self.variants.iter().enumerate().position(|(k, v)| {
                Some(k) != taken
                    && primary_subtag(&v.lang).eq_ignore_ascii_case(primary_subtag(lang))
            })
        };
        let s = src_exact.or_else(|| near(src, tgt_exact))?;
        let t = tgt_exact
            .filter(|&t| t != s)
            .or_else(|| near(tgt, Some(s)))?;
        (s != t).then(|| (&self.variants[s], &self.variants[t]))
    }
}

/// One language version of a unit: a `<tuv>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// The language tag as written (`xml:lang` in TMX 1.4, `lang` in 1.1).
    pub lang: String,
    /// The other attributes in file order.
    pub attrs: Vec<Attr>,
    /// Notes and properties in file order.
    pub meta: Vec<Meta>,
    /// The segment.
    pub seg: Segment,
}

/// The content of a `<seg>`: text and inline elements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Segment(pub Vec<Inline>);

impl Segment {
    /// A segment of plain text.
    pub fn text(s: impl Into<String>) -> Self {
        Segment(vec![Inline::Text(s.into())])
    }

    /// The text a reader sees: text outside markup, the content of `<hi>`
    /// and of `<sub>` (translatable text inside a code), but not the native
    /// codes held by `<bpt>`, `<ept>`, `<ph>`, `<it>` and `<ut>`.
    ///
    /// ```
    /// use bitext::tmx::{Inline, InlineKind, Segment};
    /// let seg = Segment(vec![
    ///     Inline::Element { kind: InlineKind::Bpt, attrs: vec![], children: vec![Inline::Text("<b>".into())] },
    ///     Inline::Text("bold".into()),
    /// ]);
    /// assert_eq!(seg.plain_text(), "bold");
    /// ```
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        plain(&self.0, true, &mut out);
        out
    }

    /// True when the segment has inline elements.
    pub fn has_markup(&self) -> bool {
        self.0.iter().any(|i| matches!(i, Inline::Element { .. }))
    }

    /// The segment's content as TMX writes it inside `<seg>`: text escaped,
    /// inline elements with their attributes (the tagged form JSON Lines
    /// carries, read back by [`Segment::from_xml`]).
    ///
    /// ```
    /// use bitext::tmx::{Inline, InlineKind, Segment};
    /// let seg = Segment(vec![
    ///     Inline::Element { kind: InlineKind::Ph, attrs: vec![("x".into(), "1".into())], children: vec![Inline::Text("<br>".into())] },
    ///     Inline::Text("a & b".into()),
    /// ]);
    /// assert_eq!(seg.to_xml(), r#"<ph x="1">&lt;br&gt;</ph>a &amp; b"#);
    /// assert_eq!(Segment::from_xml(&seg.to_xml()).unwrap(), seg);
    /// ```
    pub fn to_xml(&self) -> String {
        write::segment_xml(&self.0)
    }

    /// Reads the content of a `<seg>` ([`Segment::to_xml`]'s inverse): text
    /// and the inline elements of TMX 1.4 (`<bpt>`, `<ept>`, `<ph>`, `<it>`,
    /// `<ut>`, `<hi>`, `<sub>`), properly nested. Anything else (another
    /// element, a comment, a DOCTYPE, unbalanced tags, an undefined entity)
    /// is an error saying what is wrong.
    pub fn from_xml(xml: &str) -> crate::error::Result<Segment> {
        read::segment_from_xml(xml)
    }
}

fn plain(items: &[Inline], visible: bool, out: &mut String) {
    for item in items {
        match item {
            Inline::Text(t) if visible => out.push_str(t),
            Inline::Text(_) => {}
            Inline::Element { kind, children, .. } => plain(children, kind.is_text(), out),
        }
    }
}

/// A piece of segment content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inline {
    /// Text.
    Text(String),
    /// An inline element with its attributes and content.
    Element {
        /// Which element.
        kind: InlineKind,
        /// Attributes in file order (`i`, `x`, `type`, `pos`, `assoc`, …).
        attrs: Vec<Attr>,
        /// The element's content.
        children: Vec<Inline>,
    },
}

/// The inline elements of TMX 1.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InlineKind {
    /// `<bpt>`: begin paired tag (native code).
    Bpt,
    /// `<ept>`: end paired tag (native code).
    Ept,
    /// `<ph>`: placeholder (native code).
    Ph,
    /// `<it>`: isolated tag (native code).
    It,
    /// `<ut>`: unknown tag (native code, deprecated).
    Ut,
    /// `<hi>`: highlight (text).
    Hi,
    /// `<sub>`: sub-flow, translatable text inside a code.
    Sub,
}

impl InlineKind {
    /// The element name.
    pub fn name(self) -> &'static str {
        match self {
            InlineKind::Bpt => "bpt",
            InlineKind::Ept => "ept",
            InlineKind::Ph => "ph",
            InlineKind::It => "it",
            InlineKind::Ut => "ut",
            InlineKind::Hi => "hi",
            InlineKind::Sub => "sub",
        }
    }

    /// The kind named `name`, if it is an inline element.
    pub fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"bpt" => InlineKind::Bpt,
            b"ept" => InlineKind::Ept,
            b"ph" => InlineKind::Ph,
            b"it" => InlineKind::It,
            b"ut" => InlineKind::Ut,
            b"hi" => InlineKind::Hi,
            b"sub" => InlineKind::Sub,
            _ => return None,
        })
    }

    /// True when the content is text a reader sees (`<hi>`, `<sub>`), false
    /// for native codes.
    pub fn is_text(self) -> bool {
        matches!(self, InlineKind::Hi | InlineKind::Sub)
    }
}

/// Folds a language tag for comparison: lower case, `_` as `-`
/// (`zh_CN`, `zh-cn` and `ZH-CN` all become `zh-cn`).
pub fn fold_lang(tag: &str) -> String {
    tag.trim().replace('_', "-").to_ascii_lowercase()
}

/// True when two language tags are the same tag, ignoring case and `_`/`-`.
///
/// ```
/// use bitext::tmx::same_lang;
/// assert!(same_lang("zh_CN", "ZH-cn"));
/// assert!(!same_lang("zh-CN", "zh-TW"));
/// ```
pub fn same_lang(a: &str, b: &str) -> bool {
    fold_lang(a) == fold_lang(b)
}

/// The primary language subtag (`zh` of `zh-CN`).
pub fn primary_subtag(tag: &str) -> &str {
    tag.trim().split(['-', '_']).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(lang: &str) -> Variant {
        Variant {
            lang: lang.into(),
            ..Variant::default()
        }
    }

    #[test]
    fn variant_prefers_exact_region_then_language() {
        let unit = Unit {
            variants: vec![
                variant("en-GB"),
                variant("zh-TW"),
                variant("zh_CN"),
                variant("EN-us"),
            ],
            ..Unit::default()
        };
        assert_eq!(unit.variant("zh-cn").unwrap().lang, "zh_CN");
        assert_eq!(unit.variant("en-US").unwrap().lang, "EN-us");
        assert_eq!(unit.variant("en").unwrap().lang, "en-GB");
        assert_eq!(unit.variant("zh-HK").unwrap().lang, "zh-TW");
        assert!(unit.variant("fr").is_none());
        // A pair is two different variants.
        let pair = |s: &str, t: &str| {
            unit.pair(s, t)
                .map(|(a, b)| (a.lang.as_str(), b.lang.as_str()))
        };
        assert_eq!(pair("zh-CN", "en-US"), Some(("zh_CN", "EN-us")));
        assert_eq!(pair("zh-HK", "zh-TW"), Some(("zh_CN", "zh-TW")));
        assert_eq!(pair("en", "en-GB"), Some(("EN-us", "en-GB")));
        let two = Unit {
            variants: vec![variant("zh-TW"), variant("en")],
            ..Unit::default()
        };
        assert_eq!(two.pair("zh-CN", "zh-TW").map(|_| ()), None);
        assert_eq!(two.pair("zh-TW", "zh-TW").map(|_| ()), None);
    }

    #[test]
    fn plain_text_keeps_hi_and_sub() {
        let seg = Segment(vec![
            Inline::Text("Click ".into()),
            Inline::Element {
                kind: InlineKind::Ph,
                attrs: vec![],
                children: vec![
                    Inline::Text("<img alt=\"".into()),
                    Inline::Element {
                        kind: InlineKind::Sub,
                        attrs: vec![],
                        children: vec![Inline::Text("Start".into())],
                    },
                    Inline::Text("\">".into()),
                ],
            },
            Inline::Element {
                kind: InlineKind::Hi,
                attrs: vec![],
                children: vec![Inline::Text(" here".into())],
            },
        ]);
        assert_eq!(seg.plain_text(), "Click Start here");
        assert!(seg.has_markup());
        assert!(!Segment::text("x").has_markup());
    }
}
