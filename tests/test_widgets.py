"""The self-check widget, driven without a browser; every number must equal what scoring says."""
import subprocess
import sys

import numpy as np
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import data_path, load_dataset
from socialbiz_kit.responses import read_responses
from socialbiz_kit.scoring import next_steps, score
from socialbiz_kit.store import Store
from socialbiz_kit.widgets import SelfCheck, result_panel

pytest.importorskip("ipywidgets")
ALT = load_model("altimeter")


def test_importing_the_widgets_module_does_not_import_ipywidgets():
    code = "import sys, socialbiz_kit.widgets; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sample_company_result_equals_scoring():
    sc = SelfCheck("altimeter", company="berger")
    expected = score(load_dataset("sample_answers_altimeter").loc[["berger"]], ALT)
    assert sc.result["stage"].iloc[0] == expected["stage"].iloc[0] == 2
    assert sc.result["index"].iloc[0] == pytest.approx(expected["index"].iloc[0])
    assert sc.organisation.value == "Kanzlei Berger & Partner"
    assert 'data-stage="2"' in sc.panel.value and "Präsenz" in sc.panel.value
    n = len(ALT.items)
    assert sc.progress.value == n and f"{n} von {n}" in sc.progress_text.value


def test_changing_answers_updates_stage_and_next_steps():
    sc = SelfCheck("altimeter", company="berger")
    for item in ALT.stage(3).items:
        sc.set_answer(item.id, 4)
    assert sc.result["stage"].iloc[0] == 4
    assert 'data-stage="4"' in sc.panel.value
    for step in ALT.stage(4).next_steps:
        assert step.de in sc.panel.value
    sc.set_answer("planning_1", None)
    assert sc.progress.value == len(ALT.items) - 1


def test_language_switch_keeps_answers():
    sc = SelfCheck("cotc", company="velo_nord")
    before = sc.result[["stage", "index"]].iloc[0].tolist()
    sc.lang_choice.value = "en"
    assert sc.result[["stage", "index"]].iloc[0].tolist() == before
    assert "Operational" in sc.panel.value and "Next steps" in sc.panel.value
    assert sc.answer_widgets["experimental_strategy"].options[1][0] == "0 – not at all"
    assert "Self-check" in sc.title.value


def test_model_switch_and_blank_start():
    sc = SelfCheck("altimeter", company="quellwerk")
    sc.model_choice.value = "cotc"
    assert sc.model.id == "cotc" and sc.result["stage"].iloc[0] == 5
    sc.company_choice.value = ""
    assert sc.organisation.value == "" and all(v is None for v in sc.answers.values())
    assert sc.result["stage"].iloc[0] == 1  # the baseline stage


def test_comparison_with_the_sample_companies():
    sc = SelfCheck("altimeter")
    sc.organisation.value = "Meine GmbH"
    assert "Meine GmbH" in sc.panel.value and "Quellwerk Software GmbH" in sc.panel.value
    assert 'class="sbk-you"' in sc.panel.value


def test_csv_download_round_trips(tmp_path):
    import base64
    import re

    sc = SelfCheck("altimeter", company="kraemer")
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', sc.csv_link.value).group(1)
    path = tmp_path / "a.csv"
    path.write_bytes(base64.b64decode(href))
    back = read_responses(path, "altimeter")
    original = load_dataset("sample_answers_altimeter").loc["kraemer", list(ALT.item_ids)]
    np.testing.assert_array_equal(back.iloc[0][list(ALT.item_ids)].to_numpy(dtype=float), original.to_numpy(dtype=float))


def test_upload_continues_and_bad_upload_shows_a_message():
    sc = SelfCheck("altimeter")
    content = data_path("sample_answers_cotc.csv").read_bytes()
    sc._on_upload({"new": ({"name": "meine.csv", "content": memoryview(content)},)})
    assert sc.model.id == "cotc" and sc.organisation.value == "Bäckerei Sonnenkorn"
    assert "erste" in sc.message.value
    sc._on_upload({"new": ({"name": "kaputt.csv", "content": memoryview(b"assessment,experimental_strategy\nx,9\n")},)})
    assert "sbk-msg-err" in sc.message.value and "kaputt.csv, Zeile 2" in sc.message.value
    assert "Traceback" not in sc.message.value
    assert sc.organisation.value == "Bäckerei Sonnenkorn"  # nothing entered was lost


def test_save_to_store_and_report(tmp_path):
    store = Store(tmp_path / "r.sqlite")
    sc = SelfCheck("altimeter", company="lindner", store=store)
    saved = sc.save()
    assert saved == 1 and "Nr. 1" in sc.message.value
    frame = store.to_frame(ALT)
    assert frame.loc[0, "organisation"] == "Modehaus Lindner"
    sc.organisation.value = ""
    assert sc.save() is None and "Namen der Organisation" in sc.message.value and len(store) == 1
    sc.organisation.value = '<script>alert(1)</script>'
    page = sc.report_html()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    sc._on_report()
    assert 'download="bericht_script_alert_1_script.html"' in sc.report_link.value


def test_result_panel_without_ipywidgets():
    answers = load_dataset("sample_answers_cotc").loc[["kraemer"]]
    r = score(answers, "cotc", lang="en")
    page = result_panel(r.iloc[0], next_steps(r, "cotc", lang="en"), "cotc", lang="en")
    assert "Uncertain" in page and "unknown" in page and 'data-stage="1"' in page
