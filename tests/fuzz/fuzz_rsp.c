/*
 * fuzz_rsp.c: fuzz harness for the RSP client (rsp.h) and the prober that
 * reads a live stub's layout through it (probe.h), playing the stub.
 *
 * The first byte of the input picks what the rest is:
 *   0  the codec: rsp_expand_rle, rsp_unescape_binary and rsp_checksum on
 *      the rest
 *   1  qRegisterInfo replies ("name:rax;bitsize:64;..."), separated by NUL,
 *      given to layout_from_qreginfo() (the first may be "triple:HEX")
 *   2  a stub's replies to probe_stub(), separated by NUL: each is framed
 *      by the harness as "+$REPLY#CHECKSUM", so the fuzzer need not find
 *      checksums.  probe_stub() sends, in order: qSupported, ?, then
 *      qXfer:features:read:target.xml:... (and the annexes it includes) if
 *      qSupported offered qXfer:features:read+, else qHostInfo and
 *      qRegisterInfo0, 1, ...; then g
 *   3  the stub's raw bytes, unframed (acks, NAKs, notifications, bad
 *      checksums, run-length encoding, truncation)
 * For 2 and 3 the harness listens on 127.0.0.1 and a thread serves each
 * connection: it writes the replies at once, shuts its side for writing
 * (so the prober sees the end instead of waiting for its timeout) and reads
 * what the prober sends until it closes.  Diagnostics are captured, not
 * printed (FUZZ_VERBOSE set prints them).
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/diag.h"
#include "model/layout-build.h"
#include "remote/probe.h"
#include "remote/rsp.h"
#include "base/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int listen_fd = -1;
static char hostport[64];

struct server {
	const char *data;
	size_t len;
	int framed;
};

static void setup(void)
{
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);

	signal(SIGPIPE, SIG_IGN);
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(listen_fd, 4) || getsockname(listen_fd, (struct sockaddr *)&addr, &addrlen)) {
		fprintf(stderr, "fuzz_rsp: cannot listen on 127.0.0.1: %s\n", strerror(errno));
		abort();
	}
	snprintf(hostport, sizeof(hostport), "127.0.0.1:%u", (unsigned)ntohs(addr.sin_port));
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *serve(void *arg)
{
	const struct server *s = arg;
	struct pollfd p = { listen_fd, POLLIN, 0 };
	char buf[4096];
	int fd;

	/* the prober always connects; the bound only guards against a hang */
	if (poll(&p, 1, 10000) != 1 || (fd = accept(listen_fd, NULL, NULL)) < 0)
		return NULL;
	if (s->framed) {
		const char *q = s->data, *end = s->data + s->len;
		struct strbuf pkt = STRBUF_INIT;
		for (;;) {
			const char *nul = memchr(q, '\0', (size_t)(end - q));
			size_t n = nul ? (size_t)(nul - q) : (size_t)(end - q);
			strbuf_reset(&pkt);
			strbuf_addstr(&pkt, "+$");
			strbuf_add(&pkt, q, n);
			strbuf_addf(&pkt, "#%02x", rsp_checksum(q, n));
			if (send_all(fd, pkt.buf, pkt.len) || !nul)
				break;
			q = nul + 1;
		}
		strbuf_release(&pkt);
	} else {
		send_all(fd, s->data, s->len);
	}
	shutdown(fd, SHUT_WR);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return NULL;
}

static void codec(const char *data, size_t len)
{
	struct strbuf out = STRBUF_INIT;

	rsp_checksum(data, len);
	if (!rsp_expand_rle(data, len, &out) && out.len < len) {
		fprintf(stderr, "fuzz_rsp: run-length expansion made %zu bytes of %zu\n",
			out.len, len);
		abort();
	}
	strbuf_reset(&out);
	if (!rsp_unescape_binary(data, len, &out) && out.len > len) {
		fprintf(stderr, "fuzz_rsp: unescaping made %zu bytes of %zu\n", out.len, len);
		abort();
	}
	strbuf_release(&out);
}

static void qreginfo(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	char **replies = NULL, *triple = NULL;
	size_t n = 0, i;
	struct import_options opt = { (int)(len & 1), 0 };
	struct layout *l;

	for (;;) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t k = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (!n && !triple && k > 7 && !memcmp(p, "triple:", 7)) {
			triple = xstrndup(p + 7, k - 7);
		} else {
			replies = xrealloc(replies, (n + 1) * sizeof(*replies));
			replies[n++] = xstrndup(p, k);
		}
		if (!nul)
			break;
		p = nul + 1;
	}
	l = layout_from_qreginfo(replies, n, "fuzz", triple, &opt);
	layout_free(l);
	for (i = 0; i < n; i++)
		free(replies[i]);
	free(replies);
	free(triple);
}

static void probe(const char *data, size_t len, int framed)
{
	struct server s = { data, len, framed };
	struct import_options opt = { 0, 0 };
	struct probe_info info;
	struct layout *l;
	pthread_t t;

	if (pthread_create(&t, NULL, serve, &s)) {
		fprintf(stderr, "fuzz_rsp: cannot start the stub thread\n");
		abort();
	}
	l = probe_stub(hostport, 2000, &opt, &info, NULL);
	layout_free(l);
	probe_info_release(&info);
	pthread_join(t, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct strbuf msgs = STRBUF_INIT;
	const char *rest = (const char *)data + 1;
	size_t n = size ? size - 1 : 0;

	if (!size)
		return 0;
	if (!ready) {
		setup();
		ready = 1;
	}
	if (!getenv("FUZZ_VERBOSE"))
		diag_capture(&msgs);
	switch (data[0] & 3) {
	case 0: codec(rest, n); break;
	case 1: qreginfo(rest, n); break;
	case 2: probe(rest, n, 1); break;
	case 3: probe(rest, n, 0); break;
	}
	diag_capture(NULL);
	strbuf_release(&msgs);
	return 0;
}
