//! Paragraph breaks as evidence against a bead that joins two paragraphs
//! on one side only ([`super::cost::CostModel::paragraph_join`]).
//!
//! A sentence left out of short text laid out one sentence a paragraph
//! (release notes, a notice) was folded into its neighbour's bead across
//! the paragraph break (`[3,4]:[3]`): nothing made a bead dearer for
//! joining sentences of two paragraphs while the other side's sentence
//! stood in a paragraph of its own (trial 29, smaller finding 4; the
//! paragraph cost in `cost.rs` only looks at a bead's two ends, which are
//! in step there). A bead now pays when one side's sentences cross a
//! paragraph break that follows a sentence end and the other side's lie in
//! one paragraph, provided neither side is split into clearly more
//! paragraphs than the other ([`joins_checked`]): a side with many more
//! paragraphs (the sample release's English, 36 against 9) breaks where
//! the other runs on, and its beads cross those breaks as a matter of
//! course.

use crate::document::Document;

/// Whether sentence `i` of `doc` ends on a sentence-final mark (after any
/// closing quotes, brackets and emoji). A paragraph break after one that
/// does not (a title, a lead-in ending on a colon, a hard-wrapped line)
/// may well run on into the next paragraph, and is not counted.
pub(crate) fn sentence_ends(doc: &Document) -> Vec<bool> {
    (0..doc.len())
        .map(|i| {
            doc.sentence_text(i)
                .trim_end()
                .chars()
                .rev()
                .find(|&c| {
                    !crate::segment::is_emoji(c)
                        && !c.is_whitespace()
                        && !matches!(
                            c,
                            '"' | '\''
                                | '”'
                                | '’'
                                | '」'
                                | '』'
                                | '》'
                                | '〉'
                                | ')'
                                | '）'
                                | ']'
                                | '】'
                        )
                })
                .is_some_and(|c| {
                    matches!(c, '。' | '！' | '？' | '.' | '!' | '?' | '…' | '｡' | '．')
                })
        })
        .collect()
}

/// For documents of `src` and `tgt` paragraphs: whether a bead whose
/// source (first) or target (second) side crosses a paragraph break, while
/// its other side lies in one paragraph, pays
/// [`super::cost::CostModel::paragraph_join`]. Both sides need two
/// paragraphs or more, and neither may have clearly more than the other
/// (at most 10% more and one). Checking only the side with fewer
/// paragraphs (the sample release's Chinese, 9 against 36) cost the
/// sample's single deletions (47 → 46 of 50 found at `0.1,0.25`): its
/// Chinese sentences then had one way less to absorb a neighbour, and the
/// English sentence of a deleted Chinese one went into a 1-2 bead.
pub(crate) fn joins_checked(src: usize, tgt: usize) -> (bool, bool) {
    let checked = |a: usize, b: usize| a >= 2 && b >= 2 && a as f64 <= b as f64 * 1.1 + 1.0;
    let both = checked(src, tgt) && checked(tgt, src);
    (both, both)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::document::InputMode;

    #[test]
    fn sentence_ends_see_through_closing_marks_and_emoji() {
        let doc = Document::from_text(
            "en.txt",
            "Release Notes\nThanks to all testers 🎉!\nSee the \"File\" menu.\"\nNew features:\nand a wrapped line\n",
            Lang::En,
            InputMode::Raw,
        )
        .unwrap();
        assert_eq!(sentence_ends(&doc), [false, true, true, false, false]);
        let zh = Document::from_text(
            "zh.txt",
            "更新说明\n感谢测试用户！\n他说：“好。”\n其中包括\n",
            Lang::Zh,
            InputMode::Raw,
        )
        .unwrap();
        assert_eq!(sentence_ends(&zh), [false, true, true, false]);
    }

    #[test]
    fn joins_are_checked_on_a_side_not_split_into_clearly_more_paragraphs() {
        // One one-sentence paragraph left out of eleven: both sides.
        assert_eq!(joins_checked(11, 10), (true, true));
        assert_eq!(joins_checked(5, 4), (true, true));
        // The sample release: 9 Chinese paragraphs, 36 English ones.
        assert_eq!(joins_checked(9, 36), (false, false));
        assert_eq!(joins_checked(10, 13), (false, false));
        // Presegmented text is one paragraph.
        assert_eq!(joins_checked(1, 1), (false, false));
        assert_eq!(joins_checked(1, 12), (false, false));
    }
}
