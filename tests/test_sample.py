"""The bundled sample rulebook: complete, valid, and as large as the core issue asks."""

from collections import Counter

from conftest import ROOT

from indexer.check import check_rulebook
from indexer.citations import parse_citation
from indexer.load import load_rulebook
from indexer.model import Procedure

SYSTEMS = {
    "post-responsibility",
    "first-inquiry",
    "time-limited-completion",
    "one-time-notification",
    "backup-post",
    "accountability",
    "efficiency-complaints",
    "performance-appraisal",
    "professional-learning",
    "four-zero-service",
}
PROCEDURES = {
    "food-production-licence",
    "efficiency-complaint-handling",
    "document-processing",
    "leave-approval",
    "annual-appraisal",
    "information-disclosure-request",
    "training-enrollment",
    "staff-onboarding",
    "backup-post-handover",
    "accountability-investigation",
}


def test_sample_rulebook_has_no_errors_and_covers_the_organ() -> None:
    book, report = load_rulebook(ROOT / "rules")
    report.extend(check_rulebook(book))
    assert report.errors == [], [str(d) for d in report.errors]
    kinds = Counter(item.type for item in book)
    assert kinds["system"] >= 10 and kinds["procedure"] >= 10 and kinds["post"] >= 12
    assert kinds["department"] >= 4 and kinds["term"] >= 20
    assert SYSTEMS <= set(book.items) and PROCEDURES <= set(book.items)
    assert len({p.department for p in book.posts}) >= 4


def test_sample_items_carry_chinese_names_and_real_legal_basis() -> None:
    book, _ = load_rulebook(ROOT / "rules")
    assert all(any("\u4e00" <= ch <= "\u9fff" for alias in item.aliases for ch in alias) for item in book)
    licence = book.get("food-production-licence")
    assert isinstance(licence, Procedure)
    assert licence.committed_limit.working_days < licence.statutory_limit.working_days
    cited = {(c.law_key, c.article) for c in licence.basis}
    assert (parse_citation("行政许可法 第四十二条").law_key, 42) in cited
    for proc in book.procedures:
        assert proc.basis, proc.id
        assert len({s.post for s in proc.steps}) >= 2, proc.id
        assert proc.questions, proc.id


def test_sample_public_service_items_publish_the_standard_elements() -> None:
    from indexer.service_items import CORE_ELEMENTS

    book, _ = load_rulebook(ROOT / "rules")
    public = [p for p in book.procedures if p.public_service]
    assert {p.id for p in public} >= {
        "food-production-licence",
        "information-disclosure-request",
        "efficiency-complaint-handling",
    }
    for p in public:
        assert all(getattr(p, key) not in (None, [], "") for key in CORE_ELEMENTS), p.id
        assert p.faq, p.id
    licence = book.get("food-production-licence")
    assert any(m.blank_form and m.sample for m in licence.materials)
    assert any(not s.counts_toward_limit for s in licence.special_stages)


def test_sample_powers_cover_three_departments_with_their_stages() -> None:
    book, _ = load_rulebook(ROOT / "rules")
    powers = book.powers
    assert len({p.department for p in powers}) >= 3
    for power in powers:
        assert {s.stage.split(" ")[0] for s in power.stages} >= {"受理责任", "决定责任"}, power.id
        assert power.accountability and power.risks and power.basis, power.id
