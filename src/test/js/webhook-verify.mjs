// Verifies captured tenant webhooks with LiveKit's own WebhookReceiver (livekit-server-sdk), as a tenant would.
// Env: WEBHOOKS_FILE (JSON array of {body, authorization, hashToken}), API_KEY, API_SECRET.
// Prints one line per webhook and exits non-zero if any is rejected.
import { readFileSync } from 'node:fs';
import { WebhookReceiver } from 'livekit-server-sdk';

const hooks = JSON.parse(readFileSync(process.env.WEBHOOKS_FILE, 'utf8'));
const receiver = new WebhookReceiver(process.env.API_KEY, process.env.API_SECRET);
let failed = 0;
for (const h of hooks) {
  try {
    if (h.authorization !== h.hashToken) {
      throw new Error('Authorization and Hash-Token differ');
    }
    const event = await receiver.receive(h.body, h.authorization);
    console.log(`ok ${event.event}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${JSON.parse(h.body).event}: ${e.message}`);
  }
}
// a tampered body must be refused
try {
  await receiver.receive(hooks[0].body + ' ', hooks[0].authorization);
  console.log('FAIL tampered body was accepted');
  failed++;
} catch (e) {
  console.log('ok tampered body refused');
}
process.exit(failed === 0 ? 0 : 1);
