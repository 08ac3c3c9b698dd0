/**
 * Proves the e2e helpers work against the real engine (see /work/shared/E2E.md).
 * Nothing here skips: when the engine cannot be set up, every test fails.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DOCKER,
  E2E_BASE_IMAGE,
  NginxIndex,
  buildWheelIndex,
  docker,
  ensureEngine,
  hostPython,
  imageLeakScan,
  isolatedPipEnv,
  processAlive,
  removeContainers,
  removeImages,
  run,
  startNginxIndex,
  uniqueName,
} from './docker';

jest.setTimeout(600_000);

const images: string[] = [];
const containers: string[] = [];
const tmpDirs: string[] = [];

function tmpDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `ml-env-e2e-${prefix}-`));
  tmpDirs.push(d);
  return d;
}

interface BuildOptions {
  readonly buildArgs?: Record<string, string>;
  /** 'host' only when the build needs the network (apt); default 'none'. There is no bridge. */
  readonly network?: 'host' | 'none';
  readonly noCache?: boolean;
}

/** docker build of a Dockerfile given inline; returns the image name. */
function build(prefix: string, dockerfile: string, opts: BuildOptions = {}): string {
  const image = `${uniqueName(prefix)}:e2e`;
  images.push(image);
  const ctx = tmpDir('ctx');
  fs.writeFileSync(path.join(ctx, 'Dockerfile'), dockerfile);
  const args = ['build', '--network', opts.network ?? 'none', '--progress', 'plain', '-t', image];
  if (opts.noCache) args.push('--no-cache');
  for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  docker([...args, ctx]);
  return image;
}

beforeAll(() => {
  ensureEngine();
});

afterAll(() => {
  removeContainers(containers);
  removeImages(images);
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('engine', () => {
  test('the engine answers through /usr/bin/docker, and setup is cached per process', () => {
    expect(DOCKER).toBe('/usr/bin/docker');
    const v = docker(['version', '--format', '{{.Server.Version}}']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+/);
    expect(ensureEngine()).toContain('done');
  });

  test('docker() throws with the output on failure, and allowFail returns the code', () => {
    expect(() => docker(['image', 'inspect', 'ml-env-e2e/does-not-exist:nope'])).toThrow(/No such image/);
    const res = docker(['image', 'inspect', 'ml-env-e2e/does-not-exist:nope'], { allowFail: true });
    expect(res.code).not.toBe(0);
  });

  test('uniqueName gives valid, distinct names', () => {
    const a = uniqueName('My_Test/Image');
    const b = uniqueName('My_Test/Image');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9][a-z0-9_.-]*$/);
  });

  test('the base image exists and runs with no network', () => {
    docker(['image', 'inspect', E2E_BASE_IMAGE]);
    const name = uniqueName('e2e-base-run');
    containers.push(name);
    const res = docker(['run', '--rm', '--name', name, '--network', 'none', E2E_BASE_IMAGE, 'cat', '/etc/debian_version']);
    expect(res.stdout.trim()).toMatch(/^12\./);
  });

  test('docker build --network host can apt-get install from the host mirror', () => {
    const started = Date.now();
    const image = build('e2e-apt', [
      `FROM ${E2E_BASE_IMAGE}`,
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*',
      '',
    ].join('\n'), { network: 'host', noCache: true });
    console.log(`apt-get install python3-pip build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const res = docker(['run', '--rm', '--network', 'none', image, 'python3', '-m', 'pip', '--version']);
    expect(res.stdout).toMatch(/^pip \d+/);
  });
});

describe('package index', () => {
  let root: string;
  let index: NginxIndex | undefined;
  const user = 'e2euser';
  const password = `pw-${crypto.randomBytes(6).toString('hex')}`;

  beforeAll(() => {
    root = tmpDir('index');
    buildWheelIndex(root, 'tinypkg', '0.1.0');
    buildWheelIndex(root, 'Other.Pkg_two', '2.0.0', 'VALUE = 42\n');
    index = startNginxIndex({ root, user, password });
  });

  afterAll(() => {
    index?.stop();
  });

  test('buildWheelIndex lays out a PEP 503 simple index with a real wheel', () => {
    const simple = path.join(root, 'simple');
    expect(fs.readFileSync(path.join(simple, 'index.html'), 'utf8')).toContain('<a href="tinypkg/">tinypkg</a>');
    expect(fs.readFileSync(path.join(simple, 'index.html'), 'utf8')).toContain('<a href="other-pkg-two/">other-pkg-two</a>');
    const files = fs.readdirSync(path.join(simple, 'tinypkg'));
    expect(files).toContain('tinypkg-0.1.0-py3-none-any.whl');
    const page = fs.readFileSync(path.join(simple, 'tinypkg', 'index.html'), 'utf8');
    expect(page).toMatch(/href="tinypkg-0\.1\.0-py3-none-any\.whl#sha256=[0-9a-f]{64}"/);
    // A wheel is a zip with the module and dist-info inside.
    const listing = run(hostPython(), ['-m', 'zipfile', '-l', path.join(simple, 'tinypkg', 'tinypkg-0.1.0-py3-none-any.whl')]).stdout;
    expect(listing).toContain('tinypkg.py');
    expect(listing).toContain('tinypkg-0.1.0.dist-info/METADATA');
  });

  test('nginx answers 401 without credentials and 200 with them', () => {
    const url = `${index!.url}/simple/`;
    const code = (extra: string[]): string => run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--noproxy', '*', ...extra, url]).stdout;
    expect(code([])).toBe('401');
    expect(code(['-u', `${user}:wrong`])).toBe('401');
    expect(code(['-u', `${user}:${password}`])).toBe('200');
    const page = run('curl', ['-sf', '--noproxy', '*', '-u', `${user}:${password}`, `${index!.url}/simple/tinypkg/`]).stdout;
    expect(page).toContain('tinypkg-0.1.0-py3-none-any.whl');
  });

  test('host pip downloads and installs from the authenticated index', () => {
    const indexUrl = `http://${user}:${password}@127.0.0.1:${index!.port}/simple/`;
    const env = isolatedPipEnv();
    const dl = tmpDir('pipdl');
    run(hostPython(), ['-m', 'pip', 'download', '--no-deps', '--index-url', indexUrl, '-d', dl, 'tinypkg==0.1.0'], { env });
    expect(fs.readdirSync(dl)).toEqual(['tinypkg-0.1.0-py3-none-any.whl']);

    // --target keeps the host's python untouched (and is allowed under PEP 668).
    const target = tmpDir('piptarget');
    run(hostPython(), ['-m', 'pip', 'install', '--index-url', indexUrl, '--target', target, 'tinypkg', 'other-pkg-two'], { env });
    const out = run(hostPython(), ['-c', 'import tinypkg, other_pkg_two; print(tinypkg.hello(), other_pkg_two.VALUE)'], {
      env: { ...env, PYTHONPATH: target },
    }).stdout;
    expect(out.trim()).toBe('hello from tinypkg 0.1.0 42');

    // Without credentials pip cannot get in.
    const denied = run(hostPython(), ['-m', 'pip', 'download', '--no-deps', '--index-url', `${index!.url}/simple/`, '-d', tmpDir('pipdenied'), 'tinypkg'], {
      env, allowFail: true,
    });
    expect(denied.code).not.toBe(0);
  });

  test('stop() ends nginx', () => {
    const other = startNginxIndex({ root });
    const status = run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--noproxy', '*', `${other.url}/simple/`]).stdout;
    expect(status).toBe('200');
    other.stop();
    expect(processAlive(other.pid)).toBe(false);
    const after = run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--noproxy', '*', `${other.url}/simple/`], { allowFail: true }).stdout;
    expect(after).toBe('000');
  });
});

describe('imageLeakScan', () => {
  test('finds a string written into a layer, and not a string that is absent', () => {
    const marker = `SECRET123-${crypto.randomBytes(8).toString('hex')}`;
    const image = build('e2e-leak-file', [
      `FROM ${E2E_BASE_IMAGE}`,
      // Split so the RUN line itself (history) does not contain the marker.
      `RUN a='${marker.slice(0, 9)}'; b='${marker.slice(9)}'; echo "$a$b" > /x`,
      '',
    ].join('\n'));
    const found = imageLeakScan(image, marker);
    expect(found.history).toBe(false);
    expect(found.inspect).toBe(false);
    expect(found.layers.some((l) => /layer\.tar!\/x$/.test(l) || /!\/x$/.test(l))).toBe(true);

    const absent = imageLeakScan(image, `ABSENT-${crypto.randomBytes(12).toString('hex')}`);
    expect(absent).toEqual({ history: false, inspect: false, layers: [] });
  });

  test('finds a build-arg value in history (the naive credentials-as-build-args pattern)', () => {
    const pw = `PW-${crypto.randomBytes(8).toString('hex')}`;
    const image = build('e2e-leak-arg', [
      `FROM ${E2E_BASE_IMAGE}`,
      'ARG PW',
      'RUN echo $PW > /dev/null',
      '',
    ].join('\n'), { buildArgs: { PW: pw } });
    const found = imageLeakScan(image, pw);
    expect(found.history).toBe(true);
  });

  test('finds a string in file names, symlink targets, long (PAX) paths, gzip files and nested tarballs', () => {
    const marker = `ZZ${crypto.randomBytes(8).toString('hex')}`;
    const long = `/d/${'a'.repeat(150)}/${'b'.repeat(60)}`;
    const image = build('e2e-leak-places', [
      `FROM ${E2E_BASE_IMAGE}`,
      // The marker is assembled at build time, so the RUN line (history) never holds it.
      `RUN set -e; S="ZZ$(echo ${marker.slice(2)})"; mkdir -p /d/sub ${long}; \\`,
      '    echo "$S" | gzip > /d/content.gz; ln -s "/opt/$S" /d/link; touch "/d/name-$S"; \\',
      '    echo "$S" > /d/sub/inner && tar -czf /d/nested.tgz -C /d sub && rm -rf /d/sub; \\',
      `    echo "$S" > ${long}/longpath; ln "${long}/longpath" "/d/hard-$S"`,
      '',
    ].join('\n'));
    // The RUN line holds marker.slice(2), not the whole marker.
    const found = imageLeakScan(image, marker);
    expect(found.history).toBe(false);
    expect(found.inspect).toBe(false);
    const suffixes = found.layers.map((l) => l.replace(/^[^!]*layer\.tar!/, ''));
    expect(suffixes).toEqual(expect.arrayContaining([
      '/d/content.gz (gunzip)',
      '/d/link (tar header)',
      `/d/name-${marker} (tar header)`,
      '/d/nested.tgz (gunzip)!/sub/inner',
      `${long}/longpath`,
      `/d/hard-${marker} (tar header)`,
    ]));
  });

  test('finds a literal SECRET123 written by RUN echo (history and layer)', () => {
    const image = build('e2e-leak-literal', [
      `FROM ${E2E_BASE_IMAGE}`,
      'RUN echo SECRET123 > /x',
      '',
    ].join('\n'));
    const found = imageLeakScan(image, 'SECRET123');
    expect(found.history).toBe(true);
    expect(found.layers.some((l) => l.endsWith('!/x'))).toBe(true);
  });
});
