import { spawnSync } from 'child_process';
import {
  dockerPathList, dockerValue, dockerWord, heredocDelimiter, jsonArgv, shellCommand, shellQuote, shellQuoteAlways,
} from '../../src/private/quote';

/** What bash makes of a quoted word: the real shell is the oracle. */
function bashEcho(quoted: string): string {
  const result = spawnSync('bash', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf-8' });
  expect(result.status).toBe(0);
  return result.stdout;
}

// the adversarial table of the issue: every one must come back from bash exactly as given
const ADVERSARIAL = [
  'plain',
  'two words',
  "it's",
  'say "hi"',
  '$HOME',
  '${PATH}',
  '$(id -u)',
  '`id`',
  'back\\slash',
  'trailing\\',
  'line\nbreak',
  '# not a comment',
  '-rf',
  '--index-url=x',
  '',
  'π ü 漢字 🚀',
  'Pillow>=10.0.0',
  'numpy<2',
  'a;b|c&d',
  'glob*?[x]',
  '~root',
  "'",
  "''",
  '\t tab',
];

describe('shellQuote', () => {
  test.each(ADVERSARIAL)('bash reads %j back unchanged', (word) => {
    expect(bashEcho(shellQuote(word))).toBe(word);
  });

  test.each(ADVERSARIAL)('shellQuoteAlways: bash reads %j back unchanged', (word) => {
    expect(bashEcho(shellQuoteAlways(word))).toBe(word);
  });

  test('leaves safe words readable and quotes the rest', () => {
    expect(shellQuote('python3')).toBe('python3');
    expect(shellQuote('/usr/local/bin/app')).toBe('/usr/local/bin/app');
    expect(shellQuote('--index-url=https://example.invalid/simple')).toBe('--index-url=https://example.invalid/simple');
    expect(shellQuote('Pillow>=10.0.0')).toBe("'Pillow>=10.0.0'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  test('specifiers are always quoted', () => {
    expect(shellQuoteAlways('tqdm')).toBe("'tqdm'");
  });
});

describe('shellCommand', () => {
  test('quotes each word and runs as the same argv', () => {
    const argv = ['printf', '%s|', 'a b', '$X', "q'uote", 'Pillow>=10'];
    const result = spawnSync('bash', ['-c', shellCommand(argv)], { encoding: 'utf-8' });
    expect(result.stdout).toBe("a b|$X|q'uote|Pillow>=10|");
  });

  test('a first word with "=" is quoted so it is not an assignment', () => {
    expect(shellCommand(['A=B', 'x'])).toBe("'A=B' x");
  });

  test('fails on an empty argv', () => {
    expect(() => shellCommand([])).toThrow('a command needs at least one word');
  });
});

describe('jsonArgv (exec form)', () => {
  test.each(ADVERSARIAL)('%j round-trips through JSON', (word) => {
    expect(JSON.parse(jsonArgv(['prog', word]))).toEqual(['prog', word]);
  });

  test('renders the Dockerfile exec form layout', () => {
    expect(jsonArgv(['python', '-m', 'app'])).toBe('["python", "-m", "app"]');
    expect(jsonArgv(['sh', '-c', 'echo "hi there"'])).toBe('["sh", "-c", "echo \\"hi there\\""]');
  });
});

describe('dockerValue', () => {
  test('escapes backslash, double quote and dollar', () => {
    expect(dockerValue('plain')).toBe('"plain"');
    expect(dockerValue('$HOME')).toBe('"\\$HOME"');
    expect(dockerValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(dockerValue('C:\\path')).toBe('"C:\\\\path"');
    expect(dockerValue('')).toBe('""');
    expect(dockerValue('π # x')).toBe('"π # x"');
  });

  test('rejects newlines, which cannot be written in ENV or LABEL', () => {
    expect(() => dockerValue('a\nb')).toThrow('a dockerfile value cannot contain a newline, got "a\\nb"');
  });
});

describe('dockerWord and dockerPathList', () => {
  test('escapes $ and backslash so Docker does not expand them', () => {
    expect(dockerWord('/opt/$HOME')).toBe('/opt/\\$HOME');
    expect(dockerWord('a\\b')).toBe('a\\\\b');
  });

  test('rejects empty words and newlines', () => {
    expect(() => dockerWord('')).toThrow('a dockerfile word cannot be empty');
    expect(() => dockerWord('a\nb')).toThrow('cannot contain a newline');
  });

  test('plain form for simple paths, JSON form when a path has spaces or quotes', () => {
    expect(dockerPathList(['src', '/app/'])).toBe('src /app/');
    expect(dockerPathList(['my dir/file', '/app/'])).toBe('["my dir/file", "/app/"]');
    expect(dockerPathList(["it's", '/app/'])).toBe('["it\'s", "/app/"]');
  });
});

describe('heredocDelimiter', () => {
  test('picks a delimiter that is not a line of the body', () => {
    expect(heredocDelimiter('hello')).toBe('EOF');
    expect(heredocDelimiter('a\nEOF\nb')).toBe('EOF_1');
    expect(heredocDelimiter('EOF\nEOF_1')).toBe('EOF_2');
  });

  test('a heredoc with the chosen delimiter reproduces the body in bash', () => {
    const body = 'line $HOME\nEOF\n`id`';
    const delimiter = heredocDelimiter(body);
    const result = spawnSync('bash', ['-c', `cat <<'${delimiter}'\n${body}\n${delimiter}`], { encoding: 'utf-8' });
    expect(result.stdout).toBe(`${body}\n`);
  });
});
