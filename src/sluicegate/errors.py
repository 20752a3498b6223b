"""Typed errors the CLI knows how to print as one line."""

from __future__ import annotations


class SluicegateError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 2


class SpecError(SluicegateError):
    """Invalid input: names the file, the field path and the reason.

    ``str(err)`` is the one line the CLI prints, e.g.
    ``teams/onco.yaml: gpu_quota: must be >= 0``.
    """

    def __init__(self, file: str, path: str, reason: str) -> None:
        self.file = file
        self.path = path
        # Messages from parsers can span lines; the contract is one line.
        self.reason = reason = " ".join(reason.split())
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {reason}")
