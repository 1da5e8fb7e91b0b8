/*
 * cmd-check.c: "regdefgen check", validate defs and write nothing.
 *
 * Runs the load and check stages on each def and reports every problem;
 * on success prints one summary line per layout, which is what a CI job
 * wants to see in its log.  Then lint.c looks at each valid layout with
 * what regdefgen knows of its architecture: its findings are warnings, or
 * errors with --strict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "model/diag.h"
#include "arch/lint.h"
#include "model/runcheck.h"

static const struct usage usage = {
	"regdefgen check", "DEF...",
	"Validates each def (and the parts it includes) and writes nothing.\n"
	"A DEF is a def file or the name of a shipped layout ('regdefgen list').\n"
	"Problems are reported as FILE:LINE:COL: error: MESSAGE.\n"
	"\n"
	"Then, for an architecture regdefgen knows (defs/FAMILY/arch.json),\n"
	"warns about what is valid but suspicious: names GDB requires in its\n"
	"mandatory feature, registers outside the feature GDB looks in, DWARF\n"
	"numbers and sizes that are not the ABI's, generic roles LLDB needs,\n"
	"LLDB's rules for sub-registers.  Other architectures get no warnings.\n",
	"Exit status: 0 all valid, 1 some def is invalid (or, with --strict, has\n"
	"warnings), 2 usage error.\n",
};

int cmd_check(int argc, char **argv)
{
	int i, n, strict = 0, invalid = 0;
	struct run_check run = RUN_CHECK_INIT; /* the rules generate applies to a run */
	const struct option opts[] = {
		{ OPT_FLAG, 0, "strict", NULL, "those warnings are errors", &strict, 0, NULL },
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};

	n = parse_options(argc, argv, opts, &usage);
	if (n < 0)
		return parse_options_exit(n);
	if (!n)
		return usage_error(opts, &usage, NULL);
	for (i = 0; i < n; i++) {
		struct layout *l;
		char *def;
		int findings;

		def = resolve_def_arg(argv[i]);
		l = load_checked_layout(def);
		free(def);
		if (!l || run_check_add(&run, l, argv[i])) {
			layout_free(l);
			invalid = 1;
			continue;
		}
		findings = lint_layout(l, strict);
		if (findings && strict)
			invalid = 1; /* lint_layout() reported them as errors */
		if (!findings || !strict)
			printf("%s: ok: %zu registers, %zu slices, %lld-byte g packet%s\n",
			       argv[i], l->nregs, l->nslices, (long long)l->g_packet_size,
			       findings ? " (with warnings)" : "");
		layout_free(l);
	}
	run_check_release(&run);
	return invalid ? EXIT_INVALID : 0;
}
