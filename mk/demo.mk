# The seed's "test avec simulation": a review session of three uploads
# played in real time against nginx with the module and a mock Frame.io
# (demo/play.py, demo/mock_frameio.py, demo/nginx.conf).  nginx runs in
# a temporary prefix under build/demo/ on a free port of 127.0.0.1.
#
#   make demo                  about two minutes, a line per moment, a
#                              summary; then nginx keeps running until
#                              Ctrl-C
#   make demo DEMO_SPEED=10    ten times faster (DEMO_EXIT=1: no wait)
#   make demo-check            20 times faster, stops at the end, fails
#                              unless every upload ended as scripted

DEMO_PYTHON ?= python3
DEMO_ENV     = NGINX_BIN=$(NGINX_BIN) POSTFLOW_MODULE=$(MODULE)

.PHONY: demo demo-check

demo: $(MODULE)
	$(DEMO_ENV) $(DEMO_PYTHON) demo/play.py

# a few seconds; timeout stops a stuck run (play.py stops nginx on TERM)
demo-check: $(MODULE)
	$(DEMO_ENV) DEMO_SPEED=20 DEMO_EXIT=1 \
	    timeout 60 $(DEMO_PYTHON) demo/play.py
