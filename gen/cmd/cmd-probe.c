/*
 * cmd-probe.c: "regdefgen probe HOST:PORT", a live stub's layout, and with
 * --def a check of the stub against a def.
 *
 * probe.c talks to the stub (rsp.c keeps every wait bounded);
 * layout-source.c prints what it found; with --def, layout-diff.c compares
 * it with the def, exactly as "regdefgen diff DEF HOST:PORT" would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "compare/layout-diff.h"
#include "compare/layout-source.h"
#include "remote/rsp.h"

static const char usage_text[] =
	"usage: regdefgen probe [--def DEF.json] [--format text|json] [--timeout SECONDS]\n"
	"                       [--save-xml DIR] HOST:PORT\n"
	"\n"
	"Connects to a GDB remote stub (QEMU's gdbstub, gdbserver, lldb-server,\n"
	"a VMware or embedded stub) and reads its register layout the way the\n"
	"debuggers do: qSupported, then target.xml through qXfer:features:read\n"
	"with every annex it includes, else LLDB's qRegisterInfo sequence; then\n"
	"one g packet, to measure the size of the real reply.  Prints the layout.\n"
	"\n"
	"  --def DEF.json     compare the stub with the def; exit 1 on any difference\n"
	"                     (the report of 'regdefgen diff DEF.json HOST:PORT')\n"
	"  --format json      with --def, the difference as JSON\n"
	"  --save-xml DIR     keep a copy of target.xml and every annex it includes,\n"
	"                     byte for byte as the stub serves them\n"
	"  --timeout SECONDS  how long to wait for each reply (default 5); probe\n"
	"                     never waits longer, whatever the stub does\n"
	"\n"
	"The probe reads only: it sends no packet that changes the target.  Some\n"
	"stubs resume the target when the connection closes (QEMU does).\n"
	"Exit status: 0 layout read (and, with --def, the same as the def); 1 the\n"
	"stub cannot be read or differs from the def; 2 usage error.\n";

int cmd_probe(int argc, char **argv)
{
	const char *target = NULL, *def = NULL, *save = NULL;
	int i, json = 0, timeout_ms = RSP_DEFAULT_TIMEOUT_MS, rc = 0;
	struct source_info info, dinfo;
	struct layout *l, *dl;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage_to(stdout, usage_text);
			return 0;
		} else if (!strcmp(a, "--def") || !strcmp(a, "--timeout") || !strcmp(a, "--format") ||
			   !strcmp(a, "--save-xml")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "regdefgen probe: '%s' needs an argument\n", a);
				goto usage;
			}
			if (!strcmp(a, "--def"))
				def = argv[++i];
			else if (!strcmp(a, "--save-xml"))
				save = argv[++i];
			else if (!strcmp(a, "--format")) {
				if (parse_format_option("probe", argv[++i], &json))
					goto usage;
			} else if (rsp_parse_timeout_ms(argv[++i], &timeout_ms)) {
				fprintf(stderr, "regdefgen probe: --timeout needs a number of seconds, not '%s'\n", argv[i]);
				goto usage;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "regdefgen probe: unknown option '%s'\n", a);
			goto usage;
		} else if (target) {
			fprintf(stderr, "regdefgen probe: one stub at a time\n");
			goto usage;
		} else {
			target = a;
		}
	}
	if (!target || !strchr(target, ':')) {
		if (target)
			fprintf(stderr, "regdefgen probe: '%s' is not HOST:PORT\n", target);
		goto usage;
	}
	if (def) {
		dl = load_source(def, timeout_ms, &dinfo);
		if (!dl) {
			source_info_release(&dinfo);
			return EXIT_INVALID;
		}
	}
	memset(&info, 0, sizeof(info));
	info.kind = SOURCE_STUB;
	l = probe_stub(target, timeout_ms, NULL, &info.probe, save);
	if (!l) {
		fprintf(stderr, "regdefgen probe: could not read the layout of %s\n", target);
		rc = EXIT_INVALID;
	} else if (!def) {
		print_layout(stdout, l, &info);
	} else {
		struct layout_diff d;
		struct diff_side side[2] = {
			{ dl, def, source_kind_name(dinfo.kind), -1 },
			{ l, target, source_kind_name(SOURCE_STUB), info.probe.g_reply_bytes },
		};
		layout_diff(dl, l, &d);
		if (json) {
			json_t *j = layout_diff_json(&d, &side[0], &side[1]);
			json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			putchar('\n');
			json_decref(j);
		} else {
			layout_diff_print(stdout, &d, &side[0], &side[1]);
		}
		if (!layout_diff_same(&d))
			rc = EXIT_INVALID;
		layout_diff_release(&d);
	}
	layout_free(l);
	source_info_release(&info);
	if (def) {
		layout_free(dl);
		source_info_release(&dinfo);
	}
	return rc;
usage:
	usage_to(stderr, usage_text);
	return EXIT_USAGE;
}
