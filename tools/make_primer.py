"""Write notebooks/90_python_einstieg.ipynb (the optional primer of the code track) from the cells below.

    python tools/make_primer.py [OUT]     then: make notebooks NOTEBOOKS=notebooks/90_python_einstieg.ipynb

The notebook is the source students read; this script only keeps its cells and tags in one reviewable place.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


def md(text: str, *tags: str):
    return new_markdown_cell(text.strip("\n"), metadata={"tags": list(tags)} if tags else {})


def code(text: str, *tags: str):
    return new_code_cell(text.strip("\n"), metadata={"tags": list(tags)} if tags else {})


CELLS = [
    md("""
# 90 · Python und pandas in 20 Minuten

**Dauer:** etwa 20 Minuten · **Vorkenntnisse:** keine · **Für wen:** alle, die in den Notebooks den freiwilligen
Code-Pfad gehen möchten. Wer nur den Pfad ohne Code bearbeitet, braucht dieses Notebook nicht.

Die Nummer 90 steht für einen Anhang: Sie können das Notebook jederzeit bearbeiten, am besten vor Notebook 01.

## Lernziele
Nach diesem Notebook können Sie

1. eine Code-Zelle ausführen und ihr Ergebnis lesen;
2. Werte unter einem Namen speichern, Listen anlegen und wissen, dass Python ab 0 zählt;
3. eine Tabelle (einen pandas-*DataFrame*) anlegen, Spalten auswählen und Zeilen nach einer Bedingung auswählen;
4. Zeilen über ihre Nummer im Modell statt über ihre Position ansprechen (`loc` statt `iloc`);
5. eine Fehlermeldung lesen und die häufigsten Ursachen beheben.
"""),
    md("""
## 1 · Eine Zelle ausführen (2 Minuten)
Klicken Sie in die graue Zelle darunter und drücken Sie **Umschalt + Eingabe**. Python rechnet, und das Ergebnis
erscheint unter der Zelle. Die Zahl in eckigen Klammern links zeigt, in welcher Reihenfolge Zellen gelaufen sind.
"""),
    code("2 + 3"),
    md("""
## 2 · Namen für Werte (3 Minuten)
Mit `=` speichern Sie einen Wert unter einem Namen. Danach können Sie mit dem Namen rechnen. Python schreibt
Dezimalzahlen mit einem **Punkt**: `0.75` im Code ist dieselbe Zahl wie 0,75 im Text.
"""),
    code("""
schwelle = 0.75
anzahl_stufen = 6
schwelle * anzahl_stufen
"""),
    md("""
Text steht in Anführungszeichen. Ein `f` vor den Anführungszeichen setzt Werte in geschweiften Klammern ein:
"""),
    code("""
modell = "Altimeter"
f"{modell} beschreibt {anzahl_stufen} Stufen."
"""),
    md("""
## 3 · Listen – und warum Python ab 0 zählt (4 Minuten)
Eine Liste hält mehrere Werte in einer festen Reihenfolge. `len` zählt, wie viele es sind.
"""),
    code("""
stufen = ["Planung", "Präsenz", "Engagement"]
len(stufen)
"""),
    md("""
Mit eckigen Klammern holen Sie einen Eintrag heraus. **Achtung:** Python zählt Positionen ab 0. Der erste Eintrag
steht an Position 0, der zweite an Position 1. Die Stufen der Modelle beginnen dagegen bei 1 – diese beiden
Zählweisen auseinanderzuhalten ist die häufigste Stolperstelle im Code-Pfad.
"""),
    code("stufen[0], stufen[1]"),
    md("""
## 4 · Das Kit laden (2 Minuten)
`import` macht ein Paket verfügbar. Das Kit heißt `socialbiz_kit`; wir kürzen es mit `sbk` ab. `load_model` lädt
ein Modell. Die Zeile danach liest sich so: *für jede Stufe des Modells nimm ihren deutschen Namen*.
"""),
    code("""
import pandas as pd

import socialbiz_kit as sbk

alt = sbk.load_model("altimeter")
[stufe.name.de for stufe in alt.stages]
"""),
    md("""
## 5 · Eine Tabelle (5 Minuten)
pandas ist das Werkzeug für Tabellen. Ein *DataFrame* entsteht zum Beispiel aus Spalten: Jede Spalte hat einen
Namen und eine Liste von Werten. Die fett gedruckte Zahl links ist die Zeilenbeschriftung, die pandas vergibt –
auch sie beginnt bei 0.
"""),
    code("""
tab = pd.DataFrame({
    "Nummer": [s.number for s in alt.stages],
    "Stufe": [s.name.de for s in alt.stages],
    "Aussagen": [len(s.items) for s in alt.stages],
})
tab
"""),
    md("""
Spalten wählen Sie mit ihrem Namen in doppelten eckigen Klammern aus:
"""),
    code('tab[["Stufe", "Aussagen"]]'),
    md("""
Zeilen wählen Sie mit einer Bedingung aus. `tab["Aussagen"] >= 5` prüft für jede Zeile, ob die Bedingung
zutrifft; `tab[...]` behält nur die Zeilen, für die sie zutrifft.
"""),
    code('tab[tab["Aussagen"] >= 5]'),
    md("""
`.sum()` addiert eine Spalte; `print` zeigt das Ergebnis als schlichte Zahl.
"""),
    code('print(tab["Aussagen"].sum())'),
    md("""
## 6 · Zeilen über die Nummer statt über die Position (3 Minuten)
`iloc` wählt nach **Position** (ab 0): `tab.iloc[[4]]` ist die fünfte Zeile – also Stufe 5.
"""),
    code("tab.iloc[[4]]"),
    md("""
Sicherer ist es, die Stufennummer selbst zur Zeilenbeschriftung zu machen (`set_index`) und dann mit `loc` nach
dieser Beschriftung zu wählen. Dann heißt `5` wirklich Stufe 5:
"""),
    code("""
nach_nummer = tab.set_index("Nummer")
nach_nummer.loc[[5]]
"""),
    md("""
## 7 · Wenn etwas schiefgeht (1 Minute)
Eine Fehlermeldung liest man von unten: Die letzte Zeile nennt die Art des Fehlers.

- `NameError`: Ein Name ist unbekannt. Meist wurde eine Zelle weiter oben noch nicht ausgeführt.
- `KeyError`: Eine Spalte oder Zeile gibt es nicht. Prüfen Sie die Schreibweise, auch Groß- und Kleinschreibung.
- `SyntaxError`: Eine Klammer oder ein Anführungszeichen fehlt.

Wenn gar nichts mehr geht: *Kernel → Kernel neu starten und alle Zellen ausführen*.
"""),
    md("""
## Übungen
"""),
    md("""
**Übung 1 (Code).** Legen Sie eine Liste `hohe_stufen` mit den Namen aller Stufen ab Nummer 4 an. Wählen Sie dazu
die Zeilen mit einer Bedingung wie in Abschnitt 5 aus, nehmen Sie die Spalte `"Stufe"` und machen Sie mit
`list(...)` eine Liste daraus. *(Lernziel 3)*
""", "exercise"),
    code("""
hohe_stufen = list(tab.loc[tab["Nummer"] >= 4, "Stufe"])
hohe_stufen
""", "solution"),
    code("""
assert isinstance(hohe_stufen, list)
assert hohe_stufen == [s.name.de for s in alt.stages if s.number >= 4]
""", "tests"),
    md("""
**Übung 2 (Code).** Welcher Anteil aller Aussagen gehört zu den Stufen 1 bis 3? Speichern Sie ihn als `anteil`
(eine Zahl zwischen 0 und 1) und geben Sie ihn mit `print(round(anteil, 2))` aus. *(Lernziele 2 und 3)*
""", "exercise"),
    code("""
anteil = tab.loc[tab["Nummer"] <= 3, "Aussagen"].sum() / tab["Aussagen"].sum()
print(round(anteil, 2))
""", "solution"),
    code("""
assert abs(anteil - sum(len(s.items) for s in alt.stages if s.number <= 3) / len(alt.items)) < 1e-9
""", "tests"),
    md("""
**Übung 3 (Nachdenken, ohne Code).** `tab.iloc[[1]]` und `nach_nummer.loc[[1]]` zeigen verschiedene Stufen.
Erklären Sie in zwei Sätzen, warum, und welche Schreibweise Sie verwenden würden, wenn andere Ihren Code lesen
sollen. *(Lernziel 4)*
""", "exercise"),
    md("""
*Musterantwort.* `iloc` zählt Positionen ab 0, daher ist `tab.iloc[[1]]` die zweite Zeile, also Stufe 2;
`nach_nummer.loc[[1]]` wählt die Zeile mit der Beschriftung 1, also Stufe 1. Für andere Lesende ist `loc` mit
der Stufennummer als Beschriftung klarer, weil die Zahl im Code dieselbe ist wie im Modell.
""", "answer"),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook(cells=CELLS)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "notebooks" / "90_python_einstieg.ipynb"
    nbformat.write(build(), out)
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
