"""The search document of a memory: what recall's engines search and rank, built from the
memory row in Python (``context_recall.search.documents``) whenever it is saved.

One table for the six kinds recall searches, so that a search reads one table on either
engine: its ``words`` carry the full-text index (FTS5 on SQLite, InnoDB FULLTEXT on
MariaDB; created by migrations, not by the ORM). The semantic side, each document's
vector, is a table of its own keyed by scope: recall reads a whole scope's vectors, which
InnoDB then finds side by side in its primary key instead of one document row (and its
words) at a time.
"""

from __future__ import annotations

from django.db import models


class RecallDocument(models.Model):
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20)
    object_id = models.UUIDField()
    # "p<project hex>", "c<client hex>" or "g" (everyone): the partition a project's
    # recall reads (its own, its client's and the global one). Recall applies the exact
    # scope again to the rows it loads; this is a first cut, never the security check.
    scope = models.CharField(max_length=33)
    # Stemmed terms of the title (twice: a title word weighs more), the body and the tags,
    # each prefixed with the scope's key so that a search reads its scope's postings only.
    words = models.TextField()
    length = models.PositiveIntegerField(default=0, help_text="Number of terms.")
    # The same terms, each once with its count (``scoring.term_counts``): what BM25 reads
    # of a candidate, a fraction of the words' size.
    term_counts = models.TextField(blank=True)
    # The memory's title as recall shows it, so that "superseded by X" names a memory
    # recall does not load. "" on documents indexed before the column: read from the row.
    title = models.CharField(max_length=200, blank=True)
    # The memory's tag names as recall shows them, one per line (they are indexed too, so
    # a tag change rewrites the document): recall reads them with the candidates.
    tags = models.TextField(blank=True)
    # Subjects of the memory (host names, products, identifiers), for "newest fact wins".
    entities = models.TextField(blank=True)
    embedding_model = models.CharField(max_length=60, blank=True)
    importance = models.PositiveSmallIntegerField(default=5)
    usage_count = models.PositiveIntegerField(default=0)
    occurred_at = models.DateTimeField()
    source_updated_at = models.DateTimeField()
    # The newest document of the same scope about the same subject whose work happened
    # later (``scoring.same_subject``), or the decision that explicitly supersedes this
    # one: recall says so beside either when it shows them. Kept by
    # ``search.documents`` (``links``), not by the database: no constraint, and deleting
    # a document never cascades (a rebuild deletes every row in one statement); a link
    # to a document deleted without ``documents`` reads as none.
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="supersedes",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="recall_doc_object")
        ]
        indexes = [models.Index(fields=["scope"], name="recall_doc_scope")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class RecallVector(models.Model):
    """A search document's vector, in its document's scope. Written and deleted with its
    document by ``search.documents`` (no foreign key: deleting documents in bulk, as a
    rebuild does, must not make Django load each of them to cascade); a vector whose
    document is gone is never asked for by id, and a scope's version is counted on the
    documents (``search.vectors``)."""

    pk = models.CompositePrimaryKey("scope", "document_id")
    scope = models.CharField(max_length=33)
    document_id = models.BigIntegerField()
    length = models.PositiveIntegerField(default=0, help_text="The document's number of terms.")
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"vector of document {self.document_id}"
