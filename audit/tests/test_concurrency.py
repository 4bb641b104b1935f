import threading

import pytest
from django.db import connection

from audit.models import ApiRequestLog, AuditEvent, ChainHead
from audit.services import record
from audit.tests.factories import make_request_log
from audit.verification import verify_chain

THREADS = 8
APPENDS = 25


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("heads", ["migrated", "missing"])
def test_concurrent_appends_form_one_unbroken_chain(heads):
    """Each thread has its own connection: appends really race on the head row (and,
    after a flush, on creating it)."""
    if heads == "missing":
        ChainHead.objects.all().delete()
    else:
        for name in ("requests", "events"):
            ChainHead.objects.get_or_create(name=name)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(APPENDS):
                record("test.concurrent", details={"thread": n, "i": i})
                if i % 5 == 0:
                    make_request_log(request_id=f"t{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == THREADS * APPENDS
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert verify_chain(AuditEvent).ok
    assert verify_chain(ApiRequestLog).ok
    assert ApiRequestLog.objects.count() == THREADS * (APPENDS // 5)
