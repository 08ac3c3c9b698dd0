#!/usr/bin/env node
// The test suite uses shellcheck and bash as oracles for every generated script. A missing
// oracle is an install problem, never a reason to skip: install it from Debian when we can
// (root on Debian/Ubuntu), otherwise stop with a message that says how.
const { spawnSync } = require('child_process');

function has(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

const missing = ['shellcheck', 'bash'].filter((tool) => !has(tool));
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && has('apt-get')) {
  console.error(`installing test tools from Debian: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (install && install.status === 0 && missing.every(has)) process.exit(0);
}
console.error(`the tests need ${missing.join(' and ')}: install with "sudo apt-get install -y ${missing.join(' ')}" and run again`);
process.exit(1);
