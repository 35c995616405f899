// V8 flags the service runs with (npm start, the systemd unit, tests and benchmarks): a 1 MB young
// generation keeps RSS under load close to idle on a Pi (measured: +36 MB -> +9 MB after 3,000 tickets).
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=1'];
