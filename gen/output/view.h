/*
 * view.h: pipeline stage 3, the view model the templates render.
 *
 * A view presents a checked layout to the template engine (mustache.h) as
 * the keys documented in the README ("Templates and the view model"):
 * every value a template may print is computed here, once per kind of
 * fact: numbers, each client's names, the lldb module constants, types in
 * the order GDB needs them.  Templates only lay these out.  User templates
 * rely on the keys, so they change only compatibly.
 *
 * Values are computed when a template asks for them: a register is a
 * handle (the view and its index) whose keys are read from its struct reg,
 * so a view costs a few bytes per register, not a tree of objects.
 * view_to_json() builds that tree, for tools and tests that want the view
 * as data.
 *
 * Ownership: a view borrows its layout and the target.xml text given to
 * view_set_target_xml(); both must outlive it.  view_free() releases what
 * view_new() allocated.
 */
#ifndef REGDEFGEN_VIEW_H
#define REGDEFGEN_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "model/model.h"
#include "output/mustache.h"

struct view;

/* The view of a checked layout. */
struct view *view_new(const struct layout *layout);
void view_free(struct view *view);

/* The root object, to render templates against. */
struct mustache_value view_root(const struct view *view);

/* Gives the view the rendered target.xml: from then on it has
 * "target_xml_lines", one object {"text": LINE} per line (without its
 * newline), and "target_xml_size", for outputs that embed the description
 * (the C header's string for qXfer:features:read).  xml is borrowed;
 * NULL takes both keys away again. */
void view_set_target_xml(struct view *view, const char *xml, size_t len);

/* The whole view as a new JSON object (json_decref() it). */
json_t *view_to_json(const struct view *view);

/* A one-line version of s safe inside a C block comment, a Python comment
 * and an XML comment: no newline, no "*" followed by "/", no "--".
 * Returns a new string (free() it). */
char *comment_safe(const char *s);

#endif
