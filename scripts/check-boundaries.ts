// `npm run check:boundaries`: the import boundaries of the house, in three checks.
//  1. dependency-cruiser with .dependency-cruiser.cjs (pure rules/ and kernel/, drivers that know no
//     features, telemetry apart from HTTP, the UI seeing only the contract's types, no file cycles);
//  2. no cycles between feature folders (A → B → A), from the same cruise: a folder's rules/ counts
//     as part of its feature, so firmware-bridge/keys/rules is the folder firmware-bridge/keys;
//  3. the UI's TypeScript program pulls in no Node types, not even through a type it imports.
// Prints every violation and exits 1 when there is any.
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cruisedFolders = ['firmware-bridge', 'devices', 'config', 'kiosk-ui/src'];

type CruisedDependency = { resolved: string; coreModule: boolean; couldNotResolve: boolean };
type CruisedModule = { source: string; dependencies: CruisedDependency[] };
type Violation = { from: string; to: string; rule: { name: string }; cycle?: { name: string }[] };
type CruiseResult = { modules: CruisedModule[]; summary: { violations: Violation[]; totalCruised: number } };

function cruise(): CruiseResult {
  const depcruise = join(root, 'node_modules/.bin/depcruise');
  const run = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...cruisedFolders], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  // depcruise exits non-zero when it finds violations; the JSON is on stdout either way.
  if (!run.stdout) throw new Error(`depcruise produced no output: ${run.stderr}`);
  return JSON.parse(run.stdout) as CruiseResult;
}

export function featureFolder(file: string): string {
  return dirname(file);
}

/**
 * The folder-level cycles, each as its shortest loop: for every edge A → B, the shortest way back
 * from B to A closes a cycle; the same loop found from another of its edges is reported once.
 */
export function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const shortestPath = (from: string, to: string): string[] | undefined => {
    const previous = new Map<string, string>([[from, from]]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) {
        const path = [to];
        while (path[0] !== from) path.unshift(previous.get(path[0])!);
        return path;
      }
      for (const next of [...(edges.get(node) ?? [])].sort()) {
        if (!previous.has(next)) {
          previous.set(next, node);
          queue.push(next);
        }
      }
    }
    return undefined;
  };
  const cycles = new Map<string, string[]>();
  for (const [from, targets] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    for (const to of [...targets].sort()) {
      const back = shortestPath(to, from);
      if (!back) continue;
      const loop = [from, ...back.slice(0, -1)];
      // One name per loop whichever folder it was found from: rotate it to start at its smallest folder.
      const start = loop.indexOf([...loop].sort()[0]);
      const rotated = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.set(rotated.join(' → '), rotated);
    }
  }
  return [...cycles.values()];
}

function folderCycleViolations(modules: CruisedModule[]): string[] {
  const local = (path: string) => cruisedFolders.some((folder) => path.startsWith(`${folder}/`));
  const edges = new Map<string, Set<string>>();
  const example = new Map<string, string>(); // "A → B" → one file import that makes that edge
  for (const module of modules.filter((m) => local(m.source))) {
    const from = featureFolder(module.source);
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.couldNotResolve || !local(dependency.resolved)) continue;
      const to = featureFolder(dependency.resolved);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
      if (!example.has(`${from} → ${to}`)) example.set(`${from} → ${to}`, `${module.source} → ${dependency.resolved}`);
    }
  }
  return folderCycles(edges).map((cycle) => {
    const steps = cycle.map((from, i) => example.get(`${from} → ${cycle[(i + 1) % cycle.length]}`)!);
    return `${[...cycle, cycle[0]].join(' → ')}  (${steps.join('; ')})`;
  });
}

/** Files of the UI's program that come from @types/node, and the first UI-reachable file importing each chain. */
function nodeTypesInUi(): string[] {
  const configFile = join(root, 'kiosk-ui/tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error('cannot read kiosk-ui/tsconfig.json');
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const nodeTypes = program.getSourceFiles().filter((file) => file.fileName.includes('/node_modules/@types/node/'));
  if (nodeTypes.length === 0) return [];
  const serverFiles = program
    .getSourceFiles()
    .map((file) => relative(root, file.fileName).split(sep).join('/'))
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('kiosk-ui/'));
  // Pure files (rules/, kernel/, config schemas) are not how Node gets in; list the others first.
  const impure = serverFiles.filter((file) => !/(\/rules\/|\/kernel\/|^config\/schema\/)/.test(file));
  return [
    `the UI program loads ${nodeTypes.length} files of @types/node through the ${serverFiles.length} server files it reaches; ` +
      `the ones that are not rules/, kernel/ or config schemas: ${impure.join(', ')}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = cruise();
  const ruleViolations = result.summary.violations.map((v) =>
    v.cycle ? `${v.rule.name}: ${v.from} → ${v.cycle.map((step) => step.name).join(' → ')}` : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
  const folderViolations = folderCycleViolations(result.modules).map((text) => `no-folder-cycles: ${text}`);
  const uiViolations = nodeTypesInUi().map((text) => `ui-without-node-types: ${text}`);
  const all = [...ruleViolations, ...folderViolations, ...uiViolations];
  for (const line of all) console.log(`  ${line}`);
  console.log(
    `${all.length} boundary violations (${ruleViolations.length} import rules, ${folderViolations.length} folder cycles, ` +
      `${uiViolations.length} UI type leaks) in ${result.summary.totalCruised} modules`,
  );
  process.exitCode = all.length === 0 ? 0 : 1;
}
