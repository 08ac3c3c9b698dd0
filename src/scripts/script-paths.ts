/** `docker/app` -> `../..`: the way from a folder back to the project root. */
export function pathToRoot(directory: string): string {
  const depth = directory.split('/').filter((p) => p.length > 0 && p !== '.').length;
  return depth === 0 ? '.' : Array(depth).fill('..').join('/');
}

/** Bash lines that set `here` (the script's folder) and `root` (the project root), from any cwd. */
export function locateRootLines(scriptDirectory: string): string[] {
  return [
    'here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    `root="$(cd "$here/${pathToRoot(scriptDirectory)}" && pwd)"`,
  ];
}
