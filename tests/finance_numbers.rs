//! `bitext score` on financial and legal phrasing the number check must
//! read in either notation: percentage points in words, 大写 amounts,
//! a currency after its amount, bounds with a figure in words, fractions
//! as percentages, ranks and per-N-shares bases, half-years and quarters,
//! amounts restated in brackets.

mod common;
use common::{en_zh, zh_en};

/// The flags of `kind` (`number_mismatch`, `negation`).
fn of(kind: &str, flags: &[String]) -> Vec<String> {
    flags
        .iter()
        .filter(|f| f.starts_with(&format!("{kind}:")))
        .cloned()
        .collect()
}

fn assert_clean(kind: &str, f: &[String], what: &str) {
    assert!(of(kind, f).is_empty(), "{what}: {f:?}");
}

fn assert_error(kind: &str, f: &[String], what: &str) -> String {
    let e = of(kind, f);
    assert!(
        e.iter().any(|x| x.starts_with(&format!("{kind}:error"))),
        "{what}: {f:?}"
    );
    e.join(" | ")
}

#[test]
fn percentage_points_and_basis_points_in_words_read_as_in_digits() {
    for en in [
        "Net margin fell by 2 percentage points.",
        "Net margin fell by two percentage points.",
        "Net margin fell by two percentage-points.",
    ] {
        assert_clean("number_mismatch", &zh_en("净利率下降2个百分点。", en), en);
    }
    assert_clean(
        "number_mismatch",
        &zh_en(
            "央行将利率下调25个基点。",
            "The central bank cut the rate by twenty-five basis points.",
        ),
        "basis points in words",
    );
    assert_clean(
        "number_mismatch",
        &zh_en("税率为百分之六。", "The tax rate is six per cent."),
        "per cent in words",
    );
    // Wrong: the evidence names percentage points, not a per cent.
    let e = assert_error(
        "number_mismatch",
        &zh_en(
            "净利率下降2个百分点。",
            "Net margin fell by four percentage points.",
        ),
        "four against 2",
    );
    assert!(e.contains("four"), "{e}");
    assert!(!e.contains("four percent"), "{e}");
    // A per cent against a percentage point is still an error in words.
    assert_error(
        "number_mismatch",
        &zh_en("净利率下降两个百分点。", "Net margin fell by two percent."),
        "per cent against point",
    );
    assert_clean(
        "number_mismatch",
        &en_zh(
            "Operating margin widened by three percentage points.",
            "营业利润率扩大3个百分点。",
        ),
        "en-zh words",
    );
}

#[test]
fn capital_numerals_daxie_are_read_as_amounts() {
    let zh = "租金总额为人民币贰佰肆拾万元整。";
    assert_clean(
        "number_mismatch",
        &zh_en(zh, "The total rent is RMB 2,400,000."),
        "correct 大写 amount",
    );
    let e = assert_error(
        "number_mismatch",
        &zh_en(zh, "The total rent is RMB 24,000,000."),
        "x10 大写 amount",
    );
    assert!(e.contains("2400000"), "{e}");
    let zh = "保证金为人民币伍仟叁佰元整。";
    assert_clean(
        "number_mismatch",
        &zh_en(zh, "The deposit is RMB 5,300."),
        "伍仟叁佰",
    );
    assert_error(
        "number_mismatch",
        &zh_en(zh, "The deposit is RMB 3,500."),
        "伍仟叁佰 as 3,500",
    );
    // 大写 with 零, 角 and 分, and the traditional forms.
    assert_clean(
        "number_mismatch",
        &zh_en(
            "应付金额为人民币壹万零伍佰元伍角叁分。",
            "The amount payable is RMB 10,500.53.",
        ),
        "角 and 分",
    );
    assert_clean(
        "number_mismatch",
        &zh_en("訂金為港幣參萬元整。", "The deposit is HK$30,000."),
        "traditional 大写",
    );
    // Digits in brackets beside the 大写 amount: both meet the English.
    assert_clean(
        "number_mismatch",
        &zh_en(
            "服务费为人民币陆拾万元整（¥600,000）。",
            "The service fee is RMB 600,000 (RMB 600,000).",
        ),
        "大写 and digits",
    );
}

#[test]
fn a_currency_after_its_amount_is_compared() {
    let zh = "认购费为5万元人民币。";
    assert_error(
        "number_mismatch",
        &zh_en(zh, "The subscription fee is HK$50,000."),
        "元人民币 against HK$",
    );
    for en in [
        "The subscription fee is RMB 50,000.",
        "The subscription fee is 50,000 yuan.",
        "The subscription fee is RMB50,000.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    assert_error(
        "number_mismatch",
        &zh_en("认购费为5万元港币。", "The subscription fee is RMB 50,000."),
        "元港币 against RMB",
    );
    assert_clean(
        "number_mismatch",
        &zh_en("认购费为5万元港币。", "The subscription fee is HK$50,000."),
        "元港币 as HK$",
    );
    assert_error(
        "number_mismatch",
        &en_zh("The subscription fee is HK$50,000.", zh),
        "en-zh: HK$ against 元人民币",
    );
    assert_error(
        "number_mismatch",
        &en_zh("The subscription fee is US$50,000.", "认购费为5万欧元。"),
        "en-zh: US$ against 欧元",
    );
}

#[test]
fn a_reversed_bound_is_an_error_whatever_notation_the_figure_has() {
    for zh in [
        "手续费不超过交易金额的5%。",
        "手续费不超过交易金额的百分之五。",
    ] {
        let f = zh_en(
            zh,
            "The fee shall be no less than 5% of the transaction amount.",
        );
        assert_error("negation", &f, zh);
    }
    assert_error(
        "negation",
        &zh_en(
            "借款期限不超过五年。",
            "The term of the loan shall be at least five years.",
        ),
        "五年 against five years",
    );
}

#[test]
fn fractions_meet_their_percentages_and_slashes() {
    let zh = "决议须经三分之二以上的董事同意。";
    for en in [
        "The resolution requires the consent of more than two thirds of the directors.",
        "The resolution requires the consent of more than 66.7% of the directors.",
        "The resolution requires the consent of more than 66.67% of the directors.",
        "The resolution requires the consent of more than 2/3 of the directors.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    let e = assert_error(
        "number_mismatch",
        &zh_en(
            zh,
            "The resolution requires the consent of more than 75% of the directors.",
        ),
        "2/3 against 75%",
    );
    assert!(e.contains("2/3"), "{e}");
    // A share per ten thousand shows its value, not its numerator.
    let e = assert_error(
        "number_mismatch",
        &zh_en(
            "逾期利息按日万分之三计收。",
            "Overdue interest accrues at 0.3% per day.",
        ),
        "万分之三 against 0.3%",
    );
    assert!(e.contains("0.03%"), "{e}");
    assert_clean(
        "number_mismatch",
        &en_zh(
            "Two thirds of the units are held by institutions.",
            "66.7%的基金份额由机构持有。",
        ),
        "en-zh two thirds as 66.7%",
    );
}

#[test]
fn a_rank_lost_or_added_is_an_error() {
    let zh = "该行是国内第二大商业银行。";
    let e = assert_error(
        "number_mismatch",
        &zh_en(zh, "The bank is the largest commercial bank in China."),
        "第二大 as largest",
    );
    assert!(e.contains("第二大") && e.contains("largest"), "{e}");
    for en in [
        "The bank is the second largest commercial bank in China.",
        "The bank is the second-largest commercial bank in China.",
        "The bank is the 2nd largest commercial bank in China.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    let e = assert_error(
        "number_mismatch",
        &zh_en(
            "该行是国内最大的商业银行。",
            "The bank is the second largest commercial bank in China.",
        ),
        "最大 as second largest",
    );
    assert!(e.contains("最大") && e.contains("second largest"), "{e}");
    assert_clean(
        "number_mismatch",
        &zh_en(
            "该行是国内最大的商业银行。",
            "The bank is the largest commercial bank in China.",
        ),
        "最大 as largest",
    );
    // A superlative among others ranks nothing.
    assert_clean(
        "number_mismatch",
        &zh_en(
            zh,
            "The bank is one of the largest commercial banks in China.",
        ),
        "one of the largest",
    );
    // en-zh.
    assert_error(
        "number_mismatch",
        &en_zh(
            "Mr Li is the second largest shareholder of the Company.",
            "李先生是本公司最大股东。",
        ),
        "en-zh second largest as 最大",
    );
    assert_clean(
        "number_mismatch",
        &en_zh(
            "Mr Li is the second largest shareholder of the Company.",
            "李先生是本公司第二大股东。",
        ),
        "en-zh second largest as 第二大",
    );
}

#[test]
fn a_per_ten_shares_base_lost_is_an_error_and_its_conversion_is_not() {
    let zh = "公司拟每10股派发现金红利3元（含税）。";
    // RMB 3 per 10 shares is RMB 0.3 per share: *RMB 3 per share* is ten
    // times the dividend.
    for en in [
        "The Company proposes a cash dividend of RMB 3 (tax inclusive) per share.",
        "The Company proposes a cash dividend of RMB 3 (tax inclusive) for every share.",
    ] {
        let e = assert_error("number_mismatch", &zh_en(zh, en), en);
        assert!(e.contains("每10股") && e.contains("0.3 per share"), "{e}");
    }
    for en in [
        "The Company proposes a cash dividend of RMB 3 (tax inclusive) for every 10 shares.",
        "The Company proposes a cash dividend of RMB 3 (tax inclusive) per ten shares.",
        "The Company proposes a cash dividend of RMB 0.3 (tax inclusive) per share.",
        "The Company proposes a cash dividend of RMB 0.30 (tax inclusive) per share.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    // en-zh: the English base lost in the Chinese.
    assert_error(
        "number_mismatch",
        &en_zh(
            "A final dividend of HK$1.8 per 10 shares is proposed.",
            "建议派发末期股息每股1.8港元。",
        ),
        "en-zh per 10 shares as 每股",
    );
    assert_clean(
        "number_mismatch",
        &en_zh(
            "A final dividend of HK$1.8 per 10 shares is proposed.",
            "建议派发末期股息每股0.18港元。",
        ),
        "en-zh per 10 shares as 每股 0.18",
    );
}

#[test]
fn a_half_year_or_quarter_swapped_is_an_error() {
    let e = assert_error(
        "number_mismatch",
        &en_zh(
            "Sales in the second half of 2023 rose by 8%.",
            "2023年上半年销售额增长8%。",
        ),
        "second half as 上半年",
    );
    assert!(e.contains("second half") && e.contains("上半年"), "{e}");
    assert_clean(
        "number_mismatch",
        &en_zh(
            "Sales in the second half of 2023 rose by 8%.",
            "2023年下半年销售额增长8%。",
        ),
        "second half as 下半年",
    );
    let zh = "公司2023年上半年营业收入增长8%。";
    assert_error(
        "number_mismatch",
        &zh_en(zh, "The Company's revenue grew 8% in H2 2023."),
        "上半年 as H2",
    );
    for en in [
        "The Company's revenue grew 8% in the first half of 2023.",
        "The Company's revenue grew 8% in H1 2023.",
        "The Company's revenue grew 8% in the first six months of 2023.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    let zh = "公司一季度实现营业收入50亿元。";
    assert_error(
        "number_mismatch",
        &zh_en(
            zh,
            "The Company's revenue in the second quarter was RMB 5 billion.",
        ),
        "一季度 as second quarter",
    );
    for en in [
        "The Company's revenue in Q1 was RMB 5 billion.",
        "The Company's revenue in the first quarter was RMB 5 billion.",
    ] {
        assert_clean("number_mismatch", &zh_en(zh, en), en);
    }
    let zh = "公司前三季度实现营业收入50亿元。";
    assert_error(
        "number_mismatch",
        &zh_en(
            zh,
            "The Company's revenue in the first half was RMB 5 billion.",
        ),
        "前三季度 as first half",
    );
    assert_clean(
        "number_mismatch",
        &zh_en(
            zh,
            "The Company's revenue for the first nine months was RMB 5 billion.",
        ),
        "前三季度 as first nine months",
    );
}

#[test]
fn an_amount_restated_otherwise_in_brackets_is_an_error() {
    let zh = "合同总价为人民币壹佰贰拾万元整。";
    let e = assert_error(
        "number_mismatch",
        &zh_en(
            zh,
            "The contract price is One Million Two Hundred Thousand (RMB 12,000,000).",
        ),
        "words restated as 12,000,000",
    );
    assert!(e.contains("restates") && e.contains("12,000,000"), "{e}");
    assert!(!e.contains("warning"), "{e}");
    assert_error(
        "number_mismatch",
        &zh_en(
            zh,
            "The contract price is Two Million Two Hundred Thousand (RMB 1,200,000).",
        ),
        "words wrong, digits right",
    );
    assert_clean(
        "number_mismatch",
        &zh_en(
            zh,
            "The contract price is One Million Two Hundred Thousand (RMB 1,200,000).",
        ),
        "restated right",
    );
    // The Chinese side's own restatement, in either direction.
    assert_error(
        "number_mismatch",
        &zh_en(
            "合同总价为人民币壹佰贰拾万元整（¥12,000,000）。",
            "The contract price is RMB 1,200,000.",
        ),
        "大写 restated as ¥12,000,000",
    );
    assert_error(
        "number_mismatch",
        &en_zh(
            "The contract price is RMB 1,200,000.",
            "合同总价为人民币壹佰贰拾万元整（¥12,000,000）。",
        ),
        "en-zh: 大写 restated as ¥12,000,000",
    );
    assert_clean(
        "number_mismatch",
        &en_zh(
            "The notice period is thirty (30) days.",
            "通知期为三十（30）日。",
        ),
        "thirty (30) days",
    );
    assert_error(
        "number_mismatch",
        &en_zh("The notice period is thirty (60) days.", "通知期为三十日。"),
        "thirty (60) days",
    );
}
