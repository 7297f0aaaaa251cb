"""Finding cases by the person's name or e-mail and by partial reference: the index and the match.

Who may find what is the selectors' business (`selectors.case_search_for_user`); this module only
keeps the index in step and turns typed text into conditions.

The index (`cases_person_search`, one row per person, keyed by the case id, made in migration
0003) holds a *folded* copy of the name and e-mail: lower case, accents and Arabic vowel marks
removed, punctuation turned into spaces ("José Müller" → "jose muller mueller"). Folding happens
here in Python, so both engines fold alike and the query is folded the same way.

- PostgreSQL: a plain table with a GIN trigram index (pg_trgm) for words of three letters and
  more (`LIKE '%mull%'`: any part of a word), and a GIN full-text index (`simple` configuration)
  for shorter words, matched as the beginning of a word (`li:*`).
- SQLite: an FTS5 table with the trigram tokenizer: the same LIKE patterns, answered by FTS5;
  shorter words scan the (small) table. It stores its own content, because SQLite before 3.43
  cannot delete from a contentless table, and erasure must delete.

The services that write a person call `person_index` (open, change, erase); a trigger removes the
row whenever a person row is deleted by any other path, so erased data never stays findable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

MAX_TERMS = 8  # words of a query that are used; the rest are ignored
MIN_TRIGRAM_WORD = 3  # shorter words match the beginning of a word (no trigram to look up)

# Letters that NFKD does not take apart, folded as a reader would expect; Arabic variants that
# people write interchangeably (alef forms, alef maqsura, teh marbuta, Persian yeh and kaf);
# tatweel (a stretching stroke) dropped.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",
        "ک": "ك",
        "ـ": "",
    }
)
# German names are written with and without umlaut ("Müller", "Mueller"): the index holds both.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_ASCII_OTHER = re.compile(r"[^0-9a-z]+")
# A reference or a part of one: "WC-2026-000123", "2026-0001", "000123", "wc-2026".
_REFERENCE = re.compile(r"^(?:WC-?)?\d[\d-]*$|^WC-[\d-]*$", re.IGNORECASE)
_YEAR_AND_NUMBER = re.compile(r"^\d{4}-\d*$")


def fold(text: str) -> str:
    """Lower case, without accents, vowel marks or punctuation; words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    if decomposed.isascii():  # most e-mails and many names: one regex
        return " ".join(_ASCII_OTHER.sub(" ", decomposed).split())
    chars = []
    for char in decomposed.translate(_LETTERS):
        if char.isalnum():
            chars.append(str(unicodedata.decimal(char)) if char.isdecimal() else char)
        elif unicodedata.category(char)[0] != "M":  # accents, vowel signs and marks go
            chars.append(" ")
    return " ".join("".join(chars).split())


def document(*, name: str, email: str) -> str:
    """The folded text stored for a person: name, name with umlauts spelled out, e-mail."""
    words = fold(name).split()
    spelled_out = fold((name or "").casefold().translate(_UMLAUTS)).split()
    words += [w for w in spelled_out if w not in words]
    return " ".join([*words, *fold(email).split()])


@dataclass
class ParsedText:
    """What a typed search text asks for: parts of references, and folded words of a person."""

    references: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.references or self.words)


def parse(text: str) -> ParsedText:
    """Numbers (with hyphens, optionally "WC-") are parts of a reference; the rest, name words.

    Anything else a person types (quotes, operators, SQL or FTS syntax) is folded away, so no
    input reaches the database as syntax: every word is letters and digits, passed as parameter.
    """
    parsed = ParsedText()
    for token in (text or "").split()[: MAX_TERMS * 2]:
        if _REFERENCE.match(token):
            fragment = token.upper().lstrip("-")
            if fragment.startswith("WC") and not fragment.startswith("WC-"):
                fragment = f"WC-{fragment[2:]}"  # "wc2026-0001" as people type it
            if fragment and fragment not in parsed.references:
                parsed.references.append(fragment)
        else:
            parsed.words += [w for w in fold(token).split() if w not in parsed.words]
    parsed.references = parsed.references[:MAX_TERMS]
    parsed.words = parsed.words[:MAX_TERMS]
    return parsed


def reference_matches(fragment: str) -> Q:
    """Cases whose reference contains `fragment` (as parse() returns it).

    A part that says where it sits in "WC-2026-000123" — it begins with "WC-", or has the year
    and the number's first digits ("2026-0001") — can only be the reference's beginning, which
    the reference's B-tree index finds at once; digits alone ("000123") may sit anywhere and
    are looked up in the trigram index (PostgreSQL) or by a scan (SQLite).
    """
    if _YEAR_AND_NUMBER.match(fragment):
        fragment = f"WC-{fragment}"
    if not fragment.startswith("WC-"):
        return Q(reference__contains=fragment)
    condition = Q(reference__startswith=fragment)
    # Said again as a range, which the planner estimates well (a LIKE prefix it guesses at 1 %
    # of all cases and walks the inbox): "WC-2025-0288" ≤ reference < "WC-2025-0289".
    digits = re.search(r"\d+$", fragment)
    if digits and set(digits.group()) != {"9"}:
        width = len(digits.group())
        upper = f"{fragment[: digits.start()]}{int(digits.group()) + 1:0{width}d}"
        condition &= Q(reference__gte=fragment, reference__lt=upper)
    return condition


def person_matches(words: list[str]) -> RawSQL:
    """Ids of the cases whose person's name or e-mail contains every word (for `pk__in`).

    A word of three letters or more may be any part of a word ("ller" finds Müller); a shorter
    one must begin a word ("Li" finds "Li Wei", not "Amelie").
    """
    postgresql = connection.vendor == "postgresql"
    column = "case_id" if postgresql else "rowid"
    conditions, params = [], []
    for word in words:
        if len(word) >= MIN_TRIGRAM_WORD:
            conditions.append("document LIKE %s")
            params.append(f"%{word}%")
        elif postgresql:
            conditions.append("to_tsvector('simple', document) @@ to_tsquery('simple', %s)")
            params.append(f"{word}:*")
        else:
            conditions.append("(' ' || document) LIKE %s")
            params.append(f"% {word}%")
    where = " AND ".join(conditions) or "FALSE"
    # Every condition is a fixed template and every word a parameter.
    sql = f"SELECT {column} FROM cases_person_search WHERE {where}"  # noqa: S608
    return RawSQL(sql, params)  # noqa: S611


def person_case_ids(words: list[str], *, limit: int) -> list[int] | None:
    """The ids of the cases whose person's name or e-mail contains every word (as
    person_matches), or None when more than `limit` persons match."""
    matches = person_matches(words)
    with connection.cursor() as cursor:
        cursor.execute(f"{matches.sql} LIMIT %s", [*matches.params, limit + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= limit else None


def cases_among(ids: list[int]) -> Q | RawSQL:
    """A condition on cases: the id is one of `ids` (a list of any length).

    On PostgreSQL one array parameter (`= ANY`), whose length the planner sees: for a few
    hundred ids it looks each case up, for thousands it walks the inbox in its order.
    """
    if connection.vendor == "postgresql":
        return RawSQL('"cases_case"."id" = ANY(%s)', [ids], output_field=BooleanField())
    return Q(pk__in=ids)


def person_index(*, case_id: int) -> None:
    """Bring the index entry of a case's person in step with the person row (or remove it).

    Call it after creating, changing or erasing a person, in the same transaction.
    """
    from welcome.cases.models import Person

    person = Person.objects.filter(case_id=case_id).values_list("name", "email").first()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if person is None:
                cursor.execute("DELETE FROM cases_person_search WHERE case_id = %s", [case_id])
            else:
                cursor.execute(
                    "INSERT INTO cases_person_search (case_id, document) VALUES (%s, %s) "
                    "ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document",
                    [case_id, document(name=person[0], email=person[1])],
                )
            return
        # FTS5 tables know no upsert: replace the row.
        cursor.execute("DELETE FROM cases_person_search WHERE rowid = %s", [case_id])
        if person is not None:
            cursor.execute(
                "INSERT INTO cases_person_search (rowid, document) VALUES (%s, %s)",
                [case_id, document(name=person[0], email=person[1])],
            )


def person_index_all(*, using: str = "default", batch: int = 1000) -> int:
    """Rebuild the whole index from the person rows (the migration fills it this way)."""
    from django.db import connections

    target = connections[using]
    column = "case_id" if target.vendor == "postgresql" else "rowid"
    count, last = 0, -1
    with target.cursor() as cursor:
        cursor.execute("DELETE FROM cases_person_search")
        while True:  # in batches by case id: a million persons never sit in memory at once
            cursor.execute(
                "SELECT case_id, name, email FROM cases_person WHERE case_id > %s "
                "ORDER BY case_id LIMIT %s",
                [last, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return count
            values = ", ".join(["(%s, %s)"] * len(rows))
            params = [
                value
                for pk, name, email in rows
                for value in (pk, document(name=name, email=email))
            ]
            cursor.execute(
                f"INSERT INTO cases_person_search ({column}, document) VALUES {values}",  # noqa: S608
                params,
            )
            count += len(rows)
            last = rows[-1][0]


def is_indexed(*, case_id: int) -> bool:
    """Whether the index holds an entry for the case's person (for tests and checks)."""
    column = "case_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM cases_person_search WHERE {column} = %s",  # noqa: S608
            [case_id],
        )
        return cursor.fetchone() is not None
