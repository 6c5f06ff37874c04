"""The standard element names of a service item (政务服务事项), in one place.

Each element has a snake_case key (the front-matter field), its name as published national and
provincial schemas write it (the label, the workbook header, the JSON key of `rulebook export`) and an
English label. `check`, the procedure page and the export all read them from here.
See ../shared/reference/service-items.md for where the names come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import _, current_language


@dataclass(frozen=True)
class Element:
    key: str
    name: str
    """The standard Chinese element name."""
    label: str
    """English msgid for `_()`."""

    @property
    def shown(self) -> str:
        """The label for people: on a Chinese page the standard's own name (事项类型), elsewhere the translated
        label with the standard name beside it (Item type (事项类型)), so a reader can match the published list."""
        return self.name if current_language().startswith("zh") else f"{_(self.label)} ({self.name})"


ITEM_ELEMENTS = [
    Element("id", "实施编码", "Item id"),
    Element("title", "事项名称", "Item name"),
    Element("item_code", "基本编码", "Catalogue code"),
    Element("item_type", "事项类型", "Item type"),
    Element("setting_basis", "设定依据", "Establishing basis"),
    Element("basis", "实施依据", "Implementing basis"),
    Element("implementing_body", "实施主体", "Implementing body"),
    Element("owner", "承办机构", "Handling unit"),
    Element("service_objects", "服务对象", "Served"),
    Element("acceptance_conditions", "受理条件", "Acceptance conditions"),
    Element("handling_forms", "办理形式", "Ways to apply"),
    Element("statutory_limit", "法定办结时限", "Statutory time limit"),
    Element("committed_limit", "承诺办结时限", "Committed time limit"),
    Element("visits", "到办事现场次数", "Visits in person"),
    Element("location", "办理地点", "Where"),
    Element("office_hours", "办理时间", "Office hours"),
    Element("consultation", "咨询方式", "Enquiries"),
    Element("complaints", "监督投诉方式", "Supervision and complaints"),
    Element("fees", "是否收费", "Charged"),
    Element("fee_standard", "收费标准", "Fee standard"),
    Element("fee_basis", "收费依据", "Fee basis"),
    Element("result", "审批结果名称", "Result"),
    Element("summary", "事项概述", "Summary"),
]

MATERIAL_ELEMENTS = [
    Element("item", "实施编码", "Item id"),
    Element("name", "材料名称", "Material"),
    Element("need", "材料必要性", "Required"),
    Element("form", "材料形式", "Form"),
    Element("copies", "份数", "Copies"),
    Element("source", "来源渠道", "Source"),
    Element("blank_form", "空白表格", "Blank form"),
    Element("sample", "示例样表", "Sample"),
    Element("note", "填报须知", "Notes"),
]

STEP_ELEMENTS = [
    Element("item", "实施编码", "Item id"),
    Element("n", "序号", "No."),
    Element("name", "环节名称", "Step"),
    Element("post", "办理岗位", "Post"),
    Element("action", "办理内容", "Action"),
    Element("time_limit", "办理时限", "Time limit"),
    Element("output", "办理结果", "Output"),
]

STAGE_ELEMENTS = [
    Element("item", "实施编码", "Item id"),
    Element("name", "特殊环节名称", "Special stage"),
    Element("time_limit", "所需时限", "Time needed"),
    Element("counts_toward_limit", "是否计算在法定办结时限内", "Counts toward the statutory limit"),
    Element("after_step", "所在环节", "After step"),
    Element("basis", "法定依据", "Basis"),
    Element("note", "说明", "Note"),
]

FAQ_ELEMENTS = [
    Element("item", "实施编码", "Item id"),
    Element("question", "问题", "Question"),
    Element("answer", "解答", "Answer"),
]

ELEMENTS = {e.key: e for e in ITEM_ELEMENTS}

CORE_ELEMENTS = (
    "item_type",
    "setting_basis",
    "implementing_body",
    "acceptance_conditions",
    "handling_forms",
    "visits",
    "location",
    "office_hours",
    "consultation",
    "complaints",
    "fees",
    "materials",
)
"""What a procedure marked `public_service: true` must publish (the 办事指南's core), or `check` says what is missing."""

CORE_NAMES = {**{k: ELEMENTS[k].name for k in CORE_ELEMENTS if k in ELEMENTS}, "materials": "申请材料"}

HANDLING_FORM_LABELS = {"window": ("Window", "窗口办理"), "online": ("Online", "网上办理"), "post": ("By post", "快递申请")}
VISIT_LABELS = {0: ("No visit (零跑动)", "0次"), 1: ("At most one visit (最多跑一次)", "1次"), 2: ("Two visits", "2次")}


def handling_form_label(form: str) -> str:
    english, chinese = HANDLING_FORM_LABELS[form]
    return f"{_(english)} ({chinese})"


def visits_label(n: int) -> str:
    english, chinese = VISIT_LABELS[n]
    return f"{_(english)} · {chinese}"
