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
 * A large def need not be held as one jansson tree (about ten times its
 * text): jsonpos_stream() checks the text and builds the root object with
 * each top-level array standing in for its elements, and
 * jsonpos_element() parses an element when it is asked for.
 *
 * Ownership: a jsonpos borrows the text and the tree; both must outlive it.
 * jsonpos_free() releases what jsonpos_build() allocated, or what
 * jsonpos_stream() did but the root.
 */
#ifndef REGDEFGEN_JSONPOS_H
#define REGDEFGEN_JSONPOS_H

#include <jansson.h>

#include "model/model.h"

struct jsonpos;

/* Indexes text, which jansson parsed into root.  file is borrowed. */
struct jsonpos *jsonpos_build(const char *text, size_t len, json_t *root,
			      const char *file);
void jsonpos_free(struct jsonpos *jp);

/*
 * The streaming parse of text, a def of file.  If text is in a strict
 * subset of JSON that jansson surely accepts whole (see jsonpos.c; common
 * defs are), returns its jsonpos and sets *root to a new object: members
 * whose value is an array get an array of as many nulls, whose elements
 * jsonpos_element() gives; the others are parsed.  Otherwise returns NULL
 * and reports nothing: the caller parses the text whole, and jansson
 * reports what is wrong with it.
 */
struct jsonpos *jsonpos_stream(const char *text, size_t len, const char *file,
			       json_t **root);

/* Element i of arr (borrowed).  For a streamed top-level array, it is parsed
 * now and valid, with its positions, until the next element of the same
 * array is asked for; for any other array it is json_array_get(). */
json_t *jsonpos_element(struct jsonpos *jp, json_t *arr, size_t i);

/* Where the root value starts. */
struct srcpos jsonpos_root(const struct jsonpos *jp);
/* Where the value of member key of object obj starts (the object's own
 * position if there is no such member). */
struct srcpos jsonpos_value(const struct jsonpos *jp, json_t *obj, const char *key);
/* Where the key string of member key of object obj starts. */
struct srcpos jsonpos_key(const struct jsonpos *jp, json_t *obj, const char *key);
/* The same for the i-th member of obj in jansson's iteration order, whose
 * key is key (a json_object_foreach() loop counts i): no search. */
struct srcpos jsonpos_member_value(const struct jsonpos *jp, json_t *obj,
				   size_t i, const char *key);
struct srcpos jsonpos_member_key(const struct jsonpos *jp, json_t *obj,
				 size_t i, const char *key);
/* Where element i of array arr starts. */
struct srcpos jsonpos_elem(const struct jsonpos *jp, json_t *arr, size_t i);
/* Where container node (an object or array) starts, if it was indexed. */
struct srcpos jsonpos_node(const struct jsonpos *jp, json_t *node);

#endif
