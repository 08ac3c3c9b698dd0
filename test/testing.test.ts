import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { BaseImage, ContainerImage, Testing } from '../src';

describe('Testing', () => {
  test('synth returns every generated file by path and removes the temp dir', () => {
    // GIVEN
    const project = Testing.project();
    new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian') });
    // WHEN
    const files = Testing.synth(project);
    // THEN
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['docker/app/Dockerfile', 'docker/app/build.sh', 'docker/build-all.sh', '.dockerignore']));
    expect(files['docker/app/Dockerfile']).toContain('FROM ${BASE_IMAGE}');
    expect(Object.keys(files)).toEqual([...Object.keys(files)].sort());
    expect(fs.existsSync(project.outdir)).toBe(false);
  });

  test('keep leaves the directory for tests that run the scripts', () => {
    const project = Testing.project();
    new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian') });
    Testing.synth(project, true);
    try {
      expect(fs.existsSync(path.join(project.outdir, 'docker/app/build.sh'))).toBe(true);
    } finally {
      fs.rmSync(project.outdir, { recursive: true, force: true });
    }
  });

  test('refuses to synthesize a project outside the temp dir', () => {
    // GIVEN a project folder outside the temp dir (the home folder; the checkout may itself be in /tmp)
    const outdir = fs.mkdtempSync(path.join(os.homedir(), '.ml-env-testing-'));
    try {
      expect(fs.realpathSync(outdir).startsWith(fs.realpathSync(os.tmpdir()))).toBe(false);
      const project = new Project({ name: 'real', outdir });
      // THEN nothing is synthesized there
      expect(() => Testing.synth(project)).toThrow(/testing\.synth only synthesizes projects under .*create the project with Testing\.project\(\)/);
      expect(fs.readdirSync(outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
