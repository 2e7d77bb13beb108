# libFuzzer harnesses (clang, ASan + UBSan) for the module's parsers,
# built without nginx: the fuzzed files, fuzz/ngx_shim.c and
# analyze/ngx_shim.c for the nginx core functions they call, against the
# nginx headers configured in $(OBJS_DIR).  fuzz/*.c say what each
# harness feeds and checks.
#
#   event     ngx_http_postflow_event_parse(): webhook payloads
#   api       the API's bodies (registration, comment, analysis) through
#             ngx_http_postflow_api.c's own field tables and handlers
#   journal   postflow_state records replayed into a zone, the snapshot
#             parsers, and a compaction's snapshot replayed again
#   frameio   ngx_http_postflow_fio_parse() and _parse_status():
#             Frame.io's API answers
#   lexicon   the analyser's lexicon compiler on lexicon files, and its
#             first-byte buckets against one plain alternation
#
#   make fuzz-parsers          every harness for FUZZ_SECONDS (600) each,
#                              FUZZ_JOBS (2) at a time
#   make fuzz-smoke            the same for FUZZ_SMOKE_SECONDS (30): CI
#   make fuzz-event            one harness (fuzz-api, fuzz-journal,
#                              fuzz-frameio, fuzz-lexicon)
#   make fuzz-regress          every input under fuzz/crashes/ once
#   make fuzz-deps             clang and its libFuzzer runtime (Debian)
#   make fuzz-coverage         line coverage of the fuzzed files by the
#                              corpora the runs left in build/fuzz
#
# (make fuzz is the review analyser's, in mk/review.mk.)  Each run
# starts with the regression inputs of its harness (fuzz/crashes/NAME-*),
# seeds from fuzz/corpus/NAME and keeps what it finds in
# build/fuzz/corpus-NAME; a crash fails the target, prints the report and
# leaves the input in build/fuzz/artifacts.

FUZZ_SECONDS        ?= 600
FUZZ_SMOKE_SECONDS  ?= 30
FUZZ_JOBS           ?= 2
FUZZ_CC             ?= clang
FUZZ_PKGS           := clang libclang-rt-dev llvm
FUZZ_DIR            := $(BUILD)/fuzz
FUZZ_HARNESSES      := journal api event frameio lexicon

FUZZ_M              := ngx_postflow_module
FUZZ_INCS           := $(NGX_INCS) -I $(FUZZ_M) -I analyze -I fuzz
FUZZ_CFLAGS         := -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror \
                       -Wno-unused-parameter $(FUZZ_INCS)
FUZZ_SAN            := -fsanitize=fuzzer,address,undefined \
                       -fno-sanitize-recover=undefined
FUZZ_COV            := -fsanitize=fuzzer -fprofile-instr-generate \
                       -fcoverage-mapping

FUZZ_COMMON         := fuzz/fuzz_common.c fuzz/ngx_shim.c analyze/ngx_shim.c \
                       $(FUZZ_M)/ngx_http_postflow_json.c \
                       $(FUZZ_M)/ngx_http_postflow_event.c
FUZZ_ANALYSER       := fuzz/fuzz_review.c \
                       $(FUZZ_M)/ngx_http_postflow_review.c \
                       $(FUZZ_M)/ngx_http_postflow_lexicon.c \
                       $(FUZZ_M)/ngx_http_postflow_track.c
FUZZ_STORE          := $(FUZZ_M)/ngx_http_postflow_index.c \
                       $(FUZZ_M)/ngx_http_postflow_store_alloc.c \
                       $(FUZZ_M)/ngx_http_postflow_store_frameio.c

# api includes ngx_http_postflow_api.c; journal the store's files and
# _journal.c
FUZZ_SRCS_event     := fuzz/fuzz_event.c
FUZZ_SRCS_frameio   := fuzz/fuzz_frameio.c \
                       $(FUZZ_M)/ngx_http_postflow_frameio_parse.c \
                       $(FUZZ_M)/ngx_http_postflow_frameio_metadata.c
FUZZ_SRCS_api       := fuzz/fuzz_api.c $(FUZZ_ANALYSER) \
                       $(FUZZ_M)/ngx_http_postflow_request.c
FUZZ_SRCS_journal   := fuzz/fuzz_journal.c $(FUZZ_ANALYSER) $(FUZZ_STORE) \
                       $(FUZZ_M)/ngx_http_postflow_access.c \
                       $(FUZZ_M)/ngx_http_postflow_journal_lock.c \
                       $(FUZZ_M)/ngx_http_postflow_zone_copy.c \
                       $(FUZZ_M)/ngx_http_postflow_store_outbox.c
FUZZ_SRCS_lexicon   := fuzz/fuzz_lexicon.c \
                       $(FUZZ_M)/ngx_http_postflow_lexicon.c
FUZZ_LIBS_event     := -lyajl
FUZZ_LIBS_frameio   := -lyajl
FUZZ_LIBS_api       := -lyajl -lpcre2-8
FUZZ_LIBS_journal   := -lyajl -lpcre2-8
FUZZ_LIBS_lexicon   := -lyajl -lpcre2-8

FUZZ_DICT_event     := fuzz/json.dict
FUZZ_DICT_frameio   := fuzz/json.dict
FUZZ_DICT_api       := fuzz/json.dict
FUZZ_DICT_journal   := fuzz/journal.dict
FUZZ_DICT_lexicon   := fuzz/lexicon.dict
FUZZ_MAXLEN_event   := 8192
FUZZ_MAXLEN_frameio := 16384
FUZZ_MAXLEN_api     := 20000
FUZZ_MAXLEN_journal := 16384
FUZZ_MAXLEN_lexicon := 4096

FUZZ_DEPS           := $(wildcard fuzz/*.c fuzz/*.h) analyze/ngx_shim.c \
                       analyze/ngx_shim.h $(SRCS) $(OBJS_DIR)/Makefile

FUZZ_BINS           := $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz-deps fuzz-parsers fuzz-smoke fuzz-build fuzz-regress \
        fuzz-coverage \
        $(FUZZ_HARNESSES:%=fuzz-%)

fuzz-deps:
	@$(call apt_install,$(FUZZ_PKGS))

fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $(FUZZ_SRCS_$*) \
	    $(FUZZ_COMMON) $(FUZZ_LIBS_$*)

$(FUZZ_DIR)/cov/fuzz_%: $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_DIR)/cov
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -o $@ $(FUZZ_SRCS_$*) \
	    $(FUZZ_COMMON) $(FUZZ_LIBS_$*)

fuzz-parsers: fuzz-build
	$(MAKE) --no-print-directory -j$(FUZZ_JOBS) \
	    FUZZ_TIME=$(FUZZ_SECONDS) $(FUZZ_HARNESSES:%=fuzz-run-%)

fuzz-smoke: fuzz-build
	$(MAKE) --no-print-directory -j$(FUZZ_JOBS) \
	    FUZZ_TIME=$(FUZZ_SMOKE_SECONDS) $(FUZZ_HARNESSES:%=fuzz-run-%)

$(FUZZ_HARNESSES:%=fuzz-%): fuzz-%: $(FUZZ_DIR)/fuzz_%
	$(MAKE) --no-print-directory FUZZ_TIME=$(FUZZ_SECONDS) fuzz-run-$*

fuzz-regress: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
	    set -- fuzz/crashes/$$h-*; [ -e "$$1" ] || continue; \
	    echo "fuzz-regress $$h: $$*"; \
	    $(FUZZ_DIR)/fuzz_$$h -runs=1 "$$@" > $(FUZZ_DIR)/$$h-regress.log \
	        2>&1 || { grep -v '^INFO' $(FUZZ_DIR)/$$h-regress.log; \
	                  echo "fuzz-regress $$h: FAILED"; exit 1; }; \
	done

# one harness for FUZZ_TIME seconds; its output in build/fuzz/NAME.log
fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/corpus-$* $(FUZZ_DIR)/artifacts
	@set -- fuzz/crashes/$*-*; if [ -e "$$1" ]; then \
	    $< -runs=1 "$$@" > $(FUZZ_DIR)/$*-regress.log 2>&1 \
	    || { grep -v '^INFO' $(FUZZ_DIR)/$*-regress.log; \
	         echo "fuzz $*: FAILED on fuzz/crashes/$*-*"; exit 1; }; fi
	@echo "fuzz $*: $(FUZZ_TIME) s, log in $(FUZZ_DIR)/$*.log"
	@cd $(FUZZ_DIR) && ./fuzz_$* -max_total_time=$(FUZZ_TIME) \
	    -max_len=$(FUZZ_MAXLEN_$*) -timeout=10 -rss_limit_mb=2048 \
	    -dict=$(CURDIR)/$(FUZZ_DICT_$*) -artifact_prefix=artifacts/$*- \
	    -print_final_stats=1 corpus-$* $(CURDIR)/fuzz/corpus/$* \
	    > $*.log 2>&1; \
	rc=$$?; \
	if [ $$rc != 0 ]; then \
	    grep -v '^INFO\|^#' $*.log | tail -60; \
	    echo "fuzz $*: FAILED, input in $(FUZZ_DIR)/artifacts/"; \
	    exit $$rc; \
	fi; \
	runs=$$(grep -o 'Done [0-9]* runs in [0-9]* second' $*.log); \
	cov=$$(grep '^#[0-9]' $*.log | tail -1 | grep -o 'cov: [0-9]* ft: [0-9]*'); \
	echo "fuzz $*: $$runs(s), $$cov, corpus $$(ls corpus-$* | wc -l)" \
	     "inputs, no crash"

# line coverage of the fuzzed files by the seeds and the kept corpora
fuzz-coverage: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/cov/fuzz_%)
	@cd $(FUZZ_DIR)/cov && rm -f *.profraw && \
	for h in $(FUZZ_HARNESSES); do \
	    mkdir -p ../corpus-$$h; \
	    LLVM_PROFILE_FILE=$$h.profraw ./fuzz_$$h -runs=0 ../corpus-$$h \
	        $(CURDIR)/fuzz/corpus/$$h > $$h.log 2>&1 || exit 1; \
	done; \
	llvm-profdata merge -o fuzz.profdata *.profraw && \
	llvm-cov report ./fuzz_event -object ./fuzz_api -object ./fuzz_journal \
	    -object ./fuzz_frameio \
	    -instr-profile=fuzz.profdata \
	    $(addprefix $(CURDIR)/$(FUZZ_M)/ngx_http_postflow_,event.c json.c \
	        api.c journal.c store.c store_frameio.c index.c track.c \
	        frameio_parse.c)
