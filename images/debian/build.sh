#!/usr/bin/env bash
# Image recipe "debian": a Debian 12 (bookworm) root filesystem with systemd as PID 1, built with
# mmdebstrap and written as one layer tar to OUTPUT (owners, device nodes and modes as Debian
# installs them, so it is packed as is rather than re-read from a folder).
# Packages: systemd, systemd-sysv (/sbin/init), udev, openssh-server (root login by key only; host
# keys made now, at build time), iproute2, iputils-ping, procps, less, ca-certificates.
# The serial console (ttyS0) gets a getty, root/root there as in ignite/tiny (SSH takes keys only).
# udev is what makes dev-ttyS0.device appear: without it serial-getty@ttyS0 waits 90 s for the
# device, fails, and `systemctl is-system-running` says degraded. Masked, as a microVM has no use for
# them and they compete with sshd for the CPU at boot (21 s and 11 s under TCG): e2scrub_reap, and the
# gettys on virtual terminals no one can see (getty@tty1, getty-static for tty2-6).
# Needs mmdebstrap and the host's apt sources; as a normal user mmdebstrap runs in a user namespace
# (mode unshare), as root directly.
set -euo pipefail

usage() { echo "usage: build.sh OUTPUT.tar" >&2; exit 2; }
die() { echo "images/debian/build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || usage
out=$1
command -v mmdebstrap >/dev/null || die "'mmdebstrap' is missing: apt-get install mmdebstrap"
mkdir -p "$(dirname "$out")"

packages=systemd,systemd-sysv,udev,openssh-server,iproute2,iputils-ping,procps,less,ca-certificates

# Hooks run with the new root as $1, after the packages are installed.
log=$(mktemp "${TMPDIR:-/tmp}/ignite-debian.XXXXXX")
trap 'rm -f "$log"' EXIT
if ! mmdebstrap --variant=minbase --include="$packages" --format=tar \
    --customize-hook='echo ignite-debian >"$1/etc/hostname"' \
    --customize-hook='printf "127.0.0.1 localhost\n127.0.1.1 ignite-debian\n" >"$1/etc/hosts"' \
    --customize-hook='chroot "$1" systemctl enable serial-getty@ttyS0.service' \
    --customize-hook='echo root:root | chroot "$1" chpasswd' \
    --customize-hook='chroot "$1" systemctl mask e2scrub_reap.service getty-static.service getty@tty1.service' \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*; chroot "$1" ssh-keygen -A' \
    --customize-hook='printf "PermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n" >"$1/etc/ssh/sshd_config.d/ignite.conf"' \
    --customize-hook='install -d -m 0700 "$1/root/.ssh"' \
    --customize-hook='echo "/dev/vda / ext4 rw,relatime 0 1" >"$1/etc/fstab"' \
    --customize-hook=': >"$1/etc/machine-id"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/*_Packages' \
    bookworm "$out" >"$log" 2>&1; then
    cat "$log" >&2
    die "mmdebstrap failed (are the host's apt sources reachable? run 'apt-get update' first)"
fi
