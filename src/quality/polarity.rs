//! Reversed direction: the source says a quantity went up and the target
//! says it went down (收入增长 → *revenue fell*), a profit where the other
//! side has a loss (录得亏损 → *recorded a profit*), a surplus for a
//! deficit, imports for exports, buying for selling, winning for losing,
//! approving or supporting for rejecting or opposing, improving for
//! worsening, strengthening for weakening.
//!
//! A curated table of opposing direction words in both languages, grouped
//! by *axis* (change, profit, balance, trade, deal, contest, stance,
//! condition, strength), each word with its *pole* (up or down on its
//! axis). English words are listed with their inflections (*increase*,
//! *increased*, *increases*, *increasing*; *rise*, *rose*, *risen*,
//! *rising*; *fall*, *fell*, *fallen* …); a word may sit on several axes
//! (*gain*: a change up and a profit). Chinese words are matched longest
//! first, so that 增值税 "VAT", 运输 "transport", 出卖 "betray" are no
//! direction, and words holding both poles (涨跌, 增减, 进出口, 盈亏, 买卖,
//! 输赢) count for both. Single characters (增, 减, 升, 降, 涨, 跌) count
//! only before a figure (同比增4.2%, 按年跌5%), and English *up* and
//! *down* only before one (*down 3.2 percentage points*, *up by 5%*).
//!
//! A segment is flagged, on an axis, when one side has words of one pole
//! only and the other side words of the opposite pole only. A side with
//! both poles (*revenue rose but profit fell*; 不减反增) says nothing on
//! that axis, and neither does a side without the axis's words (增长 →
//! *expanded its business*: no opposite word, no flag). A direction word
//! under a negation (没有增长, 并未下降; *did not increase*, *no decline*,
//! *failed to grow*) is left out of its side's reading: "did not increase"
//! may say the quantity stayed flat or fell, and a lost negation is the
//! `negation` flag's business. Words that slow or soften a direction
//! (增长放缓 → *growth slowed*) are in no pole, so the growth on each side
//! still agrees.
//!
//! The flag's kind is [`FlagKind::Polarity`]; its evidence quotes the
//! words of both sides with the poles they stand for, and its spans point
//! at them on both sides. Severity was set on clean gold pairs and planted
//! reversals (RESULTS.md, session 23): see [`polarity`].

use super::negation::{en_negations, zh_negations};
use super::{Flag, FlagKind, Severity, Side, Span};
use crate::hash::FastMap;
use crate::lang::Lang;
use std::sync::OnceLock;

/// The axes of direction, each with the names of its two poles (the first
/// is the *up* pole, index 0).
const AXES: &[(&str, [&str; 2])] = &[
    ("change", ["up", "down"]),
    ("profit", ["profit", "loss"]),
    ("balance", ["surplus", "deficit"]),
    ("trade", ["import", "export"]),
    ("deal", ["buy", "sell"]),
    ("contest", ["win", "lose"]),
    ("stance", ["for", "against"]),
    ("condition", ["better", "worse"]),
    ("strength", ["stronger", "weaker"]),
    ("swing", ["to profit", "to loss"]),
];

const CHANGE: usize = 0;
const PROFIT: usize = 1;
const BALANCE: usize = 2;
const TRADE: usize = 3;
const DEAL: usize = 4;
const CONTEST: usize = 5;
const STANCE: usize = 6;
const CONDITION: usize = 7;
const STRENGTH: usize = 8;
/// A result turned round: from a loss to a profit (扭亏为盈, *swung to a
/// profit*) or the other way (由盈转亏, *from a profit to a loss*).
const SWING: usize = 9;

/// Marks a word that holds both poles of its axis (涨跌 "rises and falls").
const BOTH: usize = 2;

/// Chinese direction words: the word, its axis, its pole (0 up, 1 down,
/// [`BOTH`]).
const ZH_WORDS: &[(&str, usize, usize)] = &[
    // change, up
    ("增长", CHANGE, 0),
    ("增加", CHANGE, 0),
    ("上升", CHANGE, 0),
    ("上涨", CHANGE, 0),
    ("提高", CHANGE, 0),
    ("提升", CHANGE, 0),
    ("扩大", CHANGE, 0),
    ("攀升", CHANGE, 0),
    ("回升", CHANGE, 0),
    ("增幅", CHANGE, 0),
    ("涨幅", CHANGE, 0),
    ("升幅", CHANGE, 0),
    ("递增", CHANGE, 0),
    ("增至", CHANGE, 0),
    ("升至", CHANGE, 0),
    ("涨至", CHANGE, 0),
    ("增多", CHANGE, 0),
    ("增大", CHANGE, 0),
    ("上调", CHANGE, 0),
    ("调高", CHANGE, 0),
    ("调升", CHANGE, 0),
    ("飙升", CHANGE, 0),
    ("激增", CHANGE, 0),
    ("大增", CHANGE, 0),
    ("猛增", CHANGE, 0),
    ("急升", CHANGE, 0),
    ("大涨", CHANGE, 0),
    ("暴涨", CHANGE, 0),
    ("上扬", CHANGE, 0),
    ("走高", CHANGE, 0),
    ("升值", CHANGE, 0),
    ("高于", CHANGE, 0),
    ("反弹", CHANGE, 0),
    ("加增", CHANGE, 0),
    ("增持", CHANGE, 0),
    ("增持", DEAL, 0),
    ("超预期", CHANGE, 0),
    ("超出预期", CHANGE, 0),
    ("好于预期", CHANGE, 0),
    ("优于预期", CHANGE, 0),
    // change, down
    ("下降", CHANGE, 1),
    ("负增长", CHANGE, 1),
    ("减少", CHANGE, 1),
    ("降低", CHANGE, 1),
    ("下跌", CHANGE, 1),
    ("下滑", CHANGE, 1),
    ("回落", CHANGE, 1),
    ("缩小", CHANGE, 1),
    ("萎缩", CHANGE, 1),
    ("跌幅", CHANGE, 1),
    ("降幅", CHANGE, 1),
    ("减幅", CHANGE, 1),
    ("递减", CHANGE, 1),
    ("降至", CHANGE, 1),
    ("跌至", CHANGE, 1),
    ("减至", CHANGE, 1),
    ("下调", CHANGE, 1),
    ("调低", CHANGE, 1),
    ("调降", CHANGE, 1),
    ("锐减", CHANGE, 1),
    ("骤降", CHANGE, 1),
    ("大跌", CHANGE, 1),
    ("暴跌", CHANGE, 1),
    ("急跌", CHANGE, 1),
    ("下挫", CHANGE, 1),
    ("走低", CHANGE, 1),
    ("收窄", CHANGE, 1),
    ("缩减", CHANGE, 1),
    ("削减", CHANGE, 1),
    ("贬值", CHANGE, 1),
    ("低于", CHANGE, 1),
    ("减低", CHANGE, 1),
    ("减持", CHANGE, 1),
    ("减持", DEAL, 1),
    ("不及预期", CHANGE, 1),
    ("逊于预期", CHANGE, 1),
    ("差于预期", CHANGE, 1),
    // change, both
    ("涨跌", CHANGE, BOTH),
    ("升降", CHANGE, BOTH),
    ("增减", CHANGE, BOTH),
    // profit
    ("盈利", PROFIT, 0),
    ("溢利", PROFIT, 0),
    ("利润", PROFIT, 0),
    ("获利", PROFIT, 0),
    ("纯利", PROFIT, 0),
    ("毛利", PROFIT, 0),
    ("赚钱", PROFIT, 0),
    ("亏损", PROFIT, 1),
    ("亏本", PROFIT, 1),
    ("亏蚀", PROFIT, 1),
    ("转亏", PROFIT, 1),
    ("转亏", SWING, 1),
    ("转为亏损", PROFIT, 1),
    ("转为亏损", SWING, 1),
    ("转盈", PROFIT, 0),
    ("转盈", SWING, 0),
    ("转为盈利", PROFIT, 0),
    ("转为盈利", SWING, 0),
    ("蚀本", PROFIT, 1),
    ("赔本", PROFIT, 1),
    ("盈亏", PROFIT, BOTH),
    ("损益", PROFIT, BOTH),
    ("扭亏", PROFIT, BOTH),
    ("扭亏", SWING, 0),
    ("扭亏为盈", PROFIT, BOTH),
    ("扭亏为盈", SWING, 0),
    ("由盈转亏", PROFIT, BOTH),
    ("由盈转亏", SWING, 1),
    ("由亏转盈", PROFIT, BOTH),
    ("由亏转盈", SWING, 0),
    // balance
    ("顺差", BALANCE, 0),
    ("盈余", BALANCE, 0),
    ("盈馀", BALANCE, 0),
    ("逆差", BALANCE, 1),
    ("赤字", BALANCE, 1),
    // trade
    ("进口", TRADE, 0),
    ("出口", TRADE, 1),
    ("进出口", TRADE, BOTH),
    // deal
    ("买入", DEAL, 0),
    ("购入", DEAL, 0),
    ("买进", DEAL, 0),
    ("购买", DEAL, 0),
    ("收购", DEAL, 0),
    ("认购", DEAL, 0),
    ("卖出", DEAL, 1),
    ("出售", DEAL, 1),
    ("售出", DEAL, 1),
    ("沽出", DEAL, 1),
    ("抛售", DEAL, 1),
    ("沽售", DEAL, 1),
    ("买卖", DEAL, BOTH),
    ("购销", DEAL, BOTH),
    // contest
    ("获胜", CONTEST, 0),
    ("胜诉", CONTEST, 0),
    ("胜出", CONTEST, 0),
    ("赢了", CONTEST, 0),
    ("输给", CONTEST, 1),
    ("输掉", CONTEST, 1),
    ("输了", CONTEST, 1),
    ("落败", CONTEST, 1),
    ("败诉", CONTEST, 1),
    ("败北", CONTEST, 1),
    ("输赢", CONTEST, BOTH),
    ("胜负", CONTEST, BOTH),
    // stance
    ("支持", STANCE, 0),
    ("拥护", STANCE, 0),
    ("赞成", STANCE, 0),
    ("赞同", STANCE, 0),
    ("批准", STANCE, 0),
    ("核准", STANCE, 0),
    ("获批", STANCE, 0),
    ("获准", STANCE, 0),
    ("反对", STANCE, 1),
    ("否决", STANCE, 1),
    ("驳回", STANCE, 1),
    ("抵制", STANCE, 1),
    // condition
    ("改善", CONDITION, 0),
    ("好转", CONDITION, 0),
    ("转好", CONDITION, 0),
    ("向好", CONDITION, 0),
    ("恶化", CONDITION, 1),
    ("变差", CONDITION, 1),
    ("转差", CONDITION, 1),
    ("转坏", CONDITION, 1),
    ("变坏", CONDITION, 1),
    // strength
    ("增强", STRENGTH, 0),
    ("加强", STRENGTH, 0),
    ("强化", STRENGTH, 0),
    ("减弱", STRENGTH, 1),
    ("削弱", STRENGTH, 1),
    ("弱化", STRENGTH, 1),
    ("转弱", STRENGTH, 1),
];

/// Chinese words that hold a direction word's characters without its
/// meaning (增值税 "VAT", 出口处 "exit", 提高警惕 "be on the alert", the
/// bounds 不低于 "at least", 不高于 "at most"):
/// matched like the direction words (longest first), they hide them.
const ZH_NOT_DIRECTION: &[&str] = &[
    "增值税",
    "出口处",
    "提高警惕",
    "支持者们",
    "利润表",
    // Bounds (不低于 "at least"), the negation's business.
    "不高于",
    "不低于",
];

/// Single characters that are a change before a figure (同比增4.2%, 按年
/// 跌5%, 降了3成): the character and its pole.
const ZH_SINGLE: &[(char, usize)] = &[
    ('增', 0),
    ('涨', 0),
    ('升', 0),
    ('减', 1),
    ('跌', 1),
    ('降', 1),
];

/// What may stand between a single-character change and its figure.
const ZH_BEFORE_FIGURE: &str = "了约逾近超达至到幅";

/// Chinese numerals and digits that start a figure.
const ZH_FIGURE_START: &str = "0123456789０１２３４５６７８９一二三四五六七八九十百千万两半零";

/// English direction words, inflections listed: the word, its axis, its
/// pole (0 up, 1 down).
const EN_WORDS: &[(&str, usize, usize)] = &[
    // change, up
    ("increase", CHANGE, 0),
    ("increased", CHANGE, 0),
    ("increases", CHANGE, 0),
    ("increasing", CHANGE, 0),
    ("rise", CHANGE, 0),
    ("rises", CHANGE, 0),
    ("rose", CHANGE, 0),
    ("risen", CHANGE, 0),
    ("rising", CHANGE, 0),
    ("grow", CHANGE, 0),
    ("grows", CHANGE, 0),
    ("grew", CHANGE, 0),
    ("grown", CHANGE, 0),
    ("growing", CHANGE, 0),
    ("growth", CHANGE, 0),
    ("gain", CHANGE, 0),
    ("gains", CHANGE, 0),
    ("gained", CHANGE, 0),
    ("gaining", CHANGE, 0),
    ("climb", CHANGE, 0),
    ("climbs", CHANGE, 0),
    ("climbed", CHANGE, 0),
    ("climbing", CHANGE, 0),
    ("surge", CHANGE, 0),
    ("surges", CHANGE, 0),
    ("surged", CHANGE, 0),
    ("surging", CHANGE, 0),
    ("soar", CHANGE, 0),
    ("soars", CHANGE, 0),
    ("soared", CHANGE, 0),
    ("soaring", CHANGE, 0),
    ("expand", CHANGE, 0),
    ("expands", CHANGE, 0),
    ("expanded", CHANGE, 0),
    ("expanding", CHANGE, 0),
    ("expansion", CHANGE, 0),
    ("widen", CHANGE, 0),
    ("widens", CHANGE, 0),
    ("widened", CHANGE, 0),
    ("widening", CHANGE, 0),
    ("raise", CHANGE, 0),
    ("raises", CHANGE, 0),
    ("raised", CHANGE, 0),
    ("raising", CHANGE, 0),
    ("boost", CHANGE, 0),
    ("boosts", CHANGE, 0),
    ("boosted", CHANGE, 0),
    ("boosting", CHANGE, 0),
    ("higher", CHANGE, 0),
    ("upward", CHANGE, 0),
    ("upwards", CHANGE, 0),
    ("rebound", CHANGE, 0),
    ("rebounds", CHANGE, 0),
    ("rebounded", CHANGE, 0),
    ("appreciation", CHANGE, 0),
    ("appreciated", CHANGE, 0),
    ("hike", CHANGE, 0),
    ("hiked", CHANGE, 0),
    ("hikes", CHANGE, 0),
    // change, down
    ("decrease", CHANGE, 1),
    ("decreased", CHANGE, 1),
    ("decreases", CHANGE, 1),
    ("decreasing", CHANGE, 1),
    ("decline", CHANGE, 1),
    ("declined", CHANGE, 1),
    ("declines", CHANGE, 1),
    ("declining", CHANGE, 1),
    ("fall", CHANGE, 1),
    ("falls", CHANGE, 1),
    ("fell", CHANGE, 1),
    ("fallen", CHANGE, 1),
    ("falling", CHANGE, 1),
    ("drop", CHANGE, 1),
    ("drops", CHANGE, 1),
    ("dropped", CHANGE, 1),
    ("dropping", CHANGE, 1),
    ("reduce", CHANGE, 1),
    ("reduced", CHANGE, 1),
    ("reduces", CHANGE, 1),
    ("reducing", CHANGE, 1),
    ("reduction", CHANGE, 1),
    ("reductions", CHANGE, 1),
    ("lower", CHANGE, 1),
    ("lowered", CHANGE, 1),
    ("lowering", CHANGE, 1),
    ("shrink", CHANGE, 1),
    ("shrinks", CHANGE, 1),
    ("shrank", CHANGE, 1),
    ("shrunk", CHANGE, 1),
    ("shrinking", CHANGE, 1),
    ("slump", CHANGE, 1),
    ("slumped", CHANGE, 1),
    ("slumps", CHANGE, 1),
    ("plunge", CHANGE, 1),
    ("plunged", CHANGE, 1),
    ("plunges", CHANGE, 1),
    ("plummeted", CHANGE, 1),
    ("plummet", CHANGE, 1),
    ("tumbled", CHANGE, 1),
    ("narrow", CHANGE, 1),
    ("narrowed", CHANGE, 1),
    ("narrows", CHANGE, 1),
    ("narrowing", CHANGE, 1),
    ("diminish", CHANGE, 1),
    ("diminished", CHANGE, 1),
    ("diminishes", CHANGE, 1),
    ("dwindled", CHANGE, 1),
    ("downward", CHANGE, 1),
    ("downwards", CHANGE, 1),
    ("depreciation", CHANGE, 1),
    ("depreciated", CHANGE, 1),
    ("cut", CHANGE, 1),
    ("cuts", CHANGE, 1),
    ("cutting", CHANGE, 1),
    ("slash", CHANGE, 1),
    ("slashed", CHANGE, 1),
    ("slashes", CHANGE, 1),
    ("trimmed", CHANGE, 1),
    ("downgrade", CHANGE, 1),
    ("downgraded", CHANGE, 1),
    ("downgrades", CHANGE, 1),
    // profit
    ("profit", PROFIT, 0),
    ("profits", PROFIT, 0),
    ("profitable", PROFIT, 0),
    ("profitability", PROFIT, 0),
    ("gain", PROFIT, 0),
    ("gains", PROFIT, 0),
    ("loss", PROFIT, 1),
    ("losses", PROFIT, 1),
    // balance
    ("surplus", BALANCE, 0),
    ("surpluses", BALANCE, 0),
    ("deficit", BALANCE, 1),
    ("deficits", BALANCE, 1),
    // trade
    ("import", TRADE, 0),
    ("imports", TRADE, 0),
    ("imported", TRADE, 0),
    ("importing", TRADE, 0),
    ("importer", TRADE, 0),
    ("importers", TRADE, 0),
    ("export", TRADE, 1),
    ("exports", TRADE, 1),
    ("exported", TRADE, 1),
    ("exporting", TRADE, 1),
    ("exporter", TRADE, 1),
    ("exporters", TRADE, 1),
    // deal
    ("buy", DEAL, 0),
    ("buys", DEAL, 0),
    ("bought", DEAL, 0),
    ("buying", DEAL, 0),
    ("buyer", DEAL, 0),
    ("buyers", DEAL, 0),
    ("purchase", DEAL, 0),
    ("purchases", DEAL, 0),
    ("purchased", DEAL, 0),
    ("purchasing", DEAL, 0),
    ("purchaser", DEAL, 0),
    ("acquire", DEAL, 0),
    ("acquires", DEAL, 0),
    ("acquired", DEAL, 0),
    ("acquiring", DEAL, 0),
    ("acquisition", DEAL, 0),
    ("sell", DEAL, 1),
    ("sells", DEAL, 1),
    ("sold", DEAL, 1),
    ("selling", DEAL, 1),
    ("seller", DEAL, 1),
    ("sellers", DEAL, 1),
    ("sale", DEAL, 1),
    ("dispose", DEAL, 1),
    ("disposed", DEAL, 1),
    ("disposal", DEAL, 1),
    ("divest", DEAL, 1),
    ("divested", DEAL, 1),
    // contest
    ("win", CONTEST, 0),
    ("wins", CONTEST, 0),
    ("won", CONTEST, 0),
    ("winning", CONTEST, 0),
    ("victory", CONTEST, 0),
    ("lose", CONTEST, 1),
    ("loses", CONTEST, 1),
    ("lost", CONTEST, 1),
    ("losing", CONTEST, 1),
    // stance
    ("support", STANCE, 0),
    ("supports", STANCE, 0),
    ("supported", STANCE, 0),
    ("supporting", STANCE, 0),
    ("approve", STANCE, 0),
    ("approves", STANCE, 0),
    ("approved", STANCE, 0),
    ("approving", STANCE, 0),
    ("approval", STANCE, 0),
    ("endorse", STANCE, 0),
    ("endorsed", STANCE, 0),
    ("endorses", STANCE, 0),
    ("oppose", STANCE, 1),
    ("opposes", STANCE, 1),
    ("opposed", STANCE, 1),
    ("opposing", STANCE, 1),
    ("reject", STANCE, 1),
    ("rejects", STANCE, 1),
    ("rejected", STANCE, 1),
    ("rejecting", STANCE, 1),
    ("rejection", STANCE, 1),
    ("veto", STANCE, 1),
    ("vetoed", STANCE, 1),
    ("vetoes", STANCE, 1),
    ("disapprove", STANCE, 1),
    ("disapproved", STANCE, 1),
    // condition
    ("improve", CONDITION, 0),
    ("improves", CONDITION, 0),
    ("improved", CONDITION, 0),
    ("improving", CONDITION, 0),
    ("improvement", CONDITION, 0),
    ("improvements", CONDITION, 0),
    ("worsen", CONDITION, 1),
    ("worsens", CONDITION, 1),
    ("worsened", CONDITION, 1),
    ("worsening", CONDITION, 1),
    ("deteriorate", CONDITION, 1),
    ("deteriorated", CONDITION, 1),
    ("deteriorates", CONDITION, 1),
    ("deteriorating", CONDITION, 1),
    ("deterioration", CONDITION, 1),
    // strength
    ("strengthen", STRENGTH, 0),
    ("strengthened", STRENGTH, 0),
    ("strengthens", STRENGTH, 0),
    ("strengthening", STRENGTH, 0),
    ("stronger", STRENGTH, 0),
    ("weaken", STRENGTH, 1),
    ("weakened", STRENGTH, 1),
    ("weakens", STRENGTH, 1),
    ("weakening", STRENGTH, 1),
    ("weaker", STRENGTH, 1),
];

/// Words that may stand between English *up*/*down* and its figure (*down
/// by 3%*, *up about 5%*).
const EN_BEFORE_FIGURE: &[&str] = &[
    "by",
    "about",
    "approximately",
    "around",
    "nearly",
    "almost",
    "some",
    "roughly",
    "over",
    "a",
    "further",
];

/// English number words that start a figure after *up*/*down*.
const EN_FIGURE_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half",
    "hundred",
];

/// English words that negate a direction word a few words on, besides the
/// negations of `negation.rs` (*failed to grow*, *unable to raise*).
const EN_NEGATORS: &[&str] = &["fail", "fails", "failed", "failing", "unable"];

/// How many words before an English direction word a negation reaches.
const EN_NEGATION_REACH: usize = 3;
/// How many characters may stand between a Chinese negation and its
/// direction word (没有明显增长, 并未大幅下降).
const ZH_NEGATION_REACH: usize = 4;

/// Marks that end a clause: a negation does not reach across them.
const CLAUSE_MARKS: &str = "，。！？；：,.!?;:、（）()";

/// A direction word found in a text: its byte span, axis and pole.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    start: usize,
    end: usize,
    axis: usize,
    pole: usize,
}

/// The Chinese table: by first character, the words (longest first), each
/// with its axis and pole, or `None` for a word that hides a direction.
type ZhTable = FastMap<char, Vec<(&'static str, Option<(usize, usize)>)>>;

/// The Chinese table keyed by first character, each list longest first.
fn zh_table() -> &'static ZhTable {
    static TABLE: OnceLock<ZhTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: ZhTable = FastMap::default();
        let words = ZH_WORDS
            .iter()
            .map(|&(w, a, p)| (w, Some((a, p))))
            .chain(ZH_NOT_DIRECTION.iter().map(|&w| (w, None)));
        for (w, v) in words {
            if let Some(c) = w.chars().next() {
                t.entry(c).or_default().push((w, v));
            }
        }
        for list in t.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        }
        t
    })
}

/// The English table: each word's axes and poles.
fn en_table() -> &'static FastMap<&'static str, Vec<(usize, usize)>> {
    static TABLE: OnceLock<FastMap<&'static str, Vec<(usize, usize)>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: FastMap<&'static str, Vec<(usize, usize)>> = FastMap::default();
        for &(w, a, p) in EN_WORDS {
            t.entry(w).or_default().push((a, p));
        }
        t
    })
}

/// Whether a Chinese figure starts at `text[b..]`, after at most two of
/// [`ZH_BEFORE_FIGURE`]'s characters (百分之 counts).
fn zh_figure_follows(text: &str, b: usize) -> bool {
    let mut rest = &text[b..];
    for _ in 0..2 {
        match rest.chars().next() {
            Some(c) if ZH_BEFORE_FIGURE.contains(c) => rest = &rest[c.len_utf8()..],
            _ => break,
        }
    }
    rest.starts_with("百分之")
        || rest
            .chars()
            .next()
            .is_some_and(|c| ZH_FIGURE_START.contains(c))
}

/// Characters that may stand between a profit or a growth and its figure
/// (利润为负, 增长了-5%, 录得-3亿元).
const ZH_BEFORE_SIGN: &str = "为是达至了录得约";

/// Minus signs before a figure.
const MINUS_SIGNS: &[char] = &['-', '－', '−', '–'];

/// The end of a negative sign after a profit or a growth ending at byte
/// `b`: a 负 "negative" (not 负债 "liabilities", 负责 "responsible"), or a
/// minus sign before a figure, after at most two of [`ZH_BEFORE_SIGN`]'s
/// characters; `None` when there is none.
fn zh_negative_sign(text: &str, b: usize) -> Option<usize> {
    let mut rest = &text[b..];
    for _ in 0..2 {
        match rest.chars().next() {
            Some(c) if ZH_BEFORE_SIGN.contains(c) => rest = &rest[c.len_utf8()..],
            _ => break,
        }
    }
    let c = rest.chars().next()?;
    let after = &rest[c.len_utf8()..];
    let at = text.len() - rest.len();
    let negative = (c == '负' && !after.starts_with(['债', '责', '担', '面']))
        || (MINUS_SIGNS.contains(&c)
            && after.starts_with(|d: char| d.is_ascii_digit() || ('０'..='９').contains(&d)));
    negative.then_some(at + c.len_utf8())
}

/// Words that may stand between a profit or a growth and its figure.
const EN_BEFORE_SIGN: &[&str] = &[
    "was", "were", "is", "of", "at", "by", "to", "totalled", "totaled", "amounted", "stood",
];

/// Whether the English profit or growth word `i` of `words` is negative:
/// after *negative* (*negative growth*), or before a minus sign and a
/// figure, at most two of [`EN_BEFORE_SIGN`]'s words on (*profit was
/// -RMB12 million*, *growth of -4.5%*).
fn en_negative_sign(text: &str, words: &[(usize, usize, String)], i: usize) -> bool {
    if i > 0 && words[i - 1].2 == "negative" {
        return true;
    }
    let mut k = i + 1;
    let mut at = words[i].1;
    for _ in 0..2 {
        match words.get(k) {
            Some(w)
                if EN_BEFORE_SIGN.contains(&w.2.as_str()) && text[at..w.0].trim().is_empty() =>
            {
                at = w.1;
                k += 1;
            }
            _ => break,
        }
    }
    let rest = text[at..].trim_start();
    let Some(rest) = rest.strip_prefix(MINUS_SIGNS) else {
        return false;
    };
    let rest = ["RMB", "HK$", "US$", "$", "¥"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest)
        .trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a clause mark stands in `text[from..to]`.
fn crosses_clause(text: &str, from: usize, to: usize) -> bool {
    from < to && text[from..to].chars().any(|c| CLAUSE_MARKS.contains(c))
}

/// The direction words of a Chinese text, negated ones left out.
fn zh_marks(text: &str) -> Vec<Mark> {
    let table = zh_table();
    let mut out = Vec::new();
    let mut b = 0;
    while b < text.len() {
        let Some(c) = text[b..].chars().next() else {
            break;
        };
        let hit = table
            .get(&c)
            .and_then(|list| list.iter().find(|(w, _)| text[b..].starts_with(w)));
        match hit {
            Some(&(w, _)) => {
                // Every axis of the word (减持: a change down and a sale).
                for (axis, pole) in table[&c]
                    .iter()
                    .filter(|(x, _)| *x == w)
                    .filter_map(|&(_, v)| v)
                {
                    out.push(Mark {
                        start: b,
                        end: b + w.len(),
                        axis,
                        pole,
                    });
                }
                b += w.len();
            }
            None => {
                let e = b + c.len_utf8();
                if let Some(&(_, pole)) = ZH_SINGLE.iter().find(|(s, _)| *s == c)
                    && zh_figure_follows(text, e)
                {
                    out.push(Mark {
                        start: b,
                        end: e,
                        axis: CHANGE,
                        pole,
                    });
                }
                b = e;
            }
        }
    }
    // A profit or a growth of a negative figure is a loss or a fall
    // (利润为负, 净利润为-3,000万元, 增长-4.5%).
    for m in out.iter_mut() {
        if matches!(m.axis, PROFIT | CHANGE)
            && m.pole == 0
            && let Some(end) = zh_negative_sign(text, m.end)
        {
            m.pole = 1;
            m.end = end;
        }
    }
    // The negations only matter to the marks found (most texts have none).
    if out.is_empty() {
        return out;
    }
    let negations = zh_negations(text);
    out.retain(|m| {
        !negations.iter().any(|&(_, e)| {
            e <= m.start
                && text[e..m.start].chars().count() <= ZH_NEGATION_REACH
                && !crosses_clause(text, e, m.start)
        })
    });
    out
}

/// The English words of a text, lower-cased, with their byte spans.
fn en_words(text: &str) -> Vec<(usize, usize, String)> {
    crate::numbers::ascii_words(text)
        .into_iter()
        .map(|(s, e)| (s, e, text[s..e].to_ascii_lowercase()))
        .collect()
}

/// Whether a figure follows the English word ending at byte `end`, after
/// at most two of [`EN_BEFORE_FIGURE`]'s words.
fn en_figure_follows(text: &str, words: &[(usize, usize, String)], i: usize) -> bool {
    let mut k = i + 1;
    let mut at = words[i].1;
    for _ in 0..2 {
        match words.get(k) {
            Some(w)
                if EN_BEFORE_FIGURE.contains(&w.2.as_str()) && text[at..w.0].trim().is_empty() =>
            {
                at = w.1;
                k += 1;
            }
            _ => break,
        }
    }
    let rest = text[at..].trim_start();
    let rest = rest
        .strip_prefix("HK")
        .or_else(|| rest.strip_prefix("US"))
        .or_else(|| rest.strip_prefix("RMB"))
        .unwrap_or(rest);
    rest.starts_with(|c: char| c.is_ascii_digit() || "$¥£€".contains(c))
        || words.get(k).is_some_and(|w| {
            text[at..w.0].trim().is_empty() && EN_FIGURE_WORDS.contains(&w.2.as_str())
        })
}

/// The direction words of an English text, negated ones left out.
fn en_marks(text: &str) -> Vec<Mark> {
    let table = en_table();
    let words = en_words(text);
    let negations = en_negations(text);
    let mut out = Vec::new();
    for (i, (s, e, w)) in words.iter().enumerate() {
        // A part of a hyphenated compound (*non-profit*, *lower-income*,
        // *up-to-date*) or of a fixed phrase (*higher education*) names no
        // direction.
        let hyphen = text[..*s].ends_with('-') || text[*e..].starts_with('-');
        let fixed = words.get(i + 1).is_some_and(|(_, _, next)| {
            EN_FIXED
                .iter()
                .any(|&(a, b)| a == w.as_str() && b == next.as_str())
        });
        if hyphen || fixed {
            continue;
        }
        let expectation = en_expectation(&words, i);
        let swing = en_swing(&words, i);
        let axes: &[(usize, usize)] = match w.as_str() {
            "up" if en_figure_follows(text, &words, i) => &[(CHANGE, 0)],
            "down" if en_figure_follows(text, &words, i) => &[(CHANGE, 1)],
            _ if expectation == Some(0) => &[(CHANGE, 0)],
            _ if expectation == Some(1) => &[(CHANGE, 1)],
            "profit" | "profits" | "profitability" if swing => &[(PROFIT, 0), (SWING, 0)],
            "loss" | "losses" if swing => &[(PROFIT, 1), (SWING, 1)],
            "black" if swing => &[(SWING, 0)],
            "red" if swing => &[(SWING, 1)],
            _ => table.get(w.as_str()).map_or(&[], Vec::as_slice),
        };
        if axes.is_empty() {
            continue;
        }
        // A negation among the few words before, in the same clause.
        let from = words[i.saturating_sub(EN_NEGATION_REACH)].0;
        let negated = negations
            .iter()
            .any(|&(ns, ne)| ns >= from && ne <= *s && !crosses_clause(text, ne, *s))
            || words[i.saturating_sub(EN_NEGATION_REACH)..i]
                .iter()
                .any(|(_, ne, nw)| {
                    EN_NEGATORS.contains(&nw.as_str()) && !crosses_clause(text, *ne, *s)
                });
        if negated {
            continue;
        }
        let signed = en_negative_sign(text, &words, i);
        for &(axis, pole) in axes {
            // A negative profit or growth is a loss or a fall.
            let pole = if signed && pole == 0 && matches!(axis, PROFIT | CHANGE) {
                1
            } else {
                pole
            };
            out.push(Mark {
                start: *s,
                end: *e,
                axis,
                pole,
            });
        }
    }
    out
}

/// Words that beat an expectation (*exceeded expectations*, *better than
/// expected*) and words that miss one (*fell short of*, *below
/// forecasts*).
const EN_ABOVE_EXPECTED: &[&str] = &[
    "exceed",
    "exceeded",
    "exceeds",
    "exceeding",
    "beat",
    "beats",
    "beating",
    "surpassed",
    "surpass",
    "surpasses",
    "topped",
    "above",
    "outperformed",
    "better",
];
const EN_BELOW_EXPECTED: &[&str] = &[
    "missed",
    "miss",
    "misses",
    "missing",
    "below",
    "short",
    "under",
    "worse",
    "disappointed",
    "lagged",
    "trailed",
];
/// What is expected (*expectations*, *forecasts*, *consensus*).
const EN_EXPECTED: &[&str] = &[
    "expectation",
    "expectations",
    "expected",
    "forecast",
    "forecasts",
    "estimate",
    "estimates",
    "consensus",
    "projections",
    "guidance",
];

/// The direction of an English word that beats or misses an expectation
/// named within three words after it (*exceeded market expectations*:
/// up), or `None`.
fn en_expectation(words: &[(usize, usize, String)], i: usize) -> Option<usize> {
    let w = words[i].2.as_str();
    let dir = if EN_ABOVE_EXPECTED.contains(&w) {
        0
    } else if EN_BELOW_EXPECTED.contains(&w) {
        1
    } else {
        return None;
    };
    words[i + 1..]
        .iter()
        .take(3)
        .any(|n| EN_EXPECTED.contains(&n.2.as_str()))
        .then_some(dir)
}

/// Words that turn a result round before *to* or *into* (*swung to a
/// loss*, *from a loss to a profit*, *back into the black*).
const EN_SWING_WORDS: &[&str] = &[
    "swung",
    "swing",
    "swings",
    "swinging",
    "turned",
    "turn",
    "turns",
    "turning",
    "returned",
    "return",
    "returns",
    "returning",
    "back",
    "from",
    "reversed",
    "moved",
    "shifted",
    "plunged",
    "slipped",
    "fell",
    "sank",
];

/// Whether the English word at `i` (a profit or a loss, *black* or *red*)
/// is where a result turns to: after *to* or *into* (an article or *net*
/// between), with a word that turns it ([`EN_SWING_WORDS`]) at most eight
/// words before (figures between: *from a profit of RMB1.2 billion to a
/// loss*).
fn en_swing(words: &[(usize, usize, String)], i: usize) -> bool {
    let mut k = i;
    for _ in 0..2 {
        if k > 0 && matches!(words[k - 1].2.as_str(), "a" | "an" | "the" | "net") {
            k -= 1;
        }
    }
    if k == 0 || !matches!(words[k - 1].2.as_str(), "to" | "into") {
        return false;
    }
    let to = k - 1;
    words[to.saturating_sub(8)..to]
        .iter()
        .any(|(_, _, w)| EN_SWING_WORDS.contains(&w.as_str()))
}

/// Phrases whose direction word names no change: *higher education*, *the
/// lower house* (a word and the word after it, lower case).
const EN_FIXED: &[(&str, &str)] = &[
    ("higher", "education"),
    ("higher", "learning"),
    ("higher", "authorities"),
    ("higher", "court"),
    ("lower", "court"),
    ("lower", "courts"),
    ("lower", "house"),
    ("lower", "chamber"),
];

/// The poles a side's words hold on `axis` (up, down), or `None` when a
/// word there holds both (涨跌, 进出口): such a side says nothing on it.
fn poles_of(marks: &[Mark], axis: usize) -> Option<[bool; 2]> {
    let mut has = [false; 2];
    for m in marks.iter().filter(|m| m.axis == axis) {
        match m.pole {
            BOTH => return None,
            p => has[p] = true,
        }
    }
    Some(has)
}

/// Whether a text holds a digit (ASCII or full-width).
fn has_digit(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// A `polarity` flag when, on some axis, one side of a Chinese–English
/// segment has direction words of one pole only and the other side words
/// of the opposite pole: only those (*reversed*), or beside words of the
/// same pole (*also*: 收益减少…订单下降 → *revenue increased … a decline in
/// orders*, one of two directions turned). Its evidence quotes the words
/// of both sides (on a side of both poles, the opposite ones) and names
/// the poles; its spans point at them on both sides.
///
/// Severity: an error when the direction of a change, a profit, a
/// balance or a swing between them is reversed and both sides hold a figure (a reported change:
/// *decreased by 8.3%* for 增长8.3%), else a warning: on the other axes a
/// reversal may be a change of viewpoint (收购 → *was sold to*, 进口 → *US
/// exports*), which a reviewer should see but a release gate should not
/// stop on (measured on clean gold pairs and planted reversals,
/// RESULTS.md, session 23).
pub(crate) fn polarity(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang, out: &mut Vec<Flag>) {
    let (zh, en, zh_side, en_side) = match (src_lang, tgt_lang) {
        (Lang::Zh, Lang::En) => (src, tgt, Side::Source, Side::Target),
        (Lang::En, Lang::Zh) => (tgt, src, Side::Target, Side::Source),
        _ => return,
    };
    let zm = zh_marks(zh);
    if zm.is_empty() {
        return;
    }
    let em = en_marks(en);
    if em.is_empty() {
        return;
    }
    let mut found: Vec<String> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    // Reversed on an axis where a figure makes it a reported fact.
    let mut reversed = false;
    for (axis, (_, poles)) in AXES.iter().enumerate() {
        let (Some(zh_has), Some(en_has)) = (poles_of(&zm, axis), poles_of(&em, axis)) else {
            continue;
        };
        // The side of one pole, and the pole the other side holds against it.
        let (zp, ep, strict) = match (zh_has, en_has) {
            ([true, false], [false, true]) => (0, 1, true),
            ([false, true], [true, false]) => (1, 0, true),
            ([true, false], [true, true]) => (0, 1, false),
            ([false, true], [true, true]) => (1, 0, false),
            ([true, true], [true, false]) => (1, 0, false),
            ([true, true], [false, true]) => (0, 1, false),
            _ => continue,
        };
        reversed |= strict && matches!(axis, CHANGE | PROFIT | BALANCE | SWING);
        let words = |text: &str, marks: &[Mark], pole: usize| -> (String, Vec<(usize, usize)>) {
            let mut seen: Vec<&str> = Vec::new();
            let mut at = Vec::new();
            for m in marks.iter().filter(|m| m.axis == axis && m.pole == pole) {
                at.push((m.start, m.end));
                let w = &text[m.start..m.end];
                if !seen.contains(&w) {
                    seen.push(w);
                }
            }
            let q = seen
                .iter()
                .map(|w| format!("“{w}”"))
                .collect::<Vec<_>>()
                .join(", ");
            (q, at)
        };
        let (zq, zat) = words(zh, &zm, zp);
        let (eq, eat) = words(en, &em, ep);
        found.push(if strict {
            format!(
                "the Chinese says {zq} ({}) but the English says {eq} ({})",
                poles[zp], poles[ep]
            )
        } else if zh_has == [true, true] {
            format!(
                "the English says only {eq} ({}) but the Chinese also says {zq} ({})",
                poles[ep], poles[zp]
            )
        } else {
            format!(
                "the Chinese says only {zq} ({}) but the English also says {eq} ({})",
                poles[zp], poles[ep]
            )
        });
        let side_spans = |at: Vec<(usize, usize)>, side: Side| -> Vec<Span> {
            at.into_iter()
                .map(|(start, end)| Span { side, start, end })
                .collect()
        };
        let (mut first, mut second) = (side_spans(zat, zh_side), side_spans(eat, en_side));
        if zh_side == Side::Target {
            std::mem::swap(&mut first, &mut second);
        }
        spans.extend(first);
        spans.extend(second);
    }
    if found.is_empty() {
        return;
    }
    let mut seen = Vec::new();
    spans.retain(|sp| {
        let key = (sp.side, sp.start, sp.end);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    let severity = if reversed && has_digit(zh) && has_digit(en) {
        Severity::Error
    } else {
        Severity::Warning
    };
    out.push(Flag {
        kind: FlagKind::Polarity,
        severity,
        evidence: format!("{}: the direction is reversed", found.join("; ")),
        spans,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang) -> Vec<Flag> {
        let mut out = Vec::new();
        polarity(src, tgt, src_lang, tgt_lang, &mut out);
        out
    }

    fn zh_en(zh: &str, en: &str) -> Vec<Flag> {
        flags(zh, en, Lang::Zh, Lang::En)
    }

    fn quoted(text: &str, f: &Flag, side: Side) -> Vec<String> {
        f.spans
            .iter()
            .filter(|s| s.side == side)
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn finance_verbs_swings_and_expectations_are_read() {
        // Trial 24 (F4): silent before. Errors only with figures on both
        // sides (session 23's rule), the rest warnings.
        let kinds =
            |zh: &str, en: &str| zh_en(zh, en).iter().map(|f| f.severity).collect::<Vec<_>>();
        for (zh, en, severity) in [
            (
                "公司控股股东已将其持股比例由32.5%减持至28.1%。",
                "The controlling shareholder had increased its shareholding from 32.5% to 28.1%.",
                Severity::Error,
            ),
            (
                "公司控股股东已减持股份。",
                "The controlling shareholder has increased its holdings.",
                Severity::Warning,
            ),
            (
                "控股股东增持公司股份。",
                "The controlling shareholder sold shares in the company.",
                Severity::Warning,
            ),
            (
                "公司上调全年收入指引。",
                "The company cut its full-year revenue guidance.",
                Severity::Warning,
            ),
            (
                "公司下调全年收入指引。",
                "The company raised its full-year revenue guidance.",
                Severity::Warning,
            ),
            (
                "出口额低于预期。",
                "Exports exceeded expectations.",
                Severity::Warning,
            ),
            (
                "该公司扭亏为盈。",
                "The company swung from profit to loss.",
                Severity::Warning,
            ),
            (
                "净利润由去年同期的亏损3亿元转为盈利5亿元。",
                "Net profit swung from a profit of RMB300 million to a loss of RMB500 million.",
                Severity::Error,
            ),
            (
                "利润率有所改善。",
                "Profit margins deteriorated.",
                Severity::Warning,
            ),
        ] {
            assert_eq!(kinds(zh, en), [severity], "{zh} ↔ {en}");
        }
        // Faithful renderings raise nothing.
        for (zh, en) in [
            (
                "公司控股股东已将其持股比例由32.5%减持至28.1%。",
                "The controlling shareholder reduced its shareholding from 32.5% to 28.1%.",
            ),
            (
                "控股股东增持公司股份。",
                "The controlling shareholder bought more shares.",
            ),
            (
                "公司上调全年收入指引。",
                "The company raised its full-year guidance.",
            ),
            ("出口额低于预期。", "Exports fell short of expectations."),
            ("出口额高于预期。", "Exports beat expectations."),
            (
                "该公司扭亏为盈。",
                "The company swung from a loss to a profit.",
            ),
            ("该公司扭亏为盈。", "The company returned to profit."),
            (
                "净利润由去年同期的亏损3亿元转为盈利5亿元。",
                "Net profit swung from a loss of RMB300 million to a profit of RMB500 million.",
            ),
            ("他把绳子剪断了。", "He cut the rope."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
    }

    #[test]
    fn a_fall_rendered_as_a_rise_is_flagged_with_spans_on_both_sides() {
        let zh = "零售分部收入下跌8.3%。";
        let en = "Revenue of the retail segment increased by 8.3%.";
        let f = zh_en(zh, en);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, FlagKind::Polarity);
        // A reported change, figures on both sides: an error.
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(quoted(zh, &f[0], Side::Source), ["下跌"]);
        assert_eq!(quoted(en, &f[0], Side::Target), ["increased"]);
        assert_eq!(
            f[0].evidence,
            "the Chinese says “下跌” (down) but the English says “increased” (up): the direction is reversed"
        );
        // Without figures, a warning.
        let f = zh_en("零售分部收入下跌。", "Retail revenue increased.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        // The right direction, no flag.
        assert!(zh_en(zh, "Revenue of the retail segment decreased by 8.3%.").is_empty());
        assert!(zh_en(zh, "Retail revenue fell 8.3%.").is_empty());
    }

    #[test]
    fn english_inflections_are_read() {
        let zh = "出口额同比增长12%。";
        for en in [
            "Exports fell 12% year on year.",
            "Exports have fallen by 12%.",
            "Exports were falling, by 12%.",
            "Exports dropped 12%.",
            "Exports declined by 12%.",
            "Exports shrank by 12%.",
            "Exports were down 12% year on year.",
        ] {
            assert_eq!(zh_en(zh, en).len(), 1, "{en}");
        }
        for en in [
            "Exports rose 12% year on year.",
            "Exports have risen by 12%.",
            "Exports grew by 12%.",
            "Exports were up 12% year on year.",
            "Export growth was 12%.",
        ] {
            assert!(zh_en(zh, en).is_empty(), "{en}");
        }
    }

    #[test]
    fn a_loss_rendered_as_a_profit_is_flagged() {
        let zh = "本集团预期将录得亏损约港币1亿2,000万元。";
        let f = zh_en(
            zh,
            "The Group is expected to record a profit of approximately HK$120 million.",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].evidence.contains("(loss)"), "{}", f[0].evidence);
        assert!(
            f[0].evidence.contains("“profit” (profit)"),
            "{}",
            f[0].evidence
        );
        assert!(
            zh_en(
                zh,
                "The Group is expected to record a loss of approximately HK$120 million."
            )
            .is_empty()
        );
    }

    #[test]
    fn surplus_deficit_import_export_buy_sell_are_axes() {
        assert_eq!(
            zh_en("贸易顺差扩大。", "The trade deficit widened.").len(),
            1
        );
        assert!(zh_en("贸易顺差扩大。", "The trade surplus widened.").is_empty());
        assert_eq!(
            zh_en("进口大幅增加。", "Exports increased sharply.").len(),
            1
        );
        assert!(zh_en("进出口均有增长。", "Imports and exports grew.").is_empty());
        assert_eq!(
            zh_en("本公司买入股份。", "The Company sold shares.").len(),
            1
        );
        assert!(zh_en("本公司买入股份。", "The Company bought shares.").is_empty());
        assert_eq!(
            zh_en("董事会批准该方案。", "The board rejected the plan.").len(),
            1
        );
        assert_eq!(
            zh_en("他们反对这项法案。", "They supported the bill.").len(),
            1
        );
        assert_eq!(
            zh_en("经营状况恶化。", "Operating conditions improved.").len(),
            1
        );
        assert_eq!(zh_en("主队输给了客队。", "The home team won.").len(), 1);
    }

    #[test]
    fn english_to_chinese_is_checked_too() {
        let en = "Net profit decreased by 5%.";
        let f = flags(en, "净利润增长5%。", Lang::En, Lang::Zh);
        assert_eq!(f.len(), 1);
        assert_eq!(quoted(en, &f[0], Side::Source), ["decreased"]);
        assert_eq!(quoted("净利润增长5%。", &f[0], Side::Target), ["增长"]);
        assert!(flags(en, "净利润减少5%。", Lang::En, Lang::Zh).is_empty());
    }

    #[test]
    fn negated_direction_words_say_nothing() {
        for (zh, en) in [
            ("收入没有增长。", "Revenue did not increase."),
            ("收入没有增长。", "Revenue fell."),
            ("销量并未明显下降。", "Sales did not fall significantly."),
            ("销量并未明显下降。", "Sales rose slightly."),
            ("收入增长。", "Revenue did not decline."),
            ("收入增长。", "Revenue failed to fall."),
            ("收入下降。", "There was no increase in revenue."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} / {en}: {:?}", zh_en(zh, en));
        }
        // A negation in another clause does not reach.
        assert_eq!(
            zh_en(
                "成本未变，收入下降。",
                "Costs were unchanged and revenue rose."
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_side_with_both_poles_or_none_says_nothing() {
        for (zh, en) in [
            ("收入增长，但利润下降。", "Revenue rose but profit fell."),
            ("收入增长，但利润下降。", "Revenue fell while profits rose."),
            ("销量不减反增。", "Sales increased."),
            ("增长放缓。", "Growth slowed."),
            ("收入增长。", "Revenue expanded."),
            ("股价涨跌互现。", "Share prices rose."),
            ("收入增长。", "The company did well."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} / {en}: {:?}", zh_en(zh, en));
        }
    }

    /// Review of session 23: compounds, fixed phrases and viewpoints.
    #[test]
    fn compounds_fixed_phrases_and_viewpoints_are_no_reported_reversal() {
        for (zh, en) in [
            (
                "高等教育经费削减5%。",
                "Funding for higher education was cut by 5%.",
            ),
            (
                "非营利机构亏损3亿元。",
                "The non-profit lost 300 million yuan.",
            ),
            (
                "低收入家庭减少了5%。",
                "Lower-income households fell by 5%.",
            ),
        ] {
            let f = zh_en(zh, en);
            assert!(f.is_empty(), "{zh} / {en}: {f:?}");
        }
        // A viewpoint turned (buying for being sold) is for a reviewer to
        // see, not an error, even with figures.
        let f = zh_en(
            "甲公司以5亿元收购乙公司。",
            "Company B was sold to Company A for 500 million yuan.",
        );
        assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:?}");
        // A defeat is a win for the one who defeats.
        assert!(zh_en("甲队3比1获胜。", "Team A defeated Team B 3-1.").is_empty());
    }

    #[test]
    fn one_of_two_directions_turned_is_a_warning() {
        // The Chinese says only "down"; the English keeps one (decline) and
        // turns the other (increase).
        let zh = "本集团之收益预期较去年减少约35%，主要由于主要客户订单大幅下降。";
        let en = "The Group's revenue is expected to increase by approximately 35%, \
                  mainly due to a significant decline in orders from major customers.";
        let f = zh_en(zh, en);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(quoted(en, &f[0], Side::Target), ["increase"]);
        assert_eq!(quoted(zh, &f[0], Side::Source), ["减少", "下降"]);
        assert!(
            f[0].evidence.starts_with(
                "the Chinese says only “减少”, “下降” (down) but the English also says “increase” (up)"
            ),
            "{}",
            f[0].evidence
        );
        // Both kept, no flag.
        let en = "The Group's revenue is expected to decrease by approximately 35%, \
                  mainly due to a significant decline in orders from major customers.";
        assert!(zh_en(zh, en).is_empty());
    }

    #[test]
    fn single_characters_and_up_or_down_count_only_before_a_figure() {
        assert_eq!(
            zh_en("营业额按年跌5%。", "Turnover was up 5% year on year.").len(),
            1
        );
        assert_eq!(
            zh_en("营业额同比增4.2%。", "Turnover decreased 4.2%.").len(),
            1
        );
        assert_eq!(
            zh_en(
                "资产负债比率下降3.2个百分点。",
                "The gearing ratio was up by 3.2 points."
            )
            .len(),
            1
        );
        // 降 of 投降 "surrendered", *up* of *gave up*.
        assert!(
            zh_en(
                "敌军投降了。",
                "The enemy gave up and rose from the trench."
            )
            .is_empty()
        );
        assert!(zh_en("价格下降。", "He sat down; prices went down.").is_empty());
        assert!(zh_en("价格下降。", "He looked up at the falling prices.").is_empty());
        assert!(zh_marks("增值税").is_empty());
    }

    #[test]
    fn traditional_chinese_is_read_through_the_quality_stage() {
        use crate::quality::{QualityOptions, score_pairs};
        let pairs = vec![
            (
                "零售分部收入下跌8.3%。".to_string(),
                "Revenue of the retail segment increased by 8.3%.".to_string(),
            ),
            (
                "本集團預期將錄得虧損約港幣1億2,000萬元。".to_string(),
                "The Group is expected to record a profit of approximately HK$120 million."
                    .to_string(),
            ),
        ];
        let report = score_pairs(&pairs, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        for (s, (zh, _)) in report.segments.iter().zip(&pairs) {
            let f = s
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::Polarity)
                .expect("a polarity flag");
            // Evidence quotes the original (traditional) characters.
            let sp = f.spans.iter().find(|s| s.side == Side::Source).unwrap();
            assert!(f.evidence.contains(&zh[sp.start..sp.end]), "{}", f.evidence);
        }
    }

    #[test]
    fn a_negative_profit_is_a_loss_and_a_lost_minus_sign_is_reversed() {
        let severity =
            |zh: &str, en: &str| zh_en(zh, en).iter().map(|f| f.severity).collect::<Vec<_>>();
        // Trial 30 (problem 5): 利润为负 is a loss, so *net loss* renders it.
        for (zh, en) in [
            (
                "本集团营业利润为负1,200万元。",
                "The Group recorded an operating loss of RMB12 million.",
            ),
            (
                "本集团营业利润为-1,200万元。",
                "The Group's operating loss was RMB12 million.",
            ),
            (
                "本集团营业利润为-1,200万元。",
                "The Group's operating profit was -RMB12 million.",
            ),
            (
                "出口额同比增长-4.5%。",
                "Exports decreased by 4.5% year on year.",
            ),
            ("出口额同比负增长4.5%。", "Exports fell 4.5% year on year."),
        ] {
            assert!(zh_en(zh, en).is_empty(), "{zh} ↔ {en}: {:?}", zh_en(zh, en));
        }
        // The minus sign lost: a loss turned into a profit, a fall into a rise.
        for (zh, en) in [
            (
                "本集团营业利润为-1,200万元。",
                "The Group's operating profit was RMB12 million.",
            ),
            (
                "本集团营业利润为负1,200万元。",
                "The Group recorded an operating profit of RMB12 million.",
            ),
            (
                "出口额同比增长-4.5%。",
                "Exports increased by 4.5% year on year.",
            ),
        ] {
            assert_eq!(severity(zh, en), [Severity::Error], "{zh} ↔ {en}");
        }
        // en→zh: a negative figure in English read the same way.
        let f = flags(
            "Operating profit was -RMB12 million.",
            "营业利润为1,200万元。",
            Lang::En,
            Lang::Zh,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            flags(
                "Operating profit was -RMB12 million.",
                "营业亏损为1,200万元。",
                Lang::En,
                Lang::Zh
            )
            .is_empty()
        );
    }
}
