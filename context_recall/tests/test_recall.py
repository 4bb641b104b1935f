"""Recall end to end on the active backend (SQLite FTS5 or InnoDB FULLTEXT): isolation,
secrets, decay, search kept in step, budget, hostile queries, commands.

Transactional: InnoDB FULLTEXT sees committed rows only."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from context_recall import scoring, search, selectors, services
from context_recall.models import (
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    RecallDocument,
    RecallVector,
)
from context_recall.search import documents, embedding, mariadb, sqlite
from context_recall.search.analysis import analyse
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from context_recall.token_estimate import estimate_tokens
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
from tracking.services.tagging import set_tags
from tracking.testing.factories import ProblemSolutionFactory, ProjectFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

AWS_ID = "AKIA" + "W" * 16  # fake, built at run time
PASSWORD = "Corr3ct" + "Horse" + "!9"


def recall_ids(project, q="", **kwargs) -> list[str]:
    return [i.id for i in selectors.recall(project, q=q, **kwargs).items]


@pytest.fixture
def two_clients():
    acme, beta = ClientFactory(name="Acme"), ClientFactory(name="Beta")
    pa, pb = ProjectFactory(client=acme, name="Acme ops"), ProjectFactory(client=beta)
    mine = {
        ConversationContextFactory(project=pa, title="acme-dc01 replication fixed").pk,
        ContextSnippetFactory(client=acme, title="acme-dc01 quirk", content="Reboot twice").pk,
    }
    InfrastructureFactory(client=acme, hostname="acme-dc01", environmental_notes="UPS flaky")
    theirs = {
        ConversationContextFactory(project=pb, title="beta-dc01 replication fixed").pk,
        ContextSnippetFactory(client=beta, title="beta-dc01 quirk", content="dc01 replication").pk,
        ContextSnippetFactory(project=pb, title="beta-fs01 share", content="dc01 replication").pk,
        DecisionLogFactory(project=pb, decision="beta-dc01 replication via dc01 site link").pk,
        ProblemSolutionFactory(client=beta, title="beta-dc01 replication", symptom="dc01").pk,
    }
    ProjectStateFactory(project=pb, summary="beta-dc01 dc01 replication")
    InfrastructureFactory(client=beta, hostname="beta-dc01", environmental_notes="dc01 beta")
    return pa, pb, {str(i) for i in mine}, {str(i) for i in theirs}


def test_another_clients_memory_never_appears(two_clients):
    pa, _pb, mine, theirs = two_clients
    for q in ["beta-dc01 replication", "beta", "dc01 replication fixed quirk", ""]:
        result = selectors.recall(pa, q=q, limit=50, max_tokens=10_000)
        got = {i.id for i in result.items}
        assert not got & theirs, q
        assert "beta" not in result.formatted.lower(), (q, result.formatted)
    assert mine <= set(recall_ids(pa, "dc01 replication", limit=50))
    # The client's infrastructure notes are in scope; the other client's are not.
    kinds = {i.kind for i in selectors.recall(pa, q="acme-dc01").items}
    assert "infrastructure_note" in kinds


def test_global_and_client_snippets_are_in_scope_and_other_projects_are_not(two_clients):
    pa, *_ = two_clients
    sibling = ProjectFactory(client=pa.client)
    g = ContextSnippetFactory(title="global printer gotcha", content="printer spooler")
    s = ContextSnippetFactory(project=sibling, title="sibling printer", content="printer")
    got = recall_ids(pa, "printer")
    assert str(g.pk) in got and str(s.pk) not in got


def test_planted_secrets_are_absent_from_the_database_and_from_recall():
    project = ProjectFactory()
    ctx, _ = services.save_context(
        {"project": project, "title": "Rotate keys"},
        text=f"Goal: rotate AWS keys\n$ aws configure set aws_access_key_id {AWS_ID}\n"
        f"We decided to store the DSN mysql://app:{PASSWORD}@db/x because ops asked.",
    )
    snippet, _ = services.save_snippet(
        {"project": project, "title": "db", "content": f"password={PASSWORD} for rotate"}
    )
    for model in (ConversationContext, ContextSnippet):
        for row in model.objects.values():
            assert AWS_ID not in str(row) and PASSWORD not in str(row)
    # A row written around the service (raw UPDATE) is still redacted on the way out.
    ContextSnippet.objects.filter(pk=snippet.pk).update(content=f"rotate key {AWS_ID}")
    result = selectors.recall(project, q="rotate")
    assert {str(ctx.pk), str(snippet.pk)} <= {i.id for i in result.items}
    blob = result.formatted + repr(result.as_dict())
    assert AWS_ID not in blob and PASSWORD not in blob
    assert "[REDACTED:" in blob


def test_of_two_memories_of_the_same_fact_the_newer_work_wins():
    project = ProjectFactory()
    now = timezone.now()
    old = ConversationContextFactory(
        project=project, title="NTP drift on hv01", summary="Pointed hv01 at pool.ntp.org",
        occurred_at=now - datetime.timedelta(days=3),
    )  # fmt: skip
    new = ConversationContextFactory(
        project=project, title="NTP drift on hv01", summary="Pointed hv01 at dc01",
        occurred_at=now - datetime.timedelta(days=2), importance=3,
    )  # fmt: skip
    assert recall_ids(project, "ntp drift")[0] == str(new.pk)
    ConversationContext.objects.filter(pk=old.pk).update(
        occurred_at=now - datetime.timedelta(days=1)
    )  # the import of a later session: what happened last wins, not what was saved last
    search.rebuild_index()
    assert recall_ids(project, "ntp drift")[0] == str(old.pk)


def test_memories_about_different_things_are_both_shown_newest_first():
    project = ProjectFactory()
    now = timezone.now()
    a = ConversationContextFactory(
        project=project, title="Printer PRINT01 spooler crash", summary="Pinned driver 7.0.1",
        occurred_at=now - datetime.timedelta(days=20),
    )  # fmt: skip
    b = ConversationContextFactory(
        project=project, title="Printer PRINT02 toner alerts", summary="Set the SNMP community",
        occurred_at=now - datetime.timedelta(days=2),
    )  # fmt: skip
    assert set(recall_ids(project, "printer")) == {str(a.pk), str(b.pk)}


def test_search_stays_in_step_after_save_tags_and_delete_and_bulk_paths_after_reindex():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="zebra crossing")
    assert recall_ids(project, "zebra") == [str(ctx.pk)]
    ctx.title = "okapi sighting"
    ctx.save()
    assert recall_ids(project, "zebra") == []
    assert recall_ids(project, "okapi") == [str(ctx.pk)]
    set_tags(ctx, ["antivirus"])  # tags are searched
    assert recall_ids(project, "antivirus") == [str(ctx.pk)]
    set_tags(ctx, [])
    assert recall_ids(project, "antivirus") == []
    ConversationContext.objects.filter(pk=ctx.pk).update(summary="giraffe")  # bulk update
    made = ContextSnippet.objects.bulk_create(
        [ContextSnippet(project=project, title=f"lemur {topic}", content=text, content_hash=topic)
         for topic, text in (("feeding", "Fruit at nine, insects at four."),
                             ("enclosure", "Heater on the east wall replaced."),
                             ("vet", "Annual check booked with the zoo vet."))]
    )  # fmt: skip
    # No signal: reindex_search (or any later save) brings bulk writes in.
    call_command("reindex_search", "--no-progress", stdout=io.StringIO())
    assert recall_ids(project, "giraffe") == [str(ctx.pk)]
    assert set(recall_ids(project, "lemur")) == {str(s.pk) for s in made}
    ConversationContext.objects.filter(pk=ctx.pk).delete()  # the ORM's delete sends signals
    assert recall_ids(project, "okapi giraffe") == []
    decision = DecisionLogFactory(project=project, decision="capybara policy")
    assert recall_ids(project, "capybara") == [str(decision.pk)]
    decision.delete()
    assert recall_ids(project, "capybara") == []
    assert not RecallDocument.objects.filter(object_id__in=[ctx.pk, decision.pk]).exists()


def test_word_forms_match_by_stem_and_spelling():
    project = ProjectFactory()
    ctx = ConversationContextFactory(
        project=project, title="Licensing audit", summary="Two E3 licences were unassigned."
    )
    for q in ("license", "licenses", "licensed", "licence", "unassigned", "audits", "e3"):
        assert recall_ids(project, q) == [str(ctx.pk)], q


def test_a_search_document_carries_what_ranking_weighs_of_its_memory_kept_in_step():
    client = ClientFactory()
    project = ProjectFactory(client=client)
    session = WorkSessionFactory(project=project, client=client)
    rows = {
        "context": ConversationContextFactory(
            project=project, title="quokka notes", summary="Met the quokka.",
            key_decisions=["Keep quokka-01"], files_touched=["/etc/quokka.conf"], importance=7,
        ),
        "snippet": ContextSnippetFactory(project=project, title="quokka", importance=3),
        "decision": DecisionLogFactory(project=project, decision="quokka policy", importance=9),
        "project_state": ProjectStateFactory(project=project, summary="quokka phase"),
        "problem_solution": ProblemSolutionFactory(client=client, session=session,
                                                   title="quokka down"),
        "infrastructure_note": InfrastructureFactory(client=client, hostname="quokka-01",
                                                     environmental_notes="Quokka UPS"),
    }  # fmt: skip

    def assert_in_step() -> None:
        for kind, obj in rows.items():
            obj.refresh_from_db()
            doc = RecallDocument.objects.get(kind=kind, object_id=obj.pk)
            source = documents.SOURCES_BY_KIND[kind]
            assert doc.importance == getattr(obj, "importance", source.fixed_importance), kind
            assert doc.usage_count == getattr(obj, "usage_count", 0), kind
            assert doc.occurred_at == documents.occurred_at(obj), kind
            assert doc.scope == documents.scope_of(kind, obj), kind
            assert doc.embedding_model == embedding.model_name("wordllama"), kind
            vector = RecallVector.objects.get(scope=doc.scope, document_id=doc.id)
            assert (len(bytes(vector.vector)), vector.length) == (256 * 4, doc.length), kind
            assert "quokka" in documents.unscoped(doc.words), kind
            # What BM25 reads: the same terms, each once with its count.
            counts = scoring.parse_counts(doc.term_counts)
            assert counts == Counter(documents.unscoped(doc.words)), kind
            assert sum(counts.values()) == doc.length, kind

    assert_in_step()
    assert set(recall_ids(project, "quokka", limit=20)) == {str(o.pk) for o in rows.values()}
    recallable = services.memories.RECALL_MODELS
    services.bump_usage({k: [o.pk] for k, o in rows.items() if k in recallable})
    assert_in_step()
    rows["context"].importance = 2
    rows["context"].summary = "The quokka moved."
    rows["context"].save()
    assert_in_step()


@pytest.mark.skipif(connection.vendor != "mysql", reason="InnoDB FULLTEXT only")
def test_a_usage_bump_leaves_the_fulltext_index_alone():
    """A usage bump updates the document's count, not its words: InnoDB rewrites a row's
    FULLTEXT entries (and keeps the old ones as deleted, until ``reindex_search``) only
    when the indexed column changes."""
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="numbat count")
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SET GLOBAL innodb_ft_aux_table = %s",
                [f"{connection.settings_dict['NAME']}/{mariadb.DOCUMENTS}"],
            )
        except DatabaseError:  # no SUPER privilege on this server
            pytest.skip("cannot point innodb_ft_aux_table at the document table")

        def deleted() -> int:
            cursor.execute("SELECT COUNT(*) FROM information_schema.innodb_ft_deleted")
            return cursor.fetchone()[0]

        before = deleted()
        services.bump_usage({"context": [ctx.pk]})
        assert deleted() == before
        ctx.title = "numbat census"
        ctx.save()
        assert deleted() == before + 1  # the check can see a rewrite
    assert recall_ids(project, "census") == [str(ctx.pk)]


def test_superseded_decision_leaves_recall():
    project = ProjectFactory()
    old = DecisionLogFactory(project=project, decision="Backups to tape")
    new = services.create_decision(
        {"project": project, "decision": "Backups to object storage"}, supersedes=old
    )
    got = recall_ids(project, "backups")
    assert got == [str(new.pk)]
    assert DecisionLog.objects.get(pk=old.pk).superseded_by_id == new.pk


def test_problem_solutions_of_the_project_and_client_are_recalled():
    project = ProjectFactory()
    session = WorkSessionFactory(project=project, client=project.client)
    ps = ProblemSolutionFactory(
        session=session, client=project.client, title="Outlook prompts for password",
        symptom="modern auth loop", resolution="Reset the WAM plugin",
    )  # fmt: skip
    assert recall_ids(project, "outlook") == [str(ps.pk)]
    ps.resolution = "Re-register AAD broker"
    ps.save()
    assert recall_ids(project, "broker") == [str(ps.pk)]


def test_empty_query_gives_the_project_state_first_and_recent_work():
    project = ProjectFactory()
    state = ProjectStateFactory(project=project)
    ctx = ConversationContextFactory(project=project)
    for q in ["", "the of and", "!!! ???"]:
        result = selectors.recall(project, q=q)
        assert [i.id for i in result.items][:2] == [str(state.pk), str(ctx.pk)], q


@pytest.mark.parametrize(
    "q",
    ['"', "'", "vpn\" OR 1=1 --", "NEAR(a b)", "* - + ~ ^ ( ) :", "col:vpn", "AND OR NOT",
     "ümlaut ß", "x" * 500, "%", "\\", "\x00", "a" * 85, "😀 emoji"],
)  # fmt: skip
def test_hostile_queries_never_error(q, api):
    project = ProjectFactory()
    ConversationContextFactory(project=project, title="vpn ümlaut")
    response = api.get("/api/v1/recall/", {"project": str(project.pk), "q": q})
    if "\x00" in q:  # rejected by DRF's CharField: a JSON 400 naming q, not an error
        assert response.status_code == 400 and "q" in response.json()["errors"]
        return
    assert response.status_code == 200, response.content
    assert not analyse(q) or isinstance(response.json()["items"], list)


def test_recall_api_shape_budget_and_usage_bump(api):
    project = ProjectFactory()
    ctx = ConversationContextFactory(
        project=project, title="Long firewall session", summary="firewall rule " * 3000
    )
    ConversationContextFactory(project=project, title="firewall follow-up")
    response = api.get(
        "/api/v1/recall/",
        {"project": str(project.pk), "q": "firewall", "max_tokens": 300, "limit": 5},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"project", "items", "token_estimate", "formatted"}
    assert body["project"] == str(project.pk)
    assert body["token_estimate"] == estimate_tokens(body["formatted"]) <= 300
    assert set(body["items"][0]) == {
        "kind", "id", "title", "score", "text", "tags", "created_at", "superseded_by", "supersedes",
    }  # fmt: skip
    assert len(body["items"]) == 2  # the long one is cut, not dropped
    ctx.refresh_from_db()
    assert ctx.usage_count == 1 and ctx.last_recalled_at is not None


def test_recall_api_bad_input_is_400_per_field(api):
    project = ProjectFactory()
    cases = [
        ({}, "project"),
        ({"project": "nope"}, "project"),
        ({"project": "00000000-0000-0000-0000-000000000000"}, "project"),
        ({"project": str(project.pk), "limit": "0"}, "limit"),
        ({"project": str(project.pk), "max_tokens": "ten"}, "max_tokens"),
        ({"project": str(project.pk), "min_score": "2"}, "min_score"),
        ({"project": str(project.pk), "bogus": "1"}, "bogus"),
    ]
    for params, field in cases:
        response = api.get("/api/v1/recall/", params)
        assert response.status_code == 400, (params, response.content)
        assert field in response.json()["errors"], response.json()


def test_recall_api_needs_the_context_recall_view_permissions():
    from msp.testing.auth import client_for
    from msp.testing.factories import UserFactory

    project = ProjectFactory()
    ConversationContextFactory(project=project, title="firewall secret sauce")
    for permissions in ([], ["context_recall.view_conversationcontext"]):
        response = client_for(UserFactory(permissions=permissions)).get(
            "/api/v1/recall/", {"project": str(project.pk), "q": "firewall"}
        )
        assert response.status_code == 403, response.content
        assert b"secret sauce" not in response.content


def test_recall_api_needs_auth(client):
    assert client.get("/api/v1/recall/", {"project": "x"}).status_code == 401


def test_same_ranking_on_every_backend():
    """A fixed scenario with a fixed expected order: run on SQLite and on MariaDB."""
    project = ProjectFactory()
    now = timezone.now()
    a = ConversationContextFactory(
        project=project,
        title="Exchange certificate renewal",
        summary="certificate on exch01 renewed",
        importance=7,
    )
    b = ContextSnippetFactory(
        project=project,
        title="Certificate gotcha",
        content="exch01 needs IIS restart after certificate import",
    )
    c = DecisionLogFactory(
        project=project, decision="Use Let's Encrypt for certificate", rationale="free"
    )
    ConversationContextFactory(project=project, title="Printer drivers", summary="unrelated")
    for model, obj, days in (
        (ConversationContext, a, 2),
        (ContextSnippet, b, 10),
        (DecisionLog, c, 30),
    ):
        model.objects.filter(pk=obj.pk).update(occurred_at=now - datetime.timedelta(days=days))
    search.rebuild_index()
    got = recall_ids(project, "exch01 certificate")
    names = {str(a.pk): "a", str(b.pk): "b", str(c.pk): "c"}
    # Both name both terms; the gotcha does more densely, which BM25 rewards over the
    # session's importance and recency. What matters: the same order on every engine.
    assert [names.get(i, i) for i in got] == ["b", "a", "c"]


def test_recall_command_prints_the_same(capsys):
    project = ProjectFactory(slug="acme-ops")
    ConversationContextFactory(project=project, title="Backup window moved")
    out = io.StringIO()
    call_command(
        "recall", "acme-ops", "--q", "backup", "--no-bump", stdout=out, stderr=io.StringIO()
    )
    expected = selectors.recall(project, q="backup").formatted
    assert out.getvalue().strip() == expected.strip()
    out = io.StringIO()
    call_command("recall", str(project.pk), "--json", "--no-bump", stdout=out)
    assert '"token_estimate"' in out.getvalue()
    with pytest.raises(Exception, match="No project"):
        call_command("recall", "nope")


def test_reindex_search_rebuilds_a_damaged_index():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="walrus")
    RecallDocument.objects.all().delete()
    assert recall_ids(project, "walrus") == []
    out = io.StringIO()
    call_command("reindex_search", "--no-progress", stdout=out)
    assert "Reindexed" in out.getvalue()
    assert recall_ids(project, "walrus") == [str(ctx.pk)]


def test_words_glued_by_punctuation_underscores_and_unicode_are_found():
    project = ProjectFactory()
    ctx = ConversationContextFactory(
        project=project,
        title="acme-dc01.corp.local: snake_case_name",
        summary="Edited /etc/nginx/sites-enabled/portal.conf; naïve café — «guillemets»",
    )
    for q in ("dc01", "corp", "snake", "case", "name", "nginx", "portal", "naïve", "café",
              "guillemets"):  # fmt: skip
        assert recall_ids(project, q) == [str(ctx.pk)], q


def test_a_project_move_moves_its_memories_to_the_new_scope():
    first, second = ProjectFactory(), ProjectFactory()
    ctx = ConversationContextFactory(project=first, title="wombat migration")
    ConversationContext.objects.filter(pk=ctx.pk).update(  # the bulk path, too
        project=second, client_id=second.client_id
    )
    # The exact scope applies to every row loaded: the stale document shows nowhere.
    assert recall_ids(first, "wombat") == []
    ctx.refresh_from_db()
    ctx.save()
    assert recall_ids(first, "wombat") == []
    assert recall_ids(second, "wombat") == [str(ctx.pk)]


def test_infrastructure_notes_are_searched_and_assets_without_notes_are_not():
    client = ClientFactory()
    project = ProjectFactory(client=client)
    noted = InfrastructureFactory(
        client=client, hostname="fs01", environmental_notes="Quokka array, reboot twice"
    )
    InfrastructureFactory(client=client, hostname="quokka02", environmental_notes="")
    assert recall_ids(project, "quokka") == [str(noted.pk)]
    noted.environmental_notes = ""
    noted.save()
    assert recall_ids(project, "quokka") == []


def test_a_damaged_or_older_search_schema_is_replaced_and_the_index_refilled():
    project = ProjectFactory()
    ctx = ConversationContextFactory(
        project=project, title="pangolin survey", summary="Counted scales on the north ridge."
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # a trigger gone, and the index emptied
            cursor.execute(f"DROP TRIGGER {sqlite.FTS_TABLE}_ai")
            cursor.execute(f"DELETE FROM {sqlite.FTS_TABLE}")
            # what layout v4 left: the trigger-kept table over the memory tables
            cursor.execute("CREATE TABLE recall_fts_map (id INTEGER PRIMARY KEY)")
        else:
            cursor.execute(f"ALTER TABLE {mariadb.DOCUMENTS} DROP INDEX {mariadb.INDEX}")
            cursor.execute("CREATE TABLE recall_search (id INT PRIMARY KEY)")
    search.drop_legacy_schema()
    assert search.ensure_search_schema() is True
    assert search.ensure_search_schema() is False  # idempotent
    assert "recall_fts_map" not in connection.introspection.table_names()
    assert "recall_search" not in connection.introspection.table_names()
    assert recall_ids(project, "pangolin") == [str(ctx.pk)]
    later = ConversationContextFactory(
        project=project, title="pangolin census", summary="Night cameras at the water hole."
    )  # not a near-duplicate, which would leave only the newer
    assert set(recall_ids(project, "pangolin")) == {str(ctx.pk), str(later.pk)}


def test_documents_left_by_a_truncate_are_never_shown_and_reindex_drops_them():
    """MariaDB's ``flush`` empties tables with TRUNCATE, which sends no signal."""
    project = ProjectFactory()
    ConversationContextFactory(project=project, title="narwhal tusk")
    with connection.cursor() as cursor:
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0" if connection.vendor == "mysql" else "SELECT 1")
        cursor.execute(
            ("TRUNCATE TABLE " if connection.vendor == "mysql" else "DELETE FROM ")
            + ConversationContext._meta.db_table
        )
        cursor.execute("SET FOREIGN_KEY_CHECKS = 1" if connection.vendor == "mysql" else "SELECT 1")
    assert recall_ids(project, "narwhal") == []
    call_command("reindex_search", "--no-progress", stdout=io.StringIO())
    assert not RecallDocument.objects.filter(kind="context").exists()


def test_planner_statistics_are_refreshed_but_never_commit_a_callers_transaction(
    django_assert_num_queries,
):
    with django_assert_num_queries(1):
        search.refresh_statistics()
    # MariaDB's ANALYZE TABLE commits: inside a transaction it is left to InnoDB.
    with (
        transaction.atomic(),
        django_assert_num_queries(1 if connection.vendor == "sqlite" else 0),
    ):
        search.refresh_statistics()


def test_a_project_moved_to_another_client_takes_its_problem_solutions_search_along():
    from tracking.services.projects import follow_project_client

    first, second = ClientFactory(), ClientFactory()
    project = ProjectFactory(client=first)
    session = WorkSessionFactory(project=project, client=first)
    solution = ProblemSolutionFactory(client=first, session=session, title="okapi printer jam")
    assert recall_ids(project, "okapi") == [str(solution.pk)]
    project.client = second
    project.save()
    follow_project_client(project, first.pk)
    doc = RecallDocument.objects.get(kind="problem_solution", object_id=solution.pk)
    assert doc.scope == documents.client_scope(second.pk)
    assert recall_ids(project, "okapi") == [str(solution.pk)]
    assert recall_ids(ProjectFactory(client=first), "okapi") == []
