import { IConstruct } from 'constructs';
import { z } from 'zod';
import { PypiCredentials, PypiCredentialsKind } from './pypi-credentials';
import { PIP_CACHE } from './python-packages';
import * as schemas from '../compat/schemas';
import { Mount } from '../dockerfile/mount';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { shellQuote, shellQuoteAlways } from '../private/quote';
import { checkProps, constructPath } from '../private/validate';

/** Props of PrivatePypiInstall. */
export interface PrivatePypiInstallProps {
  /** The private index (PEP 503 simple API), http or https, without credentials in it. */
  readonly indexUrl: string;
  /** PEP 508 requirements installed from it, such as `docaligner>=0.7`; always quoted. */
  readonly packages: string[];
  /**
   * Further index URLs (without credentials). pip has no index priority: a public extra index
   * lets anyone publish a package of the same name (dependency confusion).
   * @default - none
   */
  readonly extraIndexUrls?: string[];
  /**
   * Where the build reads the credentials.
   * @default PypiCredentials.fromEnv() - $PYPI_USERNAME and $PYPI_PASSWORD of the person building
   */
  readonly credentials?: PypiCredentials;
  /**
   * The BuildKit secret id (`--secret id=<id>`).
   * @default - "pypi-" and the construct id in kebab case (`InternalPypi` gives "pypi-internal-pypi")
   */
  readonly secretId?: string;
  /**
   * Pass a fingerprint build arg (a sha256 computed by build.sh from the index URLs and the
   * credentials) so the install layer is rebuilt when they change; BuildKit does not rebuild a
   * layer when only a secret changes. The hash lands in the image history.
   * @default false
   */
  readonly fingerprint?: boolean;
  /**
   * Run the install as this user (`USER` before the RUN, `USER root` after it).
   * @default - the current user of the build (root in the presets)
   */
  readonly user?: string;
  /**
   * Numeric uid owning the mounted secret and pip cache, so a non-root RUN can read them.
   * @default - the user when it is numeric, else 0
   */
  readonly uid?: number;
  /**
   * The Python interpreter that runs pip.
   * @default "python"
   */
  readonly python?: string;
}

const INDEX_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?([/?#][A-Za-z0-9._~:/?#[\]!&()*+,;=%-]*)?$/;
const indexUrl = z.string().superRefine((url, ctx) => {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*@/.test(url)) {
    ctx.addIssue({ code: 'custom', message: 'expected an index URL without credentials (user:password@); give them with credentials, such as PypiCredentials.fromPipConf() or PypiCredentials.fromEnv()' });
  } else if (!INDEX_URL.test(url)) {
    ctx.addIssue({ code: 'custom', message: 'expected an http(s) URL such as "https://pypi.internal/simple/", without spaces, quotes, "$" or "\\"' });
  }
});

const schema = z.object({
  indexUrl,
  packages: z.array(schemas.pipRequirement).min(1, 'expected at least one package'),
  extraIndexUrls: z.array(indexUrl).optional(),
  credentials: z.custom<PypiCredentials>((v) => v instanceof PypiCredentials, 'expected PypiCredentials (PypiCredentials.fromEnv, .fromPipConf, .fromNetrc or .legacyBuildArgs)').optional(),
  secretId: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected lowercase letters, digits, "_", "." or "-"').optional(),
  fingerprint: z.boolean().optional(),
  user: z.string().regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/, 'expected user[:group] by name or number').optional(),
  uid: z.number().int().min(0).optional(),
  python: schemas.pythonInterpreter.optional(),
}).refine((p) => p.user === undefined || p.uid !== undefined || /^\d+(:|$)/.test(p.user), {
  message: 'expected uid too when user is a name (the numeric id the secret mount is owned by)', path: ['uid'],
});

/** Where a non-root install keeps pip's cache (a cache mount owned by its uid). */
const USER_PIP_CACHE = '/tmp/ml-env-pip-cache';

/**
 * Packages installed from a private package index whose credentials never reach the image: they
 * go through a BuildKit secret mount that exists only during the install RUN (no `# syntax=`
 * directive needed). The image's build.sh checks the credentials are there before building and
 * passes the matching `--secret` flag.
 *
 * @example
 * new PrivatePypiInstall(image, 'Internal', {
 *   indexUrl: 'https://pypi.internal/simple/',
 *   packages: ['docaligner'],
 *   credentials: PypiCredentials.fromPipConf(),
 * });
 */
export class PrivatePypiInstall extends ImageFeature {
  public readonly phase = FeaturePhase.PYTHON_PACKAGES;
  /** The BuildKit secret id. */
  public readonly secretId: string;
  /** Where the credentials come from. */
  public readonly credentials: PypiCredentials;
  private readonly props: PrivatePypiInstallProps;
  private readonly packageList: string[];

  public constructor(scope: IConstruct, id: string, props: PrivatePypiInstallProps) {
    super(scope, id);
    checkProps(this, 'private pypi install', schema, props);
    this.props = props;
    this.packageList = [...props.packages];
    this.credentials = props.credentials ?? PypiCredentials.fromEnv();
    this.secretId = props.secretId ?? `pypi-${kebab(id) || 'index'}`;
    const where = `private pypi install at "${constructPath(this)}"`;
    if (this.credentials.kind === PypiCredentialsKind.LEGACY_BUILD_ARGS) {
      this.project.logger.warn(`${where}: legacy build-arg credentials LEAK: ${this.credentials.usernameVariable} and ${this.credentials.passwordVariable} are stored in the image history ("docker history --no-trunc" shows them) for anyone who pulls ${this.image.imageRef}; use PypiCredentials.fromEnv, fromPipConf or fromNetrc (BuildKit secrets)`);
    }
    for (const url of this.plainHttpUrls()) {
      this.project.logger.warn(`${where}: ${url} is plain http: the credentials cross the network in clear text and --trusted-host turns off TLS checks for it; use https`);
    }
    this.node.addValidation({ validate: () => this.duplicateSecretIds() });
  }

  /** The requirements, in the order given. */
  public get packages(): string[] {
    return [...this.packageList];
  }

  /** Adds requirements to the same install. */
  public addPackages(...packages: string[]): void {
    checkProps(this, 'private pypi install', z.object({ packages: z.array(schemas.pipRequirement) }), { packages });
    this.packageList.push(...packages);
  }

  /** The build arg carrying the fingerprint, such as `PYPI_INTERNAL_FINGERPRINT`. */
  public get fingerprintArg(): string {
    return `${this.secretId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_FINGERPRINT`;
  }

  public contribute(build: ImageBuild): void {
    const p = this.props;
    const c = this.credentials;
    const stage = build.finalStage;
    const legacy = c.kind === PypiCredentialsKind.LEGACY_BUILD_ARGS;
    const target = `/run/secrets/${this.secretId}`;
    const uid = p.uid ?? (p.user && /^\d+(:|$)/.test(p.user) ? Number(p.user.split(':')[0]) : undefined);
    const nonRoot = uid !== undefined && uid !== 0;

    stage.comment(`${this.packageList.join(', ')} from the private index ${p.indexUrl} (credentials: ${c._describe()})`);
    if (legacy) stage.arg(c.usernameVariable!).arg(c.passwordVariable!);
    // declared right before the install, so a new fingerprint rebuilds this layer and nothing above it
    if (p.fingerprint) stage.arg(this.fingerprintArg);
    if (p.user) stage.user(p.user);

    const mounts = [nonRoot ? Mount.cache({ target: USER_PIP_CACHE, uid }) : Mount.cache({ target: PIP_CACHE })];
    const words: string[] = [];
    if (!legacy) {
      mounts.push(Mount.secret({ id: this.secretId, target, required: true, uid: nonRoot ? uid : undefined }));
      // pip reads the credentialed index-url of the pip config, or matches the netrc by host
      words.push(`${c.kind === PypiCredentialsKind.NETRC ? 'NETRC' : 'PIP_CONFIG_FILE'}=${target}`);
    }
    if (nonRoot) words.push(`PIP_CACHE_DIR=${USER_PIP_CACHE}`);
    words.push(shellQuote(p.python ?? 'python'), '-m', 'pip', 'install');
    if (legacy) {
      const [, scheme, rest] = /^(https?:\/\/)(.*)$/.exec(p.indexUrl)!;
      words.push('--index-url', `"${scheme}\${${c.usernameVariable}}:\${${c.passwordVariable}}@${rest}"`);
    } else if (c.kind === PypiCredentialsKind.NETRC) {
      words.push('--index-url', shellQuote(p.indexUrl));
    }
    for (const extra of p.extraIndexUrls ?? []) words.push('--extra-index-url', shellQuote(extra));
    for (const host of new Set(this.plainHttpUrls().map(netloc))) words.push('--trusted-host', shellQuote(host));
    words.push(...this.packageList.map(shellQuoteAlways));
    stage.run([words.join(' ')], { mounts });
    if (p.user) stage.user('root');

    this.contributeBuildScript(build);
  }

  private contributeBuildScript(build: ImageBuild): void {
    const c = this.credentials;
    const script = this.image.buildScript.path;
    const v = `ml_env_${this.secretId.replace(/[^A-Za-z0-9]/g, '_')}`;
    const urls = [this.props.indexUrl, ...(this.props.extraIndexUrls ?? [])].map(shellQuote).join(' ');
    const fail = (...parts: string[]) => `{ echo ${parts.join('')} >&2; exit 1; }`;
    const lines = [`# private index ${this.props.indexUrl}: credentials from ${c._describe()}`];
    let source: string;
    if (c.kind === PypiCredentialsKind.ENV || c.kind === PypiCredentialsKind.LEGACY_BUILD_ARGS) {
      const form = c.kind === PypiCredentialsKind.ENV ? 'PypiCredentials.fromEnv' : 'PypiCredentials.legacyBuildArgs';
      for (const [variable, what] of [[c.usernameVariable!, 'account'], [c.passwordVariable!, 'password']]) {
        lines.push(`[[ -n "\${${variable}:-}" ]] || ${fail(shellQuote(`${script}: ${variable} is not set: export the ${what} of the private index ${this.props.indexUrl} (${form})`))}`);
      }
      source = `printf '%s\\n' "$${c.usernameVariable}" "$${c.passwordVariable}"`;
      if (c.kind === PypiCredentialsKind.ENV) {
        const conf = `ML_ENV_${this.secretId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PIP_CONF`;
        const [, scheme, rest] = /^(https?:\/\/)(.*)$/.exec(this.props.indexUrl)!;
        // percent-encoded so that any character works; the config lives only in this exported variable
        lines.push(URLENCODE);
        lines.push(`${conf}="$(printf '[global]\\nindex-url = %s%s:%s@%s\\n' ${shellQuote(scheme)} "$(ml_env_urlencode "$${c.usernameVariable}")" "$(ml_env_urlencode "$${c.passwordVariable}")" ${shellQuote(rest)})"`);
        lines.push(`export ${conf}`);
        // written here rather than with addBuildFlag: the comma must sit inside quotes for shellcheck (SC2054)
        lines.push(`args+=(--secret "id=${this.secretId},env=${conf}")`);
      } else {
        // without a value, docker takes each build arg from the environment: the values never reach argv
        lines.push(`args+=(--build-arg ${c.usernameVariable} --build-arg ${c.passwordVariable})`);
      }
    } else {
      const what = c.kind === PypiCredentialsKind.PIP_CONF ? 'pip config' : 'netrc file';
      const form = c.kind === PypiCredentialsKind.PIP_CONF ? 'PypiCredentials.fromPipConf' : 'PypiCredentials.fromNetrc';
      lines.push(`${v}_src=${c._pathWord()}`);
      lines.push(`[[ -f "$${v}_src" && -r "$${v}_src" ]] || ${fail(shellQuote(`${script}: cannot read the ${what} `), `"$${v}_src"`, shellQuote(` with the credentials of the private index ${this.props.indexUrl} (${form})`))}`);
      lines.push(`args+=(--secret "id=${this.secretId},src=$${v}_src")`);
      source = `cat "$${v}_src"`;
    }
    if (this.props.fingerprint) {
      lines.push(`${v}_fp="$({ printf '%s\\n' ${urls}; ${source}; } | sha256sum)"`);
      lines.push(`args+=(--build-arg "${this.fingerprintArg}=\${${v}_fp%% *}")`);
    }
    build.addBuildScriptLines(...lines.filter((line) => line !== URLENCODE || !build.buildScriptLines.includes(URLENCODE)));
  }

  private plainHttpUrls(): string[] {
    return [this.props.indexUrl, ...(this.props.extraIndexUrls ?? [])].filter((u) => u.startsWith('http://'));
  }

  private duplicateSecretIds(): string[] {
    // reported once, by the later of the two
    const features = this.image.features;
    const earlier = features.slice(0, features.indexOf(this)).find((f) => f instanceof PrivatePypiInstall && f.secretId === this.secretId);
    return earlier ? [`secret id "${this.secretId}" is also used by ${constructPath(earlier)}; give each PrivatePypiInstall its own secretId`] : [];
  }
}

/** One-line bash function: percent-encodes its argument byte by byte (RFC 3986 unreserved kept). */
const URLENCODE = 'ml_env_urlencode() { local LC_ALL=C s="$1" i c out=""; for ((i = 0; i < ${#s}; i++)); do c="${s:i:1}"; case "$c" in [A-Za-z0-9._~-]) out+="$c" ;; *) printf -v c \'%%%02X\' "\'$c"; out+="$c" ;; esac; done; printf \'%s\' "$out"; }';

/** `InternalPypi` -> `internal-pypi`. */
function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** `http://host:8080/simple/` -> `host:8080`. */
function netloc(url: string): string {
  return url.replace(/^https?:\/\//, '').split(/[/?#]/)[0];
}
