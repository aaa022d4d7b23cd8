// Optional CPU profile of a measured section (BENCH_CPU_PROFILE=<dir>): written as a .cpuprofile for
// Chrome DevTools and summarised as self time by package and by function.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const post = <T>(session: inspector.Session, method: string, params?: object) =>
  new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));

/** Where a frame's code lives: an npm package, the plugin's dist, node itself, or the rest. */
const owner = (url: string): string => {
  if (!url) return '(native / idle / gc)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/dist/server/')) return 'plugin (dist/server)';
  return url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
};

export const startCpuProfile = async (dir: string | undefined, name: string) => {
  if (!dir) return { stop: async () => undefined as string | undefined };
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
  await post(session, 'Profiler.start');
  return {
    stop: async (): Promise<string | undefined> => {
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      const file = path.resolve(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      const self = new Map<number, number>();
      profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
      const byOwner = new Map<string, number>();
      const byFunction = new Map<string, number>();
      let total = 0;
      for (const [id, ms] of self) {
        const frame = byId.get(id)!.callFrame;
        if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
        total += ms;
        byOwner.set(owner(frame.url), (byOwner.get(owner(frame.url)) ?? 0) + ms);
        const key = `${frame.functionName || '(anonymous)'}  ${owner(frame.url)}${frame.url && !frame.url.includes('node_modules') ? `:${frame.lineNumber + 1}` : ''}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
      }
      // Inclusive time of the plugin's own functions: each sample counted once per function on its stack.
      const parent = new Map<number, number>();
      for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
      const inclusive = new Map<string, number>();
      profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        const seen = new Set<string>();
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
          const frame = byId.get(cur)!.callFrame;
          if (!frame.url.includes('/dist/server/')) continue;
          const key = `${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}`;
          if (seen.has(key)) continue;
          seen.add(key);
          inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
        }
      });
      const top = (map: Map<string, number>, n: number) =>
        [...map.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([key, ms]) => `    ${ms.toFixed(0).padStart(6)} ms  ${key}`);
      return [
        `  CPU profile ${file} (busy ${total.toFixed(0)} ms, idle excluded)`,
        '  self time by package:',
        ...top(byOwner, 12),
        '  self time by function:',
        ...top(byFunction, 25),
        '  inclusive time of plugin functions (dist/server/index.js line):',
        ...top(inclusive, 25),
      ].join('\n');
    },
  };
};

/**
 * Always-on short profile of one measured section: self time per request by package and by function,
 * so a bench can print where each request's CPU goes beside another section's (a route vs the route
 * floor). Writes the .cpuprofile too when `dir` is set (BENCH_CPU_PROFILE).
 */
export const profileRequests = async (
  dir: string | undefined,
  name: string,
  requests: number,
  run: () => Promise<void>
): Promise<{ busyMs: number; byPackage: Map<string, number>; byFunction: Map<string, number> }> => {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  let profile: Profile;
  try {
    await run();
  } finally {
    ({ profile } = await post<{ profile: Profile }>(session, 'Profiler.stop'));
    session.disconnect();
  }
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.resolve(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // The profiler's own stop (serialising the profile under node:inspector's post) is not a request's.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inspectorNodes = new Set<number>();
  for (const node of profile.nodes) {
    for (let cur: number | undefined = node.id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url === 'node:inspector') {
        inspectorNodes.add(node.id);
        break;
      }
    }
  }
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)' || inspectorNodes.has(id)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000 / requests;
    busyMs += ms;
    const pkg = owner(frame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const key = `${frame.functionName || '(anonymous)'}  ${pkg}${frame.url && !frame.url.includes('node_modules') && !frame.url.startsWith('node:') ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  });
  return { busyMs, byPackage, byFunction };
};
