"""One error hierarchy, mapped once to the command's exit codes and once to the server's HTTP statuses.

Every error the package raises on purpose is a `RulebookError` whose message is for the user, in the project's
language, and says what to do. The kind of error decides how it ends a command and what the server answers:

=================  =========  ====  ==================================================================
class              exit code  HTTP  meaning
=================  =========  ====  ==================================================================
RulebookError      1          500   something could not be done (the base; also "a build failed")
InputError         2          400   what the user gave is wrong: a rule file, an option, a query, a date
NotFoundError      2          404   no such item, post, procedure, page or revision
NotBuiltError      2          503   nothing has been built yet to search or serve
BusyError          1          503   another build holds the lock, or the server is full: try again
                                    (HTTP adds Retry-After: 1)
=================  =========  ====  ==================================================================

The command-line side is `indexer.cli_options.App` (every command), the server side the exception handler in
`indexer.serve.create_app`; both read `exit_code`, `http_status` and `headers` from here, nowhere else. A problem
inside a rule file is not raised at all but becomes a diagnostic (`indexer.diagnostics`), so that one broken file
never hides the rest.
"""

from __future__ import annotations


class RulebookError(Exception):
    """Something the package could not do; the message says why and what to do."""

    exit_code = 1
    http_status = 500

    @property
    def headers(self) -> dict[str, str]:
        """Extra HTTP headers for the answer."""
        return {}


class InputError(RulebookError, ValueError):
    """What the user gave is wrong (a file, an option, a query). A ValueError too, so pydantic validators report it
    as a field error of the file it is in."""

    exit_code = 2
    http_status = 400


class NotFoundError(RulebookError, LookupError):
    """The thing asked for does not exist (an item, a post, a procedure, a page, a git revision)."""

    exit_code = 2
    http_status = 404


class NotBuiltError(RulebookError):
    """There is nothing built to search or serve yet: run `rulebook build`."""

    exit_code = 2
    http_status = 503


class BusyError(RulebookError):
    """Another build holds the project, or the server has as many slow searches waiting as it takes: try again."""

    exit_code = 1
    http_status = 503

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": "1"}
