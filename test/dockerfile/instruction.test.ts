import { DockerfileParser, Env } from 'dockerfile-ast';
import { CacheSharing, Command, Instruction, Mount } from '../../src';
import { dockerfileProblems } from '../support/oracles';

describe('Instruction renders exactly', () => {
  test.each([
    ['ARG without default', Instruction.arg('BASE_IMAGE'), 'ARG BASE_IMAGE'],
    ['ARG with default', Instruction.arg('BASE_IMAGE', 'nvcr.io/nvidia/pytorch:24.05-py3'), 'ARG BASE_IMAGE="nvcr.io/nvidia/pytorch:24.05-py3"'],
    ['ENV one pair', Instruction.env({ TZ: 'Asia/Taipei' }), 'ENV TZ="Asia/Taipei"'],
    ['ENV pairs in order', Instruction.env({ B: '2', A: '$1' }), 'ENV B="2" \\\n    A="\\$1"'],
    ['LABEL dotted key', Instruction.label({ 'org.opencontainers.image.title': 'app' }), 'LABEL org.opencontainers.image.title="app"'],
    ['RUN one command', Instruction.run(['apt-get update']), 'RUN apt-get update'],
    ['RUN commands joined', Instruction.run(['a', 'b', 'c']), 'RUN a && \\\n    b && \\\n    c'],
    ['RUN with mounts', Instruction.run(['pip install x'], { mounts: [Mount.cache({ target: '/root/.cache/pip', sharing: CacheSharing.LOCKED })] }),
      'RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\\n    pip install x'],
    ['RUN with network', Instruction.run(['true'], { network: 'none' }), 'RUN --network=none \\\n    true'],
    ['COPY plain', Instruction.copy(['docker/app/entrypoint.sh'], '/usr/local/bin/'), 'COPY docker/app/entrypoint.sh /usr/local/bin/'],
    ['COPY flags', Instruction.copy(['/wheels/'], '/tmp/wheels/', { from: 'builder', chown: '1000:1000', chmod: '0755' }),
      'COPY --from=builder --chown=1000:1000 --chmod=0755 /wheels/ /tmp/wheels/'],
    ['COPY with spaces uses JSON form', Instruction.copy(['my file'], '/app/my file'), 'COPY ["my file", "/app/my file"]'],
    ['WORKDIR', Instruction.workdir('/code'), 'WORKDIR /code'],
    ['WORKDIR escapes $', Instruction.workdir('/opt/$x'), 'WORKDIR /opt/\\$x'],
    ['USER', Instruction.user('1000:1000'), 'USER 1000:1000'],
    ['ENTRYPOINT exec', Instruction.entrypoint(Command.exec(['/usr/local/bin/entry', 'a b'])), 'ENTRYPOINT ["/usr/local/bin/entry", "a b"]'],
    ['CMD exec', Instruction.cmd(Command.exec(['python'])), 'CMD ["python"]'],
    ['CMD shell', Instruction.cmd(Command.shell('echo $HOME && sleep 1')), 'CMD echo $HOME && sleep 1'],
    ['SHELL', Instruction.shell(['/bin/bash', '-o', 'pipefail', '-c']), 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
    ['EXPOSE tcp', Instruction.expose(8080), 'EXPOSE 8080'],
    ['EXPOSE udp', Instruction.expose(53, 'udp'), 'EXPOSE 53/udp'],
    ['HEALTHCHECK', Instruction.healthcheck(Command.exec(['curl', '-f', 'http://127.0.0.1/']), { interval: '30s', timeout: '5s', startPeriod: '10s', retries: 3 }),
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["curl", "-f", "http://127.0.0.1/"]'],
    ['HEALTHCHECK NONE', Instruction.healthcheckNone(), 'HEALTHCHECK NONE'],
    ['comment', Instruction.comment('why\nbecause'), '# why\n# because'],
  ])('%s', (_name, instruction, expected) => {
    expect(instruction.render()).toBe(expected);
    // every rendering must also be a valid line of a Dockerfile
    expect(dockerfileProblems(`FROM scratch\n${instruction.render()}\n`)).toEqual([]);
  });
});

describe('Mount renders exactly', () => {
  test('secret with every option', () => {
    expect(Mount.secret({ id: 'pip-conf', target: '/etc/pip.conf', required: true, uid: 1000, gid: 1000, mode: '0440' }).render())
      .toBe('--mount=type=secret,id=pip-conf,target=/etc/pip.conf,required=true,mode=0440,uid=1000,gid=1000');
  });

  test('bind from a stage', () => {
    expect(Mount.bind({ from: 'builder', source: '/wheels', target: '/tmp/wheels' }).render())
      .toBe('--mount=type=bind,target=/tmp/wheels,source=/wheels,from=builder');
  });

  test('refuses values that would break the comma-separated flag', () => {
    expect(() => Mount.cache({ target: '/a,b' })).toThrow('mount target cannot be empty or contain spaces, commas, quotes, "=" or "\\", got "/a,b"');
    expect(() => Mount.secret({ id: 'x y' })).toThrow('got "x y"');
    expect(() => Mount.secret({ id: 'x', mode: '999' })).toThrow('secret mount mode must be octal such as "0440", got "999"');
    expect(() => Mount.cache({ target: '/x', uid: -1 })).toThrow('mount uid/gid must be a non-negative integer, got -1');
  });
});

// dockerfile-ast leaves "\$" escaped inside quotes where Docker unescapes it, so values with "$"
// are checked against the real engine in test/e2e/quoting.e2e.test.ts instead
describe('ENV values survive a real parser', () => {
  test.each(['plain', 'a "quoted" word', 'back\\slash', 'π # x', '', ' spaces '])('%j', (value) => {
    const text = `FROM scratch\n${Instruction.env({ V: value }).render()}\n`;
    const env = DockerfileParser.parse(text).getInstructions()[1] as Env;
    expect(env.getProperties()[0].getValue()).toBe(value);
  });
});

describe('Instruction refuses bad input with a clear message', () => {
  test.each([
    [() => Instruction.arg('1X'), 'arg name must be a letter or "_" followed by letters, digits or "_", got "1X"'],
    [() => Instruction.env({}), 'env needs at least one entry, got none'],
    [() => Instruction.env({ 'A-B': 'x' }), 'env name must be a letter'],
    [() => Instruction.env({ A: 'x\ny' }), 'cannot contain a newline'],
    [() => Instruction.run([]), 'run needs at least one command, got an empty list'],
    [() => Instruction.run(['a\nb']), 'run commands must be single non-empty lines not starting with "#", got "a\\nb"'],
    [() => Instruction.run(['# hidden']), 'not starting with "#"'],
    [() => Instruction.run(['x'], { network: 'bridge' }), 'run network must be "default", "none" or "host", got "bridge"'],
    [() => Instruction.copy([], '/x'), 'copy needs at least one source, got an empty list'],
    [() => Instruction.copy(['a'], '/x', { chown: 'a b' }), 'copy chown must be user[:group], got "a b"'],
    [() => Instruction.copy(['a'], '/x', { chmod: 'rwx' }), 'copy chmod must be octal such as "0755", got "rwx"'],
    [() => Instruction.workdir('code'), 'workdir must be an absolute path, got "code"'],
    [() => Instruction.user('root; rm'), 'user must be user[:group] by name or number, got "root; rm"'],
    [() => Instruction.expose(70000), 'expose port must be an integer from 1 to 65535, got 70000'],
    [() => Instruction.expose(80, 'sctp'), 'expose protocol must be "tcp" or "udp", got "sctp"'],
    [() => Instruction.healthcheck(Command.exec(['x']), { interval: 'soon' }), 'healthcheck interval must be a duration such as "30s", got "soon"'],
    [() => Instruction.healthcheck(Command.exec(['x']), { retries: 0 }), 'healthcheck retries must be a positive integer, got 0'],
    [() => Instruction.shell([]), 'shell needs at least the program, got an empty list'],
    [() => Command.exec([]), 'command.exec needs at least the program name, got an empty list'],
    [() => Command.exec([' ']), 'command.exec program name cannot be blank, got " "'],
    [() => Command.shell(''), 'command.shell needs a command line, got an empty string'],
    [() => Command.shell('a\nb'), 'command.shell takes one line, got "a\\nb"'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});
