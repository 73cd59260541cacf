"""Django forms for the assessment pages — 自评估页面的表单.

Each POST of the server-rendered pages is read through a form, so a non-numeric id, an over-long
text or a missing field is one clear message with status 400, never a server error. The meaning
of an answer (choice, number, date) is still checked by ``assessment.values``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import ChecklistItem, Region
from assessment.values import MAX_TEXT
from assessment.workflow import TRANSITIONS


def first_error(form: forms.Form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else str(errors[0])
    return str(_("提交的内容无效。"))


class CreateAssessmentForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("县（市、区）"), queryset=Region.objects.all(),
        error_messages={"invalid_choice": _("没有找到该县（市、区）。"), "required": _("请选择县（市、区）。")},
    )
    period = forms.CharField(label=_("周期"), max_length=20)
    carry_over = forms.BooleanField(label=_("沿用上一周期"), required=False)


class AnswerForm(forms.Form):
    version = forms.IntegerField(label=_("版本号"), required=False, min_value=0, max_value=2**31 - 1)
    choice = forms.CharField(label=_("结论"), required=False, max_length=20)
    number = forms.CharField(label=_("数值"), required=False, max_length=100)
    date = forms.CharField(label=_("日期"), required=False, max_length=40)
    text = forms.CharField(label=_("文字"), required=False, max_length=MAX_TEXT, strip=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=MAX_TEXT, strip=False)
    not_applicable = forms.BooleanField(required=False)

    def answer(self) -> dict[str, str]:
        data = {k: self.cleaned_data.get(k) or "" for k in ("choice", "number", "date", "text", "note")}
        if self.cleaned_data.get("not_applicable"):
            data["choice"] = "na"
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("文件"), required=False, max_length=None, allow_empty_file=True)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("操作"), error_messages={"invalid_choice": _("未知的操作“%(value)s”。")}, choices=[(a, a) for a in TRANSITIONS]
    )
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=MAX_TEXT)
    confirm = forms.BooleanField(label=_("确认"), required=False)

    def judgements(self, data, valid_ids: set[int]) -> dict[int, str]:
        """``judgement_<item id>`` fields (met/partly/not_met) for items of this template; blanks are skipped."""
        out = {}
        for key, value in data.items():
            raw = key.removeprefix("judgement_")
            if key.startswith("judgement_") and raw.isdigit() and len(raw) < 19 and value.strip():
                if int(raw) in valid_ids:
                    out[int(raw)] = value.strip()[:20]
        return out

    def item_comments(self, data, valid_ids: set[int]) -> dict[int, str]:
        """``comment_<item id>`` fields for items of this template; other keys are ignored."""
        out = {}
        for key, value in data.items():
            raw = key.removeprefix("comment_")
            if key.startswith("comment_") and raw.isdigit() and len(raw) < 19 and value.strip():
                if int(raw) in valid_ids:
                    out[int(raw)] = value[:MAX_TEXT]
        return out


class ImportForm(forms.Form):
    file = forms.FileField(label=_("文件"))


COMPARATORS = [("", _("（无判定规则）")), (">=", "≥"), ("<=", "≤"), (">", ">"), ("<", "<"), ("=", "=")]


class TemplateItemForm(forms.ModelForm):
    """One item of a draft template, as a province administrator edits it."""

    comparator = forms.ChoiceField(label=_("判定比较"), choices=COMPARATORS, required=False)

    class Meta:
        model = ChecklistItem
        fields = ["position", "code", "dimension", "title", "response_type", "unit", "comparator", "threshold",
                  "direction", "weight", "applies_to", "required"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "position": forms.NumberInput(attrs={"size": 4})}

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not (0 <= weight <= 1000):
            raise forms.ValidationError(_("权重必须在 0 到 1000 之间。"))
        return weight

    def clean(self):
        data = super().clean()
        if data.get("comparator") and data.get("threshold") is None:
            self.add_error("threshold", _("设置了判定比较时请填写阈值。"))
        if data.get("threshold") is not None and not (data.get("comparator") or data.get("direction")):
            self.add_error("comparator", _("填写了阈值时请选择判定比较或方向。"))
        return data


TemplateItemFormSet = forms.modelformset_factory(ChecklistItem, form=TemplateItemForm, extra=1, can_delete=True)


class MergeItemsForm(forms.Form):
    keep = forms.CharField(label=_("保留的检查项编号"), max_length=20)
    merge = forms.CharField(label=_("并入的检查项编号"), max_length=20)
