# ngx_postflow: build the dynamic module, run it, test it.
#
#   make                      module for Debian's nginx (nginx-dev)
#   make NGINX_SRC=/path      module and nginx binary from a source tree
#   make deps                 install the Debian packages everything needs
#   make run                  nginx in the foreground with nginx.conf.example
#   make test                 the Test::Nginx suite
#   make test-valgrind        the suite under valgrind
#   make test-python          the Python client's tests (mk/python.mk)
#   make test-dashboard       the dashboard in headless Chromium (mk/dashboard.mk)
#   make demo                 a review session played in real time (mk/demo.mk)

SHELL       := /bin/bash
NGINX_SRC   ?= /usr/share/nginx/src
BUILD       := $(CURDIR)/build
MODULE      := $(BUILD)/ngx_http_postflow_module.so
OBJS_DIR    := $(BUILD)/nginx
TREE        := $(BUILD)/nginx-src
SRCS        := $(wildcard ngx_postflow_module/*.c ngx_postflow_module/*.h)
# nginx's headers, for what mk/*.mk compile outside nginx's own make
NGX_INCS    := -I $(TREE)/src/core -I $(TREE)/src/event \
               -I $(TREE)/src/event/modules -I $(TREE)/src/os/unix \
               -I $(TREE)/src/http -I $(TREE)/src/http/modules \
               -I $(TREE)/src/http/v2 -I $(OBJS_DIR)
CC_OPT      := -g -O2 -fPIC -Wall -Wextra -Werror -Wno-unused-parameter
CC_OPT      += $(EXTRA_CC_OPT)
LD_OPT      := -fPIC $(EXTRA_LD_OPT)

# Debian's nginx-dev ships only headers: build the module and use the
# system binary.  A full source tree builds its own nginx as well.
ifeq ($(NGINX_SRC),/usr/share/nginx/src)
NGINX_BIN   ?= /usr/sbin/nginx
MAKE_GOAL   := modules
else
NGINX_BIN   ?= $(OBJS_DIR)/nginx
MAKE_GOAL   := build
endif

DEBIAN_PKGS := build-essential nginx nginx-dev libyajl-dev \
               libcurl4-openssl-dev libpcre2-dev libssl-dev zlib1g-dev \
               perl libtest-base-perl libtext-diff-perl \
               libtest-longstring-perl liblist-moreutils-perl \
               libhttp-message-perl libwww-perl valgrind curl \
               prometheus python3 python3-pytest chromium chromium-driver \
               libhiredis-dev redis-server

# APT_UPDATE= skips "apt-get update" when the caller has just run it
APT_UPDATE  ?= apt-get update &&

# installs the Debian packages of $(1) that are missing
apt_install = missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	        | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    $(APT_UPDATE) \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

PROVE       := prove
TEST_FILES  ?= t/
TEST_ENV     = TEST_NGINX_BINARY=$(NGINX_BIN) \
               TEST_NGINX_LOAD_MODULES=$(MODULE) \
               TEST_NGINX_SERVROOT=$(BUILD)/servroot \
               TEST_NGINX_FIXTURES=$(CURDIR)/t/fixtures
# the bundled runner stands in only where Test::Nginx is not installed
TEST_LIB     = $(shell perl -MTest::Nginx::Socket -e1 2>/dev/null \
                       || echo -I t/lib)

.PHONY: all deps run test test-valgrind clean dashboard check-dashboard
.DEFAULT_GOAL := all

all: $(MODULE)

$(OBJS_DIR)/Makefile: config Makefile
	rm -rf $(TREE) $(OBJS_DIR)
	mkdir -p $(BUILD)
	cp -a $(NGINX_SRC) $(TREE)
	cd $(TREE) && \
	    if [ -f conf_flags ]; then . ./conf_flags; fi; \
	    configure=./configure; \
	    [ -x $$configure ] || configure=auto/configure; \
	    $$configure "$${NGX_CONF_FLAGS[@]}" \
	        --with-cc-opt="$(CC_OPT)" --with-ld-opt="$(LD_OPT)" \
	        --with-compat --builddir=$(OBJS_DIR) \
	        --add-dynamic-module=$(CURDIR) > $(BUILD)/configure.log \
	    || { tail -20 $(BUILD)/configure.log; exit 1; }

$(MODULE): $(OBJS_DIR)/Makefile $(SRCS)
	$(MAKE) -s -C $(TREE) -f $(OBJS_DIR)/Makefile $(MAKE_GOAL)
	cp $(OBJS_DIR)/ngx_http_postflow_module.so $@

# the dashboard's page, script and style, embedded in the module; the
# header is kept in the repository so that a build needs no Python
ASSETS      := ngx_postflow_module/ngx_http_postflow_dashboard_assets.h

$(ASSETS): $(wildcard dashboard/*) tools/embed-dashboard
	python3 tools/embed-dashboard dashboard $@

dashboard: $(ASSETS)

check-dashboard:
	python3 tools/embed-dashboard --check dashboard $(ASSETS)

deps:
	@$(call apt_install,$(DEBIAN_PKGS))

# as root, nginx runs its workers as nobody: the journal's directory is
# theirs, as /var/lib/postflow is www-data's on Debian
run: $(MODULE)
	mkdir -p $(BUILD)/run/logs $(BUILD)/run/state
	if [ "$$(id -u)" = 0 ]; then chown nobody:nogroup $(BUILD)/run/state; fi
	$(NGINX_BIN) -p $(BUILD)/run/ -c $(CURDIR)/nginx.conf.example \
	    -g 'daemon off; load_module $(MODULE);'

test: $(MODULE)
	$(TEST_ENV) $(PROVE) $(TEST_LIB) -r $(TEST_FILES)

test-valgrind: $(MODULE)
	$(TEST_ENV) TEST_NGINX_USE_VALGRIND=1 \
	    TEST_NGINX_VALGRIND_SUPPRESS=$(CURDIR)/valgrind.suppress \
	    $(PROVE) $(TEST_LIB) -r $(TEST_FILES)

clean:
	rm -rf $(BUILD)

# more targets: the analyser's evaluation, fuzzing, benchmarks and the
# Python client's tests
-include mk/*.mk
