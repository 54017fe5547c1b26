"""The error family (socialbiz_kit.errors): every error the package makes carries a code; no plain built-in
error escapes a public function."""
import ast
import importlib
import re

import pytest
from error_sites import PACKAGE, family, sites

from socialbiz_kit import literature, load_model
from socialbiz_kit.errors import NotFoundError, SettingError, SocialbizError

CODE = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def test_every_error_the_package_makes_carries_a_code():
    found = sites()
    assert len(found) > 250  # the scan sees the package (a broken scan would find nothing and pass)
    bad = [f"{s.file}:{s.line} {s.call}: {s.bad}" for s in found if s.bad]
    assert not bad, "\n".join(bad)


def test_every_class_of_the_family_is_defined_in_errors_and_named_in_its_all():
    """One place for the family: a module raising its own kind imports it from ``errors`` (and may re-export it)."""
    from socialbiz_kit import errors

    family()  # imports every module of the package
    classes, todo = set(), [SocialbizError]
    while todo:
        cls = todo.pop()
        classes.add(cls)
        todo.extend(cls.__subclasses__())
    ours = {c for c in classes if c.__module__.split(".")[0] == "socialbiz_kit"}  # not a test's own subclass
    assert len(ours) >= 22
    elsewhere = sorted(f"{c.__module__}.{c.__name__}" for c in ours if c.__module__ != "socialbiz_kit.errors")
    assert not elsewhere, f"define these in socialbiz_kit/errors.py: {elsewhere}"
    assert {c.__name__ for c in ours} <= set(errors.__all__)
    for module, name in [("course", "CourseFileError"), ("glossary", "GlossaryFileError"),
                         ("background", "BackgroundFileError"), ("datasets", "ReferenceProfilesError"),
                         ("literature", "LiteratureFileError"), ("editions", "EditionError")]:
        assert getattr(importlib.import_module(f"socialbiz_kit.{module}"), name) is getattr(errors, name)


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
    KeyError, TypeError, FileExistsError or FileNotFoundError raised by the package would carry no code and no
    explanation (the family has OutputExistsError and DataMissingError for the last two)."""
    plain = {"ValueError", "KeyError", "TypeError", "IndexError", "LookupError", "FileExistsError", "FileNotFoundError"}
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


# --------------------------------------------------------------------------- the writers and the data folder
def _refused(write):
    from socialbiz_kit.errors import OutputExistsError, OutputFileError
    from socialbiz_kit.explain import explain_error

    with pytest.raises(FileExistsError) as info:  # code that caught FileExistsError keeps working
        write()
    err = info.value
    assert isinstance(err, OutputExistsError) and isinstance(err, OutputFileError) and isinstance(err, SocialbizError)
    return err, explain_error(err, lang="de")


def test_a_writer_refuses_an_existing_file_with_a_coded_error_of_the_family(tmp_path):
    from socialbiz_kit import builder

    path = builder.write_table_template(tmp_path / "mein_modell.csv")
    err, german = _refused(lambda: builder.write_table_template(path))
    assert err.code == "errors.output_exists" and err.params == {"path": str(path), "option": "overwrite=True"}
    assert str(path) in german and "Wählen Sie einen anderen Namen" in german and "overwrite=True" in german
    assert "exists" not in german


def test_the_questionnaire_and_the_command_name_their_option(tmp_path):
    from socialbiz_kit import cli
    from socialbiz_kit.questionnaire import write_questionnaire

    pdf = tmp_path / "fragebogen.pdf"
    pdf.write_bytes(b"%PDF")
    err, german = _refused(lambda: write_questionnaire("altimeter", pdf))
    assert err.code == "errors.output_exists" and "--force" in german and str(pdf) in german
    mine = tmp_path / "mein_modell.yaml"
    mine.write_text("x", encoding="utf-8")
    err, german = _refused(lambda: cli._template(str(mine)))
    assert err.code == "errors.output_exists_keep" and "löschen Sie die Datei zuerst" in german
    assert mine.read_text(encoding="utf-8") == "x" and pdf.read_bytes() == b"%PDF"


def test_a_missing_data_folder_is_a_coded_filenotfounderror(tmp_path, monkeypatch):
    from socialbiz_kit import _data
    from socialbiz_kit.errors import DataMissingError
    from socialbiz_kit.explain import explain_error

    _data.data_dir.cache_clear()
    try:
        with monkeypatch.context() as m, pytest.raises(FileNotFoundError) as info:
            m.setattr(_data, "__file__", str(tmp_path / "socialbiz_kit" / "_data.py"))
            _data.data_dir()
    finally:
        _data.data_dir.cache_clear()  # found again where it is (the words below need it)
    err = info.value
    assert isinstance(err, DataMissingError) and isinstance(err, SocialbizError) and err.code == "errors.data_missing"
    german = explain_error(err, lang="de")
    assert str(tmp_path / "socialbiz_kit" / "data") in german and "Installieren Sie das Kit neu" in german
