/**
 * The consumer's path, for real: pack the library, install the tarball into fresh projen projects
 * in temp dirs (a bare Project, as a Python repository has, and a TypeScriptProject), declare
 * environments in their .projenrc.ts, run `npx projen`, and check files, tasks, the bake file and
 * stale-file removal. A third package defines a company preset that the consumer imports, to prove
 * composition across packages. Only the npm registry is needed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './support/docker';

const ROOT = path.resolve(__dirname, '..', '..');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
const versionOf = (pkg: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf-8')).version;

const DECLARATION = (withApp: boolean) => withApp ? `
import { BaseImage, ContainerImage, GosuEntrypoint, TrainingImage } from 'ml-env-constructs';
import { CompanyInferImage } from 'company-envs';

export function declare(project: any) {
  new TrainingImage(project, 'Train', { ngcRelease: '24.05', pipPackages: ['timm'] });
  const infer = new CompanyInferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
  const app = new ContainerImage(project, 'App', { baseImage: BaseImage.fromImage(infer) });
  new GosuEntrypoint(app, 'User', { writablePaths: ['/opt/models'] });
}
` : `
import { TrainingImage } from 'ml-env-constructs';
import { CompanyInferImage } from 'company-envs';

export function declare(project: any) {
  new TrainingImage(project, 'Train', { ngcRelease: '24.05', pipPackages: ['timm'] });
  new CompanyInferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
}
`;

const COMPANY_PRESET = `
const { InferImage, WritableDirectories } = require('ml-env-constructs');
/** The company's inference preset: its mirror and a shared model cache, on every image. */
class CompanyInferImage extends InferImage {
  constructor(scope, id, props) {
    super(scope, id, { registryMirror: 'mirror.example.com/nvcr', ...props });
    new WritableDirectories(this, 'SharedModels', { paths: ['/opt/company/models'] });
  }
}
module.exports = { CompanyInferImage };
`;

const COMPANY_TYPES = `
import { IConstruct } from 'constructs';
import { InferImage, InferImageProps } from 'ml-env-constructs';
export declare class CompanyInferImage extends InferImage {
  constructor(scope: IConstruct, id: string, props: InferImageProps);
}
`;

describe('a consumer project installs the packed library', () => {
  let work: string;
  let tarball: string;
  let companyTarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    run('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: ROOT });
    const packed = run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: ROOT }).stdout.trim().split('\n').pop()!;
    tarball = path.join(work, packed);
    // the company package: plain JavaScript, depending on the library like any other package would
    const company = path.join(work, 'company-envs');
    fs.mkdirSync(company);
    fs.writeFileSync(path.join(company, 'package.json'), JSON.stringify({ name: 'company-envs', version: '1.0.0', main: 'index.js', types: 'index.d.ts', peerDependencies: { 'ml-env-constructs': '*' } }));
    fs.writeFileSync(path.join(company, 'index.js'), COMPANY_PRESET);
    fs.writeFileSync(path.join(company, 'index.d.ts'), COMPANY_TYPES);
    // installed from a tarball, as a published package would be (a linked folder would not see the consumer's copy)
    companyTarball = path.join(company, run('npm', ['pack', '--loglevel=error'], { cwd: company }).stdout.trim().split('\n').pop()!);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function makeConsumer(name: string, projenrc: (tarballs: string[]) => string): { dir: string; synth: (withApp: boolean) => string } {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true }));
    run('npm', ['install', ...NPM_FLAGS, tarball, companyTarball, `projen@${versionOf('projen')}`,
      `constructs@${versionOf('constructs')}`, 'ts-node@^10', `typescript@${versionOf('typescript')}`, '@types/node@^20'], { cwd: dir, timeoutMs: 600_000 });
    fs.writeFileSync(path.join(dir, 'environments.ts'), DECLARATION(true));
    // what `projen new` would leave for the first run of .projenrc.ts
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', target: 'es2020', esModuleInterop: true, skipLibCheck: true } }));
    const synth = (withApp: boolean) => {
      fs.writeFileSync(path.join(dir, 'environments.ts'), DECLARATION(withApp));
      fs.writeFileSync(path.join(dir, '.projenrc.ts'), projenrc([tarball, companyTarball]));
      const env = { PROJEN_DISABLE_POST: 'true' };
      // the very first synth bootstraps projen's task file, as `projen new` would; later ones go through `npx projen`
      const bootstrapped = fs.existsSync(path.join(dir, '.projen', 'tasks.json'));
      const command = bootstrapped ? ['projen'] : ['ts-node', '--transpileOnly', '.projenrc.ts'];
      return run('npx', command, { cwd: dir, env, timeoutMs: 300_000 }).stdout;
    };
    return { dir, synth };
  }

  function checkConsumer(dir: string, synth: (withApp: boolean) => string): void {
    // WHEN
    synth(true);
    synth(true); // again through the project's own `npx projen`
    // THEN the files are there, executable scripts included
    const read = (p: string) => fs.readFileSync(path.join(dir, p), 'utf-8');
    expect(read('docker/train/Dockerfile')).toContain('ARG BASE_IMAGE="nvcr.io/nvidia/pytorch:24.05-py3"');
    expect(read('docker/infer/Dockerfile')).toContain('ARG BASE_IMAGE="mirror.example.com/nvcr/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04"');
    expect(read('docker/infer/Dockerfile')).toContain('/opt/company/models');
    expect(read('docker/app/Dockerfile')).toContain('ARG BASE_IMAGE="infer:latest"');
    expect(fs.statSync(path.join(dir, 'docker/app/entrypoint.sh')).mode & 0o111).not.toBe(0);
    expect(read('docker/build-all.sh')).toContain('docker/app/build.sh');
    // the bake file links the app to the infer target
    const bake = JSON.parse(read('docker/docker-bake.json'));
    expect(bake.group.default.targets).toEqual(['train', 'infer', 'app']);
    expect(bake.target.app.contexts).toEqual({ 'infer:latest': 'target:infer' });
    // the tasks are visible to the consumer
    const help = run('npx', ['projen', '--help'], { cwd: dir, env: { PROJEN_DISABLE_POST: 'true' } }).stdout;
    for (const task of ['docker:build', 'docker:build:train', 'docker:build:infer', 'docker:build:app', 'docker:run:app']) {
      expect(help).toContain(task);
    }
    // WHEN the application image is removed from the declaration
    synth(false);
    // THEN its files are gone, the others stay
    expect(fs.existsSync(path.join(dir, 'docker/app/Dockerfile'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'docker/app/entrypoint.sh'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'docker/infer/Dockerfile'))).toBe(true);
    expect(JSON.parse(read('docker/docker-bake.json')).group.default.targets).toEqual(['train', 'infer']);
  }

  test('a bare projen Project (a Python repository)', () => {
    const { dir, synth } = makeConsumer('python-repo', () => `
import { Project } from 'projen';
import { ProjenrcTs } from 'projen/lib/typescript';
import { declare } from './environments';
const project = new Project({ name: 'python-repo' });
new ProjenrcTs(project);
declare(project);
project.synth();
`);
    checkConsumer(dir, synth);
  });

  test('a TypeScriptProject', () => {
    const { dir, synth } = makeConsumer('ts-repo', (tarballs) => `
import { javascript, typescript } from 'projen';
import { declare } from './environments';
const project = new typescript.TypeScriptProject({ name: 'ts-repo', defaultReleaseBranch: 'main', projenrcTs: true, packageManager: javascript.NodePackageManager.NPM,
  // the consumer declares the library (and the company preset) like any dev dependency; here from the packed tarballs
  devDeps: ${JSON.stringify(tarballs.map((t, i) => `${i === 0 ? 'ml-env-constructs' : 'company-envs'}@file:${t}`))}, github: false, release: false, sampleCode: false, jest: false, eslint: false, prettier: false, projenVersion: '${versionOf('projen')}' });
declare(project);
project.synth();
`);
    checkConsumer(dir, synth);
  });
});
