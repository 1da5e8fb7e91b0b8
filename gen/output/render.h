/*
 * render.h: pipeline stage 4, templates to text.
 *
 * An output is one template file NAME.mustache in the templates folder; the
 * file it makes is NAME with "IDENT" replaced by the layout's IDENT
 * ("IDENT_regs.h.mustache" makes "x86_64_regs.h").  Files whose name starts
 * with "_" are partials ({{> name}}), not outputs.  {{name}} tags are
 * escaped for the language of the output, chosen by its extension: XML
 * (.xml), Python string literals (.py), C string literals (.h .c .hpp .cc
 * .cpp); other outputs are not escaped.  target.xml, if the folder has a
 * template for it, is rendered first, parsed with libxml2 (but see
 * render_layout_to()), and given to the other templates as the view's
 * target_xml_lines.
 *
 * Ownership: render_layout() fills a caller-owned struct rendered_set;
 * rendered_set_release() frees what it holds.
 */
#ifndef REGDEFGEN_RENDER_H
#define REGDEFGEN_RENDER_H

#include <stddef.h>

#include "base/strbuf.h"
#include "output/view.h"

struct rendered {
	char *name;         /* output file name ("x86_64_regs.h") */
	char *template_path;
	struct strbuf text;
};

struct rendered_set {
	struct rendered *files;
	size_t n;
	char **templates_read; /* every template and partial path read */
	size_t ntemplates;
};

/* The escapers, exposed for tests. */
void escape_xml(struct strbuf *out, const char *s, size_t n);
void escape_python(struct strbuf *out, const char *s, size_t n);
void escape_c(struct strbuf *out, const char *s, size_t n);

/*
 * Renders every template in templates_dir against view (which is given the
 * rendered target.xml, see view_set_target_xml()) for layout ident, into
 * out (zeroed).  Returns 0, or -1 after reporting problems through diag.h
 * (a template that does not parse, an XML output that is not well-formed).
 */
int render_layout(const char *templates_dir, const char *ident,
		  struct view *view, struct rendered_set *out);
/*
 * The same, staging each output in batch as OUTDIR/NAME (write.h) as it is
 * rendered: outputs other than XML are streamed into their temporary and
 * their text in out stays empty; XML outputs are kept whole (the view
 * borrows target.xml's) and, if check_xml, checked with libxml2.  The
 * shipped templates need no check: every value is escaped for XML in
 * their fixed structure, and the tests parse what they make (xmllint,
 * GDB, the fuzzers through render_layout(), which always checks).  What
 * failed is reported and not left staged.
 */
struct write_batch;
int render_layout_to(const char *templates_dir, const char *ident,
		     struct view *view, struct rendered_set *out,
		     struct write_batch *batch, const char *outdir, int check_xml);
void rendered_set_release(struct rendered_set *set);

/* Checks that xml, rendered by template_path as output, is a well-formed
 * document; reports through diag.h naming the template.  Returns 0 if it
 * is. */
int xml_well_formed(const char *template_path, const char *output,
		    const char *xml, size_t len);

#endif
