"""The pure normalisers the importer and the resolver share (knowledge.resolve)."""

import pytest

from knowledge.resolve import (
    is_placeholder_doc_number,
    issued_title,
    normalise_doc_number,
    normalise_standard_code,
    normalise_title,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("国卫基层发〔2023〕41号", "国卫基层发〔2023〕41号"),
        ("辽人社发〔2022〕第4号", "辽人社发〔2022〕4号"),
        ("国办发[2015]70号", "国办发〔2015〕70号"),
        ("国办发（2015）70号", "国办发〔2015〕70号"),
        ("国卫办基层函〔２０２６〕１８４号", "国卫办基层函〔2026〕184号"),
        ("国卫医发〔2020〕013号", "国卫医发〔2020〕13号"),
        ("国卫医发 〔2020〕 13 号", "国卫医发〔2020〕13号"),
        ("X政办〔20XX〕X号", "X政办〔20XX〕X号"),
        ("不是文号", ""),
        ("", ""),
    ],
)
def test_doc_numbers_are_normalised_per_gbt_9704(raw, expected):
    assert normalise_doc_number(raw) == expected


def test_placeholders_are_recognised():
    assert is_placeholder_doc_number("X政办〔20XX〕X号")
    assert not is_placeholder_doc_number("国办发〔2017〕32号")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("医疗联合体管理办法(试行)", "《医疗联合体管理办法（试行）》"),
        ("国务院办公厅关于推进医疗联合体建设和发展的指导意见", "关于推进医疗联合体建设和发展的指导意见"),
        ("辽宁省推进紧密型县域医疗卫生共同体建设三年行动方案（2023—2025年）（征求意见稿）",
         "辽宁省推进紧密型县域医疗卫生共同体建设三年行动方案(2023-2025年)"),
        ("中共中央 国务院关于进一步深化农村改革 扎实推进乡村全面振兴的意见",
         "关于进一步深化农村改革扎实推进乡村全面振兴的意见"),
    ],
)
def test_equivalent_titles_share_a_key(a, b):
    assert normalise_title(a) == normalise_title(b)


def test_different_titles_keep_different_keys():
    assert normalise_title("紧密型县域医共体医学影像中心建设与服务指南（试行）") != normalise_title(
        "紧密型县域医共体医学检验中心建设与服务指南（试行）"
    )
    # A region is not an issuer: the provincial opinion is not the national one.
    assert normalise_title("辽宁省关于全面推进紧密型县域医疗卫生共同体建设的指导意见") != normalise_title(
        "关于全面推进紧密型县域医疗卫生共同体建设的指导意见"
    )


def test_forwarding_notice_keeps_its_own_key():
    forwarding = "陕西省卫生健康委员会 陕西省中医药管理局转发国家卫生健康委 国家中医药管理局关于印发医疗联合体管理办法（试行）的通知"
    assert normalise_title(forwarding) != normalise_title("关于印发医疗联合体管理办法（试行）的通知")
    assert normalise_title("《紧密型县域医疗卫生共同体管理规范》编制说明") == "紧密型县域医疗卫生共同体管理规范编制说明"


def test_title_normalisation_is_idempotent():
    once = normalise_title("国务院办公厅关于 推进(试行)的通知（征求意见稿）")
    assert normalise_title(once) == once


def test_issuing_notice_links_to_the_issued_work():
    assert issued_title("关于印发医疗联合体管理办法（试行）的通知") == "医疗联合体管理办法（试行）"
    assert issued_title("国家卫生健康委关于印发《医疗联合体管理办法(试行)》的通知") == "医疗联合体管理办法（试行）"
    assert issued_title("关于推进医疗联合体建设和发展的指导意见") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GB/T 27775-2011", "GB/T 27775-2011"),
        ("GB/T27775—2011", "GB/T 27775-2011"),
        ("WS/T 892-2026", "WS/T 892-2026"),
        ("DB21/T 3456-2025", "DB21/T 3456-2025"),
        ("ＧＢ／Ｔ　２７７７５－２０１１", "GB/T 27775-2011"),
        ("文号", ""),
    ],
)
def test_standard_codes(raw, expected):
    assert normalise_standard_code(raw) == expected
