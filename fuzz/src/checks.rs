//! What each fuzz target asserts about one input. Errors (`Err`) are fine:
//! bad input must be refused, not crash. A panic, or an assertion below
//! failing, is a bug.
//!
//! This file is compiled twice: by the fuzz crate (`fuzz/src/lib.rs`) and by
//! `tests/fuzz_regressions.rs` (through `#[path]`), so the regression test
//! replays saved inputs through exactly the checks the fuzzer ran. It must
//! therefore depend on nothing but `bitext`, `std`, `encoding_rs` (a
//! dependency of `bitext`, used here as the independent decoder that
//! bitext's decoding is checked against) and `serde_json` (a dependency of
//! `bitext`, which reads the stream's answers back).

use bitext::align::{Aligner, Alignment, CostModel, ParagraphMode};
use bitext::document::{Document, InputMode};
use bitext::read::{DecodedAs, TextEncoding};
use bitext::tmx::{Header, TmxReader, TmxWriter, Unit, WriteStats};
use bitext::{Error, Lang, read};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

// ------------------------------------------------------------------- TMX

/// Reads `data` as TMX. When it reads without error, writes the header and
/// units with [`TmxWriter`], reads that back, and checks:
///
/// - bitext's own output always reads back without error;
/// - unless the writer dropped XML-forbidden characters, the units read
///   back are the units given to the writer, less the variants with an
///   empty segment (and the units left with no variant), and the header
///   keeps its notes, props and udes;
/// - writing the units read back gives byte-identical output (always).
pub fn check_tmx(data: &[u8]) {
    let Ok(mut reader) = TmxReader::new(data, "fuzz.tmx") else {
        return;
    };
    let mut units = Vec::new();
    while let Some(unit) = reader.next() {
        match unit {
            Ok(u) => units.push(u),
            Err(_) => {
                assert!(reader.next().is_none(), "the reader goes on after an error");
                return;
            }
        }
    }
    let header = reader.header().clone();
    let (first, stats) = write_tmx(&header, &units);
    let (header2, units2) = match read_tmx(&first) {
        Ok(x) => x,
        Err(e) => panic!(
            "bitext's own TMX output does not read back: {e}\n--- written:\n{}",
            String::from_utf8_lossy(&first)
        ),
    };
    if stats.dropped_chars == 0 {
        let expected: Vec<Unit> = units.iter().filter_map(kept_by_writer).collect();
        assert_eq!(
            stats.skipped_variants,
            units.iter().map(|u| u.variants.len()).sum::<usize>()
                - expected.iter().map(|u| u.variants.len()).sum::<usize>(),
            "skipped-variant count"
        );
        assert_eq!(stats.units, expected.len(), "unit count");
        assert_eq!(units2, expected, "units changed in a write/read round trip");
        assert_eq!(header2.meta, header.meta, "header notes/props changed");
        for (name, value) in &header.attrs {
            assert_eq!(
                bitext::tmx::attr(&header2.attrs, name),
                Some(value.as_str()),
                "header attribute {name} changed"
            );
        }
    }
    let (second, stats2) = write_tmx(&header2, &units2);
    assert_eq!(
        stats2.dropped_chars, 0,
        "the writer wrote a forbidden character"
    );
    assert_eq!(
        stats2.skipped_variants, 0,
        "the writer wrote an empty segment"
    );
    if first != second {
        panic!(
            "writing what was read back is not byte-identical\n--- first:\n{}\n--- second:\n{}",
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second)
        );
    }
}

/// The unit as the writer should write it: variants with an empty segment
/// left out, `None` when none is left.
fn kept_by_writer(unit: &Unit) -> Option<Unit> {
    let mut u = unit.clone();
    u.variants
        .retain(|v| v.seg.has_markup() || !v.seg.plain_text().trim().is_empty());
    (!u.variants.is_empty()).then_some(u)
}

fn write_tmx(header: &Header, units: &[Unit]) -> (Vec<u8>, WriteStats) {
    let mut out = Vec::new();
    let mut w = TmxWriter::start(&mut out, header).expect("writing to memory cannot fail");
    for u in units {
        w.write_unit(u).expect("writing to memory cannot fail");
    }
    let stats = w.finish().expect("writing to memory cannot fail");
    (out, stats)
}

fn read_tmx(data: &[u8]) -> bitext::Result<(Header, Vec<Unit>)> {
    let mut r = TmxReader::new(data, "rewritten.tmx")?;
    let units = r.by_ref().collect::<bitext::Result<Vec<_>>>()?;
    Ok((r.header().clone(), units))
}

// ------------------------------------------------- decoding + segmentation

/// Decodes `data` as a text file and, when that succeeds, segments it in
/// both languages and both input modes, checking the coverage invariant of
/// `tests/properties.rs` (`check_spans`): sentences in order, non-empty,
/// trimmed, on char boundaries, with only whitespace between and around
/// them, so the text is rebuilt exactly; and each sentence lies inside the
/// line it claims, with paragraphs numbered by non-blank line.
pub fn check_decode_segment(data: &[u8]) {
    let Ok(text) = read::decode(data, Path::new("fuzz.txt")) else {
        return;
    };
    assert!(!text.contains('\0'), "decode let a NUL through");
    assert!(!text.trim().is_empty(), "decode let a blank text through");
    if !data.starts_with(b"\xEF\xBB\xBF")
        && !data.starts_with(b"\xFF\xFE")
        && !data.starts_with(b"\xFE\xFF")
        && std::str::from_utf8(data).is_ok()
    {
        assert_eq!(text.as_bytes(), data, "UTF-8 without BOM must decode as is");
    }
    for lang in [Lang::Zh, Lang::En] {
        for mode in [InputMode::Raw, InputMode::Presegmented] {
            if let Ok(doc) = Document::from_text("fuzz.txt", text.as_str(), lang, mode) {
                check_document(&doc, mode);
            }
        }
    }
}

// ------------------------------------------------ decoding + detection

/// encoding_rs's own strict decoding of `data` (no BOM handling, no
/// replacement), the reference bitext's decoding must agree with.
/// GB18030's own byte-order mark, U+FEFF, is dropped like the others.
fn reference(encoding: TextEncoding, data: &[u8]) -> Option<String> {
    let e = encoding_rs::Encoding::for_label(encoding.name().as_bytes())
        .expect("every TextEncoding name is a label");
    let mut text = e
        .decode_without_bom_handling_and_without_replacement(data)?
        .into_owned();
    if encoding == TextEncoding::GB18030 && data.starts_with(b"\x84\x31\x95\x33") {
        text.remove(0);
    }
    Some(text)
}

/// Decodes `data` with detection and from each encoding bitext reads by
/// name, and checks:
///
/// - decoding is deterministic;
/// - text decoded from an encoding (named or detected) is exactly what
///   encoding_rs decodes strictly, so no byte was replaced or dropped;
///   detection only ever picks GB18030, Big5 or Windows-1252, and only for
///   bytes that are not UTF-8; valid UTF-8 is taken as it is;
/// - an undecodable-byte error names an offset inside the input before
///   which everything decodes, and an invalid-UTF-8 error the first
///   invalid byte;
/// - every encoding an uncertain detection suggests decodes the input.
pub fn check_decode_detect(data: &[u8]) {
    let path = Path::new("fuzz.txt");
    let auto = read::decode_as(data, path, None);
    assert_eq!(
        format!("{auto:?}"),
        format!("{:?}", read::decode_as(data, path, None)),
        "decoding is not deterministic"
    );
    match &auto {
        Ok(d) => {
            assert!(!d.text.contains('\0'));
            match d.how {
                DecodedAs::Utf8 => {
                    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
                    assert_eq!(d.text.as_bytes(), body, "UTF-8 must decode as is");
                }
                DecodedAs::Detected(e) => {
                    assert!(TextEncoding::DETECTED.contains(&e), "detected {e}");
                    assert!(
                        std::str::from_utf8(data).is_err(),
                        "valid UTF-8 read as {e}"
                    );
                    assert_eq!(Some(&d.text), reference(e, data).as_ref(), "{e}");
                    assert!(d.notice(path).is_some());
                }
                DecodedAs::Utf16WithBom(e) => {
                    assert_eq!(Some(&d.text), reference(e, &data[2..]).as_ref(), "{e}");
                }
                // Named, NamedOdd, UnicodeNotNamed (and any later reading,
                // DecodedAs being non-exhaustive) need a named encoding.
                other => panic!("no encoding was named, yet {other:?}"),
            }
        }
        Err(Error::InvalidUtf8 { offset, .. }) => {
            let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            let skipped = data.len() - body.len();
            let e = std::str::from_utf8(body).expect_err("valid UTF-8 refused as invalid");
            assert_eq!(*offset, skipped + e.valid_up_to());
        }
        Err(Error::Undecodable {
            offset, encoding, ..
        }) => {
            check_undecodable(data, *offset, encoding);
        }
        Err(Error::UnsureEncoding { likely, .. }) => {
            assert!(std::str::from_utf8(data).is_err());
            for name in likely {
                let e: TextEncoding = name.parse().expect("suggested encodings parse");
                assert!(
                    !matches!(
                        read::decode_as(data, path, Some(e)),
                        Err(Error::Undecodable { .. })
                    ),
                    "suggested {name}, which does not decode the input"
                );
            }
        }
        Err(_) => {}
    }
    for e in [
        TextEncoding::GB18030,
        TextEncoding::BIG5,
        TextEncoding::WINDOWS_1252,
        TextEncoding::UTF_16LE,
        TextEncoding::UTF_8,
    ] {
        match read::decode_as(data, path, Some(e)) {
            Ok(d) => match d.how {
                // A named legacy encoding gives way to Unicode text: a
                // byte-order mark, or valid UTF-8 with non-ASCII bytes.
                DecodedAs::UnicodeNotNamed { found, named } => {
                    assert_eq!(named, e);
                    assert!(!e.is_unicode(), "{e} is Unicode: taken at its word");
                    assert!(d.notice(path).is_some());
                    let bom = encoding_rs::Encoding::for_bom(data);
                    match bom {
                        Some((b, n)) => {
                            assert_eq!(found.name(), b.name());
                            assert_eq!(Some(&d.text), reference(found, &data[n..]).as_ref());
                        }
                        None => {
                            assert_eq!(found, TextEncoding::UTF_8);
                            assert!(!data.is_ascii());
                            assert_eq!(d.text.as_bytes(), data);
                        }
                    }
                }
                // A named legacy encoding that gave private-use or U+FFFD
                // characters, where the detected one gives none: read as
                // named, with a warning naming the detected encoding.
                DecodedAs::NamedOdd {
                    named,
                    odd,
                    detected,
                } => {
                    assert_eq!(named, e);
                    assert!(!e.is_unicode() && odd > 0 && detected != e);
                    assert!(d.notice(path).is_some_and(|n| n.starts_with("warning: ")));
                    let bom = encoding_rs::Encoding::for_bom(data).map_or(0, |(_, n)| n);
                    assert_eq!(Some(&d.text), reference(e, &data[bom..]).as_ref(), "{e}");
                    let clean = read::decode_as(data, path, None).expect("the detected reading");
                    assert_eq!(clean.how, DecodedAs::Detected(detected));
                }
                how => {
                    assert_eq!(how, DecodedAs::Named(e));
                    assert!(d.notice(path).is_none());
                    let bom = encoding_rs::Encoding::for_bom(data).map_or(0, |(_, n)| n);
                    assert_eq!(Some(&d.text), reference(e, &data[bom..]).as_ref(), "{e}");
                }
            },
            Err(Error::Undecodable {
                offset, encoding, ..
            }) => {
                check_undecodable(data, offset, encoding);
            }
            Err(_) => {}
        }
    }
}

/// An undecodable-byte error: inside the input, with all before it valid.
fn check_undecodable(data: &[u8], offset: usize, encoding: &str) {
    assert!(offset < data.len(), "offset {offset} past the end");
    let e: TextEncoding = encoding.parse().expect("the name parses");
    // A byte-order mark is only ever skipped when it is the encoding's own.
    let bom = encoding_rs::Encoding::for_bom(data).map_or(0, |(_, n)| n);
    assert!(offset >= bom, "offset {offset} inside the byte-order mark");
    assert!(
        reference(e, &data[bom..offset]).is_some(),
        "the bytes before offset {offset} do not decode as {encoding} either"
    );
}

fn check_document(doc: &Document, mode: InputMode) {
    let text = doc.text();
    let spans: Vec<Range<usize>> = doc.sentences().iter().map(|s| s.span.clone()).collect();
    check_spans(text, &spans);
    assert!(!spans.is_empty(), "a non-blank text gave no sentence");
    // The same, said as the issue says it: the sentences concatenated are
    // the text without its whitespace.
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let joined: String = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
    assert_eq!(
        strip(&joined),
        strip(text),
        "sentences do not cover the text"
    );

    let lines = read::lines(text);
    let non_blank: Vec<_> = lines
        .iter()
        .filter(|l| !text[l.span.clone()].trim().is_empty())
        .collect();
    for (k, s) in doc.sentences().iter().enumerate() {
        assert!(
            s.line >= 1 && s.line <= lines.len(),
            "sentence {k} claims line {} of {}",
            s.line,
            lines.len()
        );
        let line = &lines[s.line - 1];
        assert!(
            line.span.start <= s.span.start && s.span.end <= line.span.end,
            "sentence {k} {:?} is not inside line {} {:?}",
            s.span,
            s.line,
            line.span
        );
        match mode {
            InputMode::Raw => assert_eq!(
                non_blank[s.paragraph].number, s.line,
                "sentence {k}: paragraph {} is not line {}",
                s.paragraph, s.line
            ),
            InputMode::Presegmented => assert_eq!(s.paragraph, 0),
        }
    }
    match mode {
        InputMode::Raw => {
            let mut paragraphs: Vec<usize> = doc.sentences().iter().map(|s| s.paragraph).collect();
            paragraphs.dedup();
            assert_eq!(paragraphs, (0..non_blank.len()).collect::<Vec<_>>());
            assert_eq!(doc.paragraphs(), non_blank.len());
        }
        InputMode::Presegmented => {
            // One segment per non-blank line, the line trimmed.
            let want: Vec<&str> = non_blank
                .iter()
                .map(|l| text[l.span.clone()].trim())
                .collect();
            let got: Vec<&str> = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
            assert_eq!(got, want, "presegmented lines");
        }
    }
}

/// The spans of `text` are in order, non-overlapping, trimmed and non-empty,
/// only whitespace lies around and between them, so the text is rebuilt
/// exactly (also the invariant of `tests/properties.rs`).
pub fn check_spans(text: &str, spans: &[Range<usize>]) {
    let mut pos = 0;
    for (k, span) in spans.iter().enumerate() {
        assert!(
            span.start >= pos,
            "span {k} {span:?} overlaps or precedes {pos}"
        );
        assert!(span.start < span.end, "span {k} {span:?} is empty");
        let gap = text
            .get(pos..span.start)
            .unwrap_or_else(|| panic!("span {k} {span:?} does not start on a char boundary"));
        assert!(
            gap.chars().all(char::is_whitespace),
            "non-whitespace {gap:?} left out before span {k}"
        );
        let s = text
            .get(span.clone())
            .unwrap_or_else(|| panic!("span {k} {span:?} does not end on a char boundary"));
        assert_eq!(s.trim(), s, "span {k} is not trimmed");
        pos = span.end;
    }
    let tail = &text[pos..];
    assert!(
        tail.chars().all(char::is_whitespace),
        "non-whitespace {tail:?} left out at the end"
    );
    let mut rebuilt = String::new();
    let mut pos = 0;
    for span in spans {
        rebuilt.push_str(&text[pos..span.start]);
        rebuilt.push_str(&text[span.clone()]);
        pos = span.end;
    }
    rebuilt.push_str(&text[pos..]);
    assert_eq!(rebuilt, text);
}

// -------------------------------------------------------------- alignment

/// The aligners the alignment target picks from: full model or length only,
/// paragraphs used when comparable or ignored. Built once.
fn aligners() -> &'static [Aligner; 4] {
    static ALIGNERS: OnceLock<[Aligner; 4]> = OnceLock::new();
    ALIGNERS.get_or_init(|| {
        let build = |length_only: bool, ignore: bool| {
            let mut b = Aligner::builder();
            if length_only {
                b = b.cost_model(CostModel::length_only());
            }
            if ignore {
                b = b.paragraphs(ParagraphMode::Ignore);
            }
            b.build().expect("the default configurations build")
        };
        [
            build(false, false),
            build(false, true),
            build(true, false),
            build(true, true),
        ]
    })
}

/// Input layout: one configuration byte, then the source text, a NUL byte,
/// the target text (without a NUL the rest is cut in half). Texts are
/// decoded leniently (invalid UTF-8 becomes U+FFFD) so that fuzzing reaches
/// the aligner; decoding itself is the other target's job.
///
/// Configuration bits: 0-1 languages (zh→en, en→zh, zh→zh, en→en), 2 input
/// mode (raw / presegmented), 3 cost model (full / length only), 4
/// paragraphs (auto / ignore).
///
/// When both texts segment and the aligner returns an alignment, checks the
/// invariants of `tests/properties.rs` (`check_alignment`): beads continue
/// one another, cover every sentence of both sides exactly once, are never
/// empty on both sides, have a confidence in [0, 1] and a cost that is not
/// NaN; aligning again gives the same result; `Alignment::from_beads`
/// accepts the beads.
pub fn check_align(data: &[u8]) {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let (src, tgt) = match rest.iter().position(|&b| b == 0) {
        Some(k) => (&rest[..k], &rest[k + 1..]),
        None => rest.split_at(rest.len() / 2),
    };
    let (src, tgt) = (String::from_utf8_lossy(src), String::from_utf8_lossy(tgt));
    let (sl, tl) = match config & 3 {
        0 => (Lang::Zh, Lang::En),
        1 => (Lang::En, Lang::Zh),
        2 => (Lang::Zh, Lang::Zh),
        _ => (Lang::En, Lang::En),
    };
    let mode = if config & 4 == 0 {
        InputMode::Raw
    } else {
        InputMode::Presegmented
    };
    let aligner = &aligners()[usize::from((config >> 3) & 3)];
    let Ok(s) = Document::from_text("src", src.as_ref(), sl, mode) else {
        return;
    };
    let Ok(t) = Document::from_text("tgt", tgt.as_ref(), tl, mode) else {
        return;
    };
    let Ok(a) = aligner.align(&s, &t) else {
        return;
    };
    check_alignment(&a, s.len(), t.len());
    let again = aligner.align(&s, &t).expect("aligning again fails");
    assert_eq!(a, again, "aligning twice differs");
    assert!(
        Alignment::from_beads(a.beads().to_vec(), s.len(), t.len()).is_ok(),
        "Alignment::from_beads refuses the aligner's beads"
    );
}

/// Beads are monotone and contiguous, cover every sentence of both sides
/// exactly once, are never empty on both sides, and have confidence in [0, 1]
/// (also the invariant of `tests/properties.rs`).
pub fn check_alignment(a: &Alignment, n_src: usize, n_tgt: usize) {
    let (mut i, mut j) = (0, 0);
    for (k, b) in a.beads().iter().enumerate() {
        assert_eq!(b.src.start, i, "bead {k} source does not continue");
        assert_eq!(b.tgt.start, j, "bead {k} target does not continue");
        assert!(
            b.src.start <= b.src.end && b.tgt.start <= b.tgt.end,
            "bead {k} reversed"
        );
        assert!(
            !(b.src.is_empty() && b.tgt.is_empty()),
            "bead {k} is empty on both sides"
        );
        assert!(
            (0.0..=1.0).contains(&b.confidence),
            "bead {k} confidence {} outside [0, 1]",
            b.confidence
        );
        assert!(!b.cost.is_nan(), "bead {k} cost is NaN");
        i = b.src.end;
        j = b.tgt.end;
    }
    assert_eq!((i, j), (n_src, n_tgt), "beads do not cover both documents");
}

// -------------------------------------------------- TSV and JSON Lines records

/// Raw TSV as bitext writes it (a field that would read back as another
/// text quoted as spreadsheets quote it) reads back to the same lines:
/// reading it and writing it again as raw TSV gives the very bytes, less
/// blank lines (skipped on reading) and a first line taken as a header row
/// (said in a notice). The reader never panics on it.
fn check_raw_tsv_reads_back(raw: &[u8]) {
    use bitext::convert::{self, ConvertOptions, Format, UnitStream};
    let text = String::from_utf8_lossy(raw);
    let mut lines: Vec<&str> = text
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() || text.starts_with('\u{FEFF}') {
        return;
    }
    let stream = UnitStream::new(raw, "raw", Format::RawTsv, Some("zh"), Some("en"))
        .unwrap_or_else(|e| panic!("bitext's raw TSV does not read back: {e}"));
    if !stream.notices().is_empty() {
        lines.remove(0);
    }
    let mut out = Vec::new();
    convert::write(
        stream,
        Format::RawTsv,
        &mut [&mut out],
        &ConvertOptions::default(),
    )
    .unwrap_or_else(|e| panic!("bitext's raw TSV does not convert: {e}"));
    assert_eq!(
        String::from_utf8_lossy(&out),
        lines.concat(),
        "raw TSV → raw TSV changed the records"
    );
}

/// Reads `data[1..]` as records (the first byte picks TSV, raw TSV or JSON
/// Lines, and whether the language pair is named) with
/// [`bitext::convert::UnitStream`], the reader of `convert` and `audit`.
/// When the records convert to JSON Lines without error, that output must
/// read back and convert to the very same bytes (bitext's own JSON Lines is
/// a fixed point), and to TSV with score and flags columns without error;
/// the raw TSV it converts to must read back as written (see
/// `check_raw_tsv_reads_back`); the TMX it converts to must read back.
pub fn check_records(data: &[u8]) {
    use bitext::convert::{self, ConvertOptions, Format, UnitStream};
    let Some((&config, input)) = data.split_first() else {
        return;
    };
    let format = match config % 3 {
        0 => Format::Tsv,
        1 => Format::RawTsv,
        _ => Format::Jsonl,
    };
    let (src, tgt) = if config & 4 != 0 {
        (Some("zh-CN"), Some("en-US"))
    } else {
        (None, None)
    };
    let options = ConvertOptions::default();
    let Ok(stream) = UnitStream::new(input, "fuzz", format, src, tgt) else {
        return;
    };
    let mut first = Vec::new();
    let Ok(report) = convert::write(stream, Format::Jsonl, &mut [&mut first], &options) else {
        return;
    };
    if report.written == 0 {
        return;
    }
    let again = |bytes: &[u8], to: Format| {
        let stream = UnitStream::new(bytes, "again", Format::Jsonl, None, None)
            .unwrap_or_else(|e| panic!("bitext's JSON Lines does not read back: {e}"));
        let mut out = Vec::new();
        convert::write(stream, to, &mut [&mut out], &options)
            .unwrap_or_else(|e| panic!("bitext's JSON Lines does not convert: {e}"));
        out
    };
    let second = again(&first, Format::Jsonl);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "JSON Lines → JSON Lines changed the records"
    );
    again(&first, Format::Tsv);
    check_raw_tsv_reads_back(&again(&first, Format::RawTsv));
    // Attributes, properties and notes of any record TMX can hold: the TMX
    // written from it reads back, unit for unit (a conversion may fail when
    // every text is made of characters XML forbids).
    let stream = UnitStream::new(&first[..], "again", Format::Jsonl, None, None)
        .unwrap_or_else(|e| panic!("bitext's JSON Lines does not read back: {e}"));
    let mut tmx = Vec::new();
    if convert::write(stream, Format::Tmx, &mut [&mut tmx], &options).is_err() {
        return;
    }
    let units = bitext::tmx::TmxReader::new(&tmx[..], "again.tmx")
        .unwrap_or_else(|e| panic!("bitext's TMX does not read back: {e}"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("bitext's TMX does not read back: {e}"));
    let lines = first
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    assert!(units.len() <= lines, "more TMX units than records");
    // Inline codes: every segment of the TMX with codes is the tagged form
    // (`src_tuv.seg`, `tgt_tuv.seg`) of a record, written back as read.
    let tagged: Vec<String> = first
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| serde_json::from_slice::<bitext::format::Record>(l).ok())
        .flat_map(|r| [r.src_tuv.seg, r.tgt_tuv.seg])
        .flatten()
        .collect();
    for u in &units {
        for v in u.variants.iter().filter(|v| v.seg.has_markup()) {
            let xml = v.seg.to_xml();
            let back = bitext::tmx::Segment::from_xml(&xml)
                .unwrap_or_else(|e| panic!("a segment's codes do not read back: {e}"));
            assert_eq!(back, v.seg, "codes changed through their tagged form");
            assert!(
                tagged
                    .iter()
                    .any(|t| bitext::tmx::Segment::from_xml(t).ok().as_ref() == Some(&v.seg)),
                "codes in the TMX that no record carried: {xml}"
            );
        }
    }
}

// ------------------------------------------------ HTML report highlighting

/// Highlights flagged byte spans in a text as the HTML report does. The
/// first byte gives the number of spans (0–7), then 5 bytes a span (side
/// and severity, start and end as little-endian u16); the rest is the text
/// (lossy UTF-8). Spans may be anywhere, reversed or off char boundaries.
/// The markup must be flat `<mark>` elements, and removing it and undoing
/// the escapes must give the text back (NUL as U+FFFD).
pub fn check_highlight(data: &[u8]) {
    use bitext::quality::{Flag, FlagKind, Severity, Side, Span};
    use bitext::report::html::highlight;
    let Some((&n, mut rest)) = data.split_first() else {
        return;
    };
    let mut flags = Vec::new();
    for _ in 0..(n % 8) {
        if rest.len() < 5 {
            break;
        }
        let (b, tail) = rest.split_at(5);
        rest = tail;
        flags.push(Flag {
            kind: FlagKind::ALL[usize::from(b[0] >> 2) % FlagKind::ALL.len()],
            severity: [Severity::Info, Severity::Warning, Severity::Error]
                [usize::from(b[0] & 3) % 3],
            evidence: "<\"&'>".into(),
            spans: vec![Span {
                side: if b[0] & 0x80 == 0 {
                    Side::Source
                } else {
                    Side::Target
                },
                start: usize::from(u16::from_le_bytes([b[1], b[2]])),
                end: usize::from(u16::from_le_bytes([b[3], b[4]])),
            }],
        });
    }
    let text = String::from_utf8_lossy(rest);
    for side in [Side::Source, Side::Target] {
        let html = highlight(&text, side, &flags);
        let mut plain = String::new();
        let mut depth = 0i32;
        let mut rest = html.as_str();
        while let Some(i) = rest.find('<') {
            plain.push_str(&rest[..i]);
            let close = rest[i..].find('>').expect("an unclosed tag") + i;
            let tag = &rest[i..=close];
            if tag == "</mark>" {
                depth -= 1;
            } else {
                assert!(
                    tag.starts_with("<mark class=\"sev-"),
                    "unexpected markup {tag}"
                );
                depth += 1;
            }
            assert!(
                (0..=1).contains(&depth),
                "nested or unbalanced marks: {html}"
            );
            rest = &rest[close + 1..];
        }
        plain.push_str(rest);
        assert_eq!(depth, 0, "unclosed mark: {html}");
        let unescaped = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        assert_eq!(unescaped, text.replace('\0', "\u{FFFD}"), "text changed");
    }
}

// ------------------------------------------------------------------- SRX

/// Parses the bytes before the first NUL as an SRX file; when it parses,
/// segments the bytes after the NUL (as text) with its rules for Chinese and
/// for English, and checks that the sentences cover the text (only
/// whitespace left out, in order, trimmed, on character boundaries). Also
/// translates the SRX text as a pattern (the Java-to-Rust regex
/// translation must never panic) and writes the rules as OmegaT's
/// segmentation.conf.
pub fn check_srx(data: &[u8]) {
    let (xml, text) = match data.iter().position(|&b| b == 0) {
        Some(p) => (&data[..p], &data[p + 1..]),
        None => (data, &b"Mr. Smith came. He left! \xE4\xBD\xA0\xE5\xA5\xBD\xE3\x80\x82\xE5\x86\x8D\xE8\xA7\x81"[..]),
    };
    let Ok(xml) = std::str::from_utf8(xml) else {
        return;
    };
    let _ = bitext::segment::srx::translate(xml);
    let Ok(rules) = bitext::segment::srx::SrxRules::parse(xml, Path::new("fuzz.srx")) else {
        return;
    };
    let _ = rules.to_omegat_conf();
    let text = String::from_utf8_lossy(text);
    for (lang, tag) in [(Lang::Zh, "zh-CN"), (Lang::En, "en")] {
        let seg = bitext::segment::Segmenter::with_srx(lang, rules.for_lang(tag));
        let spans: Vec<Range<usize>> = seg.segment(&text).into_iter().map(|s| s.span).collect();
        check_spans(&text, &spans);
    }
}

// ------------------------------------------------------------------- eval

/// Parses `data` (lossily decoded) as a bead list and as bitext's JSON Lines
/// predictions (`bitext eval` reads both). When they parse, checks that:
///
/// - a bead list written back in the gold format parses to the same beads;
/// - every JSON Lines confidence lies in [0, 1];
/// - scoring the parsed beads against themselves is perfect, the empty-side
///   score counts exactly the beads with an empty side, and a reliability
///   table of them has as many beads as given and an ECE in [0, 1].
pub fn check_eval(data: &[u8]) {
    use bitext::eval::{Reliability, empty_score, parse_beads, parse_scored_beads, score};
    let text = String::from_utf8_lossy(data);
    if let Ok(beads) = parse_beads(&text, "fuzz.align") {
        let side = |v: &[usize]| {
            let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            format!("[{}]", s.join(","))
        };
        let written: String = beads
            .iter()
            .map(|(a, b)| format!("{}:{}\n", side(a), side(b)))
            .collect();
        let again = parse_beads(&written, "again").expect("written beads parse");
        assert_eq!(again, beads, "bead lists round-trip");
        let s = score(&beads, &beads);
        assert_eq!(s.predicted, beads.len());
        let empty = beads
            .iter()
            .filter(|(a, b)| a.is_empty() || b.is_empty())
            .count();
        assert!(empty_score(&beads, &beads).predicted == empty);
    }
    if let Ok(scored) = parse_scored_beads(&text, "fuzz.jsonl") {
        assert!(scored.iter().all(|(_, c)| (0.0..=1.0).contains(c)));
        let gold: Vec<_> = scored.iter().map(|(b, _)| b.clone()).collect();
        let mut r = Reliability::new(10);
        r.add(&gold, &scored);
        let counted: usize = r.bins.iter().map(|b| b.count).sum();
        assert_eq!(counted, scored.len());
        assert!((0.0..=1.0).contains(&r.ece()), "ECE {}", r.ece());
    }
}

// --------------------------------------------------------------- quality

/// Checks one scored report against its pairs: one segment per pair,
/// scores and components in [0, 1], every span on char boundaries inside
/// its side, and the same report when scored again (determinism).
fn check_report(pairs: &[(String, String)], opts: &bitext::quality::QualityOptions) {
    use bitext::quality::{Side, score_pairs};
    let report = match score_pairs(pairs, opts) {
        Ok(report) => report,
        Err(e) => {
            // The library refuses only what it documents: no pair, a pair
            // with both sides blank, a segment over the cap.
            let cap = bitext::quality::MAX_PAIR_SEGMENT_BYTES;
            let refused = pairs.is_empty()
                || pairs.iter().any(|(s, t)| {
                    (s.trim().is_empty() && t.trim().is_empty()) || s.len() > cap || t.len() > cap
                });
            assert!(refused, "scoring refused pairs it must take: {e}");
            return;
        }
    };
    assert_eq!(report.segments.len(), pairs.len());
    assert!((0.0..=1.0).contains(&report.document_score));
    for (s, (src, tgt)) in report.segments.iter().zip(pairs) {
        assert!((0.0..=1.0).contains(&s.score), "score {}", s.score);
        let c = &s.components;
        for v in [
            c.coverage_src,
            c.coverage_tgt,
            c.length,
            c.anchors,
            c.script,
            c.confidence,
            c.shape,
        ] {
            assert!((0.0..=1.0).contains(&v), "component {v}");
        }
        for f in &s.flags {
            assert!(!f.evidence.is_empty());
            for sp in &f.spans {
                let text = match sp.side {
                    Side::Source => src,
                    Side::Target => tgt,
                };
                assert!(
                    sp.start <= sp.end && sp.end <= text.len(),
                    "span {sp:?} in {text:?}"
                );
                assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end));
            }
        }
    }
    assert_eq!(
        score_pairs(pairs, opts).expect("again"),
        report,
        "not deterministic"
    );
}

/// A pairs TSV (`bitext score`'s input): decoded, parsed; when it parses,
/// every line has a 1-based number in order, and the first 200 pairs are
/// scored both zh→en and en→zh with the report invariants checked.
pub fn check_quality_pairs(data: &[u8]) {
    use bitext::quality::QualityOptions;
    use bitext::quality::pairs::{parse_pairs, read_pairs};
    let Ok(text) = read::decode(data, Path::new("fuzz.tsv")) else {
        return;
    };
    // The lenient reading (`score --skip-bad-lines`) accounts for every
    // line once, in order, and agrees with the strict one.
    let read = read_pairs(&text, 64);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let body = body.strip_suffix('\n').unwrap_or(body);
    let count = if body.is_empty() {
        0
    } else {
        body.split('\n').count()
    };
    let mut numbers: Vec<usize> = read.pairs.iter().map(|p| p.line).collect();
    numbers.extend(read.bad.iter().map(|b| b.line));
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=count).collect::<Vec<_>>());
    assert!(read.bad.windows(2).all(|w| w[0].line < w[1].line));
    assert!(read.bad.iter().all(|b| !b.message.is_empty()));
    let all = read_pairs(&text, usize::MAX);
    let strict = parse_pairs("fuzz.tsv", &text);
    match (&strict, all.bad.first()) {
        (Ok(lines), None) => assert_eq!(lines, &all.pairs),
        (Err(e), Some(first)) => assert!(
            e.to_string().contains(&format!("line {}: ", first.line)),
            "{e}"
        ),
        (Err(_), None) => assert!(count == 0),
        (Ok(_), Some(first)) => panic!("strict reading took line {}", first.line),
    }
    let Ok(lines) = strict else {
        return;
    };
    // (A segment may hold a tab: `bitext align`'s four-column TSV escapes
    // tabs, and those are read back unescaped.)
    assert!(lines.windows(2).all(|w| w[0].line < w[1].line));
    let pairs: Vec<(String, String)> = lines
        .into_iter()
        .take(200)
        .map(|l| (l.src, l.tgt))
        .collect();
    check_report(&pairs, &QualityOptions::new(Lang::Zh, Lang::En));
    check_report(&pairs, &QualityOptions::new(Lang::En, Lang::Zh));
}

/// A glossary: the bytes up to the first NUL are the glossary, the rest a
/// pairs TSV. When the glossary parses, every term has both sides, and the
/// pairs are scored with it (report invariants; a `terminology` flag's span
/// quotes a term of the glossary).
pub fn check_glossary(data: &[u8]) {
    use bitext::quality::pairs::parse_pairs;
    use bitext::quality::{FlagKind, Glossary, QualityOptions, Side};
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let Ok(gtext) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Ok(glossary) = Glossary::parse("fuzz-glossary.tsv", gtext) else {
        return;
    };
    for t in glossary.terms() {
        assert!(!t.zh.trim().is_empty() && !t.en.is_empty());
        assert!(t.en.iter().all(|e| !e.trim().is_empty()));
    }
    let rest = data.get(split + 1..).unwrap_or(&[]);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(lines) = parse_pairs("fuzz.tsv", text) else {
        return;
    };
    let pairs: Vec<(String, String)> = lines.into_iter().take(50).map(|l| (l.src, l.tgt)).collect();
    // zh→en: the flags point at a Chinese term of the source; en→zh, at
    // English words whose stems are those of a rendering the glossary gives.
    let stems = bitext::quality::glossary::stem_words;
    for (src_lang, tgt_lang) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
        let opts = QualityOptions {
            src_lang,
            tgt_lang,
            glossary: Some(glossary.clone()),
        };
        check_report(&pairs, &opts);
        let report = bitext::quality::score_pairs(&pairs, &opts).expect("score");
        for (s, (src, _)) in report.segments.iter().zip(&pairs) {
            for f in s.flags.iter().filter(|f| f.kind == FlagKind::Terminology) {
                let sp = &f.spans[0];
                assert_eq!(sp.side, Side::Source);
                let quoted = &src[sp.start..sp.end];
                let term = |t: &bitext::quality::glossary::Term| match src_lang {
                    Lang::Zh => t.zh == quoted,
                    _ => t.en.iter().any(|e| stems(e) == stems(quoted)),
                };
                assert!(glossary.terms().iter().any(term), "{quoted}");
            }
        }
    }
}

// ------------------------------------------------------- batch manifests

/// Parses `data` as a `bitext batch --manifest` file (base `/base`, output
/// format TMX). Accepted: every pair's output stays inside the output
/// directory (a relative path of plain parts, no `..`), names are unique,
/// relative paths start from the base, there are no more pairs than lines.
/// Refused: the error names the manifest and a line that exists.
pub fn check_manifest(data: &[u8]) {
    use bitext::job::manifest::parse_manifest;
    use std::path::Component;
    let lines = data.split(|&b| b == b'\n').count();
    match parse_manifest(data, Path::new("fuzz.tsv"), Path::new("/base"), "tmx") {
        Ok(entries) => {
            assert!(entries.len() <= lines, "more pairs than lines");
            let mut names = std::collections::HashSet::new();
            for e in &entries {
                assert!(names.insert(e.name.clone()), "name {:?} twice", e.name);
                let out = Path::new("/out").join(e.output_name("tmx"));
                let rel = out
                    .strip_prefix("/out")
                    .unwrap_or_else(|_| panic!("{:?} leaves the output directory", e.name));
                assert!(
                    rel.components().all(|c| matches!(c, Component::Normal(_)))
                        && rel.components().count() >= 1,
                    "{:?} is not a plain relative path",
                    e.name
                );
                assert!(!e.name.is_empty() && !e.name.contains('\\'));
                for p in [&e.src, &e.tgt] {
                    assert!(p.is_absolute(), "{p:?} does not start from the base");
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            let rest = message
                .strip_prefix("fuzz.tsv: line ")
                .unwrap_or_else(|| panic!("error without a line: {message}"));
            let n: usize = rest
                .split(':')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("error without a line number: {message}"));
            assert!((1..=lines).contains(&n), "line {n} of {lines}: {message}");
        }
    }
}

// ------------------------------------------------------ JSON-lines stream

/// The stream configurations: core model, running text or presegmented.
fn stream_configs() -> &'static [bitext::job::AlignConfig; 2] {
    static CONFIGS: OnceLock<[bitext::job::AlignConfig; 2]> = OnceLock::new();
    CONFIGS.get_or_init(|| {
        [false, true].map(|presegmented| {
            bitext::job::AlignOptions {
                format: bitext::format::Format::Jsonl,
                model: bitext::job::Model::Core,
                presegmented,
                ..Default::default()
            }
            .validate()
            .expect("a valid configuration")
        })
    })
}

/// The non-whitespace characters of a text, in order.
fn ink(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Runs `bitext stream` on `data` after a configuration byte (bit 0:
/// presegmented; bit 1: a line cap of 2 KiB instead of 64 KiB). Checks:
/// the stream never fails on its input; one JSON object per input line,
/// in order; each has an `id` and either an `error` naming its line or
/// `pairs` whose texts hold every non-whitespace character of the
/// request's `src` and `tgt`, in order, exactly once.
pub fn check_stream(data: &[u8]) {
    use serde_json::Value;
    let Some((&config, input)) = data.split_first() else {
        return;
    };
    let cap = if config & 2 != 0 { 2048 } else { 64 << 10 };
    let mut out = Vec::new();
    let report = bitext::job::stream::process(
        input,
        &mut out,
        &stream_configs()[usize::from(config & 1)],
        cap,
    )
    .unwrap_or_else(|e| panic!("the stream failed: {e}"));
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if input.is_empty() || input.ends_with(b"\n") {
        lines.pop();
    }
    let out = String::from_utf8(out).expect("the output is UTF-8");
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(answers.len(), lines.len(), "one answer per line");
    assert_eq!(report.lines, lines.len());
    for (k, (answer, line)) in answers.iter().zip(&lines).enumerate() {
        let v: Value = serde_json::from_str(answer).expect("each answer is JSON");
        let obj = v.as_object().expect("each answer is an object");
        assert!(obj.contains_key("id"), "no id: {answer}");
        if let Some(error) = obj.get("error") {
            let error = error.as_str().expect("the error is a string");
            assert!(error.starts_with(&format!("line {}: ", k + 1)), "{error}");
            assert_eq!(obj.len(), 2, "{answer}");
            continue;
        }
        let request: Value = serde_json::from_slice(line).expect("an aligned line was JSON");
        assert_eq!(obj["id"], request["id"]);
        let pairs = obj["pairs"].as_array().expect("pairs");
        for side in ["src", "tgt"] {
            let given = ink(request[side].as_str().expect("a string side"));
            let written: String = pairs
                .iter()
                .map(|p| ink(p[side].as_str().expect("pair text")))
                .collect();
            assert_eq!(given, written, "{side} text lost or changed");
        }
    }
}

// ---------------------------------------------------------- user lexicons

/// Reads `data` as a user lexicon (`--lexicon FILE`: `Chinese TAB English`
/// a line) added to an empty lexicon, as `bitext align` reads one (decoded
/// as a file is: a BOM dropped, UTF-16 with a BOM read). Accepted: every
/// pair line is counted, every Chinese term of a pair line is a headword
/// with stems, and a term made only of Chinese characters is found whole
/// when it stands alone (greedy longest match can find no longer word in
/// it); words found in the file's own text lie on character boundaries, in
/// order. Refused: the error is `BadLexicon` (or a decoding error) naming
/// the file and a line that exists.
pub fn check_user_lexicon(data: &[u8]) {
    use bitext::lexicon::Lexicon;
    let path = Path::new("fuzz-lexicon.tsv");
    let Ok(decoded) = read::decode_as(data, path, None) else {
        return;
    };
    let text = decoded.text;
    let mut lex = Lexicon::default();
    match lex.add_user_tsv(&text, path) {
        Ok(added) => {
            let pairs: Vec<(&str, &str)> = read::lines(&text)
                .into_iter()
                .map(|l| &text[l.span])
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .map(|(zh, en)| (zh.trim(), en.trim()))
                .collect();
            assert_eq!(added, pairs.len(), "pairs counted");
            for (zh, _) in &pairs {
                let stems = lex
                    .stems(zh)
                    .unwrap_or_else(|| panic!("{zh:?} not a headword"));
                assert!(!stems.trim().is_empty(), "{zh:?} has no stems");
                if zh.chars().all(bitext::normalize::is_han) {
                    let words = lex.words(zh);
                    assert_eq!(
                        words.first().map(|w| w.text),
                        Some(*zh),
                        "{zh:?} not found whole"
                    );
                }
            }
        }
        Err(e) => {
            let Error::BadLexicon { line, .. } = &e else {
                panic!("unexpected error kind: {e}");
            };
            let lines = read::lines(&text).len().max(1);
            assert!((1..=lines).contains(line), "line {line} of {lines}: {e}");
            assert!(e.to_string().contains("fuzz-lexicon.tsv"), "{e}");
        }
    }
    let mut last = 0;
    for w in lex.words(&text) {
        assert!(w.start >= last, "words out of order");
        assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.start + w.text.len()));
        assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
        last = w.start + w.text.len();
    }
}
