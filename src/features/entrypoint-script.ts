import { shellCommand, shellQuote } from '../private/quote';
import { ShellScript } from '../shell/shell-script';

/** Where the entrypoint lives in the image. */
export const ENTRYPOINT_PATH = '/usr/local/bin/ml-env-entrypoint';

/** Everything the entrypoint script is rendered from (already validated). @internal */
export interface EntrypointScriptOptions {
  /** The image the script belongs to, for the header comment. */
  readonly imageRef: string;
  /** Variable holding the uid to run as. */
  readonly userIdVariable: string;
  /** Variable holding the gid to run as. */
  readonly groupIdVariable: string;
  /** Name of the passwd/group entry made for an unknown id. */
  readonly userName: string;
  /** Folder under which HOME directories are made. */
  readonly homeRoot: string;
  /** Directories the mapped user must be able to write. */
  readonly writablePaths: string[];
  /** Program the container's arguments are appended to ([] runs them as the command). */
  readonly commandPrefix: string[];
  /** Command run when the container gets no arguments. */
  readonly defaultCommand: string[];
  /** Variables that may be given as `<NAME>_FILE`. */
  readonly fileEnvVariables: string[];
  /** An entrypoint of the base image that still runs, as the mapped user, before the command. */
  readonly baseEntrypoint: string[];
}

/**
 * Renders the entrypoint: maps the caller's ids with gosu in constant time (the docker-library
 * pattern). Every user-given value is quoted with the quoting module; variable names are
 * identifiers checked by the feature's schema.
 * @internal
 */
export function renderEntrypointScript(o: EntrypointScriptOptions, marker?: string): string {
  const uidVar = o.userIdVariable;
  const gidVar = o.groupIdVariable;
  const s = new ShellScript();
  s.addComment([
    `Entrypoint of ${o.imageRef}. Started as root with ${uidVar} set, it runs the command as`,
    `${uidVar}:${gidVar} (${gidVar} defaults to ${uidVar}) with gosu, so that files written to mounted folders`,
    'belong to the caller. It makes a passwd entry and a writable HOME when the id has none, reuses users',
    'and groups that already hold the id, and never walks or chowns mounted folders or site-packages:',
    'its cost does not grow with the number of files. Started as non-root, it runs the command as is.',
    `With arguments it runs ${o.commandPrefix.length > 0 ? `them, after "${shellCommand(o.commandPrefix)}" when the first is not a program` : 'them'}; without: ${shellCommand(o.defaultCommand)}.`,
  ].join('\n'));
  s.addBlank();

  s.addFunction('fail')
    .addLines('printf \'ml-env-entrypoint: %s\\n\' "$2" >&2', 'exit "$1"');
  s.addComment('$2 must be a numeric id: digits only, within the range docker and the kernel accept (EX_USAGE otherwise)');
  s.addFunction('check_id')
    .addBlock('if [[ ! $2 =~ ^[0-9]{1,10}$ ]] || (( 10#$2 > 2147483647 )); then', 'fi')
    .addLines('fail 64 "$1 must be a number from 0 to 2147483647, got $(printf \'%q\' "$2")"');
  s.addComment('a name for a new passwd/group entry: the configured one, or name-<id> when another id holds it');
  s.addFunction('new_name')
    .addLines(
      'if getent "$1" "$2" >/dev/null; then',
      '  printf \'%s-%s\' "$2" "$3"',
      'else',
      '  printf \'%s\' "$2"',
      'fi',
    );

  if (o.fileEnvVariables.length > 0) {
    s.addComment('NAME_FILE=<path> sets NAME from that file (secrets mounted as files), as the official images do');
    s.addFunction('file_env')
      .addLines(
        'local name="$1" file_var="${1}_FILE"',
        '[[ -n ${!file_var:-} ]] || return 0',
        '[[ -z ${!name:-} ]] || fail 64 "both $name and $file_var are set; set only one"',
        '[[ -r ${!file_var} ]] || fail 66 "$file_var names $(printf \'%q\' "${!file_var}"), which cannot be read"',
        'printf -v "$name" \'%s\' "$(< "${!file_var}")"',
        'export "${name?}"',
        'unset "$file_var"',
      );
    s.addBlank();
    for (const name of o.fileEnvVariables) s.addLines(`file_env ${name}`);
  }

  s.addBlank();
  if (o.commandPrefix.length > 0) {
    s.addComment([
      'arguments that are not a program on the PATH (a script, -c, -m) are the prefix program\'s, as in the seed;',
      'a program (the image\'s CMD, bash, pip) runs as given',
    ].join('\n'));
    s.addLines(
      'if (( $# == 0 )); then',
      `  set -- ${shellCommand(o.defaultCommand)}`,
      'elif ! command -v "$1" >/dev/null 2>&1; then',
      `  set -- ${o.commandPrefix.map(shellQuote).join(' ')} "$@"`,
      'fi',
    );
  } else {
    s.addBlock('if (( $# == 0 )); then', 'fi').addLines(`set -- ${shellCommand(o.defaultCommand)}`);
  }
  const prefix = o.baseEntrypoint.length > 0 ? `${o.baseEntrypoint.map(shellQuote).join(' ')} ` : '';

  s.addBlank();
  s.addComment('the image may require onnxruntime to reach the GPU (OnnxRuntimeStartupCheck): refuse to start otherwise');
  s.addBlock('if [[ -n ${ML_ENV_ORT_REQUIRE:-} && -x /usr/local/bin/ml-env-check-ort ]]; then', 'fi')
    .addLines('/usr/local/bin/ml-env-check-ort');

  s.addBlank();
  s.addComment('started as non-root (docker run --user, Kubernetes runAsUser): nothing to map');
  s.addBlock('if (( EUID != 0 )); then', 'fi')
    .addLines(
      '# an id without a passwd entry gets HOME=/; tools that write to HOME need a writable one',
      'if [[ ! -w ${HOME:-/} ]]; then',
      '  export HOME="/tmp/home-$EUID"',
      '  mkdir -p -- "$HOME"',
      'fi',
      `exec ${prefix}"$@"`,
    );

  if (o.writablePaths.length > 0) {
    s.addBlank();
    s.addComment('made writable at build time; made again only if missing (a fresh volume), never walked');
    s.addBlock(`for dir in ${o.writablePaths.map(shellQuote).join(' ')}; do`, 'done')
      .addLines('if [[ ! -d $dir ]]; then', '  mkdir -p -- "$dir"', '  chmod 1777 -- "$dir"', 'fi');
  }

  s.addBlank();
  s.addLines(`uid="\${${uidVar}:-}"`, `gid="\${${gidVar}:-}"`);
  s.addBlock('if [[ -z $uid ]]; then', 'fi').addLines(
    `[[ -z $gid ]] || fail 64 "${gidVar} is set but ${uidVar} is not; set ${uidVar} as well, or neither to run as root"`,
    `exec ${prefix}"$@"`,
  );
  s.addLines(
    `check_id ${uidVar} "$uid"`,
    `check_id ${gidVar} "\${gid:=$uid}"`,
    'uid=$((10#$uid))',
    'gid=$((10#$gid))',
  );

  s.addBlank();
  s.addComment('reuse the group and user that hold the ids (Ubuntu 24.04 ships "ubuntu" as 1000); on restart they are ours');
  s.addLines(`user_name=${shellQuote(o.userName)}`, `home_root=${shellQuote(o.homeRoot)}`);
  s.addComment([
    'entries are appended directly: groupadd and useradd lock and sync the databases (about 250 ms',
    'together here), and at first start this script is the only writer',
  ].join('\n'));
  s.addBlock('if ! getent group "$gid" >/dev/null; then', 'fi')
    .addLines('printf \'%s:x:%s:\\n\' "$(new_name group "$user_name" "$gid")" "$gid" >> /etc/group');
  s.addLines('entry="$(getent passwd "$uid" || true)"');
  s.addBlock('if [[ -z $entry ]]; then', 'fi').addLines(
    'name="$(new_name passwd "$user_name" "$uid")"',
    'entry="$name:x:$uid:$gid::$home_root/$name:/bin/bash"',
    'printf \'%s\\n\' "$entry" >> /etc/passwd',
  );
  s.addLines('IFS=: read -r name _ _ _ _ passwd_home _ <<< "$entry"', 'home="$passwd_home"');
  s.addComment('a HOME the user owns: only that one directory is created or chowned, never its contents');
  s.addBlock('if [[ ! -d $home || $(stat -c %u -- "$home") != "$uid" ]]; then', 'fi').addLines(
    'home="$home_root/$name"',
    'if [[ ! -d $home ]]; then',
    '  mkdir -p -- "$home"',
    '  chown -- "$uid:$gid" "$home"',
    'elif [[ $(stat -c %u -- "$home") != "$uid" ]]; then',
    '  chown -- "$uid:$gid" "$home"',
    'fi',
  );
  s.addLines('export USER="$name" LOGNAME="$name"');
  s.addComment('exec: the command replaces this script, receives signals and its exit code is the container\'s');
  s.addComment('(gosu sets HOME from the passwd entry, so a different HOME goes through env)');
  s.addBlock('if [[ $home != "$passwd_home" ]]; then', 'fi')
    .addLines(`exec gosu "$uid:$gid" env HOME="$home" ${prefix}"$@"`);
  s.addLines(`exec gosu "$uid:$gid" ${prefix}"$@"`);
  return s.render(marker);
}
