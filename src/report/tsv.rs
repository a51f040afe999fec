//! The TSV report: a header line, then one segment a line:
//! `index TAB tuid TAB src_lines TAB tgt_lines TAB score TAB flags TAB
//! source TAB target` for two texts, `index TAB tuid TAB unit TAB line TAB
//! score TAB flags TAB source TAB target` for a translation memory, with
//! the texts escaped as bitext's TSV does (`\\`, `\t`, `\n`, `\r`), the
//! score with four decimals and the flags as `kind:severity` items
//! separated by `, `. `src_lines` and `tgt_lines` are the lines a side
//! occupies in its text, `12` or `14-15`, empty for a side without
//! sentences; `unit` is the unit's place among the memory's units, `line`
//! the line it begins on. A report of segments without places has only
//! `index TAB tuid TAB score TAB flags TAB source TAB target`. `tuid` is the
//! unit's for a memory (empty when it has none); for two texts, whose
//! segments have no tuid of their own, it is the segment's number, the
//! `tuid` `bitext align` gives the same pair in its TMX.
//!
//! Two columns follow the target in every report: `evidence`, each flag's
//! `kind:severity — evidence` in the order of `flags`, separated by ` | `;
//! and `spans`, for each flag in that order (` | ` between flags) the words
//! it points at, as `source 12-19 “1.2亿”` (the side, the byte range in
//! the unescaped text as the JSON report gives it, and the words), `; `
//! between the spans of a flag. Both are escaped as the texts are, and
//! empty for a segment without flags.

use super::{AuditReport, Place, flag_list};
use crate::error::Result;
use crate::format::out_err;
use crate::format::tsv::escape;
use crate::quality::{Flag, Side};
use std::io::Write;

/// Writes the report as TSV.
pub fn write(report: &AuditReport, out: &mut dyn Write) -> Result<()> {
    // The place columns follow the first segment's kind of place (an
    // audit's are all of one kind: two texts or a memory); a place of the
    // other kind leaves them empty.
    let first = report.segments.first().and_then(|s| s.place.as_ref());
    let columns = match first {
        Some(Place::Lines { .. }) => "src_lines\ttgt_lines\t",
        Some(Place::Unit { .. }) => "unit\tline\t",
        None => "",
    };
    writeln!(
        out,
        "index\ttuid\t{columns}score\tflags\tsource\ttarget\tevidence\tspans"
    )
    .map_err(out_err)?;
    let lines = |l: Option<[usize; 2]>| match l {
        Some([a, b]) if a == b => a.to_string(),
        Some([a, b]) => format!("{a}-{b}"),
        None => String::new(),
    };
    for s in &report.segments {
        // Two texts: the pair's number, as align's TMX numbers its units.
        let tuid = match (&s.tuid, &s.place) {
            (Some(t), _) => escape(t),
            (None, Some(Place::Lines { .. })) => s.index.to_string(),
            (None, _) => String::new(),
        };
        let place = match (first, &s.place) {
            (None, _) => String::new(),
            (
                Some(Place::Lines { .. }),
                Some(Place::Lines {
                    src_lines,
                    tgt_lines,
                }),
            ) => format!("{}\t{}\t", lines(*src_lines), lines(*tgt_lines)),
            (Some(Place::Unit { .. }), Some(Place::Unit { unit, line })) => format!(
                "{unit}\t{}\t",
                line.map_or_else(String::new, |l| l.to_string())
            ),
            _ => "\t\t".to_string(),
        };
        writeln!(
            out,
            "{}\t{}\t{place}{:.4}\t{}\t{}\t{}\t{}\t{}",
            s.index,
            tuid,
            s.quality.score,
            flag_list(&s.quality.flags),
            escape(&s.src),
            escape(&s.tgt),
            escape(&evidence(&s.quality.flags)),
            escape(&spans(&s.src, &s.tgt, &s.quality.flags))
        )
        .map_err(out_err)?;
    }
    Ok(())
}

/// Each flag's `kind:severity — evidence`, separated by ` | `.
fn evidence(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("{}:{} — {}", f.kind, f.severity, f.evidence))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Each flag's spans as `source 12-19 “words”`, `; ` between a flag's
/// spans and ` | ` between flags. A span that does not fall on the text's
/// characters (never from bitext's checks) gives its range alone.
fn spans(src: &str, tgt: &str, flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| {
            f.spans
                .iter()
                .map(|sp| {
                    let (name, text) = match sp.side {
                        Side::Source => ("source", src),
                        Side::Target => ("target", tgt),
                    };
                    match text.get(sp.start..sp.end) {
                        Some(words) => format!("{name} {}-{} “{words}”", sp.start, sp.end),
                        None => format!("{name} {}-{}", sp.start, sp.end),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn each_flag_has_its_evidence_and_highlighted_words() {
        // Trial 30 (problem 8): a spreadsheet reviewer saw
        // `number_mismatch:error` but not what mismatched.
        let pairs: Vec<(String, String)> = [
            ("营业收入为3.5亿元。", "Revenue was RMB 35 million."),
            ("营业收入为3.5亿元。", "Revenue was RMB 350 million."),
            ("备注：\t价格为20元。", "Note:\tthe price is 30 yuan."),
        ]
        .iter()
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect();
        let report = crate::report::tests::scored_report(&pairs, (Lang::Zh, Lang::En));
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let tsv = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(
            rows[0],
            [
                "index", "tuid", "score", "flags", "source", "target", "evidence", "spans"
            ]
        );
        assert_eq!(rows.len(), 4, "{tsv}");
        assert!(rows.iter().all(|r| r.len() == 8), "{tsv}");
        let wrong = &rows[1];
        assert!(wrong[3].starts_with("number_mismatch:error"), "{tsv}");
        assert!(
            wrong[6].starts_with("number_mismatch:error — ") && wrong[6].contains("3.5亿"),
            "{}",
            wrong[6]
        );
        // Where each flag points, readable: the side, the bytes, the words.
        let src = "营业收入为3.5亿元。";
        let at = src.find("3.5亿").unwrap();
        assert!(
            wrong[7].contains(&format!("source {}-{} “3.5亿”", at, at + "3.5亿".len())),
            "{}",
            wrong[7]
        );
        assert!(wrong[7].contains("target "), "{}", wrong[7]);
        // A clean segment has both columns empty.
        assert_eq!(rows[2][3], "");
        assert_eq!(rows[2][6..], ["", ""]);
        // Tabs in the texts stay escaped; the quoted words escape the same way.
        assert_eq!(rows[3][4], "备注：\\t价格为20元。");
        assert!(rows[3][6].contains("20"), "{}", rows[3][6]);
    }
}
