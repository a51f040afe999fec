//! Languages and language tags.

use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// The languages bitext can segment and align.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Chinese, simplified or traditional.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The bare ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The string placed between two sentences of this language when they are
    /// joined into one segment: nothing for Chinese, a space for English.
    pub fn joiner(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En => " ",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language tag as the user gave it (e.g. `zh-CN`), with the language it
/// names. The tag is written to TMX as given; the language drives processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangTag {
    tag: String,
    lang: Lang,
}

impl LangTag {
    /// The tag as given, with `_` turned into `-` (`zh_CN` → `zh-CN`).
    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The language the tag names.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

impl From<Lang> for LangTag {
    fn from(lang: Lang) -> Self {
        LangTag {
            tag: lang.code().to_string(),
            lang,
        }
    }
}

impl FromStr for LangTag {
    type Err = Error;

    /// Parses `zh`, `zh-CN`, `zh_Hans`, `en-US`, `EN` … (case-insensitive
    /// primary subtag; `cmn` counts as Chinese).
    fn from_str(s: &str) -> Result<Self> {
        let tag = s.trim().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let valid = !tag.is_empty()
            && tag.split('-').all(|p| {
                !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric())
            });
        let lang = match primary.as_str() {
            "zh" | "cmn" if valid => Lang::Zh,
            "en" if valid => Lang::En,
            _ => return Err(Error::UnsupportedLanguage(s.to_string())),
        };
        Ok(LangTag { tag, lang })
    }
}

impl FromStr for Lang {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Ok(s.parse::<LangTag>()?.lang)
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// Guesses whether a text is Chinese or English from its share of Han
/// characters among letters (Chinese above 20%).
///
/// ```
/// use bitext::{Lang, lang::detect};
/// assert_eq!(detect("联合国安理会7日举行会议。"), Lang::Zh);
/// assert_eq!(detect("The Security Council met on the 7th."), Lang::En);
/// ```
pub fn detect(text: &str) -> Lang {
    let mut sample = Sample::default();
    sample.add(text);
    sample.detected()
}

/// True when `text` plainly is not in `lang`: text said to be Chinese
/// with no Han character among at least 20 letters, or almost none (under
/// 5% of at least 50 letters); text said to be English that is mostly Han
/// (over half of its letters, and at least 10 Han characters). Mixed
/// texts, short ones (a name, an acronym, a title: `iPhone 13 Pro`,
/// `《人民日报》`) and texts without letters never contradict.
///
/// ```
/// use bitext::{Lang, lang::contradicts};
/// let en = "The Security Council held a high-level meeting by video link on the 7th.";
/// assert!(contradicts(en, Lang::Zh));
/// assert!(!contradicts(en, Lang::En));
/// assert!(contradicts("Hello, how are you today? I am fine.", Lang::Zh));
/// assert!(contradicts("联合国安理会7日以视频方式举行高级别会议。", Lang::En));
/// assert!(!contradicts("Hello.", Lang::Zh));
/// assert!(!contradicts("iPhone 13 Pro", Lang::Zh));
/// assert!(!contradicts("《人民日报》", Lang::En));
/// assert!(!contradicts("2021 年 GDP 增长 8.1%。", Lang::Zh));
/// assert!(!contradicts("1. 2.", Lang::Zh));
/// ```
pub fn contradicts(text: &str, lang: Lang) -> bool {
    let mut sample = Sample::default();
    sample.add(text);
    sample.contradicts(lang)
}

/// The Han characters and letters of one side of a translation memory (or
/// of a text), counted over its first 200,000 characters: what
/// [`contradicts`] decides on, gathered one segment at a time.
///
/// ```
/// use bitext::{Lang, lang::Sample};
/// let mut side = Sample::default();
/// for seg in ["Hello.", "Thanks.", "See you tomorrow."] {
///     side.add(seg);
/// }
/// assert!(side.contradicts(Lang::Zh));
/// assert_eq!(side.looks(), Some(Lang::En));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sample {
    han: usize,
    letters: usize,
    chars: usize,
}

/// How many characters a [`Sample`] looks at.
const SAMPLE_CHARS: usize = 200_000;
/// The fewest letters that show a text said to be Chinese is not: fewer
/// are a name, an acronym or a product (`iPhone 13 Pro`).
const MIN_LETTERS: usize = 20;
/// The fewest Han characters that show a text said to be English is not
/// (fewer are a quoted title or a name: `《人民日报》`).
const MIN_HAN: usize = 10;
/// The fewest letters (of a side said to be Chinese) and Han characters (of
/// a side said to be English) that show a short memory's languages are
/// swapped, when each side looks the other's language.
const SWAPPED_MIN_LETTERS: usize = 8;
const SWAPPED_MIN_HAN: usize = 2;

impl Sample {
    /// Counts the Han characters and letters of `text`, until the sample
    /// holds 200,000 characters.
    pub fn add(&mut self, text: &str) {
        // ASCII characters are told by their byte (none is Han); the others
        // are decoded.
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() && self.chars < SAMPLE_CHARS {
            self.chars += 1;
            let b = bytes[at];
            if b.is_ascii() {
                self.letters += usize::from(b.is_ascii_alphabetic());
                at += 1;
                continue;
            }
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            if crate::normalize::is_han(c) {
                self.han += 1;
                self.letters += 1;
            } else if c.is_alphabetic() {
                self.letters += 1;
            }
        }
    }

    /// True when the sample has counted all the characters it looks at:
    /// what more text adds cannot change its verdict.
    pub fn is_full(&self) -> bool {
        self.chars >= SAMPLE_CHARS
    }

    /// True when the sample plainly is not in `lang` (see [`contradicts`]).
    pub fn contradicts(&self, lang: Lang) -> bool {
        let (han, letters) = (self.han, self.letters);
        match lang {
            Lang::Zh => {
                (han == 0 && letters >= MIN_LETTERS) || (letters >= 50 && han * 20 < letters)
            }
            Lang::En => han >= MIN_HAN && han * 2 > letters,
        }
    }

    /// True when the sample, too short for [`Sample::contradicts`], still
    /// leans away from `lang`: said to be Chinese with no Han character and
    /// 8 letters or more, or said to be English with 2 Han characters or
    /// more and more Han than half its letters. Only both sides of a
    /// memory leaning away from their tags at once, each towards the
    /// other's language, is taken as evidence (see [`check_sides`]).
    fn leans_against(&self, lang: Lang) -> bool {
        match lang {
            Lang::Zh => self.han == 0 && self.letters >= SWAPPED_MIN_LETTERS,
            Lang::En => self.han >= SWAPPED_MIN_HAN && self.han * 2 > self.letters,
        }
    }

    /// The language [`detect`] gives the sampled text: what it
    /// [`Sample::looks`] like, English without a letter.
    pub fn detected(&self) -> Lang {
        self.looks().unwrap_or(Lang::En)
    }

    /// The language the sample looks like ([`detect`]'s rule: Chinese
    /// above 20% Han among letters), or `None` without a letter.
    pub fn looks(&self) -> Option<Lang> {
        if self.letters == 0 {
            None
        } else if self.han * 5 > self.letters {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }
}

/// Refuses a translation memory (or a list of pairs) whose two sides
/// plainly are not in the languages declared for them (swapped, or both in
/// one language; one side alone in the other language is an untranslated
/// memory, scored and flagged segment by segment): `src` and `tgt` are each
/// side's sample and declared tag. `what` names the input; `fix` says how
/// to declare the languages (the TMX's `xml:lang`, or `--src-lang` and
/// `--tgt-lang`). Tags of other languages are not checked. A memory too
/// short to contradict its tags is still refused as swapped when its
/// source, said to be Chinese, has no Han character and 8 letters or more
/// while its target, said to be English, is mostly Han (or the other way
/// round).
pub fn check_sides(
    what: &str,
    src: (&Sample, &str),
    tgt: (&Sample, &str),
    fix: &str,
) -> Result<()> {
    let name = |l: Lang| if l == Lang::Zh { "Chinese" } else { "English" };
    let wrong = |(sample, tag): (&Sample, &str)| -> Option<Lang> {
        let declared = tag.parse::<Lang>().ok()?;
        if sample.contradicts(declared) {
            sample.looks()
        } else {
            None
        }
    };
    // One side in the other language is what an untranslated memory looks
    // like: its segments are scored and flagged (`untranslated`), not
    // refused. Both sides contradicting is a labelling mistake.
    // A short list given the wrong way round (`Do not freeze.` ⇥ `请冷冻。`
    // declared zh→en): too little text for `contradicts`, but both sides
    // lean away from their tags, each towards the other's language.
    let swapped_short = || -> Option<(Lang, Lang)> {
        let (s, t) = (src.1.parse::<Lang>().ok()?, tgt.1.parse::<Lang>().ok()?);
        (s != t && src.0.leans_against(s) && tgt.0.leans_against(t)).then_some((t, s))
    };
    let swapped = |s: Lang, t: Lang| {
        format!(
            "{what}: the source side ({}) looks {} and the target side ({}) looks {}: \
             the languages are swapped ({fix})",
            src.1,
            name(s),
            tgt.1,
            name(t)
        )
    };
    let message = match (wrong(src), wrong(tgt)) {
        (None, _) | (_, None) => match swapped_short() {
            None => return Ok(()),
            Some((s, t)) => swapped(s, t),
        },
        (Some(s), Some(t)) if s != t => swapped(s, t),
        (Some(looks), Some(_)) => format!(
            "{what}: both sides (declared {} and {}) look {} ({fix})",
            src.1,
            tgt.1,
            name(looks)
        ),
    };
    Err(Error::Options(message))
}

/// Function words of English and of the Latin-script languages a file
/// said to be English most often turns out to be in: lower-case, the words
/// that make up a large share of any running text of the language.
const FUNCTION_WORDS: [(&str, &[&str]); 7] = [
    (
        "English",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "with", "as", "by",
            "at", "from", "this", "be", "are", "have", "has", "which", "were", "not", "an", "or",
            "he", "his", "they", "their", "will", "would", "said", "you", "we", "but",
        ],
    ),
    (
        "French",
        &[
            "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "que", "qui", "dans",
            "pour", "sur", "pas", "au", "aux", "avec", "ce", "il", "elle", "sont", "ont", "par",
            "se", "ne", "nous", "vous",
        ],
    ),
    (
        "German",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "dem", "mit",
            "von", "sich", "auf", "für", "des", "im", "es", "sie", "auch", "wird", "wurde",
        ],
    ),
    (
        "Spanish",
        &[
            "el", "la", "los", "las", "de", "que", "en", "un", "una", "es", "por", "con", "para",
            "del", "se", "al", "lo", "como", "más", "su",
        ],
    ),
    (
        "Italian",
        &[
            "il", "la", "di", "che", "un", "una", "per", "del", "della", "non", "con", "sono",
            "gli", "le", "nel", "alla",
        ],
    ),
    (
        "Portuguese",
        &[
            "os", "as", "de", "que", "do", "da", "em", "um", "uma", "para", "com", "não", "por",
            "dos", "das", "no", "na",
        ],
    ),
    (
        "Dutch",
        &[
            "de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "met", "voor",
            "zijn", "er", "aan", "ook",
        ],
    ),
];

/// The fewest Latin words [`latin_language`] decides on.
const MIN_LATIN_WORDS: usize = 20;

/// The language other than English that a Latin-script text is plainly
/// written in, judged by its function words over its first 5,000 words: at
/// least 20 words, under 8% of them English function words, and at least
/// 20% (and three times as many) function words of one of French, German,
/// Spanish, Italian, Portuguese or Dutch. `None` for English, for text
/// without enough words (titles, lists of names, figures) and for anything
/// undecided: a warning, never a refusal, rests on it.
///
/// ```
/// use bitext::lang::latin_language;
/// let fr = "Le Conseil de sécurité a tenu une réunion sur la situation. \
///           L'ambassadeur a déclaré que la communauté internationale devait \
///           soutenir une solution et il a appelé les parties à la retenue.";
/// assert_eq!(latin_language(fr), Some("French"));
/// let en = "The Security Council held a meeting on the situation. The \
///           ambassador said that the international community should support \
///           a solution, and he called on the parties to show restraint.";
/// assert_eq!(latin_language(en), None);
/// assert_eq!(latin_language("Apple iPhone 13 Pro Max, Samsung Galaxy S21"), None);
/// // A list with letter labels and articles is no Portuguese.
/// let list = "Key dates: a. Jan 2020 – launch; b. Mar 2021 – IPO; c. May 2022 – a new \
///             CEO; d. Oct 2023 – a merger; e. Dec 2024 – a spin-off; f. Feb 2025 – a \
///             buyback; g. Jun 2026 – a new HQ; h. Aug 2026 – a dividend.";
/// assert_eq!(latin_language(list), None);
/// ```
pub fn latin_language(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        // Words of two letters or more: one letter is a list label (`a.`,
        // `e.`) or an article of several languages.
        .filter(|w| {
            w.chars().nth(1).is_some()
                && w.chars()
                    .all(|c| c.is_alphabetic() && !crate::normalize::is_han(c))
        })
        .take(5_000)
    {
        words += 1;
        let lower = word.to_lowercase();
        for (count, (_, list)) in counts.iter_mut().zip(FUNCTION_WORDS.iter()) {
            if list.contains(&lower.as_str()) {
                *count += 1;
            }
        }
    }
    if words < MIN_LATIN_WORDS || counts[0] * 100 >= words * 8 {
        return None;
    }
    let (best, &count) = counts
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|&(i, &c)| (c, std::cmp::Reverse(i)))?;
    (count * 5 >= words && count >= 3 * counts[0].max(1)).then_some(FUNCTION_WORDS[best].0)
}

/// The warning (without its `warning:`) for a text said to be English that is plainly in another
/// Latin-script language (see [`latin_language`]): bitext's lexicon is
/// Chinese–English, so its beads then rest on numbers, names and lengths
/// alone. `shown` names the file.
pub fn not_english_warning(shown: &std::path::Path, text: &str, tag: &LangTag) -> Option<String> {
    if tag.lang() != Lang::En {
        return None;
    }
    latin_language(text).map(|language| {
        format!(
            "{}: declared {tag} but looks {language}; bitext aligns Chinese with \
             English, so its beads rest on numbers, names and lengths alone (is it the wrong \
             file?)",
            shown.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Sample::add`] as it was, character by character: the oracle of
    /// the byte-wise walk.
    fn add_char_by_char(sample: &mut Sample, text: &str) {
        for c in text.chars() {
            if sample.chars >= SAMPLE_CHARS {
                return;
            }
            sample.chars += 1;
            if crate::normalize::is_han(c) {
                sample.han += 1;
                sample.letters += 1;
            } else if c.is_alphabetic() {
                sample.letters += 1;
            }
        }
    }

    #[test]
    fn samples_taken_byte_by_byte_are_those_taken_char_by_char() {
        let texts = [
            "",
            "The Security Council met on the 7th.",
            "联合国安理会7日举行会议。",
            "Ünïcödé ñ ß Σ, 𠀀𠀁 〇 豈 ａｂｃ ١٢٣ кириллица",
            "mixed 中文 and English, 2021 年",
        ];
        for text in texts {
            let (mut fast, mut slow) = (Sample::default(), Sample::default());
            fast.add(text);
            add_char_by_char(&mut slow, text);
            assert_eq!(fast, slow, "{text}");
        }
        // Across the cap, added in pieces that end on either side of it.
        for piece in texts {
            if piece.is_empty() {
                continue;
            }
            let (mut fast, mut slow) = (Sample::default(), Sample::default());
            let mut i = 0;
            while !slow.is_full() || i % 7 != 0 {
                let text = piece.repeat(1 + i % 5);
                fast.add(&text);
                add_char_by_char(&mut slow, &text);
                assert_eq!(fast, slow, "{piece} x{i}");
                i += 1;
            }
        }
    }

    #[test]
    fn parses_regional_tags() {
        let t: LangTag = "zh_CN".parse().unwrap();
        assert_eq!(t.as_str(), "zh-CN");
        assert_eq!(t.lang(), Lang::Zh);
        assert_eq!("EN-us".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("zh-Hant-TW".parse::<Lang>().unwrap(), Lang::Zh);
    }

    fn sample(texts: &[&str]) -> Sample {
        let mut s = Sample::default();
        for t in texts {
            s.add(t);
        }
        s
    }

    #[test]
    fn a_short_list_given_the_wrong_way_round_is_refused_as_swapped() {
        // Too short for `contradicts` on either side, but each side looks
        // the other's language (trial 31: scored as zh→en, it gave an
        // `untranslated` error and "“Do” of the Chinese is not in the
        // English").
        let (src, tgt) = (sample(&["Do not freeze."]), sample(&["请冷冻。"]));
        let err = check_sides(
            "t.tsv",
            (&src, "zh"),
            (&tgt, "en"),
            "give --src-lang en --tgt-lang zh",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("the languages are swapped"), "{err}");
        assert!(check_sides("t.tsv", (&src, "en"), (&tgt, "zh"), "").is_ok());
        // Short sides that do not both look the other's language stay
        // allowed: a product name as a source, an untranslated pair, a
        // short Chinese title in the English.
        let name = sample(&["iPhone"]);
        assert!(check_sides("t", (&name, "zh"), (&tgt, "en"), "").is_ok());
        let copied = (sample(&["请冷冻。"]), sample(&["请冷冻。"]));
        assert!(check_sides("t", (&copied.0, "zh"), (&copied.1, "en"), "").is_ok());
        let title = sample(&["See 《人民日报》 for the full text."]);
        assert!(check_sides("t", (&src, "zh"), (&title, "en"), "").is_ok());
    }

    #[test]
    fn rejects_other_languages_and_junk() {
        assert!("fr".parse::<LangTag>().is_err());
        assert!("".parse::<LangTag>().is_err());
        assert!("zh--CN".parse::<LangTag>().is_err());
        assert!("en-<x>".parse::<LangTag>().is_err());
    }
}
