import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BaseImage, ContainerImage } from '../../src';
import { expectValidScript } from '../support/oracles';
import { testProject } from '../support/synth';

/**
 * Runs generated build scripts against a stand-in docker client that records its arguments,
 * so the scripts' behaviour (order, flags, paths, env) is checked without an engine.
 */
function synthWithFakeDocker(declare: (project: ReturnType<typeof testProject>) => void) {
  const project = testProject();
  declare(project);
  project.synth();
  const log = path.join(project.outdir, 'docker-calls.log');
  const fake = path.join(os.tmpdir(), `fake-docker-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(fake, `#!/usr/bin/env bash\nprintf '%s\\n' "BUILDKIT=\${DOCKER_BUILDKIT:-} $*" >> ${JSON.stringify(log)}\n`, { mode: 0o755 });
  const run = (script: string, env: Record<string, string> = {}, args: string[] = [], cwd = os.tmpdir()) => {
    fs.rmSync(log, { force: true });
    const result = spawnSync(path.join(project.outdir, script), args, { cwd, env: { PATH: process.env.PATH!, DOCKER: fake, ...env }, encoding: 'utf-8' });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf-8').trim().split('\n') : [];
    return { status: result.status, stderr: result.stderr, calls: calls.map((c) => c.split(project.outdir).join('<root>')) };
  };
  const cleanup = () => { fs.rmSync(project.outdir, { recursive: true, force: true }); fs.rmSync(fake, { force: true }); };
  return { project, run, cleanup, read: (p: string) => fs.readFileSync(path.join(project.outdir, p), 'utf-8') };
}

describe('build.sh', () => {
  test('builds with BuildKit, from any working directory, with the context at the project root', () => {
    const env = synthWithFakeDocker((project) => {
      new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian'), imageName: 'team/app', tag: 'v1' });
    });
    try {
      expectValidScript(env.read('docker/app/build.sh'));
      const result = env.run('docker/app/build.sh', {}, ['--progress=plain'], '/');
      expect(result.status).toBe(0);
      expect(result.calls).toEqual(['BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag team/app:v1 --progress=plain <root>']);
    } finally {
      env.cleanup();
    }
  });

  test('BASE_IMAGE overrides the base at build time', () => {
    const env = synthWithFakeDocker((project) => {
      new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian') });
    });
    try {
      const result = env.run('docker/app/build.sh', { BASE_IMAGE: 'local/debian:bookworm' });
      expect(result.calls).toEqual(['BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag app:latest --build-arg BASE_IMAGE=local/debian:bookworm <root>']);
    } finally {
      env.cleanup();
    }
  });

  test('a derived image builds its parent first (with the parent own base), unless ML_ENV_NO_DEPS is set', () => {
    const env = synthWithFakeDocker((project) => {
      const base = new ContainerImage(project, 'Base', { baseImage: BaseImage.of('debian') });
      new ContainerImage(project, 'App', { baseImage: BaseImage.fromImage(base), buildContext: 'app' });
    });
    try {
      fs.mkdirSync(path.join(env.project.outdir, 'app'), { recursive: true });
      const withDeps = env.run('docker/app/build.sh', { BASE_IMAGE: 'other:1' });
      expect(withDeps.calls).toEqual([
        'BUILDKIT=1 build --file <root>/docker/base/Dockerfile --tag base:latest <root>',
        'BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag app:latest --build-arg BASE_IMAGE=other:1 <root>/app',
      ]);
      const alone = env.run('docker/app/build.sh', { ML_ENV_NO_DEPS: '1' });
      expect(alone.calls).toEqual(['BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag app:latest <root>/app']);
      const all = env.run('docker/build-all.sh', {}, ['--pull']);
      expect(all.calls).toEqual([
        'BUILDKIT=1 build --file <root>/docker/base/Dockerfile --tag base:latest --pull <root>',
        'BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag app:latest --pull <root>/app',
      ]);
    } finally {
      env.cleanup();
    }
  });

  test('DOCKER_BUILD_ARGS reach every build, parents included; arguments only this image', () => {
    const env = synthWithFakeDocker((project) => {
      const base = new ContainerImage(project, 'Base', { baseImage: BaseImage.of('debian') });
      new ContainerImage(project, 'App', { baseImage: BaseImage.fromImage(base) });
    });
    try {
      const result = env.run('docker/app/build.sh', { DOCKER_BUILD_ARGS: '--network host  --progress plain' }, ['--no-cache']);
      expect(result.calls).toEqual([
        'BUILDKIT=1 build --file <root>/docker/base/Dockerfile --tag base:latest --network host --progress plain <root>',
        'BUILDKIT=1 build --file <root>/docker/app/Dockerfile --tag app:latest --network host --progress plain --no-cache <root>',
      ]);
    } finally {
      env.cleanup();
    }
  });

  test('a failing docker build fails the script', () => {
    const env = synthWithFakeDocker((project) => {
      new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian') });
    });
    try {
      const result = spawnSync(path.join(env.project.outdir, 'docker/app/build.sh'), [], { env: { PATH: process.env.PATH!, DOCKER: 'false' } });
      expect(result.status).not.toBe(0);
    } finally {
      env.cleanup();
    }
  });
});
