import type { Connection, PoolClient, Submittable } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * `COPY ... FROM STDIN` on a node-postgres client, without a stream library: the client hands a
 * submittable the wire connection, it sends the statement, then the whole payload when the server
 * asks for it, and settles when the server is ready again.
 */
class CopyIn implements Submittable {
  private failure: Error | undefined;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly settle: (error?: Error) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleError(error: Error): void {
    // A statement error is followed by ReadyForQuery; a dead socket is not, so settle now.
    this.failure = error;
    this.settle(error);
  }

  handleReadyForQuery(): void {
    if (!this.failure) this.settle();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

function isPgClient(value: unknown): value is PoolClient {
  return typeof value === 'object' && value !== null && 'query' in value && 'connection' in value;
}

/** Runs `COPY <target> FROM STDIN` with `data` (text format) on the transaction's connection. */
export async function copyIn(tx: EntityManager, target: string, data: string): Promise<void> {
  const client: unknown = await tx.queryRunner?.connect();
  if (!isPgClient(client)) throw new Error('COPY needs a transaction on a node-postgres client');
  await new Promise<void>((resolve, reject) => {
    void client.query(
      new CopyIn(`COPY ${target} FROM STDIN`, Buffer.from(data, 'utf8'), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  });
}

/** One value in COPY's text format: `\N` for null, backslash escapes where text may need them. */
export function copyText(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return '\\N';
  if (json) return escaped(JSON.stringify(value));
  switch (typeof value) {
    case 'string':
      return escaped(value);
    case 'number':
      // As JSON.stringify would have sent it: a non-finite number becomes null.
      return Number.isFinite(value) ? String(value) : '\\N';
    case 'boolean':
      return value ? 'true' : 'false'; // as JSON would spell it, for any column type
    case 'bigint':
      return String(value);
    default:
      return value instanceof Date ? value.toISOString() : escaped(JSON.stringify(value));
  }
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Most values have nothing to escape; testing first spares them the replace. */
function escaped(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}
