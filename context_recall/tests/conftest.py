import pytest

from msp.testing.factories import TechnicianFactory


@pytest.fixture
def user(db):
    # Recall and the hooks need the context_recall permissions a technician holds.
    return TechnicianFactory()
