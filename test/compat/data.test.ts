import { valueOf } from '../../src/compat/confidence';
import * as data from '../../src/compat/data';
import { compareVersions, majorMinor } from '../../src/compat/versions';

type Tables = Pick<typeof data, 'NGC_PYTORCH' | 'CUDA_TAGS' | 'ONNXRUNTIME_GPU' | 'ORT_FEEDS' | 'TORCH_WHEELS' | 'UBUNTU_PYTHON'>;

const CELL = /^[0-9][0-9A-Za-z.+]*[~?]?$/;

/** Everything wrong with the tables' internal consistency, one line each. */
function consistencyProblems(t: Tables): string[] {
  const problems: string[] = [];
  const duplicates = (what: string, keys: string[]) => {
    keys.filter((k, i) => keys.indexOf(k) !== i).forEach((k) => problems.push(`duplicate ${what} ${k}`));
    keys.slice(1).forEach((k, i) => {
      if (compareVersions(keys[i], k) >= 0) problems.push(`${what} ${k} is out of order (after ${keys[i]})`);
    });
  };
  duplicates('NGC release', t.NGC_PYTORCH.map((r) => r.release));
  duplicates('CUDA tag', t.CUDA_TAGS.map((r) => valueOf(r.cuda)!));
  duplicates('onnxruntime version', t.ONNXRUNTIME_GPU.map((r) => r.version));
  duplicates('torch version', t.TORCH_WHEELS.map((r) => r.torch));

  const cudnnMajorOf = (token: string) => (token === 'cudnn8' ? 8 : 9);
  const cudaFamilies = new Set(t.CUDA_TAGS.map((r) => majorMinor(valueOf(r.cuda)!)));
  const cudnnByMajor = new Map<string, Set<number>>();
  for (const row of t.CUDA_TAGS) {
    const cudaMajor = valueOf(row.cuda)!.split('.')[0];
    cudnnByMajor.set(cudaMajor, new Set([...(cudnnByMajor.get(cudaMajor) ?? []), cudnnMajorOf(row.cudnnToken)]));
    if (!['cudnn8', 'cudnn9', 'cudnn'].includes(row.cudnnToken)) problems.push(`CUDA ${row.cuda} has an unknown cuDNN token ${row.cudnnToken}`);
    if (row.cudnn && String(cudnnMajorOf(row.cudnnToken)) !== valueOf(row.cudnn)!.split('.')[0]) {
      problems.push(`CUDA ${row.cuda}: cuDNN ${row.cudnn} does not match its tag token ${row.cudnnToken}`);
    }
    for (const u of row.ubuntu) if (!(valueOf(u)! in t.UBUNTU_PYTHON)) problems.push(`CUDA ${row.cuda}: ubuntu ${u} has no Python in UBUNTU_PYTHON`);
    for (const u of row.noCudnnOn ?? []) if (!row.ubuntu.some((c) => valueOf(c) === u)) problems.push(`CUDA ${row.cuda}: noCudnnOn ${u} is not one of its ubuntu`);
    for (const c of [row.cuda, ...row.ubuntu, ...(row.cudnn ? [row.cudnn] : [])]) if (!CELL.test(c)) problems.push(`CUDA ${row.cuda}: bad cell "${c}"`);
  }
  for (const row of t.ONNXRUNTIME_GPU) {
    if (!valueOf(row.newest)!.startsWith(row.version.split('.').slice(0, 2).join('.'))) problems.push(`onnxruntime ${row.version}: newest ${row.newest} is another minor`);
    for (const build of row.builds) {
      const cudaMajor = valueOf(build.cuda)!.split('.')[0];
      if (!cudnnByMajor.has(cudaMajor)) problems.push(`onnxruntime ${row.version}: CUDA ${build.cuda} has no CUDA ${cudaMajor} images in the tag table`);
      else if (!cudnnByMajor.get(cudaMajor)!.has(build.cudnn)) problems.push(`onnxruntime ${row.version}: no CUDA ${cudaMajor} image has cuDNN ${build.cudnn}`);
      if (build.index !== 'pypi' && !(build.index in t.ORT_FEEDS)) problems.push(`onnxruntime ${row.version}: unknown index ${build.index}`);
    }
    const builds = row.builds.map((b) => `${valueOf(b.cuda)!.split('.')[0]}/${b.index}`);
    if (new Set(builds).size !== builds.length) problems.push(`onnxruntime ${row.version}: two builds for one CUDA major on one index`);
    const pythons = [...row.python, ...(row.noPython ?? [])].map((p) => valueOf(p)!);
    if (new Set(pythons).size !== pythons.length) problems.push(`onnxruntime ${row.version}: a Python is listed twice`);
  }
  for (const row of t.NGC_PYTORCH.filter((r) => r.released !== false)) {
    if (!row.cuda) {
      problems.push(`NGC ${row.release} has no CUDA`);
      continue;
    }
    if (!cudaFamilies.has(majorMinor(valueOf(row.cuda)!))) problems.push(`NGC ${row.release}: CUDA ${row.cuda} has no tag family in the CUDA tag table`);
    if (row.ubuntu && row.python && valueOf(t.UBUNTU_PYTHON[valueOf(row.ubuntu)!]) !== valueOf(row.python)) {
      problems.push(`NGC ${row.release}: Python ${row.python} is not the python3 of Ubuntu ${row.ubuntu}`);
    }
    for (const [k, c] of Object.entries(row)) if (k !== 'release' && typeof c === 'string' && !CELL.test(c)) problems.push(`NGC ${row.release}: bad ${k} cell "${c}"`);
  }
  for (const row of t.TORCH_WHEELS) {
    for (const index of row.indexes) {
      if (!cudnnByMajor.has(index.cuda.split('.')[0])) problems.push(`torch ${row.torch}: ${index.tag} has no CUDA images`);
    }
    if (row.pypiDefault && !row.indexes.some((i) => i.tag === valueOf(row.pypiDefault))) problems.push(`torch ${row.torch}: PyPI default ${row.pypiDefault} is not one of its indexes`);
  }
  return problems;
}

test('the compatibility tables are consistent', () => {
  expect(consistencyProblems(data)).toEqual([]);
});

test('the consistency check finds broken tables', () => {
  // GIVEN copies of the tables with one mistake of each kind
  const broken: Tables = {
    ...data,
    NGC_PYTORCH: [...data.NGC_PYTORCH, { release: '26.08', cuda: '14.1.0', ubuntu: '24.04', python: '3.10' }],
    CUDA_TAGS: [...data.CUDA_TAGS, { cuda: '13.4.1', ubuntu: ['28.04'], cudnnToken: 'cudnn10', cudnn: '8.1' }],
    ONNXRUNTIME_GPU: [...data.ONNXRUNTIME_GPU, {
      version: '1.29',
      newest: '1.30.0',
      python: ['3.12'],
      noPython: ['3.12'],
      builds: [{ cuda: '10.2', cudnn: 8, index: 'pypi' }, { cuda: '12', cudnn: 7, index: 'onnxruntime-cuda-99' }],
    }],
  };
  // WHEN
  const problems = consistencyProblems(broken);
  // THEN
  expect(problems).toEqual([
    'duplicate NGC release 26.08',
    'NGC release 26.08 is out of order (after 26.08)',
    'duplicate CUDA tag 13.4.1',
    'CUDA tag 13.4.1 is out of order (after 13.4.1)',
    'CUDA 13.4.1 has an unknown cuDNN token cudnn10',
    'CUDA 13.4.1: cuDNN 8.1 does not match its tag token cudnn10',
    'CUDA 13.4.1: ubuntu 28.04 has no Python in UBUNTU_PYTHON',
    'onnxruntime 1.29: newest 1.30.0 is another minor',
    'onnxruntime 1.29: CUDA 10.2 has no CUDA 10 images in the tag table',
    'onnxruntime 1.29: no CUDA 12 image has cuDNN 7',
    'onnxruntime 1.29: unknown index onnxruntime-cuda-99',
    'onnxruntime 1.29: a Python is listed twice',
    'NGC 26.08: CUDA 14.1.0 has no tag family in the CUDA tag table',
    'NGC 26.08: Python 3.10 is not the python3 of Ubuntu 24.04',
  ]);
});
