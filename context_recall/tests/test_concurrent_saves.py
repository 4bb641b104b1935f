"""What concurrent hook saves and a multi-node database need from recall and the hook
service: a path learned by two first saves at once is no error, and the full-text
candidates of equal rank are cut the same way on every node."""

from __future__ import annotations

import pytest
from django.db import connection

from context_recall.models import RecallDocument
from context_recall.search import analysis, documents, mariadb
from context_recall.services import hooks
from context_recall.testing.factories import ConversationContextFactory
from tracking.models import ProjectPath
from tracking.testing.factories import MachineFactory, ProjectFactory, ProjectPathFactory

pytestmark = pytest.mark.django_db


def test_a_path_learned_by_another_save_in_the_meantime_is_no_error(monkeypatch):
    machine = MachineFactory()
    first, second = ProjectFactory(), ProjectFactory()
    # The other hook call committed its mapping after this call checked for one: the
    # check is made to miss it once, as it did in that race.
    ProjectPathFactory(machine=machine, project=first, path="/home/tech/src/acme")
    real_filter = ProjectPath.objects.filter
    calls: list[int] = []

    def filter_missing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            return real_filter(pk=None)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(ProjectPath.objects, "filter", filter_missing_once)
    hooks.remember_path(machine, second, "/home/tech/src/acme")
    monkeypatch.undo()
    # First mapping wins, nothing raised (a 400 to the hook before).
    assert list(ProjectPath.objects.filter(machine=machine).values_list("project", flat=True)) == [
        first.pk
    ]


@pytest.mark.django_db(transaction=True)  # InnoDB indexes a document once it is committed
def test_candidates_of_equal_rank_are_cut_by_id():
    # On one server InnoDB's order of equal ranks happens to be the insertion order; on a
    # Galera node that applied write sets in parallel it was not (bench/cluster/scale_test.py
    # found different answers per node). The contract is checked here, the divergence there.
    if connection.vendor != "mysql":
        pytest.skip("needs a MariaDB DATABASE_URL: the InnoDB full-text backend")
    project = ProjectFactory()
    for n in range(6):  # "phoenix" once in each: the same rank for every document
        ConversationContextFactory(
            project=project, title=f"Phoenix tunnel {n}", summary="Phase 2 lifetime fixed."
        )
    scope = documents.scopes_of(project.pk, project.client_id)[0]
    terms = [f"{documents.scope_key(scope)}_{analysis.stem('phoenix')}"]
    ids = sorted(RecallDocument.objects.filter(kind="context").values_list("pk", flat=True))
    assert len(ids) == 6
    found = [row[0] for row in mariadb.search(connection, terms, 3)]
    assert sorted(found) == ids[:3]
