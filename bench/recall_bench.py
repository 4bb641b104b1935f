"""Context recall benchmark: recall latency vs the raw full-text query, relevance on a
labelled set, and compression on generated transcripts. Prints figures; not a test.

    .venv/bin/python bench/recall_bench.py --sizes 10000,100000 --queries 200
    DATABASE_URL=mysql://... .venv/bin/python bench/recall_bench.py --sizes 10000

It creates a throwaway test database (Django's test-database machinery: ``test_<name>``)
and drops it at the end, so it never touches real data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standalone import setup_django, throwaway_database

setup_django("recall-bench-")

from django.db import connection  # noqa: E402

# The worst case of the first version of this bench: 58 domain words, every one of them
# in about every context ("--corpus salad"). Kept for comparison.
WORDS = [
    "backup",
    "replication",
    "certificate",
    "firewall",
    "vpn",
    "ipsec",
    "lifetime",
    "dns",
    "forwarder",
    "gpo",
    "printer",
    "spooler",
    "raid",
    "battery",
    "exchange",
    "mailbox",
    "license",
    "tenant",
    "mfa",
    "conditional",
    "access",
    "veeam",
    "restic",
    "snapshot",
    "retention",
    "hyperv",
    "cluster",
    "failover",
    "ntp",
    "drift",
    "dhcp",
    "scope",
    "vlan",
    "trunk",
    "switch",
    "port",
    "nas",
    "share",
    "permissions",
    "robocopy",
    "migration",
    "patch",
    "reboot",
    "kernel",
    "nginx",
    "proxy",
    "certificate",
    "renewal",
    "acme",
    "letsencrypt",
    "sql",
    "agent",
    "job",
    "log",
    "rotation",
    "disk",
    "space",
    "alert",
]

# Words of an MSP technician's notes, most frequent first: the head of the Zipf-like
# distribution the realistic corpus ("--corpus zipf", the default) draws from.
COMMON = """server user restart service update error config check fixed issue install
network client backup windows access account share policy log disk file job mail
password reset license printer drive folder permission group domain admin remote
session connection firewall port vpn dns dhcp ip address certificate renewal rule
script task schedule agent monitor alert storage volume database sql migration patch
reboot driver version upgrade tenant mailbox exchange office teams sharepoint onedrive
sync replication snapshot retention restore vm host cluster switch router wifi ap
vlan gateway proxy web site app api token mfa login locked expired failed timeout
slow high cpu memory space full warning event ticket customer request laptop desktop
phone scanner camera ups battery raid controller nas san cloud azure aws intune gpo
""".split()  # noqa: SIM905


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """COMMON, then the domain words, then ``size`` specific terms (product names, error
    codes, KB numbers, host names) that each occur in few contexts -- as in real notes."""
    syllables = "ka lo mi ne ru sa ti vo xe za bri dex fin gor hul jet kin lum nor pax".split()  # noqa: SIM905
    seen = set(COMMON)
    vocab = list(COMMON) + [w for w in WORDS if w not in seen and not seen.add(w)]
    while len(vocab) < size:
        kind = rng.random()
        if kind < 0.5:
            word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        elif kind < 0.7:
            word = f"0x{rng.randrange(16**8):08x}"
        elif kind < 0.85:
            word = f"kb{rng.randrange(4000000, 5100000)}"
        else:
            role = rng.choice(["dc", "fs", "sql", "web", "app", "rds", "hv"])
            word = f"{role}{rng.randint(1, 99):02d}"
        if word not in seen:
            seen.add(word)
            vocab.append(word)
    return vocab


class Corpus:
    """Text generator: ``zipf`` draws words with probability ~ 1 / rank**1.07 over a
    4,000-word vocabulary (a few words everywhere, most words rare); ``salad`` draws
    uniformly from the 58 domain words."""

    def __init__(self, kind: str, rng: random.Random) -> None:
        self.kind = kind
        self.vocab = _vocabulary(random.Random(1)) if kind == "zipf" else WORDS
        weights = [1 / (rank**1.07) for rank in range(1, len(self.vocab) + 1)]
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w
            self.cum.append(acc)
        self.rng = rng

    def words(self, n: int) -> list[str]:
        if self.kind == "salad":
            return [self.rng.choice(WORDS) for _ in range(n)]
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def text(self, n: int) -> str:
        return " ".join(self.words(n))

    def query(self) -> str:
        """A prompt's worth of terms: one to three drawn by frequency (common words are
        asked about more often) and zero to two drawn uniformly (a host, a code, a name)."""
        if self.kind == "salad":
            return " ".join(self.rng.sample(WORDS, self.rng.randint(1, 3)))
        frequent = self.words(self.rng.randint(1, 3))
        specific = self.rng.sample(self.vocab, self.rng.randint(0, 2))
        return " ".join(frequent + specific)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def populate(total: int, corpus: Corpus, projects: list) -> None:
    from context_recall import search
    from context_recall.models import ConversationContext

    have = ConversationContext.objects.count()
    batch = []
    t0 = time.perf_counter()
    for i in range(have, total):
        project = projects[i % len(projects)]
        batch.append(
            ConversationContext(
                project=project,
                client_id=project.client_id,
                title=corpus.text(6),
                summary="Goal: " + corpus.text(40),
                key_decisions=[corpus.text(12)],
                open_items=[corpus.text(8)],
                files_touched=[f"/srv/{corpus.words(1)[0]}/{i}.conf"],
                commands=[f"systemctl restart {corpus.words(1)[0]}"],
                current_state=corpus.text(25),
                importance=corpus.rng.randint(1, 10),
                content_hash=uuid.uuid4().hex + uuid.uuid4().hex,
            )
        )
        if len(batch) == 2000:
            ConversationContext.objects.bulk_create(batch)
            batch = []
    if batch:
        ConversationContext.objects.bulk_create(batch)
    # bulk_create sends no signal: build the new rows' search documents, compact the index
    # and refresh the statistics as reindex_search does. (Without the compaction, InnoDB
    # filters every search through the ids of the documents the rebuild replaced --
    # 10,000 of them at 100,000 after the 10,000 step -- which about doubles its cost.)
    t1 = time.perf_counter()
    search.rebuild_index()
    print(f"  indexed {search.count_rows()} memories in {time.perf_counter() - t1:.1f} s")
    search.compact_index()
    search.refresh_statistics()
    print(f"  inserted {total - have} contexts in {time.perf_counter() - t0:.1f} s")
    settle()


def settle(limit_seconds: float = 180.0) -> None:
    """MariaDB: wait until InnoDB has purged what the load left behind (the undo history of
    the inserts, the rebuild and the table rebuild), so that the timed recalls measure a
    server in its steady state, not one whose purge threads share the CPUs with them."""
    if connection.vendor != "mysql":
        return
    started = time.perf_counter()
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'")
            row = cursor.fetchone()
        history = int(row[1]) if row else 0
        waited = time.perf_counter() - started
        if history < 1000 or waited > limit_seconds:
            print(f"  InnoDB history list {history} after waiting {waited:.0f} s")
            return
        time.sleep(2)


def fulltext_ids(scoped_terms: list[str], limit: int) -> list[int]:
    """The full-text query alone, as the engine runs it for recall, answering document
    ids best first: the baseline recall is measured against."""
    from context_recall.search import mariadb, sqlite

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM {sqlite.FTS_TABLE} WHERE {sqlite.FTS_TABLE} MATCH %s"
                " ORDER BY rank LIMIT %s",
                [sqlite.match_expression(scoped_terms), limit],
            )
        else:
            param = mariadb.match_expression(scoped_terms)
            cursor.execute(
                f"SELECT id, {mariadb.MATCH} AS rank FROM {mariadb.DOCUMENTS}"
                f" WHERE {mariadb.MATCH} ORDER BY rank DESC LIMIT %s",
                [param, param, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def raw_query(project, query: str) -> None:
    """The full-text query alone, on the same scoped terms recall asks for."""
    from django.conf import settings

    from context_recall.search import analysis, documents

    scopes = documents.scopes_of(project.pk, project.client_id)
    terms = analysis.analyse(query).terms
    scoped = [f"{documents.scope_key(s)}_{t}" for t in terms for s in scopes]
    fulltext_ids(scoped, settings.RECALL_CANDIDATE_LIMIT)


def storage() -> str:
    """MariaDB: what the recall tables take on disk, which the buffer pool should hold
    (docs/deployment.md); "" elsewhere or without the PROCESS privilege."""
    from django.db import DatabaseError

    if connection.vendor != "mysql":
        return ""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, allocated_size FROM information_schema.innodb_sys_tablespaces"
                " WHERE name LIKE %s",
                [connection.settings_dict["NAME"] + "/%"],
            )
            rows = cursor.fetchall()
    except DatabaseError:
        return ""
    sizes = {"contexts": 0, "search documents": 0, "their FULLTEXT index": 0, "vectors": 0}
    for name, allocated in rows:
        table = name.split("/", 1)[1]
        if table == "context_recall_conversationcontext":
            sizes["contexts"] += allocated
        elif table == "context_recall_recalldocument":
            sizes["search documents"] += allocated
        elif table == "context_recall_recallvector":
            sizes["vectors"] += allocated
        elif table.upper().startswith("FTS_"):  # the documents hold the only FULLTEXT index
            sizes["their FULLTEXT index"] += allocated
    return "  on disk: " + ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in sizes.items())


def bench_user(clients: list, *, total_clients: int, technicians: int) -> tuple[object, str]:
    """A technician who sees the bench's clients through a team, in an MSP of
    ``total_clients`` clients and ``technicians`` technicians in teams (team_scale), so
    that the timed project lookup filters a real access list, as the API does."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from team_scale import seed_team_scale

    from msp.demo import technician_group

    user = get_user_model().objects.create(username="bench-tech")
    team = Group.objects.create(name="bench-team")
    user.groups.add(technician_group(), team)
    for client in clients:
        client.teams.add(team)
    scale = seed_team_scale(
        user, clients[0], clients=total_clients - len(clients) + 1, technicians=technicians
    )
    return user, (
        f"{scale['clients']} clients, {scale['technicians']} technicians in {scale['teams']}"
        f" teams; the bench technician sees {scale['clients_visible_to_bench_user']}"
    )


def bench_latency(
    sizes: list[int],
    queries: int,
    seed: int,
    corpus_kind: str,
    *,
    total_clients: int = 1000,
    technicians: int = 50,
) -> None:
    from context_recall.search.analysis import analyse
    from context_recall.selectors import recall
    from context_recall.services import bump_usage
    from msp.models import Client
    from msp.scoping import scope_for_user
    from tracking.models import Project

    rng = random.Random(seed)
    corpus = Corpus(corpus_kind, rng)
    clients = [Client.objects.create(name=f"Bench client {n}") for n in range(40)]
    projects = [
        Project.objects.create(name=f"Bench {n}", slug=f"bench-{n}", client=clients[n % 40])
        for n in range(200)
    ]
    user, team_scale = bench_user(clients, total_clients=total_clients, technicians=technicians)

    def scoped_recall(project_id, q: str):
        # What GET /api/v1/recall/ does: the project through the user's access, then recall.
        project = scope_for_user(Project.objects, user).filter(pk=project_id).first()
        return recall(project, q=q)

    print(
        f"\n== Recall latency ({connection.vendor}, {corpus_kind} corpus),"
        f" {queries} queries per size; {team_scale} =="
    )
    print(
        f"{'contexts':>9} {'recall p50':>11} {'p95':>8} {'raw p50':>9} {'p95':>8} {'ratio':>6}"
        f" {'bump p50':>9}"
    )
    for size in sizes:
        populate(size, corpus, projects)
        samples = []
        while len(samples) < queries:  # a query of stopwords only would be no search at all
            q = corpus.query()
            if analyse(q):
                samples.append((rng.choice(projects), q))
        for project, q in samples[:10]:  # warm-up
            scoped_recall(project.pk, q)
        full, raw, bumps = [], [], []
        for project, q in samples:
            t = time.perf_counter()
            result = scoped_recall(project.pk, q)
            full.append((time.perf_counter() - t) * 1000)
            # What the API does once the response is sent: not part of recall's latency.
            t = time.perf_counter()
            bump_usage(result.recalled_ids())
            bumps.append((time.perf_counter() - t) * 1000)
            # Second, so that the raw query finds the pages recall brought into the
            # cache, never the other way round: the ratio errs against recall.
            t = time.perf_counter()
            raw_query(project, q)
            raw.append((time.perf_counter() - t) * 1000)
        print(
            f"{size:>9} {statistics.median(full):>9.2f}ms {pct(full, 0.95):>6.2f}ms"
            f" {statistics.median(raw):>7.2f}ms {pct(raw, 0.95):>6.2f}ms"
            f" {statistics.median(full) / max(statistics.median(raw), 1e-6):>5.1f}x"
            f" {statistics.median(bumps):>7.2f}ms"
        )
        if line := storage():
            print(line)
        bench_save_cost(projects, corpus)
        bench_vector_reads(projects)  # last: it empties the process's copies


def bench_vector_reads(projects: list, count: int = 50) -> None:
    """What a recall pays for a scope whose vectors its process does not hold: reading
    them (one query) into the matrix recall compares."""
    from context_recall.search import documents, embedding, vectors

    dim = embedding.get_embedder().dim
    times, sizes = [], []
    for project in random.Random(3).sample(projects, min(count, len(projects))):
        vectors.clear_cache()
        t = time.perf_counter()
        read = vectors.scope_vectors(documents.scopes_of(project.pk, project.client_id), dim)
        times.append((time.perf_counter() - t) * 1000)
        sizes.append(read.count)
    print(
        f"  a project's vectors read when not held ({statistics.median(sizes):.0f} documents):"
        f" p50 {statistics.median(times):.2f} ms, p95 {pct(times, 0.95):.2f} ms"
    )


def bench_save_cost(projects: list, corpus: Corpus, count: int = 200) -> None:
    """What indexing adds to saving a memory: ``documents.index_object`` (words, vector,
    upsert) timed inside each save, beside the whole save (with its validation and
    redaction). The index write is part of the save's transaction, as in the services;
    the supersession links are computed once the response is sent, as an API save does
    (``msp.http.after_response``), and timed apart."""
    from django.db import transaction

    from context_recall.models import ConversationContext
    from context_recall.search import documents
    from msp.http import deferring

    original = documents.index_object
    index_times: list[float] = []
    link_times: list[float] = []

    def timed(kind, obj, **kwargs):
        t = time.perf_counter()
        original(kind, obj, **kwargs)
        index_times.append((time.perf_counter() - t) * 1000)

    documents.index_object = timed
    saves = []
    try:
        for n in range(count):
            project = projects[n % len(projects)]
            context = ConversationContext(
                project=project,
                title=corpus.text(6),
                summary="Goal: " + corpus.text(40),
                key_decisions=[corpus.text(12)],
                current_state=corpus.text(25),
            )
            with deferring() as after_response:
                t = time.perf_counter()
                with transaction.atomic():
                    context.save()
                saves.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            for work in after_response:
                work()
            link_times.append((time.perf_counter() - t) * 1000)
    finally:
        documents.index_object = original
    print(
        f"  save of a memory: p50 {statistics.median(saves):.2f} ms, p95 {pct(saves, 0.95):.2f}"
        f" ms; of which indexing (words + vector + upsert): p50"
        f" {statistics.median(index_times):.2f} ms, p95 {pct(index_times, 0.95):.2f} ms;"
        f" after the response, its links: p50 {statistics.median(link_times):.2f} ms,"
        f" p95 {pct(link_times, 0.95):.2f} ms"
    )


def bench_relevance(seed: int) -> None:
    """hit@3 and MRR over bench/relevance_set.py; fails loudly if another client's memory
    is ever returned."""
    from datetime import timedelta

    from django.utils import timezone
    from relevance_set import DISTRACTORS, TARGETS

    from context_recall.models import ContextSnippet, ConversationContext, DecisionLog
    from context_recall.selectors import recall
    from msp.models import Client
    from tracking.models import Project

    rng = random.Random(seed)
    projects = {}
    for slug, name in (("acme-network", "Acme Dental"), ("baker-m365", "Baker Law")):
        client = Client.objects.create(name=name)
        projects[slug] = Project.objects.create(name=f"{name} project", slug=slug, client=client)
    owner = {}  # id -> project slug
    targets = []
    rows = [(slug, "context", title, text, []) for slug, title, text in DISTRACTORS]
    rows += TARGETS
    rng.shuffle(rows)
    now = timezone.now()
    for slug, kind, title, text, queries in rows:
        project = projects[slug]
        if kind == "decision":
            obj = DecisionLog.objects.create(project=project, title=title, decision=text)
        elif kind == "snippet":
            obj = ContextSnippet.objects.create(project=project, title=title, content=text)
        else:
            obj = ConversationContext.objects.create(project=project, title=title, summary=text)
        # Saved over the last six months, in no particular order.
        when = now - timedelta(days=rng.uniform(0, 180))
        type(obj).objects.filter(pk=obj.pk).update(created_at=when, updated_at=when)
        owner[str(obj.pk)] = slug
        if queries:
            targets.append((str(obj.pk), slug, queries))
    hits, rr, total, misses = 0, 0.0, 0, []
    for pk, slug, queries in targets:
        for q in queries:
            got = [i.id for i in recall(projects[slug], q=q, limit=10).items]
            leaked = [i for i in got if owner[i] != slug]
            if leaked:
                raise SystemExit(f"another client's memory returned for {q!r}: {leaked}")
            total += 1
            if pk in got[:3]:
                hits += 1
            else:
                misses.append(q)
            if pk in got:
                rr += 1 / (got.index(pk) + 1)
    print(
        f"\n== Relevance: {total} labelled queries, {len(targets)} targets among"
        f" {len(rows)} memories of two clients (bench/relevance_set.py) =="
    )
    print(f"hit@3 = {hits / total:.3f}   MRR = {rr / total:.3f}")
    if misses:
        print("not in the top 3: " + "; ".join(misses))


def bench_compression(count: int) -> None:
    from context_recall.compression import compress_transcript
    from context_recall.testing.transcripts import generate_transcript

    ratios, kept, times = [], [], []
    sizes = []
    for seed in range(count):
        target = 20_000 + (seed * 80_000) // max(1, count - 1)
        entries, facts = generate_transcript(seed, target_tokens=target)
        t = time.perf_counter()
        s = compress_transcript(entries)
        times.append((time.perf_counter() - t) * 1000)
        rendered = s.render()
        sizes.append(s.raw_token_estimate)
        ratios.append(s.compressed_token_estimate / s.raw_token_estimate)
        wanted = [*facts.written, *facts.edited, *facts.failed_commands, *facts.pending_todos]
        wanted.append(facts.final_message)
        kept.append(sum(1 for w in wanted if w in rendered) / len(wanted))
    print(f"\n== Compression: {count} generated transcripts, "
          f"{min(sizes)}-{max(sizes)} estimated tokens ==")  # fmt: skip
    print(
        f"median size after = {statistics.median(ratios) * 100:.2f}% of before "
        f"(reduction {100 - statistics.median(ratios) * 100:.1f}%), "
        f"worst {max(ratios) * 100:.2f}%"
    )
    print(f"fact retention (files, failed commands, open todos, final message): "
          f"min {min(kept) * 100:.1f}%  median {statistics.median(kept) * 100:.1f}%")  # fmt: skip
    print(f"compression time median {statistics.median(times):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Context counts, ascending.")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--transcripts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--corpus", choices=("zipf", "salad"), default="zipf")
    parser.add_argument("--clients", type=int, default=1000, help="Clients of the MSP.")
    parser.add_argument("--technicians", type=int, default=50, help="Technicians in teams.")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())

    bench_compression(args.transcripts)
    with throwaway_database():
        bench_relevance(args.seed)
        if not args.skip_latency:
            bench_latency(
                sizes,
                args.queries,
                args.seed,
                args.corpus,
                total_clients=args.clients,
                technicians=args.technicians,
            )


if __name__ == "__main__":
    main()
