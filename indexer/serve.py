"""Stage 4, serve: the published release and its search over HTTP, with Starlette on Uvicorn.

Read-only by design. Every request resolves the release `current` points at,
so a rebuild swaps in without a restart: requests already running finish on
the searcher they started with, new ones open the new index.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from cachetools import LRUCache
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .errors import BusyError, InputError, NotBuiltError, NotFoundError, RulebookError
from .headers import SECURITY_HEADERS, policy
from .i18n import _
from .releases import Releases
from .search.query import MAX_LIMIT, MAX_QUERY_CHARS, Searcher
from .search.synonyms import Synonyms, SynonymsError

MAX_OFFSET = 1000
QUERY_SECONDS = 1.0
SEARCH_THREADS = 2
"""Searches run at once per process. Whoosh is pure Python, so more threads only share one core."""
SLOW_QUEUE = 8
"""Phrase and NOT searches that may wait for a thread; one more is told to come back (503, Retry-After)."""
CACHE_SIZE = int(os.environ.get("RULEBOOK_CACHE_SIZE", "2048"))
"""Answers kept per release; 0 turns the cache off (the load benchmark measures both)."""


class SiteFiles(StaticFiles):
    """Starlette's static files (`html=True`: index.html for folders, a redirect to add the slash, 404.html) for one
    release's site. Starlette resolves symlinks and refuses any file whose real path is outside the site; this also
    answers "not found" where the file system refuses a name (a loop of links, a name too long), never 500."""

    def __init__(self, site: Path) -> None:
        super().__init__(directory=site, html=True, check_dir=False)
        self.config_checked = True  # a release without a site answers 404 page by page, not with a RuntimeError

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        try:
            return super().lookup_path(path)
        except (OSError, ValueError):
            return "", None


class Current:
    """The release being served and its open searcher, replaced when `current` moves."""

    def __init__(self, out: Path, synonyms_file: Path | None) -> None:
        self.releases = Releases(out)
        self.synonyms_file = synonyms_file
        self._lock = threading.Lock()
        self._loading = threading.Lock()
        self._failed: Path | None = None
        self._release: Path | None = None
        self._searcher: Searcher | None = None
        self._obligations: dict[str, object] | None = None
        self._due: dict[str, object] = {}
        self._cache: LRUCache[tuple, bytes] = LRUCache(maxsize=max(CACHE_SIZE, 1))
        self._csp: dict[Path, str] = {}
        self._files: tuple[Path, SiteFiles] | None = None

    def release(self) -> Path:
        current = self.releases.current()
        if current is None:
            raise NotBuiltError(_("no site has been built yet: run `rulebook build`"))
        return current

    def site_files(self) -> SiteFiles:
        """The static-files app of the release being served, replaced when `current` moves."""
        release = self.release()
        if self._files is None or self._files[0] != release:
            self._files = (release, SiteFiles(release / "site"))
        return self._files[1]

    def _refresh(self) -> Path:
        """The release to answer from. A newly published one is opened in a background thread (1.5 s on laws-cn)
        while requests keep being answered from the one before; only the very first is opened in the caller."""
        current = self.release()
        if current == self._release:
            return current
        if self._release is None:
            with self._loading:
                if self._release is None:
                    self._load(current)
            return current
        if current != self._failed and self._loading.acquire(blocking=False):
            threading.Thread(target=self._load_then_release, args=(current,), daemon=True).start()
        return self._release

    def _load_then_release(self, release: Path) -> None:
        try:
            self._load(release)
        except Exception:  # a broken release: keep answering from the one before until the next publish
            self._failed = release
            logging.getLogger("rulebook.serve").exception("could not open %s", release)
        finally:
            self._loading.release()

    def _load(self, release: Path) -> None:
        try:
            synonyms = Synonyms.load(self.synonyms_file) if self.synonyms_file else Synonyms()
        except SynonymsError as exc:  # `rulebook check` reports it; search goes on without synonyms meanwhile
            logging.getLogger("rulebook.serve").warning("synonyms not used: %s", exc)
            synonyms = Synonyms()
        searcher = Searcher(release / "index", synonyms) if (release / "index").is_dir() else None
        if searcher is not None:
            searcher.warm()  # read the per-document arrays and jieba's dictionary now, not in a search
        obligations_file = release / "api" / "obligations.json"
        obligations = json.loads(obligations_file.read_text(encoding="utf-8")) if obligations_file.is_file() else {}
        due_file = release / "api" / "due.json"
        due = json.loads(due_file.read_text(encoding="utf-8")) if due_file.is_file() else {}
        with self._lock:
            self._due = due
            self._searcher, self._obligations, self._release = searcher, obligations, release
            self._cache = LRUCache(maxsize=max(CACHE_SIZE, 1))

    def searcher(self) -> Searcher:
        self._refresh()
        if self._searcher is None:
            raise NotBuiltError(_("this release has no search index: run `rulebook build`"))
        return self._searcher

    def cached(self, searcher: Searcher, q: str, **kwargs: object) -> bytes | None:
        """The encoded answer if this release already gave it: served from the event loop, no thread needed."""
        key = (id(searcher), q, tuple(sorted(kwargs.items())))
        with self._lock:
            return self._cache.get(key)

    def search(self, searcher: Searcher, q: str, **kwargs: object) -> bytes:
        """The answer as JSON bytes, cached: the index is read-only, so an answer stays right until the next swap."""
        key = (id(searcher), q, tuple(sorted(kwargs.items())))
        result = searcher.search(q, time_limit=QUERY_SECONDS, **kwargs)  # type: ignore[arg-type]
        body = json.dumps(result.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if not result.timed_out and CACHE_SIZE:
            with self._lock:
                self._cache[key] = body
        return body

    def due(self) -> dict[str, object]:
        """The release's calendar and procedure schedules (api/due.json)."""
        self._refresh()
        return self._due

    def obligations(self) -> dict[str, object]:
        self._refresh()
        return self._obligations or {}

    def csp(self) -> str:
        """The release's Content-Security-Policy (its pages' inline-script hashes); the strictest one without."""
        release = self.releases.current()
        if release is None:
            return policy(())
        cached = self._csp.get(release)
        if cached is None:
            try:
                cached = str(json.loads((release / "headers.json").read_text(encoding="utf-8"))["Content-Security-Policy"])
            except (OSError, ValueError, KeyError, TypeError):
                cached = policy(())
            self._csp = {release: cached}
        return cached


class SecurityHeaders:
    """Adds the security headers and the release's CSP to every response, files, API answers and errors alike."""

    def __init__(self, app, current: Current) -> None:
        self.app = app
        self.current = current

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = {**SECURITY_HEADERS, "Content-Security-Policy": self.current.csp()}
                headers += [(k.lower().encode(), v.encode()) for k, v in extra.items() if k.lower().encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _param(request: Request, name: str, max_len: int = 100) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if len(value) > max_len:
        raise InputError(_("'{name}' is longer than {limit} characters").format(name=name, limit=max_len))
    return value


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(_("'{name}' must be a whole number").format(name=name)) from None
    if not low <= value <= high:
        raise InputError(_("'{name}' must be between {low} and {high}").format(name=name, low=low, high=high))
    return value


class BuildStatus:
    """What the last build said, for the pages open in browsers: while it failed, they show why in a banner
    (the site itself stays the last good release)."""

    def __init__(self, problem: list[str] | None = None) -> None:
        self.problem: list[str] = list(problem or [])


def create_app(
    out: Path,
    synonyms_file: Path | None = None,
    watch_events: asyncio.Event | None = None,
    status: BuildStatus | None = None,
) -> Starlette:
    current = Current(out, synonyms_file)
    status = status or BuildStatus()
    searching = asyncio.Semaphore(SEARCH_THREADS)
    waiting = 0

    async def api_search(request: Request) -> Response:
        q = request.query_params.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            raise InputError(_("the query is longer than {limit} characters").format(limit=MAX_QUERY_CHARS))
        kwargs = {name: _param(request, name) for name in ("type", "post", "department", "status", "lang")}
        limit = _int(request, "limit", 10, 1, MAX_LIMIT)
        offset = _int(request, "offset", 0, 0, MAX_OFFSET)
        searcher = current.searcher()  # one release for the whole request, even if a new one is published meanwhile
        body = current.cached(searcher, q, limit=limit, offset=offset, **kwargs)
        if body is None and searcher.is_plain(q):
            # words and filters are scored with arrays in a few milliseconds: answered right here in the event
            # loop, which measured 1.6x the searches a second of a thread pool (threads only add GIL hand-offs)
            body = current.search(searcher, q, limit=limit, offset=offset, **kwargs)
        elif body is None:
            nonlocal waiting
            if waiting >= SLOW_QUEUE + SEARCH_THREADS:  # a bounded queue: shed load rather than answer in minutes
                raise BusyError(_("the server is busy with slow searches; try again in a moment"))
            waiting += 1
            try:
                async with searching:  # phrases and NOT may take Whoosh's slow path: off the loop, a few at a time
                    body = await run_in_threadpool(current.search, searcher, q, limit=limit, offset=offset, **kwargs)
            finally:
                waiting -= 1
        return Response(body, media_type="application/json")

    async def api_obligations(request: Request) -> Response:
        post = request.path_params["post"]
        data = current.obligations().get(post)
        if data is None:
            raise NotFoundError(_("no post with id '{id}'").format(id=post))
        return JSONResponse(data)

    async def api_due(request: Request) -> Response:
        """`/api/due?procedure=ID&accepted=YYYY-MM-DD`: the same answer as `rulebook due --json`."""
        from .calendar import calendar_from_json
        from .due import Schedule, due_dates, parse_date

        procedure, accepted = _param(request, "procedure"), _param(request, "accepted", 20)
        if procedure is None or accepted is None:
            raise InputError(_("give 'procedure' (an id) and 'accepted' (YYYY-MM-DD)"))
        try:
            day = parse_date(accepted)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        data = current.due()
        schedule = data.get("procedures", {}).get(procedure)  # type: ignore[attr-defined]
        if schedule is None:
            raise NotFoundError(_("no procedure with id '{id}'").format(id=procedure))
        result = due_dates(Schedule.from_json(schedule), day, calendar_from_json(data["calendar"]))  # type: ignore[index]
        return JSONResponse(result.to_json())

    async def api_health(request: Request) -> Response:
        release = current.release()
        return JSONResponse(
            {
                "release": release.name,
                "search": (release / "index").is_dir(),
                "watch": watch_events is not None,
                "problem": status.problem,
            }
        )

    async def api_events(request: Request) -> Response:
        """Server-sent events for `serve --watch`: `reload` when a new release is published, `problem` with the
        diagnostics when a rebuild fails (the page keeps showing the last good release), `fixed` when it works again."""
        if watch_events is None:
            raise NotFoundError(_("not watching: start `rulebook serve --watch`"))
        start = current.release().name

        def problem_event() -> str:
            if status.problem:
                return "event: problem\ndata: " + json.dumps({"lines": status.problem}, ensure_ascii=False) + "\n\n"
            return "event: fixed\ndata: {}\n\n"

        async def stream():
            yield "retry: 1000\n\n"
            shown: list[str] = []
            if status.problem:
                shown = list(status.problem)
                yield problem_event()
            while not await request.is_disconnected():
                try:
                    await asyncio.wait_for(watch_events.wait(), timeout=15)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if current.release().name != start:
                    yield "event: reload\ndata: {}\n\n"
                    return
                if status.problem != shown:
                    shown = list(status.problem)
                    yield problem_event()

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def site(scope, receive, send) -> None:
        await current.site_files()(scope, receive, send)

    async def no_such_api(request: Request) -> Response:
        raise NotFoundError(_("no such API"))

    async def error(request: Request, exc: Exception) -> Response:
        """Every error as JSON: ours with the status `indexer.errors` gives its class, Starlette's (405…) with its
        own, anything else as 500 without details."""
        if isinstance(exc, RulebookError):
            status, detail, headers = exc.http_status, str(exc), exc.headers
        elif isinstance(exc, HTTPException):
            status, detail, headers = exc.status_code, exc.detail, dict(exc.headers or {})
        else:
            status, detail, headers = 500, _("internal error"), {}
        return JSONResponse({"error": detail, "status": status}, status_code=status, headers=headers or None)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        """Open the index, read its arrays and load jieba's dictionary before the first request, not during it
        (about 1.5 s on laws-cn: the first searches would otherwise queue behind it)."""
        try:
            current.searcher()  # in the event loop thread, which answers the plain searches
        except RulebookError:
            pass  # nothing built yet, or no index: the requests will say so
        yield

    app = Starlette(
        routes=[
            Route("/api/search", api_search),
            Route("/api/obligations/{post}", api_obligations),
            Route("/api/due", api_due),
            Route("/api/health", api_health),
            Route("/api/events", api_events),
            Route("/api/{rest:path}", no_such_api),
            Mount("/", app=site),
        ],
        exception_handlers={RulebookError: error, HTTPException: error, Exception: error},
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders, current=current)
    return app
