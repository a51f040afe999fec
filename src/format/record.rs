//! The one record every output goes through: an aligned pair of segments
//! with what is known about it.
//!
//! `bitext align` makes one [`Record`] per bead, `bitext convert` one per
//! translation unit, `bitext audit` one per scored segment; the sinks of
//! [`crate::format`] write them. The record is also the JSON Lines schema
//! (fields absent when unknown), which `bitext convert` reads back:
//!
//! `{"src_ids":[0],"tgt_ids":[0,1],"src":"…","tgt":"…","src_lang":"zh-CN","tgt_lang":"en-US","tuid":"7","confidence":0.98,"cost":1.23,"score":0.91,"flags":[…],"props":[…],"notes":[…]}`
//!
//! A record read from a TMX unit also keeps the unit's other attributes
//! and each side's `<tuv>` attributes, properties and notes, so that TMX →
//! JSON Lines → TMX loses no dates, authors or usage counts:
//!
//! `{…,"attrs":{"creationdate":"20240101T120000Z"},"tgt_tuv":{"attrs":{"changeid":"Ana"},"props":[{"type":"Origin","value":"MT"}]}}`
//!
//! In TMX the confidence, score and flags are `<prop>`s of the `<tu>`
//! (`x-bitext-confidence`, `x-bitext-score`, `x-bitext-flags`, the last
//! holding the flags as a JSON array), so they survive a round trip.

use crate::tmx::{self, Meta, Segment, Unit, Variant};
use serde::{Deserialize, Serialize};

/// TMX property holding the bead's confidence.
pub const PROP_CONFIDENCE: &str = "x-bitext-confidence";
/// TMX property holding the segment's quality score.
pub const PROP_SCORE: &str = "x-bitext-score";
/// TMX property holding the segment's quality flags (a JSON array).
pub const PROP_FLAGS: &str = "x-bitext-flags";

/// An aligned pair of segments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Source sentence indices (alignments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_ids: Option<Vec<usize>>,
    /// Target sentence indices (alignments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tgt_ids: Option<Vec<usize>>,
    /// Source text, as written (the sentences of a bead joined).
    pub src: String,
    /// Target text.
    pub tgt: String,
    /// Source language tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_lang: Option<String>,
    /// Target language tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tgt_lang: Option<String>,
    /// The unit's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// The bead's confidence, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The bead's cost under the alignment model (nats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Quality score in [0, 1] (1 = good).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Quality flags: what looks wrong and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<FlagRecord>>,
    /// Other properties of the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<PropRecord>,
    /// Notes of the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The unit's attributes other than `tuid` (`creationdate`,
    /// `usagecount`, …), in file order.
    #[serde(default, skip_serializing_if = "Attrs::is_empty")]
    pub attrs: Attrs,
    /// What the source side's `<tuv>` carries besides its language and text.
    #[serde(default, skip_serializing_if = "VariantMeta::is_empty")]
    pub src_tuv: VariantMeta,
    /// What the target side's `<tuv>` carries besides its language and text.
    #[serde(default, skip_serializing_if = "VariantMeta::is_empty")]
    pub tgt_tuv: VariantMeta,
    /// The TMX unit the record was read from, when its markup must be kept:
    /// the TMX sink writes it as it is.
    #[serde(skip)]
    pub unit: Option<Unit>,
}

/// A property: `type` and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropRecord {
    /// The property's type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its value.
    pub value: String,
}

/// XML attributes in order, written in JSON as an object (`{"name":
/// "value", …}`); a name given twice is an error when read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs(pub Vec<(String, String)>);

impl Attrs {
    /// True when there is no attribute.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        tmx::attr(&self.0, name)
    }
}

impl Serialize for Attrs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Attrs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of attribute names and string values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Attrs, A::Error> {
                let mut attrs: Vec<(String, String)> = Vec::new();
                let mut names = std::collections::HashSet::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    if !names.insert(k.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "attribute \"{k}\" given twice"
                        )));
                    }
                    attrs.push((k, v));
                }
                Ok(Attrs(attrs))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// What a `<tuv>` carries besides its language and segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantMeta {
    /// Attributes other than the language (`creationid`, `changedate`, …).
    #[serde(default, skip_serializing_if = "Attrs::is_empty")]
    pub attrs: Attrs,
    /// Properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<PropRecord>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The segment with its inline codes, as TMX writes the content of its
    /// `<seg>` (`<bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>`),
    /// when it has any: the record's `src`/`tgt` stays the plain text, and
    /// a TMX written from the record gets the codes back. Its text must be
    /// the record's text of that side ([`Record::seg_problem`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seg: Option<String>,
}

impl VariantMeta {
    /// True when the variant carries nothing besides language and text.
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty()
            && self.props.is_empty()
            && self.notes.is_empty()
            && self.seg.is_none()
    }

    /// A variant's attributes, properties and notes (properties before
    /// notes, as [`VariantMeta::to_meta`] writes them back; user-defined
    /// encodings are not kept).
    fn of(v: &Variant) -> Self {
        let mut meta = VariantMeta {
            attrs: Attrs(v.attrs.clone()),
            seg: v.seg.has_markup().then(|| v.seg.to_xml()),
            ..VariantMeta::default()
        };
        for m in &v.meta {
            match m {
                Meta::Prop { attrs, text } => meta.props.push(PropRecord {
                    kind: tmx::attr(attrs, "type").unwrap_or("").to_string(),
                    value: text.clone(),
                }),
                Meta::Note { text, .. } => meta.notes.push(text.clone()),
                Meta::Ude { .. } => {}
            }
        }
        meta
    }

    /// The `<prop>`s, then the `<note>`s.
    fn to_meta(&self) -> Vec<Meta> {
        let props = self.props.iter().map(|p| Meta::Prop {
            attrs: vec![("type".into(), p.kind.clone())],
            text: p.value.clone(),
        });
        let notes = self.notes.iter().map(|text| Meta::Note {
            attrs: vec![],
            text: text.clone(),
        });
        props.chain(notes).collect()
    }
}

/// Why a record's attribute names cannot be written into TMX: a name that
/// is not an XML name, or one the record holds elsewhere (`tuid`, the
/// language). `None` when they all can.
pub fn attrs_problem(r: &Record) -> Option<String> {
    // An XML name without a namespace (ASCII, as TMX's attributes are),
    // or one in the `xml:` namespace, the only one a TMX written by bitext
    // has without declaring it.
    let local = |n: &str| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    let sides = [
        ("attrs", &r.attrs, &["tuid", "xml:lang"][..]),
        ("src_tuv", &r.src_tuv.attrs, &["lang", "xml:lang"][..]),
        ("tgt_tuv", &r.tgt_tuv.attrs, &["lang", "xml:lang"][..]),
    ];
    for (field, attrs, reserved) in sides {
        for (name, _) in &attrs.0 {
            match name.split_once(':') {
                Some(("xml", rest)) if local(rest) => {}
                Some((prefix, rest)) if local(prefix) && local(rest) => {
                    return Some(format!(
                        "\"{field}\" has \"{name}\": its namespace prefix \"{prefix}\" is \
                         declared nowhere in the TMX bitext writes (only xml: needs no declaration)"
                    ));
                }
                None if local(name) && !name.to_ascii_lowercase().starts_with("xml") => {}
                _ => {
                    return Some(format!(
                        "\"{field}\" has \"{name}\", which is not an XML attribute name \
                         (ASCII letters, digits, _ - . ; not starting with a digit or \"xml\")"
                    ));
                }
            }
            if reserved.contains(&name.as_str()) {
                let home = if field == "attrs" {
                    "the \"tuid\" field"
                } else {
                    "\"src_lang\" or \"tgt_lang\""
                };
                return Some(format!(
                    "\"{field}\" has \"{name}\", which belongs in {home}"
                ));
            }
        }
    }
    None
}

/// A quality flag as written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRecord {
    /// What is wrong (`number_mismatch`, `omission`, …).
    pub kind: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The text that triggered the flag.
    pub evidence: String,
    /// Byte spans into the segment texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<SpanRecord>,
}

impl From<&crate::quality::Flag> for FlagRecord {
    fn from(f: &crate::quality::Flag) -> Self {
        FlagRecord {
            kind: f.kind.name().to_string(),
            severity: f.severity.name().to_string(),
            evidence: f.evidence.clone(),
            spans: f
                .spans
                .iter()
                .map(|s| SpanRecord {
                    side: match s.side {
                        crate::quality::Side::Source => "source",
                        crate::quality::Side::Target => "target",
                    }
                    .to_string(),
                    start: s.start,
                    end: s.end,
                })
                .collect(),
        }
    }
}

impl Record {
    /// Sets the score (rounded to 4 decimals) and the flags of a segment.
    pub fn set_quality(&mut self, q: &crate::quality::SegmentQuality) {
        self.score = Some(round4(q.score));
        self.flags = Some(q.flags.iter().map(FlagRecord::from).collect());
    }
}

/// A byte span of one side's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRecord {
    /// `source` or `target`.
    pub side: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Rounds to 4 decimals so the output is stable and readable.
pub fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A number as a TMX property value: four decimals when that is exact (as
/// bitext writes them), else every digit it has.
fn prop_number(x: f64) -> String {
    if round4(x) == x {
        format!("{x:.4}")
    } else {
        x.to_string()
    }
}

impl Record {
    /// The flags as the text of an `x-bitext-flags` property.
    pub fn flags_json(flags: &[FlagRecord]) -> String {
        serde_json::to_string(flags).unwrap_or_default()
    }

    /// The unit's properties for TMX: the other properties, then
    /// confidence, score and flags.
    pub fn tmx_meta(&self) -> Vec<Meta> {
        let prop = |kind: &str, text: String| Meta::Prop {
            attrs: vec![("type".into(), kind.into())],
            text,
        };
        let mut meta: Vec<Meta> = self
            .props
            .iter()
            .map(|p| prop(&p.kind, p.value.clone()))
            .collect();
        if let Some(c) = self.confidence {
            meta.push(prop(PROP_CONFIDENCE, prop_number(c)));
        }
        if let Some(s) = self.score {
            meta.push(prop(PROP_SCORE, prop_number(s)));
        }
        if let Some(f) = self.flags.as_deref().filter(|f| !f.is_empty()) {
            meta.push(prop(PROP_FLAGS, Record::flags_json(f)));
        }
        meta.extend(self.notes.iter().map(|text| Meta::Note {
            attrs: vec![],
            text: text.clone(),
        }));
        meta
    }

    /// A TMX unit holding the record: its markup-keeping unit when it has
    /// one, else `tuid`, the record's attributes and those extra attributes
    /// it does not have already, the properties, and the two variants with
    /// their texts, attributes, properties and notes (languages empty when
    /// the record names none).
    pub fn to_unit(&self, extra_attrs: &[(String, String)]) -> Unit {
        if let Some(u) = &self.unit {
            return u.clone();
        }
        let mut attrs = Vec::new();
        if let Some(t) = &self.tuid {
            attrs.push(("tuid".to_string(), t.clone()));
        }
        attrs.extend(self.attrs.0.iter().cloned());
        for (name, value) in extra_attrs {
            if self.attrs.get(name).is_none() {
                attrs.push((name.clone(), value.clone()));
            }
        }
        // The tagged form when it reads and holds the text (as
        // `seg_problem` checks on input); else the plain text.
        let seg = |text: &str, tuv: &VariantMeta| {
            tuv.seg
                .as_deref()
                .and_then(|xml| Segment::from_xml(xml).ok())
                .filter(|s| s.plain_text() == text)
                .unwrap_or_else(|| Segment::text(text))
        };
        let variant = |lang: &Option<String>, text: &str, tuv: &VariantMeta| Variant {
            lang: lang.clone().unwrap_or_default(),
            attrs: tuv.attrs.0.clone(),
            meta: tuv.to_meta(),
            seg: seg(text, tuv),
        };
        Unit {
            attrs,
            meta: self.tmx_meta(),
            variants: vec![
                variant(&self.src_lang, &self.src, &self.src_tuv),
                variant(&self.tgt_lang, &self.tgt, &self.tgt_tuv),
            ],
        }
    }

    /// What is wrong with the record's tagged segments (`src_tuv.seg`,
    /// `tgt_tuv.seg`): markup that is not a segment's inline codes, or a
    /// text that is not the record's `src`/`tgt` (edit both, or drop the
    /// tagged form to keep the plain text). `None` when they are sound.
    pub fn seg_problem(&self) -> Option<String> {
        for (field, tuv, text, plain) in [
            ("src_tuv", &self.src_tuv, &self.src, "src"),
            ("tgt_tuv", &self.tgt_tuv, &self.tgt, "tgt"),
        ] {
            let Some(xml) = &tuv.seg else { continue };
            let seg = match Segment::from_xml(xml) {
                Ok(seg) => seg,
                Err(e) => return Some(format!("\"{field}\".\"seg\": {e}")),
            };
            let shown = seg.plain_text();
            if &shown != text {
                let cut = |s: &str| -> String {
                    if s.chars().count() > 60 {
                        format!("{}…", s.chars().take(60).collect::<String>())
                    } else {
                        s.to_string()
                    }
                };
                return Some(format!(
                    "\"{field}\".\"seg\" holds the text “{}”, not the \"{plain}\" field's “{}” \
                     (edit both, or remove \"seg\" to write the plain text)",
                    cut(&shown),
                    cut(text)
                ));
            }
        }
        None
    }

    /// The record of a unit's language pair: plain texts, languages, `tuid`,
    /// the unit's other attributes, properties and notes (bitext's
    /// confidence, score and flags as fields), and each variant's
    /// attributes, properties and notes.
    pub fn from_pair(unit: &Unit, src: &Variant, tgt: &Variant) -> Record {
        let mut record = Record {
            src: src.seg.plain_text(),
            tgt: tgt.seg.plain_text(),
            src_lang: Some(src.lang.clone()),
            tgt_lang: Some(tgt.lang.clone()),
            tuid: tmx::attr(&unit.attrs, "tuid").map(str::to_string),
            attrs: Attrs(
                unit.attrs
                    .iter()
                    .filter(|(name, _)| name != "tuid")
                    .cloned()
                    .collect(),
            ),
            src_tuv: VariantMeta::of(src),
            tgt_tuv: VariantMeta::of(tgt),
            ..Record::default()
        };
        let quality = QualityProps::read(&unit.meta, |kind, value| {
            record.props.push(PropRecord {
                kind: kind.to_string(),
                value: value.to_string(),
            });
        });
        record.confidence = quality.confidence;
        record.score = quality.score;
        record.flags = quality.flags;
        for m in &unit.meta {
            if let Meta::Note { text, .. } = m {
                record.notes.push(text.clone());
            }
        }
        record
    }
}

/// A number from 0 to 1 as bitext writes a score or a confidence (spaces
/// around it allowed); `None` for anything else (not a number, NaN,
/// outside 0 to 1). The TSV reader's score column and the TMX properties
/// are read by it.
pub fn unit_interval(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| (0.0..=1.0).contains(x))
}

/// What bitext wrote of a unit's alignment and quality in its `<prop>`s:
/// the first `x-bitext-confidence` and the first `x-bitext-score` that is
/// a number from 0 to 1 ([`unit_interval`]), the first `x-bitext-flags`
/// that is a JSON array of [`FlagRecord`]s. [`Record::from_pair`] and
/// `bitext convert --min-score/--drop-flagged` read them so, and a TSV or
/// JSON Lines record's fields become such properties of its unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QualityProps {
    /// The bead's confidence.
    pub confidence: Option<f64>,
    /// The segment's quality score.
    pub score: Option<f64>,
    /// The segment's quality flags (`Some` of none when bitext wrote an
    /// empty array).
    pub flags: Option<Vec<FlagRecord>>,
}

impl QualityProps {
    /// Reads the properties among `meta` (notes and `<ude>`s are passed
    /// over), handing every other property to `other` as its type (empty
    /// without one) and value, in order: another tool's, and one of
    /// bitext's types that was not read (a second one, or a value that is
    /// not what bitext writes), so that it is kept as it is.
    pub fn read(meta: &[Meta], mut other: impl FnMut(&str, &str)) -> QualityProps {
        let mut quality = QualityProps::default();
        for m in meta {
            let Meta::Prop { attrs, text } = m else {
                continue;
            };
            let kind = tmx::attr(attrs, "type").unwrap_or("");
            let read = match kind {
                PROP_CONFIDENCE if quality.confidence.is_none() => {
                    quality.confidence = unit_interval(text);
                    quality.confidence.is_some()
                }
                PROP_SCORE if quality.score.is_none() => {
                    quality.score = unit_interval(text);
                    quality.score.is_some()
                }
                PROP_FLAGS if quality.flags.is_none() => {
                    quality.flags = serde_json::from_str(text).ok();
                    quality.flags.is_some()
                }
                _ => false,
            };
            if !read {
                other(kind, text);
            }
        }
        quality
    }

    /// True when bitext scored the unit: it carries a score or flags.
    pub fn judged(&self) -> bool {
        self.score.is_some() || self.flags.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_field_order_and_absent_fields() {
        let r = Record {
            src: "你好".into(),
            tgt: "Hello".into(),
            tuid: Some("1".into()),
            score: Some(0.5),
            flags: Some(vec![FlagRecord {
                kind: "omission".into(),
                severity: "error".into(),
                evidence: "x".into(),
                spans: vec![SpanRecord {
                    side: "source".into(),
                    start: 0,
                    end: 3,
                }],
            }]),
            ..Record::default()
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"src":"你好","tgt":"Hello","tuid":"1","score":0.5,"flags":[{"kind":"omission","severity":"error","evidence":"x","spans":[{"side":"source","start":0,"end":3}]}]}"#
        );
    }

    #[test]
    fn unit_and_variant_metadata_read_back_in_order() {
        let json = r#"{"src":"一","tgt":"one","src_lang":"zh","tgt_lang":"en","attrs":{"usagecount":"2","creationdate":"20240101T000000Z"},"tgt_tuv":{"attrs":{"changeid":"Ana"},"props":[{"type":"Origin","value":"MT"}],"notes":["n"]}}"#;
        let r: Record = serde_json::from_str(json).unwrap();
        // Attribute order is the file's, not sorted.
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
        assert!(attrs_problem(&r).is_none());
        // Into a unit (the run's date does not replace the unit's) and back.
        let date = [("creationdate".to_string(), "20990101T000000Z".to_string())];
        let unit = r.to_unit(&date);
        assert_eq!(
            tmx::attr(&unit.attrs, "creationdate"),
            Some("20240101T000000Z")
        );
        assert_eq!(unit.attrs.len(), 2);
        let back = Record::from_pair(&unit, &unit.variants[0], &unit.variants[1]);
        assert_eq!(back, r);
        // A record without a date takes the run's.
        let plain = Record {
            src: "一".into(),
            tgt: "one".into(),
            ..Record::default()
        };
        assert_eq!(
            tmx::attr(&plain.to_unit(&date).attrs, "creationdate"),
            Some("20990101T000000Z")
        );
        // Names given twice, names XML cannot take, names with a home of their own.
        let dup = r#"{"src":"a","tgt":"b","attrs":{"x":"1","x":"2"}}"#;
        assert!(
            serde_json::from_str::<Record>(dup)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        for bad in [
            r#"{"1x":"v"}"#,
            r#"{"a b":"v"}"#,
            r#"{"":"v"}"#,
            r#"{"tuid":"3"}"#,
            r#"{"a²":"v"}"#,
            r#"{"okp:batch":"7"}"#,
            r#"{"a:":"v"}"#,
            r#"{"::":"v"}"#,
            r#"{"xmlns:a":""}"#,
            r#"{"XML:LANG":"en"}"#,
            r#"{"xml:lang":"en"}"#,
        ] {
            let r: Record =
                serde_json::from_str(&format!(r#"{{"src":"a","tgt":"b","attrs":{bad}}}"#)).unwrap();
            assert!(attrs_problem(&r).is_some(), "{bad}");
        }
        let r: Record =
            serde_json::from_str(r#"{"src":"a","tgt":"b","src_tuv":{"attrs":{"lang":"en"}}}"#)
                .unwrap();
        assert!(attrs_problem(&r).unwrap().contains("src_lang"));
    }

    /// The one reading of bitext's properties, for `Record::from_pair` and
    /// `convert --min-score/--drop-flagged`: what is read, and what is kept
    /// as another property.
    #[test]
    fn quality_props_read_what_bitext_writes_and_keep_the_rest() {
        let prop = |kind: &str, text: &str| Meta::Prop {
            attrs: vec![("type".into(), kind.into())],
            text: text.into(),
        };
        let read = |meta: &[Meta]| {
            let mut kept = Vec::new();
            let q = QualityProps::read(meta, |k, v| kept.push(format!("{k}={v}")));
            (q, kept)
        };
        // Spaces around a number are allowed; 0 and 1 are scores.
        assert_eq!(unit_interval(" 0.5000\n"), Some(0.5));
        assert_eq!(unit_interval("0"), Some(0.0));
        assert_eq!(unit_interval("1"), Some(1.0));
        for bad in ["", "high", "1.0001", "-0.1", "NaN", "inf", "0,5", "5.5e51"] {
            assert_eq!(unit_interval(bad), None, "{bad:?}");
        }
        // A malformed or out-of-range score is not read, and stays a
        // property (a later one that is a score is read); so too a
        // confidence.
        let (q, kept) = read(&[
            prop(PROP_SCORE, "high"),
            prop(PROP_SCORE, "1.5"),
            prop(PROP_SCORE, "0.25"),
            prop(PROP_SCORE, "0.75"),
            prop(PROP_CONFIDENCE, "NaN"),
        ]);
        assert_eq!((q.score, q.confidence), (Some(0.25), None));
        assert_eq!(
            kept,
            [
                "x-bitext-score=high",
                "x-bitext-score=1.5",
                "x-bitext-score=0.75",
                "x-bitext-confidence=NaN"
            ]
        );
        assert!(q.judged());
        // Flags: any kind and any severity name are read as written (an
        // unknown severity is judged by `convert --drop-flagged` as no
        // flag it knows); a missing "evidence" or a value that is not an
        // array of flags is not bitext's, and is kept.
        let (q, kept) = read(&[
            prop(
                PROP_FLAGS,
                r#"[{"kind":"made_up","severity":"fatal","evidence":"x"}]"#,
            ),
            prop(PROP_FLAGS, "[]"),
            Meta::Note {
                attrs: vec![],
                text: "n".into(),
            },
            prop("x-other", "1"),
        ]);
        let flags = q.flags.unwrap();
        assert_eq!(
            (flags[0].kind.as_str(), flags[0].severity.as_str()),
            ("made_up", "fatal")
        );
        assert_eq!(q.score, None);
        assert_eq!(kept, ["x-bitext-flags=[]", "x-other=1"]);
        for bad in [
            r#"[{"kind":"omission","severity":"error"}]"#,
            "{}",
            "not json",
        ] {
            let (q, kept) = read(&[prop(PROP_FLAGS, bad)]);
            assert_eq!(q.flags, None, "{bad}");
            assert!(!q.judged());
            assert_eq!(kept.len(), 1);
        }
        // An empty array is flags (none): the unit was judged.
        let (q, _) = read(&[prop(PROP_FLAGS, "[]")]);
        assert_eq!(q.flags, Some(vec![]));
        assert!(q.judged());
        // A unit without bitext's properties.
        assert_eq!(read(&[]).0, QualityProps::default());
    }

    #[test]
    fn tmx_properties_read_back() {
        let r = Record {
            src: "一".into(),
            tgt: "one".into(),
            src_lang: Some("zh".into()),
            tgt_lang: Some("en".into()),
            confidence: Some(0.25),
            score: Some(0.123_456),
            flags: Some(vec![FlagRecord {
                kind: "punctuation".into(),
                severity: "warning".into(),
                evidence: "”".into(),
                spans: vec![],
            }]),
            notes: vec!["n".into()],
            ..Record::default()
        };
        let unit = r.to_unit(&[]);
        let back = Record::from_pair(&unit, &unit.variants[0], &unit.variants[1]);
        assert_eq!(back, r);
        // A flags property that is not bitext's JSON stays a property.
        let mut unit = unit;
        if let Meta::Prop { text, .. } = &mut unit.meta[2] {
            *text = "not json".into();
        }
        let back = Record::from_pair(&unit, &unit.variants[0], &unit.variants[1]);
        assert_eq!(back.flags, None);
        assert_eq!(back.props[0].kind, PROP_FLAGS);
    }
}
