import type { ReadContext } from '../adapters/entity-reader';
import type { Viewer } from './auth/viewer';
import type { RequestLoaders } from './loaders/request-loaders';
import type { RequestPermissions } from './permissions/request-permissions';

/** What every resolver of one request shares. */
export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  loaders: RequestLoaders;
  read: ReadContext;
  /** decided once before execution; consulted synchronously by guarded fields and readers */
  permissions: RequestPermissions;
}
