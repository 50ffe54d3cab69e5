"""Measuring text for rules drawn "as long as the text" (HD 36 tiêu đề; ND 30 tiêu ngữ, cơ quan).

Widths are Adobe's Times-Roman / Times-Bold AFM metrics (1/1000 em), which Times New Roman and
its metric clone Liberation Serif share; Vietnamese letters take their base letter's width.
"""

from __future__ import annotations

import unicodedata

_DEFAULT = 500
_TIMES = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz",
    [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278] + [500] * 10 +
    [278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
     722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333,
     444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
     500, 500, 722, 500, 500, 444]))
_TIMES_BOLD = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz",
    [250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278] + [500] * 10 +
    [333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
     722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333,
     500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333,
     556, 500, 722, 500, 500, 444]))


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    table = _TIMES_BOLD if bold else _TIMES
    return sum(table.get(_base(ch), _DEFAULT) for ch in text) * size_pt / 1000.0
