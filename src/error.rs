//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in bitext, with enough context to name the
/// offending file and position.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The input is not valid UTF-8 (nor UTF-16 with a byte-order mark).
    #[error("{}: invalid UTF-8 at byte offset {offset} (line {line}); convert the file to UTF-8", path.display())]
    InvalidUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line number of the first invalid byte.
        line: usize,
    },
    /// UTF-16 input with a byte-order mark whose content is not valid UTF-16.
    #[error("{}: invalid UTF-16 at byte offset {offset}", path.display())]
    InvalidUtf16 {
        /// The file concerned.
        path: PathBuf,
        /// Byte offset of the first invalid code unit.
        offset: usize,
    },
    /// Bytes that are not characters of the encoding they are read in
    /// (named by the user, or detected).
    #[error("{}: the bytes at byte offset {offset} (line {line}) are not {encoding}{}", path.display(),
        if *detected { " (the encoding detected; if the file is in another, name it with --encoding)" } else { "" })]
    Undecodable {
        /// The file concerned.
        path: PathBuf,
        /// The encoding the file was read in.
        encoding: &'static str,
        /// True when the encoding was detected rather than named.
        detected: bool,
        /// Byte offset of the first byte sequence that does not decode.
        offset: usize,
        /// 1-based line number of that byte sequence.
        line: usize,
    },
    /// Bytes that are not UTF-8, in an encoding detection cannot tell with
    /// confidence.
    #[error("{}: not UTF-8 (byte offset {offset}, line {line}), and {}", path.display(), unsure_advice(likely))]
    UnsureEncoding {
        /// The file concerned.
        path: PathBuf,
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
        /// Its 1-based line number.
        line: usize,
        /// The likely encodings, most likely first (may be empty).
        likely: Vec<&'static str>,
    },
    /// A byte-order mark that contradicts the encoding named.
    #[error("{}: --encoding is {named}, but the file starts with a {bom} byte-order mark", path.display())]
    EncodingConflict {
        /// The file concerned.
        path: PathBuf,
        /// The encoding named.
        named: &'static str,
        /// The encoding of the byte-order mark.
        bom: &'static str,
    },
    /// An encoding name that is not known.
    #[error(
        "unknown encoding '{0}': use gb18030 (also gbk, gb2312), big5 (big5-hkscs), windows-1252 (cp1252, latin1), utf-8, utf-16le or utf-16be, or another name of the WHATWG Encoding Standard"
    )]
    UnknownEncoding(String),
    /// Bytes that look like UTF-16 saved without a byte-order mark.
    #[error("{}: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with a BOM), or name it with --encoding utf-16le (or utf-16be)", path.display())]
    Utf16WithoutBom {
        /// The file concerned.
        path: PathBuf,
    },
    /// The text contains a NUL character, which no text file should.
    #[error("{}: NUL byte at byte offset {offset} (line {line}); {}", path.display(), match utf16 {
        Some(label) => format!("is this UTF-16 without a byte-order mark? Then name it with --encoding {label}, or save it as UTF-8"),
        None => "is this a binary file?".to_owned(),
    })]
    NulByte {
        /// The file concerned.
        path: PathBuf,
        /// Byte offset of the NUL in the file.
        offset: usize,
        /// 1-based line number.
        line: usize,
        /// When the bytes read as UTF-8 are too few to call them UTF-16 for
        /// sure (under 16) but may be UTF-16 (an even length, every zero
        /// byte on the same side of its code unit): the encoding to
        /// suggest, `utf-16le` or `utf-16be`.
        utf16: Option<&'static str>,
    },
    /// The input holds no text at all (only whitespace, or nothing).
    #[error("{}: the file has no text", path.display())]
    EmptyInput {
        /// The file concerned.
        path: PathBuf,
    },
    /// The input has no word, letter or digit: only punctuation, symbols
    /// and spaces, which no sentence can be aligned by.
    #[error("{}: the file has no words, only punctuation and symbols", path.display())]
    NoWords {
        /// The file concerned.
        path: PathBuf,
    },
    /// A sentence is longer than the segmenter or aligner accepts.
    #[error("{}: line {line} holds a sentence of {len} bytes without a sentence end; the limit is {limit} bytes (split the text into lines)", path.display())]
    SentenceTooLong {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number where the sentence starts.
        line: usize,
        /// Length of the sentence in bytes.
        len: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// A bead file (alignment in the `[0,1]:[2]` form) could not be parsed.
    #[error("{}: line {line}: {message}", path.display())]
    BadBeads {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A user lexicon line could not be parsed.
    #[error("{}: line {line}: {message}", path.display())]
    BadLexicon {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A language tag that bitext does not handle.
    #[error(
        "unsupported language '{0}': bitext handles Chinese (zh, zh-CN, zh-TW, …) and English (en, en-US, …)"
    )]
    UnsupportedLanguage(String),
    /// The configuration is inconsistent.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Options that cannot be used as given (two flags that contradict each
    /// other, a value out of range, texts whose language contradicts the
    /// options); the message says which and how to fix it.
    #[error("{0}")]
    Options(String),
    /// A bug in bitext: an invariant did not hold.
    #[error("internal error: {0}")]
    Internal(String),
    /// A TMX file could not be read: malformed XML, not TMX, an undefined
    /// entity, an unsupported encoding.
    #[error("{}: byte offset {offset}{}: {message}", path.display(), line_note(*line))]
    Tmx {
        /// The file concerned.
        path: PathBuf,
        /// Byte offset where the problem was found.
        offset: u64,
        /// The line of that offset (1-based), when it could be told (a
        /// UTF-8 file, not standard input).
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// The language pair of a memory cannot be told; the message says what
    /// was found and how to name it.
    #[error("{0}")]
    LanguagePair(String),
    /// A TSV or JSON Lines file given to `convert` could not be read.
    #[error("{}: line {line}: {message}", path.display())]
    BadRecord {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A conversion read units but could write none of them.
    #[error("{}: {read} unit{} read, none written: {reason}", path.display(), if *read == 1 { "" } else { "s" })]
    NothingWritten {
        /// The input file.
        path: PathBuf,
        /// Units read.
        read: usize,
        /// Why none was written.
        reason: String,
    },
    /// An SRX segmentation rule file could not be used: malformed XML, not
    /// SRX, a pattern that cannot be compiled, a limit exceeded.
    #[error("{}: line {line}: {message}", path.display())]
    Srx {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number of the element concerned.
        line: usize,
        /// What is wrong (naming the rule for a pattern error).
        message: String,
    },
    /// Writing XML failed.
    #[error("writing XML: {0}")]
    Xml(String),
    /// A unit holds what the chosen output format cannot represent (a
    /// flag whose kind holds TSV's separators).
    #[error("{0}")]
    Unwritable(String),
}

/// The end of [`Error::UnsureEncoding`]'s message: the likely encodings and
/// the option that names one.
/// ` (line N)` for a known line, else nothing.
fn line_note(line: Option<u64>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

fn unsure_advice(likely: &[&str]) -> String {
    match likely {
        [] => "not GB18030, Big5 or windows-1252 either; convert the file to UTF-8".to_string(),
        [one] => format!(
            "its encoding cannot be told for sure: likely {one}; if it is, name it with --encoding {}",
            one.to_ascii_lowercase()
        ),
        [first, rest @ ..] => format!(
            "its encoding cannot be told for sure: likely {first}, else {}; name it with --encoding (e.g. --encoding {})",
            rest.join(" or "),
            first.to_ascii_lowercase()
        ),
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// True for errors caused by the input, the options or the environment
    /// (a file that cannot be read or written): exit code 1. False for
    /// failures of bitext itself (exit code 2).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Xml(_) | Error::Internal(_))
    }

    /// Names `path` in an I/O error that was raised while writing output
    /// (writers only know they write to "`<output>`").
    pub fn with_output_path(self, path: &std::path::Path) -> Self {
        match self {
            Error::Io { path: p, source } if p == std::path::Path::new("<output>") => Error::Io {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        }
    }
}
