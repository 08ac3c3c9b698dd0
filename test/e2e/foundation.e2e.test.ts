/**
 * The foundation against a real engine: the generated build.sh builds images in dependency order,
 * BASE_IMAGE overrides the declared base at build time, and every value the quoting module wrote
 * into the Dockerfile reaches the image exactly as declared.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AptPackages, BaseImage, Command, ContainerImage, WritableDirectories } from '../../src';
import { testProject } from '../support/synth';
import { docker, E2E_BASE_IMAGE, ensureEngine, removeImages, run, uniqueName } from './support/docker';

const ADVERSARIAL = {
  DOLLAR: '$HOME and ${PATH}',
  QUOTES: 'it\'s "quoted"',
  // dockerfile-utils rejects values that start with a quote character; the engine must accept them
  LEADING_QUOTE: '"a',
  LEADING_SINGLE_QUOTE: "'a",
  BACKSLASH: 'C:\\temp\\',
  UNICODE: 'π ü 漢字 🚀',
  SPECIFIER: 'Pillow>=10.0.0',
  HASH: '# not a comment',
  EMPTY: '',
};

describe('foundation e2e', () => {
  const names: string[] = [];
  let outdir = '';

  beforeAll(() => {
    ensureEngine();
  });

  afterAll(() => {
    removeImages(names);
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('build.sh builds the parent first, values survive quoting, BASE_IMAGE overrides the base', () => {
    // GIVEN a base image and an application image built from it
    const project = testProject();
    outdir = project.outdir;
    const baseName = uniqueName('foundation-base');
    const appName = uniqueName('foundation-app');
    names.push(`${baseName}:latest`, `${appName}:latest`);
    // declared with an image nobody can pull here: only the build-time override makes it buildable
    const base = new ContainerImage(project, 'Base', { imageName: baseName, directory: 'docker/base', baseImage: BaseImage.of('registry.invalid/debian:bookworm') });
    new AptPackages(base, 'Python', { packages: ['python3'] });
    const app = new ContainerImage(project, 'App', {
      imageName: appName,
      directory: 'docker/app',
      baseImage: BaseImage.fromImage(base),
      env: ADVERSARIAL,
      labels: { 'org.example.note': 'it\'s "$HOME"' },
      workdir: '/srv/my app',
      command: Command.exec(['python3', '-c', 'import os, json; print(json.dumps(dict(os.environ)))']),
    });
    new WritableDirectories(app, 'Data', { paths: ['/data/models', '/data/cache dir'] });
    project.synth();

    // WHEN the app's build script runs (it builds the base first, with BASE_IMAGE only for the base)
    run(path.join(outdir, 'docker/base/build.sh'), ['--network', 'host'], {
      env: { DOCKER: '/usr/bin/docker', BASE_IMAGE: E2E_BASE_IMAGE },
    });
    const built = run(path.join(outdir, 'docker/app/build.sh'), ['--network', 'host'], {
      env: { DOCKER: '/usr/bin/docker', ML_ENV_NO_DEPS: '1' },
    });
    expect(built.code).toBe(0);

    // THEN the image holds every value exactly as declared
    const config = JSON.parse(docker(['image', 'inspect', `${appName}:latest`]).stdout)[0].Config;
    for (const [key, value] of Object.entries(ADVERSARIAL)) {
      expect(config.Env).toContain(`${key}=${value}`);
    }
    expect(config.Labels['org.example.note']).toBe('it\'s "$HOME"');
    expect(config.WorkingDir).toBe('/srv/my app');
    expect(config.Cmd).toEqual(['python3', '-c', 'import os, json; print(json.dumps(dict(os.environ)))']);

    // and the default command sees them too, with no network at all
    const env = JSON.parse(docker(['run', '--rm', '--network', 'none', `${appName}:latest`]).stdout);
    expect(env.DOLLAR).toBe(ADVERSARIAL.DOLLAR);
    expect(env.UNICODE).toBe(ADVERSARIAL.UNICODE);

    // writable directories: mode 1777 on the directories themselves, usable by any uid
    const modes = docker(['run', '--rm', '--network', 'none', '--user', '4321:4321', '--entrypoint', 'sh', `${appName}:latest`,
      '-c', 'stat -c %a "/data/models" "/data/cache dir" && touch "/data/cache dir/x" && echo ok']).stdout.trim().split('\n');
    expect(modes).toEqual(['1777', '1777', 'ok']);

    // the apt layer cleaned its lists
    const lists = docker(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', `${appName}:latest`, '-c', 'ls /var/lib/apt/lists | grep -c _ || true']).stdout.trim();
    expect(lists).toBe('0');
  });

  test('build.sh of a derived image builds its parent first', () => {
    const project = testProject();
    const baseName = uniqueName('deps-base');
    const appName = uniqueName('deps-app');
    names.push(`${baseName}:latest`, `${appName}:latest`);
    const base = new ContainerImage(project, 'Base', { imageName: baseName, baseImage: BaseImage.of(E2E_BASE_IMAGE) });
    const app = new ContainerImage(project, 'App', { imageName: appName, baseImage: BaseImage.fromImage(base) });
    project.synth();
    try {
      run(path.join(project.outdir, app.buildScript.path), [], { env: { DOCKER: '/usr/bin/docker' } });
      expect(docker(['image', 'inspect', `${baseName}:latest`], { allowFail: true }).code).toBe(0);
      expect(docker(['image', 'inspect', `${appName}:latest`], { allowFail: true }).code).toBe(0);
    } finally {
      fs.rmSync(project.outdir, { recursive: true, force: true });
    }
  });
});
