"""Station settings: a TOML file in the platform config dir, overridden by PACKSTATION_* variables.

Read only by the composition root (``packstation.composition``) and the command line
(``packstation.cli``); every layer below receives plain values through its constructor. The
access key is *not* a setting in the file: it lives in the OS keyring (``access_key.py``);
``PACKSTATION_ACCESS_KEY`` exists for headless use only. Where the file lives: ``paths.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, get_args
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from packstation.domain.approval import ApprovalRule, Supervision, Supervisor, is_secret_hash
from packstation.domain.boxes import box_type_from_mapping, box_type_to_mapping, check_box_types
from packstation.domain.customs import INCOTERMS_2020
from packstation.domain.cycle import VerificationPolicy
from packstation.domain.dispatch import PREFIX_PATTERN, PickupSchedule, manifest_prefix
from packstation.domain.environment import Environment
from packstation.domain.label_data import is_email
from packstation.domain.packers import Packer, clean_name, name_problem
from packstation.domain.packing_slip import PageSize, SlipPolicy
from packstation.domain.printing import PrinterLanguage
from packstation.domain.settings_problems import SettingIssue, SettingProblem
from packstation.domain.shipping import SYSTEM_STATES, Carrier, LabelFormat, OrderState
from packstation.settings.paths import default_config_file, default_data_dir


class SenderAddress(BaseModel):
    """The warehouse as printed on labels (``[sender]`` in the file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    company_name: str = ""
    first_name: str = ""
    last_name: str = ""
    street: str = ""
    house_no: str = ""
    zip: str = ""
    city: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("must be a two-letter country code such as DE")
        return value


class SupervisorEntry(BaseModel):
    """One enrolled supervisor (``[[supervisors]]`` in the file): a name and the hashes of
    their badge code and PIN, as ``packstation supervisor add`` writes them. A badge code or
    PIN in clear is refused: the file only ever holds hashes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    badge_hash: str | None = None
    pin_hash: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("a supervisor needs a name")
        return name

    @field_validator("badge_hash", "pin_hash")
    @classmethod
    def _hash(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not is_secret_hash(value):
            raise ValueError(
                "is not a hash written by `packstation supervisor add` (badges and PINs are "
                "never kept in clear)"
            )
        return value.strip()

    def supervisor(self) -> Supervisor:
        return Supervisor(self.name, self.badge_hash, self.pin_hash)


class PackerEntry(BaseModel):
    """A packer of the roster (``[[packers]]`` in the file): a name and their badge's code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    badge: str

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        problem = name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return clean_name(value)

    @field_validator("badge")
    @classmethod
    def _badge(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a packer's badge needs its code")
        return value.strip()


#: The order barcodes a station recognises unless configured otherwise (``A100``-style ids).
DEFAULT_ORDER_PATTERNS = (r"(?P<order>[A-Z]\d{3,})",)


class Settings(BaseSettings):
    """Everything a station can be configured with. See docs/settings.md for each field."""

    model_config = SettingsConfigDict(
        env_prefix="PACKSTATION_",
        extra="forbid",
        frozen=True,
    )

    environment: Environment = Environment.SANDBOX
    api_url: str | None = Field(
        default=None, description="Base URL of the 7S API; required for environment=custom."
    )
    access_key: SecretStr | None = Field(
        default=None,
        description="Headless use only (environment variable). Interactive stations keep the "
        "key in the OS keyring.",
    )
    station_name: str = "station-1"
    account_name: str = Field(
        default="",
        max_length=24,
        description="Name of the 7S account, the same at every bench of the warehouse: the "
        "first part of every label reference number (empty: PS).",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    read_timeout_s: float = Field(default=30.0, gt=0)
    #: Overrides for API names the docs mark uncertain (paths, response keys, …).
    api_names: dict[str, Any] = Field(default_factory=dict)

    # ------------------------------------------------------------ packing
    order_source: str | None = Field(
        default=None,
        description="Folder, file:// URL or http(s):// URL of the merchant's orders; on the "
        "sandbox the sandbox's merchant feed.",
    )
    printer: str | None = Field(
        default=None,
        description="Printer URI (tcp://, cups://, escpos+…://, file:///DIR, win32://); on the "
        "sandbox a folder in the data dir.",
    )
    printer_language: PrinterLanguage = PrinterLanguage.ZPL
    printer_dpi: int = Field(default=203, ge=100, le=600)
    label_width_mm: float = Field(default=101.6, gt=0)
    label_height_mm: float = Field(default=152.4, gt=0)
    carrier: str | None = Field(
        default=None, description="Carrier for orders that name none, e.g. dhl:DE."
    )
    label_format: LabelFormat | None = Field(
        default=None, description="Force pdf, zpl or zpl300 (default: what the printer prints)."
    )
    seven_senders_flex: bool = Field(
        default=False,
        validation_alias=AliasChoices("PACKSTATION_7S_FLEX", "seven_senders_flex"),
        description="The account is a Seven Senders Flex account (no customs manifests).",
    )
    customs_countries: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["CH", "GB", "NO"]
    )
    # ------------------------------------------------------------ customs and dispatch
    departure_country: str | None = Field(
        default=None,
        description="Where parcels leave from (the warehouse's country; default: the "
        "sender's country, else DE).",
    )
    incoterm_default: str = "DDP"
    incoterms: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=lambda: {"GB": "DAP"},
        description="Incoterm per destination country, e.g. GB=DAP,US=DAP.",
    )
    pickup_schedule: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["Mon-Fri 16:00"],
        description="When the carrier collects, e.g. 'Mon-Fri 16:00; Sat 11:00'.",
    )
    pickup_timezone: str | None = Field(
        default=None, description="IANA time zone of the pick-up times (default: the computer's)."
    )
    manifest_prefix: str | None = Field(
        default=None,
        description="Company prefix of customs manifest ids (default: the sender's company).",
    )
    document_printer: str | None = Field(
        default=None,
        description="Printer URI for commercial invoices (A4 PDF); none: filed in the data dir.",
    )
    invoice_carriers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Carriers that always need a printed commercial invoice, e.g. ups.",
    )
    return_portal_pro: bool = False
    box_types: Annotated[list[dict[str, Any]], NoDecode] = Field(
        default_factory=list,
        description="Cartons the bench stocks, as JSON objects with name, barcode, length_mm, "
        "width_mm, height_mm and tare_g; scanning a barcode opens a box of that type.",
    )
    scale: str | None = Field(
        default=None,
        description="The bench scale: mtsics:PORT[@BAUD], continuous:PORT[@BAUD], hid, "
        "hid:VID:PID or virtual (default: virtual on the sandbox, else none).",
    )
    weight_gate: bool = Field(
        default=False, description="Weigh every box and compare it with its contents."
    )
    weight_tolerance_g: int = Field(default=50, ge=0, le=70_000)
    weight_tolerance_percent: float = Field(default=5.0, ge=0, le=100)
    packing_slip: SlipPolicy = Field(
        default=SlipPolicy.NEVER,
        description="When the packing slip is printed at finish: never, always, multi_box or "
        "order_asks.",
    )
    merchant_name: str = Field(
        default="", description="The shop's name at the head of the packing slip."
    )
    packing_slip_size: PageSize = Field(
        default=PageSize.A4, description="The packing slip's paper: A4 or A5 (portrait)."
    )

    @field_validator("packing_slip_size", mode="before")
    @classmethod
    def _paper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    verification: VerificationPolicy = VerificationPolicy.SKIPPABLE
    packer_name: str = ""
    sender: SenderAddress | None = None
    warehouse: str = ""
    warehouse_address: str = ""
    order_barcode_patterns: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_ORDER_PATTERNS)
    )
    scanner_prefix: str = ""
    scanner_suffix: str = ""
    # ------------------------------------------------------------ patience
    api_retry_delay_s: float = Field(default=0.5, gt=0, le=30)
    api_deadline_s: float = Field(
        default=90.0,
        gt=0,
        le=3600,
        description="Longest a 7S call may take in all (every attempt, answer and wait).",
    )
    retry_after_cap_s: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Longest Retry-After the station waits for; a longer one ends the retries.",
    )
    max_answer_mb: float = Field(
        default=16.0,
        gt=0,
        le=1024,
        description="Largest 7S answer read (label files included), in megabytes.",
    )
    label_retry_delay_s: float = Field(default=1.0, ge=0, le=60)
    outbox_retry_delay_s: float = Field(default=2.0, gt=0, le=600)
    outbox_retry_max_s: float = Field(default=300.0, gt=0, le=86400)
    outbox_drain_s: float = Field(default=10.0, ge=0, le=600)
    in_preparation_wait_s: float = Field(
        default=5.0,
        ge=0,
        le=60,
        description="Longest wait before buying a label for a still-queued in_preparation.",
    )
    in_preparation_retry_s: float = Field(default=0.25, gt=0, le=10)
    fallback_recipient_email: str = Field(
        default="",
        description="FALLBACK e-mail put on labels of orders that carry no recipient e-mail "
        "(7S requires one); empty: such orders are refused when they open.",
    )
    phone_required_carriers: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["ups"],
        description="Carriers whose labels need the recipient's phone number.",
    )
    # ------------------------------------------------------------ the other workflows
    own_label: bool = Field(
        default=False,
        description="Carrier labels are printed elsewhere: the packer scans each parcel's "
        "tracking barcode and the station registers the shipment (POST /shipments).",
    )
    pudo_max_results: int = Field(default=20, ge=1, le=50)
    pudo_max_distance_m: int | None = Field(default=None, ge=1)
    pudo_opening_days: int | None = Field(default=None, ge=1, le=7)
    returns_received_state: OrderState = Field(
        default=OrderState.RETURNED,
        description="The 7S order state sent for 'Returned to Warehouse'.",
    )
    catalog_concurrency: int = Field(default=8, ge=1, le=64)
    catalog_images_dir: Path | None = None
    import_concurrency: int = Field(default=8, ge=1, le=64)
    orders_watch_interval_s: float = Field(default=5.0, gt=0, le=3600)
    order_age_warning_h: float = Field(default=24.0, gt=0)
    # ------------------------------------------------------------ the bench window
    language: str | None = Field(
        default=None,
        description="Language of the window: en or de (default: the computer's language).",
    )
    sound_volume: float = Field(default=0.8, ge=0, le=1)
    sound_muted: bool = False
    scanner_serial_port: str | None = Field(
        default=None,
        description="A scanner on a serial (COM) port as a second source, e.g. /dev/ttyACM0 "
        "or COM3; keyboard-wedge scanners need no setting.",
    )
    scanner_baudrate: int = Field(default=9600, ge=300, le=921600)
    scanner_max_gap_ms: int = Field(
        default=35,
        ge=5,
        le=500,
        description="Longest pause between two keys of one wedge scan; slower is typing.",
    )
    scanner_tab_terminates: bool = False
    auto_finish: bool = Field(
        default=True,
        description="Buy and print the label as soon as the last item is scanned.",
    )
    # ------------------------------------------------------------ supervisor rules
    approve_skip_check: ApprovalRule = Field(
        default=ApprovalRule.BADGE_OR_PIN,
        description="What skipping the item check (F8) needs: none, badge, pin, badge_or_pin.",
    )
    approve_void: ApprovalRule = Field(
        default=ApprovalRule.BADGE_OR_PIN, description="What voiding a label (F7) needs."
    )
    approve_reprint_again: ApprovalRule = Field(
        default=ApprovalRule.BADGE_OR_PIN,
        description="What reprinting a label that was reprinted before (F6) needs.",
    )
    approve_take_over: ApprovalRule = Field(
        default=ApprovalRule.BADGE_OR_PIN,
        description="What opening an order another bench started needs.",
    )
    supervisors: list[SupervisorEntry] = Field(
        default_factory=list,
        description="Who may approve: names with hashed badge codes and PINs "
        "(`packstation supervisor add`). None enrolled: nothing needs approving.",
    )

    # ------------------------------------------------------------ packers
    packers: list[PackerEntry] = Field(
        default_factory=list,
        description="The packers' badges: scanning one at the bench signs its packer in.",
    )
    require_sign_in: bool = Field(
        default=False,
        description="No order is opened while nobody is signed in at the bench.",
    )

    @field_validator("packers")
    @classmethod
    def _one_badge_each(cls, value: list[PackerEntry]) -> list[PackerEntry]:
        badges = [p.badge.casefold() for p in value]
        twice = sorted({p.badge for p in value if badges.count(p.badge.casefold()) > 1})
        if twice:
            raise ValueError(f"a badge names one packer: {', '.join(twice)} is listed twice")
        return value

    @property
    def packer_roster(self) -> tuple[Packer, ...]:
        return tuple(Packer(p.name, p.badge) for p in self.packers)

    @field_validator("supervisors")
    @classmethod
    def _one_name_each(cls, value: list[SupervisorEntry]) -> list[SupervisorEntry]:
        names = [s.name.casefold() for s in value]
        twice = sorted({s.name for s in value if names.count(s.name.casefold()) > 1})
        if twice:
            raise ValueError(f"enrolled more than once: {', '.join(twice)}")
        return value

    @property
    def supervision(self) -> Supervision:
        """The supervisor rules as the packing service takes them."""
        return Supervision(
            skip_check=self.approve_skip_check,
            void=self.approve_void,
            reprint_again=self.approve_reprint_again,
            take_over=self.approve_take_over,
            supervisors=tuple(s.supervisor() for s in self.supervisors),
        )

    # ------------------------------------------------------------ warehouse
    warehouse_db: str | None = Field(
        default=None,
        description="postgresql:// address of the warehouse store (order claims, the journal "
        "copy, the shared 7S token, one customs manifest per pick-up); without it the bench "
        "works alone. No password in it: ~/.pgpass or PGPASSWORD.",
    )
    warehouse_lease_s: float = Field(default=90.0, ge=10, le=3600)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().lower()[:2]
        if code not in ("en", "de"):
            raise ValueError(f"{value!r} is not a language of the station (en, de)")
        return code

    @field_validator("scanner_serial_port")
    @classmethod
    def _serial_port(cls, value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    @field_validator("carrier")
    @classmethod
    def _carrier_key(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return str(Carrier.parse(value))

    @field_validator("customs_countries", mode="before")
    @classmethod
    def _country_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in re.split(r"[,\s;]+", value) if part]
        if isinstance(value, list):
            out = []
            for item in value:
                code = str(item).strip().upper()
                if not re.fullmatch(r"[A-Z]{2}", code):
                    raise ValueError(f"{item!r} is not a two-letter country code")
                out.append(code)
            return out
        return value

    @field_validator("departure_country")
    @classmethod
    def _departure(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"{value!r} is not a two-letter country code")
        return code

    @field_validator("incoterm_default")
    @classmethod
    def _incoterm(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in INCOTERMS_2020:
            raise ValueError(f"{value!r} is not an Incoterms 2020 code")
        return code

    @field_validator("incoterms", mode="before")
    @classmethod
    def _incoterm_table(cls, value: Any) -> Any:
        if isinstance(value, str):
            table: dict[str, str] = {}
            for part in re.split(r"[,;\s]+", value.strip()):
                if not part:
                    continue
                country, sep, term = part.partition("=")
                if not sep:
                    raise ValueError(f"{part!r} must look like GB=DAP")
                table[country] = term
            value = table
        if isinstance(value, dict):
            out = {}
            for country, term in value.items():
                code, incoterm = str(country).strip().upper(), str(term).strip().upper()
                if not re.fullmatch(r"[A-Z]{2}", code):
                    raise ValueError(f"{country!r} is not a two-letter country code")
                if incoterm not in INCOTERMS_2020:
                    raise ValueError(f"{term!r} ({code}) is not an Incoterms 2020 code")
                out[code] = incoterm
            return out
        return value

    @field_validator("box_types", mode="before")
    @classmethod
    def _box_types(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            try:
                value = json.loads(text) if text else []
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f'must be a JSON list of box types, e.g. [{{"name": "S", "barcode": '
                    f'"BOX-S", "tare_g": 120}}] ({exc.msg} at character {exc.pos})'
                ) from None
        if isinstance(value, dict):
            value = [value]
        if isinstance(value, list):
            if not all(isinstance(v, dict) for v in value):
                raise ValueError("each box type must be an object with a name")
            types = [box_type_from_mapping(v) for v in value]  # plain words on a bad one
            check_box_types(types)
            return [box_type_to_mapping(t) for t in types]
        return value

    @field_validator("pickup_schedule", mode="before")
    @classmethod
    def _pickups(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in re.split(r"[;\n]+", value) if part.strip()]
        if isinstance(value, list):
            PickupSchedule.parse([str(v) for v in value])  # raises with a plain message
        return value

    @field_validator("pickup_timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. Europe/Berlin)") from None
        return value.strip()

    @field_validator("manifest_prefix")
    @classmethod
    def _prefix(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(PREFIX_PATTERN, value.strip()):
            raise ValueError("only letters, digits, '_' and '-' (at most 30, never '/'), e.g. ACME")
        return value.strip()

    @field_validator("phone_required_carriers", mode="before")
    @classmethod
    def _phone_carriers(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in re.split(r"[,;\s]+", value) if part]
        if isinstance(value, list):
            return [str(v).strip().lower() for v in value if str(v).strip()]
        return value

    @field_validator("fallback_recipient_email")
    @classmethod
    def _fallback_email(cls, value: str) -> str:
        text = value.strip()
        if text and not is_email(text):
            raise ValueError(f"{text!r} is not an e-mail address")
        return text

    @field_validator("invoice_carriers", mode="before")
    @classmethod
    def _invoice_carriers(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in re.split(r"[,;\s]+", value) if part]
        if isinstance(value, list):
            return [
                str(Carrier.parse(str(v))) if ":" in str(v) else str(v).strip().lower()
                for v in value
            ]
        return value

    @field_validator("order_barcode_patterns", mode="before")
    @classmethod
    def _patterns(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                value = json.loads(text)
            else:
                value = [text] if text else []
        if isinstance(value, list):
            for pattern in value:
                try:
                    re.compile(str(pattern))
                except re.error as exc:
                    raise ValueError(f"{pattern!r} is not a valid pattern: {exc}") from None
        return value

    @field_validator("returns_received_state")
    @classmethod
    def _merchant_state(cls, value: OrderState) -> OrderState:
        if value in SYSTEM_STATES:
            raise ValueError(f"{value.value} is set by Seven Senders itself, not by the station")
        return value

    @property
    def default_carrier(self) -> Carrier | None:
        return Carrier.parse(self.carrier) if self.carrier else None

    @property
    def customs_departure_country(self) -> str:
        """The departure country of customs declarations: the setting, the sender's, or DE."""
        if self.departure_country:
            return self.departure_country
        if self.sender is not None and self.sender.country:
            return self.sender.country
        return "DE"

    @property
    def customs_manifest_prefix(self) -> str:
        """The manifest id prefix: the setting, else made from the sender's company name."""
        if self.manifest_prefix:
            return self.manifest_prefix
        company = self.sender.company_name if self.sender is not None else ""
        return manifest_prefix(company) or manifest_prefix(self.station_name) or "PACKSTATION"

    @field_validator("warehouse_db")
    @classmethod
    def _warehouse_db(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql://")
        try:
            password = urlsplit(value).password
        except ValueError as exc:
            raise ValueError(f"is not a valid address ({exc})") from None
        if password:
            raise ValueError(
                "must not contain a password: put it in the bench user's ~/.pgpass "
                "(%APPDATA%\\postgresql\\pgpass.conf on Windows) or PGPASSWORD, or use a "
                "client certificate"
            )
        return value

    @field_validator("api_url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Precedence: explicit arguments > PACKSTATION_* variables > the TOML file.
        return (
            init_settings,
            env_settings,
            _StationFileSource(settings_cls, toml_file=default_config_file()),
        )


class _StationFileSource(TomlConfigSettingsSource):
    """The TOML file, which must never hold the access key (secrets live in the keyring)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        if "access_key" in data:
            raise SettingsError(
                f"{default_config_file()} contains an access_key. Secrets are never kept in "
                "plain files: remove that line and run `packstation access-key set` (or set "
                "PACKSTATION_ACCESS_KEY in the station's environment)."
            )
        return data


_TYPE_ISSUES = (
    ("int", SettingIssue.NOT_WHOLE_NUMBER),
    ("float", SettingIssue.NOT_NUMBER),
    ("decimal", SettingIssue.NOT_NUMBER),
    ("bool", SettingIssue.NOT_YES_NO),
    ("string_type", SettingIssue.NOT_TEXT),
)
_BOUNDS = {
    "greater_than_equal": (SettingIssue.AT_LEAST, "ge"),
    "greater_than": (SettingIssue.MORE_THAN, "gt"),
    "less_than_equal": (SettingIssue.AT_MOST, "le"),
    "less_than": (SettingIssue.LESS_THAN, "lt"),
    "string_too_short": (SettingIssue.TOO_SHORT, "min_length"),
    "string_too_long": (SettingIssue.TOO_LONG, "max_length"),
}


def setting_problems(errors: Sequence[Mapping[str, Any]]) -> tuple[SettingProblem, ...]:
    """pydantic's errors (``ValidationError.errors()``) as typed problems: the setting, what is
    wrong with it and its limit or allowed values (never pydantic's own text)."""
    found: list[SettingProblem] = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
        setting = ".".join(loc)
        kind = str(error.get("type", ""))
        ctx = error.get("ctx") or {}
        if kind == "missing":
            found.append(SettingProblem(setting, SettingIssue.MISSING))
        elif kind == "extra_forbidden":
            found.append(SettingProblem(setting, SettingIssue.UNKNOWN_SETTING))
        elif kind in _BOUNDS:
            issue, name = _BOUNDS[kind]
            found.append(SettingProblem(setting, issue, _number(ctx.get(name))))
        elif kind in ("enum", "literal_error"):
            found.append(SettingProblem(setting, SettingIssue.ONE_OF, _allowed(loc, ctx)))
        elif (typed := _type_issue(kind)) is not None:
            found.append(SettingProblem(setting, typed))
        else:  # a check of the model's own (value_error), a URL, a path …
            found.append(SettingProblem(setting, SettingIssue.NOT_ACCEPTED))
    return tuple(found)


def _type_issue(kind: str) -> SettingIssue | None:
    if kind.endswith(("_parsing", "_type", "_from_float")):
        for prefix, issue in _TYPE_ISSUES:
            if kind.startswith(prefix):
                return issue
    return None


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if value is not None else ""


def _allowed(loc: Sequence[str], ctx: Mapping[str, Any]) -> str:
    """The allowed values of an enum setting, from the model (pydantic's list says "or")."""
    field = Settings.model_fields.get(loc[0]) if len(loc) == 1 else None
    annotation = field.annotation if field is not None else None
    for kind in get_args(annotation) or (annotation,):
        if isinstance(kind, type) and issubclass(kind, Enum):
            return ", ".join(str(member.value) for member in kind)
    expected = str(ctx.get("expected", ""))
    return ", ".join(p.strip(" '") for p in expected.replace(" or ", ", ").split(","))


def load_settings(**overrides: Any) -> Settings:
    """Load the settings, turning pydantic's error into one readable sentence per problem."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except SettingsError:
        raise
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(
            f"The station settings are not valid — {problems}",
            setting_problems(exc.errors()),
        ) from None


class SettingsError(Exception):
    """The configuration file or PACKSTATION_* variables are wrong; ``problems`` says which
    setting and what is wrong with it, when the model refused values; ``file`` the file that
    cannot be read."""

    def __init__(
        self, message: str, problems: Sequence[SettingProblem] = (), file: str = ""
    ) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
        self.file = file  # the settings file that cannot be read, if that is the problem
