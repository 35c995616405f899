export const metricsRoutes = {
  metrics: {
    summary: 'Prometheus metrics (text format 0.0.4): queue, waits, ratings, devices, telemetry; loopback and http.metricsAllow only',
    description: [
      'Scraped by Prometheus (docs/operations.md#metrics). Names: frontdesk_queue_waiting{service}, frontdesk_queue_longest_wait_seconds{service},',
      'frontdesk_wait_seconds{service} (histogram), frontdesk_ratings_total{score}, frontdesk_device_state{device,kind,state},',
      'frontdesk_telemetry_outbox_backlog, frontdesk_mqtt_connected, and the standard process_* / nodejs_* metrics.',
      'A client that is neither loopback nor in http.metricsAllow gets 403 `metrics_forbidden` (`{error: {code, message}}`).',
    ].join(' '),
    produces: ['text/plain'],
  },
};
