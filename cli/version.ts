/** The package version, read once from package.json (found from both the sources and the compiled dist/ tree). */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'k8sim' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

export const VERSION: string = findVersion();
