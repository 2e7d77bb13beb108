# Which object file of the module uses which other's symbols (nm): no
# cycle, and the journal below everything that knows what its lines say.
#
#   make check-layers          the check, and the graph it read
#   make layers.dot            the graph for Graphviz

.PHONY: check-layers

check-layers: $(MODULE)
	python3 tools/check-layers $(OBJS_DIR)/addon/ngx_postflow_module

layers.dot: $(MODULE)
	python3 tools/check-layers $(OBJS_DIR)/addon/ngx_postflow_module \
	    --dot > $@
