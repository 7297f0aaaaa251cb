"""Input types the operations share: text bounded as the matching form field bounds it.

A Django form's CharField refuses the NUL character (PostgreSQL cannot store it in text) and
caps the length; pydantic's `str` does neither, so an API field would reach the database with
what a form never lets through. `Text(n)` is that form field's contract for the API, documented
in the schema (`maxLength`, `pattern`) and refused with a sentence (400).
"""

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

NO_NUL = "^[^\\u0000]*$"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", _("The text must not contain a NUL character."))
    return value


def Text(max_length: int):  # noqa: N802 - reads as a type, like pydantic's constr
    """A string of at most `max_length` characters without NUL."""
    return Annotated[
        str,
        Field(max_length=max_length, json_schema_extra={"pattern": NO_NUL}),
        AfterValidator(_no_nul),
    ]
