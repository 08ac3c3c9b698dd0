/** Synthesizes a projen project into a temp dir and returns its files, for tests. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';

/** A bare projen project in a fresh temp dir. */
export function testProject(name = 'test-project'): Project {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-test-'));
  return new Project({ name, outdir });
}

/** Everything under a folder, path -> content (skipping node_modules). */
export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full)] = fs.readFileSync(full, 'utf-8');
    }
  };
  walk(root);
  return files;
}

/** Synthesizes the project and returns path -> content; removes the temp dir. */
export function synthFiles(project: Project): Record<string, string> {
  project.synth();
  try {
    return readTree(project.outdir);
  } finally {
    fs.rmSync(project.outdir, { recursive: true, force: true });
  }
}

/** File modes after synth, path -> octal string such as "544". */
export function synthModes(project: Project): Record<string, string> {
  project.synth();
  const modes: Record<string, string> = {};
  try {
    for (const file of project.files) {
      const full = path.join(project.outdir, file.path);
      if (fs.existsSync(full)) modes[file.path] = (fs.statSync(full).mode & 0o777).toString(8);
    }
    return modes;
  } finally {
    fs.rmSync(project.outdir, { recursive: true, force: true });
  }
}

/** Only the generated files under docker/ (and .dockerignore). */
export function dockerFiles(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('docker/') || p.endsWith('.dockerignore')));
}
