/**
 * Synthesis benchmark: declares 1, 10, 100 and 1000 images in one process and synthesizes each
 * project into a temp dir. Prints wall time per image and the heap each project needs, and the
 * ratio of per-image cost between sizes: a linear cost keeps the ratio near 1.
 *
 * Run: npm run bench   (node --expose-gc; results and method in BENCHMARKS.md)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Project } from 'projen';
import { BaseImage, ContainerImage, InferImage, TrainingImage, WritableDirectories } from '../src';

const SIZES = [1, 10, 100, 1000];
const REPEATS = 3;

function declare(project: Project, count: number): void {
  for (let i = 0; i < count; i++) {
    switch (i % 3) {
      case 0:
        new TrainingImage(project, `Train${i}`, { ngcRelease: '24.05', pipPackages: ['timm', 'Pillow>=10.0.0'], aptPackages: ['git'] });
        break;
      case 1:
        new InferImage(project, `Infer${i}`, { cuda: '11.8.0', onnxruntime: '1.18.1', pipPackages: ['shapely'] });
        break;
      default: {
        const app = new ContainerImage(project, `App${i}`, { baseImage: BaseImage.of('debian:bookworm'), env: { MODE: 'bench' } });
        new WritableDirectories(app, 'Data', { paths: ['/data'] });
      }
    }
  }
}

function gc(): void {
  (global as unknown as { gc?: () => void }).gc?.();
}

function measure(count: number): { ms: number; heapMb: number } {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-bench-'));
  const start = performance.now();
  const project = new Project({ name: 'bench', outdir });
  declare(project, count);
  project.synth();
  const ms = performance.now() - start;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ms, heapMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

measure(10); // warm up the module cache and the JIT
const rows = SIZES.map((count) => {
  const runs = Array.from({ length: REPEATS }, () => measure(count));
  return { count, ms: median(runs.map((r) => r.ms)), heapMb: median(runs.map((r) => r.heapMb)) };
});

const base = rows.find((r) => r.count === 10)!;
console.log(`synthesis benchmark, node ${process.version}, ${os.cpus().length} cpus, median of ${REPEATS}`);
console.log('images | total ms | ms/image | per-image vs 10 | heap MB | peak rss MB');
for (const r of rows) {
  const perImage = r.ms / r.count;
  console.log([
    String(r.count).padStart(6), r.ms.toFixed(1).padStart(8), perImage.toFixed(2).padStart(8),
    `${(perImage / (base.ms / base.count)).toFixed(2)}x`.padStart(15), r.heapMb.toFixed(1).padStart(7),
    (process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(11),
  ].join(' | '));
}
