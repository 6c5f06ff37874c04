"""One error hierarchy: every error the package raises is a RulebookError, and its class alone decides the
command's exit code and the server's HTTP status."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

import indexer
from indexer import errors
from indexer.cli_options import App
from indexer.errors import BusyError, InputError, NotBuiltError, NotFoundError, RulebookError

KINDS = [RulebookError, InputError, NotFoundError, NotBuiltError, BusyError]
INTERNAL = {"UnsupportedQueryError"}
"""Raised and caught inside the searcher (the Whoosh fallback); never reaches a user."""


def test_every_exception_class_of_the_package_is_a_rulebook_error() -> None:
    found = []
    for info in pkgutil.walk_packages(indexer.__path__, "indexer."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name and name not in INTERNAL:
                found.append(cls)
                assert issubclass(cls, RulebookError), f"{info.name}.{name} is outside the hierarchy"
    assert len(found) >= 12  # settings, sources, citations, limits, calendar, lists, Word, history, pack, site, lock, search


def test_errors_in_rule_files_stay_value_errors_so_pydantic_reports_them_as_field_errors() -> None:
    from indexer.citations import parse_citation
    from indexer.model import Procedure

    assert issubclass(InputError, ValueError)
    with pytest.raises(ValueError):
        parse_citation({"law": "x", "article": "第X条"})
    with pytest.raises(Exception, match="basis"):
        Procedure.model_validate(
            {"id": "p", "type": "procedure", "title": "P", "statutory_limit": "20个工作日", "committed_limit": "10个工作日"}
            | {"steps": [{"name": "s", "post": "x", "action": "a", "time_limit": "1个工作日"}], "basis": [{"article": 3}]}
        )


@pytest.mark.parametrize("kind", KINDS)
def test_a_command_ends_with_the_exit_code_of_the_error_it_raises(kind: type[RulebookError]) -> None:
    app = App()

    @app.command()
    def fails() -> None:
        raise kind("what went wrong, and what to do")

    @app.command()
    def other() -> None:  # two commands, so Typer keeps the command name
        pass

    result = CliRunner().invoke(app, ["fails"])
    assert result.exit_code == kind.exit_code
    assert "what went wrong, and what to do" in result.output
    assert "Traceback" not in result.output


def test_exit_codes_distinguish_what_the_user_gave_from_what_could_not_be_done() -> None:
    assert InputError.exit_code == NotFoundError.exit_code == NotBuiltError.exit_code == 2
    assert RulebookError.exit_code == BusyError.exit_code == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_server_answers_with_the_status_of_the_error_class(
    kind: type[RulebookError], monkeypatch: pytest.MonkeyPatch, built_sample: Path
) -> None:
    from indexer.serve import Current, create_app

    def obligations(self) -> dict:
        raise kind("no good")

    monkeypatch.setattr(Current, "obligations", obligations)
    r = TestClient(create_app(built_sample.parent.parent.parent)).get("/api/obligations/window-clerk")
    assert r.status_code == kind.http_status
    assert r.json() == {"error": "no good", "status": kind.http_status}
    assert r.headers.get("retry-after") == ("1" if kind is BusyError else None)


def test_the_mapping_is_documented_where_it_is_defined() -> None:
    for kind in KINDS:
        assert f"{kind.__name__:<17}  {kind.exit_code}          {kind.http_status}" in errors.__doc__


def test_the_cli_reports_a_missing_procedure_as_not_found(project: Path) -> None:
    from indexer.cli import app

    result = CliRunner().invoke(app, ["due", "no-such-procedure", "--accepted", "2024-03-01", "-C", str(project)])
    assert result.exit_code == 2 and "no-such-procedure" in result.output


def test_the_cli_reports_a_search_before_any_build_as_not_built(project: Path) -> None:
    from indexer.cli import app

    result = CliRunner().invoke(app, ["search", "年休假", "-C", str(project)])
    assert result.exit_code == NotBuiltError.exit_code and "rulebook build" in result.output
