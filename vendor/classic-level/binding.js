'use strict'

// dynaring: prefer our build of this source, which adds batch_do_sync (DYNARING.md). It is
// built for linux-x64 with glibc 2.34 or later; anywhere it does not load (another platform,
// musl, an older glibc) upstream's prebuilds serve as before, without batchSync.
function load () {
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return require('./sync-prebuilds/linux-x64/classic-level.node')
    } catch {}
  }
  return require('node-gyp-build')(__dirname)
}

module.exports = load()
