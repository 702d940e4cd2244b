/**
 * The audit writer. Every read and write of client data, every export, sign-in and refused
 * request is appended to the hash-chained log. Events are grouped: callers queue an event and
 * wait; one transaction writes everything queued meanwhile, so durable audit costs one commit per
 * batch rather than per read. A read of clinical content awaits its event and is refused when the
 * write fails (SPEC §7: every read audited).
 */
import type { AuditEvent, AuditEventInput } from '../domain/audit-chain.ts';
import type { Clock, Ids, Store } from './ports.ts';

type Pending = { event: AuditEventInput & { id: string; at: string }; resolve: () => void; reject: (e: unknown) => void };

export class AuditLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly ids: Ids, private readonly maxBatch = 500) {}

  /** Queues an event and resolves once it is durable. */
  record(e: AuditEventInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event: { ...e, id: this.ids.newId(), at: this.clock.now().toISOString() }, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Yield once so events queued in the same tick join this batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.store.appendAudit(batch.map((p) => p.event));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = null;
  }

  /** Waits for everything queued so far (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  list(q: { clientId?: string; actorId?: string; limit: number; beforeSeq?: number }): Promise<AuditEvent[]> {
    return this.store.listAudit(q);
  }
}
