/**
 * Errors that are the environment's or the user's, not gceb's: a full disk,
 * a denied permission, a missing or wrong path, an invalid URL. They get a
 * plain sentence (exit 2) instead of "a bug in gceb".
 */
const SYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device (disk full)',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the file name is too long',
  EIO: 'input/output error',
  EBUSY: 'the resource is busy',
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
};

/** A plain message for an environment or user error; undefined for anything else (a bug). */
export function describeEnvironmentError(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException & { input?: string };
  if (e === null || typeof e !== 'object') return undefined;
  if (e.code === 'ERR_INVALID_URL') return `invalid URL${typeof e.input === 'string' ? ` '${e.input}'` : ''}.`;
  const what = e.code !== undefined ? SYSTEM_ERRORS[e.code] : undefined;
  if (what === undefined) return undefined;
  const path = typeof e.path === 'string' ? ` ${e.path}` : '';
  const verb = e.syscall ? `${e.syscall}${path}` : path.trim();
  return `${verb ? `${verb}: ` : ''}${what}.`;
}
