/** Small helpers for dotted versions and pip requirements, shared by the compatibility checks. */

/** The numeric parts of a dotted version ("12.4.1" -> [12, 4, 1]); non-numeric parts count as 0. */
export function parts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** Compares dotted versions part by part (missing parts are 0). */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "12.4.1" -> "12.4". */
export function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** "12.4.1" -> 12. */
export function major(version: string): number {
  return parts(version)[0];
}

/** A position on one axis for "nearest" comparisons: majors far apart, minors and patches close. */
export function distance(a: string, b: string): number {
  const key = (v: string) => {
    const [x = 0, y = 0, z = 0] = parts(v);
    return x * 10000 + y * 100 + z;
  };
  return Math.abs(key(a) - key(b));
}

/** The items closest to `target` by `versionOf`, nearest first (stable for ties: newer first). */
export function byNearest<T>(items: readonly T[], target: string, versionOf: (item: T) => string): T[] {
  return [...items].sort((x, y) => {
    const d = distance(versionOf(x), target) - distance(versionOf(y), target);
    return d !== 0 ? d : compareVersions(versionOf(y), versionOf(x));
  });
}

/** A PEP 508 requirement reduced to what the checks need. */
export interface Requirement {
  /** Normalized name (lowercase, runs of "-", "_", "." as "-"). */
  readonly name: string;
  /** The version specifier list as written, such as "==2.3.0" or ">=10.0.0" ("" when none). */
  readonly specifier: string;
  /** The version of an exact "==" pin (a trailing ".*" kept), if that is the only specifier. */
  readonly exact?: string;
}

/** Parses the name and version specifiers of a requirement such as "torch[cuda]==2.4.*; python_version>'3'". */
export function parseRequirement(requirement: string): Requirement {
  const withoutMarker = requirement.split(';')[0].trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$/.exec(withoutMarker);
  const name = (m ? m[1] : withoutMarker).toLowerCase().replace(/[-_.]+/g, '-');
  const specifier = m && !m[2].startsWith('@') ? m[2].replace(/[()\s]/g, '') : '';
  const exactMatch = /^===?([0-9][0-9A-Za-z.+*!-]*)$/.exec(specifier);
  return { name, specifier, exact: exactMatch ? exactMatch[1] : undefined };
}
