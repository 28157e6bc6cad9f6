#!/usr/bin/env bash
# The compilers scripts/prebuild.mjs builds the prebuilt addon with: Debian 11
# (bullseye)'s gcc 10 with glibc 2.31, for x64 and (Debian's cross compiler,
# g++-10-aarch64-linux-gnu) for arm64. A binary linked against glibc 2.31
# loads on any glibc >= 2.31 (Debian 11, Ubuntu 20.04, RHEL 9, and later); one
# built with this machine's own g++ would need this machine's glibc or newer.
#
#   bash scripts/toolchain.sh        (idempotent; ~200 MB download, ~700 MB unpacked)
#
# Into ${AUTOCORRECTOR_TOOLCHAIN:-~/.cache/autocorrector-toolchain}: x64/ and
# arm64/, each a sysroot holding its compiler (usr/bin/*-g++-10), used with
# --sysroot. The packages come from deb.debian.org with apt-get, through an
# apt state of their own (this machine's apt sources and dpkg stay as they
# are). The arm64 compiler uses this machine's aarch64 binutils
# (binutils-aarch64-linux-gnu, which g++-aarch64-linux-gnu brings).
#
# Also arm64-node/: Debian 12's Node (18, arm64) and its libraries, which the
# tests run under qemu-user (qemu-aarch64 -L arm64-node) to load the arm64
# prebuild: nothing here can run an arm64 binary otherwise.
set -euo pipefail
dir=${AUTOCORRECTOR_TOOLCHAIN:-$HOME/.cache/autocorrector-toolchain}
stamp_text="bullseye gcc-10 glibc-2.31, bookworm arm64 node v2"
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp_text" ]; then
  echo "toolchain: ready in $dir"; exit 0
fi
for tool in apt-get dpkg /usr/bin/aarch64-linux-gnu-as /usr/bin/aarch64-linux-gnu-ld; do
  command -v "$tool" >/dev/null || { echo "toolchain: $tool missing (apt-get install g++-aarch64-linux-gnu)" >&2; exit 1; }
done
rm -rf "$dir"
mkdir -p "$dir/debs/x64" "$dir/debs/arm64" "$dir/debs/arm64-node"
# apt_for SUITE ARCH: an apt-get of its own for that Debian suite and architecture.
apt_for() {
  local a="$dir/apt/$1-$2"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
  echo "deb http://deb.debian.org/debian $1 main" > "$a/sources.list"
  : > "$a/status"
  apt=(apt-get -q -o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o "Dir::State::status=$a/status"
    -o "APT::Architectures::=$2" -o "APT::Architecture=$2" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  "${apt[@]}" update >/dev/null
}
apt_for bullseye amd64
(cd "$dir/debs/x64" && "${apt[@]}" download >/dev/null \
  gcc-10 g++-10 cpp-10 gcc-10-base libgcc-10-dev libstdc++-10-dev libc6 libc6-dev linux-libc-dev libgcc-s1 libstdc++6)
(cd "$dir/debs/arm64" && "${apt[@]}" download >/dev/null \
  gcc-10-aarch64-linux-gnu g++-10-aarch64-linux-gnu cpp-10-aarch64-linux-gnu gcc-10-aarch64-linux-gnu-base \
  libgcc-10-dev-arm64-cross libstdc++-10-dev-arm64-cross libc6-dev-arm64-cross libc6-arm64-cross \
  linux-libc-dev-arm64-cross libgcc-s1-arm64-cross libstdc++6-arm64-cross)
apt_for bookworm arm64
(cd "$dir/debs/arm64-node" && "${apt[@]}" download >/dev/null \
  nodejs libnode108 libbrotli1 libc-ares2 libicu72 libnghttp2-14 libssl3 libuv1 zlib1g libc6 libgcc-s1 libstdc++6 \
  node-acorn node-cjs-module-lexer node-undici)
for arch in x64 arm64 arm64-node; do
  root="$dir/$arch"
  mkdir -p "$root"
  for deb in "$dir/debs/$arch"/*.deb; do dpkg -x "$deb" "$root"; done
  # Absolute links (libpthread.so -> /lib/…) would reach this machine's libraries.
  find "$root" -type l -lname '/*' | while read -r l; do ln -sfn "$root$(readlink "$l")" "$l"; done
done
# x64: the dynamic loader's path that libc6's maintainer scripts would create.
mkdir -p "$dir/x64/lib64"
ln -sfn ../lib/x86_64-linux-gnu/ld-2.31.so "$dir/x64/lib64/ld-linux-x86-64.so.2"
# arm64: gcc looks for as and ld in usr/aarch64-linux-gnu/bin.
mkdir -p "$dir/arm64/usr/aarch64-linux-gnu/bin"
for t in as ld ld.bfd ar nm objcopy objdump ranlib readelf strip; do
  ln -sfn "/usr/bin/aarch64-linux-gnu-$t" "$dir/arm64/usr/aarch64-linux-gnu/bin/$t"
done
# No link-time optimisation here: its compiler (~200 MB each) goes.
rm -f "$dir"/x64/usr/lib/gcc/x86_64-linux-gnu/10/lto1 "$dir"/arm64/usr/lib/gcc-cross/aarch64-linux-gnu/10/lto1 \
  "$dir"/x64/usr/bin/*lto-dump-10 "$dir"/arm64/usr/bin/*lto-dump-10
rm -rf "$dir/debs" "$dir/apt"
echo "$stamp_text" > "$dir/stamp"
echo "toolchain: ready in $dir"
