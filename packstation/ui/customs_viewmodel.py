"""The customs dialog's view-model: an order's pre-filled declarations, fixed and confirmed.

When the packing service reaches the follow-ups of a cycle (its labels are bought) and the
customs step kept a declaration that needs the packer — data missing, waiting for the packer's
confirmation (the bench always confirms), or refused by Seven Senders — ``prompt_requested``
asks the window to open the dialog. The dialog shows one parcel at a time; every edit is
checked at once (``CustomsService.check``) and the fields that would be refused are named
before anything is sent. ``submit`` keeps and sends the parcel's declaration; it is shown as
pending until Seven Senders accepts it (polled on a timer through the ``TaskRunner``).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from packstation.domain.customs import INCOTERMS_2020, CustomsKind
from packstation.domain.customs_declaration import (
    CustomsDeclaration,
    CustomsDraft,
    DeclarationStatus,
    DraftArticle,
    DraftIssue,
    FieldProblem,
)
from packstation.domain.cycle import CycleStep
from packstation.domain.errors import ShippingApiError
from packstation.domain.printing import PrinterError
from packstation.services.customs import CustomsService
from packstation.services.packing import PackingEvent, StepReached
from packstation.ui import texts
from packstation.ui.customs_notes import declaration_note_text
from packstation.ui.service_words import describe
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import Message, WorkflowViewModel

log = logging.getLogger(__name__)

#: Declarations the packer can still fix and confirm.
EDITABLE = frozenset(
    {
        DeclarationStatus.NEEDS_DATA,
        DeclarationStatus.AWAITING_CONFIRMATION,
        DeclarationStatus.REFUSED,
    }
)
#: The article fields in table order (paths are ``articles[i].<field>``).
ARTICLE_FIELDS: tuple[str, ...] = (
    "description",
    "sku",
    "hs_code",
    "country_of_origin",
    "quantity",
    "unit_value",
    "currency",
    "net_weight_kg",
)
#: The declaration's own fields the dialog edits.
DRAFT_FIELDS: tuple[str, ...] = (
    "invoice_id",
    "invoice_date",
    "incoterm",
    "planned_pickup",
    "departure_country",
)
INCOTERMS: tuple[str, ...] = tuple(sorted(INCOTERMS_2020))

_ARTICLE_PATH = re.compile(r"articles\[(\d+)\]\.(\w+)")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article as the table shows it (text per column of ``ARTICLE_FIELDS``)."""

    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CustomsParcelView:
    """One parcel's declaration as the dialog shows it."""

    order_id: str
    parcel_no: int
    parcel_count: int
    position: int  # 0-based among the order's declarations
    declarations: int
    destination: str
    kind: str
    status: DeclarationStatus
    status_text: str
    editable: bool
    fields: dict[str, str]  # DRAFT_FIELDS → text
    tracking_code: str
    parcel_weight: str
    articles: tuple[ArticleRow, ...]
    totals: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A field the packer has to fix: its path and what is wrong, in the window's language."""

    path: str
    text: str

    @property
    def article(self) -> int | None:
        match = _ARTICLE_PATH.fullmatch(self.path)
        return int(match.group(1)) if match else None

    @property
    def field(self) -> str:
        match = _ARTICLE_PATH.fullmatch(self.path)
        return match.group(2) if match else self.path


class CustomsViewModel(WorkflowViewModel):
    """State and intents of the customs dialog.

    Signals:
        prompt_requested(str): an order's declarations need the packer: open the dialog.
        parcel_changed(CustomsParcelView): the parcel shown (after loading, switching, sending).
        problems_changed(list): ``FieldIssue`` of the parcel shown (empty: it may be sent).
        totals_changed(str): the totals line after an edit.
        message_changed(Message): what the dialog says now.
        busy_changed(bool): a declaration is being loaded or sent.
        sound_requested(Sound): play this sound.
        closed(): the packer closed a finished order's dialog with F2.
    """

    prompt_requested = Signal(str)
    parcel_changed = Signal(object)
    problems_changed = Signal(list)
    totals_changed = Signal(str)
    closed = Signal()

    def __init__(
        self,
        service: CustomsService,
        runner: TaskRunner,
        *,
        poll_s: float = 2.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._order_id = ""
        self._declarations: list[CustomsDeclaration] = []
        self._drafts: dict[str, CustomsDraft] = {}
        self._bad: dict[str, dict[str, str]] = {}  # shipment → path → text that is not valid
        self._index = 0
        self._open = False
        self._waiting: deque[str] = deque()
        self._polling = False
        self._poll = QTimer(self)
        self._poll.setInterval(max(50, int(poll_s * 1000)))
        self._poll.timeout.connect(self._on_poll_timer)

    # ------------------------------------------------------------------ reading state

    @property
    def order_id(self) -> str:
        return self._order_id

    @property
    def timezone(self) -> tzinfo | None:
        return self._service.settings.timezone

    def declarations(self) -> list[CustomsDeclaration]:
        return list(self._declarations)

    def current(self) -> CustomsDeclaration | None:
        if 0 <= self._index < len(self._declarations):
            return self._declarations[self._index]
        return None

    def draft(self) -> CustomsDraft | None:
        """The draft of the parcel shown, with the packer's edits."""
        current = self.current()
        return self._drafts.get(current.shipment_id) if current is not None else None

    def issues(self) -> list[FieldIssue]:
        """What the packer still has to fix on the parcel shown."""
        current = self.current()
        if current is None or current.status not in EDITABLE:
            return []
        return self._issues(current.shipment_id)

    def left_for_packer(self) -> bool:
        """Some declaration of the order still waits for the packer."""
        return any(d.status in EDITABLE for d in self._declarations)

    def pending(self) -> bool:
        """Some declaration is on its way to Seven Senders."""
        return any(d.status is DeclarationStatus.QUEUED for d in self._declarations)

    # ------------------------------------------------------------------ the hook

    def on_packing_event(self, event: PackingEvent) -> None:
        """A packing service listener: after a cycle's follow-ups, see whether customs waits."""
        if isinstance(event, StepReached) and event.step is CycleStep.FOLLOW_UPS:
            self.check_order(event.order_id)

    def check_order(self, order_id: str) -> None:
        """Open the dialog for ``order_id`` if one of its declarations needs the packer."""
        self.runner.start(self._check(order_id), name="customs check")

    def open_order(self, order_id: str) -> None:
        """Open the dialog for ``order_id`` whatever its declarations' state (dispatch list)."""
        self.runner.start(self._check(order_id, always=True), name="customs open")

    async def _check(self, order_id: str, *, always: bool = False) -> None:
        drafts = await self._service.draft(order_id)
        if not drafts.declarations:
            if always:
                self._say(
                    Tone.WARNING,
                    self.tr("No customs declaration of order {0} is at this station").format(
                        order_id
                    ),
                )
            return
        needs_packer = any(d.status in EDITABLE for d in drafts.declarations)
        if not needs_packer and not always:
            return
        if self._open and order_id != self._order_id:
            if order_id not in self._waiting:
                self._waiting.append(order_id)
            return
        self._load(order_id, list(drafts.declarations))
        if not self._open:
            self._open = True
            self.prompt_requested.emit(order_id)

    def _load(self, order_id: str, declarations: list[CustomsDeclaration]) -> None:
        shown = [d for d in declarations if d.status is not DeclarationStatus.WITHDRAWN]
        self._order_id = order_id
        self._declarations = shown or declarations
        self._drafts = {d.shipment_id: d.draft for d in self._declarations}
        self._bad = {}
        first = next((i for i, d in enumerate(self._declarations) if d.status in EDITABLE), 0)
        self._index = first
        self._emit_parcel()
        self._greet()
        if self.pending():
            self._poll.start()

    def stop(self) -> None:
        """No more polling (the station is closing)."""
        self._poll.stop()
        self._waiting.clear()

    def dialog_closed(self) -> None:
        """The dialog was closed (done, or "later"): the next order waiting gets its turn."""
        self._open = False
        self._poll.stop()
        if self._waiting:
            self.check_order(self._waiting.popleft())

    def refresh_view(self) -> None:
        """Say everything again (a dialog was just opened on this view-model)."""
        self._emit_parcel()
        self.message_changed.emit(self._message)

    def remind(self) -> None:
        """A scan arrived while the declaration still waits for the packer."""
        self._say(
            Tone.WARNING,
            self.tr("Finish the customs declaration first"),
            self.tr("F2 confirms and sends it; Esc leaves it for later (dispatch lists it)."),
        )
        self.sound_requested.emit(Sound.ATTENTION)

    # ------------------------------------------------------------------ navigation

    def show_parcel(self, position: int) -> None:
        if 0 <= position < len(self._declarations) and position != self._index:
            self._index = position
            self._emit_parcel()
            self._greet()

    def next_parcel(self) -> None:
        self.show_parcel(self._index + 1)

    def previous_parcel(self) -> None:
        self.show_parcel(self._index - 1)

    # ------------------------------------------------------------------ edits

    def set_field(self, name: str, text: str) -> None:
        """An edit of one of ``DRAFT_FIELDS``."""
        current = self.current()
        draft = self.draft()
        if current is None or draft is None or current.status not in EDITABLE:
            return
        bad = self._bad.setdefault(current.shipment_id, {})
        bad.pop(name, None)
        value = text.strip()
        if name == "invoice_id":
            draft = replace(draft, invoice_id=value)
        elif name == "incoterm":
            draft = replace(draft, incoterm=value.upper())
        elif name == "departure_country":
            draft = replace(draft, departure_country=value.upper())
        elif name == "invoice_date":
            day = _parse_date(value)
            if day is None:
                bad[name] = value
            else:
                draft = replace(draft, invoice_date=day.replace(tzinfo=draft.invoice_date.tzinfo))
        elif name == "planned_pickup":
            if not value:
                draft = replace(draft, planned_pickup=None)
            else:
                moment = _parse_moment(value, self.timezone)
                if moment is None:
                    bad[name] = value
                else:
                    draft = replace(draft, planned_pickup=moment)
        else:
            return
        self._drafts[current.shipment_id] = draft
        self._changed()

    def set_article(self, row: int, field: str, text: str) -> None:
        """An edit of one article cell (``field`` one of ``ARTICLE_FIELDS``)."""
        current = self.current()
        draft = self.draft()
        if current is None or draft is None or current.status not in EDITABLE:
            return
        if not 0 <= row < len(draft.articles) or field not in ARTICLE_FIELDS:
            return
        path = f"articles[{row}].{field}"
        bad = self._bad.setdefault(current.shipment_id, {})
        bad.pop(path, None)
        article = draft.articles[row]
        value = text.strip()
        changed = _edited(article, field, value)
        if changed is None:
            bad[path] = value
        else:
            articles = list(draft.articles)
            articles[row] = changed
            self._drafts[current.shipment_id] = replace(draft, articles=tuple(articles))
        self._changed()

    def _changed(self) -> None:
        self.problems_changed.emit(self.issues())
        draft = self.draft()
        if draft is not None:
            self.totals_changed.emit(self._totals(draft))

    # ------------------------------------------------------------------ sending

    def submit(self) -> None:
        """Confirm the parcel shown: refused here (fields pointed at) or sent to the service."""
        if self._busy:
            return
        current = self.current()
        if current is None:
            return
        if current.status not in EDITABLE:
            if self.left_for_packer():
                self._after_parcel()
            else:
                self.closed.emit()  # F2 on a finished order closes the dialog
            return
        issues = self._issues(current.shipment_id)
        if issues:
            self.problems_changed.emit(issues)
            self._say(
                Tone.ERROR,
                self.tr("Fix the marked fields: nothing was sent"),
                self.tr("{0} field(s) would be refused. {1}").format(len(issues), issues[0].text),
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        self.runner.start(self._submit(current), name="customs submit")

    async def _submit(self, current: CustomsDeclaration) -> None:
        draft = self._drafts[current.shipment_id]
        self._set_busy(True)
        self._say(Tone.WORKING, self.tr("Sending the customs declaration…"))
        try:
            result = await self._service.submit(draft)
        except (ValueError, LookupError, PrinterError, OSError, ShippingApiError) as exc:
            log.info("customs declaration of %s not taken: %s", current.shipment_id, exc)
            self._say(Tone.ERROR, self.tr("The declaration was not taken"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._set_busy(False)
        self._replace(result.declaration)
        if not result.accepted:
            self._emit_parcel()
            self._say(
                Tone.ERROR,
                self.tr("Fix the marked fields: nothing was sent"),
                "; ".join(i.text for i in self.issues()),
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        self.sound_requested.emit(Sound.ACCEPTED)
        if self.pending():
            self._poll.start()
        self._after_parcel()

    def _after_parcel(self) -> None:
        """Go to the next parcel that needs the packer, or say that all are done."""
        following = [
            i
            for i in list(range(self._index + 1, len(self._declarations)))
            + list(range(0, self._index))
            if self._declarations[i].status in EDITABLE
        ]
        if following:
            self._index = following[0]
            self._emit_parcel()
            self._greet()
            return
        self._emit_parcel()
        self._greet()

    # ------------------------------------------------------------------ pending → accepted

    def _on_poll_timer(self) -> None:
        if not self._polling and self._order_id:
            self.runner.start(self._refresh(), name="customs status")

    async def _refresh(self) -> None:
        self._polling = True
        try:
            fresh = await self._service.declarations(self._order_id)
        finally:
            self._polling = False
        before = {d.shipment_id: d.status for d in self._declarations}
        for declaration in fresh:
            if before.get(declaration.shipment_id) not in (None, declaration.status):
                self._replace(declaration)
        if any(before.get(d.shipment_id) != d.status for d in self._declarations):
            self._emit_parcel()
            self._greet()
        if not self.pending():
            self._poll.stop()
            if not self.left_for_packer():
                self.sound_requested.emit(Sound.COMPLETE)

    def _replace(self, declaration: CustomsDeclaration) -> None:
        for i, d in enumerate(self._declarations):
            if d.shipment_id == declaration.shipment_id:
                self._declarations[i] = declaration
                if declaration.status not in EDITABLE:
                    self._drafts[declaration.shipment_id] = declaration.draft
                    self._bad.pop(declaration.shipment_id, None)

    # ------------------------------------------------------------------ views and words

    def _emit_parcel(self) -> None:
        current = self.current()
        if current is None:
            return
        draft = self._drafts.get(current.shipment_id, current.draft)
        bad = self._bad.get(current.shipment_id, {})
        tz = self.timezone
        fields = {
            "invoice_id": draft.invoice_id,
            "invoice_date": f"{draft.invoice_date:%Y-%m-%d}",
            "incoterm": draft.incoterm,
            "planned_pickup": (
                f"{_local(draft.planned_pickup, tz):%Y-%m-%d %H:%M}" if draft.planned_pickup else ""
            ),
            "departure_country": draft.departure_country,
        }
        for name in DRAFT_FIELDS:
            if name in bad:
                fields[name] = bad[name]
        rows = []
        for i, a in enumerate(draft.articles):
            cells = [
                a.description,
                a.sku,
                a.hs_code,
                a.country_of_origin,
                str(a.quantity),
                _number(a.unit_value, 2),
                a.currency,
                _number(a.net_weight_kg, 3),
            ]
            for c, name in enumerate(ARTICLE_FIELDS):
                path = f"articles[{i}].{name}"
                if path in bad:
                    cells[c] = bad[path]
            rows.append(ArticleRow(tuple(cells)))
        country = draft.destination_country
        destination = f"{country} · {texts.country_name(country)}"
        if draft.territory and draft.territory != country:
            destination += f" ({draft.territory})"
        self.parcel_changed.emit(
            CustomsParcelView(
                order_id=current.order_id,
                parcel_no=current.parcel_no,
                parcel_count=current.parcel_count,
                position=self._index,
                declarations=len(self._declarations),
                destination=destination,
                kind=self._kind_text(current.kind),
                status=current.status,
                status_text=self._status_text(current),
                editable=current.status in EDITABLE,
                fields=fields,
                tracking_code=draft.tracking_code,
                parcel_weight=(
                    texts.weight_text(draft.parcel_weight_g)
                    if draft.parcel_weight_g is not None
                    else self.tr("not weighed")
                ),
                articles=tuple(rows),
                totals=self._totals(draft),
                note=declaration_note_text(current),
            )
        )
        self.problems_changed.emit(self.issues())

    def _greet(self) -> None:
        current = self.current()
        if current is None:
            return
        where = self.tr("Order {0}, parcel {1} of {2}").format(
            current.order_id, current.parcel_no, current.parcel_count
        )
        status = current.status
        if status is DeclarationStatus.NEEDS_DATA or (
            status in EDITABLE and self._issues(current.shipment_id)
        ):
            self._say(
                Tone.WARNING,
                self.tr("Customs data missing: fix the marked fields"),
                where + " · " + self.tr("Then press F2 to confirm and send."),
            )
        elif status is DeclarationStatus.REFUSED:
            self._say(
                Tone.ERROR,
                self.tr("Seven Senders refused the declaration"),
                where
                + " · "
                + declaration_note_text(current)
                + " "
                + self.tr("Fix it and press F2."),
            )
        elif status is DeclarationStatus.AWAITING_CONFIRMATION:
            self._say(
                Tone.READY,
                self.tr("Check the customs declaration and press F2"),
                where + " · " + self.tr("Everything is filled in from the order."),
            )
        elif self.pending():
            self._say(
                Tone.WORKING,
                self.tr("Pending: waiting for Seven Senders to accept"),
                self.tr("Nothing is lost if it is slow. Esc closes; packing goes on."),
            )
        else:
            self._say(
                Tone.SUCCESS,
                self.tr("Customs done for order {0}").format(current.order_id),
                self.tr("Esc closes, or scan the next order."),
            )

    def _kind_text(self, kind: CustomsKind) -> str:
        if kind is CustomsKind.SEVEN_SENDERS_CUSTOMS:
            return self.tr("Seven Senders customs shipment")
        if kind is CustomsKind.DOCUMENTS_ONLY:
            return self.tr("Customs documents only (commercial invoice / CN23)")
        return self.tr("No customs")

    def _status_text(self, d: CustomsDeclaration) -> str:
        words = {
            DeclarationStatus.NEEDS_DATA: self.tr("data missing"),
            DeclarationStatus.AWAITING_CONFIRMATION: self.tr("ready: confirm with F2"),
            DeclarationStatus.QUEUED: self.tr("pending: waiting for Seven Senders"),
            DeclarationStatus.ACCEPTED: self.tr("accepted by Seven Senders ✓"),
            DeclarationStatus.REFUSED: self.tr("refused by Seven Senders"),
            DeclarationStatus.DOCUMENTS: self.tr("commercial invoice made ✓"),
            DeclarationStatus.MANIFESTED: self.tr("in manifest {0} ✓").format(d.manifest_id or ""),
            DeclarationStatus.WITHDRAWN: self.tr("withdrawn"),
        }
        return words.get(d.status, d.status.value)

    def _totals(self, draft: CustomsDraft) -> str:
        value = texts.money_text(float(draft.total_value), draft.currency or "")
        weight = texts.kg_text(float(draft.total_net_weight_kg))
        return self.tr("{0} article(s) · {1} unit(s) · value {2} · net weight {3}").format(
            len(draft.articles), draft.units, value, weight
        )

    def _issues(self, shipment_id: str) -> list[FieldIssue]:
        draft = self._drafts.get(shipment_id)
        if draft is None:
            return []
        bad = self._bad.get(shipment_id, {})
        out = [FieldIssue(path, self._bad_text(path, text, draft)) for path, text in bad.items()]
        for problem in self._service.check(draft):
            if problem.field not in bad:
                out.append(FieldIssue(problem.field, self._problem_text(problem, draft)))
        return out

    def _article_name(self, draft: CustomsDraft, index: int | None) -> str:
        if index is None or not 0 <= index < len(draft.articles):
            return ""
        sku = draft.articles[index].sku or self.tr("no SKU")
        return self.tr("Article {0} ({1}): ").format(index + 1, sku)

    def _bad_text(self, path: str, text: str, draft: CustomsDraft) -> str:
        issue = FieldIssue(path, "")
        name = self._article_name(draft, issue.article)
        if issue.field == "quantity":
            return name + self.tr("quantity {0!r} is not a whole number").format(text)
        if issue.field in ("unit_value", "net_weight_kg"):
            return name + self.tr("{0!r} is not a number").format(text)
        if issue.field == "invoice_date":
            return self.tr("Invoice date {0!r}: write it as YYYY-MM-DD").format(text)
        if issue.field == "planned_pickup":
            return self.tr("Planned pick-up {0!r}: write it as YYYY-MM-DD HH:MM").format(text)
        return f"{path}: {text}"

    def _problem_text(self, problem: FieldProblem, draft: CustomsDraft) -> str:
        """The problem in the window's language, from the field, the draft and the problem's
        kind (never the service's English)."""
        issue = FieldIssue(problem.field, "")
        field = issue.field
        index = issue.article
        name = self._article_name(draft, index)
        article = draft.articles[index].normalised() if name and index is not None else None
        if article is not None:
            if field == "hs_code":
                if not article.hs_code:
                    return name + self.tr("HS code missing")
                return name + self.tr("HS code {0} must be 6 to 10 digits").format(article.hs_code)
            if field == "unit_value":
                if article.unit_value is None:
                    return name + self.tr("value missing")
                return name + self.tr("the value must be more than 0")
            if field == "net_weight_kg":
                if article.net_weight_kg is None:
                    return name + self.tr("net weight missing")
                return name + self.tr("the net weight must be more than 0")
            if field == "country_of_origin":
                if not article.country_of_origin:
                    return name + self.tr("country of origin missing")
                return name + self.tr("{0} is not a known country of origin").format(
                    article.country_of_origin
                )
            if field == "quantity":
                return name + self.tr("the quantity must be at least 1")
            if field == "currency":
                return name + self.tr("the currency must be a 3-letter code such as EUR")
            if field == "description":
                return name + self.tr("description of the goods missing")
            if field == "sku":
                return name + self.tr("SKU missing")
        if field == "articles":
            if problem.about is DraftIssue.NET_OVER_PARCEL:
                return self.tr(
                    "The articles' net weights add up to more than the parcel weighs ({0})"
                ).format(_number(Decimal(problem.parcel_g) / 1000, 3) + " kg")
            if problem.about is DraftIssue.MIXED_CURRENCIES:
                return self.tr("All values of one declaration must be in one currency")
            return self.tr("At least one article is needed")
        if field == "incoterm":
            return self.tr("Incoterm: choose one of {0}").format(", ".join(INCOTERMS))
        if field == "invoice_id":
            return self.tr("Invoice id: at most 35 characters, without '/'")
        if field == "departure_country":
            return self.tr("Departure country: a two-letter country code such as DE")
        if field == "planned_pickup":
            return self.tr("Planned pick-up missing: write it as YYYY-MM-DD HH:MM")
        if field == "tracking_code":
            return self.tr("The tracking code is missing (it comes from the label)")
        if field == "shipment_id":
            return self.tr("The label is not bought yet: the declaration needs its shipment")
        return self.tr("{0}: check this field").format(problem.field)

    def _say(self, tone: Tone, headline: str, detail: str = "") -> None:
        self._message = Message(tone, headline, detail.strip())
        self.message_changed.emit(self._message)


def _edited(article: DraftArticle, field: str, value: str) -> DraftArticle | None:
    """The article with one field set from the packer's text (None: not a valid value)."""
    if field == "quantity":
        try:
            return replace(article, quantity=int(value))
        except ValueError:
            return None
    if field in ("unit_value", "net_weight_kg"):
        number = _parse_decimal(value)
        if value and number is None:
            return None
        if field == "unit_value":
            return replace(article, unit_value=number)
        return replace(article, net_weight_kg=number)
    if field == "country_of_origin":
        return replace(article, country_of_origin=value.upper())
    if field == "currency":
        return replace(article, currency=value.upper())
    if field == "hs_code":
        return replace(article, hs_code=value)
    if field == "sku":
        return replace(article, sku=value)
    return replace(article, description=value)


def _number(value: Decimal | None, places: int) -> str:
    """``value`` with at least ``places`` decimals (more when the packer typed more)."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    shown = max(places, -exponent if isinstance(exponent, int) else places)
    # in the window's language: 49,90 in German (typed back either way, ``_parse_decimal``)
    return f"{value:.{shown}f}".replace(".", QLocale().decimalPoint())


def _parse_decimal(text: str) -> Decimal | None:
    if not text:
        return None
    cleaned = text.replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_date(text: str) -> datetime | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, pattern)
    return None


def _parse_moment(text: str, tz: tzinfo | None) -> datetime | None:
    value = " ".join(text.replace("T", " ").split())
    for pattern in ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"):
        try:
            naive = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return None


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()
