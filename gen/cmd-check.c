/*
 * cmd-check.c: "regdefgen check", validate defs and write nothing.
 *
 * Runs the load and check stages on each def and reports every problem;
 * on success prints one summary line per layout, which is what a CI job
 * wants to see in its log.
 */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "diag.h"

static const char usage_text[] =
	"usage: regdefgen check DEF.json...\n"
	"\n"
	"Validates each def (and the parts it includes) and writes nothing.\n"
	"Problems are reported as FILE:LINE:COL: error: MESSAGE.\n"
	"Exit status: 0 all valid, 1 some def is invalid, 2 usage error.\n";

int cmd_check(int argc, char **argv)
{
	int i, ndefs = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage_to(stdout, usage_text);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "regdefgen check: unknown option '%s'\n", argv[i]);
			usage_to(stderr, usage_text);
			return EXIT_USAGE;
		}
		ndefs++;
	}
	if (!ndefs) {
		usage_to(stderr, usage_text);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		struct layout *l = load_checked_layout(argv[i]);
		if (!l)
			continue;
		printf("%s: ok: %zu registers, %zu slices, %lld-byte g packet\n",
		       argv[i], l->nregs, l->nslices, (long long)l->g_packet_size);
		layout_free(l);
	}
	return diag_error_count() ? EXIT_INVALID : 0;
}
