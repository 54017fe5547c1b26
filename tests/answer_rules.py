"""One set of answer-file cases for both readers: ``socialbiz_kit.responses.read_responses`` (Python) and the
self-check page's upload (``window.socialbizSelfcheck.read``). tests/test_page_browser.py runs every case
through both and asks for the same verdict and the same values (issue 25, defect 14: "one rule").

Each case is ``(id, CSV text)`` for the model ``altimeter``; whether it is accepted is what the Python reader says.
"""
from socialbiz_kit.models import load_model

HEAD = "assessment,organisation,planning_1,note:planning_1\n"


def _row(answer="3", organisation="Muster", note="", assessment="a"):
    return HEAD + f"{assessment},{organisation},{answer},{note}\n"


ANSWERS = ["3", " 3 ", "3.0", "3,0", "3.", "+3", "-0", "03", "0x3", "0X3", "0b11", "0o3", "1e0", "3e0", "Infinity",
           "NaN", "0_4", "٤", "４", "4 4", ".", "", "9", "3.5", "- 3", "3\u00a0"]

TEXTS = [" =1+1", "'=1+1", "'+49 30", "'@home", '"\'\n=x"', '"zwei\nZeilen"', "  Leerzeichen  ", "'", "''=x",
         '"a, ""b""; c"']

IDS = ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype", "x"]

# "weiß nicht" in the column dont_know (socialbiz_kit._dont_know): ids space-, ";"- or ","-separated, an answered one
# dropped, one of no statement refused; and one of a statement changed since an older version dropped
DK = "assessment,dont_know,planning_1,planning_2\n"
_OLD = next(c.since for c in load_model("altimeter").changes)
_CHANGED = load_model("altimeter").changed_since(_OLD)[0]

CASES = (
    [(f"answer {a!r}", _row(answer=a)) for a in ANSWERS]
    + [(f"organisation {o!r}", _row(organisation=o)) for o in TEXTS]
    + [(f"note {o!r}", _row(note=o)) for o in TEXTS]
    + [(f"assessment {i!r}", _row(assessment=i)) for i in IDS]
    + [("a note of 200 KB", _row(note="Beleg " * 35_000)),
       ("long layout", "assessment,item,answer\n__proto__,planning_1,4\n__proto__,planning_2,0x3\n"),
       ("long layout, plain", "assessment,item,answer\nconstructor,planning_1,4\nconstructor,planning_2,2\n"),
       ("semicolons", "assessment;planning_1;planning_2\na;3,0;2\n"),
       ("CR LF", "assessment,planning_1\r\na,2\r\n")]
    + [("dont_know, spaces", DK + "a,planning_2 presence_1,3,\n"),
       ("dont_know, semicolons", DK + 'a,"planning_2;presence_1",3,\n'),
       ("dont_know of an answered statement", DK + "a,planning_1 planning_2,3,\n"),
       ("dont_know, no statement", DK + "a,planung_2,3,\n"),
       ("dont_know, long layout", "assessment,item,answer,dont_know\na,planning_1,2,planning_3\n"),
       ("dont_know, long layout, on two rows",
        "assessment,item,answer,dont_know\na,planning_1,2,planning_3\na,planning_2,1,presence_1\n"),
       ("dont_know, older version", f"assessment,model_version,dont_know,planning_1\na,{_OLD},{_CHANGED} presence_1,3\n")]
)
