"""The parts of the course site build (``tools/build_site.py``, ``make site``): :mod:`.common`, :mod:`.pyodide`,
:mod:`.jupyterlite`, :mod:`.book` and :mod:`.pages`."""
