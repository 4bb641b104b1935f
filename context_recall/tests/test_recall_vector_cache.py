"""The scope vectors each process keeps between recalls (``search/vectors.py``): used
while the scope is unchanged, read again after any write of one of its documents, never
kept from inside a transaction; and what a warm recall costs in queries.

Transactional: the cache keeps only what was read outside a transaction."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from threadpoolctl import threadpool_info

from context_recall import scoring, selectors
from context_recall.models import ConversationContext, RecallDocument, RecallVector
from context_recall.search import documents, vectors
from context_recall.testing.factories import ContextSnippetFactory, ConversationContextFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.services.tagging import set_tags
from tracking.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def vector_reads(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if "vector" in q["sql"])


def scope_of(project) -> list[str]:
    return documents.scopes_of(project.pk, project.client_id)


def assert_current(project) -> None:
    """What the cache answers is exactly what the documents hold now."""
    got = vectors.scope_vectors(scope_of(project), 256)
    vector_of = dict(
        RecallVector.objects.filter(scope__in=scope_of(project)).values_list(
            "document_id", "vector"
        )
    )
    stored = {
        doc.id: (np.frombuffer(bytes(vector_of[doc.id]), dtype=np.float32), doc.length)
        for doc in RecallDocument.objects.filter(scope__in=scope_of(project))
    }
    assert sorted(got.ids.tolist()) == sorted(stored)
    for row, doc_id in enumerate(got.ids.tolist()):
        assert np.array_equal(got.matrix[row], stored[doc_id][0])
        assert got.lengths[row] == stored[doc_id][1]


def test_vectors_are_read_once_and_again_after_every_kind_of_change():
    client = ClientFactory()
    project = ProjectFactory(client=client)
    ctx = ConversationContextFactory(project=project, title="wombat burrow survey")
    ContextSnippetFactory(client=client, title="wombat diet", content="Grass and roots.")
    scopes = scope_of(project)
    vectors.clear_cache()
    with CaptureQueriesContext(connection) as cold:
        vectors.scope_vectors(scopes, 256)
    with CaptureQueriesContext(connection) as warm:
        vectors.scope_vectors(scopes, 256)
    assert vector_reads(cold) == 1
    assert vector_reads(warm) == 0
    assert len(warm.captured_queries) == 1  # the scopes' versions only
    assert_current(project)

    changes = [
        lambda: setattr(ctx, "title", "wombat burrow census") or ctx.save(),
        lambda: set_tags(ctx, ["fauna"]),  # the memory row is not saved: only the document
        lambda: ConversationContextFactory(project=project, title="koala count"),
        lambda: ContextSnippetFactory(client=client, title="wombat vet", content="Booked."),
        lambda: ctx.delete(),
    ]
    for change in changes:
        change()
        with CaptureQueriesContext(connection) as after:
            vectors.scope_vectors(scopes, 256)
        assert vector_reads(after) == 1  # only the scope that changed is read again
        assert_current(project)


def test_a_rewritten_document_gets_a_new_id():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="echidna spines")
    before = RecallDocument.objects.get(kind="context", object_id=ctx.pk).id
    ctx.summary = "Counted twice."
    ctx.save()
    after = RecallDocument.objects.get(kind="context", object_id=ctx.pk)
    assert after.id > before
    assert "count" in documents.unscoped(after.words)


def test_vectors_read_inside_a_transaction_are_used_but_not_kept():
    project = ProjectFactory()
    ConversationContextFactory(project=project, title="platypus bill")
    vectors.clear_cache()
    with transaction.atomic():
        inside = vectors.scope_vectors(scope_of(project), 256)
        assert inside.count == 1
        ConversationContextFactory(project=project, title="platypus eggs")
        assert vectors.scope_vectors(scope_of(project), 256).count == 2
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as after:
        assert vectors.scope_vectors(scope_of(project), 256).count == 1
    assert vector_reads(after) == 1


def test_the_cache_keeps_at_most_its_row_budget(settings):
    settings.RECALL_VECTOR_CACHE_ROWS = 2
    first, second = ProjectFactory(), ProjectFactory()
    for n in range(2):
        ConversationContextFactory(project=first, title=f"bilby {n}")
        ConversationContextFactory(project=second, title=f"quoll {n}")
    vectors.clear_cache()
    vectors.scope_vectors(scope_of(first), 256)
    vectors.scope_vectors(scope_of(second), 256)  # pushes the first out
    with CaptureQueriesContext(connection) as queries:
        vectors.scope_vectors(scope_of(second), 256)
        vectors.scope_vectors(scope_of(first), 256)
    assert vector_reads(queries) == 1


def test_a_warm_recall_costs_three_queries(django_assert_num_queries):
    """The scopes' versions, the full-text candidates with the nearest vectors'
    documents (which carry their tags), and the winners' rows (one kind here)."""
    client = ClientFactory()
    project = ProjectFactory(client=client)
    for topic in ("dingo fence repairs", "dingo fence survey", "emu crossing", "bilby count"):
        ConversationContextFactory(project=project, title=topic, summary=f"Notes on {topic}.")
    selectors.recall(project, q="dingo fence")
    set_tags(ConversationContext.objects.get(title="dingo fence repairs"), ["Fencing", "audit"])
    selectors.recall(project, q="dingo fence")
    with django_assert_num_queries(3):
        result = selectors.recall(project, q="repairs of the dingo fence along the boundary")
    assert result.items[0].title == "dingo fence repairs"
    assert result.items[0].tags == ("audit", "Fencing")


def test_blas_runs_on_one_thread():
    assert all(lib["num_threads"] == 1 for lib in threadpool_info() if lib["user_api"] == "blas")


def test_bm25_counts_a_long_query_the_same_both_ways(monkeypatch):
    terms = [f"t{n}" for n in range(scoring.COUNTED_TERMS + 5)]
    weights = {term: (1.0 if n % 3 else 0.3) for n, term in enumerate(terms)}
    docs = [
        scoring.counted(["t1", "t2", "t2", "other", "t14"]),
        scoring.counted(["t16", "t1x", "xt1", "t3", "t13"]),
        scoring.counted([]),
    ]
    long_way = scoring.bm25(weights, docs, 10, 4.0)
    monkeypatch.setattr(scoring, "COUNTED_TERMS", len(terms))
    counted_each = scoring.bm25(weights, docs, 10, 4.0)
    # The same terms, summed in another order: equal to the last bits.
    assert counted_each[0] == pytest.approx(long_way[0], rel=1e-12)
    assert counted_each[1] == pytest.approx(long_way[1], rel=1e-12)
    assert long_way[0][0] > long_way[0][1] > 0 == long_way[0][2]


def test_a_change_of_ranking_columns_only_keeps_the_document_and_its_vectors():
    project = ProjectFactory()
    ctx = ConversationContextFactory(project=project, title="possum den", importance=3)
    before = RecallDocument.objects.get(kind="context", object_id=ctx.pk)
    vectors.scope_vectors(scope_of(project), 256)
    ctx.importance = 9
    ctx.save()
    after = RecallDocument.objects.get(kind="context", object_id=ctx.pk)
    assert (after.id, after.importance, after.words) == (before.id, 9, before.words)
    with CaptureQueriesContext(connection) as queries:
        vectors.scope_vectors(scope_of(project), 256)
    assert vector_reads(queries) == 0
