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
#include "arch/arch.h"
#include "compare/layout-source.h"
#include "import/import.h"
#include "remote/doctor.h"
#include "remote/rsp.h"

static const struct usage usage = {
	"regdefgen probe", "HOST:PORT",
	"Connects to a GDB remote stub (QEMU's gdbstub, gdbserver, lldb-server,\n"
	"a VMware or embedded stub) and reads its register layout the way the\n"
	"debuggers do: qSupported, then target.xml through qXfer:features:read\n"
	"with every annex it includes, else LLDB's qRegisterInfo sequence; then\n"
	"a g packet before and after target.xml, to measure the real reply\n"
	"(QEMU arm changes it; a difference is printed).  Prints the layout.\n"
	"Stop replies left from a running machine, 'O' console output and\n"
	"notifications are set aside, as GDB does; a reply that does not fit\n"
	"its request is an error.\n",
	"Limits, each named when hit: 64 MiB per reply after run-length\n"
	"expansion and per document, 256 MiB received in all, 256 documents\n"
	"(an annex included again is read once), 4096 qRegisterInfo registers.\n"
	"\n"
	"The probe reads only: it sends no packet that changes the target.  Some\n"
	"stubs resume the target when the connection closes (QEMU does).\n"
	"Exit status: 0 layout read (and, with --def, the same as the def); 1 the\n"
	"stub cannot be read, or differs from the def; 2 usage error or, with\n"
	"--def, a side cannot be read (as diff(1)).\n",
};

int cmd_probe(int argc, char **argv)
{
	const char *target = NULL, *def = NULL, *save = NULL;
	int n, json = 0, check = 0, timeout_ms = RSP_DEFAULT_TIMEOUT_MS, rc = 0;
	struct source_info info, dinfo;
	struct layout *l, *dl = NULL;
	struct import_options popt = { 0, 0, NULL, 0, 0 };
	const struct option opts[] = {
		{ OPT_STRING, 0, "def", "DEF.json",
		  "compare the stub with the def; exit 1 on any difference\n"
		  "(the report of 'regdefgen diff DEF.json HOST:PORT')", &def, OPT_NONEMPTY, NULL },
		OPT_FORMAT(&json, "with --def, the difference as JSON"),
		{ OPT_FLAG, 0, "check", NULL,
		  "the stub doctor: what GDB and LLDB will do with this stub,\n"
		  "each finding with the fix; exit 0 clean, 1 with findings", &check, 0, NULL },
		{ OPT_STRING, 0, "save-xml", "DIR",
		  "keep a copy of target.xml and every annex it includes,\n"
		  "byte for byte as the stub serves them", &save, OPT_NONEMPTY, NULL },
		OPT_TIMEOUT(&timeout_ms, "how long to wait for each reply (default 5); the\n"
			    "whole probe ends within 12 x SECONDS (60 s by default),\n"
			    "whatever the stub does"),
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};

	n = parse_options(argc, argv, opts, &usage);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 1)
		return usage_error(opts, &usage, "one stub at a time");
	if (!n)
		return usage_error(opts, &usage, NULL);
	target = argv[0];
	if (!strchr(target, ':'))
		return usage_error(opts, &usage, "'%s' is not HOST:PORT", target);
	memset(&dinfo, 0, sizeof(dinfo)); /* read only with --def, but never undefined */
	if (def && check)
		return usage_error(opts, &usage, "--check and --def are separate runs");
	if (def) {
		dl = load_source(def, timeout_ms, NULL, 0, &dinfo);
		if (!dl) {
			source_info_release(&dinfo);
			return EXIT_TROUBLE;
		}
	}
	memset(&info, 0, sizeof(info));
	info.kind = SOURCE_STUB;
	popt.arch = dl ? arch_of_layout(dl) : NULL; /* the def's, or any known */
	popt.expect_arch = dl != NULL;
	popt.no_knowledge_roles = check; /* the doctor judges the roles served */
	l = check ? probe_stub_both(target, timeout_ms, &popt, &info.probe, save) :
		    probe_stub(target, timeout_ms, &popt, &info.probe, save);
	if (!l) {
		fprintf(stderr, "regdefgen probe: could not read the layout of %s\n", target);
		rc = def ? EXIT_TROUBLE : EXIT_INVALID;
	} else if (check) {
		if (doctor_report(stdout, target, l, &info.probe))
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
}
