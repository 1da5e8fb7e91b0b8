/*
 * fuzz_import.c: fuzz harness for the GDB target description importer
 * (import-xml.h), and what "regdefgen import" does with its result.
 *
 * Input: DOC0 [NUL DOC1 [NUL DOC2 ...]].  DOC0 is served as annex
 * "target.xml", DOCn as annex "n.xml" (so <xi:include href="1.xml"/>
 * reaches DOC1); any other annex is not served.  This is the fetch path a
 * live stub's description takes (probe.c), with no files involved.  The
 * input's length picks the importer's options (verbose, no slices).
 *
 * An imported layout is made dense, written as a def (def-write.h), and the
 * def is loaded back and checked, as "regdefgen import" verifies it.  If it
 * checks, it must be the layout that was written (def-write.h: "Loading the
 * text back with load_layout() gives the same layout"): layout_diff()
 * (layout-diff.h) must find nothing between the two.
 * Diagnostics are captured, not printed (FUZZ_VERBOSE set prints them).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/check.h"
#include "import/def-write.h"
#include "model/diag.h"
#include "import/import-xml.h"
#include "model/layout-build.h"
#include "compare/layout-diff.h"
#include "model/load.h"
#include "base/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DOCS 16

struct docs {
	const char *text[MAX_DOCS];
	size_t len[MAX_DOCS];
	size_t n;
	size_t fetched;
};

static char tmpdir[4096];
static char def_path[4200];

static void cleanup(void)
{
	unlink(def_path);
	rmdir(tmpdir);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/regdefgen-fuzz-import.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "fuzz_import: mkdtemp %s: %s\n", tmpdir, strerror(errno));
		abort();
	}
	snprintf(def_path, sizeof(def_path), "%s/imported.json", tmpdir);
	atexit(cleanup);
}

static char *fetch(void *vctx, const char *annex, size_t *len)
{
	struct docs *docs = vctx;
	char *end;
	unsigned long i;
	char *copy;

	docs->fetched++;
	if (!strcmp(annex, "target.xml")) {
		i = 0;
	} else {
		i = strtoul(annex, &end, 10);
		if (end == annex || strcmp(end, ".xml") || i == 0 || i >= docs->n) {
			diag_file_error("fuzz", "annex '%s' is not served", annex);
			return NULL;
		}
	}
	/* an exact-size copy, so the importer's overreads are caught */
	copy = xmalloc(docs->len[i] ? docs->len[i] : 1);
	memcpy(copy, docs->text[i], docs->len[i]);
	*len = docs->len[i];
	return copy;
}

/* Loads the def text back, as "regdefgen import" verifies it; if it
 * checks, it must be the layout written. */
static void load_back(const struct strbuf *text, const struct layout *written)
{
	FILE *f = fopen(def_path, "wb");
	struct layout *l;
	int errors;

	if (!f || fwrite(text->buf, 1, text->len, f) != text->len || fclose(f)) {
		fprintf(stderr, "fuzz_import: cannot write %s\n", def_path);
		abort();
	}
	l = load_layout(def_path, &errors);
	if (!errors && !check_layout(l)) {
		struct layout_diff d;

		layout_diff(written, l, &d);
		if (!layout_diff_same(&d)) {
			struct diff_side a = { written, "written", "import", -1 };
			struct diff_side b = { l, "loaded back", "def", -1 };
			fprintf(stderr, "fuzz_import: the def written does not load back as the same layout:\n");
			layout_diff_print(stderr, &d, &a, &b);
			fprintf(stderr, "the def:\n%s\n", text->buf);
			abort();
		}
		layout_diff_release(&d);
	}
	layout_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct docs docs;
	const char *p = (const char *)data, *end = p + size;
	struct import_options opt;
	struct strbuf msgs = STRBUF_INIT;
	struct layout *l;

	if (!ready) {
		setup();
		ready = 1;
	}
	memset(&docs, 0, sizeof(docs));
	while (docs.n < MAX_DOCS) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		docs.text[docs.n] = p;
		docs.len[docs.n] = nul ? (size_t)(nul - p) : (size_t)(end - p);
		docs.n++;
		if (!nul)
			break;
		p = nul + 1;
	}
	opt.verbose = (int)(size & 1);
	opt.no_knowledge_slices = (int)((size >> 1) & 1);

	if (!getenv("FUZZ_VERBOSE"))
		diag_capture(&msgs);
	l = import_xml_fetch(fetch, &docs, "fuzz", "fuzz", &opt);
	if (l) {
		struct strbuf text = STRBUF_INIT;

		layout_make_dense(l);
		def_write(&text, l);
		load_back(&text, l);
		layout_free(l);
		strbuf_release(&text);
	}
	diag_capture(NULL);
	strbuf_release(&msgs);
	return 0;
}
