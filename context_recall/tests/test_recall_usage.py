"""Recall is a read: the callers bump usage, the API once its answer is out, at most once a
minute per memory. And loading the winners keeps exactly the project's scope."""

from __future__ import annotations

import io
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.test import APIRequestFactory, force_authenticate

from context_recall import selectors, services
from context_recall.models import ConversationContext, ProjectState
from context_recall.scoring import Features
from context_recall.search import documents
from context_recall.selectors import SEARCHED_MODELS
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from context_recall.viewsets import RecallView
from msp.http import run_after_response
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
from tracking.services.tagging import set_tags, tag_names
from tracking.testing.factories import ProblemSolutionFactory, ProjectFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def close(response) -> None:
    """``response.close()`` as the test client calls it: its ``request_finished`` must not
    close the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def usage(obj) -> tuple[int, datetime | None]:
    obj.refresh_from_db()
    return obj.usage_count, obj.last_recalled_at


def test_recall_writes_nothing_and_names_what_it_handed_out():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project)
    state = ProjectStateFactory(project=project)
    result = selectors.recall(project)
    assert result.recalled_ids() == {"project_state": [str(state.pk)], "context": [str(ctx.pk)]}
    assert usage(ctx) == (0, None) and usage(state) == (0, None)


def test_the_api_answers_first_and_bumps_usage_when_the_response_is_closed(user):
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project)
    request = APIRequestFactory().get("/api/v1/recall/", {"project": str(project.pk)})
    force_authenticate(request, user=user)
    response = RecallView.as_view()(request)
    response.render()
    assert [i["id"] for i in json.loads(response.content)["items"]] == [str(ctx.pk)]
    assert usage(ctx) == (0, None)  # the answer is complete, nothing bumped yet
    close(response)  # what the WSGI/ASGI handler does once the body is sent
    count, recalled_at = usage(ctx)
    assert count == 1 and recalled_at is not None


def test_a_failing_after_response_task_is_logged_and_the_others_still_run(caplog):
    response = HttpResponse("sent")
    ran = []

    def broken() -> None:
        raise RuntimeError("database went away")

    run_after_response(response, lambda: ran.append("first"))
    run_after_response(response, broken)
    run_after_response(response, lambda: ran.append("last"))
    with caplog.at_level(logging.ERROR, logger="msp.http"):
        close(response)
    assert ran == ["first", "last"]
    assert "database went away" in caplog.text


def test_the_recall_command_bumps_after_printing_unless_told_not_to():
    project = ProjectFactory(slug="acme-ops")
    ctx = ConversationContextFactory(project=project, title="Backup window moved")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("recall", "acme-ops", "--no-bump", **quiet)
    assert usage(ctx) == (0, None)
    out = io.StringIO()
    call_command("recall", "acme-ops", stdout=out, stderr=io.StringIO())
    assert "Backup window moved" in out.getvalue()
    assert usage(ctx)[0] == 1


# --- the compiled scope ------------------------------------------------------------------


@pytest.fixture
def every_kind_everywhere():
    """Rows of every kind in and out of the scope of ``mine`` (of client Acme) and of
    ``lone`` (no client); answers (mine, lone, every row by kind)."""
    acme, beta = ClientFactory(), ClientFactory()
    mine, sibling = ProjectFactory(client=acme), ProjectFactory(client=acme)
    theirs, lone = ProjectFactory(client=beta), ProjectFactory(client=None)
    rows: dict[str, list] = {kind: [] for kind in SEARCHED_MODELS}
    for project in (mine, sibling, theirs, lone):
        client = project.client
        session = WorkSessionFactory(project=project, client=client)
        rows["context"].append(ConversationContextFactory(project=project))
        set_tags(rows["context"][-1], ["vpn", "Firewall", f"p-{project.pk}"])
        rows["snippet"].append(ContextSnippetFactory(project=project))
        old, new = DecisionLogFactory(project=project), DecisionLogFactory(project=project)
        services.supersede(old, new)
        rows["decision"] += [old, new]
        rows["project_state"].append(ProjectStateFactory(project=project))
        rows["problem_solution"].append(ProblemSolutionFactory(session=session, client=client))
        rows["problem_solution"].append(ProblemSolutionFactory(session=session, client=None))
    for client in (acme, beta, None):
        rows["snippet"].append(ContextSnippetFactory(project=None, client=client))
        set_tags(rows["snippet"][-1], ["vpn"])
        rows["problem_solution"].append(ProblemSolutionFactory(session=None, client=client))
    for client in (acme, beta):
        rows["infrastructure_note"].append(
            InfrastructureFactory(client=client, environmental_notes="UPS flaky")
        )
        rows["infrastructure_note"].append(
            InfrastructureFactory(client=client, environmental_notes="")
        )
    return mine, lone, rows


def candidate(kind: str, pk) -> Features:
    return Features(
        doc_id=0, kind=kind, object_id=pk.hex, importance=5, usage_count=0, occurred_at=T0,
        entities=frozenset(),
    )  # fmt: skip


def test_loading_keeps_exactly_the_scope_and_what_describing_needs(
    every_kind_everywhere, django_assert_num_queries
):
    mine, lone, rows = every_kind_everywhere
    candidates = [candidate(kind, row.pk) for kind in rows for row in rows[kind]]
    for project in (mine, lone):
        loaded = selectors._load(project, candidates, limit=len(candidates)).winners
        for kind in rows:
            expected = selectors.scoped_queryset(project, kind)
            if kind == "project_state":
                expected = expected.select_related("project")
            by_pk = {obj.pk: obj for obj in expected}
            got = [(c, obj) for c, obj in loaded if c.kind == kind]
            assert {obj.pk for _, obj in got} == set(by_pk), (project, kind)
            for _, obj in got:
                with django_assert_num_queries(0):  # the project comes with its state
                    described = documents.describe(kind, obj)
                assert described == documents.describe(kind, by_pk[obj.pk])
    kinds_of_mine = {
        c.kind for c, _ in selectors._load(mine, candidates, limit=len(candidates)).winners
    }
    assert kinds_of_mine == set(SEARCHED_MODELS)  # the scope checked above is no empty one
    loaded = selectors._load(lone, candidates, limit=len(candidates)).winners
    context = next(obj for c, obj in loaded if c.kind == "context")
    assert isinstance(context, ConversationContext) and isinstance(context.key_decisions, list)
    state = next(obj for c, obj in loaded if c.kind == "project_state")
    assert isinstance(state, ProjectState) and state.project == lone


def test_every_kind_s_document_carries_its_memory_s_tags(every_kind_everywhere):
    from context_recall.models import RecallDocument

    _, _, rows = every_kind_everywhere
    set_tags(rows["decision"][0], ["Zeta", "alpha"])
    set_tags(rows["problem_solution"][0], ["dns"])
    for kind, objs in rows.items():
        for obj in objs:
            if documents.scope_of(kind, obj) is None:
                continue
            stored = RecallDocument.objects.get(kind=kind, object_id=obj.pk).tags
            tagged = documents.SOURCES_BY_KIND[kind].tagged
            expected = sorted(tag_names(obj), key=str.casefold) if tagged else []
            assert stored == "\n".join(expected), (kind, obj.pk)
    assert RecallDocument.objects.filter(tags="alpha\nZeta").count() == 1


def test_loading_costs_one_query_per_kind(django_assert_num_queries):
    project = ProjectFactory()
    winners = [ConversationContextFactory(project=project) for _ in range(5)]
    decision = DecisionLogFactory(project=project)
    candidates = [candidate("context", o.pk) for o in winners] + [
        candidate("decision", decision.pk)
    ]
    with django_assert_num_queries(2):
        loaded = selectors._load(project, candidates, limit=10).winners
    assert [obj.pk for _, obj in loaded] == [o.pk for o in winners] + [decision.pk]


def test_usage_counts_at_most_once_a_minute_and_reaches_the_search_document():
    from context_recall.models import RecallDocument

    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="Backup window moved")
    services.bump_usage({"context": [ctx.pk]})
    services.bump_usage({"context": [ctx.pk]})
    assert usage(ctx)[0] == 1
    document = RecallDocument.objects.get(kind="context", object_id=ctx.pk)
    assert document.usage_count == 1
    ConversationContext.objects.filter(pk=ctx.pk).update(
        last_recalled_at=timezone.now() - timedelta(minutes=2)
    )
    services.bump_usage({"context": [ctx.pk]})
    assert usage(ctx)[0] == 2


def test_record_usage_false_leaves_usage_alone(user):
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="Backup window moved")
    request = APIRequestFactory().get(
        "/api/v1/recall/", {"project": str(project.pk), "q": "backup", "record_usage": "false"}
    )
    force_authenticate(request, user=user)
    response = RecallView.as_view()(request)
    assert response.status_code == 200 and response.data["items"]
    close(response)
    assert usage(ctx) == (0, None)


def test_tags_asked_for_rank_first_and_every_item_shows_its_tags():
    project = ProjectFactory()
    plain = ConversationContextFactory(project=project)
    tagged = ConversationContextFactory(
        project=project, occurred_at=timezone.now() - timedelta(days=10)
    )
    set_tags(tagged, ["VPN", "ipsec"])
    untold = selectors.recall(project)
    asked = selectors.recall(project, tags=["vpn"])
    assert [i.id for i in untold.items] == [str(plain.pk), str(tagged.pk)]
    assert [i.id for i in asked.items] == [str(tagged.pk), str(plain.pk)]
    for result in (untold, asked):
        assert {i.id: i.tags for i in result.items} == {
            str(plain.pk): (),
            str(tagged.pk): ("ipsec", "VPN"),
        }


def test_a_stored_uuid_reads_as_hex_in_every_form():
    value = uuid.uuid4()
    for form in (value, str(value), str(value).upper(), value.hex, value.hex.upper()):
        assert selectors._hex(form) == value.hex
