/** How BuildKit shares a cache mount between concurrent builds. */
export enum CacheSharing {
  /** Concurrent builds write the same cache (BuildKit's default). */
  SHARED = 'shared',
  /** Concurrent builds wait for each other; right for apt and other lock-taking tools. */
  LOCKED = 'locked',
  /** Each concurrent build gets its own empty cache. */
  PRIVATE = 'private',
}

/** Options for a BuildKit secret mount. */
export interface SecretMountOptions {
  /** The secret's id, matching `--secret id=<id>,...` on the build command line. */
  readonly id: string;
  /**
   * Where the secret file appears during the RUN.
   * @default - /run/secrets/<id>
   */
  readonly target?: string;
  /**
   * Fail the build when the secret was not passed.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Owner uid of the secret file; needed when the RUN runs as a non-root user.
   * @default - 0 (root)
   */
  readonly uid?: number;
  /**
   * Owner gid of the secret file.
   * @default - 0 (root)
   */
  readonly gid?: number;
  /**
   * File mode, in octal, such as "0440".
   * @default - "0400"
   */
  readonly mode?: string;
}

/** Options for a BuildKit cache mount. */
export interface CacheMountOptions {
  /** The directory the cache is mounted at, such as `/root/.cache/pip`. */
  readonly target: string;
  /**
   * Cache id; mounts with the same id share contents.
   * @default - the target path
   */
  readonly id?: string;
  /**
   * How concurrent builds share the cache.
   * @default CacheSharing.SHARED
   */
  readonly sharing?: CacheSharing;
  /**
   * Owner uid of the cache directory; needed when the RUN runs as a non-root user.
   * @default - 0 (root)
   */
  readonly uid?: number;
  /**
   * Owner gid of the cache directory.
   * @default - 0 (root)
   */
  readonly gid?: number;
}

/** Options for a BuildKit bind mount. */
export interface BindMountOptions {
  /** Where the files appear during the RUN. */
  readonly target: string;
  /**
   * Path inside the source (the build context or `from`).
   * @default - the root of the source
   */
  readonly source?: string;
  /**
   * A stage name or image to bind from.
   * @default - the build context
   */
  readonly from?: string;
  /**
   * Allow writes (they are discarded after the RUN).
   * @default false
   */
  readonly readWrite?: boolean;
}

/**
 * A `--mount=...` flag of a RUN instruction. Nothing mounted this way is stored in a layer,
 * which is why secrets and caches go through mounts.
 */
export class Mount {
  /** A secret file that exists only during this RUN, never in a layer or the history. */
  public static secret(options: SecretMountOptions): Mount {
    const fields: Array<[string, string | undefined]> = [
      ['type', 'secret'],
      ['id', options.id],
      ['target', options.target],
      ['required', options.required ? 'true' : undefined],
      ['mode', options.mode],
      ['uid', idField(options.uid)],
      ['gid', idField(options.gid)],
    ];
    if (options.mode !== undefined && !/^0?[0-7]{3,4}$/.test(options.mode)) {
      throw new Error(`secret mount mode must be octal such as "0440", got "${options.mode}"`);
    }
    return new Mount(fields);
  }

  /** A persistent cache directory shared between builds (pip, apt, compilers). */
  public static cache(options: CacheMountOptions): Mount {
    return new Mount([
      ['type', 'cache'],
      ['id', options.id],
      ['target', options.target],
      ['sharing', options.sharing],
      ['uid', idField(options.uid)],
      ['gid', idField(options.gid)],
    ]);
  }

  /** Files of the build context or of another stage, visible only during this RUN. */
  public static bind(options: BindMountOptions): Mount {
    return new Mount([
      ['type', 'bind'],
      ['target', options.target],
      ['source', options.source],
      ['from', options.from],
      ['rw', options.readWrite ? 'true' : undefined],
    ]);
  }

  private readonly fields: Array<[string, string]>;

  private constructor(fields: Array<[string, string | undefined]>) {
    this.fields = fields.filter((f): f is [string, string] => f[1] !== undefined);
    for (const [key, value] of this.fields) {
      // the flag is a comma-separated list of key=value pairs: these characters would split or end it
      if (value.length === 0 || /[\s,="'\\]/.test(value)) {
        throw new Error(`mount ${key} cannot be empty or contain spaces, commas, quotes, "=" or "\\", got ${JSON.stringify(value)}`);
      }
    }
  }

  /** The mount type: secret, cache or bind. */
  public get type(): string {
    return this.fields[0][1];
  }

  /** Renders the flag, such as `--mount=type=cache,target=/root/.cache/pip`. */
  public render(): string {
    return `--mount=${this.fields.map(([k, v]) => `${k}=${v}`).join(',')}`;
  }
}

function idField(id: number | undefined): string | undefined {
  if (id === undefined) {
    return undefined;
  }
  if (!Number.isInteger(id) || id < 0) {
    throw new Error(`mount uid/gid must be a non-negative integer, got ${id}`);
  }
  return String(id);
}
