"""The Redis channel layer, with a stop that cannot be lost.

A WebSocket consumer receives from the channel layer in a task of its own, and stops it with
``task.cancel()`` when the socket closes. On Python 3.11, ``asyncio.wait_for`` drops a cancel
that arrives just as the awaited work finishes (python/cpython#86296, fixed in 3.12), and redis-py
wraps every write in ``wait_for`` when ``socket_timeout`` is set (it is: see
``REDIS_CHANNEL_HOST_OPTIONS``). A socket closed while its consumer's first Redis command is being
written — a refused socket, a phone that drops at once — then left channels_redis's receive
looping on BZPOPMIN for ever: the consumer never finished, kept a Redis connection, and an event
loop closing under it (every async test's, a worker's at shutdown) waited for it without end.

The receive here checks, before each blocking pop, whether its task was asked to stop, and stops.
"""

import asyncio

from channels_redis.core import RedisChannelLayer as ChannelsRedisLayer

# channels_redis's own script (core.py, 4.3): put messages a cancelled receive had popped back in
# front of the queue, in order.
RESTORE_BACKUP = """
    local backed_up = redis.call('ZRANGE', ARGV[2], 0, -1, 'WITHSCORES')
    for i = #backed_up, 1, -2 do
        redis.call('ZADD', ARGV[1], backed_up[i], backed_up[i - 1])
    end
    redis.call('DEL', ARGV[2])
"""


def stop_if_asked() -> None:
    """Raise the cancel a library swallowed: the task still counts the request."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class RedisChannelLayer(ChannelsRedisLayer):
    async def _brpop_with_clean(self, index, channel, timeout):
        """channels_redis's pop with its backup queue, plus ``stop_if_asked`` before the pop
        blocks. A message popped is in the backup queue until handled, so stopping loses none."""
        stop_if_asked()
        backup_queue = self._backup_channel_name(channel)
        connection = self.connection(index)
        await connection.eval(RESTORE_BACKUP, 0, channel, backup_queue)
        stop_if_asked()
        result = await connection.bzpopmin(channel, timeout=timeout)
        if result is None:
            return None
        _, member, timestamp = result
        await connection.zadd(backup_queue, {member: float(timestamp)})
        return member
