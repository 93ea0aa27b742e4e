#!/usr/bin/env bash
# Unpacks Debian's development packages of fanout's libraries for another
# architecture into DIR, for a cross build (cmake/toolchains/):
#
#   scripts/release/target-libs.sh arm64 DIR
#
# The packages are Debian's own (what `apt-get install libfmt-dev:arm64` would
# install), downloaded with a private apt state under DIR: the machine's
# dpkg architectures and installed packages stay as they are. That matters
# because libjemalloc-dev is not multi-arch: installing its arm64 build would
# remove the machine's own. Only headers and static archives are used.
set -euo pipefail

arch="${1:?usage: target-libs.sh ARCH DIR}"
dir="${2:?usage: target-libs.sh ARCH DIR}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# The build's headers and archives; the same list as cmake/dependencies.cmake.
packages=(libfmt-dev libxxhash-dev libjemalloc-dev libcli11-dev nlohmann-json3-dev zlib1g-dev)

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
stamp="$dir/.fanout-target-libs"
want="$arch $suite $mirror ${packages[*]}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0  # already unpacked
fi

state="$dir/.apt"
rm -rf "$state"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/debs"
: >"$state/status"
echo "deb [arch=$arch signed-by=$keyring] $mirror $suite main" >"$state/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=$state/none"
  -o "Dir::State=$state" -o "Dir::State::Lists=$state/lists" -o "Dir::State::Status=$state/status"
  -o "Dir::Cache=$state/cache" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
  -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" -qq update
(cd "$state/debs" && apt-get "${apt_opts[@]}" -qq download "${packages[@]}")
for deb in "$state/debs"/*.deb; do
  dpkg-deb -x "$deb" "$dir"
done
echo "$want" >"$stamp"
echo "target-libs: unpacked $(cd "$state/debs" && ls | tr '\n' ' ')into $dir" >&2
