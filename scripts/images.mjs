// npm run images [-- --dry-run]: builds every image of the Dockerfile, one per target
// (each function, and cli), tagged pkgdeps/<target>:<version> and pkgdeps/<target>:latest.
// Where no Docker engine answers (`docker info` fails), or with --dry-run, it prints the
// commands it would run and exits 0.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
/** The named stages other than the builder and the shared runtime base. */
const targets = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8'))
  .getFROMs()
  .map((from) => from.getBuildStage())
  .filter((name) => name !== null && name !== 'build' && name !== 'runtime');

const commands = targets.map((target) => [
  'docker',
  'build',
  '--target',
  target,
  '-t',
  `pkgdeps/${target}:${version}`,
  '-t',
  `pkgdeps/${target}:latest`,
  '.',
]);

const info = process.argv.includes('--dry-run') ? undefined : spawnSync('docker', ['info'], { encoding: 'utf8' });
const engine = info !== undefined && info.error === undefined && info.status === 0;
if (!engine) {
  const why =
    info === undefined
      ? '--dry-run'
      : info.error !== undefined
        ? `docker: ${info.error.message}`
        : (info.stderr.trim().split('\n').at(-1) ?? 'docker info failed');
  console.log(`images: no Docker engine here (${why}); with one, npm run images runs:`);
  for (const command of commands) console.log(`  ${command.join(' ')}`);
  process.exit(0);
}
for (const command of commands) {
  console.log(`images: ${command.join(' ')}`);
  const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`images: building ${command[3]} failed (exit ${run.status})`);
    process.exit(1);
  }
}
console.log(`images: built ${commands.length} images: ${targets.map((t) => `pkgdeps/${t}:${version}`).join(', ')}`);
