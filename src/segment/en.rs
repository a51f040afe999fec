//! English sentence boundaries.
//!
//! A sentence ends after a run of `.`, `?`, `!` or `…` (with the closing
//! quotes and brackets that follow) when whitespace follows and the next word
//! starts with an upper-case letter, a digit, an opening quote or bracket, or a
//! letter of a caseless script. Abbreviations are handled by the word before a
//! single period:
//! - titles before names (`Mr.`, `Dr.`, `Prof.` …), `e.g.`, `i.e.`, `vs.`,
//!   single initials (`J. R. R. Tolkien`) and upper-case initialisms
//!   (`U.S.`, `U.N.`, `Ph.D.`) never end a sentence inside a paragraph;
//! - other abbreviations (`etc.`, `Inc.`, `Jan.`, `No.`, `a.m.` …) do not end a
//!   sentence before a digit (`No. 5`, `Jan. 5`), and do before a capital,
//!   except `a.m.` / `p.m.` before a time zone, weekday or month
//!   (`3 p.m. Beijing time`, `9 a.m. Monday`);
//! - `a.k.a.` never ends a sentence (`The singer, a.k.a. Prince, died`).
//!
//! Decimals, versions, URLs (`3.14`, `v2.0.1`, `example.com`) never break,
//! since no whitespace follows their periods.

use super::{is_bullet, is_closer, is_emoji};

/// Titles and abbreviations that never end a sentence inside a paragraph.
const NEVER_BREAK: &[&str] = &[
    "mr", "mrs", "ms", "mssrs", "messrs", "dr", "prof", "st", "gen", "col", "capt", "lt", "sgt",
    "cpl", "maj", "brig", "adm", "cmdr", "rev", "hon", "gov", "sen", "rep", "pres", "mt", "ft",
    "e.g", "i.e", "vs", "viz", "cf", "mme", "mlle", "fr",
    // "The singer, a.k.a. Prince, died": it introduces a name.
    "a.k.a",
];

/// Abbreviations that end a sentence only before a capitalised word.
const BEFORE_DIGIT: &[&str] = &[
    "no", "n°", "nos", "nr", "vol", "vols", "p", "pp", "fig", "figs", "art", "sec", "ch", "chap",
    "ed", "eds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "etc", "inc",
    "ltd", "co", "corp", "jr", "sr", "approx", "dept", "ave", "rd", "blvd", "est", "a.m", "p.m",
    "al", "ca", "op", "para", "tel", "min", "max",
];

/// Words that, capitalised after `a.m.` or `p.m.`, continue the sentence: a
/// time zone or the place whose clock is meant (`3 p.m. Beijing time`,
/// `10 a.m. Eastern Time`, `4 p.m. EST`, `9 a.m. Hong Kong time`), a weekday
/// or a month (`9 a.m. Monday`, `2 p.m. December 3`; not `May`, which also
/// starts questions). The shipped SRX file lists the same words.
const TIME_WORDS: &[&str] = &[
    "Beijing",
    "Hong",
    "Taipei",
    "Tokyo",
    "Seoul",
    "Singapore",
    "Moscow",
    "London",
    "Washington",
    "Eastern",
    "Pacific",
    "Central",
    "Mountain",
    "Atlantic",
    "Greenwich",
    "Universal",
    "Coordinated",
    "GMT",
    "UTC",
    "ET",
    "EST",
    "EDT",
    "CT",
    "CST",
    "CDT",
    "MT",
    "MST",
    "MDT",
    "PT",
    "PST",
    "PDT",
    "HST",
    "BST",
    "CET",
    "CEST",
    "EET",
    "IST",
    "JST",
    "KST",
    "HKT",
    "SGT",
    "AEST",
    "AEDT",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Company suffixes that a parenthesis after them continues: `Xinghe
/// Technology Co., Ltd. ("Xinghe") owns …`, `Apple Inc. (NASDAQ: AAPL)`.
const COMPANY: &[&str] = &["inc", "ltd", "co", "corp", "llc", "plc"];

/// Words that, capitalised after an initialism or a single initial, begin a
/// new sentence (`I live in the U.S. How about you?`); other capitalised
/// words continue it (`the U.S. Government`, `Albert I. Jones`). From the
/// Pragmatic Segmenter's list of sentence starters.
const SENTENCE_STARTERS: &[&str] = &[
    "A", "Being", "Did", "For", "He", "How", "However", "I", "In", "It", "Millions", "More", "She",
    "That", "The", "There", "They", "We", "What", "When", "Where", "Who", "Why",
];

/// Returns the byte offsets (within `para`) where sentences end.
pub fn sentence_ends(para: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let list = list_markers(para, &chars);
    let mut ends = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if !is_terminator(c) {
            k += 1;
            continue;
        }
        let run_start = k;
        while k < chars.len() && is_terminator(chars[k].1) {
            k += 1;
        }
        let run = &chars[run_start..k];
        let single_period = run.len() == 1 && run[0].1 == '.';
        let mut closed_quote = false;
        while k < chars.len() && (is_closer(chars[k].1) || is_emoji(chars[k].1)) {
            closed_quote |= matches!(chars[k].1, '"' | '”' | '\'' | '’');
            k += 1;
        }
        // An emoji after a space still belongs to the sentence ("news! 🎉").
        let ws = chars[k..].iter().take_while(|p| p.1 == ' ').count();
        if ws > 0 && chars.get(k + ws).is_some_and(|p| is_emoji(p.1)) {
            k += ws;
            while k < chars.len() && is_emoji(chars[k].1) {
                k += 1;
            }
        }
        let Some(&(end, after)) = chars.get(k) else {
            break; // end of paragraph
        };
        if single_period && item_number(&chars, run_start, ends.last().copied()) {
            continue; // "1. First point." at the start of a paragraph or sentence
        }
        if single_period && heading_label(para, &chars, run_start, ends.last().copied()) {
            continue; // "Article 5. Party A warrants …": the label opens the sentence
        }
        if list.iter().any(|m| m.contains(&chars[run_start].0)) {
            continue; // "1." or "a)" of a list item
        }
        if !after.is_whitespace() {
            // Full-width sentence ends need no space (Chinese inside English),
            // and "world.Today": a sentence glued to the next one.
            let full_width = run.iter().all(|p| matches!(p.1, '。' | '！' | '？'));
            if full_width || (single_period && glued_sentence(para, &chars, run_start, k)) {
                ends.push(end);
            }
            continue;
        }
        let Some(next_at) = chars[k..].iter().position(|&(_, c)| !c.is_whitespace()) else {
            break;
        };
        let next = chars[k + next_at].1;
        if single_period && let Some(dots) = spaced_dots(&chars, run_start) {
            if dots.break_here(run_start) {
                ends.push(end);
            }
            continue;
        }
        if !starts_sentence(next) {
            continue;
        }
        if closed_quote && next == '(' && citation_follows(&chars, k + next_at) {
            continue; // "…stairways [...]" (Smith 55).
        }
        if single_period {
            let word = word_before(para, chars[run_start].0);
            let next_word = word_at(para, chars[k + next_at].0);
            if !period_ends_sentence(word, next, next_word) {
                continue;
            }
        } else {
            let ellipsis = run.iter().all(|p| p.1 == '.' || p.1 == '…');
            if ellipsis && next.is_ascii_digit() {
                continue; // "Counting down... 3, 2, 1"
            }
        }
        ends.push(end);
    }
    for m in list.iter().skip(1) {
        ends.push(m.start);
    }
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// Whether the period at char index `dot` follows a list number (1–3
/// digits) standing at the start of the paragraph or right after a
/// sentence end.
fn item_number(chars: &[(usize, char)], dot: usize, last_end: Option<usize>) -> bool {
    let digits = chars[..dot]
        .iter()
        .rev()
        .take_while(|p| p.1.is_ascii_digit())
        .count();
    // Or a Roman numeral of a heading (`II. Requirements`), up to XXXIX.
    let roman = || {
        let n = chars[..dot]
            .iter()
            .rev()
            .take_while(|p| matches!(p.1, 'I' | 'V' | 'X'))
            .count();
        let numeral: String = chars[dot - n..dot].iter().map(|p| p.1).collect();
        let word_starts = dot == n || !chars[dot - n - 1].1.is_alphanumeric();
        (word_starts && is_roman_numeral(&numeral)).then_some(n)
    };
    let digits = match digits {
        1..=3 => digits,
        0 => match roman() {
            Some(n) => n,
            None => return false,
        },
        _ => return false,
    };
    let before = chars[..dot - digits]
        .iter()
        .rposition(|p| !p.1.is_whitespace() && !is_bullet(p.1));
    match before {
        None => true,
        // Right after a sentence end found before it.
        Some(i) => dot - digits > i + 1 && last_end == Some(chars[i].0 + chars[i].1.len_utf8()),
    }
}

/// Words that, followed by a number, label a numbered heading or provision
/// (`Article 5.`, `Section 5.2.`, `Chapter IV.`), matched without case.
const HEADING_LABELS: &[&str] = &[
    "article", "section", "chapter", "clause", "part", "rule", "item", "schedule", "annex",
    "appendix", "art.", "sec.", "ch.", "chap.",
];

/// Whether the period at char index `dot` closes a heading label at the
/// start of the paragraph or right after a sentence end: a capitalised
/// label word ([`HEADING_LABELS`]), spaces, and a number (`5`, `5.2`, `IV`).
/// Such a label is not a sentence; it opens the one that follows.
fn heading_label(para: &str, chars: &[(usize, char)], dot: usize, last_end: Option<usize>) -> bool {
    // The number: digits with inner periods (`5.2`), or a Roman numeral.
    // At most one more than a number can hold is read back, so a long run
    // of digits and periods (`1.1.1.…`) costs no more at each period.
    const LONGEST: usize = 12;
    let n = chars[..dot]
        .iter()
        .rev()
        .take(LONGEST + 1)
        .take_while(|p| p.1.is_ascii_digit() || p.1 == '.')
        .count();
    let arabic = n > 0
        && n <= LONGEST
        && chars[dot - n].1.is_ascii_digit()
        && chars[dot - 1].1.is_ascii_digit();
    let n = if arabic {
        n
    } else {
        let r = chars[..dot]
            .iter()
            .rev()
            .take(LONGEST + 1)
            .take_while(|p| matches!(p.1, 'I' | 'V' | 'X'))
            .count();
        if r == 0 || r > LONGEST {
            return false;
        }
        let numeral: String = chars[dot - r..dot].iter().map(|p| p.1).collect();
        if !is_roman_numeral(&numeral) {
            return false;
        }
        r
    };
    let start = dot - n;
    let spaces = chars[..start]
        .iter()
        .rev()
        .take_while(|p| p.1 == ' ' || p.1 == '\u{a0}')
        .count();
    if spaces == 0 {
        return false;
    }
    let label_end = start - spaces;
    let label = word_before(para, chars.get(label_end).map_or(para.len(), |p| p.0));
    let lower = label.to_lowercase();
    if !label.chars().next().is_some_and(char::is_uppercase)
        || !HEADING_LABELS.contains(&lower.as_str())
    {
        return false;
    }
    let label_start = label_end - label.chars().count();
    let before = chars[..label_start]
        .iter()
        .rposition(|p| !p.1.is_whitespace() && !is_bullet(p.1));
    match before {
        None => true,
        Some(i) => last_end == Some(chars[i].0 + chars[i].1.len_utf8()),
    }
}

/// True for a well-formed Roman numeral from I to XXXIX (`IV`, not `IIII`).
fn is_roman_numeral(s: &str) -> bool {
    let tens = s.chars().take_while(|&c| c == 'X').count();
    let ones = &s[tens..];
    tens <= 3
        && matches!(
            ones,
            "" | "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX"
        )
        && !s.is_empty()
}

/// A run of periods separated by single spaces (`. . .`, MLA ellipsis).
struct SpacedDots {
    /// Char indices of the dots.
    dots: Vec<usize>,
    /// Whether the first dot is glued to a word (`compounds. . . .`).
    attached: bool,
    /// Whether a sentence starts right after the last dot.
    sentence_follows: bool,
}

impl SpacedDots {
    /// Whether the dot at char index `k` ends a sentence (when a sentence
    /// start follows it). Three spaced dots are an omission inside a
    /// sentence; four are an omission and a full stop. After a word, the
    /// first of four is the full stop and the other three open the next
    /// sentence's omission.
    fn break_here(&self, k: usize) -> bool {
        let first = self.dots[0];
        let last = *self.dots.last().expect("non-empty");
        let n = self.dots.len();
        if self.attached && n >= 4 {
            return k == first && self.sentence_follows;
        }
        k == last && n >= 4 && self.sentence_follows
    }
}

fn spaced_dots(chars: &[(usize, char)], k: usize) -> Option<SpacedDots> {
    let is_dot = |i: usize| chars.get(i).is_some_and(|&(_, c)| c == '.');
    let is_space = |i: usize| chars.get(i).is_some_and(|&(_, c)| c == ' ');
    let mut first = k;
    while first >= 2 && is_space(first - 1) && is_dot(first - 2) {
        first -= 2;
    }
    let mut last = k;
    while is_space(last + 1) && is_dot(last + 2) {
        last += 2;
    }
    if last - first < 4 {
        return None; // fewer than three dots
    }
    let dots: Vec<usize> = (first..=last).step_by(2).collect();
    let attached = first > 0 && !chars[first - 1].1.is_whitespace();
    let mut j = last + 1;
    while j < chars.len() && (is_closer(chars[j].1) || chars[j].1.is_whitespace()) {
        j += 1;
    }
    let sentence_follows = chars.get(j).is_some_and(|&(_, c)| starts_sentence(c));
    Some(SpacedDots {
        dots,
        attached,
        sentence_follows,
    })
}

/// `world.Today`: a single period between a lower-case letter or digit and
/// a capitalised word, in a token that is not a URL, e-mail or file name.
fn glued_sentence(para: &str, chars: &[(usize, char)], dot: usize, next: usize) -> bool {
    if next != dot + 1 || dot == 0 {
        return false;
    }
    let prev = chars[dot - 1].1;
    let (Some(&(_, a)), Some(&(_, b))) = (chars.get(next), chars.get(next + 1)) else {
        return false;
    };
    if !(prev.is_lowercase() || prev.is_ascii_digit()) || !a.is_uppercase() || !b.is_lowercase() {
        return false;
    }
    let token = word_before(para, chars[dot].0);
    let tail: String = chars[next..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| !c.is_whitespace())
        .collect();
    !token.contains(['/', '@', ':', '.', '_'])
        && !tail.contains(['/', '@', '_'])
        && !NEVER_BREAK.contains(&token.to_lowercase().as_str())
}

/// Whether `chars[open]` (an opening parenthesis) starts a parenthetical
/// that is closed and directly followed by a sentence end: a citation that
/// belongs to the quotation before it.
fn citation_follows(chars: &[(usize, char)], open: usize) -> bool {
    let close = chars[open..]
        .iter()
        .take(80)
        .position(|&(_, c)| c == ')')
        .map(|p| open + p);
    close.is_some_and(|c| {
        chars
            .get(c + 1)
            .is_some_and(|&(_, t)| matches!(t, '.' | '!' | '?'))
    })
}

/// Spans of the markers of an inline numbered list (`1.) a 2.) b`,
/// `a. x b. y`, `• 9. x • 10. y`): the first at the start of the paragraph,
/// each next one numbered one higher and preceded by a space. Empty when the
/// paragraph does not hold at least two.
fn list_markers(para: &str, chars: &[(usize, char)]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut expect: Option<u32> = None;
    let mut k = 0;
    while k < chars.len() {
        let at_start = k == 0 || chars[k - 1].1.is_whitespace();
        if at_start && let Some((value, len, end)) = marker_at(chars, k) {
            let ok = match expect {
                None => out.is_empty() && para[..chars[k].0].trim().is_empty(),
                Some(v) => value == v,
            };
            if ok {
                out.push(chars[k].0..end);
                expect = Some(value + 1);
                k += len;
                continue;
            }
        }
        if out.is_empty() && !chars[k].1.is_whitespace() && !is_bullet(chars[k].1) {
            return Vec::new(); // the paragraph does not open with a marker
        }
        k += 1;
    }
    if out.len() < 2 { Vec::new() } else { out }
}

/// A list marker at char index `k`: optional bullet and spaces, a number of
/// 1–3 digits or one lower-case letter, then `.)`, `)` or `.`, then a space.
/// Returns (ordinal, chars used, byte end).
fn marker_at(chars: &[(usize, char)], k: usize) -> Option<(u32, usize, usize)> {
    let mut j = k;
    if chars.get(j).is_some_and(|&(_, c)| is_bullet(c)) {
        j += 1;
        while chars.get(j).is_some_and(|&(_, c)| c == ' ') {
            j += 1;
        }
    }
    let digits_start = j;
    let mut value: u32 = 0;
    while let Some(&(_, c)) = chars.get(j)
        && c.is_ascii_digit()
        && j - digits_start < 3
    {
        value = value * 10 + c.to_digit(10).expect("digit");
        j += 1;
    }
    if j == digits_start {
        match chars.get(j) {
            Some(&(_, c)) if c.is_ascii_lowercase() => {
                value = c as u32 - 'a' as u32 + 1;
                j += 1;
            }
            _ => return None,
        }
    }
    match (chars.get(j).map(|p| p.1), chars.get(j + 1).map(|p| p.1)) {
        (Some('.'), Some(')')) => j += 2,
        (Some(')'), _) | (Some('.'), _) => j += 1,
        _ => return None,
    }
    if !chars.get(j).is_some_and(|&(_, c)| c.is_whitespace()) {
        return None;
    }
    Some((value, j - k, chars[j].0))
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '?' | '!' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '？' | '！' | '。'
    )
}

/// Whether a character can begin a new sentence after a terminator.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '¿' | '¡')
        || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// The word starting at byte offset `at`, up to a space or punctuation.
fn word_at(para: &str, at: usize) -> &str {
    let rest = &para[at..];
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The word immediately before byte offset `at`, without leading punctuation.
fn word_before(para: &str, at: usize) -> &str {
    let head = &para[..at];
    let start = head
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\'' | '‘' | '['))
        .map_or(0, |p| {
            p + head[p..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// Decides whether a single period after `word` ends the sentence, given the
/// first character of the next word (already known to start a sentence).
pub(crate) fn period_ends_sentence(word: &str, next: char, next_word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    // "Tuesday.Mr": the word is what follows a glued sentence end.
    let word = match word.rfind('.') {
        Some(p) if !is_initialism(word) && p + 1 < word.len() => &word[p + 1..],
        _ => word,
    };
    let starter = SENTENCE_STARTERS.contains(&next_word);
    let lower = word.to_lowercase();
    if NEVER_BREAK.contains(&lower.as_str()) {
        return false;
    }
    // "3 p.m. Beijing time", "9 a.m. Monday": a time zone, weekday or month.
    if matches!(lower.as_str(), "a.m" | "p.m") && TIME_WORDS.contains(&next_word) {
        return false;
    }
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        // A single upper-case initial: "John F. Kennedy", but "you and I. Did".
        if first.is_uppercase() {
            return starter;
        }
    }
    if is_initialism(word) {
        // U.S., U.N., Ph.D. keep going; a.m. and p.m. are handled below.
        if word.chars().any(char::is_uppercase) {
            return starter;
        }
        // a.m., p.m.: a sentence end before a capital, unless a title
        // follows ("5 a.m. Mr. Smith went").
        if NEVER_BREAK.contains(&next_word.to_lowercase().as_str()) {
            return false;
        }
    }
    if COMPANY.contains(&lower.as_str()) && matches!(next, '(' | '（' | '[') {
        return false;
    }
    if BEFORE_DIGIT.contains(&lower.as_str()) {
        return !next.is_ascii_digit();
    }
    true
}

/// Letters separated by single periods: `U.S`, `a.m`, `Ph.D`.
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.len() <= 2 && part.chars().all(char::is_alphabetic)
        })
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::segment::Segmenter;

    fn split(text: &str) -> Vec<&str> {
        Segmenter::new(Lang::En)
            .split_paragraph(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split("Mr. J. R. R. Tolkien wrote it."),
            ["Mr. J. R. R. Tolkien wrote it."]
        );
        assert_eq!(
            split("The U.S. State Department agreed."),
            ["The U.S. State Department agreed."]
        );
        assert_eq!(
            split("See No. 5 now. Then go."),
            ["See No. 5 now.", "Then go."]
        );
        assert_eq!(
            split("Pens, paper, etc. The shop opens."),
            ["Pens, paper, etc.", "The shop opens."]
        );
    }

    #[test]
    fn heading_label_stays_with_what_follows() {
        // Trial 26: "Article 5." was a sentence of its own, and the aligner
        // attached it to the previous article's last sentence.
        assert_eq!(
            split("Article 5. Party A warrants the Software. It is new."),
            ["Article 5. Party A warrants the Software.", "It is new."]
        );
        for text in [
            "Section 5.2. The fee is due.",
            "Chapter IV. The storm came.",
            "Art. 12. The parties agree.",
            "SCHEDULE 3. Fees are listed here.",
            "• Clause 7. Either party may end it.",
        ] {
            assert_eq!(split(text), [text], "{text}");
        }
        // After a sentence end, too; but not inside a sentence.
        assert_eq!(
            split("Fees are due. Rule 3. Pay on time."),
            ["Fees are due.", "Rule 3. Pay on time."]
        );
        assert_eq!(
            split("This is set out in Article 5. Party A agrees."),
            ["This is set out in Article 5.", "Party A agrees."]
        );
        // A label needs a number: "Part two." and "Article." still end.
        assert_eq!(
            split("See the Annex. The rest follows."),
            ["See the Annex.", "The rest follows."]
        );
        // A number longer than any heading's is none, and a long run of
        // digits and periods is read back no further than that at each
        // period (it was read back to its start: 50,000 periods took 1.6 s).
        assert_eq!(
            split("Section 1234567890123. Next."),
            ["Section 1234567890123.", "Next."]
        );
        assert_eq!(
            split("Part XXXXXXXXXXXXXX. Next."),
            ["Part XXXXXXXXXXXXXX.", "Next."]
        );
        let run = format!("{}1 The end.", "1.".repeat(20_000));
        assert_eq!(split(&run).concat(), run);
    }

    #[test]
    fn quotes_and_lower_case_continuation() {
        assert_eq!(
            split("He said \"Go.\" Then he left."),
            ["He said \"Go.\"", "Then he left."]
        );
        assert_eq!(
            split("Wait... and then? Yes?! Fine."),
            ["Wait... and then?", "Yes?!", "Fine."]
        );
        assert_eq!(split("Pi is 3.14 today."), ["Pi is 3.14 today."]);
    }
}
