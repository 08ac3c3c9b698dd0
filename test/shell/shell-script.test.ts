import { ShellScript } from '../../src';
import { expectValidScript, shellcheck } from '../support/oracles';

describe('ShellScript', () => {
  test('renders shebang, marker, strict mode, lines, blocks and functions', () => {
    // GIVEN
    const script = new ShellScript();
    script.addComment('says hello');
    const greet = script.addFunction('greet');
    greet.addCommand(['printf', '%s\\n', "hello, it's $USER"]);
    script.addBlank();
    script.addBlock('if [[ $# -gt 0 ]]; then', 'fi').addLines('greet "$@"');
    // WHEN
    const text = script.render('generated');
    // THEN
    expect(text).toBe([
      '#!/usr/bin/env bash',
      '# generated',
      'set -euo pipefail',
      '# says hello',
      'greet() {',
      '  printf "%s\\\\n" "hello, it\'s \\$USER"',
      '}',
      '',
      'if [[ $# -gt 0 ]]; then',
      '  greet "$@"',
      'fi',
      '',
    ].join('\n'));
    expectValidScript(text);
  });

  test('nested blocks indent by two spaces per level', () => {
    const script = new ShellScript({ strict: false, shebang: '#!/bin/bash' });
    script.addBlock('for x in a b; do', 'done').addBlock('if [[ $x == a ]]; then', 'fi').addLines('echo "$x"');
    expect(script.render()).toBe('#!/bin/bash\nfor x in a b; do\n  if [[ $x == a ]]; then\n    echo "$x"\n  fi\ndone\n');
  });

  test('shellcheck, the oracle, does fail on a bad script', () => {
    const script = new ShellScript().addLines('rm -rf $1/*');
    expect(shellcheck(script.render())).toMatch(/SC2115|SC2086/);
  });

  test.each([
    [() => new ShellScript({ shebang: 'bash' }), 'shebang must be one line starting with "#!", got "bash"'],
    [() => new ShellScript().addLines('a\nb'), 'a shell line cannot contain a newline, got "a\\nb"'],
    [() => new ShellScript().addFunction('Bad-Name'), 'shell function name must be lowercase letters, digits or "_", got "Bad-Name"'],
    [() => new ShellScript().addBlock('if x; then', 'fi').addLines('x\ny'), 'a shell line cannot contain a newline'],
  ])('refuses bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});
