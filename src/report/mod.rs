//! Audit reports: the scored segments of a translation with a summary, as
//! text for the terminal, JSON (everything), TSV (one segment a line) or a
//! self-contained HTML page.
//!
//! ```
//! use bitext::Lang;
//! use bitext::format::Record;
//! use bitext::quality::{QualityOptions, score_pairs};
//! use bitext::report::AuditReport;
//! let pairs = vec![("会议于2021年举行。".to_string(), "The meeting was held in 2020.".to_string())];
//! let quality = score_pairs(&pairs, &QualityOptions::new(Lang::Zh, Lang::En))?;
//! let records: Vec<Record> = pairs.iter().map(|(s, t)| Record { src: s.clone(), tgt: t.clone(), ..Record::default() }).collect();
//! let report = AuditReport::new(vec!["pairs.tsv".into()], ("zh".into(), "en".into()), records, quality)?;
//! assert_eq!(report.segments.len(), 1);
//! let mut json = Vec::new();
//! bitext::report::json::write(&report, &mut json)?;
//! assert!(String::from_utf8(json).unwrap().contains("\"document_score\""));
//! # Ok::<(), bitext::Error>(())
//! ```

pub mod html;
pub mod json;
pub mod tsv;

use crate::error::{Error, Result};
use crate::format::Record;
use crate::quality::{FlagKind, QualityReport, SegmentQuality, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One audited segment: its texts and what the quality stage found.
#[derive(Debug, Clone, Serialize)]
pub struct AuditSegment {
    /// 1-based position in the input.
    pub index: usize,
    /// The unit's id, when the input has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// Where the segment is in the input files, when known
    /// ([`AuditReport::locate`]).
    #[serde(flatten)]
    pub place: Option<Place>,
    /// Source sentence indices (aligned texts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_ids: Option<Vec<usize>>,
    /// Target sentence indices (aligned texts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tgt_ids: Option<Vec<usize>>,
    /// Source text (the flags' spans point into it).
    pub src: String,
    /// Target text.
    pub tgt: String,
    /// Score, components and flags.
    #[serde(flatten)]
    pub quality: SegmentQuality,
}

/// Where a segment is in the input, to find it in the file one edits.
///
/// In the JSON report its fields stand beside the segment's `index`:
/// `"src_lines":[12,12],"tgt_lines":[14,15]` for two texts (`null` for an
/// empty side), `"unit":7,"line":42` for a translation memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Place {
    /// A segment of two aligned texts: the first and last line (1-based)
    /// its sentences occupy in the source and in the target text; `None`
    /// for a side without sentences (an omission or an addition).
    Lines {
        /// Lines of the source text.
        src_lines: Option<[usize; 2]>,
        /// Lines of the target text.
        tgt_lines: Option<[usize; 2]>,
    },
    /// A unit of a translation memory.
    Unit {
        /// Its place among all the units of the file (1-based, counting
        /// those left out for lacking a language).
        unit: usize,
        /// The line of the file it begins on (a TMX's `<tu`, a TSV or JSON
        /// Lines record's line).
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
    },
}

/// `12`, or `14–15` for a range of lines.
fn lines_text([first, last]: [usize; 2]) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}

/// An audit: where the segments came from, their quality and the
/// document's.
#[derive(Debug, Clone)]
pub struct AuditReport {
    /// The input files, as named.
    pub inputs: Vec<String>,
    /// Source language tag.
    pub src_lang: String,
    /// Target language tag.
    pub tgt_lang: String,
    /// Summary score of the document, in [0, 1].
    pub document_score: f64,
    /// Every segment, in input order.
    pub segments: Vec<AuditSegment>,
    /// Units of the input left out because they lack one of the two
    /// languages.
    pub units_without_pair: usize,
    /// Units of the input left out because neither side holds text (only
    /// inline codes or white space).
    pub units_without_text: usize,
    /// The settings that shaped the audit, as name and value in the order
    /// set (`null-threshold` = `0.35 (default)`, `segmentation`, …), so that
    /// a report says how to reproduce it. Empty unless the caller sets it.
    pub settings: Vec<(String, String)>,
    /// Warnings about the input as a whole, in the order found: the two
    /// texts do not look like translations of each other, a side is not in
    /// its declared language. Empty unless the caller sets it.
    pub warnings: Vec<String>,
}

/// Number of bins of the score histogram (each 0.1 wide).
pub const HISTOGRAM_BINS: usize = 10;

impl AuditReport {
    /// Pairs each record with its segment quality (same order, same count).
    pub fn new(
        inputs: Vec<String>,
        langs: (String, String),
        records: Vec<Record>,
        quality: QualityReport,
    ) -> Result<Self> {
        if records.len() != quality.segments.len() {
            return Err(Error::Internal(format!(
                "{} segments but {} quality entries",
                records.len(),
                quality.segments.len()
            )));
        }
        let segments = records
            .into_iter()
            .zip(quality.segments)
            .enumerate()
            .map(|(k, (r, q))| AuditSegment {
                index: k + 1,
                tuid: r.tuid,
                place: None,
                src_ids: r.src_ids,
                tgt_ids: r.tgt_ids,
                src: r.src,
                tgt: r.tgt,
                quality: q,
            })
            .collect();
        Ok(AuditReport {
            inputs,
            src_lang: langs.0,
            tgt_lang: langs.1,
            document_score: quality.document_score,
            segments,
            units_without_pair: 0,
            units_without_text: 0,
            settings: Vec::new(),
            warnings: Vec::new(),
        })
    }

    /// Gives each segment its place in the input, in segment order: as many
    /// places as segments, else an error.
    pub fn locate(&mut self, places: Vec<Place>) -> Result<()> {
        if places.len() != self.segments.len() {
            return Err(Error::Internal(format!(
                "{} segments but {} places",
                self.segments.len(),
                places.len()
            )));
        }
        for (s, place) in self.segments.iter_mut().zip(places) {
            s.place = Some(place);
        }
        Ok(())
    }

    /// Where a segment is, as a reader looks for it: `zh.txt:12 ·
    /// en.txt:14–15` (a side without sentences left out), `memory.tmx:42
    /// (unit 7)`; the files by the names [`AuditReport::inputs`] ends in
    /// (the whole paths when those are alike). `None` when the segment has
    /// no place.
    pub fn place_text(&self, s: &AuditSegment) -> Option<String> {
        let sides: Vec<String> = self.place_sides(s).into_iter().flatten().collect();
        (!sides.is_empty()).then(|| sides.join(" · "))
    }

    /// [`AuditReport::place_text`] in two parts: where the source is and
    /// where the target is (`None` for a side without sentences); a memory
    /// unit's place is all in the first.
    pub fn place_sides(&self, s: &AuditSegment) -> [Option<String>; 2] {
        // The files' names without their folders, unless that makes the
        // two alike.
        let short: Vec<&str> = self
            .inputs
            .iter()
            .map(|p| {
                Path::new(p)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(p)
            })
            .collect();
        let names: Vec<&str> = if short.len() == 2 && short[0] == short[1] {
            self.inputs.iter().map(String::as_str).collect()
        } else {
            short
        };
        let input = |k: usize, or: &'static str| names.get(k).copied().unwrap_or(or);
        match &s.place {
            None => [None, None],
            Some(Place::Lines {
                src_lines,
                tgt_lines,
            }) => [
                src_lines.map(|l| format!("{}:{}", input(0, "source"), lines_text(l))),
                tgt_lines.map(|l| format!("{}:{}", input(1, "target"), lines_text(l))),
            ],
            Some(Place::Unit { unit, line }) => [
                Some(match line {
                    Some(line) => format!("{}:{line} (unit {unit})", input(0, "memory")),
                    None => format!("{} unit {unit}", input(0, "memory")),
                }),
                None,
            ],
        }
    }

    /// Segments with at least one flag.
    pub fn flagged(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| !s.quality.flags.is_empty())
            .count()
    }

    /// Segments whose worst flag is an error.
    pub fn with_errors(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| s.quality.worst() == Some(Severity::Error))
            .count()
    }

    /// How many flags of each kind and severity, most serious first.
    pub fn flag_counts(&self) -> Vec<(FlagKind, Severity, usize)> {
        let mut counts: BTreeMap<(std::cmp::Reverse<Severity>, FlagKind), usize> = BTreeMap::new();
        for f in self.segments.iter().flat_map(|s| &s.quality.flags) {
            *counts
                .entry((std::cmp::Reverse(f.severity), f.kind))
                .or_default() += 1;
        }
        counts.into_iter().map(|((s, k), n)| (k, s.0, n)).collect()
    }

    /// The flag kinds that occur, in [`FlagKind::ALL`] order.
    pub fn kinds_present(&self) -> Vec<FlagKind> {
        FlagKind::ALL
            .iter()
            .copied()
            .filter(|k| {
                self.segments
                    .iter()
                    .any(|s| s.quality.flags.iter().any(|f| f.kind == *k))
            })
            .collect()
    }

    /// Segments per score bin: bin `i` holds scores in `[i/10, (i+1)/10)`,
    /// the last one includes 1.
    pub fn histogram(&self) -> [usize; HISTOGRAM_BINS] {
        let mut bins = [0; HISTOGRAM_BINS];
        for s in &self.segments {
            bins[bin_of(s.quality.score)] += 1;
        }
        bins
    }

    /// The `n` worst segments: those with an error flag first, then a
    /// warning, then an info flag, then none; within each, lowest score
    /// first (ties in input order). The severity leads because a score
    /// ranks rather than judges: with the en→zh weights a segment with a
    /// wrong dose may score above clean ones.
    pub fn worst(&self, n: usize) -> Vec<&AuditSegment> {
        let mut v: Vec<&AuditSegment> = self.segments.iter().collect();
        v.sort_by(|a, b| {
            b.quality
                .worst()
                .cmp(&a.quality.worst())
                .then(a.quality.score.total_cmp(&b.quality.score))
                .then(a.index.cmp(&b.index))
        });
        v.truncate(n);
        v
    }

    /// The summary printed by `bitext audit`: counts, flags by severity and
    /// kind, the document score and the `worst` worst segments (errors
    /// first, then warnings, then by score).
    pub fn summary(&self, worst: usize) -> String {
        let mut out = String::new();
        let n = self.segments.len();
        let pct = |k: usize| {
            if n == 0 {
                0.0
            } else {
                100.0 * k as f64 / n as f64
            }
        };
        let _ = writeln!(
            out,
            "audit of {} ({} → {})",
            self.inputs.join(" + "),
            self.src_lang,
            self.tgt_lang
        );
        for warning in &self.warnings {
            let _ = writeln!(out, "warning:         {warning}");
        }
        let _ = writeln!(out, "segments:        {n}");
        if self.units_without_pair > 0 {
            let _ = writeln!(
                out,
                "left out:        {} without both languages",
                plural(self.units_without_pair, "unit", "units")
            );
        }
        if self.units_without_text > 0 {
            let _ = writeln!(
                out,
                "left out:        {} without text",
                plural(self.units_without_text, "unit", "units")
            );
        }
        let flagged = self.flagged();
        let errors = self.with_errors();
        let _ = writeln!(out, "flagged:         {flagged} ({:.1}%)", pct(flagged));
        let _ = writeln!(out, "with an error:   {errors} ({:.1}%)", pct(errors));
        let _ = writeln!(out, "document score:  {:.3}", self.document_score);
        let counts = self.flag_counts();
        if !counts.is_empty() {
            let _ = writeln!(out, "flags:");
            for (kind, severity, count) in counts {
                let _ = writeln!(
                    out,
                    "  {:<8} {:<16} {count:>6}",
                    severity.name(),
                    kind.name()
                );
            }
        }
        let worst = self.worst(worst);
        if !worst.is_empty() {
            let _ = writeln!(
                out,
                "worst segments (errors first, then warnings, then lowest score):"
            );
            for s in worst {
                let mut id = s
                    .tuid
                    .as_ref()
                    .map_or_else(String::new, |t| format!(" tuid {t}"));
                if let Some(place) = self.place_text(s) {
                    let _ = write!(id, "  {place}");
                }
                let _ = writeln!(
                    out,
                    "  #{}{id}  score {:.3}  {}",
                    s.index,
                    s.quality.score,
                    if s.quality.flags.is_empty() {
                        "no flags".to_string()
                    } else {
                        flag_list(&s.quality.flags)
                    }
                );
                let _ = writeln!(out, "      src: {}", clip(&s.src, 70));
                let _ = writeln!(out, "      tgt: {}", clip(&s.tgt, 70));
                for f in &s.quality.flags {
                    let _ = writeln!(out, "      {}: {}", f.kind, clip(&f.evidence, 90));
                }
            }
        }
        out
    }
}

/// The histogram bin of a score.
fn bin_of(score: f64) -> usize {
    if score.is_nan() {
        return 0;
    }
    ((score.clamp(0.0, 1.0) * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1)
}

/// `n` and the noun for it, singular for one only: `1 unit`, `0 units`,
/// `2 units`. Every count in bitext's messages goes through it.
///
/// ```
/// assert_eq!(bitext::report::plural(1, "unit", "units"), "1 unit");
/// assert_eq!(bitext::report::plural(2, "empty segment", "empty segments"), "2 empty segments");
/// ```
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// At most `max` characters of `text` on one line, `…` when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    let one: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one.chars().count() <= max {
        return one;
    }
    let mut s: String = one.chars().take(max).collect();
    s.push('…');
    s
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Everything, machine-readable.
    Json,
    /// One segment a line.
    Tsv,
    /// One self-contained page.
    Html,
}

/// A segment's flags as `kind:severity` items separated by `, ` (the TSV
/// report's flags column and the summary's list).
fn flag_list(flags: &[crate::quality::Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("{}:{}", f.kind, f.severity))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ReportFormat {
    /// The format a file's extension names: `.json`, `.tsv`, `.html`/`.htm`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(ReportFormat::Json),
            "tsv" | "tab" => Some(ReportFormat::Tsv),
            "html" | "htm" => Some(ReportFormat::Html),
            _ => None,
        }
    }
}

/// Writes the report in `format`.
pub fn write(
    report: &AuditReport,
    format: ReportFormat,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    match format {
        ReportFormat::Json => json::write(report, out),
        ReportFormat::Tsv => tsv::write(report, out),
        ReportFormat::Html => html::write(report, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_and_clipping() {
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(0.95), 9);
        assert_eq!(bin_of(1.0), 9);
        assert_eq!(bin_of(0.1), 1);
        assert_eq!(bin_of(f64::NAN), 0);
        assert_eq!(clip("一二三四", 2), "一二…");
        assert_eq!(clip("a\nb", 5), "a b");
    }

    /// A report of `pairs` scored as one document (test fixtures).
    pub(crate) fn scored_report(
        pairs: &[(String, String)],
        (src, tgt): (crate::Lang, crate::Lang),
    ) -> AuditReport {
        use crate::format::Record;
        use crate::quality::{QualityOptions, score_pairs};
        let quality = score_pairs(pairs, &QualityOptions::new(src, tgt)).unwrap();
        let records = pairs
            .iter()
            .map(|(s, t)| Record {
                src: s.clone(),
                tgt: t.clone(),
                ..Record::default()
            })
            .collect();
        AuditReport::new(
            vec!["x".into()],
            (src.to_string(), tgt.to_string()),
            records,
            quality,
        )
        .unwrap()
    }

    #[test]
    fn places_name_the_files_and_lines_a_reader_edits() {
        use crate::Lang;
        let pairs: Vec<(String, String)> =
            [("价格是100元。", "The price is 100 yuan."), ("你好。", "")]
                .iter()
                .map(|(s, t)| (s.to_string(), t.to_string()))
                .collect();
        let mut report = scored_report(&pairs, (Lang::Zh, Lang::En));
        assert_eq!(report.place_text(&report.segments[0]), None);
        assert!(report.locate(vec![]).is_err());
        report.inputs = vec!["release/zh.txt".into(), "release/en.txt".into()];
        report
            .locate(vec![
                Place::Lines {
                    src_lines: Some([3, 3]),
                    tgt_lines: Some([5, 6]),
                },
                Place::Lines {
                    src_lines: Some([4, 4]),
                    tgt_lines: None,
                },
            ])
            .unwrap();
        let texts: Vec<Option<String>> = report
            .segments
            .iter()
            .map(|s| report.place_text(s))
            .collect();
        assert_eq!(
            texts,
            [
                Some("zh.txt:3 · en.txt:5–6".to_string()),
                Some("zh.txt:4".to_string())
            ]
        );
        // JSON: both keys, null for the empty side.
        let mut json = Vec::new();
        json::write(&report, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["segments"][0]["tgt_lines"], serde_json::json!([5, 6]));
        assert!(v["segments"][1]["tgt_lines"].is_null());
        assert!(v["segments"][1].get("unit").is_none());
        // TSV: the two columns.
        let mut tsv = Vec::new();
        tsv::write(&report, &mut tsv).unwrap();
        let tsv = String::from_utf8(tsv).unwrap();
        let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows[0][2..4], ["src_lines", "tgt_lines"]);
        assert_eq!(rows[1][2..4], ["3", "5-6"]);
        assert_eq!(rows[2][2..4], ["4", ""]);
        // Alike file names keep their folders; a memory names its unit.
        report.inputs = vec!["a/x.txt".into(), "b/x.txt".into()];
        assert_eq!(report.place_text(&report.segments[1]).unwrap(), "a/x.txt:4");
        report.inputs = vec!["tm/memory.tmx".into()];
        report
            .locate(vec![
                Place::Unit {
                    unit: 2,
                    line: Some(9),
                },
                Place::Unit {
                    unit: 3,
                    line: None,
                },
            ])
            .unwrap();
        let texts: Vec<String> = report
            .segments
            .iter()
            .filter_map(|s| report.place_text(s))
            .collect();
        assert_eq!(texts, ["memory.tmx:9 (unit 2)", "memory.tmx unit 3"]);
        let mut json = Vec::new();
        json::write(&report, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            (
                v["segments"][0]["unit"].as_u64(),
                v["segments"][0]["line"].as_u64()
            ),
            (Some(2), Some(9))
        );
        assert!(v["segments"][1].get("line").is_none());
        let mut tsv = Vec::new();
        tsv::write(&report, &mut tsv).unwrap();
        let tsv = String::from_utf8(tsv).unwrap();
        assert!(tsv.starts_with("index\ttuid\tunit\tline\tscore\t"), "{tsv}");
        assert!(
            tsv.lines().nth(2).unwrap().starts_with("2\t\t3\t\t"),
            "{tsv}"
        );
    }

    #[test]
    fn the_worst_segments_are_those_with_errors_first() {
        use crate::Lang;
        // en→zh: a wrong dose (an error) can score above clean sentences.
        let pairs: Vec<(String, String)> = [
            ("Take 5 mg once a day.", "每天服用50毫克，一次。"),
            ("Keep the bottle closed.", "请保持瓶子关闭。"),
            ("Ask your doctor.", "请咨询您的医生。"),
            ("Store it in a dry place.", "请存放在干燥处。"),
            ("That is all there is to it.", "就这么简单。"),
            ("It went off without a hitch.", "一切顺利。"),
        ]
        .iter()
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect();
        let report = scored_report(&pairs, (Lang::En, Lang::Zh));
        let worst = report.worst(6);
        // The warning scores below the error: the error still comes first.
        assert!(worst[1].quality.score < worst[0].quality.score);
        assert_eq!(
            worst
                .iter()
                .take(2)
                .map(|s| (s.index, s.quality.worst()))
                .collect::<Vec<_>>(),
            [(1, Some(Severity::Error)), (6, Some(Severity::Warning))]
        );
        // After the flagged ones, by score.
        let rest: Vec<f64> = worst
            .iter()
            .filter(|s| s.quality.worst().is_none())
            .map(|s| s.quality.score)
            .collect();
        assert!(rest.windows(2).all(|w| w[0] <= w[1]), "{rest:?}");
        assert!(report.summary(2).contains("worst segments (errors first"));
    }
}
