//! Normalization for matching.
//!
//! Matching (numbers, Latin tokens, punctuation cues) works on text folded by
//! NFKC, which also folds full-width forms (`１２`, `ＵＮ`, `？`) to their
//! ASCII counterparts. The folded text is never written out: every output uses
//! the user's original text.

use unicode_normalization::UnicodeNormalization;

/// Folds a string for matching: NFKC (which folds full-width and half-width
/// forms) and lower case.
///
/// ```
/// assert_eq!(bitext::normalize::fold("ＣＯＶＩＤ－１９？"), "covid-19?");
/// ```
pub fn fold(text: &str) -> String {
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

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("Ｕ．Ｎ．"), "u.n.");
        assert_eq!(fold("？！９中"), "?!9中");
        assert!(is_han('中') && !is_han('a') && !is_han('。'));
    }
}
