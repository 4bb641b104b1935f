"""Document vectors move to a table keyed by (scope, document): reading a scope's vectors
then reads them side by side (InnoDB's primary key is its row order) instead of one
wide document row at a time."""

from django.db import migrations, models

BATCH = 1000


def move_vectors(apps, schema_editor):
    documents = apps.get_model("context_recall", "RecallDocument")
    vectors = apps.get_model("context_recall", "RecallVector")
    last = 0
    while True:
        rows = list(
            documents.objects.filter(id__gt=last, vector__isnull=False)
            .order_by("id")
            .values_list("id", "scope", "length", "vector")[:BATCH]
        )
        if not rows:
            return
        vectors.objects.bulk_create(
            vectors(document_id=id_, scope=scope, length=length, vector=bytes(vector))
            for id_, scope, length, vector in rows
        )
        last = rows[-1][0]


def restore_vectors(apps, schema_editor):
    documents = apps.get_model("context_recall", "RecallDocument")
    vectors = apps.get_model("context_recall", "RecallVector")
    for document_id, vector in vectors.objects.values_list("document_id", "vector").iterator():
        documents.objects.filter(id=document_id).update(vector=vector)


class Migration(migrations.Migration):
    dependencies = [
        ("context_recall", "0009_document_tags"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecallVector",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "scope",
                        "document_id",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("scope", models.CharField(max_length=33)),
                ("document_id", models.BigIntegerField()),
                (
                    "length",
                    models.PositiveIntegerField(
                        default=0, help_text="The document's number of terms."
                    ),
                ),
                ("vector", models.BinaryField()),
            ],
        ),
        migrations.RunPython(move_vectors, restore_vectors),
        migrations.RemoveField(
            model_name="recalldocument",
            name="vector",
        ),
    ]
