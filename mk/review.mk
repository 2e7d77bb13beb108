# Review analyser harnesses, built without the rest of the module:
# ngx_http_postflow_review.c plus a shim of the few nginx functions it
# uses (analyze/ngx_shim.c), against the nginx headers configured in
# $(OBJS_DIR).
#
#   make analyze-eval      accuracy on the corpus, focused cases, checks
#   make analyze-valgrind  the same under valgrind
#   make fuzz              libFuzzer + ASan + UBSan for FUZZ_SECONDS
#   make bench-analyze     comments analysed per second on one core
#   make lexicon           the built-in lexicon's header, from the .lex files
#   make check-lexicon     fails if that header is stale (CI)

# the shared corpus beside the checkout, else the suite's copy of it
CORPUS          ?= $(firstword $(wildcard $(CURDIR)/../shared/corpus) \
                               $(CURDIR)/t/fixtures/corpus)
FUZZ_SECONDS    ?= 600
BENCH_SECONDS   ?= 3
ANALYZE         := $(BUILD)/analyze

ANALYZE_INCS    := $(NGX_INCS) -I ngx_postflow_module -I analyze
ANALYZE_CFLAGS  := -g -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
                   $(ANALYZE_INCS)
ANALYZE_SRCS    := ngx_postflow_module/ngx_http_postflow_review.c \
                   ngx_postflow_module/ngx_http_postflow_lexicon.c \
                   analyze/ngx_shim.c
ANALYZE_DEPS    := $(ANALYZE_SRCS) analyze/ngx_shim.h \
                   ngx_postflow_module/ngx_http_postflow_review.h \
                   ngx_postflow_module/ngx_http_postflow_lexicon.h \
                   ngx_postflow_module/ngx_http_postflow_fold.h \
                   ngx_postflow_module/ngx_http_postflow_lexicon_builtin.h \
                   ngx_postflow_module/ngx_http_postflow_event.h \
                   $(OBJS_DIR)/Makefile
ANALYZE_LIBS    := -lpcre2-8

# the built-in lexicon: the rules table first, then the vocabulary; the
# header is kept in the repository, so that a build needs only nginx's
LEXICON_DIR     := ngx_postflow_module/lexicon
LEXICON_FILES   := $(LEXICON_DIR)/rules.lex $(LEXICON_DIR)/fr.lex \
                   $(LEXICON_DIR)/en.lex $(LEXICON_DIR)/emoji.lex
LEXICON_H       := ngx_postflow_module/ngx_http_postflow_lexicon_builtin.h
LEXICON_TOOL    := ngx_postflow_module/ngx_http_postflow_lexicon.c \
                   ngx_postflow_module/ngx_http_postflow_lexicon.h \
                   ngx_postflow_module/ngx_http_postflow_fold.h \
                   analyze/postflow_lexc.c analyze/ngx_shim.c

.PHONY: analyze-eval analyze-valgrind fuzz bench-analyze lexicon \
        check-lexicon

$(ANALYZE)/postflow_lexc: $(LEXICON_TOOL) $(OBJS_DIR)/Makefile
	mkdir -p $(ANALYZE)
	$(CC) $(ANALYZE_CFLAGS) -o $@ analyze/postflow_lexc.c \
	    ngx_postflow_module/ngx_http_postflow_lexicon.c analyze/ngx_shim.c \
	    $(ANALYZE_LIBS)

lexicon: $(ANALYZE)/postflow_lexc
	$< $(LEXICON_H) $(LEXICON_FILES)

check-lexicon: $(ANALYZE)/postflow_lexc
	$< --check $(LEXICON_H) $(LEXICON_FILES)

$(ANALYZE)/postflow_eval: analyze/postflow_eval.c $(ANALYZE_DEPS)
	mkdir -p $(ANALYZE)
	$(CC) $(ANALYZE_CFLAGS) -o $@ analyze/postflow_eval.c $(ANALYZE_SRCS) \
	    $(ANALYZE_LIBS) -lyajl

$(ANALYZE)/postflow_bench: analyze/postflow_bench.c $(ANALYZE_DEPS)
	mkdir -p $(ANALYZE)
	$(CC) $(ANALYZE_CFLAGS) -o $@ analyze/postflow_bench.c \
	    $(ANALYZE_SRCS) $(ANALYZE_LIBS) -lyajl

$(ANALYZE)/postflow_fuzz: analyze/postflow_fuzz.c $(ANALYZE_DEPS)
	mkdir -p $(ANALYZE)
	clang $(ANALYZE_CFLAGS) -O1 -fno-omit-frame-pointer \
	    -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ analyze/postflow_fuzz.c \
	    $(filter-out %_review.c,$(ANALYZE_SRCS)) $(ANALYZE_LIBS)

analyze-eval: $(ANALYZE)/postflow_eval
	$< --corpus $(CORPUS) --cases analyze/focused.txt

analyze-valgrind: $(ANALYZE)/postflow_eval
	valgrind --error-exitcode=3 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    $< --corpus $(CORPUS) --cases analyze/focused.txt

# seeds: the corpus comments and the focused cases, one file each
fuzz: $(ANALYZE)/postflow_fuzz $(ANALYZE)/postflow_eval
	rm -rf $(ANALYZE)/fuzz-seeds
	mkdir -p $(ANALYZE)/fuzz-seeds $(ANALYZE)/fuzz-corpus
	$(ANALYZE)/postflow_eval --corpus $(CORPUS) \
	    --seeds $(ANALYZE)/fuzz-seeds analyze/focused.txt
	@echo "fuzz analyser: $(FUZZ_SECONDS) s, log in $(ANALYZE)/fuzz.log"
	@cd $(ANALYZE) && ./postflow_fuzz -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=10000 -timeout=5 -detect_leaks=1 -rss_limit_mb=2048 \
	    -dict=$(CURDIR)/analyze/postflow_fuzz.dict -print_final_stats=1 \
	    fuzz-corpus fuzz-seeds > fuzz.log 2>&1 \
	|| { grep -v '^INFO\|^#' fuzz.log | tail -60; \
	     echo "fuzz analyser: FAILED, the input is in $(ANALYZE)"; exit 1; }
	@echo "fuzz analyser: $$(grep -o 'Done [0-9]* runs in [0-9]* second' \
	    $(ANALYZE)/fuzz.log)(s), no crash"

bench-analyze: $(ANALYZE)/postflow_bench
	$< $(CORPUS)/review-comments-dev.jsonl $(BENCH_SECONDS)
