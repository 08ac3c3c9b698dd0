import { LocalPackageInstall } from '../../src/features/local-package-install';
import { ModelAssets } from '../../src/features/model-assets';
import { PythonPackages } from '../../src/features/python-packages';
import { WritableDirectories } from '../../src/features/writable-directories';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { expectValidDockerfile, parseDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

describe('dockerfile', () => {
  test('the source is copied into the builder stage only; the final stage gets the dependencies, then the wheel', () => {
    // GIVEN
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new LocalPackageInstall(image, 'Toolkit', { extras: ['torch'], buildIsolation: false });
    // WHEN
    const dockerfile = synthFiles(project)['docker/app/Dockerfile'];
    // THEN
    expectValidDockerfile(dockerfile);
    expect(dockerfile.split('\n').slice(2)).toEqual([
      'ARG BASE_IMAGE="debian:bookworm"',
      '',
      'FROM ${BASE_IMAGE} AS toolkit-wheel',
      'COPY . /ml-env/src',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=docker/app/helpers \\',
      '    python -m pip wheel --no-deps --no-build-isolation --wheel-dir /ml-env/out/wheel /ml-env/src && \\',
      '    python /mnt/wheel-requirements.py /ml-env/out/wheel /ml-env/out/deps/requirements.txt torch',
      '',
      'FROM ${BASE_IMAGE}',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=/ml-env/out/deps,from=toolkit-wheel \\',
      '    python -m pip install -r /mnt/requirements.txt',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=bind,target=/mnt,source=/ml-env/out/wheel,from=toolkit-wheel \\',
      '    python -m pip install --no-deps --no-index /mnt/*.whl',
      '',
    ]);
  });

  test('layer order: dependencies and model files above the project code, files and user below it', () => {
    const project = testProject();
    // the generated scripts are bind-mounted from the build context: the image's folder must be inside it
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm'), buildContext: 'src', directory: 'src/docker/app' });
    new WritableDirectories(image, 'Out', { paths: ['/out'] });
    new LocalPackageInstall(image, 'Code', { path: 'src/pkg', buildAptPackages: ['build-essential'] });
    new ModelAssets(image, 'Models', { directory: '/opt/models', files: [{ url: 'https://example.com/m.onnx', size: 3 }] });
    new PythonPackages(image, 'Deps', { packages: ['numpy<2'] });
    const dockerfile = synthFiles(project)['src/docker/app/Dockerfile'];
    expectValidDockerfile(dockerfile);
    const finalRuns = dockerfile.split('FROM ${BASE_IMAGE}\n')[1].trimEnd().split('\nRUN ').map((r) => r.split('\n').pop());
    expect(finalRuns).toEqual([
      "    python -m pip install 'numpy<2'",
      '    python3 /mnt/fetch-assets.py /opt/models https://example.com/m.onnx m.onnx - 3',
      '    python -m pip install -r /mnt/requirements.txt',
      '    python -m pip install --no-deps --no-index /mnt/*.whl',
      '    chmod 1777 -- /out',
    ]);
    // paths are relative to the build context; the builder installs its build tools first
    expect(parseDockerfile(dockerfile).filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual([['pkg', '/ml-env/src']]);
    expect(dockerfile).toContain('--mount=type=bind,target=/mnt,source=docker/app/helpers \\\n');
    expect(dockerfile).toContain('FROM ${BASE_IMAGE} AS code-wheel\nRUN --mount=type=cache,id=ml-env-apt-lists');
  });
});

describe('validation', () => {
  test('a package outside the build context fails at synth with both paths', () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm'), buildContext: 'src', directory: 'src/docker' });
    new LocalPackageInstall(image, 'Code', { path: 'other/pkg' });
    expect(() => project.synth()).toThrow('"other/pkg" is outside the build context "src" of app:latest');
  });

  test('generated scripts outside the build context fail at synth and say what to do', () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm'), buildContext: 'src' });
    new LocalPackageInstall(image, 'Code', { path: 'src/pkg' });
    expect(() => project.synth()).toThrow('"docker/app/helpers" is outside the build context "src" of app:latest; set buildContext to a folder that holds it');
  });

  test.each([
    ['an absolute path', { path: '/etc' }, 'invalid path: got "/etc"'],
    ['a parent path', { path: '../x' }, 'invalid path: got "../x"'],
    ['an extra with a quote', { extras: ["torch'"] }, 'invalid extras.0: got "torch\'"; expected an extra name'],
    ['an index with credentials', { indexUrl: 'https://u:p@pypi.internal/simple' }, 'invalid indexUrl'],
    ['a bad apt package', { buildAptPackages: ['gcc; rm -rf /'] }, 'invalid buildAptPackages.0'],
  ])('%s', (_what, props, message) => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    expect(() => new LocalPackageInstall(image, 'Code', props)).toThrow(message);
  });
});
