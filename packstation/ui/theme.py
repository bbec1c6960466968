"""Colours, type sizes and the style sheet of the bench window.

Made to be read from 1.5 m by someone holding a parcel: a banner in one strong colour per tone
(blue ready, indigo working, green success, amber warning, red error) with white or near-black
type, large fonts everywhere, and high-contrast tables. Colours are chosen for contrast with
their text (WCAG AA at these sizes) and stay distinguishable for red-green colour blindness by
also differing in lightness; the banner always says in words what the colour means.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QFont


class Tone(StrEnum):
    """What the banner says about the bench: one colour each."""

    READY = "ready"  # waiting for the packer: scan something
    WORKING = "working"  # the station is busy (buying, printing)
    SUCCESS = "success"  # done: next order
    WARNING = "warning"  # look: something to fix, nothing lost
    ERROR = "error"  # stop: this needs the packer or the shift lead


#: (background, text) per tone.
TONE_COLOURS: dict[Tone, tuple[str, str]] = {
    Tone.READY: ("#1F4E8C", "#FFFFFF"),
    Tone.WORKING: ("#4B3F9E", "#FFFFFF"),
    Tone.SUCCESS: ("#1B7A3A", "#FFFFFF"),
    Tone.WARNING: ("#F2B200", "#1A1A1A"),
    Tone.ERROR: ("#B3261E", "#FFFFFF"),
}

#: Row colours of the items table per line state (background, text).
LINE_COLOURS: dict[str, tuple[str, str]] = {
    "open": ("#FFFFFF", "#1A1A1A"),
    "partial": ("#FFF4CC", "#1A1A1A"),
    "done": ("#DDF3E4", "#0F4D24"),
    "wrong": ("#FBE0DE", "#7A1A14"),
    "not_verified": ("#FFD9A8", "#6B3300"),  # the check was skipped: amber, never green
}
HIGHLIGHT = "#2F80ED"  # frame of the row scanned last

BANNER_HEADLINE_PX = 46
BANNER_DETAIL_PX = 22
BODY_PX = 18
TABLE_PX = 20
BAR_PX = 16


def colour(tone: Tone) -> tuple[QColor, QColor]:
    background, text = TONE_COLOURS[tone]
    return QColor(background), QColor(text)


def font(pixel_size: int, *, bold: bool = False, mono: bool = False) -> QFont:
    f = QFont()
    if mono:
        f.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPixelSize(pixel_size)
    f.setBold(bold)
    return f


STYLE_SHEET = f"""
QMainWindow, QWidget#StationBody {{ background: #ECEFF3; }}
QWidget {{ font-size: {BODY_PX}px; color: #1A1A1A; }}
QPushButton {{
    font-size: {BODY_PX}px; padding: 6px 10px; border-radius: 6px;
    background: #FFFFFF; border: 2px solid #9AA5B1;
}}
QPushButton:focus {{ border: 3px solid {HIGHLIGHT}; }}
QPushButton:disabled {{ color: #8A939C; background: #F3F4F6; border-color: #D0D5DB; }}
QPushButton[primary="true"] {{
    background: #1B7A3A; color: white; border-color: #145C2B; font-weight: bold;
}}
QPushButton[primary="true"]:disabled {{ background: #9CC7AA; color: #F4F4F4; }}
QPushButton#ModeButton {{ font-size: 15px; padding: 2px 14px; border-radius: 0;
    border: none; border-bottom: 4px solid transparent; background: transparent;
    color: #4A5561; }}
QPushButton#ModeButton:checked {{ border-bottom: 4px solid {HIGHLIGHT}; color: #1F4E8C; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{
    font-size: {BODY_PX}px; padding: 6px; border: 2px solid #9AA5B1; border-radius: 4px;
    background: white;
}}
QLineEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus {{
    border-color: {HIGHLIGHT};
}}
QTableWidget {{ font-size: {TABLE_PX}px; background: white; gridline-color: #D0D5DB; }}
QHeaderView::section {{ font-size: {BAR_PX}px; font-weight: bold; padding: 6px;
    background: #DDE3EA; border: none; border-right: 1px solid #C5CDD6; }}
QFrame#Panel {{ background: white; border: 1px solid #C5CDD6; border-radius: 8px; }}
QLabel#PanelTitle {{ font-size: {BAR_PX}px; font-weight: bold; color: #4A5561; }}
QLabel#HeaderValue {{ font-size: 22px; font-weight: bold; }}
QLabel#HeaderCaption {{ font-size: 13px; color: #4A5561; }}
QWidget#StationBar {{ background: #20262E; }}
QWidget#StationBar QLabel {{ color: #E8ECF1; font-size: {BAR_PX}px; }}
QWidget#ModeBar {{ background: #FFFFFF; border-bottom: 1px solid #C5CDD6; }}
QPlainTextEdit {{ font-size: 13px; background: #FAFAFA; }}
"""
