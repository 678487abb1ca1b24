/**
 * `npm run playground` driven non-interactively: lines piped into it are answered by the real bot
 * through the emulator and printed as Discord would show them; a number presses a button.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runPlayground(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/playground/playground.ts'], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('playground', () => {
  it('answers a piped slash command as Discord shows it, and presses a button by number', async () => {
    const { stdout, code } = await runPlayground('/ask question: North Korea and Russia military cooperation\n1\n');
    expect(code).toBe(0);
    const [, first, second] = stdout.split(/^> /m);
    expect(first).toMatch(
      /^\/ask question: North Korea and Russia military cooperation\nNorth Korea and Russia military cooperation\n/,
    );
    expect(first).toMatch(/^\[1\] .+ · .+$/m); // a cited passage: number, outlet, date
    expect(first).toMatch(/^ {2}> /m); // its quote
    expect(first).toMatch(/passages 1–3 of \d+/);
    expect(first).toMatch(/^ {2}\(1\) More passages/m);
    expect(first).toMatch(/^ {2}\(2\) .+ ↗ https:\/\//m);
    // Pressing (1) edits the answer to the next page.
    expect(second).toMatch(/^1\n/);
    expect(second).toMatch(/^\[4\] /m);
    expect(second).toMatch(/passages 4–6 of \d+/);
    expect(second).toMatch(/\(1\) ◀ Previous/);
  }, 60_000);

  it('shows autocomplete suggestions and private replies', async () => {
    const { stdout, code } = await runPlayground('?/who-signed statement: dec\n/help private: true\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /1\. Joint statement on DPRK–Russia military cooperation \(16 December 2024\) {2}→ joint-2024-12-16/,
    );
    expect(stdout).toMatch(/\(only you can see this\)\nstatement-desk\n/);
  }, 60_000);
});
