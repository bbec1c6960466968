"""Service outcomes on a German bench, worded from their kinds and facts (issue 17, item 10).

The real window on the real station, the sandbox over loopback: what the services refuse or
warn about reaches the German banner in German, never as the service's English sentence (the
words come from ``ui/service_words.py``). Numbers in those words are German too ("1,03 kg").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import CustomsDraft, DraftIssue, FieldProblem
from packstation.domain.notes import Note
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.ui.dispatch_mode import DispatchMode
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pudo_mode import PudoMode
from packstation.ui.pudo_viewmodel import PudoForm
from packstation.ui.returns_mode import ReturnsMode
from packstation.ui.service_words import describe
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.workflow_bench import WorkflowBench, key, open_workflow_bench
from tests.sandbox_queries import live_labels

ENGLISH = "ENGLISH SENTENCE OF THE SERVICE"


@dataclass
class German:
    """The bench window on the module's sandbox (``world``), switched to German and worded
    anew once it is open: ``bench(**options)`` or ``workflow_bench()``."""

    qapp: QApplication
    sandbox: SandboxServer
    printer: VirtualPrinter
    data_dir: Path
    language: LanguageSwitch

    @asynccontextmanager
    async def bench(self, **options: Any) -> AsyncIterator[Bench]:
        opened = open_bench(self.qapp, self.sandbox, self.printer, self.data_dir, **options)
        async with opened as bench:
            self._to_german(bench)
            yield bench

    @asynccontextmanager
    async def workflow_bench(self) -> AsyncIterator[WorkflowBench]:
        opened = open_workflow_bench(self.qapp, self.sandbox, self.printer, self.data_dir)
        async with opened as wb:
            self._to_german(wb.bench)
            yield wb

    def _to_german(self, bench: Bench) -> None:
        self.language.apply("de")
        bench.vm.retranslate()


@pytest.fixture
def german(qapp: QApplication, world: Any, tmp_path: Path, language: LanguageSwitch) -> German:
    sandbox, printer = world
    return German(qapp, sandbox, printer, tmp_path, language)


def headline(bench: Bench) -> str:
    return bench.screen.banner.headline.text()


def detail(bench: Bench) -> str:
    return bench.screen.banner.detail.text()


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


async def pack(bench: Bench, order_id: str) -> None:
    bench.type_scan(order_id)
    for code in order_codes(bench.sandbox, order_id):
        bench.type_scan(code)
    await bench.settled()


def test_finish_refusals_are_worded_by_kind_with_german_weights(
    qapp: QApplication, language: LanguageSwitch
) -> None:
    language.apply("de")
    over = Refusal(RefusalKind.NET_OVER_GROSS, ENGLISH, box=2, gross_g=1030, net_g=1250)
    assert describe(over) == (
        "Karton 2 wiegt auf der Waage 1,03 kg, seine Produkte aber 1,25 kg: eine Zollerklärung "
        "darf nicht mehr angeben. Den Karton neu wiegen oder die Produktgewichte prüfen."
    )
    twice = Refusal(RefusalKind.CODE_SCANNED_TWICE, ENGLISH, code="T1")
    assert describe(twice) == (
        "Die Sendungsnummer T1 wurde zweimal gescannt: jedes Paket hat seine eigene."
    )
    none = Refusal(RefusalKind.NO_SLIPS, ENGLISH)
    assert describe(none) == "Dieser Platz erstellt keine Lieferscheine (siehe Einstellungen)."
    language.apply("en")
    assert describe(over).startswith("Box 2 weighs 1.03 kg on the scale, but its products weigh")
    for refusal in (over, twice, none):
        assert ENGLISH not in describe(refusal)


def test_a_refused_carrier_label_reaches_a_german_bench_in_german(
    qtbot: QtBot, run_async: RunAsync[Any], german: German
) -> None:
    async def scenario() -> None:
        async with german.bench(own_label=True) as bench:
            await pack(bench, "A106")
            bench.type_scan("OWN-A106-1")
            await bench.settled()
            assert tone(bench) is Tone.SUCCESS, bench.banner()

            await pack(bench, "A105")
            bench.type_scan("OWN-A106-1")  # the carrier label of another parcel
            await bench.settled()
            assert tone(bench) is Tone.ERROR
            assert headline(bench) == "Sendungsnummer OWN-A106-1 kann nicht verwendet werden"
            assert detail(bench) == (
                "Die Sendungsnummer OWN-A106-1 gehört schon zu Auftrag A106 (Paket 1): das "
                "Label dieses Pakets scannen."
            )
            german.language.apply("en")  # a language switch words it again, from the same facts
            bench.vm.retranslate()
            assert detail(bench) == (
                "The tracking code OWN-A106-1 is already used for order A106 (parcel 1): scan "
                "the label of this parcel."
            )

    run_async(scenario())


def test_a_held_label_is_noted_on_a_german_bench_in_german(
    qtbot: QtBot, run_async: RunAsync[Any], german: German
) -> None:
    async def scenario() -> None:
        async with german.bench() as bench:
            printer = german.printer
            printer.set_faults(paper_out=True)  # the labels have run out: A105's label waits
            await pack(bench, "A105")
            await bench.settled()
            await wait_until(lambda: "wartet" in bench.screen.notice.text(), timeout=15)
            notice = bench.screen.notice.text()
            assert notice.startswith("Das Label von Paket 1 von 1 (")
            assert notice.endswith(
                "wartet – die Etiketten sind aufgebraucht: Es druckt von selbst, sobald der "
                "Drucker bereit ist."
            )  # the printer's reason, in German
            assert "held" not in notice  # no English
            assert "printer" not in notice
            printer.set_faults(paper_out=False)  # it prints by itself, as the line said
            await wait_until(lambda: tone(bench) is Tone.SUCCESS, timeout=20)
            assert len(printer.jobs()) == 1

    run_async(scenario())


def test_the_returns_desk_says_what_it_found_in_german(
    qtbot: QtBot, run_async: RunAsync[Any], german: German
) -> None:
    async def scenario() -> None:
        async with german.workflow_bench() as wb:
            bench, sandbox = wb.bench, german.sandbox
            key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the returns desk
            mode: ReturnsMode = wb.mode_widget("returns")
            bench.type_scan("NOPE-42")
            await wait_until(lambda: "Nicht gefunden" in mode.message.headline.text(), timeout=10)
            assert mode.message.headline.text() == "Nicht gefunden: NOPE-42"
            assert mode.message.detail.text() == (
                "NOPE-42 ist weder ein Auftrag noch das Label eines Auftrags, der hier oder bei "
                "Seven Senders bekannt ist. Den Auftragsbarcode oder das Retourenlabel scannen."
            )

            sandbox.control.fail_next("/v2", status=503, count=100_000)  # 7S is down
            bench.type_scan("A100")  # the order barcode: the merchant's data still answers
            await wait_until(lambda: mode.vm.order_id == "A100" and not mode.vm.busy, timeout=10)
            assert (
                "⚠ Seven Senders konnte zu Auftrag A100 nicht gefragt werden: Markierungen "
                "werden gespeichert und gesendet, sobald es antwortet."
            ) in mode.order_detail.text()
            assert "could not" not in mode.order_detail.text()
            sandbox.control.faults.clear()

    run_async(scenario())


def test_a_refused_pick_up_search_reaches_a_german_bench_in_german(
    qtbot: QtBot, run_async: RunAsync[Any], german: German
) -> None:
    async def scenario() -> None:
        async with german.workflow_bench() as wb:
            key(Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # pick-up points
            mode: PudoMode = wb.mode_widget("pudo")
            mode.vm.search(PudoForm(country="FR", zip="99999", carriers="mondialrelay"))
            await wait_until(lambda: "abgelehnt" in mode.message.headline.text(), timeout=10)
            assert mode.message.detail.text() == (
                "Seven Senders kennt die Postleitzahl 99999 in FR nicht. Postleitzahl und Land "
                "prüfen."
            )
            mode.vm.search(PudoForm(country="FR", zip="75017", carriers="mondialrelay"))
            await wait_until(lambda: mode.results.count() > 0, timeout=10)
            texts = [mode.results.item(i).text() for i in range(mode.results.count())]
            closed = next(t for t in texts if "vorübergehend geschlossen" in t)
            assert "temporarily" not in closed

    run_async(scenario())


def test_a_customs_draft_problem_is_worded_from_its_kind_in_german(
    qtbot: QtBot, run_async: RunAsync[Any], german: German
) -> None:
    async def scenario() -> None:
        async with german.workflow_bench() as wb:
            vm = wb.modes.customs
            heavy = FieldProblem("articles", ENGLISH, DraftIssue.NET_OVER_PARCEL, 1250, 1030)
            none = CustomsDraft(
                order_id="A1",
                parcel_no=1,
                parcel_count=1,
                shipment_id="",
                tracking_code="",
                kind=CustomsKind.SEVEN_SENDERS_CUSTOMS,
                destination_country="CH",
                incoterm="DAP",
                invoice_id="A1-P1",
                invoice_date=datetime(2026, 12, 7, tzinfo=UTC),
                planned_pickup=None,
                departure_country="DE",
                articles=(),
            )
            said = vm._problem_text(heavy, none)
            assert (
                said == "Die Nettogewichte der Artikel ergeben mehr, als das Paket wiegt (1,030 kg)"
            )
            mixed = FieldProblem("articles", ENGLISH, DraftIssue.MIXED_CURRENCIES)
            assert ENGLISH not in vm._problem_text(mixed, none)
            unbought = FieldProblem("shipment_id", ENGLISH)
            assert vm._problem_text(unbought, none).startswith("Das Label ist noch nicht gekauft")

    run_async(scenario())


def test_a_customs_refusal_reaches_the_dialog_and_the_dispatch_rows_in_german(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    language: LanguageSwitch,
) -> None:
    """7S refuses the customs data: its answer is kept with its kind in the store and reaches the
    German dialog and the dispatch rows behind German words, quoted as Seven Senders' own."""
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp, sandbox, printer, tmp_path, pickup_schedule=["Mon-Sun 16:00"],
            manifest_prefix="ACME",
        ) as wb:  # fmt: skip
            language.apply("de")
            sandbox.control.fail_next("/v2/customs/shipments", method="POST", status=422)
            await pack(wb.bench, "A101")
            await wait_until(
                lambda: (
                    wb.modes.customs_prompt.dialog is not None
                    and wb.modes.customs_prompt.dialog.isVisible()
                ),
                timeout=10,
            )
            dialog = wb.modes.customs_prompt.dialog
            assert dialog is not None
            await wait_until(lambda: QApplication.activeWindow() is dialog, timeout=15)
            key(Qt.Key.Key_F2)
            refused = "Seven Senders hat die Zolldaten abgelehnt. Seine Antwort, nicht übersetzt: „"
            await wait_until(lambda: refused in dialog.message.detail.text(), timeout=20)
            said = dialog.message.detail.text()
            assert "„Injected 422 for POST /v2/customs/shipments“" in said  # 7S's words, quoted
            assert said.startswith("Auftrag A101, Paket 1 von 1")
            assert "refused the" not in said  # no English around them
            (declaration,) = await wb.bench.station.customs.declarations("A101")
            assert isinstance(declaration.note, Note)
            assert declaration.note.message not in said  # the service's sentence is not shown
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: wb.modes.customs_prompt.dialog is None, timeout=15)

            wb.bench.window.set_mode("dispatch")
            mode: DispatchMode = wb.mode_widget("dispatch")
            await wait_until(lambda: mode.to_confirm.rowCount() == 1, timeout=15)
            row = " ".join(
                item.text()
                for c in range(mode.to_confirm.columnCount())
                if (item := mode.to_confirm.item(0, c)) is not None
            )
            assert "von Seven Senders abgelehnt · " + refused in row
            assert "Injected 422" in row

    run_async(scenario())


def test_the_printers_remark_on_a_label_reaches_a_german_bench_in_german(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    language: LanguageSwitch,
) -> None:
    """A 203-dpi label on a printer set up for 300 dpi prints, but smaller: the packer is told
    in German which label and what to change, worded by the remark's kind."""
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path, printer_dpi=300, label_format="zpl"
        ) as bench:
            language.apply("de")
            bench.vm.retranslate()
            await pack(bench, "A100")
            await bench.settled()
            await wait_until(lambda: "203-dpi" in bench.screen.notice.text(), timeout=15)
            notice = bench.screen.notice.text()
            (label,) = live_labels(sandbox, "A100")
            assert f"Label {label.tracking_code} ist für einen 203-dpi-Drucker gemacht" in notice
            assert "dieser druckt 300 dpi" in notice
            assert "„zpl300“" in notice
            assert "printer" not in notice  # none of the adapter's English
            assert "two thirds" not in notice
            assert len(printer.jobs()) == 1  # it printed: a remark, not a refusal

    run_async(scenario())
