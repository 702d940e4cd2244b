/**
 * The audit writer. Every read and write of client data, every export, sign-in and refused
 * request is appended to the hash-chained log. Events are grouped: callers queue an event and
 * wait; one transaction writes everything queued meanwhile, so durable audit costs one commit per
 * batch rather than per read. A read of clinical content awaits its event and is refused when the
 * write fails (SPEC §7: every read audited).
 *
 * Writes are different: their event must commit with them. `transaction` runs a use case in one
 * database transaction and hands it an audit log whose `record` appends to the chain inside that
 * transaction (last, just before the commit), so a committed write always has its event and a
 * rolled-back one never does — a crash cannot fall between the two.
 *
 * Every `anchorEveryMs` (a minute by default) the log also anchors the trail: one record that
 * commits every lane's head into the anchor chain (domain/audit-chain.ts), written after a batch,
 * off the path of any request.
 */
import type { AuditEvent, AuditEventInput } from '../domain/audit-chain.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock, Ids, Store } from './ports.ts';

/** How many more turns of the event loop a batch may wait for events still arriving. */
const GATHER_TURNS = 3;

type Pending = { event: AuditEventInput & { id: string; at: string }; resolve: () => void; reject: (e: unknown) => void };

export class AuditLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lastAnchor = performance.now();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly maxBatch = 500,
    private readonly anchorEveryMs = 60_000,
  ) {}

  private anchorDue(): boolean {
    return performance.now() - this.lastAnchor >= this.anchorEveryMs;
  }
  /** Anchors the lanes' heads when due (never fails a caller: the next anchor covers what this one missed). */
  private async anchorIfDue(): Promise<void> {
    if (!this.anchorDue()) return;
    this.lastAnchor = performance.now();
    await this.store.anchorAudit(this.clock.now().toISOString()).catch(() => undefined);
  }

  /** Queues an event and resolves once it is durable. */
  record(e: AuditEventInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event: { ...e, id: this.ids.newId(), at: this.clock.now().toISOString() }, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Yield once so events queued in the same tick join this batch; then, while each turn of the
    // event loop brings more (other requests in flight reaching their audit point), a turn more, up
    // to a few: one commit's fsync for as many reads as are under way.
    await new Promise<void>((r) => setImmediate(r));
    for (let turns = 0, seen = this.queue.length; turns < GATHER_TURNS; turns++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.queue.length === seen) break;
      seen = this.queue.length;
    }
    for (;;) {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.store.appendAudit(batch.map((p) => p.event));
          // Durable when it returns (one commit for the batch).
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
      await this.anchorIfDue();
      // Events queued while the anchor was written saw this drain running: write them before it ends.
      if (!this.queue.length) break;
    }
    this.flushing = null;
  }

  /** Waits for everything queued so far (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * Runs `fn` in one database transaction; events recorded on the audit log it receives are
   * appended to the chain in that same transaction. The chain's head row is taken last, so
   * concurrent writers (and other instances on PostgreSQL) queue on it only for the append itself.
   */
  async transaction<T>(fn: (tx: Store, audit: AuditLog) => Promise<T>): Promise<T> {
    let audit: AuditInTransaction | undefined;
    try {
      const committed = await this.store.transaction(async (tx) => {
        audit = new AuditInTransaction(tx, this.clock, this.ids);
        const result = await fn(tx, audit);
        try {
          await audit.append();
        } catch {
          // Rolls the write back with it: nothing is changed that the trail does not show.
          throw new DomainError('audit_unavailable', 'The change could not be recorded in the audit trail, so it was not made. Please try again shortly.');
        }
        return result;
      });
      if (this.anchorDue() && !this.flushing) this.flushing = this.drain();
      return committed;
    } catch (err) {
      // A refusal the use case recorded (e.g. a self-grant without a fresh sign-in) must outlive the
      // rollback of the write it refused: it is written on its own, outside the transaction.
      for (const e of audit?.refusals() ?? []) await this.record(e).catch(() => undefined);
      throw err;
    }
  }

  list(q: { clientId?: string; actorId?: string; limit: number; beforeSeq?: number }): Promise<AuditEvent[]> {
    return this.store.listAudit(q);
  }
}

/** The audit log of one transaction: `record` queues; `append` writes the queue into the chain within the transaction. */
class AuditInTransaction extends AuditLog {
  private events: (AuditEventInput & { id: string; at: string })[] = [];
  constructor(
    private readonly tx: Store,
    private readonly txClock: Clock,
    private readonly txIds: Ids,
  ) {
    super(tx, txClock, txIds);
  }

  override record(e: AuditEventInput): Promise<void> {
    this.events.push({ ...e, id: this.txIds.newId(), at: this.txClock.now().toISOString() });
    return Promise.resolve();
  }
  override transaction<T>(fn: (tx: Store, audit: AuditLog) => Promise<T>): Promise<T> {
    return fn(this.tx, this);
  }
  override async settle(): Promise<void> {
    /* nothing is written until the transaction's end */
  }
  /** The refusals recorded so far (what remains true of a transaction that rolls back). */
  refusals(): AuditEventInput[] {
    return this.events.filter((e) => e.outcome === 'denied').map(({ id: _id, at: _at, ...e }) => e);
  }
  async append(): Promise<void> {
    const events = this.events;
    this.events = [];
    await this.tx.appendAudit(events);
  }
}
