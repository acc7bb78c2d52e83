import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is an in-process engine: two processes writing one data directory corrupt it.
 * The owner writes its pid here; a second process refuses with a clear message.
 */
export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${pid} (probably "egov serve"). ` +
        'Stop that process first, or run against a PostgreSQL server with DATABASE_URL.',
    );
  }
}

const lockFile = (dir: string) => path.join(dir, 'egov.pid');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function takeDataDirLock(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = lockFile(dir);
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirBusyError(dir, pid);
  } catch (error) {
    if (error instanceof DataDirBusyError) throw error;
  }
  fs.writeFileSync(file, String(process.pid));
}

export function releaseDataDirLock(dir: string): void {
  try {
    if (Number(fs.readFileSync(lockFile(dir), 'utf8')) === process.pid) fs.unlinkSync(lockFile(dir));
  } catch {
    // already gone
  }
}
