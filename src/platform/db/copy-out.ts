import { Readable } from 'node:stream';
import type pg from 'pg';

// `copy … to stdout` read straight off the connection's socket. pg-copy-streams' reader handled each
// CopyData message (one per row) as a buffer of its own, kept in a list and joined again: for the
// sessioniser's millions of short rows that was a tenth of the process's time. This reader takes the
// socket's pieces as they come and strips the messages' headers in place (copyWithin), so a piece of
// some kilobytes costs one view, whatever its rows. It plugs into pg as pg-copy-streams does (a
// submittable query that takes the socket's data until CopyDone or an error, then hands the rest back).

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

/** The parts of pg's connection (not in its types) that a submittable COPY works with. */
interface Connection {
  stream: Omit<NodeJS.ReadableStream, 'read'> & { read(): Buffer | null };
  query(text: string): void;
}

type DataHandler = (data: Buffer) => void;

class CopyOutQuery extends Readable {
  private connection: Connection | null = null;
  private pgData: DataHandler | null = null;
  /** A message header (type and length) the last piece ended in, as far as it went. */
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  private type = 0;
  /** Bytes of the current message's body not read yet. */
  private remaining = 0;
  private wanted = false;
  private forwarding = false;
  private readonly onReadable = () => this.forward();

  constructor(private readonly text: string) {
    super();
  }

  submit(connection: Connection): void {
    this.connection = connection;
    const stream = connection.stream;
    const [pgData, ...others] = stream.listeners('data') as DataHandler[];
    if (!pgData || others.length) throw new Error('copyOut: unexpected data listeners on the connection');
    this.pgData = pgData;
    stream.removeListener('data', pgData);
    stream.pause();
    stream.on('readable', this.onReadable);
    connection.query(this.text);
  }

  override _read(): void {
    this.wanted = true;
    this.forward();
  }

  private forward(): void {
    if (this.forwarding || !this.wanted || !this.connection) return;
    this.forwarding = true;
    while (this.wanted && this.connection) {
      const piece = this.connection.stream.read();
      if (piece === null) break;
      this.wanted = this.parse(piece);
    }
    this.forwarding = false;
  }

  /** Moves the rows' bytes of `piece` to its start; false when the reader wants no more for now. */
  private parse(piece: Buffer): boolean {
    const end = piece.length;
    let read = 0;
    let written = 0;
    while (read < end) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, end - read);
        if (this.type === COPY_DATA) {
          if (written !== read) piece.copyWithin(written, read, read + n);
          written += n;
        }
        read += n;
        this.remaining -= n;
        continue;
      }
      // A message's header: type and length (itself included), read from the piece or, when a piece
      // ended in it, from what was kept of it.
      let header: Buffer = piece;
      let at = read;
      if (this.headerLength === 0 && end - read >= 5) {
        read += 5;
      } else {
        while (this.headerLength < 5 && read < end)
          this.header[this.headerLength++] = piece[read++] as number;
        if (this.headerLength < 5) break;
        this.headerLength = 0;
        header = this.header;
        at = 0;
      }
      this.type = header[at] as number;
      if (this.type === ERROR_RESPONSE || this.type === COPY_DONE) {
        // pg reads the error (and what follows) itself; after CopyDone come CommandComplete and
        // ReadyForQuery, which pg dispatches to this query's handlers.
        const rest =
          this.type === COPY_DONE
            ? piece.subarray(read)
            : Buffer.concat([header.subarray(at, at + 5), piece.subarray(read)]);
        if (written > 0) this.push(piece.subarray(0, written));
        this.detach(rest);
        if (this.type === COPY_DONE) this.push(null);
        return false;
      }
      this.remaining =
        (((header[at + 1] as number) << 24) |
          ((header[at + 2] as number) << 16) |
          ((header[at + 3] as number) << 8) |
          (header[at + 4] as number)) -
        4;
    }
    return written > 0 ? this.push(piece.subarray(0, written)) : true;
  }

  private detach(rest: Buffer): void {
    const connection = this.connection as Connection;
    const pgData = this.pgData as DataHandler;
    this.connection = null;
    this.pgData = null;
    connection.stream.removeListener('readable', this.onReadable);
    connection.stream.on('data', pgData);
    if (rest.length) pgData(rest);
    // As pg-copy-streams: pg's handler may pause the stream while it runs; resume once it is done.
    process.nextTick(() => connection.stream.resume());
  }

  handleError(error: Error): void {
    this.destroy(error);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {}
}

/**
 * The output of `copy … to stdout` on a PostgreSQL connection, in the pieces it arrives in (a few
 * kilobytes each, rows split anywhere), so that a reader can work while the database still sends.
 */
export function copyOut(client: pg.ClientBase, statement: string): AsyncIterable<Buffer> {
  return client.query(
    new CopyOutQuery(statement) as unknown as pg.Submittable,
  ) as unknown as AsyncIterable<Buffer>;
}
