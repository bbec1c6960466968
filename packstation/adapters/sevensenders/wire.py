"""The wire to Seven Senders: addresses, the bearer token, one logical request, its log lines.

``Wire.send`` does what every call needs: the bearer token (only ever sent to the configured
API host), the timeout, the retries of the shared loop (``http_retry``, following
``http_policy``, with its overall deadline and answer size limit), one log line per attempt
and the failures as ``packstation.domain.errors``. How a call is sent besides its method,
address and body is one frozen ``RequestOptions``. Every log line passes ``Wire.redactor``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from packstation.adapters.http_policy import RetryPolicy, is_idempotent
from packstation.adapters.http_retry import (
    AttemptReport,
    Call,
    DeadlineExceeded,
    GaveUp,
    RetryingSender,
)
from packstation.adapters.sevensenders import failures
from packstation.adapters.sevensenders.operations import Op
from packstation.adapters.sevensenders.redaction import Redactor
from packstation.adapters.sevensenders_auth import (
    Secret,
    TokenFetcher,
    TokenManager,
    TokenShare,
    shared_tokens,
)
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import ShippingApiError, ValidationFailed

_log = logging.getLogger("packstation.adapters.sevensenders")

_MAX_LOGGED = 2000  # characters of a raw answer logged at DEBUG
_DEFAULT_PORTS = {"http": 80, "https": 443}

Params = Iterable[tuple[str, str]] | Mapping[str, str]


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """How one request is sent, apart from its method, address and body.

    Attributes:
        auth: send the bearer token (only ever to the configured API host).
        idempotent: whether a repetition is harmless; ``None``: decided by the method.
        timeout: the per-phase timeouts; ``None``: the wire's timeouts for ordinary calls.
        follow_redirects: follow 3xx answers (label files may live elsewhere).
        accept: the ``Accept`` header.
        secret_answer: the answer holds a secret (the token): its body is never logged.
    """

    auth: bool = True
    idempotent: bool | None = None
    timeout: httpx.Timeout | None = None
    follow_redirects: bool = False
    accept: str = "application/json"
    secret_answer: bool = False


DEFAULT_OPTIONS = RequestOptions()
#: ``POST /token``: no token yet, harmless to repeat, and the answer is the secret token.
LOGIN_OPTIONS = RequestOptions(auth=False, idempotent=True, secret_answer=True)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme))


@dataclass(frozen=True, slots=True)
class WireSettings:
    """The wire's fixed parts: where, with which names, how patiently, and as whom."""

    names: ApiNames
    policy: RetryPolicy
    timeout: httpx.Timeout
    download_timeout: httpx.Timeout
    user_agent: str


class Wire:
    """One connection to Seven Senders: the base URL, the access key, the token, the sender.

    Args:
        sender: the shared retry loop on the station's ``httpx.AsyncClient``.
        base: the API root (with a trailing slash).
        access_key: the permanent 7S access key.
        settings: names, retry policy, timeouts, user agent.
        fetch_token: does ``POST /token`` (the login lives with the client).
        clock: wall clock in seconds, for token expiry.
        token_share: the token shared by the benches of a warehouse store (one key).
    """

    def __init__(
        self,
        sender: RetryingSender,
        base: httpx.URL,
        access_key: Secret,
        settings: WireSettings,
        fetch_token: TokenFetcher,
        clock: Callable[[], float],
        token_share: TokenShare | None = None,
    ) -> None:
        self._sender = sender
        self.base = base
        self.access_key = access_key
        self.settings = settings
        self.clock = clock
        self.fetch_token = fetch_token
        self.token_share = token_share
        #: The one redactor of every text that leaves the client (errors, log lines).
        self.redactor = Redactor(access_key)

    @property
    def tokens(self) -> TokenManager:
        """The bearer token, shared by every client of this API and key in the process."""
        return shared_tokens(
            str(self.base),
            self.access_key,
            self.fetch_token,
            clock=self.clock,
            share=self.token_share,
        )

    @property
    def names(self) -> ApiNames:
        return self.settings.names

    @property
    def client(self) -> httpx.AsyncClient:
        return self._sender.client

    # ------------------------------------------------------------------ addresses

    def url(self, path: str) -> httpx.URL:
        """The address of ``path``: under the base URL, or on its host's root when ``path``
        starts with ``/`` (a root-relative name in ``ApiNames.paths``)."""
        text = path.strip()
        if text.startswith("/"):
            return self.base.join("/" + text.strip("/"))
        return self.base.join(text.strip("/"))

    def item_url(self, op: Op, resource: str, ref: str | int) -> httpx.URL:
        """The address of one record of a collection (``resource`` names the ``ApiPaths`` field)."""
        text = str(ref).strip()
        if not text:
            raise ValidationFailed(f"No id was given for {op.thing}.", operation=op.name)
        segment = quote(text, safe="")
        if segment in (".", ".."):
            segment = segment.replace(".", "%2E")
        collection: str = getattr(self.names.paths, resource)
        return self.url(f"{collection.rstrip('/')}/{segment}")

    # ------------------------------------------------------------------ one request

    async def send(
        self,
        op: Op,
        method: str,
        url: httpx.URL,
        *,
        params: Params | None = None,
        json: Any = None,
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> httpx.Response:
        """Send one logical request: token, retries, logging, and failures as domain errors.

        Returns only 2xx responses, except for a DELETE that may already have been carried
        out by an earlier attempt (dropped connection, 5xx): its 404 on a retry means the
        resource is gone, as asked, and is returned too.
        """
        idempotent = is_idempotent(method) if options.idempotent is None else options.idempotent
        query: httpx.QueryParams | None = None
        if params is not None:
            query = httpx.QueryParams(
                tuple(params.items()) if isinstance(params, Mapping) else tuple(params)
            )
        send_token = options.auth and _origin(url) == _origin(self.base)
        attempts = _Attempts(self, op, method, url, query, json, options, send_token)
        result = await self._sender.send(attempts.call(idempotent))
        if isinstance(result, httpx.Response):
            return result
        raise self._failure(op, result, idempotent=idempotent, renewed=attempts.renewed)

    def _failure(
        self, op: Op, gave_up: GaveUp, *, idempotent: bool, renewed: bool = False
    ) -> ShippingApiError:
        if gave_up.response is None:
            assert gave_up.failure is not None
            ended = isinstance(gave_up.error, DeadlineExceeded)
            return failures.transport_error(
                op,
                gave_up.failure,
                idempotent=idempotent,
                deadline=self._sender.limits.deadline if ended else None,
            )
        if gave_up.over_limit is not None:
            return failures.too_large(op, gave_up.response, gave_up.over_limit)
        if gave_up.damaged:
            return failures.damaged(op, gave_up.response)
        retry_after = gave_up.retry_after
        return failures.status_error(
            op,
            gave_up.response,
            names=self.names,
            redact=self.redactor.text,
            idempotent=idempotent,
            token_renewed=renewed,
            retry_after=retry_after,
            retry_at=None
            if retry_after is None
            else datetime.fromtimestamp(self.clock() + retry_after, UTC),
        )

    # ------------------------------------------------------------------ logs and secrets

    def log_target(self, url: httpx.URL, query: httpx.QueryParams | None) -> str:
        """The request as the log shows it (another host: no query, it may hold a signature)."""
        if _origin(url) != _origin(self.base):
            return f"{url.scheme}://{url.host}{url.path}"
        return f"{url.path}?{query}" if query else url.path

    def log(self, level: int, message: str, *args: object) -> None:
        """One log line of the client, redacted (the only way the client logs)."""
        if _log.isEnabledFor(level):
            _log.log(level, "%s", self.redactor.text(message % args))

    def log_body(self, op: Op, response: httpx.Response) -> None:
        if _log.isEnabledFor(logging.DEBUG):
            text = response.content.decode("utf-8", errors="replace")
            self.log(
                logging.DEBUG,
                "%s: answer %d body (%d bytes, truncated): %s",
                op.name,
                response.status_code,
                len(response.content),
                self.redactor.text(text)[:_MAX_LOGGED],
            )


class _Attempts:
    """The per-request part of the retry loop: headers, the token renewal, the log lines."""

    def __init__(
        self,
        wire: Wire,
        op: Op,
        method: str,
        url: httpx.URL,
        query: httpx.QueryParams | None,
        json: Any,
        options: RequestOptions,
        send_token: bool,
    ) -> None:
        self._wire = wire
        self._op = op
        self._method = method
        self._url = url
        self._query = query
        self._json = json
        self._options = options
        self._send_token = send_token
        self._token: Secret | None = None
        #: a 401 was answered and the token renewed for this request (once at most)
        self.renewed = False
        self._target = wire.log_target(url, query)

    def call(self, idempotent: bool) -> Call:
        return Call(
            self.build,
            idempotent,
            follow_redirects=self._options.follow_redirects,
            accept=self.accept,
            resend_now=self.resend_now,
            observe=self.observe,
            prepare=self.prepare,
        )

    async def prepare(self) -> None:
        """Before every attempt: a token that is not about to run out (a retry wait may have
        outlasted the one the last attempt sent; renewed once for all waiting callers)."""
        if self._send_token:
            self._token = await self._wire.tokens.token(self._wire.fetch_token)
            # issued to another client of the key (or another bench): redacted here too
            self._wire.redactor.remember(self._token)

    def build(self) -> httpx.Request:
        headers = {"Accept": self._options.accept, "User-Agent": self._wire.settings.user_agent}
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token.reveal()}"
        return self._wire.client.build_request(
            self._method,
            self._url,
            params=self._query,
            json=self._json,
            headers=headers,
            timeout=self._options.timeout or self._wire.settings.timeout,
        )

    def accept(self, response: httpx.Response, maybe_done: bool) -> bool:
        if 200 <= response.status_code < 300:
            return True
        if self._method.upper() == "DELETE" and maybe_done and response.status_code == 404:
            self._wire.log(
                logging.INFO,
                "%s %s: already gone after an unanswered attempt",
                self._method,
                self._target,
            )
            return True
        return False

    async def resend_now(self, response: httpx.Response) -> bool:
        if not self._options.secret_answer:
            self._wire.log_body(self._op, response)
        if response.status_code == 401 and self._token is not None and not self.renewed:
            # The token is checked before anything is done, so resending is safe even for a
            # request that creates something. Refused although not expired: another client
            # signing in with the same key may have replaced it. Renewed once (shared with
            # every caller refused the same token), then sent again once.
            self.renewed = True
            renewed = await self._wire.tokens.refresh(self._token, self._wire.fetch_token)
            self._token = renewed.token
            self._wire.redactor.remember(self._token)
            return True
        return False

    def observe(self, report: AttemptReport) -> None:
        outcome = report.error_name if report.status is None else str(report.status)
        joiner = "after" if report.status is None else "in"
        self._wire.log(
            logging.INFO,
            "%s %s -> %s %s %.0f ms (attempt %d)",
            self._method,
            self._target,
            outcome,
            joiner,
            report.elapsed_ms,
            report.number,
        )
