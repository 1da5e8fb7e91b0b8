/*
 * probe.c: reading a live stub's layout (see probe.h).
 *
 * The XML path hands import-xml.c a fetch function that reads annexes over
 * the connection, so a stub's description is read exactly as a file is.
 * The qRegisterInfo path parses LLDB's key:value replies: registers whose
 * container-regs name another register are LLDB sub-registers and become
 * slices of it.
 */
#include "remote/probe.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "model/diag.h"
#include "import/import-xml.h"
#include "model/known.h"
#include "model/layout-build.h"
#include "remote/rsp.h"
#include "base/strbuf.h"
#include "output/write.h"

#define MAX_QREGINFO 4096
/* distinct XML documents (target.xml and its annexes) one probe reads */
#define MAX_DOCUMENTS 256
/* the largest register a reply may describe, in bits (as for XML) */
#define MAX_REG_BITS (1 << 20)

struct fetch_ctx {
	struct rsp *c;
	size_t documents;
	const char *save_dir;
	/* annexes already read: an annex included again is not fetched
	 * again (256 includes of one 3.4 MB annex would be 870 MB on the wire) */
	char **names, **texts;
	size_t *lens;
};

/* An annex name safe as a file name in save_dir: no folders, no "..". */
static int safe_annex(const char *annex)
{
	return *annex && *annex != '.' && !strchr(annex, '/');
}

static char *fetch_annex(void *vctx, const char *annex, size_t *len)
{
	struct fetch_ctx *ctx = vctx;
	struct strbuf out = STRBUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < ctx->documents; i++)
		if (!strcmp(ctx->names[i], annex)) {
			char *copy = xmalloc(ctx->lens[i] + 1);
			memcpy(copy, ctx->texts[i], ctx->lens[i] + 1);
			*len = ctx->lens[i];
			return copy;
		}
	if (ctx->documents >= MAX_DOCUMENTS) {
		diag_file_error(ctx->c->where, "not reading '%s': the limit of %d documents (target.xml and its annexes) is reached",
				annex, MAX_DOCUMENTS);
		return NULL;
	}
	rc = rsp_xfer_read(ctx->c, "features", annex, &out);
	if (rc == 1) {
		GROW_ARRAY(ctx->names, ctx->documents);
		GROW_ARRAY(ctx->texts, ctx->documents);
		GROW_ARRAY(ctx->lens, ctx->documents);
		ctx->names[ctx->documents] = xstrdup(annex);
		ctx->lens[ctx->documents] = out.len;
		ctx->texts[ctx->documents] = xmalloc(out.len + 1);
		memcpy(ctx->texts[ctx->documents], out.buf ? out.buf : "", out.len);
		ctx->texts[ctx->documents][out.len] = '\0';
		ctx->documents++;
		if (ctx->save_dir) {
			struct strbuf path = STRBUF_INIT;
			if (!safe_annex(annex))
				diag_file_error(ctx->c->where, "not saving annex '%s': not a plain file name", annex);
			else {
				strbuf_addf(&path, "%s/%s", ctx->save_dir, annex);
				write_file_atomic(path.buf, out.buf ? out.buf : "", out.len);
			}
			strbuf_release(&path);
		}
		return strbuf_detach(&out, len);
	}
	if (rc == 0)
		diag_file_error(ctx->c->where, "the stub does not serve '%s' (it answered '%s')",
				annex, out.len ? out.buf : "");
	strbuf_release(&out);
	return NULL;
}

static char *hex_decode(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		char h[3] = { s[i], s[i + 1], 0 };
		strbuf_addch(&sb, (int)strtol(h, NULL, 16));
	}
	return strbuf_detach(&sb, NULL);
}

/* Value of key in a "k:v;k:v;" reply, malloc'ed, or NULL. */
static char *kv_get(const char *reply, const char *key)
{
	size_t klen = strlen(key);
	const char *p = reply;

	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == ':')
			return xstrndup(p + klen + 1, n - klen - 1);
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* A whole decimal (or 0x hex) number in [lo, hi]; 0 if it is not one. */
static int strict_long(const char *v, long lo, long hi, long *out)
{
	char *end;
	long x;

	if (!v || !*v || *v == ' ')
		return 0;
	x = strtol(v, &end, 0);
	if (*end || x < lo || x > hi)
		return 0;
	*out = x;
	return 1;
}

/* Whether reply is a qRegisterInfo answer at all: "key:value;" fields, the
 * name, bitsize and offset LLDB needs, each in range.  Anything else (a
 * stop reply or console text out of step, a half-filled record) is an
 * error naming the register number and the field, never a layout. */
static int qreginfo_valid(const char *reply, size_t i, const char *where)
{
	const char *p = reply;
	char *v;
	long x;
	int ok = 1;

	for (p = reply; *p; ) {
		const char *end = strchr(p, ';'), *colon = strchr(p, ':');
		if (!colon || (end && colon > end)) {
			diag_file_error(where, "the reply to 'qRegisterInfo%zx' is not a register description (a field without ':'): '%.80s'",
					i, reply);
			return 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
	v = kv_get(reply, "name");
	if (!v || !*v) {
		diag_file_error(where, "the reply to 'qRegisterInfo%zx' names no register: '%.80s'", i, reply);
		ok = 0;
	}
	free(v);
	v = kv_get(reply, "bitsize");
	if (ok && !strict_long(v, 1, MAX_REG_BITS, &x)) {
		diag_file_error(where, "the reply to 'qRegisterInfo%zx' has bitsize '%s': not a number from 1 to %d",
				i, v ? v : "(none)", MAX_REG_BITS);
		ok = 0;
	}
	free(v);
	v = kv_get(reply, "offset");
	if (ok && v && !strict_long(v, 0, (long)RSP_MAX_REPLY, &x)) {
		diag_file_error(where, "the reply to 'qRegisterInfo%zx' has offset '%s': not a number from 0 to %ld",
				i, v, (long)RSP_MAX_REPLY);
		ok = 0;
	}
	free(v);
	return ok;
}

struct layout *layout_from_qreginfo(char **replies, size_t n, const char *source,
				    const char *triple, const struct import_options *opt)
{
	struct layout *l;
	long *container;
	size_t i;

	for (i = 0; i < n; i++)
		if (!qreginfo_valid(replies[i], i, source))
			return NULL;
	l = layout_new("stub", source);
	container = xcalloc(n ? n : 1, sizeof(long));
	if (triple)
		layout_set_fact(&l->lldb_triple, triple);
	for (i = 0; i < n; i++) {
		char *v;
		struct reg *r = layout_add_reg(l);
		struct srcpos pos = { l->source, 0, 0 };

		r->pos = pos;
		r->regnum = (int)i;
		r->name = kv_get(replies[i], "name");
		if (!r->name) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "reg%zu", i);
			r->name = strbuf_detach(&sb, NULL);
			diag_warning(pos, "qRegisterInfo%zx has no name", i);
		}
		if ((v = kv_get(replies[i], "bitsize")))
			r->bitsize = (int)strtol(v, NULL, 0);
		free(v);
		if ((v = kv_get(replies[i], "offset")))
			r->stated_offset = r->offset = (int)strtol(v, NULL, 0);
		free(v);
		r->altname = kv_get(replies[i], "alt-name");
		if ((v = kv_get(replies[i], "encoding")) && known_lldb_encoding(v))
			r->encoding = xstrdup(v);
		free(v);
		if ((v = kv_get(replies[i], "format")) && import_format_name(v))
			r->format = xstrdup(import_format_name(v));
		free(v);
		if ((v = kv_get(replies[i], "set")))
			reg_put_in_set(l, r, layout_set(l, v));
		free(v);
		if ((v = kv_get(replies[i], "dwarf")))
			r->dwarf = strtol(v, NULL, 0);
		free(v);
		if ((v = kv_get(replies[i], "ehframe")) || (v = kv_get(replies[i], "gcc")))
			r->ehframe = strtol(v, NULL, 0);
		free(v);
		if ((v = kv_get(replies[i], "generic")) && known_lldb_generic(v))
			r->generic = xstrdup(v);
		free(v);
		container[i] = -1;
		if ((v = kv_get(replies[i], "container-regs")))
			container[i] = strtol(v, NULL, 16);
		free(v);
	}
	/* sub-registers: slices of their container */
	{
		size_t kept = 0, nr = l->nregs;
		for (i = 0; i < nr; i++) {
			long p = container[i];
			struct reg *r = &l->regs[i];
			if (p >= 0 && (size_t)p < nr && container[p] < 0 &&
			    r->offset >= l->regs[p].offset &&
			    (r->offset - l->regs[p].offset) * 8 + r->bitsize <= l->regs[p].bitsize &&
			    r->bitsize < l->regs[p].bitsize) {
				struct reg *s = layout_add_slice(l);
				size_t order = s->decl_order;
				int lsb = (l->regs[i].offset - l->regs[p].offset) * 8;
				*s = l->regs[i];
				s->decl_order = order;
				s->is_slice = 1;
				s->parent = xstrdup(l->regs[p].name);
				s->lsb = lsb;
				s->msb = lsb + s->bitsize - 1;
				s->dwarf = s->ehframe = NO_NUMBER;
			} else {
				container[i] = -1;
			}
		}
		for (i = 0; i < nr; i++)
			if (container[i] < 0)
				l->regs[kept++] = l->regs[i];
		l->nregs = kept;
	}
	free(container);
	import_fill_from_knowledge(l, opt, "qRegisterInfo");
	layout_finish(l);
	return l;
}

/* LLDB's qHostInfo and qRegisterInfo sequence.  also: the stub serves
 * target.xml too and this is the doctor's second look, so a stub that
 * does not answer qRegisterInfo is no error, and the layout is not the
 * one the probe reports. */
static struct layout *read_qreginfo(struct rsp *c, const struct import_options *opt,
				    struct probe_info *info, int also)
{
	struct strbuf reply = STRBUF_INIT, cmd = STRBUF_INIT;
	char **replies = NULL;
	size_t n = 0, i;
	struct layout *l = NULL;

	if (!rsp_command(c, "qHostInfo", &reply) && reply.len) {
		char *t = kv_get(reply.buf, "triple");
		if (t) {
			info->triple = hex_decode(t, strlen(t));
			free(t);
		}
	}
	for (n = 0; n < MAX_QREGINFO; n++) {
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "qRegisterInfo%zx", n);
		if (rsp_command(c, cmd.buf, &reply))
			goto out;
		if (!reply.len || reply.buf[0] == 'E')
			break;
		GROW_ARRAY(replies, n);
		replies[n] = xstrdup(reply.buf);
	}
	if (n == MAX_QREGINFO) {
		diag_file_error(c->where, "the stub describes more than the limit of %d registers through qRegisterInfo",
				MAX_QREGINFO);
		goto out;
	}
	if (!n && also)
		goto out;
	if (!n) {
		diag_file_error(c->where, "the stub describes no registers: it offers no target.xml and answers qRegisterInfo0 with '%s'",
				reply.len ? reply.buf : "");
		goto out;
	}
	info->used_qreginfo = !also;
	l = layout_from_qreginfo(replies, n, c->where, info->triple, opt);
out:
	for (i = 0; i < n; i++)
		free(replies[i]);
	free(replies);
	strbuf_release(&reply);
	strbuf_release(&cmd);
	return l;
}

/* The size of a g reply, or why there is none: a register dump is hex
 * digits ('x' for unavailable bytes) in pairs; anything else is an error
 * reply or out of step. */
static void g_measure(const struct strbuf *reply, long long *bytes, char **error)
{
	size_t i;

	for (i = 0; i < reply->len; i++)
		if (!isxdigit((unsigned char)reply->buf[i]) && reply->buf[i] != 'x')
			break;
	if (reply->len && i == reply->len && reply->len % 2 == 0 &&
	    !(reply->len == 3 && reply->buf[0] == 'E')) {
		*bytes = (long long)reply->len / 2;
		return;
	}
	*error = xstrndup(reply->len ? reply->buf : "(empty: not supported)", reply->len > 60 ? 60 : (reply->len ? reply->len : 22));
}

static struct layout *probe(const char *hostport, int timeout_ms,
			    const struct import_options *opt, struct probe_info *info,
			    const char *save_dir, int both)
{
	struct rsp c;
	struct strbuf reply = STRBUF_INIT, packet = STRBUF_INIT;
	struct layout *l = NULL;
	const char *xml;

	memset(info, 0, sizeof(*info));
	info->g_reply_bytes = info->g_before_bytes = -1;
	if (rsp_connect(&c, hostport, timeout_ms))
		goto out;
	/* xmlRegisters=: a stub serves its description only to clients that
	 * say they read XML for its architecture (gdbserver on x86).  The
	 * expected architecture's; with no expectation, every one regdefgen
	 * knows, as GDB sends every one it supports; none for an expected
	 * architecture regdefgen does not know */
	xml = opt && opt->expect_arch ? (opt->arch ? arch_xml_registers(opt->arch) : "") :
	      arch_xml_registers(NULL);
	strbuf_reset(&packet);
	strbuf_addstr(&packet, "qSupported:");
	if (*xml)
		strbuf_addf(&packet, "xmlRegisters=%s;", xml);
	strbuf_addstr(&packet, "swbreak+;hwbreak+");
	if (rsp_command(&c, packet.buf, &reply))
		goto out;
	info->supported = xstrdup(reply.buf ? reply.buf : "");
	info->offers_xml = strstr(info->supported, "qXfer:features:read+") != NULL;
	/* the stop reason: gdbserver 13 asserts (and dies) on qXfer before it
	 * has picked a thread, which answering '?' does */
	if (rsp_command(&c, "?", &reply))
		goto out;
	if (info->offers_xml) {
		struct fetch_ctx ctx = { &c, 0, save_dir, NULL, NULL, NULL };
		size_t i;
		/* before target.xml: what a client that never reads it gets */
		if (rsp_command(&c, "g", &reply))
			goto out;
		g_measure(&reply, &info->g_before_bytes, &info->g_before_error);
		l = import_xml_fetch(fetch_annex, &ctx, hostport, "stub", opt);
		info->xml_documents = ctx.documents;
		info->used_xml = l != NULL;
		for (i = 0; i < ctx.documents; i++) {
			free(ctx.names[i]);
			free(ctx.texts[i]);
		}
		free(ctx.names);
		free(ctx.texts);
		free(ctx.lens);
		if (!l)
			goto out;
		if (both)
			info->qreginfo_layout = read_qreginfo(&c, opt, info, 1);
	} else {
		l = read_qreginfo(&c, opt, info, 0);
		if (!l)
			goto out;
	}
	if (rsp_command(&c, "g", &reply)) {
		layout_free(l);
		l = NULL;
		goto out;
	}
	g_measure(&reply, &info->g_reply_bytes, &info->g_error);
out:
	info->packets = c.packets;
	info->stale_stops = c.stale_stops;
	info->console = c.console;
	if (c.where || c.fd >= 0)
		rsp_close(&c);
	strbuf_release(&reply);
	strbuf_release(&packet);
	return l;
}

struct layout *probe_stub(const char *hostport, int timeout_ms,
			  const struct import_options *opt, struct probe_info *info,
			  const char *save_dir)
{
	return probe(hostport, timeout_ms, opt, info, save_dir, 0);
}

struct layout *probe_stub_both(const char *hostport, int timeout_ms,
			       const struct import_options *opt, struct probe_info *info,
			       const char *save_dir)
{
	return probe(hostport, timeout_ms, opt, info, save_dir, 1);
}

void probe_info_release(struct probe_info *info)
{
	layout_free(info->qreginfo_layout);
	free(info->supported);
	free(info->g_error);
	free(info->triple);
	free(info->g_before_error);
	memset(info, 0, sizeof(*info));
}
