import { MappedEntityReader, type MappedSourceOptions } from '../mapping/mapped-entity-reader';
import type { PacsPort } from './pacs-port';

/** A PACS/RIS read through SQL tables or views, as its mapping file describes them. */
export function createPacsSqlAdapter(options: MappedSourceOptions): PacsPort {
  return {
    imagingStudies: new MappedEntityReader('ImagingStudy', options),
    equipment: new MappedEntityReader('Equipment', options),
  };
}
