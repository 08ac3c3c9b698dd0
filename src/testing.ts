import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';

/**
 * Helpers for unit-testing your own environments with jest: make a throwaway project, synthesize
 * it, and assert on the generated files as strings.
 *
 * @example
 * const project = Testing.project();
 * new InferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
 * const files = Testing.synth(project);
 * expect(files['docker/infer/Dockerfile']).toContain("'onnxruntime-gpu==1.18.1'");
 */
export class Testing {
  /**
   * A bare projen project in a new directory under the system temp dir.
   * @param name project name
   */
  public static project(name: string = 'test-project'): Project {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-constructs-'));
    return new Project({ name, outdir });
  }

  /**
   * Synthesizes the project and returns every file it wrote, relative path -> content, sorted by
   * path. Refuses projects outside the temp dir, so a test can never overwrite a real checkout.
   * The directory is removed afterwards unless `keep` is true.
   * @param project a project whose outdir is under the system temp dir (see `Testing.project`)
   * @param keep leave the synthesized directory in place (for tests that run the generated scripts)
   */
  public static synth(project: Project, keep: boolean = false): { [path: string]: string } {
    const tmp = fs.realpathSync(os.tmpdir());
    const outdir = fs.realpathSync(project.outdir);
    if (!outdir.startsWith(tmp + path.sep)) {
      throw new Error(`testing.synth only synthesizes projects under ${tmp}, got "${project.outdir}": create the project with Testing.project()`);
    }
    project.synth();
    try {
      const files: { [path: string]: string } = {};
      for (const relative of listFiles(outdir)) {
        files[relative] = fs.readFileSync(path.join(outdir, relative), 'utf-8');
      }
      return files;
    } finally {
      if (!keep) fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  private constructor() {}
}

/** Every file under a folder (skipping node_modules), relative, sorted. */
function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}
