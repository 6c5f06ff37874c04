"""Stage 4, serve: the published release over HTTP with a real ASGI server.

Read-only by design: the app only ever reads the release that `current`
points at, resolved per request so that a rebuild swaps in without a restart.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .releases import Releases


def _site_file(site: Path, rel: str) -> Path | None:
    """The file under `site` a URL path names, or None: anything that resolves outside the site is not found."""
    root = site.resolve()
    candidate = (root / rel.lstrip("/")).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def create_app(out: Path) -> Starlette:
    releases = Releases(out)

    def site_dir() -> Path:
        current = releases.current()
        if current is None:
            raise HTTPException(503, "no site has been built yet: run `rulebook build`")
        return current / "site"

    async def static(request: Request) -> Response:
        rel = request.path_params.get("path", "")
        site = site_dir()
        found = _site_file(site, rel)
        if found is None:
            if rel and not rel.endswith("/") and (site / rel).resolve().is_dir():
                return RedirectResponse(request.url.path + "/")
            not_found = site / "404.html"
            if not_found.is_file():
                return FileResponse(not_found, status_code=404)
            raise HTTPException(404, "not found")
        return FileResponse(found)

    async def error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        return JSONResponse({"error": detail, "status": status}, status_code=status)

    return Starlette(
        routes=[Route("/", static), Route("/{path:path}", static)],
        exception_handlers={HTTPException: error, Exception: error},
    )
