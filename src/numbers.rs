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
    // The characters walked in place (no list of them): each run of
    // numerals is a slice of the text.
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let after = start + c.len_utf8();
        // 百分之五 is "five percent": 百分之 is a marker, not a hundred.
        if matches!(c, '百' | '千' | '万') && text[after..].starts_with("分之") {
            chars.next();
            chars.next();
            continue;
        }
        if !is_numeral(c) && !c.is_ascii_digit() {
            continue;
        }
        let mut end = after;
        while let Some(&(at, d)) = chars.peek() {
            if !(is_numeral(d) || d.is_ascii_digit() || d == '.') {
                break;
            }
            end = at + d.len_utf8();
            chars.next();
        }
        let run = &text[start..end];
        let has_numeral = run.chars().any(is_numeral);
        if !has_numeral {
            continue; // plain digits are features' job
        }
        if let Some(v) = parse_run(run)
            && !(v == 1 && run == "一")
        {
            out.push(v);
        }
    }
    out
}

/// Classifiers and measure words that follow a number in Chinese.
fn is_classifier(c: char) -> bool {
    "个只位名条件张本头匹次回遍年岁月日天夜周时点分秒元块角里米斤两尺寸丈亩层楼间座家种样把支枝根颗粒片封份双对队群批句首篇部辆架艘门道声下步口碗杯瓶箱代届倍成人国方面边章节号期趟场起阵番餐顿拳脚刀枪眼世辈亿万千百十"
        .contains(c)
}

pub(crate) fn is_numeral(c: char) -> bool {
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

/// Traditional forms of the numerals, classifiers and units the readers
/// of this module look for, with their simplified forms: 萬 → 万, 億 → 亿,
/// 兩 → 两, 個 → 个, 點 → 点, 時 → 时 …. Each pair is of Han characters
/// of the same UTF-8 length, so a text folded with [`fold_numerals`] keeps
/// every byte offset of the text as written.
const TRADITIONAL: &[(char, char)] = &[
    ('萬', '万'),
    ('億', '亿'),
    ('兩', '两'),
    ('個', '个'),
    ('點', '点'),
    ('時', '时'),
    ('號', '号'),
    ('紀', '纪'),
    ('歲', '岁'),
    ('屆', '届'),
    ('塊', '块'),
    ('張', '张'),
    ('條', '条'),
    ('隻', '只'),
    ('場', '场'),
    ('對', '对'),
    ('雙', '双'),
    ('週', '周'),
    ('陣', '阵'),
    ('頓', '顿'),
    ('輛', '辆'),
    ('門', '门'),
    ('聲', '声'),
    ('層', '层'),
    ('樓', '楼'),
    ('間', '间'),
    ('種', '种'),
    ('樣', '样'),
    ('顆', '颗'),
    ('節', '节'),
    ('隊', '队'),
    ('頭', '头'),
    ('輩', '辈'),
    ('國', '国'),
    ('邊', '边'),
    ('餘', '余'),
    ('幾', '几'),
    ('噸', '吨'),
    ('頃', '顷'),
    ('畝', '亩'),
    ('釐', '厘'),
    ('鐘', '钟'),
    ('腳', '脚'),
    ('槍', '枪'),
    ('為', '为'),
    ('級', '级'),
    ('員', '员'),
    ('績', '绩'),
    ('長', '长'),
];

/// A text with the traditional characters of [`TRADITIONAL`] written in
/// their simplified forms, byte offsets unchanged: the readers below look
/// for `万`, `两`, `个百分点`, `千瓦时` … in either script. The text as
/// written when it has none.
pub(crate) fn fold_numerals(text: &str) -> std::borrow::Cow<'_, str> {
    let folded = |c: char| {
        TRADITIONAL
            .iter()
            .find(|&&(t, _)| t == c)
            .map_or(c, |&(_, s)| s)
    };
    let capitals = text.chars().any(|c| capital(c).is_some());
    if !capitals && !text.chars().any(|c| folded(c) != c) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: Vec<char> = text.chars().map(folded).collect();
    if capitals {
        fold_capitals(&mut out);
    }
    let out: String = out.into_iter().collect();
    debug_assert_eq!(out.len(), text.len());
    std::borrow::Cow::Owned(out)
}

/// A text with its 大写 amounts in ordinary numerals (see
/// [`fold_capitals`]), byte offsets unchanged; the text as written when it
/// has none.
fn fold_capital_numerals(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| capital(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: Vec<char> = text.chars().collect();
    fold_capitals(&mut out);
    std::borrow::Cow::Owned(out.into_iter().collect())
}

/// The capital numerals (大写) of amounts in contracts and cheques, with
/// their ordinary forms (the same UTF-8 length): 壹 一, 贰 二, 叁 三, 肆
/// 四, 伍 五, 陆 六, 柒 七, 捌 八, 玖 九, 拾 十, 佰 百, 仟 千, the
/// traditional 貳, 參, 叄, 陸, and 参 (參 as a conversion to simplified
/// characters writes it).
const CAPITALS: &[(char, char)] = &[
    ('壹', '一'),
    ('贰', '二'),
    ('貳', '二'),
    ('叁', '三'),
    ('參', '三'),
    ('参', '三'),
    ('叄', '三'),
    ('肆', '四'),
    ('伍', '五'),
    ('陆', '六'),
    ('陸', '六'),
    ('柒', '七'),
    ('捌', '八'),
    ('玖', '九'),
    ('拾', '十'),
    ('佰', '百'),
    ('仟', '千'),
];

/// The ordinary numeral of a capital one.
fn capital(c: char) -> Option<char> {
    CAPITALS.iter().find(|&&(k, _)| k == c).map(|&(_, o)| o)
}

/// Folds the runs of capital numerals that write an amount (壹佰贰拾万元整
/// → 一百二十万元整): a run of capitals, 零 and 万/亿 with two capitals or
/// more, or one before 元, 圆 or 角 (伍元), or before 分 after 元, 角 or
/// 零 (伍角叁分). A lone capital elsewhere is a word's (队伍, 大陆, 收拾,
/// 陆续) and stays. The 圆 (圓) after a folded run is the 元 of the
/// amount.
fn fold_capitals(chars: &mut [char]) {
    let in_run =
        |c: char| capital(c).is_some() || matches!(c, '零' | '〇' | '万' | '萬' | '亿' | '億');
    let mut k = 0;
    while k < chars.len() {
        if !in_run(chars[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && in_run(chars[k]) {
            k += 1;
        }
        let count = chars[start..k]
            .iter()
            .filter(|&&c| capital(c).is_some())
            .count();
        let next = chars.get(k).copied();
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let money = matches!(next, Some('元' | '圆' | '圓' | '角'))
            || (next == Some('分') && matches!(prev, Some('元' | '圆' | '圓' | '角' | '零')));
        if count >= 2 || (count == 1 && money) {
            for c in &mut chars[start..k] {
                if let Some(o) = capital(*c) {
                    *c = o;
                }
            }
            if matches!(next, Some('圆' | '圓')) {
                chars[k] = '元';
            }
        }
    }
}

/// The units of [`numeral_unit_at`]. Each begins with 千 or 百 (a test
/// checks it), which the look-up tests first.
const NUMERAL_UNITS: &[&str] = &[
    "千瓦",
    "千克",
    "千米",
    "千卡",
    "千焦",
    "千伏",
    "千赫",
    "千帕",
    "千兆",
    "千字节",
    "百帕",
    "百分点",
    "百分比",
];

/// Units of measure whose word begins with a numeral (千瓦 kilowatt, 千克
/// kilogram, 千米 kilometre, 百分点 percentage point): after a number
/// (18.9亿千瓦时 is 1.89 billion kWh) the numeral is the unit's, no
/// multiplier. The number of characters of the unit at `k`, if one
/// begins there.
fn numeral_unit_at(chars: &[(usize, char)], k: usize) -> Option<usize> {
    // Every unit begins with 千 or 百: most characters begin none.
    if !chars.get(k).is_some_and(|&(_, c)| c == '千' || c == '百') {
        return None;
    }
    NUMERAL_UNITS.iter().find_map(|u| {
        let n = u.chars().count();
        let at = u
            .chars()
            .enumerate()
            .all(|(i, c)| chars.get(k + i).is_some_and(|&(_, x)| x == c));
        // 三千克朗 "3,000 kronor", 一千克拉 "1,000 carats": 克 begins
        // another word.
        let other_word = *u == "千克"
            && chars
                .get(k + n)
                .is_some_and(|&(_, x)| matches!(x, '朗' | '拉'));
        (at && !other_word).then_some(n)
    })
}

/// Chinese units of measure, longest first where one begins another:
/// what each measures and its size (in metres, kilograms, litres, square
/// metres; see [`measure_unit`]).
const ZH_MEASURES: [(&str, Dimension, f64); 26] = [
    ("平方公里", Dimension::Area, 1e6),
    ("平方千米", Dimension::Area, 1e6),
    ("平方米", Dimension::Area, 1.0),
    ("公顷", Dimension::Area, 1e4),
    ("英亩", Dimension::Area, 4_046.856_422_4),
    ("亩", Dimension::Area, 1e4 / 15.0),
    ("公斤", Dimension::Mass, 1.0),
    ("千克", Dimension::Mass, 1.0),
    ("毫克", Dimension::Mass, 1e-6),
    ("克", Dimension::Mass, 1e-3),
    ("斤", Dimension::Mass, 0.5),
    ("吨", Dimension::Mass, 1e3),
    ("磅", Dimension::Mass, 0.453_592_37),
    ("盎司", Dimension::Mass, 0.028_349_523),
    ("毫升", Dimension::Volume, 1e-3),
    ("公升", Dimension::Volume, 1.0),
    ("升", Dimension::Volume, 1.0),
    ("公里", Dimension::Length, 1e3),
    ("千米", Dimension::Length, 1e3),
    ("英里", Dimension::Length, 1_609.344),
    ("英尺", Dimension::Length, 0.3048),
    ("英寸", Dimension::Length, 0.0254),
    ("厘米", Dimension::Length, 1e-2),
    ("毫米", Dimension::Length, 1e-3),
    ("里", Dimension::Length, 500.0),
    ("米", Dimension::Length, 1.0),
];

/// 百公里 "100 km" (百公里耗电量, consumption per 100 km), 每百克 "per
/// 100 g", 千公斤: whether a unit of measure of [`ZH_MEASURES`] begins at
/// `k`, after a lone 百, 千 or 万, which it makes a number. Only units the
/// numeral does not already count by (米, 里, 斤, 亩 are classifiers), and
/// not 升 that rises (升至, 升到: *rose to*).
fn measure_after_lone_unit(chars: &[(usize, char)], k: usize) -> bool {
    ZH_MEASURES.iter().any(|&(u, _, _)| {
        let n = u.chars().count();
        let at = u
            .chars()
            .enumerate()
            .all(|(i, c)| chars.get(k + i).is_some_and(|&(_, x)| x == c));
        let rises = u == "升"
            && chars
                .get(k + 1)
                .is_some_and(|&(_, c)| "至到为高级".contains(c));
        at && !rises && !(n == 1 && is_classifier(chars[k].1))
    })
}

/// Parses one run of numerals and digits.
fn parse_run(run: &str) -> Option<u64> {
    let v = parse_run_value(run)?;
    (v.fract() == 0.0).then_some(v as u64)
}

/// Parses one run of numerals and digits, decimal digits included
/// (`4.23亿`, `4.5亿2,300万`).
fn parse_run_value(run: &str) -> Option<f64> {
    let chars: Vec<char> = run.chars().collect();
    // Digit by digit (years, phone numbers): 一九五七, 二〇二一.
    if chars.len() >= 2 && chars.iter().all(|&c| digit(c).is_some() && c != '两') {
        return chars
            .iter()
            .try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?))
            .map(|v| v as f64);
    }
    let mut total: f64 = 0.0; // sections above 万 / 亿
    let mut section: f64 = 0.0; // below 万
    let mut current: f64 = 0.0; // the pending digit(s)
    // The largest of 万 / 亿 applied so far: a smaller one after it scales
    // only its own section (4亿2300万 is 4亿 + 2300万), a larger one all
    // that came before (3万亿 is 3 × 万 × 亿).
    let mut big: f64 = 0.0;
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
                if u < big {
                    total += (section + current) * u;
                } else {
                    total = (total + section + current) * u;
                    big = u;
                }
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
    // 4.23 × 亿 is 423000000.00000006 in floating point: an amount of
    // whole units stays whole.
    let v = if (v - v.round()).abs() <= 1e-9 * v {
        v.round()
    } else {
        v
    };
    (0.0..1e15).contains(&v).then_some(v)
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
/// Older English tens, read by [`mentions`] only (the aligner's
/// [`english_values`] keeps to the modern words).
const ARCHAIC_TENS: &[(&str, u64)] = &[("threescore", 60), ("fourscore", 80)];
const SCALES: &[(&str, u64)] = &[
    ("hundred", 100),
    ("thousand", 1000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("hundredth", 100),
    ("thousandth", 1000),
];

/// [`lookup`] in [`ONES`], [`TENS`] or [`SCALES`], which first rules out
/// the words (most) that begin with two letters none of theirs begins
/// with, or that no word of theirs beginning with those two letters is as
/// long as (`the`, `that`, `shall` …: `lookup` compares without regard to
/// ASCII case, so a match has the same length and the same first two
/// letters).
#[inline]
fn number_lookup(table: &[(&str, u64)], w: &str) -> Option<u64> {
    if may_be_number_word(w) {
        lookup(table, w)
    } else {
        None
    }
}

/// False for a word [`number_lookup`] rules out before it looks (see there).
#[inline]
fn may_be_number_word(w: &str) -> bool {
    match *w.as_bytes() {
        [a, b, ..] if w.len() < 32 => {
            let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
            a.is_ascii_lowercase()
                && b.is_ascii_lowercase()
                && FIRST_LETTERS[usize::from(a - b'a')][usize::from(b - b'a')] & (1 << w.len()) != 0
        }
        _ => false,
    }
}

/// An ordinal number word (`first`, `tenth`, `twentieth`, `hundredth`).
fn is_ordinal(w: &str) -> bool {
    w.ends_with("th") || matches!(w, "first" | "second" | "third")
}

/// The denominator of a fraction written in words, after its numerator:
/// `half`, `third(s)` … `tenth(s)`, `quarter(s)`, `hundredth(s)`.
fn is_denominator(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    matches!(w, "half" | "halve" | "quarter" | "hundredth" | "thousandth")
        || (w != "first"
            && w != "second"
            && lookup(ONES, w).is_some_and(|v| v >= 3)
            && is_ordinal(w))
}

/// A number word's value in `table` (lower case), the word in any ASCII case.
fn lookup(table: &[(&str, u64)], w: &str) -> Option<u64> {
    table
        .iter()
        .find(|&&(k, _)| k.eq_ignore_ascii_case(w))
        .map(|&(_, v)| v)
}

/// Applies a scale word worth `scale` (hundred, thousand, …) to a number
/// being read in words: `value` holds the completed groups of thousands and
/// up, `current` the group still open, `used` the words read so far. A
/// thousand or more closes the group into `value`; a hundred multiplies the
/// open group. `None` when the word cannot continue the number: it would
/// start it (a bare "hundred"), or the value would overflow.
fn apply_scale(value: u64, current: u64, used: usize, scale: u64) -> Option<(u64, u64)> {
    if current == 0 && used == 0 {
        return None;
    }
    let scaled = current.max(1).checked_mul(scale)?;
    if scale >= 1000 {
        Some((value.checked_add(scaled)?, 0))
    } else {
        Some((value, scaled))
    }
}

/// For each pair of first and second letters of a word (`c - b'a'`, in a
/// table of 32 so that any 5 bits index it): the lengths (bits 0 to 31) and
/// the third letters (bit 32 + `c - b'a'`) of the words of [`ONES`],
/// [`TENS`] and [`SCALES`] that begin with them. `these`, `there` and
/// `their` have the first letters and the length of `three`, not its third
/// letter.
const FIRST_LETTERS: [[u64; 32]; 32] = {
    let mut letters = [[0u64; 32]; 32];
    let tables = [ONES, TENS, SCALES];
    let mut t = 0;
    while t < tables.len() {
        let table = tables[t];
        let mut k = 0;
        while k < table.len() {
            let w = table[k].0.as_bytes();
            assert!(w.len() < 32 && w.len() > 2, "number words are short");
            let (a, b, c) = (
                w[0].wrapping_sub(b'a'),
                w[1].wrapping_sub(b'a'),
                w[2].wrapping_sub(b'a'),
            );
            assert!(a < 26 && b < 26 && c < 26, "number words are lower case");
            letters[a as usize][b as usize] |= 1 << w.len() | 1 << (32 + c as u32);
            k += 1;
        }
        t += 1;
    }
    letters
};

/// False for a run of ASCII letters (`w`, nothing else) that is no word of
/// [`ONES`], [`TENS`] or [`SCALES`] by its first three letters and its
/// length (most words); true for every word of theirs, in any case.
#[inline]
fn letters_may_be_number(w: &[u8]) -> bool {
    let [a, b, c, ..] = *w else {
        return false;
    };
    // A letter's place in the alphabet, in either case (below 26).
    let at = |x: u8| usize::from((x | 0x20).wrapping_sub(b'a') & 31);
    let letters = FIRST_LETTERS[at(a)][at(b)];
    w.len() < 32 && letters >> w.len() & 1 != 0 && letters >> (32 + at(c)) & 1 != 0
}

/// [`lookup`] of a run of ASCII letters.
fn lookup_letters(table: &[(&str, u64)], w: &[u8]) -> Option<u64> {
    table
        .iter()
        .find(|&&(k, _)| k.as_bytes().eq_ignore_ascii_case(w))
        .map(|&(_, v)| v)
}

/// The high bit of each byte of `x` set when that byte is an ASCII letter,
/// every other bit clear.
#[inline(always)]
fn letter_bits(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // In lower case (only the letters land in `a..=z` by it), the high
    // bits cleared so that no sum below carries into the next byte: a byte
    // from `a` up gets its high bit by adding 0x1F, one past `z` by 0x05;
    // a byte from 0x80 up is no letter.
    let lower = x | 0x2020_2020_2020_2020;
    let low = lower & !HIGH;
    let from_a = low + 0x1F1F_1F1F_1F1F_1F1F;
    let past_z = low + 0x0505_0505_0505_0505;
    from_a & !past_z & !lower & HIGH
}

/// The runs of ASCII letters of a text (their byte ranges, in order), as
/// the split on every other byte gives them without the empty pieces,
/// found 8 bytes at a time: a run costs its two ends, not a test per byte
/// (`letter_runs_are_the_split_on_other_bytes`).
struct LetterRuns<'t> {
    bytes: &'t [u8],
    /// Where the chunk of 8 bytes last read begins.
    base: usize,
    /// The high bits of the chunk's bytes where a run starts or ends (one
    /// past its last letter), not yet taken.
    ends: u64,
    /// Which of `ends` are starts.
    starts: u64,
    /// Where the run being read starts.
    start: usize,
    /// 0x80 when the last byte read is a letter (a run is open).
    open: u64,
}

impl<'t> LetterRuns<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        let mut runs = LetterRuns {
            bytes,
            base: 0,
            ends: 0,
            starts: 0,
            start: 0,
            open: 0,
        };
        runs.read(0);
        runs
    }

    /// Reads the chunk at `base` (bytes past the text read as zeros, no
    /// letter).
    #[inline(always)]
    fn read(&mut self, base: usize) {
        let word = match self.bytes.get(base..base + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")),
            None => {
                let rest = self.bytes.get(base..).unwrap_or(&[]);
                let mut padded = [0u8; 8];
                padded[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(padded)
            }
        };
        let letters = letter_bits(word);
        // Whether the byte before each is a letter.
        let after_letter = letters << 8 | self.open;
        self.starts = letters & !after_letter;
        self.ends = self.starts | (!letters & after_letter & 0x8080_8080_8080_8080);
        self.open = (letters >> 56) & 0x80;
        self.base = base;
    }
}

impl Iterator for LetterRuns<'_> {
    type Item = std::ops::Range<usize>;

    #[inline]
    fn next(&mut self) -> Option<std::ops::Range<usize>> {
        loop {
            if self.ends != 0 {
                let bit = self.ends & self.ends.wrapping_neg();
                self.ends ^= bit;
                let at = self.base + (bit.trailing_zeros() / 8) as usize;
                if self.starts & bit != 0 {
                    self.start = at;
                    continue;
                }
                return Some(self.start..at);
            }
            let next = self.base + 8;
            if next >= self.bytes.len() {
                // A run still open ends with the text (whose length is then
                // a multiple of 8: in a shorter last chunk the first
                // padding byte ends it).
                if self.open != 0 {
                    self.open = 0;
                    return Some(self.start..self.bytes.len());
                }
                return None;
            }
            self.read(next);
        }
    }
}

/// Values of the numbers written in words in an English text.
///
/// ```
/// use bitext::numbers::english_values;
/// assert_eq!(english_values("Twenty-one men, the fourteenth day, two hundred years"), [21, 14, 200]);
/// assert_eq!(english_values("one of them"), Vec::<u64>::new());
/// ```
pub fn english_values(text: &str) -> Vec<u64> {
    // Words as written, compared without regard to ASCII case (the tables
    // are lower case): no copy of each word. The words are the runs of
    // ASCII letters (as `str::split` on the other characters, whose bytes
    // are never ASCII letters, finds them), 8 bytes at a time.
    let bytes = text.as_bytes();
    // Every value below starts at a word of the three tables (`a` and
    // `and` count only next to one): most sentences have none, and are
    // done without a list of their words.
    let is_number_word = |w: &[u8]| {
        letters_may_be_number(w)
            && [ONES, TENS, SCALES]
                .iter()
                .any(|table| lookup_letters(table, w).is_some())
    };
    if !LetterRuns::new(bytes).any(|run| is_number_word(&bytes[run])) {
        return Vec::new();
    }
    // (A run of ASCII letters begins and ends on character boundaries.)
    let words: Vec<&str> = LetterRuns::new(bytes).map(|run| &text[run]).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (mut value, mut current, mut used) = (0u64, 0u64, 0usize);
        let mut j = k;
        while j < words.len() {
            let w = words[j];
            if let Some(v) = number_lookup(ONES, w).or_else(|| number_lookup(TENS, w)) {
                if current % 10 != 0 || (current != 0 && v >= 10) {
                    break;
                }
                current += v;
            } else if let Some(s) = number_lookup(SCALES, w) {
                // "a hundred hundred hundred …" would overflow: stop there.
                let Some(next) = apply_scale(value, current, used, s) else {
                    break;
                };
                (value, current) = next;
            } else if w.eq_ignore_ascii_case("a")
                && used == 0
                && words
                    .get(j + 1)
                    .is_some_and(|n| number_lookup(SCALES, n).is_some())
            {
                current = 1; // "a hundred"
            } else if w.eq_ignore_ascii_case("and")
                && used > 0
                && j + 1 < words.len()
                && number_lookup(ONES, words[j + 1]).is_some()
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
            if !(v == 1 && used == 1 && words[k].eq_ignore_ascii_case("one")) {
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

    /// [`chinese_values`] as it was, over a list of the characters: the
    /// oracle of the walk in place.
    fn chinese_values_by_list(text: &str) -> Vec<u64> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
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
                && (is_numeral(chars[k])
                    || chars[k].is_ascii_digit()
                    || (chars[k] == '.' && k > start))
            {
                k += 1;
            }
            let run: String = chars[start..k].iter().collect();
            if !run.chars().any(is_numeral) {
                continue;
            }
            if let Some(v) = parse_run(&run)
                && !(v == 1 && run == "一")
            {
                out.push(v);
            }
        }
        out
    }

    /// The runs of ASCII letters as `english_values` found them, byte by
    /// byte: the oracle of [`LetterRuns`].
    fn letter_runs_byte_by_byte(text: &str) -> Vec<&str> {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() && !bytes[at].is_ascii_alphabetic() {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
                at += 1;
            }
            (start < at).then(|| &text[start..at])
        })
        .collect()
    }

    #[test]
    fn letter_bits_are_the_ascii_letters() {
        for b in 0..=255u8 {
            for place in 0..8 {
                // The byte among others of every kind, before and after.
                for other in [0u8, b'a', b'Z', 0x80, 0xFF, b'@', b'{'] {
                    let mut bytes = [other; 8];
                    bytes[place] = b;
                    let expect = bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| x.is_ascii_alphabetic())
                        .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                    assert_eq!(
                        letter_bits(u64::from_le_bytes(bytes)),
                        expect,
                        "{b} {place}"
                    );
                }
            }
        }
    }

    #[test]
    fn letter_runs_are_the_split_on_other_bytes() {
        let pieces = [
            "a", "Z", "ab", "q", " ", "-", "\u{e9}", "\u{4e2d}", "1", "@", "[", "`", "{",
        ];
        let mut texts = crate::test_support::every_sequence(&pieces, 4);
        // Runs across and up to the chunks' edges, texts of every length.
        for n in 0..40 {
            for k in 0..n {
                let mut t: String = "abcdefghij".repeat(4)[..n].to_string();
                t.replace_range(k..=k, " ");
                texts.push(t.clone());
                texts.push(t.to_uppercase());
                texts.push(format!("{t}\u{e9}"));
            }
            texts.push("Twenty".repeat(7)[..n].to_string());
        }
        texts.push("Two hundred and five men, the fourteenth day, \u{201c}Seven\u{201d}!".into());
        for text in &texts {
            let bytes = text.as_bytes();
            let runs: Vec<&str> = LetterRuns::new(bytes).map(|r| &text[r]).collect();
            assert_eq!(runs, letter_runs_byte_by_byte(text), "{text:?}");
        }
    }

    #[test]
    fn number_words_by_letters_are_those_of_the_tables() {
        // `letters_may_be_number` and `lookup_letters` against
        // `may_be_number_word` and `lookup`: every word of the tables,
        // cut, lengthened, with a letter changed, in upper case, and
        // common words.
        let mut words: Vec<String> = [
            "the",
            "these",
            "there",
            "their",
            "three",
            "those",
            "thousands",
            "a",
            "an",
            "and",
            "tenth",
            "sixty",
            "Seventy",
            "hundredfold",
            "twelfth",
            "ONE",
            "on",
            "z",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        words.push("t".repeat(40));
        words.push("thirteenthirteenthirteenthirteen".into());
        for table in [ONES, TENS, SCALES, ARCHAIC_TENS] {
            for &(w, _) in table {
                words.push(w[..w.len() - 1].to_string());
                words.push(format!("{w}s"));
                words.push(w.to_ascii_uppercase());
                for k in 0..w.len() {
                    let mut x = w.as_bytes().to_vec();
                    x[k] = if x[k] == b'z' { b'a' } else { x[k] + 1 };
                    words.push(String::from_utf8(x).unwrap());
                }
            }
        }
        for w in &words {
            let by_str = may_be_number_word(w)
                && [ONES, TENS, SCALES].iter().any(|t| lookup(t, w).is_some());
            let by_letters = letters_may_be_number(w.as_bytes())
                && [ONES, TENS, SCALES]
                    .iter()
                    .any(|t| lookup_letters(t, w.as_bytes()).is_some());
            assert_eq!(by_letters, by_str, "{w}");
            for table in [ONES, TENS, SCALES] {
                assert_eq!(lookup_letters(table, w.as_bytes()), lookup(table, w), "{w}");
                if lookup(table, w).is_some() {
                    assert!(letters_may_be_number(w.as_bytes()), "{w}");
                }
            }
        }
    }

    #[test]
    fn chinese_values_in_place_are_those_of_the_list() {
        let pieces = [
            "一", "二", "十", "百", "千", "万", "亿", "两", "〇", "零", "分", "之", "5", ".", "年",
            "a", "。", "萬",
        ];
        // Every sequence of up to four pieces, and a few sentences.
        let mut texts = crate::test_support::every_sequence(&pieces, 4);
        texts.push("二十一岁的他在一九五七年来到第十四届会议".to_string());
        texts.push("增长3万人，占百分之五，1.5亿元，三百分之二".to_string());
        for text in &texts {
            assert_eq!(chinese_values(text), chinese_values_by_list(text), "{text}");
        }
    }

    #[test]
    fn every_numeral_unit_begins_with_qian_or_bai_and_is_found_after_a_number() {
        for u in NUMERAL_UNITS {
            assert!(u.starts_with('千') || u.starts_with('百'), "{u}");
            let text = format!("18{u}时");
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let found = numeral_unit_at(&chars, 2);
            assert_eq!(found, Some(u.chars().count()), "{u}");
        }
        let chars: Vec<(usize, char)> = "三千克朗".char_indices().collect();
        assert_eq!(numeral_unit_at(&chars, 1), None);
        assert_eq!(numeral_unit_at(&chars, 0), None);
    }

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
    fn the_first_letter_filter_keeps_every_number_word() {
        for table in [ONES, TENS, SCALES] {
            for &(w, v) in table {
                for form in [w.to_string(), w.to_ascii_uppercase()] {
                    assert_eq!(number_lookup(table, &form), Some(v), "{form}");
                }
            }
        }
        for w in ["", "a", "and", "people", "Jerusalem", "twelvefold"] {
            assert_eq!(number_lookup(ONES, w), lookup(ONES, w), "{w}");
        }
        // The filter by first two letters and length: every word of the
        // tables, cut, lengthened, with its first or second letter
        // changed, and common words, give what the scan gives.
        let mut words: Vec<String> = [
            "the", "that", "shall", "seven", "Ten", "tenthly", "s", "there", "sir", "fire", "T1",
            "t\u{e9}n", "\u{e9}",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        words.push("t".repeat(40));
        for table in [ONES, TENS, SCALES, ARCHAIC_TENS] {
            for &(w, _) in table {
                words.push(w[..w.len() - 1].to_string());
                words.push(format!("{w}s"));
                words.push(format!("x{}", &w[1..]));
                words.push(format!("{}x{}", &w[..1], &w[2..]));
                words.push(w.to_ascii_uppercase());
            }
        }
        for w in &words {
            for table in [ONES, TENS, SCALES] {
                assert_eq!(number_lookup(table, w), lookup(table, w), "{w}");
            }
        }
        assert_eq!(number_lookup(ONES, "the"), None);
        assert_eq!(number_lookup(ONES, "SEVEN"), Some(7));
    }

    #[test]
    fn english_forms() {
        assert_eq!(english_values("a hundred and five"), [105]);
        assert_eq!(english_values("three thousand two hundred"), [3200]);
        assert_eq!(english_values("fifty percent"), [50]);
    }
}

/// What a [`Mention`] is: how it was written decides how much its absence
/// on the other side means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// Written with digits (`75`, `７５`, `3.5万`, `$2 million`, `5%`).
    Digits,
    /// Written in words or Chinese numerals only (`twenty-one`, `二十一`).
    Words,
    /// A month name or a Chinese `N月` (the value is the month's number).
    Month,
    /// A dotted version or address of three parts or more (`v2.3.1`,
    /// `10.2.15`, `192.168.0.1`): one token, whose value is a key of its
    /// parts (the same version has the same key on either side; see
    /// `dotted`). It meets only a version.
    Version,
}

/// A number found in a text: its value and its byte span in the text as
/// written (normalization — full-width digits, thousands separators, `万`
/// and `亿`, English scale words — is done char by char, so the span always
/// points at the original bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the first byte of the number.
    pub start: usize,
    /// Byte offset just past the number (and its scale word or `%`).
    pub end: usize,
    /// The value (`3.5万` → 35000, `百分之五` → 5, `May` → 5).
    pub value: f64,
    /// How it was written.
    pub kind: MentionKind,
}

/// A currency named in a text, as far as it says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Currency {
    /// The Chinese yuan (`人民币`, *yuan*, *RMB*).
    Yuan,
    /// A bare `元` after an amount: the yuan in the mainland, the local
    /// dollar in Hong Kong or Taiwan.
    LocalYuan,
    /// The US dollar (`美元`, *US$*, *US dollars*).
    UsDollar,
    /// *dollars* or `$` without a country.
    Dollar,
    /// The Hong Kong dollar (`港元`, *HK$*).
    HongKongDollar,
    /// The New Taiwan dollar (`新台币`, *NT$*).
    TaiwanDollar,
    /// The Macau pataca (`澳门币`, *MOP*).
    Pataca,
    /// The euro.
    Euro,
    /// The Japanese yen.
    Yen,
    /// The pound sterling.
    Pound,
}

impl Currency {
    /// How evidence names it.
    pub fn name(self) -> &'static str {
        match self {
            Currency::Yuan | Currency::LocalYuan => "yuan",
            Currency::UsDollar => "US dollar",
            Currency::Dollar => "dollar",
            Currency::HongKongDollar => "Hong Kong dollar",
            Currency::TaiwanDollar => "New Taiwan dollar",
            Currency::Pataca => "pataca",
            Currency::Euro => "euro",
            Currency::Yen => "yen",
            Currency::Pound => "pound",
        }
    }

    /// True when a Chinese currency may be written as an English one:
    /// the same, or one says less (`美元` as *dollars*; a bare `元` as
    /// *yuan*, *dollars* or *HK$*).
    pub fn may_be(zh: Currency, en: Currency) -> bool {
        use Currency::*;
        zh == en
            || matches!(
                (zh, en),
                (UsDollar | HongKongDollar | TaiwanDollar | LocalYuan, Dollar)
                    | (LocalYuan, Yuan | HongKongDollar | TaiwanDollar | Pataca)
            )
    }
}

/// A currency mentioned in a text, with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyMention {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Which currency.
    pub currency: Currency,
}

/// The Chinese names of currencies that [`currencies`] reads, in the
/// order it tries them.
const ZH_CURRENCY_NAMES: [(&str, Currency); 15] = [
    ("美元", Currency::UsDollar),
    ("美金", Currency::UsDollar),
    ("欧元", Currency::Euro),
    ("日元", Currency::Yen),
    ("英镑", Currency::Pound),
    ("港元", Currency::HongKongDollar),
    ("港币", Currency::HongKongDollar),
    ("港幣", Currency::HongKongDollar),
    ("人民币", Currency::Yuan),
    ("新台币", Currency::TaiwanDollar),
    ("新台幣", Currency::TaiwanDollar),
    ("台币", Currency::TaiwanDollar),
    ("澳门币", Currency::Pataca),
    ("澳门元", Currency::Pataca),
    ("澳門幣", Currency::Pataca),
];

/// The first characters of [`ZH_CURRENCY_NAMES`] (a test checks them).
const ZH_CURRENCY_FIRSTS: [char; 9] = ['美', '欧', '日', '英', '港', '人', '新', '台', '澳'];

/// The currencies a text names: Chinese `美元`, `美金`, `欧元`, `日元`,
/// `英镑`, `港元`, `港币`, `人民币`, and `元` right after an amount
/// (`15亿元`, `300元`; a currency named right after that `元` says whose
/// it is: `100亿元人民币` is yuan, `100万元港币` Hong Kong dollars); English *yuan*, *RMB*, *renminbi*, *dollars*,
/// *US$*, *HK$*, `$`, *euros*, `€`, *yen*, *sterling*, `£` and the ISO
/// codes. *pounds* alone is left out (a weight as often as money).
///
/// ```
/// use bitext::{Lang, numbers::{Currency, currencies}};
/// let zh: Vec<Currency> = currencies("出口15亿美元，约合100亿元人民币", Lang::Zh)
///     .iter().map(|c| c.currency).collect();
/// assert_eq!(zh, [Currency::UsDollar, Currency::Yuan, Currency::Yuan]);
/// let en: Vec<Currency> = currencies("US$1.5 billion, 10 billion yuan, HK$3", Lang::En)
///     .iter().map(|c| c.currency).collect();
/// assert_eq!(en, [Currency::UsDollar, Currency::Yuan, Currency::HongKongDollar]);
/// ```
pub fn currencies(text: &str, lang: crate::Lang) -> Vec<CurrencyMention> {
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize, currency: Currency| {
        out.push(CurrencyMention {
            start,
            end,
            currency,
        })
    };
    match lang {
        crate::Lang::Zh => {
            const NAMED: [(&str, Currency); 15] = ZH_CURRENCY_NAMES;
            // 大写 amounts (壹佰元) as ordinary numerals (the offsets are
            // the same).
            let folded = fold_capital_numerals(text);
            let text = folded.as_ref();
            // Only a name (its first character) or a 元 makes a mention.
            if !text.contains(|c: char| c == '元' || ZH_CURRENCY_FIRSTS.contains(&c)) {
                return out;
            }
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut named_until = 0;
            for (k, &(b, c)) in chars.iter().enumerate() {
                if b < named_until {
                    continue;
                }
                // (Most characters begin no name: those are ruled out at once.)
                let named_here = ZH_CURRENCY_FIRSTS
                    .contains(&c)
                    .then(|| NAMED.iter().find(|(name, _)| text[b..].starts_with(name)))
                    .flatten();
                if let Some((name, currency)) = named_here {
                    push(b, b + name.len(), *currency);
                    named_until = b + name.len();
                } else if c == '元' {
                    // 元 after an amount (15亿元, 300元, 三百元) and not the
                    // end of a named one (美元).
                    let prev = k.checked_sub(1).map(|p| ascii_digit(chars[p].1));
                    let after_amount = prev.is_some_and(|p| p.is_ascii_digit() || is_numeral(p));
                    if after_amount {
                        // The currency named before the amount says whose
                        // 元 it is: 港币1.35元 is HK$1.35, 新台币300元 NT$300.
                        // A separator belongs to the amount only between
                        // its digits (1,350元): 100美元，300元 names two.
                        let digit = |p: char| {
                            let p = ascii_digit(p);
                            p.is_ascii_digit() || is_numeral(p)
                        };
                        let mut first = k;
                        while first > 0 {
                            let p = chars[first - 1].1;
                            let inside = digit(p)
                                || (matches!(p, '.' | ',' | '，' | ' ')
                                    && first >= 2
                                    && digit(chars[first - 2].1));
                            if !inside {
                                break;
                            }
                            first -= 1;
                        }
                        let amount_start = chars.get(first).map_or(text.len(), |&(b, _)| b);
                        // Or the currency named right after the 元: 1万元人民币
                        // is RMB 10,000, 100万元港币 HK$1 million.
                        let after = text[b + c.len_utf8()..].trim_start_matches([' ', '\u{a0}']);
                        let named = NAMED
                            .iter()
                            .find(|(name, _)| {
                                text[..amount_start]
                                    .trim_end_matches([' ', '\u{a0}'])
                                    .ends_with(name)
                            })
                            .or_else(|| NAMED.iter().find(|(name, _)| after.starts_with(name)))
                            .map_or(Currency::LocalYuan, |&(_, c)| c);
                        push(b, b + c.len_utf8(), named);
                    }
                }
            }
        }
        crate::Lang::En => {
            let lower = text.to_ascii_lowercase();
            // Symbols, with what is written just before them.
            for (b, symbol) in text.match_indices(['$', '€', '£']) {
                let before = &lower[..b];
                let c = symbol.chars().next().unwrap_or_default();
                let currency = match c {
                    '$' if before.ends_with("hk") => Some(Currency::HongKongDollar),
                    '$' if before.ends_with("us") => Some(Currency::UsDollar),
                    '$' if before.ends_with("nt") => Some(Currency::TaiwanDollar),
                    '$' if before.ends_with("mop") => Some(Currency::Pataca),
                    // NT$, A$, C$, S$: another country's dollar.
                    '$' if before.ends_with(|p: char| p.is_ascii_alphabetic()) => None,
                    '$' => Some(Currency::Dollar),
                    '€' => Some(Currency::Euro),
                    '£' => Some(Currency::Pound),
                    _ => None,
                };
                if let Some(currency) = currency {
                    let start = match currency {
                        Currency::HongKongDollar | Currency::UsDollar | Currency::TaiwanDollar => {
                            b - 2
                        }
                        Currency::Pataca => b - 3,
                        _ => b,
                    };
                    push(start, b + c.len_utf8(), currency);
                }
            }
            // Words.
            let words = ascii_words(&lower);
            for (i, &(s, e)) in words.iter().enumerate() {
                let w = &lower[s..e];
                let prev = |n: usize| {
                    i.checked_sub(n)
                        .map(|p| &lower[words[p].0..words[p].1])
                        .unwrap_or("")
                };
                // An amount next to the word (`300 yen`, `yen 300`, `2
                // billion yen`): *yen* and *sterling* have other senses (a
                // yen for travel, a sterling performance).
                // (Read only for the words that need it.)
                let amount = || {
                    lower[..s]
                        .trim_end()
                        .ends_with(|c: char| c.is_ascii_digit())
                        || lookup(SCALES, prev(1)).is_some()
                        || lower[e..]
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit())
                };
                let currency = match w {
                    "yuan" | "rmb" | "renminbi" | "cny" => Some(Currency::Yuan),
                    "usd" => Some(Currency::UsDollar),
                    "hkd" => Some(Currency::HongKongDollar),
                    "twd" | "ntd" => Some(Currency::TaiwanDollar),
                    "mop" if amount() => Some(Currency::Pataca),
                    "pataca" | "patacas" => Some(Currency::Pataca),
                    "euro" | "euros" | "eur" => Some(Currency::Euro),
                    "jpy" => Some(Currency::Yen),
                    "yen" if amount() || prev(1) == "the" => Some(Currency::Yen),
                    "gbp" => Some(Currency::Pound),
                    "sterling" if amount() || matches!(prev(1), "pound" | "pounds") => {
                        Some(Currency::Pound)
                    }
                    "dollar" | "dollars" => match (prev(2), prev(1)) {
                        (_, "us" | "american") | ("u", "s") => Some(Currency::UsDollar),
                        ("hong", "kong") => Some(Currency::HongKongDollar),
                        (_, "taiwan" | "nt") => Some(Currency::TaiwanDollar),
                        // Another country's dollar (Singapore dollars, New
                        // Taiwan dollars): a capitalised word before it
                        // that is no scale word.
                        (_, p)
                            if i > 0
                                && text[words[i - 1].0..]
                                    .starts_with(|c: char| c.is_ascii_uppercase())
                                && lookup(SCALES, p).is_none() =>
                        {
                            None
                        }
                        _ => Some(Currency::Dollar),
                    },
                    _ => None,
                };
                if let Some(currency) = currency {
                    push(s, e, currency);
                }
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The byte spans of a text's runs of ASCII letters.
pub(crate) fn ascii_words(text: &str) -> Vec<(usize, usize)> {
    ascii_runs(text, u8::is_ascii_alphabetic)
}

/// The byte spans of a text's runs of the ASCII bytes `inside` accepts
/// (it must refuse every byte from 0x80 on).
pub(crate) fn ascii_runs(text: &str, inside: fn(&u8) -> bool) -> Vec<(usize, usize)> {
    // Byte by byte: every byte of a character beyond ASCII is 0x80 or
    // more, so a run ends at the first byte of the character after it,
    // where a walk over the characters ended it. Room for a sentence's
    // words at first (a longer text grows the list).
    let bytes = text.as_bytes();
    let mut runs = Vec::with_capacity((bytes.len() / 4).clamp(1, 32));
    let mut start = None;
    for (b, byte) in bytes.iter().enumerate() {
        if inside(byte) {
            start.get_or_insert(b);
        } else if let Some(s) = start.take() {
            runs.push((s, b));
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    runs
}

/// A space that only separates groups of digits: the no-break space
/// (U+00A0), the narrow no-break space (U+202F) and the thin space
/// (U+2009), as in `36 500`. A plain space may separate two numbers, so
/// it joins groups only where the other side has the joined value (the
/// number check's matching).
pub(crate) fn thin_separator(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// A full-width comma at `k` between full-width digits (`３６，５００`): a
/// thousands separator, as `,` is between ASCII digits.
fn full_width_group(chars: &[(usize, char)], k: usize) -> bool {
    let wide = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&(_, c)| ('０'..='９').contains(&c))
    };
    wide(k.checked_sub(1)) && (1..=3).all(|d| wide(Some(k + d)))
}

/// True when money is named right before byte `at` of an English text
/// (`$`, `€`, `£`, `¥`, or a currency code: `US$350m`, `RMB 5k`).
fn currency_before(text: &str, at: usize) -> bool {
    let before = text
        .get(..at)
        .unwrap_or("")
        .trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    if before.ends_with(['$', '€', '£', '¥']) {
        return true;
    }
    let word: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    CURRENCY_CODES.contains(&word.as_str())
}

/// ISO codes of currencies (and `RMB`), lower-cased: money, never names.
pub const CURRENCY_CODES: [&str; 14] = [
    "rmb", "cny", "usd", "hkd", "eur", "jpy", "gbp", "twd", "ntd", "mop", "aud", "cad", "sgd",
    "chf",
];

/// Full-width digits fold to ASCII; anything else is returned unchanged.
pub(crate) fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        _ => c,
    }
}

/// A dotted number of three parts or more at char `k` of `chars` (digits,
/// ASCII or full-width, joined by single points, each point between
/// digits): a version (`2.3.1`, `10.0.19045`) or an address (`10.0.8.1`),
/// or a date written with points (`2026.10.28`). The char just past it and
/// what it is. Two parts (`2.3`) are a decimal, and not read here.
pub(crate) fn dotted(chars: &[(usize, char)], k: usize) -> Option<(usize, Dotted)> {
    let digit_at = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&(_, c)| ascii_digit(c).is_ascii_digit())
    };
    // Not in the middle of a number (the caller starts at a run's start).
    if k > 0
        && (digit_at(k - 1) || (ascii_digit(chars[k - 1].1) == '.' && k >= 2 && digit_at(k - 2)))
    {
        return None;
    }
    let mut parts: Vec<String> = vec![String::new()];
    let mut i = k;
    while i < chars.len() {
        let c = ascii_digit(chars[i].1);
        if c.is_ascii_digit() {
            parts.last_mut()?.push(c);
        } else if c == '.' && digit_at(i + 1) && !parts.last()?.is_empty() {
            parts.push(String::new());
        } else {
            break;
        }
        i += 1;
    }
    if parts.len() < 3 || parts.iter().any(|p| p.len() > 9) {
        return None;
    }
    let n: Vec<u64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let date = parts.len() == 3
        && parts[0].len() == 4
        && (1900..=2100).contains(&n[0])
        && (1..=12).contains(&n[1])
        && (1..=31).contains(&n[2])
        && parts[1].len() <= 2
        && parts[2].len() <= 2;
    if date {
        return Some((i, Dotted::Date([n[0], n[1], n[2]])));
    }
    // FNV-1a over the parts as written, folded into [2⁵², 2⁵³): every
    // such integer is exact in an f64, far from any value a text states.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.join(".").bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Some((i, Dotted::Version(((1u64 << 52) | (h >> 12)) as f64)))
}

/// What a [`dotted`] number is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Dotted {
    /// A version or an address, with its key.
    Version(f64),
    /// A date: year, month, day.
    Date([u64; 3]),
}

/// Pushes the mentions of a [`dotted`] number that starts at char `k` and
/// ends before char `end` (a `v` right before a version, not ending a
/// word, is part of it: `v2.3.1`).
fn push_dotted(
    chars: &[(usize, char)],
    text: &str,
    k: usize,
    end: usize,
    d: Dotted,
    out: &mut Vec<Mention>,
) {
    let at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    match d {
        Dotted::Version(value) => {
            let v = k > 0
                && matches!(chars[k - 1].1, 'v' | 'V')
                && (k < 2 || !chars[k - 2].1.is_alphanumeric());
            out.push(Mention {
                start: at(if v { k - 1 } else { k }),
                end: at(end),
                value,
                kind: MentionKind::Version,
            });
        }
        Dotted::Date(ymd) => {
            // The three parts, at the places of their digits.
            let mut from = k;
            for (p, value) in ymd.into_iter().enumerate() {
                let mut to = from;
                while to < end && ascii_digit(chars[to].1).is_ascii_digit() {
                    to += 1;
                }
                out.push(Mention {
                    start: at(from),
                    end: at(to),
                    value: value as f64,
                    kind: if p == 1 {
                        MentionKind::Month
                    } else {
                        MentionKind::Digits
                    },
                });
                from = to + 1;
            }
        }
    }
}

/// The months' English names, lower-cased, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Every number of a text with its byte span: digits (ASCII or full-width,
/// with `,` thousands separators and a decimal part), Chinese numerals
/// (`二十一`, `一九五七`, `3万`, `百分之五`), English number words
/// (`twenty-one`, `a hundred`), scale words after digits (`2.5 million`,
/// `1.5亿`) and months (`May 8`, `5月`).
///
/// Left out, as in [`chinese_values`] and [`english_values`]: a lone `一` or
/// `one`; also `十分` (very), `千万` and `万一` (by all means, in case), and
/// Chinese pairs of numerals that give a range (`三四个` = three or four).
///
/// ```
/// use bitext::{Lang, numbers::mentions};
/// let zh = "５月８日，增长3.5万人，占百分之五";
/// let m = mentions(zh, Lang::Zh);
/// let values: Vec<f64> = m.iter().map(|m| m.value).collect();
/// assert_eq!(values, [5.0, 8.0, 35000.0, 5.0]);
/// assert_eq!(&zh[m[2].start..m[2].end], "3.5万");
/// let en = "On May 8th, 35,000 more, five percent, $2 million";
/// let values: Vec<f64> = mentions(en, Lang::En).iter().map(|m| m.value).collect();
/// assert_eq!(values, [5.0, 8.0, 35000.0, 5.0, 2_000_000.0]);
/// ```
pub fn mentions(text: &str, lang: crate::Lang) -> Vec<Mention> {
    let mut out = match lang {
        crate::Lang::Zh => chinese_mentions(&fold_numerals(text)),
        crate::Lang::En => english_mentions(text),
    };
    below_zero(text, &mut out);
    out.sort_by_key(|m| m.start);
    out
}

/// Temperatures below zero: a number in digits right after a minus sign
/// (not a range's dash: no digit or letter before the sign), 零下 or
/// *minus*, and right before a degree sign (`-20°C`, `零下20℃`, *minus 20
/// °C*), is negative, its mention taking the sign in (trial 31: `-20°C`
/// against *20°C* went unflagged).
fn below_zero(text: &str, out: &mut Vec<Mention>) {
    // The spans the signs were taken into (the 零 of 零下 is no zero).
    let mut signed: Vec<(usize, usize)> = Vec::new();
    for m in out.iter_mut() {
        if m.kind != MentionKind::Digits || m.value <= 0.0 {
            continue;
        }
        let (Some(before), Some(after)) = (text.get(..m.start), text.get(m.end..)) else {
            continue;
        };
        let degree = after
            .trim_start_matches([' ', '\u{a0}'])
            .starts_with(['°', '℃', '℉']);
        if !degree {
            continue;
        }
        let sign = ['-', '−', '－']
            .iter()
            .find(|&&c| before.ends_with(c))
            .map(|c| c.len_utf8());
        let start = if let Some(n) = sign {
            // A range's dash follows a figure (`2-8°C`, `2 - 8 °C`); a
            // sign follows a word (*is -20°C*, 为-20°C) or nothing.
            let head = &before[..before.len() - n];
            let range = match head.chars().next_back() {
                Some(c) if c.is_whitespace() => head
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit() || "°℃%CF".contains(c)),
                Some(c) => {
                    (c.is_alphanumeric() && !crate::normalize::is_han(c)) || "°℃%".contains(c)
                }
                None => false,
            };
            if range {
                continue;
            }
            before.len() - n
        } else if let Some(head) = before.strip_suffix("零下") {
            head.len()
        } else {
            let t = before.trim_end();
            match t.get(t.len().saturating_sub(5)..) {
                Some(w) if w.eq_ignore_ascii_case("minus") => t.len() - 5,
                _ => continue,
            }
        };
        signed.push((start, m.start));
        m.value = -m.value;
        m.start = start;
    }
    if !signed.is_empty() {
        out.retain(|m| {
            !(m.value == 0.0 && signed.iter().any(|&(s, e)| m.start >= s && m.end <= e))
        });
    }
}

fn chinese_mentions(text: &str) -> Vec<Mention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut out: Vec<Mention> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = ascii_digit(chars[k].1);
        // 百分之 (per cent), 千分之, 万分之, and 百分点 (percentage point).
        let percent_marker = chars.get(k + 1).map(|x| x.1) == Some('分')
            && match chars.get(k + 2).map(|x| x.1) {
                Some('之') => matches!(c, '百' | '千' | '万'),
                Some('点') => c == '百',
                _ => false,
            };
        if percent_marker {
            k += 3;
            continue;
        }
        if let Some(n) = numeral_unit_at(&chars, k) {
            k += n;
            continue;
        }
        if !(is_numeral(c) || c.is_ascii_digit()) {
            k += 1;
            continue;
        }
        if let Some((end, d)) = dotted(&chars, k) {
            push_dotted(&chars, text, k, end, d, &mut out);
            k = end;
            continue;
        }
        let start = k;
        let mut run = String::new();
        while k < chars.len() {
            let c = ascii_digit(chars[k].1);
            let next_digit = chars
                .get(k + 1)
                .is_some_and(|&(_, n)| ascii_digit(n).is_ascii_digit());
            // 二十两 is twenty taels, 八九两 eight or nine: inside a number,
            // 两 is a digit only after 千, 万 or 亿 (一千两百, 三万两千).
            let tael =
                c == '两' && !run.is_empty() && !run.ends_with(['千', '万', '萬', '亿', '億']);
            if tael || (!run.is_empty() && numeral_unit_at(&chars, k).is_some()) {
                break;
            }
            if c == '点' {
                // 二点五, 一点二万亿: a decimal point between numerals.
                if let Some(end) = chinese_fraction(&chars, k, &run) {
                    run.extend(chars[k..end].iter().map(|&(_, c)| c));
                    k = end;
                }
                break;
            }
            if is_numeral(c) || c.is_ascii_digit() {
                run.push(c);
            } else if c == '.' && next_digit && run.ends_with(|p: char| p.is_ascii_digit()) {
                run.push('.');
            } else if (c == ',' || thin_separator(c) || (c == '，' && full_width_group(&chars, k)))
                && run.ends_with(|p: char| p.is_ascii_digit())
                && (1..=3).all(|d| {
                    chars
                        .get(k + d)
                        .is_some_and(|&(_, n)| ascii_digit(n).is_ascii_digit())
                })
                && !chars
                    .get(k + 4)
                    .is_some_and(|&(_, n)| ascii_digit(n).is_ascii_digit())
            {
                // thousands separator
            } else {
                break;
            }
            k += 1;
        }
        if zero_minutes(&chars, start, &run) {
            continue;
        }
        let (s, e) = (chars[start].0, end_of(k));
        let next = chars.get(k).map(|x| x.1);
        let prev = start.checked_sub(1).map(|p| chars[p].1);
        // 一千克 "1 kg", 五千米 "5 km": the run ends before a unit that
        // begins with a numeral, and counts it.
        let before_unit = numeral_unit_at(&chars, k).is_some();
        // 百万分之五, 千分之三: the run before 分之 is a denominator.
        if next == Some('分') && chars.get(k + 1).map(|x| x.1) == Some('之') {
            continue;
        }
        let digits = run.chars().any(|c| c.is_ascii_digit());
        // 8折, 7.5折: a price at tenths of itself, a number the English
        // states otherwise (*20% off*); a soft mention (see
        // [`soft_mentions`]).
        if zhe_discount(&chars, k, &run).is_some() {
            continue;
        }
        let numerals = run.chars().filter(|&c| is_numeral(c)).count();
        // 百公里, 每百克, 千公斤: a lone 百, 千 or 万 before a unit of
        // measure is that many of it; not after a word that makes it
        // "hundreds" (数百, 几百, 上百, 成千, 好几百).
        let lone_unit_measure = !digits
            && matches!(run.as_str(), "百" | "千" | "万")
            && !matches!(prev, Some('数' | '几' | '上' | '成' | '好'))
            && measure_after_lone_unit(&chars, k);
        // 零至百公里, 零到100公里: "0 to 100 km/h", a range that starts at
        // zero (零售, 零件 are words; 从零到一 is "from scratch").
        let zero_to = run == "零"
            && matches!(
                next,
                Some('至' | '到' | '-' | '－' | '~' | '～' | '—' | '–')
            )
            && chars.get(k + 1).is_some_and(|&(_, c)| {
                let c = ascii_digit(c);
                c.is_ascii_digit()
                    || (is_numeral(c)
                        && (c != '一'
                            || chars
                                .get(k + 2)
                                .is_some_and(|&(_, n)| is_numeral(ascii_digit(n)))))
            });
        // 零件, 零部件 (parts), 零头 (odd change): words, though a
        // classifier follows.
        let zero_word = run == "零" && matches!(next, Some('件' | '部' | '头'));
        let idiom = zero_word
            || matches!(run.as_str(), "十" if next == Some('分'))
            || matches!(
                run.as_str(),
                "千万" | "万一" | "万万" | "一一" | "万千" | "千千万万"
            )
            || (run == "万" && !digits && !lone_unit_measure);
        let range = !digits
            && numerals == 2
            && run.chars().all(|c| digit(c).is_some())
            && !run.contains(['〇', '零']);
        // A single numeral is a number when it counts something (a
        // classifier or measure follows) or is an ordinal (第三); otherwise
        // it is part of a name (王二, 罗小四) or a word (二则, 三思).
        // A single numeral, a digit or a unit alone (百姓 "the people",
        // 十字 "cross"), counts only in a counting context.
        let single = !digits && run.chars().count() == 1;
        // 头一个, 头一次: "the first".
        let ordinal = prev == Some('第') || (prev == Some('头') && run == "一");
        let fraction = start >= 2 && chars[start - 1].1 == '之' && chars[start - 2].1 == '分';
        let counts = before_unit
            || next.is_some_and(is_classifier)
            || (unit(run.chars().next().unwrap_or(' ')).is_some()
                && matches!(next, Some('多' | '余')))
            || ordinal
            || matches!(next, Some('%' | '％'))
            || fraction
            || lone_unit_measure
            || zero_to;
        // A lone 一 is "one" or "a" everywhere but in an ordinal (第一); a
        // fraction is read as its numerator, so 十分之一 (like "one tenth")
        // is left out too.
        // 一成 is a tenth (10%), unless a word begins with its 成 (一成不变).
        let one_tenth = next == Some('成')
            && !chars
                .get(k + 1)
                .is_some_and(|&(_, c)| TENTHS_NOT_AFTER.contains(c));
        // The number of a labelled heading or list item (误区一：, 例二：):
        // a numeral after a short label that opens the line, before a
        // colon. It numbers the item as *Misconception 1:* does.
        let label = !digits && run.chars().count() <= 2 && matches!(next, Some('：' | ':')) && {
            let line = chars[..start]
                .iter()
                .rev()
                .take_while(|&&(_, c)| c != '\n')
                .map(|&(_, c)| c);
            // At most 5 read back: a label is short (linear however long
            // the line).
            let n = line.clone().take(5).count();
            (1..=4).contains(&n)
                && line
                    .clone()
                    .all(|c| crate::normalize::is_han(c) && !is_numeral(c))
        };
        // 七月一日: the first day of a month.
        let first_day = prev == Some('月') && matches!(next, Some('日' | '号'));
        if !label
            && ((run == "一" && !ordinal && !one_tenth && !first_day && !before_unit)
                || idiom
                || range
                || (single && !counts))
        {
            continue;
        }
        // 十四五 (规划, 时期, 期间, or in quotes): the 14th Five-Year Plan,
        // numbered 14 (its 五 is the plan's five years, not a digit).
        let plan = {
            let r: Vec<char> = run.chars().collect();
            r.len() == 3
                && r[0] == '十'
                && r[2] == '五'
                && digit(r[1]).is_some_and(|d| (1..=9).contains(&d))
                && (matches!(next, Some('规' | '时' | '期' | '”' | '」' | '"'))
                    || matches!(prev, Some('“' | '「' | '"')))
        };
        let value = if plan {
            run.chars().nth(1).and_then(digit).map(|d| (10 + d) as f64)
        } else if let Some((whole, fraction)) = run.split_once('点') {
            chinese_decimal(whole, fraction)
        } else if digits && numerals == 0 {
            run.parse::<f64>().ok()
        } else {
            // 3.5万, 4亿2,300万: digits with a decimal part, then units.
            parse_run_value(&run)
        };
        let Some(mut value) = value.filter(|v| v.is_finite()) else {
            continue;
        };
        let mut e_cents = None;
        // 一九六几年, 197几年: a year of the decade (1960s, 1970s).
        let decade_year = next == Some('几')
            && chars.get(k + 1).map(|x| x.1) == Some('年')
            && run.chars().count() == 3
            && run
                .chars()
                .all(|c| digit(c).is_some() || c.is_ascii_digit());
        if decade_year {
            value *= 10.0;
        }
        // 三成, 两成: tenths, written as per cent in English (30%, 20%),
        // with a units digit or a half after them (八成五 85%, 一成半 15%);
        // not in words that begin with 成 (成员 member, 成为 become).
        let tenths = next == Some('成')
            && (1.0..=9.0).contains(&value)
            && value.fract() == 0.0
            && !chars
                .get(k + 1)
                .is_some_and(|&(_, c)| TENTHS_NOT_AFTER.contains(c));
        // 25个基点, 50基点: basis points, counted in percentage points.
        let basis_at = |i: usize| {
            chars.get(i).map(|x| x.1) == Some('基') && chars.get(i + 1).map(|x| x.1) == Some('点')
        };
        if basis_at(k) || (next == Some('个') && basis_at(k + 1)) {
            value *= 0.01;
        }
        let mut tenths_end = None;
        if tenths {
            value *= 10.0;
            let after = chars.get(k + 1).map(|&(_, c)| c);
            match after.and_then(|c| digit(c).filter(|_| c != '两')) {
                Some(d) if d > 0 => {
                    value += d as f64;
                    tenths_end = Some(k + 2);
                }
                _ if after == Some('半') => {
                    value += 5.0;
                    tenths_end = Some(k + 2);
                }
                _ => tenths_end = Some(k + 1),
            }
        }
        // A month: before 月, or the first of a range of months (1-5月,
        // 1至5月, 5、6月份), which names January as much as the 5 names May.
        let range_to_month = || {
            matches!(
                next,
                Some('-' | '–' | '—' | '~' | '～' | '至' | '到' | '、')
            ) && chars[k + 1..]
                .iter()
                .position(|&(_, c)| !(is_numeral(c) || ascii_digit(c).is_ascii_digit()))
                .is_some_and(|n| n > 0 && chars[k + 1 + n].1 == '月')
        };
        // Typeset Chinese puts a blank between digits and a date's unit
        // (2025 年 1 月 1 日).
        let spaced_month = digits
            && matches!(next, Some(' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
            && chars.get(k + 1).map(|x| x.1) == Some('月');
        let kind = if (next == Some('月') || spaced_month || range_to_month())
            && (1.0..=12.0).contains(&value)
            && value.fract() == 0.0
        {
            MentionKind::Month
        } else if digits {
            MentionKind::Digits
        } else {
            MentionKind::Words
        };
        // 一万零五百元五角三分 (a 大写 amount, folded): the 角 and 分 after
        // the 元 are its tenths and hundredths (10500.53).
        if next == Some('元') && run.chars().all(is_numeral) {
            let mut j = k + 1;
            let mut cents = 0.0;
            let mut any = false;
            for (unit_char, size) in [('角', 0.1), ('分', 0.01)] {
                let zero = chars.get(j).is_some_and(|&(_, c)| c == '零');
                let at = j + usize::from(zero);
                let d = chars
                    .get(at)
                    .and_then(|&(_, c)| digit(c).filter(|_| c != '两'));
                if let Some(d) = d
                    && chars.get(at + 1).is_some_and(|&(_, c)| c == unit_char)
                {
                    cents += d as f64 * size;
                    any = true;
                    j = at + 2;
                }
            }
            if any {
                value = ((value + cents) * 100.0).round() / 100.0;
                e_cents = Some(end_of(j));
                k = j;
            }
        }
        let percent_before = start >= 3
            && chars[start - 1].1 == '之'
            && chars[start - 2].1 == '分'
            && matches!(prev, Some('之'));
        let mut end = e_cents.unwrap_or(e);
        if matches!(next, Some('%' | '％')) {
            end = end_of(k + 1);
        }
        if let Some(t) = tenths_end {
            end = end_of(t);
            k = t;
        }
        let mut s = if percent_before {
            chars[start - 3].0
        } else {
            s
        };
        // A decade (五十年代, 80年代) after its century (二十世纪, 20世纪,
        // 上世纪, 上个世纪, 本世纪) is one number, the decade's first year
        // (二十世纪五十年代 is 1950, as *the 1950s*); without a century it
        // stays the decade (50), which meets *the 1950s* or *the fifties*
        // (see [`decade`]).
        let mut kind = kind;
        let decade_here = next == Some('年')
            && chars.get(k + 1).map(|x| x.1) == Some('代')
            && value.fract() == 0.0
            && value % 10.0 == 0.0
            && (10.0..=90.0).contains(&value);
        if decade_here && let Some(head) = text[..s].strip_suffix("世纪") {
            let century = out.last().filter(|c| {
                c.end == head.len() && c.value.fract() == 0.0 && (1.0..=30.0).contains(&c.value)
            });
            if let Some(c) = century {
                value += (c.value - 1.0) * 100.0;
                s = c.start;
                if c.kind == MentionKind::Digits {
                    kind = MentionKind::Digits;
                }
                out.pop();
            } else if let Some(h) = head
                .strip_suffix("上个")
                .or_else(|| head.strip_suffix("上"))
            {
                value += 1900.0;
                s = h.len();
            } else if let Some(h) = head.strip_suffix("本") {
                value += 2000.0;
                s = h.len();
            }
        }
        out.push(Mention {
            start: s,
            end,
            value,
            kind,
        });
    }
    out
}

/// True when a mention names a decade: in Chinese a number before 年代
/// (五十年代, 80年代, 二十世纪五十年代), in English digits with a plural
/// `s` (*1950s*, *'90s*, *1980's*) or a word (*the fifties*). A decade
/// without its century (50) meets one with it (1950): see the number
/// check.
pub fn decade(text: &str, lang: crate::Lang, m: &Mention) -> bool {
    if m.value.fract() != 0.0 || m.value % 10.0 != 0.0 {
        return false;
    }
    let after = text.get(m.end..).unwrap_or("");
    match lang {
        // 几年 after a year's first three digits (一九六几年); after a round
        // number it is "some years" (二十几年, twenty-odd years).
        crate::Lang::Zh => {
            after.starts_with("年代") || (after.starts_with("几年") && m.value >= 1000.0)
        }
        crate::Lang::En => {
            let plural = after
                .strip_prefix(['\'', '’'])
                .unwrap_or(after)
                .strip_prefix('s')
                .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()));
            let word = text
                .get(m.start..m.end)
                .and_then(|w| w.rsplit(|c: char| !c.is_ascii_alphabetic()).next())
                .is_some_and(|w| lookup(DECADES, w).is_some());
            // *1,000s of fans* are thousands, not a decade.
            let grouped = text.get(m.start..m.end).is_some_and(|w| w.contains(','));
            (m.kind == MentionKind::Digits && plural && !grouped) || word
        }
    }
}

/// English decades in words (*the fifties*).
const DECADES: &[(&str, u64)] = &[
    ("twenties", 20),
    ("thirties", 30),
    ("forties", 40),
    ("fifties", 50),
    ("sixties", 60),
    ("seventies", 70),
    ("eighties", 80),
    ("nineties", 90),
];

/// Whether a percentage is a per cent or a difference of percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// `5%`, `百分之五`, *5 per cent*.
    Percent,
    /// `3个百分点`, `25个基点`, *3 percentage points*, *25 basis points*, *3 pp*.
    Point,
}

/// The quantity a number states when it is a percentage or a percentage
/// point, and the end of its quotation (the unit included: `3个百分点`).
pub fn quantity(text: &str, lang: crate::Lang, m: &Mention) -> Option<(Quantity, usize)> {
    let written = text.get(m.start..m.end)?;
    let after = text.get(m.end..).unwrap_or("");
    match lang {
        crate::Lang::Zh => {
            if written.ends_with(['%', '％']) || written.starts_with("百分之") {
                return Some((Quantity::Percent, m.end));
            }
            // 個百分點 as 个百分点 (the same byte lengths).
            let head: String = after.chars().take(5).collect();
            let head = fold_numerals(&head);
            let after = head.as_ref();
            let rest = after.strip_prefix('个').unwrap_or(after);
            ["百分点", "基点"].iter().find_map(|u| {
                rest.starts_with(u)
                    .then(|| (Quantity::Point, m.end + after.len() - rest.len() + u.len()))
            })
        }
        crate::Lang::En => {
            let lower = written.to_ascii_lowercase();
            let tail = after.trim_start_matches([' ', '\u{a0}', '-']);
            // The next 20 characters (cut at a character boundary: a cut
            // inside a Chinese character read the tail as empty).
            let tail_lower: String = tail
                .chars()
                .take(20)
                .collect::<String>()
                .to_ascii_lowercase();
            let tail_lower = tail_lower.as_str();
            let skip = after.len() - tail.len();
            if lower.contains("basis") {
                return Some((Quantity::Point, m.end));
            }
            if lower.ends_with("percentage") || lower.ends_with("point") {
                // *half a percentage point*
                return Some((Quantity::Point, m.end));
            }
            if lower.ends_with('%') || lower.ends_with('％') || lower.ends_with("percent") {
                // *2% points*, *2 %-points*, *2 percent points*.
                if tail_lower.starts_with("point") {
                    let n = if tail_lower.starts_with("points") {
                        6
                    } else {
                        5
                    };
                    return Some((Quantity::Point, m.end + skip + n));
                }
                return Some((Quantity::Percent, m.end));
            }
            if lower.ends_with("per") && tail_lower.starts_with("cent") {
                return Some((Quantity::Percent, m.end + skip + 4));
            }
            if tail_lower.starts_with("percentage point")
                || tail_lower.starts_with("percentage-point")
            {
                let n = if tail_lower.starts_with("percentage points")
                    || tail_lower.starts_with("percentage-points")
                {
                    17
                } else {
                    16
                };
                return Some((Quantity::Point, m.end + skip + n));
            }
            let word_end = tail
                .find(|c: char| !c.is_ascii_alphabetic() && c != '.')
                .unwrap_or(tail.len());
            let word = tail_lower
                .get(..word_end.min(tail_lower.len()))
                .unwrap_or("");
            matches!(word.trim_end_matches('.'), "pp" | "ppt" | "ppts" | "p.p")
                .then(|| (Quantity::Point, m.end + skip + word_end))
        }
    }
}

/// Numbers a text may state without a numeral, that meet a number of the
/// other side nothing else met and are never missing: *around the clock*
/// (24, and the 7 of 7×24小时), and the 7 of *24/7*; in Chinese, a `折`
/// price (八折: 80 and 20, see `chinese_soft_mentions`). Chinese soft
/// numerals are the number check's own (`soft_numerals`).
pub fn soft_mentions(text: &str, lang: crate::Lang) -> Vec<Mention> {
    if lang != crate::Lang::En {
        return chinese_soft_mentions(text);
    }
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for phrase in ["round the clock", "round-the-clock"] {
        for (at, _) in lower.match_indices(phrase) {
            let start = if lower[..at].ends_with('a') {
                at - 1
            } else {
                at
            };
            for value in [24.0, 7.0] {
                out.push(Mention {
                    start,
                    end: at + phrase.len(),
                    value,
                    kind: MentionKind::Words,
                });
            }
        }
    }
    for (at, _) in lower.match_indices("24/7") {
        out.push(Mention {
            start: at + 3,
            end: at + 4,
            value: 7.0,
            kind: MentionKind::Digits,
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Chinese numbers stated otherwise in English: a price at tenths of
/// itself, `八折` (a price at 80%, *20% off*), `八五折` and `8.5折` (85%,
/// *15% off*), is both the share of the price and the discount (80 and
/// 20).
fn chinese_soft_mentions(text: &str) -> Vec<Mention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(b, c)) in chars.iter().enumerate() {
        if c != '折' {
            continue;
        }
        // The run of numerals or digits right before 折.
        let from = chars[..k]
            .iter()
            .rposition(|&(_, p)| {
                let p = ascii_digit(p);
                !(p.is_ascii_digit() || p == '.' || digit(p).is_some())
            })
            .map_or(0, |p| p + 1);
        let run: String = chars[from..k]
            .iter()
            .map(|&(_, c)| ascii_digit(c))
            .collect();
        let Some(price) = zhe_discount(&chars, k, &run) else {
            continue;
        };
        for value in [price, 100.0 - price] {
            out.push(Mention {
                start: chars[from].0,
                end: b + c.len_utf8(),
                value,
                kind: MentionKind::Words,
            });
        }
    }
    out
}

/// Whether soft mention `s` of `soft` (read from `soft_text`) may meet the
/// number `m` of `text` in its role: a `折` price states both the share of
/// the price (its first mention) and the discount (its second, over the
/// same span), and an English percentage followed by *off* or *discount*
/// is a discount, one followed by *of the price* a share (八折 is *20%
/// off*, not *80% off*). Any other soft mention fits.
pub fn zhe_role_fits(soft: &[Mention], s: usize, soft_text: &str, m: &Mention, text: &str) -> bool {
    if !soft_text
        .get(soft[s].start..soft[s].end)
        .is_some_and(|w| w.ends_with('折'))
    {
        return true;
    }
    let same_span = |o: &Mention| o.start == soft[s].start && o.end == soft[s].end;
    let share = soft.get(s + 1).is_some_and(same_span);
    let discount = s > 0 && same_span(&soft[s - 1]);
    // The few words after the percentage are enough.
    let after: String = text
        .get(m.end..)
        .unwrap_or("")
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    let after = after.trim_start().trim_start_matches('%').trim_start();
    let after = after
        .strip_prefix("per cent")
        .or_else(|| after.strip_prefix("percent"))
        .unwrap_or(after)
        .trim_start();
    if after.starts_with("off") || after.starts_with("discount") {
        discount
    } else if after.starts_with("of the") || after.starts_with("of its") {
        share
    } else {
        true
    }
}

/// When the run of numerals or digits `run` ends right before char `k`
/// and `折` is there as a discount (not 折叠 "fold", 折合 "convert to", 折旧
/// "depreciation" …): the share of the price in per cent (八折 → 80, 八五折
/// and 8.5折 → 85, 85折 → 85).
fn zhe_discount(chars: &[(usize, char)], k: usize, run: &str) -> Option<f64> {
    if chars.get(k).map(|x| x.1) != Some('折')
        || chars
            .get(k + 1)
            .is_some_and(|&(_, c)| "叠合算旧射线腾返服磨中扣页痕纸".contains(c))
    {
        return None;
    }
    let numerals: Vec<u64> = run
        .chars()
        .map(digit)
        .collect::<Option<_>>()
        .unwrap_or_default();
    let price = match numerals.as_slice() {
        [d] if (1..=9).contains(d) && !run.contains('两') => (d * 10) as f64,
        [d, e] if (1..=9).contains(d) && (1..=9).contains(e) => (d * 10 + e) as f64,
        _ => {
            let v: f64 = run.parse().ok()?;
            if v > 0.0 && v < 10.0 && (v * 10.0).fract() == 0.0 {
                v * 10.0
            } else if (11.0..100.0).contains(&v) && v.fract() == 0.0 && v % 10.0 != 0.0 {
                v
            } else {
                return None;
            }
        }
    };
    Some(price)
}

/// True when a mention is an English ordinal in words (*first*, *third*,
/// *twenty-first*): it may mean order rather than a count (*a first
/// response* ↔ 首次响应), so the number check lets it meet a number only
/// where no cardinal does.
pub fn ordinal_word(text: &str, lang: crate::Lang, m: &Mention) -> bool {
    lang == crate::Lang::En
        && m.kind == MentionKind::Words
        && text.get(m.start..m.end).is_some_and(|w| {
            let last = w
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            is_ordinal(&last) && (lookup(ONES, &last).is_some() || lookup(TENS, &last).is_some())
        })
}

/// A fraction stated in words: `三分之一`, `一半`, *a third*, *two-thirds*,
/// *half of*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// Byte offset of the fraction's first byte.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Its numerator (1 in `三分之一`, *a third*).
    pub numerator: u64,
    /// Its denominator (3 in `三分之一`, *a third*).
    pub denominator: u64,
}

impl Fraction {
    /// The same share (1/2 and 2/4).
    pub fn equals(&self, other: &Fraction) -> bool {
        // In 128 bits: a numerator as long as 十分之9000000000000000000
        // overflows 64.
        u128::from(self.numerator) * u128::from(other.denominator)
            == u128::from(other.numerator) * u128::from(self.denominator)
    }
}

/// The fractions a text states in words (a denominator of 2 to 99: per
/// cent and per mille are numbers). Chinese: `X分之Y`, `一半`, `半数`;
/// English: a numerator (*a*, *one* … *ten*) and a denominator (*half*,
/// *third(s)* … *tenth(s)*, *quarter(s)*), and *half* before *of*, *the*,
/// *a* or a possessive, or after *by*, *in*, *about*, *nearly* …; *a
/// third* only before *of* or a punctuation mark or after *about*,
/// *nearly* … (*a third party* is none).
pub fn fractions(text: &str, lang: crate::Lang) -> Vec<Fraction> {
    let mut out = Vec::new();
    match lang {
        // Every Chinese fraction holds 分 (X分之Y) or 半 (一半, 半数).
        crate::Lang::Zh if !text.contains(['分', '半']) => {}
        crate::Lang::Zh => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
            let number = |run: &[(usize, char)]| -> Option<u64> {
                let s: String = run.iter().map(|&(_, c)| ascii_digit(c)).collect();
                if s.is_empty() {
                    None
                } else if s.chars().all(|c| c.is_ascii_digit()) {
                    s.parse().ok()
                } else {
                    parse_run(&s)
                }
            };
            let numeral = |c: char| is_numeral(c) || ascii_digit(c).is_ascii_digit();
            for k in 0..chars.len() {
                let c = chars[k].1;
                if c == '分' && chars.get(k + 1).map(|x| x.1) == Some('之') {
                    let mut a = k;
                    while a > 0 && numeral(chars[a - 1].1) && chars[a - 1].1 != '两' {
                        a -= 1;
                    }
                    let mut b = k + 2;
                    while b < chars.len() && numeral(chars[b].1) {
                        b += 1;
                    }
                    if let (Some(den), Some(num)) = (number(&chars[a..k]), number(&chars[k + 2..b]))
                        && (2..100).contains(&den)
                        && num > 0
                    {
                        out.push(Fraction {
                            start: chars[a].0,
                            end: end_of(b),
                            numerator: num,
                            denominator: den,
                        });
                    }
                }
                let half = (c == '一' && chars.get(k + 1).map(|x| x.1) == Some('半'))
                    || (c == '半' && chars.get(k + 1).map(|x| x.1) == Some('数'));
                if half {
                    out.push(Fraction {
                        start: chars[k].0,
                        end: end_of(k + 2),
                        numerator: 1,
                        denominator: 2,
                    });
                }
            }
        }
        crate::Lang::En => {
            // Every English fraction has a denominator word: a text
            // without one is read no further.
            let spans = ascii_words(text);
            let mut lower = String::new();
            let any_denominator = spans.iter().any(|&(s, e)| {
                lower.clear();
                lower.push_str(&text[s..e]);
                lower.make_ascii_lowercase();
                fraction_denominator(&lower).is_some()
            });
            if any_denominator {
                english_fractions(text, spans, &mut out);
            }
        }
    }
    out
}

/// The denominator a lower-cased word stands for in an English fraction
/// (*half*, *halves* 2, *quarter(s)* 4, *third(s)* 3, *fourth(s)* …
/// *tenth(s)*), as [`fractions`] reads it. (An ordinal is told by its
/// ending before the table is searched.)
fn fraction_denominator(word: &str) -> Option<u64> {
    let stem = word.strip_suffix('s').unwrap_or(word);
    match stem {
        "half" | "halve" => Some(2),
        "quarter" => Some(4),
        "third" => Some(3),
        _ if !is_ordinal(stem) => None,
        _ => lookup(ONES, stem).filter(|&v| (4..=10).contains(&v)),
    }
}

/// The English fractions of `text`, whose words (ASCII letters) are at
/// `spans`: see [`fractions`].
fn english_fractions(text: &str, spans: Vec<(usize, usize)>, out: &mut Vec<Fraction>) {
    let words: Vec<(usize, usize, String)> = spans
        .into_iter()
        .map(|(s, e)| (s, e, text[s..e].to_ascii_lowercase()))
        .collect();
    let joined = |i: usize| {
        text[words[i - 1].1..words[i].0]
            .chars()
            .all(|c| c == ' ' || c == '-')
    };
    let word = |i: usize| words.get(i).map_or("", |w| w.2.as_str());
    let closes = |i: usize| {
        // Nothing but a punctuation mark (or the end) after word i,
        // or `of` next.
        let rest = text[words[i].1..].trim_start();
        rest.is_empty()
            || rest.starts_with(|c: char| c.is_ascii_punctuation() && c != '-')
            || word(i + 1) == "of"
    };
    let about = |i: usize| {
        i > 0
            && matches!(
                word(i - 1),
                "about"
                    | "nearly"
                    | "almost"
                    | "over"
                    | "than"
                    | "roughly"
                    | "around"
                    | "some"
                    | "just"
                    | "only"
                    | "by"
                    | "least"
                    | "barely"
                    | "fully"
                    | "exactly"
                    | "approximately"
            )
    };
    for i in 0..words.len() {
        let den_word = word(i);
        let stem = den_word.strip_suffix('s').unwrap_or(den_word);
        let den = fraction_denominator(den_word);
        let Some(den) = den else {
            continue;
        };
        let numerator = (i > 0 && joined(i))
            .then(|| match word(i - 1) {
                "a" | "an" => Some(1),
                w => lookup(ONES, w).filter(|&v| (1..=10).contains(&v) && !is_ordinal(w)),
            })
            .flatten();
        match numerator {
            Some(num) => {
                let article = matches!(word(i - 1), "a" | "an");
                if article && !(closes(i) || about(i - 1)) {
                    continue;
                }
                // *Three quarters* of a year are fiscal quarters
                // (*in the first three quarters,*) unless `of`
                // follows or a word of measure precedes.
                if stem == "quarter" && !article && !(word(i + 1) == "of" || about(i - 1)) {
                    continue;
                }
                out.push(Fraction {
                    start: words[i - 1].0,
                    end: words[i].1,
                    numerator: num,
                    denominator: den,
                });
            }
            None if stem == "half" && den_word == "half" => {
                let next_ok = matches!(
                    word(i + 1),
                    "of" | "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "my"
                        | "your"
                        | "all"
                        | "them"
                        | "these"
                        | "those"
                ) && !text[words[i].1..].starts_with('-');
                let before_ok = about(i) || (i > 0 && word(i - 1) == "in" && closes(i));
                if next_ok || before_ok {
                    out.push(Fraction {
                        start: words[i].0,
                        end: words[i].1,
                        numerator: 1,
                        denominator: 2,
                    });
                }
            }
            None => {}
        }
    }
}

/// Characters that make a word of a 成 after a numeral (成员 member, 成为
/// become, 成本 cost, 一成不变 unchanging): no tenth (三成 30%) then.
const TENTHS_NOT_AFTER: &str = "员为立功果本绩就长熟交型分品都年效色套批不";

/// The end (a character index) of the decimal part after the `点` at
/// `at` when it is a decimal point: the run before it is Chinese numerals
/// alone, one or more digits follow (`〇`–`九`, not `两`), then at most the
/// scale characters `万` and `亿`, and no `分`, `秒`, `刻`, `半` or `十`,
/// `百`, `千` (or `钟` right after the digits) after them, which make it a
/// clock time (十点五十分, 三点一刻). Two digits of minutes after an hour,
/// with no scale and no `百分之` before (八点零五, 七点一五: 8:05, 7:15),
/// are a spoken clock time too.
fn chinese_fraction(chars: &[(usize, char)], at: usize, run: &str) -> Option<usize> {
    if run.is_empty() || !run.chars().all(is_numeral) {
        return None;
    }
    let mut end = at + 1;
    while chars
        .get(end)
        .is_some_and(|&(_, c)| digit(c).is_some() && c != '两')
    {
        end += 1;
    }
    if end == at + 1 {
        return None;
    }
    let digits_end = end;
    while chars
        .get(end)
        .is_some_and(|&(_, c)| matches!(c, '万' | '萬' | '亿' | '億'))
    {
        end += 1;
    }
    let clock = |c: char| matches!(c, '分' | '秒' | '刻' | '半' | '十' | '百' | '千');
    if chars.get(end).is_some_and(|&(_, c)| clock(c))
        || (end == digits_end && chars.get(end).is_some_and(|&(_, c)| c == '钟'))
    {
        return None;
    }
    let minutes: Vec<u64> = chars[at + 1..digits_end]
        .iter()
        .filter_map(|&(_, c)| digit(c))
        .collect();
    let run_start = at - run.chars().count();
    let percent = run_start >= 3
        && chars[run_start - 3..run_start]
            .iter()
            .map(|&(_, c)| c)
            .eq(['百', '分', '之']);
    let spoken_clock = end == digits_end
        && !percent
        && minutes.len() == 2
        && minutes[0] * 10 + minutes[1] <= 59
        && parse_run(run).is_some_and(|h| h <= 24);
    if spoken_clock {
        return None;
    }
    Some(end)
}

/// The value of a Chinese decimal: `whole` before the `点`, `fraction` its
/// digits and any scale after them (`二` and `五亿` are 2.5 × 10⁸).
fn chinese_decimal(whole: &str, fraction: &str) -> Option<f64> {
    let whole = parse_run(whole)? as f64;
    let split = fraction
        .char_indices()
        .find(|&(_, c)| digit(c).is_none())
        .map_or(fraction.len(), |(i, _)| i);
    let decimals: String = fraction[..split]
        .chars()
        .filter_map(|c| digit(c).and_then(|d| char::from_digit(d as u32, 10)))
        .collect();
    let part: f64 = format!("0.{decimals}").parse().ok()?;
    let scale = if split == fraction.len() {
        1.0
    } else {
        parse_run(&format!("一{}", &fraction[split..]))? as f64
    };
    Some((whole + part) * scale)
}

/// The `00` of a clock time (`10:00`, `10：00`): written in both languages
/// alike, but no number the other side need write (十时, *ten o'clock*).
/// `chars` are the text's characters with their offsets, the run starts
/// at `start`.
fn zero_minutes(chars: &[(usize, char)], start: usize, run: &str) -> bool {
    run == "00"
        && start >= 2
        && matches!(chars[start - 1].1, ':' | '：')
        && ascii_digit(chars[start - 2].1).is_ascii_digit()
}

/// True when a mention is the hour of a clock time written with minutes
/// (`15:30`, `15：30`): on a 24-hour clock it may count from noon.
pub fn clock_hour(text: &str, m: &Mention) -> bool {
    text.get(m.end..).is_some_and(|after| {
        let mut c = after.chars();
        matches!(c.next(), Some(':' | '：'))
            && c.next().is_some_and(|d| ascii_digit(d).is_ascii_digit())
    })
}

/// True when a Chinese mention is an hour of the afternoon or evening
/// (下午3时, 晚上8点): English writes it as it is (`3 p.m.`, *three
/// o'clock in the afternoon*) or, on a 24-hour clock, from noon (`15:30`,
/// [`clock_hour`]).
pub fn afternoon_hour(text: &str, m: &Mention) -> bool {
    (1.0..12.0).contains(&m.value)
        && m.value.fract() == 0.0
        && text
            .get(m.end..)
            .is_some_and(|after| after.starts_with(['时', '点', '時', '點']))
        && text.get(..m.start).is_some_and(|before| {
            ["下午", "晚上", "傍晚", "晚"]
                .iter()
                .any(|w| before.ends_with(w))
        })
}

/// True when a Chinese mention is an hour (a whole number to 24 before `时`
/// or `点`: 14时15分, 零点四十分).
pub fn chinese_hour(text: &str, m: &Mention) -> bool {
    (0.0..=24.0).contains(&m.value)
        && m.value.fract() == 0.0
        && text
            .get(m.end..)
            .is_some_and(|after| after.starts_with(['时', '点', '時', '點']))
}

/// For an English mention that is an hour on a 12-hour clock: `Some(true)`
/// after noon (`2:15 p.m.`, `2 pm`), `Some(false)` before (`12:40 a.m.`);
/// `None` otherwise.
pub fn twelve_hour_clock(text: &str, m: &Mention) -> Option<bool> {
    let mut rest = head(text, m.end, PERIOD_LOOKAHEAD)?;
    // The minutes of the same time (`:15`).
    if let Some(r) = rest.strip_prefix([':', '：']) {
        rest = r.trim_start_matches(|c: char| ascii_digit(c).is_ascii_digit());
    }
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    match word.as_str() {
        "pm" => Some(true),
        "am" => Some(false),
        _ => None,
    }
}

/// How far after a number the words of its half of the day are looked
/// for (*:30 o'clock in the afternoon* fits): bounded, so that a check per
/// pair of numbers does not read a whole huge segment.
const PERIOD_LOOKAHEAD: usize = 48;

/// At most `n` bytes of `text` from byte `from` (fewer, to end on a char
/// boundary); `None` when `from` is not a boundary of `text`.
fn head(text: &str, from: usize, n: usize) -> Option<&str> {
    let rest = text.get(from..)?;
    let mut end = rest.len().min(n);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Some(&rest[..end])
}

/// The half of the day a Chinese hour names (an hour 1–11 before `时`,
/// `点` or a colon): `Some(true)` after a word of the afternoon or evening
/// (晚7时30分, 晚上, 下午, 傍晚, 夜间; from 5 o'clock on, except after
/// 下午), `Some(false)` after one of the morning (上午, 早上, 凌晨, 清晨),
/// `None` otherwise (最晚7时 is "7 at the latest"; 夜里2点 is past
/// midnight).
pub fn chinese_period(text: &str, m: &Mention) -> Option<bool> {
    const LATER: [&str; 8] = ["下午", "晚上", "傍晚", "夜间", "夜里", "晚间", "今晚", "晚"];
    const EARLIER: [&str; 6] = ["上午", "早上", "早晨", "凌晨", "清晨", "今早"];
    let hour = (1.0..12.0).contains(&m.value)
        && m.value.fract() == 0.0
        && text
            .get(m.end..)
            .is_some_and(|after| after.starts_with(['时', '点', '時', '點', ':', '：']));
    let before = text.get(..m.start)?;
    if !hour || before.ends_with("最晚") || before.ends_with("较晚") {
        return None;
    }
    if let Some(w) = LATER.iter().find(|w| before.ends_with(*w)) {
        // 晚上1点, 夜里2点 are past midnight: which half, the English
        // may say either way.
        (m.value >= 5.0 || matches!(*w, "下午")).then_some(true)
    } else if EARLIER.iter().any(|w| before.ends_with(w)) {
        Some(false)
    } else {
        None
    }
}

/// The half of the day an English hour names: `Some(true)` for *p.m.* or
/// *in the evening*, *in the afternoon*, *at night*; `Some(false)` for
/// *a.m.* or *in the morning*; `None` otherwise. The words may follow the
/// minutes or *o'clock* (`7:30 in the evening`, `seven o'clock in the
/// morning`).
pub fn english_period(text: &str, m: &Mention) -> Option<bool> {
    if let Some(p) = twelve_hour_clock(text, m) {
        return Some(p);
    }
    if !(1.0..=12.0).contains(&m.value) || m.value.fract() != 0.0 {
        return None;
    }
    let mut rest = head(text, m.end, PERIOD_LOOKAHEAD)?;
    if let Some(r) = rest.strip_prefix([':', '：']) {
        rest = r.trim_start_matches(|c: char| ascii_digit(c).is_ascii_digit());
    }
    let lower = rest.trim_start().to_ascii_lowercase().replace('’', "'");
    let lower = lower.strip_prefix("o'clock").unwrap_or(&lower).trim_start();
    let later = ["in the evening", "in the afternoon", "at night", "tonight"];
    if later.iter().any(|w| lower.starts_with(w)) {
        Some(true)
    } else if lower.starts_with("in the morning") {
        Some(false)
    } else {
        None
    }
}

/// What a unit of measure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Metres.
    Length,
    /// Square metres.
    Area,
    /// Kilograms.
    Mass,
    /// Litres.
    Volume,
    /// Megabytes (of data: *KB*, *MB*, *GB*, *TB*, in powers of 1,024).
    Data,
    /// Days (of a duration or an age: 天, 个月, 岁, *hours*, *weeks*,
    /// *months*, *years*).
    Time,
    /// International units of a drug's activity (*IU*, 国际单位).
    Activity,
}

/// Chinese units of a dose, a duration or an age, read after a number
/// only (not as [`ZH_MEASURES`], which make a lone 百 or 千 a number):
/// 微克 (µg), 纳克, 国际单位, 个月, 小时, 分钟, 天, 周 (not 周年, 周岁 is
/// years), 岁, 年 (not 年级, 年代). Sizes in kilograms, days, IU.
const ZH_DOSE_AND_TIME_MEASURES: &[(&str, Dimension, f64)] = &[
    ("微克", Dimension::Mass, 1e-9),
    ("纳克", Dimension::Mass, 1e-12),
    ("国际单位", Dimension::Activity, 1.0),
    ("个月", Dimension::Time, 365.25 / 12.0),
    ("小时", Dimension::Time, 1.0 / 24.0),
    ("分钟", Dimension::Time, 1.0 / 1440.0),
    ("天", Dimension::Time, 1.0),
    ("周岁", Dimension::Time, 365.25),
    ("周", Dimension::Time, 7.0),
    ("岁", Dimension::Time, 365.25),
    ("年", Dimension::Time, 365.25),
];

/// What may follow a 周 or a 年 that is no unit of time after a number
/// (60周年 "60th anniversary", 3年级 "third grade", 90年代 "the nineties").
const ZH_NOT_TIME_AFTER: &str = "年级代度底初末";

/// A unit written with the micro sign (`µg`, `μg` with a Greek mu, `µL`):
/// what it measures, its size and its length in bytes, if `text` begins
/// with one.
fn micro_unit(text: &str) -> Option<(Dimension, f64, usize)> {
    let sign = text.chars().next().filter(|&c| c == 'µ' || c == 'μ')?;
    let rest = &text[sign.len_utf8()..];
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    let (d, size) = match word.as_str() {
        "g" => (Dimension::Mass, 1e-9),
        "l" | "L" => (Dimension::Volume, 1e-6),
        _ => return None,
    };
    Some((d, size, sign.len_utf8() + word.len()))
}

/// The unit of measure written right after a mention, as what it measures
/// and its size in metres, square metres or kilograms: Chinese 亩 (1/15
/// hectare), 公顷, 平方米, 平方公里, 斤 (0.5 kg), 公斤, 千克, 吨, 里 (0.5 km),
/// 公里, 千米, 米; English *hectares*, *acres*, *mu*, *square metres*,
/// *square kilometres*, *km²*, *kilometres*, *km*, *metres*, *miles*,
/// *li*, *kilograms*, *kg*, *tonnes*, *tons*, *jin*, *catties*, *grams*,
/// *pounds*; and for mass, volume, length and data also 克, 毫克, 磅, 盎司,
/// 升 (not 升至, *rose to*), 毫升, 厘米, 毫米, 英尺, 英寸, *mg*, *mL*, *L*,
/// *cm*, *mm*, *ft*, *in.*-less *inches*, *oz*, *KB*, *MB*, *GB*, *TB*,
/// the Latin abbreviations also after a number in Chinese text (`4 kg`,
/// `5 mL`, `2 GB`). `None` when no unit follows.
///
/// ```
/// use bitext::{Lang, numbers::{Dimension, measure, mentions}};
/// let zh = "新增耕地1万亩";
/// let m = &mentions(zh, Lang::Zh)[0];
/// let (d, size) = measure(zh, Lang::Zh, m).unwrap();
/// assert_eq!(d, Dimension::Area);
/// assert!((m.value * size / 10_000.0 - 666.67).abs() < 0.01);
/// ```
pub fn measure(text: &str, lang: crate::Lang, m: &Mention) -> Option<(Dimension, f64)> {
    measure_unit(text, lang, m).map(|(d, size, _)| (d, size))
}

/// [`measure`] with the byte offset in `text` where the unit's word ends,
/// so that evidence can quote the amount with its unit (`十亩`, `ten
/// acres`, `1.5 km²`).
///
/// ```
/// use bitext::{Lang, numbers::{measure_unit, mentions}};
/// let en = "He owned ten acres of land.";
/// let m = &mentions(en, Lang::En)[0];
/// let (_, _, end) = measure_unit(en, Lang::En, m).unwrap();
/// assert_eq!(&en[m.start..end], "ten acres");
/// ```
pub fn measure_unit(text: &str, lang: crate::Lang, m: &Mention) -> Option<(Dimension, f64, usize)> {
    use Dimension::*;
    let rest = text.get(m.end..)?;
    match lang {
        crate::Lang::Zh => {
            // 噸, 畝, 公頃 as 吨, 亩, 公顷 (the same byte lengths).
            let head: String = rest.chars().take(16).collect();
            let head = fold_numerals(&head);
            let rest = head.as_ref();
            if let Some(&(u, d, f)) = ZH_MEASURES.iter().find(|(u, _, _)| rest.starts_with(u)) {
                // 升至, 升到, 升为: *rose to*, not litres.
                let next = rest[u.len()..].chars().next();
                if u == "升" && next.is_some_and(|c| "至到为高级".contains(c)) {
                    return None;
                }
                return Some((d, f, m.end + u.len()));
            }
            if let Some(&(u, d, f)) = ZH_DOSE_AND_TIME_MEASURES
                .iter()
                .find(|(u, _, _)| rest.starts_with(u))
            {
                let next = rest[u.len()..].chars().next();
                if matches!(u, "周" | "年") && next.is_some_and(|c| ZH_NOT_TIME_AFTER.contains(c))
                {
                    return None;
                }
                return Some((d, f, m.end + u.len()));
            }
            // A Latin abbreviation (`4 kg`, `5 mL`, `2 GB`, `10 μg`), whole.
            let after = rest.trim_start_matches([' ', '\u{a0}']);
            if let Some((d, f, n)) = micro_unit(after) {
                return Some((d, f, m.end + rest.len() - after.len() + n));
            }
            let word: String = after
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            let tail = &after[word.len()..];
            if word.is_empty() || tail.starts_with(['²', '2', '³', '3']) {
                return None;
            }
            let unit = abbreviated_unit(&word.to_ascii_lowercase())?;
            Some((unit.0, unit.1, m.end + rest.len() - tail.len()))
        }
        crate::Lang::En => {
            let after = rest.trim_start_matches([' ', '\u{a0}', '-']);
            if let Some((d, f, n)) = micro_unit(after) {
                return Some((d, f, text.len() - after.len() + n));
            }
            let word = |t: &str| -> String {
                t.chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect::<String>()
                    .to_ascii_lowercase()
            };
            let first = word(after);
            let tail = &after[first.len()..];
            let squared = tail.starts_with(['²', '2']);
            // Where the unit's word (and a ² after it) ends.
            let after_at = text.len() - after.len();
            let mut end = after_at
                + first.len()
                + if squared {
                    tail.chars().next().map_or(0, char::len_utf8)
                } else {
                    0
                };
            let unit = if matches!(first.as_str(), "square" | "sq") {
                let next = tail.trim_start_matches(['.', ' ', '\u{a0}']);
                let second = word(next);
                end = text.len() - next.len() + second.len();
                match second.as_str() {
                    "metre" | "metres" | "meter" | "meters" | "m" => (Area, 1.0),
                    "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" => (Area, 1e6),
                    "mile" | "miles" => (Area, 2_589_988.11),
                    _ => return None,
                }
            } else {
                match first.as_str() {
                    "km" if squared => (Area, 1e6),
                    "m" if squared => (Area, 1.0),
                    "hectare" | "hectares" | "ha" => (Area, 1e4),
                    "acre" | "acres" => (Area, 4_046.856_422_4),
                    "mu" => (Area, 1e4 / 15.0),
                    "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" => (Length, 1e3),
                    "metre" | "metres" | "meter" | "meters" | "m" => (Length, 1.0),
                    "mile" | "miles" => (Length, 1_609.344),
                    "li" => (Length, 500.0),
                    "kilogram" | "kilograms" | "kilogramme" | "kilogrammes" | "kg" | "kilo"
                    | "kilos" => (Mass, 1.0),
                    "tonne" | "tonnes" | "ton" | "tons" => (Mass, 1e3),
                    "jin" | "catty" | "catties" => (Mass, 0.5),
                    "gram" | "grams" | "g" => (Mass, 1e-3),
                    "pound" | "pounds" | "lb" | "lbs" => (Mass, 0.453_592_37),
                    "milligram" | "milligrams" => (Mass, 1e-6),
                    "ounce" | "ounces" => (Mass, 0.028_349_523),
                    "litre" | "litres" | "liter" | "liters" => (Volume, 1.0),
                    "millilitre" | "millilitres" | "milliliter" | "milliliters" => (Volume, 1e-3),
                    "gallon" | "gallons" => (Volume, 3.785_411_784),
                    "centimetre" | "centimetres" | "centimeter" | "centimeters" => (Length, 1e-2),
                    "millimetre" | "millimetres" | "millimeter" | "millimeters" => (Length, 1e-3),
                    "foot" | "feet" => (Length, 0.3048),
                    "inch" | "inches" => (Length, 0.0254),
                    "kilobyte" | "kilobytes" => (Data, 1.0 / 1024.0),
                    "megabyte" | "megabytes" => (Data, 1.0),
                    "gigabyte" | "gigabytes" => (Data, 1024.0),
                    "terabyte" | "terabytes" => (Data, 1_048_576.0),
                    "microgram" | "micrograms" => (Mass, 1e-9),
                    "minute" | "minutes" | "min" | "mins" => (Time, 1.0 / 1440.0),
                    "hour" | "hours" | "h" | "hr" | "hrs" => (Time, 1.0 / 24.0),
                    "day" | "days" => (Time, 1.0),
                    "week" | "weeks" => (Time, 7.0),
                    "month" | "months" => (Time, 365.25 / 12.0),
                    "year" | "years" => (Time, 365.25),
                    other => abbreviated_unit(other)?,
                }
            };
            Some((unit.0, unit.1, end))
        }
    }
}

/// What the denominator of a rate after a unit measures (`mg/kg` per
/// kilogram of body weight, `mg/day`, `mL/min`, `mg/kg体重`, `mg/日`):
/// `None` for no `/` after the unit, or a denominator not read.
fn per_unit(text: &str, lang: crate::Lang, m: &Mention) -> Option<Dimension> {
    let (_, _, end) = measure_unit(text, lang, m)?;
    let rest = text[end..]
        .trim_start()
        .strip_prefix(['/', '／'])?
        .trim_start();
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    if word.is_empty() {
        let c = rest.chars().next()?;
        return match c {
            '日' | '天' | '时' | '周' | '月' | '年' => Some(Dimension::Time),
            '千' | '公' | '克' => Some(Dimension::Mass),
            '升' | '毫' => Some(Dimension::Volume),
            _ => None,
        };
    }
    Some(match word.to_ascii_lowercase().as_str() {
        "kg" | "g" | "mg" => Dimension::Mass,
        "l" | "ml" | "dl" => Dimension::Volume,
        "d" | "day" | "h" | "hr" | "hour" | "min" | "minute" | "week" | "wk" | "month" | "year" => {
            Dimension::Time
        }
        "m" | "cm" => Dimension::Area,
        _ => return None,
    })
}

/// The temperature scale written right after a mention: `C` for `°C`,
/// `℃`, *degrees Celsius*; `F` for `°F`, `℉`, *degrees Fahrenheit*.
fn degree_scale(text: &str, m: &Mention) -> Option<char> {
    degree_scale_end(text, m).map(|(c, _)| c)
}

/// [`degree_scale`] with the byte offset where the scale's sign or word
/// ends (after the `C` of `°C`, the whole *Celsius* of *degrees Celsius*).
fn degree_scale_end(text: &str, m: &Mention) -> Option<(char, usize)> {
    let rest = text.get(m.end..)?.trim_start_matches([' ', '\u{a0}']);
    let at = text.len() - rest.len();
    if rest.starts_with('℃') {
        return Some(('C', at + '℃'.len_utf8()));
    }
    if rest.starts_with('℉') {
        return Some(('F', at + '℉'.len_utf8()));
    }
    let rest = rest
        .strip_prefix('°')
        .or_else(|| rest.strip_prefix("degrees"))
        .or_else(|| rest.strip_prefix("degree"))?
        .trim_start();
    let scale = match rest.chars().next()? {
        'C' | 'c' => 'C',
        'F' | 'f' => 'F',
        _ => return None,
    };
    let word = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    Some((scale, text.len() - rest.len() + word))
}

/// Where the quotation of a mention with its unit ends: after a
/// temperature's scale (`4°C`, *4 °F*), after a unit (`250 mg`, `5天`)
/// and the denominator of a rate after it (`40 mg/kg`, *40 mg/day*,
/// `10 mg/日`). A percentage's sign is part of the mention already
/// (`5%`). `None` when no unit follows.
///
/// ```
/// use bitext::{Lang, numbers::{mentions, unit_end}};
/// let en = "The maximum dose is 40 mg/day.";
/// let m = &mentions(en, Lang::En)[0];
/// assert_eq!(&en[m.start..unit_end(en, Lang::En, m).unwrap()], "40 mg/day");
/// ```
pub fn unit_end(text: &str, lang: crate::Lang, m: &Mention) -> Option<usize> {
    if let Some((_, end)) = degree_scale_end(text, m) {
        return Some(end);
    }
    let (_, _, end) = measure_unit(text, lang, m)?;
    if per_unit(text, lang, m).is_none() {
        return Some(end);
    }
    let rest = &text[end..];
    let after = rest.trim_start();
    let Some(den) = after.strip_prefix(['/', '／']) else {
        return Some(end);
    };
    let den = den.trim_start();
    let at = text.len() - den.len();
    let latin = den
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(den.len());
    if latin > 0 {
        return Some(at + latin);
    }
    let zh: usize = den
        .chars()
        .take_while(|&c| "日天时小周月年千公斤克升毫".contains(c))
        .map(char::len_utf8)
        .sum();
    Some(at + zh)
}

/// Whether the Latin word at `text[at..]` is a unit of measure written
/// after a figure (`250 mg`, `10 μg`, the `kg` of `mg/kg`): the number
/// check reads it, so it is no name to find in the other language.
pub fn unit_after_figure(text: &str, at: usize) -> bool {
    let Some(head) = text.get(..at) else {
        return false;
    };
    let Some(word) = text.get(at..) else {
        return false;
    };
    let head = head.trim_end_matches([' ', '\u{a0}']);
    let after_figure = head.ends_with(|c: char| ascii_digit(c).is_ascii_digit())
        || (head.ends_with(['/', '／'])
            && head.contains(|c: char| ascii_digit(c).is_ascii_digit()));
    if !after_figure {
        return false;
    }
    if micro_unit(word).is_some() {
        return true;
    }
    let w: String = word.chars().take_while(char::is_ascii_alphabetic).collect();
    abbreviated_unit(&w.to_ascii_lowercase()).is_some()
        || matches!(w.to_ascii_lowercase().as_str(), "d" | "h" | "min" | "day")
}

/// Whether two amounts that a number check would otherwise match (the
/// same value) state different things by their units: both in units of
/// different measures (`250 mg` against *250 IU*, `6个月` against *6 kg*),
/// rates of different denominators (`40 mg/kg` per kilogram of body
/// weight against *40 mg/day*), or a percentage against an amount in a
/// unit (`5%` against *5 mg*).
///
/// ```
/// use bitext::{Lang, numbers::{mentions, units_clash}};
/// let (zh, en) = ("每日40 mg/kg", "40 mg/day");
/// let (a, b) = (&mentions(zh, Lang::Zh)[0], &mentions(en, Lang::En)[0]);
/// assert!(units_clash((zh, Lang::Zh, a), (en, Lang::En, b)));
/// ```
pub fn units_clash(
    (at, la, a): (&str, crate::Lang, &Mention),
    (bt, lb, b): (&str, crate::Lang, &Mention),
) -> bool {
    if let (Some(x), Some(y)) = (degree_scale(at, a), degree_scale(bt, b))
        && x != y
    {
        return true;
    }
    let (ua, ub) = (measure(at, la, a), measure(bt, lb, b));
    if let (Some((da, _)), Some((db, _))) = (ua, ub) {
        if da != db {
            return true;
        }
        if let (Some(pa), Some(pb)) = (per_unit(at, la, a), per_unit(bt, lb, b)) {
            return pa != pb;
        }
        return false;
    }
    let percent = |t: &str, l: crate::Lang, m: &Mention| {
        matches!(quantity(t, l, m), Some((Quantity::Percent, _)))
    };
    (percent(at, la, a) && ub.is_some_and(|u| u.0 != Dimension::Time))
        || (percent(bt, lb, b) && ua.is_some_and(|u| u.0 != Dimension::Time))
}

/// A unit's abbreviation in Latin letters, lower-cased, written the same
/// in English and Chinese text (`kg`, `mL`, `GB`): what it measures and
/// its size (see [`measure_unit`]).
fn abbreviated_unit(word: &str) -> Option<(Dimension, f64)> {
    use Dimension::*;
    Some(match word {
        "km" => (Length, 1e3),
        "m" => (Length, 1.0),
        "cm" => (Length, 1e-2),
        "mm" => (Length, 1e-3),
        "mi" => (Length, 1_609.344),
        "ft" => (Length, 0.3048),
        "kg" => (Mass, 1.0),
        "g" => (Mass, 1e-3),
        "mg" => (Mass, 1e-6),
        "mcg" | "ug" => (Mass, 1e-9),
        "ng" => (Mass, 1e-12),
        "iu" => (Activity, 1.0),
        "lb" | "lbs" => (Mass, 0.453_592_37),
        "oz" => (Mass, 0.028_349_523),
        "l" => (Volume, 1.0),
        "ml" => (Volume, 1e-3),
        "kb" => (Data, 1.0 / 1024.0),
        "mb" => (Data, 1.0),
        "gb" => (Data, 1024.0),
        "tb" => (Data, 1_048_576.0),
        _ => return None,
    })
}

/// The unit after a number in words that ends at byte `end`, read as the
/// digits' reader reads it after digits: *percent* (the mention takes it
/// in), *per* before *cent* (taken in; [`quantity`] reads the *cent*),
/// *basis point(s)* (taken in, and counted in percentage points: 0.01 a
/// point). *percentage* is no *percent*: *three percentage points* stays
/// *three*, and [`quantity`] reads the points after it. The mention's end
/// and the factor of its value.
fn english_word_unit(text: &str, end: usize) -> (usize, f64) {
    let rest = &text[end..];
    let after = rest.trim_start_matches([' ', '\u{a0}', '-']);
    let skip = rest.len() - after.len();
    let word_len = after
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after.len());
    let word = after[..word_len].to_ascii_lowercase();
    let next = after[word_len..].trim_start_matches([' ', '\u{a0}', '-']);
    let next_skip = after.len() - word_len - next.len();
    let next_len = next
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(next.len());
    let next_word = next[..next_len].to_ascii_lowercase();
    match word.as_str() {
        "percent" => (end + skip + word_len, 1.0),
        "per" if next_word == "cent" => (end + skip + word_len, 1.0),
        "basis" if matches!(next_word.as_str(), "point" | "points") => {
            (end + skip + word_len + next_skip + next_len, 0.01)
        }
        _ => (end, 1.0),
    }
}

fn english_mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    // Words with their byte spans, lower-cased (in one copy of the text:
    // ASCII case changes no byte offset).
    let lower = text.to_ascii_lowercase();
    let words: Vec<(usize, usize, &str)> = ascii_words(text)
        .into_iter()
        .map(|(s, e)| (s, e, &lower[s..e]))
        .collect();
    // Digits (ASCII or full-width: the characters are only needed when
    // the text has one).
    let has_digit = text.bytes().any(|b| b.is_ascii_digit())
        || text.contains(|c: char| ascii_digit(c).is_ascii_digit());
    let chars: Vec<(usize, char)> = if has_digit {
        text.char_indices().collect()
    } else {
        Vec::new()
    };
    let mut k = 0;
    let mut digit_spans: Vec<(usize, usize)> = Vec::new();
    // The scale word each digit mention was multiplied by (1 for none).
    let mut scales: Vec<f64> = Vec::new();
    while k < chars.len() {
        if !ascii_digit(chars[k].1).is_ascii_digit() {
            k += 1;
            continue;
        }
        if let Some((end, d)) = dotted(&chars, k) {
            let before = out.len();
            push_dotted(&chars, text, k, end, d, &mut out);
            digit_spans.push((chars[k].0, chars.get(end).map_or(text.len(), |x| x.0)));
            scales.extend(std::iter::repeat_n(1.0, out.len() - before));
            k = end;
            continue;
        }
        let start = k;
        let mut run = String::new();
        // Digits since the last separator, and whether a point was seen
        // (kept as we go: a long run stays linear).
        let (mut group, mut dot) = (0usize, false);
        while k < chars.len() {
            let c = ascii_digit(chars[k].1);
            let digit_at = |d: usize| {
                chars
                    .get(k + d)
                    .is_some_and(|&(_, n)| ascii_digit(n).is_ascii_digit())
            };
            if c.is_ascii_digit() {
                run.push(c);
                group += 1;
            } else if c == '.' && digit_at(1) && !dot {
                run.push('.');
                dot = true;
            } else if (c == ',' || (thin_separator(c) && (1..=3).contains(&group)))
                && !run.is_empty()
                && (1..=3).all(digit_at)
                && !digit_at(4)
                && !dot
            {
                group = 0;
            } else {
                break;
            }
            k += 1;
        }
        let s = chars[start].0;
        let mut e = chars.get(k).map_or(text.len(), |x| x.0);
        let Ok(mut value) = run.parse::<f64>() else {
            continue;
        };
        // A scale word or "percent" right after: "2.5 million", "5 percent".
        let rest = &text[e..];
        let after = rest.trim_start_matches([' ', '\u{a0}', '-']);
        let word: String = after
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        // Abbreviations: `bn`, `mn`, `tn` anywhere (`RMB12.86bn`, `350
        // mn`); `m` and `k` only glued to an amount of money (`$350m`,
        // `$5K`: `350m` alone may be metres, `10k` a run of 10 km, `4K` a
        // video format).
        let glued = after.len() == rest.len();
        let money = currency_before(text, s);
        let scale = match word.as_str() {
            "thousand" => Some(1e3),
            "k" if glued && money => Some(1e3),
            "million" | "mn" | "mln" => Some(1e6),
            "m" if glued && money => Some(1e6),
            "billion" | "bn" => Some(1e9),
            "trillion" | "tn" | "trn" => Some(1e12),
            "percent" | "per" => Some(1.0),
            // Basis points count in percentage points (25 basis points =
            // 0.25个百分点), as the Chinese 基点 does.
            "basis" => Some(0.01),
            _ => None,
        };
        // "basis point", "basis-point": the word after "basis".
        let point = after[word.len()..]
            .trim_start_matches([' ', '-'])
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case("point"));
        if let Some(m) = scale {
            if word == "basis" && point {
                value *= m;
                let tail = after[word.len()..].trim_start_matches([' ', '-']);
                let points = if tail
                    .get(..6)
                    .is_some_and(|w| w.eq_ignore_ascii_case("points"))
                {
                    6
                } else {
                    5
                };
                e += rest.len() - tail.len() + points;
            } else if word != "basis"
                && (word != "per" || after[3..].trim_start().starts_with("cent"))
            {
                value *= m;
                e += rest.len() - after.len() + word.len();
            }
        } else if rest.starts_with(['%', '％']) {
            e += rest.chars().next().map_or(0, char::len_utf8);
        }
        digit_spans.push((s, e));
        // The 7 of *24/7* (around the clock) is no number of its own: see
        // [`soft_mentions`].
        let week = run == "7" && text[..s].ends_with("24/");
        if zero_minutes(&chars, start, &run) || week {
            continue;
        }
        let scaled = run
            .parse::<f64>()
            .map_or(1.0, |r| if r == 0.0 { 1.0 } else { value / r });
        out.push(Mention {
            start: s,
            end: e,
            value,
            kind: MentionKind::Digits,
        });
        scales.push(scaled);
    }
    // A range shares the scale word of its second number: `RMB52-54bn`,
    // `3 to 5 million` (52 billion, 3 million).
    for i in (0..out.len().saturating_sub(1)).rev() {
        let (first, second) = (&out[i], &out[i + 1]);
        let gap = text.get(first.end..second.start).unwrap_or("").trim();
        let bare = text.get(first.start..first.end).is_some_and(|w| {
            w.chars()
                .all(|c| ascii_digit(c).is_ascii_digit() || c == '.' || c == ',')
        });
        if bare
            && scales[i] == 1.0
            && scales[i + 1] >= 1e3
            && matches!(gap, "-" | "–" | "—" | "~" | "to" | "and")
            && first.value < second.value / scales[i + 1] * 10.0
        {
            out[i].value *= scales[i + 1];
            scales[i] = scales[i + 1];
        }
    }
    let inside_digits = |b: usize| digit_spans.iter().any(|&(s, e)| b >= s && b < e);
    // Months: capitalised, and "May" only next to a number.
    for (i, (s, e, w)) in words.iter().enumerate() {
        let Some(m) = MONTHS.iter().position(|x| x == w) else {
            continue;
        };
        let capital = text[*s..].starts_with(|c: char| c.is_ascii_uppercase());
        let near_digit = text[*e..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
            || (i > 0
                && text[..*s]
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit()));
        if capital && (*w != "may" && *w != "march" || near_digit) {
            out.push(Mention {
                start: *s,
                end: *e,
                value: (m + 1) as f64,
                kind: MentionKind::Month,
            });
        }
    }
    // "half a percentage point", "half a percent": 0.5 (零点五个百分点).
    for win in words.windows(3) {
        let [(s, _, half), (_, _, a), (_, e, unit)] = win else {
            continue;
        };
        if *half == "half" && *a == "a" && matches!(*unit, "percentage" | "percent" | "point") {
            out.push(Mention {
                start: *s,
                end: *e,
                value: 0.5,
                kind: MentionKind::Words,
            });
        }
    }
    // Number words (the same reading as english_values).
    let plain: Vec<&(usize, usize, &str)> = words.iter().filter(|w| !inside_digits(w.0)).collect();
    let mut k = 0;
    while k < plain.len() {
        let (mut value, mut current, mut used) = (0u64, 0u64, 0usize);
        let mut j = k;
        let mut last = k;
        // The previous number word was a score (`threescore`) and an `and`
        // followed it: `threescore and fifteen` is 75.
        let mut score_and = false;
        while j < plain.len() {
            // Only words separated by spaces or hyphens belong together.
            if j > k
                && !text[plain[j - 1].1..plain[j].0]
                    .chars()
                    .all(|c| c == ' ' || c == '-')
            {
                break;
            }
            let w = plain[j].2;
            if let Some(v) = number_lookup(ONES, w)
                .or_else(|| number_lookup(TENS, w))
                .or_else(|| lookup(ARCHAIC_TENS, w))
            {
                let r = current % 100;
                let teen_after_score = score_and && (11..20).contains(&v) && r % 10 == 0;
                if (v < 10 && r % 10 != 0) || (v >= 10 && r != 0 && !teen_after_score) {
                    break;
                }
                current += v;
                last = j;
                score_and = false;
            } else if let Some(s) = number_lookup(SCALES, w) {
                // A bare "hundred" or "thousand" starts a number too
                // ("hundred days"), but not a rate ("per million").
                let bare = used == 0
                    && matches!(w, "hundred" | "thousand")
                    && !(j > 0 && plain[j - 1].2 == "per");
                let Some(next) = apply_scale(
                    value,
                    current.max(u64::from(bare)),
                    used.max(usize::from(bare)),
                    s,
                ) else {
                    break;
                };
                (value, current) = next;
                last = j;
            } else if (w == "a" || w == "an")
                && used == 0
                && plain
                    .get(j + 1)
                    .is_some_and(|n| number_lookup(SCALES, n.2).is_some())
            {
                current = 1;
            } else if w == "the"
                && used == 0
                && plain
                    .get(j + 1)
                    .is_some_and(|n| number_lookup(SCALES, n.2).is_some())
                && plain.get(j + 2).is_some_and(|n| {
                    number_lookup(ONES, n.2).is_some_and(|v| v > 1)
                        || number_lookup(TENS, n.2).is_some()
                })
            {
                // "the thousand seven hundred seventy and five" (1775).
                current = 1;
                k = j + 1;
            } else if w == "and"
                && used > 0
                && plain.get(j + 1).is_some_and(|n| {
                    number_lookup(ONES, n.2).is_some()
                        || number_lookup(TENS, n.2).is_some()
                        || lookup(ARCHAIC_TENS, n.2).is_some()
                })
            {
                score_and = lookup(ARCHAIC_TENS, plain[j - 1].2).is_some();
                // "two and thirty" (32), as older English counts.
                if current > 0
                    && current < 10
                    && let Some(t) = plain.get(j + 1).and_then(|n| number_lookup(TENS, n.2))
                {
                    current += t;
                    used += 2;
                    last = j + 1;
                    j += 2;
                    continue;
                }
            } else {
                break;
            }
            used += 1;
            j += 1;
        }
        if used > 0 {
            let v = value.saturating_add(current);
            // A fraction: the numerator is the number (`one tenth`, `two
            // thirds` are 1 and 2, as 十分之一 and 三分之二 are read).
            let denominator = plain.get(last + 1).is_some_and(|n| {
                is_denominator(n.2)
                    && text[plain[last].1..n.0]
                        .chars()
                        .all(|c| c == ' ' || c == '-')
            }) && v < 20
                && number_lookup(ONES, plain[last].2).is_some_and(|_| !is_ordinal(plain[last].2));
            if denominator {
                last += 1;
                j = j.max(last + 1);
            }
            // "four decades" is forty (years), "two dozen" twenty-four.
            let times = plain.get(last + 1).and_then(|n| {
                let gap_ok = text[plain[last].1..n.0]
                    .chars()
                    .all(|c| c == ' ' || c == '-');
                let m = match n.2 {
                    "decade" | "decades" => 10,
                    "dozen" | "dozens" => 12,
                    _ => return None,
                };
                (gap_ok && !denominator).then_some(m)
            });
            let v = match times {
                Some(m) => {
                    last += 1;
                    j = j.max(last + 1);
                    v.saturating_mul(m)
                }
                None => v,
            };
            let lone_one = v == 1 && used == 1 && plain[k].2 == "one";
            if !lone_one && last >= k {
                let (end, scale) = english_word_unit(text, plain[last].1);
                out.push(Mention {
                    start: plain[k].0,
                    end,
                    value: v as f64 * scale,
                    kind: MentionKind::Words,
                });
            }
            k = j.max(k + 1);
        } else {
            k += 1;
        }
    }
    // A frequency's count: *once daily*, *twice a day* (每日1次, 每日2次:
    // trial 31).
    for (i, (s, e, w)) in words.iter().enumerate() {
        let value = match *w {
            "once" => 1.0,
            "twice" => 2.0,
            "thrice" => 3.0,
            _ => continue,
        };
        if frequency_follows(&words, i) {
            out.push(Mention {
                start: *s,
                end: *e,
                value,
                kind: MentionKind::Words,
            });
        }
    }
    // Decades in words: *the fifties* (50), *the nineteen-fifties* (1950).
    for (i, (s, e, w)) in words.iter().enumerate() {
        // After *the*, *early*, *mid*, *late* or a possessive (*in her
        // forties*): *by fifties* counts groups of fifty.
        let after_the = i > 0
            && matches!(
                words[i - 1].2,
                "the"
                    | "early"
                    | "mid"
                    | "late"
                    | "nineteen"
                    | "eighteen"
                    | "his"
                    | "her"
                    | "their"
                    | "my"
                    | "your"
                    | "our"
            );
        let Some(d) = lookup(DECADES, w).filter(|_| after_the && !inside_digits(*s)) else {
            continue;
        };
        let (mut start, mut value) = (*s, d as f64);
        if i > 0 {
            let (ps, pe, pw) = &words[i - 1];
            let century = match *pw {
                "nineteen" => Some(1900.0),
                "eighteen" => Some(1800.0),
                _ => None,
            };
            if let Some(c) = century
                && text[*pe..*s].chars().all(|c| c == ' ' || c == '-')
            {
                out.retain(|m| !(m.start == *ps && m.end == *pe));
                start = *ps;
                value += c;
            }
        }
        out.push(Mention {
            start,
            end: *e,
            value,
            kind: MentionKind::Words,
        });
    }
    out
}

/// Whether the words after `words[i]` (a *once* or a *twice*) name how
/// often: *daily*, *weekly*, *a day*, *per week*, *every morning*. *once
/// the payment is made* is no count.
fn frequency_follows(words: &[(usize, usize, &str)], i: usize) -> bool {
    const EVERY: &[&str] = &["a", "an", "per", "each", "every"];
    const PERIODS: &[&str] = &[
        "day", "week", "month", "year", "hour", "night", "morning", "evening", "minute",
    ];
    match words.get(i + 1).map(|w| w.2) {
        Some("daily" | "weekly" | "monthly" | "yearly" | "annually" | "hourly" | "nightly") => true,
        Some(w) if EVERY.contains(&w) => words.get(i + 2).is_some_and(|n| PERIODS.contains(&n.2)),
        _ => false,
    }
}

#[cfg(test)]
mod mention_tests {
    use super::*;
    use crate::Lang;

    fn vals(text: &str, lang: Lang) -> Vec<f64> {
        mentions(text, lang).iter().map(|m| m.value).collect()
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let zh = "共１,０００人，１．５亿元，二〇二一年";
        let m = mentions(zh, Lang::Zh);
        let texts: Vec<&str> = m.iter().map(|m| &zh[m.start..m.end]).collect();
        assert_eq!(texts, ["１,０００", "１．５亿", "二〇二一"]);
        assert_eq!(vals(zh, Lang::Zh), [1000.0, 150_000_000.0, 2021.0]);
        let en = "It rose 3.5% to 1,200, twenty-one men and a hundred women.";
        let m = mentions(en, Lang::En);
        let texts: Vec<&str> = m.iter().map(|m| &en[m.start..m.end]).collect();
        assert_eq!(texts, ["3.5%", "1,200", "twenty-one", "a hundred"]);
    }

    #[test]
    fn plan_names_and_clock_times() {
        assert_eq!(vals("“十四五”规划，十三五时期", Lang::Zh), [14.0, 13.0]);
        assert!(vals("十四五岁的孩子", Lang::Zh) != [14.0]);
        let zh = "下午3时30分，上午10时，晚上8点";
        assert_eq!(vals(zh, Lang::Zh), [3.0, 30.0, 10.0, 8.0]);
        let afternoon: Vec<bool> = mentions(zh, Lang::Zh)
            .iter()
            .map(|m| afternoon_hour(zh, m))
            .collect();
        assert_eq!(afternoon, [true, false, false, true]);
        // Hours as written; a clock's `00` is no number, in either language.
        assert_eq!(
            vals(
                "at 3:30 p.m., at 10:00, at 3 pm, at 10 a.m., 12:15",
                Lang::En
            ),
            [3.0, 30.0, 10.0, 3.0, 10.0, 12.0, 15.0]
        );
        assert_eq!(vals("会议于10:00开始，10：00", Lang::Zh), [10.0, 10.0]);
        assert_eq!(vals("10:00:15", Lang::En), [10.0, 15.0]);
        let en = "from 15:30 to 4 p.m.";
        let hours: Vec<bool> = mentions(en, Lang::En)
            .iter()
            .map(|m| clock_hour(en, m))
            .collect();
        assert_eq!(hours, [true, false, false]);
    }

    #[test]
    fn idioms_ranges_and_articles_are_not_numbers() {
        assert!(vals("他十分高兴，千万别走，万一下雨，一个人", Lang::Zh).is_empty());
        assert!(vals("三四个人", Lang::Zh).is_empty());
        assert_eq!(vals("三十分钟", Lang::Zh), [30.0]);
        assert!(vals("one of them may come in March", Lang::En).is_empty());
        assert_eq!(vals("Since March 3, 2020", Lang::En), [3.0, 3.0, 2020.0]);
    }

    #[test]
    fn older_english_counts_by_scores() {
        assert_eq!(
            vals("six hundred and threescore and fifteen", Lang::En),
            [675.0]
        );
        assert_eq!(
            vals("threescore and twelve thousand beeves", Lang::En),
            [72000.0]
        );
        assert_eq!(
            vals("threescore and fourteen thousand and six hundred", Lang::En),
            [74600.0]
        );
        assert_eq!(
            vals(
                "twenty and two thousand two hundred and threescore and thirteen",
                Lang::En
            ),
            [22273.0]
        );
        assert_eq!(
            vals(
                "of the thousand seven hundred seventy and five shekels",
                Lang::En
            ),
            [1775.0]
        );
        // A year read in two parts stays two numbers; "the hundred" alone is no number.
        assert_eq!(vals("twenty fifteen", Lang::En), [20.0, 15.0]);
        assert_eq!(
            vals("the hundred men, hundred days", Lang::En),
            [100.0, 100.0]
        );
        assert!(vals("at the parts per million range", Lang::En).is_empty());
        assert_eq!(vals("FOUR DECADES, two dozen eggs", Lang::En), [40.0, 24.0]);
    }

    #[test]
    fn fractions_are_read_as_their_numerators() {
        assert_eq!(
            vals("two tenth deals of flour, two thirds", Lang::En),
            [2.0, 2.0]
        );
        assert_eq!(vals("细面伊法十分之二，三分之二", Lang::Zh), [2.0, 2.0]);
        // A numerator of one is left out on both sides, like a lone one.
        assert!(vals("one tenth of it", Lang::En).is_empty());
        assert!(vals("加上五分之一", Lang::Zh).is_empty());
        assert_eq!(vals("the fifth day", Lang::En), [5.0]);
    }

    #[test]
    fn chinese_numerals_in_words_and_measures() {
        // 两 after 十 is the tael, not a digit.
        assert_eq!(vals("借了二十两给他们", Lang::Zh), [20.0]);
        assert_eq!(vals("赢了二十几两，还有八九两剩下", Lang::Zh), [20.0]);
        assert_eq!(vals("一千两百人", Lang::Zh), [1200.0]);
        assert_eq!(vals("三万两千人", Lang::Zh), [32000.0]);
        // A unit alone counts only before a classifier.
        assert!(vals("他奉上百姓的供物，十字架", Lang::Zh).is_empty());
        assert_eq!(vals("百年，十多年", Lang::Zh), [100.0, 10.0]);
        // 头一个 is "the first".
        assert_eq!(vals("头一个神迹", Lang::Zh), [1.0]);
    }

    #[test]
    fn a_lone_hundred_before_a_unit_and_zero_to_a_number() {
        // 百公里 is "100 km" (per 100 km), 零至百公里 "0 to 100 km/h".
        assert_eq!(vals("百公里耗电量仅为12.9千瓦时", Lang::Zh), [100.0, 12.9]);
        assert_eq!(
            vals("零至百公里加速时间为3.9秒", Lang::Zh),
            [0.0, 100.0, 3.9]
        );
        assert_eq!(vals("零到100公里", Lang::Zh), [0.0, 100.0]);
        assert_eq!(vals("每百克含蛋白质", Lang::Zh), [100.0]);
        assert_eq!(vals("每千公斤", Lang::Zh), [1000.0]);
        let zh = "百公里耗电量";
        let m = &mentions(zh, Lang::Zh)[0];
        assert_eq!(measure(zh, Lang::Zh, m), Some((Dimension::Length, 1e3)));
        // Words, not numbers; and several hundred is no hundred.
        for zh in [
            "百姓",
            "从零到一",
            "百货公司",
            "零售",
            "零件",
            "千万不要",
            "万一",
            "零至",
            "数百公里",
            "几百公斤",
            "上百公里",
        ] {
            assert!(vals(zh, Lang::Zh).is_empty(), "{zh}");
        }
    }

    #[test]
    fn percent_and_scale_words() {
        assert_eq!(vals("百分之五", Lang::Zh), [5.0]);
        assert_eq!(vals("百万分之五，千分之三", Lang::Zh), [5.0, 3.0]);
        let zh = "增长百分之五";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(&zh[m[0].start..m[0].end], "百分之五");
        assert_eq!(vals("$2.5 billion, 7 per cent", Lang::En), [2.5e9, 7.0]);
        assert_eq!(vals("75th anniversary", Lang::En), [75.0]);
    }

    #[test]
    fn chinese_decimals_and_tenths() {
        // 点 between numerals is the decimal point, with or without a scale.
        assert_eq!(
            vals("二点五亿元，三点六亿美元，一点二万亿元", Lang::Zh),
            [2.5e8, 3.6e8, 1.2e12]
        );
        assert_eq!(
            vals("百分之十二点五，零点五个百分点", Lang::Zh),
            [12.5, 0.5]
        );
        let zh = "增长百分之十二点五";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(&zh[m[0].start..m[0].end], "百分之十二点五");
        // A clock's 点 is no decimal point: 十点五十分 is 10:50, 三点半 3:30,
        // 3点30分 digits; 一点 alone is "a little".
        assert_eq!(
            vals("十点五十分，三点半，3点30分", Lang::Zh),
            [10.0, 50.0, 3.0, 3.0, 30.0]
        );
        // Spoken clock times: 八点零五 is 8:05, 七点一五 7:15 (two digits of
        // minutes after an hour; 一五 alone reads as a range, one or five,
        // and is left out as before), but 二点五 and 一点二五亿 are decimals.
        assert_eq!(vals("八点零五，七点一五", Lang::Zh), [8.0, 5.0, 7.0]);
        assert_eq!(vals("一点二五亿，百分之三点二五", Lang::Zh), [1.25e8, 3.25]);
        assert!(vals("好一点了", Lang::Zh).is_empty());
        // 成 is a tenth: 三成 is 30%; 两成 20%; 成员, 成为 are words.
        assert_eq!(vals("三成，两成的企业", Lang::Zh), [30.0, 20.0]);
        assert_eq!(vals("三成员国", Lang::Zh), [3.0]);
        assert!(vals("一成不变", Lang::Zh).is_empty());
        // Basis points count in percentage points on both sides.
        assert_eq!(
            vals("cut by 25 basis points, a 50-basis-point cut", Lang::En),
            [0.25, 0.5]
        );
        let en = "cut by 25 basis points.";
        let m = mentions(en, Lang::En);
        assert_eq!(&en[m[0].start..m[0].end], "25 basis points");
        assert_eq!(
            vals("下调0.25个百分点，降息50个基点，二十五个基点", Lang::Zh),
            [0.25, 0.5, 0.25]
        );
        assert_eq!(
            vals("八成五的受访者，九成九，一成半", Lang::Zh),
            [85.0, 99.0, 15.0]
        );
        let zh = "有八成五的人";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(&zh[m[0].start..m[0].end], "八成五");
        // English halves.
        assert_eq!(vals("half a percentage point", Lang::En), [0.5]);
    }

    #[test]
    fn abbreviated_scales_and_grouping_spaces() {
        assert_eq!(
            vals(
                "RMB12.86bn, RMB 1.94 bn, $350m, 350 mn, US$0.35 billion, 2.3tn, 2.3 trn, $5k, a 10k run",
                Lang::En
            ),
            [
                1.286e10, 1.94e9, 3.5e8, 3.5e8, 3.5e8, 2.3e12, 2.3e12, 5000.0, 10.0
            ]
        );
        let en = "revenue of RMB12.86bn";
        let m = mentions(en, Lang::En);
        assert_eq!(&en[m[0].start..m[0].end], "12.86bn");
        // `m` without money may be metres, `4K` a resolution, `5km` no
        // thousand.
        assert_eq!(
            vals("a 350m tower, 4K video, a 5km run", Lang::En),
            [350.0, 4.0, 5.0]
        );
        // A range takes the scale of its second number.
        assert_eq!(vals("RMB52-54bn", Lang::En), [5.2e10, 5.4e10]);
        assert_eq!(vals("3 to 5 million", Lang::En), [3e6, 5e6]);
        assert_eq!(vals("from 2020 to 5 million", Lang::En), [2020.0, 5e6]);
        // No-break, narrow no-break and thin spaces group digits; a plain
        // space does not (the number check joins those groups itself).
        assert_eq!(
            vals(
                "36\u{a0}500, 36\u{202f}500, 36\u{2009}500, 36 500, in 2020\u{a0}100",
                Lang::En
            ),
            [36500.0, 36500.0, 36500.0, 36.0, 500.0, 2020.0, 100.0]
        );
        assert_eq!(vals("员工36\u{a0}500人", Lang::Zh), [36500.0]);
        // A full-width comma groups full-width digits only.
        assert_eq!(vals("员工３６，５００人", Lang::Zh), [36500.0]);
        assert_eq!(vals("第36，500人", Lang::Zh), [36.0, 500.0]);
    }

    #[test]
    fn the_first_characters_of_the_chinese_currency_names_are_all_ruled_in() {
        let firsts: std::collections::BTreeSet<char> = ZH_CURRENCY_NAMES
            .iter()
            .filter_map(|(name, _)| name.chars().next())
            .collect();
        let ruled_in: std::collections::BTreeSet<char> =
            ZH_CURRENCY_FIRSTS.iter().copied().collect();
        assert_eq!(firsts, ruled_in);
    }

    proptest::proptest! {
        /// The byte walk finds the runs of ASCII letters (and of letters
        /// and digits) the character walk found, in any text (letters
        /// beside Han, accented and four-byte characters, digits, spaces).
        #[test]
        fn ascii_runs_are_those_of_a_walk_over_the_characters(
            text in "[a-zA-Z0-9 .'éß王€\u{1F600}-]{0,40}",
        ) {
            let walk = |inside: fn(&char) -> bool| {
                let mut expected = Vec::new();
                let mut start = None;
                for (b, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                    if inside(&c) {
                        start.get_or_insert(b);
                    } else if let Some(s) = start.take() {
                        expected.push((s, b));
                    }
                }
                expected
            };
            proptest::prop_assert_eq!(ascii_words(&text), walk(char::is_ascii_alphabetic));
            proptest::prop_assert_eq!(
                ascii_runs(&text, u8::is_ascii_alphanumeric),
                walk(char::is_ascii_alphanumeric)
            );
        }
    }

    #[test]
    fn currencies_named_before_a_yuan_and_other_dollars() {
        let zh = |t: &str| -> Vec<Currency> {
            currencies(t, Lang::Zh).iter().map(|c| c.currency).collect()
        };
        let en = |t: &str| -> Vec<Currency> {
            currencies(t, Lang::En).iter().map(|c| c.currency).collect()
        };
        use Currency::*;
        assert_eq!(zh("每股港币1.35元"), [HongKongDollar, HongKongDollar]);
        assert_eq!(
            zh("新台币300元，5,000万新台币"),
            [TaiwanDollar, TaiwanDollar, TaiwanDollar]
        );
        assert_eq!(zh("澳门币20元"), [Pataca, Pataca]);
        assert_eq!(zh("人民币1.35元，300元"), [Yuan, Yuan, LocalYuan]);
        // Bug: the look-back crossed the comma, so the 300元 after 100美元
        // was read as dollars too.
        assert_eq!(zh("售价100美元，配件300元"), [UsDollar, LocalYuan]);
        assert_eq!(zh("每股港币 1.35元"), [HongKongDollar, HongKongDollar]);
        assert_eq!(zh("新台币1,350元"), [TaiwanDollar, TaiwanDollar]);
        assert_eq!(
            en("NT$50 million, 50 New Taiwan dollars, MOP$3, 3 patacas, TWD 5, a mop"),
            [TaiwanDollar, TaiwanDollar, Pataca, Pataca, TaiwanDollar]
        );
        assert!(!Currency::may_be(TaiwanDollar, Yuan));
        assert!(Currency::may_be(LocalYuan, TaiwanDollar));
    }

    #[test]
    fn halves_of_the_day_and_units_of_measure() {
        let zh = "晚7时30分，晚上8点，上午9时，凌晨2点，最晚7时，下午3时，7时，夜里2点";
        let p: Vec<Option<bool>> = mentions(zh, Lang::Zh)
            .iter()
            .filter(|m| m.value < 10.0)
            .map(|m| chinese_period(zh, m))
            .collect();
        assert_eq!(
            p,
            [
                Some(true),
                Some(true),
                Some(false),
                Some(false),
                None,
                Some(true),
                None,
                None
            ]
        );
        let en = "7:30 p.m., 8 a.m., 7:30 in the evening, seven o'clock in the morning, 9 o’clock at night, 7 apples";
        let p: Vec<Option<bool>> = mentions(en, Lang::En)
            .iter()
            .filter(|m| m.value < 10.0)
            .map(|m| english_period(en, m))
            .collect();
        assert_eq!(
            p,
            [
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(true),
                None
            ]
        );
        let unit = |t: &str, lang: Lang| -> Vec<Option<(Dimension, f64)>> {
            mentions(t, lang)
                .iter()
                .map(|m| measure(t, lang, m))
                .collect()
        };
        assert_eq!(
            unit(
                "1万亩，5斤，30里，15公里，2万吨，1.2万平方米，3人",
                Lang::Zh
            ),
            [
                Some((Dimension::Area, 1e4 / 15.0)),
                Some((Dimension::Mass, 0.5)),
                Some((Dimension::Length, 500.0)),
                Some((Dimension::Length, 1e3)),
                Some((Dimension::Mass, 1e3)),
                Some((Dimension::Area, 1.0)),
                None
            ]
        );
        assert_eq!(
            unit(
                "667 hectares, 2.5 kg, 15 km, 12,000 square metres, 1.5 km², 9 miles, 3 people",
                Lang::En
            ),
            [
                Some((Dimension::Area, 1e4)),
                Some((Dimension::Mass, 1.0)),
                Some((Dimension::Length, 1e3)),
                Some((Dimension::Area, 1.0)),
                Some((Dimension::Area, 1e6)),
                Some((Dimension::Length, 1_609.344)),
                None
            ]
        );
    }

    #[test]
    fn decades_with_their_century_are_one_number() {
        let zh = "十九世纪六十年代，上个世纪70年代末，20世纪30年代，四十年代，二十世纪";
        assert_eq!(vals(zh, Lang::Zh), [1860.0, 1970.0, 1930.0, 40.0, 20.0]);
        let m = mentions(zh, Lang::Zh);
        assert_eq!(&zh[m[0].start..m[0].end], "十九世纪六十");
        assert_eq!(&zh[m[1].start..m[1].end], "上个世纪70");
        let decades: Vec<bool> = m.iter().map(|m| decade(zh, Lang::Zh, m)).collect();
        assert_eq!(decades, [true, true, true, true, false]);
        let en = "the 1860s, the '70s, the seventies, the nineteen-thirties, 1970, 70 steps";
        assert_eq!(
            vals(en, Lang::En),
            [1860.0, 70.0, 70.0, 1930.0, 1970.0, 70.0]
        );
        let decades: Vec<bool> = mentions(en, Lang::En)
            .iter()
            .map(|m| decade(en, Lang::En, m))
            .collect();
        assert_eq!(decades, [true, true, true, true, false, false]);
        // A year of a decade; fifties counted in groups is no decade.
        let zh = "一九五几年";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(vals(zh, Lang::Zh), [1950.0]);
        assert!(decade(zh, Lang::Zh, &m[0]));
        assert!(vals("they sat by fifties", Lang::En).is_empty());
        // Twenty-odd years and thousands of fans are no decades.
        let zh = "二十几年";
        let m = mentions(zh, Lang::Zh);
        assert!(m.iter().all(|m| !decade(zh, Lang::Zh, m)));
        let en = "1,000s of fans";
        let m = mentions(en, Lang::En);
        assert!(m.iter().all(|m| !decade(en, Lang::En, m)));
    }

    #[test]
    fn labelled_items_clock_phrases_and_quantities() {
        // The numeral of a label (误区一：) is read; a lone 一 elsewhere is not.
        assert_eq!(vals("要点一：先洗手。", Lang::Zh), [1.0]);
        assert_eq!(vals("要点三：再擦干。", Lang::Zh), [3.0]);
        assert!(vals("我们一起走。", Lang::Zh).is_empty());
        // The 7 of 24/7 is soft, as is the day of *around the clock*.
        assert_eq!(vals("The desk is staffed 24/7.", Lang::En), [24.0]);
        let soft: Vec<f64> = soft_mentions("open 24/7 and round-the-clock", Lang::En)
            .iter()
            .map(|m| m.value)
            .collect();
        assert_eq!(soft, [7.0, 24.0, 7.0]);
        // Per cent or percentage point, with the unit quoted.
        let q = |t: &str, lang: Lang| -> Vec<Option<(Quantity, String)>> {
            mentions(t, lang)
                .iter()
                .map(|m| quantity(t, lang, m).map(|(q, e)| (q, t[m.start..e].to_string())))
                .collect()
        };
        use Quantity::*;
        assert_eq!(
            q("上升2个百分点，增长7%，百分之九，30个基点，5人", Lang::Zh),
            [
                Some((Point, "2个百分点".into())),
                Some((Percent, "7%".into())),
                Some((Percent, "百分之九".into())),
                Some((Point, "30个基点".into())),
                None
            ]
        );
        assert_eq!(
            q(
                "up 2 percentage points, 7%, 9 per cent, 4 pp, 30 basis points, two percent, 5 points",
                Lang::En
            ),
            [
                Some((Point, "2 percentage points".into())),
                Some((Percent, "7%".into())),
                Some((Percent, "9 per cent".into())),
                Some((Point, "4 pp".into())),
                Some((Point, "30 basis points".into())),
                Some((Percent, "two percent".into())),
                None
            ]
        );
        // Per cent written before *points* is a percentage point.
        assert_eq!(
            q("by 2% points, 3%-points, 4 percent points", Lang::En),
            [
                Some((Point, "2% points".into())),
                Some((Point, "3%-points".into())),
                Some((Point, "4 percent points".into())),
            ]
        );
        // A tail whose 20th byte falls inside a Chinese character.
        assert_eq!(
            q("9 per cent  中国经济增长", Lang::En),
            [Some((Percent, "9 per cent".into()))]
        );
    }

    #[test]
    fn capital_numerals_daxie_read_as_amounts() {
        let zh = "人民币壹佰贰拾万元整（¥1,200,000），押金伍仟叁佰圆";
        let m = mentions(zh, Lang::Zh);
        let texts: Vec<&str> = m.iter().map(|m| &zh[m.start..m.end]).collect();
        assert_eq!(texts, ["壹佰贰拾万", "1,200,000", "伍仟叁佰"]);
        assert_eq!(vals(zh, Lang::Zh), [1_200_000.0, 1_200_000.0, 5300.0]);
        // 零, 角 and 分; traditional forms; a lone capital before 元.
        let zh = "壹万零伍佰元伍角叁分";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!((m[0].value - 10_500.53).abs() < 1e-9, "{m:?}");
        assert_eq!(&zh[m[0].start..m[0].end], zh);
        assert_eq!(vals("港幣參萬元整", Lang::Zh), [30_000.0]);
        assert_eq!(vals("港币参万元整", Lang::Zh), [30_000.0]);
        assert!(vals("参加会议", Lang::Zh).is_empty());
        assert_eq!(vals("陸拾萬圓", Lang::Zh), [600_000.0]);
        assert_eq!(vals("计伍元", Lang::Zh), [5.0]);
        assert_eq!(vals("壹佰元零叁分", Lang::Zh), [100.03]);
        // A lone capital in a word is no number.
        for word in [
            "他加入了队伍。",
            "大陆市场陆续开放。",
            "收拾行李。",
            "肆意妄为。",
        ] {
            assert!(vals(word, Lang::Zh).is_empty(), "{word}");
        }
        // Its 元 is a currency, named before or after.
        let c: Vec<Currency> = currencies("人民币壹佰元，叁拾元港币", Lang::Zh)
            .iter()
            .map(|c| c.currency)
            .collect();
        assert_eq!(c[0], Currency::Yuan);
        assert_eq!(c.len(), 4, "{c:?}");
    }

    #[test]
    fn a_currency_named_after_the_yuan_says_whose_it_is() {
        let c = |t: &str| -> Vec<Currency> {
            currencies(t, Lang::Zh).iter().map(|c| c.currency).collect()
        };
        use Currency::*;
        // Before the amount or after its 元, either way.
        assert_eq!(c("人民币1万元"), [Yuan, Yuan]);
        assert_eq!(c("1万元人民币"), [Yuan, Yuan]);
        assert_eq!(c("100万元港币"), [HongKongDollar, HongKongDollar]);
        assert_eq!(c("100万港元，50万美元"), [HongKongDollar, UsDollar]);
        // A bare 元 stays the local one.
        assert_eq!(c("300元，美元走强"), [LocalYuan, UsDollar]);
        let e = |t: &str| -> Vec<Currency> {
            currencies(t, Lang::En).iter().map(|c| c.currency).collect()
        };
        assert_eq!(
            e("RMB 10,000, 10,000 yuan, HK$5, US$3, 20 euros"),
            [Yuan, Yuan, HongKongDollar, UsDollar, Euro]
        );
    }

    #[test]
    fn percentage_points_per_cent_and_basis_points_in_words_read_as_in_digits() {
        // *percentage* is no *percent*: *three percentage points* is three
        // points, as *3 percentage points* is (trial 30: it was read as
        // "three percent").
        let q = |t: &str| -> Vec<(f64, Option<(Quantity, String)>)> {
            mentions(t, Lang::En)
                .iter()
                .map(|m| {
                    (
                        m.value,
                        quantity(t, Lang::En, m).map(|(q, e)| (q, t[m.start..e].to_string())),
                    )
                })
                .collect()
        };
        use Quantity::*;
        assert_eq!(
            q("rose by three percentage points, two percentage-points"),
            [
                (3.0, Some((Point, "three percentage points".into()))),
                (2.0, Some((Point, "two percentage-points".into()))),
            ]
        );
        assert_eq!(
            q("cut by twenty-five basis points, fifty basis-point cut"),
            [
                (0.25, Some((Point, "twenty-five basis points".into()))),
                (0.5, Some((Point, "fifty basis-point".into()))),
            ]
        );
        assert_eq!(
            q("six per cent, five percent"),
            [
                (6.0, Some((Percent, "six per cent".into()))),
                (5.0, Some((Percent, "five percent".into()))),
            ]
        );
        // As in digits.
        assert_eq!(
            q("3 percentage points, 25 basis points, 6 per cent"),
            [
                (3.0, Some((Point, "3 percentage points".into()))),
                (0.25, Some((Point, "25 basis points".into()))),
                (6.0, Some((Percent, "6 per cent".into()))),
            ]
        );
    }

    #[test]
    fn denominators_told_by_their_ending_first_are_those_of_the_table() {
        // As the denominator was read before: the table searched first.
        let before = |word: &str| {
            let stem = word.strip_suffix('s').unwrap_or(word);
            match stem {
                "half" | "halve" => Some(2),
                "quarter" => Some(4),
                "third" => Some(3),
                _ => lookup(ONES, stem).filter(|&v| (4..=10).contains(&v) && is_ordinal(stem)),
            }
        };
        let mut words: Vec<String> = Vec::new();
        for &(w, _) in ONES {
            words.extend([w.to_string(), format!("{w}s"), w.to_ascii_uppercase()]);
        }
        words.extend(
            [
                "half", "halves", "halve", "quarters", "thirds", "th", "s", "", "firsts", "path",
            ]
            .map(String::from),
        );
        let mut some = 0;
        for w in &words {
            assert_eq!(fraction_denominator(w), before(w), "{w:?}");
            some += usize::from(before(w).is_some());
        }
        assert!(some >= 14, "{some}");
    }

    #[test]
    fn english_fractions_are_those_read_without_the_denominator_check() {
        // Every text of up to four words drawn from numerators, articles,
        // denominators (any case, plural), words around them and marks,
        // against the reading of every text in full.
        let pieces = [
            "a",
            "One",
            "two",
            "half",
            "Halves",
            "THIRD",
            "thirds",
            "quarter",
            "tenths",
            "fifth",
            "fourteenth",
            "first",
            "of",
            "the",
            "about",
            "in",
            "party",
            ".",
            "-",
            "hundredth",
            "seven",
            "halfway",
        ];
        let n = pieces.len();
        let mut found = 0;
        for len in 0..=4u32 {
            for code in 0..n.pow(len) {
                let mut words = Vec::new();
                let mut c = code;
                for _ in 0..len {
                    words.push(pieces[c % n]);
                    c /= n;
                }
                let text = words.join(" ");
                let mut full = Vec::new();
                english_fractions(&text, ascii_words(&text), &mut full);
                assert_eq!(fractions(&text, Lang::En), full, "{text:?}");
                found += usize::from(!full.is_empty());
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn fractions_in_words() {
        let f = |t: &str, lang: Lang| -> Vec<(u64, u64)> {
            fractions(t, lang)
                .iter()
                .map(|f| (f.numerator, f.denominator))
                .collect()
        };
        assert_eq!(
            f(
                "五分之一的树，三分之二，一半的鱼，半数以上，百分之五",
                Lang::Zh
            ),
            [(1, 5), (2, 3), (1, 2), (1, 2)]
        );
        assert_eq!(
            f(
                "a fifth of the trees, two-thirds, one third, about a quarter, cut by half, half of them, three quarters of it",
                Lang::En
            ),
            [(1, 5), (2, 3), (1, 3), (1, 4), (1, 2), (1, 2), (3, 4)]
        );
        // Fiscal quarters are no fraction (review: 前三季度 as *the first
        // three quarters* met 一半 as a wrong fraction).
        assert!(f("In the first three quarters, profits rose.", Lang::En).is_empty());
        // A numerator too long for 64 bits compares without overflow.
        let big = Fraction {
            start: 0,
            end: 0,
            numerator: 9_000_000_000_000_000_000,
            denominator: 10,
        };
        let tenth = Fraction {
            start: 0,
            end: 0,
            numerator: 1,
            denominator: 10,
        };
        assert!(!big.equals(&tenth));
        assert!(tenth.equals(&Fraction {
            numerator: 2,
            denominator: 20,
            ..tenth
        }));
        // Ordinals, a quarter of an hour's idiom and compounds are none.
        assert!(
            f(
                "the third day, a third party, half-brother, the first quarter",
                Lang::En
            )
            .is_empty()
        );
        let zh = "约五分之一的人";
        let fr = fractions(zh, Lang::Zh);
        assert_eq!(&zh[fr[0].start..fr[0].end], "五分之一");
    }
}

/// The number check, end to end, on the forms of session 21's trial (a
/// localization lead's release notes, price lists and support pages):
/// dotted versions, 折 discounts and ordinal words, in both directions.
#[cfg(test)]
mod check_tests {
    use crate::Lang;
    use crate::quality::{Flag, FlagKind, QualityOptions, Severity, score_pairs};

    /// The `number_mismatch` flags of one pair scored alone, `src_lang` →
    /// `tgt_lang`.
    fn number_flags(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang) -> Vec<Flag> {
        let pairs = vec![(src.to_string(), tgt.to_string())];
        let report = score_pairs(&pairs, &QualityOptions::new(src_lang, tgt_lang)).unwrap();
        report.segments[0]
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::NumberMismatch)
            .cloned()
            .collect()
    }

    /// Both directions: the flags of zh→en and of en→zh.
    fn both(zh: &str, en: &str) -> [Vec<Flag>; 2] {
        [
            number_flags(zh, en, Lang::Zh, Lang::En),
            number_flags(en, zh, Lang::En, Lang::Zh),
        ]
    }

    #[test]
    fn a_dotted_version_is_one_mention() {
        use crate::numbers::{MentionKind, mentions};
        for (text, lang, quoted) in [
            ("Fixed in v2.5.11.", Lang::En, "v2.5.11"),
            ("Windows 10.0.19045 only", Lang::En, "10.0.19045"),
            ("在 V3.2.1 中修复。", Lang::Zh, "V3.2.1"),
            ("固件１．２．３已发布", Lang::Zh, "１．２．３"),
            ("IP 172.16.0.1 is blocked", Lang::En, "172.16.0.1"),
        ] {
            let m = mentions(text, lang);
            assert_eq!(m.len(), 1, "{text}: {m:?}");
            assert_eq!(&text[m[0].start..m[0].end], quoted);
            assert_eq!(m[0].kind, MentionKind::Version);
        }
        // The same version written with or without its v, in either script,
        // has one value; another version another.
        let v = |t: &str, lang| mentions(t, lang)[0].value;
        assert_eq!(v("v2.5.11", Lang::En), v("2.5.11版", Lang::Zh));
        assert_ne!(v("v2.5.11", Lang::En), v("v2.5.1", Lang::En));
        assert_ne!(v("v2.5.11", Lang::En), v("v2.51.1", Lang::En));
        // A date written with dots is a date: year, month and day.
        let d: Vec<f64> = mentions("Released 2026.10.28.", Lang::En)
            .iter()
            .map(|m| m.value)
            .collect();
        assert_eq!(d, [2026.0, 10.0, 28.0]);
        // A two-part number is a decimal, as before.
        assert_eq!(mentions("v2.0", Lang::En)[0].value, 2.0);
    }

    #[test]
    fn the_same_dotted_version_on_both_sides_is_no_mismatch() {
        for (zh, en) in [
            ("新版本 v4.1.7 已经发布。", "Version v4.1.7 is out."),
            ("当前固件版本为3.0.12。", "The current firmware is 3.0.12."),
            (
                "请安装 v12.4.0 之前的补丁。",
                "Install the patch released before v12.4.0.",
            ),
            (
                "服务器地址是10.0.8.254。",
                "The server address is 10.0.8.254.",
            ),
            ("此问题已在 4.1.7 版中修复。", "This was fixed in v4.1.7."),
        ] {
            for (dir, f) in both(zh, en).iter().enumerate() {
                assert!(f.is_empty(), "{zh} ↔ {en} (direction {dir}): {f:?}");
            }
        }
    }

    #[test]
    fn a_different_dotted_version_is_an_error_naming_both() {
        let [zh_en, en_zh] = both("请升级到 v4.1.7。", "Please upgrade to v4.1.8.");
        for (f, has, other) in [(&zh_en, "v4.1.7", "v4.1.8"), (&en_zh, "v4.1.8", "v4.1.7")] {
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(f[0].severity, Severity::Error);
            assert_eq!(
                f[0].evidence,
                format!("the source has “{has}” where the target has “{other}”")
            );
        }
        // A missing version is a warning, as a missing number is.
        let [zh_en, en_zh] = both("请升级到最新版本。", "Please upgrade to v4.1.8.");
        assert!(zh_en.iter().all(|f| f.severity == Severity::Warning) && !zh_en.is_empty());
        assert!(en_zh.iter().all(|f| f.severity == Severity::Warning) && !en_zh.is_empty());
    }

    #[test]
    fn two_part_versions_still_read_as_decimals() {
        for (zh, en) in [
            ("支持 v3.0 及以上版本。", "Supports v3.0 and later."),
            ("需要 macOS 13 或更高版本。", "Requires macOS 13 or later."),
        ] {
            for f in both(zh, en) {
                assert!(f.is_empty(), "{zh} ↔ {en}: {f:?}");
            }
        }
        let [zh_en, _] = both("支持 v3.0 及以上版本。", "Supports v3.1 and later.");
        assert!(zh_en.iter().any(|f| f.severity == Severity::Error));
    }

    #[test]
    fn a_zhe_discount_meets_the_per_cent_off_or_the_share_of_the_price() {
        for (zh, en) in [
            ("会员购买可享七折优惠。", "Members get a 30% discount."),
            ("会员购买可享七折优惠。", "Members get 30% off."),
            ("会员购买可享七折优惠。", "Members pay 70% of the price."),
            ("全场商品七五折。", "Everything is 25% off."),
            ("全场商品7.5折。", "Everything is 25% off."),
            ("全场商品8折。", "Everything is 20% off."),
        ] {
            for f in both(zh, en) {
                assert!(f.is_empty(), "{zh} ↔ {en}: {f:?}");
            }
        }
        // A different discount is still seen.
        let [zh_en, en_zh] = both("全场商品8折。", "Everything is 30% off.");
        assert!(!zh_en.is_empty() && !en_zh.is_empty());
        // The share of the price given as the discount, or the reverse
        // (review of session 21: these passed).
        for (zh, en) in [
            ("会员享受八折优惠。", "Members get 80% off."),
            ("全场商品低至三折。", "Everything is up to 30% off."),
            ("会员享受八折优惠。", "Members get an 80 percent discount."),
            ("会员享受八折优惠。", "Members pay 20% of the price."),
        ] {
            for f in both(zh, en) {
                assert!(!f.is_empty(), "{zh} ↔ {en}: no flag");
            }
        }
        // 折 in other words is no discount: 三折叠 is a tri-fold.
        let [zh_en, _] = both("这是一款三折叠手机。", "It is a phone that folds in 3.");
        assert!(zh_en.is_empty(), "{zh_en:?}");
    }

    #[test]
    fn an_ordinal_word_does_not_take_the_place_of_a_cardinal() {
        for (zh, en) in [
            (
                "紧急工单将在1小时内得到首次回复。",
                "Urgent tickets get a first reply within 1 hour.",
            ),
            (
                "1台服务器首次启动需要1分钟。",
                "The first start of 1 server takes 1 minute.",
            ),
            ("首批3家门店今天开业。", "The first 3 stores open today."),
            ("第三次会议在5楼举行。", "The third meeting is on floor 5."),
        ] {
            for (dir, f) in both(zh, en).iter().enumerate() {
                assert!(f.is_empty(), "{zh} ↔ {en} (direction {dir}): {f:?}");
            }
        }
        // An ordinal still meets the same ordinal, or the cardinal nothing
        // else meets (一季度 as *the first quarter*)...
        for (zh, en) in [
            (
                "第一次会议在上午召开。",
                "The first meeting is in the morning.",
            ),
            (
                "2026年1季度收入增长。",
                "Revenue grew in the first quarter of 2026.",
            ),
        ] {
            for f in both(zh, en) {
                assert!(f.is_empty(), "{zh} ↔ {en}: {f:?}");
            }
        }
        // ...and a changed ordinal is still an error.
        let [zh_en, en_zh] = both(
            "第二次会议在上午召开。",
            "The third meeting is in the morning.",
        );
        assert!(
            zh_en.iter().any(|f| f.severity == Severity::Error),
            "{zh_en:?}"
        );
        assert!(
            en_zh.iter().any(|f| f.severity == Severity::Error),
            "{en_zh:?}"
        );
    }
}

#[cfg(test)]
mod session22_tests {
    use super::*;
    use crate::Lang;

    fn vals(text: &str, lang: Lang) -> Vec<f64> {
        mentions(text, lang).iter().map(|m| m.value).collect()
    }

    fn kinds(text: &str) -> Vec<(f64, MentionKind)> {
        mentions(text, Lang::Zh)
            .iter()
            .map(|m| (m.value, m.kind))
            .collect()
    }

    #[test]
    fn wan_after_yi_is_a_part_of_the_yi_amount() {
        // 4億2,300萬 is 4億 plus 2,300萬 (423,000,000), not (4億 + 2,300) × 萬.
        for zh in [
            "港幣4億2,300萬元",
            "港币4亿2,300万元",
            "港幣4億2千3百萬元",
            "港幣四億二千三百萬元",
            "港币四亿二千三百万元",
            "港幣4.23億元",
            "港幣42,300萬元",
        ] {
            assert_eq!(vals(zh, Lang::Zh), [423_000_000.0], "{zh}");
        }
        assert_eq!(vals("3億100萬", Lang::Zh), [301_000_000.0]);
        assert_eq!(vals("35億8,600萬", Lang::Zh), [3_586_000_000.0]);
        assert_eq!(vals("十二億五千萬", Lang::Zh), [1_250_000_000.0]);
        // 萬億 is still a trillion, 億 after 萬 multiplies all before it.
        assert_eq!(vals("1.2萬億元", Lang::Zh), [1.2e12]);
        assert_eq!(vals("三万亿", Lang::Zh), [3e12]);
        assert_eq!(vals("三万五千亿", Lang::Zh), [3.5e12]);
        assert_eq!(chinese_values("四亿二千三百万"), [423_000_000]);
    }

    #[test]
    fn a_unit_that_begins_with_a_numeral_is_no_multiplier() {
        assert_eq!(vals("售電量為18.9億千瓦時", Lang::Zh), [1.89e9]);
        assert_eq!(vals("售电量为62.3亿千瓦时", Lang::Zh), [6.23e9]);
        assert_eq!(vals("装机500千瓦", Lang::Zh), [500.0]);
        assert_eq!(vals("重3千克，长20千米", Lang::Zh), [3.0, 20.0]);
        let zh = "售電量為18.9億千瓦時";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(&zh[m[0].start..m[0].end], "18.9億");
        // 五千 and 三千万 stay thousands.
        assert_eq!(vals("五千人，三千万元", Lang::Zh), [5000.0, 3e7]);
        // Review of session 22: 一 before such a unit counts it (一千克
        // "1 kg"), and 克 that begins another word is no gram.
        assert_eq!(vals("每一千克含糖5克", Lang::Zh), [1.0, 5.0]);
        assert_eq!(vals("步行一千米", Lang::Zh), [1.0]);
        assert_eq!(vals("售价三千克朗", Lang::Zh), [3000.0]);
        assert_eq!(vals("重一千克拉的钻石", Lang::Zh), [1000.0]);
    }

    #[test]
    fn the_first_of_a_month_is_a_day() {
        assert_eq!(
            kinds("自二零二四年七月一日起生效"),
            [
                (2024.0, MentionKind::Words),
                (7.0, MentionKind::Month),
                (1.0, MentionKind::Words)
            ]
        );
        assert_eq!(
            vals("於二零二五年十月一日舉行", Lang::Zh),
            [2025.0, 10.0, 1.0]
        );
        assert_eq!(vals("截至三月三十一日止", Lang::Zh), [3.0, 31.0]);
        assert_eq!(vals("7月1日", Lang::Zh), [7.0, 1.0]);
        // Typeset with blanks between the digits and the units.
        assert_eq!(
            kinds("2025 年 1 月 1 日"),
            [
                (2025.0, MentionKind::Digits),
                (1.0, MentionKind::Month),
                (1.0, MentionKind::Digits)
            ]
        );
        // 一日 alone is still "one day" left to the article rule.
        assert_eq!(vals("有一日他來了", Lang::Zh), Vec::<f64>::new());
    }

    #[test]
    fn traditional_numerals_are_read() {
        assert_eq!(vals("下跌3.2個百分點", Lang::Zh), [3.2]);
        let zh = "下跌3.2個百分點";
        let m = mentions(zh, Lang::Zh);
        assert_eq!(
            quantity(zh, Lang::Zh, &m[0]).map(|(q, _)| q),
            Some(Quantity::Point)
        );
        assert_eq!(vals("一千兩百人", Lang::Zh), [1200.0]);
        assert_eq!(vals("二點五萬", Lang::Zh), [25000.0]);
        assert_eq!(vals("零點五個百分點", Lang::Zh), [0.5]);
    }
}

#[cfg(test)]
mod medical_tests {
    use super::*;
    use crate::Lang;

    fn unit_of(text: &str, lang: Lang) -> Option<(Dimension, f64)> {
        measure(text, lang, &mentions(text, lang)[0])
    }

    #[test]
    fn micrograms_international_units_and_durations_are_units() {
        // Trial 31: µg (micro sign or Greek mu), mcg, 微克, IU, 国际单位.
        for (text, lang) in [
            ("每次20 µg", Lang::Zh),
            ("每次20 μg", Lang::Zh),
            ("每次20微克", Lang::Zh),
            ("20 mcg daily", Lang::En),
            ("20 µg daily", Lang::En),
            ("20 micrograms", Lang::En),
        ] {
            assert_eq!(unit_of(text, lang), Some((Dimension::Mass, 1e-9)), "{text}");
        }
        assert_eq!(
            unit_of("400国际单位", Lang::Zh),
            Some((Dimension::Activity, 1.0))
        );
        assert_eq!(
            unit_of("400 IU", Lang::En),
            Some((Dimension::Activity, 1.0))
        );
        assert_eq!(
            unit_of("3个月", Lang::Zh),
            Some((Dimension::Time, 365.25 / 12.0))
        );
        assert_eq!(unit_of("3 weeks", Lang::En), Some((Dimension::Time, 7.0)));
        assert_eq!(unit_of("12岁", Lang::Zh), Some((Dimension::Time, 365.25)));
        // 60周年 is an anniversary, 3年级 a grade.
        assert_eq!(unit_of("60周年", Lang::Zh), None);
        assert_eq!(unit_of("3年级", Lang::Zh), None);
    }

    #[test]
    fn once_and_twice_count_only_how_often() {
        let v = |t: &str| {
            mentions(t, Lang::En)
                .iter()
                .map(|m| m.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(v("Take one tablet twice daily."), [2.0]);
        assert_eq!(v("Apply once a day."), [1.0]);
        assert_eq!(v("Inject twice per week."), [2.0]);
        assert_eq!(v("Once the seal is broken, use it."), Vec::<f64>::new());
        assert_eq!(v("He was once a nurse."), Vec::<f64>::new());
    }

    #[test]
    fn temperatures_below_zero_keep_their_sign() {
        let v = |t: &str, l: Lang| mentions(t, l).iter().map(|m| m.value).collect::<Vec<_>>();
        assert_eq!(v("在-18°C冷冻保存", Lang::Zh), [-18.0]);
        assert_eq!(v("零下18℃", Lang::Zh), [-18.0]);
        assert_eq!(v("Keep at −18 °C.", Lang::En), [-18.0]);
        assert_eq!(v("Keep at minus 18 °C.", Lang::En), [-18.0]);
        assert_eq!(v("It is -18°C to 5°C.", Lang::En), [-18.0, 5.0]);
        assert_eq!(v("It is 5 °C - 8 °C.", Lang::En), [5.0, 8.0]);
        // A range's dash is no sign.
        assert_eq!(v("Store at 2-8°C.", Lang::En), [2.0, 8.0]);
        assert_eq!(v("2 - 8 °C", Lang::En), [2.0, 8.0]);
    }

    #[test]
    fn different_measures_rates_and_scales_clash() {
        let clash = |a: &str, b: &str| {
            let (ma, mb) = (&mentions(a, Lang::Zh)[0], &mentions(b, Lang::En)[0]);
            units_clash((a, Lang::Zh, ma), (b, Lang::En, mb))
        };
        assert!(clash("每日30 mg/kg", "30 mg/day"));
        assert!(!clash("每日30 mg/kg", "30 mg/kg a day"));
        assert!(clash("含3%氯化钠", "3 mg of sodium chloride"));
        assert!(clash("400国际单位", "400 mg"));
        assert!(clash("4°C保存", "Store at 4 °F"));
        assert!(!clash("4°C保存", "Store at 4 °C"));
        assert!(!clash("服用3天", "for 3 days"));
    }

    #[test]
    fn a_number_is_quoted_with_its_unit_and_rate() {
        let quote = |t: &str, l: Lang| {
            let m = &mentions(t, l)[0];
            unit_end(t, l, m).map(|end| t[m.start..end].to_string())
        };
        assert_eq!(quote("每日30 mg/kg体重", Lang::Zh).unwrap(), "30 mg/kg");
        assert_eq!(quote("每次10 mg/日，口服", Lang::Zh).unwrap(), "10 mg/日");
        assert_eq!(quote("Take 30 mg/day.", Lang::En).unwrap(), "30 mg/day");
        assert_eq!(quote("4°C保存", Lang::Zh).unwrap(), "4°C");
        assert_eq!(
            quote("Keep at 4 degrees Fahrenheit.", Lang::En).unwrap(),
            "4 degrees Fahrenheit"
        );
        assert_eq!(quote("400国际单位", Lang::Zh).unwrap(), "400国际单位");
        assert_eq!(
            quote("Take 250 mg, then rest.", Lang::En).unwrap(),
            "250 mg"
        );
        assert_eq!(quote("共3人", Lang::Zh), None);
    }

    #[test]
    fn units_after_a_figure_are_no_names() {
        let t = "每次250 mg，按5 mg/kg给药";
        let at = |w: &str| t.find(w).unwrap();
        assert!(unit_after_figure(t, at("mg")));
        assert!(unit_after_figure(t, at("kg")));
        assert!(unit_after_figure("剂量为10 μg", "剂量为10 ".len()));
        assert!(!unit_after_figure("使用MG公司产品", "使用".len()));
    }
}
