/**
 * The generated run.sh against a real engine, called the way a developer calls it: as a non-root
 * host user (uid 4321, in the docker group), from a project folder whose path holds spaces,
 * quotes and a comma, with stdin and stdout that are not terminals.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AptPackages } from '../../src/features/apt-packages';
import { GosuEntrypoint } from '../../src/features/gosu-entrypoint';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { RunScript } from '../../src/scripts/run-script';
import { testProject } from '../support/synth';
import { docker, DOCKER, E2E_BASE_IMAGE, ensureEngine, removeContainers, removeImages, run, uniqueName } from './support/docker';

const CALLER_UID = 4321;
let dockerGid = 0;
let imageRef = '';
let projectDir = '';
let runSh = '';
let cpuSh = '';
let home = '';
let ws = '';
const containers: string[] = [];

beforeAll(() => {
  ensureEngine();
  dockerGid = fs.statSync('/var/run/docker.sock').gid;
  const project = testProject('run-script-e2e');
  projectDir = project.outdir;
  fs.chmodSync(projectDir, 0o755);
  const image = new ContainerImage(project, 'Runner', {
    baseImage: BaseImage.of(E2E_BASE_IMAGE),
    imageName: uniqueName('ml-env-e2e-run'),
    workdir: '/code',
  });
  new AptPackages(image, 'Python', { packages: ['python3', 'python-is-python3'] });
  new GosuEntrypoint(image, 'User');
  image.runScript!.addMount({ hostPath: 'data, "dir"', containerPath: '/data', readOnly: true });
  image.runScript!.addEnv('GREETING', "it's $HOME");
  new RunScript(image, 'Cpu', { fileName: 'cpu.sh', cpuFallback: true, mountWorkspace: false });
  project.synth();
  imageRef = image.imageRef;
  runSh = path.join(projectDir, image.directory, 'run.sh');
  cpuSh = path.join(projectDir, image.directory, 'cpu.sh');
  run(path.join(projectDir, image.directory, 'build.sh'), ['--network', 'host'], { env: { DOCKER } });

  // the caller's project folder and HOME, owned by the caller
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-run-'));
  fs.chmodSync(parent, 0o755);
  home = path.join(parent, 'home');
  ws = path.join(parent, 'my project, "v2" $HOME');
  for (const dir of [home, ws, path.join(ws, 'data, "dir"')]) {
    fs.mkdirSync(dir);
    fs.chownSync(dir, CALLER_UID, CALLER_UID);
  }
  fs.writeFileSync(path.join(ws, 'data, "dir"', 'input.txt'), 'data\n');
});

afterAll(() => {
  removeContainers(containers);
  if (imageRef) removeImages([imageRef]);
  for (const dir of [projectDir, home && path.dirname(home)]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// projen makes generated scripts executable by their owner only (0544); the caller here is not
// their owner, so the scripts are run through bash.

/** Spawn options of the caller: uid 4321, primary group docker (for the socket), cwd the project. */
function asCaller(env: Record<string, string> = {}) {
  return {
    cwd: ws,
    uid: CALLER_UID,
    gid: dockerGid,
    encoding: 'utf8' as const,
    env: { PATH: '/usr/bin:/bin', HOME: home, DOCKER, GPUS: 'none', DOCKER_RUN_ARGS: '--network none', ...env },
  };
}

test('without a TTY, from a path with spaces, quotes and a comma: the workspace is mounted and files belong to the caller', () => {
  // stdin is a pipe and stdout a pipe: no -i/-t, or docker would fail with "the input device is not a TTY"
  const res = spawnSync('bash', [runSh, '-c', [
    'import os, pathlib',
    'pathlib.Path("out.txt").write_text("x")',
    'print(os.getcwd(), os.getuid(), os.getgid(), pathlib.Path("/data/input.txt").read_text().strip(), os.environ["GREETING"])',
  ].join('\n')], { ...asCaller(), input: 'ignored\n' });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  expect(res.stdout).toBe(`/code ${CALLER_UID} ${dockerGid} data it's $HOME\n`);
  const st = fs.statSync(path.join(ws, 'out.txt'));
  expect(`${st.uid}:${st.gid}`).toBe(`${CALLER_UID}:${dockerGid}`);
});

test('the command\'s exit code is run.sh\'s', () => {
  const res = spawnSync('bash', [runSh, '-c', 'import sys; sys.exit(5)'], asCaller());
  expect(res.status).toBe(5);
});

test('with GPUs asked for and no NVIDIA runtime, the default script lets docker fail; cpuFallback says so and runs on CPU', () => {
  const strict = spawnSync('bash', [runSh, '-c', 'print("ran")'], asCaller({ GPUS: 'all' }));
  expect(strict.status).not.toBe(0);
  expect(strict.stderr).toMatch(/gpu/i);
  const fallback = spawnSync('bash', [cpuSh, '-c', 'print("ran")'], asCaller({ GPUS: 'all' }));
  expect(fallback.stderr).toBe('cpu.sh: no NVIDIA runtime on this host (none in docker info, no nvidia-smi): running on CPU\n');
  expect(fallback.stdout).toBe('ran\n');
  expect(fallback.status).toBe(0);
});

test('docker stop of a command without a SIGTERM handler returns within 2 s (run.sh adds --init)', async () => {
  const name = uniqueName('ml-env-e2e-run-stop');
  containers.push(name);
  const child = spawn('bash', [runSh, '-c', 'import time; print("ready", flush=True); time.sleep(600)'], {
    ...asCaller({ DOCKER_RUN_ARGS: `--network none --name ${name}` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 30 s: ${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const started = Date.now();
  docker(['stop', '--time', '10', name]);
  const elapsed = Date.now() - started;
  expect(elapsed).toBeLessThan(2000);
  expect(await exited).toBe(143);
});
