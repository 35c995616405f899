import { createStore } from '../lib/store.js';

/**
 * Whether the service answers. Any request that fails at the network level (or with 502/503/504
 * from a proxy) marks it down; any answer or an open live-event stream marks it up. Screens show
 * the polite "暂停服务" overlay while it is down.
 */
export const serverReachable = createStore<boolean>(true);
