import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes an article from a child process (the compiled writer) that kills itself with SIGKILL at one
 * of the writer's hooks, as a crash at that point would. Returns the signal it died of and what it printed.
 */
export async function writeAndKillAt(
  dir: string,
  article: unknown,
  hook: 'beforeRename' | 'whileReleasingLock',
): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  const writer = pathToFileURL(resolve('dist/corpus/writeCorpus.js')).href;
  const script = `
    import { writeNewArticle } from ${JSON.stringify(writer)};
    const article = JSON.parse(process.argv[2]);
    await writeNewArticle(process.argv[1], article, { ${hook}: () => process.kill(process.pid, 'SIGKILL') });
    console.log('not reached');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir, JSON.stringify(article)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('close', (_code, sig) => done(sig)));
  return { signal, output };
}
