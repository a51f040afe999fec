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
    let (han, letters) = han_and_letters(text);
    if han * 5 > letters {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// True when `text` plainly is not in `lang`: text said to be Chinese
/// with almost no Han characters (under 5% of at least 50 letters), or text
/// said to be English that is mostly Han (over half). Mixed and short texts
/// never contradict.
///
/// ```
/// use bitext::{Lang, lang::contradicts};
/// let en = "The Security Council held a high-level meeting by video link on the 7th.";
/// assert!(contradicts(en, Lang::Zh));
/// assert!(!contradicts(en, Lang::En));
/// assert!(contradicts("联合国安理会7日以视频方式举行高级别会议。", Lang::En));
/// ```
pub fn contradicts(text: &str, lang: Lang) -> bool {
    let (han, letters) = han_and_letters(text);
    match lang {
        Lang::Zh => letters >= 50 && han * 20 < letters,
        Lang::En => han * 2 > letters && han >= 10,
    }
}

/// Han characters and letters (Han included) in the first 200,000
/// characters of `text`.
fn han_and_letters(text: &str) -> (usize, usize) {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in text.chars().take(200_000) {
        if crate::normalize::is_han(c) {
            han += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    (han, letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_regional_tags() {
        let t: LangTag = "zh_CN".parse().unwrap();
        assert_eq!(t.as_str(), "zh-CN");
        assert_eq!(t.lang(), Lang::Zh);
        assert_eq!("EN-us".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("zh-Hant-TW".parse::<Lang>().unwrap(), Lang::Zh);
    }

    #[test]
    fn rejects_other_languages_and_junk() {
        assert!("fr".parse::<LangTag>().is_err());
        assert!("".parse::<LangTag>().is_err());
        assert!("zh--CN".parse::<LangTag>().is_err());
        assert!("en-<x>".parse::<LangTag>().is_err());
    }
}
