import { describe, it, expect } from 'vitest';
import type { AuditAnchor, AuditEvent } from './audit-chain.ts';
import { GENESIS_HASH, anchorHeadMac, anchorMac, auditHash, auditMac, boundaryMac, headMac, verifyAnchors, verifyChain } from './audit-chain.ts';

function chain(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      id: `e${seq}`,
      at: `2026-03-02T09:00:0${seq % 10}.000Z`,
      actorId: 'u1',
      actorRole: 'therapist',
      action: 'client:read',
      resourceType: 'clients',
      resourceId: `c${seq}`,
      clientId: `c${seq}`,
      outcome: 'ok' as const,
      ip: '127.0.0.1',
      detail: null,
      prevHash: prev,
    };
    const e = { ...base, hash: auditHash(base) };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

/** Recomputes an event's hash, as a forger who edited it would. */
const rehash = (e: AuditEvent): AuditEvent => ({ ...e, hash: auditHash(e) });

describe('verifyChain', () => {
  it('accepts an intact chain and reports its length and head', () => {
    const events = chain(6);
    expect(verifyChain(events)).toEqual({ ok: true, count: 6, lastHash: events[5]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('verifies a later page given the previous page’s end', () => {
    const events = chain(6);
    expect(verifyChain(events.slice(3), { prevHash: events[2]!.hash, seq: 3 })).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(events.slice(3), { prevHash: events[1]!.hash, seq: 3 })).toMatchObject({ ok: false, brokenAt: 4 });
  });

  const fields = ['id', 'at', 'actorId', 'actorRole', 'action', 'resourceType', 'resourceId', 'clientId', 'outcome', 'ip', 'detail'] as const;
  it.each(fields)('detects an altered %s at the right event', (field) => {
    const events = chain(6);
    events[2] = { ...events[2]!, [field]: 'forged' };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, count: 2, problem: 'event 3 was altered' });
  });

  it('detects an altered event whose own hash was recomputed: the next link breaks', () => {
    const events = chain(6);
    events[2] = rehash({ ...events[2]!, outcome: 'denied' });
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 4, problem: 'event 4 does not link to the event before it' });
  });

  it('detects a deleted event', () => {
    const events = chain(6);
    events.splice(3, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 5, problem: 'event 4 is missing (found 5)' });
  });

  it('detects reordered events', () => {
    const events = chain(6);
    [events[2], events[3]] = [events[3]!, events[2]!];
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 4, problem: 'event 3 is missing (found 4)' });
  });

  it('detects reordered events that were renumbered to hide it', () => {
    const events = chain(6);
    const a = events[2]!,
      b = events[3]!;
    events[2] = { ...b, seq: 3 };
    events[3] = { ...a, seq: 4 };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a tampered seq or prevHash', () => {
    const events = chain(4);
    events[1] = { ...events[1]!, prevHash: GENESIS_HASH };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('hashes values so that moving text between fields changes the hash', () => {
    const [e] = chain(1);
    expect(auditHash({ ...e!, actorRole: 'a', action: 'b' })).not.toBe(auditHash({ ...e!, actorRole: 'a",b', action: '' }));
    expect(auditHash({ ...e!, detail: null })).not.toBe(auditHash({ ...e!, detail: 'null' }));
  });
});

describe('keyed links (verifyChain with a key and a sealing boundary)', () => {
  const key = new Uint8Array(32).fill(7);
  /** Events 1..legacy plain SHA-256, the rest keyed: a database sealed after `legacy` events. */
  function sealedChain(n: number, legacy: number, k: Uint8Array = key): AuditEvent[] {
    const out = chain(legacy);
    let prev = out[legacy - 1]?.hash ?? GENESIS_HASH;
    for (let seq = legacy + 1; seq <= n; seq++) {
      const base = { ...chain(1)[0]!, seq, id: `e${seq}`, resourceId: `c${seq}`, prevHash: prev };
      const e = { ...base, hash: auditMac(k, base) };
      out.push(e);
      prev = e.hash;
    }
    return out;
  }
  const boundary = (events: AuditEvent[], seq: number) => ({ seq, hash: events[seq - 1]?.hash ?? GENESIS_HASH, at: '2026-03-02T09:00:00.000Z' });

  it('accepts a keyed chain after its plain part, and refuses one keyed with another key', () => {
    const events = sealedChain(8, 3);
    expect(verifyChain(events, undefined, { key, legacy: boundary(events, 3) })).toMatchObject({ ok: true, count: 8 });
    const forged = sealedChain(8, 3, new Uint8Array(32).fill(9));
    expect(verifyChain(forged, undefined, { key, legacy: boundary(forged, 3) })).toMatchObject({ ok: false, brokenAt: 4, problem: 'event 4 was altered' });
  });
  it('an edited keyed event re-hashed with plain SHA-256 is refused', () => {
    const events = sealedChain(6, 0);
    events[2] = rehash({ ...events[2]!, outcome: 'denied' });
    expect(verifyChain(events, undefined, { key, legacy: boundary(events, 0) })).toMatchObject({ ok: false, brokenAt: 3, problem: 'event 3 was altered' });
  });
  it('the plain part edited and re-hashed no longer ends in the boundary hash', () => {
    const events = sealedChain(6, 3);
    const b = boundary(events, 3);
    const plain = chain(3).map((e) => (e.seq === 2 ? { ...e, action: 'nothing' } : e));
    let prev = GENESIS_HASH;
    for (const e of plain) {
      e.prevHash = prev;
      e.hash = auditHash(e);
      prev = e.hash;
    }
    const tampered = [...plain, ...events.slice(3)];
    expect(verifyChain(tampered, undefined, { key, legacy: b })).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: 'events up to 3 (written before the database was sealed) were altered and re-hashed',
    });
  });
  it('head and boundary checkpoints are keyed and distinct from any event link', () => {
    const events = sealedChain(4, 0);
    const h = { seq: 4, hash: events[3]!.hash };
    expect(headMac(key, h)).not.toBe(headMac(new Uint8Array(32), h));
    expect(headMac(key, h)).not.toBe(headMac(key, { seq: 3, hash: events[2]!.hash }));
    expect(headMac(key, h)).not.toBe(events[3]!.hash);
    expect(boundaryMac(key, { ...h, at: 'x' })).not.toBe(headMac(key, h));
  });
});

describe('lanes and anchors', () => {
  const key = new Uint8Array(32).fill(7);
  /** Lane `chain` of n keyed events, numbered in the trail from `firstSeq` in steps of `step`. */
  function lane(chain: number, n: number, firstSeq: number, step: number): AuditEvent[] {
    const out: AuditEvent[] = [];
    let prev = GENESIS_HASH;
    for (let i = 1; i <= n; i++) {
      const base = { ...chainOne[0]!, id: `l${chain}-${i}`, seq: firstSeq + (i - 1) * step, chain, chainSeq: i, prevHash: prev };
      const e = { ...base, hash: auditMac(key, base) };
      out.push(e);
      prev = e.hash;
    }
    return out;
  }
  const chainOne = chain(1);
  const keyed = { key, legacy: { seq: 0, hash: GENESIS_HASH, at: '' } };

  it('verifies each lane by its own places, whatever the trail-wide numbers', () => {
    expect(verifyChain(lane(2, 5, 2, 2), undefined, keyed)).toMatchObject({ ok: true, count: 5 });
    expect(verifyChain(lane(1, 5, 10, 3), undefined, keyed)).toMatchObject({ ok: true, count: 5 });
  });
  it('catches an event moved to another lane, renumbered in the trail, deleted or swapped', () => {
    const moved = lane(2, 4, 2, 2).map((e, i) => (i === 2 ? { ...e, chain: 3 } : e));
    expect(verifyChain(moved, undefined, keyed)).toMatchObject({ ok: false, problem: 'event 3 of chain 3 was altered' });
    const renumbered = lane(2, 4, 2, 2).map((e, i) => (i === 1 ? { ...e, seq: 99 } : e));
    expect(verifyChain(renumbered, undefined, keyed)).toMatchObject({ ok: false, problem: 'event 2 of chain 2 was altered' });
    const l = lane(2, 4, 2, 2);
    expect(verifyChain([l[0]!, l[2]!, l[3]!], undefined, keyed)).toMatchObject({ ok: false, problem: 'event 2 of chain 2 is missing (found 3)' });
    const swapped = [l[0]!, { ...l[2]!, chainSeq: 2 }, { ...l[1]!, chainSeq: 3 }, l[3]!];
    expect(verifyChain(swapped, undefined, keyed)).toMatchObject({ ok: false });
  });
  it('a lane head checkpoint names its lane: one lane’s cannot stand in for another’s', () => {
    expect(headMac(key, { seq: 3, hash: 'h', chain: 2 })).not.toBe(headMac(key, { seq: 3, hash: 'h', chain: 3 }));
    expect(headMac(key, { seq: 3, hash: 'h' })).toBe(headMac(key, { seq: 3, hash: 'h', chain: 1 }));
  });
  it('anchors: a keyed chain of their own; an edited, missing or re-linked anchor shows', () => {
    const anchors: AuditAnchor[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const base = { seq, at: `2026-03-0${seq}T00:00:00.000Z`, heads: [[1, seq * 10, `h${seq}`]] as [number, number, string][], prevHash: prev };
      const a = { ...base, hash: anchorMac(key, base) };
      anchors.push(a);
      prev = a.hash;
    }
    expect(verifyAnchors(anchors, key)).toMatchObject({ ok: true, count: 3, last: anchors[2] });
    expect(verifyAnchors([anchors[0]!, anchors[2]!], key)).toMatchObject({ ok: false, problem: 'anchor 2 is missing (found 3)' });
    const edited = anchors.map((a, i) => (i === 1 ? { ...a, heads: [[1, 5, 'h2']] as [number, number, string][] } : a));
    expect(verifyAnchors(edited, key)).toMatchObject({ ok: false, problem: 'anchor 2 was altered' });
    expect(verifyAnchors(anchors.slice(1), key, { prevHash: anchors[0]!.hash, seq: 1 })).toMatchObject({ ok: true, count: 2 });
    expect(anchorHeadMac(key, { seq: 3, hash: prev })).not.toBe(headMac(key, { seq: 3, hash: prev }));
  });
});
