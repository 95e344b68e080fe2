/**
 * Whether our classic-level build (vendor/classic-level, with batchSync) loads here: linux-x64
 * with glibc. Elsewhere upstream's prebuilds load and every batch takes the thread pool.
 */
export const HAS_SYNC_BUILD =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime !== undefined;
