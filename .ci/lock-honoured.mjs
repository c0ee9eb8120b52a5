// Proof that `npm install` honoured the committed lock file: every package the lock names keeps its
// version and integrity, none is removed, and anything added is an optional package for another
// platform. npm 11.19 writes such entries (other systems' builds of the formatter and the Chinese
// segmenter) on some installs and not on others; they change nothing on this machine.
// Usage: node .ci/lock-honoured.mjs COMMITTED_LOCK INSTALLED_LOCK
import { readFileSync } from 'node:fs';

const [committedPath, installedPath] = process.argv.slice(2);
const committed = JSON.parse(readFileSync(committedPath, 'utf8')).packages ?? {};
const installed = JSON.parse(readFileSync(installedPath, 'utf8')).packages ?? {};
const problems = [];
for (const [name, entry] of Object.entries(committed)) {
  const now = installed[name];
  if (!now) problems.push(`${name || '(root)'} removed`);
  else if (now.version !== entry.version || now.integrity !== entry.integrity)
    problems.push(`${name} changed: ${entry.version} → ${now.version}`);
}
// npm's `os`, `cpu` and `libc` lists: names, or `!name` for every system but that one.
const allows = (list, value) => {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const named = list.filter((v) => !v.startsWith('!'));
  return named.length === 0 || named.includes(value);
};
const libc = process.report?.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
for (const [name, entry] of Object.entries(installed)) {
  if (name in committed) continue;
  const forThisMachine =
    allows(entry.os, process.platform) && allows(entry.cpu, process.arch) && allows(entry.libc, libc);
  if (entry.optional !== true || forThisMachine) problems.push(`${name} added`);
}
if (problems.length > 0) {
  console.error(`package-lock.json is out of date:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
