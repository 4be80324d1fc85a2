// argon2 ships prebuilt binaries, but the one for Linux needs a newer Node-API than Node 20 has and
// crashes on load. npm builds it from source when install scripts run; where they did not, build it now.
import { execFileSync, spawnSync } from 'node:child_process';

const probe = spawnSync(process.execPath, ['-e', "require('argon2').hash('probe').then(() => process.exit(0))"], { stdio: 'ignore' });
if (probe.status !== 0) {
  process.stdout.write('argon2 does not load here; building it from source\n');
  execFileSync('npm', ['rebuild', 'argon2', '--foreground-scripts'], { stdio: 'inherit' });
}
