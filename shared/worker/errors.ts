// Errors of the local worker. Each names the file, key or JSON path at fault; none is retriable without a fix.

/**
 * The basic-auth credentials file cannot be used.
 *
 * @example
 * throw new CredentialsFileError('/etc/connect/users.properties', 'has no user');
 */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
  readonly retriable = false;
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(`rest.basic.auth.credentials.file ${file} ${reason}`, options);
  }
}

/**
 * Another running worker owns `data.dir` (the embedded store allows one process); stop it or pick another dir.
 *
 * @example
 * throw new WorkerDataDirInUseError('.data/worker', 4242);
 */
export class WorkerDataDirInUseError extends Error {
  override readonly name = 'WorkerDataDirInUseError';
  readonly retriable = false;
  constructor(dataDir: string, pid: number) {
    super(`data.dir ${dataDir} is in use by the worker with pid ${pid}; stop it or set another data.dir`);
  }
}
