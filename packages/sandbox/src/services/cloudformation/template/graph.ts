/**
 * The resource dependency graph: a resource depends on every resource its properties name through Ref,
 * Fn::GetAtt or a Fn::Sub variable, and on its DependsOn list. Creation follows the graph, deletion reverses it.
 */
import { at, TemplateError } from './errors';
import { type ParsedTemplate, subVariables, visitIntrinsics } from './parse';

/** logical id → the logical ids it depends on (only resources, in template order). */
export type DependencyGraph = Record<string, string[]>;

export function dependencyGraph(t: ParsedTemplate): DependencyGraph {
  const graph: DependencyGraph = {};
  for (const [id, r] of Object.entries(t.resources)) {
    const deps = new Set<string>(r.DependsOn);
    visitIntrinsics(r.Properties, [], (fn, arg) => {
      if (fn === 'Ref' && typeof arg === 'string' && arg in t.resources) deps.add(arg);
      if (fn === 'Fn::GetAtt') {
        const target = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
        if (typeof target === 'string' && target in t.resources) deps.add(target);
      }
      if (fn === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : undefined;
        const local = Array.isArray(arg) && typeof arg[1] === 'object' && arg[1] !== null ? arg[1] : {};
        if (typeof text === 'string') {
          for (const name of subVariables(text)) {
            if (name in local) continue;
            const target = name.split('.')[0]!;
            if (target in t.resources) deps.add(target);
          }
        }
      }
    });
    graph[id] = Object.keys(t.resources).filter((other) => deps.has(other));
  }
  const cycle = findCycle(graph);
  if (cycle) {
    throw new TemplateError(
      `Template format error: Circular dependency between resources: [${cycle.join(', ')}]`,
      at(t.source, ['Resources', cycle[0]!]),
    );
  }
  return graph;
}

/** The members of one dependency cycle, or undefined. */
export function findCycle(graph: DependencyGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id));
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of graph[id] ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(graph)) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** Creation "waves": each wave's resources depend only on earlier waves. */
export function creationWaves(graph: DependencyGraph): string[][] {
  const waves: string[][] = [];
  const placed = new Set<string>();
  const ids = Object.keys(graph);
  while (placed.size < ids.length) {
    const wave = ids.filter((id) => !placed.has(id) && (graph[id] ?? []).every((d) => placed.has(d)));
    if (wave.length === 0) throw new Error('dependency cycle');
    for (const id of wave) placed.add(id);
    waves.push(wave);
  }
  return waves;
}

/** The reverse graph: logical id → the resources that depend on it. */
export function dependents(graph: DependencyGraph): DependencyGraph {
  const out: DependencyGraph = Object.fromEntries(Object.keys(graph).map((id) => [id, []]));
  for (const [id, deps] of Object.entries(graph)) for (const d of deps) out[d]?.push(id);
  return out;
}
