"""The one redactor every text leaving the 7S client passes: messages, violations, log lines.

It removes the access key, every token this client was issued, and anything that looks like
a bearer token (``Bearer …`` or a JWT), so a server that echoes credentials back — in a
detail, a title or a field-level violation — cannot carry them into the packer's screen, the
``--json`` output, the log file or the journal.
"""

from __future__ import annotations

import re
from collections import deque
from typing import TypeVar

from packstation.adapters.sevensenders_auth import Secret
from packstation.domain.errors import ShippingApiError, ValidationFailed, Violation

MASK = "********"
#: ``Bearer <token>`` in any spelling, and bare JWTs (three base64url parts, the first a JSON
#: header, so it starts with ``eyJ``).
_BEARER = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_REMEMBERED_TOKENS = 16

E = TypeVar("E", bound=ShippingApiError)


class Redactor:
    """Scrubs the access key and bearer tokens out of texts and errors."""

    def __init__(self, access_key: Secret) -> None:
        self._access_key = access_key
        self._tokens: deque[str] = deque(maxlen=_REMEMBERED_TOKENS)

    def __repr__(self) -> str:
        return f"Redactor({len(self._tokens)} tokens)"

    def remember(self, token: Secret) -> None:
        """A token this client was issued: removed from texts from now on."""
        value = token.reveal()
        if value and value not in self._tokens:
            self._tokens.append(value)

    def text(self, text: str) -> str:
        """``text`` without the access key, the client's tokens and anything bearer-like."""
        for secret in (self._access_key.reveal(), *self._tokens):
            if secret:
                text = text.replace(secret, MASK)
        text = _BEARER.sub(f"Bearer {MASK}", text)
        return _JWT.sub(MASK, text)

    def error(self, err: E) -> E:
        """``err`` with its message, operation and violations scrubbed (the same object)."""
        err.message = self.text(err.message)
        err.operation = self.text(err.operation)
        err.args = (err.message,)
        if isinstance(err, ValidationFailed):
            err.violations = tuple(
                Violation(
                    self.text(v.field),
                    self.text(v.message),
                    None if v.code is None else self.text(v.code),
                )
                for v in err.violations
            )
        return err
