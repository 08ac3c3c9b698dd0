/**
 * Helpers for the e2e test tier: a real Docker engine, a local base image, a private
 * package index served on 127.0.0.1, and an image leak scanner.
 *
 * See /work/shared/E2E.md for how the engine works on these machines. Everything here is
 * synchronous and uses only Node's built-ins, so tests stay simple (`jest.setTimeout` long).
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

/** The engine's own client (Debian docker.io); its built-in BuildKit works with DOCKER_BUILDKIT=1. */
export const DOCKER = '/usr/bin/docker';

/** Local base image made by scripts/e2e/setup.sh (debootstrap + docker import). Nothing can be pulled. */
export const E2E_BASE_IMAGE = 'ml-env-e2e/debian:bookworm';

/** scripts/e2e/setup.sh, resolved from this file's location. */
export const SETUP_SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'e2e', 'setup.sh');

const MAX_BUFFER = 512 * 1024 * 1024;
const OUTPUT_TAIL = 20_000;

export interface RunOptions {
  /** Written to the process's stdin. */
  readonly input?: string;
  /** Added to (and overriding) the inherited environment. */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Kill the process after this many milliseconds (default: 30 minutes). */
  readonly timeoutMs?: number;
  /** Return a non-zero exit code instead of throwing. */
  readonly allowFail?: boolean;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL ? `...[${text.length - OUTPUT_TAIL} chars cut]...\n${text.slice(-OUTPUT_TAIL)}` : text;
}

/**
 * Run any command synchronously. Throws (with stdout and stderr in the message) when it cannot
 * be started, times out, or exits non-zero and `allowFail` is not set.
 */
export function run(command: string, args: string[], opts: RunOptions = {}): RunResult {
  const timeout = opts.timeoutMs ?? 30 * 60 * 1000;
  const res = spawnSync(command, args, {
    input: opts.input,
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    timeout,
    maxBuffer: MAX_BUFFER,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout = res.stdout ?? '';
  const stderr = res.stderr ?? '';
  const shown = [command, ...args].join(' ');
  if (res.error) {
    const why = (res.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeout} ms` : res.error.message;
    throw new Error(`\`${shown}\` failed: ${why}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`);
  }
  const code = res.status ?? (res.signal ? 128 : -1);
  if (code !== 0 && !opts.allowFail) {
    const how = res.signal ? `was killed by ${res.signal}` : `exited with code ${code}`;
    throw new Error(`\`${shown}\` ${how}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`);
  }
  return { code, stdout, stderr };
}

/** Run `/usr/bin/docker ARGS` with DOCKER_BUILDKIT=1. See {@link run} for the options. */
export function docker(args: string[], opts: RunOptions = {}): RunResult {
  return run(DOCKER, args, { ...opts, env: { DOCKER_BUILDKIT: '1', ...opts.env } });
}

let engineState: { ok: true; log: string } | { ok: false; error: Error } | undefined;

/**
 * Make sure the engine answers and the base image exists, by running scripts/e2e/setup.sh
 * (once per process; the result, success or failure, is cached). Throws when setup fails:
 * the e2e tier must fail, never skip, when the engine cannot be set up.
 * @returns setup.sh's output
 */
export function ensureEngine(): string {
  if (!engineState) {
    const res = spawnSync('bash', [SETUP_SCRIPT], {
      encoding: 'utf8',
      timeout: 20 * 60 * 1000,
      maxBuffer: MAX_BUFFER,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (res.error || res.status !== 0) {
      const why = res.error ? res.error.message : `exit code ${res.status ?? res.signal}`;
      engineState = {
        ok: false,
        error: new Error(
          `e2e engine setup failed (bash ${SETUP_SCRIPT}: ${why}). The e2e tier needs a real Docker engine; ` +
          `see /work/shared/E2E.md.\n--- stdout ---\n${tail(res.stdout ?? '')}\n--- stderr ---\n${tail(res.stderr ?? '')}`,
        ),
      };
    } else {
      engineState = { ok: true, log: res.stdout };
    }
  }
  if (!engineState.ok) {
    throw engineState.error;
  }
  return engineState.log;
}

/** A name usable for images and containers: lowercase, unique per call. */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'e2e';
  return `${clean}-${process.pid}-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Best-effort `docker image rm -f`; never throws. */
export function removeImages(names: string[]): void {
  if (names.length === 0) return;
  try {
    docker(['image', 'rm', '-f', ...names], { allowFail: true, timeoutMs: 5 * 60 * 1000 });
  } catch {
    // best effort
  }
}

/** Best-effort `docker rm -f -v`; never throws. */
export function removeContainers(names: string[]): void {
  if (names.length === 0) return;
  try {
    docker(['rm', '-f', '-v', ...names], { allowFail: true, timeoutMs: 5 * 60 * 1000 });
  } catch {
    // best effort
  }
}

// ---------------------------------------------------------------------------------------------
// Leak scan
// ---------------------------------------------------------------------------------------------

export interface LeakScanResult {
  /** Found in `docker history --no-trunc`. */
  readonly history: boolean;
  /** Found in `docker image inspect`. */
  readonly inspect: boolean;
  /**
   * Where it was found inside `docker save`: member paths of the saved archive (configs,
   * manifests, layer tars); a member of a nested tar is shown as `<id>/layer.tar!/etc/x`
   * (nesting repeats `!/`), a gzip member's decompressed content as `... (gunzip)`, and a hit in
   * a tar header (file name, link target, PAX record such as an xattr) as `... (tar header)`.
   */
  readonly layers: string[];
}

/** Archives nested deeper than this are searched as raw bytes only. */
const MAX_ARCHIVE_DEPTH = 6;
/** Gzip members up to this size are decompressed (in memory) and searched; bigger ones raw only. */
const MAX_GZIP_MEMBER = 256 * 1024 * 1024;
const SCAN_CHUNK = 4 * 1024 * 1024;
let scanBuffer: Buffer | undefined;

/** A window of bytes: a file region, a region of another source, or a buffer. */
interface ByteSource {
  readonly size: number;
  /** Read up to `len` bytes at `pos` (relative to the source) into `buf` at `off`. */
  read(buf: Buffer, off: number, len: number, pos: number): number;
}

function fileSource(fd: number, size: number): ByteSource {
  return { size, read: (buf, off, len, pos) => fs.readSync(fd, buf, off, Math.min(len, size - pos), pos) };
}

function subSource(src: ByteSource, base: number, size: number): ByteSource {
  return { size, read: (buf, off, len, pos) => src.read(buf, off, Math.min(len, size - pos), base + pos) };
}

function bufferSource(data: Buffer): ByteSource {
  return { size: data.length, read: (buf, off, len, pos) => data.copy(buf, off, pos, Math.min(pos + len, data.length)) };
}

function readExactly(src: ByteSource, pos: number, len: number): Buffer {
  const n = Math.max(0, Math.min(len, src.size - pos));
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const r = src.read(buf, got, n - got, pos + got);
    if (r <= 0) break;
    got += r;
  }
  return buf.subarray(0, got);
}

/** Streamed search of a whole source (shared read buffer; not re-entrant). */
function sourceContains(src: ByteSource, needle: Buffer): boolean {
  const overlap = needle.length - 1;
  if (!scanBuffer || scanBuffer.length < SCAN_CHUNK + overlap) scanBuffer = Buffer.allocUnsafe(SCAN_CHUNK + overlap);
  const buf = scanBuffer;
  let pos = 0;
  let kept = 0;
  while (pos < src.size) {
    const n = src.read(buf, kept, Math.min(SCAN_CHUNK, src.size - pos), pos);
    if (n <= 0) break;
    pos += n;
    const filled = kept + n;
    if (buf.subarray(0, filled).indexOf(needle) >= 0) return true;
    kept = Math.min(overlap, filled);
    buf.copy(buf, 0, filled - kept, filled);
  }
  return false;
}

function isTarMagic(m: Buffer): boolean {
  return m.length >= 262 && m.subarray(257, 262).toString('latin1') === 'ustar';
}

function isGzipMagic(m: Buffer): boolean {
  return m.length >= 2 && m[0] === 0x1f && m[1] === 0x8b;
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

/** Tar numeric field: octal text, or base-256 when the high bit of the first byte is set. */
function tarNumber(b: Buffer): number {
  if (b[0] >= 0x80) {
    let v = b[0] - 0x80;
    for (let i = 1; i < b.length; i++) v = v * 256 + b[i];
    return v;
  }
  const text = cString(b).trim();
  return text ? parseInt(text, 8) : 0;
}

function tarChecksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === tarNumber(h.subarray(148, 156));
}

interface ScanContext {
  readonly needle: Buffer;
  readonly found: string[];
}

/**
 * Read a tar member by member (ustar, GNU long names, PAX) without writing it to disk; search
 * every header and every member's content, descending into nested archives. Returns false when
 * `src` is not a well-formed tar (the caller then searches it raw).
 */
function scanTar(src: ByteSource, label: string, ctx: ScanContext, depth: number): boolean {
  const first = readExactly(src, 0, 512);
  if (first.length < 512 || !tarChecksumOk(first)) return false;
  let pos = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let headerHit = false;
  while (pos + 512 <= src.size) {
    const h = readExactly(src, pos, 512);
    if (h.length < 512 || h.every((b) => b === 0)) break;
    if (!tarChecksumOk(h)) {
      // Damaged from here on: search the rest as raw bytes.
      if (sourceContains(subSource(src, pos, src.size - pos), ctx.needle)) ctx.found.push(`${label} (after offset ${pos})`);
      break;
    }
    const type = String.fromCharCode(h[156] || 0x30);
    const size = tarNumber(h.subarray(124, 136));
    const dataPos = pos + 512;
    const next = dataPos + Math.ceil(size / 512) * 512;
    if (h.indexOf(ctx.needle) >= 0) headerHit = true;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      const data = readExactly(src, dataPos, Math.min(size, 64 * 1024 * 1024));
      if (data.indexOf(ctx.needle) >= 0) headerHit = true;
      if (type === 'L') longName = cString(data);
      if (type === 'x') {
        const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
        if (m) paxPath = m[1];
      }
      pos = next;
      continue;
    }
    const prefix = isTarMagic(h) ? cString(h.subarray(345, 500)) : '';
    const shortName = cString(h.subarray(0, 100));
    const name = (paxPath ?? longName ?? (prefix ? `${prefix}/${shortName}` : shortName)).replace(/^\.\//, '');
    const shown = label ? `${label}!/${name}` : name;
    if (headerHit) ctx.found.push(`${shown} (tar header)`);
    if ((type === '0' || type === '7') && size > 0) {
      scanSource(subSource(src, dataPos, size), shown, ctx, depth + 1);
    }
    longName = undefined;
    paxPath = undefined;
    headerHit = false;
    pos = next;
  }
  return true;
}

/** Search one blob: as a tar if it is one, decompressed if gzip, else raw. */
function scanSource(src: ByteSource, shown: string, ctx: ScanContext, depth: number): void {
  if (depth < MAX_ARCHIVE_DEPTH) {
    const magic = readExactly(src, 0, 512);
    if (isTarMagic(magic) && scanTar(src, shown, ctx, depth)) return;
    if (isGzipMagic(magic) && src.size <= MAX_GZIP_MEMBER) {
      let data: Buffer | undefined;
      try {
        data = zlib.gunzipSync(readExactly(src, 0, src.size));
      } catch {
        data = undefined;
      }
      if (data) {
        const before = ctx.found.length;
        scanSource(bufferSource(data), `${shown} (gunzip)`, ctx, depth + 1);
        if (ctx.found.length > before) return;
      }
    }
  }
  if (sourceContains(src, ctx.needle)) ctx.found.push(shown);
}

/**
 * Look for `secret` everywhere an image stores data: `docker history --no-trunc`,
 * `docker image inspect`, and every member of `docker save` (configs, manifests, and the
 * contents of all layer tars, read recursively: nested tars and gzip files are opened too, and
 * tar headers are searched, so file names, link targets and xattrs count). The saved archive
 * goes to a temp dir that is deleted afterwards; tars are read in-process rather than
 * unpacked to disk (unpacking a layer's thousands of files costs seconds per scan here).
 */
export function imageLeakScan(image: string, secret: string): LeakScanResult {
  if (secret.length === 0) throw new Error('imageLeakScan: empty secret');
  const needle = Buffer.from(secret, 'utf8');
  const history = docker(['history', '--no-trunc', image]).stdout.includes(secret);
  const inspect = docker(['image', 'inspect', image]).stdout.includes(secret);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-leak-'));
  try {
    const archive = path.join(tmp, 'image.tar');
    docker(['save', '-o', archive, image]);
    const ctx: ScanContext = { needle, found: [] };
    const fd = fs.openSync(archive, 'r');
    try {
      const src = fileSource(fd, fs.fstatSync(fd).size);
      if (!scanTar(src, '', ctx, 0)) throw new Error(`imageLeakScan: docker save of ${image} is not a tar`);
    } finally {
      fs.closeSync(fd);
    }
    return { history, inspect, layers: ctx.found };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Package index: nginx on 127.0.0.1
// ---------------------------------------------------------------------------------------------

export interface NginxIndexOptions {
  /** Directory served (with autoindex). */
  readonly root: string;
  /** With `password`: protect everything with HTTP basic auth. */
  readonly user?: string;
  readonly password?: string;
}

export interface NginxIndex {
  /** `http://127.0.0.1:PORT` (no trailing slash, no credentials). */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Kill nginx (by its pid) and delete its temp dir. Safe to call twice. */
  stop(): void;
}

/**
 * Whether `pid` is a live process. A zombie counts as gone: children of this process are only
 * reaped when the event loop runs, which synchronous helpers do not let it do.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  const port = Number(run(process.execPath, ['-e', script]).stdout.trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error('could not find a free port');
  return port;
}

/** HTTP status of GET url (0 if nothing answers), without proxies. */
function httpStatus(url: string): number {
  const res = run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--noproxy', '*', '--max-time', '5', url], {
    allowFail: true,
    timeoutMs: 10_000,
  });
  return Number(res.stdout.trim()) || 0;
}

const livePids = new Set<number>();
let exitHookInstalled = false;

function killOnExit(pid: number): void {
  livePids.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const p of livePids) {
        try {
          // Only if the pid still is an nginx (never a reused pid).
          if (fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() !== 'nginx') continue;
          process.kill(p, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    });
  }
}

function nginxQuote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function nginxTempPathDirectives(tmp: string): string[] {
  const version = run('/usr/sbin/nginx', ['-V']).stderr;
  const out = [`client_body_temp_path ${nginxQuote(path.join(tmp, 'client_body'))};`];
  for (const mod of ['proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    if (!version.includes(`--without-http_${mod}_module`)) out.push(`${mod}_temp_path ${nginxQuote(path.join(tmp, mod))};`);
  }
  return out;
}

/**
 * Start Debian's nginx (as a child process, master + 1 worker running as root so it can read
 * root-owned temp dirs) serving `root` with autoindex on 127.0.0.1:<free port>, optionally behind
 * HTTP basic auth (htpasswd from apache2-utils). Waits until it answers.
 */
export function startNginxIndex(opts: NginxIndexOptions): NginxIndex {
  if ((opts.user === undefined) !== (opts.password === undefined)) {
    throw new Error('startNginxIndex: give both user and password, or neither');
  }
  const root = path.resolve(opts.root);
  if (!fs.statSync(root).isDirectory()) throw new Error(`startNginxIndex: ${root} is not a directory`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-nginx-'));
  let authLines: string[] = [];
  if (opts.user !== undefined && opts.password !== undefined) {
    const htpasswd = path.join(tmp, 'htpasswd');
    run('htpasswd', ['-bc', htpasswd, opts.user, opts.password]);
    authLines = ['auth_basic "ml-env-e2e index";', `auth_basic_user_file ${nginxQuote(htpasswd)};`];
  }
  const tempPaths = nginxTempPathDirectives(tmp);

  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = freePort();
    const conf = path.join(tmp, 'nginx.conf');
    const errorLog = path.join(tmp, 'error.log');
    fs.writeFileSync(conf, [
      'user root root;',
      'daemon off;',
      'master_process on;',
      'worker_processes 1;',
      `pid ${nginxQuote(path.join(tmp, 'nginx.pid'))};`,
      `error_log ${nginxQuote(errorLog)} info;`,
      'events { worker_connections 128; }',
      'http {',
      `  access_log ${nginxQuote(path.join(tmp, 'access.log'))};`,
      ...tempPaths.map((l) => `  ${l}`),
      '  types { text/html html htm; application/json json; text/plain txt; application/octet-stream whl; application/gzip gz tgz; }',
      '  default_type application/octet-stream;',
      '  sendfile on;',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    server_name localhost;',
      `    root ${nginxQuote(root)};`,
      '    index index.html;',
      '    autoindex on;',
      ...authLines.map((l) => `    ${l}`),
      '  }',
      '}',
      '',
    ].join('\n'));
    fs.rmSync(errorLog, { force: true });
    const child = spawn('/usr/sbin/nginx', ['-e', errorLog, '-p', tmp, '-c', conf], {
      stdio: ['ignore', 'ignore', 'ignore'],
      detached: false,
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error('startNginxIndex: nginx did not start');
    killOnExit(pid);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 15_000;
    let status = 0;
    let alive = true;
    while (Date.now() < deadline) {
      status = httpStatus(`${url}/`);
      if (status !== 0) break;
      if (!processAlive(pid)) {
        alive = false;
        break;
      }
      sleepMs(100);
    }
    if (status !== 0) {
      let stopped = false;
      return {
        url,
        port,
        pid,
        stop(): void {
          if (stopped) return;
          stopped = true;
          livePids.delete(pid);
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // already gone
          }
          // Let the master reap its worker before the temp dir goes away.
          for (let i = 0; i < 100 && processAlive(pid); i++) sleepMs(100);
          fs.rmSync(tmp, { recursive: true, force: true });
        },
      };
    }
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    livePids.delete(pid);
    lastError = `${alive ? 'nginx running but not answering' : 'nginx exited'}\n` +
      (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '(no error log)');
    // Someone took the port between freePort() and nginx's bind: try another one.
    if (!lastError.includes('Address already in use')) break;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  throw new Error(`startNginxIndex: nginx did not answer on 127.0.0.1\n--- error.log ---\n${tail(lastError)}`);
}

// ---------------------------------------------------------------------------------------------
// Wheels and a PEP 503 simple index
// ---------------------------------------------------------------------------------------------

let cachedPython: string | undefined;

/**
 * A host python that can build wheels offline (pip, setuptools and wheel importable): python3 on
 * PATH when it can, else Debian's /usr/bin/python3 (scripts/e2e/setup.sh makes sure of one).
 */
export function hostPython(): string {
  if (cachedPython) return cachedPython;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    // setuptools before pip: Debian's setuptools asserts if distutils was imported first.
    const res = spawnSync(candidate, ['-c', 'import setuptools, wheel, pip'], { stdio: 'ignore' });
    if (res.status === 0) {
      cachedPython = candidate;
      return candidate;
    }
  }
  throw new Error('no host python3 with pip, setuptools and wheel; run scripts/e2e/setup.sh');
}

/**
 * Environment for host pip runs that must see only the test's own index: no pip config files
 * (this machine's pip.conf adds local indexes, find-links and constraints), no PIP_* variables,
 * no proxy for 127.0.0.1, no cache.
 */
export function isolatedPipEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.toUpperCase().startsWith('PIP_')) env[k] = v;
  }
  env.PIP_CONFIG_FILE = os.devNull;
  env.PIP_NO_CACHE_DIR = '1';
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1';
  env.PIP_NO_INPUT = '1';
  env.NO_PROXY = '127.0.0.1,localhost';
  env.no_proxy = '127.0.0.1,localhost';
  return env;
}

/** PEP 503 name normalisation. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function writeLinksPage(file: string, title: string, links: { href: string; text: string }[]): void {
  const body = links.map((l) => `    <a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a><br/>`).join('\n');
  fs.writeFileSync(file, `<!DOCTYPE html>\n<html>\n  <head><meta name="pypi:repository-version" content="1.0"><title>${escapeHtml(title)}</title></head>\n  <body>\n${body}\n  </body>\n</html>\n`);
}

/**
 * Build a real wheel of a tiny pure-Python package (one module named after the package, with
 * `moduleBody` as its source) on the host, offline (`pip wheel --no-deps --no-build-isolation`),
 * and add it to a PEP 503 simple index under `dir`:
 * `dir/simple/index.html`, `dir/simple/<normalized-name>/index.html` and the wheel next to it
 * (links carry `#sha256=`). Calling it again with other packages or versions adds to the index.
 * @returns the index root (`dir`, absolute); serve it and use `<url>/simple/` as the index URL
 */
export function buildWheelIndex(dir: string, pkgName: string, version: string, moduleBody?: string): string {
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(pkgName)) throw new Error(`invalid package name: ${pkgName}`);
  const root = path.resolve(dir);
  const project = normalizeProjectName(pkgName);
  const moduleName = pkgName.replace(/[-.]+/g, '_').toLowerCase();
  const body = moduleBody ?? `__version__ = ${JSON.stringify(version)}\n\n\ndef hello():\n    return ${JSON.stringify(`hello from ${pkgName} ${version}`)}\n`;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-e2e-wheel-'));
  try {
    const src = path.join(work, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'pyproject.toml'), [
      '[build-system]',
      'requires = ["setuptools>=61", "wheel"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      `name = ${JSON.stringify(pkgName)}`,
      `version = ${JSON.stringify(version)}`,
      `description = ${JSON.stringify(`ml-env-constructs e2e test package ${pkgName}`)}`,
      'requires-python = ">=3.7"',
      '',
      '[tool.setuptools]',
      `py-modules = [${JSON.stringify(moduleName)}]`,
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(src, `${moduleName}.py`), body);
    const out = path.join(work, 'dist');
    run(hostPython(), ['-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '--no-index', '-w', out, src], {
      env: isolatedPipEnv(),
      timeoutMs: 5 * 60 * 1000,
    });
    const wheels = fs.readdirSync(out).filter((f) => f.endsWith('.whl'));
    if (wheels.length !== 1) throw new Error(`expected one wheel in ${out}, found: ${wheels.join(', ') || 'none'}`);

    const simple = path.join(root, 'simple');
    const projectDir = path.join(simple, project);
    fs.mkdirSync(projectDir, { recursive: true });
    fs.copyFileSync(path.join(out, wheels[0]), path.join(projectDir, wheels[0]));

    const files = fs.readdirSync(projectDir).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz')).sort();
    writeLinksPage(path.join(projectDir, 'index.html'), `Links for ${project}`, files.map((f) => ({
      href: `${f}#sha256=${crypto.createHash('sha256').update(fs.readFileSync(path.join(projectDir, f))).digest('hex')}`,
      text: f,
    })));
    const projects = fs.readdirSync(simple).filter((f) => fs.statSync(path.join(simple, f)).isDirectory()).sort();
    writeLinksPage(path.join(simple, 'index.html'), 'Simple index', projects.map((p) => ({ href: `${p}/`, text: p })));
    return root;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
