/*
 * probe.h: the register layout of a live GDB remote stub.
 *
 * probe_stub() asks the stub what GDB and LLDB would ask: qSupported, the
 * stop reason (which also makes stubs such as gdbserver pick a thread), then
 * qXfer:features:read:target.xml and every annex it includes when the stub
 * offers qXfer:features:read, else LLDB's qHostInfo and qRegisterInfo0,
 * 1, ... sequence; and a g packet before and after target.xml, to
 * measure the size of the real reply (it can change once the description
 * has been read).
 * The layout is raw (layout-build.h): numbers as the stub states them.
 */
#ifndef REGDEFGEN_PROBE_H
#define REGDEFGEN_PROBE_H

#include "import/import.h"
#include "model/model.h"

struct probe_info {
	char *supported;         /* the qSupported reply */
	int offers_xml;          /* qXfer:features:read+ */
	int used_xml;            /* the layout comes from target.xml */
	int used_qreginfo;       /* ... from qRegisterInfo */
	size_t xml_documents;    /* target.xml and the annexes it includes */
	long long g_reply_bytes; /* size of the g reply, -1 if none */
	char *g_error;           /* why there is none (an E reply...) */
	char *triple;            /* from qHostInfo, if asked */
	unsigned long packets;
	/* the g reply before the client read target.xml: what a client with
	 * its own description (LLDB's definition file, GDB's set tdesc
	 * filename) gets.  QEMU arm sends 168 bytes before, 68 after. */
	long long g_before_bytes; /* -1 if none or not measured */
	char *g_before_error;
	unsigned long stale_stops; /* stop replies that answered nothing */
	unsigned long console;     /* 'O' console-output packets set aside */
	/* probe_stub_both: what qRegisterInfo says of a stub that serves
	 * target.xml too (NULL if it does not answer it) */
	struct layout *qreginfo_layout;
};

/* Returns the layout (free with layout_free) and fills info (free with
 * probe_info_release), or NULL after reporting.  save_dir, if not NULL,
 * gets a copy of every XML document the stub serves, under its annex
 * name, exactly as served. */
struct layout *probe_stub(const char *hostport, int timeout_ms,
			  const struct import_options *opt, struct probe_info *info,
			  const char *save_dir);
void probe_info_release(struct probe_info *info);

/* probe_stub, and for a stub that serves target.xml, its qRegisterInfo
 * sequence as well (info->qreginfo_layout): the stub doctor compares the
 * two. */
struct layout *probe_stub_both(const char *hostport, int timeout_ms,
			       const struct import_options *opt, struct probe_info *info,
			       const char *save_dir);

/* Parses qRegisterInfo replies (each "name:rax;bitsize:64;...") into a
 * raw layout; exposed for tests.  source names the stub in messages. */
struct layout *layout_from_qreginfo(char **replies, size_t n, const char *source,
				    const char *triple, const struct import_options *opt);

#endif
