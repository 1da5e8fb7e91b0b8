/*
 * runcheck.h: the rules over all the layouts of one run, which "check" and
 * "generate" share (one list, so check accepts exactly what generate
 * does): no layout given twice, and no two layouts whose headers would
 * share an include guard and prefixes (IDENT in capitals: "a-b" and "a_b",
 * "Foo" and "foo"), which could never be included in one translation unit.
 */
#ifndef REGDEFGEN_RUNCHECK_H
#define REGDEFGEN_RUNCHECK_H

#include <stddef.h>

#include "base/hashtab.h"
#include "model/model.h"

struct run_check {
	struct hashtab names;   /* layout name -> index in names_of */
	struct hashtab idents;  /* IDENT in capitals -> index */
	char **keys;           /* the strings the maps point to */
	size_t nkeys;
	char **defs;           /* def path of each layout added */
	char **layout_names;
	size_t n;
};

#define RUN_CHECK_INIT { HASHTAB_INIT(HASHTAB_STRINGS), HASHTAB_INIT(HASHTAB_STRINGS), NULL, 0, NULL, NULL, 0 }

/* Adds layout l (read from def) to the run; reports through diag.h and
 * returns -1 if it breaks a rule with a layout added before. */
int run_check_add(struct run_check *rc, const struct layout *l, const char *def);

void run_check_release(struct run_check *rc);

#endif
