/**
 * GosuEntrypoint against a real engine: an image built from the library's own output (build.sh),
 * run with each id scenario the issue lists; every assertion is on the host (file ownership in
 * the bind-mounted workspace) or on the container's exit code and output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { AptPackages } from '../../src/features/apt-packages';
import { GosuEntrypoint } from '../../src/features/gosu-entrypoint';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import type { ImageBuild } from '../../src/images/image-build';
import { FeaturePhase, ImageFeature } from '../../src/images/image-feature';
import { testProject } from '../support/synth';
import { docker, DOCKER, E2E_BASE_IMAGE, ensureEngine, removeContainers, removeImages, run, uniqueName } from './support/docker';

const MODELS = '/opt/models/ckpt';

/** Gives the test image a user that holds UID/GID 1000, as Ubuntu 24.04 (and NGC 24.12+) images do. */
class Ubuntu1000User extends ImageFeature {
  public readonly phase = FeaturePhase.FILES;
  public constructor(scope: IConstruct, id: string) {
    super(scope, id);
  }
  public contribute(build: ImageBuild): void {
    build.finalStage.run(['groupadd --gid 1000 ubuntu', 'useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash ubuntu']);
  }
}

let imageRef = '';
let projectDir = '';
const containers: string[] = [];
const tempDirs: string[] = [];

beforeAll(() => {
  ensureEngine();
  const project = testProject('gosu-e2e');
  projectDir = project.outdir;
  const image = new ContainerImage(project, 'Gosu', {
    baseImage: BaseImage.of(E2E_BASE_IMAGE),
    imageName: uniqueName('ml-env-e2e-gosu'),
    workdir: '/code',
  });
  // python for the default command ("python ARGS") and getpass.getuser()
  new AptPackages(image, 'Python', { packages: ['python3', 'python-is-python3'] });
  new Ubuntu1000User(image, 'Ubuntu');
  new GosuEntrypoint(image, 'User', { writablePaths: [MODELS] });
  project.synth();
  imageRef = image.imageRef;
  run(path.join(projectDir, image.directory, 'build.sh'), ['--network', 'host'], { env: { DOCKER } });
});

afterAll(() => {
  removeContainers(containers);
  if (imageRef) removeImages([imageRef]);
  for (const dir of [...tempDirs, projectDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A workspace owned by the given host ids, as the caller's own project folder would be. */
function workspace(uid: number, gid: number, name = 'ws'): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-gosu-'));
  tempDirs.push(parent);
  fs.chmodSync(parent, 0o755);
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  fs.chownSync(dir, uid, gid);
  return dir;
}

/** What the test's Python command reports about the process it runs as. */
const REPORT = [
  'import getpass, json, os, pathlib, subprocess',
  'pathlib.Path("/code/out.txt").write_text("x")',
  'home = pathlib.Path(os.environ["HOME"]); (home / ".probe").write_text("x")',
  `pathlib.Path("${MODELS}/model.onnx").write_text("x")`,
  'run = lambda *a: subprocess.run(a, capture_output=True, text=True).stdout.strip()',
  'print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "user": getpass.getuser(), "home": str(home),',
  '  "idun": run("id", "-un"), "idgn": run("id", "-gn"), "models_mode": oct(os.stat("' + MODELS + '").st_mode & 0o7777)}))',
].join('\n');

interface Report {
  uid: number;
  gid: number;
  user: string;
  home: string;
  idun: string;
  idgn: string;
  models_mode: string;
}

function runReport(ws: string, env: string[], extra: string[] = []): Report {
  const envFlags = env.flatMap((e) => ['--env', e]);
  const res = docker(['run', '--rm', '--network', 'none', '--volume', `${ws}:/code`, ...envFlags, ...extra, imageRef, '-c', REPORT]);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

function owner(file: string): string {
  const st = fs.statSync(file);
  return `${st.uid}:${st.gid}`;
}

test('4321:4321: files in the workspace belong to the caller; passwd entry, HOME and writable paths work', () => {
  const ws = workspace(4321, 4321);
  const r = runReport(ws, ['USER_ID=4321', 'GROUP_ID=4321']);
  expect(owner(path.join(ws, 'out.txt'))).toBe('4321:4321');
  expect(r).toEqual({ uid: 4321, gid: 4321, user: 'user', home: '/home/user', idun: 'user', idgn: 'user', models_mode: '0o1777' });
});

test('1000:1000 where the image already has "ubuntu" as 1000: the user is reused, not duplicated', () => {
  const ws = workspace(1000, 1000);
  const r = runReport(ws, ['USER_ID=1000', 'GROUP_ID=1000']);
  expect(owner(path.join(ws, 'out.txt'))).toBe('1000:1000');
  expect(r).toMatchObject({ uid: 1000, gid: 1000, user: 'ubuntu', home: '/home/ubuntu', idun: 'ubuntu', idgn: 'ubuntu' });
});

test('a GID that exists under another name ("users", 100) is reused', () => {
  const ws = workspace(4400, 100);
  const r = runReport(ws, ['USER_ID=4400', 'GROUP_ID=100']);
  expect(owner(path.join(ws, 'out.txt'))).toBe('4400:100');
  expect(r).toMatchObject({ uid: 4400, gid: 100, user: 'user', idgn: 'users' });
});

test('USER_ID alone: GROUP_ID defaults to it', () => {
  const ws = workspace(4322, 4322);
  const r = runReport(ws, ['USER_ID=4322']);
  expect(owner(path.join(ws, 'out.txt'))).toBe('4322:4322');
  expect(r).toMatchObject({ uid: 4322, gid: 4322 });
});

test.each([
  [['USER_ID=abc'], 'ml-env-entrypoint: USER_ID must be a number from 0 to 2147483647, got abc'],
  [['USER_ID=1000', 'GROUP_ID=12x'], 'ml-env-entrypoint: GROUP_ID must be a number from 0 to 2147483647, got 12x'],
  [['USER_ID=-1'], 'ml-env-entrypoint: USER_ID must be a number from 0 to 2147483647, got -1'],
])('non-numeric ids %j fail with exit 64 and one line on stderr', (env, message) => {
  const res = docker(['run', '--rm', '--network', 'none', ...env.flatMap((e) => ['--env', e]), imageRef, '-c', 'print("ran")'], { allowFail: true });
  expect(res.code).toBe(64);
  expect(res.stdout).toBe('');
  expect(res.stderr).toBe(`${message}\n`);
});

test('restart of a stopped container maps the same user again', () => {
  const ws = workspace(4321, 4321);
  const name = uniqueName('ml-env-e2e-gosu-restart');
  containers.push(name);
  const script = 'import getpass, os; print(getpass.getuser(), os.getuid(), os.getgid(), sum(l.split(":")[2] == "4321" for l in open("/etc/passwd")))';
  docker(['create', '--name', name, '--network', 'none', '--volume', `${ws}:/code`, '--env', 'USER_ID=4321', imageRef, '-c', script]);
  const first = docker(['start', '--attach', name]);
  const second = docker(['start', '--attach', name]);
  expect(first.stdout).toBe('user 4321 4321 1\n');
  expect(second.stdout).toBe(first.stdout);
  expect(second.stderr).toBe('');
});

test('--user 4321:4321 start skips the mapping and runs the command with a writable HOME', () => {
  const ws = workspace(4321, 4321);
  const res = docker(['run', '--rm', '--network', 'none', '--user', '4321:4321', '--volume', `${ws}:/code`, imageRef, '-c',
    'import os, pathlib; pathlib.Path("/code/out.txt").write_text("x"); pathlib.Path(os.environ["HOME"], "p").write_text("x"); print(os.getuid(), os.getgid(), os.environ["HOME"])']);
  expect(res.stdout).toBe('4321 4321 /tmp/home-4321\n');
  expect(owner(path.join(ws, 'out.txt'))).toBe('4321:4321');
});

test('docker stop reaches the command (exec, no shell in between) and its exit code is the container\'s', () => {
  const name = uniqueName('ml-env-e2e-gosu-stop');
  containers.push(name);
  docker(['run', '--detach', '--name', name, '--network', 'none', '--env', 'USER_ID=4321', imageRef, '-c',
    'import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *a: sys.exit(7))\nprint("ready", flush=True)\ntime.sleep(600)']);
  waitForLog(name, 'ready');
  const started = Date.now();
  docker(['stop', '--time', '10', name]);
  const elapsed = Date.now() - started;
  expect(elapsed).toBeLessThan(2000);
  expect(docker(['inspect', '--format', '{{.State.ExitCode}}', name]).stdout.trim()).toBe('7');
  // the process that got the signal is PID 1 and runs as the mapped user: gosu exec'd it
  const exited = docker(['run', '--rm', '--network', 'none', '--env', 'USER_ID=4321', imageRef, '-c', 'import os, sys; print(os.getpid(), os.getuid()); sys.exit(3)'], { allowFail: true });
  expect(exited.code).toBe(3);
  expect(exited.stdout).toBe('1 4321\n');
});

test('without arguments the default command is bash; root without USER_ID stays root', () => {
  const res = docker(['run', '--rm', '--network', 'none', '--interactive', imageRef], { input: 'echo "$0 $(id -u)"\n' });
  expect(res.stdout).toBe('bash 0\n');
});

test('a program as the first argument runs as given (not after python), as the mapped user', () => {
  const res = docker(['run', '--rm', '--network', 'none', '--env', 'USER_ID=4321', imageRef, 'id', '-un']);
  expect(res.stdout).toBe('user\n');
});

function waitForLog(container: string, text: string): void {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (docker(['logs', container]).stdout.includes(text)) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`container ${container} did not print "${text}" within 30 s`);
}
