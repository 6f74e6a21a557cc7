import pytest

from apps.chat import retrieval


@pytest.fixture
def knowledge(db):
    """The knowledge Ieum ships (apps/chat/seed.py), published."""
    import io

    from apps.chat import seed

    seed.run(io.StringIO())
    retrieval.clear_cache()
    # build the indexes now: the first build loads the morphological model (seconds), which a
    # WebSocket test's receive timeout should not have to cover
    retrieval.index_for("ko")
    retrieval.index_for("en")
    yield
    retrieval.clear_cache()


@pytest.fixture
def counsellor(db):
    from apps.accounts.tests.factories import UserFactory
    from apps.core.roles import Role, role_grant

    person = UserFactory()
    role_grant(user=person, role=Role.COUNSELLOR)
    return person
