//! A document: the decoded text of one side and its sentences.

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::segment::{Segmenter, SentenceSpan, presegmented};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Sentences longer than this many bytes are refused by default: they are
/// almost always a file without line breaks or sentence ends.
pub const DEFAULT_MAX_SENTENCE_BYTES: usize = 100_000;

/// How the input text is split into sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// Running text: every non-blank line is a paragraph, split into sentences.
    #[default]
    Raw,
    /// One segment per line, taken as is; blank lines are ignored.
    Presegmented,
}

/// One sentence of a document, located by its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span in [`Document::text`], without surrounding whitespace.
    pub span: Range<usize>,
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// 1-based line number where the sentence starts.
    pub line: usize,
}

impl From<SentenceSpan> for Sentence {
    fn from(s: SentenceSpan) -> Self {
        Sentence {
            span: s.span,
            paragraph: s.paragraph,
            line: s.line,
        }
    }
}

/// One side of a bitext: its text, language and sentences.
///
/// ```
/// use bitext::{Lang, document::{Document, InputMode}};
/// let doc = Document::from_text("en.txt", "Hello there. Bye!\n", Lang::En, InputMode::Raw).unwrap();
/// assert_eq!(doc.len(), 2);
/// assert_eq!(doc.sentence_text(1), "Bye!");
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    path: PathBuf,
    lang: Lang,
    text: String,
    sentences: Vec<Sentence>,
}

impl Document {
    /// Segments `text` (already decoded) into a document. `path` names the
    /// source in error messages.
    pub fn from_text(
        path: impl AsRef<Path>,
        text: impl Into<String>,
        lang: Lang,
        mode: InputMode,
    ) -> Result<Self> {
        Self::from_text_with_limit(path, text, lang, mode, DEFAULT_MAX_SENTENCE_BYTES)
    }

    /// Like [`Document::from_text`], refusing sentences longer than
    /// `max_sentence_bytes`.
    pub fn from_text_with_limit(
        path: impl AsRef<Path>,
        text: impl Into<String>,
        lang: Lang,
        mode: InputMode,
        max_sentence_bytes: usize,
    ) -> Result<Self> {
        let segmenter = (mode == InputMode::Raw).then(|| Segmenter::new(lang));
        Self::build(path, text, lang, segmenter.as_ref(), max_sentence_bytes)
    }

    /// Segments `text` with `segmenter` (built-in or SRX rules), refusing
    /// sentences longer than `max_sentence_bytes`.
    pub fn with_segmenter(
        path: impl AsRef<Path>,
        text: impl Into<String>,
        segmenter: &Segmenter,
        max_sentence_bytes: usize,
    ) -> Result<Self> {
        Self::build(
            path,
            text,
            segmenter.lang(),
            Some(segmenter),
            max_sentence_bytes,
        )
    }

    /// `segmenter` is `None` for presegmented text.
    fn build(
        path: impl AsRef<Path>,
        text: impl Into<String>,
        lang: Lang,
        segmenter: Option<&Segmenter>,
        max_sentence_bytes: usize,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let text = text.into();
        if text.trim().is_empty() {
            return Err(Error::EmptyInput { path });
        }
        if !text.chars().any(char::is_alphanumeric) {
            return Err(Error::NoWords { path });
        }
        // A line longer than the limit with no sentence end at all cannot be
        // split: refuse it before segmenting (which would cost memory in
        // proportion to the line).
        for line in crate::read::lines(&text) {
            let body = text[line.span.clone()].trim();
            let splittable =
                segmenter.is_some() && body.contains(['。', '！', '？', '!', '?', '.', '…', '｡']);
            if body.len() > max_sentence_bytes && !splittable {
                return Err(Error::SentenceTooLong {
                    path,
                    line: line.number,
                    len: body.len(),
                    limit: max_sentence_bytes,
                });
            }
        }
        let spans = match segmenter {
            Some(seg) => seg.segment(&text),
            None => presegmented(&text),
        };
        if let Some(long) = spans.iter().find(|s| s.span.len() > max_sentence_bytes) {
            return Err(Error::SentenceTooLong {
                path,
                line: long.line,
                len: long.span.len(),
                limit: max_sentence_bytes,
            });
        }
        Ok(Document {
            path,
            lang,
            sentences: spans.into_iter().map(Sentence::from).collect(),
            text,
        })
    }

    /// Reads, decodes and segments a file (`-` for standard input, named
    /// `<stdin>` in errors).
    pub fn read(path: impl AsRef<Path>, lang: Lang, mode: InputMode) -> Result<Self> {
        let path = path.as_ref();
        let text = crate::read::read_file(path)?;
        Self::from_text(crate::read::display_path(path), text, lang, mode)
    }

    /// Reads, decodes and segments a file with `segmenter` (built-in or SRX
    /// rules); `-` is standard input.
    pub fn read_with(path: impl AsRef<Path>, segmenter: &Segmenter) -> Result<Self> {
        let path = path.as_ref();
        let text = crate::read::read_file(path)?;
        Self::with_segmenter(
            crate::read::display_path(path),
            text,
            segmenter,
            DEFAULT_MAX_SENTENCE_BYTES,
        )
    }

    /// The path the document came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The document's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The full decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The sentences in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// True when the document has no sentences (never the case for a
    /// document built by this module, which refuses empty input).
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        &self.text[self.sentences[i].span.clone()]
    }

    /// The first and last line (1-based) of the text that the sentences in
    /// `range` occupy, to find a segment in the file: the line the first
    /// begins on and the line the last ends on. `None` for an empty range
    /// or one past the sentences.
    ///
    /// ```
    /// use bitext::{Lang, document::{Document, InputMode}};
    /// let doc = Document::from_text("en.txt", "Title\n\nOne. Two.\nThree.\n", Lang::En, InputMode::Raw).unwrap();
    /// assert_eq!(doc.line_range(1..3), Some((3, 3)));
    /// assert_eq!(doc.line_range(2..4), Some((3, 4)));
    /// assert_eq!(doc.line_range(2..2), None);
    /// ```
    pub fn line_range(&self, range: Range<usize>) -> Option<(usize, usize)> {
        let first = self.sentences.get(range.start)?;
        let last = self.sentences.get(range.end.checked_sub(1)?)?;
        if range.is_empty() {
            return None;
        }
        let inside = crate::read::lines(&self.text[last.span.clone()]).len();
        Some((first.line, last.line + inside.saturating_sub(1)))
    }

    /// The texts of the sentences in `range`, joined as one segment: nothing
    /// between Chinese sentences, one space between English ones.
    pub fn joined(&self, range: Range<usize>) -> String {
        let mut out = String::new();
        for i in range {
            if !out.is_empty() {
                out.push_str(self.lang.joiner());
            }
            out.push_str(self.sentence_text(i));
        }
        out
    }

    /// Number of paragraphs.
    pub fn paragraphs(&self) -> usize {
        self.sentences.last().map_or(0, |s| s.paragraph + 1)
    }
}
