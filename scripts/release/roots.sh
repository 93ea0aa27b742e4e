# Minimal Debian roots for the release tests (sourced by scripts/test-release.sh
# and scripts/test-install.sh; root only). Each root is made once with
# `debootstrap --variant=minbase` (the smallest Debian: no compiler, no
# -dev package, no git) and kept as a tarball under $FANOUT_ROOTS_CACHE; every
# test unpacks a fresh copy and deletes it afterwards. Mounts happen inside a
# private mount namespace (unshare -m), so none outlives the test or reaches
# the host's mount table.

FANOUT_ROOTS_CACHE="${FANOUT_ROOTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fanout-roots}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
binfmt_registered=""

# The command that runs an arm64 program from a chroot: binfmt_misc with
# qemu-user-static's interpreter, opened once at registration ("F" flag), so
# the root needs no qemu of its own. Registered here only if missing, and
# removed again by roots_cleanup.
roots_enable_arm64() {
  [ "$(uname -m)" = aarch64 ] && return 0
  local entry=/proc/sys/fs/binfmt_misc/qemu-aarch64
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  if [ ! -e "$entry" ]; then
    local conf=/usr/lib/binfmt.d/qemu-aarch64.conf
    [ -f "$conf" ] || { echo "roots: $conf is missing (Debian package qemu-user-static)" >&2; return 1; }
    sed -n 1p "$conf" >/proc/sys/fs/binfmt_misc/register
    binfmt_registered="$entry"
  fi
}

roots_cleanup() {
  if [ -n "$binfmt_registered" ] && [ -e "$binfmt_registered" ]; then
    echo -1 >"$binfmt_registered"
  fi
}

# roots_fresh NAME SUITE ARCH DIR: a fresh copy of the minimal root in DIR.
roots_fresh() {
  local name="$1" suite="$2" arch="$3" dir="$4"
  local tarball="$FANOUT_ROOTS_CACHE/$name.tar"
  if [ ! -f "$tarball" ]; then
    echo "roots: debootstrap $suite $arch (once; cached in $tarball)" >&2
    mkdir -p "$FANOUT_ROOTS_CACHE"
    local build="$FANOUT_ROOTS_CACHE/$name.build"
    rm -rf "$build"
    unshare -m debootstrap --variant=minbase --arch="$arch" "$suite" "$build" "$DEBIAN_MIRROR" >"$build.log" 2>&1 ||
      { echo "roots: debootstrap failed, see $build.log" >&2; return 1; }
    tar -C "$build" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$build" "$build.log"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -C "$dir" -xf "$tarball"
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}

# roots_run DIR COMMAND...: runs COMMAND (a shell script text) in the root,
# with /proc and /dev mounted privately, as root, HOME=/root.
roots_run() {
  local dir="$1"; shift
  unshare -m --propagation private sh -c '
    root="$1"; shift
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
      TERM=dumb /bin/sh -c "$*"
  ' roots "$dir" "$@"
}

# roots_hide_libraries DIR: renames any copy of fanout's libraries in the root
# (Debian 12's apt links libxxhash0), so a run proves the binary needs none.
roots_hide_libraries() {
  local lib
  for lib in "$1"/usr/lib/*/libfmt.so* "$1"/usr/lib/*/libjemalloc.so* "$1"/usr/lib/*/libxxhash.so*; do
    [ -e "$lib" ] || [ -L "$lib" ] || continue
    mv "$lib" "$lib.hidden-by-fanout-test"
  done
}

# roots_unhide_libraries DIR: puts them back (before apt-get runs again).
roots_unhide_libraries() {
  local lib
  for lib in "$1"/usr/lib/*/*.hidden-by-fanout-test; do
    [ -e "$lib" ] || [ -L "$lib" ] || continue
    mv "$lib" "${lib%.hidden-by-fanout-test}"
  done
}

# roots_remove DIR: deletes a root, after checking nothing is mounted in it.
roots_remove() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  if grep -q " $dir/" /proc/mounts; then
    echo "roots: $dir still has mounts; not deleting it" >&2
    return 1
  fi
  rm -rf "$dir"
}
