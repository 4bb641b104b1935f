"""Every tracking and context recall changelist costs the same queries for 3 rows as for
12 (no N+1), and takes the client filters the client hub links with."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext

from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.testing.factories import (
    CommandRunFactory,
    FileChangeFactory,
    InfrastructureChangeFactory,
    MachineFactory,
    ProblemSolutionFactory,
    ProjectFactory,
    TagFactory,
    TaskFactory,
    TimeEntryFactory,
    WorkItemFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db

# changelist -> the query string that narrows it to one client
CLIENT_FILTERS = {
    "tracking/project": "client__id__exact",
    "tracking/worksession": "client__id__exact",
    "tracking/workitem": "session__client__id__exact",
    "tracking/task": "client__id__exact",
    "tracking/timeentry": "client__id__exact",
    "tracking/commandrun": "session__client__id__exact",
    "tracking/filechange": "session__client__id__exact",
    "tracking/problemsolution": "client__id__exact",
    "tracking/infrastructurechange": "infrastructure__client__id__exact",
    "context_recall/conversationcontext": "client__id__exact",
    "context_recall/contextsnippet": "client__id__exact",
    "context_recall/projectstate": "project__client__id__exact",
    "context_recall/decisionlog": "project__client__id__exact",
}


def rows_of_one_client():
    client = ClientFactory()
    session = WorkSessionFactory(client=client)
    project = ProjectFactory(client=client)
    item = WorkItemFactory(session=session)
    TaskFactory(client=client, assignee=session.technician)
    TimeEntryFactory(client=client, session=session, work_item=item, description="Patched")
    CommandRunFactory(session=session)
    FileChangeFactory(session=session)
    ProblemSolutionFactory(client=client)
    InfrastructureChangeFactory(infrastructure__client=client)
    MachineFactory()
    TagFactory()
    ConversationContextFactory(project=project, session=session)
    ContextSnippetFactory(client=client)
    ProjectStateFactory(project=project)
    DecisionLogFactory(project=project, session=session)
    return client


@pytest.fixture
def superuser():
    browser = DjangoClient()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


@pytest.mark.parametrize("path", [*CLIENT_FILTERS, "tracking/machine", "tracking/tag"])
def test_changelist_queries_do_not_grow_with_rows(superuser, path):
    url = f"/admin/{path}/"
    for _ in range(3):
        rows_of_one_client()
    with CaptureQueriesContext(connection) as few:
        assert superuser.get(url).status_code == 200
    for _ in range(9):
        rows_of_one_client()
    with CaptureQueriesContext(connection) as many:
        response = superuser.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 12
    assert len(many) == len(few), "\n".join(q["sql"] for q in many)


@pytest.mark.parametrize(("path", "parameter"), CLIENT_FILTERS.items())
def test_changelist_narrows_to_one_client(superuser, path, parameter):
    mine = rows_of_one_client()
    rows_of_one_client()
    response = superuser.get(f"/admin/{path}/", {parameter: str(mine.pk)})
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert len(rows) >= 1
    assert len(rows) < response.context["cl"].root_queryset.count()
