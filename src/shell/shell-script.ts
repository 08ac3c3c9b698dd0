import { shellCommand } from '../private/quote';

/** Options of a bash script model. */
export interface ShellScriptOptions {
  /**
   * The interpreter line.
   * @default "#!/usr/bin/env bash"
   */
  readonly shebang?: string;
  /**
   * Emit `set -euo pipefail` so that any failing command, unset variable or broken pipe stops
   * the script.
   * @default true
   */
  readonly strict?: boolean;
}

/**
 * A block of bash lines with an opening and closing line (`if ...; then` / `fi`,
 * `name() {` / `}`); its body is indented by two spaces.
 */
export class ShellBlock {
  /** The opening line. */
  public readonly header: string;
  /** The closing line. */
  public readonly footer: string;
  private readonly body: Array<string | ShellBlock> = [];

  public constructor(header: string, footer: string) {
    this.header = header;
    this.footer = footer;
  }

  /** Appends raw bash lines (library-written text; user values go through `addCommand`). */
  public addLines(...lines: string[]): ShellBlock {
    for (const line of lines) {
      if (/[\r\n]/.test(line)) {
        throw new Error(`a shell line cannot contain a newline, got ${JSON.stringify(line)}`);
      }
      this.body.push(line);
    }
    return this;
  }

  /** Appends a command whose words are quoted for bash. */
  public addCommand(argv: string[]): ShellBlock {
    return this.addLines(shellCommand(argv));
  }

  /** Appends a nested block and returns it. */
  public addBlock(header: string, footer: string): ShellBlock {
    const block = new ShellBlock(header, footer);
    this.body.push(block);
    return block;
  }

  /** Renders the block at the given indentation depth. */
  public renderLines(depth: number = 0): string[] {
    const pad = '  '.repeat(depth);
    const lines = [`${pad}${this.header}`];
    for (const item of this.body) {
      if (typeof item === 'string') {
        lines.push(item.length > 0 ? `${pad}  ${item}` : '');
      } else {
        lines.push(...item.renderLines(depth + 1));
      }
    }
    lines.push(`${pad}${this.footer}`);
    return lines;
  }
}

/**
 * A bash script as data: shebang, strict mode, then lines, comments and blocks in order.
 * `render()` places a marker comment right after the shebang, where bash ignores it.
 */
export class ShellScript {
  private readonly shebang: string;
  private readonly strict: boolean;
  private readonly items: Array<string | ShellBlock> = [];

  public constructor(options: ShellScriptOptions = {}) {
    this.shebang = options.shebang ?? '#!/usr/bin/env bash';
    if (!this.shebang.startsWith('#!') || /[\r\n]/.test(this.shebang)) {
      throw new Error(`shebang must be one line starting with "#!", got ${JSON.stringify(this.shebang)}`);
    }
    this.strict = options.strict ?? true;
  }

  /** Appends raw bash lines (library-written text; user values go through `addCommand`). */
  public addLines(...lines: string[]): ShellScript {
    for (const line of lines) {
      if (/[\r\n]/.test(line)) {
        throw new Error(`a shell line cannot contain a newline, got ${JSON.stringify(line)}`);
      }
      this.items.push(line);
    }
    return this;
  }

  /** Appends a command whose words are quoted for bash. */
  public addCommand(argv: string[]): ShellScript {
    return this.addLines(shellCommand(argv));
  }

  /** Appends comment lines. */
  public addComment(text: string): ShellScript {
    return this.addLines(...text.split(/\r?\n/).map((l) => (l ? `# ${l}` : '#')));
  }

  /** Appends an empty line. */
  public addBlank(): ShellScript {
    this.items.push('');
    return this;
  }

  /** Appends a block (if/for/while/case) and returns it for filling. */
  public addBlock(header: string, footer: string): ShellBlock {
    const block = new ShellBlock(header, footer);
    this.items.push(block);
    return block;
  }

  /** Appends a function definition and returns its body. */
  public addFunction(name: string): ShellBlock {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new Error(`shell function name must be lowercase letters, digits or "_", got "${name}"`);
    }
    return this.addBlock(`${name}() {`, '}');
  }

  /**
   * Renders the script.
   * @param marker a comment placed right after the shebang
   */
  public render(marker?: string): string {
    const lines = [this.shebang];
    if (marker) lines.push(`# ${marker}`);
    if (this.strict) lines.push('set -euo pipefail');
    for (const item of this.items) {
      lines.push(...(typeof item === 'string' ? [item] : item.renderLines()));
    }
    // collapse leading blank lines after the preamble and end with exactly one newline
    return `${lines.join('\n').replace(/\n+$/, '')}\n`;
  }
}
