"""Discovery: read a Functions project into typed values, without running any of its code."""

from components.discovery.project import WORKER_RUNTIMES, discover

__all__ = ["WORKER_RUNTIMES", "discover"]
