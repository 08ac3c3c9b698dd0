import { PythonPackages, PythonPackagesProps } from '../../src/features/python-packages';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { expectValidDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

function body(props: PythonPackagesProps): string {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  new PythonPackages(image, 'Deps', props);
  const dockerfile = synthFiles(project)['docker/app/Dockerfile'];
  expectValidDockerfile(dockerfile);
  return dockerfile.split('FROM ${BASE_IMAGE}\n')[1];
}

test('as root: pip\'s own cache folder in a cache mount, specifiers quoted, files bind-mounted', () => {
  expect(body({ packages: ['Pillow>=10.0.0'], requirementsFiles: ['requirements.txt'], constraintsFiles: ['constraints.txt'], extraIndexUrls: ['https://e.com/simple'] })).toBe([
    'RUN --mount=type=cache,target=/root/.cache/pip \\',
    '    --mount=type=bind,target=/tmp/ml-env/constraints-0.txt,source=constraints.txt \\',
    '    --mount=type=bind,target=/tmp/ml-env/requirements-0.txt,source=requirements.txt \\',
    "    python -m pip install --extra-index-url https://e.com/simple -c /tmp/ml-env/constraints-0.txt -r /tmp/ml-env/requirements-0.txt 'Pillow>=10.0.0'",
    '',
  ].join('\n'));
});

test('as another uid: a cache owned by that uid (uid=), in a folder it can reach, named in PIP_CACHE_DIR', () => {
  expect(body({ packages: ['tqdm'], uid: 1000, python: 'python3', pipOptions: ['--user'] })).toBe([
    'RUN --mount=type=cache,id=ml-env-pip-uid-1000,target=/tmp/ml-env-pip-cache,uid=1000 \\',
    "    PIP_CACHE_DIR=/tmp/ml-env-pip-cache python3 -m pip install --user 'tqdm'",
    '',
  ].join('\n'));
});

test('a negative uid fails', () => {
  const image = new ContainerImage(testProject(), 'App', { baseImage: BaseImage.of('debian:bookworm') });
  expect(() => new PythonPackages(image, 'Deps', { packages: ['tqdm'], uid: -1 })).toThrow('invalid uid: got -1; expected a uid of 0 or more');
});
