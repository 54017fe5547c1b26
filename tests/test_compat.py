"""Old spellings keep working until 2027-06-30, each with a DeprecationWarning (socialbiz_kit._compat)."""
import warnings

import pytest

from socialbiz_kit import display, load_model, models, ui
from socialbiz_kit._compat import REMOVAL, keyword_lang, renamed
from socialbiz_kit.glossary import data_texts


def test_lang_by_position_still_works_and_warns_with_the_date():
    with pytest.warns(DeprecationWarning, match=r"stages_frame\(\): pass lang= as a keyword .*2027-06-30"):
        old = models.stages_frame("altimeter", "en")
    assert old.equals(models.stages_frame("altimeter", lang="en"))
    with pytest.warns(DeprecationWarning, match="pass lang="):
        assert ui.text("common.stage", "en") == "Stage"
    with pytest.warns(DeprecationWarning, match="pass lang="):
        assert load_model("cotc").stages_frame("en").equals(models.stages_frame("cotc", lang="en"))


def test_a_keyword_call_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        display.table(models.items_frame("cotc", lang="de"), lang="de")


def test_parameters_after_lang_moved_with_it():
    with pytest.warns(DeprecationWarning, match="pass lang=, folder= as a keyword"):
        old = list(data_texts("en", None))
    assert old == list(data_texts(lang="en"))


def test_a_call_python_would_refuse_is_still_refused():
    @keyword_lang("lang")
    def f(x, *, lang="de"):
        return x, lang

    with pytest.raises(TypeError, match="multiple values"):
        f(1, "en", lang="de")
    with pytest.raises(TypeError, match="positional"):
        f(1, "en", "extra")

    @renamed(level="confidence")
    def g(*, confidence=0.95):
        return confidence

    with pytest.raises(TypeError, match="pass confidence= only"):
        g(level=0.9, confidence=0.9)
    with pytest.warns(DeprecationWarning, match=REMOVAL):
        assert g(level=0.9) == 0.9


def test_a_parameter_that_lost_its_default_still_gets_it_with_a_warning():
    from socialbiz_kit._compat import required

    @required(model="altimeter")
    def f(model, *, seed):
        return model, seed

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f("cotc", seed=1) == ("cotc", 1) == f(model="cotc", seed=1)
    with pytest.warns(DeprecationWarning, match=rf"f\(\) without model: pass it \(model='altimeter'\).*{REMOVAL}") as caught:
        assert f(seed=1) == ("altimeter", 1)
    assert caught[0].filename == __file__
