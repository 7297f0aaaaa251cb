"""Every interface text is translated in every offered language: an untranslated or fuzzy
(machine-guessed) entry would show English — or a wrong sentence — to a reader of that language."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "welcome" / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete_and_reviewed(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as file:
        catalogue = read_po(file)
    open_entries = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert not open_entries, f"{len(open_entries)} entries to translate, e.g. {open_entries[:3]}"


def _key(message) -> tuple:
    """(context, id) alike from a .po and a .mo (which gives lists and bytes)."""
    context = message.context.decode() if isinstance(message.context, bytes) else message.context
    ids = message.id if isinstance(message.id, list | tuple) else [message.id]
    return context, tuple(i.decode() if isinstance(i, bytes) else i for i in ids)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_every_translation_of_its_source(language):
    """A .po edited but not compiled would leave the pages in English."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.po").open("rb") as file:
        source = {_key(m) for m in read_po(file) if m.id and m.string and not m.fuzzy}
    with (folder / "django.mo").open("rb") as file:
        compiled = {_key(m) for m in read_mo(file) if m.id}
    assert source <= compiled, f"not compiled: {sorted(source - compiled)[:3]}"
