"""The HTML report: content, escaping, no network, and the report command."""
import base64
import re
from html.parser import HTMLParser

import pytest

from socialbiz_kit import load_model
from socialbiz_kit.cli import main
from socialbiz_kit.datasets import data_path, load_dataset
from socialbiz_kit.report import profile_png, render_report, write_report

COTC = load_model("cotc")


class _Refs(HTMLParser):
    """Collects every URL the page would load or link to."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster") and value:
                self.urls.append(value)


def test_report_content_in_both_languages():
    row = load_dataset("sample_answers_cotc").loc[["velo_nord"]]
    de = render_report(row, COTC, generated="2026-11-22")
    en = render_report(row, COTC, lang="en", generated="2026-11-22")
    assert "Velo Nord Manufaktur" in de and "Erreichte Stufe: 3 Operativ" in de
    assert "Stage reached: 3 Operational" in en and "Next steps" in en
    for step in COTC.stage(3).next_steps:
        assert step.de in de
    assert de.count("<tr>") == 1 + 5 + 1 + len(COTC.items)  # stage table and answer table
    assert "2026-11-22" in de


def test_report_is_self_contained_and_opens_without_network():
    page = render_report(load_dataset("sample_answers_altimeter").loc[["kraemer"]], "altimeter")
    parser = _Refs()
    parser.feed(page)
    assert parser.urls and all(u.startswith("data:image/png;base64,") for u in parser.urls)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert not re.search(r"url\(|@import|(src|href)=[\"']?https?://", page)  # addresses as text are fine
    png = base64.b64decode(parser.urls[0].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Unsicher" in page  # kraemer's missing answers are reported


def test_user_text_is_escaped():
    evil = '<script>alert("x")</script> & <b>Co</b>'
    page = render_report({"experimental_strategy": 4}, COTC, organisation=evil, assessor="<img src=x onerror=alert(1)>",
                         note='"><script>1</script>')
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    parser = _Refs()
    parser.feed(page)
    assert "script" not in parser.tags and parser.tags.count("img") == 1


def test_one_assessment_only_and_no_silent_overwrite(tmp_path):
    with pytest.raises(ValueError, match="one assessment"):
        render_report(load_dataset("sample_answers_cotc"), COTC)
    path = write_report(tmp_path / "r.html", load_dataset("sample_answers_cotc").loc[["lindner"]], COTC)
    with pytest.raises(FileExistsError):
        write_report(path, load_dataset("sample_answers_cotc").loc[["quellwerk"]], COTC)
    assert "Modehaus Lindner" in path.read_text(encoding="utf-8")


def test_profile_png_is_a_picture():
    from socialbiz_kit.scoring import score

    row = score(load_dataset("sample_answers_cotc").loc[["lindner"]], COTC).iloc[0]
    assert profile_png(row, COTC)[:4] == b"\x89PNG"


def test_report_command(tmp_path, capsys):
    out = tmp_path / "bericht.html"
    src = str(data_path("sample_answers_altimeter.csv"))
    assert main(["report", src, "--model", "altimeter", "--assessment", "bodensee", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Bodensee Versicherung AG" in page and "5 Strategisch" in page
    assert main(["report", src, "--model", "altimeter", "--out", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "holds 10 assessments; choose one with --assessment" in err and err.count("\n") == 1
    assert main(["report", src, "--assessment", "nobody", "--out", str(tmp_path / "x.html")]) == 2
    assert "sample_answers_altimeter.csv has no assessment 'nobody'" in capsys.readouterr().err
    assert main(["report", src, "--assessment", "bodensee", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bericht.html exists" in err and "use --force" in err
