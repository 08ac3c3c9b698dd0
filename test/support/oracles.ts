/**
 * Oracles nobody here wrote: dockerfile-ast parses, dockerfile-utils lints, bash -n and shellcheck
 * check scripts. A missing tool fails the test (scripts/ensure-test-tools.js installs them).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

/** Diagnostics dockerfile-utils reports for a Dockerfile (errors and warnings), as readable lines. */
export function dockerfileProblems(content: string): string[] {
  return validate(content).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

/** The instructions dockerfile-ast finds, as [keyword, argument text] pairs. */
export function parseDockerfile(content: string): Array<{ keyword: string; args: string[]; json: string[] }> {
  const dockerfile = DockerfileParser.parse(content);
  return dockerfile.getInstructions().map((instruction) => {
    // dockerfile-ast finds the instruction's extent; its per-string JSON values drop whitespace,
    // so the exec-form array is read with JSON.parse from the raw arguments it returns
    const raw = (instruction as unknown as { getRawArgumentsContent?: () => string | null }).getRawArgumentsContent?.() ?? '';
    const json: string[] = raw.trim().startsWith('[') ? JSON.parse(raw) : [];
    return { keyword: instruction.getKeyword(), args: instruction.getArguments().map((a) => a.getValue()), json };
  });
}

/** Asserts a Dockerfile parses into instructions and lints clean. */
export function expectValidDockerfile(content: string): void {
  const instructions = parseDockerfile(content);
  expect(instructions.length).toBeGreaterThan(0);
  expect(instructions.some((i) => i.keyword === 'FROM')).toBe(true);
  expect(dockerfileProblems(content)).toEqual([]);
}

function runTool(tool: string, args: string[], script: string): { status: number; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-'));
  const file = path.join(dir, 'script.sh');
  fs.writeFileSync(file, script);
  try {
    const result = spawnSync(tool, [...args, file], { encoding: 'utf-8' });
    if (result.error) {
      throw new Error(`${tool} could not run (${result.error.message}); run "node scripts/ensure-test-tools.js"`);
    }
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`.replace(new RegExp(file, 'g'), 'script.sh') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** shellcheck's findings for a bash script ("" when clean). */
export function shellcheck(script: string): string {
  const result = runTool('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc'], script);
  return result.status === 0 ? '' : result.output.trim();
}

/** bash -n's syntax errors ("" when clean). */
export function bashSyntax(script: string): string {
  const result = runTool('bash', ['-n'], script);
  return result.status === 0 ? '' : result.output.trim();
}

/** Asserts a script passes bash -n and shellcheck. */
export function expectValidScript(script: string): void {
  expect(script.startsWith('#!')).toBe(true);
  expect(bashSyntax(script)).toBe('');
  expect(shellcheck(script)).toBe('');
}
