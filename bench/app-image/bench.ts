/**
 * Benchmark (not a test): an application image declared with ApplicationImage against a
 * single-stage baseline written the seed's way, on the same local base, side by side in one run.
 *
 *   npx ts-node --transpile-only bench/app-image/bench.ts        (needs the e2e engine: scripts/e2e/setup.sh)
 *   BENCH_REPEAT=3 ...                                            (repetitions; the median is reported)
 *
 * Measures: final image size (and the bytes the application adds to the base), build context bytes
 * sent, cold build time (--no-cache), rebuild time after a one-line source change. Prints a
 * Markdown table; RESULTS.md in this folder records the method and one run's numbers.
 */
import { spawn, ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { Command } from '../../src/dockerfile/command';
import { AptPackages } from '../../src/features/apt-packages';
import { GitWheelInstall } from '../../src/features/git-wheel-install';
import { LocalPackageInstall } from '../../src/features/local-package-install';
import { PythonPackages } from '../../src/features/python-packages';
import { ApplicationImage } from '../../src/images/application-image';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { E2E_BASE_IMAGE, buildWheelIndex, docker, ensureEngine, removeImages, run, startNginxIndex, uniqueName } from '../../test/e2e/support/docker';

const REPEAT = Number(process.env.BENCH_REPEAT ?? '1');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-bench-app-'));
const images: string[] = [];
let gitDaemon: ChildProcess | undefined;

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function pyproject(name: string, deps: string[], extras: Record<string, string[]> = {}): string {
  return ['[build-system]', 'requires = ["setuptools>=61"]', 'build-backend = "setuptools.build_meta"', '',
    '[project]', `name = "${name}"`, 'version = "0.1.0"', `dependencies = ${JSON.stringify(deps)}`, '',
    '[project.optional-dependencies]', ...Object.entries(extras).map(([k, v]) => `${k} = ${JSON.stringify(v)}`), '',
    '[tool.setuptools]', `packages = ["${name}"]`, ''].join('\n');
}

function git(args: string[], cwd: string): void {
  run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd });
}

function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return Number(run(process.execPath, ['-e', script]).stdout.trim());
}

/** The library `benchlib` (depends on a heavy wheel) in a bare repository served by git daemon. */
function serveLibrary(): string {
  const src = path.join(work, 'benchlib');
  write(path.join(src, 'pyproject.toml'), pyproject('benchlib', ['heavydep==1.0']));
  write(path.join(src, 'benchlib/__init__.py'), 'import heavydep\n\n\ndef name():\n    return "benchlib"\n');
  git(['init', '--quiet', '--initial-branch', 'main'], src);
  git(['add', '.'], src);
  git(['commit', '--quiet', '-m', 'benchlib'], src);
  git(['tag', 'v1.0'], src);
  const served = path.join(work, 'git');
  git(['clone', '--quiet', '--bare', src, path.join(served, 'benchlib.git')], work);
  const port = freePort();
  gitDaemon = spawn('git', ['daemon', '--reuseaddr', `--base-path=${served}`, '--export-all', '--listen=127.0.0.1', `--port=${port}`, served], { stdio: 'ignore' });
  const url = `git://127.0.0.1:${port}/benchlib.git`;
  for (let i = 0; i < 100 && run('git', ['ls-remote', url], { allowFail: true }).code !== 0; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return url;
}

/**
 * The project's repository as a team has it: its own package in app/, a git history holding an
 * old data file, and stale wheels in dist/ (the seed's build context had both).
 */
function writeRepository(root: string): void {
  write(path.join(root, 'app/pyproject.toml'), pyproject('benchapp', ['appdep==1.0', 'appheavy==1.0'], { fast: ['fastdep==1.0'] }));
  write(path.join(root, 'app/benchapp/__init__.py'), 'import appdep, benchlib, fastdep, tinydep\nfrom .core import greeting\n');
  write(path.join(root, 'app/benchapp/core.py'), 'def greeting():\n    return "v1"\n');
  write(path.join(root, 'data/sample.bin'), crypto.randomBytes(8 << 20));
  git(['init', '--quiet'], root);
  git(['add', '.'], root);
  git(['commit', '--quiet', '-m', 'with a data file'], root);
  git(['rm', '--quiet', '-r', 'data'], root);
  git(['commit', '--quiet', '-m', 'data moved out'], root);
  write(path.join(root, 'dist/benchapp-0.0.9-py3-none-any.whl'), crypto.randomBytes(2 << 20));
}

/** The seed's way: git in the image, clone + wheel + install + rm in one RUN, COPY . with no .dockerignore, no pip cache mount. */
function baselineDockerfile(indexUrl: string, repository: string): string {
  return [
    'ARG BASE_IMAGE',
    'FROM ${BASE_IMAGE}',
    'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
    `RUN python -m pip install --index-url ${indexUrl} 'tinydep==1.0'`,
    `RUN git clone --depth 1 --branch v1.0 ${repository} /tmp/benchlib && cd /tmp/benchlib && python -m pip wheel --no-deps --no-build-isolation -w dist . && python -m pip install --index-url ${indexUrl} dist/*.whl && rm -rf /tmp/benchlib`,
    'COPY . /usr/local/app',
    `RUN cd /usr/local/app/app && python -m pip wheel --no-deps --no-build-isolation -w dist . && python -m pip install --index-url ${indexUrl} "$(ls dist/*.whl)[fast]" && rm -rf /usr/local/app`,
    'WORKDIR /code',
    'CMD ["python", "-c", "import benchapp; print(benchapp.greeting())"]',
    '',
  ].join('\n');
}

interface Build { seconds: number; contextBytes: number }

const UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

let buildCount = 0;

function timedBuild(args: string[], env: Record<string, string> = {}): Build {
  const started = process.hrtime.bigint();
  const result = run(args[0], args.slice(1), { env: { DOCKER: '/usr/bin/docker', DOCKER_BUILDKIT: '1', ...env }, allowFail: true });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.code !== 0) throw new Error(`build failed: ${args.join(' ')}\n${result.stderr.slice(-4000)}`);
  if (process.env.BENCH_LOGS) write(path.join(process.env.BENCH_LOGS, `build-${++buildCount}.log`), `${args.join(' ')}\n${result.stderr}`);
  // "#5 transferring context: 10.49MB 0.3s done": the last value of the context transfer
  const sent = [...result.stderr.matchAll(/transferring context: ([\d.]+)([kKMG]?B)/g)].map((m) => Number(m[1]) * UNITS[m[2]]);
  return { seconds, contextBytes: sent.length > 0 ? sent[sent.length - 1] : 0 };
}

function imageSize(image: string): number {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim());
}

function layers(image: string): string[] {
  return JSON.parse(docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', image]).stdout);
}

/** Bytes of the image's layers that are not in `before` (uncompressed layer tars, from docker save). */
function newLayerBytes(image: string, before: string[]): number {
  const dir = fs.mkdtempSync(path.join(work, 'save-'));
  try {
    docker(['save', '-o', path.join(dir, 'image.tar'), image]);
    run('tar', ['-x', '-f', path.join(dir, 'image.tar'), '-C', dir, 'manifest.json']);
    const files: string[] = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'))[0].Layers;
    const list = run('tar', ['-t', '-v', '-f', path.join(dir, 'image.tar')]).stdout.split('\n');
    const sizeOf = (file: string) => Number(list.find((l) => l.endsWith(` ${file}`))!.trim().split(/\s+/)[2]);
    const known = new Set(before);
    return layers(image).reduce((sum, layer, i) => (known.has(layer) ? sum : sum + sizeOf(files[i])), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  ensureEngine();
  const indexRoot = path.join(work, 'index');
  for (const pkg of ['tinydep', 'appdep', 'fastdep']) buildWheelIndex(indexRoot, pkg, '1.0');
  // dependencies with weight: 12 MB of data in a module each (stand-ins for numpy/opencv-sized wheels),
  // one for the git library and one for the project's own package
  for (const heavy of ['heavydep', 'appheavy']) {
    buildWheelIndex(indexRoot, heavy, '1.0', `DATA = ${JSON.stringify(crypto.randomBytes(9 << 20).toString('base64'))}\n`);
  }
  const index = startNginxIndex({ root: indexRoot });
  const indexUrl = `${index.url}/simple/`;
  try {
    const repository = serveLibrary();
    const project = new Project({ name: 'bench', outdir: path.join(work, 'project') });
    const baseName = uniqueName('bench-base');
    const appName = uniqueName('bench-app');
    const seedName = uniqueName('bench-seed');
    images.push(`${baseName}:latest`, `${appName}:latest`, `${seedName}:latest`);
    const base = new ContainerImage(project, 'Base', { imageName: baseName, baseImage: BaseImage.of(E2E_BASE_IMAGE), env: { PIP_BREAK_SYSTEM_PACKAGES: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    new AptPackages(base, 'Python', { packages: ['python3', 'python3-pip', 'python-is-python3'] });
    const app = new ApplicationImage(project, 'App', { from: base, imageName: appName, command: Command.exec(['python', '-c', 'import benchapp; print(benchapp.greeting())']) });
    new PythonPackages(app, 'Tools', { packages: ['tinydep==1.0'], indexUrl });
    new GitWheelInstall(app, 'Lib', { repository, ref: 'v1.0', indexUrl, buildIsolation: false });
    new LocalPackageInstall(app, 'App', { path: 'app', extras: ['fast'], indexUrl, buildIsolation: false });
    project.synth();
    writeRepository(project.outdir);
    timedBuild(['bash', path.join(project.outdir, base.directory, 'build.sh'), '--network', 'host', '--progress', 'plain'], { ML_ENV_NO_DEPS: '1' });

    // fresh copies, so that each side's first build sends its whole context (BuildKit sends only
    // changes to a folder it has seen); the baseline's copy has no .dockerignore
    const ourContext = path.join(work, 'ours');
    run('cp', ['-a', `${project.outdir}/.`, ourContext]);
    const seedContext = path.join(work, 'seed');
    run('cp', ['-a', `${project.outdir}/.`, seedContext]);
    fs.rmSync(path.join(seedContext, '.dockerignore'));
    write(path.join(work, 'seed.Dockerfile'), baselineDockerfile(indexUrl, repository));

    const ours = (extra: string[]) => timedBuild(['bash', path.join(ourContext, app.directory, 'build.sh'), '--network', 'host', '--progress', 'plain', ...extra], { ML_ENV_NO_DEPS: '1' });
    const seed = (extra: string[]) => timedBuild(['/usr/bin/docker', 'build', '--network', 'host', '--progress', 'plain', '--file', path.join(work, 'seed.Dockerfile'),
      '--build-arg', `BASE_IMAGE=${baseName}:latest`, '--tag', `${seedName}:latest`, ...extra, seedContext]);

    const rows: Record<string, { cold: number[]; rebuild: number[]; context: number; rewritten: number }> = {
      ApplicationImage: { cold: [], rebuild: [], context: 0, rewritten: 0 }, seed: { cold: [], rebuild: [], context: 0, rewritten: 0 },
    };
    const tags: Record<string, string> = { ApplicationImage: `${appName}:latest`, seed: `${seedName}:latest` };
    for (let i = 0; i < REPEAT; i++) {
      // alternate the order so that neither side always runs on a warmer machine
      const order: Array<[string, (extra: string[]) => Build]> = i % 2 === 0 ? [['ApplicationImage', ours], ['seed', seed]] : [['seed', seed], ['ApplicationImage', ours]];
      for (const [name, build] of order) {
        const cold = build(['--no-cache']);
        rows[name].cold.push(cold.seconds);
        if (i === 0) rows[name].context = cold.contextBytes;
      }
      const line = `def greeting():\n    return "v${i + 2}"\n`;
      write(path.join(ourContext, 'app/benchapp/core.py'), line);
      write(path.join(seedContext, 'app/benchapp/core.py'), line);
      for (const [name, build] of order) {
        const before = layers(tags[name]);
        rows[name].rebuild.push(build([]).seconds);
        if (i === REPEAT - 1) rows[name].rewritten = newLayerBytes(tags[name], before);
      }
    }
    const baseSize = imageSize(`${baseName}:latest`);
    const sizes = { ApplicationImage: imageSize(`${appName}:latest`), seed: imageSize(`${seedName}:latest`) };
    for (const [name, image] of [['ApplicationImage', appName], ['seed', seedName]]) {
      const out = docker(['run', '--rm', '--network', 'none', `${image}:latest`]).stdout.trim();
      if (out !== `v${REPEAT + 1}`) throw new Error(`${name} image printed ${out}`);
    }
    const mb = (b: number) => (b / 1e6).toFixed(1);
    const s = (x: number) => x.toFixed(1);
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);
    const a = rows.ApplicationImage;
    const b = rows.seed;
    console.log(`base image: ${mb(baseSize)} MB; repetitions: ${REPEAT}; ${os.cpus().length} CPUs; docker ${docker(['version', '--format', '{{.Server.Version}}']).stdout.trim()}\n`);
    console.log('| measure | ApplicationImage | seed-style baseline | seed / ApplicationImage |');
    console.log('|---|---|---|---|');
    console.log(`| final image size (MB) | ${mb(sizes.ApplicationImage)} | ${mb(sizes.seed)} | ${ratio(sizes.seed, sizes.ApplicationImage)} |`);
    console.log(`| bytes added to the base (MB) | ${mb(sizes.ApplicationImage - baseSize)} | ${mb(sizes.seed - baseSize)} | ${ratio(sizes.seed - baseSize, sizes.ApplicationImage - baseSize)} |`);
    console.log(`| build context sent (MB) | ${mb(a.context)} | ${mb(b.context)} | ${ratio(b.context, a.context)} |`);
    console.log(`| cold build, --no-cache (s, median) | ${s(median(a.cold))} | ${s(median(b.cold))} | ${ratio(median(b.cold), median(a.cold))} |`);
    console.log(`| rebuild after a one-line change (s, median) | ${s(median(a.rebuild))} | ${s(median(b.rebuild))} | ${ratio(median(b.rebuild), median(a.rebuild))} |`);
    console.log(`| layer bytes rewritten by that rebuild (MB) | ${mb(a.rewritten)} | ${mb(b.rewritten)} | ${ratio(b.rewritten, a.rewritten)} |`);
    console.log(`\nraw: ${JSON.stringify({ rows, sizes, baseSize })}`);
  } finally {
    index.stop();
    if (gitDaemon?.pid) process.kill(gitDaemon.pid, 'SIGTERM');
    removeImages(images);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
