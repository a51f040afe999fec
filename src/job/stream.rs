//! The pipeline mode (`bitext stream`): document pairs as JSON lines in,
//! one JSON line out per line in, in order, flushed line by line, so that
//! Apache Spark (`RDD.pipe`), Hadoop Streaming, GNU parallel or a Slurm
//! array runs bitext unchanged over any number of pairs.
//!
//! **Request**, one a line (UTF-8, `\n` or `\r\n`):
//! `{"id": "doc-1", "src": "source text", "tgt": "target text", "src_lang": "en", "tgt_lang": "zh"}`.
//! `id` is a string or a number, echoed as given; `src` and `tgt` are the
//! texts (running text, or one segment a line with `--presegmented`);
//! `src_lang` and `tgt_lang` are optional and replace the command's
//! `--src-lang` and `--tgt-lang` for that pair. Other fields are ignored;
//! one of these five given twice is an error (`id` then `null`).
//!
//! **Response**, one a line:
//! `{"id": "doc-1", "src_lang": "en", "tgt_lang": "zh", "src_sentences": 2, "tgt_sentences": 3, "beads": 2, "low_confidence": 0, "left_out": 0, "relatedness": 0.97, "pairs": [...]}`
//! where `pairs` holds exactly the records `bitext align --format jsonl`
//! writes for the same texts (`src_ids`, `tgt_ids`, `src`, `tgt`,
//! `src_lang`, `tgt_lang`, `confidence`, `cost`, `score`, `flags`, and
//! `tuid` when a filter is on), and `left_out` counts the beads that
//! `--min-confidence`, `--min-score`, `--drop-flagged` and `--dedupe` left
//! out (`--dedupe` compares the beads of one line's documents: a stream
//! answers each line alone).
//!
//! **Errors**: a line that cannot be aligned (not JSON, not UTF-8, a field
//! missing or of the wrong type, an empty text, a NUL character, a line
//! longer than the cap, texts in the wrong languages) gives
//! `{"id": …, "error": "line N: …"}` (`id` `null` when it could not be
//! read; a line cut short or with a byte that is not UTF-8 still gives the
//! id when its first key is `"id"`) and the stream goes on. Memory is bounded by the longest line:
//! lines are read one at a time, and a line longer than the cap is skipped
//! without being kept.
//!
//! ```
//! use bitext::job::{AlignOptions, stream};
//! let config = AlignOptions { format: bitext::format::Format::Jsonl, ..Default::default() }
//!     .validate()?;
//! let input = concat!(
//!     r#"{"id": 1, "src": "你好。", "tgt": "Hello."}"#, "\n",
//!     "not json\n",
//! );
//! let mut out = Vec::new();
//! let report = stream::process(input.as_bytes(), &mut out, &config, stream::DEFAULT_MAX_LINE_BYTES)?;
//! assert_eq!((report.lines, report.errors), (2, 1));
//! let out = String::from_utf8(out).unwrap();
//! let lines: Vec<&str> = out.lines().collect();
//! assert!(lines[0].starts_with(r#"{"id":1,"src_lang":"zh","tgt_lang":"en","#));
//! assert!(lines[1].starts_with(r#"{"id":null,"error":"line 2: not JSON"#));
//! # Ok::<(), bitext::Error>(())
//! ```

use super::{AlignConfig, AlignJob, Input};
use crate::error::{Error, Result};
use crate::format::Record;
use crate::format::record::round4;
use crate::lang::LangTag;
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::io::{BufRead, Write};

/// The default cap on the length of a request line: 64 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 << 20;

/// What a stream did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamReport {
    /// Lines read (and lines written).
    pub lines: usize,
    /// Lines answered with an error object.
    pub errors: usize,
    /// Beads left out by `--min-confidence`, over all the lines.
    pub left_out_confidence: usize,
    /// Beads left out by `--min-score`.
    pub left_out_score: usize,
    /// Beads left out by `--drop-flagged`.
    pub left_out_flagged: usize,
    /// Beads left out by `--dedupe` (a pair of texts repeated inside one
    /// line's documents).
    pub duplicates: usize,
}

/// The answer to a request that was aligned.
#[derive(Debug, Serialize)]
struct Response<'a> {
    id: &'a RawValue,
    src_lang: &'a str,
    tgt_lang: &'a str,
    src_sentences: usize,
    tgt_sentences: usize,
    beads: usize,
    low_confidence: usize,
    left_out: usize,
    relatedness: f64,
    pairs: &'a [Record],
}

/// The answer to a line that could not be aligned.
#[derive(Debug, Serialize)]
struct Failure<'a> {
    id: &'a RawValue,
    error: &'a str,
}

/// A line of the input.
enum Line {
    /// The line's bytes, without the line end.
    Bytes,
    /// A line longer than the cap (its length so far), skipped.
    TooLong(usize),
}

/// Reads one line into `buf` (cleared first), keeping at most `cap` bytes:
/// `None` at the end of the input.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<Line>> {
    buf.clear();
    let mut seen = 0usize;
    let mut too_long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            if seen == 0 {
                return Ok(None);
            }
            break;
        }
        let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        seen += take;
        if !too_long {
            if seen > cap {
                too_long = true;
                // Its start is kept, for the id (`{"id": …` comes first).
                let keep = ID_PREFIX_BYTES.min(cap);
                let room = keep.saturating_sub(buf.len());
                buf.extend_from_slice(&chunk[..take.min(room)]);
                buf.truncate(keep);
                buf.shrink_to_fit();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take + usize::from(end));
        if end {
            break;
        }
    }
    if too_long {
        return Ok(Some(Line::TooLong(seen)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Bytes))
}

/// How much of a line over the cap is kept to read its id from.
const ID_PREFIX_BYTES: usize = 1024;

/// A request's id: its JSON text exactly as the request wrote it (`1e2`
/// stays `1e2`), or `null` when it could not be read.
type Id = Box<RawValue>;

/// The id of a line whose id could not be read.
fn null_id() -> Id {
    RawValue::from_string("null".into()).expect("null is JSON")
}

/// The id of a line that is not valid JSON (cut short, or with a byte that
/// is not UTF-8), so that its error can still be traced to its document:
/// an object whose first key is `"id"` with a string or number value that
/// reads whole and holds no replacement character; else `null`.
fn salvage_id(text: &str) -> Id {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let rest = text
        .strip_prefix('{')
        .map(str::trim_start)
        .and_then(|t| t.strip_prefix("\"id\""))
        .map(str::trim_start)
        .and_then(|t| t.strip_prefix(':'));
    let Some(rest) = rest else {
        return null_id();
    };
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<&RawValue>();
    // The value must be followed by `,` or `}`: `{"id": 12` cut short may
    // be the start of 123.
    let value = values.next();
    let whole = rest
        .get(values.byte_offset()..)
        .is_some_and(|r| r.trim_start().starts_with([',', '}']));
    match value {
        Some(Ok(raw))
            if whole
                && !raw.get().contains('\u{fffd}')
                && matches!(
                    serde_json::from_str::<Value>(raw.get()),
                    Ok(Value::String(_) | Value::Number(_))
                ) =>
        {
            raw.to_owned()
        }
        _ => null_id(),
    }
}

/// Just the id of a request, as written.
#[derive(serde::Deserialize)]
struct IdText<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
}

/// The keys of a request that bitext reads.
const REQUEST_KEYS: [&str; 5] = ["id", "src", "tgt", "src_lang", "tgt_lang"];

/// The first of [`REQUEST_KEYS`] that the object `text` gives twice (keys
/// compared once their escapes are read: `"\u0074gt"` is `"tgt"`); other
/// keys may repeat, being ignored.
fn repeated_key(text: &str) -> Option<&'static str> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

    struct Repeated(Option<&'static str>);
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Repeated;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Repeated, A::Error> {
            let mut seen = [false; REQUEST_KEYS.len()];
            let mut repeated = None;
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                if let Some(k) = REQUEST_KEYS.iter().position(|r| *r == key) {
                    if seen[k] && repeated.is_none() {
                        repeated = Some(REQUEST_KEYS[k]);
                    }
                    seen[k] = true;
                }
            }
            Ok(Repeated(repeated))
        }
    }
    impl<'de> serde::Deserialize<'de> for Repeated {
        fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            d.deserialize_map(Keys)
        }
    }
    serde_json::from_str::<Repeated>(text)
        .ok()
        .and_then(|r| r.0)
}

/// A request, read from a line; on failure, the id if it could be read
/// and the message.
fn parse_request(
    line: &[u8],
    n: usize,
    config: &AlignConfig,
) -> std::result::Result<(Id, AlignJob), (Id, String)> {
    let text = std::str::from_utf8(line).map_err(|e| {
        (
            salvage_id(&String::from_utf8_lossy(line)),
            format!(
                "invalid UTF-8 at byte offset {} of the line",
                e.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err((
            null_id(),
            "empty line; expected a JSON object {\"id\": …, \"src\": …, \"tgt\": …}".into(),
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| (salvage_id(text), format!("not JSON ({e})")))?;
    let Value::Object(mut object) = value else {
        return Err((
            null_id(),
            "not a JSON object; expected {\"id\": …, \"src\": …, \"tgt\": …}".into(),
        ));
    };
    // A key read twice: which value is meant cannot be told (a JSON
    // reader takes the last, another the first). "id" twice: no id.
    let repeated = repeated_key(text)
        .map(|key| format!("\"{key}\" is given twice; each key of a request comes once"));
    if let Some(e) = &repeated
        && e.starts_with("\"id\"")
    {
        return Err((null_id(), e.clone()));
    }
    let id = match object.remove("id") {
        None => return Err((null_id(), "no \"id\"".into())),
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        Some(_) => return Err((null_id(), "\"id\" must be a string or a number".into())),
    };
    // The id's own text when it can be had (else re-written).
    let id: Id = match serde_json::from_str::<IdText<'_>>(text) {
        Ok(IdText { id: Some(raw) }) => raw.to_owned(),
        _ => serde_json::value::to_raw_value(&id).map_err(|e| (null_id(), e.to_string()))?,
    };
    if let Some(e) = repeated {
        return Err((id, e));
    }
    let mut text_field = |name: &str| match object.remove(name) {
        None => Err(format!("no \"{name}\"")),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(format!("\"{name}\" is empty; there is no text to align"))
        }
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("\"{name}\" must be a string")),
    };
    let src = text_field("src");
    let tgt = text_field("tgt");
    let (src, tgt) = match (src, tgt) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(e), _) | (_, Err(e)) => return Err((id, e)),
    };
    let mut lang = |name: &str| -> std::result::Result<Option<LangTag>, String> {
        match object.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => s
                .parse::<LangTag>()
                .map(Some)
                .map_err(|e| format!("\"{name}\": {e}")),
            Some(_) => Err(format!("\"{name}\" must be a string")),
        }
    };
    let langs = match (lang("src_lang"), lang("tgt_lang")) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(e), _) | (_, Err(e)) => return Err((id, e)),
    };
    let name = |side: &str| format!("line {n}: {side}");
    let mut job = AlignJob::new(Input::text(name("src"), src), Input::text(name("tgt"), tgt));
    // A side whose language the request does not give keeps the command's.
    if langs.0.is_some() || langs.1.is_some() {
        job.langs = Some((
            langs.0.unwrap_or_else(|| config.src_lang.clone()),
            langs.1.unwrap_or_else(|| config.tgt_lang.clone()),
        ));
    }
    Ok((id, job))
}

/// Aligns every request of `input` and writes one response line per input
/// line to `out`, flushing after each. Only reading the input or writing
/// the output can fail; every other problem is an error object.
pub fn process(
    input: impl BufRead,
    out: impl Write,
    config: &AlignConfig,
    max_line_bytes: usize,
) -> Result<StreamReport> {
    process_from(input, out, config, max_line_bytes, 1)
}

/// [`process`], the input's first line numbered `first_line` in error
/// objects: a part of a larger input (`split`, GNU parallel's blocks) names
/// its lines as the whole input numbers them.
pub fn process_from(
    mut input: impl BufRead,
    mut out: impl Write,
    config: &AlignConfig,
    max_line_bytes: usize,
    first_line: usize,
) -> Result<StreamReport> {
    let stdin_err = |e| Error::io("<stdin>", e);
    let out_err = |e: std::io::Error| Error::io("<stdout>", e);
    let mut report = StreamReport::default();
    let mut buf = Vec::new();
    while let Some(line) = read_line(&mut input, &mut buf, max_line_bytes).map_err(stdin_err)? {
        report.lines += 1;
        let n = report.lines.saturating_add(first_line.saturating_sub(1));
        // A UTF-8 byte-order mark (Windows editors write one) is no part of
        // the first request: the input's first line, not a block's that
        // `first_line` places further on (there it is a malformed request,
        // as one stream over the whole input finds it).
        if n == 1 && matches!(line, Line::Bytes) && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        let answer = match line {
            Line::TooLong(len) => Err((
                salvage_id(&String::from_utf8_lossy(&buf)),
                format!(
                    "the line is {len} bytes long, longer than {max_line_bytes}; \
                     raise --max-line-bytes or send shorter documents"
                ),
            )),
            Line::Bytes => {
                parse_request(&buf, n, config).and_then(|(id, job)| answer(config, &id, job, n))
            }
        };
        let written = match answer {
            Ok((json, [confidence, score, flagged, duplicates])) => {
                report.left_out_confidence += confidence;
                report.left_out_score += score;
                report.left_out_flagged += flagged;
                report.duplicates += duplicates;
                json
            }
            Err((id, message)) => {
                report.errors += 1;
                let message = format!("line {n}: {message}");
                serde_json::to_string(&Failure {
                    id: &id,
                    error: &message,
                })
                .map_err(|e| Error::Internal(e.to_string()))?
            }
        };
        out.write_all(written.as_bytes()).map_err(out_err)?;
        out.write_all(b"\n").map_err(out_err)?;
        out.flush().map_err(out_err)?;
    }
    Ok(report)
}

/// Aligns one request: the response line and the beads each filter left
/// out (confidence, score, flags, duplicates), or the id and the error.
fn answer(
    config: &AlignConfig,
    id: &Id,
    job: AlignJob,
    n: usize,
) -> std::result::Result<(String, [usize; 4]), (Id, String)> {
    let aligned = super::align(config, &job).map_err(|e| {
        // The documents are named `line N: src` and `line N: tgt`; the
        // answer says the line once ("line 3: src and tgt both look
        // Chinese"), so the names lose it here. Only those names: a quoted
        // text keeps its words.
        let mut message = e.to_string();
        for side in ["src", "tgt"] {
            message = message.replace(&format!("line {n}: {side}"), side);
        }
        (id.clone(), message)
    })?;
    let report = aligned.report();
    let response = Response {
        id,
        src_lang: report.src_lang.as_str(),
        tgt_lang: report.tgt_lang.as_str(),
        src_sentences: report.src_sentences,
        tgt_sentences: report.tgt_sentences,
        beads: report.beads,
        low_confidence: report.low_confidence,
        left_out: report.left_out_confidence
            + report.left_out_score
            + report.left_out_flagged
            + report.duplicates,
        relatedness: round4(report.relatedness),
        pairs: aligned.records(),
    };
    let left_out = [
        report.left_out_confidence,
        report.left_out_score,
        report.left_out_flagged,
        report.duplicates,
    ];
    serde_json::to_string(&response)
        .map(|json| (json, left_out))
        .map_err(|e| (id.clone(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{AlignOptions, Model};

    fn lines(input: &[u8], cap: usize) -> Vec<std::result::Result<Vec<u8>, usize>> {
        // A small buffer, so that lines span several reads.
        let mut reader = std::io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(line) = read_line(&mut reader, &mut buf, cap).unwrap() {
            out.push(match line {
                Line::Bytes => Ok(buf.clone()),
                Line::TooLong(n) => Err(n),
            });
            assert!(buf.len() <= cap, "a line over the cap was kept");
        }
        out
    }

    #[test]
    fn lines_are_read_one_at_a_time_within_the_cap() {
        assert_eq!(
            lines(b"ab\r\n\ncd", 10),
            [Ok(b"ab".to_vec()), Ok(vec![]), Ok(b"cd".to_vec())]
        );
        assert_eq!(lines(b"", 10), []);
        assert_eq!(lines(b"\n", 10), [Ok(vec![])]);
        assert_eq!(
            lines(b"0123456789abc\nok\n", 10),
            [Err(13), Ok(b"ok".to_vec())]
        );
        assert_eq!(lines(b"0123456789", 10), [Ok(b"0123456789".to_vec())]);
    }

    #[test]
    fn a_broken_line_still_names_its_id() {
        // Bug: a line cut short, or with a byte that is not UTF-8, came back
        // with `"id": null`, so a Spark job could not trace its error.
        let mut input = br#"{"id": "doc-7", "src": "caf"#.to_vec();
        input.extend(b"\xE9\", \"tgt\": \"x\"}\n");
        input.extend(r#"{ "id" : 42, "src": "你好。", "tgt": "Hel"#.as_bytes());
        input.extend(b"\n");
        input.extend(r#"{"src": "你好。", "id": "late", "tgt": "Hel"#.as_bytes());
        input.extend(b"\n");
        input.extend(b"{\"id\": \"d\xE9\", \"src\": 1}\n");
        input.extend(b"{\"id\": 12");
        let ids: Vec<Value> = run_bytes(&input)
            .1
            .iter()
            .map(|v| v["id"].clone())
            .collect();
        // The id read when it is the first key and whole; never a guess.
        assert_eq!(
            ids,
            [
                Value::from("doc-7"),
                42.into(),
                Value::Null,
                Value::Null,
                Value::Null
            ]
        );
    }

    fn run(input: &str) -> (StreamReport, Vec<Value>) {
        run_bytes(input.as_bytes())
    }

    fn run_bytes(input: &[u8]) -> (StreamReport, Vec<Value>) {
        let config = AlignOptions {
            format: crate::format::Format::Jsonl,
            model: Model::Core,
            ..AlignOptions::default()
        }
        .validate()
        .unwrap();
        let mut out = Vec::new();
        let report = process(input, &mut out, &config, 1000).unwrap();
        let values = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (report, values)
    }

    #[test]
    fn every_line_gets_one_answer_in_order() {
        let long = format!(
            "{{\"id\": 9, \"src\": \"{}\", \"tgt\": \"b\"}}",
            "长".repeat(400)
        );
        let input = [
            r#"{"id": "a", "src": "王毅主持会议。15国外长出席。", "tgt": "Wang Yi chaired. Ministers of 15 countries attended."}"#,
            r#"{"id": 2, "src": "", "tgt": "x"}"#,
            r#"{"id": 3, "src": "你好。", "tgt": null}"#,
            r#"{"id": true, "src": "你好。", "tgt": "Hi."}"#,
            r#"[1, 2]"#,
            r#"{"id": 7, "src": "你好。", "tgt": "Hello.", "src_lang": "en", "tgt_lang": "en"}"#,
            &long,
            r#"{"id": 8, "src": "你好。", "tgt": "Hello.", "tgt_lang": "en-GB", "extra": 1}"#,
        ]
        .join("\n");
        let (report, out) = run(&input);
        assert_eq!((report.lines, report.errors), (8, 6));
        assert_eq!(out.len(), 8);
        assert_eq!(out[0]["id"], "a");
        assert_eq!(out[0]["pairs"].as_array().unwrap().len(), 2);
        assert_eq!(
            out[0]["pairs"][1]["tgt"],
            "Ministers of 15 countries attended."
        );
        let errors: Vec<(&Value, &str)> = out[1..7]
            .iter()
            .map(|v| (&v["id"], v["error"].as_str().unwrap()))
            .collect();
        let expected: [(Value, &str); 6] = [
            (2.into(), "line 2: \"src\" is empty"),
            (3.into(), "line 3: \"tgt\" must be a string"),
            (Value::Null, "line 4: \"id\" must be a string or a number"),
            (Value::Null, "line 5: not a JSON object"),
            (
                7.into(),
                "line 6: the source language en and the target language en",
            ),
            (
                9.into(),
                "line 7: the line is 1232 bytes long, longer than 1000",
            ),
        ];
        for ((id, error), (want_id, want)) in errors.iter().zip(&expected) {
            assert_eq!(*id, want_id);
            assert!(error.starts_with(want), "{error}");
        }
        // The language given for one side replaces the command's for it only.
        assert_eq!(out[7]["src_lang"], "zh");
        assert_eq!(out[7]["tgt_lang"], "en-GB");
    }
}
