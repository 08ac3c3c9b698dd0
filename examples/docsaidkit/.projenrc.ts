// Regenerates the seed's environments in this folder: `npm run example` from the repository root.
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { ProjenrcTs } from 'projen/lib/typescript';
import { declareDocsaidEnvironments } from './environments';

const project = new Project({ name: 'docsaidkit-environments', outdir: __dirname });
// a repository without a Node project (a Python one) still declares its environments in TypeScript
new ProjenrcTs(project);
declareDocsaidEnvironments(project);
project.synth();

const written = project.files.map((f) => f.path).filter((f) => fs.existsSync(path.join(__dirname, f))).sort();
console.log(`wrote ${written.length} files under examples/docsaidkit/:`);
for (const file of written) {
  console.log(`  ${file}`);
}
