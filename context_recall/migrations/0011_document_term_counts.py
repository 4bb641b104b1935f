"""Search documents carry each distinct term with its count, which BM25 reads instead of
the indexed words (every term repeated behind its scope's key). Existing documents get
theirs from their words."""

from collections import Counter

from django.db import migrations, models

BATCH = 1000


def term_counts(words: str) -> str:
    # As context_recall.scoring.term_counts writes them (" vpn:2 licens:1 "), from the
    # scoped words ("p1a2b3c4d5e6f_vpn ...").
    terms = Counter(word.split("_", 1)[-1] for word in words.split())
    return " " + "".join(f"{term}:{count} " for term, count in terms.items())


def fill(apps, schema_editor):
    documents = apps.get_model("context_recall", "RecallDocument")
    last = 0
    while True:
        batch = list(documents.objects.filter(id__gt=last).order_by("id").only("id", "words")[:BATCH])
        if not batch:
            return
        for document in batch:
            document.term_counts = term_counts(document.words)
        documents.objects.bulk_update(batch, ["term_counts"])
        last = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [
        ("context_recall", "0010_document_vectors"),
    ]

    operations = [
        migrations.AddField(
            model_name="recalldocument",
            name="term_counts",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
