/*
 * view.h: pipeline stage 3, the view model the templates render.
 *
 * view_build() turns a checked layout into a jansson tree whose every value
 * a template may print is already computed: numbers, each client's names,
 * the lldb module constants, types in the order GDB needs them.  Templates
 * only lay these out.  The keys are documented in the README ("The view
 * model"); user templates rely on them, so they change only compatibly.
 *
 * Ownership: view_build() returns a new reference (json_decref() it).
 */
#ifndef REGDEFGEN_VIEW_H
#define REGDEFGEN_VIEW_H

#include <jansson.h>

#include "model.h"

json_t *view_build(const struct layout *layout);

/* Adds the rendered target.xml to view as "target_xml_lines", one object
 * {"text": LINE} per line (without its newline), for outputs that embed
 * the description (the C header's string for qXfer:features:read). */
void view_add_target_xml(json_t *view, const char *xml, size_t len);

/* A one-line version of s safe inside a C block comment, a Python comment
 * and an XML comment: no newline, no "*" followed by "/", no "--".
 * Returns a new string (free() it). */
char *comment_safe(const char *s);

#endif
