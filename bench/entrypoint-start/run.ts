/**
 * Container start-to-exit time with 1k, 100k and 1M files in the mounted workspace, side by side:
 *   plain  - `docker run --entrypoint '' IMAGE true`: no entrypoint at all
 *   gosu   - the image's GosuEntrypoint mapping USER_ID=4321 GROUP_ID=4321, command `true`
 *   naive  - the seed's documented entrypoint (useradd, then `chown -R` of HOME and the workspace
 *            at every start), written here as a baseline
 * Each container is fresh (`--rm`), so every gosu run pays for groupadd/useradd, as a run.sh call
 * does. Variants are interleaved within each repetition so that machine load drifts hit all three.
 *
 * Run: node -r ts-node/register/transpile-only bench/entrypoint-start/run.ts  (TS_NODE_PROJECT=test/tsconfig.json)
 * Environment: BENCH_REPS (default 7), BENCH_SIZES (default "1000,100000,1000000").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GosuEntrypoint } from '../../src/features/gosu-entrypoint';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { docker, DOCKER, E2E_BASE_IMAGE, ensureEngine, removeImages, run, uniqueName } from '../../test/e2e/support/docker';
import { testProject } from '../../test/support/synth';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);

// the seed's entrypoint from its docs page ("引入 gosu 配置"), made runnable under set -e
const NAIVE = `#!/bin/bash
set -e
if [ -n "$USER_ID" ] && [ -n "$GROUP_ID" ]; then
  groupadd -g "$GROUP_ID" -o usergroup
  useradd --shell /bin/bash -u "$USER_ID" -g "$GROUP_ID" -o -c "" -m user
  export HOME=/home/user
  chown -R "$USER_ID":"$GROUP_ID" /home/user
  chown -R "$USER_ID":"$GROUP_ID" /code
fi
exec gosu "\${USER_ID:-0}:\${GROUP_ID:-0}" "$@"
`;

const HEADER = ['    files', 'plain run', 'gosu run', 'naive run', 'gosu-plain', 'naive-plain', 'wall plain/gosu/naive', 'gosu/plain', 'naive/plain', 'reps'];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Grows the workspace to `total` empty files, 1000 per folder (like a real tree). */
function growWorkspace(root: string, from: number, total: number): void {
  const script = [
    'import os, sys',
    'root, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])',
    'for n in range(start, end):',
    '    d = os.path.join(root, "d%04d" % (n // 1000))',
    '    if n % 1000 == 0: os.makedirs(d, exist_ok=True)',
    '    os.close(os.open(os.path.join(d, "f%04d" % (n % 1000)), os.O_CREAT | os.O_WRONLY, 0o644))',
  ].join('\n');
  run('python3', ['-c', script, root, String(from), String(total)], { timeoutMs: 20 * 60 * 1000 });
}

/** RFC 3339 with nanoseconds (docker inspect) -> ms since the epoch, keeping sub-ms digits. */
function parseNanoTime(t: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(t.trim());
  if (!m) throw new Error(`unexpected docker time: ${t}`);
  return Date.parse(`${m[1]}Z`) + Number(`0.${m[2] ?? '0'}`) * 1000;
}

/**
 * One container run. `run` is the daemon's own record of the container's process, from start to
 * exit (State.StartedAt -> State.FinishedAt): the entrypoint plus the command, without the client's
 * and daemon's create/attach/remove work. `wall` is what the caller waits for (`docker run`).
 */
function timeRun(args: string[]): { run: number; wall: number } {
  const name = uniqueName('ml-env-bench-run');
  const started = process.hrtime.bigint();
  docker(['run', '--name', name, '--network', 'none', ...args]);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const [from, to] = docker(['inspect', '--format', '{{.State.StartedAt}} {{.State.FinishedAt}}', name]).stdout.trim().split(' ');
  docker(['rm', name]);
  return { run: parseNanoTime(to) - parseNanoTime(from), wall };
}

function main(): void {
  ensureEngine();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-bench-entrypoint-'));
  const project = testProject('entrypoint-bench');
  const image = new ContainerImage(project, 'Bench', { baseImage: BaseImage.of(E2E_BASE_IMAGE), imageName: uniqueName('ml-env-bench-gosu'), workdir: '/code' });
  new GosuEntrypoint(image, 'User', { commandPrefix: [] });
  const naiveRef = `${image.imageName}-naive:latest`;
  try {
    project.synth();
    console.log(`building ${image.imageRef} with the library's build.sh ...`);
    run(path.join(project.outdir, image.directory, 'build.sh'), ['--network', 'host', '--quiet'], { env: { DOCKER } });
    const naiveDir = path.join(work, 'naive');
    fs.mkdirSync(naiveDir);
    fs.writeFileSync(path.join(naiveDir, 'naive.sh'), NAIVE, { mode: 0o755 });
    fs.writeFileSync(path.join(naiveDir, 'Dockerfile'), `FROM ${image.imageRef}\nCOPY naive.sh /usr/local/bin/naive-entrypoint\nENTRYPOINT ["/usr/local/bin/naive-entrypoint"]\n`);
    docker(['build', '--quiet', '--tag', naiveRef, naiveDir]);

    const ws = path.join(work, 'workspace');
    fs.mkdirSync(ws);
    const ids = ['--env', 'USER_ID=4321', '--env', 'GROUP_ID=4321'];
    const variants: Array<[string, (mount: string[]) => string[]]> = [
      ['plain', (m) => [...m, '--entrypoint', '', image.imageRef, 'true']],
      ['gosu', (m) => [...m, ...ids, image.imageRef, 'true']],
      ['naive', (m) => [...m, ...ids, naiveRef, 'true']],
    ];
    const rows: string[] = [];
    let have = 0;
    for (const size of SIZES) {
      const t0 = Date.now();
      growWorkspace(ws, have, size);
      have = size;
      console.log(`workspace: ${size} files (created in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      const mount = ['--volume', `${ws}:/code`];
      for (const [, args] of variants) timeRun(args(mount)); // warm-up, not counted
      const times: Record<string, number[]> = { plain: [], gosu: [], naive: [] };
      const walls: Record<string, number[]> = { plain: [], gosu: [], naive: [] };
      const reps = size >= 1_000_000 ? Math.min(REPS, 5) : REPS;
      for (let r = 0; r < reps; r++) {
        for (const [name, args] of variants) {
          const t = timeRun(args(mount));
          times[name].push(t.run);
          walls[name].push(t.wall);
        }
      }
      const [plain, gosu, naive] = ['plain', 'gosu', 'naive'].map((v) => median(times[v]));
      const [wPlain, wGosu, wNaive] = ['plain', 'gosu', 'naive'].map((v) => median(walls[v]));
      const cells = [
        String(size), plain.toFixed(1), gosu.toFixed(1), naive.toFixed(1), (gosu - plain).toFixed(1), (naive - plain).toFixed(1),
        `${wPlain.toFixed(0)} / ${wGosu.toFixed(0)} / ${wNaive.toFixed(0)}`, (wGosu / wPlain).toFixed(2), (wNaive / wPlain).toFixed(2), String(reps),
      ];
      rows.push(cells.map((c, i) => c.padStart(HEADER[i].length)).join(' | '));
      console.log(`  container run medians (ms): plain ${plain.toFixed(1)}, gosu ${gosu.toFixed(1)}, naive ${naive.toFixed(1)}; ` +
        `docker run wall medians: ${wPlain.toFixed(0)}, ${wGosu.toFixed(0)}, ${wNaive.toFixed(0)}`);
      console.log(`    gosu runs: ${times.gosu.map((t) => t.toFixed(0)).join(' ')}; naive runs: ${times.naive.map((t) => t.toFixed(0)).join(' ')}`);
    }
    console.log('');
    console.log('container run = daemon StartedAt -> FinishedAt (entrypoint + `true`); wall = `docker run` as the caller waits; medians in ms');
    console.log(HEADER.join(' | '));
    console.log(HEADER.map((h) => '-'.repeat(h.length)).join('-|-'));
    rows.forEach((r) => console.log(r));
  } finally {
    removeImages([naiveRef, image.imageRef]);
    console.log('cleaning up the workspace ...');
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(project.outdir, { recursive: true, force: true });
  }
}

main();
