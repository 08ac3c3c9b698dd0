import { Command, Dockerfile, Stage } from '../../src';
import { expectValidDockerfile, parseDockerfile } from '../support/oracles';

describe('Dockerfile', () => {
  test('renders global args, stages in order, one trailing newline', () => {
    // GIVEN
    const dockerfile = new Dockerfile();
    dockerfile.addGlobalArg('BASE_IMAGE', 'debian:bookworm');
    const final = dockerfile.addStage('${BASE_IMAGE}');
    const builder = dockerfile.addStageBefore(final, '${BASE_IMAGE}', { name: 'builder' });
    builder.run(['make']);
    final.copy(['/out/app'], '/usr/local/bin/app', { from: 'builder' }).entrypoint(Command.exec(['app']));
    // WHEN
    const text = dockerfile.render('generated');
    // THEN
    expect(text).toBe([
      '# generated',
      '',
      'ARG BASE_IMAGE="debian:bookworm"',
      '',
      'FROM ${BASE_IMAGE} AS builder',
      'RUN make',
      '',
      'FROM ${BASE_IMAGE}',
      'COPY --from=builder /out/app /usr/local/bin/app',
      'ENTRYPOINT ["app"]',
      '',
    ].join('\n'));
    expectValidDockerfile(text);
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['builder', undefined]);
  });

  test('the marker goes after the syntax directive, so the directive stays a directive', () => {
    const dockerfile = new Dockerfile({ syntax: 'docker/dockerfile:1' });
    dockerfile.addStage('scratch');
    const text = dockerfile.render('generated');
    expect(text.split('\n').slice(0, 3)).toEqual(['# syntax=docker/dockerfile:1', '# generated', '']);
    expectValidDockerfile(text);
  });

  test('no directive unless asked: offline builders cannot pull a frontend image', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage('scratch');
    expect(dockerfile.render()).toBe('FROM scratch\n');
  });

  test('exec-form JSON survives the parser', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage('scratch').cmd(Command.exec(['sh', '-c', 'echo "$HOME" \\ done']));
    const cmd = parseDockerfile(dockerfile.render()).find((i) => i.keyword === 'CMD')!;
    expect(cmd.json).toEqual(['sh', '-c', 'echo "$HOME" \\ done']);
  });

  test('refuses bad input', () => {
    const dockerfile = new Dockerfile();
    expect(() => dockerfile.render()).toThrow('a dockerfile needs at least one stage');
    dockerfile.addStage('scratch', { name: 'one' });
    expect(() => dockerfile.addStage('scratch', { name: 'one' })).toThrow('there is already a stage named "one"');
    expect(() => new Dockerfile({ syntax: 'bad syntax' })).toThrow('syntax directive must be an image reference such as "docker/dockerfile:1", got "bad syntax"');
    expect(() => dockerfile.addStageBefore(new Stage('scratch'), 'x')).toThrow('addStageBefore needs a stage of this dockerfile');
  });
});

describe('Stage', () => {
  test('FROM with platform and name; keywords in order', () => {
    const stage = new Stage('debian:bookworm', { name: 'base', platform: 'linux/amd64' });
    stage.env({ A: '1' }).workdir('/code').user('1000').expose(80);
    expect(stage.render().split('\n')[0]).toBe('FROM --platform=linux/amd64 debian:bookworm AS base');
    expect(stage.keywords).toEqual(['ENV', 'WORKDIR', 'USER', 'EXPOSE']);
  });

  test.each([
    [() => new Stage(''), 'stage base must be one word'],
    [() => new Stage('a b'), 'stage base must be one word (an image reference or ${ARG}), got "a b"'],
    [() => new Stage('x', { name: 'Bad' }), 'stage name must be lowercase letters, digits, "_", "." or "-", starting with a letter, got "Bad"'],
    [() => new Stage('x', { platform: 'amd64' }), 'stage platform must look like "linux/amd64", got "amd64"'],
  ])('refuses bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});
