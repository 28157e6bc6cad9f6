#!/bin/busybox sh
# /init of the test VM (packed by setup.sh). Runs the host's own root, read-only,
# with fresh /dev, /proc, /sys, /tmp, /run, and the checkout mounted (see below),
# then runs /results/script.sh there as root. vm.ts reads the results.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do
  insmod "/lib/modules/$m.ko" || echo "init: insmod $m failed"
done
opts=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o "$opts" results /results || { echo "init: no results share"; poweroff -f; }
# cache=loose: both read-only shares do not change while the VM runs, and
# without a page cache every exec of node re-reads it over 9p (seconds under TCG).
mount -t 9p -o "$opts,ro,cache=loose" hostroot /host || { echo "init: no hostroot share" > /results/init-error; poweroff -f; }
# vm.env sets CHECKOUT and GUEST_PATH (written by vm.ts)
. /results/vm.env
mount -t devtmpfs dev /host/dev
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t tmpfs tmp /host/tmp
mount -t tmpfs run /host/run
mkdir -p /host/dev/pts /host/dev/shm /host/run/vm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs shm /host/dev/shm
mount --bind /results /host/run/vm
# The checkout appears twice, both on the tmpfs: at $CHECKOUT, under a 0700
# parent as in root's home (so every test runs from a clone no other user can
# reach), and at $PUBLIC_CHECKOUT, for what a test runs as another user.
mkdir -p "/host$CHECKOUT" "/host$PUBLIC_CHECKOUT"
chmod 700 "$(dirname "/host$CHECKOUT")"
mount -t 9p -o "$opts,ro,cache=loose" checkout "/host$CHECKOUT" || echo "init: no checkout share" > /results/init-error
# The public view is an overlay whose top layer is an empty 0755 directory: its
# root is then 0755 even when the clone's own directory is 0700 (a umask-077
# clone), while everything below keeps the clone's modes. Read-only, as it has
# no upper layer. (9p will not mount one share twice; a bind would keep 0700.)
mkdir -p /ovl && mount -t tmpfs ovl /ovl && mkdir -m 0755 /ovl/top
mount -t overlay public -o "lowerdir=/ovl/top:/host$CHECKOUT" "/host$PUBLIC_CHECKOUT" \
  || mount --bind "/host$CHECKOUT" "/host$PUBLIC_CHECKOUT" || echo "init: no public checkout" > /results/init-error
mkdir -p /results/out
echo "init: ready $(cut -d' ' -f1 /proc/uptime)s"
chroot /host /usr/bin/env -i HOME=/root PATH="$GUEST_PATH" CI="${CI:-}" TERM=dumb \
  RESULTS=/run/vm/out CHECKOUT="$CHECKOUT" PUBLIC_CHECKOUT="$PUBLIC_CHECKOUT" \
  /bin/sh -c 'cd "$CHECKOUT" && exec /bin/sh /run/vm/script.sh' > /results/output 2>&1
echo $? > /results/exitcode
poweroff -f
