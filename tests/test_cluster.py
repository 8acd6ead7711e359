"""End-to-end on a real cluster: `pulumi up`, check KEDA accepted the objects, `pulumi destroy`.

Needs the Pulumi CLI, kubectl pointing at a disposable cluster with a registry on localhost:5001, and
FUNCTIONS_KEDA_CLUSTER_TESTS=1. Skipped otherwise; the offline tests are the proof, this is the smoke test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest
from conftest import REPO

pytestmark = pytest.mark.cluster

_MISSING = [tool for tool in ("pulumi", "kubectl", "docker") if shutil.which(tool) is None]
_SKIP_REASON = (
    f"needs {', '.join(_MISSING)} on PATH"
    if _MISSING
    else "set FUNCTIONS_KEDA_CLUSTER_TESTS=1 to run against the current kubectl context"
)


@pytest.mark.skipif(bool(_MISSING) or os.environ.get("FUNCTIONS_KEDA_CLUSTER_TESTS") != "1", reason=_SKIP_REASON)
def test_dev_stack_up_and_destroy(tmp_path: pytest.TempPathFactory) -> None:
    stack = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PULUMI_BACKEND_URL": f"file://{tmp_path}", "PULUMI_CONFIG_PASSPHRASE": ""}

    def pulumi(*args: str) -> str:
        return subprocess.run(
            ["pulumi", *args, "--stack", stack], cwd=REPO, env=env, check=True, capture_output=True, text=True
        ).stdout

    subprocess.run(["pulumi", "stack", "init", stack], cwd=REPO, env=env, check=True)
    shutil.copy(REPO / "stacks" / "Pulumi.dev.yaml", REPO / "stacks" / f"Pulumi.{stack}.yaml")
    try:
        pulumi("up", "--yes", "--skip-preview")
        outputs = json.loads(pulumi("stack", "output", "--json"))
        for name in outputs["scaledObjects"]:
            ready = subprocess.run(
                [
                    "kubectl",
                    "get",
                    "scaledobject",
                    name,
                    "-n",
                    "default",
                    "-o",
                    "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            assert ready == "True", f"KEDA did not accept ScaledObject {name}"
    finally:
        pulumi("destroy", "--yes")
        subprocess.run(["pulumi", "stack", "rm", "--yes", stack], cwd=REPO, env=env, check=False)
        (REPO / "stacks" / f"Pulumi.{stack}.yaml").unlink(missing_ok=True)
