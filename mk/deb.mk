# The Debian package, in the shape of Debian's own libnginx-mod-* (built
# by debhelper's nginx sequence from nginx-dev, so that it depends on
# the nginx-abi it was built against):
#
#   make deb        build/deb/libnginx-mod-http-postflow_VERSION_ARCH.deb
#   make test-deb   install it with apt, run Debian's nginx (workers as
#                   www-data) with its example site, register an upload
#                   and send a signed webhook, then purge it (as root)

DEB_DIR     := $(BUILD)/deb
DEB_PKGS    := debhelper dpkg-dev nginx-dev
DEB_ARCH     = $(shell dpkg --print-architecture)
DEB_VERSION  = $(shell dpkg-parsechangelog -l debian/changelog -S Version)
DEB_FILE     = $(DEB_DIR)/libnginx-mod-http-postflow_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: deb deb-deps test-deb

deb-deps:
	@$(call apt_install,$(DEB_PKGS) $(DEBIAN_PKGS))

# built from a copy of the tracked and new files, outside build/
deb: deb-deps
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src
	git ls-files -co --exclude-standard | tar cf - -T - \
	    | tar xf - -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -b -us -uc \
	    > $(DEB_DIR)/build.log 2>&1 \
	    || { tail -30 $(DEB_DIR)/build.log; exit 1; }
	@echo "deb: $(DEB_FILE)"

test-deb: deb
	bash tools/deb-install-test $(DEB_FILE)
