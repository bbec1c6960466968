"""The order on the bench as the screen's rows: header, item lines, parcels, what is left.

Pure functions from an ``OrderSession`` (read-only) to the view objects of ``pack_views``, in
the window's language. The view-model calls them whenever the session changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from packstation.domain.cycle import AttemptStatus
from packstation.domain.printing import PrintOutcome
from packstation.services.packing import InFlight, OrderSession
from packstation.ui import texts
from packstation.ui.box_column import line_box_marks
from packstation.ui.pack_views import InFlightView, LineView, OrderHeaderView, ParcelView
from packstation.ui.pack_wording import (
    EXPECTED_LINE,
    LIVE_LABEL,
    MORE_LINES,
    NO_CARRIER,
    NOTHING_MORE,
    label_state_text,
    left_in_flight_text,
    line_state,
    line_state_text,
    translated,
)


def order_header(
    session: OrderSession, carrier: str | None, now: datetime, warn_after: timedelta
) -> OrderHeaderView:
    """The header of the order on the bench; ``carrier`` is the carrier's name (None: none)."""
    order = session.order
    age = now - order.order_date
    point = session.collection_point
    pudo = ""
    if point is not None:
        pudo = " ".join(p for p in (point.pudo_id, point.name1 or "", point.city or "") if p)
    elif order.pudo_id:
        pudo = order.pudo_id
    recipient = order.recipient
    company = f"({recipient.company_name})" if recipient.company_name else ""
    return OrderHeaderView(
        order_id=order.order_id,
        age=texts.age_text(age),
        late=age > warn_after,
        recipient=" ".join(p for p in (recipient.first_name, recipient.last_name, company) if p),
        city=f"{recipient.zip} {recipient.city}".strip(),
        country_code=recipient.country,
        country_name=texts.country_name(recipient.country),
        carrier=texts.carrier_name(carrier) if carrier else translated(NO_CARRIER),
        service=order.carrier_service.value,
        pudo=pudo,
        customs=session.customs_needed,
        state=session.seven_senders_state or "",
    )


def line_rows(session: OrderSession) -> list[LineView]:
    skipped = session.skip_reason is not None
    boxes = line_box_marks(session)
    rows = []
    for index, line in enumerate(session.order.lines):
        state = line_state(session.progress.line_state(index), skipped)
        rows.append(
            LineView(
                index=index,
                sku=line.sku,
                ean=line.ean or "",
                name=line.name,
                ordered=line.quantity,
                scanned=session.progress.scanned[index],
                state=state,
                state_text=line_state_text(state, skipped),
                boxes=boxes[index],
            )
        )
    return rows


def parcel_rows(session: OrderSession) -> list[ParcelView]:
    rows = []
    count = len(session.parcels)
    for parcel in session.parcels:
        attempt = session.latest_attempt(parcel.number)
        rows.append(
            ParcelView(
                number=parcel.number,
                count=count,
                weight=texts.weight_text(parcel.weight_g),
                tracking_code=(attempt.tracking_code or "") if attempt is not None else "",
                status=label_state_text(
                    attempt.status if attempt is not None else None,
                    attempt is not None and bool(attempt.print_outcome),
                    unconfirmed=attempt is not None
                    and attempt.print_outcome is PrintOutcome.DELIVERED,
                ),
            )
        )
    return rows


def expected_text(session: OrderSession | None) -> str:
    """The next item to scan, "name (EAN) ×n", and how many more lines the table holds.

    Only the next one: a list of every open line would push the items table down on a long
    order, and the table shows them all anyway.
    """
    if session is None:
        return "—"
    remaining = session.progress.remaining
    if not remaining:
        return translated(NOTHING_MORE)
    line, left = remaining[0]
    first = translated(EXPECTED_LINE).format(line.name, line.ean or line.sku, left)
    if len(remaining) == 1:
        return first
    return translated(MORE_LINES).format(first, len(remaining) - 1)


def live_labels(session: OrderSession) -> list[tuple[str, str]]:
    """(tracking code, description) of the live labels of the order on the bench."""
    out = []
    for attempt in sorted(session.attempts, key=lambda a: a.parcel_no):
        if attempt.live and attempt.tracking_code:
            what = translated(LIVE_LABEL).format(
                attempt.order_id, attempt.parcel_no, attempt.parcel_count
            )
            out.append((attempt.tracking_code, what))
    return out


def in_flight_view(item: InFlight) -> InFlightView:
    return InFlightView(
        cycle_id=item.cycle.cycle_id,
        order_id=item.cycle.order_id,
        what=left_in_flight_text(item.what_is_left),
        waiting_for_packer=item.waiting_for_packer,
        has_labels=any(a.live or a.status is AttemptStatus.INTENT for a in item.labels),
    )
