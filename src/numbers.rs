//! Numbers written in words or in Chinese numerals, normalized to values so
//! that `二十一`, `21` and `twenty-one` meet.
//!
//! Chinese: 二十一 → 21, 十四 → 14, 一九五七 → 1957 (digit by digit), 3万 →
//! 30000 (and 3), 百分之五 → 5, 第75届 → 75, 两千 → 2000, 1.5亿 → 150000000.
//! English: twenty-one → 21, fourteenth → 14, a hundred → 100, five percent
//! → 5, 8th → 8 (digits are handled by [`crate::features`]).
//! A lone 一 or "one" is left out: both are far more often articles than
//! numbers.

/// Values of the Chinese numerals in a text (digits mixed with 万/亿 too).
///
/// ```
/// use bitext::numbers::chinese_values;
/// assert_eq!(chinese_values("二十一岁的他在一九五七年来到第十四届会议"), [21, 1957, 14]);
/// assert_eq!(chinese_values("增长3万人，占百分之五"), [30000, 5]);
/// ```
pub fn chinese_values(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        // 百分之五 is "five percent": 百分之 is a marker, not a hundred.
        if matches!(chars[k], '百' | '千' | '万')
            && chars.get(k + 1) == Some(&'分')
            && chars.get(k + 2) == Some(&'之')
        {
            k += 3;
            continue;
        }
        if !is_numeral(chars[k]) && !chars[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len()
            && (is_numeral(chars[k]) || chars[k].is_ascii_digit() || (chars[k] == '.' && k > start))
        {
            k += 1;
        }
        let run: String = chars[start..k].iter().collect();
        let has_numeral = run.chars().any(is_numeral);
        if !has_numeral {
            continue; // plain digits are features' job
        }
        if let Some(v) = parse_run(&run)
            && !(v == 1 && run == "一")
        {
            out.push(v);
        }
    }
    out
}

fn is_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// Parses one run of numerals and digits.
fn parse_run(run: &str) -> Option<u64> {
    let chars: Vec<char> = run.chars().collect();
    // Digit by digit (years, phone numbers): 一九五七, 二〇二一.
    if chars.len() >= 2 && chars.iter().all(|&c| digit(c).is_some() && c != '两') {
        return chars
            .iter()
            .try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: f64 = 0.0; // sections above 万 / 亿
    let mut section: f64 = 0.0; // below 万
    let mut current: f64 = 0.0; // the pending digit(s)
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c.is_ascii_digit() {
            let start = k;
            while k < chars.len() && (chars[k].is_ascii_digit() || chars[k] == '.') {
                k += 1;
            }
            let s: String = chars[start..k].iter().collect();
            current = s.parse().ok()?;
            continue;
        }
        if let Some(d) = digit(c) {
            current = d as f64;
        } else if let Some(u) = unit(c) {
            let u = u as f64;
            if u >= 10_000.0 {
                total = (total + section + current) * u;
                section = 0.0;
            } else {
                let n = if current == 0.0 { 1.0 } else { current };
                section += n * u;
            }
            current = 0.0;
        }
        k += 1;
    }
    let v = total + section + current;
    ((0.0..1e15).contains(&v) && v.fract() == 0.0).then_some(v as u64)
}

const ONES: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
];
const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
];
const SCALES: &[(&str, u64)] = &[
    ("hundred", 100),
    ("thousand", 1000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("hundredth", 100),
    ("thousandth", 1000),
];

fn lookup(table: &[(&str, u64)], w: &str) -> Option<u64> {
    table.iter().find(|&&(k, _)| k == w).map(|&(_, v)| v)
}

/// Values of the numbers written in words in an English text.
///
/// ```
/// use bitext::numbers::english_values;
/// assert_eq!(english_values("Twenty-one men, the fourteenth day, two hundred years"), [21, 14, 200]);
/// assert_eq!(english_values("one of them"), Vec::<u64>::new());
/// ```
pub fn english_values(text: &str) -> Vec<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (mut value, mut current, mut used) = (0u64, 0u64, 0usize);
        let mut j = k;
        while j < words.len() {
            let w = words[j].as_str();
            if let Some(v) = lookup(ONES, w).or_else(|| lookup(TENS, w)) {
                if current % 10 != 0 || (current != 0 && v >= 10) {
                    break;
                }
                current += v;
            } else if let Some(s) = lookup(SCALES, w) {
                if current == 0 && used == 0 {
                    break;
                }
                // "a hundred hundred hundred …" would overflow: stop there.
                let Some(scaled) = current.max(1).checked_mul(s) else {
                    break;
                };
                if s >= 1000 {
                    let Some(sum) = value.checked_add(scaled) else {
                        break;
                    };
                    value = sum;
                    current = 0;
                } else {
                    current = scaled;
                }
            } else if w == "a"
                && used == 0
                && words
                    .get(j + 1)
                    .is_some_and(|n| lookup(SCALES, n).is_some())
            {
                current = 1; // "a hundred"
            } else if w == "and"
                && used > 0
                && j + 1 < words.len()
                && lookup(ONES, &words[j + 1]).is_some()
            {
                // "a hundred and five"
            } else {
                break;
            }
            used += 1;
            j += 1;
        }
        if used > 0 {
            let v = value.saturating_add(current);
            if !(v == 1 && used == 1 && words[k] == "one") {
                out.push(v);
            }
            k = j;
        } else {
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_forms() {
        assert_eq!(chinese_values("两千"), [2000]);
        assert_eq!(chinese_values("1.5亿"), [150_000_000]);
        assert_eq!(chinese_values("第75届"), Vec::<u64>::new()); // digits: features' job
        assert_eq!(chinese_values("十"), [10]);
        assert_eq!(chinese_values("一个人"), Vec::<u64>::new());
        assert_eq!(chinese_values("二〇二一年"), [2021]);
        assert_eq!(chinese_values("三千五百万"), [35_000_000]);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let text = format!("a{} men", " hundred".repeat(12));
        assert!(!english_values(&text).is_empty());
        assert!(chinese_values(&"亿".repeat(30)).len() <= 1);
    }

    #[test]
    fn english_forms() {
        assert_eq!(english_values("a hundred and five"), [105]);
        assert_eq!(english_values("three thousand two hundred"), [3200]);
        assert_eq!(english_values("fifty percent"), [50]);
    }
}
