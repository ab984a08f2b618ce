import { App } from 'aws-cdk-lib';
import { addDaswosCoins } from '#infra/daswos-coins-app';

// `npx cdk synth -c stage=prod`; the stage defaults to dev.
const app = new App();
addDaswosCoins(app);
app.synth();
