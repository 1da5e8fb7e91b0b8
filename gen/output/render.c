/*
 * render.c: rendering a layout's templates (see render.h).
 *
 * A layout's templates are rendered into memory (render_layout(), for
 * the fuzzers and tests) or, for generate, each into its temporary file of
 * a write batch as it is rendered (render_layout_to()): the outputs of a
 * large layout are several times its model, and only the batch's commit
 * renames them into place, so a failure still leaves no file behind.
 * Template files are taken in name order so runs are repeatable.
 */
#include "output/render.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xmllib.h"
#include "model/diag.h"
#include "output/mustache.h"
#include "output/view.h"
#include "output/write.h"

#define TEMPLATE_SUFFIX ".mustache"
#define MAX_TEMPLATE_BYTES (16u << 20)
/* XML is checked in pieces of this size (see xml_well_formed()). */
#define XML_PIECE (64 << 10)

/*
 * The escapers copy runs of ordinary bytes with one append each and only
 * spell out the bytes their language needs quoted.  plain[c] says which
 * escapers copy byte c as it is: C (printable ASCII but " \ and ?, which
 * is quoted only after another ?), Python (all but control characters,
 * DEL, " ' and \), XML (all but & < > " and ').
 */
#define PLAIN_C 1
#define PLAIN_PY 2
#define PLAIN_XML 4

static const unsigned char plain[256] = {
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	7, 7, 0, 7, 7, 7, 3, 1, 7, 7, 7, 7, 7, 7, 7, 7,  /* " & ' */
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 7, 3, 6,  /* < > ? */
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 7, 7, 7,  /* backslash */
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4,  /* DEL */
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
};

static int is_plain(char c, int language)
{
	return plain[(unsigned char)c] & language;
}

void escape_xml(struct strbuf *out, const char *s, size_t n)
{
	size_t done = 0, i;

	for (i = 0; i < n; i++) {
		const char *entity;

		if (is_plain(s[i], PLAIN_XML))
			continue;
		switch (s[i]) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		default: entity = "&apos;"; break;
		}
		strbuf_add(out, s + done, i - done);
		strbuf_addstr(out, entity);
		done = i + 1;
	}
	strbuf_add(out, s + done, n - done);
}

static const char hex_digits[] = "0123456789abcdef";

void escape_python(struct strbuf *out, const char *s, size_t n)
{
	size_t done = 0, i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[4];

		if (is_plain(s[i], PLAIN_PY))
			continue;
		esc[0] = '\\';
		esc[1] = (char)c;
		strbuf_add(out, s + done, i - done);
		if (c == '"' || c == '\'' || c == '\\') {
			strbuf_add(out, esc, 2);
		} else {
			esc[1] = 'x';
			esc[2] = hex_digits[c >> 4];
			esc[3] = hex_digits[c & 15];
			strbuf_add(out, esc, 4);
		}
		done = i + 1;
	}
	strbuf_add(out, s + done, n - done);
}

void escape_c(struct strbuf *out, const char *s, size_t n)
{
	size_t done = 0, i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[4];

		if (is_plain(s[i], PLAIN_C))
			continue;
		/* "\?" after a '?': no trigraphs under -std=c99 */
		if (c == '?' && !(i && s[i - 1] == '?'))
			continue;
		esc[0] = '\\';
		esc[1] = (char)c;
		strbuf_add(out, s + done, i - done);
		if (c == '"' || c == '\\' || c == '?') {
			strbuf_add(out, esc, 2);
		} else {
			/* octal, which stops after 3 digits */
			esc[1] = (char)('0' + (c >> 6));
			esc[2] = (char)('0' + ((c >> 3) & 7));
			esc[3] = (char)('0' + (c & 7));
			strbuf_add(out, esc, 4);
		}
		done = i + 1;
	}
	strbuf_add(out, s + done, n - done);
}

static mustache_escape_fn escape_for(const char *output)
{
	if (ends_with(output, ".xml"))
		return escape_xml;
	if (ends_with(output, ".py"))
		return escape_python;
	if (ends_with(output, ".h") || ends_with(output, ".c") ||
	    ends_with(output, ".hpp") || ends_with(output, ".cc") ||
	    ends_with(output, ".cpp"))
		return escape_c;
	return NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	switch (strbuf_read_file(&sb, path, MAX_TEMPLATE_BYTES)) {
	case READ_OK:
		return strbuf_detach(&sb, len);
	case READ_TOO_LARGE:
		diag_file_error(path, "template is larger than %u bytes", MAX_TEMPLATE_BYTES);
		return NULL;
	case READ_CANNOT_OPEN:
		diag_file_error(path, "cannot open template: %s", strerror(errno));
		return NULL;
	case READ_NOT_REGULAR:
		diag_file_error(path, "cannot read template: not a regular file");
		return NULL;
	case READ_CANNOT_READ:
		diag_file_error(path, "cannot read template: %s", strerror(errno));
		return NULL;
	}
	return NULL;
}

int xml_well_formed(const char *template_path, const char *output,
		    const char *xml, size_t len)
{
	const char *why = "?";
	const struct xmllib *x = xmllib(&why);
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	size_t at = 0;
	int ok;

	if (!x) {
		diag_file_error(template_path, "cannot check that %s is well-formed XML: cannot load libxml2: %s",
				output, why);
		return -1;
	}
	/* pushed in pieces: libxml2 would copy a whole document given at once */
	ctxt = x->CreatePushParserCtxt(NULL, NULL, NULL, 0, output);
	if (!ctxt) {
		diag_file_error(template_path, "cannot create an XML parser");
		return -1;
	}
	/*
	 * No tree: the parser checks every well-formedness rule itself, the
	 * SAX callbacks dropped here would only build elements, text and
	 * comments (hundreds of MB for a large layout).  The document and its
	 * DTD are still built, so entities the internal subset declares are
	 * known.
	 */
	ctxt->sax->startElementNs = NULL;
	ctxt->sax->endElementNs = NULL;
	ctxt->sax->startElement = NULL;
	ctxt->sax->endElement = NULL;
	ctxt->sax->characters = NULL;
	ctxt->sax->ignorableWhitespace = NULL;
	ctxt->sax->cdataBlock = NULL;
	ctxt->sax->comment = NULL;
	ctxt->sax->processingInstruction = NULL;
	ctxt->sax->reference = NULL;
	/* no network, no external DTD, no entity expansion: just syntax */
	x->CtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
			  XML_PARSE_NOWARNING);
	do {
		int n = len - at < XML_PIECE ? (int)(len - at) : XML_PIECE;

		x->ParseChunk(ctxt, xml + at, n, at + (size_t)n == len);
		at += (size_t)n;
	} while (at < len);
	doc = ctxt->myDoc;
	ok = doc && ctxt->wellFormed;
	if (!ok) {
		xmlErrorPtr e = x->CtxtGetLastError(ctxt);
		char *msg = xstrdup(e && e->message ? e->message : "not well-formed\n");
		size_t n = strlen(msg);
		if (n && msg[n - 1] == '\n')
			msg[n - 1] = '\0';
		/* the rendered text is never written: point at the template */
		diag_file_error(template_path, "renders %s that is not well-formed XML: line %d, column %d: %s",
				output, e ? e->line : 1, e ? e->int2 : 1, msg);
		free(msg);
	}
	x->FreeDoc(doc);
	x->FreeParserCtxt(ctxt);
	return ok ? 0 : -1;
}

static char *output_name(const char *template_name, const char *ident)
{
	size_t n = strlen(template_name) - strlen(TEMPLATE_SUFFIX);
	struct strbuf sb = STRBUF_INIT;
	const char *p = template_name, *end = template_name + n;

	while (p < end) {
		if ((size_t)(end - p) >= 5 && !strncmp(p, "IDENT", 5)) {
			strbuf_addstr(&sb, ident);
			p += 5;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void remember(struct rendered_set *set, const char *path)
{
	GROW_ARRAY(set->templates_read, set->ntemplates);
	set->templates_read[set->ntemplates++] = xstrdup(path);
}

/* Where a streamed render's text goes (mustache_flush_fn). */
static int flush_to_stream(struct strbuf *out, void *ctx)
{
	return write_stream_add(ctx, out->buf, out->len);
}

/*
 * Renders template tname into set; with a batch, stages the output there
 * as outdir/NAME: XML outputs once rendered, and checked if check_xml
 * (the other outputs embed target.xml, so its text is kept), every other
 * output streamed into its temporary as it is rendered, its text never
 * held.
 */
static int render_one(struct rendered_set *set, const char *dir,
		      const char *tname, const char *ident,
		      const struct view *view, json_t *partials,
		      struct write_batch *batch, const char *outdir, int check_xml)
{
	struct rendered *r;
	struct mustache_error err;
	char *path, *text;
	size_t len;
	struct strbuf sb = STRBUF_INIT;
	struct mustache_value root = view_root(view);
	struct write_stream ws;
	int streamed, rc;

	strbuf_addf(&sb, "%s/%s", dir, tname);
	path = strbuf_detach(&sb, NULL);
	text = slurp(path, &len);
	if (!text) {
		free(path);
		return -1;
	}
	remember(set, path);
	{
		char *name = output_name(tname, ident);
		/* "..mustache" would make "out/NAME/..": no file at all */
		int bad = !*name || !strcmp(name, ".") || !strcmp(name, "..");

		size_t k;

		if (bad)
			diag_file_error(path, "cannot make a file named '%s'", name);
		/* IDENT_regs.h and x86_64_regs.h make one file: say so, not drop one */
		for (k = 0; !bad && k < set->n; k++) {
			if (!strcmp(set->files[k].name, name)) {
				diag_file_error(path, "makes '%s', as %s does", name,
						set->files[k].template_path);
				bad = 1;
			}
		}
		free(name);
		if (bad) {
			free(path);
			free(text);
			return -1;
		}
	}
	GROW_ARRAY(set->files, set->n);
	r = &set->files[set->n++];
	r->name = output_name(tname, ident);
	r->template_path = path;
	memset(&r->text, 0, sizeof(r->text));
	strbuf_grow(&r->text, 0);
	memset(&ws, 0, sizeof(ws));
	streamed = batch && !ends_with(r->name, ".xml");
	if (batch) {
		strbuf_addf(&sb, "%s/%s", outdir, r->name);
		rc = write_batch_open(batch, sb.buf, &ws);
		strbuf_release(&sb);
		if (rc) {
			free(text);
			return -1;
		}
	}
	rc = streamed ? mustache_render_stream(text, len, &root, partials,
					       escape_for(r->name), &r->text,
					       flush_to_stream, &ws, &err)
		: mustache_render_value(text, len, &root, partials,
					escape_for(r->name), &r->text, &err);
	free(text);
	/* a failed write is reported by write_batch_close(), not as the
	 * template's fault */
	if (rc && !(streamed && ws.failed)) {
		struct strbuf where = STRBUF_INIT;
		struct srcpos pos = { path, err.line, err.column };

		/* an error inside a partial is reported in the partial's file */
		if (err.partial[0]) {
			strbuf_addf(&where, "%s/_%s.mustache", dir, err.partial);
			pos.file = where.buf;
		}
		diag_error(pos, "%s", err.message + (err.partial[0] ? err.message_body : 0));
		strbuf_release(&where);
	}
	if (!rc && check_xml && !streamed && ends_with(r->name, ".xml"))
		rc = xml_well_formed(r->template_path, r->name, r->text.buf,
				     r->text.len);
	if (batch) {
		write_stream_add(&ws, r->text.buf, rc ? 0 : r->text.len);
		if (write_batch_close(batch, &ws, rc) == WRITE_FAILED)
			rc = -1;
		if (streamed)
			strbuf_release(&r->text);
	}
	return rc ? -1 : 0;
}

int render_layout(const char *dir, const char *ident, struct view *view,
		  struct rendered_set *set)
{
	return render_layout_to(dir, ident, view, set, NULL, NULL, 1);
}

int render_layout_to(const char *dir, const char *ident, struct view *view,
		     struct rendered_set *set, struct write_batch *batch,
		     const char *outdir, int check_xml)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	json_t *partials = json_object();
	int rc = 0;

	if (!d) {
		diag_file_error(dir, "cannot open templates folder: %s", strerror(errno));
		json_decref(partials);
		return -1;
	}
	while ((e = readdir(d))) {
		if (!ends_with(e->d_name, TEMPLATE_SUFFIX) ||
		    strlen(e->d_name) == strlen(TEMPLATE_SUFFIX))
			continue;
		GROW_ARRAY(names, n);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n) /* qsort wants a non-null array even for no elements */
		qsort(names, n, sizeof(char *), compare_names);

	/* partials: _NAME.mustache is {{> NAME}} */
	for (i = 0; i < n; i++) {
		struct strbuf path = STRBUF_INIT;
		char *text;
		size_t len;

		if (names[i][0] != '_')
			continue;
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		text = slurp(path.buf, &len);
		if (text) {
			char *pname = xstrndup(names[i] + 1, strlen(names[i]) - 1 -
					       strlen(TEMPLATE_SUFFIX));
			json_object_set_new(partials, pname, json_stringn(text, len));
			remember(set, path.buf);
			free(pname);
			free(text);
		} else {
			rc = -1;
		}
		strbuf_release(&path);
	}
	/* target.xml first: the other outputs embed it */
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(names[i], "target.xml" TEMPLATE_SUFFIX))
			continue;
		if (render_one(set, dir, names[i], ident, view, partials, batch, outdir,
			       check_xml))
			rc = -1;
		else
			view_set_target_xml(view, set->files[set->n - 1].text.buf,
					    set->files[set->n - 1].text.len);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (names[i][0] == '_' || !strcmp(names[i], "target.xml" TEMPLATE_SUFFIX))
			continue;
		if (render_one(set, dir, names[i], ident, view, partials, batch, outdir,
			       check_xml))
			rc = -1;
	}
	if (rc == 0 && set->n == 0) {
		diag_file_error(dir, "no templates (*%s) in the templates folder",
				TEMPLATE_SUFFIX);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	json_decref(partials);
	return rc;
}

void rendered_set_release(struct rendered_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->files[i].name);
		free(set->files[i].template_path);
		strbuf_release(&set->files[i].text);
	}
	for (i = 0; i < set->ntemplates; i++)
		free(set->templates_read[i]);
	free(set->files);
	free(set->templates_read);
	memset(set, 0, sizeof(*set));
}
