import django.db.models.deletion
from django.db import migrations, models


def link_documents(apps, schema_editor):
    """Link the documents already indexed (their vectors and names are stored)."""
    from context_recall.search import links

    links.link_all(
        apps.get_model("context_recall", "RecallDocument"),
        apps.get_model("context_recall", "DecisionLog"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("context_recall", "0006_claude_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="recalldocument",
            name="superseded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="supersedes",
                to="context_recall.recalldocument",
            ),
        ),
        migrations.AddField(
            model_name="recalldocument",
            name="title",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(link_documents, migrations.RunPython.noop, elidable=True),
    ]
