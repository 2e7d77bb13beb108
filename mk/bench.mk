# Benchmarks (bench/README.md): every figure a ratio to stock nginx
# measured in the same run, on 127.0.0.1 only.
#
#   make bench                   the full table, build/bench/results.md
#   make bench BENCH_ARGS='--duration 3 --runs 1'   a quicker look
#   make bench-deps              wrk and the echo module (baseline (b))
#   make bench-profile           instructions per request (callgrind)
#   make bench-compaction        webhook latency while the journal of
#                                100,000 tracks is compacted
#   make bench-replicate         postflow_replicate: lag between two
#                                nodes, webhook req/s and p50/p99 with
#                                and without it (redis-server needed)

BENCH_OUT   ?= $(BUILD)/bench
BENCH_ARGS  ?=
BENCH_PROFILE_ARGS ?=
BENCH_PKGS  := wrk libnginx-mod-http-echo

.PHONY: bench bench-deps bench-profile bench-compaction bench-replicate

# Installs what is missing when it can (root and apt-get); bench/run.py
# refuses to run without wrk and falls back to a mirror-based (b) without
# the echo module, saying so.
bench-deps:
	@missing=$$(for p in $(BENCH_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	        | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            $$missing; \
	    else \
	        echo "bench: missing packages: $$missing"; \
	    fi; \
	fi

bench: $(MODULE) bench-deps
	python3 bench/run.py --nginx $(NGINX_BIN) --module $(MODULE) \
	    --out $(BENCH_OUT) $(BENCH_ARGS)

# Instructions and cache misses per request under callgrind: the stable
# figures on a shared machine, and what dominates inside the module
# (build/bench/profile/profile.md).
bench-profile: $(MODULE) bench-deps
	python3 bench/profile.py --nginx $(NGINX_BIN) --module $(MODULE) \
	    --out $(BENCH_OUT) $(BENCH_PROFILE_ARGS)

# Webhook p50/p99/max with a journal never compacted, then with one
# compacted during the run (build/bench/compaction.md).
bench-compaction: $(MODULE) bench-deps
	python3 bench/compaction.py --nginx $(NGINX_BIN) --module $(MODULE) \
	    --out $(BENCH_OUT) $(BENCH_ARGS)

# Two nodes sharing a Redis stream (postflow_replicate) next to one node
# without it and stock nginx, all in the same run: the lag from one
# node's answer to the other's, webhook req/s and p50/p99
# (build/bench/replicate.md).  Needs Debian's redis-server.
bench-replicate: $(MODULE) bench-deps
	python3 bench/replicate.py --nginx $(NGINX_BIN) --module $(MODULE) \
	    --out $(BENCH_OUT) $(BENCH_ARGS)
