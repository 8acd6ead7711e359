#!/bin/sh
# A local loop for functions-keda: a kind cluster that pulls from a registry on localhost:5001.
#
# The kind documentation's local-registry recipe (https://kind.sigs.k8s.io/docs/user/local-registry/), made
# idempotent: run it again and it starts what is stopped and skips what exists. Then:
#
#   pulumi config set functions-keda:registry localhost:5001 && make deploy
#
# Environment: KIND_CLUSTER_NAME (default functions-keda), KIND_NODE_IMAGE (kindest/node image, default: kind's),
# KIND_REGISTRY_NAME (kind-registry), KIND_REGISTRY_PORT (5001), KIND_REGISTRY_IMAGE (registry:2).
# Without docker or kind, or with the Docker daemon down, it says so and exits 0 (nothing to do here).
set -eu

cluster="${KIND_CLUSTER_NAME:-functions-keda}"
reg_name="${KIND_REGISTRY_NAME:-kind-registry}"
reg_port="${KIND_REGISTRY_PORT:-5001}"
reg_image="${KIND_REGISTRY_IMAGE:-registry:2}"

skip() {
  echo "cluster-up: skipped: $1" >&2
  exit 0
}

command -v docker >/dev/null 2>&1 || skip "docker is not installed (https://docs.docker.com/get-docker/)"
command -v kind >/dev/null 2>&1 || skip "kind is not installed (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
docker info >/dev/null 2>&1 || skip "the Docker daemon is not running (start Docker and run this again)"

# 1. The registry container: start it if stopped, create it if missing.
state="$(docker inspect -f '{{.State.Running}}' "${reg_name}" 2>/dev/null || true)"
if [ "${state}" = "false" ]; then
  echo "cluster-up: starting registry ${reg_name}"
  docker start "${reg_name}" >/dev/null
elif [ -z "${state}" ]; then
  echo "cluster-up: creating registry ${reg_name} on 127.0.0.1:${reg_port}"
  docker run -d --restart=always -p "127.0.0.1:${reg_port}:5000" --network bridge --name "${reg_name}" \
    "${reg_image}" >/dev/null
fi

# 2. The cluster, with containerd reading registry hosts from /etc/containerd/certs.d.
if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  echo "cluster-up: kind cluster ${cluster} exists"
else
  echo "cluster-up: creating kind cluster ${cluster}"
  set -- --name "${cluster}" --wait 120s --config=-
  if [ -n "${KIND_NODE_IMAGE:-}" ]; then
    set -- "$@" --image "${KIND_NODE_IMAGE}"
  fi
  kind create cluster "$@" <<EOF
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
- |-
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "/etc/containerd/certs.d"
EOF
fi

# 3. On every node, localhost:<port> means the registry container (localhost in a node is the node itself).
registry_dir="/etc/containerd/certs.d/localhost:${reg_port}"
for node in $(kind get nodes --name "${cluster}"); do
  if ! docker exec "${node}" grep -q 'config_path' /etc/containerd/config.toml 2>/dev/null; then
    echo "cluster-up: warning: ${node} was not created with the registry config_path patch; delete the" \
      "cluster (scripts/cluster-down.sh) and run this again if pulls from localhost:${reg_port} fail" >&2
  fi
  docker exec "${node}" mkdir -p "${registry_dir}"
  printf '[host."http://%s:5000"]\n' "${reg_name}" | docker exec -i "${node}" cp /dev/stdin "${registry_dir}/hosts.toml"
done

# 4. The registry joins the cluster's network (once).
if [ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "${reg_name}")" = "null" ]; then
  docker network connect kind "${reg_name}"
fi

# 5. Document the registry for tools (KEP-1755), with the control plane's own kubectl: no host kubectl needed.
docker exec -i "${cluster}-control-plane" kubectl --kubeconfig /etc/kubernetes/admin.conf apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-registry-hosting
  namespace: kube-public
data:
  localRegistryHosting.v1: |
    host: "localhost:${reg_port}"
    help: "https://kind.sigs.k8s.io/docs/user/local-registry/"
EOF

echo "cluster-up: ready: kubectl context kind-${cluster}, registry localhost:${reg_port}"
