/*
 * runcheck.c: rules over the layouts of one run (see runcheck.h).
 */
#include "model/runcheck.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "model/diag.h"

static char *keep(struct run_check *rc, char *s)
{
	GROW_ARRAY(rc->keys, rc->nkeys);
	rc->keys[rc->nkeys++] = s;
	return s;
}

int run_check_add(struct run_check *rc, const struct layout *l, const char *def)
{
	char *ident_uc = xstrdup(l->ident), *p;
	size_t prev;

	for (p = ident_uc; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (hashtab_get(&rc->names, l->name, &prev)) {
		diag_file_error(def, "layout '%s' is given twice (also %s)", l->name,
				rc->defs[prev]);
		free(ident_uc);
		return -1;
	}
	if (hashtab_get(&rc->idents, ident_uc, &prev)) {
		diag_file_error(def, "layout '%s' and layout '%s' (%s) would make headers with one include guard and prefix (%s): they cannot share a translation unit",
				l->name, rc->layout_names[prev], rc->defs[prev], ident_uc);
		free(ident_uc);
		return -1;
	}
	GROW_ARRAY(rc->defs, rc->n);
	GROW_ARRAY(rc->layout_names, rc->n);
	rc->defs[rc->n] = xstrdup(def);
	rc->layout_names[rc->n] = keep(rc, xstrdup(l->name));
	hashtab_add(&rc->names, rc->layout_names[rc->n], rc->n, NULL);
	hashtab_add(&rc->idents, keep(rc, ident_uc), rc->n, NULL);
	rc->n++;
	return 0;
}

void run_check_release(struct run_check *rc)
{
	size_t i;

	hashtab_clear(&rc->names);
	hashtab_clear(&rc->idents);
	for (i = 0; i < rc->nkeys; i++)
		free(rc->keys[i]);
	for (i = 0; i < rc->n; i++)
		free(rc->defs[i]);
	free(rc->keys);
	free(rc->defs);
	free(rc->layout_names);
	memset(rc, 0, sizeof(*rc));
}
