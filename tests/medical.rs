//! `bitext score` on package inserts and device instructions (trial 31):
//! prohibitions (禁用, 不宜), cautions (慎用), units of a dose (µg, mcg,
//! IU, mg/kg), frequencies (*once daily*), durations and ages, bounds
//! after a figure (25°C以下), temperatures below zero, and the standard
//! labelling sentences that must pass clean. The sentences are made up.

mod common;
use common::{en_zh, zh_en};

/// Whether a flag of `kind` has severity `error`.
fn error(kind: &str, f: &[String]) -> bool {
    f.iter().any(|x| x.starts_with(&format!("{kind}:error")))
}

/// The flags of `kind` (`number_mismatch`, `negation`).
fn of(kind: &str, f: &[String]) -> Vec<String> {
    f.iter()
        .filter(|x| x.starts_with(&format!("{kind}:")))
        .cloned()
        .collect()
}

#[test]
fn a_lost_contraindication_is_an_error() {
    let f = zh_en(
        "严重肾病患者禁用。",
        "Suitable for patients with severe kidney disease.",
    );
    assert!(error("negation", &f), "{f:?}");
    assert!(f.iter().any(|x| x.contains("“禁用”")), "{f:?}");
    let f = zh_en(
        "严重肾病患者禁用。",
        "Contraindicated in patients with severe kidney disease.",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
    let f = zh_en("5岁以下儿童禁用。", "Use in children under 5 years of age.");
    assert!(error("negation", &f), "{f:?}");
}

#[test]
fn buyi_is_a_prohibition_and_shenyong_a_caution() {
    let f = zh_en(
        "孕妇不宜使用本品。",
        "Pregnant women should use this product.",
    );
    assert!(error("negation", &f), "{f:?}");
    let f = zh_en(
        "有哮喘病史者慎用。",
        "Recommended for people with a history of asthma.",
    );
    assert!(error("negation", &f), "{f:?}");
    assert!(f.iter().any(|x| x.contains("“慎用”")), "{f:?}");
    let f = zh_en(
        "有哮喘病史者慎用。",
        "Use with caution in people with a history of asthma.",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
}

#[test]
fn a_micrograms_for_milligrams_swap_is_a_number_error_not_a_name() {
    let f = zh_en("每次100 mg，口服。", "Take 100 µg by mouth.");
    assert!(error("number_mismatch", &f), "{f:?}");
    assert!(of("name_mismatch", &f).is_empty(), "{f:?}");
    assert!(
        f.iter()
            .any(|x| x.contains("(100000 µg)") && x.contains("(100 µg)")),
        "{f:?}"
    );
    let f = zh_en("每次100 mcg，口服。", "Take 100 micrograms by mouth.");
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
    let f = en_zh(
        "Each capsule contains 400 IU of vitamin D.",
        "每粒含维生素D 400 mg。",
    );
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = en_zh(
        "Each capsule contains 400 IU of vitamin D.",
        "每粒含维生素D 400国际单位。",
    );
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
}

#[test]
fn a_dose_per_weight_against_a_dose_per_day_is_an_error() {
    let f = zh_en(
        "儿童每日剂量为20 mg/kg。",
        "The daily dose for children is 20 mg/day.",
    );
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en(
        "儿童每日剂量为20 mg/kg。",
        "The daily dose for children is 20 mg/kg.",
    );
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
}

#[test]
fn converted_amounts_are_shown_in_the_smaller_unit() {
    let f = zh_en("每次冲洗用量为3 mL。", "Use 3 L for each rinse.");
    assert!(
        f.iter()
            .any(|x| x.contains("“3 mL” (3 mL)") && x.contains("“3 L” (3000 mL)")),
        "{f:?}"
    );
}

#[test]
fn once_and_twice_daily_are_counts() {
    let f = zh_en("每次2片，每日1次。", "Take two tablets once daily.");
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
    let f = zh_en("每次2片，每日1次。", "Take two tablets twice daily.");
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en("每日2次。", "Twice a day.");
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
}

#[test]
fn medical_terms_with_bu_or_fei_hide_no_lost_negation() {
    let f = en_zh(
        "Do not give to patients with gluten intolerance.",
        "可给予麸质不耐受患者。",
    );
    assert!(error("negation", &f), "{f:?}");
    let f = en_zh(
        "You should not take it with other NSAIDs.",
        "本品应与其他非甾体抗炎药同服。",
    );
    assert!(error("negation", &f), "{f:?}");
    let f = zh_en(
        "肝功能不全患者应减量。",
        "Patients with hepatic impairment should reduce the dose.",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
}

#[test]
fn reversed_limits_are_errors() {
    let f = zh_en("在30°C以下干燥处保存。", "Store in a dry place above 30°C.");
    assert!(error("negation", &f), "{f:?}");
    let f = zh_en("在30°C以下干燥处保存。", "Store in a dry place below 30°C.");
    assert!(of("negation", &f).is_empty(), "{f:?}");
    let f = zh_en(
        "16岁以下青少年禁用。",
        "Contraindicated in adolescents over 16.",
    );
    assert!(error("negation", &f), "{f:?}");
    let f = zh_en("每次不得超过2喷。", "Use at least 2 sprays each time.");
    assert!(error("negation", &f), "{f:?}");
    let f = en_zh(
        "Do not use more than 2 sprays each time.",
        "每次不得少于2喷。",
    );
    assert!(error("negation", &f), "{f:?}");
    let f = en_zh(
        "Do not use more than 2 sprays each time.",
        "每次不得超过2喷。",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
}

#[test]
fn standard_labelling_sentences_pass_clean() {
    let f = zh_en(
        "请放在儿童接触不到的地方。",
        "Keep out of the reach of children.",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
    let f = en_zh(
        "Keep out of the sight and reach of children.",
        "请放在儿童看不到和够不到的地方。",
    );
    assert!(of("negation", &f).is_empty(), "{f:?}");
}

#[test]
fn signs_ages_durations_and_scales_are_read() {
    let f = zh_en("储存温度为-25°C～30°C。", "Store at 25°C to 30°C.");
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en("储存温度为-25°C～30°C。", "Store at -25°C to 30°C.");
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
    let f = en_zh("Not for infants under 3 months.", "3岁以下婴幼儿不宜使用。");
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en("连续使用5天。", "Use for 5 weeks in a row.");
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en("连续使用5天。", "Use for 5 days in a row.");
    assert!(of("number_mismatch", &f).is_empty(), "{f:?}");
    let f = zh_en("于4°C冷藏。", "Refrigerate at 4 °F.");
    assert!(error("number_mismatch", &f), "{f:?}");
    let f = zh_en(
        "本品含2%利多卡因。",
        "This product contains 2 mg of lidocaine.",
    );
    assert!(error("number_mismatch", &f), "{f:?}");
}

#[test]
fn a_unit_clash_quotes_each_number_with_its_unit() {
    // Equal numbers refused for their units: the evidence shows the units,
    // else it reads “40” against “40”.
    let f = zh_en(
        "每日最大剂量为40 mg/kg。",
        "The maximum daily dose is 40 mg/day.",
    );
    let n = of("number_mismatch", &f);
    assert!(
        n.iter()
            .any(|x| x.contains("“40 mg/kg”") && x.contains("“40 mg/day”")),
        "{f:?}"
    );
    let f = zh_en("本品含5%葡萄糖。", "This product contains 5 mg of glucose.");
    let n = of("number_mismatch", &f);
    assert!(
        n.iter().any(|x| x.contains("“5%”") && x.contains("“5 mg”")),
        "{f:?}"
    );
    let f = zh_en("于4°C冷藏。", "Refrigerate at 4 °F.");
    let n = of("number_mismatch", &f);
    assert!(
        n.iter()
            .any(|x| x.contains("“4°C”") && x.contains("“4 °F”")),
        "{f:?}"
    );
    let f = zh_en("每次250 mg。", "Take 250 IU each time.");
    let n = of("number_mismatch", &f);
    assert!(
        n.iter()
            .any(|x| x.contains("“250 mg”") && x.contains("“250 IU”")),
        "{f:?}"
    );
}

#[test]
fn omission_evidence_starts_and_ends_on_words() {
    // 针头 (needle) and 放在 (put in) are no dictionary words: the excerpt
    // still keeps each whole.
    let f = zh_en("请勿对针头进行回套操作。", "Do not recap the needle.");
    let o = of("omission", &f);
    assert!(o.iter().any(|x| x.contains("“针头进行回套操作”")), "{f:?}");
    let f = zh_en(
        "请将本品放在儿童接触不到的地方。",
        "Keep out of the reach of children.",
    );
    let o = of("omission", &f);
    assert!(o.iter().any(|x| x.contains("“请将本品放在”")), "{f:?}");
    // An English excerpt cut for length ends on a whole word.
    let f = zh_en(
        "他说。",
        "He said that the non-steroidal anti-inflammatory drugs, which were prescribed by his doctor last week, were unsafe.",
    );
    let a = of("addition", &f);
    assert!(
        a.iter()
            .any(|x| x.contains("“non-steroidal anti-inflammatory drugs…”")),
        "{f:?}"
    );
}
