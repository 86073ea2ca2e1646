"""kb: the only code that writes SQL. Schema in ``migrations``, upserts in ``store``."""
from . import store
from .migrations import migrate
from .store import *  # noqa: F403 (the public API is store.__all__)

__all__ = ["migrate", *store.__all__]
