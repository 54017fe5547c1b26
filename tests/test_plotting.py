"""Plot helpers: return Axes, draw what they claim, no side effects on import."""
import subprocess
import sys

import pandas as pd
import pytest

from socialbiz_kit import plotting


def test_importing_the_kit_imports_no_plotting_or_widget_library():
    code = ("import sys, socialbiz_kit, socialbiz_kit.plotting, socialbiz_kit.models;"
            "print(sorted(m for m in ('matplotlib', 'seaborn', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("lang,first", [("de", "Planung"), ("en", "Planning")])
def test_ladder_draws_one_step_per_stage(lang, first):
    ax = plotting.ladder("altimeter", lang=lang)
    assert len(ax.patches) == 6
    assert [round(p.get_height()) for p in ax.patches] == [1, 2, 3, 4, 5, 6]
    texts = [t.get_text() for t in ax.texts]
    assert first in texts
    assert ("Social-Media-Management" if lang == "de" else "Social media management") in texts
    reading = "(Lesart der deutschen Zusammenfassung)" if lang == "de" else "(the German summary's reading)"
    assert texts.count(reading) == 2  # the split into two halves is labelled as the summary's reading


def test_ladder_on_given_axes_and_highlight():
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    out = plotting.ladder("cotc", lang="en", highlight=3, ax=ax)
    assert out is ax
    grey = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.85, 0.85, 0.85))]
    assert len(grey) == 4


def test_ladder_rejects_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        plotting.ladder("cotc", lang="fr")


def test_heatmap_writes_values():
    table = pd.DataFrame([[0.1, 0.9], [0.5, 1.0]], index=["a", "b"], columns=["x", "y"])
    ax = plotting.heatmap(table, title="t")
    assert sorted(t.get_text() for t in ax.texts) == ["0,10", "0,50", "0,90", "1,00"]  # German by default
    ax = plotting.heatmap(table, title="t", lang="en", decimals=1)
    assert sorted(t.get_text() for t in ax.texts) == ["0.1", "0.5", "0.9", "1.0"]


def test_heatmap_fmt_is_deprecated_and_draws_as_decimals():
    table = pd.DataFrame([[0.1, 0.9], [0.5, 1.0]], index=["a", "b"], columns=["x", "y"])
    new = sorted(t.get_text() for t in plotting.heatmap(table, decimals=0).texts)
    with pytest.warns(DeprecationWarning, match=r"heatmap\(\): fmt='\.0f' is decimals=0; fmt= is deprecated .*2027-06-30"):
        old = sorted(t.get_text() for t in plotting.heatmap(table, fmt=".0f").texts)
    assert old == new == ["0", "1", "1", "1"]  # 0.5 rounds half up, as on the pages (ui.number)


@pytest.mark.parametrize("fmt", ["d", ".2%", 2])
def test_heatmap_refuses_a_format_it_cannot_read_with_a_coded_setting_error(fmt):
    from socialbiz_kit.errors import SettingError
    from socialbiz_kit.explain import explain_error

    with pytest.raises(SettingError) as info:
        plotting.heatmap(pd.DataFrame([[1, 2]]), fmt=fmt)
    assert info.value.code == "errors.fmt_decimals" and info.value.params == {"value": fmt}
    assert "decimals=0" in explain_error(info.value, lang="de")


def test_heatmap_needs_a_table():
    from socialbiz_kit.errors import InputDataError

    with pytest.raises(InputDataError) as info:
        plotting.heatmap([[1, 2]])
    assert info.value.code == "errors.not_frame" and info.value.params == {"what": "table", "got": "list"}
