/*
 * cmd-diff.c: "regdefgen diff A B", two layouts compared through the one
 * model.
 *
 * Each side is loaded by layout-source.c (a def, a target.xml, an LLDB
 * target definition file or a live stub), compared by layout-diff.c and
 * printed in words or as JSON.  The exit status says whether the layouts
 * are the same (0) or differ (1), or that a side could not be read (2, as
 * diff(1) says trouble), so scripts and CI can tell them apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "compare/layout-diff.h"
#include "arch/arch.h"
#include "compare/layout-source.h"
#include "remote/rsp.h"

static const struct usage usage = {
	"regdefgen diff", "A B",
	"Compares two register layouts.  A and B are each:\n"
	"  DEF.json         a def (loaded and checked)\n"
	"  FILE.xml         a GDB target description (xi:include relative to it)\n"
	"  FILE.py          an LLDB target definition file, loaded the way LLDB loads\n"
	"                   it (python3 runs it: compare only files you trust)\n"
	"  HOST:PORT        a live GDB remote stub (see 'regdefgen probe')\n"
	"\n"
	"Prints the first difference on the wire (the first g-packet byte where\n"
	"the layouts disagree: from there on a debugger using one layout with the\n"
	"other's stub reads garbage), each side's g-packet size, then register by\n"
	"register what differs: missing, renamed, size, offset, remote number,\n"
	"type, DWARF number, LLDB sub-registers.\n",
	"Exit status: 0 same layout, 1 the layouts differ, 2 a side cannot be read\n"
	"or usage error (as diff(1)).\n",
};

int cmd_diff(int argc, char **argv)
{
	const char *spec[2] = { NULL, NULL };
	int i, n, json = 0, timeout_ms = RSP_DEFAULT_TIMEOUT_MS, rc;
	struct source_info info[2];
	struct layout *l[2] = { NULL, NULL };
	struct layout_diff d;
	struct diff_side side[2];
	const struct option opts[] = {
		OPT_FORMAT(&json, "machine-readable output (json)"),
		OPT_TIMEOUT(&timeout_ms, "per-reply timeout for live stubs (default 5); each\n"
			    "stub's whole probe ends within 12 x SECONDS"),
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};

	n = parse_options(argc, argv, opts, &usage);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 2)
		return usage_error(opts, &usage, "compares two layouts, not more");
	if (n != 2)
		return usage_error(opts, &usage, NULL);
	spec[0] = argv[0];
	spec[1] = argv[1];
	/* a stub after the other side, whose architecture it should be */
	for (i = 0; i < 2; i++)
		if (!source_is_stub(spec[i]))
			l[i] = load_source(spec[i], timeout_ms, NULL, 0, &info[i]);
	for (i = 0; i < 2; i++)
		if (source_is_stub(spec[i]))
			l[i] = load_source(spec[i], timeout_ms, l[1 - i] ? arch_of_layout(l[1 - i]) : NULL,
					   l[1 - i] != NULL, &info[i]);
	if (!l[0] || !l[1]) {
		fprintf(stderr, "regdefgen diff: cannot compare: %s could not be read\n",
			!l[0] ? spec[0] : spec[1]);
		rc = EXIT_TROUBLE;
		goto out;
	}
	for (i = 0; i < 2; i++) {
		side[i].l = l[i];
		side[i].label = spec[i];
		side[i].kind = source_kind_name(info[i].kind);
		side[i].g_reply_bytes = info[i].kind == SOURCE_STUB ? info[i].probe.g_reply_bytes : -1;
	}
	layout_diff(l[0], l[1], &d);
	if (json) {
		json_t *j = layout_diff_json(&d, &side[0], &side[1]);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else {
		layout_diff_print(stdout, &d, &side[0], &side[1]);
	}
	rc = layout_diff_same(&d) ? 0 : EXIT_INVALID;
	layout_diff_release(&d);
out:
	for (i = 0; i < 2; i++) {
		layout_free(l[i]);
		if (spec[i])
			source_info_release(&info[i]);
	}
	return rc;
}
