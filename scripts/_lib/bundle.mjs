// Turns lab scripts (.mts, run with tsx inside the repository) into self-contained ES modules that plain
// `node` runs anywhere, e.g. uploaded to AWS CloudShell: workspace packages from their TypeScript sources
// and the AWS SDK inside. bundleLabs makes one file per lab (`node NN-slug.mjs <step>`); bundleScript makes one
// file of one script (the benchmarks time it).
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SHEBANG = '#!/usr/bin/env node';

// ESM output still carries CommonJS dependencies (the SDK, our CommonJS packages) that call require() and
// read __filename/__dirname; give them module-local versions, as Node gives CommonJS files.
const PRELUDE = [
  "import { createRequire as __handsonCreateRequire } from 'node:module';",
  "import { fileURLToPath as __handsonFileURLToPath } from 'node:url';",
  "import { dirname as __handsonDirname } from 'node:path';",
  'const require = __handsonCreateRequire(import.meta.url);',
  'const __filename = __handsonFileURLToPath(import.meta.url);',
  'const __dirname = __handsonDirname(__filename);',
].join('\n');

// For a lone script: as _lib/report-errors.mts, our errors in one line. A step's own report (step(), added
// later) prints AWS errors as the CLI does, so this one stands aside once there is another listener.
const REPORT_HELPER_ERRORS =
  "process.on('uncaughtException', (error) => { if (process.listenerCount('uncaughtException') > 1) return; if (error && error.name === 'HandsonAwsError') console.error('error: ' + error.message); else console.error(error); process.exit(1); });";

/** esbuild options every bundle shares. */
function commonOptions(banner) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Workspace packages resolve to src/*.ts, so a bundle never depends on a stale dist/ build.
    conditions: ['@handson/source'],
    // Native addons (ssh2's optional sshcrypto/cpu-features) cannot be inlined; ssh2 loads them inside
    // try/catch and falls back to pure JavaScript when they are missing, as they are next to a bundle.
    external: ['*.node'],
    banner: { js: banner },
    minify: true,
    // Code reads class names: @handson/aws tells its SDK clients by constructor name (EC2Client, ...) and
    // allPages names the operation after the command class (ListUsersCommand). The SDK's error names are
    // set explicitly, so error.name survives minification either way; this costs about 6% of the size.
    keepNames: true,
    charset: 'utf8',
    legalComments: 'eof',
    sourcemap: false,
    logLevel: 'warning',
    write: false,
  };
}

/** One hashbang, for plain node (an entry's own tsx hashbang is wrong for the bundle); executable. */
async function writeExecutable(outfile, text) {
  const body = `${SHEBANG}\n${text.replace(/^(#![^\n]*\n)+/, '')}`;
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, body);
  await chmod(outfile, 0o755);
  return Buffer.byteLength(body);
}

/**
 * Bundles one script, `entry`, to `outfile`. Returns the output path and its size in bytes.
 * @param {string} entry
 * @param {string} outfile
 */
export async function bundleScript(entry, outfile) {
  const result = await build({
    ...commonOptions(`${PRELUDE}\n${REPORT_HELPER_ERRORS}`),
    entryPoints: [entry],
    outfile,
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild produced no .mjs for ${entry}`);
  return { outfile, bytes: await writeExecutable(outfile, output.text) };
}

/** The lab folders (`NN-slug`) directly under `root`, in order, and whether each has a manifest yet. */
export async function labFolders(root) {
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && /^\d\d-[a-z0-9-]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      dir: join(root, name),
      hasManifest: (await readdir(join(root, name))).includes('manifest.mts'),
    })),
  );
}

// Data files a lab reads through labFile (template.yaml): everything in its folder but code and docs.
const NOT_DATA = /\.(mts|ts|mjs|js|md)$/;

/**
 * What a lab's bundle is made of, read at bundle time: its slug and script names in order (from its
 * manifest, so run under tsx or vitest) and its data files. The manifest's texts (`does`, ...) are read
 * again when the bundle runs, where the learner's environment variables shape them.
 */
export async function readLab(dir) {
  const manifest = join(dir, 'manifest.mts');
  let lab;
  try {
    ({ LAB: lab } = await import(pathToFileURL(manifest).href));
  } catch (error) {
    if (error?.code === 'ERR_UNKNOWN_FILE_EXTENSION')
      throw new Error(
        'the manifests are TypeScript: run this through tsx (npm run bundle -w @handson/lab-scripts)',
      );
    throw error;
  }
  const slug = basename(dir);
  if (lab?.slug !== slug) throw new Error(`${manifest} exports no LAB for ${slug}`);
  // Files only: a folder beside the steps (Lab 04's blog/, the blog's own shell scripts for the sandbox's
  // tests) is not part of what a learner runs.
  const present = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const steps = [...Object.keys(lab.steps), 'teardown'];
  const missing = steps.filter((name) => !present.includes(`${name}.mts`));
  if (missing.length > 0)
    throw new Error(`${slug}: the manifest names ${missing.join(', ')}, with no .mts file`);
  const files = {};
  for (const name of present.filter((file) => !NOT_DATA.test(file)).sort()) {
    files[`${slug}/${name}`] = await readFile(join(dir, name), 'utf8');
  }
  return { dir, slug, steps, files };
}

/** Names a step of a lab bundle for the learner: `node NN-slug.mjs`. */
export const bundleCommand = (slug) => `node ${slug}.mjs`;

/**
 * The bundle's main module. esbuild inlines each `() => import('./NN-step.mts')` lazily (top-level await
 * included), so a step's module and its imports run only when that step is asked for.
 */
export function entrySource(lab) {
  const loaders = lab.steps.map(
    (name) => `  ${JSON.stringify(name)}: () => import(${JSON.stringify(`./${name}.mts`)}),`,
  );
  return [
    `globalThis.__handsonBundle = ${JSON.stringify(bundleCommand(lab.slug))};`,
    `globalThis.__handsonLabFiles = ${JSON.stringify(lab.files)};`,
    wrap.toString(),
    labHelp.toString(),
    runLab.toString(),
    `await runLab(${JSON.stringify(bundleCommand(lab.slug))}, {`,
    ...loaders,
    "}, () => import('./manifest.mts'));",
  ].join('\n');
}

// The three functions below run inside the bundle (entrySource copies their text): plain JavaScript that
// uses nothing from this module.

/** `text` in lines of at most `width` characters, each after `indent`. */
function wrap(text, width, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

/** `node NN-slug.mjs --help`: the lab's steps in order with what each does, and where to read more. */
function labHelp(lab, command) {
  const names = [...Object.keys(lab.steps), 'teardown'];
  const column = Math.max(...names.map((name) => name.length));
  const width = 110 - column - 4;
  const row = (name, does) =>
    `  ${name.padEnd(column)}  ${wrap(does, width, ' '.repeat(column + 4)).join('\n')}`;
  return [
    `${lab.slug}: ${lab.title} (${lab.blog.post})`,
    '',
    `Usage: ${command} <step> [options]`,
    '',
    'Steps, in the order they run:',
    ...Object.entries(lab.steps).map(([name, spec]) => row(name, spec.does)),
    row('teardown', lab.teardown.does),
    '',
    "A step's own help (its AWS calls, what it creates, its options):",
    `  ${command} <step> --help`,
    '',
    ...wrap(
      'Target: HANDSON_TARGET=aws for a real account (in AWS CloudShell, its credentials and region; ' +
        'nothing changes before you confirm), AWS_ENDPOINT_URL for another AWS-compatible endpoint, ' +
        'HANDSON_SANDBOX_URL for a local sandbox started in a clone (npm run sandbox). A bundle cannot ' +
        'start a sandbox itself. For example:',
      110,
      '',
    ),
    `  HANDSON_TARGET=aws ${command} ${names[0]}`,
  ].join('\n');
}

/** Runs the step named first on the command line, with the rest as its options. */
async function runLab(command, steps, manifest) {
  const name = process.argv[2];
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(labHelp((await manifest()).LAB, command));
    process.exit(0);
  }
  if (!Object.hasOwn(steps, name)) {
    console.error(
      name.startsWith('-')
        ? `${command}: the step comes first: ${command} <step> [options] (--help lists the steps)`
        : `${command}: no step ${name} in this lab (--help lists the steps)`,
    );
    process.exit(2);
  }
  // The step's entry (step(LAB, name)) parses process.argv.slice(2): its options only.
  process.argv.splice(2, 1);
  try {
    await steps[name]();
  } catch (error) {
    // Once step() has run, its report prints the error as the AWS CLI would: hand it over. Before that (a bad
    // environment variable read as the lab loads), one line says what is wrong.
    if (process.listenerCount('uncaughtException') > 0) throw error;
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** Serves each lab's main module (entrySource) to esbuild, as if it were a file in the lab's folder. */
function labEntries(labs) {
  const byDir = new Map(labs.map((lab) => [lab.dir, lab]));
  return {
    name: 'handson-lab-entries',
    setup(b) {
      b.onResolve({ filter: /^handson-lab:/ }, (args) => ({
        path: args.path.slice('handson-lab:'.length),
        namespace: 'handson-lab',
      }));
      b.onLoad({ filter: /.*/, namespace: 'handson-lab' }, (args) => ({
        contents: entrySource(byDir.get(args.path)),
        resolveDir: args.path,
        loader: 'js',
      }));
    },
  };
}

/**
 * Bundles each lab folder in `dirs` (each with a manifest) to `<outdir>/NN-slug.mjs`, in one esbuild run (the
 * SDK is parsed once for all). Returns, per lab, the output path, its size in bytes and its script names.
 * @param {string[]} dirs
 * @param {string} outdir
 */
export async function bundleLabs(dirs, outdir) {
  const labs = await Promise.all(dirs.map(readLab));
  const result = await build({
    ...commonOptions(PRELUDE),
    entryPoints: Object.fromEntries(labs.map((lab) => [lab.slug, `handson-lab:${lab.dir}`])),
    outdir,
    outExtension: { '.js': '.mjs' },
    plugins: [labEntries(labs)],
  });
  const made = [];
  for (const lab of labs) {
    const outfile = join(outdir, `${lab.slug}.mjs`);
    const output = result.outputFiles.find((file) => file.path === outfile);
    if (!output) throw new Error(`esbuild produced no ${outfile}`);
    made.push({
      slug: lab.slug,
      outfile,
      bytes: await writeExecutable(outfile, output.text),
      steps: lab.steps,
    });
  }
  return made;
}
