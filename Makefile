# regdefgen: build the generator, regenerate out/ from defs/, run the tests.
#
#   make                 install missing packages (as root), build, regenerate out/
#   make check           everything above, then every test
#   make check SANITIZE=1  the same with AddressSanitizer + UBSan
#   make lint            scan-build, gcc -fanalyzer and cppcheck over gen/: no findings
#   make install PREFIX=/usr/local
#
# Build products go to build/ (or build-san/ with SANITIZE=1).

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=

ifeq ($(SANITIZE),1)
BUILD := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD := build
SANFLAGS :=
endif

OPT ?= -O2 -g
WARNINGS := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2
# regdefgen opens libxml2 only when a command reads XML (gen/base/xmllib.h):
# by the SONAME of the libxml2 these headers belong to, and is not linked
# with it (the unit tests are: they call libxml2 themselves).
XML_SONAME := $(shell readelf -d "$$($(CC) -print-file-name=libxml2.so)" 2>/dev/null | \
	sed -n 's/.*SONAME.*\[\([A-Za-z0-9._+-]*\)\].*/\1/p')
BASE_CFLAGS = -std=c11 $(WARNINGS) $(OPT) $(SANFLAGS) -D_XOPEN_SOURCE=700 -Igen \
	$(shell $(PKG_CONFIG) --cflags jansson libxml-2.0) \
	$(if $(XML_SONAME),-DREGDEFGEN_XML_SONAME=$(XML_SONAME))
BASE_LIBS = $(shell $(PKG_CONFIG) --libs jansson libxml-2.0)
TOOL_LIBS = $(shell $(PKG_CONFIG) --libs jansson)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

# The pipeline (load -> check -> view -> render -> write) and its helpers
# are a library; the dispatcher and one file per subcommand make the tool.
CMD_SRCS := $(wildcard gen/cmd/*.c)
LIB_SRCS := $(filter-out $(CMD_SRCS),$(wildcard gen/*/*.c))
# The architecture tables are generated from defs/ (gen/arch/arch.h):
# archgen, built from the base and model layers, reads each family's
# defs/FAMILY/arch.json and the defs it names.
ARCH_DATA := $(BUILD)/gen/arch-data.c
ARCH_JSONS := $(sort $(wildcard defs/*/arch.json))
ARCHGEN := $(BUILD)/archgen
ARCHGEN_OBJS := $(filter $(BUILD)/obj/base/% $(BUILD)/obj/model/%,$(LIB_SRCS:gen/%.c=$(BUILD)/obj/%.o))
LIB_OBJS := $(LIB_SRCS:gen/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/arch-data.o
CMD_OBJS := $(CMD_SRCS:gen/%.c=$(BUILD)/obj/%.o)
REGDEFGEN := $(BUILD)/regdefgen

LAYOUTS := $(basename $(notdir $(wildcard defs/*.json)))
STAMPS := $(LAYOUTS:%=$(BUILD)/deps/%.d)
# Reached only through the unit tests when SANITIZE=1: not intermediates
# for make to delete (the next make would regenerate everything).
.SECONDARY: $(STAMPS)

# Debian packages the build and the tests need, installed in one step (two
# apt-get runs at once would fight over the dpkg lock).
BUILD_PACKAGES := gcc make pkg-config libjansson-dev libxml2-dev libcmocka-dev
TEST_PACKAGES := clang g++ gcc-multilib gdb gdbserver lldb-16 python3-lldb-16 qemu-system-x86 \
	qemu-system-misc gdb-multiarch lld \
	libxml2-utils valgrind python3 cmake ninja-build meson \
	debhelper lintian dpkg-dev git
# tests/arm: the AArch64 and Cortex-M QEMUs
TEST_PACKAGES += qemu-system-arm
LINT_PACKAGES := clang clang-tools cppcheck
TEST_GOALS := check bench fuzz hdr-check
PACKAGES := $(BUILD_PACKAGES) $(if $(filter $(TEST_GOALS),$(MAKECMDGOALS)),$(TEST_PACKAGES)) \
	$(if $(filter lint,$(MAKECMDGOALS)),$(LINT_PACKAGES))

.PHONY: all deps check unit hdr-check lint bench fuzz install clean FORCE

all: $(REGDEFGEN) $(BUILD)/layers.ok $(if $(SANITIZE),,$(STAMPS))

# "make -j clean all": everything waits for clean, which every build step
# reaches through deps.
deps: | $(filter clean,$(MAKECMDGOALS))
	@sh tests/lib/ensure-packages $(PACKAGES)

# The flags are part of what an object depends on: the file changes only
# when they do, so "make OPT=-O0" rebuilds and a plain "make" does not.
FLAGS_NOW = $(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS)
$(BUILD)/flags: FORCE | deps
	@mkdir -p $(BUILD)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' >$@

$(BUILD)/obj/%.o: gen/%.c $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# gen/ is layered; a lower layer must not include a higher one.  And it
# has one hash table and one growth idiom, in base/, and LLDB's constants
# in model/known.c only, not in templates either (check-one-way.sh).
$(BUILD)/layers.ok: $(wildcard gen/*/*.[ch] gen/*/*/*.[ch] templates/*.mustache) \
		tests/build/check-layers.sh tests/build/check-one-way.sh | deps
	@sh tests/build/check-layers.sh && sh tests/build/check-one-way.sh && touch $@

# Every header compiles on its own.
HEADERS := $(wildcard gen/*/*.h)
HDR_OBJS := $(HEADERS:gen/%.h=$(BUILD)/hdr/%.o)
$(BUILD)/hdr/%.o: gen/%.h $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	@printf '#include "$*.h"\nextern int hdr_check_unit; /* never empty */\n' | $(CC) $(BASE_CFLAGS) $(CFLAGS) -x c -c - -o $@
hdr-check: $(HDR_OBJS)

$(ARCHGEN): $(BUILD)/obj/arch/gen/archgen.o $(ARCHGEN_OBJS)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(TOOL_LIBS)

$(ARCH_DATA): $(ARCHGEN) $(ARCH_JSONS) $(wildcard defs/*/*.json)
	@mkdir -p $(dir $@)
	$(ARCHGEN) -o $@ $(ARCH_JSONS)

$(BUILD)/obj/arch-data.o: $(ARCH_DATA) $(BUILD)/flags | deps
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(REGDEFGEN): $(LIB_OBJS) $(CMD_OBJS)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(TOOL_LIBS)

$(BUILD)/libregdefgen.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

# Regenerate one layout; its depfile is the stamp make tracks.
$(BUILD)/deps/%.d: defs/%.json $(REGDEFGEN)
	@mkdir -p $(dir $@)
	$(REGDEFGEN) generate --templates templates -o out --depfile $@ $<

ifeq ($(filter clean deps,$(MAKECMDGOALS)),)
-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/obj/*/*/*.d $(BUILD)/tests/*.d)
-include $(wildcard $(BUILD)/deps/*.d)
endif

# ---- tests ----

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

# Unit tests may include generated headers (out/): they come after
# regeneration, and their depfiles name what they include.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libregdefgen.a | $(STAMPS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< \
		$(BUILD)/libregdefgen.a $(BASE_LIBS) $(CMOCKA_LIBS) $(SANFLAGS)

unit: $(UNIT_TESTS)

# Every test, unit and integration: tests/run prints one line per test and
# a closing "N passed, N failed".
# "make check -j2" runs two tests at a time; "make check T=NAME" runs one.
check: deps all unit hdr-check
	@BUILD=$(BUILD) REGDEFGEN=$(REGDEFGEN) SANITIZE=$(SANITIZE) \
		sh tests/run $(UNIT_TESTS) $(T)

# Static analysis of gen/ with the build's flags; each analyzer is first
# shown to find the planted flaws of tests/lint/bad.c.  Reports in
# $(BUILD)/lint/.
lint: deps
	@CC_FLAGS='$(BASE_CFLAGS) $(CFLAGS)' OUT=$(BUILD)/lint sh tests/lint/run

# Benchmarks print figures; they are never part of check.
bench: all
	@CC="$(CC)" sh tests/bench/run

# Fuzz each harness for FUZZ_SECONDS (default 60) seconds.
fuzz: all
	@REGDEFGEN=$(REGDEFGEN) ARCH_DATA=$(ARCH_DATA) sh tests/fuzz/run $(FUZZ_SECONDS)

# ---- install ----

# the version is written once, in gen/base/version.h
VERSION := $(shell sed -n 's/^\#define REGDEFGEN_VERSION "\(.*\)"/\1/p' gen/base/version.h)
VERSION_PARTS := $(subst ., ,$(VERSION))

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/regdefgen/templates \
		$(DESTDIR)$(PREFIX)/share/regdefgen/defs $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(REGDEFGEN) $(DESTDIR)$(PREFIX)/bin/regdefgen
	install -m 644 templates/*.mustache $(DESTDIR)$(PREFIX)/share/regdefgen/templates/
	install -m 644 defs/*.json $(DESTDIR)$(PREFIX)/share/regdefgen/defs/
	for d in $(notdir $(patsubst %/,%,$(wildcard defs/*/))); do \
		install -d $(DESTDIR)$(PREFIX)/share/regdefgen/defs/$$d && \
		install -m 644 defs/$$d/*.json $(DESTDIR)$(PREFIX)/share/regdefgen/defs/$$d/ || exit 1; \
	done
	install -m 644 gen/regdefgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/regdefgen.1
	install -d $(DESTDIR)$(PREFIX)/share/cmake/regdefgen $(DESTDIR)$(PREFIX)/share/pkgconfig
	install -m 644 dist/cmake/regdefgenConfig.cmake $(DESTDIR)$(PREFIX)/share/cmake/regdefgen/
	sed -e 's/@VERSION@/$(VERSION)/g' -e 's/@MAJOR@/$(word 1,$(VERSION_PARTS))/g' \
		-e 's/@MINOR@/$(word 2,$(VERSION_PARTS))/g' dist/cmake/regdefgenConfigVersion.cmake.in \
		>$(DESTDIR)$(PREFIX)/share/cmake/regdefgen/regdefgenConfigVersion.cmake
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's/@VERSION@/$(VERSION)/g' dist/regdefgen.pc.in \
		>$(DESTDIR)$(PREFIX)/share/pkgconfig/regdefgen.pc
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 dist/bash-completion/regdefgen $(DESTDIR)$(PREFIX)/share/bash-completion/completions/

clean:
	rm -rf build build-san
