"""Validate rendered objects against real schemas.

Built-in kinds go through ``kubernetes-validate`` in strict mode (unknown fields fail). KEDA objects go
through the ``cloudcoil-models-keda`` Pydantic models; those drop unknown keys silently, so the object must
also survive a round trip unchanged. KEDA's admission-webhook rules that no schema carries are checked here too.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import kubernetes_validate
from cloudcoil.models.keda import v1alpha1 as keda_models

KUBERNETES_VERSION = "1.35"
"""A Kubernetes release KEDA 2.20 is tested on."""

_KEDA_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): keda_models.ScaledObject,
    ("keda.sh/v1alpha1", "TriggerAuthentication"): keda_models.TriggerAuthentication,
}


_NAME = {"type": "string", "minLength": 1}
_PORT = {"type": "integer", "minimum": 1, "maximum": 65535}

INTERCEPTOR_ROUTE_SCHEMA: dict[str, Any] = {
    "$comment": "http.keda.sh/v1beta1 InterceptorRoute (KEDA HTTP add-on 0.15), the fields this project emits.",
    "type": "object",
    "additionalProperties": False,
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "http.keda.sh/v1beta1"},
        "kind": {"const": "InterceptorRoute"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": _NAME, "namespace": _NAME, "labels": {"type": "object"}},
            "additionalProperties": False,
        },
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "required": ["target", "scalingMetric"],
            "properties": {
                "target": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["service"],
                    "properties": {"service": _NAME, "port": _PORT, "portName": _NAME},
                    # "exactly one of 'port' or 'portName' must be set" (the CRD's CEL rule)
                    "oneOf": [{"required": ["port"]}, {"required": ["portName"]}],
                },
                "rules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "hosts": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                            "paths": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["value"],
                                    "properties": {"value": _NAME},
                                },
                            },
                        },
                    },
                },
                "scalingMetric": {
                    "type": "object",
                    "additionalProperties": False,
                    "anyOf": [{"required": ["concurrency"]}, {"required": ["requestRate"]}],
                    "properties": {
                        "concurrency": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["targetValue"],
                            "properties": {"targetValue": {"type": "integer", "minimum": 1}},
                        },
                        "requestRate": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["targetValue"],
                            "properties": {
                                "targetValue": {"type": "integer", "minimum": 1},
                                "window": {"type": "string"},
                                "granularity": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}
"""No Python model of the add-on's CRD exists on PyPI: this schema is written from its API reference."""


def validate(document: dict[str, Any]) -> None:
    """Raise ``AssertionError`` (or the validator's error) unless ``document`` is a valid object."""
    if (document.get("apiVersion"), document.get("kind")) == ("http.keda.sh/v1beta1", "InterceptorRoute"):
        jsonschema.validate(document, INTERCEPTOR_ROUTE_SCHEMA)
        return
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
