//! Finance notations the number check reads beside the numbers (trial 30,
//! problem 11 and B10):
//!
//! * a rank: 第二大 is *second largest*, 最大 *largest* (rank 1); a rank
//!   lost (第二大 → *largest*) or added (最大 → *second largest*) is an
//!   error;
//! * a per-share base: 每10股 is *per 10 shares*, 每股 *per share*. A
//!   dividend of 每10股派3元 is RMB 0.3 per share: *RMB 0.3 per share*
//!   meets it, *RMB 3 per share* (the base lost, a tenfold amount) is an
//!   error;
//! * a period of the year: 上半年 *first half* (*H1*, *1H*), 下半年
//!   *second half*, 前三季度 *first three quarters* (*first nine months*),
//!   一季度 *first quarter* (*Q1*, *1Q*); a period swapped is an
//!   error, and the digit of *Q1* or *H1* meets its Chinese period;
//! * an amount restated beside itself in brackets, in words and in digits
//!   (壹佰贰拾万元整（¥1,200,000）, *One Million Two Hundred Thousand (RMB
//!   1,200,000)*, *thirty (30) days*): a restatement that disagrees with
//!   what it restates is an error on either side.

use super::{Flag, FlagKind, Severity, Side, Span};
use crate::lang::Lang;
use crate::numbers::{Mention, MentionKind};

/// A notation found in a text: its byte span and what it says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found<T> {
    pub start: usize,
    pub end: usize,
    pub what: T,
}

/// A period of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// The first (1) or second (2) half.
    Half(u8),
    /// The quarter 1–4.
    Quarter(u8),
    /// The first n quarters (前三季度: 3, *the first nine months*).
    FirstQuarters(u8),
}

impl Period {
    fn name(self) -> String {
        match self {
            Period::Half(1) => "first half".into(),
            Period::Half(_) => "second half".into(),
            Period::Quarter(n) => format!("Q{n}"),
            Period::FirstQuarters(n) => format!("first {n} quarters"),
        }
    }
}

/// A small number written in digits (ASCII or full width) or in Chinese
/// numerals (一 to 九十九, 两), as a rank or a base writes it.
fn small_number(run: &str) -> Option<u32> {
    if run.is_empty() {
        return None;
    }
    let ascii: String = run
        .chars()
        .map(crate::numbers::ascii_digit)
        .collect::<String>();
    if ascii.chars().all(|c| c.is_ascii_digit()) {
        return ascii.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = run.chars().collect();
    match chars[..] {
        ['两'] => Some(2),
        ['十'] => Some(10),
        [c] => digit(c).map(|d| d as u32),
        ['十', b] => digit(b).map(|d| 10 + d as u32),
        [a, '十'] => digit(a).map(|d| 10 * d as u32),
        [a, '十', b] => Some(10 * digit(a)? as u32 + digit(b)? as u32),
        _ => None,
    }
}

/// The Chinese numeral or digit characters of a small number.
fn numeral_char(c: char) -> bool {
    "零一二三四五六七八九十两".contains(c) || crate::numbers::ascii_digit(c).is_ascii_digit()
}

/// The adjectives a Chinese rank ranks by (第二大, 最高).
const ZH_RANKED: &str = "大高多低小强";

/// English superlatives a rank ranks by (*the second largest*).
const EN_SUPERLATIVES: &[&str] = &[
    "largest",
    "biggest",
    "highest",
    "greatest",
    "lowest",
    "smallest",
    "strongest",
];

/// The value of an English ordinal in words or digits (*second*, *2nd*).
fn english_ordinal(w: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    // The words are in lower case: compared without case, as `w` in lower
    // case would be (no copy of it made, for a function called per word).
    if let Some(i) = WORDS.iter().position(|x| x.eq_ignore_ascii_case(w)) {
        return Some(i as u32 + 1);
    }
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &w[digits..];
    (digits > 0
        && ["st", "nd", "rd", "th"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(suffix)))
    .then(|| w[..digits].parse().ok())
    .flatten()
}

/// The ASCII words of a text (letters and digits), with their spans.
fn words(text: &str) -> Vec<(usize, usize)> {
    crate::numbers::ascii_runs(text, u8::is_ascii_alphanumeric)
}

/// The ranks a text states: 第N大 and 最大 (1) in Chinese; *the largest*
/// (1), *the Nth largest* or *Nth-largest* in English. A superlative among
/// others (*one of the largest*, *among the largest*) ranks nothing.
pub(crate) fn ranks(text: &str, lang: Lang) -> Vec<Found<u32>> {
    let mut out = Vec::new();
    match lang {
        Lang::Zh => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let end_of = |j: usize| chars.get(j).map_or(text.len(), |&(b, _)| b);
            let mut k = 0;
            while k < chars.len() {
                let (b, c) = chars[k];
                if c == '最'
                    && chars
                        .get(k + 1)
                        .is_some_and(|&(_, a)| ZH_RANKED.contains(a))
                {
                    out.push(Found {
                        start: b,
                        end: end_of(k + 2),
                        what: 1,
                    });
                    k += 2;
                    continue;
                }
                if c == '第' {
                    let mut j = k + 1;
                    while j < chars.len() && numeral_char(chars[j].1) {
                        j += 1;
                    }
                    let run = &text[end_of(k + 1)..end_of(j)];
                    if j > k + 1
                        && chars.get(j).is_some_and(|&(_, a)| ZH_RANKED.contains(a))
                        && let Some(n) = small_number(run)
                    {
                        out.push(Found {
                            start: b,
                            end: end_of(j + 1),
                            what: n,
                        });
                        k = j + 1;
                        continue;
                    }
                }
                k += 1;
            }
        }
        Lang::En => {
            let ws = words(text);
            // One copy in lower case, read through the words' spans (ASCII
            // case keeps every byte's place).
            let lower = text.to_ascii_lowercase();
            for (i, &(s, e)) in ws.iter().enumerate() {
                let w = &lower[s..e];
                if !EN_SUPERLATIVES.contains(&w) {
                    continue;
                }
                let before = |n: usize| {
                    (i >= n).then(|| {
                        let (a, b) = ws[i - n];
                        &lower[a..b]
                    })
                };
                // *one of the largest*, *among the largest*.
                let among = matches!(
                    (before(1), before(2), before(3)),
                    (
                        Some("the"),
                        Some("of"),
                        Some("one" | "some" | "two" | "three")
                    ) | (Some("the"), Some("among"), _)
                );
                if among {
                    continue;
                }
                let ordinal = (i >= 1)
                    .then(|| {
                        let (a, b) = ws[i - 1];
                        let gap = &text[b..s];
                        matches!(gap, " " | "-" | "\u{a0}")
                            .then(|| english_ordinal(&text[a..b]).map(|n| (a, n)))
                            .flatten()
                    })
                    .flatten();
                let (start, n) = ordinal.unwrap_or((s, 1));
                out.push(Found {
                    start,
                    end: e,
                    what: n,
                });
            }
        }
    }
    out
}

/// The per-share bases a text states: 每10股, 每十股 (10) and 每股 (1) in
/// Chinese; *per 10 shares*, *for every ten shares* (10) and *per share*,
/// *each share*, *every share* (1) in English.
pub(crate) fn share_bases(text: &str, lang: Lang) -> Vec<Found<u32>> {
    let mut out = Vec::new();
    match lang {
        Lang::Zh => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let end_of = |j: usize| chars.get(j).map_or(text.len(), |&(b, _)| b);
            for k in 0..chars.len() {
                if chars[k].1 != '每' {
                    continue;
                }
                let mut j = k + 1;
                while j < chars.len() && (numeral_char(chars[j].1) || chars[j].1 == ' ') {
                    j += 1;
                }
                if chars.get(j).is_none_or(|&(_, c)| c != '股') {
                    continue;
                }
                let run = text[end_of(k + 1)..end_of(j)].trim();
                let n = if run.is_empty() {
                    Some(1)
                } else {
                    small_number(run)
                };
                if let Some(n) = n {
                    out.push(Found {
                        start: chars[k].0,
                        end: end_of(j + 1),
                        what: n,
                    });
                }
            }
        }
        Lang::En => {
            let ws = words(text);
            // One copy in lower case, read through the words' spans.
            let lower = text.to_ascii_lowercase();
            for (i, &(s, e)) in ws.iter().enumerate() {
                let w = &lower[s..e];
                if !matches!(w, "per" | "every" | "each") {
                    continue;
                }
                let word = |j: usize| ws.get(j).map(|&(a, b)| (b, &lower[a..b]));
                let (n, at) = match word(i + 1) {
                    Some((_, "share")) => (Some(1), i + 1),
                    Some((_, x)) => {
                        let digits: String = x.chars().filter(|c| c.is_ascii_digit()).collect();
                        let n = if !digits.is_empty() && digits.len() == x.len() {
                            digits.parse().ok()
                        } else {
                            crate::numbers::english_values(x)
                                .first()
                                .and_then(|&v| u32::try_from(v).ok())
                        };
                        (n, i + 2)
                    }
                    None => continue,
                };
                let Some(n) = n else { continue };
                let Some((end, x)) = word(at) else { continue };
                let fits = if n == 1 { x == "share" } else { x == "shares" };
                if fits {
                    out.push(Found {
                        start: s,
                        end,
                        what: n,
                    });
                }
            }
        }
    }
    out
}

/// The periods of the year a text names (see [`Period`]).
pub(crate) fn periods(text: &str, lang: Lang) -> Vec<Found<Period>> {
    let mut out = Vec::new();
    match lang {
        Lang::Zh => {
            const FIXED: &[(&str, Period)] = &[
                ("上半年", Period::Half(1)),
                ("下半年", Period::Half(2)),
                ("前三季度", Period::FirstQuarters(3)),
                ("前三个季度", Period::FirstQuarters(3)),
                ("前九个月", Period::FirstQuarters(3)),
                ("前9个月", Period::FirstQuarters(3)),
                ("前六个月", Period::Half(1)),
                ("前6个月", Period::Half(1)),
                ("首季", Period::Quarter(1)),
            ];
            // Every period named holds one of these (a quarter: 季度).
            if !text.contains(['半', '季', '月']) {
                return out;
            }
            let mut taken = 0;
            for (b, _) in text.char_indices() {
                if b < taken {
                    continue;
                }
                let rest = &text[b..];
                if let Some(&(w, p)) = FIXED.iter().find(|(w, _)| rest.starts_with(w)) {
                    out.push(Found {
                        start: b,
                        end: b + w.len(),
                        what: p,
                    });
                    taken = b + w.len();
                    continue;
                }
                // (第)一季度 … 四季度, 1季度, 第1季度.
                let body = rest.strip_prefix('第').unwrap_or(rest);
                let mut chars = body.chars();
                let Some(d) = chars.next() else { continue };
                let n = "一二三四1234１２３４"
                    .chars()
                    .position(|x| x == d)
                    .map(|i| i % 4 + 1);
                if let Some(n) = n
                    && chars.as_str().starts_with("季度")
                    // Not the 三 of 前三季度 (read above), nor 十一季度.
                    && !text[..b].ends_with(['前', '十'])
                {
                    let end = b + (rest.len() - body.len()) + d.len_utf8() + "季度".len();
                    out.push(Found {
                        start: b,
                        end,
                        what: Period::Quarter(n as u8),
                    });
                    taken = end;
                }
            }
        }
        Lang::En => {
            let ws = words(text);
            // One copy in lower case, read through the words' spans.
            let lower_text = text.to_ascii_lowercase();
            let lower: Vec<&str> = ws.iter().map(|&(a, b)| &lower_text[a..b]).collect();
            let mut i = 0;
            while i < ws.len() {
                let w = lower[i];
                // H1, 1H, Q3, 3Q, with a year glued on (1H2024, Q3 23).
                let code = {
                    let b = w.as_bytes();
                    match b {
                        [b'h', d @ (b'1' | b'2'), rest @ ..]
                        | [d @ (b'1' | b'2'), b'h', rest @ ..]
                            if rest.iter().all(u8::is_ascii_digit) && rest.len() != 1 =>
                        {
                            Some(Period::Half(d - b'0'))
                        }
                        [b'q', d @ b'1'..=b'4', rest @ ..] | [d @ b'1'..=b'4', b'q', rest @ ..]
                            if rest.iter().all(u8::is_ascii_digit) && rest.len() != 1 =>
                        {
                            Some(Period::Quarter(d - b'0'))
                        }
                        _ => None,
                    }
                };
                // The code as written in capitals (*H1*, not *h1*).
                let written = &text[ws[i].0..ws[i].1];
                if let Some(p) = code.filter(|_| written.chars().any(|c| c.is_ascii_uppercase())) {
                    out.push(Found {
                        start: ws[i].0,
                        end: ws[i].1,
                        what: p,
                    });
                    i += 1;
                    continue;
                }
                let next = |n: usize| lower.get(i + n).copied();
                let ordinal = english_ordinal(w);
                let hit = match (ordinal, next(1), next(2)) {
                    (Some(n @ (1 | 2)), Some("half"), _) => Some((Period::Half(n as u8), 1)),
                    (Some(n @ 1..=4), Some("quarter"), _) => Some((Period::Quarter(n as u8), 1)),
                    (Some(1), Some("three"), Some("quarters")) => {
                        Some((Period::FirstQuarters(3), 2))
                    }
                    (Some(1), Some("nine"), Some("months")) => Some((Period::FirstQuarters(3), 2)),
                    (Some(1), Some("six"), Some("months")) => Some((Period::Half(1), 2)),
                    _ => None,
                };
                match hit {
                    Some((p, more)) => {
                        out.push(Found {
                            start: ws[i].0,
                            end: ws[i + more].1,
                            what: p,
                        });
                        i += more + 1;
                    }
                    None => i += 1,
                }
            }
        }
    }
    out
}

/// An amount restated beside itself: the mentions `first` and `second`
/// (indices into the side's mentions) are one in words and one in digits,
/// side by side, the second in brackets with nothing else inside but a
/// currency or a unit (壹佰贰拾万元整（¥1,200,000）, *One Million Two
/// Hundred Thousand (RMB 1,200,000)*, *thirty (30) days*).
pub(crate) fn restatements(text: &str, ms: &[Mention]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..ms.len().saturating_sub(1) {
        let (a, b) = (&ms[i], &ms[i + 1]);
        let words = |m: &Mention| m.kind == MentionKind::Words;
        let digits = |m: &Mention| m.kind == MentionKind::Digits;
        if !(words(a) && digits(b) || digits(a) && words(b)) || a.end > b.start {
            continue;
        }
        let Some(gap) = text.get(a.end..b.start) else {
            continue;
        };
        let Some(open) = gap.find(['(', '（']) else {
            continue;
        };
        let (before, inside) = (
            &gap[..open],
            &gap[open + gap[open..].chars().next().map_or(1, char::len_utf8)..],
        );
        // Before the bracket: the amount's unit or currency at most (元整,
        // *yuan*, *Renminbi*, *days*); inside it, before the second
        // number: a currency (¥, *RMB*, 人民币).
        let plain = |s: &str, most: usize| {
            s.chars().count() <= most
                && !s.chars().any(|c| {
                    c.is_ascii_digit()
                        || matches!(
                            c,
                            '(' | ')' | '（' | '）' | ',' | '，' | ';' | '；' | '.' | '。'
                        )
                })
        };
        if !plain(before, 12) || !plain(inside, 6) {
            continue;
        }
        // After the second number, the bracket closes soon: a unit or a
        // decimal part (`.00`) at most.
        let Some(after) = text.get(b.end..) else {
            continue;
        };
        let Some(close) = after.find([')', '）']) else {
            continue;
        };
        // One short word at most (元, *yuan*), no more numbers.
        let tail = after[..close].trim();
        if tail.chars().count() > 5
            || tail.contains(char::is_whitespace)
            || tail.chars().any(|c| {
                c.is_ascii_digit() || matches!(c, '(' | '（' | ',' | '，' | ';' | '；' | '。')
            })
        {
            continue;
        }
        // An ordinal is no amount (*the first (2019) edition*).
        if [a, b]
            .iter()
            .any(|m| crate::numbers::ordinal_word(text, Lang::En, m))
        {
            continue;
        }
        out.push((i, i + 1));
    }
    out
}

/// Two values the same, as the number check compares them.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `x` as shown with `decimals` decimals meets `shown`.
fn rounds_to(x: f64, shown: f64, decimals: usize) -> bool {
    let step = 10f64.powi(-(decimals as i32));
    (x - shown).abs() <= 0.5 * step * (1.0 + 1e-9)
}

/// The decimals a number is written with (`0.18` has 2).
fn decimals(text: &str, m: &Mention) -> usize {
    let written = text.get(m.start..m.end).unwrap_or("");
    written.split_once(['.', '．']).map_or(0, |(_, f)| {
        f.chars()
            .take_while(|&c| crate::numbers::ascii_digit(c).is_ascii_digit())
            .count()
    })
}

/// An amount divided by a base, `x`, as `m` shows it: the same value, or
/// `x` rounded to the decimals `m` is written with (0.18 for 1.8 / 10;
/// 0.13 for 1.25 / 10); never rounded to a whole number.
fn divided(x: f64, text: &str, m: &Mention) -> bool {
    let d = decimals(text, m);
    same(m.value, x) || (d > 0 && rounds_to(x, m.value, d))
}

/// One side's text, mentions and unmatched mentions (indices), as the
/// number check's matching keeps them.
pub(crate) struct Numbers<'a> {
    pub text: &'a str,
    pub lang: Lang,
    pub mentions: &'a [Mention],
    pub unmatched: &'a mut Vec<usize>,
}

/// The numbers the notations account for, taken off the unmatched lists
/// of the number check: an amount per N shares that the other side states
/// per share, divided by N (每10股派3元 and *RMB 0.3 per share*), with the
/// base's N; and the digit of a period's code (*Q1*, *H1*) or the numeral
/// of a Chinese period (前三季度) where the other side names the same
/// period.
pub(crate) fn settle(one: Numbers, two: Numbers) {
    // Nothing to take off (the notations are read only for unmatched
    // numbers).
    if one.unmatched.is_empty() && two.unmatched.is_empty() {
        return;
    }
    let (mut one, mut two) = (one, two);
    convert_bases(&mut one, &mut two);
    convert_bases(&mut two, &mut one);
    periods_meet(&mut one, &mut two);
}

/// `many` states a base of N shares that `one` lacks, `one` a base of one
/// share: an unmatched amount of `many` after its base meets an unmatched
/// amount of `one` N times smaller, and the base's number goes with it.
fn convert_bases(many: &mut Numbers, one: &mut Numbers) {
    // An amount converts only to an unmatched amount of the other side.
    if many.unmatched.is_empty() || one.unmatched.is_empty() {
        return;
    }
    let many_bases = share_bases(many.text, many.lang);
    let one_bases = share_bases(one.text, one.lang);
    if !one_bases.iter().any(|b| b.what == 1) {
        return;
    }
    for base in &many_bases {
        let n = base.what;
        if n < 2 || one_bases.iter().any(|b| b.what == n) {
            continue;
        }
        let inside = |m: &Mention| m.start >= base.start && m.end <= base.end;
        let mut converted = false;
        let candidates: Vec<usize> = many
            .unmatched
            .iter()
            .copied()
            .filter(|&i| {
                let m = &many.mentions[i];
                !inside(m) && m.kind != MentionKind::Version
            })
            .collect();
        for i in candidates {
            let x = many.mentions[i].value / f64::from(n);
            let hit = one
                .unmatched
                .iter()
                .position(|&j| divided(x, one.text, &one.mentions[j]));
            if let Some(p) = hit {
                one.unmatched.remove(p);
                many.unmatched.retain(|&k| k != i);
                converted = true;
            }
        }
        if converted {
            let ms = many.mentions;
            many.unmatched.retain(|&k| !inside(&ms[k]));
        }
    }
}

/// The numbers inside a period both sides name (一季度 and *Q1*) meet.
fn periods_meet(one: &mut Numbers, two: &mut Numbers) {
    let (p1, p2) = (periods(one.text, one.lang), periods(two.text, two.lang));
    for a in &p1 {
        let Some(b) = p2.iter().find(|b| b.what == a.what) else {
            continue;
        };
        let (m1, m2) = (one.mentions, two.mentions);
        one.unmatched
            .retain(|&i| !(m1[i].start >= a.start && m1[i].end <= a.end));
        two.unmatched
            .retain(|&i| !(m2[i].start >= b.start && m2[i].end <= b.end));
    }
}

fn span(side: Side, start: usize, end: usize) -> Span {
    Span { side, start, end }
}

fn flag(evidence: String, spans: Vec<Span>) -> Flag {
    Flag {
        kind: FlagKind::NumberMismatch,
        severity: Severity::Error,
        evidence,
        spans,
    }
}

/// The flags of the notations on a pair: a rank, a per-share base or a
/// period that one side states and the other states otherwise, and an
/// amount restated otherwise on either side. `src_numbers` and
/// `tgt_numbers` are each side's mentions. A rank or a period is not
/// flagged again where the number check gave an error.
pub(crate) fn flags(
    (src, src_lang, src_numbers): (&str, Lang, &[Mention]),
    (tgt, tgt_lang, tgt_numbers): (&str, Lang, &[Mention]),
    out: &mut Vec<Flag>,
) {
    let before = out.len();
    for (text, ms, side, name) in [
        (src, src_numbers, Side::Source, "source"),
        (tgt, tgt_numbers, Side::Target, "target"),
    ] {
        for (i, j) in restatements(text, ms) {
            let (a, b) = (&ms[i], &ms[j]);
            if same(a.value, b.value) || rounds_to(a.value, b.value, decimals(text, b)) {
                continue;
            }
            out.push(flag(
                format!(
                    "the {name} restates “{}” ({}) as “{}” ({})",
                    &text[a.start..a.end],
                    show(a.value),
                    &text[b.start..b.end],
                    show(b.value)
                ),
                vec![span(side, a.start, a.end), span(side, b.start, b.end)],
            ));
        }
    }
    if src_lang != tgt_lang {
        let number_error = out[..before]
            .iter()
            .any(|f| f.kind == FlagKind::NumberMismatch && f.severity == Severity::Error);
        let ordinal = |n: u32| match n {
            1 => "1st".to_string(),
            2 => "2nd".to_string(),
            3 => "3rd".to_string(),
            n => format!("{n}th"),
        };
        if !number_error {
            // `unmet` needs both sides: the target is read only when the
            // source has one.
            let a = ranks(src, src_lang);
            let b = if a.is_empty() {
                Vec::new()
            } else {
                ranks(tgt, tgt_lang)
            };
            if let Some((x, y)) = unmet(&a, &b) {
                out.push(flag(
                    format!(
                        "the source ranks “{}” ({}) where the target ranks “{}” ({})",
                        &src[x.start..x.end],
                        ordinal(x.what),
                        &tgt[y.start..y.end],
                        ordinal(y.what)
                    ),
                    vec![
                        span(Side::Source, x.start, x.end),
                        span(Side::Target, y.start, y.end),
                    ],
                ));
            }
            let a = periods(src, src_lang);
            let b = if a.is_empty() {
                Vec::new()
            } else {
                periods(tgt, tgt_lang)
            };
            if let Some((x, y)) = unmet(&a, &b) {
                out.push(flag(
                    format!(
                        "the source names “{}” ({}) where the target names “{}” ({})",
                        &src[x.start..x.end],
                        x.what.name(),
                        &tgt[y.start..y.end],
                        y.what.name()
                    ),
                    vec![
                        span(Side::Source, x.start, x.end),
                        span(Side::Target, y.start, y.end),
                    ],
                ));
            }
        }
        bases(
            (src, src_lang, src_numbers),
            (tgt, tgt_lang, tgt_numbers),
            out,
        );
    }
    // A number the notation's error quotes is not also missing.
    let errors: Vec<Span> = out[before..]
        .iter()
        .flat_map(|f| f.spans.iter().cloned())
        .collect();
    if errors.is_empty() {
        return;
    }
    let mut at = 0;
    out.retain(|f| {
        at += 1;
        at > before
            || f.kind != FlagKind::NumberMismatch
            || f.severity != Severity::Warning
            || f.spans.is_empty()
            || !f.spans.iter().all(|s| {
                errors
                    .iter()
                    .any(|e| e.side == s.side && e.start <= s.start && s.end <= e.end)
            })
    });
}

/// One of `a` that none of `b` states, and one of `b` that none of `a`
/// states; `None` when either side states none.
fn unmet<'x, T: PartialEq>(
    a: &'x [Found<T>],
    b: &'x [Found<T>],
) -> Option<(&'x Found<T>, &'x Found<T>)> {
    let x = a.iter().find(|x| !b.iter().any(|y| y.what == x.what))?;
    let y = b.iter().find(|y| !a.iter().any(|x| x.what == y.what))?;
    Some((x, y))
}

/// A base of N shares on one side where the other has a base of one
/// share, and no amount the other side states N times smaller (see
/// [`settle`]): the amounts are N times too large or too small.
fn bases(
    (src, src_lang, src_numbers): (&str, Lang, &[Mention]),
    (tgt, tgt_lang, tgt_numbers): (&str, Lang, &[Mention]),
    out: &mut Vec<Flag>,
) {
    // A flag needs a base on both sides: the target is read only when the
    // source has one.
    let a = share_bases(src, src_lang);
    if a.is_empty() {
        return;
    }
    let b = share_bases(tgt, tgt_lang);
    let shares = |n: u32| {
        if n == 1 {
            "per share".to_string()
        } else {
            format!("per {n} shares")
        }
    };
    for (many, one, many_side) in [(&a, &b, Side::Source), (&b, &a, Side::Target)] {
        let Some(x) = many
            .iter()
            .find(|x| x.what >= 2 && !one.iter().any(|y| y.what == x.what))
        else {
            continue;
        };
        let Some(y) = one.iter().find(|y| y.what == 1) else {
            continue;
        };
        let (many_text, many_ms, one_text, one_ms) = if many_side == Side::Source {
            (src, src_numbers, tgt, tgt_numbers)
        } else {
            (tgt, tgt_numbers, src, src_numbers)
        };
        // The amounts beside the base, and whether the other side states
        // one of them N times smaller (the base converted).
        let amounts: Vec<&Mention> = many_ms
            .iter()
            .filter(|m| (m.start < x.start || m.end > x.end) && m.kind != MentionKind::Version)
            .collect();
        let n = f64::from(x.what);
        let converted = amounts
            .iter()
            .any(|m| one_ms.iter().any(|o| divided(m.value / n, one_text, o)));
        if converted {
            continue;
        }
        let kept = amounts
            .iter()
            .find(|m| one_ms.iter().any(|o| same(o.value, m.value)));
        let (many_name, one_name) = if many_side == Side::Source {
            ("source", "target")
        } else {
            ("target", "source")
        };
        let evidence = match kept {
            Some(m) => format!(
                "the {many_name} states “{}” {} (“{}”, {} per share) where the {one_name} states it per share (“{}”)",
                &many_text[m.start..m.end],
                shares(x.what),
                &many_text[x.start..x.end],
                show(m.value / n),
                &one_text[y.start..y.end]
            ),
            None => format!(
                "the {many_name} counts {} (“{}”) where the {one_name} counts per share (“{}”)",
                shares(x.what),
                &many_text[x.start..x.end],
                &one_text[y.start..y.end]
            ),
        };
        let one_side = if many_side == Side::Source {
            Side::Target
        } else {
            Side::Source
        };
        out.push(flag(
            evidence,
            vec![
                span(many_side, x.start, x.end),
                span(one_side, y.start, y.end),
            ],
        ));
        return;
    }
}

/// A value as the evidence shows it (12000000, 0.3).
fn show(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_in_both_languages() {
        let r = ranks("该行是国内第二大商业银行，也是最大的零售银行。", Lang::Zh);
        assert_eq!(r.iter().map(|f| f.what).collect::<Vec<_>>(), [2, 1]);
        let r = ranks("第十二大", Lang::Zh);
        assert_eq!(r[0].what, 12);
        let r = ranks(
            "It is the second-largest bank and the 3rd largest lender, and the largest.",
            Lang::En,
        );
        assert_eq!(r.iter().map(|f| f.what).collect::<Vec<_>>(), [2, 3, 1]);
        assert!(ranks("one of the largest banks", Lang::En).is_empty());
        assert!(ranks("among the largest banks", Lang::En).is_empty());
        // A numeral after 第 before another word is no rank.
        assert!(ranks("第二届大会", Lang::Zh).is_empty());
    }

    #[test]
    fn share_bases_in_both_languages() {
        let zh = share_bases(
            "公司拟每10股派发现金红利3元，每股收益0.5元，每十股转增五股。",
            Lang::Zh,
        );
        assert_eq!(zh.iter().map(|f| f.what).collect::<Vec<_>>(), [10, 1, 10]);
        let en = share_bases(
            "RMB 3 for every 10 shares, RMB 0.3 per share, one bonus share for each ten shares and EPS of 0.5 every share.",
            Lang::En,
        );
        assert_eq!(
            en.iter().map(|f| f.what).collect::<Vec<_>>(),
            [10, 1, 10, 1]
        );
        assert!(share_bases("per cent of the shares", Lang::En).is_empty());
    }

    #[test]
    fn periods_in_both_languages() {
        let zh = periods("2023年上半年与下半年，前三季度及第一季度、四季度", Lang::Zh);
        assert_eq!(
            zh.iter().map(|f| f.what).collect::<Vec<_>>(),
            [
                Period::Half(1),
                Period::Half(2),
                Period::FirstQuarters(3),
                Period::Quarter(1),
                Period::Quarter(4)
            ]
        );
        let en = periods(
            "In the first half, H2 2023, 1H24, Q3, the fourth quarter and the first nine months; h1 is no code.",
            Lang::En,
        );
        assert_eq!(
            en.iter().map(|f| f.what).collect::<Vec<_>>(),
            [
                Period::Half(1),
                Period::Half(2),
                Period::Half(1),
                Period::Quarter(3),
                Period::Quarter(4),
                Period::FirstQuarters(3)
            ]
        );
    }

    #[test]
    fn small_numbers() {
        assert_eq!(small_number("10"), Some(10));
        assert_eq!(small_number("１０"), Some(10));
        assert_eq!(small_number("十"), Some(10));
        assert_eq!(small_number("二十五"), Some(25));
        assert_eq!(small_number("两"), Some(2));
        assert_eq!(small_number("百"), None);
        assert_eq!(english_ordinal("2nd"), Some(2));
        assert_eq!(english_ordinal("Third"), Some(3));
        assert_eq!(english_ordinal("2x"), None);
    }

    /// `english_ordinal` compares without case instead of copying its word
    /// in lower case: the same values as the copy gives, for words in any
    /// case, with digits wide or narrow, and non-ASCII letters.
    #[test]
    fn ordinals_read_without_a_copy_are_those_of_the_copy() {
        fn by_copy(w: &str) -> Option<u32> {
            const WORDS: &[&str] = &[
                "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth",
            ];
            let lower = w.to_ascii_lowercase();
            if let Some(i) = WORDS.iter().position(|&x| x == lower) {
                return Some(i as u32 + 1);
            }
            let digits: String = lower.chars().take_while(|c| c.is_ascii_digit()).collect();
            let suffix = &lower[digits.len()..];
            (!digits.is_empty() && matches!(suffix, "st" | "nd" | "rd" | "th"))
                .then(|| digits.parse().ok())
                .flatten()
        }
        let words = [
            "first",
            "FIRST",
            "Tenth",
            "tEnTh",
            "eleventh",
            "1st",
            "1ST",
            "21St",
            "102nd",
            "3RD",
            "4th",
            "4thh",
            "th",
            "st",
            "0th",
            "4294967295th",
            "4294967296th",
            "１st",
            "1ｓｔ",
            "2nd½",
            "é",
            "",
            "firsts",
            "Ｆirst",
            "3rd-",
        ];
        for w in words {
            assert_eq!(english_ordinal(w), by_copy(w), "{w:?}");
        }
    }

    #[test]
    fn a_restatement_in_brackets_is_read() {
        let text = "金额为人民币壹佰贰拾万元整（¥12,000,000）。";
        let ms = crate::numbers::mentions(text, Lang::Zh);
        let r = restatements(text, &ms);
        assert_eq!(r.len(), 1, "{ms:?}");
        let text = "The amount is One Million Two Hundred Thousand (RMB 1,200,000.00) and Section two (2023 edition).";
        let ms = crate::numbers::mentions(text, Lang::En);
        let r = restatements(text, &ms);
        assert_eq!(r.len(), 1, "{ms:?}");
        assert_eq!(ms[r[0].0].value, 1_200_000.0);
        let text = "See the first (2019) edition.";
        let ms = crate::numbers::mentions(text, Lang::En);
        assert!(restatements(text, &ms).is_empty(), "{ms:?}");
    }
}
