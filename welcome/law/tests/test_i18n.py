"""Every user-facing string is a literal _("…") with named placeholders, for makemessages."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from welcome.law.i18n import Message, Money, localize_default

PACKAGE = Path(__file__).resolve().parents[1]
UNNAMED_PLACEHOLDER = re.compile(r"%(?!\(\w+\)s|%)")


def marker_calls():
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                yield path, node


def test_marked_strings_are_plain_literals_with_named_placeholders() -> None:
    calls = list(marker_calls())
    assert len(calls) > 100
    for path, node in calls:
        assert len(node.args) == 1 and not node.keywords, (path.name, node.lineno)
        (argument,) = node.args
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
            path.name,
            node.lineno,
        )
        assert not UNNAMED_PLACEHOLDER.search(argument.value), (path.name, argument.value)


def test_messages_render_late_with_localized_parameters() -> None:
    message = Message(
        "At least %(amount)s from %(day)s",
        {"amount": Money.of("45934.2"), "day": date(2026, 1, 1)},
    )
    assert message.render() == "At least 45,934.20 € from 2026-01-01"
    assert localize_default(Money.of(50700)) == "50,700 €"


def test_a_message_without_parameters_keeps_percent_signs() -> None:
    assert Message("55 % of the BBG").render() == "55 % of the BBG"
