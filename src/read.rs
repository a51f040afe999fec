//! Reading input: decoding bytes to text and splitting text into lines.
//!
//! This is the first stage of the pipeline. It accepts UTF-8 (with or without
//! a byte-order mark) and UTF-16 with a byte-order mark, and rejects anything
//! else with an error that names the file and the byte offset. Line ends may be
//! `\n`, `\r\n` or `\r`. The decoded text is kept exactly as it was: later
//! stages refer to it by byte spans.

use crate::error::{Error, Result};
use std::ops::Range;
use std::path::Path;

/// Decodes the bytes of a text file.
///
/// A UTF-8 byte-order mark is dropped; UTF-16 (LE or BE) with a byte-order mark
/// is decoded; everything else must be valid UTF-8. NUL characters and inputs
/// without any non-whitespace character are errors.
///
/// ```
/// use std::path::Path;
/// let text = bitext::read::decode(b"\xEF\xBB\xBFhello\r\n", Path::new("a.txt")).unwrap();
/// assert_eq!(text, "hello\r\n");
/// assert!(bitext::read::decode(b"caf\xE9", Path::new("a.txt")).is_err());
/// ```
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    let (text, utf16_input) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest, path, 3)?, false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, path, u16::from_le_bytes)?, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, path, u16::from_be_bytes)?, true)
    } else {
        match utf8(bytes, path, 0) {
            Ok(text) if !text.contains('\0') => (text, false),
            Ok(_) | Err(_) if looks_like_bomless_utf16(bytes) => {
                return Err(Error::Utf16WithoutBom {
                    path: path.to_path_buf(),
                });
            }
            other => (other?, false),
        }
    };
    if let Some(at) = text.find('\0') {
        // The offset in the file: for UTF-16, the BOM and two bytes per
        // code unit before the NUL; for UTF-8 with a BOM, three more.
        let offset = if utf16_input {
            2 + 2 * text[..at].encode_utf16().count()
        } else if bytes.starts_with(b"\xEF\xBB\xBF") {
            at + 3
        } else {
            at
        };
        return Err(Error::NulByte {
            path: path.to_path_buf(),
            offset,
            line: line_of(&text, at),
        });
    }
    if text.trim().is_empty() {
        return Err(Error::EmptyInput {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// True when bytes that are not UTF-8 text (or hold NULs) look like UTF-16
/// saved without its byte-order mark: either one byte of most code units is
/// zero, always on the same side (text with ASCII in it), or, for at least
/// 32 bytes, they decode cleanly into mostly Han characters and CJK
/// punctuation.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
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
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| Error::io("<stdin>", e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    decode(&bytes, display_path(path))
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Latin-1 is not mistaken for it, short or long.
        assert!(matches!(
            decode(b"caf\xE9 au lait", p()),
            Err(Error::InvalidUtf8 { .. })
        ));
        let latin1 =
            b"First line of a letter.\nSecond line, then caf\xE9 au lait and more words!\n\n";
        assert!(latin1.len().is_multiple_of(2));
        assert!(matches!(
            decode(latin1, p()),
            Err(Error::InvalidUtf8 { .. })
        ));
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
    fn lines_accept_all_line_ends() {
        let t = "a\r\nb\rc\n\nd";
        let got: Vec<&str> = lines(t).iter().map(|l| &t[l.span.clone()]).collect();
        assert_eq!(got, ["a", "b", "c", "", "d"]);
        assert_eq!(lines(t)[4].number, 5);
        assert_eq!(line_of(t, t.find('d').unwrap()), 5);
    }
}
