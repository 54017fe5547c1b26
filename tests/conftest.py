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
