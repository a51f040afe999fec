//! Negation: a clause negated on one side of a segment, with no negation at
//! all on the other (不应 → *should*, *not an option* → 是一个选项).
//!
//! The two sides are read asymmetrically. The side that carries the
//! negation is read *strictly*: only clear negation words count (不, 没, 未,
//! 尚未, 并非, 无法 …; *not*, *n't*, *no*, *never*, *nothing*, *without* …),
//! and not inside the words and phrases where a negation is absorbed or
//! means something else (不仅, 不断, 不久, 不得不, 差不多, 非常, 无论, 未来,
//! 别人, the question forms 是不是, 好了没有; *not only*, *no matter*, *no
//! doubt*, *can't help*, tag questions *don't you?*). The other side is read
//! *loosely*: any hint of negative meaning vetoes the flag, since negations
//! are often translated by antonyms or absorbed into another word (不好 →
//! *bad*, 毫不犹豫 → *without hesitation*, 不肯 → *refused*, 不可能 →
//! *impossible*, 没有欲念 → *innocent*; *nothing* ↔ a rhetorical 有什么用？).
//!
//! Measured on clean gold 1-1 pairs (RESULTS.md, session 20), the flag fires
//! on 4.4% of MAC-Dev's literary pairs, 1.1% of Bible verses and 0.7–0.9% of
//! MLQE-PE's pairs, so it is a warning. It is an error only when the lost
//! negation is a *prohibition* (请勿, 切勿, 禁止, 不要, 不许 …; *do not* or
//! *don't* opening a clause, *must not*, *shall not*, *should not*): "Do not
//! drink" → 请饮用 turns a warning into an instruction to do the harm, and
//! on clean text such a loss is rare (RESULTS.md, session 22).

use super::{Flag, FlagKind, Severity, Side, Span};
use crate::hash::{FastMap, FastSet};
use crate::lang::Lang;
use crate::normalize::is_han;
use aho_corasick::AhoCorasick;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Chinese negation words, longest first.
const ZH_NEGATIONS: &[&str] = &[
    "尚未", "并未", "从未", "未曾", "还未", "并非", "绝非", "决非", "而非", "既非", "亦非", "并无",
    "毫无", "绝无", "从无", "概无", "无法", "无从", "无须", "无需", "毋须", "毋需", "切勿", "请勿",
    "切莫", "禁止", "严禁", "禁用", "忌用", "无权", "不", "没", "未", "勿", "甭", "别",
];

/// Words whose negation translations absorb (不久 → *soon*, 不得不 → *had
/// to*); with [`ZH_NOT_NEGATIVE`]'s words (未来 → *future*, 别人 →
/// *others*, 淹没 → *flooded*), what the strict reading takes for no
/// negation.
const ZH_ABSORBED: &[&str] = &[
    "不断",
    "不久",
    "不管",
    "不论",
    "无论",
    "无数",
    "不得不",
    "不能不",
    "不可不",
    "不会不",
    "差不多",
    "不错",
    "不少",
    "不同",
    "不禁",
    "不免",
    "不觉",
    "不由",
    "不时",
    "不停",
    "不住",
    "不已",
    "不堪",
    "不料",
    "不然",
    "要不",
    "不如",
    "不一会",
    "不知不觉",
    "不可思议",
    "了不起",
    "对不起",
    "不好意思",
    "不得了",
    "巴不得",
    "恨不得",
    "舍不得",
    "怪不得",
    "免不了",
    "少不了",
    "说不定",
    "不止",
    "不只",
    "不光",
    "不愧",
    "不屑",
    "不妨",
    "不惜",
    "不外",
    "不亚于",
    "不朽",
    "不懈",
    "不幸",
    "不安",
    "不满",
    "不一",
    "不顾",
    "毫不犹豫",
    "不假思索",
    "不言而喻",
    "不可避免",
    "不由得",
    "不至于",
    "不见得",
    "不大",
    "不必",
    "不用说",
    "忍不住",
    "不得超过",
    "不应超过",
    "不宜超过",
    "不能超过",
    "不可超过",
    "不得高于",
    "不得大于",
    "不得多于",
    "不得低于",
    "不得少于",
    "不得小于",
    "不应低于",
    "不应少于",
    "不少于",
    "不超过",
    "不超出",
    "不高于",
    "不低于",
    "不多于",
    "不大于",
    "不小于",
    "不逾",
    "不多",
    "不良",
    "不利",
    "不足",
    "不平",
    "不便",
    "不当",
    "不明",
    "不法",
    "不公",
    "不正",
    "不稳",
    "不适",
    "不对劲",
    "不耐烦",
    "不可或缺",
    "不计其数",
    "不胜",
    "不定",
    "不等",
    "不像话",
    "禁不住",
    "不可缺少",
    "不再",
    "不成",
    "不曾",
    "迫不及待",
    "不得已",
    "不是滋味",
    "不见了",
    "岂不",
    "不尽",
    "不争",
    "没想到",
    "没什么",
    "没关系",
    "没错",
    "没准",
    "没完没了",
    "泯没",
    "未免",
    "未成年",
    "未尝",
    "未必",
    "未知",
    "未婚",
    "道别",
    "别扭",
    "别致",
    "别名",
    "别无",
    "别说",
    "临别",
    "话别",
    "送别",
    "惜别",
    "作别",
    "诀别",
    "别离",
    "有别",
    "判别",
    "甄别",
    "别具",
    "别有",
    "别国",
    "别家",
    "别样",
    "来之不易",
    "一丝不苟",
    "不屈不挠",
    "层出不穷",
    "络绎不绝",
    "当之无愧",
    "无与伦比",
    "毫无疑问",
    "不可磨灭",
    "不容置疑",
    "不遗余力",
    "不约而同",
    "滔滔不绝",
    "赞不绝口",
    "一成不变",
    "无微不至",
    "无所不在",
    "无所不能",
    "无处不在",
    "不无",
    "无不",
    "莫不",
    "未尝不",
    "不是不",
    "没有不",
    "不动产",
    "不可抗力",
    "不对称",
    "供不应求",
    "别忘",
    "不要忘",
    "不要紧",
];

/// Negations that begin with one of [`ZH_ABSORBED`]'s words (不同 "different"
/// in 不同意 "disagree").
const ZH_NEGATION_FIRST: &[&str] = &["不同意", "不过问", "不一定", "不足以"];

/// Words in which a negation character carries no negative meaning at all
/// (for the loose reading of the Chinese side).
const ZH_NOT_NEGATIVE: &[&str] = &[
    "别人",
    "别的",
    "特别",
    "区别",
    "分别",
    "告别",
    "离别",
    "级别",
    "类别",
    "性别",
    "别墅",
    "差别",
    "识别",
    "辨别",
    "个别",
    "鉴别",
    "派别",
    "别处",
    "别针",
    "未来",
    "非常",
    "非洲",
    "淹没",
    "埋没",
    "出没",
    "沉没",
    "没收",
    "吞没",
    "覆没",
    "隐没",
    "没落",
    "湮没",
    "没药",
    "利未",
    "希未",
    "是非",
    "莫斯科",
    "不丹",
    "别克",
    "别称",
    "不仅",
    "不但",
    "不过",
    // Medical terms whose 不 or 非 names a condition or a class, not a
    // negation of the clause (trial 31): 功能不全 *impairment*, 不耐受
    // *intolerance*, 非甾体 *non-steroidal*, 不良反应 *adverse reaction*.
    "功能不全",
    "不耐受",
    "非甾体",
    "不良反应",
    "非处方",
    "心律不齐",
];

/// Characters that negate, for the loose reading of the Chinese side.
const ZH_NEGATIVE_CHARS: &str = "不没未无非别勿莫毋否免甭";

/// Chinese words with a negative meaning that an English negation may
/// render (难以 → *could not*, 拒 → *would not*, 外 → *without* "outside",
/// 才 → *not until*).
const ZH_NEGATIVE_WORDS: &[&str] = &[
    "外",
    "难",
    "拒",
    "缺",
    "失败",
    "停",
    "禁",
    "避",
    "防止",
    "阻止",
    "才",
    "反而",
    "宁",
    "放弃",
    "鲜有",
    "空",
    "白白",
    "徒",
    "休想",
    "何必",
    "何尝",
    "何曾",
    "怎么会",
    "怎能",
    "哪能",
    "拦",
    "戒",
];

/// Question words that make a Chinese question rhetorical when the English
/// answers it with a negation (有什么用？ → *That's no good!*).
const ZH_QUESTION_WORDS: &[&str] = &["什么", "怎么", "哪", "谁", "何", "岂", "难道"];

/// Before a 别 "don't" (otherwise 别 is "other" or part of a word).
const ZH_BIE_BEFORE: &str = "，。！？；：“”「」‘’、,.!?;:\"'（(…—你您千万可就也";

/// Clause punctuation (a question tag 没有？ follows a clause, never one):
/// ，。！？；：“”「」‘’、,.!?;:"'（( (a match, not a search in a string of
/// them: it is asked of every character of a text).
fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '！'
            | '？'
            | '；'
            | '：'
            | '“'
            | '”'
            | '「'
            | '」'
            | '‘'
            | '’'
            | '、'
            | ','
            | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | '"'
            | '\''
            | '（'
            | '('
    )
}

/// English negation words (the strict reading); any word ending in *n't*
/// counts too.
const EN_NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "nobody", "noone", "neither", "nor", "without",
    "cannot", "nowhere", "dont", "cant", "wont", "isnt", "wasnt", "doesnt", "didnt", "havent",
    "hasnt", "hadnt", "couldnt", "wouldnt", "shouldnt", "arent", "werent", "aint",
];

/// English phrases whose negation word is no negation of the clause, or is
/// rendered without one in Chinese (*not only* 不仅/也, *no matter* 无论,
/// *nothing but* 只, *not until* 才, *why not* 何不/来吧).
const EN_ABSORBED: &[&[&str]] = &[
    &["not", "only"],
    &["no", "matter"],
    &["no", "doubt"],
    &["nothing", "but"],
    &["cannot", "help"],
    &["can't", "help"],
    &["couldn't", "help"],
    &["could", "not", "help"],
    &["not", "until"],
    // A bound (*not above 25°C* is 25°C以下, trial 31).
    &["not", "above"],
    &["not", "over"],
    &["not", "below"],
    &["not", "under"],
    &["no", "sooner"],
    &["never", "mind"],
    &["none", "other", "than"],
    &["no", "less", "than"],
    &["not", "least"],
    &["not", "to", "mention"],
    &["no", "wonder"],
    &["not", "a", "little"],
    &["not", "a", "few"],
    &["without", "doubt"],
    &["don't", "forget"],
    &["do", "not", "forget"],
    &["never", "forget"],
    &["nothing", "less", "than"],
    &["none", "the", "less"],
    &["not", "just"],
    &["not", "merely"],
    &["not", "simply"],
    &["no", "choice", "but"],
    &["why", "not"],
    &["can't", "wait"],
    &["cannot", "wait"],
    &["can", "not", "wait"],
    &["couldn't", "wait"],
    &["could", "not", "wait"],
    &["couldn't", "agree", "more"],
    &["could", "not", "agree", "more"],
    &["can't", "agree", "more"],
    &["cannot", "agree", "more"],
];

/// Pronouns of a tag question (*don't you?*, *isn't it,*).
const EN_TAG_PRONOUNS: &[&str] = &["you", "it", "they", "he", "she", "we", "i", "there"];

/// English words with a negative meaning that may render a Chinese
/// negation (不肯 → *refused*, 不好 → *bad*, 不要 → *stop*, 不知 → *wondered*).
const EN_NEGATIVE_WORDS: &[&str] = &[
    "absence",
    "absent",
    "avoid",
    "avoided",
    "bad",
    "ban",
    "banned",
    "barely",
    "barred",
    "barring",
    "before",
    "cease",
    "ceased",
    "contraindicated",
    "contraindication",
    "contraindications",
    "decline",
    "declined",
    "denied",
    "deny",
    "desist",
    "desisted",
    "dun",
    "empty",
    "except",
    "fail",
    "failed",
    "fails",
    "failure",
    "fewer",
    "forbade",
    "forbid",
    "forbidden",
    "forget",
    "forgot",
    "forgotten",
    "hardly",
    "hesitate",
    "ignore",
    "ignored",
    "instead",
    "lack",
    "lacked",
    "lacking",
    "lacks",
    "least",
    "less",
    "lest",
    "little",
    "lose",
    "lost",
    "miss",
    "missed",
    "missing",
    "nah",
    "naught",
    "nay",
    "neglect",
    "neglected",
    "nevertheless",
    "non",
    "nonetheless",
    "nope",
    "nothingness",
    "nought",
    "prevent",
    "prevented",
    "prohibit",
    "prohibited",
    "quit",
    "rarely",
    "rather",
    "refrain",
    "refrained",
    "refraining",
    "refrains",
    "refusal",
    "refuse",
    "refused",
    "reject",
    "rejected",
    "reluctant",
    "scarcely",
    "seldom",
    "shy",
    "silence",
    "silent",
    "stop",
    "stopped",
    "stops",
    "too",
    "unable",
    "unless",
    "wonder",
    "wondered",
    "wonders",
    "worse",
    "worst",
    "wrong",
];

/// English verbs whose meaning holds a negation, in any inflection (不含 →
/// *excludes*, 无法预览 → *preview failing*, 不接受 → *refuses*, 未批准 →
/// *denied*). Not *ignore*, *decline*, *neglect*: they translate positive
/// Chinese verbs (忽略, 下降, 忽视), so they would hide a lost 不 (系统不会忽略空行
/// → *The system ignores blank lines*).
const EN_NEGATIVE_VERBS: &[&str] = &[
    "avoid", "cease", "deny", "exclude", "fail", "forbid", "lack", "omit", "prevent", "prohibit",
    "refuse", "reject",
];

/// Whether `w` is `verb`, or `verb` inflected (*excludes*, *excluded*,
/// *excluding*, *denies*, *failing*, *omitted*).
fn inflects(w: &str, verb: &str) -> bool {
    if let Some(rest) = w.strip_prefix(verb)
        && matches!(rest, "" | "s" | "es" | "d" | "ed" | "ing")
    {
        return true;
    }
    if let Some(stem) = verb.strip_suffix('e') {
        return w.strip_prefix(stem) == Some("ing");
    }
    if let Some(stem) = verb.strip_suffix('y') {
        return matches!(w.strip_prefix(stem), Some("ies" | "ied"));
    }
    // A doubled final consonant: *omitted*, *omitting*.
    let last = verb.chars().last().unwrap_or(' ');
    w.strip_prefix(verb)
        .and_then(|r| r.strip_prefix(last))
        .is_some_and(|r| matches!(r, "ed" | "ing"))
}

/// English phrases with a negative meaning (尚未 → *yet to*, 白白 → *in vain*).
const EN_NEGATIVE_PHRASES: &[&[&str]] = &[
    &["yet", "to"],
    &["in", "vain"],
    &["rather", "than"],
    &["far", "from"],
    &["other", "than"],
    &["any", "longer"],
    &["any", "more"],
    &["anymore"],
    &["at", "all"],
    // 儿童接触不到的地方 "where children cannot reach it" (trial 31).
    &["out", "of", "reach"],
    &["out", "of", "the", "reach"],
    &["out", "of", "sight"],
    &["out", "of", "the", "sight"],
];

/// Words after *under* that make it "less than" (*under ten minutes*).
const EN_AMOUNTS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "half", "dozen",
];

/// Words in *un-* and *dis-* that are not negative.
const EN_UN_POSITIVE: &[&str] = &[
    "unanimous",
    "uncle",
    "union",
    "uniform",
    "unique",
    "unit",
    "unite",
    "united",
    "units",
    "unity",
    "universal",
    "universe",
    "university",
    "until",
    "unto",
];
/// Beginnings of *un-* words that are no negation (*unilateralism*,
/// *unified*, *unisex*), with their inflections and derivations.
const EN_UN_POSITIVE_PREFIXES: &[&str] = &[
    "unicorn",
    "unif",
    "unilateral",
    "union",
    "unique",
    "unison",
    "unit",
    "univers",
];
const EN_DIS_POSITIVE: &[&str] = &[
    "disc",
    "disciple",
    "disciples",
    "discipline",
    "discourse",
    "discover",
    "discovered",
    "discovery",
    "discuss",
    "discussed",
    "discussion",
    "disease",
    "diseases",
    "dish",
    "dishes",
    "disk",
    "dispatch",
    "display",
    "disposal",
    "dispose",
    "disposition",
    "dissolve",
    "distance",
    "distant",
    "distinct",
    "distinguish",
    "distinguished",
    "distribute",
    "distributed",
    "distribution",
    "district",
];

/// Stems that *in-*, *im-*, *il-*, *ir-* negate (*impossible*, *invisible*,
/// *illegal*, *irregular*, *indisputable*).
const EN_IN_STEMS: &[&str] = &[
    "compat",
    "disput",
    "distinguish",
    "possib",
    "pati",
    "prop",
    "abil",
    "capab",
    "compl",
    "evit",
    "visib",
    "differ",
    "signif",
    "legal",
    "regul",
    "relev",
    "mortal",
    "measur",
    "access",
    "finit",
    "numer",
    "suffic",
    "adequ",
    "secur",
    "sane",
    "consist",
    "curab",
    "destruct",
    "expens",
    "experien",
    "formal",
    "human",
    "justic",
    "correct",
    "accura",
    "appropri",
    "competen",
    "convenien",
    "decisi",
    "definit",
    "dispens",
    "famous",
    "flexib",
    "frequen",
    "matur",
    "moral",
    "mobil",
    "perfect",
    "polite",
    "practic",
    "pure",
    "rational",
    "responsib",
    "resist",
    "revers",
    "sensit",
    "sincer",
    "stabil",
    "valid",
    "vari",
    "nocen",
    "dependen",
    "activ",
    "comprehens",
    "conceiv",
    "describ",
    "escap",
    "exhaust",
    "explicab",
    "fallib",
    "sepa",
    "suffer",
    "toler",
    "attent",
    "audib",
    "edib",
    "effect",
    "effici",
    "equal",
    "hospit",
    "advert",
    "partial",
    "penetr",
    "plaus",
    "print",
    "proba",
    "prud",
    "sati",
];

/// The words of some lists, found in one pass over a text.
struct WordSet(AhoCorasick);

impl WordSet {
    fn new(lists: &[&[&str]]) -> Self {
        let mut words: Vec<&str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        words.sort_unstable();
        words.dedup();
        WordSet(AhoCorasick::new(words).expect("a few hundred short words build an automaton"))
    }

    /// Marks the bytes of every occurrence of the words in `text`: for
    /// each word, its occurrences from the left that do not overlap each
    /// other (as `str::match_indices` finds them), whatever other words
    /// they overlap.
    fn cover(&self, text: &str) -> Vec<bool> {
        let mut covered = vec![false; text.len()];
        // The matches of one word come in the order of their ends, hence of
        // their starts: one that starts before the last one kept ended
        // overlaps it.
        let mut free_from = vec![0usize; self.0.patterns_len()];
        for m in self.0.find_overlapping_iter(text) {
            let word = m.pattern().as_usize();
            if m.start() >= free_from[word] {
                free_from[word] = m.end();
                covered[m.start()..m.end()]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
        covered
    }

    /// How many occurrences of the words `text` holds: for each word, its
    /// occurrences from the left that do not overlap each other (as
    /// `str::matches` counts them), summed over the words.
    fn count(&self, text: &str) -> usize {
        let mut free_from = vec![0usize; self.0.patterns_len()];
        let mut n = 0;
        for m in self.0.find_overlapping_iter(text) {
            let word = m.pattern().as_usize();
            if m.start() >= free_from[word] {
                free_from[word] = m.end();
                n += 1;
            }
        }
        n
    }

    /// Whether `text` holds one of the words.
    fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// [`ZH_NEGATIVE_WORDS`], found in one pass.
fn negative_words() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(&[ZH_NEGATIVE_WORDS]))
}

/// Marks the bytes of every occurrence of [`ZH_NOT_NEGATIVE`]'s words in
/// `text`.
fn cover_not_negative(text: &str) -> Vec<bool> {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(&[ZH_NOT_NEGATIVE]))
        .cover(text)
}

/// Marks the bytes of every occurrence of [`ZH_ABSORBED`]'s and
/// [`ZH_NOT_NEGATIVE`]'s words in `text`.
fn cover_absorbed(text: &str) -> Vec<bool> {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(&[ZH_ABSORBED, ZH_NOT_NEGATIVE]))
        .cover(text)
}

/// The negation words of a Chinese text (strict reading), as byte spans.
pub(crate) fn zh_negations(text: &str) -> Vec<(usize, usize)> {
    // The first characters of the negation words: a text without any has
    // none, and elsewhere only these characters can begin one.
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let mut v: Vec<char> = ZH_NEGATIONS
            .iter()
            .filter_map(|w| w.chars().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    let begins = |c: char| first.binary_search(&c).is_ok();
    if !text.chars().any(begins) {
        return Vec::new();
    }
    let mut covered = cover_absorbed(text);
    let mut firsts = FirstChars::new(text);
    for w in ZH_NEGATION_FIRST {
        for (i, _) in firsts.match_indices(w) {
            covered[i..i + '不'.len_utf8()]
                .iter_mut()
                .for_each(|c| *c = false);
        }
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mark = |covered: &mut Vec<bool>, k: usize, len: usize| {
        let end = chars.get(k + len).map_or(text.len(), |&(b, _)| b);
        covered[chars[k].0..end].iter_mut().for_each(|c| *c = true);
    };
    // 非…不可 "must" (我非去不可): the 不 of a 不可 after a 非 of the same
    // clause (not of 非常, 非洲 …) is no negation. The last such 非 is
    // carried along, so the pass stays linear.
    let mut fei: Option<usize> = None;
    // Whether the clause so far has a 有 (有兄弟没有, an A-not-A question
    // split by its object).
    let mut you = false;
    for k in 0..n {
        let c = chars[k].1;
        if is_clause_mark(c) {
            fei = None;
            you = false;
        }
        if c == '有' && (k == 0 || chars[k - 1].1 != '没') {
            you = true;
        }
        if c == '非' && !covered[chars[k].0] {
            fei = Some(k);
        }
        if c == '不'
            && chars.get(k + 1).is_some_and(|&(_, d)| d == '可')
            && fei.is_some_and(|f| k - f <= 8)
        {
            mark(&mut covered, k, 1);
            fei = None;
            continue;
        }
        if c != '不' && c != '没' {
            continue;
        }
        // A-not-A questions: 去不去, 有没有, 可以不可以.
        if k >= 1 && k + 1 < n && chars[k - 1].1 == chars[k + 1].1 && is_han(chars[k - 1].1) {
            mark(&mut covered, k, 1);
            continue;
        }
        if k >= 2
            && k + 2 < n
            && chars[k - 2].1 == chars[k + 1].1
            && chars[k - 1].1 == chars[k + 2].1
            && is_han(chars[k - 2].1)
            && is_han(chars[k - 1].1)
        {
            mark(&mut covered, k, 1);
            continue;
        }
        // A question tag after a clause: 水退了没有？ 你去不？ (before a full
        // stop, 我没有。 is an answer, a real negation).
        let len = if c == '没' && chars.get(k + 1).is_some_and(|&(_, d)| d == '有') {
            2
        } else {
            1
        };
        let next = chars.get(k + len).map(|&(_, d)| d);
        // An indirect question ends in a full stop (看看水退了没有。 问你有
        // 兄弟没有。): a 没(有) after 了 or after a 有 of its clause.
        let indirect = c == '没'
            && k >= 1
            && (you || chars[k - 1].1 == '了')
            && next.is_some_and(|d| "。，,.；;".contains(d));
        if k >= 1
            && !is_clause_mark(chars[k - 1].1)
            && (next.is_some_and(|d| "？?吗呢".contains(d)) || indirect)
        {
            mark(&mut covered, k, len);
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < n {
        let b = chars[k].0;
        if !begins(chars[k].1) {
            k += 1;
            continue;
        }
        let hit = ZH_NEGATIONS
            .iter()
            .find(|w| text[b..].starts_with(*w) && !covered[b..b + w.len()].iter().any(|&c| c));
        match hit {
            Some(w) if *w != "别" || k == 0 || ZH_BIE_BEFORE.contains(chars[k - 1].1) => {
                out.push((b, b + w.len()));
                k += w.chars().count();
            }
            _ => k += 1,
        }
    }
    out
}

/// Whether a Chinese text has any negative meaning (loose reading).
fn zh_negative(text: &str) -> bool {
    let covered = cover_not_negative(text);
    if text
        .char_indices()
        .any(|(b, c)| ZH_NEGATIVE_CHARS.contains(c) && !covered[b])
    {
        return true;
    }
    negative_words().is_match(text) || zh_rhetorical(text)
}

/// Whether a Chinese text asks a rhetorical question (有什么用？), which an
/// English negation may answer.
fn zh_rhetorical(text: &str) -> bool {
    // Without a question mark, nothing asks.
    if !text.contains(['？', '?']) {
        return false;
    }
    // A rhetorical question: a question word, then a question mark in the
    // same sentence.
    let asks = questions_ahead(text);
    ZH_QUESTION_WORDS
        .iter()
        .any(|w| text.match_indices(w).any(|(i, _)| asks[i]))
}

/// For every byte of `text` (and its end), whether a question mark lies
/// ahead before the sentence ends: one pass backwards, so that a long text
/// of many question words stays linear.
fn questions_ahead(text: &str) -> Vec<bool> {
    let mut asks = vec![false; text.len() + 1];
    let mut ahead = false;
    for (b, c) in text.char_indices().rev() {
        match c {
            '？' | '?' => ahead = true,
            '。' | '！' => ahead = false,
            _ => {}
        }
        asks[b] = ahead;
    }
    asks
}

/// An English word of [`en_words`]: its byte span and the word, lower-cased
/// (’ read as '); a word already so is borrowed from the text.
type EnWord<'t> = (usize, usize, Cow<'t, str>);

/// The English words of a text, lower-cased (’ read as '), with their byte
/// spans: letters, joined by apostrophes (*don't*).
fn en_words(text: &str) -> Vec<EnWord<'_>> {
    // Byte by byte: a word's letters are ASCII, and an apostrophe (' or
    // the three bytes of ’) between letters joins; every other byte ends
    // it (a character beyond ASCII at its first byte).
    let bytes = text.as_bytes();
    let alpha_at = |b: usize| bytes.get(b).is_some_and(u8::is_ascii_alphabetic);
    let mut out = Vec::with_capacity((bytes.len() / 4).clamp(1, 32));
    let mut k = 0;
    while k < bytes.len() {
        if !bytes[k].is_ascii_alphabetic() {
            k += 1;
            continue;
        }
        let s = k;
        let mut e = k;
        loop {
            if alpha_at(e) || (bytes.get(e) == Some(&b'\'') && alpha_at(e + 1)) {
                e += 1;
            } else if bytes[e.min(bytes.len())..].starts_with("’".as_bytes()) && alpha_at(e + 3) {
                e += 3;
            } else {
                break;
            }
        }
        let written = &text[s..e];
        // Letters, ' and the bytes of ’ only: a word without a capital or
        // a byte beyond ASCII is as it is read.
        let word = if written
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'\'')
        {
            Cow::Borrowed(written)
        } else {
            let lower = written.to_ascii_lowercase();
            Cow::Owned(if lower.contains('’') {
                lower.replace('’', "'")
            } else {
                lower
            })
        };
        out.push((s, e, word));
        k = e;
    }
    out
}

/// Whether the words from `i` on spell `phrase`.
fn starts_phrase(words: &[EnWord<'_>], i: usize, phrase: &[&str]) -> bool {
    words.len() >= i + phrase.len() && phrase.iter().zip(&words[i..]).all(|(p, w)| *p == w.2)
}

/// A list of phrases indexed by their first word: the phrases that may
/// start at a word, in the list's order, so that a `find` over them gives
/// what a `find` over the whole list gives.
struct Phrases<T: 'static> {
    list: &'static [T],
    by_first: FastMap<&'static str, Vec<usize>>,
}

impl<T> Phrases<T> {
    fn new(list: &'static [T], words: fn(&T) -> &'static [&'static str]) -> Self {
        let mut by_first: FastMap<&'static str, Vec<usize>> = FastMap::default();
        for (k, item) in list.iter().enumerate() {
            if let Some(&first) = words(item).first() {
                by_first.entry(first).or_default().push(k);
            }
        }
        Phrases { list, by_first }
    }

    /// The list's items whose phrase begins with the word `i` of `words`
    /// (whether the rest follows is the caller's [`starts_phrase`]).
    fn at<'a>(&'a self, words: &[EnWord<'_>], i: usize) -> impl Iterator<Item = &'static T> + 'a {
        let list = self.list;
        self.by_first
            .get(&*words[i].2)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(move |&k| &list[k])
    }
}

/// [`EN_ABSORBED`] by first word.
fn absorbed_phrases() -> &'static Phrases<&'static [&'static str]> {
    static P: OnceLock<Phrases<&'static [&'static str]>> = OnceLock::new();
    P.get_or_init(|| Phrases::new(EN_ABSORBED, |p| p))
}

/// [`EN_NEGATIVE_PHRASES`] by first word.
fn negative_phrases() -> &'static Phrases<&'static [&'static str]> {
    static P: OnceLock<Phrases<&'static [&'static str]>> = OnceLock::new();
    P.get_or_init(|| Phrases::new(EN_NEGATIVE_PHRASES, |p| p))
}

/// [`EN_BOUNDS`] by first word.
fn bound_phrases() -> &'static Phrases<(&'static [&'static str], usize)> {
    static P: OnceLock<Phrases<(&'static [&'static str], usize)>> = OnceLock::new();
    P.get_or_init(|| Phrases::new(EN_BOUNDS, |b| b.0))
}

fn is_en_negation(w: &str) -> bool {
    static SET: OnceLock<FastMap<&str, ()>> = OnceLock::new();
    SET.get_or_init(|| word_set(EN_NEGATIONS)).contains_key(w) || w.ends_with("n't")
}

/// Whether `w` is one of [`EN_NEGATIVE_WORDS`].
fn is_en_negative_word(w: &str) -> bool {
    static SET: OnceLock<FastMap<&str, ()>> = OnceLock::new();
    SET.get_or_init(|| word_set(EN_NEGATIVE_WORDS))
        .contains_key(w)
}

/// A list's words, for lookups in one step.
fn word_set(list: &[&'static str]) -> FastMap<&'static str, ()> {
    list.iter().map(|&w| (w, ())).collect()
}

/// The negation words of an English text (strict reading), as byte spans.
pub(crate) fn en_negations(text: &str) -> Vec<(usize, usize)> {
    en_negations_in(text, &en_words(text))
}

/// [`en_negations`], with the text's [`en_words`] already found.
fn en_negations_in(text: &str, words: &[EnWord<'_>]) -> Vec<(usize, usize)> {
    let mut absorbed = vec![false; words.len()];
    for i in 0..words.len() {
        for phrase in absorbed_phrases().at(words, i) {
            if starts_phrase(words, i, phrase) {
                absorbed[i..i + phrase.len()]
                    .iter_mut()
                    .for_each(|a| *a = true);
            }
        }
        let w = &words[i].2;
        // A tag question: *don't you?*, *isn't it,*
        if w.ends_with("n't")
            && let Some(next) = words.get(i + 1)
            && EN_TAG_PRONOUNS.contains(&&*next.2)
            && text[next.1..]
                .trim_start()
                .starts_with(['?', ',', '？', '，'])
        {
            absorbed[i] = true;
        }
        // Litotes: *not uncommon*, *not unlike*, *not impossible*.
        if (w == "not" || w.ends_with("n't"))
            && words.get(i + 1).is_some_and(|n| {
                let n = &*n.2;
                ["un", "in", "im", "il", "ir"]
                    .iter()
                    .any(|p| n.starts_with(p))
                    && !is_en_negation(n)
                    && !is_en_negative_word(n)
                    && en_negative_word(n)
            })
        {
            absorbed[i] = true;
        }
        // A tag after a comma ends a sentence too: *fine, isn't it.*
        if w.ends_with("n't")
            && let Some(next) = words.get(i + 1)
            && EN_TAG_PRONOUNS.contains(&&*next.2)
            && text[..words[i].0].trim_end().ends_with([',', '，'])
            && text[next.1..]
                .trim_start()
                .starts_with(['.', '!', '。', '！'])
        {
            absorbed[i] = true;
        }
        // *n't just*; *No. 2*
        if w.ends_with("n't") && words.get(i + 1).is_some_and(|n| n.2 == "just") {
            absorbed[i] = true;
        }
        if w == "no"
            && text[words[i].1..]
                .trim_start_matches(['.', ' '])
                .starts_with(|c: char| c.is_ascii_digit())
        {
            absorbed[i] = true;
        }
    }
    words
        .iter()
        .zip(&absorbed)
        .filter(|((_, _, w), a)| !**a && is_en_negation(w))
        .map(|((s, e, _), _)| (*s, *e))
        .collect()
}

/// Whether an English word has a negative meaning (loose reading): a
/// negation, a word of negative meaning, or a word negative by an affix
/// ([`en_affix_base`]).
fn en_negative_word(w: &str) -> bool {
    en_negative_core(w) || en_affix_base(w).is_some()
}

/// Whether an English word negates by itself (*not*, *refused*, *lack*,
/// *unable*), not only by an affix.
fn en_negative_core(w: &str) -> bool {
    // The three lists in one set: one look-up for a word (most words are
    // in none).
    static CORE: OnceLock<FastSet<&'static str>> = OnceLock::new();
    CORE.get_or_init(|| {
        EN_NEGATIONS
            .iter()
            .chain(EN_NEGATIVE_WORDS)
            .copied()
            .chain(negative_verb_forms().iter().map(String::as_str))
            .collect()
    })
    .contains(w)
        || w.ends_with("n't")
}

/// Every word that [`inflects`] one of [`EN_NEGATIVE_VERBS`]: the forms its
/// rules accept, spelled out once, for a look-up in one step.
fn negative_verb_forms() -> &'static FastSet<String> {
    static FORMS: OnceLock<FastSet<String>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms = FastSet::default();
        for verb in EN_NEGATIVE_VERBS {
            for ending in ["", "s", "es", "d", "ed", "ing"] {
                forms.insert(format!("{verb}{ending}"));
            }
            if let Some(stem) = verb.strip_suffix('e') {
                forms.insert(format!("{stem}ing"));
            } else if let Some(stem) = verb.strip_suffix('y') {
                forms.insert(format!("{stem}ies"));
                forms.insert(format!("{stem}ied"));
            } else if let Some(last) = verb.chars().last() {
                forms.insert(format!("{verb}{last}ed"));
                forms.insert(format!("{verb}{last}ing"));
            }
        }
        forms
    })
}

/// The base of an English word negative by an affix (*unaudited* →
/// *audited*, *dishonest* → *honest*, *impossible* → *possible*,
/// *useless* → *use*, *smokefree* → *smoke*), or `None`.
fn en_affix_base(w: &str) -> Option<&str> {
    let len = w.len();
    if w.starts_with("un")
        && len >= 5
        && !w.starts_with("under")
        && !EN_UN_POSITIVE.contains(&w)
        && !EN_UN_POSITIVE_PREFIXES.iter().any(|p| w.starts_with(p))
    {
        return Some(&w[2..]);
    }
    if (w.starts_with("dis") && len >= 6 && !EN_DIS_POSITIVE.contains(&w))
        || (w.starts_with("non") && len >= 6)
        || (w.starts_with("mis") && len >= 6)
    {
        return Some(&w[3..]);
    }
    if ["im", "in", "il", "ir"].iter().any(|p| w.starts_with(p))
        && EN_IN_STEMS.iter().any(|s| w[2..].starts_with(s))
    {
        return Some(&w[2..]);
    }
    if !matches!(w, "less" | "unless" | "bless" | "blessed") {
        for suffix in ["lessness", "lessly", "less"] {
            if let Some(base) = w.strip_suffix(suffix)
                && !base.is_empty()
            {
                return Some(base);
            }
        }
    }
    if len > 5 {
        return w.strip_suffix("free");
    }
    None
}

/// Whether the word `i` of `words` (the [`en_words`] of `text`) is an
/// *under* before an amount (*under ten minutes*, *under a minute*: 不到).
fn under_amount(text: &str, words: &[EnWord<'_>], i: usize) -> bool {
    words[i].2 == "under"
        && (text[words[i].1..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
            || words
                .get(i + 1)
                .is_some_and(|n| EN_AMOUNTS.contains(&&*n.2)))
}

/// Whether an English text negates by a word of its own (loose reading,
/// words negative only by an affix left out: [`en_affixed`]).
/// An *under* before an amount (*under 12 years*) is read as negative
/// only when `under` is set: it renders 不到 "less than", not a
/// prohibition (禁用 → *Use in children under 12*).
fn en_negative_but(text: &str, words: &[EnWord<'_>], under: bool) -> bool {
    (0..words.len()).any(|i| {
        en_negative_core(&words[i].2)
            || (under && under_amount(text, words, i))
            || negative_phrases()
                .at(words, i)
                .any(|p| starts_phrase(words, i, p))
    })
}

/// The English words (of [`en_words`]) negative only by an affix (*unaudited*,
/// *independent*, *useless*), each with the stems it and its base may
/// translate (*unaudit*, *audit*).
fn en_affixed(words: &[EnWord<'_>]) -> Vec<[String; 2]> {
    words
        .iter()
        .filter_map(|(_, _, w)| {
            let base = en_affix_base(w)?;
            Some([crate::lexicon::stem(w), crate::lexicon::stem(base)])
        })
        .collect()
}

/// Characters a negation's predicate may follow (不会被终止, 未经审核,
/// 不予处罚, 不太清楚): the predicate is looked for this many characters
/// on.
const ZH_PREDICATE_REACH: usize = 3;

/// Whether two English stems are one word's (*authoris* and *author*,
/// *truth* and *true* are not: equal, or one begins the other, four
/// letters at least).
fn stems_meet(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || (short.len() >= 4 && long.starts_with(short))
}

/// Whether one of `affixed`'s words renders the Chinese negation at
/// `zh[s..e]`: a dictionary word that holds the negation (不公平 *unfair*,
/// 看不见 *invisible*, 昏迷不醒 *unconscious*) or begins within
/// [`ZH_PREDICATE_REACH`] characters after it, in its clause, translates
/// the affixed word or its base (未经审核 → *unaudited*, 不诚实 →
/// *dishonest*). An affixed word elsewhere (*independent director* beside
/// 不予处罚) renders no negation.
fn zh_negation_rendered(zh: &str, (s, e): (usize, usize), affixed: &[[String; 2]]) -> bool {
    if affixed.is_empty() {
        return false;
    }
    let lex = crate::lexicon::Lexicon::embedded();
    let clause_end = zh[e..]
        .char_indices()
        .find(|&(_, c)| is_clause_mark(c))
        .map_or(zh.len(), |(b, _)| e + b);
    // Up to two characters before the negation, in its clause (看不见,
    // 一语不发), then the negation and a few characters after it.
    let before: Vec<usize> = zh[..s]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !is_clause_mark(c))
        .take(2)
        .map(|(b, _)| b)
        .collect();
    let starts = before.into_iter().rev().chain(std::iter::once(s)).chain(
        zh[e..clause_end]
            .char_indices()
            .map(|(b, _)| e + b)
            .take(ZH_PREDICATE_REACH + 1),
    );
    starts.into_iter().any(|at| {
        // The longest dictionary word beginning at `at`, a few characters
        // long at most; one that begins before the negation must hold it.
        let end = zh[at..clause_end]
            .char_indices()
            .nth(6)
            .map_or(clause_end, |(b, _)| at + b);
        lex.words(&zh[at..end])
            .first()
            .filter(|w| w.start == 0 && (at >= s || at + w.text.len() > s))
            .is_some_and(|w| {
                w.stems
                    .split(' ')
                    .any(|st| affixed.iter().any(|a| a.iter().any(|x| stems_meet(x, st))))
            })
    })
}

/// Chinese negation words that prohibit by themselves (请勿 "please do
/// not", 禁止 "it is forbidden to", the package insert's 禁用 and 忌用
/// "contraindicated", trial 31).
const ZH_PROHIBITING: &[&str] = &[
    "请勿", "切勿", "切莫", "禁止", "严禁", "禁用", "忌用", "勿", "别", "甭",
];

/// What a 不 prohibits or excludes before: 不要, 不准, 不许 "must not", and
/// the legal modals 不得 "shall not", 不应 "should not", 不可 "may not",
/// 不承担 and 不负 "is not liable" (trial 30), 不宜 "should not" (a
/// package insert's, trial 31). A 不得 that means "could
/// not" (不得合眼) is lost as a prohibition only where its English has no
/// negation at all, which a "could not" translation keeps.
const ZH_PROHIBITING_AFTER_BU: &[&str] = &["要", "准", "许", "得", "应", "可", "宜", "承担", "负"];

/// Whether the Chinese negation at `text[s..e]` (one of
/// [`zh_negations`]'s spans) is a prohibition, or a legal exclusion (无权
/// "has no right", 不承担 "is not liable"): the end of the prohibiting word
/// (不得 whole, not its 不 alone), or `None`.
fn zh_prohibits(text: &str, (s, e): (usize, usize)) -> Option<usize> {
    let w = &text[s..e];
    let after = &text[e..];
    if ZH_PROHIBITING.contains(&w) || w == "无权" {
        return Some(e);
    }
    if w != "不" || ZH_NOT_PROHIBITING.iter().any(|x| after.starts_with(x)) {
        return None;
    }
    ZH_PROHIBITING_AFTER_BU
        .iter()
        .find(|x| after.starts_with(**x))
        .map(|x| e + x.len())
}

/// What follows a 不 in words that begin like a prohibition but state
/// something (不要求 "not required", 不准确 "inaccurate", 不准时 "late",
/// 不准备 "not planning to", 不可能 "impossible", 不得而知 "unknown",
/// 不负责任 "irresponsible", 不应期 "refractory period").
const ZH_NOT_PROHIBITING: &[&str] = &[
    "要求",
    "准确",
    "准时",
    "准则",
    "准备",
    "可能",
    "可避免",
    "可或缺",
    "可思议",
    "可分",
    "可逆",
    "可撤销",
    "可替代",
    "可比",
    "可靠",
    "可信",
    "可少",
    "可测",
    "可数",
    "可知",
    "可言",
    "可收拾",
    "可一世",
    "可理喻",
    "得而知",
    "得要领",
    "得人心",
    "得其解",
    "得志",
    "负责任",
    "负众望",
    "负所托",
    "应期",
];

/// Modals that make a following *not* a prohibition (*must not*, *shall
/// not*, *should not*).
const EN_PROHIBITING_MODALS: &[&str] = &["must", "shall", "should", "may"];

/// What a *not* excludes after it, as a rule does (*is not liable*, *shall
/// not be entitled*, *is not permitted*).
const EN_EXCLUDED_AFTER_NOT: &[&str] =
    &["liable", "entitled", "permitted", "allowed", "responsible"];

/// Whether the English negation at `text[s..e]` (one of [`en_negations`]'s
/// spans; `words` are the text's [`en_words`]) is a prohibition: *do not*
/// or *don't* opening a clause (an imperative, after *please* too), a
/// *not* after *must*, *shall*, *should* or *may* (and their
/// contractions), a *not* before *liable*, *entitled*, *permitted* (*is
/// not liable*, *shall not be entitled*), or a *neither*, *no*, *none*
/// whose clause goes on with *shall*, *may* or *must* within four words
/// (*Neither party shall*, *No person may*).
fn en_prohibits(text: &str, words: &[EnWord<'_>], (s, _): (usize, usize)) -> bool {
    let Ok(i) = words.binary_search_by_key(&s, |w| w.0) else {
        return false;
    };
    let w = &*words[i].2;
    if matches!(w, "mustn't" | "shan't" | "shouldn't") {
        return true;
    }
    let prev = |k: usize| k.checked_sub(1).map(|k| &*words[k].2);
    if w == "not" && prev(i).is_some_and(|p| EN_PROHIBITING_MODALS.contains(&p)) {
        return true;
    }
    if w == "not"
        && words[i + 1..]
            .iter()
            .take(2)
            .any(|n| EN_EXCLUDED_AFTER_NOT.contains(&&*n.2))
    {
        return true;
    }
    if matches!(w, "neither" | "no" | "none") {
        let clause_end = text[words[i].1..]
            .find(['.', ';', ',', '!', '?', '。', '；', '，'])
            .map_or(text.len(), |b| words[i].1 + b);
        return words[i + 1..]
            .iter()
            .take(4)
            .take_while(|n| n.0 < clause_end)
            .any(|n| matches!(&*n.2, "shall" | "may" | "must"));
    }
    // The imperative: the clause's first word (after *please*) is the
    // negation itself (*Don't*) or the *do* before its *not*.
    let mut head = match w {
        "don't" => i,
        "not" if prev(i) == Some("do") => i - 1,
        _ => return false,
    };
    // *Don't you see?*: a question, not an order.
    if words
        .get(i + 1)
        .is_some_and(|n| EN_TAG_PRONOUNS.contains(&&*n.2))
    {
        return false;
    }
    if prev(head) == Some("please") {
        head -= 1;
    }
    let lead = text[..words[head].0].trim_end();
    lead.is_empty()
        || lead.ends_with([
            '.', '!', '?', ';', ':', '"', '“', '(', '。', '！', '？', '；', '：', '（',
        ])
}

/// A `negation` flag when one side of a Chinese–English segment holds a
/// negation and the other has no negative meaning at all: a warning, or an
/// error when the lost negation prohibits ([`zh_prohibits`],
/// [`en_prohibits`]); its evidence quotes the negation words, its spans
/// point at them.
pub(crate) fn negation(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang, out: &mut Vec<Flag>) {
    let (zh, en, zh_side, en_side) = match (src_lang, tgt_lang) {
        (Lang::Zh, Lang::En) => (src, tgt, Side::Source, Side::Target),
        (Lang::En, Lang::Zh) => (tgt, src, Side::Target, Side::Source),
        _ => return,
    };
    let words = en_words(en);
    // A bound turned round (不超过 → *at least*).
    if let Some(f) = bound_reversed(zh, en, &words, zh_side, en_side) {
        out.push(f);
    }
    // A caution lost (慎用 → *Suitable for*).
    if let Some(f) = caution_lost(zh, en, &words, zh_side, en_side) {
        out.push(f);
    }
    let mut zh_marks = zh_negations(zh);
    // A prohibition is rendered by no *under 12* (禁用 → *Use in children
    // under 12*).
    let prohibiting = zh_marks.iter().any(|&m| zh_prohibits(zh, m).is_some());
    let en_neg = en_negative_but(en, &words, !prohibiting);
    if !zh_marks.is_empty() && !en_neg {
        // A word negative by an affix cancels only the negation whose
        // predicate it renders.
        let affixed = en_affixed(&words);
        zh_marks.retain(|&m| !zh_negation_rendered(zh, m, &affixed));
    }
    if !zh_marks.is_empty() && !en_neg {
        // A prohibition is quoted whole (不得, not its 不).
        let prohibitions: Vec<(usize, usize)> = zh_marks
            .iter()
            .filter_map(|&m| zh_prohibits(zh, m).map(|end| (m.0, end)))
            .collect();
        if prohibitions.is_empty() {
            out.push(lost(zh, &zh_marks, zh_side, ("Chinese", "English"), false));
        } else {
            out.push(lost(
                zh,
                &prohibitions,
                zh_side,
                ("Chinese", "English"),
                true,
            ));
        }
        return;
    }
    let en_marks = en_negations_in(en, &words);
    if !en_marks.is_empty() && !zh_negative(zh) {
        let prohibits = en_marks.iter().any(|&m| en_prohibits(en, &words, m));
        out.push(lost(
            en,
            &en_marks,
            en_side,
            ("English", "Chinese"),
            prohibits,
        ));
        return;
    }
    // Both sides negate: each negation needs its own counterpart, so a
    // negation elsewhere in the sentence hides no lost one.
    if let Some(f) = unmatched(zh, en, &words, (zh_marks, en_marks), zh_side, en_side) {
        out.push(f);
    }
}

/// Chinese words whose 未 an English word without a negation renders (未偿还
/// → *outstanding*, 未分配利润 → *retained earnings*), with those English
/// words: where the English holds one, the 未 is no negation to match.
const ZH_LEXICAL_NEGATIONS: &[(&str, &[&str])] = &[
    ("未偿", &["outstanding", "unpaid", "owing", "unsettled"]),
    ("未分配", &["retained", "undistributed"]),
    ("未决", &["pending", "outstanding"]),
    ("未到期", &["unexpired", "unmatured", "remaining"]),
    ("未实现", &["unrealised", "unrealized"]),
];

/// Whether the 未 at `zh[s..]` begins one of [`ZH_LEXICAL_NEGATIONS`]'s words
/// that `words` (the English's [`en_words`]) render.
fn zh_lexical(zh: &str, s: usize, words: &[EnWord<'_>]) -> bool {
    ZH_LEXICAL_NEGATIONS
        .iter()
        .any(|(w, en)| zh[s..].starts_with(w) && words.iter().any(|x| en.contains(&&*x.2)))
}

/// Which of the English words `words` are a bound's (*not exceed*, *no
/// less than*): their negation is the Chinese bound word's (不超过, 不低于),
/// which is no negation of the clause.
fn en_bound_words(words: &[EnWord<'_>]) -> Vec<bool> {
    let mut inside = vec![false; words.len()];
    for i in 0..words.len() {
        if let Some((p, _)) = bound_phrases()
            .at(words, i)
            .find(|(p, _)| starts_phrase(words, i, p))
        {
            inside[i..i + p.len()].iter_mut().for_each(|x| *x = true);
        }
    }
    inside
}

/// The English negation words to be matched one by one, of the strict
/// reading's (`strict`, [`en_negations`] of the text whose [`en_words`] are
/// `words`): not a bound's (*not exceed*), not a *nor*
/// after a *neither* (*neither … nor* is one negation, as 均不 is).
fn en_counted(strict: &[(usize, usize)], words: &[EnWord<'_>]) -> Vec<(usize, usize)> {
    let bound = en_bound_words(words);
    let mut neither = false;
    strict
        .iter()
        .copied()
        .filter(|&(s, _)| {
            let Ok(i) = words.binary_search_by_key(&s, |w| w.0) else {
                return true;
            };
            let w = &*words[i].2;
            let keep = !bound[i] && (w != "nor" || !neither);
            neither |= w == "neither";
            keep
        })
        .collect()
}

/// How many words of negative meaning `en` holds (the loose reading,
/// counted): negation words (absorbed ones too, a *nor* never), words and
/// phrases of negative meaning; a *non-* word that renders a Chinese 非 outside `zh_marks`
/// (非标准化 → *non-standard*) is no counterpart of a negation.
fn en_negative_count(
    en: &str,
    words: &[EnWord<'_>],
    strict: &[(usize, usize)],
    zh: &str,
    zh_marks: &[(usize, usize)],
) -> usize {
    let mut count = strict.len();
    let mut non: usize = 0;
    for (i, (s, _, w)) in words.iter().enumerate() {
        if strict.iter().any(|m| m.0 == *s) {
            continue;
        }
        if w == "non" {
            non += 1;
        } else if en_negative_core(w) && w != "nor" {
            // A negation the strict reading absorbs (*don't just*, *not
            // only*) may still render one.
            count += 1;
        } else if negative_phrases()
            .at(words, i)
            .any(|p| starts_phrase(words, i, p))
            || under_amount(en, words, i)
        {
            count += 1;
        }
    }
    let covered = cover_absorbed(zh);
    let fei = zh
        .match_indices('非')
        .filter(|&(b, _)| !covered[b] && !zh_marks.iter().any(|m| m.0 <= b && b < m.1))
        .count();
    count + non.saturating_sub(fei)
}

/// How many words of negative meaning `zh` holds (the loose reading,
/// counted): characters that negate, outside the words where they do not
/// ([`ZH_NOT_NEGATIVE`]) and the 未 an English word renders
/// ([`ZH_LEXICAL_NEGATIONS`]), and words of negative meaning.
fn zh_negative_count(zh: &str, words: &[EnWord<'_>]) -> usize {
    let covered = cover_not_negative(zh);
    let chars = zh
        .char_indices()
        .filter(|&(b, c)| ZH_NEGATIVE_CHARS.contains(c) && !covered[b] && !zh_lexical(zh, b, words))
        .count();
    let count = chars + negative_words().count(zh);
    // A rhetorical question (有什么用？) negates once.
    if count == 0 && zh_rhetorical(zh) {
        1
    } else {
        count
    }
}

/// Byte spans of negation words.
type Marks = Vec<(usize, usize)>;

/// A negation lost beside another one: a side holds more negations than
/// the other holds words of negative meaning. An error when the lost ones
/// include a prohibition the other side has no counterpart for (the
/// Chinese has more prohibitions than the English, or the reverse); a
/// warning only when the other side is left with none once the words that
/// render no negation are set aside (非标准化 ↔ *non-standard*, 未偿还 ↔
/// *outstanding*): literary translations often merge or restate two
/// statement negations (quality bench, RESULTS.md session 30).
fn unmatched(
    zh: &str,
    en: &str,
    words: &[EnWord<'_>],
    (mut zh_marks, en_strict): (Marks, Marks),
    zh_side: Side,
    en_side: Side,
) -> Option<Flag> {
    let affixed = en_affixed(words);
    zh_marks.retain(|&m| !zh_lexical(zh, m.0, words) && !zh_negation_rendered(zh, m, &affixed));
    let en_marks = en_counted(&en_strict, words);
    let en_prohibitions: Vec<(usize, usize)> = en_marks
        .iter()
        .copied()
        .filter(|&m| en_prohibits(en, words, m))
        .chain(
            words
                .iter()
                .filter(|w| {
                    inflects(&w.2, "prohibit") || inflects(&w.2, "forbid") || w.2 == "forbidden"
                })
                .map(|w| (w.0, w.1)),
        )
        .collect();
    let zh_prohibitions: Vec<(usize, usize)> = zh_marks
        .iter()
        .filter_map(|&m| zh_prohibits(zh, m).map(|end| (m.0, end)))
        .collect();
    let (zh_n, en_n) = (
        zh_marks.len(),
        en_negative_count(en, words, &en_marks, zh, &zh_marks),
    );
    if zh_n > en_n {
        let (marks, prohibits) = if zh_prohibitions.len() > en_prohibitions.len() {
            (zh_prohibitions, true)
        } else if en_n == 0 {
            (zh_marks, false)
        } else {
            return None;
        };
        return Some(outnumbered(
            zh,
            &marks,
            zh_side,
            ("Chinese", "English"),
            prohibits,
            (zh_n, en_n),
        ));
    }
    let (en_n, zh_n) = (en_marks.len(), zh_negative_count(zh, words));
    if en_n > zh_n {
        let (marks, prohibits) = if en_prohibitions.len() > zh_prohibitions.len() {
            let strict: Vec<(usize, usize)> = en_prohibitions
                .into_iter()
                .filter(|m| en_marks.contains(m))
                .collect();
            let prohibits = !strict.is_empty();
            (if prohibits { strict } else { en_marks }, prohibits)
        } else if zh_n == 0 {
            (en_marks, false)
        } else {
            return None;
        };
        return Some(outnumbered(
            en,
            &marks,
            en_side,
            ("English", "Chinese"),
            prohibits,
            (en_n, zh_n),
        ));
    }
    None
}

/// The flag for negations `marks` of `text` that outnumber the other side's
/// (`counts`: this side's negations, the other side's words of negative
/// meaning).
fn outnumbered(
    text: &str,
    marks: &[(usize, usize)],
    side: Side,
    (has, lacks): (&str, &str),
    prohibits: bool,
    (n, m): (usize, usize),
) -> Flag {
    let mut f = lost(text, marks, side, (has, lacks), prohibits);
    let quoted = quote_marks(text, marks);
    f.evidence = if prohibits {
        format!(
            "the {has} prohibits ({quoted}) but the {lacks} has no negation for it ({n} negations against {m}): the instruction is reversed"
        )
    } else {
        format!(
            "the {has} has {n} negation{} ({quoted}) but the {lacks} only {m}: one may be lost and the meaning reversed",
            if n == 1 { "" } else { "s" }
        )
    };
    f
}

/// Chinese bounds written with a negation (不超过 "not exceeding", 不低于
/// "not below"): the word and its direction, 0 an upper bound (at most, less
/// than), 1 a lower bound (at least). They are no negation of the clause
/// ([`ZH_ABSORBED`] holds them); [`bound_reversed`] checks their direction.
const ZH_BOUNDS: &[(&str, usize)] = &[
    // A prohibited bound (不得超过 "must not exceed", trial 31) before
    // the bound word it holds.
    ("不得超过", 0),
    ("不应超过", 0),
    ("不宜超过", 0),
    ("不能超过", 0),
    ("不可超过", 0),
    ("不得高于", 0),
    ("不得大于", 0),
    ("不得多于", 0),
    ("不得低于", 1),
    ("不得少于", 1),
    ("不得小于", 1),
    ("不应低于", 1),
    ("不应少于", 1),
    ("不超过", 0),
    ("不超出", 0),
    ("不高于", 0),
    ("不多于", 0),
    ("不大于", 0),
    ("不逾", 0),
    ("不足", 0),
    ("不低于", 1),
    ("不少于", 1),
    ("不小于", 1),
];

/// Chinese bounds written after a figure (25°C以下 "below 25°C", 18岁以上
/// "over 18", 10天以内 "within 10 days"), with their direction: a bound
/// only where a figure comes right before them, within
/// [`ZH_BOUND_AFTER_FIGURE_REACH`] characters ([`zh_bound_after_figure`]);
/// 以下 alone is "the following".
const ZH_BOUNDS_AFTER_FIGURE: &[(&str, usize)] = &[("以下", 0), ("以内", 0), ("以上", 1)];

/// How many characters a figure may come before a bound of
/// [`ZH_BOUNDS_AFTER_FIGURE`]: its unit (25°C以下, 6个月以下).
const ZH_BOUND_AFTER_FIGURE_REACH: usize = 3;

/// Chinese comparative bounds written before a figure (低于25°C "below
/// 25°C", 高于 "above"), with their direction; a bound only where a
/// figure follows.
const ZH_BOUNDS_BEFORE_FIGURE: &[(&str, usize)] = &[("低于", 0), ("高于", 1)];

/// Whether the Chinese bound word at `zh[s..e]` of
/// [`ZH_BOUNDS_AFTER_FIGURE`] follows a figure: a digit or a numeral
/// within a few characters before it, in its clause (25°C以下, 十八岁以下).
fn zh_bound_after_figure(zh: &str, s: usize) -> bool {
    zh[..s]
        .chars()
        .rev()
        .take_while(|&c| !is_clause_mark(c))
        .take(ZH_BOUND_AFTER_FIGURE_REACH + 1)
        .any(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || "零一二三四五六七八九十百千万两".contains(c)
        })
}

/// A text with the characters known to begin words of a list in it or not,
/// so that a list of words is searched for one character search per first
/// character (most texts hold none of a list's words, and a search for a
/// word costs several times one for a character).
struct FirstChars<'t> {
    text: &'t str,
    /// Each first character looked for, and whether the text holds it.
    known: Vec<(char, bool)>,
}

impl<'t> FirstChars<'t> {
    fn new(text: &'t str) -> Self {
        FirstChars {
            text,
            known: Vec::new(),
        }
    }

    /// `text.match_indices(w)`, or none, without a search for `w`, when the
    /// text lacks `w`'s first character.
    fn match_indices<'w>(
        &mut self,
        w: &'w str,
    ) -> impl Iterator<Item = (usize, &'t str)> + use<'t, 'w> {
        let holds = match w.chars().next() {
            None => true,
            Some(c) => match self.known.iter().find(|k| k.0 == c) {
                Some(&(_, h)) => h,
                None => {
                    let h = self.text.contains(c);
                    self.known.push((c, h));
                    h
                }
            },
        };
        holds
            .then(|| self.text.match_indices(w))
            .into_iter()
            .flatten()
    }
}

/// The Chinese bounds of `zh`, as spans with their direction (0 upper, 1
/// lower), in order: [`ZH_BOUNDS`] anywhere, [`ZH_BOUNDS_AFTER_FIGURE`]
/// after a figure, [`ZH_BOUNDS_BEFORE_FIGURE`] before one; none inside
/// another.
fn zh_bounds(zh: &str) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut firsts = FirstChars::new(zh);
    let add = |i: usize, w: &str, dir: usize, found: &mut Vec<(usize, usize, usize)>| {
        if !found.iter().any(|&(s, e, _)| s < i + w.len() && i < e) {
            found.push((i, i + w.len(), dir));
        }
    };
    for &(w, dir) in ZH_BOUNDS {
        for (i, _) in firsts.match_indices(w) {
            add(i, w, dir, &mut found);
        }
    }
    for &(w, dir) in ZH_BOUNDS_AFTER_FIGURE {
        for (i, _) in firsts.match_indices(w) {
            if zh_bound_after_figure(zh, i) {
                add(i, w, dir, &mut found);
            }
        }
    }
    for &(w, dir) in ZH_BOUNDS_BEFORE_FIGURE {
        for (i, _) in firsts.match_indices(w) {
            let next = zh[i + w.len()..].trim_start().chars().next();
            if next.is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '零') {
                add(i, w, dir, &mut found);
            }
        }
    }
    found.sort_unstable();
    found
}

/// English bound phrases and their direction (0 upper, 1 lower), longest
/// first where one begins another (*not less than* before *less than*).
/// *over*, *above*, *under*, *below* count only before a figure
/// ([`EN_BOUNDS_BEFORE_FIGURE`]).
const EN_BOUNDS: &[(&[&str], usize)] = &[
    (&["not", "to", "exceed"], 0),
    (&["no", "more", "than"], 0),
    (&["not", "more", "than"], 0),
    (&["no", "higher", "than"], 0),
    (&["not", "higher", "than"], 0),
    (&["no", "greater", "than"], 0),
    (&["not", "greater", "than"], 0),
    (&["no", "less", "than"], 1),
    (&["not", "less", "than"], 1),
    (&["no", "fewer", "than"], 1),
    (&["not", "fewer", "than"], 1),
    (&["no", "lower", "than"], 1),
    (&["not", "lower", "than"], 1),
    (&["in", "excess", "of"], 1),
    (&["not", "exceeding"], 0),
    (&["not", "exceed"], 0),
    (&["up", "to"], 0),
    (&["at", "most"], 0),
    (&["or", "less"], 0),
    (&["or", "fewer"], 0),
    (&["or", "below"], 0),
    (&["or", "lower"], 0),
    (&["less", "than"], 0),
    (&["fewer", "than"], 0),
    (&["lower", "than"], 0),
    (&["not", "below"], 1),
    (&["not", "under"], 1),
    (&["not", "above"], 0),
    (&["not", "over"], 0),
    (&["at", "least"], 1),
    (&["or", "more"], 1),
    (&["or", "above"], 1),
    (&["or", "higher"], 1),
    (&["more", "than"], 1),
    (&["greater", "than"], 1),
    (&["higher", "than"], 1),
    (&["maximum"], 0),
    (&["capped"], 0),
    (&["minimum"], 1),
    (&["exceeding"], 1),
    (&["exceeds"], 1),
    (&["exceed"], 1),
    (&["exceeded"], 1),
];

/// Words that are a bound only before a figure (*over 30 days*, *under
/// RMB1 million*), with their direction.
const EN_BOUNDS_BEFORE_FIGURE: &[(&str, usize)] =
    &[("over", 1), ("above", 1), ("under", 0), ("below", 0)];

/// Whether one of the three words before `words[i]` negates it (*not give
/// more than*, *not use for more than*, *must not be less than*, *doesn't
/// exceed*).
fn en_negated_before(words: &[EnWord<'_>], i: usize) -> bool {
    words[i.saturating_sub(3)..i]
        .iter()
        .any(|w| matches!(&*w.2, "not" | "never") || w.2.ends_with("n't"))
}

/// Whether a figure (a digit, a currency sign or code, a number word)
/// starts `rest`.
fn figure_starts(rest: &str) -> bool {
    let rest = rest.trim_start();
    let rest = ["RMB", "HK$", "US$", "HK", "US"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest)
        .trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit() || "$¥£€".contains(c))
        || EN_AMOUNTS.iter().any(|a| {
            rest.len() > a.len()
                && rest.to_ascii_lowercase().starts_with(a)
                && !rest.as_bytes()[a.len()].is_ascii_alphabetic()
        })
}

/// Whether a text states a figure: a number the number check reads, in
/// any notation (`20%`, `百分之二十`, `三年`, *three years*, 壹佰万元).
fn has_figure(text: &str, lang: Lang) -> bool {
    text.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || !crate::numbers::mentions(text, lang).is_empty()
}

/// A bound turned round (不超过 → *at least*, 不低于 → *up to*): the
/// Chinese bounds in one direction only and the English only in the
/// other. An error when both sides state a figure, in digits or in words
/// (a threshold of a rule or an offer reversed), else a warning.
fn bound_reversed(
    zh: &str,
    en: &str,
    words: &[EnWord<'_>],
    zh_side: Side,
    en_side: Side,
) -> Option<Flag> {
    let mut zh_found = zh_bounds(zh);
    let zh_dir = zh_found.first()?.2;
    if zh_found.iter().any(|f| f.2 != zh_dir) {
        return None;
    }
    let mut en_found: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(&(phrase, dir)) = bound_phrases()
            .at(words, i)
            .find(|(p, _)| starts_phrase(words, i, p))
        {
            // A negation a word or two before turns the bound round (*do
            // not give more than 4 doses*, *must not be less than*).
            let dir = if en_negated_before(words, i) {
                1 - dir
            } else {
                dir
            };
            en_found.push((words[i].0, words[i + phrase.len() - 1].1, dir));
            i += phrase.len();
            continue;
        }
        if let Some(&(_, dir)) = EN_BOUNDS_BEFORE_FIGURE
            .iter()
            .find(|(w, _)| *w == words[i].2)
            && figure_starts(&en[words[i].1..])
        {
            let dir = if en_negated_before(words, i) {
                1 - dir
            } else {
                dir
            };
            en_found.push((words[i].0, words[i].1, dir));
        }
        i += 1;
    }
    if en_found.is_empty() || en_found.iter().any(|f| f.2 == zh_dir) {
        return None;
    }
    zh_found.sort_unstable();
    let quote = |text: &str, found: &[(usize, usize, usize)]| {
        let mut q: Vec<String> = Vec::new();
        for &(s, e, _) in found {
            let w = format!("“{}”", &text[s..e]);
            if !q.contains(&w) {
                q.push(w);
            }
        }
        q.join(", ")
    };
    let names = ["an upper bound, at most", "a lower bound, at least"];
    let severity = if has_figure(zh, Lang::Zh) && has_figure(en, Lang::En) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut spans: Vec<Span> = zh_found
        .iter()
        .map(|&(start, end, _)| Span {
            side: zh_side,
            start,
            end,
        })
        .chain(en_found.iter().map(|&(start, end, _)| Span {
            side: en_side,
            start,
            end,
        }))
        .collect();
    if zh_side == Side::Target {
        spans.sort_by_key(|s| s.side != Side::Source);
    }
    Some(Flag {
        kind: FlagKind::Negation,
        severity,
        evidence: format!(
            "the Chinese sets {} ({}) but the English {} ({}): the bound is reversed",
            names[zh_dir],
            quote(zh, &zh_found),
            names[1 - zh_dir],
            quote(en, &en_found)
        ),
        spans,
    })
}

/// Chinese words of a caution (慎用 "use with caution", a package
/// insert's warning).
const ZH_CAUTIONS: &[&str] = &["慎用", "慎服", "慎重使用", "谨慎使用", "谨慎服用"];

/// Chinese words that may render an English caution.
const ZH_CAUTION_RENDERINGS: &[&str] = &["慎", "小心", "注意", "留意", "当心", "警惕", "监测"];

/// Beginnings of English words that state or render a caution (*caution*,
/// *cautiously*, *careful*, *care*, *warning*, *monitor*).
const EN_CAUTION_STEMS: &[&str] = &["caution", "care", "warn", "prudent", "monitor", "attention"];

/// English phrases of a caution (*use with caution*, *use cautiously*,
/// *use with care*).
const EN_CAUTIONS: &[&[&str]] = &[
    &["with", "caution"],
    &["cautiously"],
    &["with", "care"],
    &["with", "great", "care"],
];

/// A caution lost (慎用 → *Suitable for*, *Use with caution* → 适用于): one
/// side cautions and the other has no word of caution, no negation and no
/// word of negative meaning (*avoid*, 禁用) either. An error: the warning
/// of a package insert turned into a recommendation (trial 31).
fn caution_lost(
    zh: &str,
    en: &str,
    words: &[EnWord<'_>],
    zh_side: Side,
    en_side: Side,
) -> Option<Flag> {
    let en_cautions: Vec<(usize, usize)> = (0..words.len())
        .filter_map(|i| {
            let p = EN_CAUTIONS.iter().find(|p| starts_phrase(words, i, p))?;
            Some((words[i].0, words[i + p.len() - 1].1))
        })
        .collect();
    let mut firsts = FirstChars::new(zh);
    let zh_cautions: Vec<(usize, usize)> = ZH_CAUTIONS
        .iter()
        .flat_map(|w| {
            firsts
                .match_indices(w)
                .map(|(i, _)| (i, i + w.len()))
                .collect::<Vec<_>>()
        })
        .collect();
    if !zh_cautions.is_empty() && en_cautions.is_empty() {
        let rendered = words
            .iter()
            .any(|w| EN_CAUTION_STEMS.iter().any(|s| w.2.starts_with(s)) || en_negative_core(&w.2));
        if rendered {
            return None;
        }
        let mut f = lost(zh, &zh_cautions, zh_side, ("Chinese", "English"), true);
        f.evidence = format!(
            "the Chinese cautions ({}) but the English has no caution: the warning is lost",
            quote_marks(zh, &zh_cautions)
        );
        return Some(f);
    }
    if !en_cautions.is_empty() && zh_cautions.is_empty() {
        if ZH_CAUTION_RENDERINGS
            .iter()
            .any(|w| firsts.match_indices(w).next().is_some())
            || zh_negative(zh)
        {
            return None;
        }
        let mut f = lost(en, &en_cautions, en_side, ("English", "Chinese"), true);
        f.evidence = format!(
            "the English cautions ({}) but the Chinese has no caution: the warning is lost",
            quote_marks(en, &en_cautions)
        );
        return Some(f);
    }
    None
}

/// Each negation word of `marks` once, quoted, in order of first use (the
/// spans give every place).
fn quote_marks(text: &str, marks: &[(usize, usize)]) -> String {
    let mut quoted: Vec<String> = Vec::new();
    for &(s, e) in marks {
        let q = format!("“{}”", &text[s..e]);
        if !quoted.contains(&q) {
            quoted.push(q);
        }
    }
    quoted.join(", ")
}

/// The flag for `text`'s negations `marks`, lost in the other language:
/// `langs` names the side that has them, then the side that lacks them.
fn lost(
    text: &str,
    marks: &[(usize, usize)],
    side: Side,
    (has, lacks): (&str, &str),
    prohibits: bool,
) -> Flag {
    let quoted = quote_marks(text, marks);
    let (severity, evidence) = if prohibits {
        (
            Severity::Error,
            format!(
                "the {has} prohibits ({quoted}) but the {lacks} has no negation: the instruction is reversed"
            ),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "the {has} is negated ({quoted}) but the {lacks} has no negation: the meaning may be reversed"
            ),
        )
    };
    Flag {
        kind: FlagKind::Negation,
        severity,
        evidence,
        spans: marks
            .iter()
            .map(|&(start, end)| Span { side, start, end })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_index_finds_what_the_whole_list_finds() {
        let text = "not only no less than not to exceed no more than why not yet to in vain \
                    not until rather than could not agree more no sooner not";
        let words = en_words(text);
        for i in 0..words.len() {
            let by_list: Vec<&[&str]> = EN_ABSORBED
                .iter()
                .copied()
                .filter(|p| starts_phrase(&words, i, p))
                .collect();
            let by_index: Vec<&[&str]> = absorbed_phrases()
                .at(&words, i)
                .copied()
                .filter(|p| starts_phrase(&words, i, p))
                .collect();
            assert_eq!(by_list, by_index, "{i}");
            let bound = |p: &&(&[&str], usize)| starts_phrase(&words, i, p.0);
            assert_eq!(
                EN_BOUNDS.iter().find(bound),
                bound_phrases().at(&words, i).find(bound)
            );
            let negative = |p: &&[&str]| starts_phrase(&words, i, p);
            assert_eq!(
                EN_NEGATIVE_PHRASES.iter().any(negative),
                negative_phrases().at(&words, i).any(negative)
            );
        }
        assert!(absorbed_phrases().at(&words, 0).count() > 1);
    }

    #[test]
    fn the_negative_verb_forms_are_the_words_that_inflect_a_negative_verb() {
        let forms = negative_verb_forms();
        for w in forms {
            assert!(EN_NEGATIVE_VERBS.iter().any(|v| inflects(w, v)), "{w}");
        }
        // Every verb with every ending, doubled last letters and stems
        // (and near misses) read both ways.
        let endings = [
            "", "s", "es", "d", "ed", "ing", "ies", "ied", "ly", "er", "e", "y", "ss", "eded",
        ];
        for verb in EN_NEGATIVE_VERBS {
            let last = verb.chars().last().unwrap();
            let mut stems = vec![verb.to_string(), format!("{verb}{last}")];
            for cut in 1..=2 {
                stems.push(verb[..verb.len() - cut].to_string());
            }
            for stem in &stems {
                for ending in endings {
                    let w = format!("{stem}{ending}");
                    let inflected = EN_NEGATIVE_VERBS.iter().any(|v| inflects(&w, v));
                    assert_eq!(forms.contains(w.as_str()), inflected, "{w}");
                }
            }
        }
        for w in [
            "refuses",
            "denied",
            "omitted",
            "failing",
            "excluding",
            "not",
            "prevents",
        ] {
            let inflected = EN_NEGATIVE_VERBS.iter().any(|v| inflects(w, v));
            assert_eq!(forms.contains(w), inflected, "{w}");
        }
    }

    /// Each word's occurrences from the left that do not overlap each
    /// other, marked one word at a time (what [`WordSet::cover`] finds in
    /// one pass).
    fn cover_word_by_word(text: &str, lists: &[&[&str]]) -> Vec<bool> {
        let mut covered = vec![false; text.len()];
        for w in lists.iter().flat_map(|l| l.iter()) {
            for (i, _) in text.match_indices(w) {
                covered[i..i + w.len()].iter_mut().for_each(|c| *c = true);
            }
        }
        covered
    }

    proptest::proptest! {
        /// Texts dense in the lists' characters, where words overlap each
        /// other and themselves (不得不得不).
        #[test]
        fn one_pass_covers_as_word_by_word(text in "[不得断久管论无数别人的特未来没有非常了,。a]{0,24}") {
            proptest::prop_assert_eq!(
                cover_absorbed(&text),
                cover_word_by_word(&text, &[ZH_ABSORBED, ZH_NOT_NEGATIVE])
            );
            proptest::prop_assert_eq!(
                cover_not_negative(&text),
                cover_word_by_word(&text, &[ZH_NOT_NEGATIVE])
            );
        }
    }

    #[test]
    fn clause_marks_are_those_of_the_list() {
        let marks = "，。！？；：“”「」‘’、,.!?;:\"'（(";
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}']) {
            assert_eq!(is_clause_mark(c), marks.contains(c), "{c:?}");
        }
    }

    #[test]
    fn the_core_set_is_the_three_lists() {
        let separately = |w: &str| {
            is_en_negation(w) || is_en_negative_word(w) || negative_verb_forms().contains(w)
        };
        let others = [
            "don't", "won't", "the", "note", "nothing", "n't", "", "refusal", "x",
        ];
        for w in EN_NEGATIONS
            .iter()
            .chain(EN_NEGATIVE_WORDS)
            .copied()
            .chain(negative_verb_forms().iter().map(String::as_str))
            .chain(others)
        {
            assert_eq!(en_negative_core(w), separately(w), "{w}");
        }
    }

    /// The English words as the walk over the characters read them.
    fn en_words_by_characters(text: &str) -> Vec<(usize, usize, String)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            if !chars[k].1.is_ascii_alphabetic() {
                k += 1;
                continue;
            }
            let mut end = k;
            while end < chars.len() {
                let c = chars[end].1;
                let joins = (c == '\'' || c == '’')
                    && chars
                        .get(end + 1)
                        .is_some_and(|&(_, d)| d.is_ascii_alphabetic());
                if c.is_ascii_alphabetic() || joins {
                    end += 1;
                } else {
                    break;
                }
            }
            let (s, e) = (chars[k].0, chars.get(end).map_or(text.len(), |&(b, _)| b));
            out.push((s, e, text[s..e].to_ascii_lowercase().replace('’', "'")));
            k = end;
        }
        out
    }

    proptest::proptest! {
        /// Apostrophes of both kinds between, before, after and doubled
        /// beside letters, with Han, accented and four-byte characters.
        #[test]
        fn en_words_are_read_as_over_the_characters(text in "[aBz'’ é王\u{1F600}.-]{0,24}") {
            let words: Vec<(usize, usize, String)> = en_words(&text)
                .into_iter()
                .map(|(s, e, w)| (s, e, w.into_owned()))
                .collect();
            proptest::prop_assert_eq!(words, en_words_by_characters(&text));
        }
    }

    proptest::proptest! {
        /// A list's words are found where `str::match_indices` finds them,
        /// whether or not the text holds their first characters, asked in
        /// any order and again.
        #[test]
        fn words_behind_a_first_character_are_found_as_by_match_indices(
            text in "[不得超过以下低于慎用谨重小心a。]{0,20}",
            order in proptest::collection::vec(0usize..8, 0..12),
        ) {
            let words = ["不得超过", "不超过", "以下", "低于", "慎用", "谨慎使用", "小心", ""];
            let mut firsts = FirstChars::new(&text);
            for k in order {
                let w = words[k];
                let got: Vec<(usize, &str)> = firsts.match_indices(w).collect();
                let expected: Vec<(usize, &str)> = text.match_indices(w).collect();
                proptest::prop_assert_eq!(got, expected);
            }
        }
    }

    /// Whether a text asks a rhetorical question, read as before the
    /// question-mark check: every text's table of questions ahead made
    /// and its question words looked up.
    fn rhetorical_word_by_word(text: &str) -> bool {
        let asks = questions_ahead(text);
        ZH_QUESTION_WORDS
            .iter()
            .any(|w| text.match_indices(w).any(|(i, _)| asks[i]))
    }

    proptest::proptest! {
        /// The negative words counted in one pass are those `str::matches`
        /// counts word by word, in texts dense in their characters (白白白
        /// holds one 白白, as `matches` counts it); found, and a rhetorical
        /// question read, as word by word.
        #[test]
        fn negative_words_in_one_pass_are_counted_as_word_by_word(
            text in "[外难拒缺失败停禁避防止阻才反而宁放弃鲜有空白徒休想何必尝曾怎么会能哪拦戒什谁岂道？?。！a]{0,24}"
        ) {
            let by_word: usize = ZH_NEGATIVE_WORDS.iter().map(|w| text.matches(w).count()).sum();
            proptest::prop_assert_eq!(negative_words().count(&text), by_word);
            proptest::prop_assert_eq!(
                negative_words().is_match(&text),
                ZH_NEGATIVE_WORDS.iter().any(|w| text.contains(w))
            );
            proptest::prop_assert_eq!(zh_rhetorical(&text), rhetorical_word_by_word(&text));
        }
    }

    #[test]
    fn a_word_overlapping_itself_is_counted_as_matches_counts_it() {
        assert_eq!(
            negative_words().count("白白白白白"),
            "白白白白白".matches("白白").count()
        );
        assert_eq!(negative_words().count("白白白白白"), 2);
    }

    #[test]
    fn a_word_overlapping_itself_is_covered_as_match_indices_finds_it() {
        // 不得不 twice, overlapping on the middle 不: the second is no
        // occurrence of its own, as with `str::match_indices`.
        let text = "不得不得不";
        assert_eq!(
            cover_absorbed(text),
            cover_word_by_word(text, &[ZH_ABSORBED, ZH_NOT_NEGATIVE])
        );
    }

    fn flags(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang) -> Vec<Flag> {
        let mut out = Vec::new();
        negation(src, tgt, src_lang, tgt_lang, &mut out);
        out
    }

    fn zh_en(zh: &str, en: &str) -> Vec<Flag> {
        flags(zh, en, Lang::Zh, Lang::En)
    }

    #[test]
    fn a_chinese_negation_lost_in_english_is_flagged_with_its_span() {
        let zh = "小王不喜欢下雨天。";
        let f = zh_en(zh, "Xiao Wang likes rainy days.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FlagKind::Negation);
        assert_eq!(f[0].severity, Severity::Warning);
        let s = &f[0].spans[0];
        assert_eq!(s.side, Side::Source);
        assert_eq!(&zh[s.start..s.end], "不");
        assert_eq!(
            f[0].evidence,
            "the Chinese is negated (“不”) but the English has no negation: the meaning may be reversed"
        );
        // Kept, no flag.
        assert!(zh_en(zh, "Xiao Wang does not like rainy days.").is_empty());
        assert!(zh_en(zh, "Xiao Wang dislikes rainy days.").is_empty());
    }

    #[test]
    fn incompatible_renders_bu_xiangrong_and_unilateralism_negates_nothing() {
        // The sample release's 同单边主义绝不相容 / *absolutely incompatible
        // with unilateralism*: *incompatible* renders 不相容.
        for (zh, en) in [
            (
                "这是当代践行多边主义的应有之义，同单边主义绝不相容。",
                "This is what the contemporary practice of multilateralism should be, and it is absolutely incompatible with unilateralism.",
            ),
            ("两者不相容。", "The two are incompatible."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}");
        }
        // *unilateral* is no negative word: the lost 不 is flagged.
        for en in [
            "We accept unilateralism.",
            "We accept unilateral sanctions.",
            "They unified the rules.",
        ] {
            let zh = if en.contains("unified") {
                "他们没有统一规则。"
            } else {
                "我们不接受单边主义。"
            };
            assert_eq!(zh_en(zh, en).len(), 1, "{zh} ↔ {en}");
        }
    }

    #[test]
    fn an_affixed_word_elsewhere_does_not_hide_a_lost_negation() {
        // Trial 24 (F2): *independent*, *unaudited*, *unlisted*,
        // *unexpected*, *uncertain* are no negation of the negated clause.
        for (zh, en) in [
            (
                "证监会认定独立董事赵明已勤勉尽责，决定对其不予处罚。",
                "The CSRC determined that independent director Zhao Ming had performed his duties diligently and decided to penalise him.",
            ),
            (
                "证监会决定对独立董事赵明不予处罚。",
                "The CSRC decided to penalise independent director Zhao Ming.",
            ),
            (
                "公司股票不会被终止上市。",
                "The company's shares will be unlisted.",
            ),
            (
                "董事会决议不派发中期股息。",
                "The Board resolved to declare an unexpected interim dividend.",
            ),
            (
                "董事会决议不派发中期股息。",
                "The Board resolved to declare an interim dividend, as it is uncertain about the outlook.",
            ),
        ] {
            assert_eq!(zh_en(zh, en).len(), 1, "{zh} ↔ {en}");
        }
        // The affixed word that renders one negation leaves the other one
        // lost: 未经审核 → *unaudited*, 不构成 → *constitute*.
        let zh = "公司未经审核的业绩不构成盈利预测。";
        let f = zh_en(
            zh,
            "The company's unaudited results constitute a profit forecast.",
        );
        assert_eq!(f.len(), 1);
        let quoted: Vec<&str> = f[0].spans.iter().map(|s| &zh[s.start..s.end]).collect();
        assert_eq!(quoted, ["不"]);
        assert!(
            zh_en(
                zh,
                "The company's unaudited results do not constitute a profit forecast."
            )
            .is_empty()
        );
        // An affixed word that renders the negated predicate still counts.
        for (zh, en) in [
            ("这个安排不公平。", "This arrangement is unfair."),
            ("结果尚不确定。", "The outcome is uncertain."),
            ("这些数据未经审核。", "These figures are unaudited."),
            ("他的话不可能是真的。", "What he said is impossible."),
            ("他们的努力没有用。", "Their efforts were useless."),
            ("她不诚实。", "She is dishonest."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
    }

    #[test]
    fn bounds_are_no_negation_and_a_reversed_bound_is_flagged() {
        // Trial 24 (FA3): 不超过, 不低于, 不少于 … are bounds.
        for (zh, en) in [
            ("最高不超过50万元。", "Up to a maximum of RMB500,000."),
            (
                "单个项目补贴不超过50万元。",
                "Each project receives at most RMB500,000.",
            ),
            (
                "贷款期限不超过三年。",
                "The loan term is three years or less.",
            ),
            (
                "年营业收入不低于2000万元。",
                "Annual revenue of at least RMB20 million.",
            ),
            ("研发人员不少于10人。", "A minimum of 10 R&D staff."),
            ("资产负债率不高于70%。", "A gearing ratio of 70% or below."),
            ("出资比例不足30%。", "A share of less than 30%."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
        // A bound turned round is a reversal: an error with figures.
        for (zh, en) in [
            ("最高不超过50万元。", "At least RMB500,000."),
            (
                "年营业收入不低于2000万元。",
                "Annual revenue of up to RMB20 million.",
            ),
            ("研发人员不少于10人。", "No more than 10 R&D staff."),
        ] {
            let f = zh_en(zh, en);
            assert_eq!(f.len(), 1, "{zh} ↔ {en}: {f:?}");
            assert_eq!(f[0].severity, Severity::Error, "{zh} ↔ {en}");
            assert!(f[0].evidence.contains("bound"), "{}", f[0].evidence);
        }
        // Whatever the notation of the figure (trial 30: 百分之二十 against
        // *20%* was a warning where 20% against 20% was an error).
        for (zh, en) in [
            (
                "贷款期限不超过三年。",
                "The loan term is at least three years.",
            ),
            (
                "罚金不超过合同金额的百分之十。",
                "The penalty shall be no less than 10% of the contract amount.",
            ),
        ] {
            let f = zh_en(zh, en);
            assert_eq!(f.len(), 1, "{zh} ↔ {en}: {f:?}");
            assert_eq!(f[0].severity, Severity::Error, "{zh} ↔ {en}");
        }
        // No figure on one side: a warning.
        assert_eq!(
            zh_en(
                "贷款期限不超过规定期限。",
                "The loan term is at least the set term."
            )[0]
            .severity,
            Severity::Warning
        );
        // Trial 30: a Chinese numeral is a figure too (百分之二十 ↔ 20%).
        let f = zh_en(
            "担保金额不超过注册资本的百分之三十。",
            "The guaranteed amount shall be no less than 30% of the registered capital.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn a_long_text_of_question_words_is_read_in_linear_time() {
        // Each question word used to scan the rest of its sentence for a
        // question mark: quadratic in a long text without a full stop.
        // (Linear, this runs in milliseconds; no timing is asserted.)
        let zh = "为什么".repeat(30_000);
        assert!(!zh_negative(&zh));
        assert!(zh_negative(&format!("{zh}？")));
        // A question mark after the sentence's end asks nothing of it.
        assert!(!zh_negative(&format!("{zh}。？")));
    }

    #[test]
    fn multi_character_negations_are_quoted_whole() {
        let zh = "这座桥尚未完工。";
        let f = zh_en(zh, "The bridge has been finished.");
        assert_eq!(f.len(), 1);
        let s = &f[0].spans[0];
        assert_eq!(&zh[s.start..s.end], "尚未");
        assert!(zh_en(zh, "The bridge is yet to be finished.").is_empty());
        assert!(zh_en(zh, "The bridge is unfinished.").is_empty());
        let f = zh_en("老李并没有离开村子。", "Old Li left the village.");
        assert_eq!(f.len(), 1);
        // 不同 "different" does not hide the 不 of 不同意 "disagree".
        assert_eq!(
            zh_en(
                "邻居们不同意修路。",
                "The neighbours agreed to build the road."
            )
            .len(),
            1
        );
        assert!(
            zh_en(
                "邻居们不同意修路。",
                "The neighbours disagreed about the road."
            )
            .is_empty()
        );
    }

    #[test]
    fn an_english_negation_lost_in_chinese_is_flagged_both_ways() {
        let en = "The shop does not open on Mondays.";
        let f = flags(en, "这家店周一开门。", Lang::En, Lang::Zh);
        assert_eq!(f.len(), 1);
        let s = &f[0].spans[0];
        assert_eq!(s.side, Side::Source);
        assert_eq!(&en[s.start..s.end], "not");
        assert!(flags(en, "这家店周一不开门。", Lang::En, Lang::Zh).is_empty());
        // zh→en with the English target negated and the Chinese not.
        let f = zh_en("这家店周一开门。", "The shop doesn't open on Mondays.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].spans[0].side, Side::Target);
        assert!(f[0].evidence.contains("doesn't"), "{}", f[0].evidence);
    }

    #[test]
    fn absorbed_negations_are_not_negations() {
        for (zh, en) in [
            ("他不久就回来了。", "He came back soon."),
            ("雨不断地下着。", "It rained constantly."),
            ("我们不得不改变计划。", "We had to change the plan."),
            (
                "无论天气如何，比赛照常进行。",
                "Whatever the weather, the match goes ahead.",
            ),
            ("这里的风景非常美。", "The scenery here is very beautiful."),
            ("她毫不犹豫地答应了。", "She agreed without hesitation."),
            (
                "他不仅会唱歌，而且会跳舞。",
                "He can not only sing but also dance.",
            ),
            ("天上有无数星星。", "There are countless stars in the sky."),
            ("这本书写得不错。", "This book is well written."),
            ("差不多十点了。", "It is almost ten o'clock."),
            ("你去不去公园？", "Are you going to the park?"),
            ("信寄到了没有？", "Has the letter arrived?"),
            ("别人都走了。", "Everyone else has left."),
            ("未来属于年轻人。", "The future belongs to the young."),
            ("这个价格不好。", "This price is bad."),
            ("他不肯借钱给我。", "He refused to lend me money."),
            ("这样做有什么用？", "That is no use!"),
            ("这个冠军来之不易。", "This title was hard-won."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} / {en}: {:?}", zh_en(zh, en));
        }
        assert!(en_negations("It rained, no matter what we did.").is_empty());
        assert!(en_negations("You like tea, don't you?").is_empty());
        assert!(en_negations("See No. 4 below.").is_empty());
        assert!(zh_negations("他们讨论了是不是该走。").is_empty());
    }

    #[test]
    fn bie_is_a_negation_only_as_dont() {
        assert_eq!(zh_negations("别走！").len(), 1);
        assert_eq!(zh_negations("你别管我。").len(), 1);
        assert!(zh_negations("他和别的孩子玩。").is_empty());
        assert!(zh_negations("这两者有区别。").is_empty());
    }

    #[test]
    fn words_english_renders_with_a_negation_are_not_read_as_positive() {
        for (zh, en) in [
            ("前不久，他去了北京。", "Not long ago, he went to Beijing."),
            ("它们不同。", "They are not the same."),
            ("他不断努力。", "He never stopped trying."),
            ("不少人来了。", "No small number of people came."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} / {en}: {:?}", zh_en(zh, en));
        }
    }

    #[test]
    fn double_negatives_and_words_holding_a_negation_are_no_negation() {
        for zh in [
            "这话不无道理。",
            "大家无不欢喜。",
            "众人莫不称奇。",
            "他未尝不想回家。",
            "我非去不可。",
            "这也不是不可能。",
            "没有不透风的墙。",
            "他买了一处不动产。",
            "不丹是一个小国。",
            "这属于不可抗力。",
            "两边不对称。",
            "这种茶叶供不应求。",
            "别克停在门口。",
        ] {
            assert!(zh_negations(zh).is_empty(), "{zh}: {:?}", zh_negations(zh));
        }
        // A real negation beside them still counts.
        assert_eq!(zh_negations("我非去不可，你不去。").len(), 1);
        // 不到 ↔ *under*, *fewer*, *less than*.
        for en in [
            "He finished in under ten minutes.",
            "Fewer than ten people came.",
            "It took less than ten minutes.",
        ] {
            assert!(zh_en("他不到十分钟就做完了。", en).is_empty(), "{en}");
        }
        // *under* a thing is no negative meaning.
        assert_eq!(zh_en("他不在桌子旁。", "He sat under the table.").len(), 1);
    }

    #[test]
    fn english_idioms_and_litotes_are_no_negation() {
        for en in [
            "I can't wait to see you.",
            "I couldn't agree more.",
            "I could not agree more.",
            "Such storms are not uncommon here.",
            "The taste is not unlike honey.",
        ] {
            assert!(en_negations(en).is_empty(), "{en}: {:?}", en_negations(en));
        }
        assert_eq!(en_negations("I can't see you.").len(), 1);
    }

    #[test]
    fn a_question_tag_needs_a_question() {
        assert_eq!(zh_en("他什么都没有。", "He had everything.").len(), 1);
        assert_eq!(zh_en("我没有。", "I did.").len(), 1);
        assert!(zh_negations("水退了没有？").is_empty());
        assert!(zh_negations("你去不？").is_empty());
        // An indirect question ends in a full stop: 看看水退了没有。
        // 问你有兄弟没有。
        assert!(zh_negations("他要看看水退了没有。").is_empty());
        assert!(zh_negations("他问你有兄弟没有。").is_empty());
        assert_eq!(zh_negations("他有钱，我没有。").len(), 1);
        assert!(zh_negations("你吃饭了没有呢").is_empty());
        assert!(en_negations("Everything's fine, isn't it.").is_empty());
        assert!(en_negations("Everything's fine, isn't it?").is_empty());
        assert_eq!(en_negations("It isn't.").len(), 1);
    }

    #[test]
    fn in_stems_negate_only_negative_words() {
        for w in ["inhabitants", "immense", "incredible", "ignore"] {
            assert_eq!(en_negative_word(w), w == "ignore", "{w}");
        }
        for w in [
            "impatient",
            "intolerable",
            "improbable",
            "impossible",
            "irregular",
        ] {
            assert!(en_negative_word(w), "{w}");
        }
    }

    #[test]
    fn other_language_pairs_get_no_negation_flag() {
        assert!(flags("他不来。", "他来。", Lang::Zh, Lang::Zh).is_empty());
    }

    #[test]
    fn negative_verbs_in_english_match_a_chinese_negation() {
        for (zh, en) in [
            ("运费不含保险费。", "Shipping costs exclude insurance."),
            ("报价不包括安装费。", "The quote excludes installation."),
            ("以上费率均不含税。", "All rates are quoted excluding tax."),
            (
                "修复了部分设备上无法同步的问题。",
                "Fixed sync failing on some devices.",
            ),
            ("该应用没有离线模式。", "The app lacks an offline mode."),
            (
                "防火墙不允许外部访问。",
                "The firewall prevents outside access.",
            ),
            (
                "服务器不接受旧的证书。",
                "The server refuses old certificates.",
            ),
            ("系统未批准该请求。", "The system denies the request."),
            ("部分用户无法登录。", "Some users were unable to log in."),
            (
                "网关拒绝了没有令牌的请求。",
                "The gateway rejects requests without a token.",
            ),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}");
            assert!(flags(en, zh, Lang::En, Lang::Zh).is_empty(), "{en} ↔ {zh}");
        }
        // The flip is still seen: the negation lost, in either direction.
        let zh = "运费不含保险费。";
        let en = "Shipping costs include insurance.";
        assert_eq!(zh_en(zh, en).len(), 1);
        assert_eq!(flags(en, zh, Lang::En, Lang::Zh).len(), 1);
        let zh = "修复了部分设备上无法同步的问题。";
        let en = "Fixed sync working on some devices.";
        assert_eq!(flags(en, zh, Lang::En, Lang::Zh).len(), 1);
        // Verbs that translate a positive Chinese verb hide no negation
        // (review of session 21: these were silent).
        for (zh, en) in [
            ("系统不会忽略空行。", "The system ignores blank lines."),
            ("我们不提供独家优惠。", "We offer an exclusive deal."),
        ] {
            assert_eq!(zh_en(zh, en).len(), 1, "{zh} ↔ {en}");
        }
    }

    #[test]
    fn a_lost_prohibition_is_an_error_and_a_lost_statement_negation_a_warning() {
        let severity = |f: &[Flag]| f.iter().map(|f| f.severity).collect::<Vec<_>>();
        // Chinese prohibitions lost in English.
        for (zh, en) in [
            ("请勿饮用本品。", "Please drink this product."),
            ("禁止在车内吸烟。", "Smoking is permitted in the car."),
            ("孕妇不要服用。", "Pregnant women should take it."),
            (
                "切勿将药品放在儿童可触及之处。",
                "Keep the medicine within reach of children.",
            ),
        ] {
            let f = zh_en(zh, en);
            assert_eq!(severity(&f), [Severity::Error], "{zh} ↔ {en}");
            assert!(f[0].evidence.contains("prohibits"), "{}", f[0].evidence);
        }
        // English prohibitions lost in Chinese.
        for (en, zh) in [
            ("Do not drink the solution.", "请饮用该溶液。"),
            ("Shake well. Please don't freeze.", "摇匀。请冷冻。"),
            ("Patients must not drive.", "患者可以驾驶。"),
            ("Staff shouldn't share passwords.", "员工应共享密码。"),
        ] {
            let f = flags(en, zh, Lang::En, Lang::Zh);
            assert_eq!(severity(&f), [Severity::Error], "{en} ↔ {zh}");
            assert_eq!(f[0].spans[0].side, Side::Source);
        }
        // A negated statement stays a warning: *do not* inside a clause is
        // no imperative, 不 before a verb no prohibition.
        assert_eq!(
            severity(&flags(
                "I do not know him.",
                "我认识他。",
                Lang::En,
                Lang::Zh
            )),
            [Severity::Warning]
        );
        assert_eq!(
            severity(&zh_en("他不喜欢咖啡。", "He likes coffee.")),
            [Severity::Warning]
        );
        // Kept prohibitions raise nothing.
        assert!(zh_en("禁止吸烟。", "Smoking is prohibited.").is_empty());
        assert!(zh_en("禁止吸烟。", "No smoking.").is_empty());
        assert!(zh_en("请勿触摸。", "Do not touch.").is_empty());
        assert!(flags("Do not freeze.", "请勿冷冻。", Lang::En, Lang::Zh).is_empty());
        // Review of session 22: what reads like a prohibition but is none.
        assert!(zh_en("别忘了保存。", "Remember to save.").is_empty());
        assert!(flags("Don't forget to save.", "记得保存。", Lang::En, Lang::Zh).is_empty());
        assert!(zh_en("设置别名。", "Set an alias.").is_empty());
        for (zh, en) in [
            ("本项不要求填写。", "This field is optional."),
            ("数据不准确。", "The data is exact."),
            // MLQE-PE's machine translations (qual24): 不准备 is "not
            // planning to", a statement.
            (
                "我们不准备参加会议。",
                "We are going to attend the meeting.",
            ),
        ] {
            assert_eq!(severity(&zh_en(zh, en)), [Severity::Warning], "{zh}");
        }
        assert_eq!(
            severity(&flags("Don't you see?", "你看。", Lang::En, Lang::Zh)),
            [Severity::Warning]
        );
    }

    #[test]
    fn legal_prohibitions_and_exclusions_lost_are_errors_both_ways() {
        let severity = |f: &[Flag]| f.iter().map(|f| f.severity).collect::<Vec<_>>();
        // Trial 30 (problem 1): 不得, 不应, 不可, 无权, 不承担 are the
        // contract's "shall not", "may not", "is not liable".
        for (zh, en, quoted) in [
            (
                "承租人不得转租房屋。",
                "The lessee may sublet the premises.",
                "不得",
            ),
            (
                "董事不应兼任监事。",
                "A director should concurrently serve as a supervisor.",
                "不应",
            ),
            (
                "本优惠不可与其他优惠同时使用。",
                "This offer may be combined with other offers.",
                "不可",
            ),
            (
                "股东无权查阅该账簿。",
                "Shareholders are entitled to inspect the books.",
                "无权",
            ),
            (
                "出租人不承担维修费用。",
                "The lessor shall bear the repair costs.",
                "不承担",
            ),
        ] {
            let f = zh_en(zh, en);
            assert_eq!(severity(&f), [Severity::Error], "{zh} ↔ {en}: {f:?}");
            let s = &f[0].spans[0];
            assert_eq!(&zh[s.start..s.end], quoted, "{zh}");
        }
        // Kept, no flag.
        for (zh, en) in [
            (
                "承租人不得转租房屋。",
                "The lessee shall not sublet the premises.",
            ),
            (
                "承租人不得转租房屋。",
                "The lessee may not sublet the premises.",
            ),
            (
                "出租人不承担维修费用。",
                "The lessor is not liable for repair costs.",
            ),
            (
                "股东无权查阅该账簿。",
                "Shareholders have no right to inspect the books.",
            ),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
        // English *may not* and *neither … shall* lost in Chinese.
        for (en, zh) in [
            (
                "The Borrower may not assign this Agreement.",
                "借款人可以转让本协议。",
            ),
            (
                "Neither party shall disclose the terms.",
                "任何一方均可披露条款。",
            ),
        ] {
            let f = flags(en, zh, Lang::En, Lang::Zh);
            assert_eq!(severity(&f), [Severity::Error], "{en} ↔ {zh}: {f:?}");
        }
        // Statements keep their warning: 不得了, 不可能 are no rules.
        assert_eq!(
            severity(&zh_en("这件事不可能是真的。", "This may be true.")),
            [Severity::Warning]
        );
    }

    #[test]
    fn a_negation_elsewhere_does_not_hide_a_lost_one() {
        let severity = |f: &[Flag]| f.iter().map(|f| f.severity).collect::<Vec<_>>();
        // Trial 30 (problem 1): each negation needs its own counterpart.
        for (zh, en, quoted) in [
            (
                "未经董事会批准，经理不得对外提供担保。",
                "Without the approval of the Board, the manager may provide external guarantees.",
                "不得",
            ),
            (
                "因停电导致系统无法运行的，供应商均不承担赔偿责任。",
                "Where the system cannot run because of a power cut, the supplier shall be liable for compensation.",
                "不承担",
            ),
        ] {
            let f = zh_en(zh, en);
            assert_eq!(severity(&f), [Severity::Error], "{zh} ↔ {en}: {f:?}");
            let q: Vec<&str> = f[0].spans.iter().map(|s| &zh[s.start..s.end]).collect();
            assert_eq!(q, [quoted], "{zh}");
        }
        for (zh, en) in [
            (
                "未经董事会批准，经理不得对外提供担保。",
                "Without the approval of the Board, the manager shall not provide external guarantees.",
            ),
            (
                "因停电导致系统无法运行的，供应商均不承担赔偿责任。",
                "Where the system cannot run because of a power cut, the supplier shall not be liable for compensation.",
            ),
            (
                "本基金不存在非标准化资产。",
                "The fund holds no non-standard assets.",
            ),
            (
                "本集团没有未偿还的贷款。",
                "The Group has no outstanding loans.",
            ),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
        // A statement lost beside a *non-* word: a warning.
        let f = zh_en(
            "本基金不存在非标准化资产。",
            "The fund holds non-standard assets.",
        );
        assert_eq!(severity(&f), [Severity::Warning], "{f:?}");
        // en→zh: *shall not* lost while 未经 renders *without*.
        let en = "Tenants shall not keep pets without the landlord's written consent.";
        let f = flags(
            en,
            "未经房东书面同意，租户可以饲养宠物。",
            Lang::En,
            Lang::Zh,
        );
        assert_eq!(severity(&f), [Severity::Error], "{f:?}");
        let s = &f[0].spans[0];
        assert_eq!(&en[s.start..s.end], "not");
        assert!(
            flags(
                en,
                "未经房东书面同意，租户不得饲养宠物。",
                Lang::En,
                Lang::Zh
            )
            .is_empty()
        );
        // 未偿还 is "outstanding": it renders no *no*.
        let en = "The Group has no outstanding loans.";
        assert_eq!(
            severity(&flags(en, "本集团有未偿还的贷款。", Lang::En, Lang::Zh)),
            [Severity::Warning]
        );
        assert!(flags(en, "本集团没有未偿还的贷款。", Lang::En, Lang::Zh).is_empty());
        // *neither … nor* is one negation, as 均不 is.
        assert!(
            flags(
                "Neither the Lender nor the Borrower shall disclose the terms.",
                "贷款人和借款人均不得披露条款。",
                Lang::En,
                Lang::Zh
            )
            .is_empty()
        );
    }

    #[test]
    fn package_insert_prohibitions_cautions_and_terms() {
        let severity = |f: &[Flag]| f.iter().map(|f| f.severity).collect::<Vec<_>>();
        // Trial 31: 禁用 and 忌用 "contraindicated" prohibit, as 禁止 does.
        let sev = |zh: &str, en: &str| severity(&zh_en(zh, en));
        assert_eq!(
            sev(
                "哺乳期妇女禁用本品。",
                "Breastfeeding women may take this product."
            ),
            [Severity::Error]
        );
        assert_eq!(
            sev("10岁以下儿童忌用。", "Suitable for children under 10."),
            [Severity::Error]
        );
        assert!(
            zh_en(
                "哺乳期妇女禁用。",
                "Contraindicated in breastfeeding women."
            )
            .is_empty()
        );
        assert!(zh_en("哺乳期妇女禁用。", "Do not use in breastfeeding women.").is_empty());
        // 不宜 "should not" is a prohibition like 不应.
        assert_eq!(
            sev(
                "高空作业者不宜服用。",
                "People working at heights should take it."
            ),
            [Severity::Error]
        );
        assert!(
            zh_en(
                "高空作业者不宜服用。",
                "People working at heights should not take it."
            )
            .is_empty()
        );
        // 慎用 "use with caution" lost, in both directions.
        assert_eq!(
            sev(
                "青光眼患者慎用。",
                "Recommended for patients with glaucoma."
            ),
            [Severity::Error]
        );
        assert!(
            zh_en(
                "青光眼患者慎用。",
                "Use with caution in patients with glaucoma."
            )
            .is_empty()
        );
        assert!(
            zh_en(
                "青光眼患者慎用。",
                "Patients with glaucoma should use it cautiously."
            )
            .is_empty()
        );
        assert_eq!(
            severity(&flags(
                "Use with caution in elderly patients.",
                "老年患者适用。",
                Lang::En,
                Lang::Zh
            )),
            [Severity::Error]
        );
        assert!(
            flags(
                "Use with caution in elderly patients.",
                "老年患者慎用。",
                Lang::En,
                Lang::Zh
            )
            .is_empty()
        );
        // The 不 or 非 of a medical term is no negation: it neither warns
        // (功能不全 *impairment*) nor renders a lost *not*.
        assert!(
            zh_en(
                "肝功能不全者减量。",
                "Reduce the dose in hepatic impairment."
            )
            .is_empty()
        );
        let en = "Patients with lactose intolerance must not take these capsules.";
        assert_eq!(
            severity(&flags(
                en,
                "乳糖不耐受患者可服用本胶囊。",
                Lang::En,
                Lang::Zh
            )),
            [Severity::Error]
        );
        assert!(flags(en, "乳糖不耐受患者不得服用本胶囊。", Lang::En, Lang::Zh).is_empty());
        let en = "Do not combine with other NSAIDs.";
        assert_eq!(
            severity(&flags(en, "可与其他非甾体抗炎药合用。", Lang::En, Lang::Zh)),
            [Severity::Error]
        );
        // Out of the reach of children renders 接触不到.
        assert!(
            zh_en(
                "应放在儿童接触不到的地方。",
                "Store out of the reach of children."
            )
            .is_empty()
        );
        // A prohibition is not rendered by an *under 12* (a 不到 is).
        assert_eq!(
            sev("8岁以下儿童禁用。", "Use in children under 8 years of age."),
            [Severity::Error]
        );
    }

    #[test]
    fn bounds_after_a_figure_and_prohibited_bounds() {
        let severity = |f: &[Flag]| f.iter().map(|f| f.severity).collect::<Vec<_>>();
        let sev = |zh: &str, en: &str| severity(&zh_en(zh, en));
        // 以下 and 以上 after a figure bound as *below* and *over* do.
        assert_eq!(
            sev("请在30°C以下储存。", "Store above 30°C."),
            [Severity::Error]
        );
        assert!(zh_en("请在30°C以下储存。", "Store below 30°C.").is_empty());
        assert!(zh_en("请在30°C以下储存。", "Store at not above 30°C.").is_empty());
        assert_eq!(
            sev("16岁以上患者适用。", "For patients under 16 years of age."),
            [Severity::Error]
        );
        assert!(zh_en("16岁以上患者适用。", "For patients over 16 years of age.").is_empty());
        // 以下 without a figure is "the following".
        assert!(zh_en("以下患者适用：", "Above all, patients may use it:").is_empty());
        // 不得超过 is a bound, as 不超过 is, and no lost prohibition.
        assert_eq!(
            sev("每日用量不得超过3片。", "Take at least 3 tablets a day."),
            [Severity::Error]
        );
        assert!(zh_en("每日用量不得超过3片。", "Take up to 3 tablets a day.").is_empty());
        // *do not … more than* is an upper bound; *exceed* a lower one.
        let en = "Do not take more than 3 tablets a day.";
        assert_eq!(
            severity(&flags(en, "每日不得少于3片。", Lang::En, Lang::Zh)),
            [Severity::Error]
        );
        assert!(flags(en, "每日不得超过3片。", Lang::En, Lang::Zh).is_empty());
        let en = "Do not use for more than 5 days.";
        assert!(flags(en, "连续使用不得超过5天。", Lang::En, Lang::Zh).is_empty());
        assert_eq!(
            sev(
                "每日用量不超过3片。",
                "The daily amount should exceed 3 tablets."
            ),
            [Severity::Error]
        );
    }
}
