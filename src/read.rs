//! Reading input: decoding bytes to text and splitting text into lines.
//!
//! This is the first stage of the pipeline. It accepts UTF-8 (with or without
//! a byte-order mark) and UTF-16 with a byte-order mark; bytes that are not
//! UTF-8 are read as GB18030 (and so GBK and GB2312), Big5 (with HKSCS) or
//! Windows-1252, named by the caller ([`TextEncoding`]) or detected
//! ([`decode_as`]), and the caller is told which ([`Decoded::notice`]).
//! Nothing is ever replaced: bytes that do not decode are an error that names
//! the file, the byte offset and the line. Line ends may be `\n`, `\r\n` or
//! `\r`. The decoded text is kept exactly as it was: later stages refer to
//! it by byte spans.

use crate::error::{Error, Result};
use std::ops::Range;
use std::path::Path;

/// Decodes the bytes of a text file, detecting the encoding when they are
/// not UTF-8 (see [`decode_as`]); the text only.
///
/// ```
/// use std::path::Path;
/// let text = bitext::read::decode(b"\xEF\xBB\xBFhello\r\n", Path::new("a.txt")).unwrap();
/// assert_eq!(text, "hello\r\n");
/// // UTF-8 with one byte of another encoding is an error, not a guess.
/// let mixed = ["中文，中文。\n".as_bytes(), b"caf\xE9\n"].concat();
/// let err = bitext::read::decode(&mixed, Path::new("a.txt")).unwrap_err();
/// assert!(err.to_string().contains("invalid UTF-8 at byte offset 22 (line 2)"));
/// ```
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    decode_as(bytes, path, None).map(|d| d.text)
}

/// Decodes the bytes of a text file.
///
/// With `encoding` given, the bytes are decoded from it (a byte-order mark
/// of that encoding is dropped; one of another is an error). Otherwise: a
/// UTF-8 byte-order mark is dropped; UTF-16 (LE or BE) with a byte-order
/// mark is decoded; valid UTF-8 is taken as it is. Bytes that are not valid
/// UTF-8 are refused as UTF-8 with a bad byte when most of their non-ASCII
/// text is valid UTF-8 (a line of another encoding pasted into a UTF-8
/// file), and as UTF-16 without a byte-order mark when they look like it;
/// otherwise their encoding is detected among GB18030, Big5 and
/// Windows-1252 ([`TextEncoding::DETECTED`]) and the result says so
/// ([`DecodedAs::Detected`]). When detection is not sure, the error names
/// the likely encodings.
///
/// Nothing is ever replaced: a byte that does not decode is an error naming
/// its byte offset and line. NUL characters and inputs without any
/// non-whitespace character are errors.
///
/// ```
/// use std::path::Path;
/// use bitext::read::{decode_as, DecodedAs, TextEncoding};
/// let gbk = b"\xd6\xd0\xce\xc4\xa1\xa3"; // 中文。 in GB18030
/// let d = decode_as(gbk, Path::new("zh.txt"), Some(TextEncoding::GB18030)).unwrap();
/// assert_eq!(d.text, "中文。");
/// assert_eq!(d.how, DecodedAs::Named(TextEncoding::GB18030));
/// // A byte that is not GB18030 names its offset.
/// let err = decode_as(b"\xd6\xd0\xff", Path::new("zh.txt"), Some(TextEncoding::GB18030));
/// assert!(err.unwrap_err().to_string().contains("byte offset 2"));
/// ```
pub fn decode_as(bytes: &[u8], path: &Path, encoding: Option<TextEncoding>) -> Result<Decoded> {
    let (mut text, how, skipped) = match encoding {
        Some(e) if !e.is_unicode() && is_unicode_text(bytes, e) => {
            // A named legacy encoding is for the files that are not
            // Unicode: a file with a UTF-8 or UTF-16 byte-order mark, or
            // valid UTF-8 with non-ASCII text, would only be garbled by it
            // (a folder of mixed files read with one `--encoding`).
            let (text, found, skipped) = decode_auto(bytes, path)?;
            (
                text,
                DecodedAs::UnicodeNotNamed {
                    found: found.encoding(),
                    named: e,
                },
                skipped,
            )
        }
        Some(e) => {
            let (text, skipped) = decode_named(bytes, path, e)?;
            let how = match odd_characters(&text) {
                odd if odd > 0 && !e.is_unicode() => match decode_auto(bytes, path) {
                    // The named legacy encoding gave private-use or
                    // replacement characters, and the one detection
                    // would choose gives none: likely the wrong one.
                    // The text is kept as named (the caller may know
                    // better: GB18030 and Big5 have user-defined
                    // characters); the caller is warned.
                    Ok((clean, DecodedAs::Detected(detected), _))
                        if detected != e && odd_characters(&clean) == 0 =>
                    {
                        DecodedAs::NamedOdd {
                            named: e,
                            odd,
                            detected,
                        }
                    }
                    _ => DecodedAs::Named(e),
                },
                _ => DecodedAs::Named(e),
            };
            (text, how, skipped)
        }
        None => decode_auto(bytes, path)?,
    };
    // GB18030 has a byte-order mark of its own (0x84 0x31 0x95 0x33), which
    // decodes to U+FEFF: dropped like the others.
    if how.encoding() == TextEncoding::GB18030 && bytes.starts_with(b"\x84\x31\x95\x33") {
        text.remove(0);
    }
    if let Some(at) = text.find('\0') {
        // The offset in the file: in UTF-16, two bytes per code unit
        // after the byte-order mark; in the other encodings bitext reads,
        // a NUL is the single byte 0x00, which no multi-byte sequence
        // contains.
        let encoding = how.encoding();
        let offset = if encoding == TextEncoding::UTF_16LE || encoding == TextEncoding::UTF_16BE {
            skipped + 2 * text[..at].encode_utf16().count()
        } else if encoding == TextEncoding::UTF_8 {
            skipped + at
        } else {
            bytes.iter().position(|&b| b == 0).unwrap_or(at)
        };
        return Err(Error::NulByte {
            path: path.to_path_buf(),
            offset,
            line: line_of(&text, at),
            utf16: match how {
                DecodedAs::Utf8 => ascii_in_utf16(bytes),
                _ => None,
            },
        });
    }
    if text.trim().is_empty() {
        return Err(Error::EmptyInput {
            path: path.to_path_buf(),
        });
    }
    Ok(Decoded { text, how })
}

/// The characters of `text` that a wrong legacy encoding makes: private-use
/// code points (GB18030 reads most Big5 punctuation as such, and Big5 some
/// GB18030) and U+FFFD.
fn odd_characters(text: &str) -> usize {
    text.chars()
        .filter(|&c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) || c >= '\u{F0000}')
        .count()
}

/// Whether the bytes are Unicode text for sure, though `named` (a legacy
/// encoding) was named: a UTF-8 or UTF-16 byte-order mark, or valid UTF-8
/// holding non-ASCII characters (pure ASCII reads the same in every
/// encoding bitext names). Text in an 8-bit encoding is almost never valid
/// UTF-8; a few characters of GB18030 or Big5 may be (学位 is the bytes of
/// "ѧλ"), but they decode to two-byte characters only, so under a named
/// multi-byte encoding valid UTF-8 counts as Unicode only when it holds a
/// character of three bytes or more (Chinese, the curly quotes).
fn is_unicode_text(bytes: &[u8], named: TextEncoding) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return true;
    }
    if bytes.is_ascii() {
        return false;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    named.0.is_single_byte() || text.chars().any(|c| c.len_utf8() >= 3)
}

/// Decodes from a named encoding; returns the text and the length of the
/// byte-order mark skipped.
fn decode_named(bytes: &[u8], path: &Path, encoding: TextEncoding) -> Result<(String, usize)> {
    let (bom, skipped) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, n)) => (Some(TextEncoding(e)), n),
        None => (None, 0),
    };
    match bom {
        Some(b) if b == encoding => {}
        Some(b) => {
            return Err(Error::EncodingConflict {
                path: path.to_path_buf(),
                named: encoding.name(),
                bom: b.name(),
            });
        }
        None => {}
    }
    match encoding.decode_all(&bytes[skipped..]) {
        Ok(text) => Ok((text, skipped)),
        Err((at, prefix)) => Err(Error::Undecodable {
            path: path.to_path_buf(),
            encoding: encoding.name(),
            detected: false,
            offset: skipped + at,
            line: line_of(&prefix, prefix.len()),
        }),
    }
}

/// Decoding without a named encoding; returns the text, how it was decoded
/// and the length of the byte-order mark skipped.
fn decode_auto(bytes: &[u8], path: &Path) -> Result<(String, DecodedAs, usize)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok((utf8(rest, path, 3)?, DecodedAs::Utf8, 3));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = utf16(rest, path, u16::from_le_bytes)?;
        return Ok((text, DecodedAs::Utf16WithBom(TextEncoding::UTF_16LE), 2));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = utf16(rest, path, u16::from_be_bytes)?;
        return Ok((text, DecodedAs::Utf16WithBom(TextEncoding::UTF_16BE), 2));
    }
    let err = match utf8(bytes, path, 0) {
        // Valid UTF-8 with a NUL is likely UTF-16 without its BOM.
        Ok(text) if !text.contains('\0') || !looks_like_bomless_utf16(bytes) => {
            return Ok((text, DecodedAs::Utf8, 0));
        }
        Ok(_) => None,
        Err(e) => Some(e),
    };
    if looks_like_bomless_utf16(bytes) {
        return Err(Error::Utf16WithoutBom {
            path: path.to_path_buf(),
        });
    }
    let Some(err) = err else {
        unreachable!("valid UTF-8 that does not look like UTF-16 returned above")
    };
    // Neither UTF-8 nor UTF-16, with a NUL: no legacy text encoding bitext
    // reads writes the byte 0x00 in text, so this is a binary file (a
    // program, a .docx), not text in an encoding to name.
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::NulByte {
            path: path.to_path_buf(),
            offset: at,
            line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
            utf16: None,
        });
    }
    if mostly_utf8(bytes) {
        return Err(err);
    }
    let (offset, line) = match &err {
        Error::InvalidUtf8 { offset, line, .. } => (*offset, *line),
        _ => (0, 1),
    };
    match detect(bytes) {
        Detection::Sure(encoding) => match encoding.decode_all(bytes) {
            Ok(text) => Ok((text, DecodedAs::Detected(encoding), 0)),
            Err((at, prefix)) => Err(Error::Undecodable {
                path: path.to_path_buf(),
                encoding: encoding.name(),
                detected: true,
                offset: at,
                line: line_of(&prefix, prefix.len()),
            }),
        },
        Detection::Unsure(likely) => Err(Error::UnsureEncoding {
            path: path.to_path_buf(),
            offset,
            line,
            likely: likely.iter().map(|e| e.name()).collect(),
        }),
    }
}

/// True when bytes that are not valid UTF-8 hold at least as many valid
/// non-ASCII UTF-8 characters as invalid sequences: a UTF-8 file with some
/// bytes of another encoding in it, to be reported as invalid UTF-8 rather
/// than read as a legacy encoding. (Text in GB18030 or Big5 forms a valid
/// UTF-8 sequence by chance for a small share of its characters; text in
/// Windows-1252 almost never.)
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid >= invalid
}

/// True when the bytes look like Chinese in a double-byte encoding: at
/// least 8 bytes above 0x7F, most of them next to another one (a GB18030 or
/// Big5 character is a pair of them, or a lead byte beside the previous
/// character's). In Western text in Windows-1252, bytes above 0x7F are
/// mostly single accented letters or punctuation between ASCII letters.
fn looks_like_cjk_bytes(bytes: &[u8]) -> bool {
    let (mut high, mut paired) = (0usize, 0usize);
    for (k, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            high += 1;
            let before = k > 0 && bytes[k - 1] >= 0x80;
            let after = bytes.get(k + 1).is_some_and(|&n| n >= 0x80);
            if before || after {
                paired += 1;
            }
        }
    }
    high >= 8 && paired * 4 >= high * 3
}

/// The outcome of encoding detection.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Detection {
    /// One encoding, with confidence.
    Sure(TextEncoding),
    /// No confident choice: the likely encodings, most likely first
    /// (possibly none).
    Unsure(Vec<TextEncoding>),
}

/// Non-ASCII characters a text must hold for a guess to be trusted when
/// another of [`TextEncoding::DETECTED`] also decodes it.
const MIN_EVIDENCE: usize = 16;

/// Detects the encoding of bytes that are not UTF-8 with chardetng, the
/// detector of Firefox, which scores each candidate encoding by how
/// plausible the text it decodes to is. Its guess is taken when it is one
/// of [`TextEncoding::DETECTED`] and either no other of them decodes the
/// bytes at all, or the text holds at least [`MIN_EVIDENCE`] non-ASCII
/// characters (fewer are too little for the scores to tell GB18030 from
/// Big5, or either from Windows-1252). A guess that does not decode the
/// whole input is still "sure": the caller reports the byte that fails.
fn detect(bytes: &[u8]) -> Detection {
    // Enough text to tell; decoding checks the rest.
    const SAMPLE: usize = 64 << 10;
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    let guess = match detector.guess(None, chardetng::Utf8Detection::Deny) {
        g if g == encoding_rs::GBK => TextEncoding::GB18030,
        g => TextEncoding(g),
    };
    let decoded = |e: TextEncoding| e.decode_all(bytes).ok();
    if looks_like_cjk_bytes(bytes) && guess != TextEncoding::GB18030 && guess != TextEncoding::BIG5
    {
        // Chinese bytes with a flaw that disqualified both Chinese
        // candidates: the single-byte reading chardetng falls back to
        // would be mojibake. Take the Chinese encoding that decodes
        // furthest, so that the byte that fails is the one reported.
        let reach = |e: TextEncoding| {
            e.decode_all(bytes)
                .map_or_else(|(at, _)| at, |_| usize::MAX)
        };
        let (gb, big5) = (reach(TextEncoding::GB18030), reach(TextEncoding::BIG5));
        return match (gb, big5) {
            (usize::MAX, usize::MAX) => {
                Detection::Unsure(vec![TextEncoding::GB18030, TextEncoding::BIG5])
            }
            _ if big5 > gb => Detection::Sure(TextEncoding::BIG5),
            _ if gb > big5 => Detection::Sure(TextEncoding::GB18030),
            // Both fail at the same byte: ask the detector again without it.
            _ => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(&sample[..gb.min(sample.len())], false);
                detector.feed(&sample[(gb + 1).min(sample.len())..], true);
                if detector.guess(None, chardetng::Utf8Detection::Deny) == encoding_rs::BIG5 {
                    Detection::Sure(TextEncoding::BIG5)
                } else {
                    Detection::Sure(TextEncoding::GB18030)
                }
            }
        };
    }
    let supported = TextEncoding::DETECTED.contains(&guess);
    let guessed = if supported { decoded(guess) } else { None };
    if supported {
        match &guessed {
            // Sure of it; the caller names the byte that does not decode.
            None => return Detection::Sure(guess),
            Some(t) if t.chars().filter(|c| !c.is_ascii()).count() >= MIN_EVIDENCE => {
                return Detection::Sure(guess);
            }
            Some(_) => {}
        }
    }
    let others: Vec<TextEncoding> = TextEncoding::DETECTED
        .into_iter()
        .filter(|&e| e != guess && decoded(e).is_some())
        .collect();
    if supported && others.is_empty() {
        return Detection::Sure(guess);
    }
    // Only encodings detection would choose are suggested.
    let mut likely = others;
    if guessed.is_some() {
        likely.insert(0, guess);
    }
    Detection::Unsure(likely)
}

/// True when bytes that are not UTF-8 text (or hold NULs) look like UTF-16
/// saved without its byte-order mark: either one byte of most code units is
/// zero, always on the same side (text with ASCII in it), or, for at least
/// 32 bytes, they decode cleanly into mostly Han characters and CJK
/// punctuation. Fewer than 16 bytes say too little: a file of a few
/// characters with a NUL (`ab\0\n`) is reported for its NUL.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || !bytes.len().is_multiple_of(2) {
        return false;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let units = head.len() / 2;
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if (even == 0 && odd * 4 >= units) || (odd == 0 && even * 4 >= units) {
        return true;
    }
    // Share of Han and CJK punctuation in one byte order (None when the
    // bytes are not valid UTF-16 in it).
    let cjk_share = |unit: fn([u8; 2]) -> u16| {
        let (mut cjk, mut all) = (0usize, 0usize);
        for c in char::decode_utf16(head.chunks_exact(2).map(|c| unit([c[0], c[1]]))) {
            all += 1;
            match c {
                Ok(c)
                    if crate::normalize::is_han(c)
                        || ('\u{3000}'..='\u{303F}').contains(&c)
                        || ('\u{FF00}'..='\u{FFEF}').contains(&c) =>
                {
                    cjk += 1
                }
                Ok(_) => {}
                // A pair cut by the 4 KB window is not evidence either way.
                Err(_) if all == units => {}
                Err(_) => return None,
            }
        }
        Some(cjk as f64 / all.max(1) as f64)
    };
    // Chinese in one byte order is noise in the other; ASCII letters read
    // as UTF-16 look Han both ways, so that is no evidence.
    let (le, be) = (cjk_share(u16::from_le_bytes), cjk_share(u16::from_be_bytes));
    head.len() >= 32
        && matches!((le, be), (Some(a), b) | (b, Some(a)) if a >= 0.6 && b.is_none_or(|b| b < 0.2))
}

/// For bytes too few for [`looks_like_bomless_utf16`] (under 16): the
/// encoding they may be when their length is even and every zero byte
/// sits on the same side of its code unit (ASCII or a line end saved as
/// UTF-16 without a byte-order mark: `h\0i\0`, `你好\n` as `60 4F 7D 59 0A
/// 00`): `utf-16le` when the zeros come second.
fn ascii_in_utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.is_empty() || bytes.len() >= 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros = |side: usize| bytes.chunks_exact(2).filter(|u| u[side] == 0).count();
    match (zeros(0), zeros(1)) {
        (0, n) if n > 0 => Some("utf-16le"),
        (n, 0) if n > 0 => Some("utf-16be"),
        _ => None,
    }
}

/// How a path is named in messages: `-` is `<stdin>`.
pub fn display_path(path: &Path) -> &Path {
    if path == Path::new("-") {
        Path::new("<stdin>")
    } else {
        path
    }
}

/// Reads and decodes a file; `-` reads standard input.
pub fn read_file(path: &Path) -> Result<String> {
    Ok(read_file_as(path, None)?.text)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    Ok(if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| Error::io("<stdin>", e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    })
}

/// Reads and decodes a file (`-` reads standard input) from `encoding`, or
/// detecting it when `None` (see [`decode_as`]).
pub fn read_file_as(path: &Path, encoding: Option<TextEncoding>) -> Result<Decoded> {
    let bytes = read_bytes(path)?;
    decode_as(&bytes, display_path(path), encoding)
}

fn utf8(bytes: &[u8], path: &Path, skipped: usize) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            // The prefix up to the error is valid UTF-8.
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line = line_of(valid, offset);
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                offset: offset + skipped,
                line,
            })
        }
    }
}

fn utf16(bytes: &[u8], path: &Path, unit: fn([u8; 2]) -> u16) -> Result<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::InvalidUtf16 {
            path: path.to_path_buf(),
            offset: bytes.len() + 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len());
    for (k, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::InvalidUtf16 {
                    path: path.to_path_buf(),
                    offset: 2 + 2 * k,
                });
            }
        }
    }
    Ok(out)
}

// ------------------------------------------------------------- encodings

/// A character encoding of input text, one of the WHATWG Encoding Standard's
/// as `encoding_rs` implements them. Parsed from a name or label such as
/// `gb18030`, `gbk`, `gb2312`, `big5`, `big5-hkscs`, `windows-1252`,
/// `cp1252`, `latin1`, `utf-8`, `utf-16le`.
///
/// GBK and GB2312 are subsets of GB18030 and are read by its decoder (the
/// Encoding Standard's GBK decoder *is* the GB18030 decoder), so they are
/// named GB18030. Big5 includes the HKSCS extensions. ISO-8859-1 (`latin1`)
/// is read as Windows-1252, its superset, as every browser does.
///
/// ```
/// use bitext::read::TextEncoding;
/// let gbk: TextEncoding = "GBK".parse().unwrap();
/// assert_eq!(gbk, TextEncoding::GB18030);
/// assert_eq!("big5-hkscs".parse::<TextEncoding>().unwrap().name(), "Big5");
/// assert!("klingon".parse::<TextEncoding>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static encoding_rs::Encoding);

impl TextEncoding {
    /// UTF-8.
    pub const UTF_8: TextEncoding = TextEncoding(encoding_rs::UTF_8);
    /// UTF-16, little-endian.
    pub const UTF_16LE: TextEncoding = TextEncoding(encoding_rs::UTF_16LE);
    /// UTF-16, big-endian.
    pub const UTF_16BE: TextEncoding = TextEncoding(encoding_rs::UTF_16BE);
    /// GB18030, and so GBK and GB2312 (simplified Chinese).
    pub const GB18030: TextEncoding = TextEncoding(encoding_rs::GB18030);
    /// Big5 with the HKSCS extensions (traditional Chinese).
    pub const BIG5: TextEncoding = TextEncoding(encoding_rs::BIG5);
    /// Windows-1252 (Western European; a superset of ISO-8859-1).
    pub const WINDOWS_1252: TextEncoding = TextEncoding(encoding_rs::WINDOWS_1252);

    /// The encodings detection chooses among when a file is not UTF-8.
    pub const DETECTED: [TextEncoding; 3] = [Self::GB18030, Self::BIG5, Self::WINDOWS_1252];

    /// Whether this is UTF-8 or UTF-16 (LE or BE).
    pub fn is_unicode(self) -> bool {
        self == Self::UTF_8 || self == Self::UTF_16LE || self == Self::UTF_16BE
    }

    /// The encoding's name, as messages give it (`GB18030`, `Big5`,
    /// `windows-1252`, `UTF-8`, `UTF-16LE` …).
    pub fn name(self) -> &'static str {
        if self == Self::GB18030 {
            "GB18030"
        } else {
            self.0.name()
        }
    }

    /// Decodes all of `bytes` (without byte-order mark handling). A byte
    /// sequence that is not a character of the encoding stops decoding:
    /// `Err` holds its byte offset in `bytes`, and the text decoded before
    /// it. Windows-1252's five unassigned bytes (0x81, 0x8D, 0x8F, 0x90,
    /// 0x9D), which the Encoding Standard passes through as C1 control
    /// characters, count as not characters: no text uses them, so they
    /// are a sign of another encoding.
    fn decode_all(self, bytes: &[u8]) -> std::result::Result<String, (usize, String)> {
        if self == Self::WINDOWS_1252
            && let Some(at) = bytes
                .iter()
                .position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
        {
            let prefix = self.decode_all(&bytes[..at]).unwrap_or_default();
            return Err((at, prefix));
        }
        let mut decoder = self.0.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(
            decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(bytes.len()),
        );
        let mut read = 0;
        loop {
            let (result, n) =
                decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
            read += n;
            match result {
                encoding_rs::DecoderResult::InputEmpty => return Ok(out),
                encoding_rs::DecoderResult::OutputFull => {
                    out.reserve(bytes.len() - read + 16);
                }
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    return Err((read - usize::from(bad) - usize::from(after), out));
                }
            }
        }
    }
}

impl std::fmt::Debug for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for TextEncoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        // `for_label_no_replacement`: the labels that name the
        // "replacement" encoding (which decodes every input to U+FFFD)
        // are refused.
        match encoding_rs::Encoding::for_label_no_replacement(s.trim().as_bytes()) {
            Some(e) if e == encoding_rs::GBK => Ok(Self::GB18030),
            Some(e) => Ok(TextEncoding(e)),
            None => Err(Error::UnknownEncoding(s.to_string())),
        }
    }
}

/// How the bytes of a file became text. Non-exhaustive: a later release may
/// add readings, so a `match` outside this crate needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodedAs {
    /// Valid UTF-8 (a byte-order mark, if any, dropped).
    Utf8,
    /// UTF-16 announced by its byte-order mark.
    Utf16WithBom(TextEncoding),
    /// The encoding the caller named.
    Named(TextEncoding),
    /// Not UTF-8: the encoding was detected.
    Detected(TextEncoding),
    /// The caller named a legacy encoding and the text was read in it, but
    /// it holds private-use or U+FFFD characters, and the encoding
    /// detection would choose reads the bytes without any: the named
    /// encoding is likely wrong ([`Decoded::notice`] warns).
    NamedOdd {
        /// The legacy encoding the caller named (the text's encoding).
        named: TextEncoding,
        /// The private-use and U+FFFD characters of the text.
        odd: usize,
        /// The encoding detection would choose.
        detected: TextEncoding,
    },
    /// The caller named a legacy encoding, but the file is Unicode (a
    /// byte-order mark, or valid UTF-8 with non-ASCII text): it was read
    /// as Unicode, since the named encoding would garble it.
    UnicodeNotNamed {
        /// The Unicode encoding the file was read in.
        found: TextEncoding,
        /// The legacy encoding the caller named.
        named: TextEncoding,
    },
}

impl DecodedAs {
    /// The encoding the text was decoded from.
    pub fn encoding(self) -> TextEncoding {
        match self {
            DecodedAs::Utf8 => TextEncoding::UTF_8,
            DecodedAs::Utf16WithBom(e) | DecodedAs::Named(e) | DecodedAs::Detected(e) => e,
            DecodedAs::UnicodeNotNamed { found, .. } => found,
            DecodedAs::NamedOdd { named, .. } => named,
        }
    }
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, exactly as the file holds it (no character replaced).
    pub text: String,
    /// How the bytes were decoded.
    pub how: DecodedAs,
}

impl Decoded {
    /// What a user should be told about the decoding: `Some` when the
    /// encoding was detected rather than known (valid UTF-8, a byte-order
    /// mark, or a named encoding), when a named legacy encoding was set
    /// aside for Unicode, and (a warning, starting `warning: `) when a
    /// named legacy encoding gave private-use or U+FFFD characters that the
    /// detected encoding does not ([`DecodedAs::NamedOdd`]). The library
    /// prints nothing; the command line prints this on standard error.
    ///
    /// ```
    /// use std::path::Path;
    /// use bitext::read::{decode_as, DecodedAs, TextEncoding};
    /// // "Café — “quoted”." in Windows-1252.
    /// let bytes = b"Caf\xE9 \x97 \x93quoted\x94. The \x80 sign.\n";
    /// let d = decode_as(bytes, Path::new("en.txt"), None).unwrap();
    /// assert_eq!(d.text, "Café — “quoted”. The € sign.\n");
    /// assert_eq!(d.how, DecodedAs::Detected(TextEncoding::WINDOWS_1252));
    /// assert!(d.notice(Path::new("en.txt")).unwrap().contains("windows-1252"));
    /// ```
    pub fn notice(&self, path: &Path) -> Option<String> {
        match self.how {
            DecodedAs::Detected(e) => Some(format!(
                "{}: not UTF-8; read as {} (detected; --encoding names the encoding if that is wrong)",
                display_path(path).display(),
                e.name()
            )),
            DecodedAs::UnicodeNotNamed { found, named } => Some(format!(
                "{}: {} text; read as {}, not as {} (a named legacy encoding is for the files that are not Unicode)",
                display_path(path).display(),
                found.name(),
                found.name(),
                named.name()
            )),
            DecodedAs::NamedOdd {
                named,
                odd,
                detected,
            } => Some(format!(
                "warning: {}: read as {} (named), which gave {} private-use or U+FFFD character{}; {} (what detection finds) reads the file without any: if it is {}, name that (--encoding {})",
                display_path(path).display(),
                named.name(),
                odd,
                if odd == 1 { "" } else { "s" },
                detected.name(),
                detected.name(),
                detected.name().to_ascii_lowercase()
            )),
            _ => None,
        }
    }
}

// Streaming decoders, for inputs read a piece at a time (TMX, TSV, JSONL).

/// Wraps a byte stream as a UTF-8 stream: a UTF-8 byte-order mark is
/// skipped, UTF-16 with a byte-order mark is transcoded as it is read.
/// Returns the encoding's name with the stream; invalid UTF-8 is left for
/// the consumer to report with its line number.
pub(crate) fn utf8_stream<'a>(
    mut input: std::io::BufReader<impl std::io::Read + 'a>,
    path: &Path,
) -> Result<(&'static str, Box<dyn std::io::BufRead + 'a>)> {
    use std::io::BufRead;
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    Ok(match head {
        [0xEF, 0xBB, 0xBF, ..] => {
            input.consume(3);
            ("UTF-8", Box::new(input))
        }
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            let big_endian = head[0] == 0xFE;
            input.consume(2);
            (
                if big_endian { "UTF-16BE" } else { "UTF-16LE" },
                Box::new(std::io::BufReader::with_capacity(
                    64 * 1024,
                    Utf16Reader::new(input, big_endian, 2),
                )),
            )
        }
        _ => ("UTF-8", Box::new(input)),
    })
}

/// Bad UTF-16 met by [`Utf16Reader`], carried inside an `io::Error` so that
/// readers can report it with the file's byte offset.
#[derive(Debug)]
pub(crate) struct Utf16Error {
    /// What is wrong.
    pub what: &'static str,
    /// Byte offset in the file.
    pub offset: u64,
}

impl std::fmt::Display for Utf16Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid UTF-16 ({}) at byte offset {}",
            self.what, self.offset
        )
    }
}

impl std::error::Error for Utf16Error {}

/// Transcodes UTF-16 to UTF-8 as it reads.
pub(crate) struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// Byte offset in the file of the next unread input byte.
    offset: u64,
    /// A high surrogate waiting for its low half.
    pending_high: Option<u16>,
    /// An odd byte left over from the last read.
    odd: Option<u8>,
    /// Encoded output not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    raw: Vec<u8>,
}

impl<R: std::io::Read> Utf16Reader<R> {
    pub(crate) fn new(inner: R, big_endian: bool, offset: u64) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            offset,
            pending_high: None,
            odd: None,
            out: Vec::new(),
            out_pos: 0,
            raw: vec![0; 32 * 1024],
        }
    }

    fn invalid(&self, what: &'static str, at: u64) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            Utf16Error { what, offset: at },
        )
    }

    /// Decodes another chunk into `out`; false at the end of input.
    fn refill(&mut self) -> std::io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            let n = self.inner.read(&mut self.raw)?;
            if n == 0 {
                if self.odd.is_some() {
                    return Err(self.invalid("odd number of bytes", self.offset));
                }
                if self.pending_high.is_some() {
                    return Err(self.invalid("unpaired surrogate", self.offset - 2));
                }
                return Ok(false);
            }
            let mut bytes: Vec<u8> = Vec::with_capacity(n + 1);
            bytes.extend(self.odd.take());
            bytes.extend_from_slice(&self.raw[..n]);
            if bytes.len() % 2 == 1 {
                self.odd = bytes.pop();
            }
            for pair in bytes.chunks_exact(2) {
                let unit = if self.big_endian {
                    u16::from_be_bytes([pair[0], pair[1]])
                } else {
                    u16::from_le_bytes([pair[0], pair[1]])
                };
                let at = self.offset;
                self.offset += 2;
                let c = match (self.pending_high.take(), unit) {
                    (None, 0xD800..=0xDBFF) => {
                        self.pending_high = Some(unit);
                        continue;
                    }
                    (None, 0xDC00..=0xDFFF) => return Err(self.invalid("unpaired surrogate", at)),
                    (None, u) => char::from_u32(u32::from(u)),
                    (Some(hi), 0xDC00..=0xDFFF) => char::from_u32(
                        0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(unit) - 0xDC00),
                    ),
                    (Some(_), _) => return Err(self.invalid("unpaired surrogate", at - 2)),
                };
                let c = c.ok_or_else(|| self.invalid("bad code unit", at))?;
                let mut tmp = [0u8; 4];
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: std::io::Read> std::io::Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.out_pos == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Transcodes ISO-8859-1 to UTF-8 as it reads (each byte is the code point).
pub(crate) struct Latin1Reader<R>(pub(crate) R);

impl<R: std::io::BufRead> std::io::Read for Latin1Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let input = self.0.fill_buf()?;
        let mut used = 0;
        let mut n = 0;
        for &b in input {
            let width = if b < 0x80 { 1 } else { 2 };
            if n + width > buf.len() {
                break;
            }
            if b < 0x80 {
                buf[n] = b;
            } else {
                buf[n] = 0xC0 | (b >> 6);
                buf[n + 1] = 0x80 | (b & 0x3F);
            }
            n += width;
            used += 1;
        }
        self.0.consume(used);
        Ok(n)
    }
}

/// 1-based line number of a byte offset (any of `\n`, `\r\n`, `\r` ends a line).
pub fn line_of(text: &str, offset: usize) -> usize {
    let head = &text.as_bytes()[..offset.min(text.len())];
    let mut line = 1;
    let mut k = 0;
    while k < head.len() {
        match head[k] {
            b'\n' => line += 1,
            b'\r' if head.get(k + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        k += 1;
    }
    line
}

/// One line of a text: its byte span without the line terminator, and its
/// 1-based number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte span of the line's content, excluding `\n`, `\r\n` or `\r`.
    pub span: Range<usize>,
    /// 1-based line number.
    pub number: usize,
}

/// Splits a text into lines at `\n`, `\r\n` and `\r`.
pub fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // The line breaks found with `memchr2` (vectorised), not byte by byte.
    let mut k = 0;
    while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[k..]) {
        let end = k + found;
        out.push(Line {
            span: start..end,
            number: out.len() + 1,
        });
        k = end + 1;
        if bytes[end] == b'\r' && bytes.get(k) == Some(&b'\n') {
            k += 1;
        }
        start = k;
    }
    if start < bytes.len() {
        out.push(Line {
            span: start..bytes.len(),
            number: out.len() + 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`lines`] as it was, byte by byte: the oracle of the search by
    /// `memchr2`.
    fn lines_byte_by_byte(text: &str) -> Vec<Line> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let mut k = 0;
        while k < bytes.len() {
            match bytes[k] {
                b'\n' => {
                    out.push(Line {
                        span: start..k,
                        number: out.len() + 1,
                    });
                    start = k + 1;
                }
                b'\r' => {
                    out.push(Line {
                        span: start..k,
                        number: out.len() + 1,
                    });
                    if bytes.get(k + 1) == Some(&b'\n') {
                        k += 1;
                    }
                    start = k + 1;
                }
                _ => {}
            }
            k += 1;
        }
        if start < bytes.len() {
            out.push(Line {
                span: start..bytes.len(),
                number: out.len() + 1,
            });
        }
        out
    }

    #[test]
    fn lines_found_by_memchr_are_those_found_byte_by_byte() {
        let pieces = ["", "a", "中文", "\n", "\r", "\r\n", "\n\r", "x y", "\r\r\n"];
        // Every sequence of up to four pieces.
        let mut texts = crate::test_support::every_sequence(&pieces, 4);
        texts.push("line one\nline two\r\nline three\rfour".repeat(40));
        for text in &texts {
            assert_eq!(lines(text), lines_byte_by_byte(text), "{text:?}");
        }
    }

    fn p() -> &'static Path {
        Path::new("in.txt")
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        for u in "中文\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, p()).unwrap(), "中文\n");
        let mut be = vec![0xFE, 0xFF];
        for u in "ab".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be, p()).unwrap(), "ab");
    }

    #[test]
    fn a_few_bytes_with_a_nul_are_a_nul_not_utf16() {
        for bytes in [&b"ab\0\n"[..], b"a\tb\0c\n", b"\0\0\0\0"] {
            assert!(
                matches!(decode(bytes, p()), Err(Error::NulByte { .. })),
                "{bytes:?}: {:?}",
                decode(bytes, p())
            );
        }
    }

    #[test]
    fn bomless_utf16_is_named() {
        for text in [
            "Hello, world.\nSecond line.\n",
            "联合国安理会7日以视频方式举行高级别会议，会议由王毅主持。\n",
        ] {
            for big in [false, true] {
                let bytes: Vec<u8> = text
                    .encode_utf16()
                    .flat_map(|u| {
                        if big {
                            u.to_be_bytes()
                        } else {
                            u.to_le_bytes()
                        }
                    })
                    .collect();
                assert!(
                    matches!(decode(&bytes, p()), Err(Error::Utf16WithoutBom { .. })),
                    "{text:?} big-endian {big}"
                );
            }
        }
        // Latin-1 is not mistaken for it, short or long (the long one has an
        // even length, as UTF-16 would): it is read as Windows-1252.
        let long =
            b"First line of a letter.\nSecond line, then caf\xE9 au lait and more words!\n\n";
        assert!(long.len().is_multiple_of(2));
        for latin1 in [&b"caf\xE9 au lait"[..], long] {
            let d = decode_as(latin1, p(), None).unwrap();
            assert_eq!(d.how, DecodedAs::Detected(TextEncoding::WINDOWS_1252));
            assert!(d.text.contains("café au lait"));
        }
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let zh = "联合国安理会7日以视频方式举行高级别会议，会议由国务委员兼外交部长王毅主持。\n";
        let hant = "聯合國安理會7日以視訊方式舉行高級別會議，會議由國務委員兼外交部長王毅主持。\n";
        let en = "“We nearly gave up,” said Zoë — a croissant costs €1.80, a crème brûlée €6.50.\n";
        for (text, encoding) in [
            (zh, TextEncoding::GB18030),
            (hant, TextEncoding::BIG5),
            (en, TextEncoding::WINDOWS_1252),
        ] {
            let (bytes, _, unmappable) = encoding.0.encode(text);
            assert!(!unmappable, "{encoding}");
            let d = decode_as(&bytes, p(), None).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.how, DecodedAs::Detected(encoding));
            let notice = d.notice(p()).unwrap();
            assert!(notice.contains(encoding.name()), "{notice}");
            // Named, the same text and no notice.
            let d = decode_as(&bytes, p(), Some(encoding)).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.notice(p()), None);
        }
        // Valid UTF-8 and BOMs give no notice.
        assert_eq!(
            decode_as(zh.as_bytes(), p(), None).unwrap().notice(p()),
            None
        );
    }

    #[test]
    fn chinese_with_a_bad_byte_is_not_read_as_windows_1252() {
        let hant = "聯合國安理會7日以視訊方式舉行高級別會議，會議由國務委員兼外交部長王毅主持。\n";
        let zh = "联合国安理会7日以视频方式举行高级别会议，会议由国务委员兼外交部长王毅主持。\n";
        for (text, encoding) in [(hant, TextEncoding::BIG5), (zh, TextEncoding::GB18030)] {
            let mut bytes = encoding.0.encode(text).0.into_owned();
            // 0xFF is neither Big5 nor GB18030, after "聯合" / "联合".
            bytes.insert(4, 0xFF);
            let err = decode_as(&bytes, p(), None).unwrap_err();
            assert!(
                matches!(&err, Error::Undecodable { offset: 4, detected: true, encoding: e, .. }
                    if *e == encoding.name()),
                "{err:?}"
            );
        }
        // Western text keeps its single-byte reading.
        assert!(!looks_like_cjk_bytes(
            &TextEncoding::WINDOWS_1252
                .0
                .encode("“Crème brûlée,” she said — for €6.50. Zoë’s café.")
                .0
        ));
        assert!(looks_like_cjk_bytes(&TextEncoding::BIG5.0.encode(hant).0));
        assert!(looks_like_cjk_bytes(&TextEncoding::GB18030.0.encode(zh).0));
    }

    #[test]
    fn a_gb18030_byte_order_mark_is_dropped() {
        let mut bytes = b"\x84\x31\x95\x33".to_vec();
        bytes.extend(
            TextEncoding::GB18030
                .0
                .encode("联合国安理会7日以视频方式举行高级别会议。\n")
                .0
                .as_ref(),
        );
        let d = decode_as(&bytes, p(), None).unwrap();
        assert_eq!(d.how, DecodedAs::Detected(TextEncoding::GB18030));
        assert_eq!(d.text, "联合国安理会7日以视频方式举行高级别会议。\n");
        let d = decode_as(&bytes, p(), Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(d.text, "联合国安理会7日以视频方式举行高级别会议。\n");
    }

    #[test]
    fn big5_includes_hkscs() {
        // 㗎 (U+35CE) and 啲 (U+5572) are HKSCS additions, 0x9DEE and
        // 0x9DF8; 0x8862 is Ê̄, two code points.
        let d = decode_as(b"\x9d\xee\x9d\xf8\x88\x62", p(), Some(TextEncoding::BIG5)).unwrap();
        assert_eq!(d.text, "㗎啲\u{CA}\u{304}");
    }

    #[test]
    fn short_or_ambiguous_text_names_the_likely_encodings() {
        let gbk = TextEncoding::GB18030.0.encode("中文。").0;
        let err = decode_as(&gbk, p(), None).unwrap_err();
        match &err {
            Error::UnsureEncoding { likely, offset, .. } => {
                assert_eq!(likely[0], "GB18030");
                assert!(likely.contains(&"Big5"));
                assert_eq!(*offset, 0);
            }
            other => panic!("{other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("--encoding gb18030"), "{msg}");
        // Not a text in any of them: 0x80 alone is not Big5, 0x81 is no
        // Windows-1252 character, and 0xFF is never GB18030.
        let err = decode_as(b"\x80\x81\xff", p(), None).unwrap_err();
        assert!(
            matches!(&err, Error::UnsureEncoding { likely, .. } if likely.is_empty()),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("convert the file to UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn utf8_with_a_line_of_another_encoding_stays_a_utf8_error() {
        let mut mixed = "第一行。\nPremière ligne.\n".as_bytes().to_vec();
        let at = mixed.len();
        mixed.extend(b"Caf\xE9 au lait.\n");
        assert!(matches!(
            decode_as(&mixed, p(), None),
            Err(Error::InvalidUtf8 { offset, line: 3, .. }) if offset == at + 3
        ));
    }

    #[test]
    fn named_encodings_report_the_byte_that_does_not_decode() {
        // GB18030: 0xFF is never a byte of it.
        let err = decode_as(b"ab\ncd\xd6\xd0\xff\n", p(), Some(TextEncoding::GB18030)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Undecodable {
                    offset: 7,
                    line: 2,
                    detected: false,
                    ..
                }
            ),
            "{err:?}"
        );
        // Windows-1252: 0x81 is unassigned.
        let err = decode_as(b"ok \x81", p(), Some(TextEncoding::WINDOWS_1252)).unwrap_err();
        assert!(
            matches!(err, Error::Undecodable { offset: 3, .. }),
            "{err:?}"
        );
        // UTF-16 named, without a BOM; a matching BOM is dropped, another
        // is refused.
        let le: Vec<u8> = "中文\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            decode_as(&le, p(), Some(TextEncoding::UTF_16LE))
                .unwrap()
                .text,
            "中文\n"
        );
        let with_bom = [&b"\xFF\xFE"[..], &le].concat();
        assert_eq!(
            decode_as(&with_bom, p(), Some(TextEncoding::UTF_16LE))
                .unwrap()
                .text,
            "中文\n"
        );
        // A byte-order mark of another Unicode encoding than the one named
        // is a conflict; a named legacy encoding gives way to it.
        assert!(matches!(
            decode_as(b"\xEF\xBB\xBFabc", p(), Some(TextEncoding::UTF_16LE)),
            Err(Error::EncodingConflict { .. })
        ));
        let d = decode_as(b"\xEF\xBB\xBFabc", p(), Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(
            d.how,
            DecodedAs::UnicodeNotNamed {
                found: TextEncoding::UTF_8,
                named: TextEncoding::GB18030
            }
        );
        // A NUL is reported at its offset in the file.
        assert!(matches!(
            decode_as(b"\xd6\xd0\n\0", p(), Some(TextEncoding::GB18030)),
            Err(Error::NulByte {
                offset: 3,
                line: 2,
                ..
            })
        ));
    }

    /// Trial 23: one `--encoding windows-1252` for a folder of mixed files
    /// garbled the UTF-8 ones ("China’s" became "Chinaâ€™s") without a word.
    #[test]
    fn a_named_legacy_encoding_does_not_garble_unicode_files() {
        let p = || Path::new("en.txt");
        let d = decode_as(
            "China’s exports rose.\n".as_bytes(),
            p(),
            Some(TextEncoding::WINDOWS_1252),
        )
        .unwrap();
        assert_eq!(d.text, "China’s exports rose.\n");
        assert_eq!(
            d.how,
            DecodedAs::UnicodeNotNamed {
                found: TextEncoding::UTF_8,
                named: TextEncoding::WINDOWS_1252
            }
        );
        let notice = d.notice(p()).unwrap();
        assert!(
            notice.contains("read as UTF-8, not as windows-1252"),
            "{notice}"
        );
        // UTF-16 with its byte-order mark, under a named GB18030.
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("中文\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode_as(&le, p(), Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.how.encoding()),
            ("中文\n", TextEncoding::UTF_16LE)
        );
        // The files the encoding is named for are read in it, silently.
        let cp1252 = b"China\x92s exports rose.\n";
        let d = decode_as(cp1252, p(), Some(TextEncoding::WINDOWS_1252)).unwrap();
        assert_eq!(d.text, "China’s exports rose.\n");
        assert_eq!(d.how, DecodedAs::Named(TextEncoding::WINDOWS_1252));
        assert!(d.notice(p()).is_none());
        let gbk = b"\xd6\xd0\xce\xc4\xa1\xa3";
        let d = decode_as(gbk, p(), Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.how),
            ("中文。", DecodedAs::Named(TextEncoding::GB18030))
        );
        // A few GB18030 characters that happen to be valid UTF-8 (学位 is
        // the bytes of "ѧλ") are read in the named encoding.
        let (xuewei, _, _) = encoding_rs::GB18030.encode("学位");
        assert!(std::str::from_utf8(&xuewei).is_ok());
        let d = decode_as(&xuewei, p(), Some(TextEncoding::GB18030)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.how),
            ("学位", DecodedAs::Named(TextEncoding::GB18030))
        );
        // ASCII reads the same either way: the named encoding stands.
        let d = decode_as(b"plain\n", p(), Some(TextEncoding::WINDOWS_1252)).unwrap();
        assert_eq!(d.how, DecodedAs::Named(TextEncoding::WINDOWS_1252));
        // A named Unicode encoding is taken at its word.
        let d = decode_as("中文\n".as_bytes(), p(), Some(TextEncoding::UTF_8)).unwrap();
        assert_eq!(d.how, DecodedAs::Named(TextEncoding::UTF_8));
    }

    #[test]
    fn encoding_names() {
        for (label, name) in [
            ("gb18030", "GB18030"),
            ("GBK", "GB18030"),
            ("gb2312", "GB18030"),
            ("big5", "Big5"),
            ("big5-hkscs", "Big5"),
            ("cp1252", "windows-1252"),
            ("latin1", "windows-1252"),
            ("utf-16le", "UTF-16LE"),
            ("utf8", "UTF-8"),
        ] {
            assert_eq!(label.parse::<TextEncoding>().unwrap().name(), name);
        }
        // The "replacement" encoding would turn everything into U+FFFD.
        assert!("iso-2022-kr".parse::<TextEncoding>().is_err());
        assert!("nonsense".parse::<TextEncoding>().is_err());
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let err = decode(b"ok\nfine\n\xC3(", p()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("in.txt"), "{msg}");
        assert!(msg.contains("byte offset 8"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn nul_and_empty_are_errors() {
        assert!(matches!(
            decode(b"a\0b", p()),
            Err(Error::NulByte { offset: 1, .. })
        ));
        assert!(matches!(
            decode(b" \n\t\r\n", p()),
            Err(Error::EmptyInput { .. })
        ));
        assert!(matches!(decode(b"", p()), Err(Error::EmptyInput { .. })));
        // In UTF-16 the offset is the NUL's byte offset in the file: BOM (2)
        // + "é" (2) + "中" (2).
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "é中\0x".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert!(matches!(
            decode(&utf16, p()),
            Err(Error::NulByte {
                offset: 6,
                line: 1,
                ..
            })
        ));
    }

    #[test]
    fn a_binary_file_is_reported_for_its_nul_not_as_an_encoding() {
        // A ZIP (.docx) header, then bytes that are no encoding's text.
        let bytes = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01\x00\x00 \x05\x00\x00\x13\x00";
        let msg = decode(bytes, p()).unwrap_err().to_string();
        assert!(msg.contains("NUL byte at byte offset 5"), "{msg}");
        assert!(msg.contains("binary file"), "{msg}");
    }

    #[test]
    fn a_short_nul_file_of_one_parity_suggests_utf16() {
        // "hi\n" in UTF-16LE without a BOM: 6 bytes, too short to call it
        // UTF-16 for sure, but the message says what it may be.
        let msg = decode(b"h\0i\0\n\0", p()).unwrap_err().to_string();
        assert!(msg.contains("NUL byte at byte offset 1"), "{msg}");
        assert!(msg.contains("--encoding utf-16le"), "{msg}");
        let msg = decode(b"\0h\0i", p()).unwrap_err().to_string();
        assert!(msg.contains("--encoding utf-16be"), "{msg}");
        // 你好 and a line feed in UTF-16LE: one zero byte, second in its unit.
        let msg = decode(b"\x60\x4F\x7D\x59\x0A\x00", p())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("--encoding utf-16le"), "{msg}");
        // NULs on both sides, an odd length, or a longer text with a NUL
        // say binary, not UTF-16.
        let msg = decode(b"a\0\0b", p()).unwrap_err().to_string();
        assert!(!msg.contains("utf-16"), "{msg}");
        let msg = decode(b"ab\0", p()).unwrap_err().to_string();
        assert!(!msg.contains("utf-16"), "{msg}");
        let msg = decode(b"a long line of text\0 with a NUL", p())
            .unwrap_err()
            .to_string();
        assert!(!msg.contains("utf-16"), "{msg}");
    }

    #[test]
    fn lines_accept_all_line_ends() {
        let t = "a\r\nb\rc\n\nd";
        let got: Vec<&str> = lines(t).iter().map(|l| &t[l.span.clone()]).collect();
        assert_eq!(got, ["a", "b", "c", "", "d"]);
        assert_eq!(lines(t)[4].number, 5);
        assert_eq!(line_of(t, t.find('d').unwrap()), 5);
    }
}
