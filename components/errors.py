"""The one exception type users see.

Every mistake a user can make in their Functions project or stack configuration is reported as a
:class:`FunctionsKedaError`. It subclasses :class:`pulumi.RunError`, so the Pulumi CLI prints the message
alone instead of a Python traceback, and it is always raised before the first resource is registered.
"""

from __future__ import annotations

import pulumi


class FunctionsKedaError(pulumi.RunError):
    """A user error: the message names where, what is wrong, what is allowed and how to fix it."""

    def __init__(self, where: str, problem: str, fix: str) -> None:
        """Build a message of the form ``<where>: <problem>. <fix>``.

        **parameters**

        * **where** - the file, function or config key the problem is in (e.g. ``host.json``,
          ``function 'orders' (function_app.py:12)``, ``config functions-keda:minReplicas``).
        * **problem** - what is wrong, quoting the bad value with ``!r``.
        * **fix** - what to change, listing the valid choices where there are some.
        """
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(f"{where}: {problem}. {fix}")
