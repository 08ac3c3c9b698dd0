import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitWheelInstall, GitWheelInstallProps } from '../../src/features/git-wheel-install';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { _REQUIREMENTS_SCRIPT } from '../../src/private/wheel-install';
import { expectValidDockerfile, expectValidScript } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

const REPO = 'https://github.com/DocsaidLab/DocAligner.git';

function synthOne(props: Partial<GitWheelInstallProps> = {}) {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  new GitWheelInstall(image, 'DocAligner', { repository: REPO, ref: 'v1.0.0', ...props });
  const files = synthFiles(project);
  expectValidDockerfile(files['docker/app/Dockerfile']);
  expectValidScript(files['docker/app/build.sh']);
  return files;
}

const APT_MOUNTS = [
  'RUN --mount=type=cache,id=ml-env-apt-lists,target=/var/lib/apt/lists,sharing=locked \\',
  '    --mount=type=cache,id=ml-env-apt-archives,target=/var/cache/ml-env/apt-archives,sharing=locked \\',
  '    apt-get update && \\',
];

describe('dockerfile', () => {
  test('a tag: shallow clone and wheel in a builder stage; dependencies, then the wheel, bind-mounted into the final stage', () => {
    // GIVEN / WHEN
    const files = synthOne();
    // THEN
    expect(files['docker/app/Dockerfile'].split('\n').slice(2)).toEqual([
      'ARG BASE_IMAGE="debian:bookworm"',
      '',
      'FROM ${BASE_IMAGE} AS doc-aligner-wheel',
      ...APT_MOUNTS,
      '    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dir::Cache::Archives=/var/cache/ml-env/apt-archives ca-certificates git',
      `RUN git clone --quiet --depth 1 --branch v1.0.0 -- ${REPO} /ml-env/src`,
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=docker/app/helpers \\',
      '    python -m pip wheel --no-deps --wheel-dir /ml-env/out/wheel /ml-env/src && \\',
      '    python /mnt/wheel-requirements.py /ml-env/out/wheel /ml-env/out/deps/requirements.txt',
      '',
      'FROM ${BASE_IMAGE}',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=/ml-env/out/deps,from=doc-aligner-wheel \\',
      '    python -m pip install -r /mnt/requirements.txt',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=/ml-env/out/wheel,from=doc-aligner-wheel \\',
      '    python -m pip install --no-deps --no-index /mnt/*.whl',
      '',
    ]);
    expect(files['docker/app/helpers/wheel-requirements.py']).toContain('from pip._vendor.packaging.requirements import Requirement');
  });

  test('a commit is fetched alone, with a full fetch when the server refuses; extras, subdirectory, index and build tools', () => {
    const sha = '2554bd2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.replace(/a/g, '0');
    const dockerfile = synthOne({
      ref: sha,
      subdirectory: 'python pkg',
      extras: ['torch'],
      buildAptPackages: ['build-essential'],
      buildIsolation: false,
      indexUrl: 'https://pypi.internal/simple/',
      python: 'python3',
    })['docker/app/Dockerfile'];
    expect(dockerfile).toContain('apt-get install -y --no-install-recommends -o Dir::Cache::Archives=/var/cache/ml-env/apt-archives build-essential ca-certificates git\n');
    expect(dockerfile).toContain([
      'RUN git init --quiet /ml-env/src && \\',
      `    git -C /ml-env/src remote add origin ${REPO} && \\`,
      `    { git -C /ml-env/src fetch --quiet --depth 1 origin ${sha} || git -C /ml-env/src fetch --quiet origin; } && \\`,
      `    git -C /ml-env/src checkout --quiet --detach ${sha}`,
    ].join('\n'));
    expect(dockerfile).toContain("python3 -m pip wheel --no-deps --no-build-isolation --index-url https://pypi.internal/simple/ --wheel-dir /ml-env/out/wheel '/ml-env/src/python pkg' && \\");
    expect(dockerfile).toContain('python3 /mnt/wheel-requirements.py /ml-env/out/wheel /ml-env/out/deps/requirements.txt torch\n');
    expect(dockerfile).toContain('python3 -m pip install --index-url https://pypi.internal/simple/ -r /mnt/requirements.txt\n');
  });

  test('two wheels on one image get their own stages and share one script', () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new GitWheelInstall(image, 'Lib', { repository: REPO, ref: 'v1' });
    const scope = new ContainerImage(project, 'Other', { baseImage: BaseImage.of('debian:bookworm') });
    new GitWheelInstall(scope, 'Lib', { repository: REPO, ref: 'v1' });
    new GitWheelInstall(image, 'lib', { repository: 'git://127.0.0.1:9418/lib.git', ref: 'main' });
    const files = synthFiles(project);
    const froms = files['docker/app/Dockerfile'].split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM ${BASE_IMAGE} AS lib-wheel', 'FROM ${BASE_IMAGE} AS lib-wheel-2', 'FROM ${BASE_IMAGE}']);
    expect(Object.keys(files).filter((f) => f.endsWith('wheel-requirements.py')).sort()).toEqual(['docker/app/helpers/wheel-requirements.py', 'docker/other/helpers/wheel-requirements.py']);
  });
});

describe('validation', () => {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  test.each([
    ['credentials in the URL', { repository: 'https://user:token@github.com/a/b.git' }, 'invalid repository: got "https://user:token@github.com/a/b.git"; expected a URL without credentials'],
    ['ssh', { repository: 'git@github.com:a/b.git' }, 'ssh repositories are not supported'],
    ['ssh URL', { repository: 'ssh://git@github.com/a/b.git' }, 'ssh repositories are not supported'],
    ['another scheme', { repository: 'ftp://example.com/b.git' }, 'expected an https://, http://, git:// or file:/// repository URL'],
    ['a quote', { repository: "https://example.com/b'.git" }, 'expected an https://, http://, git:// or file:/// repository URL'],
    ['an option as ref', { ref: '--upload-pack=touch /tmp/x' }, 'invalid ref: got "--upload-pack=touch /tmp/x"; expected a tag, branch or 40-character commit'],
    ['".." in a ref', { ref: 'v1..v2' }, 'invalid ref'],
    ['an extra with brackets', { extras: ['torch]'] }, 'invalid extras.0'],
  ])('%s', (_what, props, message) => {
    expect(() => new GitWheelInstall(image, `Bad${Math.random()}`, { repository: REPO, ref: 'v1', ...props })).toThrow(message);
  });

  test('a repository outside a container image is refused', () => {
    expect(() => new GitWheelInstall(testProject(), 'Loose', { repository: REPO, ref: 'v1' })).toThrow('must be created inside a container image');
  });
});

describe('wheel-requirements.py (run for real on a wheel)', () => {
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wheel-req-'));
  const script = path.join(dir, 'wheel-requirements.py');
  fs.writeFileSync(script, _REQUIREMENTS_SCRIPT);
  const metadata = [
    'Metadata-Version: 2.1', 'Name: Demo_Pkg', 'Version: 1.0', 'Provides-Extra: torch', 'Provides-Extra: all',
    'Requires-Dist: numpy<2', 'Requires-Dist: Pillow>=10.0.0', 'Requires-Dist: numpy<2',
    'Requires-Dist: oldlib; python_version < "3.0"',
    'Requires-Dist: timm>=0.5.4; extra == "torch"',
    'Requires-Dist: demo-pkg[torch]; extra == "all"',
    '',
  ].join('\n');
  // a wheel is a zip: python's zipfile module writes it
  const wheels = path.join(dir, 'wheels');
  fs.mkdirSync(wheels);
  const made = spawnSync(python, ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w"); z.writestr("demo_pkg-1.0.dist-info/METADATA", sys.argv[2]); z.close()',
    path.join(wheels, 'demo_pkg-1.0-py3-none-any.whl'), metadata]);
  expect(made.status).toBe(0);

  function requirements(...extras: string[]) {
    const out = path.join(dir, 'out', 'requirements.txt');
    const result = spawnSync(python, [script, wheels, out, ...extras], { encoding: 'utf-8' });
    return { status: result.status, stderr: result.stderr.trim(), text: result.status === 0 ? fs.readFileSync(out, 'utf-8') : '' };
  }

  test('no extras: the unconditional dependencies, sorted and de-duplicated, markers evaluated', () => {
    expect(requirements()).toEqual({ status: 0, stderr: '', text: 'Pillow>=10.0.0\nnumpy<2\n' });
  });

  test('an extra adds its dependencies; an extra that names the package itself expands', () => {
    expect(requirements('torch').text).toBe('Pillow>=10.0.0\nnumpy<2\ntimm>=0.5.4\n');
    expect(requirements('all').text).toBe('Pillow>=10.0.0\nnumpy<2\ntimm>=0.5.4\n');
  });

  test('an unknown extra fails with the extras the package provides', () => {
    expect(requirements('cuda')).toEqual({ status: 1, stderr: 'wheel-requirements: Demo_Pkg has no extra cuda (it provides: all, torch)', text: '' });
  });

  test('a folder without exactly one wheel fails', () => {
    const result = spawnSync(python, [script, dir, path.join(dir, 'x.txt')], { encoding: 'utf-8' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`wheel-requirements: expected one wheel in ${dir}, found 0`);
  });
});
