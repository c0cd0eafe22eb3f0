"""A gzip file read as a stream of its decompressed bytes, with the checks a hostile file needs.

`GzipMembers` decompresses every member of a multi-member gzip file (as WARC files
are written, one member per record, or one member for the whole file) and raises,
instead of stopping quietly, when

- the input ends inside a member (`Truncated`: the file was cut short),
- the bytes are not gzip, or a member's data or checksum is damaged (`Corrupt`),
- more than `limit` bytes come out (`TooLarge`: a decompression bomb).

Zero bytes after the last member (tape padding) are allowed. Each error carries the
offset in the file where the member it happened in starts.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 65_536  # bytes read from the file at a time


class InflateError(Exception):
    """The gzip data could not be read to its end; `offset` is where its member starts in the file."""

    def __init__(self, reason: str, *, offset: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


class Truncated(InflateError):
    """The file ends inside a gzip member."""


class Corrupt(InflateError):
    """The bytes are not gzip, or a member is damaged."""


class TooLarge(InflateError):
    """More bytes came out than the limit allows."""

    def __init__(self, reason: str, *, offset: int, limit: int) -> None:
        super().__init__(reason, offset=offset)
        self.limit = limit


class GzipMembers:
    """A read-only binary stream of the decompressed bytes of all gzip members of `raw`."""

    def __init__(self, raw: BinaryIO, *, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._decompressor: zlib._Decompress | None = None
        self._tail = b""  # compressed bytes read from the file and not yet decompressed
        self._read_in = 0  # compressed bytes read from the file
        self._member_start = 0  # file offset of the member being decompressed
        self._out = 0  # decompressed bytes handed out so far
        self._buffer = b""  # decompressed bytes peeked and not yet handed out
        self._done = False
        self._failure: InflateError | None = None  # raised at the next read, after the bytes before it

    @property
    def member_start(self) -> int:
        """The file offset where the member being read (or the last one) starts."""
        return self._member_start

    def tell(self) -> int:
        """How many decompressed bytes were read so far."""
        return self._out - len(self._buffer)

    def peek(self, size: int) -> bytes:
        """Up to `size` decompressed bytes from the current position, without consuming them.

        A failure before `size` bytes is raised at once.
        """
        while len(self._buffer) < size:
            more = self._inflate(size - len(self._buffer))
            if not more:
                break
            self._buffer += more
        return self._buffer[:size]

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` decompressed bytes (all that is left when `size` is negative or None).

        The bytes before a failure are returned first; the failure is raised by the next read.
        """
        want = size if size is not None and size >= 0 else None
        parts = [self._buffer[:want] if want is not None else self._buffer]
        self._buffer = self._buffer[len(parts[0]) :]
        got = len(parts[0])
        while want is None or got < want:
            more = self._more(CHUNK if want is None else min(CHUNK, want - got), have=got)
            if not more:
                break
            parts.append(more)
            got += len(more)
        return b"".join(parts)

    def _more(self, size: int, *, have: int) -> bytes:
        """`_inflate`, holding a failure back while there are bytes (`have`) to hand out before it."""
        if self._failure is not None:
            if have:
                return b""
            failure, self._failure = self._failure, None
            self._done = True
            raise failure
        try:
            return self._inflate(size)
        except InflateError as exc:
            if not have:
                self._done = True
                raise
            self._failure = exc
            return b""

    def _inflate(self, size: int) -> bytes:
        """Up to `size` (at least 1) new decompressed bytes; b"" at the clean end of the file."""
        while not self._done:
            if self._decompressor is None and not self._start_member():
                self._done = True
                break
            decompressor = self._decompressor
            assert decompressor is not None
            if not self._tail:
                self._tail = self._fill()
                if not self._tail:
                    raise Truncated("the file ends inside a gzip member", offset=self._member_start)
            room = self._limit - self._out
            try:
                data = decompressor.decompress(self._tail, min(size, room + 1))
            except zlib.error as exc:
                raise Corrupt(f"damaged gzip data ({exc})", offset=self._member_start) from None
            if decompressor.eof:  # the rest of the input is in unused_data (and may be in the tail too)
                self._tail = decompressor.unused_data
                self._decompressor = None
            else:
                self._tail = decompressor.unconsumed_tail
            if len(data) > room:
                raise TooLarge(
                    f"it expands past {self._limit} bytes", offset=self._member_start, limit=self._limit
                )
            if data:
                self._out += len(data)
                return data
        return b""

    def _start_member(self) -> bool:
        """Begin the next member; False at the end of the file (after any zero padding)."""
        padded = False
        while True:
            while len(self._tail) < len(GZIP_MAGIC) and (more := self._fill()):
                self._tail += more
            if not self._tail.startswith(b"\x00"):
                break
            padded = True  # only zeros may follow the last member
            self._tail = self._tail.lstrip(b"\x00")
        if not self._tail:
            return False
        offset = self._read_in - len(self._tail)
        if padded or not self._tail.startswith(GZIP_MAGIC):
            what = "is not gzip" if offset == 0 else "after a gzip member are not gzip"
            raise Corrupt(f"the data {what}", offset=offset)
        self._member_start = offset
        self._decompressor = zlib.decompressobj(wbits=31)
        return True

    def _fill(self) -> bytes:
        data = self._raw.read(CHUNK)
        self._read_in += len(data)
        return data
