"""How well the stored supersession links (context_recall/search/links.py) find the
labelled set's changed facts, per subject cosine: the table of docs/context-recall.md
("Supersession links").

    .venv/bin/python bench/supersession_links.py
    DATABASE_URL=mysql://... .venv/bin/python bench/supersession_links.py

The set's memories named ``<subject>-old`` / ``<subject>-new`` are the ground truth: the
newer changed a fact of the older. For each cosine every link is computed anew
(``links.link_all``) and the bench counts the links stored, the labelled pairs linked
old -> new, the older memories of a pair linked to another memory, and the links outside
the pairs (some right, some not: they are listed at the cosine ranking uses). Creates and
drops a throwaway test database, like the other benches.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standalone import setup_django, throwaway_database

setup_django("recall-links-")

from django.db import connection  # noqa: E402

from context_recall import scoring  # noqa: E402
from context_recall.models import DecisionLog, RecallDocument  # noqa: E402
from context_recall.search import links  # noqa: E402
from context_recall.testing import eval_runner  # noqa: E402

COSINES = (0.50, 0.55, 0.60, 0.65, 0.70, 0.80)


def labelled_pairs(keys: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (key, f"{key[:-4]}-new")
        for key in sorted(keys)
        if key.endswith("-old") and f"{key[:-4]}-new" in keys
    ]


def main() -> None:
    with throwaway_database():
        data = eval_runner.load_eval_set()
        key_of_doc: dict[int, str] = {}
        doc_of_key: dict[str, int] = {}
        for key, (kind, object_id) in data.keys.items():
            found = RecallDocument.objects.filter(kind=kind, object_id=uuid.UUID(object_id))
            for doc_id in found.values_list("id", flat=True):
                key_of_doc[doc_id] = key
                doc_of_key[key] = doc_id
        pairs = labelled_pairs(data.keys)
        in_pairs = {key for pair in pairs for key in pair}
        print(f"{len(key_of_doc)} documents, {len(pairs)} labelled pairs ({connection.vendor})\n")
        print(
            "| subject cosine | links stored | labelled pairs linked old -> new "
            "| pair's older linked elsewhere | links outside the pairs |"
        )
        print("|---:|---:|---:|---:|---:|")
        outside_at_ranking: list[tuple[str, str]] = []
        for cosine in COSINES:
            weights = scoring.WEIGHTS.with_(subject_cosine=cosine)
            total = links.link_all(RecallDocument, DecisionLog, weights)
            stored = dict(
                RecallDocument.objects.exclude(superseded_by=None).values_list(
                    "id", "superseded_by_id"
                )
            )
            linked = sum(1 for old, new in pairs if stored.get(doc_of_key[old]) == doc_of_key[new])
            elsewhere = sum(
                1
                for old, new in pairs
                if stored.get(doc_of_key[old]) not in (None, doc_of_key[new])
            )
            outside = [
                (key_of_doc.get(a, str(a)), key_of_doc.get(b, str(b)))
                for a, b in stored.items()
                if key_of_doc.get(a) not in in_pairs
            ]
            ranking = " (ranking's)" if cosine == scoring.WEIGHTS.subject_cosine else ""
            print(
                f"| {cosine:.2f}{ranking} | {total} | {linked} of {len(pairs)} | {elsewhere} "
                f"| {len(outside)} |"
            )
            if ranking:
                outside_at_ranking = outside
        print(f"\nLinks outside the labelled pairs at {scoring.WEIGHTS.subject_cosine:.2f}:")
        for older, newer in sorted(outside_at_ranking):
            print(f"  {older} -> {newer}")


if __name__ == "__main__":
    main()
