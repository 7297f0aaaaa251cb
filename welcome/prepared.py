"""Queries of a fixed shape, compiled by Django once per process instead of on every call.

Building and compiling a queryset (the select list, the joins, the ordering) costs Django
0.3–0.7 ms, more than PostgreSQL takes to answer a case's short list. The case page read seven
such queries, each the same for every case but for its key: compiling them was a fifth of the
page (bench/README). A `Prepared` query is built once from a marker value and compiled by
Django; each call runs that SQL with its own value in the marker's places and turns the rows
into what the queryset would have given (tuples for `values_list`, else instances of its model
with its annotations and its select_related records), through the converters the ORM applies
(dates on SQLite, JSON).

Only for querysets whose SQL depends on nothing but the one value: no clock, no user, no
setting read while building (the first call checks that the marker is among the parameters).
No library does this for Django 5.2: django-prepared-queries, the nearest, was last released in
2019 for Django < 2.2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Values no other parameter of these queries takes; the number within the range of every
# integer column, or Django compiles the lookup to "no rows" (EmptyResultSet).
MARKER_INT = 2_146_000_001
MARKER_STR = "\x00prepared-marker\x00"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    marked: tuple[int, ...]  # the positions of the marker among the parameters
    converters: tuple  # (column, functions, expression), as SQLCompiler.get_converters gives
    model: Any  # the model class for instances, None for tuples
    fields: slice  # where the model's columns are in a row
    attnames: tuple[str, ...]  # their attribute names, in that order
    annotations: tuple[tuple[str, int], ...]
    related: tuple  # Django's RelatedPopulators of select_related (they keep no state of a row)


class Prepared:
    """`build(value)` → a queryset; calling the Prepared with a value runs it, compiled once."""

    def __init__(self, build: Callable[[Any], QuerySet], marker: Any = MARKER_INT):
        self._build = build
        self._marker = marker
        self._compiled: dict[str, _Compiled] = {}  # per database alias

    def __call__(self, value, using: str = "default") -> list:
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            return []  # as Django answers a lookup beyond any 64-bit key: nothing, no query
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.params)
        for position in compiled.marked:
            params[position] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        if compiled.model is None:
            return [tuple(row) for row in rows]
        return [_instance(compiled, row, using) for row in rows]

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build(self._marker).using(using)
        query = queryset.query
        values = queryset._iterable_class is ValuesListIterable
        if not values and queryset._iterable_class is not ModelIterable:
            raise ValueError("Prepared reads instances or values_list tuples (not flat, named)")
        if values and query.annotation_select:
            raise ValueError("Prepared reads values of fields, not of annotations")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        marked = tuple(i for i, param in enumerate(params) if param == self._marker)
        if not marked:
            raise ValueError("The marker is not among the query's parameters")
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
