/**
 * ApplicationImage against a real engine: an application image derived from a locally built
 * base, with a package from a git repository (git daemon on 127.0.0.1), the project's own package
 * from the build context, model files from a local web server, and Python dependencies from a
 * local wheel index. Checks that it runs, that no git, compiler, pip cache or source tree is left
 * in it, and that editing the project's source rebuilds only the layers after the dependencies.
 */
import { spawn, ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import {
  E2E_BASE_IMAGE, NginxIndex, buildWheelIndex, docker, ensureEngine, imageLeakScan, removeImages, run, startNginxIndex, uniqueName,
} from './support/docker';
import { Command } from '../../src/dockerfile/command';
import { AptPackages } from '../../src/features/apt-packages';
import { GitWheelInstall } from '../../src/features/git-wheel-install';
import { LocalPackageInstall } from '../../src/features/local-package-install';
import { ModelAssets } from '../../src/features/model-assets';
import { PythonPackages } from '../../src/features/python-packages';
import { ApplicationImage } from '../../src/images/application-image';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';

jest.setTimeout(1_800_000);

const SOURCE_MARKER = `source-tree-marker-${crypto.randomBytes(8).toString('hex')}`;
const tmpDirs: string[] = [];
const images: string[] = [];
let index: NginxIndex | undefined;
let gitDaemon: ChildProcess | undefined;

function tmpDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `ml-env-e2e-app-${prefix}-`));
  tmpDirs.push(d);
  return d;
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function pyproject(name: string, deps: string[], extras: Record<string, string[]> = {}): string {
  return [
    '[build-system]', 'requires = ["setuptools>=61"]', 'build-backend = "setuptools.build_meta"', '',
    '[project]', `name = "${name}"`, 'version = "0.1.0"', `dependencies = ${JSON.stringify(deps)}`, '',
    '[project.optional-dependencies]', ...Object.entries(extras).map(([k, v]) => `${k} = ${JSON.stringify(v)}`), '',
    '[tool.setuptools]', `packages = ["${name}"]`, '',
  ].join('\n');
}

function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return Number(run(process.execPath, ['-e', script]).stdout.trim());
}

/** A bare repository with the package `e2elib` (tag v1.0), served by git daemon on 127.0.0.1. */
function serveGitRepository(): string {
  const work = tmpDir('git-work');
  write(path.join(work, 'pyproject.toml'), pyproject('e2elib', ['libdep==1.0']));
  write(path.join(work, 'e2elib/__init__.py'), 'import libdep\n\n\ndef name():\n    return "e2elib+" + libdep.hello()\n');
  const git = (args: string[], cwd: string) => run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd });
  git(['init', '--quiet', '--initial-branch', 'main'], work);
  git(['add', '.'], work);
  git(['commit', '--quiet', '-m', 'e2elib'], work);
  git(['tag', 'v1.0'], work);
  const served = tmpDir('git-served');
  git(['clone', '--quiet', '--bare', work, path.join(served, 'e2elib.git')], served);
  const port = freePort();
  gitDaemon = spawn('git', ['daemon', '--reuseaddr', `--base-path=${served}`, '--export-all', '--listen=127.0.0.1', `--port=${port}`, served], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (run('git', ['ls-remote', `git://127.0.0.1:${port}/e2elib.git`], { allowFail: true }).code === 0) break;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return `git://127.0.0.1:${port}/e2elib.git`;
}

/** docker build through the generated build script; returns the plain progress log. */
function buildImage(project: Project, directory: string, network = true): string {
  const result = run('bash', [path.join(project.outdir, directory, 'build.sh'), ...(network ? ['--network', 'host'] : []), '--progress', 'plain'], {
    env: { DOCKER: '/usr/bin/docker', ML_ENV_NO_DEPS: '1' }, allowFail: true,
  });
  if (result.code !== 0) throw new Error(`build of ${directory} failed:\n${result.stderr.slice(-6000)}`);
  return result.stderr;
}

function layers(image: string): string[] {
  return JSON.parse(docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', image]).stdout);
}

function sh(image: string, script: string): { code: number; out: string } {
  const r = docker(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', script], { allowFail: true });
  return { code: r.code, out: `${r.stdout}${r.stderr}`.trim() };
}

/** The one step of a plain progress log whose line contains every text, and whether BuildKit took it from cache. */
function stepCached(log: string, ...texts: string[]): boolean {
  const starts = [...new Set(log.split('\n').filter((l) => /^#\d+ \[/.test(l) && texts.every((t) => l.includes(t))))];
  if (starts.length !== 1) throw new Error(`expected one build step with ${JSON.stringify(texts)}, found ${starts.length}`);
  const start = starts[0];
  const id = start.split(' ')[0];
  return log.split('\n').some((l) => l === `${id} CACHED`);
}

let project: Project;
let baseDir: string;
let appDir: string;
let appImage: string;
let baseImage: string;
let indexUrl: string;
let model: Buffer;

beforeAll(() => {
  ensureEngine();
  const root = tmpDir('index');
  for (const pkg of ['tinydep', 'libdep', 'appdep', 'fastdep']) buildWheelIndex(root, pkg, '1.0');
  model = crypto.randomBytes(300_000);
  fs.mkdirSync(path.join(root, 'models'));
  fs.writeFileSync(path.join(root, 'models/model.bin'), model);
  index = startNginxIndex({ root });
  indexUrl = `${index.url}/simple/`;
  const repository = serveGitRepository();

  project = new Project({ name: 'app-e2e', outdir: tmpDir('project') });
  baseImage = uniqueName('app-e2e-base');
  appImage = uniqueName('app-e2e-app');
  images.push(`${baseImage}:latest`, `${appImage}:latest`);
  const base = new ContainerImage(project, 'Base', {
    imageName: baseImage, baseImage: BaseImage.of(E2E_BASE_IMAGE), env: { PIP_BREAK_SYSTEM_PACKAGES: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  new AptPackages(base, 'Python', { packages: ['python3', 'python3-pip', 'python-is-python3'] });

  baseDir = base.directory;
  const app = new ApplicationImage(project, 'App', {
    from: base, imageName: appImage, workdir: '/code', command: Command.exec(['python', '-c', 'import e2eapp; e2eapp.main()']),
  });
  new PythonPackages(app, 'Tools', { packages: ['tinydep==1.0'], indexUrl });
  new GitWheelInstall(app, 'Lib', { repository, ref: 'v1.0', indexUrl, buildIsolation: false });
  new ModelAssets(app, 'Models', {
    directory: '/opt/models',
    files: [{ url: `${index.url}/models/model.bin`, sha256: crypto.createHash('sha256').update(model).digest('hex'), size: model.length }],
  });
  new LocalPackageInstall(app, 'App', { path: 'app', extras: ['fast'], indexUrl, buildIsolation: false });
  appDir = app.directory;
  project.synth();

  write(path.join(project.outdir, 'app/pyproject.toml'), pyproject('e2eapp', ['appdep==1.0'], { fast: ['fastdep==1.0'] }));
  write(path.join(project.outdir, 'app/e2eapp/__init__.py'), [
    'import hashlib', 'import appdep, e2elib, fastdep, tinydep', 'from .core import greeting', '', '',
    'def main():',
    '    digest = hashlib.sha256(open("/opt/models/model.bin", "rb").read()).hexdigest()',
    '    print(greeting(), e2elib.name(), appdep.hello(), fastdep.hello(), tinydep.hello(), digest)', '',
  ].join('\n'));
  write(path.join(project.outdir, 'app/e2eapp/core.py'), 'def greeting():\n    return "app v1"\n');
  write(path.join(project.outdir, 'app/NOTES.md'), `${SOURCE_MARKER}: in the source tree, never in the image\n`);
  run('git', ['init', '--quiet'], { cwd: project.outdir });
  run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'commit', '--quiet', '--allow-empty', '-m', 'e2e'], { cwd: project.outdir });

  buildImage(project, baseDir);
  buildImage(project, appDir);
});

afterAll(() => {
  removeImages(images);
  index?.stop();
  if (gitDaemon?.pid) process.kill(gitDaemon.pid, 'SIGTERM');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

test('the application image runs its command with every package and the model file', () => {
  const out = docker(['run', '--rm', '--network', 'none', '--user', '1234:1234', `${appImage}:latest`]).stdout.trim();
  const digest = crypto.createHash('sha256').update(model).digest('hex');
  expect(out).toBe(`app v1 e2elib+hello from libdep 1.0 hello from appdep 1.0 hello from fastdep 1.0 hello from tinydep 1.0 ${digest}`);
});

test('no git, compiler, pip cache, wheel or source tree is left in the final image', () => {
  const image = `${appImage}:latest`;
  // the checks can fail: git is in the builder stage, and python is in this image
  expect(sh(image, 'command -v python').code).toBe(0);
  for (const tool of ['git', 'cc', 'gcc']) {
    expect(sh(image, `command -v ${tool} || echo "no ${tool}"`).out).toBe(`no ${tool}`);
  }
  expect(sh(image, 'ls -A /root/.cache/pip 2>/dev/null || true')).toEqual({ code: 0, out: '' });
  expect(sh(image, 'ls -d /ml-env /code/app 2>&1; ls -A /mnt; find / -xdev -name "*.whl" -not -path "/usr/share/python-wheels/*"').out)
    .toBe("ls: cannot access '/ml-env': No such file or directory\nls: cannot access '/code/app': No such file or directory");
  const leak = imageLeakScan(image, SOURCE_MARKER);
  expect(leak).toEqual({ history: false, inspect: false, layers: [] });
});

test('provenance: OCI labels, the build-time revision, and the declaration in /etc/ml-env/image.json', () => {
  const image = `${appImage}:latest`;
  const labels = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config.Labels}}', image]).stdout);
  const revision = run('git', ['rev-parse', 'HEAD'], { cwd: project.outdir }).stdout.trim();
  expect(labels).toMatchObject({
    'org.opencontainers.image.title': appImage,
    'org.opencontainers.image.base.name': `${baseImage}:latest`,
    'org.opencontainers.image.revision': revision,
  });
  const json = JSON.parse(sh(image, 'cat /etc/ml-env/image.json').out);
  expect(json.base).toBe(`${baseImage}:latest`);
  expect(json.features.map((f: { feature: string }) => f.feature)).toEqual(['PythonPackages', 'GitWheelInstall', 'ModelAssets', 'LocalPackageInstall']);
});

test('editing one source file rebuilds only the layers after the dependency layers', () => {
  const image = `${appImage}:latest`;
  const before = layers(image);
  write(path.join(project.outdir, 'app/e2eapp/core.py'), 'def greeting():\n    return "app v2"\n');
  const log = buildImage(project, appDir);
  const after = layers(image);

  expect(docker(['run', '--rm', '--network', 'none', image]).stdout).toMatch(/^app v2 /);
  // the builder rebuilt the wheel, the dependency layer derived from it stayed cached
  expect(stepCached(log, '[app-wheel ', 'pip wheel --no-deps')).toBe(false);
  expect(stepCached(log, '[lib-wheel ', 'pip wheel --no-deps')).toBe(true);
  expect(stepCached(log, 'from=app-wheel', '-r /mnt/requirements.txt')).toBe(true);
  expect(stepCached(log, 'from=app-wheel', 'pip install --no-deps --no-index /mnt/*.whl')).toBe(false);
  expect(stepCached(log, 'from=lib-wheel', 'pip install --no-deps --no-index /mnt/*.whl')).toBe(true);
  expect(after.length).toBe(before.length);
  const changed = after.map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
  // changed: the wheel install, then the two metadata-sized layers that follow it (COPY image.json,
  // WORKDIR). Everything below (base, apt, pip, git wheel, models, the app's dependencies) is identical.
  const n = after.length;
  expect(changed).toEqual([n - 3, n - 2, n - 1]);
});

test('a model file with a wrong checksum fails the build with both digests', () => {
  const bad = new Project({ name: 'bad-model', outdir: tmpDir('bad') });
  const name = uniqueName('app-e2e-bad');
  images.push(`${name}:latest`);
  const app = new ApplicationImage(bad, 'Bad', { fromReference: `${baseImage}:latest`, imageName: name, provenance: false });
  const wrong = '0'.repeat(64);
  new ModelAssets(app, 'Models', { directory: '/opt/models', files: [{ url: `${index!.url}/models/model.bin`, sha256: wrong }] });
  bad.synth();
  const result = run('bash', [path.join(bad.outdir, 'docker', name, 'build.sh'), '--network', 'host', '--progress', 'plain'], {
    env: { DOCKER: '/usr/bin/docker' }, allowFail: true,
  });
  expect(result.code).not.toBe(0);
  const actual = crypto.createHash('sha256').update(model).digest('hex');
  expect(result.stderr).toContain(`fetch-assets: ${index!.url}/models/model.bin: sha256 mismatch: expected ${wrong}, got ${actual}`);
});
