import type { Operation } from '../operation.js';

/** SDKs with endpoint discovery call this; the answer is the node itself, for a day. */
export const describeEndpoints: Operation = async (_body, ctx) => ({
  Endpoints: [{ Address: ctx.advertisedAddress(), CachePeriodInMinutes: 1440 }],
});
