"""New works get keys a reader can say (from the 文号, code or title), never a hash when text exists."""

import pytest

from content.importer import import_path
from content.models import Work
from content.parse.titles import readable_key


@pytest.mark.parametrize(
    ("doc_number", "code", "title", "key"),
    [
        ("某发〔2024〕12号", "", "", "mou-fa-2024-12"),
        ("某卫办发[2031]第07号", "", "某办法", "mou-wei-ban-fa-2031-7"),
        ("", "GB/T 1.1-2020", "标准化工作导则", "gbt-1-1-2020"),
        ("X政办〔20XX〕X号", "", "某县推进医共体建设方案", "mou-xian-tui-jin-yi-gong-ti-jian-she-fang-an"),
        ("", "", "《乡镇卫生院服务能力标准》", "xiang-zhen-wei-sheng-yuan-fu-wu-neng-li-biao-zhun"),
    ],
)
def test_readable_key(doc_number, code, title, key):
    assert readable_key(doc_number, code, title) == key


def test_a_long_title_is_cut_at_a_syllable():
    key = readable_key(title="某某省人民政府关于进一步深化改革促进乡村医疗卫生体系健康发展的实施意见和配套措施说明")
    # the issuer and 关于 are left out; the key stops at a whole syllable
    assert len(key) <= 60 and not key.endswith("-") and key.startswith("jin-yi-bu-shen-hua-gai-ge")


def test_only_text_without_letters_or_digits_falls_back_to_a_hash():
    assert readable_key(title="《》").startswith("w-")


LAW = """某卫发〔2031〕7号

# 县域医共体药品管理办法

第一条 为规范药品管理，依据《县域医共体采购管理办法》（某卫发〔2030〕5号），制定本办法。

第二条 牵头医院应当统一药品目录。
"""


@pytest.mark.django_db
def test_imported_and_cited_works_get_readable_unique_keys(tmp_path):
    first = tmp_path / "drugs.md"
    first.write_text(LAW, encoding="utf-8")
    import_path(first)
    work = Work.objects.get(title="县域医共体药品管理办法")
    assert work.key == "mou-wei-fa-2031-7"
    assert work.page.url.rstrip("/").endswith("/mou-wei-fa-2031-7")
    # the work it cites, known only by citation, is named by its 文号 too
    cited = Work.objects.get(doc_number="某卫发〔2030〕5号")
    assert cited.key == "mou-wei-fa-2030-5" and not cited.has_text
    # a second work under the same 文号 (another title) gets a suffix, never a hash
    second = tmp_path / "devices.md"
    second.write_text(LAW.replace("药品管理办法", "设备管理办法"), encoding="utf-8")
    import_path(second)
    assert Work.objects.get(title="县域医共体设备管理办法").key == "mou-wei-fa-2031-7-2"
    # existing works keep their keys when their text changes
    first.write_text(LAW.replace("统一药品目录", "统一药品目录和采购"), encoding="utf-8")
    import_path(first)
    assert Work.objects.get(title="县域医共体药品管理办法").key == "mou-wei-fa-2031-7"


@pytest.mark.django_db
def test_a_work_without_a_number_is_keyed_by_its_title(tmp_path):
    source = tmp_path / "plan.md"
    source.write_text("# 某县医共体信息化建设方案\n\n一、总体要求\n\n建立统一平台。\n\n二、主要任务\n\n推进数据共享。\n", encoding="utf-8")
    import_path(source)
    assert Work.objects.get(title="某县医共体信息化建设方案").key == "mou-xian-yi-gong-ti-xin-xi-hua-jian-she-fang-an"
