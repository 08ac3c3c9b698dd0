/**
 * PrivatePypiInstall against a real engine and a real authenticated index: a wheel built here,
 * served by nginx with basic auth on 127.0.0.1, installed by the generated build.sh with each
 * credential form. The leak scan (history, inspect, every file of `docker save`) must find
 * nothing for the secret forms and must find the password for the legacy form.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
// module paths rather than the index: the e2e tier should not depend on unrelated constructs
import { AptPackages } from '../../src/features/apt-packages';
import { PrivatePypiInstall, PrivatePypiInstallProps } from '../../src/features/private-pypi-install';
import { PypiCredentials } from '../../src/features/pypi-credentials';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { testProject } from '../support/synth';
import {
  DOCKER, E2E_BASE_IMAGE, NginxIndex, RunResult, buildWheelIndex, docker, ensureEngine, imageLeakScan, removeImages, run, startNginxIndex, uniqueName,
} from './support/docker';

const PKG = 'mlenvprivpkg';
const USER = 'builder';
// the random core is what the scans look for: it survives percent-encoding in a pip config
const CORE = crypto.randomBytes(12).toString('hex');
const PASSWORD = `Pw-${CORE}@:/%!`;
const ENCODED = encodeURIComponent(PASSWORD).replace(/!/g, '%21');

let index: NginxIndex;
let work: string;
let home: string;
let indexUrl: string;
const images: string[] = [];

beforeAll(() => {
  ensureEngine();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-pypi-'));
  buildWheelIndex(path.join(work, 'index'), PKG, '1.0.0');
  index = startNginxIndex({ root: path.join(work, 'index'), user: USER, password: PASSWORD });
  // the build runs with --network host, so the index is at the same address inside the build
  indexUrl = `${index.url}/simple/`;
  // the home of "the person building": default pip.conf and netrc paths resolve under it
  home = path.join(work, 'home');
  fs.mkdirSync(path.join(home, '.config', 'pip'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'pip', 'pip.conf'), `[global]\nindex-url = http://${USER}:${ENCODED}@127.0.0.1:${index.port}/simple/\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.netrc'), `machine 127.0.0.1 login ${USER} password ${PASSWORD}\n`, { mode: 0o600 });
});

afterAll(() => {
  removeImages(images);
  index?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A synthesized project holding one Debian image with python3 and the feature; returns how to build it. */
function declare(name: string, props: Partial<PrivatePypiInstallProps>, env: Record<string, string> = {}) {
  const project: Project = testProject();
  const imageName = uniqueName(`ml-env-e2e-pypi-${name}`);
  images.push(`${imageName}:latest`);
  const image = new ContainerImage(project, 'App', {
    baseImage: BaseImage.of(E2E_BASE_IMAGE), imageName, env: { PIP_BREAK_SYSTEM_PACKAGES: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', ...env },
  });
  new AptPackages(image, 'Python', { packages: ['python3', 'python3-pip'] });
  new PrivatePypiInstall(image, 'Internal', { indexUrl, packages: [`${PKG}==1.0.0`], python: 'python3', ...props });
  project.synth();
  const script = path.join(project.outdir, image.buildScript.path);
  return {
    ref: `${imageName}:latest`,
    dockerfile: fs.readFileSync(path.join(project.outdir, image.dockerfilePath), 'utf-8'),
    build(vars: Record<string, string> = {}): RunResult & { output: string } {
      const res = run('bash', [script, '--network', 'host', '--progress', 'plain'], {
        env: { DOCKER, HOME: home, PYPI_USERNAME: '', PYPI_PASSWORD: '', ...vars }, allowFail: true, timeoutMs: 15 * 60 * 1000,
      });
      return { ...res, output: `${res.stdout}${res.stderr}` };
    },
  };
}

/** How BuildKit's plain progress output ended the pip install step: "CACHED", "DONE" or "ERROR". */
function installStep(output: string): string | undefined {
  const step = /^(#\d+) \[[^\]]*\] RUN [^\n]*pip install/m.exec(output)?.[1];
  if (!step) return undefined;
  const ends = [...output.matchAll(new RegExp(`^${step} (CACHED|DONE|ERROR)`, 'gm'))];
  return ends.length > 0 ? ends[ends.length - 1][1] : undefined;
}

function expectImports(ref: string, extraArgs: string[] = []): void {
  const res = docker(['run', '--rm', '--network', 'none', ...extraArgs, ref, 'python3', '-c', `import ${PKG}; print(${PKG}.hello())`]);
  expect(res.stdout.trim()).toBe(`hello from ${PKG} 1.0.0`);
}

function expectNoLeak(ref: string): void {
  expect(imageLeakScan(ref, CORE)).toEqual({ history: false, inspect: false, layers: [] });
}

describe.each([
  ['env', PypiCredentials.fromEnv(), { PYPI_USERNAME: USER, PYPI_PASSWORD: PASSWORD }],
  ['pip.conf', PypiCredentials.fromPipConf(), {}],
  ['netrc', PypiCredentials.fromNetrc(), {}],
])('credentials from %s', (name, credentials, vars) => {
  test('installs the package; the password is nowhere in the image', () => {
    // GIVEN
    const app = declare(name.replace('.', ''), { credentials });
    expect(app.dockerfile).not.toContain(CORE);
    // WHEN
    const res = app.build(vars);
    // THEN
    expect(res.code).toBe(0);
    expectImports(app.ref);
    expectNoLeak(app.ref);
  });
});

test('legacy build args: builds, and the same scan FINDS the password (the check can fail)', () => {
  const app = declare('legacy', { credentials: PypiCredentials.legacyBuildArgs() });
  // the seed form cannot carry "@" or "/" in a password unencoded; give it the encoded one
  const res = app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: ENCODED });
  expect(res.code).toBe(0);
  expectImports(app.ref);
  const scan = imageLeakScan(app.ref, CORE);
  expect(scan.history).toBe(true);
  expect(scan.inspect || scan.layers.length > 0).toBe(true);
});

test('fingerprint: a wrong password rebuilds the install layer and fails with pip\'s authentication error', () => {
  // GIVEN an image built once with the right password
  const app = declare('fingerprint', { fingerprint: true });
  expect(app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: PASSWORD }).code).toBe(0);
  // WHEN built again with the same credentials, the install layer comes from the cache
  const again = app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: PASSWORD });
  expect(again.code).toBe(0);
  expect(installStep(again.output)).toBe('CACHED');
  // WHEN the password is wrong
  const wrong = app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: 'not-the-password' });
  // THEN the build fails with pip's 401, not a silent success
  expect(wrong.code).not.toBe(0);
  expect(installStep(wrong.output)).toBe('ERROR');
  expect(wrong.output).toMatch(/401 Error, Credentials not correct for http:\/\/127\.0\.0\.1:\d+\/simple\//);
  expect(wrong.output).not.toContain(CORE);
});

test('without the fingerprint a wrong password is not noticed: BuildKit reuses the layer (why the option exists)', () => {
  const app = declare('nofingerprint', {});
  expect(app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: PASSWORD }).code).toBe(0);
  const wrong = app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: 'not-the-password' });
  expect(wrong.code).toBe(0);
  expect(installStep(wrong.output)).toBe('CACHED');
});

test('wrong password on a fresh layer: pip\'s authentication error is visible', () => {
  const app = declare('wrong', { secretId: 'pypi-wrong' });
  const res = app.build({ PYPI_USERNAME: USER, PYPI_PASSWORD: 'not-the-password' });
  expect(res.code).not.toBe(0);
  expect(res.output).toMatch(/401 Error, Credentials not correct for http:\/\/127\.0\.0\.1:\d+\/simple\//);
});

test('missing variable: build.sh stops before docker build, naming it', () => {
  const app = declare('missing', {});
  const res = app.build({ PYPI_USERNAME: USER });
  expect(res.code).toBe(1);
  expect(res.stderr).toBe(`docker/${app.ref.split(':')[0]}/build.sh: PYPI_PASSWORD is not set: export the password of the private index ${indexUrl} (PypiCredentials.fromEnv)\n`);
  expect(res.stdout).toBe('');
});

describe('non-root install (USER 1000 during the RUN)', () => {
  // no writable site-packages for uid 1000: pip falls back to a user install under PYTHONUSERBASE
  const env = { PYTHONUSERBASE: '/tmp/pyuser' };

  test('the secret mount owned by the uid is readable', () => {
    const app = declare('nonroot', { user: '1000:1000', credentials: PypiCredentials.fromPipConf() }, env);
    const res = app.build();
    expect(res.code).toBe(0);
    expectImports(app.ref);
    expectNoLeak(app.ref);
  });

  test('control: the same RUN with a root-owned secret cannot read it and fails', () => {
    const app = declare('nonrootcontrol', { user: '1000:1000', uid: 0, credentials: PypiCredentials.fromNetrc() }, env);
    const res = app.build();
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/401|User for|Authentication|Unauthorized|Permission denied/);
  });
});
