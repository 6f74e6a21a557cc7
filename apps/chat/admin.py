from .civic.admin import *  # noqa: F401,F403
