"""Finding, reading and loading model files (private; the public names live in :mod:`~socialbiz_kit.models`).

A bundled model is read once and again when its file changes (:func:`~socialbiz_kit._cache.by_file`); a file of
your own is read on every call.
"""
from __future__ import annotations

from pathlib import Path

from ._cache import by_file
from ._data import data_dir
from ._modelcheck import ModelChecker
from ._modeltypes import Model
from ._yaml import read_yaml
from .errors import ModelFileError

__all__ = ["list_models", "load_model", "read_model", "model_from_dict", "template_path", "models_dir", "bundled_model"]


def models_dir() -> Path:
    """The folder of the bundled models."""
    return data_dir() / "models"


def list_models() -> list[str]:
    """Names of the bundled models, for :func:`load_model`.

    Returns
    -------
    list of str
        The names, sorted.
    """
    return sorted(p.stem for p in models_dir().glob("*.yaml"))


def read_model(path: str | Path) -> Model:
    """Read and validate a model file; raises :class:`~socialbiz_kit.errors.ModelFileError`.

    Parameters
    ----------
    path : str or Path
        A model file (YAML).

    Returns
    -------
    Model
        The validated model.

    Raises
    ------
    ModelFileError
        If the file is missing, unreadable, not valid YAML or breaks the model schema.
    """
    path = Path(path)
    return ModelChecker(path).model(read_yaml(path, ModelFileError, needs="at least id, name and stages"))


def model_from_dict(raw: dict, *, name: str = "<dict>") -> Model:
    """Validate a model given as Python data (as ``yaml.safe_load`` would return it); errors name ``name``.

    Parameters
    ----------
    raw : dict
        The model as ``yaml.safe_load`` returns it.
    name : str, default "<dict>"
        The name used in messages.

    Returns
    -------
    Model
        The validated model.
    """
    return ModelChecker(name).model(raw)


def template_path() -> Path:
    """The commented template for a model of your own (``data/model_template.yaml``).

    Returns
    -------
    Path
        ``data/model_template.yaml``.
    """
    return data_dir() / "model_template.yaml"


@by_file
def bundled_model(path: str) -> Model:
    """A bundled model file, read once and again when it changes."""
    return read_model(path)


def load_model(name_or_path: str | Path | Model) -> Model:
    """A bundled model by name (see :func:`list_models`) or a model file of your own by path.

    A :class:`Model` passes through unchanged, so every function of the kit accepts either.

    Parameters
    ----------
    name_or_path : str, Path or Model
        A bundled model's name, a model file, or a model (passed through).

    Returns
    -------
    Model
        The validated model (a bundled one read once, and again when its file changes).

    Raises
    ------
    ModelFileError
        If ``name_or_path`` is neither a bundled model's name nor a model file, or the file cannot be read or
        breaks the model schema.
    """
    if isinstance(name_or_path, Model):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in list_models():
        return bundled_model(str(models_dir() / f"{text}.yaml"))
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return read_model(path)
    raise ModelFileError(
        text, "", f"no bundled model of that name (bundled: {', '.join(list_models())}) and no such .yaml file",
        code="errors.no_model", name=text, bundled=", ".join(list_models()),
    )
