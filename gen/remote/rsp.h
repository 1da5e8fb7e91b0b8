/*
 * rsp.h: a careful client for the GDB Remote Serial Protocol, as much of
 * it as reading a stub's register layout needs.
 *
 * Careful means: every wait is bounded (a per-reply timeout, so a silent
 * or half-dead stub cannot hang regdefgen), every reply's checksum is
 * verified (a bad one is NAKed and the stub gets two more tries), acks are
 * handled in both directions, run-length encoded replies are expanded,
 * binary qXfer data is unescaped, replies are bounded in size, and every
 * failure is reported through diag.h in words (connection refused, no
 * reply within N s, bad checksum, connection closed mid-packet).
 *
 * Used by probe.c; the packet codec functions are exposed for unit tests.
 */
#ifndef REGDEFGEN_RSP_H
#define REGDEFGEN_RSP_H

#include <stddef.h>

#include "base/strbuf.h"

#define RSP_DEFAULT_TIMEOUT_MS 5000
/* One reply, after run-length expansion, and one qXfer object: 64 MiB. */
#define RSP_MAX_REPLY (64u << 20)
/* Everything one connection may receive: 256 MiB. */
#define RSP_MAX_TOTAL (256u << 20)
/* The whole conversation may take this many per-reply timeouts (so 60 s at
 * the default 5 s): a stub answering slowly or in tiny pieces cannot keep
 * a probe busy for hours. */
#define RSP_OVERALL_FACTOR 12
/* Unasked packets (stale stop replies, 'O' console output) set aside while
 * waiting for one reply before it is an error. */
#define RSP_MAX_SET_ASIDE 64

struct rsp {
	int fd;
	int timeout_ms;
	char *where;          /* "HOST:PORT", for messages */
	struct strbuf in;     /* bytes received and not yet consumed */
	size_t in_pos;
	unsigned long packets;
	long long overall_deadline; /* monotonic ms; no wait goes past it */
	unsigned long long received; /* bytes, against RSP_MAX_TOTAL */
	unsigned long stale_stops;   /* stop replies that answered nothing */
	unsigned long console;       /* 'O' console-output packets */
	int overall_hit;             /* the overall deadline stopped a wait */
};

/* Connects to "HOST:PORT" ("[::1]:PORT" for IPv6) within timeout_ms.
 * Returns 0, or -1 after reporting. */
int rsp_connect(struct rsp *c, const char *hostport, int timeout_ms);
void rsp_close(struct rsp *c);

/* Sends command and reads the reply into reply (run-length encoding
 * expanded, not unescaped).  As GDB does, packets that answer nothing are
 * set aside and counted: stop replies (S, T, W, X) to anything but '?' —
 * QEMU sends a stale one when a client connects to a running machine —
 * and 'O' console output; notifications ('%') are dropped.  Returns 0, or
 * -1 after reporting. */
int rsp_command(struct rsp *c, const char *command, struct strbuf *reply);

/* Reads a whole qXfer object ("features", annex "target.xml") in chunks
 * ('m' = more, 'l' = last), unescaping binary data.  Returns 1 and the
 * data in out, 0 if the stub does not have it (an empty or E reply, which
 * is then in out as text), or -1 after reporting a protocol failure. */
int rsp_xfer_read(struct rsp *c, const char *object, const char *annex,
		  struct strbuf *out);

/* Parses a --timeout value in seconds ("5", "0.5") into *ms; -1 if it is
 * not a positive number up to an hour. */
int rsp_parse_timeout_ms(const char *s, int *ms);

/* The codec, exposed for tests. */
unsigned rsp_checksum(const char *data, size_t len);
/* Expands run-length encoding (X '*' N: N - 29 more X) of data into out;
 * returns -1 if it is malformed, -2 if out would pass RSP_MAX_REPLY. */
int rsp_expand_rle(const char *data, size_t len, struct strbuf *out);
/* Undoes the binary escape ('}' then the byte XOR 0x20). */
int rsp_unescape_binary(const char *data, size_t len, struct strbuf *out);

#endif
