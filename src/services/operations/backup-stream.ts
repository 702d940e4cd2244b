/**
 * The streamed backup file (format 2): read and written a segment at a time, so neither side ever
 * holds the whole backup (format 1 was one sealed JSON text, which Node's largest string bounds at
 * about 512 MB).
 *
 *   ACCORD-BACKUP-2 <master key id> <file id>\n      the only clear text: which key opens it
 *   then segments, each: <u32 length, big-endian><sealed bytes>
 *
 * A segment's plaintext is a gzip member holding whole lines of newline-delimited JSON; it is
 * sealed (AES-256-GCM, Vault.sealBackupSegment) under a key derived from the master key, bound to
 * the file id, its place and whether it is the last. So a segment altered, dropped, repeated,
 * moved, taken from another backup, or a file cut short (no last segment) does not open; nothing
 * after the last segment is accepted. The lines (backup.ts writes them): a header, each table's
 * name and its rows one a line, and a trailer with every table's row count.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Vault } from '../ports.ts';

export const STREAM_MAGIC = 'ACCORD-BACKUP-2';
/** The clear first line is short; anything longer is not a backup. */
const MAX_HEADER = 512;
/** Text gathered into one segment before it is compressed and sealed (a row longer than this makes a longer one). */
export const SEGMENT_TEXT = 1 << 20;
/** What a reader accepts for one segment unless told otherwise: sealed and opened. */
export const MAX_SEGMENT = 256 << 20;

export type BackupProblem = 'not_a_backup' | 'other_master_key' | 'damaged' | 'truncated' | 'unsupported' | 'too_large';

/** Why a backup cannot be read; `segment` names the part that did not open. */
export class BackupReadError extends Error {
  constructor(
    readonly reason: BackupProblem,
    message: string,
    readonly masterKeyId?: string,
  ) {
    super(message);
    this.name = 'BackupReadError';
  }
}

const binding = (keyId: string, fileId: string, index: number, last: boolean) => `${STREAM_MAGIC} ${keyId} ${fileId} ${index} ${last ? 'last' : 'more'}`;

/** Writes lines into sealed segments as they come; `finish` seals the last one. */
export class BackupStreamWriter {
  private readonly keyId: string;
  private readonly fileId = randomBytes(16).toString('base64url');
  private pending: string[] = [];
  private pendingChars = 0;
  private index = 0;
  private started = false;
  bytes = 0;

  constructor(
    private readonly vault: Pick<Vault, 'backupMasterKeyId' | 'sealBackupSegment'>,
    private readonly sink: (chunk: Buffer) => Promise<void> | void,
    private readonly segmentText = SEGMENT_TEXT,
  ) {
    this.keyId = vault.backupMasterKeyId();
  }

  async line(value: unknown): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.segmentText) await this.flush(false);
  }

  async finish(): Promise<void> {
    await this.flush(true);
  }

  private async flush(last: boolean): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.emit(Buffer.from(`${STREAM_MAGIC} ${this.keyId} ${this.fileId}\n`, 'utf8'));
    }
    const plain = gzipSync(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
    this.pendingChars = 0;
    const sealed = this.vault.sealBackupSegment(this.keyId, plain, binding(this.keyId, this.fileId, this.index++, last));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(sealed.length);
    await this.emit(Buffer.concat([length, sealed]));
  }

  private async emit(b: Buffer): Promise<void> {
    this.bytes += b.length;
    await this.sink(b);
  }
}

/** Reads exactly the bytes asked for from a stream of chunks, holding no more than one chunk ahead. */
class ByteReader {
  private buf = Buffer.alloc(0);
  private readonly it: AsyncIterator<Uint8Array>;
  private done = false;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }
  /** Up to `n` bytes (fewer only at the end of the stream). */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : Buffer.from(r.value);
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }
  /** The bytes up to the first newline, within `max` bytes; undefined when there is none. */
  async line(max: number): Promise<string | undefined> {
    for (;;) {
      const at = this.buf.indexOf(10);
      if (at >= 0 && at <= max) {
        const text = this.buf.subarray(0, at).toString('utf8');
        this.buf = this.buf.subarray(at + 1);
        return text;
      }
      if (this.buf.length > max || this.done) return undefined;
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.buf = Buffer.concat([this.buf, r.value]);
    }
  }
  async atEnd(): Promise<boolean> {
    if (this.buf.length) return false;
    return (await this.read(1)).length === 0;
  }
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

export type StreamLimits = {
  /** The largest segment accepted, sealed or opened (default MAX_SEGMENT). */
  maxSegmentBytes?: number;
  /** Told the size of every segment's opened text as it is read (tests measure what a reader holds). */
  onSegment?: (textBytes: number) => void;
};

/** The clear first line of a streamed backup, or undefined when the bytes are not one. */
export function streamHeader(first: Buffer): { masterKeyId: string; fileId: string } | undefined {
  const end = first.indexOf(10);
  const [magic, masterKeyId, fileId, ...rest] = first
    .subarray(0, end < 0 ? MAX_HEADER : end)
    .toString('utf8')
    .split(' ');
  if (magic !== STREAM_MAGIC || !masterKeyId || !fileId || rest.length || end < 0) return undefined;
  return { masterKeyId, fileId };
}

/**
 * The lines of a streamed backup, parsed, in order; every segment is opened (authenticated) before
 * any of its lines is given out. Throws BackupReadError: not a backup, another master key, a part
 * altered, or cut short.
 */
export async function* readBackupStream(
  vault: Pick<Vault, 'openBackupSegment'>,
  source: AsyncIterable<Uint8Array>,
  limits: StreamLimits = {},
): AsyncGenerator<unknown> {
  const max = limits.maxSegmentBytes ?? MAX_SEGMENT;
  const bytes = new ByteReader(source);
  try {
    const first = await bytes.line(MAX_HEADER);
    const head = first === undefined ? undefined : streamHeader(Buffer.from(`${first}\n`, 'utf8'));
    if (!head) throw new BackupReadError('not_a_backup', 'This file is not an Accord backup.');
    const { masterKeyId, fileId } = head;
    for (let index = 0; ; index++) {
      const len = await bytes.read(4);
      if (len.length < 4) {
        throw new BackupReadError(
          'truncated',
          `This backup is incomplete: it ends after part ${index} without its last part (the copy was cut short).`,
          masterKeyId,
        );
      }
      const size = len.readUInt32BE(0);
      if (size > max + 64) {
        throw new BackupReadError(
          'too_large',
          `Part ${index + 1} of this backup is ${size} bytes, more than the ${max} a part may have here: the file is damaged, or was written with larger parts.`,
          masterKeyId,
        );
      }
      const sealed = await bytes.read(size);
      if (sealed.length < size) {
        throw new BackupReadError('truncated', `This backup is incomplete: part ${index + 1} is cut short (the copy was cut short).`, masterKeyId);
      }
      let plain: Buffer | undefined;
      let last = false;
      for (const isLast of [false, true]) {
        try {
          plain = vault.openBackupSegment(masterKeyId, sealed, binding(masterKeyId, fileId, index, isLast));
          last = isLast;
          break;
        } catch (err) {
          if (index === 0 && /not available/.test((err as Error).message)) {
            throw new BackupReadError('other_master_key', `This backup was made under master key ${masterKeyId}, which is not at hand.`, masterKeyId);
          }
        }
      }
      if (!plain) {
        throw index === 0
          ? new BackupReadError('other_master_key', `This backup does not open with master key ${masterKeyId} at hand, or it was altered.`, masterKeyId)
          : new BackupReadError('damaged', `Part ${index + 1} of this backup was altered or damaged: it does not open.`, masterKeyId);
      }
      let text: string;
      try {
        text = gunzipSync(plain, { maxOutputLength: max }).toString('utf8');
      } catch {
        throw new BackupReadError('damaged', `Part ${index + 1} of this backup opens but does not decompress (or is larger than ${max} bytes).`, masterKeyId);
      }
      plain = undefined;
      limits.onSegment?.(text.length);
      let from = 0;
      while (from < text.length) {
        const end = text.indexOf('\n', from);
        if (end < 0) throw new BackupReadError('damaged', `Part ${index + 1} of this backup ends inside a line.`, masterKeyId);
        let value: unknown;
        try {
          value = JSON.parse(text.slice(from, end));
        } catch {
          throw new BackupReadError('damaged', `Part ${index + 1} of this backup holds a line that is not JSON.`, masterKeyId);
        }
        from = end + 1;
        yield value;
      }
      if (last) {
        if (!(await bytes.atEnd())) throw new BackupReadError('damaged', 'This backup has bytes after its last part: it was altered.', masterKeyId);
        return;
      }
    }
  } finally {
    await bytes.close();
  }
}
