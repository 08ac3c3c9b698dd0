import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expectValidDockerfile, expectValidScript } from './support/oracles';
import { readTree } from './support/synth';
import { createDocsaidProject } from '../examples/docsaidkit/environments';

const EXAMPLE_DIR = path.join(__dirname, '..', 'examples', 'docsaidkit');

/** Synthesizes the seed example into a fresh temp dir and returns its generated files. */
let lastOutdir = '';
function synthExample(): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsaid-'));
  lastOutdir = outdir;
  try {
    createDocsaidProject(outdir).synth();
    return readTree(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the seed example (examples/docsaidkit)', () => {
  const files = synthExample();

  test('synthesis is deterministic: two runs give byte-identical trees', () => {
    expect(synthExample()).toEqual(files);
  });

  test('the committed output equals a fresh synth (run "npm run example" after a change)', () => {
    for (const [file, content] of Object.entries(files)) {
      const committed = path.join(EXAMPLE_DIR, file);
      expect({ file, exists: fs.existsSync(committed) }).toEqual({ file, exists: true });
      expect({ file, content: fs.readFileSync(committed, 'utf-8') }).toEqual({ file, content });
    }
  });

  test('output holds no absolute paths of this machine', () => {
    const fresh = synthExample();
    const outdirName = lastOutdir.split(path.sep).pop()!;
    expect(outdirName).toMatch(/^docsaid-/);
    for (const content of Object.values(fresh)) {
      expect(content).not.toContain(outdirName);
      expect(content).not.toContain(EXAMPLE_DIR);
    }
  });

  test('every Dockerfile parses and lints clean; every script passes bash -n and shellcheck', () => {
    const dockerfiles = Object.keys(files).filter((f) => f.endsWith('Dockerfile'));
    const scripts = Object.keys(files).filter((f) => f.endsWith('.sh'));
    expect(dockerfiles.length).toBeGreaterThanOrEqual(2);
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    dockerfiles.forEach((f) => expectValidDockerfile(files[f]));
    scripts.forEach((f) => expectValidScript(files[f]));
  });

  test('none of the seed defects (SUMMARY.md section 4) come back', () => {
    // the checks below do catch the seed's own lines
    expect('ENV MPLCONFIGDIR /app/matplotlib_config').toMatch(/^ENV [A-Za-z_][A-Za-z0-9_]* /m);
    expect('RUN pip install Pillow>=10.0.0').not.toContain("'Pillow>=10.0.0'");
    const training = files['docker/docsaid_training_base_image/Dockerfile'];
    const inference = files['docker/docsaid_infer_image/Dockerfile'];
    for (const dockerfile of [training, inference]) {
      expect(dockerfile).toContain("'Pillow>=10.0.0'"); // quoted specifier, not a shell redirect
      expect(dockerfile).not.toMatch(/apt(-get)? upgrade/);
      expect(dockerfile).not.toContain('chmod -R');
      expect(dockerfile).not.toContain('# syntax=');
      expect(dockerfile).not.toMatch(/^ENV [A-Za-z_][A-Za-z0-9_]* /m); // no legacy "ENV key value"
      expect(dockerfile).not.toContain('TRANSFORMERS_CACHE');
      // no apt layer keeps its package lists: they sit in a cache mount or are removed in the same RUN
      const aptRuns = dockerfile.split('\nRUN ').filter((r) => r.includes('apt-get install'));
      expect(aptRuns.length).toBeGreaterThan(0);
      aptRuns.forEach((r) => expect(r).toMatch(/target=\/var\/lib\/apt\/lists|rm -rf \/var\/lib\/apt\/lists\/\*/));
    }
    expect(training).toContain('ARG BASE_IMAGE="nvcr.io/nvidia/pytorch:24.05-py3"');
    expect(inference).toContain('ARG BASE_IMAGE="nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04"');
    // onnxruntime pinned to the build for CUDA 11.8 + cuDNN 8, never the unpinned CUDA 12 wheel
    expect(inference).toContain("'onnxruntime-gpu==1.18.1'");
    // no training-only packages in the inference image
    for (const trainingOnly of ['tensorboard', 'scikit-learn', 'albumentations', 'fitsne', 'cython', 'tk8.6-dev', '-dev ']) {
      expect(inference).not.toContain(trainingOnly);
    }
    expect(files['.dockerignore']).toContain('.git');
  });
});
