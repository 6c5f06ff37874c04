"""Stage 2, check: what no single file can know: references, limits that must fit, cycles, stale reviews."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .diagnostics import Report
from .i18n import N_, _, format_date, format_days, join_list
from .library.citations import check_citations
from .links import find_links
from .model import ALL_POSTS, Department, Item, LibraryDocument, Post, Power, Procedure, Status, System, type_label
from .rulebook import Rulebook
from .sanitize import unsafe_html

MAX_NESTING = 30
"""Lists, quotes and HTML elements nested deeper than this are an error: no reader needs them, and Markdown
conversion recurses once per level (1,000 levels took 37 s and 830 MB before failing)."""
_NESTING_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "input", "col", "wbr", "meta", "link", "source", "area", "base", "embed", "param", "track"}
_AUTO_CLOSED = {"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot", "colgroup"}
"""Often left unclosed by hand: counting them would mistake a long list for a deep one."""
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)")

NOUNS = {"department": N_("department"), "post": N_("post"), "item": N_("item"), "procedure": N_("procedure")}
"""What a reference must point to, as the messages name it."""


def check_rulebook(book: Rulebook, today: date | None = None, *, trust_html: bool = False) -> Report:
    report = Report()
    today = today or date.today()
    for item in book:
        _check_common(book, item, report, today)
        _check_body_shape(item, report)
        if not trust_html and not isinstance(item, LibraryDocument):
            for unsafe in unsafe_html(item.body):
                report.warn(
                    item.display_path,
                    item.body_line + unsafe.line - 1,
                    "unsafe-html",
                    _("{what} will be removed from the page (set trust_html: true in rulebook.yml to keep raw HTML)").format(
                        what=unsafe.what
                    ),
                )
        if isinstance(item, Procedure):
            _check_procedure(book, item, report)
        elif isinstance(item, Post):
            _check_post(book, item, report)
        elif isinstance(item, Department):
            _check_ref(book, item, report, item.parent, Department, "department", ("parent",))
            _check_ref(book, item, report, item.head, Post, "post", ("head",))
        elif isinstance(item, System):
            _check_system(book, item, report)
        elif isinstance(item, Power):
            _check_power(book, item, report)
    _check_cycles(
        book,
        report,
        "reporting-cycle",
        N_("reporting line"),
        lambda i: i.reports_to if isinstance(i, Post) else None,
        "reports_to",
    )
    _check_cycles(
        book,
        report,
        "department-cycle",
        N_("department tree"),
        lambda i: i.parent if isinstance(i, Department) else None,
        "parent",
    )
    report.extend(check_citations(book, book.laws))
    _check_cycles(book, report, "supersession-cycle", N_("supersession chain"), lambda i: i.superseded_by, "superseded_by")
    _check_calendar(book, report, today)
    return report


def _check_calendar(book: Rulebook, report: Report, today: date) -> None:
    """Errors in rules/calendar.yml, and a warning while next year's holidays are still missing."""
    from .calendar import check_coverage

    calendar = book.calendar
    report.extend(book.calendar_report)
    if book.own():
        check_coverage(calendar, today, book.calendar_display, report)


def _suggest(book: Rulebook, ref: str, cls: type[Item] | None) -> str:
    pool = [i.id for i in book if cls is None or isinstance(i, cls)]
    hint = difflib.get_close_matches(ref, pool, n=1, cutoff=0.6)
    return _(" (did you mean '{hint}'?)").format(hint=hint[0]) if hint else ""


def _check_ref(
    book: Rulebook, item: Item, report: Report, ref: str | None, cls: type[Item] | None, noun: str, loc: tuple[str | int, ...]
) -> None:
    """Report a reference to an id that does not exist, or that exists but is the wrong kind of item."""
    if ref is None:
        return
    target = book.get(ref)
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    if target is None:
        report.add(
            item.display_path,
            item.line_of(*loc),
            f"unknown-{noun}",
            _("{field}: no {noun} with id '{ref}'").format(field=where, noun=_(NOUNS.get(noun, noun)), ref=ref)
            + _suggest(book, ref, cls),
        )
    elif cls is not None and not isinstance(target, cls):
        report.add(
            item.display_path,
            item.line_of(*loc),
            "wrong-type",
            _("{field}: '{ref}' is a {kind}, not a {noun}").format(
                field=where, ref=ref, kind=type_label(target.type).lower(), noun=_(NOUNS.get(noun, noun))
            ),
        )


def _check_draft(item: Item, report: Report) -> None:
    """An imported draft: say what it was guessed from and which usual facts it still lacks."""
    wanted = {"summary": item.summary, "owner": item.owner, "effective": item.effective, "version": item.version}
    wanted["basis"] = item.basis
    lacking = [name for name, value in wanted.items() if not value]
    if lacking:
        message = _("draft: {note}; still lacks: {fields} (delete 'draft' when done)").format(
            note=item.draft, fields=", ".join(lacking)
        )
    else:
        message = _("draft: {note} (delete 'draft' when done)").format(note=item.draft)
    report.warn(item.display_path, item.line_of("draft"), "draft", message)


SELF_REFERENCES = ("owner", "reports_to", "parent", "head")
"""Fields naming one other item; naming the item itself is a cycle of one (superseded_by and backup have their own codes)."""


def _check_self_references(item: Item, report: Report) -> None:
    for name in SELF_REFERENCES:
        if getattr(item, name, None) == item.id:
            report.add(
                item.display_path,
                item.line_of(name),
                "self-reference",
                _("'{field}' names the item itself ('{id}')").format(field=name, id=item.id),
            )
    for n, ref in enumerate(item.related):
        if ref == item.id:
            report.add(
                item.display_path,
                item.line_of("related", n),
                "self-reference",
                _("'{field}' names the item itself ('{id}')").format(field="related", id=item.id),
            )


def _check_common(book: Rulebook, item: Item, report: Report, today: date) -> None:
    _check_self_references(item, report)
    if item.draft:
        _check_draft(item, report)
    _check_ref(book, item, report, item.owner, Department, "department", ("owner",))
    for n, ref in enumerate(item.related):
        _check_ref(book, item, report, ref, None, "item", ("related", n))
    if item.status is Status.SUPERSEDED and not item.superseded_by:
        report.add(
            item.display_path,
            item.line_of("status"),
            "missing-successor",
            _("status is 'superseded' but 'superseded_by' names no successor"),
        )
    if item.superseded_by:
        if item.status is not Status.SUPERSEDED:
            report.add(
                item.display_path,
                item.line_of("superseded_by"),
                "status-mismatch",
                _("'superseded_by' is set but status is '{status}', not 'superseded'").format(status=item.status.value),
            )
        if item.superseded_by == item.id:
            report.add(
                item.display_path, item.line_of("superseded_by"), "supersession-cycle", _("an item cannot supersede itself")
            )
        else:
            _check_ref(book, item, report, item.superseded_by, None, "item", ("superseded_by",))
    if item.review_by and item.review_by < today and item.status in (Status.IN_FORCE, Status.DRAFT):
        report.warn(
            item.display_path,
            item.line_of("review_by"),
            "review-overdue",
            _("review was due on {date}").format(date=format_date(item.review_by)),
        )
    for link in find_links(item.body):
        if book.get(link.target) is None:
            report.add(
                item.display_path,
                item.body_line + link.line,
                "broken-link",
                _("link [[{target}]] points to no item").format(target=link.target) + _suggest(book, link.target, None),
            )


def check_project_files(rules: Path, project_root: Path | None, display_base: Path) -> Report:
    """The files besides rule files that build and serve read: `rules/synonyms.yml` and `rulebook.yml`."""
    from .search.asked import check_packaged_questions
    from .search.synonyms import FILE_NAME, read_synonyms
    from .search.thesaurus import check_packaged_thesaurus
    from .settings import SETTINGS_FILE, SettingsError, load_settings

    report = Report()
    synonyms = rules / FILE_NAME
    if synonyms.is_file():
        _groups, problems = read_synonyms(synonyms)
        for problem in problems:
            report.add(_shown(synonyms, display_base), problem.line, "synonyms", problem.message)
    report.extend(check_packaged_thesaurus())
    report.extend(check_packaged_questions())
    trust_html = False
    if project_root is not None and (project_root / SETTINGS_FILE).is_file():
        try:
            trust_html = load_settings(project_root).trust_html
        except SettingsError as exc:
            report.add(_shown(project_root / SETTINGS_FILE, display_base), 1, "settings", exc.problem)
    if project_root is not None:
        _check_docs(project_root, display_base, trust_html, report)
    return report


def _check_docs(project_root: Path, display_base: Path, trust_html: bool, report: Report) -> None:
    """The hand-written pages in docs/ go through the same site build: the same limits apply to them."""
    from .frontmatter import SourceError, read_text
    from .safepath import walk

    walked = walk(project_root / "docs", project_root, exclude=(project_root / "build",))
    for skipped in walked.skipped:
        report.warn(_shown(skipped.path, display_base, resolve=False), 1, "skipped-file", skipped.reason)
    for path in walked.files:
        if path.suffix != ".md":
            continue
        shown = _shown(path, display_base)
        try:
            text = read_text(path)
        except SourceError as exc:
            report.add(shown, exc.line, exc.code, exc.message)
            continue
        depth, line = body_nesting(text)
        if depth > MAX_NESTING:
            report.add(
                shown,
                line,
                "too-deep",
                _("the text is nested up to {depth} levels deep from here; at most {limit}").format(
                    depth=depth, limit=MAX_NESTING
                ),
            )
        if not trust_html:
            for unsafe in unsafe_html(text):
                report.warn(shown, unsafe.line, "unsafe-html", _("{what} will be removed from the page").format(what=unsafe.what))


def _shown(path: Path, base: Path, resolve: bool = True) -> str:
    try:
        return str((path.resolve() if resolve else path.absolute()).relative_to(base.resolve()))
    except ValueError:
        return str(path)


def body_nesting(markdown: str, limit: int = MAX_NESTING) -> tuple[int, int]:
    """(deepest nesting, first 1-based line deeper than `limit`, else the deepest line) of block quotes, list
    indentation and HTML elements in a body."""
    deepest, where, open_tags, over = 0, 1, 0, 0
    for n, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.lstrip(" \t>")
        quotes = line[: len(line) - len(stripped)].count(">")
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" ")) if _LIST_ITEM.match(stripped) else 0
        for m in _NESTING_TAG.finditer(line):
            if m.group(2).lower() in _VOID | _AUTO_CLOSED or m.group(3):
                continue
            open_tags = max(open_tags + (-1 if m.group(1) else 1), 0)
        depth = max(quotes + indent // 2, open_tags)
        if depth > deepest:
            deepest, where = depth, n
        if depth > limit and not over:
            over = n
    return deepest, over or where


def _check_body_shape(item: Item, report: Report) -> None:
    depth, line = body_nesting(item.body)
    if depth > MAX_NESTING:
        report.add(
            item.display_path,
            item.body_line + line - 1,
            "too-deep",
            _(
                "the text is nested up to {depth} levels deep from here (lists, quotes or HTML); at most {limit} can be shown"
            ).format(depth=depth, limit=MAX_NESTING),
        )


def _check_procedure(book: Rulebook, item: Procedure, report: Report) -> None:
    for n, step in enumerate(item.steps):
        _check_ref(book, item, report, step.post, Post, "post", ("steps", n, "post"))
    statutory, committed = item.statutory_limit, item.committed_limit
    if committed.working_days > statutory.working_days:
        report.add(
            item.display_path,
            item.line_of("committed_limit"),
            "limit-order",
            _("committed limit '{committed}' is longer than the statutory limit '{statutory}'").format(
                committed=committed.raw, statutory=statutory.raw
            ),
        )
    counted = [s for s in item.special_stages if s.counts_toward_limit]
    total = sum(step.time_limit.working_days for step in item.steps) + sum(s.time_limit.working_days for s in counted)
    if total > committed.working_days + 1e-9:
        with_stages = (
            _(" with the special stages that count ({names})").format(names=join_list([s.name for s in counted]))
            if counted
            else ""
        )
        report.add(
            item.display_path,
            item.line_of("steps"),
            "steps-exceed-limit",
            _("the steps{stages} add up to {total}, more than the committed limit '{committed}'").format(
                stages=with_stages, total=format_days(total), committed=committed.raw
            ),
        )
    _check_service_item(item, report)


def _check_service_item(item: Procedure, report: Report) -> None:
    """Special stages must point at a real step; a public service item must publish the core elements."""
    from .service_items import CORE_ELEMENTS, CORE_NAMES

    for n, stage in enumerate(item.special_stages):
        if stage.after_step is not None and stage.after_step > len(item.steps):
            report.add(
                item.display_path,
                item.line_of("special_stages", n, "after_step"),
                "unknown-step",
                _("special_stages[{n}].after_step: there is no step {step} (the procedure has {count})").format(
                    n=n, step=stage.after_step, count=len(item.steps)
                ),
            )
        if not stage.counts_toward_limit and not stage.basis:
            report.warn(
                item.display_path,
                item.line_of("special_stages", n),
                "stage-without-basis",
                _(
                    "special stage '{name}' does not count toward the statutory limit but cites no basis "
                    "(行政许可法 第四十五条 allows it only where the law requires the stage)"
                ).format(name=stage.name),
            )
    if not item.public_service:
        return
    missing = [key for key in CORE_ELEMENTS if getattr(item, key) in (None, [], "")]
    if missing:
        names = ", ".join(f"{key} ({CORE_NAMES[key]})" for key in missing)
        report.add(
            item.display_path,
            item.line_of("public_service"),
            "missing-service-elements",
            _("a public service item must publish its core elements; missing: {names}").format(names=names),
        )


def _check_post(book: Rulebook, item: Post, report: Report) -> None:
    _check_ref(book, item, report, item.department, Department, "department", ("department",))
    _check_ref(book, item, report, item.reports_to, Post, "post", ("reports_to",))
    if item.backup == item.id:
        report.add(item.display_path, item.line_of("backup"), "self-backup", _("a post cannot be its own backup post"))
    else:
        _check_ref(book, item, report, item.backup, Post, "post", ("backup",))


def _check_power(book: Rulebook, item: Power, report: Report) -> None:
    _check_ref(book, item, report, item.department, Department, "department", ("department",))
    _check_ref(book, item, report, item.procedure, Procedure, "procedure", ("procedure",))
    for n, stage in enumerate(item.stages):
        _check_ref(book, item, report, stage.post, Post, "post", ("stages", n, "post"))
    for n, risk in enumerate(item.risks):
        _check_ref(book, item, report, risk.post, Post, "post", ("risks", n, "post"))


def _check_system(book: Rulebook, item: System, report: Report) -> None:
    for n, ref in enumerate(item.applies_to):
        if ref != ALL_POSTS:
            _check_ref(book, item, report, ref, Post, "post", ("applies_to", n))
    for n, duty in enumerate(item.duties):
        _check_ref(book, item, report, duty.post, Post, "post", ("duties", n, "post"))
    if item.indicators:
        total = sum(ind.weight for ind in item.indicators)
        if abs(total - 100) > 1e-6:
            report.add(
                item.display_path,
                item.line_of("indicators"),
                "indicator-weights",
                _("indicator weights add up to {total}, not 100").format(total=f"{total:g}"),
            )


def _check_cycles(
    book: Rulebook, report: Report, code: str, noun: str, successor: Callable[[Item], str | None], key: str
) -> None:
    """Follow each item's single outgoing edge; a walk that returns to an item on its own path is a cycle."""
    state: dict[str, int] = {}  # 1 = on current path, 2 = done
    for start in sorted(book.items):
        path: list[str] = []
        current: str | None = start
        while current is not None and current in book.items and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = successor(book.items[current])
            if current == path[-1]:
                current = None  # self-reference is reported elsewhere
        if current is not None and state.get(current) == 1:
            cycle = path[path.index(current) :]
            first = book.items[min(cycle)]
            chain = " -> ".join([*cycle, cycle[0]])
            report.add(
                first.display_path,
                first.line_of(key),
                code,
                _("{what} goes round in a circle: {chain}").format(what=_(noun), chain=chain),
            )
        for node in path:
            state[node] = 2
