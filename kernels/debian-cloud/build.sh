#!/usr/bin/env bash
# Kernel recipe: stages Debian's cloud kernel as a kernel image tree in OUTDIR:
#   OUTDIR/boot/vmlinuz            the bzImage
#   OUTDIR/boot/config             its build configuration
#   OUTDIR/lib/modules/VERSION/    the modules tree as the package ships it (.ko.xz, modules.order,
#                                  modules.builtin, ...)
# The package is fetched with `apt-get download` and unpacked with `dpkg-deb -x`, never installed,
# so this needs no root (only `apt-get update` having been run once on the host).
# Prints the kernel version (what `uname -r` shows in the guest) as the last line of stdout.
set -euo pipefail

usage() { echo "usage: build.sh OUTDIR" >&2; exit 2; }
die() { echo "kernels/debian-cloud/build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || usage
out=$1
case "$out" in /|/boot|/lib|/lib/modules|.|..) die "refusing to stage into '$out'" ;; esac
for tool in apt-get apt-cache dpkg-deb; do
    command -v "$tool" >/dev/null || die "'$tool' is missing (it comes with apt and dpkg on Debian)"
done
# Rerunning replaces an earlier output, but never a folder that is something else.
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] && [ ! -f "$out/boot/vmlinuz" ]; then
    die "'$out' exists and is not an earlier output of this recipe: give an empty or new folder"
fi

# linux-image-cloud-amd64 is a meta package: the kernel itself is the package it depends on.
meta=linux-image-cloud-amd64
package=$(apt-cache depends "$meta" 2>/dev/null | awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-/ { print $2; exit }')
[ -n "$package" ] || die "cannot resolve $meta to a kernel package: run 'apt-get update' first (Debian amd64 host needed)"

work=$(mktemp -d "${TMPDIR:-/tmp}/ignite-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
# As root, apt warns that the download runs unsandboxed (the _apt user cannot write to our private
# temp folder): harmless, so its chatter is kept and shown only on failure.
if ! (cd "$work" && apt-get download -q "$package" >"$work/apt.log" 2>&1); then
    cat "$work/apt.log" >&2
    die "downloading $package failed (run 'apt-get update' first?)"
fi
debs=("$work"/*.deb)
[ -f "${debs[0]}" ] || die "apt-get download left no .deb for $package"
dpkg-deb -x "${debs[0]}" "$work/pkg" || die "cannot unpack ${debs[0]##*/}"

versions=()
for dir in "$work/pkg/lib/modules"/*/; do
    [ -d "$dir" ] && versions+=("$(basename "$dir")")
done
[ ${#versions[@]} -eq 1 ] || die "$package should hold exactly one lib/modules/VERSION folder, found ${#versions[@]}"
version=${versions[0]}
[ -f "$work/pkg/boot/vmlinuz-$version" ] || die "$package has no boot/vmlinuz-$version"
[ -f "$work/pkg/boot/config-$version" ] || die "$package has no boot/config-$version"

stage="$work/out"
mkdir -p "$stage/boot" "$stage/lib/modules"
mv "$work/pkg/boot/vmlinuz-$version" "$stage/boot/vmlinuz"
mv "$work/pkg/boot/config-$version" "$stage/boot/config"
mv "$work/pkg/lib/modules/$version" "$stage/lib/modules/$version"
chmod 0644 "$stage/boot/vmlinuz" "$stage/boot/config"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$stage" "$out"
echo "$version"
