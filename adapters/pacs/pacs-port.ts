import type { EntityReader } from '../entity-reader';
import type { Equipment, ImagingStudy } from '../model/canonical-model';

/** What the gateway reads from a PACS/RIS: imaging studies and the modalities that perform them. */
export interface PacsPort {
  readonly imagingStudies: EntityReader<ImagingStudy>;
  readonly equipment: EntityReader<Equipment>;
}
