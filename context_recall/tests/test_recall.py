"""Recall end to end on the active backend (SQLite FTS5 or InnoDB FULLTEXT): isolation,
secrets, decay, search kept in step, budget, hostile queries, commands.

Transactional: InnoDB FULLTEXT sees committed rows only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from context_recall import scoring, search, selectors, services
from context_recall.models import ContextSnippet, ConversationContext, DecisionLog
from context_recall.search_query import terms
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from context_recall.tokens import estimate_tokens
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
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


def test_newer_memory_ranks_above_older_equal_memory():
    project = ProjectFactory()
    old = ConversationContextFactory(project=project, title="NTP drift on hv01", summary="a")
    new = ConversationContextFactory(project=project, title="NTP drift on hv01", summary="b")
    now = timezone.now()
    ConversationContext.objects.filter(pk=old.pk).update(
        updated_at=now - datetime.timedelta(days=90)
    )
    ConversationContext.objects.filter(pk=new.pk).update(
        updated_at=now - datetime.timedelta(days=1)
    )
    result = selectors.recall(project, q="ntp drift")
    assert [i.id for i in result.items] == [str(new.pk), str(old.pk)]
    assert result.items[0].score > result.items[1].score


def test_search_stays_in_step_after_update_and_delete_including_bulk_paths():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="zebra crossing")
    assert recall_ids(project, "zebra") == [str(ctx.pk)]
    ctx.title = "okapi sighting"
    ctx.save()
    assert recall_ids(project, "zebra") == []
    assert recall_ids(project, "okapi") == [str(ctx.pk)]
    ConversationContext.objects.filter(pk=ctx.pk).update(summary="giraffe")  # bulk update
    assert recall_ids(project, "giraffe") == [str(ctx.pk)]
    ConversationContext.objects.filter(pk=ctx.pk).delete()  # bulk delete
    assert recall_ids(project, "okapi giraffe") == []
    made = ContextSnippet.objects.bulk_create(
        [ContextSnippet(project=project, title=f"lemur {n}", content="x", content_hash=str(n))
         for n in range(3)]
    )  # fmt: skip
    assert set(recall_ids(project, "lemur")) == {str(s.pk) for s in made}
    decision = DecisionLogFactory(project=project, decision="capybara policy")
    assert recall_ids(project, "capybara") == [str(decision.pk)]
    decision.delete()
    assert recall_ids(project, "capybara") == []


def _words(value) -> list[str]:
    """The words scoring sees in a column's value (a list column: its items)."""
    text = " ".join(value) if isinstance(value, list) else str(value or "")
    return scoring._token_text(text).split()


def test_a_search_hit_carries_what_scoring_weighs_of_its_row_kept_in_step():
    """MariaDB keeps these in the search table, by trigger (layout v4); SQLite reads them
    from the row: either way a hit answers the row as it is now, for every kind, through
    saves, usage bumps and bulk updates."""
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

    def hits() -> dict[str, search.Hit]:
        found = search.search_hits(["quokka"], project.pk, project.client_id, 100)
        return {hit.kind: hit for hit in found}

    def assert_in_step() -> None:
        got = hits()
        assert set(got) == set(rows)
        for kind, obj in rows.items():
            obj.refresh_from_db()
            source, hit = search.SOURCES_BY_KIND[kind], got[kind]
            body = [w for c in source.body_columns for w in _words(getattr(obj, c))]
            assert hit.object_id == obj.pk.hex, kind
            assert _words(hit.title) == _words(getattr(obj, source.title)), kind
            assert _words(hit.body) == body, kind
            importance = selectors.FIXED_IMPORTANCE.get(kind) or obj.importance
            assert hit.importance == importance, kind
            assert hit.usage_count == getattr(obj, "usage_count", 0), kind
            assert hit.updated_at == obj.updated_at, kind
            assert search.stored_datetime(hit.created_text) == obj.created_at, kind

    assert_in_step()
    services.bump_usage({k: [o.pk] for k, o in rows.items() if k in services.RECALL_MODELS})
    assert {k: h.usage_count for k, h in hits().items() if k in services.RECALL_MODELS} == {
        k: 1 for k in services.RECALL_MODELS
    }
    assert_in_step()
    later = timezone.now() + datetime.timedelta(days=1)
    for kind, obj in rows.items():
        changes = {"updated_at": later}
        if hasattr(obj, "importance"):
            changes["importance"] = 2
        type(obj).objects.filter(pk=obj.pk).update(**changes)  # the bulk path
    assert_in_step()
    assert hits()["context"].importance == 2
    rows["context"].summary = "The quokka moved."
    rows["context"].save()
    assert_in_step()


@pytest.mark.skipif(connection.vendor != "mysql", reason="InnoDB FULLTEXT only")
def test_a_usage_bump_leaves_the_fulltext_index_alone():
    """The update trigger sets the search row's usage and times only: InnoDB rewrites a
    row's FULLTEXT entries (and keeps the old ones as deleted, until ``reindex_search``)
    only when a FULLTEXT column changes."""
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="numbat count")
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SET GLOBAL innodb_ft_aux_table = %s",
                [f"{connection.settings_dict['NAME']}/{search.SEARCH_TABLE}"],
            )
        except DatabaseError:  # no SUPER privilege on this server
            pytest.skip("cannot point innodb_ft_aux_table at the search table")

        def deleted() -> int:
            cursor.execute("SELECT COUNT(*) FROM information_schema.innodb_ft_deleted")
            return cursor.fetchone()[0]

        before = deleted()
        services.bump_usage({"context": [ctx.pk]})
        ConversationContext.objects.filter(pk=ctx.pk).update(importance=9)
        assert deleted() == before
        ConversationContext.objects.filter(pk=ctx.pk).update(title="numbat census")
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
    assert terms(q) == [] or isinstance(response.json()["items"], list)


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
    assert set(body["items"][0]) == {"kind", "id", "title", "score", "text", "tags", "created_at"}
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
        model.objects.filter(pk=obj.pk).update(updated_at=now - datetime.timedelta(days=days))
    got = recall_ids(project, "exch01 certificate")
    assert got == [str(a.pk), str(b.pk), str(c.pk)]  # fmt: skip


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
    from django.db import connection

    from context_recall import search

    table = search.FTS_TABLE if connection.vendor == "sqlite" else search.SEARCH_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
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


def test_an_outdated_search_schema_is_replaced_and_the_index_rebuilt():
    from django.db import connection

    from context_recall import search

    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="pangolin survey")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # an older trigger, and the index emptied
            cursor.execute("DROP TRIGGER recall_fts_context_ai")
            cursor.execute(
                "CREATE TRIGGER recall_fts_context_ai AFTER INSERT ON"
                " context_recall_conversationcontext BEGIN SELECT 1; END"
            )
            cursor.execute("DELETE FROM recall_fts")
        else:  # layout v2 (a generated column and its index), and one trigger gone
            table = "context_recall_conversationcontext"
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN recall_terms LONGTEXT AS (title) STORED"
            )
            cursor.execute(f"ALTER TABLE {table} ADD FULLTEXT INDEX recall_terms_context"
                           " (recall_terms)")  # fmt: skip
            cursor.execute(f"DROP TRIGGER {search.SEARCH_TABLE}_context_ai")
            cursor.execute(f"DELETE FROM {search.SEARCH_TABLE}")
    assert search.ensure_search_schema() is True
    assert search.ensure_search_schema() is False  # idempotent
    assert recall_ids(project, "pangolin") == [str(ctx.pk)]
    later = ConversationContextFactory(project=project, title="pangolin census")
    assert set(recall_ids(project, "pangolin")) == {str(ctx.pk), str(later.pk)}


def test_index_rows_left_by_a_truncate_are_purged():
    """MariaDB: ``flush`` empties tables with TRUNCATE, which fires no trigger; the
    post-migrate check removes the index rows whose source row is gone."""
    from django.db import connection

    from context_recall import search

    project = ProjectFactory()
    ConversationContextFactory(project=project, title="narwhal tusk")
    with connection.cursor() as cursor:
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0" if connection.vendor == "mysql" else "SELECT 1")
        cursor.execute(
            ("TRUNCATE TABLE " if connection.vendor == "mysql" else "DELETE FROM ")
            + ConversationContext._meta.db_table
        )
        cursor.execute("SET FOREIGN_KEY_CHECKS = 1" if connection.vendor == "mysql" else "SELECT 1")
    assert search.ensure_search_schema() is False
    with connection.cursor() as cursor:
        table = search.MAP_TABLE if connection.vendor == "sqlite" else search.SEARCH_TABLE
        cursor.execute(f"SELECT count(*) FROM {table} WHERE kind = 'context'")
        assert cursor.fetchone()[0] == 0
    assert recall_ids(project, "narwhal") == []


def test_planner_statistics_are_refreshed_but_never_commit_a_callers_transaction(
    django_assert_num_queries,
):
    with django_assert_num_queries(len(search.SOURCES)):
        search.refresh_statistics()
    # MariaDB's ANALYZE TABLE commits: inside a transaction it is left to InnoDB.
    with (
        transaction.atomic(),
        django_assert_num_queries(len(search.SOURCES) if connection.vendor == "sqlite" else 0),
    ):
        search.refresh_statistics()
