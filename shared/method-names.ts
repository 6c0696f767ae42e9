/**
 * The contract's method names alone, without their schemas: what the sandboxed preload
 * needs to expose one function per method, without bundling zod and the public-suffix list.
 * `shared/contract.ts` checks at compile time that this list and its `methods` agree.
 */
export const METHOD_NAMES = [
  'getStatus',
  'setPaused',
  'listDomains',
  'addDomain',
  'updateDomain',
  'removeDomain',
  'setDomainEnabled',
  'getSettings',
  'updateSettings',
  'getLoginItem',
  'setLoginItem',
  'getCaStatus',
  'trustCa',
  'untrustCa',
  'regenerateCertificate',
  'listExchanges',
  'getExchange',
  'listExchangeDetails',
  'clearExchanges',
  'replayExchange',
  'exportHar',
  'curlForExchange',
  'setCapture',
  'runDoctor',
  'hostsStatus',
] as const;
