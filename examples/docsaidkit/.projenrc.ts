// Regenerates the seed's environments in this folder: `npm run example` from the repository root.
import * as fs from 'fs';
import * as path from 'path';
import { createDocsaidProject } from './environments';

const project = createDocsaidProject(__dirname);
project.synth();

const written = project.files.map((f) => f.path).filter((f) => fs.existsSync(path.join(__dirname, f))).sort();
console.log(`wrote ${written.length} files under examples/docsaidkit/:`);
for (const file of written) {
  console.log(`  ${file}`);
}
