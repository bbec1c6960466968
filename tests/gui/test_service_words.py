"""One table for what the services say (issue 17, item 10): ``ui/service_words.py``.

Every exception class of the domain and the services, every refusal kind, scale problem,
pick-up refusal and 7S operation has words there (found by introspection, so a new one fails
here until it has); every entry has a translation in every shipped language, with its
placeholders; the refusals the services raise carry exactly the facts their words name; and the
window's modules put no service English on screen (no ``str(exc)``, no ``.message``,
``.problem`` or ``.warnings`` of a service value; typed notes go through ``ui/service_notes.py``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

import packstation.domain
import packstation.services
from packstation.adapters.sevensenders import operations
from packstation.domain.cycle import CycleInterrupted, PackedElsewhere
from packstation.domain.errors import (
    AuthenticationFailed,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
    Violation,
)
from packstation.domain.printing import PrinterFault, PrinterNotReady, PrinterStatus
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.domain.warehouse import ManifestState, WarehouseManifest
from packstation.domain.weighing import ScaleError, ScaleProblem
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.services.dispatch import ManifestElsewhere
from packstation.services.pudo import PudoChoiceRefused, PudoRefusal
from packstation.ui import service_words
from packstation.ui.i18n import LANGUAGES, TRANSLATIONS_DIR
from packstation.ui.service_words import (
    CONTEXT,
    ERRORS,
    NEVER_SHOWN,
    OPERATIONS,
    PUDO_REFUSALS,
    REFUSALS,
    SCALE_PROBLEMS,
    describe,
)
from tests.gui.bench import open_bench
from tests.gui.conftest import RunAsync

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "packstation"
PLACEHOLDER = re.compile(r"\{\w*\}")


def service_exceptions() -> set[type[BaseException]]:
    """Every exception class defined in ``packstation.domain`` and ``packstation.services``."""
    found: set[type[BaseException]] = set()
    for package in (packstation.domain, packstation.services):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, BaseException) and value.__module__ == module.__name__:
                    found.add(value)
    return found


def noop_texts(module: ModuleType) -> list[str]:
    """The translation sources of a words module (its ``QT_TRANSLATE_NOOP`` calls)."""
    tree = ast.parse(Path(str(module.__file__)).read_text("utf-8"))
    return [
        str(node.args[1].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "QT_TRANSLATE_NOOP"
        and isinstance(node.args[1], ast.Constant)
    ]


def source_texts() -> list[str]:
    """The translation sources of ``service_words``."""
    return noop_texts(service_words)


def table_texts() -> list[str]:
    """Every text of the tables (an entry of exactly ``{0}`` words its value elsewhere)."""
    texts = [w.text for w in ERRORS.values() if w.text != "{0}"]
    for table in (REFUSALS, SCALE_PROBLEMS, PUDO_REFUSALS, OPERATIONS):
        texts += list(table.values())
    return texts


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "packstation_de.qm"))
    qapp.installTranslator(translator)
    try:
        yield
    finally:
        qapp.removeTranslator(translator)


# ---------------------------------------------------------------------- (b) nothing is missing


def test_every_exception_of_the_domain_and_the_services_has_words() -> None:
    found = service_exceptions()
    assert len(found) > 30  # the walk found the packages' exceptions
    missing = sorted(
        f"{k.__module__}.{k.__qualname__}"
        for k in found
        if k not in ERRORS and k not in NEVER_SHOWN
    )
    assert missing == [], "no entry in ui/service_words.ERRORS (or NEVER_SHOWN) for: " + (
        ", ".join(missing)
    )


def test_every_kind_and_operation_has_words() -> None:
    missing = [f"RefusalKind.{k.name}" for k in RefusalKind if k not in REFUSALS]
    missing += [f"ScaleProblem.{k.name}" for k in ScaleProblem if k not in SCALE_PROBLEMS]
    missing += [f"PudoRefusal.{k.name}" for k in PudoRefusal if k not in PUDO_REFUSALS]
    ops = [v for v in vars(operations).values() if isinstance(v, operations.Op)]
    assert len(ops) > 30
    missing += [f"operation {op.name!r}" for op in ops if op.name not in OPERATIONS]
    assert missing == [], "no words in ui/service_words for: " + ", ".join(missing)


def _refusals_raised() -> Iterator[tuple[str, str, set[str]]]:
    """(where, kind, fact names) of every ``Refusal(...)``/``Missing(...)`` in packstation/."""
    for file in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Refusal", "Missing")
                and node.args
                and isinstance(node.args[0], ast.Attribute)
            ):
                where = f"{file.relative_to(ROOT)}:{node.lineno}"
                yield where, node.args[0].attr, {k.arg for k in node.keywords if k.arg}


def test_the_refusals_raised_carry_the_facts_their_words_name() -> None:
    raised = list(_refusals_raised())
    assert len(raised) > 20
    wrong = []
    for where, kind, facts in raised:
        named = {n.strip("{}") for n in PLACEHOLDER.findall(REFUSALS[RefusalKind[kind]])}
        if named != facts:
            wrong.append(f"{where} {kind}: gives {sorted(facts)}, its words name {sorted(named)}")
    assert wrong == []
    never = [k.name for k in RefusalKind if k.name not in {kind for _, kind, _ in raised}]
    assert never == [], "kinds nobody raises"


# ---------------------------------------------------------------------- (a) every language


def test_every_entry_is_a_translation_source() -> None:
    sources = set(source_texts())
    plain = [t for t in table_texts() if t not in sources]
    assert plain == [], "table texts not marked with QT_TRANSLATE_NOOP"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_entry_has_a_translation_in_every_shipped_language(
    qapp: QApplication, language: str
) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / f"packstation_{language}.qm"))
    texts = source_texts()
    assert len(texts) > 100
    translations = {t: translator.translate(CONTEXT, t) or "" for t in texts}
    untranslated = [t for t, said in translations.items() if not said]
    assert untranslated == [], f"no {language} translation of: {untranslated}"
    lost = [
        (t, said)
        for t, said in translations.items()
        if sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(said))
    ]
    assert lost == [], "placeholders lost in translation"


# ---------------------------------------------------------------------- the words themselves


def test_an_exception_is_worded_by_its_type_and_fields_never_by_its_message(
    qapp: QApplication, german: None
) -> None:
    english = "ENGLISH SENTENCE OF THE SERVICE"
    down = ServiceUnavailable(english, operation="buy label")
    assert describe(down) == (
        "Seven Senders ist nicht erreichbar (Label kaufen); dort wurde nichts geändert. "
        "Netzwerkverbindung prüfen und erneut versuchen."
    )
    refused = ValidationFailed(
        english,
        (Violation("recipient.zip", english), Violation("recipient.zip", "x")),
        operation="buy label",
    )
    assert describe(refused) == (
        "Seven Senders hat die Daten abgelehnt (Label kaufen); prüfen: recipient.zip. "
        "Nichts wurde geändert."
    )
    assert describe(Refusal(RefusalKind.NO_SUCH_BOX, english, box=3)) == "Es gibt keinen Karton 3."
    assert describe(Missing(RefusalKind.NO_SUCH_LABEL, english, code="T1")) == (
        "An diesem Platz wurde kein Label T1 gekauft."
    )
    paper = PrinterNotReady(english, PrinterStatus(False, (PrinterFault.PAPER_OUT,)))
    assert describe(paper) == (
        "Der Drucker ist nicht bereit: die Etiketten sind aufgebraucht. "
        "Beheben, dann mit F5 drucken."
    )
    assert describe(ScaleError(ScaleProblem.UNSTABLE, english)).startswith("Das Gewicht")
    assert describe(PudoChoiceRefused(english, PudoRefusal.WRONG_CARRIER)).startswith("Der Auftrag")
    # the warehouse's one manifest per pick-up: who posts it, from the claim's holder
    since = datetime(2026, 12, 7, 15, 2, tzinfo=UTC)
    holder = WarehouseManifest(
        "ACME_M20261207_01", since, "bench-01", "Anna", ManifestState.POSTING, ("S1", "S2"), since
    )
    posting = describe(ManifestElsewhere(english, holder))
    assert posting.startswith("Das Manifest dieser Abholung (ACME_M20261207_01) wird gerade an")
    assert "bench-01 von Anna" in posting
    assert english not in posting
    assert describe(ManifestElsewhere(english)).startswith("Ein anderer Packplatz verwendet")
    # an interruption says what stopped it first, when that is a typed error
    stopped = CycleInterrupted(english)
    stopped.__cause__ = AuthenticationFailed(english, operation="buy label")  # raise ... from
    said = describe(stopped)
    assert said.startswith("Seven Senders hat den Zugangsschlüssel abgelehnt (Label kaufen).")
    assert said.endswith(describe(CycleInterrupted("")))
    at = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    elsewhere = describe(PackedElsewhere("A106", ["T1", "T2"], "Platz 2", at))
    assert elsewhere.startswith("Auftrag A106 ist schon gepackt (an Platz 2 um ")
    assert "T1, T2" in elsewhere
    soon = describe(RateLimited(english, 5, operation="find order"))
    assert "in einer Minute" in soon
    for said in (describe(down), describe(refused), soon, elsewhere):
        assert english not in said
    # a subclass without its own words gets its parent's
    assert describe(type("Odd", (ServiceUnavailable,), {})(english)) == describe(
        ServiceUnavailable(english)
    )


def test_english_words_come_from_the_table_too(qapp: QApplication) -> None:
    assert describe(Refusal(RefusalKind.REASON_NEEDED, "a reason is needed to void a label")) == (
        "A reason is needed: choose or type one."
    )
    assert describe(OSError(13, "Permission denied", "/srv/out.pdf")) == (
        "The computer refused a file or network step (/srv/out.pdf). Try again."
    )
    assert describe(RuntimeError("boom")).startswith("Something went wrong")


# ------------------------------------------------------------------ no service English on screen

#: the wording functions that take typed notes (``ui/service_notes.py``): ``.warnings`` handed
#: straight to one of them is worded by kind, not shown
WORDING_CALLS = frozenset({"noted", "notes_text", "note_text", "notes_lines", "optional_note_text"})
#: the fields where the services, adapters and the store put English: a refusal's or error's
#: ``message``/``problem``, a result's ``warnings``, a print result's or status's ``detail``, a
#: refusal's ``reason``, a declaration's ``note``
SERVICE_FIELDS = ("message", "problem", "warnings", "detail", "reason", "note")
#: such fields (and caught exceptions) read in the window's modules, each checked by hand: not
#: a service's English on screen (the view's own rows and messages, worded already; a kind that
#: is looked up; the log's sentence handed to a typed error; a sentence quoted behind words
#: saying it is English) — (module, function, expression) → why
AUDITED = {
    ("bench_frame.py", "StatusBanner.show_banner", "banner.detail"): "a Banner, worded",
    ("workflow_parts.py", "MessageBar.show_message", "message.detail"): "a Message, worded",
    ("workflow_parts.py", "MessageBar.text", "self.message.detail"): "its own Message",
    ("pack_wording.py", "banner", "wording.detail"): "the wording table's own entry",
    ("dispatch_mode.py", "_fill", "row.detail"): "a ShipmentRow the view-model worded",
    ("catalog_mode.py", "CatalogMode.show_summary", "failure.reason"): "a FailureRow, by kind",
    ("pack_viewmodel.py", "PackViewModel._opened", "result.reason"): "a NotPackableReason kind",
    ("pack_viewmodel.py", "PackViewModel._on_event", "event.note"): "a Note, to note_text",
    ("returns_mode.py", "ReturnsMode.show_order", "record.reason"): "the packer's own reason",
    ("returns_viewmodel.py", "ReturnsViewModel._record_row", "r.reason"): "the packer's own",
    ("setting_words.py", "key_not_stored_text", "exc.reason"): "a KeyStoreProblem, looked up",
    ("customs_notes.py", "declaration_note_text", "declaration.note"): "worded by kind; an "
    "older version's plain text is quoted behind words saying whose it is",
    # the composition root's part of the window (composition/bench)
    ("app.py", "BenchApp._one_station", "str(exc)"): "the log's sentence of SettingsRefused "
    "(worded by its problems), else quoted behind 'The reason, in English'",
    ("app.py", "BenchApp._load_settings", "str(exc)"): "the log's sentence of SettingsRefused",
    ("app.py", "BenchApp.keep_demo_changes", "str(exc)"): "the log's sentence of SettingsRefused",
    ("app.py", "BenchApp._serial", "exc.message"): "logged; the window names the port",
    ("settings_screen.py", "SettingsScreen.save", "str(exc)"): "SettingsRefused's log sentence",
    ("settings_screen.py", "SettingsScreen._open_printer", "str(exc)"): "the log's sentence of "
    "PrinterAddressRefused (worded by the address)",
    ("settings_screen.py", "store_key", "str(exc)"): "the log's sentence of KeyNotStored",
    ("settings_screen.py", "SettingsScreen.list_printers", "c.detail"): "the device or port "
    "name (no words; 'not accepting jobs' is a flag the list words)",
    ("command_sheet.py", "_print", "result.detail"): "the log only",
    ("demo.py", "smoke_test", "banner.detail"): "a Banner, worded (the smoke test's stderr)",
}


def _shown_service_text(tree: ast.AST) -> Iterator[tuple[str, str]]:
    """(function, expression) of each ``str(<caught exception>)``, ``<caught exception>`` put in
    a tuple, and ``<value>.<field>`` of the ``SERVICE_FIELDS`` not of ``self`` (unless handed
    straight to a wording function of typed notes, or called: a widget's method)."""

    def walk(node: ast.AST, function: str, caught: frozenset[str]) -> Iterator[tuple[str, str]]:
        worded: list[ast.expr] = (
            node.args
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in WORDING_CALLS
            else []
        )
        called = node.func if isinstance(node, ast.Call) else None
        for child in ast.iter_child_nodes(node):
            name, names = function, caught
            if isinstance(child, ast.ClassDef):
                name = child.name
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{function}.{child.name}" if function else child.name
            elif isinstance(child, ast.ExceptHandler) and child.name:
                names = caught | {child.name}
            if (
                (
                    isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Name)
                    and child.func.id == "str"
                    and child.args
                    and isinstance(child.args[0], ast.Name)
                    and child.args[0].id in caught
                )
                or (
                    isinstance(child, ast.Tuple)
                    and any(isinstance(e, ast.Name) and e.id in caught for e in child.elts)
                )
                or (
                    isinstance(child, ast.Attribute)
                    and child.attr in SERVICE_FIELDS
                    # the view-model's own message to its mode is worded already
                    and not (isinstance(child.value, ast.Name) and child.value.id in ("self", "vm"))
                    and isinstance(child.ctx, ast.Load)
                    and not any(child is arg for arg in worded)
                    and child is not called
                )
            ):
                yield function, ast.unparse(child)
            yield from walk(child, name, names)

    yield from walk(tree, "", frozenset())


def test_no_service_english_reaches_the_screen() -> None:
    found: set[tuple[str, str, str]] = set()
    window = [*(PACKAGE / "ui").glob("*.py"), *(PACKAGE / "composition" / "bench").glob("*.py")]
    for file in sorted(window):
        if file.name == "service_words.py":  # the table reads the kinds it words
            continue
        for function, expression in _shown_service_text(ast.parse(file.read_text("utf-8"))):
            found.add((file.name, function, expression))
    leaks = sorted(found - set(AUDITED))
    assert leaks == [], "service English on screen: word it through ui/service_words.py"
    # every audited read is still there (the list cannot outlive what it excuses)
    assert sorted(set(AUDITED) - found) == []
    # the search finds what it looks for (so an empty answer means something)
    shown = """
def f(result, report, vm, job, declaration, picker):
    try:
        pass
    except ValueError as exc:
        say(str(exc))
    say(result.message, report.warnings, vm.message, noted(report.warnings))
    say(job.detail, result.reason, declaration.note, picker.reason(), note_text(report.note))
"""
    assert sorted(e for _, e in _shown_service_text(ast.parse(shown))) == [
        "declaration.note",
        "job.detail",
        "report.warnings",
        "result.message",
        "result.reason",
        "str(exc)",
    ]


def test_an_interruption_keeps_its_cause_when_it_names_bought_labels(qapp: QApplication) -> None:
    stopped = CycleInterrupted("English")
    stopped.__cause__ = ServiceUnavailable("English", operation="download label")
    more = stopped.with_bought("T1")
    assert more.bought == ("T1",)
    assert describe(more) == describe(stopped)
    assert describe(more).startswith("Seven Senders cannot be reached (downloading the label)")


# ------------------------------------------------------------------ through the real bench


def test_a_refusal_reaches_a_german_bench_in_german(
    qapp: QApplication, run_async: RunAsync[Any], tmp_path: Path, german: None
) -> None:
    async def scenario() -> None:
        with SandboxServer(seed="demo") as sandbox, VirtualPrinter() as printer:
            async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
                bench.vm.void("NOPE-123", "Test", False)  # F7 on a label never bought here
                await bench.settled()
                assert bench.screen.banner.headline.text() == "Label NOPE-123 nicht storniert"
                detail = bench.screen.banner.detail.text()
                assert detail == "An diesem Platz wurde kein Label NOPE-123 gekauft."

    run_async(scenario())
