// Prints a TLSSigAPIv2 UserSig made by Tencent's official Node package, as an app's back end makes one.
// Env: SDKAPPID, SECRET_KEY, IDENTIFIER, EXPIRE (seconds, default 86400).
// Usage: SDKAPPID=1400000000 SECRET_KEY=... IDENTIFIER=administrator node tencent-usersig.mjs
import TLSSigAPIv2 from 'tls-sig-api-v2';

const { SDKAPPID, SECRET_KEY, IDENTIFIER } = process.env;
if (!SDKAPPID || !SECRET_KEY || !IDENTIFIER) {
  console.error('SDKAPPID, SECRET_KEY and IDENTIFIER are required');
  process.exit(2);
}
const api = new TLSSigAPIv2.Api(Number(SDKAPPID), SECRET_KEY);
console.log(api.genUserSig(IDENTIFIER, Number(process.env.EXPIRE ?? 86400)));
