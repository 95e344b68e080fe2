/** The outcome of one entry of a batched call. */
export type BatchSettlement<Res> = { ok: true; value: Res } | { ok: false; error: unknown };

interface Pending<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the calls made to one peer in one turn of the event loop and sends them as one
 * batched RPC: the per-call cost of gRPC (HTTP/2 stream, headers, deadlines) is paid once per
 * batch instead of once per mutation. Entries settle individually.
 */
export class CallBatcher<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (requests: Req[]) => Promise<BatchSettlement<Res>[]>,
    private readonly maxBatch = 256,
  ) {}

  call(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.send(batch.map((p) => p.request)).then(
      (settlements) => {
        batch.forEach((p, i) => {
          const s = settlements[i];
          if (!s) p.reject(new Error('batched call answered fewer entries than were sent'));
          else if (s.ok) p.resolve(s.value);
          else p.reject(s.error);
        });
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
  }
}
