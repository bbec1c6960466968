"""The command line's exit codes: one number per kind of outcome, the same for every command.

Scripts branch on them; ``--json`` repeats the code as ``exit_code``. The table is shown by
``packstation --help`` and in the README.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a command's exit status means (aliases name the same number for other commands)."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    CONFIG = 3
    AUTH = 4
    API = 5
    NOT_PACKABLE = 6
    ITEMS = 7
    PRINTER = 8
    IN_FLIGHT = 9
    ALREADY_PACKED = 10
    REFUSED = 11
    PARTIAL = 12
    CUSTOMS = 13
    FLEX = 14
    APPROVAL = 15
    # the same numbers as other commands read them
    NOT_FOUND = 6  # pudo, return: no such point, order or label
    NOTHING = 6  # customs, manifest: nothing to do
    UNKNOWN = 9  # manifest: its outcome is not known yet
    ID_TAKEN = 11  # manifest: the id was used before; a declaration cannot be withdrawn
    POSTED_ELSEWHERE = 10  # manifest: another bench posts (or posted) the pick-up's manifest


#: One line per exit code, for ``--help`` and the README (a declarative table).
MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "done (also: nothing to show yet)",
    ExitCode.UNEXPECTED: "anything unexpected (the log file has the details)",
    ExitCode.USAGE: "usage error",
    ExitCode.CONFIG: "configuration problem (settings, access key, order source, printer URI)",
    ExitCode.AUTH: "Seven Senders refused the access key",
    ExitCode.API: "Seven Senders unreachable or answered with an error (nothing was bought)",
    ExitCode.NOT_PACKABLE: "the order cannot be packed, or nothing was found / nothing to do",
    ExitCode.ITEMS: "the item check failed (wrong, unknown, over-scanned or missing items)",
    ExitCode.PRINTER: "printer problem: the label is bought and stored but did not print",
    ExitCode.IN_FLIGHT: "left in flight (bought, not finished; outcome unknown): `resume` "
    "later; or an order waits for its packer at the bench (finish never pressed)",
    ExitCode.ALREADY_PACKED: "the order is already packed, here or at another bench (reprint); "
    "a manifest: another bench posts or posted the pick-up's manifest",
    ExitCode.REFUSED: "refused as asked (tracking code missing or reused, wrong carrier, id taken)",
    ExitCode.PARTIAL: "done, but some rows, products or orders failed",
    ExitCode.CUSTOMS: "customs data incomplete or refused: labels bought, declaration not sent",
    ExitCode.FLEX: "customs manifests are not used for Seven Senders Flex accounts",
    ExitCode.APPROVAL: "a supervisor's badge or PIN is needed (--approve), or the one given is "
    "no supervisor's; nothing was done",
}
