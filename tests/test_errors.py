"""The error family (socialbiz_kit.errors): every error the package makes carries a code; no plain built-in
error escapes a public function."""
import ast
import re

import pytest
from error_sites import PACKAGE, sites

from socialbiz_kit import literature, load_model
from socialbiz_kit.errors import NotFoundError, SettingError, SocialbizError

CODE = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def test_every_error_the_package_makes_carries_a_code():
    found = sites()
    assert len(found) > 250  # the scan sees the package (a broken scan would find nothing and pass)
    bad = [f"{s.file}:{s.line} {s.call}: {s.bad}" for s in found if s.bad]
    assert not bad, "\n".join(bad)


def test_codes_are_keys_of_data_ui_yaml():
    codes = {c for s in sites() for c in s.codes}
    assert len(codes) > 150
    assert all(CODE.match(c) for c in codes), sorted(c for c in codes if not CODE.match(c))


def _caught_here(raise_node: ast.Raise, parents: dict) -> bool:
    """A bare ``raise ValueError`` inside a ``try`` that catches it (a local jump, never seen by a caller)."""
    name = ast.unparse(raise_node.exc.func if isinstance(raise_node.exc, ast.Call) else raise_node.exc)
    node = raise_node
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.Try) and node in parent.body:
            for handler in parent.handlers:
                caught = ast.unparse(handler.type) if handler.type is not None else ""
                if name in re.findall(r"\w+", caught):
                    return True
        node = parent
    return False


def test_no_plain_value_key_or_type_error_escapes():
    """Users catch the family (or ValueError/KeyError, which the family includes); a plain ValueError,
    KeyError or TypeError raised by the package would carry no code and no explanation."""
    plain = {"ValueError", "KeyError", "TypeError", "IndexError", "LookupError"}
    escaping = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name == "_compat.py":  # a call Python itself would refuse (two values for lang) gets Python's TypeError
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            func = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(func, ast.Name) and func.id in plain and not _caught_here(node, parents):
                escaping.append(f"{path.name}:{node.lineno}")
    assert not escaping, escaping


def test_a_name_that_is_not_there_is_a_keyerror_and_a_valueerror_of_the_family():
    with pytest.raises(NotFoundError) as info:
        load_model("altimeter").stage(9)
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, ValueError) and isinstance(err, SocialbizError)
    assert str(err).startswith("model 'altimeter' has no stage 9")  # the message, not the message in quotes
    assert err.code == "errors.no_stage" and err.params["stage"] == 9
    with pytest.raises(KeyError):  # code that caught KeyError keeps working
        literature.reference("no_such_entry")


def test_code_and_params_are_kept_apart_from_the_message():
    err = SettingError("anything", code="errors.threshold", value=1.5)
    assert (str(err), err.code, err.params) == ("anything", "errors.threshold", {"value": 1.5})
    assert SocialbizError("no code").code is None
