/*
 * jsonpos.h: source positions for the values of a jansson tree.
 *
 * jansson reports positions only for syntax errors.  regdefgen's messages
 * must point at the offending value of a well-formed def too, so after
 * jansson has accepted a text, jsonpos scans the same text once more and
 * records, for every member of every object and array, where its key and
 * its value start.  Positions are 1-based lines and columns counted in
 * characters, as jansson counts them.
 *
 * Lookups are keyed by the parent container (objects and arrays are
 * distinct jansson nodes; true/false/null are shared singletons and could
 * not be keys themselves).
 *
 * Ownership: a jsonpos borrows the text and the tree; both must outlive it.
 * jsonpos_free() releases only what jsonpos_build() allocated.
 */
#ifndef REGDEFGEN_JSONPOS_H
#define REGDEFGEN_JSONPOS_H

#include <jansson.h>

#include "model.h"

struct jsonpos;

/* Indexes text, which jansson parsed into root.  file is borrowed. */
struct jsonpos *jsonpos_build(const char *text, size_t len, json_t *root,
			      const char *file);
void jsonpos_free(struct jsonpos *jp);

/* Where the root value starts. */
struct srcpos jsonpos_root(const struct jsonpos *jp);
/* Where the value of member key of object obj starts (the object's own
 * position if there is no such member). */
struct srcpos jsonpos_value(const struct jsonpos *jp, json_t *obj, const char *key);
/* Where the key string of member key of object obj starts. */
struct srcpos jsonpos_key(const struct jsonpos *jp, json_t *obj, const char *key);
/* Where element i of array arr starts. */
struct srcpos jsonpos_elem(const struct jsonpos *jp, json_t *arr, size_t i);
/* Where container node (an object or array) starts, if it was indexed. */
struct srcpos jsonpos_node(const struct jsonpos *jp, json_t *node);

#endif
