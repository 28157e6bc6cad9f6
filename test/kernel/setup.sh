#!/usr/bin/env bash
# Prepares what the kernel tests need to boot a real Linux under qemu:
# qemu + cpio from apt, a Debian 6.1 kernel with the modules we load, busybox,
# and an initramfs whose /init is test/kernel/init.sh. Idempotent: a second run
# only checks. The cache lives outside git (hundreds of MB while unpacking).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${AUTOCORRECTOR_KERNEL_CACHE:-$HOME/.cache/autocorrector-kernel}"
export DEBIAN_FRONTEND=noninteractive

# Load order matters: each needs the ones before it (virtio needs virtio_ring;
# checked with modinfo -F depends on 6.1.0-56).
modules=(
  drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev
  drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci
  fs/netfs/netfs fs/fscache/fscache net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p
  drivers/input/evdev drivers/input/misc/uinput
  fs/overlayfs/overlay
)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v cpio >/dev/null || need+=(cpio)
command -v dpkg-deb >/dev/null || need+=(dpkg)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
updated=0
if [ ${#need[@]} -gt 0 ]; then
  echo "kernel-setup: installing ${need[*]}"
  sudo_ apt-get update -qq && updated=1
  sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The initramfs is rebuilt whenever its inputs (this script, init.sh) change.
stamp_want="$(cat "$here/setup.sh" "$here/init.sh" | sha256sum | cut -c1-16)"
if [ -f "$cache/stamp" ] && [ "$(cat "$cache/stamp")" = "$stamp_want" ] \
   && [ -f "$cache/vmlinuz" ] && [ -f "$cache/initramfs.cpio.gz" ]; then
  echo "kernel-setup: ready in $cache ($(cat "$cache/kernel-version"))"
  exit 0
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A module added to the list above since the cache was made is fetched too.
missing_module=0
for m in "${modules[@]}"; do [ -f "$cache/modules/$(basename "$m").ko" ] || missing_module=1; done
if [ ! -f "$cache/vmlinuz" ] || [ "$missing_module" = 1 ] || [ ! -f "$cache/busybox" ]; then
  [ "$updated" = 1 ] || sudo_ apt-get update -qq
  pkg="$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' \
         | cut -d' ' -f1 | sort -V | tail -1)"
  [ -n "$pkg" ] || { echo "kernel-setup: no linux-image-6.1.0-*-amd64-unsigned in apt" >&2; exit 1; }
  echo "kernel-setup: downloading $pkg and busybox-static"
  # As root, apt would hand the download to user _apt, who cannot write here.
  sandbox=(); [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
  (cd "$work" && apt-get download -qq "${sandbox[@]}" "$pkg" busybox-static)
  mkdir "$work/x"
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
  ver="$(ls "$work/x/lib/modules" | head -1)"
  # Keep only what we boot: the image, the listed modules, busybox (~15 MB, not ~500).
  rm -rf "$cache/modules" && mkdir -p "$cache/modules"
  for m in "${modules[@]}"; do
    src="$work/x/lib/modules/$ver/kernel/$m"
    if [ -f "$src.ko" ]; then cp "$src.ko" "$cache/modules/$(basename "$m").ko"
    elif [ -f "$src.ko.xz" ]; then xz -dc "$src.ko.xz" > "$cache/modules/$(basename "$m").ko"
    else echo "kernel-setup: module $m missing from $pkg" >&2; exit 1; fi
  done
  cp "$work/x/boot/vmlinuz-$ver" "$cache/vmlinuz"
  cp "$work/x/bin/busybox" "$cache/busybox"
  echo "$ver" > "$cache/kernel-version"
  rm -rf "$work/x" "$work"/*.deb
fi

# Under TCG the kernel spends ~5 s decompressing itself: keep an uncompressed
# ELF too, which qemu boots directly through its PVH entry. Optional.
if [ ! -f "$cache/vmlinux" ] && command -v xz >/dev/null; then
  at="$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$cache/vmlinuz" | head -1 | cut -d: -f1 || true)"
  rm -f "$cache/vmlinux.new"
  # xz complains about the bzImage tail after its stream; the kernel is whole by then.
  [ -z "$at" ] || { tail -c "+$((at + 1))" "$cache/vmlinuz" | xz -dc > "$cache/vmlinux.new" 2>/dev/null || true; }
  if [ -s "$cache/vmlinux.new" ]; then mv "$cache/vmlinux.new" "$cache/vmlinux"; else rm -f "$cache/vmlinux.new"; fi
fi

root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,host,results,lib/modules}
cp "$cache/busybox" "$root/bin/busybox"
for m in "${modules[@]}"; do cp "$cache/modules/$(basename "$m").ko" "$root/lib/modules/"; done
printf '%s\n' "${modules[@]##*/}" > "$root/lib/modules/order"
install -m 0755 "$here/init.sh" "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initramfs.cpio.gz.new"
mv "$cache/initramfs.cpio.gz.new" "$cache/initramfs.cpio.gz"
echo "$stamp_want" > "$cache/stamp"
echo "kernel-setup: ready in $cache ($(cat "$cache/kernel-version"))"
echo "  kernel:    $cache/vmlinuz$([ -f "$cache/vmlinux" ] && echo " (and uncompressed: vmlinux)")"
echo "  initramfs: $cache/initramfs.cpio.gz"
