"""The glossary: one term per concept, and no word to avoid in the learner-facing German text of data/."""
import pytest
import yaml

from socialbiz_kit.glossary import GlossaryFileError, data_texts, find_avoided, glossary_frame, load_glossary, term


def test_the_kits_terms():
    assert [term(t).de for t in ("stage", "statement", "self_check", "roadmap", "assessment", "kit_reading")] == [
        "Stufe", "Aussage", "Selbstcheck", "Fahrplan", "Einschätzung", "Lesart des Kits"]
    assert term("guidelines").de == "Leitlinien"  # not "Richtlinien": one word for one concept
    assert all(t.de and t.en for t in load_glossary().values())


@pytest.mark.parametrize("text,term_id", [
    ("Die zweite Etappe", "stage"), ("keine Frage des Modells", "statement"), ("Erste Hilfe nach dem Kauf", "post_purchase_help"),
    ("Social ist Teil des Gewebes", "embedded"), ("Berichte in Geschäftsgrößen", "business_results"),
    ("die Patenschaft der Leitung", "executive_sponsor"), ("ein zerklüftetes Profil", "jagged_profile"),
    ("Crosswalk der Modelle", "stage_mapping"), ("Social-Media-Richtlinien", "guidelines"),
    ("Wie sozial ist Ihre Organisation?", "social_business"), ("Die Stufen 2 sind offen", "stage"),
    ("0 keine Stufe erreicht", "stage"), ("Marketing - und Service", "dash"),
    ("wie Church of the Customer es sieht", "journey"), ("die Kunden fragen", "customers"),
])
def test_each_word_to_avoid_is_found(text, term_id):
    assert term_id in {f.term for f in find_avoided(text)}


@pytest.mark.parametrize("text", [
    "Fragen der Kundschaft werden beantwortet.", "Kundinnen und Kunden", "Kundenerlebnis und Kundenkontakt",
    "Social Engagement Journey („Church of the Customer“)", "Social-Media-Leitlinien", "Stufe 2 – Präsenz",
])
def test_allowed_text_passes(text):
    assert find_avoided(text) == []


def test_no_word_to_avoid_in_learner_facing_german_text_of_data():
    findings = [f for where, text in data_texts(lang="de") for f in find_avoided(text, where=where)]
    assert not findings, "\n".join(f"{f.where}: '{f.found}' -> {f.use}  ({f.context})" for f in findings[:40])


def test_data_texts_cover_every_data_file():
    wheres = {w.split(":")[0] for w, _ in data_texts(lang="de")}
    for name in ("models/altimeter.yaml", "models/cotc.yaml", "ui.yaml", "crosswalk.yaml", "sample_companies.csv",
                 "literature.yaml", "background.yaml", "design_principles.yaml", "reference_profiles.yaml"):
        assert name in wheres, name


def test_glossary_frame_and_broken_file(tmp_path):
    frame = glossary_frame(lang="de")
    assert frame.columns.tolist() == ["Begriff", "Englisch", "Bedeutung", "Nicht verwenden (Muster)"]
    assert "Etappen?" in frame.loc[frame.Begriff == "Stufe", "Nicht verwenden (Muster)"].iloc[0]
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "terms": [
        {"id": "x", "de": "X", "en": "x", "avoid": [{"text": "(unclosed", "use": "y"}]}]}), encoding="utf-8")
    with pytest.raises(GlossaryFileError, match=r"terms\[0\]\.avoid\[0\]\.text: not a valid regular expression"):
        load_glossary(path)


def _notebook_and_guide_texts():
    """(where, text) for every Markdown cell and stored output of the notebooks and every page of the guide.

    Prose goes through ``glossary.prose`` (code, quotations and italic titles are not the kit's words); table
    cells in outputs are kept apart by " | ", so that two neighbouring cells never read as one phrase."""
    import html
    import json
    import re
    from pathlib import Path

    from socialbiz_kit.glossary import prose

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "notebooks").glob("[0-9][0-9]*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name}, Zelle {i}", prose("".join(cell["source"]))
            else:  # labels and titles a plot shows are written in the code cell
                labels = re.findall(r"(?:label|title)\(?=?\s*f?\"([^\"]*)\"", "".join(cell["source"]))
                yield f"{path.name}, Zelle {i} (Grafik)", " | ".join(labels)
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/html" in data:
                    text = re.sub(r"<style.*?</style>", " ", "".join(data["text/html"]), flags=re.S)
                    text = html.unescape(re.sub(r"<[^>]+>", " | ", text))
                else:
                    text = "".join(data.get("text/plain", [])) or "".join(out.get("text", []))
                yield f"{path.name}, Zelle {i} (Ausgabe)", " ".join(re.sub(r"[ \t]{2,}", " | ", text).split())
    for path in sorted((root / "docs" / "leitfaden").glob("*.md")):
        yield f"leitfaden/{path.name}", prose(path.read_text(encoding="utf-8"))


def test_no_word_to_avoid_in_notebooks_their_outputs_or_the_guide():
    """The glossary holds over what learners and lecturers read: notebook prose, stored tables and the guide."""
    texts = list(_notebook_and_guide_texts())
    assert len(texts) > 200  # every notebook and page was read
    findings = [f for where, text in texts for f in find_avoided(text, where=where)]
    assert not findings, "\n".join(f"{f.where}: '{f.found}' -> {f.use}  ({f.context})" for f in findings[:40])


def test_prose_drops_what_is_not_the_kits_own_words():
    from socialbiz_kit.glossary import prose

    assert prose("`Bewertung` und\n> ein Zitat mit Etappe\n- Stufe") == "und Stufe"
    assert "Richtlinien" not in prose("die *Richtlinien zur\nManuskriptgestaltung* der DGPs")
    assert find_avoided(prose("Hier steht eine Etappe.")), "prose keeps the kit's own sentence"
