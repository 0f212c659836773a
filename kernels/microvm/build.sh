#!/usr/bin/env bash
# Kernel recipe: builds a Linux kernel made for Ignite microVMs and stages it as a kernel image tree:
#   OUTDIR/boot/vmlinuz            the bzImage
#   OUTDIR/boot/config             its build configuration
#   OUTDIR/lib/modules/VERSION/    empty: everything the boot needs is built in (CONFIG_MODULES off),
#                                  so the initramfs loads no modules
# Source is Debian's linux-source-6.1 package, fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` (no root needed). The config is `make tinyconfig` with microvm.config (next to this
# script) merged over it. Needs gcc, libc6-dev, make, flex, bison, bc, libelf-dev, libssl-dev, xz-utils.
# Takes tens of minutes on 2 cores; JOBS (default: number of CPUs) sets make's -j.
# Prints the kernel version (what `uname -r` shows in the guest) as the last line of stdout.
set -euo pipefail

usage() { echo "usage: build.sh OUTDIR" >&2; exit 2; }
die() { echo "kernels/microvm/build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || usage
out=$1
case "$out" in /|/boot|/lib|/lib/modules|.|..) die "refusing to stage into '$out'" ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment="$here/microvm.config"
[ -f "$fragment" ] || die "missing $fragment"
# Every missing build dependency at once, by package name, before minutes of unpacking.
missing=()
need_tool() { if ! command -v "$1" >/dev/null; then missing+=("$2"); fi; }
need_header() {
    if command -v gcc >/dev/null && ! echo "#include <$1>" | gcc -E -x c - >/dev/null 2>&1; then missing+=("$2"); fi
}
need_tool apt-get apt; need_tool dpkg-deb dpkg; need_tool tar tar; need_tool xz xz-utils; need_tool perl perl
need_tool gcc gcc; need_tool make make; need_tool flex flex; need_tool bison bison; need_tool bc bc
need_header stdio.h libc6-dev      # host programs (gcc only recommends it)
need_header libelf.h libelf-dev    # objtool (CONFIG_OBJTOOL)
need_header openssl/ssl.h libssl-dev
[ ${#missing[@]} -eq 0 ] || die "missing build dependencies: apt-get install ${missing[*]}"
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] && [ ! -f "$out/boot/vmlinuz" ]; then
    die "'$out' exists and is not an earlier output of this recipe: give an empty or new folder"
fi
jobs=${JOBS:-$(nproc)}
package=${LINUX_SOURCE_PACKAGE:-linux-source-6.1}

work=$(mktemp -d "${TMPDIR:-/tmp}/ignite-microvm-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download -q "$package" >"$work/apt.log" 2>&1); then
    cat "$work/apt.log" >&2
    die "downloading $package failed (run 'apt-get update' first?)"
fi
debs=("$work"/*.deb)
[ -f "${debs[0]}" ] || die "apt-get download left no .deb for $package"
dpkg-deb -x "${debs[0]}" "$work/pkg" || die "cannot unpack ${debs[0]##*/}"
tarballs=("$work"/pkg/usr/src/linux-source-*.tar.xz)
[ -f "${tarballs[0]}" ] || die "$package holds no usr/src/linux-source-*.tar.xz"
tar -xJf "${tarballs[0]}" -C "$work" || die "cannot unpack ${tarballs[0]##*/}"
rm -rf "$work/pkg" "${debs[@]}"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'linux-source-*' | head -n 1)
[ -n "$src" ] && [ -f "$src/Makefile" ] || die "no kernel source tree in ${tarballs[0]##*/}"

log="$work/build.log"
build() { make -C "$src" ARCH=x86_64 "$@" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; die "make $* failed (see the end of its log)"; }; }
build tinyconfig
cp "$fragment" "$src/kernel/configs/ignite-microvm.config"
build ignite-microvm.config
# Every option the fragment asks for must have survived olddefconfig (a lost dependency drops it).
lost=()
while IFS= read -r line; do
    case "$line" in
        CONFIG_*=*) grep -qx -- "$line" "$src/.config" || lost+=("$line") ;;
        "# CONFIG_"*" is not set")
            opt=${line#"# "}; opt=${opt%" is not set"}
            grep -q "^$opt=" "$src/.config" && lost+=("$line") ;;
    esac
done <"$fragment"
[ ${#lost[@]} -eq 0 ] || die "the config did not take: ${lost[*]}"
start=$(date +%s)
build -j"$jobs" bzImage
echo "built bzImage in $(( $(date +%s) - start ))s with -j$jobs" >&2
version=$(make -s -C "$src" ARCH=x86_64 kernelrelease)
[ -n "$version" ] || die "cannot read the kernel release"

stage="$work/out"
mkdir -p "$stage/boot" "$stage/lib/modules/$version"
cp "$src/arch/x86/boot/bzImage" "$stage/boot/vmlinuz"
cp "$src/.config" "$stage/boot/config"
chmod 0644 "$stage/boot/vmlinuz" "$stage/boot/config"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$stage" "$out"
echo "$version"
