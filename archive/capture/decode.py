"""Content-Encoding (gzip, deflate, br) decoded incrementally, with the size cap applied to
the decompressed bytes: a small gzip bomb stops at the cap, never fills memory."""

from __future__ import annotations

import zlib

import brotli

CHUNK = 64 * 1024


class TooLarge(ValueError):
    pass


class UnsupportedEncoding(ValueError):
    pass


class _Zlib:
    def __init__(self, wbits: int) -> None:
        self.wbits = wbits
        self.obj = zlib.decompressobj(wbits)
        self.started = False

    def process(self, data: bytes, limit: int) -> bytes:
        try:
            out = self.obj.decompress(data, limit + 1)
        except zlib.error:
            if self.started or self.wbits != zlib.MAX_WBITS:
                raise
            # "deflate" is zlib-wrapped by the standard, raw deflate from some servers
            self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.obj.decompress(data, limit + 1)
        self.started = True
        if self.obj.unconsumed_tail or len(out) > limit:
            raise TooLarge
        return out


class _Brotli:
    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def process(self, data: bytes, limit: int) -> bytes:
        out = self.obj.process(data, output_buffer_limit=limit + 1)
        if len(out) > limit or not self.obj.can_accept_more_data():
            raise TooLarge
        return out


class _Identity:
    def process(self, data: bytes, limit: int) -> bytes:
        return data


def _decoder(coding: str):
    if coding in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS)
    if coding == "br":
        return _Brotli()
    if coding in ("", "identity"):
        return _Identity()
    raise UnsupportedEncoding(coding)


class BodyDecoder:
    """Feed raw chunks as received; `body` is the decoded payload. Raises TooLarge past
    `limit` decoded bytes, UnsupportedEncoding for a coding we cannot read."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        self.decoders = [_decoder(c) for c in reversed(codings)]  # last applied, first undone
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, data: bytes) -> None:
        for decoder in self.decoders:
            data = decoder.process(data, self.limit - self.size)
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(data)

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)
