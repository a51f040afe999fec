//! Normalization for matching.
//!
//! Matching (numbers, Latin tokens, punctuation cues) works on text folded by
//! NFKC, which also folds full-width forms (`１２`, `ＵＮ`, `？`) to their
//! ASCII counterparts. The folded text is never written out: every output uses
//! the user's original text.
//!
//! Traditional Han characters fold to simplified ones ([`fold_traditional`])
//! through a table generated from CC-CEDICT
//! (`data/traditional.tsv`, `scripts/gen-fold.sh`), so that every rule and
//! word list written for simplified text (们, 没, 万, 亿, 点, the lexicon's
//! simplified headwords) reads 們, 沒, 萬, 億, 點 alike. The fold maps one
//! character to one character of the same UTF-8 length, so a byte offset
//! into folded text is the same offset into the original.

use std::borrow::Cow;
use std::sync::OnceLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The traditional → simplified table, generated from CC-CEDICT by
/// `examples/gen_fold.rs` (CC BY-SA 4.0, see `data/LICENSE-CC-CEDICT.md`).
const TRADITIONAL: &str = include_str!("../data/traditional.tsv");

/// The code points the table's quick test covers: the BMP's Han blocks
/// (CJK Unified Ideographs and Extension A). Characters outside it are
/// looked up in the sorted list alone.
const QUICK_FIRST: u32 = 0x3400;
const QUICK_LAST: u32 = 0x9FFF;

/// The parsed table: the pairs sorted by traditional character, and one bit
/// per code point of the Han blocks saying whether it folds.
struct FoldTable {
    pairs: Vec<(char, char)>,
    bits: Vec<u64>,
}

impl FoldTable {
    /// Whether [`simplified`] changes `c` (every pair of the table maps a
    /// character to another, and the bits mark the pairs of the Han
    /// blocks).
    #[inline]
    fn folds(&self, c: char) -> bool {
        let code = c as u32;
        if code < QUICK_FIRST {
            return false;
        }
        if code <= QUICK_LAST {
            let k = (code - QUICK_FIRST) as usize;
            return self.bits[k / 64] & (1 << (k % 64)) != 0;
        }
        self.pairs.binary_search_by_key(&c, |p| p.0).is_ok()
    }
}

fn table() -> &'static FoldTable {
    static TABLE: OnceLock<FoldTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = TRADITIONAL
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (t, s) = l.split_once('\t')?;
                let (mut t, mut s) = (t.chars(), s.chars());
                let (t, s) = (
                    t.next().filter(|_| t.next().is_none())?,
                    s.next().filter(|_| s.next().is_none())?,
                );
                // Only pairs that keep byte offsets (the generator writes no other).
                (t.len_utf8() == s.len_utf8() && t != s).then_some((t, s))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let mut bits = vec![0u64; ((QUICK_LAST - QUICK_FIRST) as usize).div_ceil(64) + 1];
        for &(t, _) in &pairs {
            let c = t as u32;
            if (QUICK_FIRST..=QUICK_LAST).contains(&c) {
                let k = (c - QUICK_FIRST) as usize;
                bits[k / 64] |= 1 << (k % 64);
            }
        }
        FoldTable { pairs, bits }
    })
}

/// The simplified counterpart of a traditional Han character (`們` → `们`,
/// `萬` → `万`); any other character is returned as it is. The counterpart
/// always has the same UTF-8 length. Characters that simplified text also
/// writes (著, 乾, 瞭, 么) are left alone, so that simplified text does not
/// change; the exceptions are three that it writes only in rare words
/// (於, 徵, 閒: see `examples/gen_fold.rs`).
///
/// ```
/// use bitext::normalize::simplified;
/// assert_eq!(simplified('們'), '们');
/// assert_eq!(simplified('们'), '们');
/// assert_eq!(simplified('a'), 'a');
/// ```
pub fn simplified(c: char) -> char {
    let code = c as u32;
    if code < QUICK_FIRST {
        return c;
    }
    let t = table();
    if code <= QUICK_LAST {
        let k = (code - QUICK_FIRST) as usize;
        if t.bits[k / 64] & (1 << (k % 64)) == 0 {
            return c;
        }
    }
    match t.pairs.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => t.pairs[i].1,
        Err(_) => c,
    }
}

/// Folds the traditional characters of `text` to simplified ones
/// ([`simplified`]), borrowing the text when it has none. The result has
/// the same length in bytes, and every character sits at the same byte
/// offset as in `text`: a span found in the folded text is a span of the
/// original, which is what output must quote.
///
/// ```
/// use bitext::normalize::fold_traditional;
/// let text = "我們沒有看到這份報告。";
/// let folded = fold_traditional(text);
/// assert_eq!(folded, "我们没有看到这份报告。");
/// assert_eq!(folded.len(), text.len());
/// assert!(matches!(fold_traditional("我们没有。"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn fold_traditional(text: &str) -> Cow<'_, str> {
    // Characters below U+3000 (a first byte below 0xE3: ASCII, Latin,
    // punctuation) fold to themselves; the characters are looked at from
    // the first that may not (a first byte is a character boundary).
    let Some(from) = first_from_e3(text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let t = table();
    let Some(first) = text[from..]
        .char_indices()
        .find(|&(_, c)| t.folds(c))
        .map(|(i, _)| from + i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().map(simplified));
    Cow::Owned(out)
}

/// The place of the first byte of `bytes` from 0xE3 on, if any (the first
/// byte of a character from U+3000 on), looked for eight bytes at a time
/// while they are ASCII (most of an English text is).
fn first_from_e3(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        if u64::from_le_bytes(b) & 0x8080_8080_8080_8080 != 0
            && let Some(k) = w.iter().position(|&b| b >= 0xE3)
        {
            return Some(at + k);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b >= 0xE3)
        .map(|k| at + k)
}

/// Folds a string for matching: NFKC (which folds full-width and half-width
/// forms) and lower case. Traditional characters are folded before, where
/// a stage takes its text in ([`fold_traditional`]: the aligner's features,
/// the quality stage's segments).
///
/// ```
/// assert_eq!(bitext::normalize::fold("ＣＯＶＩＤ－１９？"), "covid-19?");
/// ```
pub fn fold(text: &str) -> String {
    // ASCII is its own NFKC, and lower-cases as ASCII; text the quick check
    // finds normalized already needs lower-casing only (a Chinese sentence
    // without full-width forms).
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return text.chars().flat_map(char::to_lowercase).collect();
    }
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// True for Han ideographs (CJK Unified Ideographs and extensions, and
/// compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast paths (ASCII, text already normalized) fold as the
        /// full normalization does.
        #[test]
        fn fast_paths_fold_as_the_full_normalization(
            text in "[a-zA-Z0-9 .,]{0,12}|\\PC{0,12}|[ＡＢａｂ１２中文國語ﬁ①\u{300}e ]{0,12}"
        ) {
            let full: String = text.nfkc().flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(fold(&text), full);
        }

        /// Folding the traditional characters skips the text before the
        /// first character from U+3000 on, and is the fold of every
        /// character all the same.
        #[test]
        fn traditional_folding_is_the_fold_of_every_character(
            text in "[a-zé。 \u{2fff}\u{3000}\u{3007}\u{33ff}\u{3400}們沒萬中文国國語\u{f900}\u{2f800}]{0,12}|\\PC{0,12}"
        ) {
            let each: String = text.chars().map(simplified).collect();
            let folded = fold_traditional(&text);
            proptest::prop_assert_eq!(folded.as_ref(), each.as_str());
        }
    }

    #[test]
    fn the_first_byte_from_e3_by_words_is_the_first_by_bytes() {
        // Every length up to three words, every place of a byte of each
        // kind, with ASCII or other bytes elsewhere.
        for len in 0..26 {
            for fill in [b'a', 0x80, 0xC3, 0xE2] {
                for place in 0..=len {
                    for b in [b'z', 0x7F, 0xBF, 0xE2, 0xE3, 0xE4, 0xF0, 0xFF] {
                        let mut bytes = vec![fill; len];
                        if place < len {
                            bytes[place] = b;
                        }
                        assert_eq!(
                            first_from_e3(&bytes),
                            bytes.iter().position(|&b| b >= 0xE3),
                            "{bytes:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn characters_fold_by_the_table_test_as_they_fold() {
        let t = table();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(t.folds(c), simplified(c) != c, "{c:?}");
        }
    }

    #[test]
    fn characters_below_u3000_fold_to_themselves() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(simplified(c), c);
        }
    }

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("Ｕ．Ｎ．"), "u.n.");
        assert_eq!(fold("？！９中"), "?!9中");
        assert!(is_han('中') && !is_han('a') && !is_han('。'));
    }

    #[test]
    fn traditional_folds_to_simplified_keeping_offsets() {
        let text = "們沒萬億兩點圓國報告期間後發髮裡裏於麼";
        let folded = fold_traditional(text);
        assert_eq!(folded, "们没万亿两点圆国报告期间后发发里里于么");
        assert_eq!(folded.len(), text.len());
        // Characters simplified text also writes are kept.
        for c in ['著', '乾', '瞭', '后', '里', '干', '发'] {
            assert_eq!(simplified(c), c);
        }
        // Simplified text, ASCII and other scripts are borrowed as they are.
        for t in [
            "我们没有看到这份报告。",
            "COVID-19, 1,000",
            "ひらがな한국어",
            "",
        ] {
            assert!(matches!(fold_traditional(t), Cow::Borrowed(_)), "{t}");
        }
        // A traditional character after others keeps its place.
        assert_eq!(fold_traditional("ab中們"), "ab中们");
    }

    #[test]
    fn the_fold_table_keeps_lengths_and_is_idempotent() {
        let t = table();
        assert!(t.pairs.len() > 2000, "{}", t.pairs.len());
        for &(a, b) in &t.pairs {
            assert_eq!(a.len_utf8(), b.len_utf8());
            assert!(is_han(a) && is_han(b) && a != b);
            assert_eq!(simplified(a), b);
            assert_eq!(simplified(b), b, "{a} → {b} folds again");
        }
    }
}
