"""Recompute data/blog_summaries.yaml (word and theme counts of the two German blog summaries) from the seeds.

    python tools/blog_summary_stats.py SEEDS_DIR [OUT]     (OUT: data/blog_summaries.yaml by default)

A maintainer's tool: the kit ships only the counts, never the texts. The counting rules are the package's own
(:func:`socialbiz_kit.text.blog_summary_stats`), so a learner's copy counts the same; this script only writes them.
It was ``socialbiz_kit.text.write_blog_summary_stats`` before (issue 26: a maintainer's tool out of the package).
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from socialbiz_kit.text import BLOG_SUMMARIES, blog_summary_stats

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("# Word and theme counts of the two German blog summaries the kit was made from (the project's\n"
          "# seeds/ folder). Only counts are shipped, never the texts. Written by tools/blog_summary_stats.py;\n"
          "# recompute from your own copy with socialbiz_kit.text.blog_summary_stats(paths=...).\n")


def write(seeds_dir: str | Path, out: str | Path | None = None) -> Path:
    """Count the seeds' texts with the package's rules and write the YAML file; returns its path."""
    seeds_dir = Path(seeds_dir)
    stats = blog_summary_stats({m: seeds_dir / f for m, f in BLOG_SUMMARIES.items()})
    out = Path(out) if out is not None else ROOT / "data" / "blog_summaries.yaml"
    texts = {}
    for model, file in BLOG_SUMMARIES.items():
        row = stats.loc[model]
        texts[model] = {"file": file, "sha256": str(row["sha256"]),
                        "counts": {k: int(row[k]) for k in stats.columns if k != "sha256"}}
    body = yaml.safe_dump({"schema_version": 1, "texts": texts}, sort_keys=False, allow_unicode=True)
    out.write_text(HEADER + body, encoding="utf-8")
    return out


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    print(f"written: {write(*sys.argv[1:])}")
