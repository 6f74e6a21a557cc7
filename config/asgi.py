"""One ASGI process serves HTTP and WebSockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from apps.core.asgi import ieum_asgi_application  # noqa: E402

# Django's handler, running the (all synchronous) middleware and views in one thread crossing and
# reusing request threads: apps/core/asgi.py says why.
django_asgi_app = ieum_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from apps.core.ws import websocket_stack  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": websocket_stack(URLRouter(websocket_urlpatterns)),
    }
)

if settings.IEUM_TICKER_ENABLED and os.environ.get("IEUM_SERVER") == "1":
    from apps.core.periodic import start_ticker

    start_ticker()
