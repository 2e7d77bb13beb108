# The module compiled as an nginx built without --with-debug compiles
# it: ngx_log_debugN() expands to nothing there.  Debian's nginx, which
# the suite runs, is built with debugging, so a variable that only a
# debug line reads would otherwise go unnoticed until a build against
# another nginx fails.
#
#   make check-nodebug

.PHONY: check-nodebug

check-nodebug: $(MODULE)
	@for f in $(filter %.c,$(SRCS)); do \
	    $(CC) $(CC_OPT) -DNGX_DEBUG=0 $(NGX_INCS) -c -o /dev/null $$f \
	        || { echo "check-nodebug: $$f"; exit 1; }; \
	done
	@echo "check-nodebug: the module compiles without NGX_DEBUG"
