"""A session as an iCalendar file (RFC 5545) for "add to calendar".

Times are written in local Brussels time with a VTIMEZONE block (the EU rule: summer time from
the last Sunday of March 02:00 to the last Sunday of October 03:00), so every calendar shows the
session at the hour the provider announced, also across a change of clock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from brug.innovet.models import Session

ZONE = "Europe/Brussels"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{ZONE}",
    "X-LIC-LOCATION:Europe/Brussels",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuation lines start with a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%Y%m%dT%H%M%S")


def session_ics(session: Session, *, url: str, host: str = "brug") -> str:
    offer = session.offer
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Brug//InnoVET//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:innovet-session-{session.pk}@{host}",
        f"DTSTAMP:{timezone.now().astimezone(ZoneInfo('UTC')).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID={ZONE}:{_local(session.starts_at)}",
        f"DTEND;TZID={ZONE}:{_local(session.ends_at)}",
        f"SUMMARY:{_escape(offer.title)}",
        f"DESCRIPTION:{_escape(offer.provider.name)}\\n{_escape(url)}",
        f"LOCATION:{_escape(session.location or offer.provider.name)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"
