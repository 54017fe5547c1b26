"""Shared fixtures: seeded randomness, closed figures.

No MPLBACKEND is set here: the nbval kernels inherit this process's environment and must keep
their inline backend; without a display matplotlib picks Agg for the unit tests by itself.
"""
import random

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _seed_and_close():
    random.seed(0)
    np.random.seed(0)
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
