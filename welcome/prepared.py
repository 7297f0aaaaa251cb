"""Queries of a fixed shape, compiled by Django once per process instead of on every call.

Building and compiling a queryset (the select list, the joins, the ordering) costs Django
0.3–0.7 ms, more than PostgreSQL takes to answer a case's short list. The case page read seven
such queries, each the same for every case but for its key: compiling them was a fifth of the
page (bench/README). A `Prepared` query is built once from marker values and compiled by
Django; each call runs that SQL with its own values in the markers' places and turns the rows
into what the queryset would have given (tuples for `values_list`, else instances of its model
with its annotations and its select_related records), through the converters the ORM applies
(dates on SQLite, JSON).

Only for querysets whose SQL depends on nothing but the values given: no clock, no user, no
setting read while building (the first call checks that every marker is among the parameters).
A query whose shape varies (the inbox's filters) is one Prepared per shape.
No library does this for Django 5.2: django-prepared-queries, the nearest, was last released in
2019 for Django < 2.2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Values no other parameter of these queries takes, the n-th of a type plus n; a number within
# the range of every integer column, or Django compiles the lookup to "no rows" (EmptyResultSet).
MARKER_INT = 2_146_000_001
MARKER_DATE = dt.date(1111, 11, 11)
MARKER_DATETIME = dt.datetime(1111, 11, 11, 11, 11, 11, tzinfo=dt.UTC)


def _markers(types: tuple[type, ...]) -> tuple:
    """A distinct marker for each of `types` (int, str, date or datetime)."""
    made = {
        int: lambda n: MARKER_INT + n,
        str: lambda n: f"\x00prepared-marker-{n}\x00",
        dt.date: lambda n: MARKER_DATE + dt.timedelta(days=n),
        dt.datetime: lambda n: MARKER_DATETIME + dt.timedelta(seconds=n),
    }
    return tuple(made[kind](types[:n].count(kind)) for n, kind in enumerate(types))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # (position among the parameters, index of the value, the database's adapter or None)
    marked: tuple[tuple[int, int, Any], ...]
    converters: tuple  # (column, functions, expression), as SQLCompiler.get_converters gives
    model: Any  # the model class for instances, None for tuples
    fields: slice  # where the model's columns are in a row
    attnames: tuple[str, ...]  # their attribute names, in that order
    annotations: tuple[tuple[str, int], ...]
    related: tuple  # Django's RelatedPopulators of select_related (they keep no state of a row)


class Prepared:
    """`build(*markers)` → a queryset; calling the Prepared with values of `types` (int by
    default; str, date, datetime) runs it, compiled once."""

    def __init__(self, build: Callable[..., QuerySet], *types: type):
        self._build = build
        self._markers = _markers(types or (int,))
        self._compiled: dict[str, _Compiled] = {}  # per database alias

    def __call__(self, *values, using: str = "default") -> list:
        if _beyond_any_key(values):
            return []  # as Django answers a lookup beyond any 64-bit key: nothing, no query
        compiled = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        rows = _fetch(connection, compiled.sql, _params(compiled, values))
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        if compiled.model is None:
            return [tuple(row) for row in rows]
        return [_instance(compiled, row, using) for row in rows]

    def count(self, *values, using: str = "default") -> int:
        """How many rows the query gives (COUNT around its SQL, compiled once as well)."""
        if _beyond_any_key(values):
            return 0
        compiled = self._compiled.get(using) or self._compile(using)
        sql = f"SELECT COUNT(*) FROM ({compiled.sql}) counted"  # noqa: S608 - compiled by Django
        return _fetch(connections[using], sql, _params(compiled, values))[0][0]

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build(*self._markers).using(using)
        query = queryset.query
        values = queryset._iterable_class is ValuesListIterable
        if not values and queryset._iterable_class is not ModelIterable:
            raise ValueError("Prepared reads instances or values_list tuples (not flat, named)")
        if values and query.annotation_select:
            raise ValueError("Prepared reads values of fields, not of annotations")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        marked = _marked(params, self._markers, connections[using].ops)
        if {index for _position, index, _adapt in marked} != set(range(len(self._markers))):
            raise ValueError("A marker is not among the query's parameters")
        columns = [expression for expression, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = tuple(
            (column, tuple(functions), expression)
            for column, (functions, expression) in compiler.get_converters(columns).items()
        )
        model, fields, attnames, annotations, related = None, slice(0), (), (), ()
        if not values:
            selected = compiler.klass_info["select_fields"]
            model = compiler.klass_info["model"]
            fields = slice(selected[0], selected[-1] + 1)
            attnames = tuple(column.target.attname for column, *_ in compiler.select[fields])
            annotations = tuple(compiler.annotation_col_map.items())
            related = tuple(get_related_populators(compiler.klass_info, compiler.select, using))
        compiled = _Compiled(
            sql, tuple(params), marked, converters, model, fields, attnames, annotations, related
        )
        self._compiled[using] = compiled
        return compiled


def _beyond_any_key(values) -> bool:
    return any(isinstance(value, int) and not -(2**63) <= value < 2**63 for value in values)


def _marked(params, markers, ops) -> tuple[tuple[int, int, Any], ...]:
    """Where each marker is among the parameters, as given or as the database's adapter turned
    it (SQLite gets dates and datetimes as text), with that adapter for the values."""
    forms = []
    for index, marker in enumerate(markers):
        forms.append((marker, index, None))
        if isinstance(marker, dt.datetime):
            forms.append(
                (ops.adapt_datetimefield_value(marker), index, ops.adapt_datetimefield_value)
            )
        elif isinstance(marker, dt.date):
            forms.append((ops.adapt_datefield_value(marker), index, ops.adapt_datefield_value))
    marked = []
    for position, param in enumerate(params):
        for form, index, adapt in forms:
            if type(param) is type(form) and param == form:
                marked.append((position, index, adapt))
                break
    return tuple(marked)


def _params(compiled: _Compiled, values) -> list:
    params = list(compiled.params)
    for position, index, adapt in compiled.marked:
        params[position] = values[index] if adapt is None else adapt(values[index])
    return params


def _fetch(connection, sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _converted(row, converters, connection) -> list:
    row = list(row)
    for column, functions, expression in converters:
        value = row[column]
        for function in functions:
            value = function(value, expression, connection)
        row[column] = value
    return row


def _instance(compiled: _Compiled, row, using: str):
    instance = compiled.model.from_db(using, compiled.attnames, row[compiled.fields])
    for populator in compiled.related:
        populator.populate(row, instance)
    for name, column in compiled.annotations:
        setattr(instance, name, row[column])
    return instance
