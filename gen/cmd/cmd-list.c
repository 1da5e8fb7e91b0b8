/*
 * cmd-list.c: "regdefgen list", the shipped layouts a name can stand for.
 *
 * Lists the defs at the top of the shipped defs folder (the parts they
 * include live in subfolders and are not layouts), sorted by name, each
 * loaded and checked so the register count and g packet size printed are
 * the ones generate would use.
 */
#include <assert.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "model/diag.h"
#include "base/strbuf.h"

static const struct usage usage = {
	"regdefgen list", "",
	"Lists the shipped layouts (share/regdefgen/defs when installed, defs/ in\n"
	"the source tree): name, register count, g packet size, description.\n"
	"'regdefgen generate NAME' generates one of them.\n",
	"Exit status: 0 success, 1 a shipped def is invalid, 2 usage error.\n",
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.json files directly in dir, sorted; NULL on error. */
static char **layout_names(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".json"))
			continue;
		GROW_ARRAY(names, *n);
		names[*n] = xstrdup(e->d_name);
		names[*n][len - 5] = '\0';
		(*n)++;
	}
	closedir(d);
	/* readdir's order is the filesystem's; the output must not be */
	if (*n) {
		assert(names); /* *n names were stored in it */
		qsort(names, *n, sizeof(*names), cmp_names);
	}
	return names ? names : xcalloc(1, sizeof(*names));
}

int cmd_list(int argc, char **argv)
{
	int n, json = 0, invalid = 0;
	char *dir, **names;
	size_t k, nnames, width = 0;
	json_t *arr;
	const struct option opts[] = {
		OPT_FORMAT(&json, "one JSON array of {name, registers, g_packet_bytes,\n"
			   "lldb_triple, description, path}"),
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};

	n = parse_options(argc, argv, opts, &usage);
	if (n < 0)
		return parse_options_exit(n);
	if (n)
		return usage_error(opts, &usage, "unexpected argument '%s'", argv[0]);
	dir = default_defs_dir();
	if (!dir) {
		fprintf(stderr, "regdefgen list: cannot find the shipped defs (share/regdefgen/defs beside the executable)\n");
		return EXIT_INVALID;
	}
	names = layout_names(dir, &nnames);
	if (!names) {
		diag_file_error(dir, "cannot read the folder");
		free(dir);
		return EXIT_INVALID;
	}
	arr = json_array();
	/* the names column is as wide as the longest name */
	for (k = 0; k < nnames; k++)
		if (strlen(names[k]) > width)
			width = strlen(names[k]);
	for (k = 0; k < nnames; k++) {
		struct strbuf path = STRBUF_INIT;
		struct layout *l;

		strbuf_addf(&path, "%s/%s.json", dir, names[k]);
		l = load_checked_layout(path.buf);
		if (!l)
			invalid = 1;
		else if (json) {
			json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}",
				"name", names[k], "registers", (json_int_t)l->nregs,
				"g_packet_bytes", (json_int_t)l->g_packet_size,
				"lldb_triple", l->lldb_triple.value ? l->lldb_triple.value : "",
				"description", l->description.value ? l->description.value : "",
				"path", path.buf));
		} else {
			printf("%-*s  %3zu registers  %5lld-byte g packet  %s\n", (int)width, names[k],
			       l->nregs, (long long)l->g_packet_size,
			       l->description.value ? l->description.value : "");
		}
		layout_free(l);
		strbuf_release(&path);
		free(names[k]);
	}
	if (json) {
		char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (text)
			puts(text);
		free(text);
	}
	json_decref(arr);
	free(names);
	free(dir);
	return invalid ? EXIT_INVALID : 0;
}
