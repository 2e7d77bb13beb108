# The Python client (clients/python) against a real nginx with the
# module: its pytest suite starts one nginx ($(NGINX_BIN) loading
# $(MODULE)) on a free port of 127.0.0.1 in a temporary prefix.
#
#   make test-python
#   make test-python PYTEST_ARGS='-k wait -v'

# the first python3 that has pytest (Debian's python3-pytest is
# /usr/bin/python3's), else python3 to say what is missing
PYTHON      ?= $(shell for p in python3 /usr/bin/python3; do \
                   $$p -c 'import pytest' 2>/dev/null \
                   && { echo $$p; exit; }; done; echo python3)
PYTEST_ARGS ?=

.PHONY: test-python

test-python: $(MODULE)
	POSTFLOW_NGINX=$(NGINX_BIN) POSTFLOW_MODULE=$(MODULE) \
	    $(PYTHON) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) \
	    clients/python/tests
