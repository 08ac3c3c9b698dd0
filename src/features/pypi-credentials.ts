import { shellQuote } from '../private/quote';

/** Names of the environment variables that hold a private index account. */
export interface PypiEnvCredentialsOptions {
  /**
   * Variable holding the account name (for token-only indexes, the token's user such as `__token__`).
   * @default "PYPI_USERNAME"
   */
  readonly usernameVariable?: string;
  /**
   * Variable holding the password or token.
   * @default "PYPI_PASSWORD"
   */
  readonly passwordVariable?: string;
}

/** How the build gets the private index credentials. */
export enum PypiCredentialsKind {
  /** Environment variables of the person building, passed as a BuildKit secret. */
  ENV = 'env',
  /** A pip config file (with the credentialed `index-url`), mounted as pip's config for one RUN. */
  PIP_CONF = 'pip-conf',
  /** A netrc file, mounted for one RUN and named by `NETRC`. */
  NETRC = 'netrc',
  /** Build args (stored in the image history: the leak this library exists to avoid). */
  LEGACY_BUILD_ARGS = 'legacy-build-args',
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
// the path reaches build.sh inside double quotes and a `--secret id=...,src=<path>` CSV field
const PATH = /^[^\r\n"'`$\\,]+$/;

/**
 * Where a PrivatePypiInstall reads the private index credentials when the image is built. Every
 * form except `legacyBuildArgs()` goes through a BuildKit secret mount: the credentials exist only
 * during the install RUN and never reach a layer, the image config or `docker history`.
 *
 * @example
 * PypiCredentials.fromPipConf();                       // ~/.config/pip/pip.conf of the person building
 * PypiCredentials.fromEnv({ passwordVariable: 'PYPI_TOKEN' });
 */
export class PypiCredentials {
  /**
   * Account and password from environment variables of the person building. The build script
   * checks both are set, writes them (percent-encoded) into a pip config held only in an exported
   * variable, and passes it with `--secret id=...,env=...`; no file is written on the host.
   */
  public static fromEnv(options: PypiEnvCredentialsOptions = {}): PypiCredentials {
    return new PypiCredentials(PypiCredentialsKind.ENV, checkVariables(options));
  }

  /**
   * A pip config file whose `index-url` holds the credentials, as pip itself reads it (pip reads
   * it; nothing parses it by hand). Its `index-url` is the index pip uses.
   * @param path `~/...`, an absolute path, or a path relative to the project root
   * @default path - ~/.config/pip/pip.conf of the person building
   */
  public static fromPipConf(path?: string): PypiCredentials {
    return new PypiCredentials(PypiCredentialsKind.PIP_CONF, { path: checkPath(path ?? '~/.config/pip/pip.conf') });
  }

  /**
   * A netrc file (`machine <host> login <user> password <secret>`; the host without the port).
   * @param path `~/...`, an absolute path, or a path relative to the project root
   * @default path - ~/.netrc of the person building
   */
  public static fromNetrc(path?: string): PypiCredentials {
    return new PypiCredentials(PypiCredentialsKind.NETRC, { path: checkPath(path ?? '~/.netrc') });
  }

  /**
   * The seed's form: `ARG` build args put into the index URL of the RUN. The values are stored in
   * the image's history for anyone who pulls it; only for migrating, with a warning at synth.
   */
  public static legacyBuildArgs(options: PypiEnvCredentialsOptions = {}): PypiCredentials {
    return new PypiCredentials(PypiCredentialsKind.LEGACY_BUILD_ARGS, checkVariables(options));
  }

  /** Which form this is. */
  public readonly kind: PypiCredentialsKind;
  /** The account variable (env and legacy forms). */
  public readonly usernameVariable?: string;
  /** The password variable (env and legacy forms). */
  public readonly passwordVariable?: string;
  /** The file as given (pip.conf and netrc forms). */
  public readonly path?: string;

  private constructor(kind: PypiCredentialsKind, fields: { usernameVariable?: string; passwordVariable?: string; path?: string }) {
    this.kind = kind;
    this.usernameVariable = fields.usernameVariable;
    this.passwordVariable = fields.passwordVariable;
    this.path = fields.path;
  }

  /**
   * The file as a bash word for build.sh: `~/` becomes `$HOME`, relative paths start at `$root`.
   * @internal
   */
  public _pathWord(): string {
    const path = this.path ?? '';
    if (path === '~') return '"$HOME"';
    if (path.startsWith('~/')) return `"$HOME"/${shellQuote(path.slice(2))}`;
    if (path.startsWith('/')) return shellQuote(path);
    return `"$root"/${shellQuote(path)}`;
  }

  /** A short description for comments and messages. @internal */
  public _describe(): string {
    switch (this.kind) {
      case PypiCredentialsKind.ENV: return `$${this.usernameVariable} and $${this.passwordVariable}`;
      case PypiCredentialsKind.PIP_CONF: return `the pip config ${this.path}`;
      case PypiCredentialsKind.NETRC: return `the netrc file ${this.path}`;
      default: return `build args ${this.usernameVariable} and ${this.passwordVariable}`;
    }
  }
}

function checkVariables(options: PypiEnvCredentialsOptions): { usernameVariable: string; passwordVariable: string } {
  const usernameVariable = options.usernameVariable ?? 'PYPI_USERNAME';
  const passwordVariable = options.passwordVariable ?? 'PYPI_PASSWORD';
  for (const [field, value] of [['usernameVariable', usernameVariable], ['passwordVariable', passwordVariable]]) {
    if (!VARIABLE.test(value)) {
      throw new Error(`pypi credentials: invalid ${field}: got ${JSON.stringify(value)}; expected a variable name: letters, digits and "_", not starting with a digit`);
    }
  }
  if (usernameVariable === passwordVariable) {
    throw new Error(`pypi credentials: usernameVariable and passwordVariable are both "${usernameVariable}"; use two variables`);
  }
  return { usernameVariable, passwordVariable };
}

function checkPath(path: string): string {
  if (!PATH.test(path)) {
    throw new Error(`pypi credentials: invalid path: got ${JSON.stringify(path)}; expected "~/...", an absolute path or a path relative to the project root, without quotes, "$", "\\", "," or newlines`);
  }
  return path;
}
