"""Training material computed from the model: onboarding paths, reading time, gathered quizzes, what changed.

Model-level only (no Markdown, no HTML), so that the site pages, the printed
pack and the terminal commands show the same path, the same questions and the
same dates. The onboarding path is built from `obligations_for`, never from its
own search, so it cannot list other systems or procedures than the post page.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .citations import Citation
from .i18n import Nn_, _, count, join_list, ngettext
from .lawtext import CJK_RE
from .links import find_links
from .model import Item, LibraryDocument, Post, Procedure, Question, System
from .obligations import PostObligations, obligations_for
from .rulebook import Rulebook, sort_key
from .views.reading import page_text

CJK_PER_MINUTE = 300
"""Chinese characters a civil servant reads per minute in careful, rule-learning mode (fast reading is ~500)."""
WORDS_PER_MINUTE = 200
"""English words per minute for the same careful reading (skimming is ~250-300)."""
ESTIMATED_ARTICLE_MINUTES = 0.5
"""A cited article whose text is not in the library: a typical 第X条 has ~150 characters, half a minute."""

_CJK = CJK_RE
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


def reading_minutes(text: str) -> float:
    """Minutes to read `text` carefully; Chinese is counted by character, everything else by word."""
    return len(_CJK.findall(text)) / CJK_PER_MINUTE + len(_WORD.findall(text)) / WORDS_PER_MINUTE


def whole_minutes(minutes: float) -> int:
    """What a page shows: whole minutes, rounded up, never 0 (nothing listed takes no time)."""
    return max(1, math.ceil(minutes - 1e-9))


def item_minutes(item: Item, book: Rulebook | None = None) -> int:
    """Minutes to read the item's page: the same text search indexes (`indexer.views.reading`)."""
    return whole_minutes(reading_minutes(page_text(item, book)))


# -- onboarding path ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingStep:
    """One thing to read, with why it is on the path (shown next to it, so the order makes sense)."""

    item: Item
    reason: str
    minutes: int
    questions: int


@dataclass(frozen=True)
class LawReading:
    """A law the path rests on: the articles the items cite, who cites them, and the time to read those articles."""

    law: str
    articles: tuple[int, ...]
    whole_law: bool
    cited_by: tuple[str, ...]
    minutes: int
    estimated: bool
    """True when some article text is not in the library and its time is the per-article estimate."""

    def citations(self) -> list[Citation]:
        return [Citation(self.law, n) for n in self.articles] + ([Citation(self.law)] if self.whole_law else [])

    def article_labels(self) -> list[str]:
        """Short labels without the law's title: 第三十二条 / Article 5, and 'whole law' if cited as a whole."""
        labels = [Citation(self.law, n).label.removeprefix(self.law).strip(" ,") for n in self.articles]
        return labels + ([_("whole law")] if self.whole_law else [])


@dataclass(frozen=True)
class CheckItem:
    """A checklist line. `target` is the id of the item it is about, if any; `quiz` marks the self-check line."""

    text: str
    target: str | None = None
    quiz: bool = False
    law: bool = False
    """The line about the cited laws: it links to the laws table."""


@dataclass
class OnboardingPath:
    post: Post
    obligations: PostObligations
    steps: list[ReadingStep]
    laws: list[LawReading]
    questions: list[QuizEntry]
    checklist: list[CheckItem] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps) + sum(law.minutes for law in self.laws)

    @property
    def items(self) -> list[Item]:
        return [s.item for s in self.steps]


NOUNS = {
    "item": Nn_("{n} item", "{n} items"),
    "law": Nn_("{n} law", "{n} laws"),
    "duty": Nn_("{n} duty", "{n} duties"),
    "question": Nn_("{n} question", "{n} questions"),
    "change": Nn_("{n} change", "{n} changes"),
    "self-check question": Nn_("{n} self-check question", "{n} self-check questions"),
}


def plural(n: int, word: str) -> str:
    """Counts in words (1 law, 10 laws; 10部法律), as the pages and the terminal show them."""
    return count(n, *NOUNS[word])


def onboarding_path(book: Rulebook, post: Post) -> OnboardingPath:
    """The post's own page, then its systems (those naming it first), its procedures, and the laws they rest on."""
    ob = obligations_for(book, post)
    steps = [ReadingStep(post, _("your duties, reporting line and backup post"), item_minutes(post, book), len(post.questions))]
    for s in ob.systems:
        if s.specific:
            reason = (
                _("names this post: {duties}").format(duties=plural(len(s.duties), "duty")) if s.duties else _("names this post")
            )
        else:
            reason = _("applies to every post")
        steps.append(ReadingStep(s.system, reason, item_minutes(s.system, book), len(s.system.questions)))
    for p in ob.procedures:
        numbers = join_list([str(o.step) for o in p.steps])
        reason = ngettext("step {numbers} is yours", "steps {numbers} are yours", len(p.steps)).format(numbers=numbers)
        steps.append(ReadingStep(p.procedure, reason, item_minutes(p.procedure, book), len(p.procedure.questions)))
    items = [s.item for s in steps]
    path = OnboardingPath(post, ob, steps, laws_of(book, items), gather_questions(items))
    path.checklist = _checklist(path)
    return path


@dataclass
class _LawGroup:
    law: str
    articles: set[int] = field(default_factory=set)
    whole: bool = False
    cited_by: list[str] = field(default_factory=list)


def laws_of(book: Rulebook, items: Iterable[Item]) -> list[LawReading]:
    """The laws cited by `items`, grouped by law, in the order first cited; article reading time from the library."""
    groups: dict[str, _LawGroup] = {}
    for item in items:
        for citation in item.basis:
            group = groups.setdefault(citation.law_key, _LawGroup(citation.law))
            if citation.article is None:
                group.whole = True
            else:
                group.articles.add(citation.article)
            if item.id not in group.cited_by:
                group.cited_by.append(item.id)
    laws = []
    for group in groups.values():
        minutes, estimated = 0.0, False
        for number in sorted(group.articles):
            text = _article_text(book, Citation(group.law, number))
            if text is None:
                minutes, estimated = minutes + ESTIMATED_ARTICLE_MINUTES, True
            else:
                minutes += reading_minutes(text)
        articles = tuple(sorted(group.articles))
        laws.append(LawReading(group.law, articles, group.whole, tuple(group.cited_by), whole_minutes(minutes), estimated))
    return laws


def _article_text(book: Rulebook, citation: Citation) -> str | None:
    if not book.laws:
        return None
    resolved = book.laws.resolve(citation)
    if resolved is None or resolved.unit is None:
        return None
    from .library.structure import parse_structure

    return resolved.unit.text(parse_structure(resolved.law.body).lines)


def _checklist(path: OnboardingPath) -> list[CheckItem]:
    """Reading is not enough: the list ends with the quiz and with meeting the people the post works with."""
    ob = path.obligations
    lines = [
        CheckItem(_("Read {title} ({minutes} min)").format(title=s.item.title, minutes=s.minutes), s.item.id) for s in path.steps
    ]
    if path.laws:
        lines.append(
            CheckItem(_("Read the cited articles of the {laws} listed").format(laws=plural(len(path.laws), "law")), law=True)
        )
    if path.questions:
        lines.append(
            CheckItem(
                _("Answer the {questions} and review every miss").format(
                    questions=plural(len(path.questions), "self-check question")
                ),
                quiz=True,
            )
        )
    if ob.reporting_line:
        boss = ob.reporting_line[0]
        lines.append(
            CheckItem(_("Go through these obligations and their time limits with {post}").format(post=boss.title), boss.id)
        )
    mutual = ob.backup is not None and any(p.id == ob.backup.id for p in ob.backs_up)
    if ob.backup:
        role = _("your AB-post partner: you stand in for each other") if mutual else _("your backup post (AB岗)")
        lines.append(
            CheckItem(_("Meet {post}, {role}, and agree the handover list").format(post=ob.backup.title, role=role), ob.backup.id)
        )
    for other in ob.backs_up:
        if not (mutual and ob.backup and other.id == ob.backup.id):
            lines.append(
                CheckItem(_("Learn the pending work of {post}, for whom you stand in").format(post=other.title), other.id)
            )
    return lines


def find_post(book: Rulebook, name: str) -> Post | None:
    """A post by id, title or alias (case-insensitive), so `rulebook onboarding 窗口受理岗` works too."""
    item = book.get(name)
    if isinstance(item, Post):
        return item
    wanted = name.strip().casefold()
    for post in book.posts:
        if wanted in {post.title.casefold(), *(a.casefold() for a in post.aliases)}:
            return post
    return None


# -- self-check questions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizEntry:
    source: Item
    question: Question


def gather_questions(items: Iterable[Item]) -> list[QuizEntry]:
    return [QuizEntry(item, q) for item in items for q in item.questions]


def post_quiz(book: Rulebook, post: Post) -> list[QuizEntry]:
    """The post's own questions, then those of its systems and procedures, in onboarding order."""
    return onboarding_path(book, post).questions


def procedures_applying(book: Rulebook, system: System) -> list[Procedure]:
    """Procedures that put the system into practice: either side names the other in `related` or links to it."""
    linked = set(system.related) | {link.target for link in find_links(system.body)}
    return [
        p
        for p in book.procedures
        if p.id in linked or system.id in p.related or any(link.target == system.id for link in find_links(p.body))
    ]


def system_quiz(book: Rulebook, system: System) -> list[QuizEntry]:
    """A training session on one system: its own questions, then those of the procedures that apply it."""
    return gather_questions([system, *procedures_applying(book, system)])


# -- what changed ------------------------------------------------------------------------------------------------


def git_last_commits(folder: Path) -> dict[Path, date]:
    """Date of the last commit touching each file under `folder`; empty where there is no git or no repository.

    One `git log` over the folder instead of one per file: a rulebook with an imported library has thousands.
    """
    folder = folder.resolve()
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30, check=False
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            ["git", "-C", str(folder), "-c", "core.quotePath=false", "log", "--format=@@%cs", "--name-only", "--", "."],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    root = Path(top.stdout.strip())
    dates: dict[Path, date] = {}
    current: date | None = None
    for line in log.stdout.splitlines():
        if line.startswith("@@"):
            try:
                current = date.fromisoformat(line[2:].strip())
            except ValueError:
                current = None
        elif line.strip() and current is not None:
            dates.setdefault((root / line.strip()).resolve(), current)  # newest commit first: keep the first seen
    return dates


@dataclass(frozen=True)
class LastChange:
    """When an item last changed and how we know: `git` (last commit), `history` (its `changes`) or `effective`."""

    date: date
    source: str
    version: str | None = None


def last_change(item: Item, git_dates: dict[Path, date]) -> LastChange | None:
    committed = git_dates.get(item.path.resolve()) if git_dates else None
    if committed is not None:
        return LastChange(committed, "git", item.version)
    if item.changes:
        newest = max(item.changes, key=lambda c: c.date)
        return LastChange(newest.date, "history", newest.version or item.version)
    if item.effective:
        return LastChange(item.effective, "effective", item.version)
    return None


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the change log: an entry of an item's `changes`, or (`git`) an edit newer than any entry."""

    item: Item
    date: date
    version: str | None
    summary: str
    source: str


def change_log(
    book: Rulebook, since: date | None = None, git_dates: dict[Path, date] | None = None, items: Iterable[Item] | None = None
) -> list[ChangeEntry]:
    """Changes on or after `since`, newest first: what someone trained before that date must catch up on."""
    pool = list(items) if items is not None else [i for i in book.own()]
    entries = []
    for item in pool:
        if isinstance(item, LibraryDocument):
            continue
        for c in item.changes:
            if since is None or c.date >= since:
                entries.append(ChangeEntry(item, c.date, c.version, c.summary, "history"))
        committed = git_dates.get(item.path.resolve()) if git_dates else None
        newest = max((c.date for c in item.changes), default=None)
        if committed and (since is None or committed >= since) and (newest is None or committed > newest):
            entries.append(
                ChangeEntry(item, committed, item.version, _("File edited (last commit); no change-history entry"), "git")
            )
    entries.sort(key=lambda e: (-e.date.toordinal(), sort_key(e.item)))
    return entries
