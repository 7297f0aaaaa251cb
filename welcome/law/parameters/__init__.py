"""Dated figures of the law, loaded once from the YAML files beside this module.

Each parameter has a description, a legal reference, a unit and dated values; each value has
its source and may be marked ``verified: false``. ``value(name, on=date)`` answers the figure in
force on that date with its valid-from date and reference, so every rule can cite what decided.
A new figure is a new dated entry, never an edit of an old one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

import yaml

PARAMETER_DIR = Path(__file__).resolve().parent


class ParameterError(LookupError):
    """A figure was asked for that the parameter files do not hold."""


class UnknownParameter(ParameterError):
    pass


class NoFigureOnDate(ParameterError):
    """The date lies before the first dated entry of the parameter."""

    def __init__(self, name: str, on: date, first: date) -> None:
        super().__init__(
            f"Parameter {name!r} has no figure for {on.isoformat()}: "
            f"its first entry is valid from {first.isoformat()}."
        )
        self.name, self.on, self.first = name, on, first


class FigureNotPublished(ParameterError):
    """A figure set per calendar year (``renewed: yearly``) has none for the date's year yet.

    Reusing last year's figure would be a silent guess: thresholds move every 1 January."""

    def __init__(self, name: str, on: date, last: Figure) -> None:
        super().__init__(
            f"Parameter {name!r} has no figure for {on.year} yet: "
            f"the last one is valid from {last.valid_from.isoformat()}."
        )
        self.name, self.on, self.last = name, on, last


class ParameterFileError(ValueError):
    """A parameter file is malformed; raised at load time, never silently skipped."""


@dataclass(frozen=True)
class Figure:
    """One dated value of a parameter, with where it comes from."""

    name: str
    value: Any
    valid_from: date
    reference: str
    source: str
    unit: str
    verified: bool = True


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    reference: str
    unit: str
    figures: tuple[Figure, ...]  # sorted by valid_from
    yearly: bool = False  # a figure holds for its calendar year only (``renewed: yearly``)

    def on(self, day: date) -> Figure:
        current = None
        for figure in self.figures:
            if figure.valid_from > day:
                break
            current = figure
        if current is None:
            raise NoFigureOnDate(self.name, day, self.figures[0].valid_from)
        if self.yearly and day.year > current.valid_from.year:
            raise FigureNotPublished(self.name, day, current)
        return current


def _coerce(value: Any, unit: str) -> Any:
    """Money as Decimal, so 45,934.20 € compares exactly."""
    if unit.startswith("EUR") and isinstance(value, int | float):
        return Decimal(str(value))
    return value


def _parse_parameter(name: str, spec: Any, file: str) -> Parameter:
    if not isinstance(spec, dict):
        raise ParameterFileError(f"{file}: {name} must be a mapping.")
    for key in ("description", "reference", "unit", "values"):
        if key not in spec:
            raise ParameterFileError(f"{file}: {name} lacks {key!r}.")
    figures = []
    for valid_from, entry in spec["values"].items():
        if not isinstance(valid_from, date):
            raise ParameterFileError(f"{file}: {name} has a non-date key {valid_from!r}.")
        if not isinstance(entry, dict) or "value" not in entry or "source" not in entry:
            raise ParameterFileError(f"{file}: {name} {valid_from} needs 'value' and 'source'.")
        figures.append(
            Figure(
                name=name,
                value=_coerce(entry["value"], spec["unit"]),
                valid_from=valid_from,
                reference=entry.get("reference", spec["reference"]),
                source=entry["source"],
                unit=spec["unit"],
                verified=bool(entry.get("verified", True)),
            )
        )
    if not figures:
        raise ParameterFileError(f"{file}: {name} has no values.")
    renewed = spec.get("renewed")
    if renewed not in (None, "yearly"):
        raise ParameterFileError(f"{file}: {name} has an unknown 'renewed: {renewed}'.")
    figures.sort(key=lambda figure: figure.valid_from)
    return Parameter(
        name,
        spec["description"],
        spec["reference"],
        spec["unit"],
        tuple(figures),
        yearly=renewed == "yearly",
    )


def parameter_files() -> list[Path]:
    return sorted(PARAMETER_DIR.glob("*.yaml"))


@cache
def load() -> dict[str, Parameter]:
    """All parameters by name; read once per process."""
    parameters: dict[str, Parameter] = {}
    for path in parameter_files():
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in content.items():
            if name in parameters:
                raise ParameterFileError(f"{path.name}: {name} is defined twice.")
            parameters[name] = _parse_parameter(name, spec, path.name)
    return parameters


# What the code inside ``recording()`` read: (name, date) for a figure, (name, None) for a
# whole parameter. None outside a recording, so a lookup costs one ContextVar read more.
Read = tuple[str, date | None]
T = TypeVar("T")
_reads: ContextVar[set[Read] | None] = ContextVar("reads", default=None)


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Collect every figure and parameter the code inside reads. An evaluation is a function
    of the answers, the rule code and what it read: where ``reads_digest`` of those reads is
    unchanged under new parameter files (and the code is the same), so is the evaluation."""
    reads: set[Read] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def remembered(function: Callable[..., T]) -> Callable[..., T]:
    """``lru_cache`` for a function that reads parameters: a hit adds the reads its first call
    made to the recording around it, as a call would. (A plain cache would hide them.)"""

    @lru_cache(maxsize=1024)
    def first_call(*args: Any) -> tuple[T, frozenset[Read]]:
        with recording() as reads:
            result = function(*args)
        return result, frozenset(reads)

    @wraps(function)
    def call(*args: Any) -> T:
        result, reads = first_call(*args)
        if (outer := _reads.get()) is not None:
            outer.update(reads)
        return result

    call.cache_clear = first_call.cache_clear  # type: ignore[attr-defined]
    _REMEMBERED.append(first_call.cache_clear)
    return call


_REMEMBERED: list[Callable[[], None]] = []


def forget() -> None:
    """Empty every remembered lookup, as a new process starts (after new parameter files)."""
    _answers_on.cache_clear()
    for clear in _REMEMBERED:
        clear()


def reads_digest(reads: Iterable[Read]) -> str:
    """A hash of what ``reads`` answer under the files loaded now: the figure in force (or the
    error a lookup raises, with the last figure it names) and, for a whole parameter, all of
    it. Adding a figure from a later date changes no digest of an earlier date's reads."""
    digest = hashlib.sha256()
    for name, on in sorted(reads, key=lambda read: (read[0], read[1] or date.min)):
        if on is None:
            found: Any = load().get(name)
        else:
            found = _looked_up(name, on)
            if isinstance(found, ParameterError):
                found = (
                    type(found).__name__,
                    *(getattr(found, k, None) for k in ("last", "first")),
                )
        digest.update(f"{name}|{on}|{found!r}\n".encode())
    return digest.hexdigest()[:32]


def parameter(name: str) -> Parameter:
    """The whole parameter (a recording counts every figure of it as read)."""
    if (reads := _reads.get()) is not None:
        reads.add((name, None))
    return _parameter(name)


def _parameter(name: str) -> Parameter:
    try:
        return load()[name]
    except KeyError:
        raise UnknownParameter(f"There is no parameter named {name!r}.") from None


def first_valid_from(name: str) -> date:
    """The date of the parameter's first figure (a recording counts just that as read)."""
    if (reads := _reads.get()) is not None:
        reads.add((name, date.min))
    return _parameter(name).figures[0].valid_from


def value(name: str, on: date) -> Figure:
    """The figure of ``name`` in force on ``on``, with its valid-from date and reference."""
    found = value_or_error(name, on)
    if isinstance(found, ParameterError):
        raise found.with_traceback(None)
    return found


def value_or_error(name: str, on: date) -> Figure | ParameterError:
    """``value``, answering the error instead of raising it: a rule that asks for a figure not
    yet published is common after New Year, and a raise costs more than the lookup."""
    if (reads := _reads.get()) is not None:
        reads.add((name, on))
    answers = _answers_on(on)
    found = answers.get(name)
    if found is None:
        found = answers[name] = _looked_up(name, on)
    return found


@lru_cache(maxsize=2048)
def _answers_on(on: date) -> dict[str, Figure | ParameterError]:
    """The lookups answered for the date so far, by name: an evaluation asks for the same few
    dozen figures on its one date, again and again. Remembered per date, not per name and date,
    so saved results re-checked at their own dates (a thousand days and more) do not evict
    each other's figures: the days of five years fit, in a few MB (a figure is no personal
    data)."""
    return {}


def _looked_up(name: str, on: date) -> Figure | ParameterError:
    """``value``'s answer, or the error it raises."""
    try:
        return _parameter(name).on(on)
    except ParameterError as error:
        return error.with_traceback(None)


def fingerprint() -> str:
    """A hash of the parameter files, part of RULES_VERSION."""
    digest = hashlib.sha256()
    for path in parameter_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
