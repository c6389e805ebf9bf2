"""Start a news fixture from an article file and its index.jsonl provenance record.

    python scripts/new_fixture.py ../shared/articles/wikinews-japan-enters-recession.txt [FOLDER]

Copies the article beside the new fixture and writes the YAML header; the `expected`
summary is then labelled by hand (see evals/README.md).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

FIXTURES = (
    Path(sys.argv[2])
    if len(sys.argv) > 2
    else Path(__file__).resolve().parent.parent / "evals" / "fixtures" / "news"
)


def main(article: str) -> None:
    source = Path(article)
    index = source.parent / "index.jsonl"
    record = {}
    if index.exists():
        for line in index.read_text().splitlines():
            entry = json.loads(line)
            if entry.get("file") == source.name:
                record = entry
    fixture_id = source.stem
    target = FIXTURES / f"{fixture_id}.yaml"
    if target.exists():
        raise SystemExit(f"{target} exists")
    shutil.copyfile(source, FIXTURES / source.name)
    words = len(source.read_text(encoding="utf-8").split())
    header = {
        "id": fixture_id,
        "title": record.get("title", fixture_id),
        "source": "Wikinews" if record.get("source") == "wikinews" else record.get("source", "?"),
        "url": record.get("url"),
        "date": record.get("date"),
        "licence": record.get("licence", "?"),
        "article_file": source.name,
    }
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in header.items()]
    lines += [f"words: {words}", "tags: []", "expected:", "  gist: ''", "  actors: []",
              "  claims: []", "  figures: []", "  contested_points: []", ""]  # fmt: skip
    target.write_text("\n".join(lines), encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main(sys.argv[1])
