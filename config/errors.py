"""Errors in input files and how they are reported: one line per problem, naming where.

Every file the project reads (scenarios, casts, sweep specs, the exercises' presets) reports a
problem as a `ScenarioError` whose message names the file, the key and what is allowed; the
command line prints it and exits with code 2.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from config.parameters import parameter_info


class ScenarioError(ValueError):
    """A scenario, parameter or event that cannot be used; the message says why and where."""


def _describe_range(name: str) -> str:
    for info in parameter_info():
        if info.name == name:
            return f"{info.unit}, from {info.low} to {info.high}"
    return ""


def did_you_mean(name: str, known: list[str]) -> str:
    """'did you mean 'a' or 'b'?' with the known names closest to a misspelt one, or ''.

    The closest are difflib's close matches, or else the names that contain `name` (`brent`
    for `brent_multiplier`).
    """
    close = (
        difflib.get_close_matches(name, known, n=3)
        or [other for other in known if name.lower() in other.lower()][:3]
    )
    if not close:
        return ""
    quoted = [repr(other) for other in close]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {listed}?"


def unknown_parameter(name: str, known: list[str], what: str = "parameter") -> str:
    """Why `name` is not a parameter: the closest known names, or all of them if none is close."""
    suggestion = did_you_mean(name, known)
    return f"unknown {what}; {suggestion or 'known: ' + ', '.join(known)}"


def format_error(error: dict, where: str, prefix: str, fields: list[str] | None = None) -> str:
    """One pydantic error as 'where: key: message (got value)', with the allowed range.

    `fields` are the keys allowed where the error is: an unknown key gets the closest of them.
    """
    location = ".".join(str(part) for part in error["loc"])
    key = f"{prefix}{location}" if location else prefix.rstrip(".")
    message = error["msg"].removeprefix("Value error, ")  # the validators' own words
    if error["type"] == "extra_forbidden":
        if prefix == "parameters.":
            known = [info.name for info in parameter_info()]
            message = unknown_parameter(str(error["loc"][-1]), known)
        elif fields:
            message = unknown_parameter(str(error["loc"][-1]), fields, "field")
        else:
            message = "unknown field"
    elif prefix == "parameters." and location:
        allowed = _describe_range(str(error["loc"][0]))
        if allowed:
            message = f"{message} (allowed: {allowed})"
    given = error.get("input")
    # a check of the whole entry (no location) would echo the entry: leave it out
    shown = (
        f" (got {given!r})" if given is not None and error["type"] != "missing" and location else ""
    )
    return f"{where}: {key}: {message}{shown}" if key else f"{where}: {message}"


def read_toml(path: Path) -> dict[str, Any]:
    """The contents of a TOML file, or ScenarioError saying why it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: malformed TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a text file (TOML must be UTF-8)") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror or exc})") from None
