/*
 * fuzz_stub.c: fuzz harness for the reference stub's packet reader and
 * handlers (tests/stub/stub.c), playing the client.
 *
 * The stub is compiled in whole (its main() renamed) for one layout, with
 * the IDENT_regs.h regdefgen generates: the build passes
 * -I<folder of x86_64_regs.h> and the STUB_* macros, as tests/stub/Makefile
 * does.  Each input is what a client sends: the first byte picks raw
 * (odd) or framed (even) mode; in framed mode the rest is packets separated
 * by NUL, each sent as "$PACKET#CHECKSUM" so the fuzzer need not find
 * checksums; in raw mode the rest goes as is (acks, NAKs, ^C, garbage, bad
 * checksums, overlong packets).  serve() reads it from one end of a socket
 * pair; a thread writes the input to the other end, shuts it for writing
 * (the stub sees the end) and reads every reply.
 *
 * The stub keeps state in statics (it serves one connection per process):
 * the register file is reset before each input, and input left unread in
 * its buffer when it stops early (D or k) is served to the end within the
 * same input, so each input's run depends on that input alone.  Only the
 * reply kept for a '-' resend carries over.
 */
#define main regdefgen_stub_main
#include "stub.c"
#undef main

#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct client {
	int fd;
	const char *data;
	size_t len;
	size_t received;
};

/* Writes the input and reads the replies at the same time, so neither
 * side can block the other on a full socket buffer. */
static void *client_thread(void *arg)
{
	struct client *cl = arg;
	size_t sent = 0;
	char buf[65536];
	int writing = 1;

	if (!cl->len) {
		shutdown(cl->fd, SHUT_WR);
		writing = 0;
	}
	for (;;) {
		struct pollfd p = { cl->fd, (short)(POLLIN | (writing ? POLLOUT : 0)), 0 };
		if (poll(&p, 1, 10000) <= 0)
			break; /* ten seconds of silence: give up rather than hang */
		if (p.revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(cl->fd, buf, sizeof(buf));
			if (n <= 0)
				break;
			cl->received += (size_t)n;
		}
		if (writing && (p.revents & POLLOUT)) {
			ssize_t n = send(cl->fd, cl->data + sent, cl->len - sent,
					 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				sent += (size_t)n;
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				sent = cl->len; /* the stub is gone */
			if (sent == cl->len) {
				shutdown(cl->fd, SHUT_WR);
				writing = 0;
			}
		} else if (writing && (p.revents & (POLLERR | POLLHUP))) {
			writing = 0;
		}
	}
	return NULL;
}

/* One serve() over a fresh connection carrying data; returns the number
 * of bytes the stub sent back. */
static size_t run_serve(const char *data, size_t len)
{
	struct client cl;
	pthread_t t;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		fprintf(stderr, "fuzz_stub: socketpair: %s\n", strerror(errno));
		abort();
	}
	cl.fd = sv[1];
	cl.data = data;
	cl.len = len;
	cl.received = 0;
	if (pthread_create(&t, NULL, client_thread, &cl)) {
		fprintf(stderr, "fuzz_stub: cannot start the client thread\n");
		abort();
	}
	serve(sv[0]);
	close(sv[0]);
	pthread_join(t, NULL);
	close(sv[1]);
	return cl.received;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct strbuf_like { char *buf; size_t len, alloc; } out = { NULL, 0, 0 };
	int k;

	if (!ready) {
		check_layout();
		signal(SIGPIPE, SIG_IGN);
		ready = 1;
	}
	fill_pattern();
	if (!size)
		return 0;
	if (data[0] & 1) {
		run_serve((const char *)data + 1, size - 1);
	} else {
		const char *p = (const char *)data + 1, *end = (const char *)data + size;
		for (;;) {
			const char *nul = memchr(p, '\0', (size_t)(end - p));
			size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
			unsigned sum = 0;
			size_t i;
			if (out.len + n + 4 > out.alloc) {
				out.alloc = (out.len + n + 4) * 2;
				out.buf = realloc(out.buf, out.alloc);
				if (!out.buf)
					abort();
			}
			out.buf[out.len++] = '$';
			for (i = 0; i < n; i++) {
				sum += (unsigned char)p[i];
				out.buf[out.len++] = p[i];
			}
			out.buf[out.len++] = '#';
			out.buf[out.len++] = hexdig[(sum >> 4) & 0xf];
			out.buf[out.len++] = hexdig[sum & 0xf];
			if (!nul)
				break;
			p = nul + 1;
		}
		run_serve(out.buf, out.len);
		free(out.buf);
	}
	/* what the stub read but did not serve (it stopped at D or k) */
	for (k = 0; k < 4096 && run_serve(NULL, 0) > 0; k++)
		;
	return 0;
}
