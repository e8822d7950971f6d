#!/usr/bin/env bash
# CI's container stage: a Docker engine, the base images, then deploy/container-test.sh. Installs docker.io,
# docker-compose, debootstrap and jq when missing and starts dockerd when none answers. If the engine cannot be had on
# a machine, prints one loud `containers: SKIPPED (reason)` line and exits 0; if the scenarios ran, its last line is
# container-test.sh's (`containers: P of N scenarios passed`).
#
#   deploy/ci-containers.sh --prepare   # engine and images only (the secagg image too); .ci/run runs this while the
#                                       # smoke runs go, so the build costs no extra time and never overlaps the tests
#   deploy/ci-containers.sh             # the same (all cached after --prepare), then the scenarios
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "containers: SKIPPED ($1)"; exit 0; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || skip "apt-get install ${missing[*]} failed"
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd (log: /tmp/dockerd.log)"
  (dockerd >/tmp/dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || skip "dockerd did not start: $(tail -n 1 /tmp/dockerd.log)"
fi
echo "Docker engine $(docker version --format '{{.Server.Version}}'), docker-compose $(docker-compose version --short)"

# The official images when they are here or a registry answers; else the stand-ins, built (or found cached) here.
if docker image inspect mcr.microsoft.com/dotnet/sdk:10.0 >/dev/null 2>&1 || timeout 60 docker pull -q postgres:15 >/dev/null 2>&1; then
  echo "an image registry answers: the official base images are used"
else
  started=$SECONDS
  deploy/ci-images.sh
  echo "stand-in images ready in $((SECONDS - started)) s"
  export SECAGG_SDK_IMAGE=local/dotnet-sdk:10.0 SECAGG_RUNTIME_IMAGE=local/dotnet-runtime:10.0 SECAGG_POSTGRES_IMAGE=local/postgres:15-bookworm
fi

if [[ "${1:-}" == "--prepare" ]]; then
  started=$SECONDS
  docker-compose -p secagg-ct-build build server >/tmp/secagg-image-build.log 2>&1 \
    || { tail -n 20 /tmp/secagg-image-build.log; echo "containers: FAILED (docker-compose build; log /tmp/secagg-image-build.log)"; exit 1; }
  echo "secagg:latest built in $((SECONDS - started)) s"
  exit 0
fi
# CI runs every scenario but timing (the side-by-side measurement, about 1.5 min): deploy/container-test.sh timing.
deploy/container-test.sh "${SECAGG_CONTAINER_SCENARIOS:-sessions client-kill server-kill postgres-restart train}"
