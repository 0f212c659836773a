#!/usr/bin/env bash
# Image recipe "tiny": stages a root filesystem tree in OUTDIR from Debian packages: busybox
# (init, shell, tools), dropbear (SSH) with the shared libraries it needs and OpenSSH's sftp-server
# (dropbear's SFTP subsystem), in Debian 12's
# merged-/usr layout (/bin, /sbin, /lib, /lib64 link into /usr). The packages are fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`, never installed, so this needs no root.
# An SSH host key is made now, at build time, for VMs booted without Ignite's config drive; the
# engine gives each VM its own, which replaces it. SSH takes keys only: root/root is for the console.
# Owners are not set here: the engine packs the tree with every file owned by root:root; modes are.
set -euo pipefail

usage() { echo "usage: build.sh OUTDIR" >&2; exit 2; }
die() { echo "images/tiny/build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || usage
out=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "$out" in /|/usr|/etc|.|..) die "refusing to stage into '$out'" ;; esac
[ -d "$here/rootfs/etc" ] || die "the recipe's rootfs/ folder is missing next to build.sh"
for tool in apt-get dpkg-deb dropbearkey openssl; do
    command -v "$tool" >/dev/null || die "'$tool' is missing: apt-get install apt dpkg dropbear-bin openssl"
done
# Rerunning replaces an earlier output, but never a folder that is something else.
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] \
    && ! grep -qs '^ID=ignite-tiny$' "$out/etc/os-release"; then
    die "'$out' exists and is not an earlier output of this recipe: give an empty or new folder"
fi

# dropbear's libraries (ldd /usr/sbin/dropbear) and their dependencies (libc6 -> libgcc-s1).
# openssh-sftp-server: dropbear has no SFTP of its own and runs /usr/lib/sftp-server for the sftp
# subsystem (file copies); the package ships that link and a binary that needs only libc.
packages=(busybox-static dropbear-bin libc6 libgcc-s1 libtomcrypt1 libtommath1 zlib1g libcrypt1 libgmp10
    openssh-sftp-server)

work=$(mktemp -d "${TMPDIR:-/tmp}/ignite-tiny.XXXXXX")
trap 'rm -rf "$work"' EXIT
# As root apt warns that the download runs unsandboxed: harmless; shown only on failure.
if ! (cd "$work" && apt-get download -q "${packages[@]}" >"$work/apt.log" 2>&1); then
    cat "$work/apt.log" >&2
    die "downloading ${packages[*]} failed (run 'apt-get update' first?)"
fi

root="$work/root"
mkdir -p "$root"
for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$root" || die "cannot unpack ${deb##*/}"
done
cd "$root"

# Merged /usr: move what the packages put in /bin, /sbin, /lib, /lib64 under /usr, then link.
for dir in bin sbin lib lib64; do
    mkdir -p "usr/$dir"
    if [ -d "$dir" ] && [ ! -L "$dir" ]; then
        cp -a "$dir/." "usr/$dir/"
        rm -rf "$dir"
    fi
    ln -sfn "usr/$dir" "$dir"
done

# One link per busybox applet wherever no real program of that name is; busybox is PID 1 (/sbin/init).
[ -x usr/bin/busybox ] || die "busybox-static did not provide /bin/busybox"
for applet in $(usr/bin/busybox --list-full); do
    [ -e "$applet" ] || [ -L "$applet" ] || ln -s /bin/busybox "$applet"
done
ln -sfn /bin/busybox usr/sbin/init

rm -f linuxrc

# Nothing a VM needs: /usr/share here is only documentation, man pages, lintian overrides and
# initramfs-tools hooks; glibc's charset converters (gconv) are 8 MB nobody here uses.
rm -rf usr/share usr/lib/x86_64-linux-gnu/gconv usr/lib/x86_64-linux-gnu/audit

mkdir -p etc/dropbear root/.ssh proc sys dev tmp run var/log var/tmp mnt home
ln -sfn ../run var/run
cp -R "$here/rootfs/." .
chmod 0755 etc/init.d etc/init.d/rcS
chmod 0644 etc/fstab etc/group etc/hostname etc/hosts etc/inittab etc/nsswitch.conf etc/os-release \
    etc/passwd etc/profile etc/shells
chmod 1777 tmp var/tmp
chmod 0700 root root/.ssh
chmod 0755 etc/dropbear

# root's password is "root" for the serial console, as in Weave Ignite (dropbear runs with -s: no password logins).
root_hash=$(openssl passwd -6 root) || die "openssl cannot make a SHA-512 password hash"
umask 077
echo "root:$root_hash:19000:0:99999:7:::" >etc/shadow
echo "nobody:*:19000:0:99999:7:::" >>etc/shadow
dropbearkey -t ed25519 -f etc/dropbear/dropbear_ed25519_host_key >/dev/null 2>&1 || die "dropbearkey (ed25519) failed"
umask 022
chmod 0600 etc/shadow etc/dropbear/*_host_key

cd /
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$root" "$out"
