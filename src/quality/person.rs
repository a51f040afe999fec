//! Chinese person names recognised in a segment by themselves, without the
//! document: a CC-CEDICT entry for a person (王毅, whose glosses begin with
//! its own pinyin, *Wang Yi*), or a common surname standing alone before
//! one or two characters that no dictionary word takes (张 伟 of
//! 张伟主持会议). Transliterated Western names (亚伯拉罕) are neither: their
//! glosses are not pinyin and they do not begin with a surname. Used by
//! the `name_mismatch` check for a name that a single pair, or a short
//! document, writes only once (the name links need it twice).

use crate::lexicon::Lexicon;
use crate::normalize::is_han;

/// Common single-character surnames (the most frequent hundred or so),
/// less those that are mostly a preposition, an adverb, a number or a
/// measure in running text (于, 向, 万, 付, 任, 方, 钱, 余, 史, 严, 曾, 何).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭高林罗郑梁谢宋唐许韩冯邓曹彭肖萧\
                        田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪金石廖贾夏韦邹孟熊秦邱\
                        江尹薛闫段雷侯龙陶黎贺顾毛郝龚邵覃武戴莫孔汤";

/// Two-character surnames.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "令狐", "慕容", "公孙", "皇甫", "尉迟", "司徒", "夏侯",
];

/// Characters that end a given name rather than belong to it: particles,
/// pronouns, the copula, prepositions and the commonest one-character verbs
/// and adverbs that follow a name (张伟说, 李明去了).
const NOT_GIVEN: &str = "的了着过们说道是在我你您他她它这那吗呢吧啊就也都还把被给对从向和与跟同又很\
                         不没要将会能可去来看问想叫让到走笑答拿做等才便却已曾为以有地得而及或并且\
                         所之其此于上下中里外前后人家先生女士小姐老师";

/// A Chinese person name of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonName {
    /// Byte span in the Chinese text.
    pub start: usize,
    pub end: usize,
    /// Toneless pinyin of the surname (`wang`) and of the given name
    /// (`yi`, `qiyao`), lower case, no spaces.
    pub surname: String,
    pub given: String,
    /// A dictionary entry for a person (王毅), not a surname and the
    /// characters after it.
    pub entry: bool,
}

impl PersonName {
    /// The whole name's pinyin (`wangyi`).
    pub fn pinyin(&self) -> String {
        format!("{}{}", self.surname, self.given)
    }
}

/// The key (`zhangwei`) of an English name in pinyin written given name
/// first, house style in English releases (*Wei Zhang*, *Zhi-ming Chen*,
/// *Zhi Ming Chen*): its last word, the surname, then the others. `words`
/// are the name's words, lower case, hyphens dropped; `None` for fewer
/// than two.
pub(crate) fn given_name_first_key(words: &[String]) -> Option<String> {
    let (last, rest) = words.split_last()?;
    (!rest.is_empty()).then(|| format!("{last}{}", rest.concat()))
}

/// Characters after a name that make it a people or a place (苏西人 the
/// Zuzims, 王家村), not a person.
const PLACE_SUFFIXES: &str = "人族地山城河国省市县村镇州岛湖海江路街门家";

/// The person names of a Chinese text, in order, not overlapping. A name
/// led by a surname must stand between word boundaries the text makes
/// sure of (the start or end of the text, a character not Han, a particle
/// or pronoun of [`NOT_GIVEN`], a dictionary word of two characters or
/// more), so that a transliteration (亚罗珥 *Aroer*) or a phrase (插金戴银)
/// does not yield one from its middle; none of its characters may make a
/// dictionary word with its neighbour (何时, 马上).
pub(crate) fn person_names(text: &str, lex: &Lexicon) -> Vec<PersonName> {
    let words = lex.words(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |j: usize| chars.get(j).map_or(text.len(), |&(x, _)| x);
    // Whether the characters i..j (indices into `chars`) are a headword
    // (any entry: 何时 *when* has no content stems).
    let headword = |i: usize, j: usize| {
        j <= chars.len()
            && chars[i..j].iter().all(|&(_, c)| is_han(c))
            && lex.pinyin(&text[chars[i].0..end_of(j)]).is_some()
    };
    // A word of two or more characters starts at i / ends before i.
    let starts_word = |i: usize| (2..=4).any(|n| headword(i, i + n));
    let ends_word = |i: usize| (2..=4).any(|n| i >= n && headword(i - n, i));
    // A word of the greedy segmentation, of two characters or more, ends
    // where a character starts (首席财务官 before 陈静: longer than a
    // look-back of four characters reaches).
    let segmented_end = |i: usize| {
        let b = chars[i].0;
        let at = words.partition_point(|w| w.start + w.text.len() < b);
        words[at..]
            .iter()
            .take_while(|w| w.start < b)
            .any(|w| w.start + w.text.len() == b && w.text.chars().count() >= 2)
    };
    let boundary_before = |i: usize| {
        i == 0 || {
            let c = chars[i - 1].1;
            // 他 of 亚他林路 is a transliteration's syllable, not *he*.
            !is_han(c)
                || (NOT_GIVEN.contains(c) && !"他她它".contains(c))
                || ends_word(i)
                || segmented_end(i)
                // The end of a title the dictionary lacks (运营官).
                || c == '官'
        }
    };
    let boundary_after = |j: usize| {
        j >= chars.len() || {
            let c = chars[j].1;
            !is_han(c) || (NOT_GIVEN.contains(c) && !PLACE_SUFFIXES.contains(c)) || starts_word(j)
        }
    };
    let char_pinyin = |c: char| -> Option<String> {
        let mut buf = [0u8; 4];
        lex.pinyin(c.encode_utf8(&mut buf))
            .map(|p| p.split(' ').next().unwrap_or("").to_string())
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
    };
    let mut out: Vec<PersonName> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if !is_han(c) {
            i += 1;
            continue;
        }
        // A dictionary entry for a person: 2–4 characters beginning with a
        // surname, whose English begins with its own pinyin.
        // (The words are in text order: found by binary search.)
        if let Ok(at) = words.binary_search_by_key(&b, |w| w.start)
            && let w = &words[at]
            && w.text.chars().count() >= 2
            && let Some(name) = entry_name(w.text, w.stems, lex)
        {
            let e = b + w.text.len();
            out.push(PersonName {
                start: b,
                end: e,
                ..name
            });
            i = chars.partition_point(|&(x, _)| x < e);
            continue;
        }
        // A surname (a compound one, or one character that makes no word
        // with its neighbours), then one or two characters that start no
        // word.
        let compound = chars.get(i + 1).and_then(|&(b2, c2)| {
            let two = &text[b..b2 + c2.len_utf8()];
            COMPOUND_SURNAMES.contains(&two).then_some(2)
        });
        let surname_len = match compound {
            Some(n) => n,
            None if SURNAMES.contains(c) && !ends_word(i + 1) && !starts_word(i) => 1,
            None => {
                i += 1;
                continue;
            }
        };
        let surname: Option<String> = chars[i..i + surname_len]
            .iter()
            .map(|&(_, c)| char_pinyin(c))
            .collect();
        let (Some(surname), true) = (surname, boundary_before(i)) else {
            i += 1;
            continue;
        };
        let mut given = String::new();
        let mut j = i + surname_len;
        while j < chars.len() && j < i + surname_len + 2 {
            let cj = chars[j].1;
            if !is_han(cj)
                || NOT_GIVEN.contains(cj)
                || PLACE_SUFFIXES.contains(cj)
                || starts_word(j)
                || ends_word(j + 1)
            {
                break;
            }
            let Some(p) = char_pinyin(cj) else { break };
            given.push_str(&p);
            j += 1;
        }
        // A given name of two characters that are a word, or of which
        // the second makes one with what follows (刘建国 before 表示,
        // 李明华 before 表示: 建国, 华表), when a word of two characters or
        // more, a particle or a preposition starts right after it (刘建国在).
        let two = i + surname_len + 2;
        if two > j
            && two < chars.len()
            && boundary_after(two)
            && chars[i + surname_len..two]
                .iter()
                .all(|&(_, c)| is_han(c) && !NOT_GIVEN.contains(c))
            // 国 of 建国 is no place suffix: the two are a word.
            && (headword(i + surname_len, two)
                || !PLACE_SUFFIXES.contains(chars[two - 1].1))
            && !PLACE_SUFFIXES.contains(chars[i + surname_len].1)
            && let Some(rest) = chars[i + surname_len..two]
                .iter()
                .map(|&(_, c)| char_pinyin(c))
                .collect::<Option<String>>()
        {
            given = rest;
            j = two;
        }
        if given.is_empty() || !boundary_after(j) {
            i += 1;
            continue;
        }
        out.push(PersonName {
            start: b,
            end: end_of(j),
            surname,
            given,
            entry: false,
        });
        i = j;
    }
    out
}

/// A dictionary word that names a person: it begins with a surname and its
/// first English stems are its own pinyin (王毅 `wang yi` → *wang yi prc
/// foreign minist*; 习近平 `xi jin ping` → *xi jinp*).
fn entry_name(word: &str, stems: &str, lex: &Lexicon) -> Option<PersonName> {
    let count = word.chars().count();
    if !(2..=4).contains(&count) {
        return None;
    }
    let surname_len = if COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)) {
        2
    } else if word.chars().next().is_some_and(|c| SURNAMES.contains(c)) {
        1
    } else {
        return None;
    };
    if count <= surname_len {
        return None;
    }
    let pinyin = lex.pinyin(word)?;
    let syllables: Vec<&str> = pinyin.split(' ').collect();
    if syllables.len() != count
        || !syllables
            .iter()
            .all(|s| s.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return None;
    }
    let surname: String = syllables[..surname_len].concat();
    let given: String = syllables[surname_len..].concat();
    let mut stems = stems.split(' ');
    let first = stems.next()?;
    let second = stems.next()?;
    // The stems are Porter2 stems (*jinping* → *jinp*): a prefix of the
    // given name's pinyin, of two letters at least.
    (first == surname && second.len() >= 2 && given.starts_with(second)).then_some(PersonName {
        start: 0,
        end: word.len(),
        surname,
        given,
        entry: true,
    })
}

/// Whether an English name is a Chinese person's name in pinyin: a
/// surname of [`SURNAMES`] or [`COMPOUND_SURNAMES`] as a word of its own,
/// then a given name of one or two words in pinyin (*Zhang Wei*, *Ouyang
/// Xiu*, *Li Xiao Ming*, *Wang Yi-ming*). A single word is not one: news English writes
/// places and institutions in pinyin too (*Tianjin*, *Xinhua*), and a
/// surname alone may be a dynasty (*the Song dynasty*).
pub(crate) fn is_pinyin_person(name: &str) -> bool {
    static SURNAME_PINYIN: std::sync::OnceLock<crate::hash::FastSet<String>> =
        std::sync::OnceLock::new();
    let surnames = SURNAME_PINYIN.get_or_init(|| {
        let lex = Lexicon::embedded();
        let reading = |s: &str| lex.pinyin(s).map(|p| p.replace(' ', ""));
        let mut set: crate::hash::FastSet<String> = SURNAMES
            .chars()
            .filter_map(|c| reading(c.encode_utf8(&mut [0u8; 4])))
            .collect();
        set.extend(COMPOUND_SURNAMES.iter().filter_map(|s| reading(s)));
        set
    });
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=3).contains(&words.len())
        || !words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        })
    {
        return false;
    }
    // Hyphens join a given name's syllables (*Yi-ming*).
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.to_ascii_lowercase().replace('-', ""))
        .collect();
    surnames.contains(&lower[0]) && is_pinyin(&lower[1..].concat())
}

/// Whether a lower-case name is written in pinyin syllables as Chinese
/// names are (*wei*, *zhangwei*, *qiyao*): at most four syllables of two
/// letters or more. Western names with many vowels split into syllables
/// too, but into more or shorter ones (*ca na a ni te*, *e ri*).
fn is_pinyin(word: &str) -> bool {
    let w = word.as_bytes();
    if w.is_empty() || !w.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    // fewest[i]: the fewest syllables w[..i] splits into.
    let mut fewest: Vec<Option<u32>> = vec![None; w.len() + 1];
    fewest[0] = Some(0);
    for i in 0..w.len() {
        let Some(n) = fewest[i] else { continue };
        for len in 2..=6 {
            if i + len <= w.len() && is_syllable(&word[i..i + len]) {
                let best = fewest[i + len].map_or(n + 1, |m| m.min(n + 1));
                fewest[i + len] = Some(best);
            }
        }
    }
    fewest[w.len()].is_some_and(|n| n <= 4)
}

/// Other readings of characters common in names whose first reading in
/// the lexicon is not the only one a name is written with (乐 *le* and
/// *yue*, 行 *hang* and *xing*, 翟 *di* and *zhai*).
pub(crate) fn other_readings(c: char) -> &'static [&'static str] {
    match c {
        '乐' => &["yue"],
        '行' => &["xing"],
        '重' => &["zhong"],
        '长' => &["zhang"],
        '单' => &["dan", "chan"],
        '查' => &["cha"],
        '朝' => &["zhao"],
        '覃' => &["tan"],
        '曾' => &["ceng"],
        '解' => &["jie"],
        '仇' => &["chou"],
        '区' => &["qu"],
        '盖' => &["gai"],
        '缪' => &["mou", "miu"],
        '朴' => &["pu", "po"],
        '尉' => &["yu"],
        '柏' => &["bo"],
        '传' => &["zhuan"],
        '调' => &["tiao"],
        '和' => &["huo"],
        '员' => &["yun"],
        '省' => &["xing"],
        '都' => &["dou"],
        '会' => &["kuai"],
        '藏' => &["cang"],
        '角' => &["jiao"],
        '宿' => &["xiu"],
        '种' => &["chong"],
        '茜' => &["xi"],
        '翟' => &["zhai"],
        '召' => &["zhao"],
        '石' => &["dan"],
        _ => &[],
    }
}

/// A lower-case word of pinyin split into the fewest syllables
/// (*minhua* → *min hua*), if it splits.
pub(crate) fn syllables(word: &str) -> Option<Vec<&str>> {
    let w = word.as_bytes();
    if w.is_empty() || !w.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    // best[i]: the fewest syllables w[..i] splits into, and where the
    // last of them starts.
    let mut best: Vec<Option<(u32, usize)>> = vec![None; w.len() + 1];
    best[0] = Some((0, 0));
    for i in 0..w.len() {
        let Some((n, _)) = best[i] else { continue };
        for len in 1..=6 {
            if i + len <= w.len()
                && is_syllable(&word[i..i + len])
                && best[i + len].is_none_or(|(m, _)| n + 1 < m)
            {
                best[i + len] = Some((n + 1, i));
            }
        }
    }
    best[w.len()]?;
    let mut out = Vec::new();
    let mut end = w.len();
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(&word[start..end]);
        end = start;
    }
    out.reverse();
    Some(out)
}

/// The toneless pinyin syllables (ü written `v`).
const SYLLABLES: &str = "a ai an ang ao \
    ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
    pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
    ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu \
    fa fan fang fei fen feng fo fou fu \
    da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo \
    ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
    na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve \
    la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve \
    ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
    ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
    ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
    ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
    qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
    xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
    zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo \
    cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
    sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
    ra ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
    za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
    ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
    sa sai san sang sao se sen seng si song sou su suan sui sun suo \
    ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun \
    wa wai wan wang wei wen weng wo wu \
    e ei en eng er o ou";

/// A toneless pinyin syllable.
fn is_syllable(s: &str) -> bool {
    SYLLABLES.split_ascii_whitespace().any(|x| x == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        person_names(text, Lexicon::embedded())
            .into_iter()
            .map(|n| (text[n.start..n.end].to_string(), n.pinyin()))
            .collect()
    }

    #[test]
    fn a_name_given_name_first_is_keyed_surname_first() {
        let w = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            given_name_first_key(&w(&["wei", "zhang"])).as_deref(),
            Some("zhangwei")
        );
        assert_eq!(
            given_name_first_key(&w(&["zhi", "ming", "chen"])).as_deref(),
            Some("chenzhiming")
        );
        assert_eq!(given_name_first_key(&w(&["wei"])), None);
    }

    #[test]
    fn dictionary_persons_and_surname_led_names_are_found() {
        assert_eq!(names("王毅主持会议。"), [("王毅".into(), "wangyi".into())]);
        assert_eq!(
            names("张伟主持会议。"),
            [("张伟".into(), "zhangwei".into())]
        );
        assert_eq!(names("王琦瑶说"), [("王琦瑶".into(), "wangqiyao".into())]);
    }

    #[test]
    fn names_after_a_long_title_and_given_names_that_are_words() {
        // 首席运营官 is five characters; 建国 is a word, and 华 of 李明华
        // makes 华表 with 表示.
        assert_eq!(
            names("首席运营官周建国表示，产量将增加。"),
            [("周建国".into(), "zhoujianguo".into())]
        );
        assert_eq!(
            names("总经理李明华表示同意。"),
            [("李明华".into(), "liminghua".into())]
        );
        assert_eq!(
            names("副总裁孙静指出，市场在变。"),
            [("孙静".into(), "sunjing".into())]
        );
    }

    #[test]
    fn words_and_transliterations_are_no_person_names() {
        // 王国 (kingdom), 马上 (at once), 高兴 (glad) are words;
        // 亚伯拉罕 is a transliteration, not led by a surname.
        assert!(
            names("王国马上就很高兴。").is_empty(),
            "{:?}",
            names("王国马上就很高兴。")
        );
        assert!(names("亚伯拉罕说").is_empty());
    }

    #[test]
    fn pinyin_words_are_told_from_western_names() {
        assert!(is_pinyin("wei"));
        assert!(is_pinyin("zhangwei"));
        assert!(is_pinyin("qiyao"));
        assert!(!is_pinyin("confucius"));
        assert!(!is_pinyin("jair"));
        assert!(!is_pinyin("abraham"));
        assert!(!is_pinyin("gia"));
        assert!(!is_pinyin("somoza"));
        assert!(!is_pinyin("canaanite"));
        assert!(!is_pinyin("eri"));
    }

    #[test]
    fn pinyin_splits_into_its_fewest_syllables() {
        assert_eq!(syllables("minhua"), Some(vec!["min", "hua"]));
        assert_eq!(syllables("jianguo"), Some(vec!["jian", "guo"]));
        assert_eq!(syllables("wei"), Some(vec!["wei"]));
        assert_eq!(syllables("abraham"), None);
        assert_eq!(syllables(""), None);
    }

    #[test]
    fn a_person_in_pinyin_is_a_surname_and_a_given_name() {
        for name in [
            "Zhang Wei",
            "Li Ming",
            "Ouyang Xiu",
            "Wang Qi Yao",
            "Wang Yi-ming",
        ] {
            assert!(is_pinyin_person(name), "{name}");
        }
        for name in [
            "Tianjin",
            "Beijing",
            "Song",
            "Premier Chou",
            "John Smith",
            "Xinhua News",
            "Zhang",
            "Zhang Abraham",
            "Chou En-lai",
        ] {
            assert!(!is_pinyin_person(name), "{name}");
        }
    }
}
