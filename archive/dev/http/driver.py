"""A small HTTP/1.1 load driver on asyncio streams: N keep-alive connections to one loopback
server, each sending the next request of a mix as soon as the previous answer has been read
to its last byte (a closed loop, as N readers clicking without pause).

Per request it records the time to the status line (first byte) and to the end of the body;
an answer other than 200, a reset connection or a timeout is an error. Only 127.0.0.1 is
ever contacted: ``Target`` refuses any other host.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Seconds one request may take before it counts as an error (and its connection is closed).
REQUEST_TIMEOUT = 60.0


@dataclass(frozen=True)
class Target:
    port: int
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        if self.host != "127.0.0.1":
            raise ValueError("the HTTP benchmark only talks to 127.0.0.1")


@dataclass
class Sample:
    kind: str
    status: int | None
    first_byte_ms: float
    total_ms: float
    size: int
    error: str = ""


@dataclass
class Phase:
    """What one run of the driver saw: every sample and the wall time it took."""

    name: str
    connections: int
    seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)


class _Connection:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.target.host,
                                                                 self.target.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, float, int, bool]:
        """(status, ms to the status line, body bytes, whether the server keeps the
        connection); the caller times the whole exchange."""
        if self.writer is None:
            await self.open()
        start = time.perf_counter()
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.target.host}:{self.target.port}"
                          f"\r\nAccept-Language: en\r\nUser-Agent: archive-http-bench\r\n"
                          f"\r\n".encode("ascii"))
        await self.writer.drain()
        status_line = await self.reader.readline()
        first = (time.perf_counter() - start) * 1000
        if not status_line:
            raise ConnectionError("connection closed before the status line")
        status = int(status_line.split(b" ", 2)[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        size = await self._body(headers)
        keep = headers.get("connection", "").lower() != "close"
        return status, first, size, keep

    async def _body(self, headers: dict[str, str]) -> int:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            size = 0
            while True:
                line = await self.reader.readline()
                length = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if length == 0:
                    while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return size
                await self.reader.readexactly(length + 2)
                size += length
        length = int(headers.get("content-length", "0"))
        if length:
            await self.reader.readexactly(length)
        return length


async def _client(target: Target, work: itertools.cycle, deadline: float, limit: int | None,
                  at_least: int, phase: Phase) -> None:
    conn = _Connection(target)
    done = 0
    try:
        while ((time.perf_counter() < deadline or done < at_least)
               and (limit is None or done < limit)):
            kind, path = next(work)
            start = time.perf_counter()
            try:
                status, first, size, keep = await asyncio.wait_for(conn.get(path),
                                                                   REQUEST_TIMEOUT)
                total = (time.perf_counter() - start) * 1000
                error = "" if status == 200 else f"HTTP {status}"
                phase.samples.append(Sample(kind, status, first, total, size, error))
                if not keep:
                    conn.close()
            except (OSError, TimeoutError, asyncio.IncompleteReadError,
                    ValueError, IndexError) as exc:
                total = (time.perf_counter() - start) * 1000
                phase.samples.append(Sample(kind, None, total, total, 0,
                                            f"{type(exc).__name__}: {exc}"[:200]))
                conn.close()
            done += 1
    finally:
        conn.close()


def run(target: Target, mix: Sequence[tuple[str, str]], *, connections: int, seconds: float,
        name: str, per_connection: int | None = None, at_least: int = 0) -> Phase:
    """Drive ``mix`` ((kind, path) pairs, cycled; each connection starts at its own offset)
    over ``connections`` connections for ``seconds`` (or ``per_connection`` requests each),
    and until the connections together sent at least ``at_least`` requests (the caller asks
    for one of each kind: a short phase still covers the mix)."""
    phase = Phase(name=name, connections=connections)

    each_at_least = -(-at_least // connections)

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        clients = []
        for i in range(connections):
            offset = (i * len(mix)) // connections
            work = itertools.cycle([*mix[offset:], *mix[:offset]])
            clients.append(_client(target, work, deadline, per_connection, each_at_least,
                                   phase))
        await asyncio.gather(*clients)

    start = time.perf_counter()
    asyncio.run(main())
    phase.seconds = time.perf_counter() - start
    return phase
