//! Chinese sentence boundaries.
//!
//! A sentence ends after a run of 。！？ (full- or half-width, `｡` too) or of
//! ellipses (…… ⋯⋯), with the closing quotes and brackets that follow kept in
//! the sentence. No break is made:
//! - when the run is followed by mid-sentence punctuation (，、；：);
//! - inside book titles (《》〈〉) and brackets opened mid-sentence;
//! - inside or at the close of a quotation embedded in a sentence
//!   (`他喊了一声“救命！”就跑了。`). A quotation that opens a sentence or follows
//!   a colon or comma is speech, and breaks inside it as usual.
//!
//! ASCII `.` never ends a Chinese sentence (3.14, U.S., Python 3.11), and
//! semicolons and colons are not sentence ends.

use super::is_closer;

/// Returns the byte offsets (within `para`) where sentences end.
pub fn sentence_ends(para: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut ends = Vec::new();
    // Open quotes and brackets: (expected closer, suppresses breaks).
    let mut open: Vec<(char, bool)> = Vec::new();
    let mut sentence_start = 0usize; // index into `chars`
    // Quotes and brackets never closed in the paragraph do not suppress breaks.
    let matched = matched_openers(&chars);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if is_terminator(c) || is_ellipsis(c) {
            let mut j = k;
            while j < chars.len() && (is_terminator(chars[j].1) || is_ellipsis(chars[j].1)) {
                j += 1;
            }
            let mut closed_embedded = false;
            while j < chars.len() && is_closer(chars[j].1) {
                let closer = chars[j].1;
                if let Some(pos) = open.iter().rposition(|&(want, _)| want == closer) {
                    closed_embedded |= open[pos..].iter().any(|&(_, embedded)| embedded);
                    open.truncate(pos);
                } else if !matches!(closer, '"' | '\'') {
                    // A stray closer: keep it with the sentence.
                } else {
                    // An ASCII quote with nothing open is an opener of the
                    // next sentence; stop here.
                    break;
                }
                j += 1;
            }
            let next = chars[j..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace());
            let continues = matches!(next, Some('，' | '、' | '；' | '：' | ',' | ';' | ':'));
            let suppressed = closed_embedded || open.iter().any(|&(_, embedded)| embedded);
            if next.is_some() && !continues && !suppressed {
                let end = chars.get(j).map_or(para.len(), |&(b, _)| b);
                ends.push(end);
                sentence_start = j;
            }
            k = j;
            continue;
        }
        if let Some(closer) = opener_at(&chars, k, &open) {
            if !matched[k] {
                k += 1;
                continue;
            }
            let prev = chars[sentence_start..k]
                .iter()
                .rev()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace());
            let speech_context = match prev {
                None => true,
                Some(p) => matches!(p, '：' | ':' | '，' | ',') || opener_of(p, &[]).is_some(),
            };
            let embedded = match c {
                '《' | '〈' => true,
                '“' | '‘' | '「' | '『' | '"' | '\'' => !speech_context,
                _ => prev.is_some(),
            };
            open.push((closer, embedded));
        } else if is_closer(c)
            && let Some(pos) = open.iter().rposition(|&(want, _)| want == c)
        {
            open.truncate(pos);
        }
        k += 1;
    }
    ends
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '｡' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_ellipsis(c: char) -> bool {
    matches!(c, '…' | '⋯')
}

/// The closer expected if `chars[k]` opens a quotation or bracket. An ASCII
/// apostrophe after a letter or digit (`People's`) opens nothing.
fn opener_at(chars: &[(usize, char)], k: usize, open: &[(char, bool)]) -> Option<char> {
    let c = chars[k].1;
    if c == '\'' && k > 0 && chars[k - 1].1.is_alphanumeric() {
        return None;
    }
    opener_of(c, open)
}

/// For each character, whether it is an opener whose closer appears later in
/// the paragraph.
fn matched_openers(chars: &[(usize, char)]) -> Vec<bool> {
    let mut matched = vec![false; chars.len()];
    let mut open: Vec<(char, bool)> = Vec::new();
    let mut at: Vec<usize> = Vec::new();
    for k in 0..chars.len() {
        let c = chars[k].1;
        if let Some(pos) = open.iter().rposition(|&(want, _)| want == c) {
            matched[at[pos]] = true;
            open.truncate(pos);
            at.truncate(pos);
        } else if let Some(closer) = opener_at(chars, k, &open) {
            open.push((closer, false));
            at.push(k);
        }
    }
    matched
}

/// The closer expected for an opening quote or bracket. ASCII quotes open
/// only when the same quote is not already open.
fn opener_of(c: char, open: &[(char, bool)]) -> Option<char> {
    Some(match c {
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        '《' => '》',
        '〈' => '〉',
        '（' => '）',
        '(' => ')',
        '【' => '】',
        '〔' => '〕',
        '"' | '\'' if !open.iter().any(|&(want, _)| want == c) => c,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::segment::Segmenter;

    fn split(text: &str) -> Vec<&str> {
        Segmenter::new(Lang::Zh)
            .split_paragraph(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn titles_and_embedded_quotes_do_not_break() {
        assert_eq!(
            split("我们去看《摔跤吧！爸爸》好吗？好！"),
            ["我们去看《摔跤吧！爸爸》好吗？", "好！"]
        );
        assert_eq!(
            split("他喊了一声“救命！”就跑了。"),
            ["他喊了一声“救命！”就跑了。"]
        );
    }

    #[test]
    fn speech_quotes_break_inside() {
        assert_eq!(
            split("他说：“你好！我是小王。”她笑了。"),
            ["他说：“你好！", "我是小王。”", "她笑了。"]
        );
    }

    #[test]
    fn ascii_period_and_semicolon_do_not_break() {
        assert_eq!(
            split("增长3.14%；U.S.代表发言。"),
            ["增长3.14%；U.S.代表发言。"]
        );
    }
}
