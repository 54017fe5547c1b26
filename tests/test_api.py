"""One API convention across the public functions (CONTRIBUTING.md, "The API convention").

Data first, then the model, then keyword-only options with the same names and defaults everywhere:
``lang="de"``, ``threshold=DEFAULT_THRESHOLD``, ``confidence=``; no flag that changes what a function returns.
The public functions are those named in ``__all__`` of the public modules (and the public methods of the classes
named there).
"""
import importlib
import inspect
import pkgutil

import pytest

import socialbiz_kit

# Where lang is not an option with the default "de", and why.
LANG_EXCEPTIONS = {
    "session.Session.set_lang": "the language is what it sets",
    "wordstats.load_stopwords": "the language is which list it loads",
    "_yaml.Text.get": "a text in both languages (models.Text): the language is the key, like dict.get",
    "ui.vocabulary": "the language is which vocabulary it collects",
    "ui.text": "the kit's words: every caller names the language (no default), keyword-only",
    "ui.words": "as ui.text",
    "ui.number": "as ui.text",
    "ui.percent": "as ui.text",
    "ui.date": "as ui.text",
    "ui.pvalue": "as ui.text",
    "ui.statistic": "as ui.text",
    "ui.error": "as ui.text",
    "store.Store.where": "None: the store's own language (the lang it was opened with)",
    "scoring.score": "None: numbers only (label() adds the words); lang= itself is deprecated until 2027-06-30",
}
# Where threshold= or rule= is not a keyword-only option defaulting to DEFAULT_THRESHOLD / DEFAULT_RULE, and why.
SETTINGS_EXCEPTIONS = {
    "roadmap.roadmap": "None: the threshold and rule the result was scored with (its columns); a given one is checked",
    "_next_steps.next_steps": "None: the threshold the result was scored with (deprecated, as roadmap.roadmap)",
    "_checks.settings_of": "None: read from the result; it is the function that reads them",
    "_placement.open_below": "None: the threshold the result was scored with (its column); a given one is checked",
    "_checks.check_settings": "the checker: the threshold and the rule are the data it checks (required, positional)",
    "plotting.stage_profile": "None: no threshold line is drawn (a line to draw, not a scoring setting)",
    "roadmap.Roadmap.__init__": "a dataclass: the threshold the roadmap was planned with, one of its fields",
}
# Flags that changed the return type, deprecated (removed after 2027-06-30); their default is None.
DEPRECATED_FLAGS = {"mokken.check_monotonicity": "details", "cohort.check_monotonicity": "details",
                    "cohort.simulate": "return_latent"}


def public_functions():
    """(qualified name, function) of every public function and public method, once each."""
    seen, out = set(), []
    for info in pkgutil.iter_modules(socialbiz_kit.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"socialbiz_kit.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if inspect.isclass(obj):  # its own methods and those it inherits from the kit's own classes (mixins)
                bases = [c for c in inspect.getmro(obj) if c.__module__.startswith("socialbiz_kit")]
                members = [(f"{name}.{m}", f) for c in bases for m, f in vars(c).items()
                           if inspect.isfunction(f) and (not m.startswith("_") or m == "__init__")]
            elif inspect.isfunction(obj):
                members = [(name, obj)]
            else:
                continue
            for qual, func in members:
                home = inspect.unwrap(func)
                if id(home) in seen:
                    continue  # a re-export (compare.py, cohort.py) is checked where it is defined
                seen.add(id(home))
                owner = home.__module__.removeprefix("socialbiz_kit.")
                out.append((f"{owner}.{qual}", func))
    return out


FUNCTIONS = public_functions()


def test_the_scan_sees_the_public_api():
    names = {name for name, _ in FUNCTIONS}
    assert len(FUNCTIONS) > 150
    assert {"scoring.score", "frames.stages_frame", "ui.text", "cohort.reliability"} <= names


def test_lang_is_a_keyword_only_option_defaulting_to_german():
    wrong = []
    for name, func in FUNCTIONS:
        p = inspect.signature(func).parameters.get("lang")
        if p is None or name in LANG_EXCEPTIONS:
            continue
        if p.kind is not p.KEYWORD_ONLY or p.default != "de":
            wrong.append(f"{name}: {p}")
    assert not wrong, wrong
    for name in LANG_EXCEPTIONS:
        assert name in dict(FUNCTIONS), f"stale exception {name}"


def test_threshold_and_rule_are_keyword_only_options_with_the_kits_defaults():
    """threshold=DEFAULT_THRESHOLD and rule=DEFAULT_RULE, keyword-only, wherever a function scores; the exceptions
    say why (mostly: None means the setting a result was scored with)."""
    from socialbiz_kit.scoring import DEFAULT_RULE, DEFAULT_THRESHOLD

    defaults = {"threshold": DEFAULT_THRESHOLD, "rule": DEFAULT_RULE}
    wrong = []
    for name, func in FUNCTIONS:
        for p in inspect.signature(func).parameters.values():
            if p.name in defaults and name not in SETTINGS_EXCEPTIONS and (
                    p.kind is not p.KEYWORD_ONLY or p.default != defaults[p.name]):
                wrong.append(f"{name}: {p}")
    assert not wrong, wrong
    for name in SETTINGS_EXCEPTIONS:
        assert name in dict(FUNCTIONS), f"stale exception {name}"


def test_the_two_models_compared_come_by_position_or_by_keyword():
    """source= and target= (the two models a comparison compares) follow the data and may be passed by position, as
    pingouin's x, y: one rule for crosswalk, agreement and wordstats."""
    keyword_only = [f"{name}({p})" for name, func in FUNCTIONS for p in inspect.signature(func).parameters.values()
                    if p.name in ("source", "target") and p.default in ("altimeter", "cotc")
                    and p.kind is not p.POSITIONAL_OR_KEYWORD]
    assert not keyword_only, keyword_only
    assert list(inspect.signature(socialbiz_kit.crosswalk.map_stage).parameters)[:3] == ["stage", "source", "target"]


def test_every_lang_that_is_an_option_is_keyword_only():
    positional = [name for name, func in FUNCTIONS
                  if (p := inspect.signature(func).parameters.get("lang")) is not None
                  and p.kind is not p.KEYWORD_ONLY and name not in
                  ("session.Session.set_lang", "wordstats.load_stopwords", "ui.vocabulary",
                   "_yaml.Text.get")]
    assert not positional, positional


def test_a_confidence_level_is_called_confidence():
    wrong = []
    for name, func in FUNCTIONS:
        for p in inspect.signature(func).parameters.values():
            if p.name == "ci" or (p.name == "level" and isinstance(p.default, float)):
                wrong.append(f"{name}({p})")
    assert not wrong, wrong


def test_no_flag_changes_what_a_function_returns():
    flags = []
    for name, func in FUNCTIONS:
        for p in inspect.signature(func).parameters.values():
            if p.name == "details" or p.name.startswith("return_"):
                if DEPRECATED_FLAGS.get(name) == p.name and p.default is None:
                    continue
                flags.append(f"{name}({p})")
    assert not flags, flags


@pytest.mark.parametrize("name", sorted(DEPRECATED_FLAGS))
def test_a_deprecated_flag_says_so_in_the_docstring(name):
    func = dict(FUNCTIONS).get(name) or dict(FUNCTIONS)[name.replace("cohort.", "mokken.")]
    assert "2027-06-30" in inspect.getdoc(func)


def test_the_kit_itself_uses_no_deprecated_name():
    """The old spellings work for users until 2027-06-30; the kit's own code has moved on (pytest also turns a
    DeprecationWarning raised from inside the kit into an error)."""
    import ast
    from pathlib import Path

    old_names = {"ModelError", "ResponseError", "write_blog_summary_stats"}
    old_keywords = {"return_latent", "details", "ci"}
    found = []
    for path in sorted(Path(socialbiz_kit.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id in old_names:
                found.append(f"{path.name}:{node.lineno} {node.id}")
            elif isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "next_steps":
                    found.append(f"{path.name}:{node.lineno} next_steps()")
                found += [f"{path.name}:{node.lineno} {k.arg}=" for k in node.keywords
                          if k.arg in old_keywords and name not in ("cronbach_alpha", "renamed")]  # pingouin's ci=
    assert not found, found


def _has_section(doc: str, name: str) -> bool:
    import re

    return re.search(rf"^\s*{name}\n\s*-{{3,}}\s*$", doc, flags=re.M) is not None


# Public methods whose Parameters are not (yet) in their class docstring, and why.
PARAMETERS_EXCEPTIONS: dict[str, str] = {}
# Calls that check their arguments and raise a kit error (see their own Raises sections): a function that makes one
# says so in its Raises section.
CHECKS = {"load_model", "read_model", "check_settings", "check_confidence", "settings_of", "check_lang", "read_responses",
          "validate_responses", "item_matrix", "read_answers", "atomic_write", "read_yaml", "need_frame", "need_text"}
# Functions the rule above flags that cannot raise, and why.
RAISES_EXCEPTIONS = {
    "session.Session.sample_names": "load_model() of a bundled name it has just found in list_models()",
}


def _documented(name, func):
    """(docstring, function) where the documentation lives: a hand-written ``__init__`` is documented in its class's
    docstring (numpydoc); a dataclass's generated ``__init__`` has no source and documents nothing (None)."""
    import sys

    home = inspect.unwrap(func)
    if home.__name__ != "__init__":
        return inspect.getdoc(func) or "", home
    try:
        inspect.getsource(home)
    except (OSError, TypeError):
        return None, home
    cls = getattr(sys.modules[home.__module__], home.__qualname__.split(".")[0])
    return inspect.getdoc(cls) or "", home


def test_every_public_function_and_method_has_numpydoc_parameters_and_returns():
    """Issue 26 counted 19 of 167; before this test 33 of 197 public functions (module level, in ``__all__``) had
    both sections. Now all must, and the public methods of the public classes too (the reviewer counted 36
    without Parameters): Parameters when it takes any, Returns (or Yields) unless it returns None."""
    lacking, counted = [], 0
    for name, func in FUNCTIONS:
        doc, home = _documented(name, func)
        if doc is None or name in PARAMETERS_EXCEPTIONS:
            continue
        counted += 1
        sig = inspect.signature(home)
        missing = []
        if any(p not in ("self", "cls") for p in sig.parameters) and not _has_section(doc, "Parameters"):
            missing.append("Parameters")
        if (home.__name__ != "__init__" and sig.return_annotation not in (None, "None")
                and not (_has_section(doc, "Returns") or _has_section(doc, "Yields"))):
            missing.append("Returns")
        if missing:
            lacking.append(f"{name}: {', '.join(missing)}")
    assert counted > 250
    assert not lacking, lacking
    for name in PARAMETERS_EXCEPTIONS:
        assert name in dict(FUNCTIONS), f"stale exception {name}"


def _raises_or_checks(func) -> bool:
    """Whether the function's own body raises (a ``raise`` with an exception, not a bare re-raise) or calls one of
    :data:`CHECKS`. Deliberately simple: what it reaches through other helpers is not followed here (the Raises
    sections name it all the same)."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            return True
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in CHECKS:
                return True
    return False


def test_every_public_function_that_can_raise_has_a_raises_section():
    """Issue 26: 191 of 208 public functions had no Raises section. Now every public function and method whose body
    raises or calls a checking function (:data:`CHECKS`) names what it raises, in a numpydoc Raises section."""
    lacking, counted = [], 0
    for name, func in FUNCTIONS:
        doc, home = _documented(name, func)
        if doc is None or name in RAISES_EXCEPTIONS or not _raises_or_checks(home):
            continue
        counted += 1
        if not _has_section(doc, "Raises"):
            lacking.append(name)
    assert counted > 120
    assert not lacking, lacking
    for name in RAISES_EXCEPTIONS:
        assert name in dict(FUNCTIONS), f"stale exception {name}"


def test_helpers_of_rooms_and_tests_are_importable_but_not_public():
    """A reviewer found internal helpers in ``__all__`` (issue 26): they stay importable by name, for the rooms
    above them and the tests, but are no public API."""
    from socialbiz_kit import scalogram, scorm

    for module, names in [(scalogram, ("is_dask", "map_partitions", "values_of")), (scorm, ("worst_case", "encode_answers"))]:
        assert not set(names) & set(module.__all__), module.__name__
        assert all(callable(getattr(module, name)) for name in names)
