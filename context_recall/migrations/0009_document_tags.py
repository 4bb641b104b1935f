"""Search documents carry their memory's tag names, which recall then reads with the
candidates instead of in a query of its own. Existing documents get theirs here."""

from django.db import migrations, models

# The kinds whose tags are indexed (context_recall.search.documents.SOURCES).
TAGGED = {
    "context": ("context_recall", "conversationcontext"),
    "snippet": ("context_recall", "contextsnippet"),
    "decision": ("context_recall", "decisionlog"),
    "problem_solution": ("tracking", "problemsolution"),
}
BATCH = 500


def fill_tags(apps, schema_editor):
    document_model = apps.get_model("context_recall", "RecallDocument")
    content_types = apps.get_model("contenttypes", "ContentType")
    tagged_items = apps.get_model("tracking", "TaggedItem")
    for kind, (app_label, model) in TAGGED.items():
        content_type = content_types.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:  # a fresh database: nothing tagged yet
            continue
        names: dict = {}
        for object_id, name in tagged_items.objects.filter(
            content_type_id=content_type.pk
        ).values_list("object_id", "tag__name"):
            names.setdefault(object_id, []).append(name)
        object_ids = list(names)
        for start in range(0, len(object_ids), BATCH):
            documents = list(
                document_model.objects.filter(
                    kind=kind, object_id__in=object_ids[start : start + BATCH]
                ).only("id", "object_id")
            )
            for document in documents:
                document.tags = "\n".join(sorted(names[document.object_id], key=str.casefold))
            document_model.objects.bulk_update(documents, ["tags"])


class Migration(migrations.Migration):
    dependencies = [
        ("context_recall", "0008_claude_session_forks"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tracking", "0005_unbill_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="recalldocument",
            name="tags",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_tags, migrations.RunPython.noop),
    ]
