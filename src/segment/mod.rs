//! Sentence segmentation for Chinese and English.
//!
//! A text is split into paragraphs at line breaks (blank lines are skipped),
//! and each paragraph into sentences by the rules of its language
//! ([`zh`] and [`en`]). A paragraph break always ends a sentence.
//! Segmentation never alters or drops a character: each sentence is a byte
//! span of the input, trimmed of surrounding whitespace, and the text between
//! two consecutive sentences of a paragraph is whitespace only.
//!
//! ```
//! use bitext::{Lang, segment::Segmenter};
//! let text = "他说：“我走了。”她没回答。\n王毅主持会议。";
//! let spans = Segmenter::new(Lang::Zh).segment(text);
//! let got: Vec<&str> = spans.iter().map(|s| &text[s.span.clone()]).collect();
//! assert_eq!(got, ["他说：“我走了。”", "她没回答。", "王毅主持会议。"]);
//! assert_eq!(spans[2].paragraph, 1);
//! ```

pub mod en;
pub mod srx;
pub mod zh;

use crate::lang::Lang;
use crate::read::lines;
use std::ops::Range;
use std::sync::Arc;

/// A sentence found in a text: its byte span and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte span of the sentence in the text, without surrounding whitespace.
    pub span: Range<usize>,
    /// 0-based index of the paragraph (non-blank line) holding it.
    pub paragraph: usize,
    /// 1-based line number where it starts.
    pub line: usize,
}

/// Splits text into sentences by the rules of one language: bitext's
/// built-in rules, or the rules an SRX file gives for the language.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: Lang,
    srx: Option<Arc<srx::LangRules>>,
}

impl Segmenter {
    /// A segmenter for `lang` with the built-in rules.
    pub fn new(lang: Lang) -> Self {
        Segmenter { lang, srx: None }
    }

    /// A segmenter with SRX rules (from [`srx::SrxRules::for_lang`]) instead
    /// of the built-in rules; `lang` is the language of the text.
    pub fn with_srx(lang: Lang, rules: srx::LangRules) -> Self {
        Segmenter {
            lang,
            srx: Some(Arc::new(rules)),
        }
    }

    /// The language of the text this segmenter splits.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Splits one paragraph (text without line breaks) into sentence spans
    /// relative to the paragraph, trimmed of surrounding whitespace.
    pub fn split_paragraph(&self, paragraph: &str) -> Vec<Range<usize>> {
        let ends = match (&self.srx, self.lang) {
            (Some(rules), _) => rules.breaks(paragraph),
            (None, Lang::Zh) => {
                let mut ends = zh::sentence_ends(paragraph);
                bullet_breaks(paragraph, &mut ends);
                ends
            }
            (None, Lang::En) => {
                let mut ends = en::sentence_ends(paragraph);
                bullet_breaks(paragraph, &mut ends);
                ends
            }
        };
        let mut out = Vec::with_capacity(ends.len() + 1);
        let mut start = 0;
        for end in ends.into_iter().chain(std::iter::once(paragraph.len())) {
            if let Some(span) = trim_span(paragraph, start..end) {
                out.push(span);
            }
            start = end;
        }
        out
    }

    /// Splits a whole text: every non-blank line is a paragraph, and each
    /// paragraph is split into sentences. Spans are relative to `text`.
    pub fn segment(&self, text: &str) -> Vec<SentenceSpan> {
        let mut out = Vec::new();
        let mut paragraph = 0;
        for line in lines(text) {
            let body = &text[line.span.clone()];
            if body.trim().is_empty() {
                continue;
            }
            for span in self.split_paragraph(body) {
                out.push(SentenceSpan {
                    span: span.start + line.span.start..span.end + line.span.start,
                    paragraph,
                    line: line.number,
                });
            }
            paragraph += 1;
        }
        out
    }
}

/// Takes one segment per non-blank line, trimmed (the `--presegmented` mode).
/// Presegmented text has no paragraph structure: every segment is in
/// paragraph 0.
pub fn presegmented(text: &str) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    for line in lines(text) {
        if let Some(span) = trim_span(text, line.span.clone()) {
            out.push(SentenceSpan {
                span,
                paragraph: 0,
                line: line.number,
            });
        }
    }
    out
}

/// Narrows a span to exclude leading and trailing whitespace; `None` when
/// nothing but whitespace is left.
fn trim_span(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let s = &text[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// Emoji and pictographs: after a sentence end they stay with the sentence
/// (`太好了！😀 明天见。`).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55 | 0xFE0F | 0x200D)
}

/// Bullets that open a list item; inside a paragraph, one preceded by a
/// space starts a new segment (`• one • two`). The middle dot of names
/// (`马丁·路德`) is not one.
pub fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '●' | '▪' | '◆' | '■' | '⁃' | '◦' | '‣' | '□' | '◇' | '○' | '►' | '▶'
    )
}

/// Adds a break before every bullet that follows whitespace and some text
/// (an inline list), keeping `ends` sorted and without duplicates.
pub(crate) fn bullet_breaks(para: &str, ends: &mut Vec<usize>) {
    if !may_hold_bullet(para) {
        return;
    }
    let mut prev: Option<char> = None;
    let mut seen_text = false;
    let mut added = false;
    for (i, c) in para.char_indices() {
        if is_bullet(c)
            && seen_text
            && prev.is_some_and(|p| p.is_whitespace() || matches!(p, '：' | ':'))
        {
            ends.push(i);
            added = true;
        }
        if !c.is_whitespace() {
            seen_text = true;
        }
        prev = Some(c);
    }
    if added {
        ends.sort_unstable();
        ends.dedup();
    }
}

/// A fast byte scan: whether `s` may hold one of the bullets of
/// [`is_bullet`] (all of them are encoded E2 80 A2/A3, E2 81 83, E2 96 xx or
/// E2 97 xx in UTF-8), so that paragraphs without any skip the character
/// pass.
fn may_hold_bullet(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| x == 0xE2) {
        let j = i + p;
        match (b.get(j + 1), b.get(j + 2)) {
            (Some(0x80), Some(0xA2 | 0xA3)) | (Some(0x81), Some(0x83)) | (Some(0x96 | 0x97), _) => {
                return true;
            }
            _ => {}
        }
        i = j + 1;
    }
    false
}

/// Closing quotes and brackets that stay with the sentence they close.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | ']' | '〉' | '»'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_skipped_and_paragraphs_counted() {
        let text = "  First.\r\n\r\n  Second one. Third!\n";
        let got = Segmenter::new(Lang::En).segment(text);
        let words: Vec<&str> = got.iter().map(|s| &text[s.span.clone()]).collect();
        assert_eq!(words, ["First.", "Second one.", "Third!"]);
        assert_eq!(
            got.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 1, 1]
        );
        assert_eq!(got.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 3, 3]);
    }

    #[test]
    fn bullet_scan_finds_every_bullet() {
        for c in [
            '•', '●', '▪', '◆', '■', '⁃', '◦', '‣', '□', '◇', '○', '►', '▶',
        ] {
            assert!(is_bullet(c));
            assert!(may_hold_bullet(&format!("ab{c}cd")), "{c}");
        }
        assert!(!may_hold_bullet("“他说……”——好。"));
    }

    #[test]
    fn presegmented_takes_lines_as_they_are() {
        let text = "一。二。\n\n  three. Four \n";
        let got: Vec<&str> = presegmented(text)
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect();
        assert_eq!(got, ["一。二。", "three. Four"]);
    }
}
