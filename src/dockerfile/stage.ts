import { Command } from './command';
import { CopyOptions, HealthcheckOptions, Instruction, RunOptions } from './instruction';

/** Options of a build stage. */
export interface StageOptions {
  /**
   * The stage name (`FROM ... AS <name>`), used by `COPY --from` and `--target`.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Platform of the base image, such as "linux/amd64".
   * @default - the build's platform
   */
  readonly platform?: string;
}

/**
 * One `FROM` and the instructions after it. Methods append and return the stage, so a stage
 * reads top to bottom like the Dockerfile it renders.
 */
export class Stage {
  /** The stage name, if any. */
  public readonly name?: string;
  /** The image reference (or `${ARG}` expression) this stage starts from. */
  public readonly from: string;
  private readonly platform?: string;
  private readonly instructions: Instruction[] = [];

  /**
   * @param from image reference or `${ARG}` expression to start from
   */
  public constructor(from: string, options: StageOptions = {}) {
    if (from.length === 0 || /\s/.test(from)) {
      throw new Error(`stage base must be one word (an image reference or \${ARG}), got ${JSON.stringify(from)}`);
    }
    if (options.name !== undefined && !/^[a-z][a-z0-9_.-]*$/.test(options.name)) {
      throw new Error(`stage name must be lowercase letters, digits, "_", "." or "-", starting with a letter, got "${options.name}"`);
    }
    if (options.platform !== undefined && !/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(options.platform)) {
      throw new Error(`stage platform must look like "linux/amd64", got "${options.platform}"`);
    }
    this.from = from;
    this.name = options.name;
    this.platform = options.platform;
  }

  /** Appends any instruction. */
  public add(instruction: Instruction): Stage {
    this.instructions.push(instruction);
    return this;
  }

  /** Appends a comment. */
  public comment(text: string): Stage {
    return this.add(Instruction.comment(text));
  }

  /** Appends `ARG name[=default]`. */
  public arg(name: string, defaultValue?: string): Stage {
    return this.add(Instruction.arg(name, defaultValue));
  }

  /** Appends `ENV`. */
  public env(variables: { [name: string]: string }): Stage {
    return this.add(Instruction.env(variables));
  }

  /** Appends `LABEL`. */
  public label(labels: { [name: string]: string }): Stage {
    return this.add(Instruction.label(labels));
  }

  /** Appends `RUN` with the commands joined by `&&`. */
  public run(commands: string[], options?: RunOptions): Stage {
    return this.add(Instruction.run(commands, options));
  }

  /** Appends `COPY`. */
  public copy(sources: string[], destination: string, options?: CopyOptions): Stage {
    return this.add(Instruction.copy(sources, destination, options));
  }

  /** Appends `WORKDIR`. */
  public workdir(path: string): Stage {
    return this.add(Instruction.workdir(path));
  }

  /** Appends `USER`. */
  public user(user: string): Stage {
    return this.add(Instruction.user(user));
  }

  /** Appends `ENTRYPOINT`. */
  public entrypoint(command: Command): Stage {
    return this.add(Instruction.entrypoint(command));
  }

  /** Appends `CMD`. */
  public cmd(command: Command): Stage {
    return this.add(Instruction.cmd(command));
  }

  /** Appends `SHELL`. */
  public shell(argv: string[]): Stage {
    return this.add(Instruction.shell(argv));
  }

  /** Appends `EXPOSE`. */
  public expose(port: number, protocol?: string): Stage {
    return this.add(Instruction.expose(port, protocol));
  }

  /** Appends `HEALTHCHECK`. */
  public healthcheck(command: Command, options?: HealthcheckOptions): Stage {
    return this.add(Instruction.healthcheck(command, options));
  }

  /** The keywords of the instructions so far, in order (comments excluded). */
  public get keywords(): string[] {
    return this.instructions.filter((i) => i.keyword !== '#').map((i) => i.keyword);
  }

  /** Renders the stage: its FROM line and every instruction, one per line. */
  public render(): string {
    const from = ['FROM'];
    if (this.platform) from.push(`--platform=${this.platform}`);
    from.push(this.from);
    if (this.name) from.push('AS', this.name);
    return [from.join(' '), ...this.instructions.map((i) => i.render())].join('\n');
  }
}
