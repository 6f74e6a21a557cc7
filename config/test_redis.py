"""The Redis cache client the test settings use when REDIS_URL is set."""

from django_redis.client import DefaultClient
from django_redis.client.default import glob_escape


class RunScopedRedisClient(DefaultClient):
    """`cache.clear()` deletes this test run's keys only. django-redis clears with FLUSHDB, which
    would also wipe the cache and channel-layer keys of another test run sharing the database."""

    def clear(self, client=None) -> None:
        client = client or self.get_client(write=True)
        keys = list(client.scan_iter(match=f"{glob_escape(self._backend.key_prefix)}:*"))
        if keys:
            client.delete(*keys)
