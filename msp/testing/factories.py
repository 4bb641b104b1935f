"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

TEST_PASSWORD = "correct-horse-battery-staple-42"
# Every test user and client is in this team unless a test says otherwise (``teams=[]``),
# as after the upgrade migration: tests that are not about access see their own rows
# through the real scoping, and access tests build the other client explicitly.
SHARED_TEAM = "test-team"


def shared_team() -> Group:
    return Group.objects.get_or_create(name=SHARED_TEAM)[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"tech{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Technician {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """``permissions=["msp.view_client", ...]`` grants those model permissions."""
        if not create or not extracted:
            return
        for dotted in extracted:
            app_label, codename = dotted.split(".", 1)
            self.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        """``teams=[group, ...]`` instead of the shared test team; ``teams=[]``: none."""
        if create:
            self.groups.add(*(extracted if extracted is not None else [shared_team()]))


class StaffUserFactory(UserFactory):
    is_staff = True


class TechnicianFactory(UserFactory):
    """A member of the Technicians group that ``seed_demo`` sets up: the permissions a
    technician really has (no reveal, no colleagues' tokens, no client access grants)."""

    @factory.post_generation
    def technician(self, create, extracted, **kwargs):
        if not create:
            return
        from msp.demo import TECHNICIAN_GROUP, technician_group

        group = Group.objects.filter(name=TECHNICIAN_GROUP).first() or technician_group()
        self.groups.add(group)
