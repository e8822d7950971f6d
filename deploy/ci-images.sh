#!/usr/bin/env bash
# Stand-in base images for a machine with a Docker engine but no image registry (CI here: mcr.microsoft.com and
# Docker Hub cannot be pulled). Only for such machines: with a registry, the Dockerfile's and compose file's official
# images are used as they are.
#
#   deploy/ci-images.sh            # builds what is missing or stale, prints the images' names and sizes
#   deploy/ci-images.sh --rebuild  # builds all four again
#
#   local/bookworm:base         Debian bookworm made with debootstrap from this machine's own Debian package source
#   local/dotnet-sdk:10.0       the base + this machine's .NET SDK + its certificate authorities (for dotnet restore)
#   local/dotnet-runtime:10.0   the base + the .NET runtime alone, with the non-root user `app` (uid 1654) and
#                               APP_UID like the official image
#   local/postgres:15-bookworm  Debian's PostgreSQL 15 with the official image's contract: POSTGRES_USER,
#                               POSTGRES_PASSWORD, POSTGRES_DB, data in /var/lib/postgresql/data, pg_isready
#
# Then: SECAGG_SDK_IMAGE=local/dotnet-sdk:10.0 SECAGG_RUNTIME_IMAGE=local/dotnet-runtime:10.0 \
#       SECAGG_POSTGRES_IMAGE=local/postgres:15-bookworm docker-compose up --build
set -euo pipefail
cd "$(dirname "$0")"

readonly BASE=local/bookworm:base
readonly SDK=local/dotnet-sdk:10.0
readonly RUNTIME=local/dotnet-runtime:10.0
readonly POSTGRES=local/postgres:15-bookworm
rebuild=false
[[ "${1:-}" == "--rebuild" ]] && rebuild=true

# An image is reused only if it was built from this script, this entrypoint and this SDK (label secagg.inputs).
inputs="$(cat ci-images.sh postgres-entrypoint.sh | sha256sum | cut -c1-16)-$(dotnet --version)"
exists() {
  ! $rebuild && [[ "$(docker image inspect --format '{{index .Config.Labels "secagg.inputs"}}' "$1" 2>/dev/null)" == "$inputs" ]]
}
note() { echo "ci-images: $*"; }

# The first Debian archive (not -security) the machine's apt sources name for bookworm: deb822 files (URIs: lines)
# or one-line `deb URI bookworm ...` entries. Never a hard-coded host.
debian_mirror() {
  local file uri
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    uri="$(awk 'BEGIN{RS=""} /Suites:[^\n]*bookworm( |\n|$)/ && !/security/ { if (match($0, /URIs: *[^ \n]+/)) { print substr($0, RSTART+6, RLENGTH-6); exit } }' "$file" | tr -d ' ')"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$file" ]] || continue
    uri="$(awk '$1 == "deb" && $3 == "bookworm" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$file")"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  done
  return 1
}

work="$(mktemp -d /var/tmp/secagg-ci-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if exists "$BASE"; then
  note "$BASE cached"
else
  mirror="$(debian_mirror)" || { echo "ci-images: no Debian bookworm source in /etc/apt/sources*" >&2; exit 1; }
  note "debootstrap bookworm from $mirror"
  # What .NET needs (ICU, OpenSSL, libstdc++, zlib, time zones), fontconfig for the plots (SkiaSharp), and the tools
  # the compose file's commands use (hostname -i, bash).
  debootstrap --variant=minbase \
    --include=ca-certificates,libssl3,libicu72,libstdc++6,zlib1g,tzdata,libfontconfig1,hostname,iproute2 \
    bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' --change "LABEL secagg.inputs=$inputs" - "$BASE" >/dev/null
  rm -rf "$work/rootfs"
fi

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"

# build_image IMAGE FROM CONTEXT: CONTEXT fills the folder it is given with a Dockerfile and what it copies; the image
# is built from it with the inputs label, unless a cached one has the same label.
build_image() {
  local image="$1" from="$2" context="$3"
  if exists "$image"; then
    note "$image cached"
    return
  fi
  note "$image from $from"
  local folder; folder="$work/$(basename "${image%%:*}")"
  mkdir -p "$folder"
  "$context" "$folder"
  docker build -q --label "secagg.inputs=$inputs" -t "$image" "$folder" >/dev/null
}

sdk_context() {
  cp -a "$dotnet_root" "$1/dotnet"
  # Trust what the host trusts, so that dotnet restore inside the build works behind this machine's TLS inspection.
  cp /etc/ssl/certs/ca-certificates.crt "$1/"
  cat >"$1/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}
DOCKERFILE
}

runtime_context() {
  mkdir -p "$1/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$1/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$1/dotnet/shared/"
  cat >"$1/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \\
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --create-home --shell /bin/false app
ENV APP_UID=1654 DOTNET_ROOT=/usr/share/dotnet DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DOCKERFILE
}

postgres_context() {
  cp postgres-entrypoint.sh "$1/"
  cat >"$1/Dockerfile" <<DOCKERFILE
FROM $BASE
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /var/lib/postgresql/data /run/postgresql \\
 && chown -R postgres:postgres /var/lib/postgresql /run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# Fast shutdown, as the official image: SIGTERM would wait for every client to disconnect.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
DOCKERFILE
}

build_image "$SDK" "$dotnet_root ($(dotnet --version))" sdk_context
build_image "$RUNTIME" "$dotnet_root/shared/Microsoft.NETCore.App" runtime_context
build_image "$POSTGRES" "Debian's postgresql-15" postgres_context

for image in "$BASE" "$SDK" "$RUNTIME" "$POSTGRES"; do
  note "$image $(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1000000 }')"
done
