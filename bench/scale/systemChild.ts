/**
 * One system in a process of its own (forked by scaleBench.ts), so that its memory figure is its
 * own and its start-up is a real one. `measure` runs measureSystem; `start` times a start-up.
 * The result goes back to the parent as one IPC message.
 */
import { measureSystem, type MeasureInputs, type SystemFigures } from './measureSystem.js';
import { SYSTEMS, type StartedFrom, type SystemName } from './system.js';

export type ChildRequest =
  | { mode: 'measure'; system: SystemName; inputs: MeasureInputs }
  | { mode: 'start'; system: SystemName; dir: string; snapshotFile: string };

export type ChildReply =
  | { mode: 'measure'; figures: SystemFigures }
  | { mode: 'start'; startedFrom: StartedFrom; openMs: number }
  | { error: string };

async function serve(request: ChildRequest): Promise<ChildReply> {
  const system = await SYSTEMS[request.system]();
  if (request.mode === 'measure') return { mode: 'measure', figures: await measureSystem(system, request.inputs) };
  const started = performance.now();
  const startedFrom = await system.start(request.dir, request.snapshotFile);
  return { mode: 'start', startedFrom, openMs: performance.now() - started };
}

const request = JSON.parse(process.argv[2] ?? '') as ChildRequest;
const reply = await serve(request).catch((error: unknown): ChildReply => ({
  error: error instanceof Error ? (error.stack ?? error.message) : String(error),
}));
process.send!(reply, () => process.exit(0));
