#!/bin/sh
# Builds the guest agent as a static musl binary (run by Maven at generate-resources; the binary
# ships in the engine jar next to our init, so users need no C toolchain).
set -eu
out=$1
src=$(dirname "$0")/ignite-agent.c
if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "building the guest agent needs musl-gcc: sudo apt-get install musl-tools (or run scripts/install-host-packages)" >&2
    exit 1
fi
mkdir -p "$(dirname "$out")"
# Reproducible: no build paths or time stamps in the binary, so its digest (part of the initramfs
# content key) changes only with the source.
musl-gcc -static -Os -s -Wall -Wextra -Werror -ffile-prefix-map="$(dirname "$0")"=. -o "$out.tmp" "$src"
mv "$out.tmp" "$out"
