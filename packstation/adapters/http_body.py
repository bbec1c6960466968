"""An answer's body, read within a size bound that holds after decompression too.

httpx inflates a gzip or deflate body one network chunk at a time, whole: a 64 KB chunk of a
compressed run of zeros becomes 64 MB in one step, before anyone can count it (a 64 KB label
"file" made a ``pack`` process peak at 225 MB with an 8 MB limit). Here the raw chunks are
inflated in pieces of at most ``PIECE`` bytes and counted piece by piece, so reading an
answer never holds more than the limit and one piece, however the body is compressed and
however fast it arrives. The pieces are joined once, when the whole body is known to fit.

Encodings other than gzip and deflate (``br``, ``zstd`` when their packages are installed)
are left to httpx, counted per chunk as before; gzip or deflate mixed with one of them, or
more than ``MAX_LAYERS`` layers, is refused as undecodable. What follows the end of a
compressed stream is not read; a stream cut off before its end is refused.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator

import httpx

#: The largest piece of inflated body made in one step.
PIECE = 64 * 1024
#: How much of a compressed chunk is handed to zlib at once (it inflates to at most ~4 MB).
_FEED = 4 * 1024

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class _Inflater:
    """One gzip or deflate layer, inflated in pieces of at most ``PIECE`` bytes."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._zlib = zlib.decompressobj(_WBITS[encoding])
        self._first = True
        self._fed = False

    def pieces(self, data: bytes) -> Iterator[bytes]:
        view = memoryview(data)
        # fed a little at a time: what zlib leaves unread is copied at every step
        for start in range(0, len(view), _FEED):
            left: bytes | memoryview = view[start : start + _FEED]
            while left:
                if self._zlib.eof:
                    # the compressed stream has ended: what follows (a newline, a second
                    # gzip member) is not read, as httpx does not read it either
                    return
                self._fed = True
                piece = self._inflate(left)
                left = self._zlib.unconsumed_tail
                if piece:
                    yield piece

    def _inflate(self, data: bytes | memoryview) -> bytes:
        try:
            return self._zlib.decompress(data, PIECE)
        except zlib.error as exc:
            if self._first and self._encoding == "deflate":
                # a "deflate" body without its zlib header (httpx accepts it the same way)
                self._first = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(data)
            raise httpx.DecodingError(str(exc)) from exc
        finally:
            self._first = False

    def rest(self) -> bytes:
        """What the inflater still holds at the end of the body (less than one piece);
        ``httpx.DecodingError`` when the compressed stream was cut off before its end."""
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:  # pragma: no cover - zlib reports this in decompress
            raise httpx.DecodingError(str(exc)) from exc
        if self._fed and not self._zlib.eof:
            raise httpx.DecodingError(f"the {self._encoding} answer ends before its end")
        return rest


#: The most compression layers an answer may name (real servers use one).
MAX_LAYERS = 4


def _layers(content_encoding: str) -> list[_Inflater] | None:
    """The inflaters for ``content_encoding``, outermost first (none: not compressed).

    None: compressed, but not with gzip or deflate (left to httpx). ``httpx.DecodingError``
    for gzip or deflate mixed with an encoding not read here (httpx would inflate that gzip
    a whole chunk at a time, past any bound) or for more than ``MAX_LAYERS`` layers.
    """
    names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
    names = [name for name in names if name != "identity"]
    if not names:
        return []  # not compressed
    if not any(name in _WBITS for name in names):
        return None
    if any(name not in _WBITS for name in names):
        raise httpx.DecodingError(f"an answer in an encoding not read here: {content_encoding}")
    if len(names) > MAX_LAYERS:
        raise httpx.DecodingError(f"an answer compressed {len(names)} times over")
    return [_Inflater(name) for name in reversed(names)]


def _through(layers: list[_Inflater], data: bytes) -> Iterator[bytes]:
    """``data`` inflated by every layer in turn, piece by piece."""
    if not layers:
        if data:
            yield data
        return
    first, *inner = layers
    for piece in first.pieces(data):
        yield from _through(inner, piece)


def _ends(layers: list[_Inflater]) -> Iterator[bytes]:
    for index, layer in enumerate(layers):
        yield from _through(layers[index + 1 :], layer.rest())


class _Collected:
    """Pieces of a body and their size; ``add`` says False once it is over ``limit``."""

    def __init__(self, limit: int | None) -> None:
        self._limit = limit
        self._pieces: list[bytes] = []
        self._size = 0

    def add(self, piece: bytes) -> bool:
        self._size += len(piece)
        if self._limit is not None and self._size > self._limit:
            self._pieces.clear()
            return False
        self._pieces.append(piece)
        return True

    def body(self) -> bytes:
        body = b"".join(self._pieces)
        self._pieces.clear()
        return body


async def read_at_most(response: httpx.Response, limit: int | None) -> bytes | None:
    """The decoded body of a streamed answer, or ``None`` as soon as it is known to be longer
    than ``limit`` bytes (``None``: no bound). The caller closes the answer."""
    if response.is_stream_consumed:  # made from bytes (a stand-in transport): read already
        body = response.content
        return None if limit is not None and len(body) > limit else body
    encoding = response.headers.get("content-encoding", "")
    if limit is not None and not encoding:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
    collected = _Collected(limit)
    layers = _layers(encoding)
    if layers is None:  # not ours to inflate: httpx does, a chunk at a time
        async for chunk in response.aiter_bytes():
            if not collected.add(chunk):
                return None
        return collected.body()
    async for raw in response.aiter_raw():
        for piece in _through(layers, raw):
            if not collected.add(piece):
                return None
    for piece in _ends(layers):
        if not collected.add(piece):
            return None
    return collected.body()


def decode_at_most(raw: bytes, content_encoding: str, limit: int) -> bytes | None:
    """``raw``, a body as it came over the wire, decoded as ``content_encoding`` says; None
    when it would be longer than ``limit`` bytes or is in an encoding not read here."""
    layers = _layers(content_encoding)
    if layers is None:
        return None
    collected = _Collected(limit)
    for piece in itertools.chain(_through(layers, raw), _ends(layers)):
        if not collected.add(piece):
            return None
    return collected.body()


__all__ = ["MAX_LAYERS", "PIECE", "decode_at_most", "read_at_most"]
