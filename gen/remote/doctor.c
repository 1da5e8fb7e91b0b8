/*
 * doctor.c: the stub doctor (see doctor.h).
 *
 * Each finding compares what the stub said in one probe with what a client
 * does with it; the consequences quoted are what GDB 13 and LLDB 16 print,
 * as the tests in tests/tools/test-doctor.sh show against stubs with each
 * flaw.
 */
#include "remote/doctor.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "base/strbuf.h"
#include "model/layout-build.h"

/* The PacketSize=N (hex) feature of a qSupported reply, or -1. */
static long long packet_size(const char *supported)
{
	const char *p = supported ? strstr(supported, "PacketSize=") : NULL;

	if (!p || (p != supported && p[-1] != ';'))
		return -1;
	return strtoll(p + strlen("PacketSize="), NULL, 16);
}

static void finding(FILE *f, int *n, const char *what, const char *consequence, const char *fix)
{
	(*n)++;
	fprintf(f, "%d. %s\n   Consequence: %s\n   Fix: %s\n\n", *n, what, consequence, fix);
}

/* A target.xml GDB rejects: its architecture's mandatory feature (arch.json
 * "required_feature") missing, or lacking names GDB requires there.  GDB
 * then drops the whole description and uses its built-in default. */
static void gdb_rejects(FILE *f, int *n, const struct layout *l, const struct arch *a)
{
	struct strbuf what = STRBUF_INIT, fix = STRBUF_INIT, missing = STRBUF_INIT;
	long core, k = arch_required_missing(a, l, &missing, &core);

	if (!k)
		goto out;
	if (k < 0) {
		strbuf_addf(&what, "target.xml has no feature %s, which GDB requires of a description of %s.",
			    a->required_feature, a->name);
		strbuf_addf(&fix, "put the architecture's core registers in <feature name=\"%s\">.",
			    a->required_feature);
	} else {
		strbuf_addf(&what, "target.xml's %s lacks %s (%ld of the names GDB requires there for %s).",
			    a->required_feature, missing.buf, k, a->name);
		strbuf_addf(&fix, "serve %s in <feature name=\"%s\">, under those names.",
			    missing.buf, a->required_feature);
	}
	finding(f, n, what.buf,
		"GDB prints \"warning: Architecture rejected target-supplied description\", drops the whole description and uses its built-in default layout (whose g size is not the stub's).",
		fix.buf);
out:
	strbuf_release(&what);
	strbuf_release(&fix);
	strbuf_release(&missing);
}

/* Registers LLDB cannot find the pc, sp or fp in.  LLDB takes the roles
 * a stub serves (target.xml generic=, qRegisterInfo generic:); where it
 * has an ABI for the architecture (arch.json "lldb_abi_roles") it gives
 * them itself to the registers with the ABI's names; otherwise nothing
 * does.  An architecture regdefgen does not know: nothing said. */
static void lldb_roles(FILE *f, int *n, const struct layout *l, const struct arch *a)
{
	static const char *const roles[] = { "pc", "sp", "fp" };
	struct strbuf what = STRBUF_INIT, fix = STRBUF_INIT, names = STRBUF_INIT;
	struct strbuf abinames = STRBUF_INIT;
	size_t i, g, nmissing = 0;
	int pc_missing = 0;

	if (!a)
		return;
	strbuf_addstr(&fix, "serve");
	for (g = 0; g < 3; g++) {
		const struct arch_reg *k = arch_reg_with_role(a, roles[g]);
		int served = 0;

		for (i = 0; i < l->nregs && !served; i++)
			served = l->regs[i].generic && !strcmp(l->regs[i].generic, roles[g]);
		if (served)
			continue;
		/* LLDB's ABI matches its own names (rip), GDB's are the same
		 * for these roles; either counts */
		if (a->lldb_abi_roles && k &&
		    (layout_find_reg(l, k->name) >= 0 ||
		     (k->lldb_name && layout_find_reg(l, k->lldb_name) >= 0)))
			continue;
		strbuf_addf(&names, "%s%s", nmissing ? ", " : "", roles[g]);
		if (k)
			strbuf_addf(&abinames, "%s%s", nmissing ? ", " : "",
				    k->lldb_name ? k->lldb_name : k->name);
		if (k)
			strbuf_addf(&fix, "%s generic=\"%s\" on %s", nmissing ? "," : "",
				    roles[g], k->lldb_name ? k->lldb_name : k->name);
		pc_missing |= !g;
		nmissing++;
	}
	if (!nmissing)
		goto out;
	if (a->lldb_abi_roles)
		strbuf_addf(&what, "No register has the LLDB role %s, and none has the name LLDB's %s ABI gives %s by (%s).",
			    names.buf, a->family, nmissing > 1 ? "them" : "it", abinames.buf);
	else
		strbuf_addf(&what, "No register has the LLDB role %s, and LLDB 16 has no %s ABI to give %s by name.",
			    names.buf, a->name, nmissing > 1 ? "them" : "it");
	strbuf_addstr(&fix, " (target.xml: the generic attribute; qRegisterInfo: generic:pc;).");
	finding(f, n, what.buf,
		pc_missing ? "LLDB cannot find the pc: it shows \"frame #0: 0xffffffffffffffff\" whatever the pc holds, and can neither backtrace nor step."
			   : "LLDB cannot compute the frame's CFA: backtraces stop at frame 0 where no unwind information is found.",
		fix.buf);
out:
	strbuf_release(&what);
	strbuf_release(&fix);
	strbuf_release(&names);
	strbuf_release(&abinames);
}

/* A stub that serves target.xml and answers qRegisterInfo differently.
 * GDB reads only target.xml; LLDB 16 too whenever the stub offers
 * qXfer:features:read (it asks qRegisterInfo only otherwise, or when built
 * without libxml2).  Registers are matched by name: what one lacks, and
 * size or g offset that differ. */
static void xml_vs_qreginfo(FILE *f, int *n, const struct layout *l, const struct layout *q)
{
	struct strbuf what = STRBUF_INIT, ex = STRBUF_INIT;
	size_t i, ndiff = 0;

	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		long k = layout_find_reg(q, r->name);
		const struct reg *o = k >= 0 ? &q->regs[k] : NULL;
		const char *sep = ndiff ? "; " : "";

		if (!o) {
			if (ndiff < 3)
				strbuf_addf(&ex, "%s%s only in target.xml", sep, r->name);
		} else if (o->bitsize != r->bitsize || o->offset != r->offset) {
			if (ndiff < 3)
				strbuf_addf(&ex, "%s%s: target.xml %d bits at byte %d, qRegisterInfo %d bits at byte %d",
					    sep, r->name, r->bitsize, r->offset, o->bitsize, o->offset);
		} else {
			continue;
		}
		ndiff++;
	}
	assert(!q->nregs || q->regs); /* a layout holds its nregs registers in regs */
	for (i = 0; i < q->nregs; i++) {
		if (layout_find_reg(l, q->regs[i].name) >= 0)
			continue;
		if (ndiff < 3)
			strbuf_addf(&ex, "%s%s only in qRegisterInfo", ndiff ? "; " : "", q->regs[i].name);
		ndiff++;
	}
	if (!ndiff)
		goto out;
	strbuf_addf(&what, "target.xml and qRegisterInfo disagree on %zu register%s (%s%s).",
		    ndiff, ndiff == 1 ? "" : "s", ex.buf, ndiff > 3 ? "; ..." : "");
	finding(f, n, what.buf,
		"GDB and LLDB 16 both use target.xml (LLDB asks qRegisterInfo only of a stub that does not offer qXfer:features:read, or when built without libxml2); a client that reads qRegisterInfo gets the other layout and reads those registers from the wrong bytes.",
		"answer qRegisterInfo from the same description as target.xml (regdefgen's header gives both), or not at all.");
out:
	strbuf_release(&what);
	strbuf_release(&ex);
}

int doctor_report(FILE *f, const char *where, const struct layout *l,
		  const struct probe_info *p)
{
	char what[512], cons[512], fix[512];
	long long described = (long long)l->g_packet_size, ps;
	int n = 0;

	fprintf(f, "Stub %s: %zu registers from %s, g packet %lld bytes described.\n\n", where,
		l->nregs, p->used_xml ? "target.xml" : "qRegisterInfo", described);
	if (p->used_xml)
		gdb_rejects(f, &n, l, arch_of_layout(l));
	lldb_roles(f, &n, l, arch_of_layout(l));
	if (p->used_xml && p->qreginfo_layout)
		xml_vs_qreginfo(f, &n, l, p->qreginfo_layout);
	if (p->g_reply_bytes >= 0 && p->g_reply_bytes != described) {
		snprintf(what, sizeof(what), "The g reply is %lld bytes; the description adds up to %lld.",
			 p->g_reply_bytes, described);
		if (p->g_reply_bytes > described)
			snprintf(cons, sizeof(cons), "GDB refuses every register read: \"Remote 'g' packet reply is too long (expected %lld bytes, got %lld bytes)\".",
				 described, p->g_reply_bytes);
		else
			snprintf(cons, sizeof(cons), "the registers past byte %lld are not in the reply: GDB shows them <unavailable>.",
				 p->g_reply_bytes);
		snprintf(fix, sizeof(fix), "describe exactly the registers the g reply carries, in its order and sizes (regnum and bitsize in target.xml, offset and bitsize in qRegisterInfo).");
		finding(f, &n, what, cons, fix);
	}
	if (p->used_xml && p->g_before_bytes >= 0 && p->g_reply_bytes >= 0 &&
	    p->g_before_bytes != p->g_reply_bytes) {
		snprintf(what, sizeof(what), "The g reply is %lld bytes until the client reads target.xml, %lld after.",
			 p->g_before_bytes, p->g_reply_bytes);
		snprintf(cons, sizeof(cons), "a client that brings its own description (GDB's set tdesc filename, LLDB's target definition file) never reads target.xml and gets %lld bytes: GDB says \"Remote 'g' packet reply is too long (expected %lld bytes, got %lld bytes)\"%s.",
			 p->g_before_bytes, p->g_reply_bytes, p->g_before_bytes,
			 p->g_before_bytes > p->g_reply_bytes ? "" : " (or, shorter, shows registers <unavailable>)");
		snprintf(fix, sizeof(fix), "send the same g reply whatever the client has read, or give such clients a description of the first layout (regdefgen probe --save-xml shows what is served).");
		finding(f, &n, what, cons, fix);
	}
	ps = packet_size(p->supported);
	/* the whole packet: '$', 'G', two hex digits a byte, '#', two of
	 * checksum (a stub's buffer takes the framing too) */
	if (ps > 0 && p->g_reply_bytes >= 0 && ps < 2 * p->g_reply_bytes + 5) {
		snprintf(what, sizeof(what), "PacketSize=%llx (%lld bytes) is smaller than a G packet of all registers ($G, %lld hex digits, #xx: %lld bytes).",
			 ps, ps, 2 * p->g_reply_bytes, 2 * p->g_reply_bytes + 5);
		/* measured: neither debugger splits or shortens G for
		 * PacketSize (tests/tools/test-doctor.sh) */
		snprintf(cons, sizeof(cons), "GDB 13 and LLDB 16 write registers with that whole G packet all the same (GDB when P is refused, LLDB always), so a stub whose buffer is PacketSize long cannot take it: GDB says \"Could not write registers; remote failure reply '...'\", LLDB \"error: Failed to write register\".");
		snprintf(fix, sizeof(fix), "announce PacketSize=%llx or more and accept packets that long.",
			 (unsigned long long)(2 * p->g_reply_bytes + 5));
		finding(f, &n, what, cons, fix);
	}
	if (p->used_qreginfo && !p->triple) {
		snprintf(what, sizeof(what), "No qHostInfo triple: the stub names no architecture.");
		/* measured with LLDB 16 (tests/tools/test-doctor.sh) */
		snprintf(cons, sizeof(cons), "LLDB 16 then knows no architecture (\"target list\" shows no arch=) and no byte order: it shows every register byte-swapped (g bytes 00 01 02 ... 07 as 0x0001020304050607).");
		snprintf(fix, sizeof(fix), "answer qHostInfo with triple:<hex of the target's CPU-VENDOR-OS triple>;ptrsize:%d;endian:%s;",
			 l->address_bits ? l->address_bits / 8 : 8,
			 l->endian.value ? l->endian.value : "little");
		finding(f, &n, what, cons, fix);
	}
	if (!n)
		fprintf(f, "No findings: GDB and LLDB read this stub's registers as it describes them.\n");
	return n;
}
