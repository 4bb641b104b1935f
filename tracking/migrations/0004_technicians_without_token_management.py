"""The Technicians group (seed_demo's) no longer lists and revokes everyone's machine
tokens: that is a manager's permission now. Other groups are left as their admins set
them."""

from django.db import migrations

TECHNICIAN_GROUP = "Technicians"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=TECHNICIAN_GROUP).first()
    withheld = Permission.objects.filter(
        content_type__app_label__in=("tracking", "msp"),
        codename__in=("manage_machine_tokens", "view_all_clients", "manage_client_access"),
    )
    if group is not None:
        group.permissions.remove(*withheld)


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_priority_urgent"),
        ("msp", "0004_existing_clients_team"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
