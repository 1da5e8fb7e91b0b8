/*
 * cmd-import.c: "regdefgen import", a GDB target description to a def.
 *
 * Reads the description with import-xml.c (includes, regnum defaults,
 * types, LLDB's extension attributes, knowledge of the architecture for
 * what XML cannot carry), makes it dense (a def numbers registers by their
 * order), writes it with def-write.c, and loads the written def back
 * through load.c and check.c before reporting success, so what import
 * writes is always a valid def.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "arch/arch.h"
#include "import/def-write.h"
#include "model/diag.h"
#include "import/import-xml.h"
#include "model/layout-build.h"
#include "base/os.h"
#include "base/strbuf.h"
#include "output/write.h"

static const struct usage usage = {
	"regdefgen import", "TARGET.xml",
	"Reads a GDB target description (xi:include resolved relative to the file)\n"
	"and writes a def that regenerates an equivalent description: the same\n"
	"registers, remote numbers, sizes, types and g-packet layout.  What XML\n"
	"cannot carry (DWARF numbers, LLDB register sets, generic roles, the\n"
	"triple) comes from LLDB's extension attributes when present, else from\n"
	"regdefgen's knowledge of the architecture (defs/FAMILY/arch.json: the\n"
	"ABI's DWARF numbers, LLDB's sets, roles and sub-registers), else is left\n"
	"out; each such choice is a warning on stderr.  An architecture regdefgen\n"
	"does not know is imported as described, with a warning; its def lacks\n"
	"what the description cannot tell (target.endian, target.lldb_triple).\n",
	"Exit status: 0 def written, 1 unreadable or invalid description, 2 usage error.\n",
};

/* The layout name for the def: the -o file's stem, else the input's. */
static char *name_for(const char *out, const char *in)
{
	const char *p = out ? out : in, *base = strrchr(p, '/'), *dot;
	char *name, *c;

	base = base ? base + 1 : p;
	dot = strrchr(base, '.');
	name = xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			*c = '_';
	return name;
}

/* Loads text as a def (through a temporary file beside out, or in TMPDIR)
 * and checks it; returns 0 if it is valid. */
static int verify(const char *text, size_t len, const char *name)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	struct layout *l;
	int rc = -1;

	if (make_temp_dir(&dir, "regdefgen-import")) {
		diag_file_error(dir.buf, "cannot create a temporary folder: %s", strerror(errno));
		strbuf_release(&dir);
		return -1;
	}
	strbuf_addf(&path, "%s/%s.json", dir.buf, name);
	if (!write_scratch_file(path.buf, text, len)) {
		l = load_checked_layout(path.buf);
		rc = l ? 0 : -1;
		layout_free(l);
	} else {
		diag_file_error(path.buf, "cannot write: %s", strerror(errno));
	}
	unlink(path.buf);
	rmdir(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&path);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	struct import_options opt = { 1, 0, NULL, 0, 0 };
	struct layout *l;
	struct strbuf text = STRBUF_INIT, desc = STRBUF_INIT, check_text = STRBUF_INIT;
	char *name;
	int n, rc = 0, no_slices = 0;
	const struct option opts[] = {
		{ OPT_STRING, 'o', NULL, "DEF.json",
		  "write the def there (default: standard output)", &out, OPT_NONEMPTY, NULL },
		{ OPT_FLAG, 0, "no-slices", NULL,
		  "do not add the architecture's LLDB sub-registers", &no_slices, 0, NULL },
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};

	n = parse_options(argc, argv, opts, &usage);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 1)
		return usage_error(opts, &usage, "one description at a time");
	if (!n)
		return usage_error(opts, &usage, NULL);
	in = argv[0];
	opt.no_knowledge_slices = no_slices;

	name = name_for(out, in);
	l = import_xml_file(in, name, &opt);
	if (!l) {
		free(name);
		return EXIT_INVALID;
	}
	if (!layout_keep_numbers(l))
		layout_make_dense(l);
	strbuf_addf(&desc, "Imported by regdefgen from %s: %zu registers, %lld-byte g packet",
		    in, l->nregs, (long long)l->g_packet_size);
	layout_set_fact(&l->description, desc.buf);
	def_write(&text, l);
	if (!arch_of_layout(l) && (!l->endian.value || !l->lldb_triple.value)) {
		/* an architecture regdefgen does not know: the byte order and
		 * triple cannot be told, and are not made up; everything else
		 * is checked with stand-ins, and the def is written without them */
		struct srcpos top = { in, 0, 0 };
		int no_endian = !l->endian.value, no_triple = !l->lldb_triple.value;

		diag_warning(top, "the def lacks %s%s%s (regdefgen does not know the architecture '%s'): add %s before generating from it",
			     no_endian ? "target.endian" : "", no_endian && no_triple ? " and " : "",
			     no_triple ? "target.lldb_triple" : "",
			     l->gdb_architecture.value ? l->gdb_architecture.value : "(none named)",
			     no_endian && no_triple ? "them" : "it");
		if (no_endian)
			layout_set_fact(&l->endian, "little");
		if (no_triple)
			layout_set_fact(&l->lldb_triple, "unknown-unknown-unknown");
		strbuf_reset(&check_text);
		def_write(&check_text, l);
	} else {
		strbuf_addstr(&check_text, text.buf);
	}
	if (verify(check_text.buf, check_text.len, name)) {
		fprintf(stderr, "regdefgen import: the def made from %s does not check (see above); nothing written\n", in);
		rc = EXIT_INVALID;
	} else if (out) {
		/* a batch, so no description read (the one given, the files it
		 * includes) can be the file replaced */
		struct write_batch batch = WRITE_BATCH_INIT;
		size_t k;

		write_batch_add_input(&batch, in);
		for (k = 0; k < l->nfiles; k++)
			write_batch_add_input(&batch, l->files[k]);
		if (write_batch_add(&batch, out, text.buf, text.len) == WRITE_FAILED) {
			write_batch_abort(&batch);
			rc = EXIT_INVALID;
		} else if (write_batch_commit(&batch)) {
			rc = EXIT_INVALID;
		}
	} else {
		fwrite(text.buf, 1, text.len, stdout);
	}
	layout_free(l);
	free(name);
	strbuf_release(&text);
	strbuf_release(&check_text);
	strbuf_release(&desc);
	return rc;
}
