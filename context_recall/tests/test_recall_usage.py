"""Recall is a read: the callers bump usage, the API once its answer is out. And the
paths recall takes for speed (the scope compiled once, tags loaded with the rows) answer
what the ORM does."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.test import APIRequestFactory, force_authenticate

from context_recall import search, selectors, services
from context_recall.models import ConversationContext, ProjectState
from context_recall.selectors import SEARCHED_MODELS, Candidate
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


def candidate(kind: str, pk) -> Candidate:
    return Candidate(kind, pk.hex, "", "", 5, 0, T0, "2026-01-01 00:00:00.000000")


def test_loading_keeps_exactly_the_scope_with_tags_and_what_describing_needs(
    every_kind_everywhere, django_assert_num_queries
):
    mine, lone, rows = every_kind_everywhere
    for project in (mine, lone):
        candidates = [candidate(kind, row.pk) for kind in rows for row in rows[kind]]
        loaded = selectors._load(project, candidates)
        for kind in rows:
            # The compiled form serves every kind; the ORM fallback is for surprises only.
            select = selectors._scoped_select(project, kind)
            assert select is not None, kind
            if connection.vendor == "mysql" and select is not selectors._NO_ROWS:
                assert "FORCE INDEX (PRIMARY)" in select.head, kind
            expected = selectors.scoped_queryset(project, kind)
            if kind == "project_state":
                expected = expected.select_related("project")
            by_pk = {obj.pk: obj for obj in expected}
            got = [c for c in loaded if c.kind == kind]
            assert {c.pk for c in got} == set(by_pk), (project, kind)
            for c in got:
                with django_assert_num_queries(0):  # no deferred column is read
                    described = selectors._describe(kind, c.obj)
                assert described == selectors._describe(kind, by_pk[c.pk])
                tags = tag_names(c.obj) if kind in selectors.TAGGED_KINDS else []
                assert c.tags == frozenset(tags), (kind, c.tags)
    kinds_of_mine = {c.kind for c in selectors._load(mine, candidates)}
    assert kinds_of_mine == set(SEARCHED_MODELS)  # the scope checked above is no empty one
    context = next(c for c in loaded if c.kind == "context").obj
    assert isinstance(context, ConversationContext) and isinstance(context.key_decisions, list)
    state = next(c for c in loaded if c.kind == "project_state").obj
    assert isinstance(state, ProjectState) and state.project == lone


def test_a_search_hit_fills_a_candidate_field_by_field():
    """``_search_candidates`` makes ``Candidate(*hit)``: the same fields, in order."""
    names = tuple(f.name for f in dataclasses.fields(Candidate))
    assert names[: len(search.Hit._fields)] == search.Hit._fields


def test_tags_of_every_kind_come_in_one_query(django_assert_num_queries):
    project = ProjectFactory()
    tagged = {
        "context": (ConversationContextFactory(project=project), ["VPN", "firewall"]),
        "snippet": (ContextSnippetFactory(project=project), ["ipsec"]),
        "decision": (DecisionLogFactory(project=project), ["policy"]),
        "problem_solution": (ProblemSolutionFactory(), ["outlook", "m365"]),
    }
    for obj, names in tagged.values():
        set_tags(obj, names)
    untagged = ConversationContextFactory(project=project)
    note = InfrastructureFactory()  # a kind recall shows no tags of
    set_tags(note, ["VPN"])
    candidates = [candidate(kind, obj.pk) for kind, (obj, _) in tagged.items()]
    candidates += [candidate("context", untagged.pk), candidate("infrastructure_note", note.pk)]
    with django_assert_num_queries(1):
        selectors._attach_tags(candidates)
    assert {c.kind: c.tags for c in candidates[:4]} == {
        kind: frozenset(names) for kind, (_, names) in tagged.items()
    }
    assert candidates[4].tags == frozenset() and candidates[5].tags == frozenset()


def test_tags_asked_for_rank_first_and_every_item_shows_its_tags():
    project = ProjectFactory()
    plain = ConversationContextFactory(project=project)
    tagged = ConversationContextFactory(project=project)
    set_tags(tagged, ["VPN", "ipsec"])
    ConversationContext.objects.filter(pk=tagged.pk).update(
        updated_at=timezone.now() - timedelta(days=10)
    )
    untold = selectors.recall(project)
    asked = selectors.recall(project, tags=["vpn"])
    assert [i.id for i in untold.items] == [str(plain.pk), str(tagged.pk)]
    assert [i.id for i in asked.items] == [str(tagged.pk), str(plain.pk)]
    for result in (untold, asked):
        assert {i.id: i.tags for i in result.items} == {
            str(plain.pk): (),
            str(tagged.pk): ("ipsec", "VPN"),
        }
