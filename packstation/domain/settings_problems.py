"""What is wrong with settings a person typed, as typed values the window can word.

The settings model (pydantic) checks every value; its own error text is English and technical.
The settings layer turns each error into a ``SettingProblem``: which setting (its field name),
which ``SettingIssue``, and the limit or the allowed values. The settings screen names the
setting and what is allowed in the window's language (``ui/setting_words.py``); the command
line keeps its English sentence, made from the same problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class SettingIssue(StrEnum):
    """What is wrong with one setting's value; ``limit`` is named beside each."""

    MISSING = "missing"  # a value is required
    NOT_WHOLE_NUMBER = "not_whole_number"  # e.g. 203
    NOT_NUMBER = "not_number"  # e.g. 101.6
    NOT_YES_NO = "not_yes_no"  # true or false
    NOT_TEXT = "not_text"
    AT_LEAST = "at_least"  # limit: the smallest value allowed
    MORE_THAN = "more_than"  # limit: the value must be greater
    AT_MOST = "at_most"  # limit: the largest value allowed
    LESS_THAN = "less_than"  # limit: the value must be smaller
    TOO_SHORT = "too_short"  # limit: the fewest characters
    TOO_LONG = "too_long"  # limit: the most characters
    ONE_OF = "one_of"  # limit: the allowed values, comma-separated
    NOT_ACCEPTED = "not_accepted"  # the setting's own check refused it (see its description)
    UNKNOWN_SETTING = "unknown_setting"  # no setting of that name


@dataclass(frozen=True, slots=True)
class SettingProblem:
    """One setting's problem. ``setting`` is the field name (``sender.country`` for a nested
    one; empty when it concerns the settings as a whole); ``limit`` is a number written with a
    ``.`` decimal point, or the allowed values."""

    setting: str
    issue: SettingIssue
    limit: str = ""

    @property
    def sentence(self) -> str:
        """The problem in English (log, command line)."""
        said = _ENGLISH[self.issue].format(limit=self.limit)
        return f"{self.setting or 'settings'}: {said}"


_ENGLISH: dict[SettingIssue, str] = {
    SettingIssue.MISSING: "a value is required",
    SettingIssue.NOT_WHOLE_NUMBER: "must be a whole number",
    SettingIssue.NOT_NUMBER: "must be a number",
    SettingIssue.NOT_YES_NO: "must be true or false",
    SettingIssue.NOT_TEXT: "must be text",
    SettingIssue.AT_LEAST: "must be at least {limit}",
    SettingIssue.MORE_THAN: "must be more than {limit}",
    SettingIssue.AT_MOST: "must be at most {limit}",
    SettingIssue.LESS_THAN: "must be less than {limit}",
    SettingIssue.TOO_SHORT: "must have at least {limit} character(s)",
    SettingIssue.TOO_LONG: "may have at most {limit} characters",
    SettingIssue.ONE_OF: "must be one of {limit}",
    SettingIssue.NOT_ACCEPTED: "this value is not accepted (see docs/settings.md)",
    SettingIssue.UNKNOWN_SETTING: "there is no such setting",
}


class SettingsRefused(ValueError):
    """Settings were not saved; nothing was written.

    Attributes:
        problems: what is wrong, setting by setting (may be empty when ``file`` is set).
        file: the settings file that cannot be read, if that is the problem.
        message: the English sentence (log, command line).
    """

    def __init__(
        self, message: str, problems: Sequence[SettingProblem] = (), file: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)
        self.file = file


class PrinterAddressRefused(ValueError):
    """A printer address that is not valid (``address`` empty: no printer is set)."""

    def __init__(self, message: str, address: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.address = address


class KeyStoreProblem(StrEnum):
    NO_KEYRING = "no_keyring"  # the computer has no usable OS keyring
    DEMO = "demo"  # demo mode keeps no access key


class KeyNotStored(ValueError):
    """The access key was not stored; ``reason`` says why."""

    def __init__(self, message: str, reason: KeyStoreProblem) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
