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

/*
 * Says again what the checker said of the temporary def at path (captured
 * in said), at the description's positions: line k of the def was written
 * from the element at lines[k - 1] (def_write_lines()), so an error names
 * the file the user gave, and the line of the element, never a def that
 * was deleted (or never written).
 */
static void report_at_description(const char *said, const char *path,
				  const struct srcpos *lines, size_t nlines,
				  struct srcpos top)
{
	size_t plen = strlen(path);
	const char *line = said;

	while (*line) {
		const char *end = strchr(line, '\n'), *p = line + plen, *msg;
		struct srcpos at = top;
		struct strbuf text = STRBUF_INIT;
		int err;

		if (!end)
			end = line + strlen(line);
		if (strncmp(line, path, plen) || *p != ':') {
			fprintf(stderr, "%.*s\n", (int)(end - line), line);
			line = *end ? end + 1 : end;
			continue;
		}
		p++;
		if (*p >= '0' && *p <= '9') {
			unsigned long k = strtoul(p, (char **)&p, 10);
			if (k >= 1 && k <= nlines && lines[k - 1].file)
				at = lines[k - 1];
			if (*p == ':') /* the column: of the def's text, not the description's */
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
			if (*p == ':')
				p++;
		}
		if (*p == ' ')
			p++;
		err = !strncmp(p, "error: ", 7);
		msg = p + (err ? 7 : !strncmp(p, "warning: ", 9) ? 9 : 0);
		/* the message itself may name a place in the def ("first
		 * defined at DEF:12:5"): name the description's there too */
		for (p = msg; p < end; ) {
			const char *hit = strstr(p, path);
			struct srcpos in = top;
			if (!hit || hit >= end) {
				strbuf_add(&text, p, (size_t)(end - p));
				break;
			}
			strbuf_add(&text, p, (size_t)(hit - p));
			p = hit + plen;
			if (p[0] == ':' && p[1] >= '0' && p[1] <= '9') {
				unsigned long k = strtoul(p + 1, (char **)&p, 10);
				if (k >= 1 && k <= nlines && lines[k - 1].file)
					in = lines[k - 1];
				if (p[0] == ':' && p[1] >= '0' && p[1] <= '9')
					for (p++; *p >= '0' && *p <= '9'; p++)
						;
			}
			if (in.line > 0)
				strbuf_addf(&text, "%s:%d:%d", in.file, in.line, in.col);
			else
				strbuf_addstr(&text, in.file);
		}
		if (err)
			diag_error(at, "%s", text.buf);
		else
			diag_warning(at, "%s", text.buf);
		strbuf_release(&text);
		line = *end ? end + 1 : end;
	}
}

/* Loads text as a def (through a temporary file) and checks it; returns 0
 * if it is valid.  What the checker says is reported at the description's
 * positions (lines: report_at_description()). */
static int verify(const char *text, size_t len, const char *name,
		  const struct srcpos *lines, size_t nlines, struct srcpos top)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, said = STRBUF_INIT;
	struct layout *l;
	int rc = -1;

	if (make_temp_dir(&dir, "regdefgen-import")) {
		diag_file_error(dir.buf, "cannot create a temporary folder: %s", strerror(errno));
		strbuf_release(&dir);
		return -1;
	}
	strbuf_addf(&path, "%s/%s.json", dir.buf, name);
	if (!write_scratch_file(path.buf, text, len)) {
		diag_capture(&said);
		l = load_checked_layout(path.buf);
		diag_capture(NULL);
		rc = l ? 0 : -1;
		layout_free(l);
		report_at_description(said.buf ? said.buf : "", path.buf, lines, nlines, top);
	} else {
		diag_file_error(path.buf, "cannot write: %s", strerror(errno));
	}
	unlink(path.buf);
	rmdir(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&said);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	struct import_options opt = { 1, 0, NULL, 0, 0 };
	struct layout *l;
	struct strbuf text = STRBUF_INIT, desc = STRBUF_INIT, check_text = STRBUF_INIT;
	struct srcpos *lines = NULL, top = { NULL, 0, 0 };
	size_t nlines = 0;
	char *name;
	int n, rc = 0, no_slices = 0, no_endian, no_triple, unknown;
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
	top.file = in;
	no_endian = !l->endian.value;
	no_triple = !l->lldb_triple.value;
	unknown = !arch_of_layout(l) && (no_endian || no_triple);
	if (unknown) {
		/* an architecture regdefgen does not know: the byte order and
		 * triple cannot be told, and are not made up; everything else
		 * is checked with stand-ins, and the def is written without them */
		if (no_endian)
			layout_set_fact(&l->endian, "little");
		if (no_triple)
			layout_set_fact(&l->lldb_triple, "unknown-unknown-unknown");
	}
	def_write_lines(&check_text, l, &lines, &nlines);
	if (verify(check_text.buf, check_text.len, name, lines, nlines, top)) {
		fprintf(stderr, "regdefgen import: %s cannot be imported (see above); nothing written\n", in);
		rc = EXIT_INVALID;
	} else if (unknown) {
		/* said only of a def that is written */
		diag_warning(top, "the def lacks %s%s%s (regdefgen does not know the architecture '%s'): add %s before generating from it%s",
			     no_endian ? "target.endian" : "", no_endian && no_triple ? " and " : "",
			     no_triple ? "target.lldb_triple" : "",
			     l->gdb_architecture.value ? l->gdb_architecture.value : "(none named)",
			     no_endian && no_triple ? "them" : "it",
			     no_endian ? " (regdefgen supports little-endian only: a big-endian architecture's def is refused)" : "");
	}
	if (!rc && out) {
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
	} else if (!rc) {
		fwrite(text.buf, 1, text.len, stdout);
	}
	free(lines);
	layout_free(l);
	free(name);
	strbuf_release(&text);
	strbuf_release(&check_text);
	strbuf_release(&desc);
	return rc;
}
