import { IConstruct } from 'constructs';
import { z } from 'zod';

/**
 * Checks a props object against its schema at the constructor and throws one line naming the
 * construct path, each bad field, the value received and what is allowed.
 */
export function checkProps<T>(scope: IConstruct, construct: string, schema: z.ZodType<T>, props: unknown): T {
  const result = schema.safeParse(props ?? {});
  if (result.success) {
    return result.data;
  }
  const where = constructPath(scope);
  const problems = result.error.issues.map((issue) => describeIssue(issue, props));
  throw new Error(`${construct} at "${where}": ${problems.join('; ')}`);
}

/**
 * A construct's path below its projen project ("Train/SystemPackages"), without the root
 * project's id, which holds the temp outdir in tests and the project name otherwise.
 */
export function constructPath(construct: IConstruct): string {
  const below = construct.node.scopes.slice(1).map((s) => s.node.id);
  return below.length > 0 ? below.join('/') : '(project)';
}

function describeIssue(issue: z.ZodIssue, props: unknown): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'props';
  const got = show(valueAt(props, issue.path));
  const message = lowerFirst(issue.message);
  return `invalid ${field}: got ${got}; ${message}`;
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Shows a bad value in one short line; long values are cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function lowerFirst(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.charAt(0).toLowerCase() + oneLine.slice(1);
}
