//! Chinese sentence boundaries.
//!
//! A sentence ends after a run of 。！？ (full- or half-width, `｡` too) or of
//! ellipses (…… ⋯⋯), with the closing quotes and brackets that follow kept in
//! the sentence. No break is made:
//! - when the run is followed by mid-sentence punctuation (，、；：);
//! - inside book titles (《》〈〉) and brackets opened mid-sentence;
//! - inside or at the close of a quotation embedded in a sentence
//!   (`他喊了一声“救命！”就跑了。`). A quotation that opens a sentence or follows
//!   a colon or comma is speech, and breaks inside it as usual;
//! - between a quotation ending in 。！？… and its *attribution*
//!   (`“阿黄，我们不能让灯灭了。”他对身边的狗说。`, `“走吧！”他说。`), so the unit
//!   matches the English `"…," he said to the dog.` See `attribution_follows`
//!   for what counts as one; `“……。”他走了出去。` is not one and breaks.
//!
//! ASCII `.` never ends a Chinese sentence (3.14, U.S., Python 3.11), and
//! semicolons and colons are not sentence ends.

use super::{is_closer, is_emoji};

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
        if is_terminator(c) || is_ellipsis(c) || han_period(&chars, k) {
            // The run: terminators and ellipses, spaces between them allowed
            // (`… …`, `。 ”` in text from PDFs and tokenised corpora).
            let mut j = k;
            loop {
                if j < chars.len()
                    && (is_terminator(chars[j].1)
                        || is_ellipsis(chars[j].1)
                        || han_period(&chars, j))
                {
                    j += 1;
                    continue;
                }
                let ws = chars[j..]
                    .iter()
                    .take_while(|p| p.1.is_whitespace())
                    .count();
                if ws > 0
                    && chars
                        .get(j + ws)
                        .is_some_and(|p| is_terminator(p.1) || is_ellipsis(p.1))
                {
                    j += ws;
                    continue;
                }
                break;
            }
            let mut closed_embedded = false;
            let mut last_closer = None;
            loop {
                // A closer may follow after spaces when it closes something
                // open or is unambiguous (never an ASCII quote).
                let ws = chars[j..]
                    .iter()
                    .take_while(|p| p.1.is_whitespace())
                    .count();
                let Some(&(_, closer)) = chars.get(j + ws) else {
                    break;
                };
                if is_emoji(closer) {
                    j += ws + 1;
                    continue;
                }
                if !is_closer(closer) {
                    break;
                }
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
                last_closer = Some(closer);
                j += ws + 1;
            }
            let next = chars[j..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace());
            let continues = matches!(
                next,
                Some('，' | '、' | '；' | '：' | ',' | ';' | ':' | '—' | '－' | '～' | '~')
            );
            let suppressed = closed_embedded || open.iter().any(|&(_, embedded)| embedded);
            // A run with nothing before it in the sentence (`“……我`) ends nothing.
            let before = chars[sentence_start..k]
                .iter()
                .rev()
                .map(|p| p.1)
                .find(|c| !c.is_whitespace());
            let empty = before.is_none_or(|b| opener_of(b, &[]).is_some());
            let attribution = matches!(last_closer, Some('”' | '’' | '」' | '』'))
                && attribution_follows(&chars[j..]);
            if next.is_some() && !continues && !suppressed && !empty && !attribution {
                let end = chars.get(j).map_or(para.len(), |&(b, _)| b);
                ends.push(end);
                sentence_start = j;
            }
            k = j;
            continue;
        }
        if c == '.'
            && let Some(after) = english_period(para, &chars, k, &mut open)
        {
            ends.push(chars.get(after).map_or(para.len(), |p| p.0));
            sentence_start = after;
            k = after;
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

/// Longest attribution, in characters before its closing terminator.
pub const MAX_ATTRIBUTION_CHARS: usize = 30;

/// Negations: none may be one of the two characters before the verb
/// (`她没回答。`, `他不说。`).
const ATTRIBUTION_NEGATIONS: &str = "没沒不未别別";

/// Speech verbs that end an attribution's first clause, each with the
/// characters that may not come just before it (`小说` a novel, `知道` to
/// know, `名称` a name …). The data/omegat-zh-en.srx rule lists the same.
const ATTRIBUTION_VERBS: &[(&str, &str)] = &[
    ("说", "小听据传再虽"),
    ("說", "小聽據傳再雖"),
    ("道", "知难難味街轨軌频頻渠人霸公一地"),
    ("问", "学顾疑访请追反询"),
    ("問", "學顧疑訪請追反詢"),
    ("答", "报報回"),
    ("称", "名简昵对职统俗堪相"),
    ("稱", "名簡暱對職統俗堪相"),
    ("喊", ""),
    ("回答", ""),
    ("追问", ""),
    ("追問", ""),
    ("反问", ""),
    ("反問", ""),
    ("询问", ""),
    ("詢問", ""),
    ("表示", ""),
    ("指出", ""),
    ("强调", ""),
    ("強調", ""),
    ("补充", ""),
    ("補充", ""),
    ("解释", ""),
    ("解釋", ""),
    ("回应", ""),
    ("回應", ""),
    ("宣布", ""),
    ("宣佈", ""),
    ("透露", ""),
    ("坦言", ""),
    ("感叹", ""),
    ("感嘆", ""),
    ("承认", ""),
    ("承認", ""),
    ("提醒", ""),
    ("告诉", ""),
    ("告訴", ""),
];

/// Objects that may follow the verb (`他问我。`, `她告诉记者。`).
const ATTRIBUTION_OBJECTS: &[&str] = &[
    "我们", "你们", "他们", "她们", "我們", "你們", "他們", "她們", "大家", "记者", "記者", "我",
    "你", "他", "她",
];

/// Whether `rest` (the text after a quotation's closing quote) opens with an
/// attribution that ends the quotation's sentence: at most
/// [`MAX_ATTRIBUTION_CHARS`] characters up to the next 。！？… with no
/// quotation, bracket, colon, semicolon or comma in them, ending in a speech
/// verb of [`ATTRIBUTION_VERBS`], optionally followed by a pronoun object,
/// with at least one Han character (the speaker's) just before the verb, not
/// one the verb lists as excluded, and no negation among the two characters
/// before it: `他对身边的狗说。`, `她问道。`. Not: `他走了出去。`, `他说完就走了。`,
/// `老周知道。`, `他说：“……”`, nor a speech verb that goes on after a comma
/// (`她同时指出，汇率波动可能造成影响。`, `发言人表示，双方分歧仍然很大。`): that
/// clause reports a statement of its own, a sentence of its own in English
/// too.
fn attribution_follows(rest: &[(usize, char)]) -> bool {
    let end = rest
        .iter()
        .position(|p| is_terminator(p.1) || is_ellipsis(p.1) || !attribution_char(p.1));
    let Some(end) = end.filter(|&e| e > 0 && e <= MAX_ATTRIBUTION_CHARS) else {
        return false;
    };
    if !(is_terminator(rest[end].1) || is_ellipsis(rest[end].1)) {
        return false;
    }
    let clause: Vec<char> = rest[..end].iter().map(|p| p.1).collect();
    !clause.iter().any(|c| matches!(c, '，' | ',' | '、')) && ends_with_speech_verb(&clause)
}

/// A character an attribution may hold (not a quotation or bracket opener,
/// colon, semicolon or line break).
fn attribution_char(c: char) -> bool {
    opener_of(c, &[]).is_none() && !matches!(c, '：' | ':' | '；' | ';' | '\n' | '\r')
}

fn ends_with_speech_verb(clause: &[char]) -> bool {
    let ends_with = |s: &[char], w: &str| {
        let n = w.chars().count();
        s.len() >= n && s[s.len() - n..].iter().copied().eq(w.chars())
    };
    let verb_ends = |s: &[char]| {
        ATTRIBUTION_VERBS.iter().any(|&(verb, not_after)| {
            let n = verb.chars().count();
            let before = |k: usize| s.len().checked_sub(n + k).map(|i| s[i]);
            ends_with(s, verb)
                && before(1).is_some_and(|c| {
                    crate::normalize::is_han(c)
                        && !not_after.contains(c)
                        && !ATTRIBUTION_NEGATIONS.contains(c)
                })
                && !before(2).is_some_and(|c| ATTRIBUTION_NEGATIONS.contains(c))
        })
    };
    verb_ends(clause)
        || ATTRIBUTION_OBJECTS
            .iter()
            .any(|o| ends_with(clause, o) && verb_ends(&clause[..clause.len() - o.chars().count()]))
}

/// A half-width `.` used as a full stop after a Han character (`我们走吧.他说`),
/// not before a Latin letter or digit.
fn han_period(chars: &[(usize, char)], k: usize) -> bool {
    chars[k].1 == '.'
        && k > 0
        && crate::normalize::is_han(chars[k - 1].1)
        && !chars
            .get(k + 1)
            .is_some_and(|p| p.1.is_ascii_alphanumeric() || p.1 == '.')
}

/// A period ending an English sentence inside Chinese text
/// (`他说：“Thank you. We are excited.”`): after an English word that is not
/// an abbreviation, before a space and a capitalised English word.
fn english_period(
    para: &str,
    chars: &[(usize, char)],
    k: usize,
    open: &mut Vec<(char, bool)>,
) -> Option<usize> {
    if k < 2 || !chars[k - 1].1.is_ascii_lowercase() || !chars[k - 2].1.is_ascii_alphabetic() {
        return None;
    }
    // `excited.”现场`: the quotation closes and Chinese text follows.
    let mut j = k + 1;
    while j < chars.len() && matches!(chars[j].1, '”' | '’' | '」' | '』') {
        j += 1;
    }
    if j > k + 1 && chars.get(j).is_some_and(|p| crate::normalize::is_han(p.1)) {
        let closes_embedded = chars[k + 1..j].iter().any(|p| {
            open.iter()
                .rposition(|&(want, _)| want == p.1)
                .is_some_and(|pos| open[pos..].iter().any(|&(_, e)| e))
        });
        if closes_embedded {
            return None;
        }
        for p in &chars[k + 1..j] {
            if let Some(pos) = open.iter().rposition(|&(want, _)| want == p.1) {
                open.truncate(pos);
            }
        }
        return Some(j);
    }
    let ws = chars[k + 1..].iter().take_while(|p| p.1 == ' ').count();
    if ws == 0 {
        return None;
    }
    let &(at, next) = chars.get(k + 1 + ws)?;
    if !next.is_ascii_uppercase() {
        return None;
    }
    let start = chars[..k]
        .iter()
        .rposition(|p| !p.1.is_ascii_alphabetic())
        .map_or(0, |p| p + 1);
    let word = &para[chars[start].0..chars[k].0];
    let next_end = para[at..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(para.len(), |e| at + e);
    super::en::period_ends_sentence(word, next, &para[at..next_end]).then_some(k + 1)
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

    /// The attribution rule is written twice: here and in the shipped SRX
    /// (`data/omegat-zh-en.srx`, from which OmegaT's conf is generated and
    /// checked by `tests/segment_cli.rs`). The SRX's speech verbs, the
    /// characters each may not follow, the negations, the objects and the
    /// length limit must be this module's, character for character.
    #[test]
    fn the_shipped_srx_attribution_rule_lists_these_verbs() {
        use super::{
            ATTRIBUTION_NEGATIONS, ATTRIBUTION_OBJECTS, ATTRIBUTION_VERBS, MAX_ATTRIBUTION_CHARS,
        };
        let srx = include_str!("../../data/omegat-zh-en.srx");
        let neg = ATTRIBUTION_NEGATIONS;
        let mut alternatives: Vec<String> = ATTRIBUTION_VERBS
            .iter()
            .filter(|(_, not_after)| !not_after.is_empty())
            .map(|(verb, not_after)| format!("[^\\P{{IsHan}}{neg}{not_after}]{verb}"))
            .collect();
        let plain: Vec<&str> = ATTRIBUTION_VERBS
            .iter()
            .filter(|(_, not_after)| not_after.is_empty())
            .map(|(verb, _)| *verb)
            .collect();
        alternatives.push(format!("[^\\P{{IsHan}}{neg}](?:{})", plain.join("|")));
        let verbs = format!(
            "(?:{})(?:{})?[",
            alternatives.join("|"),
            ATTRIBUTION_OBJECTS.join("|")
        );
        assert!(
            srx.contains(&verbs),
            "data/omegat-zh-en.srx does not list the attribution verbs of src/segment/zh.rs; it should hold\n{verbs}"
        );
        let limit = format!("{{1,{MAX_ATTRIBUTION_CHARS}}}");
        assert!(
            srx.contains(&limit),
            "the SRX's attribution is not {limit} characters"
        );
        assert!(
            srx.contains(&format!("{neg}])?(?:")),
            "the SRX's negations are not {neg}"
        );
    }

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
    fn attribution_stays_with_its_quotation() {
        assert_eq!(
            split("“阿黄，我们不能让灯灭了。”他对身边的狗说。阿黄摇了摇尾巴。"),
            [
                "“阿黄，我们不能让灯灭了。”他对身边的狗说。",
                "阿黄摇了摇尾巴。"
            ]
        );
        assert_eq!(split("“走吧！”他说。"), ["“走吧！”他说。"]);
        assert_eq!(split("“你来了？”她问道。"), ["“你来了？”她问道。"]);
        assert_eq!(split("“真的吗？”她问我。"), ["“真的吗？”她问我。"]);
        // A speech verb that goes on after a comma reports a statement of
        // its own (para_trials: a deleted sentence left 他补充说：“……。” before
        // 她同时指出，……。, which joined them).
        assert_eq!(
            split("“我们会坚持下去。”发言人表示，谈判还将继续。"),
            ["“我们会坚持下去。”", "发言人表示，谈判还将继续。"]
        );
        assert_eq!(
            split("他补充说：“我们将继续投入。”她同时指出，汇率波动可能造成影响。"),
            [
                "他补充说：“我们将继续投入。”",
                "她同时指出，汇率波动可能造成影响。"
            ]
        );
        // Speech quotes with several sentences: the last one takes it.
        assert_eq!(
            split("“你好！我是小王。”她笑着说。"),
            ["“你好！", "我是小王。”她笑着说。"]
        );
    }

    #[test]
    fn not_every_clause_after_a_quotation_is_an_attribution() {
        for (text, want) in [
            (
                "“不下了。”他走了出去，关上了门。",
                ["“不下了。”", "他走了出去，关上了门。"],
            ),
            ("“不下了。”他笑了笑。", ["“不下了。”", "他笑了笑。"]),
            ("“不下了。”他说完就走了。", ["“不下了。”", "他说完就走了。"]),
            ("“不下了。”老周知道。", ["“不下了。”", "老周知道。"]),
            ("“你去吗？”她没回答。", ["“你去吗？”", "她没回答。"]),
            ("“你去吗？”她没有回答。", ["“你去吗？”", "她没有回答。"]),
            ("“不下了。”他在写小说。", ["“不下了。”", "他在写小说。"]),
            ("“不下了。”说。", ["“不下了。”", "说。"]),
            ("“不下了。”他说：“走吧。”", ["“不下了。”", "他说：“走吧。”"]),
            (
                // Longer than MAX_ATTRIBUTION_CHARS.
                "“不下了。”他在昏暗的灯光下对站在门口等了很久的那个年轻人和他的两个朋友说。",
                [
                    "“不下了。”",
                    "他在昏暗的灯光下对站在门口等了很久的那个年轻人和他的两个朋友说。",
                ],
            ),
        ] {
            assert_eq!(split(text), want, "{text}");
        }
    }

    #[test]
    fn ascii_period_and_semicolon_do_not_break() {
        assert_eq!(
            split("增长3.14%；U.S.代表发言。"),
            ["增长3.14%；U.S.代表发言。"]
        );
    }
}
