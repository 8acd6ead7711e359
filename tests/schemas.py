"""Validate rendered objects against real schemas.

Built-in kinds go through ``kubernetes-validate`` in strict mode (unknown fields fail). KEDA objects go
through the ``cloudcoil-models-keda`` Pydantic models; those drop unknown keys silently, so the object must
also survive a round trip unchanged. KEDA's admission-webhook rules that no schema carries are checked here too.
"""

from __future__ import annotations

from typing import Any

import kubernetes_validate
from cloudcoil.models.keda import v1alpha1 as keda_models

KUBERNETES_VERSION = "1.35"
"""A Kubernetes release KEDA 2.20 is tested on."""

_KEDA_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): keda_models.ScaledObject,
    ("keda.sh/v1alpha1", "TriggerAuthentication"): keda_models.TriggerAuthentication,
}


def validate(document: dict[str, Any]) -> None:
    """Raise ``AssertionError`` (or the validator's error) unless ``document`` is a valid object."""
    model = _KEDA_KINDS.get((document.get("apiVersion"), document.get("kind")))
    if model is None:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        return
    parsed = model.model_validate(document)
    round_trip = parsed.model_dump(by_alias=True, exclude_none=True, mode="json")
    assert round_trip == document, f"{document['kind']} has fields the KEDA schema does not know"
    if document["kind"] == "ScaledObject":
        _scaled_object_webhook_rules(document)


def _scaled_object_webhook_rules(document: dict[str, Any]) -> None:
    name = document["metadata"]["name"]
    assert len(name) <= 63 and len(f"keda-hpa-{name}") <= 63, f"HPA name for {name!r} is too long"
    spec = document["spec"]
    assert spec.get("minReplicaCount", 0) <= spec.get("maxReplicaCount", 100)
    assert spec["triggers"], "a ScaledObject needs at least one trigger"
    for trigger in spec["triggers"]:
        assert all(isinstance(v, str) for v in trigger["metadata"].values()), trigger
    names = [t["name"] for t in spec["triggers"] if "name" in t]
    assert len(names) == len(set(names)), "trigger names must be unique"
