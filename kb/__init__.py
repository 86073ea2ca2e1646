"""kb: the only code that writes SQL. Schema in ``migrations``, upserts in ``store``, the
entities learned and confirmed in ``entities``, the record of runs in ``runs``."""
from . import entities, runs, store
from .entities import *  # noqa: F403 (the public API is entities.__all__)
from .migrations import migrate
from .runs import beat, finish_run, latest_run, optimise_fts, record_run_error, start_run
from .store import *  # noqa: F403 (the public API is store.__all__)

__all__ = ["migrate", "start_run", "beat", "record_run_error", "finish_run", "latest_run",
           *store.__all__, *entities.__all__]
