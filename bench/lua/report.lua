-- Shared by every bench script: wrk's summary as one JSON line that
-- bench/run.py reads ("BENCHJSON {...}").  Latencies in microseconds.

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,' ..
      '"timeout":%d},"latency":{"mean":%.1f,"p50":%d,"p90":%d,' ..
      '"p99":%d,"max":%d}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max))
end
