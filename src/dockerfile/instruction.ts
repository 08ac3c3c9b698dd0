import { Command } from './command';
import { Mount } from './mount';
import { dockerKey, dockerKeyValue, dockerPathList, dockerValue, dockerWord, jsonArgv } from '../private/quote';

/** Options of a RUN instruction. */
export interface RunOptions {
  /**
   * BuildKit mounts for this RUN only (secrets, caches, binds).
   * @default - no mounts
   */
  readonly mounts?: Mount[];
  /**
   * Network of this RUN: "default", "none" or "host".
   * @default - the build's network
   */
  readonly network?: string;
}

/** Options of a COPY instruction. */
export interface CopyOptions {
  /**
   * Copy from a stage or an image instead of the build context.
   * @default - the build context
   */
  readonly from?: string;
  /**
   * Owner of the copied files, `user[:group]` by name or number.
   * @default - root
   */
  readonly chown?: string;
  /**
   * Mode of the copied files, in octal such as "0755".
   * @default - the mode in the source
   */
  readonly chmod?: string;
}

/** Options of a HEALTHCHECK instruction. */
export interface HealthcheckOptions {
  /**
   * Time between checks, such as "30s".
   * @default "30s"
   */
  readonly interval?: string;
  /**
   * Time after which one check counts as failed.
   * @default "30s"
   */
  readonly timeout?: string;
  /**
   * Grace period after start during which failures do not count.
   * @default "0s"
   */
  readonly startPeriod?: string;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3
   */
  readonly retries?: number;
}

/**
 * One Dockerfile instruction. Built only through the static factories, which validate and
 * quote their arguments; `render()` gives the exact text.
 */
export class Instruction {
  /** `ARG name[=default]`. */
  public static arg(name: string, defaultValue?: string): Instruction {
    const key = identifier(name, 'arg');
    return new Instruction('ARG', defaultValue === undefined ? key : `${key}=${dockerValue(defaultValue)}`);
  }

  /** `ENV k="v" ...`, one pair per line, in the order given. */
  public static env(variables: { [name: string]: string }): Instruction {
    return new Instruction('ENV', pairs(variables, 'env', (k) => identifier(k, 'env')));
  }

  /** `LABEL k="v" ...`, one pair per line, in the order given. */
  public static label(labels: { [name: string]: string }): Instruction {
    return new Instruction('LABEL', pairs(labels, 'label', dockerKey));
  }

  /**
   * `RUN` in shell form: the commands are joined with ` && ` and laid out one per line.
   * Each command is bash text; build it with the quoting helpers, never by pasting user input.
   */
  public static run(commands: string[], options: RunOptions = {}): Instruction {
    if (commands.length === 0) {
      throw new Error('run needs at least one command, got an empty list');
    }
    for (const command of commands) {
      // a raw newline ends the instruction; a continuation line starting with "#" is dropped by Docker
      if (/[\r\n]/.test(command) || command.trim().length === 0 || command.trim().startsWith('#')) {
        throw new Error(`run commands must be single non-empty lines not starting with "#", got ${JSON.stringify(command)}`);
      }
    }
    const flags = (options.mounts ?? []).map((m) => m.render());
    if (options.network !== undefined) {
      if (!['default', 'none', 'host'].includes(options.network)) {
        throw new Error(`run network must be "default", "none" or "host", got "${options.network}"`);
      }
      flags.push(`--network=${options.network}`);
    }
    const body = commands.join(' && \\\n    ');
    const text = flags.length === 0 ? body : `${flags.join(' \\\n    ')} \\\n    ${body}`;
    return new Instruction('RUN', text);
  }

  /** `COPY [flags] src... dest`; JSON form is used when a path holds spaces. */
  public static copy(sources: string[], destination: string, options: CopyOptions = {}): Instruction {
    if (sources.length === 0) {
      throw new Error('copy needs at least one source, got an empty list');
    }
    const flags: string[] = [];
    if (options.from !== undefined) flags.push(`--from=${dockerWord(options.from)}`);
    if (options.chown !== undefined) {
      if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(options.chown)) {
        throw new Error(`copy chown must be user[:group], got "${options.chown}"`);
      }
      flags.push(`--chown=${options.chown}`);
    }
    if (options.chmod !== undefined) {
      if (!/^0?[0-7]{3,4}$/.test(options.chmod)) {
        throw new Error(`copy chmod must be octal such as "0755", got "${options.chmod}"`);
      }
      flags.push(`--chmod=${options.chmod}`);
    }
    return new Instruction('COPY', [...flags, dockerPathList([...sources, destination])].join(' '));
  }

  /** `WORKDIR path` (absolute). */
  public static workdir(path: string): Instruction {
    if (!path.startsWith('/')) {
      throw new Error(`workdir must be an absolute path, got "${path}"`);
    }
    return new Instruction('WORKDIR', dockerWord(path));
  }

  /** `USER user[:group]`, by name or number. */
  public static user(user: string): Instruction {
    if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(user)) {
      throw new Error(`user must be user[:group] by name or number, got "${user}"`);
    }
    return new Instruction('USER', user);
  }

  /** `ENTRYPOINT`, exec form unless the command was made with `Command.shell`. */
  public static entrypoint(command: Command): Instruction {
    return new Instruction('ENTRYPOINT', command.render());
  }

  /** `CMD`, exec form unless the command was made with `Command.shell`. */
  public static cmd(command: Command): Instruction {
    return new Instruction('CMD', command.render());
  }

  /** `SHELL ["prog", "flag", ...]`: the shell later RUN instructions use. */
  public static shell(argv: string[]): Instruction {
    if (argv.length === 0) {
      throw new Error('shell needs at least the program, got an empty list');
    }
    return new Instruction('SHELL', jsonArgv(argv));
  }

  /** `EXPOSE port[/protocol]`. */
  public static expose(port: number, protocol: string = 'tcp'): Instruction {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`expose port must be an integer from 1 to 65535, got ${port}`);
    }
    if (protocol !== 'tcp' && protocol !== 'udp') {
      throw new Error(`expose protocol must be "tcp" or "udp", got "${protocol}"`);
    }
    return new Instruction('EXPOSE', protocol === 'tcp' ? String(port) : `${port}/${protocol}`);
  }

  /** `HEALTHCHECK [options] CMD ...`. */
  public static healthcheck(command: Command, options: HealthcheckOptions = {}): Instruction {
    const flags: string[] = [];
    const durations: Array<[string, string | undefined]> = [
      ['interval', options.interval],
      ['timeout', options.timeout],
      ['start-period', options.startPeriod],
    ];
    for (const [flag, value] of durations) {
      if (value === undefined) continue;
      if (!/^\d+(ms|s|m|h)$/.test(value)) {
        throw new Error(`healthcheck ${flag} must be a duration such as "30s", got "${value}"`);
      }
      flags.push(`--${flag}=${value}`);
    }
    if (options.retries !== undefined) {
      if (!Number.isInteger(options.retries) || options.retries < 1) {
        throw new Error(`healthcheck retries must be a positive integer, got ${options.retries}`);
      }
      flags.push(`--retries=${options.retries}`);
    }
    return new Instruction('HEALTHCHECK', [...flags, 'CMD', command.render()].join(' '));
  }

  /** `HEALTHCHECK NONE`: turns off a check inherited from the base image. */
  public static healthcheckNone(): Instruction {
    return new Instruction('HEALTHCHECK', 'NONE');
  }

  /** A comment line (or lines) placed before the next instruction. */
  public static comment(text: string): Instruction {
    const lines = text.split(/\r?\n/).map((line) => (line.length > 0 ? `# ${line}` : '#'));
    return new Instruction('#', lines.join('\n'));
  }

  /** The instruction keyword, such as "RUN"; "#" for a comment. */
  public readonly keyword: string;
  private readonly body: string;

  private constructor(keyword: string, body: string) {
    this.keyword = keyword;
    this.body = body;
  }

  /** The exact Dockerfile text, without a trailing newline. */
  public render(): string {
    return this.keyword === '#' ? this.body : `${this.keyword} ${this.body}`;
  }
}

function identifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`${what} name must be a letter or "_" followed by letters, digits or "_", got "${name}"`);
  }
  return name;
}

function pairs(values: { [name: string]: string }, what: string, checkKey: (k: string) => string): string {
  const entries = Object.entries(values);
  if (entries.length === 0) {
    throw new Error(`${what} needs at least one entry, got none`);
  }
  return entries.map(([k, v]) => dockerKeyValue(checkKey(k), v)).join(' \\\n    ');
}
