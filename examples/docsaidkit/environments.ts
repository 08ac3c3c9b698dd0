import { Project } from 'projen';
import { ProjenrcTs } from 'projen/lib/typescript';
import {
  ApplicationImage, GitWheelInstall, GosuEntrypoint, InferImage, PrivatePypiInstall, PypiCredentials, TrainingImage,
} from '../../src';

/** The example project: a bare projen project (as a Python repository would have) with its environments. */
export function createDocsaidProject(outdir: string): Project {
  const project = new Project({ name: 'docsaidkit-environments', outdir });
  // a repository without a Node project still declares its environments in a .projenrc.ts
  new ProjenrcTs(project);
  declareDocsaidEnvironments(project);
  return project;
}

/**
 * The seed's two environments (DocsaidKit's "advanced installation" page), declared once:
 * a training image on NVIDIA's PyTorch 24.05 container and an inference image on CUDA 11.8 +
 * cuDNN 8 with ONNX Runtime pinned to the last release whose default wheel targets that pair.
 */
export function declareDocsaidEnvironments(project: Project) {
  const training = new TrainingImage(project, 'Training', {
    imageName: 'docsaid_training_base_image',
    ngcRelease: '24.05',
    timezone: 'Asia/Taipei',
    // image I/O, PDF and media tools, and the headers Pillow/pyheif builds need
    aptPackages: [
      'git', 'libturbojpeg', 'exiftool', 'ffmpeg', 'poppler-utils', 'libheif-dev',
      'libpng-dev', 'libtiff5-dev', 'libjpeg8-dev', 'libopenjp2-7-dev', 'zlib1g-dev', 'libfreetype6-dev',
      'liblcms2-dev', 'libwebp-dev', 'tcl8.6-dev', 'tk8.6-dev', 'python3-tk', 'libharfbuzz-dev',
      'libfribidi-dev', 'libxcb1-dev', 'libfftw3-dev',
    ],
    pipPackages: [
      'tqdm', 'colored', 'ipython', 'tabulate', 'tensorboard', 'scikit-learn', 'fire',
      'albumentations', 'Pillow>=10.0.0', 'fitsne',
    ],
  });

  const inference = new InferImage(project, 'Inference', {
    imageName: 'docsaid_infer_image',
    cuda: '11.8.0',
    cudnn: 8,
    os: 'ubuntu22.04',
    // 1.18.x is the last onnxruntime-gpu whose default wheel is built for CUDA 11.8 + cuDNN 8
    onnxruntime: '1.18.1',
    timezone: 'Asia/Taipei',
    // refuse to start instead of silently running onnxruntime on the CPU (the seed's defect 2)
    onnxruntimeStartupCheck: true,
    // runtime tools only: no compilers, -dev headers or GUI toolkits in an inference image
    aptPackages: ['libturbojpeg', 'exiftool', 'ffmpeg', 'poppler-utils', 'libheif1'],
    pipPackages: [
      'numpy<2', 'Pillow>=10.0.0', 'pdf2image', 'PyTurboJPEG', 'shapely', 'matplotlib', 'requests',
      'pyyaml', 'ujson', 'tqdm', 'natsort', 'psutil',
    ],
  });

  // DocAligner downloads its models into its own package folder on first use (SUMMARY.md 2.3):
  // those folders, and only those, are made writable at build time for the mapped user
  const site = `/usr/local/lib/python${inference.python}/dist-packages/docaligner`;
  const modelFolders = [`${site}/heatmap_reg/ckpt`, `${site}/point_reg/ckpt`];

  // the seed's derived image: DocAligner from its public repository, built into a wheel in a
  // builder stage (no git, source or pip cache in the image), run as the caller's uid/gid
  const docAligner = new ApplicationImage(project, 'DocAligner', {
    from: inference,
    imageName: 'docaligner',
    source: 'https://github.com/DocsaidLab/DocAligner',
  });
  new GitWheelInstall(docAligner, 'DocAligner', {
    repository: 'https://github.com/DocsaidLab/DocAligner.git',
    ref: '1b72d7cc12c14a484ee51492e9740a1a2e5208db',
  });
  new GosuEntrypoint(docAligner, 'User', { writablePaths: modelFolders });

  // the seed's "internal packages" recipe: the same package from the team's private index, with
  // the credentials pip finds in the builder's own pip.conf, mounted as a BuildKit secret for the
  // one install step (the seed cut the password out of pip.conf with awk into a build arg, which
  // stored it in the image history)
  const internal = new ApplicationImage(project, 'DocAlignerInternal', {
    from: inference,
    imageName: 'docaligner_internal',
  });
  new PrivatePypiInstall(internal, 'Internal', {
    indexUrl: 'https://pypi.internal/simple/',
    packages: ['docaligner'],
    credentials: PypiCredentials.fromPipConf(),
  });
  new GosuEntrypoint(internal, 'User', { writablePaths: modelFolders });

  return { training, inference, docAligner, internal };
}
