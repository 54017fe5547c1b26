"""Display tables in the learner's language (socialbiz_kit.tables)."""
import numpy as np
import pandas as pd

from socialbiz_kit.tables import localise


def test_german_and_english_numbers_words_and_dashes():
    t = pd.DataFrame({"f": [0.755, np.nan, 1.0], "b": [True, False, True], "n": [1, 2, 3],
                      "s": ["ein langer Text " * 10, "kurz", None]}, index=["x", "y", "z"])
    de = localise(t, "de")
    assert de["f"].tolist() == ["0,76", "–", "1,00"]
    assert de["b"].tolist() == ["ja", "nein", "ja"]
    assert de["n"].tolist() == [1, 2, 3]
    assert de["s"].iloc[0] == "ein langer Text " * 10 and de["s"].iloc[2] == "–"
    assert list(de.index) == ["x", "y", "z"]
    en = localise(t, "en", decimals=1)
    assert en["f"].tolist() == ["0.8", "–", "1.0"] and en["b"].tolist() == ["yes", "no", "yes"]


def test_percent_columns_and_the_original_is_untouched():
    t = pd.DataFrame({"Anteil": [0.5, 0.125]})
    assert localise(t, "de", percent=("Anteil",))["Anteil"].tolist() == ["50\u00a0%", "12\u00a0%"]
    assert t["Anteil"].tolist() == [0.5, 0.125]


def test_show_renders_stable_escaped_html_with_text_left():
    from socialbiz_kit.tables import show

    t = pd.DataFrame({"Organisation": ["Berger & Partner <b>"], "Index": [3.5]}).set_index("Organisation")
    html = show(t, "de")._repr_html_()
    assert html == show(t, "de")._repr_html_()  # no random ids: stored outputs stay the same
    assert "Berger &amp; Partner &lt;b&gt;" in html and "<b>" not in html
    assert "3,50" in html and "3.50" not in html
    assert repr(show(t, "de")).splitlines()[-1].split() == ["Berger", "&", "Partner", "<b>", "3,50"]
