"""The sandbox's test hooks as Python methods (the ``/__mock/*`` routes call these too).

Every method is thread-safe: tests call them from their own thread while the server runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from packstation.sandbox import tokens
from packstation.sandbox.demo import SEEDS, Seed, seed_documents, seed_state
from packstation.sandbox.dialect import Dialect
from packstation.sandbox.errors import NotFound
from packstation.sandbox.faults import Faults, LoggedRequest
from packstation.sandbox.orders import DELIVERED, recompute_completion
from packstation.sandbox.state import ACCOUNTS, DEMO_ACCESS_KEY, AccountSettings, State


class Control:
    """Owns the live ``state`` and the ``faults``; mirrors every ``/__mock`` hook."""

    def __init__(
        self,
        seed: Seed = "demo",
        settings: AccountSettings | None = None,
        dialect: Dialect | None = None,
    ) -> None:
        if seed not in SEEDS:
            raise ValueError(f"seed must be one of {SEEDS}, got {seed!r}")
        #: the wire names served (a test setting, fixed for the server's life; see dialect.py)
        self.dialect = dialect or Dialect()
        self.state = State()
        self.faults = Faults()
        self.start_seed: Seed = seed
        self.start_settings = settings.copy() if settings else AccountSettings()
        self.reset()

    # ------------------------------------------------------------ state
    def reset(self, seed: Seed | None = None) -> None:
        """Wipe state, faults, request log and tokens; reload ``seed`` (default: the start
        seed) and the start account settings."""
        chosen = seed or self.start_seed
        if chosen not in SEEDS:
            raise ValueError(f"seed must be one of {SEEDS}, got {chosen!r}")
        with self.state.lock:
            self.state.clear()
            self.state.settings = self.start_settings.copy()
            seed_state(self.state, chosen)
        self.faults.clear()

    def seed(self, orders: Sequence[Any] = (), products: Sequence[Any] = ()) -> tuple[int, int]:
        """Add merchant order documents and products; returns (orders added, products added).

        Raises ``errors.Invalid`` (with violations) for bad documents; nothing is added then.
        """
        return seed_documents(self.state, orders, products)

    def deliver(self, shipment_id: int) -> None:
        """Mark a shipment delivered (as a carrier event would) and recompute completion."""
        with self.state.lock:
            shipment = self.state.shipments.get(shipment_id)
            if shipment is None:
                raise NotFound(f'Shipment "{shipment_id}" not found.')
            shipment.status = DELIVERED
            order = self.state.order_by_order_id(shipment.order_id)
            if order is not None:
                recompute_completion(self.state, order)

    # ------------------------------------------------------------ faults and log
    def requests(self) -> list[LoggedRequest]:
        return self.faults.requests()

    def fail_next(
        self,
        path: str = "/",
        *,
        method: str | None = None,
        status: int = 500,
        count: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """The next ``count`` requests whose path starts with ``path`` (and whose method is
        ``method``, if given) are answered with ``status`` without touching state."""
        if not 200 <= status <= 599 or count < 1:
            raise ValueError("status must be 200..599 and count >= 1")
        self.faults.fail_next(path, method, status, count, retry_after)

    def drop_next(self, path: str = "/", *, method: str | None = None, count: int = 1) -> None:
        """The next ``count`` matching requests are carried out, then the connection is reset
        without an answer ("commit then drop")."""
        if count < 1:
            raise ValueError("count must be >= 1")
        self.faults.drop_next(path, method, count)

    def plain_duplicates(self, on: bool = True) -> None:
        """Answer every "already exists" as another API might: ``400`` with only a sentence,
        ``{"detail": "customs shipment already exists for shipment", "violations": []}`` (no
        409, no uniqueness code), until switched off or reset. Clients must not rely on the
        wording: they look the resource up."""
        self.faults.set_plain_duplicates(on)

    def latency(self, seconds: float, path: str | None = None) -> None:
        """Delay every request (or those under ``path``) by ``seconds`` until changed."""
        self.faults.set_latency(seconds, path)

    # ------------------------------------------------------------ account and tokens
    def config(
        self,
        *,
        token_ttl: float | None = None,
        flex: bool | None = None,
        customs_countries: Sequence[str] | None = None,
        enforce_customs_countries: bool | None = None,
        merchant_keys_in_paths: bool | None = None,
        single_token: bool | None = None,
        list_page_size: int | None = None,
        labels_listed: bool | None = None,
    ) -> AccountSettings:
        """Change account settings; returns a copy of the settings now in force.

        ``list_page_size``: the most rows per page of any list answer (0: no such cap).
        ``labels_listed``: False switches ``GET /v2/labels`` off (404, no such route).
        """
        if token_ttl is not None and token_ttl <= 0:
            raise ValueError("token_ttl must be > 0")
        if list_page_size is not None and list_page_size < 0:
            raise ValueError("list_page_size must be >= 0")
        with self.state.lock:
            s = self.state.settings
            if token_ttl is not None:
                s.token_ttl = float(token_ttl)
            if flex is not None:
                s.flex = flex
            if customs_countries is not None:
                s.customs_countries = [c.upper() for c in customs_countries]
            if enforce_customs_countries is not None:
                s.enforce_customs_countries = enforce_customs_countries
            if merchant_keys_in_paths is not None:
                s.merchant_keys_in_paths = merchant_keys_in_paths
            if single_token is not None:
                s.single_token = single_token
            if list_page_size is not None:
                s.list_page_size = list_page_size or None
            if labels_listed is not None:
                s.labels_listed = labels_listed
            return s.copy()

    @property
    def settings(self) -> AccountSettings:
        with self.state.lock:
            return self.state.settings.copy()

    def expire_tokens(self) -> None:
        """Every token issued so far is expired from now on."""
        tokens.expire_all(self.state)

    def issue_token(self, access_key: str = DEMO_ACCESS_KEY) -> str:
        """A bearer token as ``POST /v2/token`` would give (for tests that skip the call)."""
        account = ACCOUNTS.get(access_key)
        if account is None or account.revoked:
            raise ValueError("unknown or revoked access key")
        return tokens.issue(self.state, account.name, self.settings.token_ttl)

    def is_flex(self, account: str) -> bool:
        flex_accounts = {a.name for a in ACCOUNTS.values() if a.flex}
        return account in flex_accounts or self.settings.flex
