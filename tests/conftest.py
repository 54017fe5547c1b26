"""Shared fixtures: seeded randomness, closed figures.

No MPLBACKEND is set here: the nbval kernels inherit this process's environment and must keep
their inline backend; without a display matplotlib picks Agg for the unit tests by itself.
"""
import os
import random
import tempfile

import numpy as np
import pytest

# Nothing the tests or the notebook kernels (which inherit this environment) save may land in the
# user's real data folder: the default results store lives under XDG_DATA_HOME.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="socialbiz-test-data-")


@pytest.fixture(autouse=True)
def _seed_and_close():
    random.seed(0)
    np.random.seed(0)
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


class _Fifo:
    """A named pipe that never hangs a test: a helper thread lets any reader that opened it go (it sees
    the end at once), and ``opened`` says whether code under test opened it at all."""

    def __init__(self, path):
        import threading

        self.path, self.opened = path, False
        os.mkfifo(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._release, daemon=True)
        self._thread.start()

    def _release(self):
        while not self._stop.wait(0.01):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)  # succeeds only while a reader waits
            except OSError:
                continue
            self.opened = True
            os.close(fd)

    def close(self):
        self._stop.set()
        self._thread.join()


@pytest.fixture
def fifo(tmp_path):
    """``fifo(name)`` makes a named pipe in ``tmp_path``; check ``.opened`` after the code under test ran."""
    made: list[_Fifo] = []

    def make(name="pipe"):
        made.append(_Fifo(tmp_path / name))
        return made[-1]

    yield make
    for f in made:
        f.close()
