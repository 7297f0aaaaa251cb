"""iCalendar (RFC 5545) text for a booked appointment, written by hand: it is a few lines.

CRLF line endings (§ 3.1), long lines folded at 75 octets with CRLF + space, TEXT values
escaped (§ 3.3.11), all times in UTC with the "Z" suffix.
"""

from __future__ import annotations

import datetime as dt

CRLF = "\r\n"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return (CRLF + " ").join(parts)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    location: str,
    description: str = "",
    stamp: dt.datetime,
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """A VCALENDAR with one VEVENT; METHOD:PUBLISH (or CANCEL for a withdrawn appointment)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Welcome Center Region Hannover//Consultations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:" + ("CANCEL" if cancelled else "PUBLISH"),
        "BEGIN:VEVENT",
        "UID:" + uid,
        "DTSTAMP:" + utc(stamp),
        "DTSTART:" + utc(start),
        "DTEND:" + utc(end),
        "SEQUENCE:" + str(sequence),
        "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"),
        "SUMMARY:" + escape_text(summary),
        "LOCATION:" + escape_text(location),
    ]
    if description:
        lines.append("DESCRIPTION:" + escape_text(description))
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return CRLF.join(fold(line) for line in lines) + CRLF
