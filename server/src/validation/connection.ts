import { withLabels } from '../utils/errors';
import { SETTINGS_LABELS, settingsUpdateSchema } from './settings';

/** Body of `POST /bigcommerce/settings/test-connection`: unsaved values to try, all optional. */
export const testConnectionSchema = settingsUpdateSchema
  .pick({ storeHash: true, accessToken: true, apiUrl: true })
  .extend({ accessToken: settingsUpdateSchema.shape.accessToken.unwrap().unwrap().optional() })
  .strict();
withLabels(testConnectionSchema, SETTINGS_LABELS);
