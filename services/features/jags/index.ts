import { plugIn, type FeatureOpenDeps } from '../../shared-services.js';
import { Jags } from './jags.js';
import { jagsPersonalData } from './personal-data.js';
import { jagsReplica } from './replica.js';
import { jagsRetention } from './retention.js';

/** Opens JAGS; its feedback forms, reminder, closing and summaries run on the scheduler. */
export async function openJagsServices(s: FeatureOpenDeps) {
  const jags = await Jags.open(s);
  plugIn(s, { due: jags.campaign, personalData: jagsPersonalData({ jags }), retention: jagsRetention({ kept: s.config.partnership.retention, jags }), replica: jagsReplica({ config: s.config, jags }) });
  return { jags };
}

export type JagsServices = Awaited<ReturnType<typeof openJagsServices>>;
