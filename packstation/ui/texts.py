"""Words for the packer: service outcomes, printer faults, ZPL checks, countries, commands.

The services speak English in their messages (for logs and the command line) and return
enums; the window shows these translated phrases instead. Every string goes through
``QCoreApplication.translate`` with the context "Texts", so ``pyside6-lupdate`` finds it.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QLocale

from packstation.domain.approval import ApprovalRule, GuardedAction
from packstation.domain.commands import BenchCommand, SkipReason
from packstation.domain.packing import NotPackableReason
from packstation.domain.printing import PrinterFault
from packstation.domain.zpl import ZplIssue


def fault_text(fault: PrinterFault) -> str:
    texts = {
        PrinterFault.OFFLINE: QCoreApplication.translate("Texts", "the printer is not reachable"),
        PrinterFault.PAPER_OUT: QCoreApplication.translate("Texts", "the labels have run out"),
        PrinterFault.HEAD_OPEN: QCoreApplication.translate("Texts", "the print head is open"),
        PrinterFault.PAUSED: QCoreApplication.translate("Texts", "the printer is paused"),
        PrinterFault.RIBBON_OUT: QCoreApplication.translate("Texts", "the ribbon has run out"),
        PrinterFault.BUFFER_FULL: QCoreApplication.translate(
            "Texts", "the printer's memory is full"
        ),
        PrinterFault.HEAD_TOO_HOT: QCoreApplication.translate("Texts", "the print head is too hot"),
        PrinterFault.JAMMED: QCoreApplication.translate("Texts", "the labels are jammed"),
        PrinterFault.OTHER: QCoreApplication.translate("Texts", "the printer reports an error"),
    }
    return texts.get(fault, fault.value)


def faults_text(faults: tuple[PrinterFault, ...]) -> str:
    if not faults:
        return QCoreApplication.translate("Texts", "the printer is not ready")
    return ", ".join(fault_text(f) for f in faults)


def guarded_action_text(action: GuardedAction) -> str:
    """A guarded action in words, as the approval banner and dialog name it."""
    texts = {
        GuardedAction.SKIP_CHECK: QCoreApplication.translate("Texts", "Skipping the item check"),
        GuardedAction.VOID: QCoreApplication.translate("Texts", "Voiding a label"),
        GuardedAction.REPRINT_AGAIN: QCoreApplication.translate(
            "Texts", "Reprinting a label a second time"
        ),
        GuardedAction.TAKE_OVER: QCoreApplication.translate(
            "Texts", "Taking over an order another bench started"
        ),
    }
    return texts[action]


def approval_way_text(rule: ApprovalRule) -> str:
    """What the supervisor gives: "Scan a supervisor badge or type the PIN", …."""
    texts = {
        ApprovalRule.BADGE: QCoreApplication.translate("Texts", "Scan a supervisor badge"),
        ApprovalRule.PIN: QCoreApplication.translate("Texts", "Type a supervisor PIN"),
    }
    return texts.get(
        rule, QCoreApplication.translate("Texts", "Scan a supervisor badge or type the PIN")
    )


def not_packable_text(order_id: str, reason: NotPackableReason | None) -> str:
    texts = {
        NotPackableReason.ALREADY_SHIPPED: QCoreApplication.translate(
            "Texts", "Order {0} has already been shipped."
        ),
        NotPackableReason.COMPLETED: QCoreApplication.translate(
            "Texts", "Order {0} is already completed."
        ),
        NotPackableReason.CANCELLED: QCoreApplication.translate(
            "Texts", "Order {0} was cancelled."
        ),
        NotPackableReason.RETURNED: QCoreApplication.translate("Texts", "Order {0} was returned."),
        NotPackableReason.REFUNDED: QCoreApplication.translate("Texts", "Order {0} was refunded."),
        NotPackableReason.UNKNOWN_ORDER: QCoreApplication.translate(
            "Texts", "Order {0} is not known to the shop or to Seven Senders."
        ),
    }
    default = QCoreApplication.translate("Texts", "Order {0} cannot be packed.")
    return (texts.get(reason, default) if reason is not None else default).format(order_id)


def zpl_issue_text(issue: ZplIssue) -> str:
    texts = {
        ZplIssue.NOT_ZPL: QCoreApplication.translate("Texts", "The file is not a ZPL label."),
        ZplIssue.UNBALANCED: QCoreApplication.translate(
            "Texts", "The label file is damaged (^XA and ^XZ do not pair up)."
        ),
        ZplIssue.CUT_OFF: QCoreApplication.translate(
            "Texts", "The label file is cut off (no closing ^XZ)."
        ),
        ZplIssue.EMPTY_LABEL: QCoreApplication.translate("Texts", "The label is empty."),
        ZplIssue.DPI_300_ON_203: QCoreApplication.translate(
            "Texts", "The label is made for 300 dpi; the printer has 203 dpi."
        ),
        ZplIssue.DPI_203_ON_300: QCoreApplication.translate(
            "Texts", "The label is made for 203 dpi; it prints smaller on this 300 dpi printer."
        ),
        ZplIssue.TOO_WIDE: QCoreApplication.translate(
            "Texts", "The label is wider than the labels in the printer."
        ),
        ZplIssue.TOO_LONG: QCoreApplication.translate(
            "Texts", "The label is longer than the labels in the printer."
        ),
    }
    return texts.get(issue, issue.value)


def command_title(command: BenchCommand, argument: str = "") -> str:
    if command is BenchCommand.SKIP:
        return QCoreApplication.translate("Texts", "Skip the item check: {0}").format(
            skip_reason_text(argument)
        )
    texts = {
        BenchCommand.FINISH: QCoreApplication.translate("Texts", "Finish: buy and print the label"),
        BenchCommand.PRINT: QCoreApplication.translate("Texts", "Print the waiting labels"),
        BenchCommand.REPRINT: QCoreApplication.translate("Texts", "Reprint the last labels"),
        BenchCommand.VOID: QCoreApplication.translate("Texts", "Void a label"),
        BenchCommand.NEXT_PARCEL: QCoreApplication.translate("Texts", "One more parcel"),
        BenchCommand.CANCEL: QCoreApplication.translate("Texts", "Cancel the order on the bench"),
        BenchCommand.MOVE: QCoreApplication.translate("Texts", "Move an item to another box"),
        BenchCommand.SLIP: QCoreApplication.translate("Texts", "Print a packing slip again"),
    }
    return texts.get(command, command.value)


def skip_reason_text(code: str) -> str:
    texts = {
        SkipReason.UNREADABLE.value: QCoreApplication.translate(
            "Texts", "the barcodes cannot be read"
        ),
        SkipReason.NO_BARCODE.value: QCoreApplication.translate(
            "Texts", "the items have no barcode"
        ),
        SkipReason.BULK.value: QCoreApplication.translate("Texts", "bulk items, counted by hand"),
    }
    return texts.get(code.upper(), code)


# The reason journalled for a skip scanned from the command sheet (a record, kept in English).
SKIP_REASON_RECORD = {
    SkipReason.UNREADABLE.value: "item barcodes cannot be read (command sheet)",
    SkipReason.NO_BARCODE.value: "items have no barcode (command sheet)",
    SkipReason.BULK.value: "bulk items counted by hand (command sheet)",
}


def age_text(age: timedelta) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 60:
        return QCoreApplication.translate("Texts", "{0} min").format(minutes)
    hours = minutes // 60
    if hours < 48:
        return QCoreApplication.translate("Texts", "{0} h").format(hours)
    return QCoreApplication.translate("Texts", "{0} days").format(hours // 24)


def weight_text(grams: int | None) -> str:
    if grams is None:
        return QCoreApplication.translate("Texts", "no weight")
    return QLocale().toString(grams / 1000, "f", 2) + " kg"


def box_open_text(number: int) -> str:
    """What the banner says after a box was opened: the scans go into it."""
    return QCoreApplication.translate("Texts", "box {0} is open: scan what goes into it").format(
        number
    )


def distance_text(metres: float | None) -> str:
    """A distance in the window's number format ("850 m", "1,2 km" in German); "" unknown."""
    if metres is None:
        return ""
    if metres < 1000:
        return QLocale().toString(round(metres)) + " m"
    return QLocale().toString(float(metres) / 1000, "f", 1) + " km"


def kg_text(kg: float, places: int = 3) -> str:
    """A weight in kilograms in the window's number format ("1,030 kg" in German)."""
    return QLocale().toString(float(kg), "f", places) + " kg"


#: How carriers write their own names (the API's codes are lower case, run together).
CARRIER_NAMES = {
    "dhl": "DHL",
    "dpd": "DPD",
    "gls": "GLS",
    "ups": "UPS",
    "hermes": "Hermes",
    "mondialrelay": "Mondial Relay",
    "colissimo": "Colissimo",
    "chronopost": "Chronopost",
    "postnl": "PostNL",
    "bpost": "bpost",
    "fedex": "FedEx",
    "tnt": "TNT",
    "postat": "Österreichische Post",
    "poste_italiane": "Poste Italiane",
    "correos": "Correos",
    "inpost": "InPost",
    "bring": "Bring",
}


def carrier_name(name: str) -> str:
    """A carrier as it writes itself ("Mondial Relay", not "MONDIALRELAY")."""
    key = "".join(ch for ch in name.lower() if ch.isalnum() or ch == "_")
    known = CARRIER_NAMES.get(key) or CARRIER_NAMES.get(key.replace("_", ""))
    if known is not None:
        return known
    if name != name.lower():  # written with capitals already: as it is
        return name
    return name.upper() if len(name) <= 4 else name.replace("_", " ").title()


#: Currencies written with their sign; any other with its code after the number.
CURRENCY_SIGNS = {"EUR": "€", "GBP": "£", "USD": "$"}


def money_text(amount: float, currency: str) -> str:
    """An amount in the window's number and currency format: "119,70 €" in German,
    "€119.70" in English; "84,60 CHF" / "84.60 CHF" for a currency without a sign here."""
    code = (currency or "").upper()
    sign = CURRENCY_SIGNS.get(code)
    if sign is not None:
        return QLocale().toCurrencyString(float(amount), sign, 2)
    return f"{QLocale().toString(float(amount), 'f', 2)} {code or '?'}"


def country_name(code: str) -> str:
    """The country's name in the window's language (the common destinations; else Qt's)."""
    names = {
        "AT": QCoreApplication.translate("Texts", "Austria"),
        "AU": QCoreApplication.translate("Texts", "Australia"),
        "BE": QCoreApplication.translate("Texts", "Belgium"),
        "BG": QCoreApplication.translate("Texts", "Bulgaria"),
        "CA": QCoreApplication.translate("Texts", "Canada"),
        "CH": QCoreApplication.translate("Texts", "Switzerland"),
        "CN": QCoreApplication.translate("Texts", "China"),
        "CY": QCoreApplication.translate("Texts", "Cyprus"),
        "CZ": QCoreApplication.translate("Texts", "Czechia"),
        "DE": QCoreApplication.translate("Texts", "Germany"),
        "DK": QCoreApplication.translate("Texts", "Denmark"),
        "EE": QCoreApplication.translate("Texts", "Estonia"),
        "ES": QCoreApplication.translate("Texts", "Spain"),
        "FI": QCoreApplication.translate("Texts", "Finland"),
        "FR": QCoreApplication.translate("Texts", "France"),
        "GB": QCoreApplication.translate("Texts", "United Kingdom"),
        "GR": QCoreApplication.translate("Texts", "Greece"),
        "HR": QCoreApplication.translate("Texts", "Croatia"),
        "HU": QCoreApplication.translate("Texts", "Hungary"),
        "IE": QCoreApplication.translate("Texts", "Ireland"),
        "IS": QCoreApplication.translate("Texts", "Iceland"),
        "IT": QCoreApplication.translate("Texts", "Italy"),
        "JP": QCoreApplication.translate("Texts", "Japan"),
        "LI": QCoreApplication.translate("Texts", "Liechtenstein"),
        "LT": QCoreApplication.translate("Texts", "Lithuania"),
        "LU": QCoreApplication.translate("Texts", "Luxembourg"),
        "LV": QCoreApplication.translate("Texts", "Latvia"),
        "MT": QCoreApplication.translate("Texts", "Malta"),
        "NL": QCoreApplication.translate("Texts", "Netherlands"),
        "NO": QCoreApplication.translate("Texts", "Norway"),
        "PL": QCoreApplication.translate("Texts", "Poland"),
        "PT": QCoreApplication.translate("Texts", "Portugal"),
        "RO": QCoreApplication.translate("Texts", "Romania"),
        "SE": QCoreApplication.translate("Texts", "Sweden"),
        "SI": QCoreApplication.translate("Texts", "Slovenia"),
        "SK": QCoreApplication.translate("Texts", "Slovakia"),
        "TR": QCoreApplication.translate("Texts", "Turkey"),
        "US": QCoreApplication.translate("Texts", "United States"),
    }
    code = code.strip().upper()
    if code in names:
        return names[code]
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    return QLocale.territoryToString(territory)


def environment_text(environment: str) -> str:
    texts = {
        "sandbox": QCoreApplication.translate("Texts", "Sandbox"),
        "demo": QCoreApplication.translate("Texts", "Demo (sandbox)"),
        "uat": QCoreApplication.translate("Texts", "UAT (test)"),
        "production": QCoreApplication.translate("Texts", "Production"),
        "custom": QCoreApplication.translate("Texts", "Custom URL"),
    }
    return texts.get(environment, environment)
