export type ConsistencyLevel = 'ONE' | 'LOCAL_ONE' | 'QUORUM' | 'LOCAL_QUORUM' | 'ALL';

/** How many replica acknowledgements a request at `cl` waits for, with `rf` replicas. */
export function blockFor(cl: ConsistencyLevel, rf: number): number {
  switch (cl) {
    case 'ONE':
    case 'LOCAL_ONE':
      return 1;
    case 'QUORUM':
    case 'LOCAL_QUORUM':
      return Math.floor(rf / 2) + 1;
    case 'ALL':
      return rf;
  }
}
