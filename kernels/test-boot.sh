#!/usr/bin/env bash
# Developer tool, not used by the engine: boots the default kernel and tiny image by hand, the way
# the engine does, and times QEMU start -> first SSH answer. It builds both recipes into a temp
# folder, makes the ext4 root disk (behind a qcow2 overlay) and the ext4 config drive, packs the
# initramfs in the engine's layout (/init, /bin/busybox, /lib/modules/*.ko + load-order), boots a
# QEMU microvm with user networking (SSH forwarded to 127.0.0.1 only), polls SSH until it answers,
# checks that the config drive was applied and that root/root logs in, boots once more with an init
# the image lacks (must print "ignite-init: FATAL" and power off), then kills QEMU and deletes all.
#
#   kernels/test-boot.sh            needs qemu-system-x86, qemu-utils, e2fsprogs, busybox-static,
#                                   cpio, dropbear-bin, openssh-client, openssl (root is not needed)
# Environment: ACCEL (default tcg), MEMORY (MiB, default 256), INITRD_GZIP=1 to gzip the initramfs
# (the engine does not), KEEP=1 to keep the work folder (QEMU is killed all the same).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
init_script="$repo/ignite-engine/src/main/resources/dev/ignite/engine/kernel/init"
accel=${ACCEL:-tcg}
memory=${MEMORY:-256}
cmdline="console=ttyS0 quiet panic=-1 ignite.init=/sbin/init"
# Under TCG the guest's TSC ticks at the host's TSC rate, and the kernel is told it: microvm has no
# HPET or ACPI PM timer, and when the kernel's PIT calibration fails (it does when the host is busy)
# the boot hangs for good right after "tsc: Marking TSC unstable" (jiffies never advance: the PIT
# interrupt apparently does not reach the kernel; microvm's MADT has no IRQ0 override). A wrong
# value only makes guest time run at the wrong rate. tsc=reliable stops the jiffies watchdog from
# discarding the TSC on a busy host. TSC_KHZ overrides the guess; TSC_KHZ=0 leaves the kernel alone.
host_tsc_khz() {
    local ghz mhz
    ghz=$(sed -n 's/^model name.*@ *\([0-9.]*\)GHz.*/\1/p' /proc/cpuinfo | head -n 1)
    if [ -n "$ghz" ]; then awk -v g="$ghz" 'BEGIN { printf "%d\n", g * 1000000 }'; return; fi
    mhz=$(sed -n 's/^cpu MHz[[:space:]]*:[[:space:]]*\([0-9.]*\).*/\1/p' /proc/cpuinfo | head -n 1)
    if [ -n "$mhz" ]; then awk -v m="$mhz" 'BEGIN { printf "%d\n", m * 1000 }'; fi
}
tsc_khz=${TSC_KHZ:-}
if [ -z "$tsc_khz" ] && [ "$accel" = tcg ]; then tsc_khz=$(host_tsc_khz); fi
if [ -n "$tsc_khz" ] && [ "$tsc_khz" != 0 ]; then cmdline="$cmdline tsc_early_khz=$tsc_khz tsc=reliable"; fi
modules=(virtio_ring virtio virtio_mmio virtio_blk failover net_failover virtio_net virtio_console virtio_rng)

die() { echo "test-boot: $*" >&2; exit 1; }
now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }

for tool in qemu-system-x86_64 qemu-img mkfs.ext4 cpio ssh ssh-keygen; do
    command -v "$tool" >/dev/null || die "'$tool' is missing"
done
[ -x /bin/busybox ] || die "/bin/busybox is missing: apt-get install busybox-static"
[ -f "$init_script" ] || die "$init_script is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/ignite-test-boot.XXXXXX")
qemu_pid=
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    if [ "${KEEP:-0}" = 1 ]; then echo "test-boot: work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "test-boot: building the kernel and the tiny image in $work"
version=$(bash "$here/debian-cloud/build.sh" "$work/kernel" | tail -n 1)
bash "$repo/images/tiny/build.sh" "$work/image"
moddir="$work/kernel/lib/modules/$version"
[ -d "$moddir" ] || die "the kernel recipe printed version '$version' but made no $moddir"

# Root disk: ext4 from the image tree, used through a qcow2 overlay as the engine does.
mkfs.ext4 -q -F -L ignite-root -d "$work/image" "$work/root.ext4" 64M >/dev/null
qemu-img create -q -f qcow2 -F raw -b "$work/root.ext4" "$work/overlay.qcow2"

# Config drive: what the engine writes, plus hosts, environment and files/ (owned by a non-root
# uid here, as when the engine runs as a user) to check that every part is applied.
ssh-keygen -q -t ed25519 -N '' -C test-boot -f "$work/id_ed25519"
cfg="$work/config"
mkdir -p "$cfg/files/root" "$cfg/files/usr/local/bin" "$cfg/files/etc/with space"
echo "test-vm" >"$cfg/hostname"
cp "$work/id_ed25519.pub" "$cfg/authorized_keys"
printf 'IFACE=eth0\nADDRESS=10.0.2.15/24\nGATEWAY=10.0.2.2\nDNS=10.0.2.3\n' >"$cfg/network"
echo "10.0.2.2 host-gateway" >"$cfg/hosts"
echo "IGNITE_TEST=yes" >"$cfg/environment"
echo "hello from the config drive" >"$cfg/files/root/hello.txt"
echo x >"$cfg/files/etc/with space/a file"
printf '#!/bin/sh\necho hello\n' >"$cfg/files/usr/local/bin/hello"
chmod 755 "$cfg/files/usr/local/bin/hello"
if [ "$(id -u)" = 0 ]; then chown -R 1000:1000 "$cfg/files"; fi
mkfs.ext4 -q -F -t ext4 -m 0 -L ignite-config -O ^has_journal -d "$cfg" "$work/config.ext4" 4M >/dev/null

# Initramfs in the engine's layout: no applet links, decompressed modules, their load order.
rd="$work/initramfs"
mkdir -p "$rd/bin" "$rd/dev" "$rd/proc" "$rd/sys" "$rd/newroot" "$rd/config" "$rd/lib/modules"
install -m 0755 "$init_script" "$rd/init"
install -m 0755 /bin/busybox "$rd/bin/busybox"
: >"$rd/lib/modules/load-order"
for module in "${modules[@]}"; do
    file=$(find "$moddir" \( -name "$module.ko*" -o -name "${module//_/-}.ko*" \) -print -quit)
    if [ -z "$file" ]; then
        grep -qE "/(${module}|${module//_/-})\.ko" "$moddir/modules.builtin" 2>/dev/null \
            || die "kernel $version has no module $module"
        continue # built in
    fi
    case "$file" in
        *.ko.xz) xz -dc "$file" ;;
        *.ko.zst) zstd -qdc "$file" ;;
        *.ko.gz) gzip -dc "$file" ;;
        *) cat "$file" ;;
    esac >"$rd/lib/modules/$module.ko"
    echo "$module.ko" >>"$rd/lib/modules/load-order"
done
(cd "$rd" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$work/initramfs.cpio"
initrd="$work/initramfs.cpio"
if [ "${INITRD_GZIP:-0}" = 1 ]; then gzip -1 <"$initrd" >"$initrd.gz"; initrd="$initrd.gz"; fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) \
    || port=$((20000 + RANDOM % 20000))
log="$work/serial.log"
echo "test-boot: booting kernel $version ($accel, ${memory} MiB), SSH forwarded to 127.0.0.1:$port"
echo "test-boot: kernel command line: $cmdline"
start=$(now)
qemu-system-x86_64 -name ignite-test-boot -M microvm -accel "$accel" -cpu max -m "$memory" -smp 1 \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$work/kernel/boot/vmlinuz" -initrd "$initrd" -append "$cmdline" \
    -serial "file:$log" \
    -drive "id=root,file=$work/overlay.qcow2,format=qcow2,if=none,discard=unmap" \
    -device virtio-blk-device,drive=root,serial=ignite-root \
    -drive "id=config,file=$work/config.ext4,format=raw,if=none,read-only=on" \
    -device virtio-blk-device,drive=config,serial=ignite-config \
    -object rng-random,id=rng,filename=/dev/urandom -device virtio-rng-device,rng=rng \
    -netdev "user,id=n0,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3,hostfwd=tcp:127.0.0.1:$port-:22" \
    -device virtio-net-device,netdev=n0 \
    </dev/null >"$work/qemu.out" 2>&1 &
qemu_pid=$!

ssh_opts=(-i "$work/id_ed25519" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
    -o BatchMode=yes -o LogLevel=ERROR)
attempts=0
while :; do
    attempts=$((attempts + 1))
    # QEMU accepts the connection at once; one made before the guest listens waits for user
    # networking's SYN retransmit, so give up early attempts quickly (later ones may be slow).
    timeout=1
    [ "$(ms_since "$start")" -lt 10000 ] || timeout=5
    if answer=$(ssh "${ssh_opts[@]}" -o ConnectTimeout=$timeout root@127.0.0.1 'uname -r; cat /proc/1/comm; hostname' 2>/dev/null); then
        break
    fi
    if ! kill -0 "$qemu_pid" 2>/dev/null; then
        cat "$work/qemu.out" "$log" >&2; die "QEMU exited before SSH answered"
    fi
    if grep -q 'ignite-init: FATAL' "$log" 2>/dev/null; then
        cat "$log" >&2; die "the initramfs failed"
    fi
    [ "$(ms_since "$start")" -lt 120000 ] || { cat "$log" >&2; die "no SSH answer within 120 s"; }
    sleep 0.05
done
elapsed=$(ms_since "$start")

echo "test-boot: first SSH answer $elapsed ms after QEMU started ($attempts attempts):"
sed 's/^/    /' <<<"$answer"
echo "test-boot: serial log, ignite-init lines:"
grep -a 'ignite-init:' "$log" | tr -d '\r' | sed 's/^/    /'

# The config drive, applied: network, DNS, hosts, environment, files/ owned by root, key modes.
check=$(ssh "${ssh_opts[@]}" -o ConnectTimeout=10 root@127.0.0.1 '
    read up _ </proc/uptime; echo "uptime=$up"
    ip -4 -o addr show eth0 | awk "{print \"eth0=\" \$4}"
    ip route | awk "/^default/ {print \"gateway=\" \$3}"
    awk "/^nameserver/ {print \"dns=\" \$2}" /etc/resolv.conf
    grep -q "^127.0.1.1 test-vm$" /etc/hosts && grep -q "^10.0.2.2 host-gateway$" /etc/hosts && echo hosts=ok
    grep -q "^IGNITE_TEST=yes$" /etc/environment && echo environment=ok
    echo "files=$(cat /root/hello.txt) $(stat -c %u:%g /root/hello.txt /usr/local/bin/hello "/etc/with space/a file" | tr "\n" " ")$(/usr/local/bin/hello)"
    echo "ssh-modes=$(stat -c %a /root/.ssh /root/.ssh/authorized_keys | tr "\n" " ")"
    echo "mounts=$(awk "{print \$2}" /proc/mounts | tr "\n" " ")"
')
sed 's/^/    /' <<<"$check"
for want in "eth0=10.0.2.15/24" "gateway=10.0.2.2" "dns=10.0.2.3" "hosts=ok" "environment=ok" \
    "files=hello from the config drive 0:0 0:0 0:0 hello" "ssh-modes=700 600"; do
    grep -qF -- "$want" <<<"$check" || die "config drive not applied: expected '$want'"
done
grep -qx "$version" <<<"$answer" || die "the guest runs another kernel than $version"
grep -qx "init" <<<"$answer" || die "PID 1 is not the image's init"
grep -qx "test-vm" <<<"$answer" || die "the hostname from the config drive was not applied"

# Password login (root/root), with OpenSSH's askpass instead of a terminal.
printf '#!/bin/sh\necho root\n' >"$work/askpass"
chmod 700 "$work/askpass"
if SSH_ASKPASS="$work/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none ssh -p "$port" \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 \
    root@127.0.0.1 true </dev/null; then
    echo "test-boot: password login root/root works"
else
    die "password login root/root failed"
fi

# The fatal path: an init the image lacks must print a FATAL line and power the VM off by itself.
kill "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
fatal_log="$work/serial-fatal.log"
fatal_start=$(now)
timeout 120 qemu-system-x86_64 -name ignite-test-boot-fatal -M microvm -accel "$accel" -cpu max -m "$memory" -smp 1 \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$work/kernel/boot/vmlinuz" -initrd "$initrd" -append "${cmdline/ignite.init=\/sbin\/init/ignite.init=/sbin/missing}" \
    -serial "file:$fatal_log" \
    -drive "id=root,file=$work/overlay.qcow2,format=qcow2,if=none" -device virtio-blk-device,drive=root,serial=ignite-root \
    -drive "id=config,file=$work/config.ext4,format=raw,if=none,read-only=on" \
    -device virtio-blk-device,drive=config,serial=ignite-config \
    </dev/null >"$work/qemu-fatal.out" 2>&1 || die "QEMU did not power off after the FATAL error (or failed): $(cat "$work/qemu-fatal.out")"
grep -a 'ignite-init: FATAL' "$fatal_log" | tr -d '\r' | sed 's/^/    /'
grep -aq 'ignite-init: FATAL: the image has no executable /sbin/missing' "$fatal_log" \
    || { cat "$fatal_log" >&2; die "no FATAL line for a missing init"; }
echo "test-boot: a missing init gives a FATAL line and QEMU exits by itself ($(ms_since "$fatal_start") ms)"
echo "test-boot: OK (first SSH answer in $elapsed ms)"
