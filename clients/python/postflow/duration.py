"""Durations written as nginx writes them: ``90``, ``90s``, ``10m``,
``1h``, ``1h30m``, ``2d``."""

from __future__ import annotations

import re

_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")


def parse_duration(text: str) -> float:
    """Seconds in ``text``; ValueError if it is not a duration.

    A bare number is seconds; parts add up (``1h30m`` is 5400).
    """
    s = text.strip().lower()
    pos = 0
    total = 0.0

    while pos < len(s):
        m = _PART.match(s, pos)
        if m is None:
            raise ValueError("not a duration: %r (use 90, 90s, 10m, 1h)"
                             % text)
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
        if m.group(2) == "" and pos < len(s):
            raise ValueError("not a duration: %r (use 90, 90s, 10m, 1h)"
                             % text)

    if pos == 0:
        raise ValueError("not a duration: %r" % text)

    return total
