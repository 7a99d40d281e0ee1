import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceDefinition } from './types.js';

export interface DiscoveryResult {
  services: ServiceDefinition[];
  /** Folders that failed to load, with the reason; the sandbox still serves the rest. */
  failed: { folder: string; error: string }[];
}

/**
 * Loads every folder of src/services (dist/services in the build) whose index exports a ServiceDefinition,
 * as `default` or as `service`. A new service needs no registration anywhere else.
 */
export async function discoverServices(dir = join(__dirname, '..', 'services')): Promise<DiscoveryResult> {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  const result: DiscoveryResult = { services: [], failed: [] };
  if (!existsSync(dir)) return result;
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const folder of folders) {
    const file = join(dir, folder, `index.${ext}`);
    if (!existsSync(file)) continue;
    try {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const def = pickDefinition(mod);
      if (def) result.services.push(def);
      else
        result.failed.push({
          folder,
          error: 'index does not export a ServiceDefinition (default or `service`)',
        });
    } catch (err) {
      result.failed.push({ folder, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

function isDefinition(v: unknown): v is ServiceDefinition {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ServiceDefinition).name === 'string' &&
    typeof (v as ServiceDefinition).operations === 'object'
  );
}

function pickDefinition(mod: Record<string, unknown>): ServiceDefinition | undefined {
  const candidates = [
    mod.default,
    mod.service,
    (mod.default as Record<string, unknown> | undefined)?.default,
    (mod.default as Record<string, unknown> | undefined)?.service,
  ];
  return candidates.find(isDefinition);
}
