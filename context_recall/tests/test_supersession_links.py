"""Supersession links stored on the search documents (``search.links``): kept on save,
rewrite, delete and rebuild, never across clients, explicit for decisions, and shown in
what recall answers (JSON, MCP and the hook's block). Transactional: InnoDB FULLTEXT sees
committed rows only."""

from __future__ import annotations

import datetime
import functools

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from context_recall import scoring, search, selectors, services
from context_recall.models import RecallDocument, RecallVector
from context_recall.packing import RecallItem, pack
from context_recall.search import documents, embedding, links
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
)
from msp.http import deferring
from msp.testing.factories import TechnicianFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC


def when(month: int, day: int = 1) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 9, 0, tzinfo=UTC)


def firmware(project, version: str, month: int, **kwargs):
    """A session about FW01's firmware: one subject, another version each time."""
    return ConversationContextFactory(
        project=project,
        title=f"FW01 Sophos firewall firmware upgraded to SFOS {version}",
        summary=f"Goal: upgrade FW01 to SFOS {version}; the HA pair followed, VPN tunnels up.",
        current_state=f"FW01 runs SFOS {version}.",
        occurred_at=when(month),
        **kwargs,
    )


def doc(obj, kind: str = "context") -> RecallDocument:
    return RecallDocument.objects.get(kind=kind, object_id=obj.pk)


def newer_of(obj, kind: str = "context"):
    """The memory ``obj``'s document is superseded by (its object id), or None."""
    target = doc(obj, kind).superseded_by_id
    if target is None:
        return None
    return RecallDocument.objects.get(id=target).object_id


@pytest.fixture
def project():
    return ProjectFactory(client=ClientFactory(name="Acme"), name="Acme network")


def test_the_subject_test_holds_for_the_fixtures():
    a, b = embedding.get_embedder().embed(
        [
            "FW01 Sophos firewall firmware upgraded to SFOS 19.5",
            "FW01 Sophos firewall firmware upgraded to SFOS 20.0",
        ]
    )
    assert float(a @ b) >= scoring.WEIGHTS.subject_cosine


def test_a_newer_memory_links_the_older_on_save(project):
    old = firmware(project, "19.5", 3)
    assert newer_of(old) is None
    new = firmware(project, "20.0", 9)
    assert newer_of(old) == new.pk
    assert newer_of(new) is None
    unrelated = ConversationContextFactory(
        project=project, title="Printer toner ordered", occurred_at=when(10)
    )
    assert newer_of(old) == new.pk and newer_of(unrelated) is None


def test_what_happened_earlier_is_the_older_whatever_the_order_of_saving(project):
    new = firmware(project, "20.0", 9)
    old = firmware(project, "19.5", 3)  # imported later: last spring's transcript
    assert newer_of(old) == new.pk
    assert newer_of(new) is None


def test_the_newest_wins_and_a_deleted_newer_hands_the_link_back(project):
    first = firmware(project, "19.0", 2)
    second = firmware(project, "19.5", 5)
    third = firmware(project, "20.0", 9)
    assert newer_of(first) == third.pk and newer_of(second) == third.pk
    third.delete()
    assert newer_of(first) == second.pk
    assert newer_of(second) is None
    second.delete()
    assert newer_of(first) is None


def test_a_rewritten_newer_keeps_or_drops_the_link_by_what_it_now_says(project):
    old = firmware(project, "19.5", 3)
    new = firmware(project, "20.0", 9)
    first_row = doc(new).id
    new.current_state = "FW01 runs SFOS 20.0 MR1 since the hotfix."
    new.save()
    assert doc(new).id != first_row  # a rewrite is a new row ...
    assert newer_of(old) == new.pk  # ... and the link follows it
    new.title, new.summary = "Printer toner ordered", "Goal: order toner for the lobby printer"
    new.current_state = "Toner arrives Tuesday."
    new.save()
    assert newer_of(old) is None


def test_never_linked_across_clients_or_projects():
    acme, beta = ClientFactory(name="Acme"), ClientFactory(name="Beta")
    pa, pb = ProjectFactory(client=acme), ProjectFactory(client=beta)
    old = firmware(pa, "19.5", 3)
    theirs = firmware(pb, "20.0", 9)
    sibling = firmware(ProjectFactory(client=acme), "20.0", 10)
    text = "FW01 Sophos firewall firmware: SFOS {} is the approved release."
    acme_wide = ContextSnippetFactory(client=acme, title="FW01", content=text.format("19.5"))
    beta_wide = ContextSnippetFactory(client=beta, title="FW01", content=text.format("20.0"))
    assert newer_of(old) is None
    assert newer_of(theirs) is None and newer_of(sibling) is None
    assert newer_of(acme_wide, "snippet") is None and newer_of(beta_wide, "snippet") is None
    assert not RecallDocument.objects.exclude(superseded_by=None).exists()


def test_an_explicit_decision_supersession_is_a_link(project):
    old = DecisionLogFactory(
        project=project, title="Backups to NAS01", decision="Back up to NAS01 nightly"
    )
    new = DecisionLogFactory(
        project=project, title="Offsite copy", decision="Use Wasabi immutable storage"
    )
    services.supersede(old, new)
    assert newer_of(old, "decision") == new.pk
    # A later memory on the same subject does not take the explicit link over.
    ContextSnippetFactory(
        project=project, title="Backups to NAS01", content="Back up to NAS01 nightly, 2 AM"
    )
    assert newer_of(old, "decision") == new.pk
    new.rationale = "Ransomware-proof, and cheaper than a second NAS."
    new.save()  # a rewrite of the successor's document
    assert newer_of(old, "decision") == new.pk
    answer = selectors.recall(project, q="Back up NAS01 Wasabi immutable offsite")
    shown = {item.id: item for item in answer.items}
    assert str(old.pk) not in shown  # a superseded decision leaves recall
    assert [link.id for link in shown[str(new.pk)].supersedes] == [str(old.pk)]


def test_rebuild_and_link_all_recompute_the_same_links(project):
    first = firmware(project, "19.0", 2)
    second = firmware(project, "19.5", 5)
    third = firmware(project, "20.0", 9)
    before = {newer_of(first), newer_of(second), newer_of(third)}
    search.rebuild_index()
    assert newer_of(first) == third.pk and newer_of(second) == third.pk
    assert {newer_of(first), newer_of(second), newer_of(third)} == before
    RecallDocument.objects.update(superseded_by=None)
    from context_recall.models import DecisionLog

    assert links.link_all(RecallDocument, DecisionLog) == 2
    assert newer_of(first) == third.pk


def test_recall_says_which_is_newer_in_json_and_text(project):
    old = firmware(project, "19.5", 3)
    new = firmware(project, "20.0", 9)
    user = TechnicianFactory()
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(
        "/api/v1/recall/",
        {"project": str(project.pk), "q": "FW01 SFOS firmware", "record_usage": "false"},
    )
    assert response.status_code == 200, response.content
    items = {item["id"]: item for item in response.json()["items"]}
    shown_new = items[str(new.pk)]
    assert shown_new["superseded_by"] is None
    assert shown_new["supersedes"][0]["id"] == str(old.pk)
    assert shown_new["supersedes"][0]["occurred_at"].startswith("2026-03-01")
    formatted = response.json()["formatted"]
    assert "(Supersedes " in formatted
    if str(old.pk) in items:  # shown anyway: it says what replaced it
        assert items[str(old.pk)]["superseded_by"]["id"] == str(new.pk)
        assert "(Superseded by the newer " in formatted


def test_an_older_memory_shown_alone_names_its_successor(project):
    old = firmware(project, "19.5", 3)
    new = ConversationContextFactory(
        project=project,
        title="FW01 now on SFOS 20.0 after the HA failover test",
        summary="Goal: move FW01 and its HA peer to SFOS 20.0 during the maintenance window.",
        occurred_at=when(9),
    )
    assert newer_of(old) == new.pk
    answer = selectors.recall(project, q="FW01 SFOS firmware", exclude=[("context", new.pk)])
    (item,) = answer.items
    assert item.id == str(old.pk)
    assert item.superseded_by is not None and item.superseded_by.id == str(new.pk)
    assert item.superseded_by.title == new.title
    assert f'(Superseded by the newer "{new.title[:40]}' in answer.formatted


def test_the_successor_comes_with_the_candidate_s_row(project, django_assert_num_queries):
    old = firmware(project, "19.5", 3)
    new = firmware(project, "20.0", 9)

    def successor_of_old() -> tuple[str, str]:
        retrieval = selectors.retrieve(project, "FW01 SFOS firmware")
        older = next(c for c in retrieval.candidates if c.object_id == old.pk.hex)
        # One query: the older one's row, and the successor it names read in the same
        # query through the project's scope.
        with django_assert_num_queries(1):
            loaded = selectors._load(project, [older], limit=1)
        described = {older.doc_id: documents.describe("context", old)}
        with django_assert_num_queries(0):
            successor, _ = selectors._links({}, loaded, described)
        return successor[older.doc_id].id, successor[older.doc_id].title

    # Not a candidate itself: named from the older one's row.
    assert successor_of_old() == (str(new.pk), new.title)
    # Indexed before documents kept titles: the title is read through the project's scope.
    RecallDocument.objects.filter(kind="context", object_id=new.pk).update(title="")
    assert successor_of_old() == (str(new.pk), new.title)


def test_links_name_no_memory_outside_the_project_s_scope(project):
    """The engines' partition is the project; its scope also requires the memory's client
    to be the project's. A memory out of step with it (written around the services) is
    never named by a link, older or newer."""
    from context_recall.models import ConversationContext

    other = ClientFactory(name="Other")
    old = firmware(project, "19.5", 3)
    new = ConversationContextFactory(  # not a near-duplicate: the older one may be shown
        project=project,
        title="FW01 now on SFOS 20.0 after the HA failover test",
        summary="Goal: move FW01 and its HA peer to SFOS 20.0 during the maintenance window.",
        occurred_at=when(9),
    )
    assert newer_of(old) == new.pk

    def links_of(query_excluding=()):
        answer = selectors.recall(project, q="FW01 SFOS firmware", exclude=query_excluding)
        return {item.id: item for item in answer.items}

    shown = links_of()
    assert [link.id for link in shown[str(new.pk)].supersedes] == [str(old.pk)]

    ConversationContext.objects.filter(pk=old.pk).update(client=other)
    shown = links_of()
    assert str(old.pk) not in shown and shown[str(new.pk)].supersedes == ()

    ConversationContext.objects.filter(pk=old.pk).update(client=project.client)
    ConversationContext.objects.filter(pk=new.pk).update(client=other)
    shown = links_of(query_excluding=[("context", new.pk)])
    assert str(new.pk) not in shown and shown[str(old.pk)].superseded_by is None


def test_never_two_near_duplicates_in_one_answer(project, monkeypatch):
    text = "Goal: rotate the Veeam service account password on VBR01 and update the jobs."
    old = ConversationContextFactory(
        project=project, title="VBR01 service account", summary=text, occurred_at=when(3)
    )
    new = ConversationContextFactory(
        project=project, title="VBR01 service account.", summary=text, occurred_at=when(4)
    )
    # Even when ranking compares no pair (a window of none), the answer holds one of them.
    monkeypatch.setattr(scoring, "rank", functools.partial(scoring.rank, window=0))
    ids = [item.id for item in selectors.recall(project, q="VBR01 service account").items]
    assert ids == [str(new.pk)] or ids == [str(old.pk)]


def test_the_links_line_is_short_and_fits_the_budget():
    from context_recall.packing import Link

    item = RecallItem(
        kind="context",
        id="1",
        title="FW01 firmware",
        score=1.0,
        text="FW01 runs SFOS 19.5. " * 40,
        superseded_by=Link("context", "2", "FW01 Sophos firewall firmware " * 5, when(9)),
    )
    result = pack([item], 100)
    line = result.formatted.splitlines()[1]
    assert line.startswith('(Superseded by the newer "FW01 Sophos firewall firmware')
    assert line.endswith(", 2026-09-01.)") and len(line) < 100
    assert len(result.formatted) <= 400


def test_indexing_a_save_reads_the_scope_once(project, django_assert_max_num_queries):
    for version, month in (("19.0", 2), ("19.5", 5)):
        firmware(project, version, month)
    context = ConversationContextFactory.build(
        project=project,
        title="FW01 Sophos firewall firmware upgraded to SFOS 20.0",
        summary="Goal: upgrade FW01",
        occurred_at=when(9),
    )
    # The inserts (document, vector), the scope's vectors (or the rows since the copy
    # held), the close documents' dates and names, the link updates.
    with django_assert_max_num_queries(9):
        context.save()
    assert documents.kind_of(type(context)) == "context"


def test_a_save_in_a_request_links_once_the_response_is_sent(project):
    old = firmware(project, "19.5", 3)
    with deferring() as after_response:
        new = firmware(project, "20.0", 9)
        # The document and its vector are written with the save.
        assert RecallVector.objects.filter(document_id=doc(new).id).exists()
        assert newer_of(old) is None
    assert len(after_response) == 1
    after_response[0]()
    assert newer_of(old) == new.pk


def test_an_api_save_is_linked_when_its_answer_is_out(project):
    old = firmware(project, "19.5", 3)
    api = APIClient()
    api.force_authenticate(TechnicianFactory())
    response = api.post(
        "/api/v1/contexts/",
        {
            "project": str(project.pk),
            "title": "FW01 Sophos firewall firmware upgraded to SFOS 20.0",
            "summary": "Goal: upgrade FW01 to SFOS 20.0; the HA pair followed, VPN tunnels up.",
            "current_state": "FW01 runs SFOS 20.0.",
            "occurred_at": when(9).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert str(newer_of(old)) == response.json()["id"]


def test_a_link_deferred_past_a_rollback_finds_nothing_to_link(project):
    old = firmware(project, "19.5", 3)
    with deferring() as after_response, pytest.raises(RuntimeError), transaction.atomic():
        firmware(project, "20.0", 9)
        raise RuntimeError("the request failed after the save")
    for work in after_response:
        work()
    assert newer_of(old) is None
    assert RecallDocument.objects.filter(kind="context").count() == 1
