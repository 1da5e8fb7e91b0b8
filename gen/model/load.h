/*
 * load.h: pipeline stage 1, read a def and the parts it includes into a
 * struct layout.
 *
 * The loader checks what a single JSON value can tell: syntax (through
 * jansson), known keys, value types, strings free of control characters,
 * includes that exist and do not loop, layout facts set only once.  What needs
 * the whole layout (duplicates, sizes, offsets, references) is check.c's job.
 * Every problem is reported through diag.h with the file, line and column of
 * the offending key or value; loading goes on after an error so one run
 * reports as much as it can.
 */
#ifndef REGDEFGEN_LOAD_H
#define REGDEFGEN_LOAD_H

#include "model/model.h"

/* Upper bounds that keep hostile defs from exhausting memory. */
#define MAX_DEF_FILE_BYTES (64u << 20)
#define MAX_REGISTERS 1000000
#define MAX_INCLUDE_DEPTH 64
/* libxml2's XML_MAX_TEXT_LENGTH, its default limit for one text node */
#define MAX_DEF_STRING_BYTES 10000000u

/*
 * Loads the layout defined by the def at path and sets *errors to the
 * number of errors it reported.  Returns a layout (free it with
 * layout_free()) even when errors were reported; it may be checked or used
 * only if *errors is 0.
 */
struct layout *load_layout(const char *path, int *errors);

/* Loads and checks the def at path: the layout, or NULL (after reporting)
 * if it is invalid.  What every subcommand that reads defs starts with. */
struct layout *load_checked_layout(const char *path);

#endif
