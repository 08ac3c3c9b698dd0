import { jsonArgv } from '../private/quote';

/**
 * The program an ENTRYPOINT, CMD or HEALTHCHECK runs.
 *
 * Exec form (`Command.exec`) is the default everywhere: the program is PID 1, gets signals and
 * no shell reinterprets its arguments. Shell form (`Command.shell`) runs `/bin/sh -c` and is for
 * the rare case that needs shell syntax.
 *
 * @example
 * Command.exec(['python', '-m', 'my_app', '--port', '8080'])
 */
export class Command {
  /**
   * A program and its arguments, passed to the kernel as they are (JSON exec form).
   * @param argv the program followed by its arguments; at least one word
   */
  public static exec(argv: string[]): Command {
    if (argv.length === 0) {
      throw new Error('command.exec needs at least the program name, got an empty list');
    }
    argv.forEach((word, i) => {
      if (i === 0 && word.trim().length === 0) {
        throw new Error(`command.exec program name cannot be blank, got ${JSON.stringify(word)}`);
      }
    });
    return new Command([...argv], false);
  }

  /**
   * A command line for `/bin/sh -c` (shell form). Use only when you need shell syntax.
   * @param commandLine the shell command line, on one line
   */
  public static shell(commandLine: string): Command {
    if (commandLine.trim().length === 0) {
      throw new Error('command.shell needs a command line, got an empty string');
    }
    if (/[\r\n]/.test(commandLine)) {
      throw new Error(`command.shell takes one line, got ${JSON.stringify(commandLine)}`);
    }
    return new Command([commandLine], true);
  }

  /** The words of the command: the argv for exec form, or the single command line for shell form. */
  public readonly words: string[];

  /** Whether the command is in shell form. */
  public readonly isShellForm: boolean;

  private constructor(words: string[], isShellForm: boolean) {
    this.words = words;
    this.isShellForm = isShellForm;
  }

  /** Renders the command as it appears after ENTRYPOINT, CMD or HEALTHCHECK CMD. */
  public render(): string {
    return this.isShellForm ? this.words[0] : jsonArgv(this.words);
  }
}
