"""The calendar file is RFC 5545 text: CRLF, UTC times, escaped and folded lines."""

import datetime as dt
import zoneinfo

from welcome.consultations import ics

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def calendar(**overrides):
    values = {
        "uid": "booking-7@welcome.example",
        "start": dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN),
        "end": dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN),
        "stamp": dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC),
        "summary": "Beratung WC-2026-000001",
        "location": "Welcome Center, Hildesheimer Straße 18, 30169 Hannover",
    }
    values.update(overrides)
    return ics.event(**values)


def test_it_writes_a_vcalendar_with_one_vevent_and_the_required_properties():
    text = calendar()
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    for required in ("VERSION:2.0", "PRODID:", "BEGIN:VEVENT", "UID:booking-7@welcome.example"):
        assert any(line.startswith(required) for line in lines)
    assert "DTSTAMP:20261125T120000Z" in lines


def test_it_gives_start_and_end_in_utc():
    lines = calendar().split("\r\n")
    assert "DTSTART:20261201T080000Z" in lines
    assert "DTEND:20261201T083000Z" in lines


def test_every_line_ends_with_crlf_and_no_bare_newline_is_left():
    text = calendar(summary="Zwei\nZeilen")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "SUMMARY:Zwei\\nZeilen" in text


def test_it_escapes_commas_and_semicolons_in_text():
    assert "LOCATION:Haus 1\\, Raum 2\\; EG" in calendar(location="Haus 1, Raum 2; EG")


def test_it_folds_lines_longer_than_75_octets_without_splitting_characters():
    text = calendar(location="Straße " * 30)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:" + "Straße " * 30 in unfolded
