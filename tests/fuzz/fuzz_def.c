/*
 * fuzz_def.c: fuzz harness for the def pipeline, load -> check -> view ->
 * render (into memory; nothing is written but the input itself).
 *
 * load_layout() takes a path, so each input is written to fuzz.json in a
 * per-process temporary folder.  The folder also holds fixed files a
 * fuzzed def can include, so includes, include cycles and shared parts
 * are exercised:
 *   part.json   a part with target facts, a feature, a set, a type and a
 *               register: {"include": ["part.json"]} is a whole layout
 *   cycle.json  includes fuzz.json back (an include cycle)
 *   x86/        a symlink to the shipped defs/x86/, so the shipped defs
 *               (the defs in defs/ include "x86/...") load unchanged as seeds
 * A def that checks is linted (lint.h), compared with itself (layout-diff.h:
 * it must be the same) and with the shipped defs/i386.json (the report is
 * printed to /dev/null and made as JSON), turned into the view, rendered
 * with the shipped templates/ (the outputs are dropped; failing to render,
 * or making XML that does not parse, aborts) and converted whole
 * to JSON (view_to_json, which reads every key, also those no template
 * uses).
 *
 * The repository root (for defs/x86 and templates/) is $FUZZ_ROOT, else
 * the FUZZ_ROOT the harness was compiled with.  Diagnostics are captured,
 * not printed (FUZZ_VERBOSE=1 prints them).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "model/check.h"
#include "model/diag.h"
#include "compare/layout-diff.h"
#include "arch/lint.h"
#include "model/load.h"
#include "model/model.h"
#include "output/render.h"
#include "base/strbuf.h"
#include "output/view.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[4096];
static struct layout *shipped; /* defs/i386.json, to diff against */
static FILE *devnull;
static char def_path[4200];
static char templates[4200];
static int verbose;

static const char part_json[] =
	"{\n"
	"  \"description\": \"fixed part of the fuzz harness\",\n"
	"  \"target\": {\"gdb_architecture\": \"i386:x86-64\", \"address_bits\": 64,\n"
	"             \"endian\": \"little\", \"lldb_triple\": \"x86_64-unknown-linux-gnu\"},\n"
	"  \"features\": [{\"id\": \"core\", \"name\": \"org.gnu.gdb.i386.core\"}],\n"
	"  \"sets\": [{\"id\": \"gpr\", \"name\": \"General Purpose Registers\"}],\n"
	"  \"types\": [{\"id\": \"fl\", \"kind\": \"flags\", \"fields\": [{\"name\": \"CF\", \"start\": 0, \"end\": 0}, {\"name\": \"top\", \"start\": 1}]},\n"
	"            {\"id\": \"v2\", \"kind\": \"vector\", \"type\": \"int32\", \"count\": 2}],\n"
	"  \"defaults\": {\"feature\": \"core\", \"set\": \"gpr\", \"bitsize\": 64},\n"
	"  \"registers\": [{\"name\": \"rax\", \"dwarf\": 0, \"generic\": \"arg1\"},\n"
	"                {\"name\": \"flags\", \"type\": \"fl\", \"bitsize\": 32},\n"
	"                {\"name\": \"vv\", \"type\": \"v2\", \"encoding\": \"vector\", \"format\": \"uint8_t[]\"}],\n"
	"  \"slices\": [{\"name\": \"eax\", \"parent\": \"rax\", \"msb\": 31, \"lsb\": 0, \"set\": \"gpr\"}]\n"
	"}\n";

static const char cycle_json[] = "{\"include\": [\"fuzz.json\"]}\n";

static void put_file(const char *name, const void *data, size_t len)
{
	char path[4300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "fuzz_def: cannot write %s: %s\n", path, strerror(errno));
		abort();
	}
}

static void cleanup(void)
{
	static const char *const names[] = { "fuzz.json", "part.json", "cycle.json", "x86" };
	char path[4300];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

static void setup(void)
{
	const char *root = getenv("FUZZ_ROOT");
	const char *tmp = getenv("TMPDIR");
	char link_path[4300], target[4300];

	if (!root || !*root)
		root = FUZZ_ROOT;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	verbose = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE") == '1';
	snprintf(tmpdir, sizeof(tmpdir), "%s/regdefgen-fuzz-def.XXXXXX", tmp);
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "fuzz_def: mkdtemp %s: %s\n", tmpdir, strerror(errno));
		abort();
	}
	atexit(cleanup);
	snprintf(def_path, sizeof(def_path), "%s/fuzz.json", tmpdir);
	snprintf(templates, sizeof(templates), "%s/templates", root);
	put_file("part.json", part_json, sizeof(part_json) - 1);
	put_file("cycle.json", cycle_json, sizeof(cycle_json) - 1);
	snprintf(link_path, sizeof(link_path), "%s/x86", tmpdir);
	snprintf(target, sizeof(target), "%s/defs/x86", root);
	if (access(target, R_OK) || symlink(target, link_path))
		fprintf(stderr, "fuzz_def: no %s (FUZZ_ROOT?): shipped parts not available\n",
			target);
	if (access(templates, R_OK))
		fprintf(stderr, "fuzz_def: no %s (FUZZ_ROOT?): nothing will be rendered\n",
			templates);
	devnull = fopen("/dev/null", "w");
	snprintf(target, sizeof(target), "%s/defs/i386.json", root);
	{
		struct strbuf msgs = STRBUF_INIT;
		int errors;

		diag_capture(&msgs);
		shipped = load_layout(target, &errors);
		if (errors || check_layout(shipped)) {
			fprintf(stderr, "fuzz_def: %s does not load; no diff against it\n", target);
			layout_free(shipped);
			shipped = NULL;
		}
		diag_capture(NULL);
		strbuf_release(&msgs);
	}
}

/* layout-diff.h on a valid layout: the same as itself; against the
 * shipped layout, a report in both forms. */
static void diff(const struct layout *l)
{
	struct layout_diff d;

	layout_diff(l, l, &d);
	if (!layout_diff_same(&d)) {
		fprintf(stderr, "fuzz_def: layout_diff finds %zu differences between a layout and itself\n",
			d.n);
		abort();
	}
	layout_diff_release(&d);
	if (shipped) {
		struct diff_side a = { l, "A: fuzz", "def", -1 };
		struct diff_side b = { shipped, "B: i386", "def", -1 };
		json_t *j;

		layout_diff(l, shipped, &d);
		if (devnull)
			layout_diff_print(devnull, &d, &a, &b);
		j = layout_diff_json(&d, &a, &b);
		json_decref(j);
		layout_diff_release(&d);
	}
}

/* What check_layout() promises about a valid layout. */
static void check_invariants(const struct layout *l)
{
	int64_t off = 0;
	size_t i;

	for (i = 0; i < l->nregs; i++) {
		if (l->regs[i].regnum != (int)i || l->regs[i].offset != off ||
		    l->regs[i].bitsize <= 0 || l->regs[i].bitsize % 8) {
			fprintf(stderr, "fuzz_def: register %zu has regnum %d offset %d bitsize %d\n",
				i, l->regs[i].regnum, l->regs[i].offset, l->regs[i].bitsize);
			abort();
		}
		off += l->regs[i].bitsize / 8;
	}
	if (off != l->g_packet_size) {
		fprintf(stderr, "fuzz_def: g packet %lld, registers sum to %lld\n",
			(long long)l->g_packet_size, (long long)off);
		abort();
	}
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];
		const struct reg *p;
		/* a composite is its parts joined, not a part of one parent */
		if (s->composite)
			continue;
		p = &l->regs[s->parent_index];
		if (s->lsb < 0 || s->msb < s->lsb || s->msb >= p->bitsize ||
		    s->offset < p->offset || s->offset + s->bitsize / 8 > p->offset + p->bitsize / 8) {
			fprintf(stderr, "fuzz_def: slice '%s' lies outside its parent '%s'\n",
				s->name, p->name);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct strbuf msgs = STRBUF_INIT;
	struct layout *l;
	int errors;

	if (!ready) {
		setup();
		ready = 1;
	}
	put_file("fuzz.json", data, size);

	if (!verbose)
		diag_capture(&msgs);
	l = load_layout(def_path, &errors);
	if (!errors && check_layout(l) == 0) {
		struct view *view;
		struct rendered_set set;
		json_t *tree;

		check_invariants(l);
		lint_layout(l, (int)(size & 1));
		diff(l);
		view = view_new(l);
		memset(&set, 0, sizeof(set));
		/* a def that checks renders with the shipped templates, and
		 * their XML parses (render_layout() checks it with libxml2):
		 * generate relies on it and does not parse it again */
		if (render_layout(templates, l->ident, view, &set)) {
			fprintf(stderr, "fuzz_def: a def that checks does not render:\n%s",
				msgs.buf ? msgs.buf : "");
			abort();
		}
		/* every key of the view, including those no shipped template reads */
		tree = view_to_json(view);
		json_decref(tree);
		view_free(view);
		rendered_set_release(&set);
	}
	layout_free(l);
	diag_capture(NULL);
	strbuf_release(&msgs);
	return 0;
}
