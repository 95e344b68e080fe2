import type { Coordinator, TableCatalog, Placement } from '@dynaring/coordinator';
import type { Clock, TableMeta, Timers } from '@dynaring/core';
import type { TableStatsEstimate } from './table-description.js';

export type WriteIsolation = 'always_use_lwt' | 'only_rmw_uses_lwt' | 'forbid_rmw' | 'unsafe_rmw';

/** What every operation handler may use. Handlers know nothing about replicas. */
export interface ApiContext {
  coordinator: Coordinator;
  catalog: TableCatalog;
  placement: Placement;
  clock: Clock;
  writeIsolation: WriteIsolation;
  /** For TableArn and similar: the region and account DynamoDB would put there. */
  region: string;
  accountId: string;
  newTableId(): string;
  /** The host:port clients reach this node's API at. */
  advertisedAddress(): string;
  /**
   * Called after CreateTable, DeleteTable or UpdateTable changed the catalog; resolves once
   * the other live nodes know, so the next request through any node sees the change.
   */
  schemaChanged?(): Promise<void>;
  /** For background work the API starts (GSI backfill retries); core's systemTimers when absent. */
  timers?: Timers;
  /** Failures of background work the API started, which no request is waiting for. */
  onBackgroundError?(err: unknown, what: string): void;
  /** DescribeTable's approximate ItemCount and sizes for the table and its indexes; zeros when absent. */
  tableStats?(table: TableMeta): Promise<TableStatsEstimate>;
}

export type Operation = (body: unknown, ctx: ApiContext) => Promise<unknown>;
