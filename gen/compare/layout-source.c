/*
 * layout-source.c: loading any source and printing a layout (see
 * layout-source.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/strbuf.h"
#include "model/load.h"
#include "import/import-lldb.h"
#include "import/import-xml.h"
#include "compare/layout-source.h"

/* HOST:PORT with a numeric port and no such file. */
int source_is_stub(const char *spec)
{
	const char *colon = strrchr(spec, ':');
	struct stat st;
	const char *p;

	if (!colon || colon == spec || !colon[1] || !stat(spec, &st))
		return 0;
	for (p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

const char *source_kind_name(enum source_kind kind)
{
	static const char *const names[] = {
		"def", "GDB target description", "LLDB target definition file", "live stub"
	};
	return names[kind];
}

struct layout *load_source(const char *spec, int timeout_ms, const struct arch *expect,
			   int expect_arch, struct source_info *info)
{
	struct import_options opt = { 0, 0, expect, expect_arch, 0 };

	memset(info, 0, sizeof(*info));
	info->probe.g_reply_bytes = -1;
	if (source_is_stub(spec)) {
		info->kind = SOURCE_STUB;
		return probe_stub(spec, timeout_ms, &opt, &info->probe, NULL);
	}
	if (ends_with(spec, ".xml")) {
		info->kind = SOURCE_XML;
		return import_xml_file(spec, "target", &opt);
	}
	if (ends_with(spec, ".py")) {
		info->kind = SOURCE_LLDB;
		return import_lldb_file(spec, "lldb", &opt);
	}
	info->kind = SOURCE_DEF;
	return load_checked_layout(spec);
}

void source_info_release(struct source_info *info)
{
	probe_info_release(&info->probe);
}

/* What the stub did that a client must know: a g reply that changes once
 * target.xml has been read (a client with its own description never reads
 * it), and packets that answered nothing. */
static void print_stub_notes(FILE *f, const struct probe_info *p)
{
	if (p->used_xml && p->g_before_bytes != p->g_reply_bytes) {
		fprintf(f, "  g reply before target.xml was read: ");
		if (p->g_before_bytes >= 0)
			fprintf(f, "%lld bytes", p->g_before_bytes);
		else
			fprintf(f, "none (%s)", p->g_before_error ? p->g_before_error : "?");
		fprintf(f, "; after: ");
		if (p->g_reply_bytes >= 0)
			fprintf(f, "%lld bytes", p->g_reply_bytes);
		else
			fprintf(f, "none");
		fprintf(f, ". A client that brings its own description (LLDB's target definition file, GDB's set tdesc filename) gets the first.\n");
	}
	if (p->stale_stops)
		fprintf(f, "  set aside: %lu stop replies that answered nothing (the machine was running, or a debugger left it)\n",
			p->stale_stops);
	if (p->console)
		fprintf(f, "  set aside: %lu console-output ('O') packets\n", p->console);
}

void print_layout(FILE *f, const struct layout *l, const struct source_info *info)
{
	size_t i;

	fprintf(f, "%s (%s)\n", l->source, source_kind_name(info->kind));
	if (info->kind == SOURCE_STUB) {
		fprintf(f, "  registers from: %s\n",
			info->probe.used_xml ? "target.xml (qXfer:features:read)" : "qRegisterInfo");
		if (info->probe.used_xml)
			fprintf(f, "  documents read: %zu (target.xml and the annexes it includes)\n",
				info->probe.xml_documents);
	}
	if (l->gdb_architecture.value)
		fprintf(f, "  architecture: %s%s%s\n", l->gdb_architecture.value,
			l->gdb_osabi.value ? ", osabi " : "", l->gdb_osabi.value ? l->gdb_osabi.value : "");
	if (l->lldb_triple.value)
		fprintf(f, "  LLDB triple: %s\n", l->lldb_triple.value);
	fprintf(f, "  %zu registers, %zu sub-registers; g packet: %lld bytes described",
		l->nregs, l->nslices, (long long)l->g_packet_size);
	if (info->kind == SOURCE_STUB) {
		if (info->probe.g_reply_bytes >= 0)
			fprintf(f, ", %lld bytes in the stub's reply", info->probe.g_reply_bytes);
		else
			fprintf(f, ", no g reply (%s)", info->probe.g_error ? info->probe.g_error : "?");
	}
	fputs("\n", f);
	if (info->kind == SOURCE_STUB)
		print_stub_notes(f, &info->probe);
	fputs("\n", f);
	fprintf(f, "  %5s  %-12s %6s %6s  %-14s %-9s %5s  %s\n", "regnum", "name", "bits",
		"offset", "type", "generic", "dwarf", "set");
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		char dwarf[24] = "-";
		if (r->dwarf != NO_NUMBER)
			snprintf(dwarf, sizeof(dwarf), "%lld", (long long)r->dwarf);
		fprintf(f, "  %6d  %-12s %6d %6d  %-14s %-9s %5s  %s\n", r->regnum, r->name,
			r->bitsize, r->offset, r->type ? r->type : "-",
			r->generic ? r->generic : "-", dwarf,
			r->set_index >= 0 && (size_t)r->set_index < l->nsets ? l->sets[r->set_index].name : "-");
	}
	if (l->nslices) {
		fputs("\n  sub-registers (LLDB):", f);
		for (i = 0; i < l->nslices; i++)
			fprintf(f, "%s%s=%s[%d:%d]", i % 6 ? "  " : "\n    ", l->slices[i].name,
				l->slices[i].parent, l->slices[i].msb, l->slices[i].lsb);
		fputc('\n', f);
	}
}
