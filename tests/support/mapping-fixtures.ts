import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMapping, type LoadMappingOptions } from '../../adapters/mapping/load-mapping';
import { MappingError } from '../../adapters/mapping/mapping-error';
import { createSiteTime } from '../../adapters/mapping/site-time';
import type { SourceKind } from '../../adapters/model/field-spec';
import { PROJECT_ROOT } from '../../src/paths';

export const DEMO_MAPPING_FILES: Record<SourceKind, string> = {
  HIS: path.join(PROJECT_ROOT, 'mappings', 'demo', 'his.yaml'),
  LIS: path.join(PROJECT_ROOT, 'mappings', 'demo', 'lis.yaml'),
  PACS: path.join(PROJECT_ROOT, 'mappings', 'demo', 'pacs.yaml'),
  FINANCE: path.join(PROJECT_ROOT, 'mappings', 'demo', 'finance.yaml'),
};

export function mappingOptions(system: SourceKind): LoadMappingOptions {
  return { expectedSystem: system, siteTime: createSiteTime('Asia/Shanghai'), dateTimeParameter: (local) => local };
}

export function demoMappingText(system: SourceKind): string {
  return readFileSync(DEMO_MAPPING_FILES[system], 'utf8');
}

/** The MappingError a text produces (fails the test when the text is accepted). */
export function mappingErrorOf(system: SourceKind, text: string, file = 'site-his.yaml'): MappingError {
  try {
    parseMapping(file, text, mappingOptions(system));
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('the mapping was accepted');
}
