"""An advisory lock file (flock): released by the kernel when its holder dies, so a crashed
writer or rebuild never leaves a stale lock behind."""

import fcntl
import os
from pathlib import Path


class LockHeld(RuntimeError):
    """Another process holds the lock."""


class FileLock:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeld at once (never waits)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(f"{self.path} is held by another process") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def still_ours(self) -> bool:
        """The path still names the file we locked (it was not deleted or replaced)."""
        if self._fd is None:
            return False
        try:
            on_disk = os.stat(self.path)
        except FileNotFoundError:
            return False
        ours = os.fstat(self._fd)
        return (on_disk.st_dev, on_disk.st_ino) == (ours.st_dev, ours.st_ino)

    def reassert(self) -> None:
        """Make sure the path is still locked by us: if the file was deleted, lock a new one
        at the path (raises LockHeld when another process got there first; the old lock is
        kept so the caller can stop in order)."""
        if self._fd is None:
            raise LockHeld(f"{self.path} is not held")
        if self.still_ours():
            return
        old = self._fd
        self._fd = None
        try:
            self.acquire()
        except BaseException:
            self._fd = old
            raise
        os.close(old)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "FileLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
