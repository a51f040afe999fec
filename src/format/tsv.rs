//! TSV: source TAB target, one pair a line.
//!
//! bitext's TSV escapes backslash, tab, line feed and carriage return inside
//! a segment as `\\`, `\t`, `\n`, `\r`; raw TSV (as spreadsheets write it)
//! has no escapes, so tabs and line breaks inside a segment become spaces
//! (counted) when it is written; when it is read, spreadsheets' quoted
//! fields are undone ([`split_raw`]). An empty side is an empty field.
//!
//! With quality columns (`bitext align`; `bitext convert` of a scored
//! memory), two more fields follow: the score with four decimals and the
//! flags as `kind:severity` items separated by `, ` (empty when there are
//! none). Both are read back; both empty is a unit without a score or
//! flags (another tool's, in a memory partly scored).

use super::record::unit_interval;
use super::{FlagRecord, QualityColumns, Record, Sink, WriteReport, out_err};
use crate::error::{Error, Result};
use std::io::Write;

/// Escapes a segment for one TSV field.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]; a backslash before any other character stays.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// A segment as one raw TSV field: on one line, and tabs as spaces; quoted
/// as spreadsheets quote (`"` around it, a `"` inside doubled) only when it
/// would otherwise read back as another text ([`split_raw`]: `"Save"`, or a
/// field opening a quote it does not close).
pub fn one_field(text: &str) -> String {
    let line = super::moses::one_line(text);
    if line.starts_with('"') && split_raw(&line) != Ok(Some(vec![line.clone()])) {
        format!("\"{}\"", line.replace('"', "\"\""))
    } else {
        line
    }
}

/// The flags column: `kind:severity` items separated by `, `. A kind or
/// severity other than letters, digits, `_` and `-` (bitext's own are
/// `number_mismatch:error` and the like; a hand-made record may hold a tab,
/// a line break, `,` or `:`) would break the line or read back as other
/// flags, so it is an error ([`Error::Unwritable`]).
pub fn flags_field(flags: &[FlagRecord]) -> Result<String> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let mut items = Vec::with_capacity(flags.len());
    for f in flags {
        if !plain(&f.kind) || !plain(&f.severity) {
            return Err(Error::Unwritable(format!(
                "the flag {:?} (severity {:?}) cannot be written in TSV's flags column, \
                 which holds kind:severity items of letters, digits, '_' and '-'; \
                 write JSON Lines or TMX, which keep it",
                f.kind, f.severity
            )));
        }
        items.push(format!("{}:{}", f.kind, f.severity));
    }
    Ok(items.join(", "))
}

/// The fields of one raw TSV record as spreadsheets write it (Excel's
/// "Unicode Text", LibreOffice's and Google Sheets' TSV): a field that
/// starts with `"` is quoted, RFC 4180 style: it runs to the next `"` that
/// is followed by a tab or the record's end, may hold tabs and line
/// breaks, and a doubled `""` inside it is one `"`. Any other field is
/// taken as it is (a quote inside it stays), and so is a field that starts
/// with a quote closed before other text (`"Stop," he said.`: a tool that
/// does not quote wrote it). `Ok(None)` when a quoted field is still open
/// at the end of `record` (its cell goes on on the next line); an error
/// when a quoted field that went on over lines closes before other text.
pub fn split_raw(record: &str) -> std::result::Result<Option<Vec<String>>, String> {
    let mut fields = Vec::new();
    let mut rest = record;
    loop {
        let (field, next) = match rest.strip_prefix('"').map(quoted_field) {
            Some(Quoted::Closed(field, next)) => (field, next),
            Some(Quoted::Open) => return Ok(None),
            Some(Quoted::Misclosed) => return Err(MISCLOSED_QUOTE.into()),
            // Not a quoted field: up to the next tab.
            Some(Quoted::Literal) | None => match rest.split_once('\t') {
                Some((field, next)) => (field.to_string(), Some(next)),
                None => (rest.to_string(), None),
            },
        };
        fields.push(field);
        match next {
            Some(next) => rest = next,
            None => return Ok(Some(fields)),
        }
    }
}

/// Why a raw TSV record whose quoted field, going on over lines, closes
/// before other text is refused.
const MISCLOSED_QUOTE: &str = "a field opens with a quote (\") that is closed on a later line \
     before other text; in a quoted field a quote is written twice (\"\"), as spreadsheets write it";

/// A quoted field's reading (see [`split_raw`]).
enum Quoted<'a> {
    /// The field's text, and what follows its tab (`None`: the record's
    /// end).
    Closed(String, Option<&'a str>),
    /// No closing quote before the record's end.
    Open,
    /// A quote closes it before other text: not a quoted field.
    Literal,
    /// A quote closes it before other text, on a later line than it
    /// opened: an error (which line ends the record cannot be told).
    Misclosed,
}

/// Reads a quoted field from just after its opening quote.
fn quoted_field(after_quote: &str) -> Quoted<'_> {
    let mut field = String::new();
    let mut rest = after_quote;
    loop {
        let Some(at) = rest.find('"') else {
            return Quoted::Open;
        };
        field.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(more) = after.strip_prefix('"') {
            field.push('"');
            rest = more;
        } else if after.is_empty() {
            return Quoted::Closed(field, None);
        } else if let Some(next) = after.strip_prefix('\t') {
            return Quoted::Closed(field, Some(next));
        } else if field.contains('\n') {
            return Quoted::Misclosed;
        } else {
            return Quoted::Literal;
        }
    }
}

/// Splits one TSV line (without its line end) into a record: two fields
/// (source, target), or four (with score and flags: an empty score is
/// none, and an empty score with empty flags neither). `raw` takes the
/// fields as spreadsheets write them ([`split_raw`]; a quoted field still
/// open at the line's end is an error); otherwise bitext's escapes are
/// undone.
pub fn parse_line(line: &str, raw: bool) -> std::result::Result<Record, String> {
    if raw {
        let fields = split_raw(line)?.ok_or_else(|| UNCLOSED_QUOTE.to_string())?;
        return record_of_fields(&fields, true);
    }
    let fields: Vec<&str> = line.split('\t').collect();
    record_of_fields(&fields, false)
}

/// Why a raw TSV record whose quoted field never closes is refused.
pub const UNCLOSED_QUOTE: &str = "a field opens with a quote (\") that is never closed; \
     in a quoted field a quote is written twice (\"\"), as spreadsheets write it";

/// A record of a TSV line's fields (see [`parse_line`]).
pub fn record_of_fields(
    fields: &[impl AsRef<str>],
    raw: bool,
) -> std::result::Result<Record, String> {
    let field = |s: &str| if raw { s.to_string() } else { unescape(s) };
    let fields: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
    let quality = fields.len() == 4;
    if fields.len() != 2 && !quality {
        return Err(format!(
            "expected 2 tab-separated fields (source, target) or 4 (with score and flags), found {}",
            fields.len()
        ));
    }
    let mut record = Record {
        src: field(fields[0]),
        tgt: field(fields[1]),
        ..Record::default()
    };
    if quality {
        let score = fields[2].trim();
        if !score.is_empty() {
            record.score = Some(unit_interval(score).ok_or_else(|| {
                format!("the third field, '{score}', is not a score (a number from 0 to 1)")
            })?);
        }
        // Both columns empty: a unit bitext did not score (in a memory
        // partly scored), as the writer leaves them.
        if score.is_empty() && fields[3].trim().is_empty() {
            return Ok(record);
        }
        let mut flags = Vec::new();
        for item in fields[3]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let (kind, severity) = item
                .split_once(':')
                .ok_or_else(|| format!("flag '{item}' is not kind:severity"))?;
            flags.push(FlagRecord {
                kind: kind.to_string(),
                severity: severity.to_string(),
                evidence: String::new(),
                spans: Vec::new(),
            });
        }
        record.flags = Some(flags);
    }
    Ok(record)
}

/// How many bytes of lines without a score a [`QualityColumns::WhenScored`]
/// TSV holds before it settles on two columns (8 MiB).
pub const HOLD_UNSCORED: usize = 8 << 20;

/// Writes one line per record.
pub struct TsvSink<'a> {
    out: &'a mut dyn Write,
    raw: bool,
    quality: QualityColumns,
    report: WriteReport,
    /// [`QualityColumns::WhenScored`]: the texts of the records without a
    /// score read before the first with one, and their size in bytes.
    held: Vec<(String, String)>,
    held_bytes: usize,
    /// True once the file is settled on two columns after
    /// [`HOLD_UNSCORED`] bytes without a score.
    settled_two: bool,
}

impl<'a> TsvSink<'a> {
    /// A sink writing bitext's TSV, or raw TSV; `quality` says when the
    /// score and flags columns are added.
    pub fn new(out: &'a mut dyn Write, raw: bool, quality: QualityColumns) -> Self {
        TsvSink {
            out,
            raw,
            quality,
            report: WriteReport::default(),
            held: Vec::new(),
            held_bytes: 0,
            settled_two: false,
        }
    }

    /// Writes the held lines, with two empty columns after them when
    /// `quality`.
    fn release(&mut self, quality: bool) -> Result<()> {
        let tail = if quality { "\t\t" } else { "" };
        for (s, t) in std::mem::take(&mut self.held) {
            writeln!(self.out, "{s}\t{t}{tail}").map_err(out_err)?;
        }
        self.held_bytes = 0;
        Ok(())
    }
}

impl Sink for TsvSink<'_> {
    fn write(&mut self, r: &Record) -> Result<bool> {
        let (s, t) = if self.raw {
            let flat = |text: &str| super::moses::one_line(text) != text;
            self.report.flattened += usize::from(flat(&r.src)) + usize::from(flat(&r.tgt));
            (one_field(&r.src), one_field(&r.tgt))
        } else {
            (escape(&r.src), escape(&r.tgt))
        };
        let scored = r.score.is_some() || r.flags.is_some();
        if self.quality == QualityColumns::WhenScored {
            if scored {
                // Settled on four columns, the held lines' empty.
                self.release(true)?;
                self.quality = QualityColumns::Always;
            } else {
                self.held_bytes += s.len() + t.len() + 2;
                self.held.push((s, t));
                if self.held_bytes > HOLD_UNSCORED {
                    self.release(false)?;
                    self.quality = QualityColumns::Never;
                    self.settled_two = true;
                }
                self.report.written += 1;
                return Ok(true);
            }
        }
        self.report.quality_dropped += usize::from(self.settled_two && scored);
        if self.quality == QualityColumns::Always {
            let score = r.score.map(|s| format!("{s:.4}")).unwrap_or_default();
            let flags = match r.flags.as_deref() {
                Some(flags) => flags_field(flags)?,
                None => String::new(),
            };
            writeln!(self.out, "{s}\t{t}\t{score}\t{flags}").map_err(out_err)?;
        } else {
            writeln!(self.out, "{s}\t{t}").map_err(out_err)?;
        }
        self.report.written += 1;
        Ok(true)
    }

    fn finish(mut self: Box<Self>) -> Result<WriteReport> {
        // Nothing scored: two columns.
        self.release(false)?;
        Ok(self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A flag whose kind or severity holds a tab, a line break or the
    /// column's own separators (`,`, `:`) would break the line or read
    /// back as other flags (a review's case, from a hand-made JSON Lines
    /// record): it is refused, not written.
    #[test]
    fn a_flag_the_flags_column_cannot_hold_is_refused() {
        let flag = |kind: &str, severity: &str| FlagRecord {
            kind: kind.into(),
            severity: severity.into(),
            evidence: String::new(),
            spans: vec![],
        };
        for bad in [
            flag("x\ty, z", "error"),
            flag("omission", "error\nbad"),
            flag("a:b", "warning"),
        ] {
            let record = Record {
                src: "一".into(),
                tgt: "one".into(),
                score: Some(0.5),
                flags: Some(vec![flag("omission", "error"), bad]),
                ..Record::default()
            };
            let mut out = Vec::new();
            let mut sink = TsvSink::new(&mut out, false, QualityColumns::WhenScored);
            let err = sink.write(&record).expect_err("refused").to_string();
            assert!(err.contains("JSON Lines"), "{err}");
            assert!(out.is_empty(), "{:?}", String::from_utf8_lossy(&out));
        }
        // bitext's own kinds and severities pass.
        let record = Record {
            src: "一".into(),
            tgt: "one".into(),
            score: Some(0.5),
            flags: Some(vec![
                flag("number_mismatch", "error"),
                flag("length-ratio", "info"),
            ]),
            ..Record::default()
        };
        let mut out = Vec::new();
        TsvSink::new(&mut out, false, QualityColumns::Always)
            .write(&record)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "一\tone\t0.5000\tnumber_mismatch:error, length-ratio:info\n"
        );
    }

    #[test]
    fn escapes_controls() {
        assert_eq!(escape("a\tb\\c\nd"), "a\\tb\\\\c\\nd");
        assert_eq!(unescape("a\\qb\\"), "a\\qb\\");
    }

    /// `convert`'s TSV of a memory partly scored: four columns on every
    /// line (the first unscored lines too, once a score comes), empty for a
    /// record without a score or flags; every line reads back as it was.
    #[test]
    fn quality_columns_when_scored() {
        let record = |score: Option<f64>, flags: Option<Vec<FlagRecord>>| Record {
            src: "一".into(),
            tgt: "one".into(),
            score,
            flags,
            ..Record::default()
        };
        let omission = FlagRecord {
            kind: "omission".into(),
            severity: "error".into(),
            evidence: String::new(),
            spans: vec![],
        };
        let records = [
            record(None, None),
            record(Some(0.5), None),
            record(None, None),
            record(None, Some(vec![omission.clone()])),
            record(Some(1.0), Some(vec![])),
        ];
        let mut out = Vec::new();
        let mut sink = TsvSink::new(&mut out, false, QualityColumns::WhenScored);
        for r in &records {
            sink.write(r).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "一\tone\t\t\n一\tone\t0.5000\t\n一\tone\t\t\n一\tone\t\tomission:error\n一\tone\t1.0000\t\n"
        );
        let back: Vec<Record> = text
            .lines()
            .map(|l| parse_line(l, false).unwrap())
            .collect();
        let expected = [
            (None, None),
            (Some(0.5), Some(vec![])),
            (None, None),
            (None, Some(vec![omission])),
            (Some(1.0), Some(vec![])),
        ];
        for (b, (score, flags)) in back.iter().zip(expected) {
            assert_eq!((b.score, b.flags.clone()), (score, flags));
        }
        // Nothing scored: two columns, written at the end.
        let mut out = Vec::new();
        let mut sink = Box::new(TsvSink::new(&mut out, false, QualityColumns::WhenScored));
        sink.write(&records[0]).unwrap();
        sink.write(&records[2]).unwrap();
        let report = sink.finish().unwrap();
        assert_eq!((report.written, report.quality_dropped), (2, 0));
        assert_eq!(out, "一\tone\n一\tone\n".as_bytes());
        // Past HOLD_UNSCORED bytes without a score the file keeps two
        // columns; a score met later is counted, not written.
        let long = Record {
            src: "一".repeat(1 << 16),
            tgt: "one".into(),
            ..Record::default()
        };
        let mut out = Vec::new();
        let mut sink = Box::new(TsvSink::new(&mut out, false, QualityColumns::WhenScored));
        let n = HOLD_UNSCORED / long.src.len() + 1;
        for _ in 0..n {
            sink.write(&long).unwrap();
        }
        sink.write(&records[1]).unwrap();
        sink.write(&records[0]).unwrap();
        let report = sink.finish().unwrap();
        assert_eq!((report.written, report.quality_dropped), (n + 2, 1));
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), n + 2);
        assert!(text.lines().all(|l| l.split('\t').count() == 2));
        // Never: two columns whatever the records carry.
        let mut out = Vec::new();
        let mut sink = TsvSink::new(&mut out, false, QualityColumns::Never);
        sink.write(&records[1]).unwrap();
        assert_eq!(out, "一\tone\n".as_bytes());
    }

    #[test]
    fn quality_columns_read_back() {
        let mut out = Vec::new();
        let r = Record {
            src: "一\t二".into(),
            tgt: "one".into(),
            score: Some(0.25),
            flags: Some(vec![
                FlagRecord {
                    kind: "omission".into(),
                    severity: "error".into(),
                    evidence: "e".into(),
                    spans: vec![],
                },
                FlagRecord {
                    kind: "punctuation".into(),
                    severity: "warning".into(),
                    evidence: "e".into(),
                    spans: vec![],
                },
            ]),
            ..Record::default()
        };
        let mut sink = TsvSink::new(&mut out, false, QualityColumns::Always);
        sink.write(&r).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line,
            "一\\t二\tone\t0.2500\tomission:error, punctuation:warning\n"
        );
        let back = parse_line(line.trim_end(), false).unwrap();
        assert_eq!((back.src.as_str(), back.score), ("一\t二", Some(0.25)));
        assert_eq!(back.flags.unwrap()[1].kind, "punctuation");
        // Empty score and flags: a unit without them (not an error, not 0);
        // flags without a score keep their flags.
        let unscored = parse_line("a\tb\t\t", false).unwrap();
        assert_eq!((unscored.score, unscored.flags), (None, None));
        let unscored = parse_line("a\tb\t \t ", false).unwrap();
        assert_eq!((unscored.score, unscored.flags), (None, None));
        let flagged = parse_line("a\tb\t\tomission:error", false).unwrap();
        assert_eq!(flagged.score, None);
        assert_eq!(flagged.flags.unwrap()[0].severity, "error");
        assert_eq!(parse_line("a\tb\t1\t", false).unwrap().flags, Some(vec![]));
        assert!(parse_line("a\tb\tx\t", false).is_err());
        assert!(parse_line("a\tb\t5.5e51\t", false).is_err());
        assert!(parse_line("a\tb\t-0.5\t", false).is_err());
        assert!(parse_line("a\tb\tc", false).is_err());
    }
}
