"""Upgrading keeps everyone working: before teams existed every user saw every client, so
every existing client joins one team that holds every existing user. Managers then split
it up (docs/security.md, "Access model"). A fresh database has no client: nothing to do."""

from django.conf import settings
from django.db import migrations

UPGRADE_TEAM = "All technicians"


def forwards(apps, schema_editor):
    Client = apps.get_model("msp", "Client")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    clients = list(Client.objects.values_list("pk", flat=True))
    if not clients:
        return
    team, _ = Group.objects.get_or_create(name=UPGRADE_TEAM)
    Client.teams.through.objects.bulk_create(
        [Client.teams.through(client_id=pk, group_id=team.pk) for pk in clients],
        ignore_conflicts=True,
    )
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=pk, group_id=team.pk)
            for pk in User.objects.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("msp", "0003_client_teams"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
