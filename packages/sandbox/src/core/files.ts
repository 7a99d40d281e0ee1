import * as fs from 'node:fs';

/**
 * The few file operations the state store uses, as an interface so tests can put a faulty disk under it
 * (short writes, ENOSPC after N bytes, failing fsync or rename) and check that nothing acknowledged is lost.
 */
export interface FileLayer {
  open(path: string, flags: string, mode?: number): number;
  /** Returns how many bytes were written, which may be fewer than asked (a short write). */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
  ftruncate(fd: number, length: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  link(existing: string, newPath: string): void;
  unlink(path: string): void;
  /** `undefined` when the file does not exist. */
  read(path: string): Buffer | undefined;
  size(path: string): number | undefined;
  mkdir(path: string): void;
}

function missing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export const nodeFiles: FileLayer = {
  open: (path, flags, mode) => fs.openSync(path, flags, mode),
  write: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsync: (fd) => fs.fsyncSync(fd),
  ftruncate: (fd, length) => fs.ftruncateSync(fd, length),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  link: (existing, newPath) => fs.linkSync(existing, newPath),
  unlink: (path) => fs.unlinkSync(path),
  read(path) {
    try {
      return fs.readFileSync(path);
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  size(path) {
    try {
      return fs.statSync(path).size;
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  mkdir: (path) => fs.mkdirSync(path, { recursive: true }),
};

/**
 * Writes all of `data`: write(2) may write less than asked (a nearly full disk, a signal), and a caller that
 * ignores the count leaves a truncated file behind while believing it saved everything.
 */
export function writeFully(files: FileLayer, fd: number, data: Uint8Array): void {
  let offset = 0;
  let stalls = 0;
  while (offset < data.length) {
    const n = files.write(fd, data, offset, data.length - offset);
    if (n > 0) {
      offset += n;
      stalls = 0;
    } else if (++stalls > 3) {
      const err = new Error(`no progress writing (${offset} of ${data.length} bytes written)`);
      (err as NodeJS.ErrnoException).code = 'EIO';
      throw err;
    }
  }
}

/** Makes a rename or a new file in `dir` durable: the directory entry itself has to reach the disk. */
export function fsyncDir(files: FileLayer, dir: string): void {
  const fd = files.open(dir, 'r');
  try {
    files.fsync(fd);
  } finally {
    files.close(fd);
  }
}

/** Replaces `target` with `data` atomically: a temp file written fully and fsynced, renamed over it. */
export function replaceFile(files: FileLayer, dir: string, target: string, data: Uint8Array): void {
  const temp = `${target}.${process.pid}.tmp`;
  try {
    const fd = files.open(temp, 'w', 0o600);
    try {
      writeFully(files, fd, data);
      files.fsync(fd);
    } finally {
      files.close(fd);
    }
    files.rename(temp, target);
  } catch (err) {
    try {
      files.unlink(temp);
    } catch {
      // Never created, or already renamed: either way the previous target is untouched.
    }
    throw err;
  }
  fsyncDir(files, dir);
}
