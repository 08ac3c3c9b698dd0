import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { BaseImage, ContainerImage } from '../src';

/** Synthesizes a fresh declaration into the same folder, as `npx projen` does after an edit. */
function synthInto(outdir: string, declare: (project: Project) => void): void {
  const project = new Project({ name: 'lifecycle', outdir });
  declare(project);
  project.synth();
}

describe('generated files over the life of a repository', () => {
  let outdir: string;
  beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-')); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('removing an image from the declaration deletes the files it generated', () => {
    // GIVEN two images
    synthInto(outdir, (p) => {
      const base = new ContainerImage(p, 'Base', { baseImage: BaseImage.of('debian') });
      new ContainerImage(p, 'App', { baseImage: BaseImage.fromImage(base) });
    });
    expect(fs.existsSync(path.join(outdir, 'docker/app/Dockerfile'))).toBe(true);
    // WHEN the app image is removed
    synthInto(outdir, (p) => new ContainerImage(p, 'Base', { baseImage: BaseImage.of('debian') }));
    // THEN its files are gone and the rest stays
    expect(fs.existsSync(path.join(outdir, 'docker/app/Dockerfile'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'docker/app/build.sh'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'docker/base/Dockerfile'))).toBe(true);
    expect(fs.readFileSync(path.join(outdir, 'docker/build-all.sh'), 'utf-8')).not.toContain('docker/app/');
  });

  test('a generated file edited by hand is restored, read-only, by the next synth', () => {
    const declare = (p: Project) => new ContainerImage(p, 'App', { baseImage: BaseImage.of('debian') });
    synthInto(outdir, declare);
    const file = path.join(outdir, 'docker/app/Dockerfile');
    const original = fs.readFileSync(file, 'utf-8');
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, `${original}RUN echo hand-edit\n`);
    synthInto(outdir, declare);
    expect(fs.readFileSync(file, 'utf-8')).toBe(original);
    expect(fs.statSync(file).mode & 0o222).toBe(0);
  });

  test('a file a person wrote at a generated path is never overwritten: synth fails naming it', () => {
    fs.mkdirSync(path.join(outdir, 'docker/app'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'docker/app/Dockerfile'), 'FROM my-own-image\n');
    fs.writeFileSync(path.join(outdir, '.dockerignore'), 'secrets/\n');
    expect(() => synthInto(outdir, (p) => new ContainerImage(p, 'App', { baseImage: BaseImage.of('debian') })))
      .toThrow(/\[\.dockerignore\] this file exists and was not generated.*\n\[docker\/app\/Dockerfile\] this file exists and was not generated; move it away/);
    // nothing was written over or half-written
    expect(fs.readFileSync(path.join(outdir, 'docker/app/Dockerfile'), 'utf-8')).toBe('FROM my-own-image\n');
    expect(fs.readFileSync(path.join(outdir, '.dockerignore'), 'utf-8')).toBe('secrets/\n');
    expect(fs.existsSync(path.join(outdir, 'docker/app/build.sh'))).toBe(false);
  });
});
