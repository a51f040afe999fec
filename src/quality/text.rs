//! What the quality stage reads in one side of a segment: content words,
//! numbers, Latin tokens and name candidates, each with its byte span in
//! the segment as written.

use crate::hash::FastMap;
use crate::lang::Lang;
use crate::lexicon::{Lexicon, is_stopword, stem};
use crate::normalize::is_han;
use crate::numbers::{Mention, mentions};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Chinese pronouns, demonstratives, particles, question words, negations
/// and degree adverbs: like English stop words, they are not content to
/// cover (their English counterparts, *why*, *who*, *not*, *very*, *most*,
/// are stop words, which the English side leaves out; counted on the
/// Chinese side only, 为什么 → "Why?" read as a whole source untranslated).
const ZH_FUNCTION_WORDS: &[&str] = &[
    "我",
    "你",
    "您",
    "他",
    "她",
    "它",
    "我们",
    "你们",
    "他们",
    "她们",
    "它们",
    "咱们",
    "大家",
    "自己",
    "这",
    "那",
    "这个",
    "那个",
    "这些",
    "那些",
    "这样",
    "那样",
    "这里",
    "那里",
    "这儿",
    "那儿",
    "的",
    "了",
    "着",
    "过",
    "吗",
    "是否",
    "呢",
    "吧",
    "啊",
    "呀",
    "么",
    "是",
    "在",
    "和",
    "与",
    "及",
    "或",
    "而",
    "就",
    "也",
    "都",
    "又",
    "还",
    "把",
    "被",
    "给",
    "对",
    "从",
    "向",
    "以",
    "为",
    "之",
    "其",
    "所",
    "则",
    "但",
    "却",
    "并",
    "即",
    "每",
    "各",
    "该",
    "此",
    "些",
    "什么",
    "怎么",
    "一个",
    "为什么",
    "为何",
    "怎样",
    "怎么样",
    "如何",
    "哪",
    "哪里",
    "哪儿",
    "谁",
    "不",
    "没",
    "没有",
    "很",
    "太",
    "更",
    "最",
    "再",
    "只",
    // 仅 "only", as 只.
    "仅",
    "仅仅",
    "这么",
    "那么",
    "多么",
    "所以",
    "如果",
    "但是",
    "可是",
    "然后",
    // The plural suffix (她们 read as 她 + 们 after 给她), 有 "there is,
    // have", the postposition 中 "in" (not 里, also the length *li*), and
    // the approximations
    // 大约, 大概 "about": their English counterparts are stop words.
    "们",
    "有",
    "中",
    "大约",
    "大概",
];

/// English renderings CC-CEDICT's glosses lack, for words of company
/// reports, product launches and notices (trial 24): each Chinese word
/// (as the lexicon segments it) with English words, stemmed when read.
/// Written by hand; add a word only where the usual English rendering is
/// not among its glosses (盈利 "profit; gain; to make a profit" has no
/// *earnings*; 续航 "to continue a journey without refuelling" no *range*;
/// 元 after a Hong Kong or Taiwan amount is a *dollar*; 入门 "to learn
/// the basics; introduction" is a guide's *getting started*; 同步 "to
/// synchronize" an app's *sync*, trial 25).
const EXTRA_GLOSSES: &[(&str, &[&str])] = &[
    ("盈利", &["earnings"]),
    ("续航", &["range"]),
    ("里程", &["range"]),
    ("元", &["dollar"]),
    ("入门", &["getting", "started"]),
    ("同步", &["sync"]),
];

/// The word an English abbreviation stands for, when the Chinese side
/// writes that word out: a currency code (*RMB*, *USD*, the *HK* of
/// *HK$*), whose Chinese is 人民币 or 港元; a unit after a number (*720
/// km*, *12.9 kWh*), whose Chinese is 公里 or 千瓦时. `None` for any other
/// token.
fn written_out(text: &str, t: &Token) -> Option<&'static str> {
    let dollar_sign = text[t.end..].starts_with('$');
    let currency = match &*t.text {
        "rmb" | "cny" => Some("yuan"),
        "usd" | "hkd" | "twd" | "ntd" | "aud" | "cad" | "sgd" => Some("dollar"),
        "hk" | "us" | "nt" | "a" | "c" | "s" if dollar_sign => Some("dollar"),
        "eur" => Some("euro"),
        "jpy" => Some("yen"),
        "gbp" => Some("pound"),
        "chf" => Some("franc"),
        _ => None,
    };
    if currency.is_some() {
        return currency;
    }
    let after_number = text[..t.start]
        .trim_end_matches([' ', '\u{a0}', '\u{202f}'])
        .ends_with(|c: char| c.is_ascii_digit());
    if !after_number {
        return None;
    }
    match &*t.text {
        "km" => Some("kilometer"),
        "cm" => Some("centimeter"),
        "mm" => Some("millimeter"),
        "kg" => Some("kilogram"),
        "mg" => Some("milligram"),
        "ml" => Some("milliliter"),
        "kwh" | "kw" => Some("kilowatt"),
        "ha" => Some("hectare"),
        _ => None,
    }
}

/// The lexicon's greedy words, where a word of two characters whose
/// second begins a longer word (of three or four) gives way to it: its
/// first character stands alone, and the greedy words inside the longer
/// one are dropped (为人民币: 为人 | 民 | 币 read 为 | 人民币; 盈利为人民币 left
/// 人民币 uncovered by *RMB*). The quality stage's words only; the
/// aligner keeps the greedy ones.
fn resegmented<'t, 'l>(
    words: Vec<crate::lexicon::Word<'t, 'l>>,
    text: &'t str,
    lex: &'l Lexicon,
) -> Vec<crate::lexicon::Word<'t, 'l>> {
    let mut out = Vec::with_capacity(words.len());
    let mut until = 0;
    for w in words {
        if w.start < until {
            continue;
        }
        let mut chars = w.text.char_indices();
        let second = match (chars.next(), chars.next(), chars.next()) {
            (Some(_), Some((b, _)), None) => w.start + b,
            _ => {
                out.push(w);
                continue;
            }
        };
        let longer = [4, 3].into_iter().find_map(|n| {
            let end = text[second..]
                .char_indices()
                .nth(n)
                .map_or(text.len(), |(b, _)| second + b);
            let piece = &text[second..end];
            (piece.chars().count() == n && piece.chars().all(is_han))
                .then(|| lex.stems(piece).filter(|s| !s.is_empty()))
                .flatten()
                .map(|stems| (piece, stems))
        });
        match longer {
            Some((piece, stems)) => {
                let first = &text[w.start..second];
                if let Some(fs) = lex.stems(first).filter(|s| !s.is_empty()) {
                    out.push(crate::lexicon::Word {
                        text: first,
                        start: w.start,
                        stems: fs,
                    });
                }
                out.push(crate::lexicon::Word {
                    text: piece,
                    start: second,
                    stems,
                });
                until = second + piece.len();
            }
            None => out.push(w),
        }
    }
    out
}

/// A content word: its span and the keys it may be matched by.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// Chinese: the word itself; English: its stem. Used for document
    /// frequencies and learned translations. Shared by the occurrences of
    /// the word read through the same [`TextCache`] (one per job of a
    /// document's parallel analysis).
    pub key: Arc<str>,
    /// Chinese: the English stems it may translate to; English: its stem.
    /// Shared as `key` is.
    pub stems: Arc<[String]>,
}

/// What the analysis of a document's sides looks up again and again,
/// computed once per distinct word or character: the English stems of a
/// Chinese word (with its characters' own), the toneless pinyin of a Han
/// character.
#[derive(Debug, Default)]
pub(crate) struct TextCache {
    /// A Chinese word: itself (its key) and its stems.
    stems: FastMap<String, (Arc<str>, Arc<[String]>)>,
    pinyin: FastMap<char, Option<Arc<str>>>,
    /// The stem of an English word (its key), as the one stem it is
    /// matched by.
    en_stems: FastMap<String, (Arc<str>, Arc<[String]>)>,
    /// A Latin token as written → lower-cased.
    tokens: FastMap<String, Arc<str>>,
}

/// One [`TextCache`] per thread of the current rayon pool, for a pass over
/// a document's texts on every core: each thread keeps its cache from one
/// of rayon's jobs to the next (one cache per job found the same words
/// again in every job, 96 caches for Bible 001 on one thread). A cache
/// only saves work (a word's stems and a character's pinyin are the same
/// whichever cache found them), so a thread that finds its cache in use
/// (a job of its own it took up while waiting inside another) or no cache
/// of its own (outside the pool) works with a new one.
pub(crate) struct ThreadCaches(Vec<Mutex<TextCache>>);

impl ThreadCaches {
    /// A cache for each thread of the current pool.
    pub fn new() -> Self {
        ThreadCaches(
            (0..rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        )
    }

    /// The stem of the English word `word` ([`crate::lexicon::stem`]), found
    /// in a cache that stemmed it (any thread's not in use), else stemmed
    /// here.
    pub fn stem(&self, word: &str) -> String {
        self.0
            .iter()
            .find_map(|m| {
                let cache = m.try_lock().ok()?;
                cache.en_stems.get(word).map(|(key, _)| key.to_string())
            })
            .unwrap_or_else(|| stem(word))
    }

    /// Runs `f` with this thread's cache.
    pub fn with<R>(&self, f: impl FnOnce(&mut TextCache) -> R) -> R {
        let own = rayon::current_thread_index().and_then(|i| self.0.get(i));
        match own.and_then(|m| m.try_lock().ok()) {
            Some(mut cache) => f(&mut cache),
            None => f(&mut TextCache::default()),
        }
    }
}

impl TextCache {
    /// The stems a Chinese word may be matched by: its own translations,
    /// then, for a compound, its characters' (走掉 → 走 "walk", 掉 "drop").
    /// Returns the word as its key, and its stems.
    fn zh_stems(&mut self, word: &str, own: &str, lex: &Lexicon) -> (Arc<str>, Arc<[String]>) {
        if let Some((key, s)) = self.stems.get(word) {
            return (Arc::clone(key), Arc::clone(s));
        }
        let mut stems: Vec<String> = own
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if word.chars().count() > 1 {
            for c in word.chars() {
                let mut buf = [0u8; 4];
                for s in lex.stems(c.encode_utf8(&mut buf)).unwrap_or("").split(' ') {
                    if !s.is_empty() && !stems.iter().any(|x| x == s) {
                        stems.push(s.to_string());
                    }
                }
            }
        }
        if let Some((_, extra)) = EXTRA_GLOSSES.iter().find(|(w, _)| *w == word) {
            for e in extra.iter() {
                let s = stem(e);
                if !stems.contains(&s) {
                    stems.push(s);
                }
            }
        }
        // A noun whose plural Porter2 stems apart (*life* / *lives*).
        for (singular, plural) in plural_stems() {
            if stems.iter().any(|s| s == singular) && !stems.iter().any(|s| s == plural) {
                stems.push(plural.clone());
            }
        }
        let stems: Arc<[String]> = stems.into();
        let key: Arc<str> = Arc::from(word);
        self.stems
            .insert(word.to_string(), (Arc::clone(&key), Arc::clone(&stems)));
        (key, stems)
    }

    /// The stem of an English word (Porter2), as the one stem it may be
    /// matched by.
    /// Returns the stem as the word's key, and as its one stem.
    fn en_stem(&mut self, word: &str) -> (Arc<str>, Arc<[String]>) {
        if let Some((key, s)) = self.en_stems.get(word) {
            return (Arc::clone(key), Arc::clone(s));
        }
        let stems: Arc<[String]> = Arc::from([stem(word)]);
        let key: Arc<str> = Arc::from(stems[0].as_str());
        self.en_stems
            .insert(word.to_string(), (Arc::clone(&key), Arc::clone(&stems)));
        (key, stems)
    }

    /// The toneless pinyin of a Han character, if the lexicon has it.
    fn pinyin(&mut self, c: char, lex: &Lexicon) -> Option<Arc<str>> {
        self.pinyin
            .entry(c)
            .or_insert_with(|| {
                let mut buf = [0u8; 4];
                lex.pinyin(c.encode_utf8(&mut buf))
                    .map(|p| Arc::from(p.replace(' ', "")))
            })
            .clone()
    }
}

/// Whether `w` is one of [`ZH_FUNCTION_WORDS`] (a look-up in one step).
fn is_zh_function_word(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::hash::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| ZH_FUNCTION_WORDS.iter().copied().collect())
        .contains(w)
}

/// A token written in Latin letters (a word or an acronym), lower-cased.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// Shared by the tokens written the same way and read through the same
    /// [`TextCache`].
    pub text: Arc<str>,
    /// Starts with a capital letter (English name candidates).
    pub capital: bool,
    /// First word of its sentence.
    pub initial: bool,
    /// Byte offsets (below 64, after the first) of the capital letters
    /// inside the token as written (*EloPenuel*: 3), where a compound
    /// name's parts begin; 0 when the lower-cased text is not
    /// byte-aligned with the original.
    pub inner_capitals: u64,
}

/// The analysed side of a segment.
#[derive(Debug, Clone, Default)]
pub(crate) struct SideText {
    pub words: Vec<Word>,
    pub numbers: Vec<Mention>,
    /// Chinese numerals that may or may not be numbers (三 in 高三肘 "three
    /// cubits high", 四 in 罗小四, a name): they may match a number of the
    /// other side that nothing else matches, and are never missing.
    pub soft_numbers: Vec<Mention>,
    pub tokens: Vec<Token>,
    /// Han characters.
    pub han: usize,
    /// Latin letters.
    pub latin: usize,
    /// Length in the aligner's units (for Chinese, Han characters outside
    /// numbers, Latin tokens and one per number; for English, letters and
    /// digits, a number in words counted as its digits).
    pub len: f64,
}

impl SideText {
    #[cfg(test)]
    pub fn new(text: &str, lang: Lang, lex: &Lexicon) -> SideText {
        SideText::with_cache(text, lang, lex, &mut TextCache::default())
    }

    /// [`SideText::masked`] of `text` with its placeholders masked here.
    #[cfg(test)]
    pub fn with_cache(text: &str, lang: Lang, lex: &Lexicon, cache: &mut TextCache) -> SideText {
        SideText::masked(text, &super::placeholder::mask(text), lang, lex, cache)
    }

    /// The analysis of one side, `text`, looking words up through `cache`;
    /// `masked` is its [`super::placeholder::mask`] (made by the caller,
    /// which reads it too).
    ///
    /// Placeholders (`%d`, `{0}`, `<b>`: see `quality::placeholder`) are
    /// read as blanks; an ordinal prefix or a classifier beside one that
    /// stands for a value (第 {page} 页, %d 个文件) is no content to cover,
    /// as beside a number.
    pub fn masked(
        text: &str,
        masked: &str,
        lang: Lang,
        lex: &Lexicon,
        cache: &mut TextCache,
    ) -> SideText {
        let holes = super::placeholder::value_ranges(text);
        let text = masked;
        let mut side = SideText {
            numbers: mentions(text, lang),
            tokens: latin_tokens(text, &mut cache.tokens),
            ..SideText::default()
        };
        let mut alnum = 0usize;
        for c in text.chars() {
            if is_han(c) {
                side.han += 1;
            } else if c.is_ascii_alphabetic()
                || ('ａ'..='ｚ').contains(&c)
                || ('Ａ'..='Ｚ').contains(&c)
            {
                side.latin += 1;
                alnum += 1;
            } else if c.is_alphanumeric() {
                alnum += 1;
            }
        }
        match lang {
            Lang::Zh => {
                side.soft_numbers = soft_numerals(text, &side.numbers);
                for w in resegmented(lex.words(text), text, lex) {
                    if !w.text.chars().all(is_han)
                        || is_zh_function_word(w.text)
                        || is_number_word(text, w.start, w.text, &side.numbers)
                        || beside_hole(text, w.start, w.text, &holes)
                        || is_qa_label(text, w.start, w.text)
                    {
                        continue;
                    }
                    let (key, stems) = cache.zh_stems(w.text, w.stems, lex);
                    side.words.push(Word {
                        start: w.start,
                        end: w.start + w.text.len(),
                        key,
                        stems,
                    });
                }
                // A number counts one unit however it is written, as 12.5
                // does: the Han characters of 百分之十二点五 or 一万二千 (and
                // 万 in 3.5万) are not also counted one by one.
                let numeral_han: usize = side
                    .numbers
                    .iter()
                    .map(|m| text[m.start..m.end].chars().filter(|&c| is_han(c)).count())
                    .sum();
                let numbers = side.numbers.len();
                side.len =
                    (side.han.saturating_sub(numeral_han) + side.tokens.len() + numbers) as f64;
            }
            Lang::En => {
                for t in &side.tokens {
                    // *RMB0.62*, *HK$1.2*, *720 km*: the word written out.
                    if let Some(full) = written_out(text, t) {
                        let (key, stems) = cache.en_stem(full);
                        side.words.push(Word {
                            start: t.start,
                            end: t.end,
                            key,
                            stems,
                        });
                        continue;
                    }
                    // *per* renders 每, a function word of the Chinese side.
                    if t.text.chars().count() < 2 || is_stopword(&t.text) || &*t.text == "per" {
                        continue;
                    }
                    // The scale word of a number in figures (*3.5 trillion*,
                    // *$540 billion*) is the number check's, as 万亿 in
                    // 3.5万亿 is on the Chinese side: no content to cover
                    // (it was left uncovered, and quoted as an addition).
                    if side.numbers.iter().any(|m| {
                        m.kind == crate::numbers::MentionKind::Digits
                            && m.start <= t.start
                            && t.end <= m.end
                    }) {
                        continue;
                    }
                    let (key, stems) = cache.en_stem(predicative_base(&t.text));
                    side.words.push(Word {
                        start: t.start,
                        end: t.end,
                        key,
                        stems,
                    });
                }
                // A number in words (*threescore and twelve thousand*)
                // counts as long as its digits would.
                let mut words_len = 0usize;
                let mut digits_len = 0usize;
                for m in &side.numbers {
                    if m.kind == crate::numbers::MentionKind::Words {
                        words_len += text[m.start..m.end]
                            .chars()
                            .filter(|c| c.is_alphanumeric())
                            .count();
                        digits_len += format!("{}", m.value.abs().trunc() as u64).len();
                    }
                }
                side.len =
                    (alnum.saturating_sub(words_len) + digits_len) as f64 + side.han as f64 * 3.0;
            }
        }
        // Kept for the whole document (a book has hundreds of thousands
        // of words): without the room left by growing.
        side.words.shrink_to_fit();
        side.tokens.shrink_to_fit();
        side
    }
}

/// Whether the word at `start` is the label of a question or an answer
/// (问：…, 答：… at the start of the text, a line or a sentence), as *Q:*
/// and *A:* are on the English side, where a one-letter word is no content:
/// layout, not a word to cover (an FAQ's 答：是的。 for *A: Yes.* read as an
/// addition of 答).
fn is_qa_label(text: &str, start: usize, word: &str) -> bool {
    if word != "问" && word != "答" {
        return false;
    }
    let after = text.get(start + word.len()..).unwrap_or("");
    if !after.starts_with(['：', ':']) {
        return false;
    }
    let before = text
        .get(..start)
        .unwrap_or("")
        .trim_end_matches([' ', '\t', '\u{3000}']);
    before.is_empty() || before.ends_with(['\n', '\r', '。', '！', '？', '!', '?', '”', '"'])
}

/// English adjectives of state formed with *a-* (*asleep*, *alive*),
/// which render the Chinese noun or verb of their base (睡眠 *sleep*, 活
/// *live*): the base, for the stem; other words as they are.
fn predicative_base(lower: &str) -> &str {
    const PREDICATIVE: &[(&str, &str)] = &[
        ("ablaze", "blaze"),
        ("afire", "fire"),
        ("afloat", "float"),
        ("ashore", "shore"),
        ("asleep", "sleep"),
    ];
    PREDICATIVE
        .iter()
        .find(|(form, _)| *form == lower)
        .map_or(lower, |(_, base)| base)
}

/// The stems of nouns whose plural in *-ves* Porter2 stems apart from the
/// singular (*life* → `life`, *lives* → `live`): (singular, plural) stems.
fn plural_stems() -> &'static [(String, String)] {
    static PLURALS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    PLURALS.get_or_init(|| {
        [
            ("calf", "calves"),
            ("half", "halves"),
            ("knife", "knives"),
            ("leaf", "leaves"),
            ("life", "lives"),
            ("loaf", "loaves"),
            ("self", "selves"),
            ("shelf", "shelves"),
            ("thief", "thieves"),
            ("wolf", "wolves"),
        ]
        .iter()
        .map(|(one, many)| (stem(one), stem(many)))
        .filter(|(one, many)| one != many)
        .collect()
    })
}

/// The single Chinese numerals 二 to 十 (and 两) outside every number
/// mention: read as a number only where a classifier follows, they may
/// still be one (高三肘, 第二日 are read; 长五肘 is not).
fn soft_numerals(text: &str, numbers: &[Mention]) -> Vec<Mention> {
    const SOFT: &[(char, f64)] = &[
        ('二', 2.0),
        ('两', 2.0),
        ('三', 3.0),
        ('四', 4.0),
        ('五', 5.0),
        ('六', 6.0),
        ('七', 7.0),
        ('八', 8.0),
        ('九', 9.0),
        ('十', 10.0),
    ];
    text.char_indices()
        .filter_map(|(b, c)| {
            let &(_, value) = SOFT.iter().find(|(n, _)| *n == c)?;
            let inside = numbers.iter().any(|m| m.start <= b && b < m.end);
            (!inside).then(|| Mention {
                start: b,
                end: b + c.len_utf8(),
                value,
                kind: crate::numbers::MentionKind::Words,
            })
        })
        .collect()
}

/// A dictionary word that only writes a number or a date (一九九八年, 第一,
/// 五月, 三个): the number check covers it, so it is no content to cover.
/// It overlaps a number mention or follows one, and what lies outside the
/// mention is an ordinal prefix, a unit of dates and times, or the general
/// classifier 个 (words such as 章 "chapter" or 倍 "times" have English
/// counterparts and stay content).
fn is_number_word(text: &str, start: usize, word: &str, numbers: &[Mention]) -> bool {
    const AFFIXES: &str = "第年月日号时点分秒个";
    let end = start + word.len();
    // The mention it overlaps, or the one it follows (一九九八 + 年), with
    // blanks between as typeset Chinese writes them (2025 年 1 月 1 日).
    let Some(m) = numbers.iter().find(|m| {
        (m.start < end && start < m.end)
            || (m.end <= start
                && text[m.end..start]
                    .chars()
                    .all(|c| c == ' ' || crate::numbers::thin_separator(c)))
    }) else {
        return false;
    };
    word.char_indices().all(|(i, c)| {
        let at = start + i;
        (m.start..m.end).contains(&at) || AFFIXES.contains(c)
    })
}

/// A word of ordinal prefixes and classifiers (第, 个, 年) right before or
/// after a placeholder that stands for a value (blanks between).
fn beside_hole(text: &str, start: usize, word: &str, holes: &[(usize, usize)]) -> bool {
    const AFFIXES: &str = "第年月日号时点分秒个";
    // (Most texts have no placeholder: the word is not read.)
    if holes.is_empty() {
        return false;
    }
    let end = start + word.len();
    let blank = |s: &str| {
        s.chars()
            .all(|c| c == ' ' || crate::numbers::thin_separator(c))
    };
    word.chars().all(|c| AFFIXES.contains(c))
        && holes.iter().any(|&(s, e)| {
            (e <= start && blank(&text[e..start])) || (end <= s && blank(&text[end..s]))
        })
}

/// Latin-letter tokens (letters, with inner `'` and `-`), with spans, and
/// whether each starts a sentence. `lower` keeps each token's lower-cased
/// text by the token as written, shared by its occurrences.
fn latin_tokens(text: &str, lower: &mut FastMap<String, Arc<str>>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut initial = true;
    let mut next_initial = true;
    let bytes = text.as_bytes();
    let mut flush = |s: usize, e: usize, initial: bool, out: &mut Vec<Token>| {
        let raw = text[s..e].trim_end_matches(['\'', '-', '’']);
        if raw.is_empty() {
            return;
        }
        let raw = raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("’s"))
            .unwrap_or(raw);
        let text = match lower.get(raw) {
            Some(t) => Arc::clone(t),
            None => {
                let t: Arc<str> = Arc::from(raw.to_lowercase());
                lower.insert(raw.to_string(), Arc::clone(&t));
                t
            }
        };
        let inner_capitals = if text.len() == raw.len() {
            raw.char_indices()
                .skip(1)
                .filter(|&(i, c)| i < 64 && c.is_uppercase())
                .fold(0u64, |m, (i, _)| m | 1 << i)
        } else {
            0
        };
        out.push(Token {
            start: s,
            end: s + raw.len(),
            text,
            capital: raw.starts_with(|c: char| c.is_uppercase()),
            initial,
            inner_capitals,
        });
    };
    for (b, c) in text.char_indices() {
        let letter =
            c.is_ascii_alphabetic() || (c.is_alphabetic() && !is_han(c) && (c as u32) < 0x2000);
        let inner = matches!(c, '\'' | '-' | '’')
            && start.is_some()
            && bytes
                .get(b + c.len_utf8())
                .is_some_and(u8::is_ascii_alphabetic);
        if letter || inner {
            if start.is_none() {
                start = Some(b);
                initial = next_initial;
                next_initial = false;
            }
        } else {
            if let Some(s) = start.take() {
                flush(s, b, initial, &mut out);
            }
            // A straight quote opens a quotation when a letter (or another
            // mark) follows it at once; one followed by a space closes one
            // (`"…," Township said`) and leaves the sentence as it was.
            let closing_quote =
                c == '"' && text[b + 1..].chars().next().is_none_or(char::is_whitespace);
            if closing_quote {
                continue;
            }
            if matches!(
                c,
                '.' | '!' | '?' | '。' | '！' | '？' | '"' | '“' | ':' | '：'
            ) {
                next_initial = true;
            } else if !c.is_whitespace() && !matches!(c, '\'' | '‘' | '(' | '（' | '—' | '-') {
                next_initial = false;
            }
        }
    }
    if let Some(s) = start {
        flush(s, text.len(), initial, &mut out);
    }
    out
}

/// The toneless pinyin of every run of 2 to 4 Han characters of a text,
/// with its span, and its distinct spellings sorted for look-up, so that
/// matching a segment's names against its windows costs a search per name,
/// not a pass over every window (a 100 KB segment has about 100,000
/// windows). The pinyin of the characters is kept once, one after another:
/// a window's characters follow each other in the text, so its pinyin is
/// one slice of that buffer (a window is not written out on its own).
#[derive(Debug, Default)]
pub(crate) struct PinyinWindows {
    /// The pinyin of each Han character that has one, in text order.
    pinyin: String,
    /// Those characters: each one's byte span in the text and where its
    /// pinyin starts in `pinyin` (it ends where the next one's starts).
    chars: Vec<PinyinChar>,
    /// The windows, in text order (then shorter first): first character
    /// (a place in `chars`) and how many.
    windows: Vec<(u32, u8)>,
    /// One entry per distinct pinyin: where it lies in `pinyin` (as the
    /// first window that writes it) and how many windows do, sorted by
    /// [`spelling_order`]; sorted when first looked up after
    /// [`SCANS_BEFORE_SORT`] look-ups (a segment whose English has no name
    /// to look for, or few, never is).
    distinct: OnceLock<Vec<(u32, u32, u32)>>,
    /// The first two letters of every window's spelling (the whole of a
    /// shorter one) as bits ([`prefix_bit`]): a look-up whose prefix's bit
    /// is clear finds nothing, and reads no window.
    prefixes: [u64; 4],
    /// How many look-ups have been answered by a pass over the windows
    /// (counted past [`SCANS_BEFORE_SORT`] only by the look-ups racing the
    /// sort: either way a look-up finds the same spellings).
    scans: AtomicU32,
}

/// The bit of [`PinyinWindows::prefixes`] for a spelling's first two
/// letters (or the whole of a shorter spelling): its place among 256.
fn prefix_bit(prefix: &[u8]) -> usize {
    prefix.iter().fold(prefix.len(), |h, &b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    }) % 256
}

/// How many look-ups a segment's windows answer by a pass over every
/// window before their distinct spellings are sorted for a search: a pass
/// costs about 20 instructions a window, the sort about 300 a window, and
/// most segments are looked up a few times only.
const SCANS_BEFORE_SORT: u32 = 16;

/// The distinct spellings [`PinyinWindows::with_prefix`] finds, each with
/// how many windows write it, in [`spelling_order`]: read from the sorted
/// spellings, or gathered by a pass over the windows.
pub(crate) enum FoundSpellings<'w> {
    /// A run of the sorted distinct spellings.
    Sorted(&'w PinyinWindows, std::slice::Iter<'w, (u32, u32, u32)>),
    /// The spellings a pass over the windows found, sorted.
    Scanned(std::vec::IntoIter<(&'w str, u32)>),
}

impl<'w> Iterator for FoundSpellings<'w> {
    type Item = (&'w str, u32);

    fn next(&mut self) -> Option<(&'w str, u32)> {
        match self {
            FoundSpellings::Sorted(windows, run) => run.next().map(|&e| (windows.text(e), e.2)),
            FoundSpellings::Scanned(found) => found.next(),
        }
    }
}

/// A Han character of a [`PinyinWindows`] text.
#[derive(Debug, Clone, Copy)]
struct PinyinChar {
    /// Byte offset in the text.
    start: usize,
    /// Where its pinyin starts in [`PinyinWindows::pinyin`].
    from: u32,
    /// Its length in bytes (UTF-8).
    len: u8,
}

/// The order of [`PinyinWindows`]'s distinct spellings: first two letters,
/// length, text. The spellings that share their first two letters with a
/// name and are within a few letters of its length are then one run.
fn spelling_order(p: &str) -> (&[u8], usize, &str) {
    (p.as_bytes().get(..2).unwrap_or(p.as_bytes()), p.len(), p)
}

/// How many bytes of a spelling [`packed_spelling`] holds.
const PACKED_BYTES: usize = 15;

/// A spelling's first two bytes, its length (below 256) and its next 13
/// bytes, packed so that two spellings of a text without zero bytes compare
/// as [`spelling_order`] compares them, up to their first 15 bytes.
fn packed_spelling(p: &str) -> u128 {
    let b = p.as_bytes();
    let mut key = [0u8; 16];
    key[..b.len().min(2)].copy_from_slice(&b[..b.len().min(2)]);
    key[2] = b.len() as u8;
    let rest = b.get(2..).unwrap_or(&[]);
    let n = rest.len().min(PACKED_BYTES - 2);
    key[3..3 + n].copy_from_slice(&rest[..n]);
    u128::from_be_bytes(key)
}

impl PinyinWindows {
    /// Every window: its byte span in the text and its pinyin.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &str)> + '_ {
        (0..self.windows.len() as u32).map(|i| self.window(i))
    }

    /// Window `i`: its byte span in the text and its pinyin.
    fn window(&self, i: u32) -> (usize, usize, &str) {
        let (first, n) = self.windows[i as usize];
        let (a, z) = (
            self.chars[first as usize],
            self.chars[first as usize + n as usize - 1],
        );
        let (from, to) = self.range(i);
        (
            a.start,
            z.start + z.len as usize,
            &self.pinyin[from as usize..to as usize],
        )
    }

    /// Where the pinyin of window `i` lies in `pinyin`.
    fn range(&self, i: u32) -> (u32, u32) {
        let (first, n) = self.windows[i as usize];
        let next = first as usize + n as usize;
        let to = self
            .chars
            .get(next)
            .map_or(self.pinyin.len() as u32, |c| c.from);
        (self.chars[first as usize].from, to)
    }

    /// The pinyin of a distinct spelling.
    fn text(&self, (from, to, _): (u32, u32, u32)) -> &str {
        &self.pinyin[from as usize..to as usize]
    }

    /// The distinct spellings, sorted the first time they are asked for.
    fn distinct(&self) -> &[(u32, u32, u32)] {
        self.distinct.get_or_init(|| self.sorted_spellings())
    }

    /// Sorts the distinct spellings of the windows.
    fn sorted_spellings(&self) -> Vec<(u32, u32, u32)> {
        let ranges: Vec<(u32, u32)> = (0..self.windows.len() as u32)
            .map(|i| self.range(i))
            .collect();
        let text = |i: u32| {
            let (from, to) = ranges[i as usize];
            &self.pinyin[from as usize..to as usize]
        };
        // Sorted by spelling_order, then by window. Each window's first two
        // bytes, length and next 13 bytes packed into a number compare as
        // spelling_order does (a shorter beginning, a zero byte, sorts
        // first; equal lengths pad alike), so most comparisons are one;
        // a tie compares the rest of the text (only spellings over 15
        // bytes have one). Pinyin with a zero byte or a spelling over 255
        // bytes (neither comes from a lexicon) is sorted by spelling_order
        // itself.
        let packable = !self.pinyin.as_bytes().contains(&0)
            && ranges
                .iter()
                .all(|&(from, to)| to - from <= u32::from(u8::MAX));
        let mut order: Vec<(u128, u32)> = (0..self.windows.len() as u32)
            .map(|i| {
                (
                    if packable {
                        packed_spelling(text(i))
                    } else {
                        0
                    },
                    i,
                )
            })
            .collect();
        order.sort_unstable_by(|&(kx, x), &(ky, y)| {
            kx.cmp(&ky)
                .then_with(|| {
                    if packable {
                        let (a, b) = (text(x).as_bytes(), text(y).as_bytes());
                        a.get(PACKED_BYTES..).cmp(&b.get(PACKED_BYTES..))
                    } else {
                        spelling_order(text(x)).cmp(&spelling_order(text(y)))
                    }
                })
                .then(x.cmp(&y))
        });
        let mut distinct: Vec<(u32, u32, u32)> = Vec::with_capacity(order.len());
        for (_, i) in order {
            match distinct.last_mut() {
                Some((from, to, n)) if &self.pinyin[*from as usize..*to as usize] == text(i) => {
                    *n += 1
                }
                _ => {
                    let (from, to) = ranges[i as usize];
                    distinct.push((from, to, 1));
                }
            }
        }
        distinct.shrink_to_fit();
        distinct
    }

    /// True when some window's pinyin is exactly `p`.
    pub fn has(&self, p: &str) -> bool {
        self.with_prefix(
            p.as_bytes().get(..2).unwrap_or(p.as_bytes()),
            p.len(),
            p.len(),
        )
        .any(|(q, _)| q == p)
    }

    /// The distinct spellings that begin with `prefix` (their first two
    /// letters, or the whole of a shorter one) and are `lo` to `hi`
    /// letters long, each with how many windows write it.
    /// The first [`SCANS_BEFORE_SORT`] look-ups of a segment pass over its
    /// windows ([`PinyinWindows::scan`]); later ones search the sorted
    /// distinct spellings.
    pub fn with_prefix<'w>(&'w self, prefix: &[u8], lo: usize, hi: usize) -> FoundSpellings<'w> {
        let bit = prefix_bit(prefix);
        if self.prefixes[bit / 64] & (1 << (bit % 64)) == 0 {
            return FoundSpellings::Scanned(Vec::new().into_iter());
        }
        if self.distinct.get().is_none()
            && self.scans.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_SORT
        {
            return FoundSpellings::Scanned(self.scan(prefix, lo, hi).into_iter());
        }
        self.search(prefix, lo, hi)
    }

    /// [`PinyinWindows::with_prefix`] by a search in the sorted distinct
    /// spellings (sorted by this call if no look-up has sorted them yet).
    fn search<'w>(&'w self, prefix: &[u8], lo: usize, hi: usize) -> FoundSpellings<'w> {
        let key = |&e: &(u32, u32, u32)| {
            let (p, n, _) = spelling_order(self.text(e));
            (p, n)
        };
        let distinct = self.distinct();
        let from = distinct.partition_point(|e| key(e) < (prefix, lo));
        let to = distinct.partition_point(|e| key(e) <= (prefix, hi));
        FoundSpellings::Sorted(self, distinct[from..to.max(from)].iter())
    }

    /// [`PinyinWindows::with_prefix`] by a pass over every window: the
    /// windows whose spelling begins with `prefix` and is `lo` to `hi`
    /// letters long, sorted (by length, then text: they share their first
    /// letters, so this is [`spelling_order`]) and counted per spelling.
    fn scan(&self, prefix: &[u8], lo: usize, hi: usize) -> Vec<(&str, u32)> {
        let mut found: Vec<&str> = Vec::new();
        for i in 0..self.windows.len() as u32 {
            let (from, to) = self.range(i);
            let n = (to - from) as usize;
            if n < lo || n > hi {
                continue;
            }
            let p = &self.pinyin[from as usize..to as usize];
            if p.as_bytes().get(..2).unwrap_or(p.as_bytes()) == prefix {
                found.push(p);
            }
        }
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        let mut counted: Vec<(&str, u32)> = Vec::with_capacity(found.len());
        for p in found {
            match counted.last_mut() {
                Some((q, n)) if *q == p => *n += 1,
                _ => counted.push((p, 1)),
            }
        }
        counted
    }
}

/// Toneless pinyin of every run of 2 to 4 Han characters, with its span.
pub(crate) fn pinyin_windows(text: &str, lex: &Lexicon, cache: &mut TextCache) -> PinyinWindows {
    // Room for every character a Han character (three bytes or four), its
    // pinyin up to six letters, and three windows each, up to a long
    // paragraph's (a longer text grows the lists): the lists are made once,
    // and shrunk to what they hold at the end.
    let most = (text.len() / 3).min(4096);
    let mut out = PinyinWindows {
        pinyin: String::with_capacity(6 * most),
        chars: Vec::with_capacity(most),
        windows: Vec::with_capacity(3 * most),
        distinct: OnceLock::new(),
        prefixes: [0; 4],
        scans: AtomicU32::new(0),
    };
    // The characters with a pinyin, and for each the run of such
    // characters (following each other in the text) it ends so far.
    let mut runs: Vec<u8> = Vec::with_capacity(most);
    let mut next = usize::MAX;
    for (b, c) in text.char_indices() {
        if !is_han(c) {
            continue;
        }
        let Some(p) = cache.pinyin(c, lex) else {
            continue;
        };
        // (A text whose pinyin would pass 4 GiB keeps the windows before.)
        let Ok(from) = u32::try_from(out.pinyin.len()) else {
            break;
        };
        if out.pinyin.len() + p.len() > u32::MAX as usize {
            break;
        }
        out.pinyin.push_str(&p);
        let run = match runs.last() {
            Some(&r) if next == b => r.saturating_add(1),
            _ => 1,
        };
        runs.push(run);
        out.chars.push(PinyinChar {
            start: b,
            from,
            len: c.len_utf8() as u8,
        });
        next = b + c.len_utf8();
    }
    // Windows by their first character, shorter first: those of 2 to 4
    // characters that end on a character of the same run.
    let Ok(count) = u32::try_from(out.chars.len()) else {
        return out;
    };
    for first in 0..count {
        for n in 2..=4u8 {
            let last = first as usize + n as usize - 1;
            match runs.get(last) {
                Some(&r) if r >= n => out.windows.push((first, n)),
                _ => break,
            }
        }
    }
    for i in 0..out.windows.len() as u32 {
        let (from, to) = out.range(i);
        let p = &out.pinyin.as_bytes()[from as usize..to as usize];
        let bit = prefix_bit(p.get(..2).unwrap_or(p));
        out.prefixes[bit / 64] |= 1 << (bit % 64);
    }
    out.pinyin.shrink_to_fit();
    out.chars.shrink_to_fit();
    out.windows.shrink_to_fit();
    out
}

/// Shortens a quotation for evidence: at most `max` characters, with `…`.
pub(crate) fn quote(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// Particles that join no neighbour into a word (的 of 我的书, 了 of
/// 走了): a single character beside them is a word of its own.
const ZH_NO_COMPOUND: &str = "的了着过地得之和与及或";

/// [`quote`] of the excerpt `text[s..e]` (a run of uncovered words) on word
/// boundaries, so that it starts and ends on whole words: in Chinese a
/// single character at an edge beside another single character, which
/// the dictionary splits for want of the word (针|头, 放|在), takes that
/// one in (`针头进行回套操作`, not `头进行回套操作`); in English an edge
/// inside a word moves out to its whole (*non-steroidal*). An excerpt cut
/// to `max` characters is cut after a word (a dictionary word in
/// Chinese, at a space in English). The excerpt always holds `text[s..e]`
/// up to the cut.
pub(crate) fn quote_words(text: &str, (s, e): (usize, usize), lang: Lang, max: usize) -> String {
    let (Some(_), Some(_)) = (text.get(s..e), text.get(..s)) else {
        return quote(text.get(s..e).unwrap_or(""), max);
    };
    match lang {
        Lang::Zh => {
            // The dictionary's words as byte ranges; a character in none
            // is a word of its own.
            let segs: Vec<(usize, usize)> = Lexicon::embedded()
                .words(text)
                .iter()
                .map(|w| (w.start, w.start + w.text.len()))
                .collect();
            let word_at = |at: usize| -> Option<(usize, usize)> {
                let c = text.get(at..)?.chars().next()?;
                Some(
                    segs.iter()
                        .copied()
                        .find(|&(a, b)| a <= at && at < b)
                        .unwrap_or((at, at + c.len_utf8())),
                )
            };
            let single = |(a, b): (usize, usize)| {
                text[a..b].chars().count() == 1 && text[a..b].chars().all(is_han)
            };
            let mut start = s;
            if let (Some(first), Some(before)) = (word_at(s), text[..s].chars().next_back()) {
                let prev = word_at(s - before.len_utf8());
                if single(first)
                    && !ZH_NO_COMPOUND.contains(&text[first.0..first.1])
                    && !ZH_NO_COMPOUND.contains(before)
                    && let Some(prev) = prev.filter(|&w| single(w))
                {
                    start = prev.0;
                }
            }
            let mut end = e;
            if let (Some(last), Some(next)) = (
                text[..e]
                    .chars()
                    .next_back()
                    .and_then(|c| word_at(e - c.len_utf8())),
                word_at(e),
            ) && single(last)
                && single(next)
                && !ZH_NO_COMPOUND.contains(&text[last.0..last.1])
                && !ZH_NO_COMPOUND.contains(&text[next.0..next.1])
            {
                end = next.1;
            }
            let piece = text[start..end].trim();
            if piece.chars().count() <= max {
                return piece.to_string();
            }
            let from = start + (text[start..end].len() - text[start..end].trim_start().len());
            // The last word end within `max` characters.
            let limit = from
                + piece
                    .char_indices()
                    .nth(max)
                    .map_or(piece.len(), |(b, _)| b);
            let mut cut = limit;
            let mut at = from;
            let mut last: Option<(usize, usize)> = None;
            while let Some(w) = word_at(at) {
                if w.1 > limit {
                    break;
                }
                cut = w.1;
                at = w.1;
                last = Some(w);
            }
            // A single character before another is cut with it (回|套).
            if let (Some(l), Some(n)) = (last, word_at(cut))
                && single(l)
                && single(n)
                && l.0 > from
                && !ZH_NO_COMPOUND.contains(&text[l.0..l.1])
                && !ZH_NO_COMPOUND.contains(&text[n.0..n.1])
            {
                cut = l.0;
            }
            if cut <= from {
                cut = limit;
            }
            format!("{}…", &text[from..cut])
        }
        Lang::En => {
            let inside = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
            let start = text[..s]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| inside(c))
                .last()
                .map_or(s, |(b, _)| b);
            let end = e + text[e..]
                .find(|c: char| !inside(c))
                .unwrap_or(text.len() - e);
            let piece = text[start..end].trim();
            if piece.chars().count() <= max {
                return piece.to_string();
            }
            let limit = piece
                .char_indices()
                .nth(max)
                .map_or(piece.len(), |(b, _)| b);
            // Cut at the last space within `max` characters (the word
            // after it would be cut), else where `max` falls.
            let cut = if piece[limit..].starts_with(char::is_whitespace) {
                limit
            } else {
                match piece[..limit].rfind(char::is_whitespace) {
                    Some(b) if b > 0 => b,
                    _ => limit,
                }
            };
            format!(
                "{}…",
                piece[..cut].trim_end().trim_end_matches([',', ';', ':'])
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_found_in_the_caches_are_the_stems() {
        let lex = Lexicon::embedded();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool");
        let text = "The runners were running ablaze; Abraham's sons walked 720 km, HK$1.2.";
        let words = [
            "runners",
            "running",
            "ablaze",
            "blaze",
            "abraham",
            "sons",
            "walked",
            "kilometer",
            "dollar",
            "km",
            "unseen",
            "Lives",
            "",
        ];
        pool.install(|| {
            let caches = ThreadCaches::new();
            let plain: Vec<String> = words.iter().map(|w| stem(w)).collect();
            assert_eq!(words.map(|w| caches.stem(w)), *plain);
            caches.with(|c| SideText::with_cache(text, Lang::En, lex, c));
            assert!(
                caches
                    .0
                    .iter()
                    .any(|m| m.lock().is_ok_and(|c| !c.en_stems.is_empty()))
            );
            assert_eq!(words.map(|w| caches.stem(w)), *plain);
            // With a cache in use.
            caches.with(|_| assert_eq!(words.map(|w| caches.stem(w)), *plain));
        });
    }

    #[test]
    fn a_thread_reads_alike_with_its_kept_cache_a_new_one_and_one_in_use() {
        let lex = Lexicon::embedded();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool");
        pool.install(|| {
            let caches = ThreadCaches::new();
            for (text, lang) in [
                ("王毅主持会议，亚伯拉罕的儿子以撒走掉了。", Lang::Zh),
                (
                    "Wang Yi chaired the meeting; Abraham's son Isaac walked away.",
                    Lang::En,
                ),
            ] {
                let read = |cache: &mut TextCache| {
                    format!("{:?}", SideText::with_cache(text, lang, lex, cache))
                };
                let fresh = read(&mut TextCache::default());
                // The thread's cache, with its own in use (a new one), and
                // kept from the first reading.
                let (outer, inner) = caches.with(|c| (read(c), caches.with(read)));
                let again = caches.with(read);
                assert_eq!(outer, fresh);
                assert_eq!(inner, fresh);
                assert_eq!(again, fresh);
            }
        });
        // Outside the pool: a new cache each time.
        let outside = ThreadCaches::new()
            .with(|c| format!("{:?}", SideText::with_cache("以撒", Lang::Zh, lex, c)));
        let fresh = format!(
            "{:?}",
            SideText::with_cache("以撒", Lang::Zh, lex, &mut TextCache::default())
        );
        assert_eq!(outside, fresh);
    }

    #[test]
    fn function_words_are_those_of_the_list() {
        for w in ZH_FUNCTION_WORDS {
            assert!(is_zh_function_word(w), "{w}");
        }
        for w in ["王毅", "会议", "我们的", "", "the", "这是"] {
            assert_eq!(
                is_zh_function_word(w),
                ZH_FUNCTION_WORDS.contains(&w),
                "{w}"
            );
        }
    }

    #[test]
    fn packed_spellings_compare_as_spelling_order_does() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abd",
            "ac",
            "aab",
            "wangyi",
            "wangy",
            "wanyi",
            "zhuangzhuangzhuang",
            "zhuangzhuangzhuanh",
            "zhuangzhuangzhuan",
            "zhuangzhuangzhuangzhuang",
            "zhuangzhuangzhuangzhuanh",
            "zz",
            "z",
            "yi",
            "yiyi",
        ];
        for a in words {
            for b in words {
                let packed = packed_spelling(a).cmp(&packed_spelling(b)).then_with(|| {
                    a.as_bytes()
                        .get(PACKED_BYTES..)
                        .cmp(&b.as_bytes().get(PACKED_BYTES..))
                });
                assert_eq!(packed, spelling_order(a).cmp(&spelling_order(b)), "{a} {b}");
            }
        }
    }

    #[test]
    fn a_pass_over_the_windows_finds_what_the_sorted_search_finds() {
        let lex = Lexicon::embedded();
        let texts = [
            "",
            "王",
            "王毅主持会议。A王毅b主席国中国，3亚伯拉罕的儿子以撒 x 耶路撒冷城",
            "王王王王王王，沙瑞山沙瑞山沙瑞山。尼尼微的拉班和沙瑞山",
        ];
        for text in texts {
            let windows = pinyin_windows(text, lex, &mut TextCache::default());
            // Every prefix of up to two letters the windows begin with, and
            // others, at every range of lengths.
            let mut prefixes: Vec<Vec<u8>> = vec![b"".to_vec(), b"a".to_vec(), b"zz".to_vec()];
            for (_, _, p) in windows.iter() {
                let b = p.as_bytes();
                prefixes.push(b[..b.len().min(1)].to_vec());
                prefixes.push(b[..b.len().min(2)].to_vec());
            }
            for prefix in &prefixes {
                for lo in 0..=14 {
                    for hi in 0..=16 {
                        let scanned = windows.scan(prefix, lo, hi);
                        let searched: Vec<(&str, u32)> = windows.search(prefix, lo, hi).collect();
                        assert_eq!(scanned, searched, "{text} {prefix:?} {lo} {hi}");
                        // Through the prefixes' bits, a pass or a search.
                        let found: Vec<(&str, u32)> = windows.with_prefix(prefix, lo, hi).collect();
                        assert_eq!(found, searched, "{text} {prefix:?} {lo} {hi}");
                    }
                }
            }
            // Look-ups of windows never sorted, passes then searches.
            let fresh = pinyin_windows(text, lex, &mut TextCache::default());
            for prefix in &prefixes {
                let found: Vec<(&str, u32)> = fresh.with_prefix(prefix, 0, 16).collect();
                assert_eq!(found, windows.scan(prefix, 0, 16), "{text} {prefix:?}");
            }
            // The passes before the sort: a prefix no window has is
            // answered by its bit alone, and sorts nothing.
            let fresh = pinyin_windows(text, lex, &mut TextCache::default());
            for _ in 0..=SCANS_BEFORE_SORT {
                assert!(fresh.distinct.get().is_none());
                let found: Vec<(&str, u32)> = fresh.with_prefix(b"wa", 4, 8).collect();
                assert_eq!(found, windows.scan(b"wa", 4, 8));
            }
            let has_wa = windows.iter().any(|(_, _, p)| p.starts_with("wa"));
            assert_eq!(fresh.distinct.get().is_some(), has_wa, "{text}");
        }
    }

    #[test]
    fn pinyin_windows_are_every_run_of_two_to_four_han_characters_with_a_pinyin() {
        let lex = Lexicon::embedded();
        // Runs of 1 to 6 characters with a pinyin, broken by Latin letters,
        // digits, punctuation and spaces, at the start and at the end.
        let texts = [
            "",
            "王",
            "王毅",
            "王毅主持会议。A王毅b主席国中国，3亚伯拉罕的儿子以撒 x 耶路撒冷城",
            "“亚伯拉罕”说：以色列人、埃及人",
        ];
        let mut seen = 0;
        for text in texts {
            let mut cache = TextCache::default();
            let chars: Vec<(usize, char, Option<Arc<str>>)> = text
                .char_indices()
                .map(|(b, c)| (b, c, is_han(c).then(|| cache.pinyin(c, lex)).flatten()))
                .collect();
            // Written out window by window, as they are read.
            let mut expected = Vec::new();
            for start in 0..chars.len() {
                for len in 2..=4 {
                    let Some(run) = chars.get(start..start + len) else {
                        break;
                    };
                    if run.iter().any(|(_, _, p)| p.is_none()) {
                        break;
                    }
                    let pinyin: String =
                        run.iter().map(|(_, _, p)| p.as_deref().unwrap()).collect();
                    let (b, c, _) = run[len - 1];
                    expected.push((run[0].0, b + c.len_utf8(), pinyin));
                }
            }
            let windows = pinyin_windows(text, lex, &mut TextCache::default());
            let got: Vec<(usize, usize, String)> = windows
                .iter()
                .map(|(s, e, p)| (s, e, p.to_string()))
                .collect();
            assert_eq!(got, expected, "{text}");
            for (_, _, p) in &expected {
                assert!(windows.has(p), "{p}");
            }
            seen += expected.len();
        }
        assert!(seen > 40, "{seen} windows");
    }

    #[test]
    fn excerpts_start_and_end_on_words() {
        let zh = "请勿对针头进行回套操作。";
        let s = zh.find("头").unwrap();
        let e = zh.find("。").unwrap();
        assert_eq!(quote_words(zh, (s, e), Lang::Zh, 40), "针头进行回套操作");
        let zh = "请将本品放在儿童接触不到的地方。";
        let e = zh.find("在").unwrap();
        assert_eq!(quote_words(zh, (0, e), Lang::Zh, 40), "请将本品放在");
        // A particle joins no word: 我的 stays as it is.
        let zh = "这是我的书。";
        let s = zh.find("书").unwrap();
        assert_eq!(quote_words(zh, (s, s + 3), Lang::Zh, 40), "书");
        // Cut after a whole word.
        let zh = "进行回套操作";
        assert_eq!(quote_words(zh, (0, zh.len()), Lang::Zh, 3), "进行…");
        let en = "He said the non-steroidal drugs, which were prescribed, were unsafe.";
        let s = en.find("steroidal").unwrap();
        let e = en.find("unsafe").unwrap() + 3;
        assert_eq!(
            quote_words(en, (s, e), Lang::En, 30),
            "non-steroidal drugs, which…"
        );
        assert_eq!(quote_words(en, (s, s + 4), Lang::En, 40), "non-steroidal");
    }

    #[test]
    fn tokens_keep_spans_and_sentence_starts() {
        let text = "Wang Yi said. The UN's 75th year";
        let t = latin_tokens(text, &mut FastMap::default());
        let words: Vec<&str> = t.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Wang", "Yi", "said", "The", "UN", "th", "year"]);
        assert!(t[0].initial && !t[1].initial && t[3].initial && !t[4].initial);
    }

    #[test]
    fn a_closing_straight_quote_starts_no_sentence() {
        let text = "\"We'll know soon enough,\" Wang Qiyao said. \"Come.\" He left.";
        let t = latin_tokens(text, &mut FastMap::default());
        let initial = |w: &str| {
            t.iter()
                .find(|t| &text[t.start..t.end] == w)
                .unwrap()
                .initial
        };
        assert!(t[0].initial, "an opening quote starts a sentence");
        assert!(
            !initial("Wang"),
            "a name after a closing quote is inside the sentence"
        );
        assert!(initial("Come") && initial("He"));
    }

    #[test]
    fn chinese_words_and_lengths() {
        let lex = Lexicon::embedded();
        let s = SideText::new("会议由王毅主持，COVID-19。", Lang::Zh, lex);
        assert!(
            s.words
                .iter()
                .any(|w| &*w.key == "会议" && w.stems.iter().any(|x| x == "meet"))
        );
        assert_eq!(s.han, 7);
        assert!(s.latin >= 5);
    }

    #[test]
    fn a_number_is_as_long_in_chinese_numerals_as_in_digits() {
        let lex = Lexicon::embedded();
        let len = |t: &str| SideText::new(t, Lang::Zh, lex).len;
        assert_eq!(len("增长了百分之十二点五。"), len("增长了12.5%。"));
        assert_eq!(len("共有一万二千人参加。"), len("共有12000人参加。"));
        assert_eq!(len("增长了百分之十二点五。"), 4.0);
        let en = |t: &str| SideText::new(t, Lang::En, lex).len;
        assert_eq!(
            en("And threescore and twelve thousand beeves,"),
            en("And 72000 beeves,")
        );
    }

    #[test]
    fn a_date_typeset_with_blanks_is_no_content_to_cover() {
        // 2025 年 1 月 1 日 writes the date *January 1, 2025* as 2025年1月1日
        // does: its 年, 月, 日 are the number check's, not words the English
        // must cover.
        let lex = Lexicon::embedded();
        let words = |t: &str| -> Vec<String> {
            SideText::new(t, Lang::Zh, lex)
                .words
                .into_iter()
                .map(|w| w.key.to_string())
                .collect()
        };
        assert_eq!(
            words("最后更新日期：2025 年 1 月 1 日"),
            words("最后更新日期：2025年1月1日")
        );
        // A word after the number stays a word.
        assert!(words("共 3 倍").iter().any(|w| w == "倍"));
    }
}
