"""Hypothesis strategies for GTINs and GS1 element strings (shared with the biip adapter tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from packstation.domain.barcodes import GS, gs1_check_digit

#: GS1 character set 82, allowed in variable-length fields such as batch (10) and order (400).
CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


def with_check_digit(length: int) -> st.SearchStrategy[str]:
    """Digit strings of ``length`` whose last digit is the GS1 check digit."""
    payload = st.text("0123456789", min_size=length - 1, max_size=length - 1)
    return payload.map(lambda p: p + str(gs1_check_digit(p)))


gtin13s = with_check_digit(13).filter(lambda g: g.strip("0") != "")
gtin14s = with_check_digit(14).filter(lambda g: g.strip("0") != "")
ssccs = with_check_digit(18)

yymmdd = st.builds(
    lambda y, m, d: f"{y:02d}{m:02d}{d:02d}",
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(0, 28),  # day 00 = last day of the month; 29-31 are in the example tables
)


def _var(max_size: int) -> st.SearchStrategy[str]:
    return st.text(CSET82, min_size=1, max_size=max_size)


#: (AI, value generator, fixed length?) for every AI the stdlib fallback decoder knows
FIELDS: dict[str, tuple[st.SearchStrategy[str], bool]] = {
    "00": (ssccs, True),
    "01": (gtin14s, True),
    "02": (gtin14s, True),
    "10": (_var(20), False),
    "11": (yymmdd, True),
    "15": (yymmdd, True),
    "17": (yymmdd, True),
    "21": (_var(20), False),
    "37": (st.text("0123456789", min_size=1, max_size=8), False),
    "400": (_var(30), False),
}
MAX_LENGTH = {"10": 20, "21": 20, "37": 8, "400": 30}


@st.composite
def element_strings(
    draw: st.DrawFn, ais: tuple[str, ...] = tuple(FIELDS)
) -> tuple[str, dict[str, str]]:
    """A GS1 element string (FNC1 as GS) and the AI → value mapping it encodes."""
    chosen = draw(st.lists(st.sampled_from(ais), min_size=1, max_size=5, unique=True))
    fields = {ai: draw(FIELDS[ai][0]) for ai in chosen}
    parts: list[str] = []
    for position, (ai, value) in enumerate(fields.items()):
        last = position == len(fields) - 1
        parts.append(ai + value)
        if last:
            continue
        fixed = FIELDS[ai][1]
        full = not fixed and len(value) == MAX_LENGTH[ai]
        # a separator is required after a variable field unless it is at its maximum length,
        # and always allowed otherwise
        if (not fixed and not full) or draw(st.booleans()):
            parts.append(GS)
    return "".join(parts), fields
