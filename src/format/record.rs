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
    /// one, else `tuid` and the extra attributes, the properties and the two
    /// texts (languages empty when the record names none).
    pub fn to_unit(&self, extra_attrs: &[(String, String)]) -> Unit {
        if let Some(u) = &self.unit {
            return u.clone();
        }
        let mut attrs = Vec::new();
        if let Some(t) = &self.tuid {
            attrs.push(("tuid".to_string(), t.clone()));
        }
        attrs.extend(extra_attrs.iter().cloned());
        Unit {
            attrs,
            meta: self.tmx_meta(),
            variants: vec![
                Variant {
                    lang: self.src_lang.clone().unwrap_or_default(),
                    seg: Segment::text(self.src.clone()),
                    ..Variant::default()
                },
                Variant {
                    lang: self.tgt_lang.clone().unwrap_or_default(),
                    seg: Segment::text(self.tgt.clone()),
                    ..Variant::default()
                },
            ],
        }
    }

    /// The record of a unit's language pair: plain texts, languages, `tuid`,
    /// and the unit's properties and notes (bitext's confidence, score and
    /// flags as fields).
    pub fn from_pair(unit: &Unit, src: &Variant, tgt: &Variant) -> Record {
        let mut record = Record {
            src: src.seg.plain_text(),
            tgt: tgt.seg.plain_text(),
            src_lang: Some(src.lang.clone()),
            tgt_lang: Some(tgt.lang.clone()),
            tuid: tmx::attr(&unit.attrs, "tuid").map(str::to_string),
            ..Record::default()
        };
        for m in &unit.meta {
            match m {
                Meta::Prop { attrs, text } => {
                    let kind = tmx::attr(attrs, "type").unwrap_or("").to_string();
                    match kind.as_str() {
                        PROP_CONFIDENCE if record.confidence.is_none() => {
                            if let Ok(c) = text.trim().parse() {
                                record.confidence = Some(c);
                                continue;
                            }
                        }
                        PROP_SCORE if record.score.is_none() => {
                            if let Ok(s) = text.trim().parse() {
                                record.score = Some(s);
                                continue;
                            }
                        }
                        PROP_FLAGS if record.flags.is_none() => {
                            if let Ok(f) = serde_json::from_str::<Vec<FlagRecord>>(text) {
                                record.flags = Some(f);
                                continue;
                            }
                        }
                        _ => {}
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
