#!/usr/bin/env bash
# Rebuilds sync-prebuilds/linux-x64/classic-level.node from this directory's source (binding.cc
# with batch_do_sync, deps/leveldb, deps/snappy). Needs g++, make and python3; uses the
# headers of the running Node.js (N-API: the result loads in Node.js 20 and later).
set -euo pipefail
cd "$(dirname "$0")"
nodedir="${NODEDIR:-$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")}"
npx --yes node-gyp@11.5.0 rebuild --nodedir="$nodedir" -j 2
mkdir -p sync-prebuilds/linux-x64
strip --strip-unneeded -o sync-prebuilds/linux-x64/classic-level.node build/Release/classic_level.node
rm -rf build
objdump -T sync-prebuilds/linux-x64/classic-level.node | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1
