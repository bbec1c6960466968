"""Real label files from the sandbox, as test inputs for printing.

``sandbox_label`` renders them with the sandbox's own label renderer (no server, for unit tests
and benchmarks); ``download_labels`` buys one label per format from a running sandbox over HTTP
and downloads the files, as the station does.
"""

from __future__ import annotations

import functools

import httpx

from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.sandbox import SandboxServer
from packstation.sandbox.labels import content_type, render
from packstation.sandbox.state import Label

FORMATS: tuple[LabelFormat, ...] = (LabelFormat.PDF, LabelFormat.ZPL, LabelFormat.ZPL300)


@functools.cache
def _rendered(fmt: str) -> bytes:
    label = Label(
        id=5_400_001,
        shipment_id=5_857_001,
        order_id="A100",
        tracking_code="00340434161234567890",
        carrier_name="dhl",
        carrier_country="DE",
        carrier_service="standard",
        format=fmt,
        reference_number="A100-P1",
        return_parcel=False,
        package_no=1,
        package_count=1,
        weight_kg=1.2,
        recipient={
            "first_name": "Anna",
            "last_name": "Müller",
            "street": "Hauptstraße",
            "house_no": "5",
            "zip": "10115",
            "city": "Berlin",
            "country": "DE",
        },
        sender={
            "company_name": "Demo Shop GmbH",
            "street": "Lagerweg",
            "house_no": "1",
            "zip": "20095",
            "city": "Hamburg",
            "country": "DE",
        },
        pudo_id=None,
        created_at="2026-11-29T10:00:00+00:00",
    )
    return render(label, "DHL", None)


def sandbox_label(fmt: LabelFormat = LabelFormat.PDF) -> LabelDocument:
    """A 4×6 in label as the sandbox renders it (PDF, ZPL at 203 dpi, or ZPL at 300 dpi)."""
    return LabelDocument(_rendered(fmt.value), content_type(fmt.value), fmt)


def download_labels(sandbox: SandboxServer, order_id: str = "A100") -> dict[LabelFormat, bytes]:
    """Buy a label per format for a demo order on a running sandbox and download the files."""
    out: dict[LabelFormat, bytes] = {}
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        token = client.post("/token", json={"access_key": sandbox.access_key}).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        doc = sandbox.state.merchant_orders[order_id]
        name, _, country = doc["carrier"].partition(":")
        for fmt in FORMATS:
            body = {
                "order_id": order_id,
                "carrier": {"name": name, "country": country},
                "format": fmt.value,
                "reference_number": f"{order_id}-{fmt.value}",
                **{f"recipient_{k}": v for k, v in doc["recipient"].items()},
            }
            created = client.post("/labels", json=body)
            created.raise_for_status()
            label = created.json()
            label = label[0] if isinstance(label, list) else label
            download = client.get(f"/label-download/{label['id']}")
            download.raise_for_status()
            out[fmt] = download.content
    return out
