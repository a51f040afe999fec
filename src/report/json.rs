//! The JSON report: everything the audit found, machine-readable.
//!
//! `{"tool":"bitext","version":…,"inputs":[…],"src_lang":…,"tgt_lang":…,
//! "settings":[{"name":…,"value":…}],"warnings":[…],"document_score":…,"segments_total":…,"segments_flagged":…,
//! "segments_with_errors":…,"units_without_pair":…,
//! "units_without_text":…,
//! "flag_counts":[{"kind":…,"severity":…,"count":…}],
//! "histogram":[{"from":0.0,"to":0.1,"count":…}],
//! "segments":[{"index":1,"tuid":…,"src_lines":[1,1],"tgt_lines":[1,2],
//! "src_ids":…,"tgt_ids":…,"src":…,"tgt":…,"score":…,
//! "components":{…},"flags":[{"kind":…,"severity":…,"evidence":…,
//! "spans":[{"side":"target","start":…,"end":…}]}]}]}`
//!
//! Spans are byte offsets into `src` or `tgt`. A segment's place
//! ([`super::Place`]): for two texts `src_lines` and `tgt_lines`, the first
//! and last line (1-based) of each side, `null` for a side without
//! sentences; for a memory `unit` (its place among the units) and `line`
//! (the line it begins on) instead.

use super::{AuditReport, AuditSegment, HISTOGRAM_BINS};
use crate::error::Result;
use crate::format::out_err;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Json<'a> {
    tool: &'static str,
    version: &'static str,
    inputs: &'a [String],
    src_lang: &'a str,
    tgt_lang: &'a str,
    settings: Vec<Setting<'a>>,
    warnings: &'a [String],
    document_score: f64,
    segments_total: usize,
    segments_flagged: usize,
    segments_with_errors: usize,
    units_without_pair: usize,
    units_without_text: usize,
    flag_counts: Vec<Count>,
    histogram: Vec<Bin>,
    segments: &'a [AuditSegment],
}

#[derive(Serialize)]
struct Setting<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct Count {
    kind: &'static str,
    severity: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Bin {
    from: f64,
    to: f64,
    count: usize,
}

/// Writes the report as one JSON document (with a final line feed).
pub fn write(report: &AuditReport, out: &mut dyn Write) -> Result<()> {
    let json = Json {
        tool: "bitext",
        version: env!("CARGO_PKG_VERSION"),
        inputs: &report.inputs,
        src_lang: &report.src_lang,
        tgt_lang: &report.tgt_lang,
        settings: report
            .settings
            .iter()
            .map(|(name, value)| Setting { name, value })
            .collect(),
        warnings: &report.warnings,
        document_score: report.document_score,
        segments_total: report.segments.len(),
        segments_flagged: report.flagged(),
        segments_with_errors: report.with_errors(),
        units_without_pair: report.units_without_pair,
        units_without_text: report.units_without_text,
        flag_counts: report
            .flag_counts()
            .into_iter()
            .map(|(k, s, count)| Count {
                kind: k.name(),
                severity: s.name(),
                count,
            })
            .collect(),
        histogram: report
            .histogram()
            .iter()
            .enumerate()
            .map(|(i, &count)| Bin {
                from: i as f64 / HISTOGRAM_BINS as f64,
                to: (i + 1) as f64 / HISTOGRAM_BINS as f64,
                count,
            })
            .collect(),
        segments: &report.segments,
    };
    serde_json::to_writer(&mut *out, &json).map_err(|e| out_err(e.into()))?;
    out.write_all(b"\n").map_err(out_err)
}
