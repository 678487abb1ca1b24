import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** What reading a file gave: its text, or why it is not a file the corpus reads. */
export type RegularFileRead = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

export interface ReadRegularFileOptions {
  /** Larger files are refused before they are read. */
  maxBytes: number;
  /** A path the operator typed may be a link; a name found inside the corpus folder may not. Default false. */
  followLinks?: boolean;
}

/**
 * Reads a regular file as UTF-8, checking what it is on the opened handle, so no swap between a
 * check and the read can slip something else in. The open never follows a final symlink (unless
 * asked) and never blocks: O_NONBLOCK makes a FIFO open at once (and it is then refused as one),
 * where a plain open would wait for a writer forever.
 */
export async function readRegularFile(path: string, options: ReadRegularFileOptions): Promise<RegularFileRead> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLinks ? 0 : (constants.O_NOFOLLOW ?? 0));
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    return {
      ok: false,
      missing: (error as NodeJS.ErrnoException).code === 'ENOENT',
      reason: openFailure(error as NodeJS.ErrnoException),
    };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return { ok: false, missing: false, reason: `${kindOf(info)}, not a file: only regular files are read` };
    if (info.size > options.maxBytes)
      return {
        ok: false,
        missing: false,
        reason: `${formatSize(info.size)}; the limit is ${formatSize(options.maxBytes)}`,
      };
    return { ok: true, text: await handle.readFile('utf8') };
  } catch (error) {
    return {
      ok: false,
      missing: false,
      reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    };
  } finally {
    await handle.close();
  }
}

function openFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'missing';
    case 'ELOOP':
    case 'EMLINK': // FreeBSD's O_NOFOLLOW errno
      return 'a symbolic link, not a file: links are never followed';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'ENXIO':
      return 'a socket or device, not a file: only regular files are read';
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
