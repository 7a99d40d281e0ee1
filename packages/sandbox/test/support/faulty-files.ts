import { type FileLayer, nodeFiles } from '../../src/core/files.js';

/**
 * A disk that misbehaves as real ones do: writes that write less than asked, and a disk that fills up after
 * `capacity` more bytes (the write that crosses it writes what fits, the next ones throw ENOSPC).
 */
export class FaultyFiles implements FileLayer {
  /** Bytes that may still be written; Infinity for a disk with room. */
  capacity = Number.POSITIVE_INFINITY;
  /** At most this many bytes per write call (short writes). */
  maxPerWrite = Number.POSITIVE_INFINITY;
  /** Makes every fsync fail with EIO while set. */
  failFsync = false;
  /** A filesystem without hard links (EPERM, as vfat and some FUSE mounts answer). */
  noLinks = false;
  writes = 0;
  shortWrites = 0;

  open = nodeFiles.open;
  ftruncate = nodeFiles.ftruncate;
  close = nodeFiles.close;
  rename = nodeFiles.rename;
  link(existing: string, newPath: string): void {
    if (this.noLinks) throw errno('EPERM', 'operation not permitted');
    nodeFiles.link(existing, newPath);
  }
  unlink = nodeFiles.unlink;
  read = nodeFiles.read;
  size = nodeFiles.size;
  mkdir = nodeFiles.mkdir;

  write(fd: number, buffer: Uint8Array, offset: number, length: number): number {
    this.writes++;
    if (this.capacity <= 0) throw errno('ENOSPC', 'no space left on device');
    const n = Math.min(length, this.maxPerWrite, this.capacity);
    if (n < length) this.shortWrites++;
    const written = nodeFiles.write(fd, buffer, offset, n);
    this.capacity -= written;
    return written;
  }

  fsync(fd: number): void {
    if (this.failFsync) throw errno('EIO', 'i/o error');
    nodeFiles.fsync(fd);
  }
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  err.code = code;
  return err;
}
