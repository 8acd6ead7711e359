#!/bin/sh
# Delete what scripts/cluster-up.sh created: the kind cluster and the local registry container (with its images).
#
# Environment: KIND_CLUSTER_NAME (default functions-keda), KIND_REGISTRY_NAME (kind-registry); set
# KEEP_REGISTRY=1 to keep the registry (other kind clusters may pull from it).
# Without docker or kind, or with the Docker daemon down, it says so and exits 0 (nothing to do here).
set -eu

cluster="${KIND_CLUSTER_NAME:-functions-keda}"
reg_name="${KIND_REGISTRY_NAME:-kind-registry}"

skip() {
  echo "cluster-down: skipped: $1" >&2
  exit 0
}

command -v docker >/dev/null 2>&1 || skip "docker is not installed"
command -v kind >/dev/null 2>&1 || skip "kind is not installed"
docker info >/dev/null 2>&1 || skip "the Docker daemon is not running"

if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  kind delete cluster --name "${cluster}"
else
  echo "cluster-down: no kind cluster ${cluster}"
fi

if [ "${KEEP_REGISTRY:-0}" = "1" ]; then
  echo "cluster-down: keeping registry ${reg_name} (KEEP_REGISTRY=1)"
elif docker inspect "${reg_name}" >/dev/null 2>&1; then
  docker rm -f "${reg_name}" >/dev/null
  echo "cluster-down: removed registry ${reg_name}"
else
  echo "cluster-down: no registry ${reg_name}"
fi
