"""Credential notes are redacted on save from now on (msp.models.credentials); this does
the same once for the notes already stored, so that no column keeps a plaintext password
said in prose ("old password: ...") or passed on a command line."""

from django.db import migrations


def redact_notes(apps, schema_editor):
    from msp.redaction import redact

    Credential = apps.get_model("msp", "Credential")
    rows = Credential.objects.exclude(notes="").values_list("pk", "notes")
    for pk, notes in rows.iterator(chunk_size=500):
        cleaned = redact(notes)
        if cleaned != notes:
            Credential.objects.filter(pk=pk).update(notes=cleaned)


class Migration(migrations.Migration):
    dependencies = [("msp", "0001_initial")]

    # Irreversible by nature: what was redacted is gone. Reversing is allowed (no-op) so
    # that later migrations can still be unapplied.
    operations = [migrations.RunPython(redact_notes, migrations.RunPython.noop)]
