import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { StorageEngine } from '@dynaring/storage';
import { ReplicaService } from '@dynaring/replica';
import { Coordinator, SingleNodePlacement, TableCatalog } from '@dynaring/coordinator';
import { createApiServer } from '@dynaring/dynamo-api';
import { TimestampSource, systemClock } from '@dynaring/core';
import type { NodeConfig } from './config.js';

/** A running node: storage, replica, coordinator and the DynamoDB API, wired together. */
export class DynaringNode {
  private constructor(
    private readonly storage: StorageEngine,
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(config: NodeConfig, log: Logger): Promise<DynaringNode> {
    const storage = await StorageEngine.open(config.dataDir);
    const replica = new ReplicaService(storage);
    const placement = new SingleNodePlacement(replica);
    const catalog = new TableCatalog(storage.schema, storage.local);
    await catalog.load();
    catalog.onChange(({ dropped }) => {
      for (const meta of dropped) {
        storage.dropTable(meta.id).catch((err: unknown) => log.error({ err, table: meta.name }, 'dropping table data failed'));
      }
    });
    const coordinator = new Coordinator({ placement, timestamps: new TimestampSource(systemClock) });
    let advertised = `${config.listenAddress}:${config.alternatorPort}`;
    const server = createApiServer({
      context: {
        coordinator,
        catalog,
        placement,
        clock: systemClock,
        writeIsolation: config.writeIsolation,
        region: 'us-east-1',
        accountId: '000000000000',
        newTableId: randomUUID,
        advertisedAddress: () => advertised,
      },
      localNodes: () => [config.listenAddress],
      onError: (err, operation) => log.error({ err, operation }, 'request failed'),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.alternatorPort, config.listenAddress, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = server.address() as AddressInfo;
    advertised = `${config.listenAddress}:${bound.port}`;
    log.info({ tables: catalog.names().length, dataDir: config.dataDir }, 'node started');
    return new DynaringNode(storage, server, advertised);
  }

  /** Stops accepting requests, lets in-flight ones finish, then closes storage. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.storage.close();
  }
}
