# The dashboard in a real browser: t/dashboard/ starts nginx with the
# module and chromedriver on free ports of 127.0.0.1 and drives headless
# Chromium (Debian's chromium and chromium-driver) through WebDriver.
# Screenshots go to build/dashboard*.png.
#
#   make test-dashboard                  the page against the API, live
#                                        updates, filters, pages, French
#   make bench-dashboard                 with 10,000 tracks: first paint,
#                                        rows shown, a change shown
#   make test-dashboard PYTEST_ARGS=-v

.PHONY: test-dashboard bench-dashboard

DASHBOARD_ENV = POSTFLOW_NGINX=$(NGINX_BIN) POSTFLOW_MODULE=$(MODULE)

test-dashboard: $(MODULE)
	$(DASHBOARD_ENV) timeout 300 $(PYTHON) -m pytest -q -p no:cacheprovider \
	    $(PYTEST_ARGS) t/dashboard/test_dashboard.py

bench-dashboard: $(MODULE)
	$(DASHBOARD_ENV) timeout 600 $(PYTHON) -m pytest -q -s \
	    -p no:cacheprovider $(PYTEST_ARGS) t/dashboard/bench_dashboard.py
