/*
 * rsp.c: the RSP client (see rsp.h).
 *
 * One connection is one socket read through a buffer; every read waits with
 * poll() against a deadline computed when the request was sent, so the
 * timeout bounds the whole reply, not each byte, and no wait passes the
 * connection's overall deadline (RSP_OVERALL_FACTOR timeouts).  Notification
 * packets ('%...#xx') that a stub may send unasked are read and dropped;
 * stale stop replies and console output are set aside (rsp.h).
 */
#include "remote/rsp.h"

#include <stdarg.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "base/os.h"
#include "model/diag.h"

#define MAX_TRIES 3

int rsp_parse_timeout_ms(const char *s, int *ms)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0) || v > 3600)
		return -1;
	*ms = (int)(v * 1000);
	if (*ms < 1)
		*ms = 1;
	return 0;
}

unsigned rsp_checksum(const char *data, size_t len)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += (unsigned char)data[i];
	return sum & 0xff;
}

int rsp_expand_rle(const char *data, size_t len, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '*') {
			int n;
			if (i + 1 >= len || !out->len)
				return -1;
			n = (unsigned char)data[++i] - 29;
			if (n < 3 || n > 97)
				return -1;
			if (out->len + (size_t)n > RSP_MAX_REPLY)
				return -2;
			while (n--)
				strbuf_addch(out, out->buf[out->len - 1]);
		} else {
			strbuf_addch(out, data[i]);
		}
	}
	return out->len > RSP_MAX_REPLY ? -2 : 0;
}

/* A stop reply: S or T with a two-digit signal, W or X with an exit
 * status.  Nothing regdefgen asks except '?' is answered so. */
static int is_stop_reply(const struct strbuf *r)
{
	return r->len >= 3 && strchr("STWX", r->buf[0]) && isxdigit((unsigned char)r->buf[1]) &&
	       isxdigit((unsigned char)r->buf[2]);
}

/* 'O' and hex-encoded text: console output ("OK" is not hex). */
static int is_console_output(const struct strbuf *r)
{
	size_t i;

	if (r->len < 3 || r->buf[0] != 'O' || r->len % 2 == 0)
		return 0;
	for (i = 1; i < r->len; i++)
		if (!isxdigit((unsigned char)r->buf[i]))
			return 0;
	return 1;
}

int rsp_unescape_binary(const char *data, size_t len, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '}') {
			if (i + 1 >= len)
				return -1;
			strbuf_addch(out, data[++i] ^ 0x20);
		} else {
			strbuf_addch(out, data[i]);
		}
	}
	return 0;
}

/* Reports a failure of connection c (printf-like); returns -1. */
static int fail(struct rsp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rsp *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_file_error(c->where, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

int rsp_connect(struct rsp *c, const char *hostport, int timeout_ms)
{
	struct addrinfo hints, *res = NULL, *ai;
	char *host, *port;
	const char *colon = strrchr(hostport, ':');
	int rc, err = 0;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : RSP_DEFAULT_TIMEOUT_MS;
	c->where = xstrdup(hostport);
	c->overall_deadline = now_ms() + (long long)c->timeout_ms * RSP_OVERALL_FACTOR;
	if (!colon || colon == hostport || !colon[1]) {
		diag_file_error(hostport, "not HOST:PORT");
		return -1;
	}
	host = xstrndup(hostport, (size_t)(colon - hostport));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	port = xstrdup(colon + 1);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		diag_file_error(hostport, "cannot resolve '%s': %s", host, gai_strerror(rc));
		free(host);
		free(port);
		return -1;
	}
	/* the stub going away must be an error, not SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	for (ai = res; ai && c->fd < 0; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		int flags, one = 1;
		if (fd < 0) {
			err = errno;
			continue;
		}
		flags = fcntl(fd, F_GETFL);
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
			err = errno;
			close(fd);
			continue;
		}
		{
			struct pollfd p = { fd, POLLOUT, 0 };
			socklen_t len = sizeof(err);
			rc = poll(&p, 1, c->timeout_ms);
			if (rc == 0) {
				err = ETIMEDOUT;
				close(fd);
				continue;
			}
			err = 0;
			if (rc < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
				if (!err)
					err = errno;
				close(fd);
				continue;
			}
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->fd = fd;
	}
	freeaddrinfo(res);
	free(host);
	free(port);
	if (c->fd < 0) {
		if (err == ECONNREFUSED)
			diag_file_error(hostport, "connection refused: no stub is listening there");
		else if (err == ETIMEDOUT)
			diag_file_error(hostport, "cannot connect: no answer within %d ms", c->timeout_ms);
		else
			diag_file_error(hostport, "cannot connect: %s", strerror(err));
		return -1;
	}
	return 0;
}

void rsp_close(struct rsp *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->where);
	c->where = NULL;
	strbuf_release(&c->in);
}

/* Next byte, waiting until deadline (or the overall one, if earlier);
 * -1 timeout, -2 closed, -3 error, -7 overall deadline, -8 total cap. */
static int get_byte(struct rsp *c, long long deadline)
{
	char buf[65536];
	ssize_t n;

	if (c->overall_deadline && c->overall_deadline < deadline)
		deadline = c->overall_deadline;
	while (c->in_pos >= c->in.len) {
		struct pollfd p = { c->fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		int rc;

		strbuf_reset(&c->in);
		c->in_pos = 0;
		if (left <= 0 || (rc = poll(&p, 1, (int)(left > 1000000 ? 1000000 : left))) == 0) {
			if (c->overall_deadline && deadline >= c->overall_deadline) {
				c->overall_hit = 1;
				return -7;
			}
			return -1;
		}
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -3;
		n = read(c->fd, buf, sizeof(buf));
		if (n == 0)
			return -2;
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -3;
		}
		c->received += (unsigned long long)n;
		if (c->received > RSP_MAX_TOTAL)
			return -8;
		strbuf_add(&c->in, buf, (size_t)n);
	}
	return (unsigned char)c->in.buf[c->in_pos++];
}

static int send_all(struct rsp *c, const char *data, size_t len)
{
	long long deadline = now_ms() + c->timeout_ms;

	if (c->overall_deadline && c->overall_deadline < deadline)
		deadline = c->overall_deadline;
	while (len) {
		ssize_t n = write(c->fd, data, len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { c->fd, POLLOUT, 0 };
			long long left = deadline - now_ms();
			if (left <= 0 || poll(&p, 1, (int)left) <= 0)
				return -1;
			continue;
		}
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static const char *why(int rc)
{
	return rc == -1 ? "no reply in time" : rc == -2 ? "the stub closed the connection"
							 : "connection error";
}

/* Short printable form of a command for messages. */
static char *shown(const char *command)
{
	size_t n = strlen(command);
	return xstrndup(command, n > 60 ? 60 : n);
}

static int overall_fail(struct rsp *c, const char *cmd)
{
	return fail(c, "the probe's overall deadline of %lld s (%d x --timeout) passed while waiting for the reply to '%s'",
		    (long long)c->timeout_ms * RSP_OVERALL_FACTOR / 1000, RSP_OVERALL_FACTOR, cmd);
}

static int send_packet(struct rsp *c, const char *command)
{
	struct strbuf pkt = STRBUF_INIT;
	int rc;

	strbuf_addf(&pkt, "$%s#%02x", command, rsp_checksum(command, strlen(command)));
	rc = send_all(c, pkt.buf, pkt.len);
	strbuf_release(&pkt);
	return rc;
}

/* Reads one packet's raw data (between '$' and '#') into raw.  Returns 0
 * good, 1 bad checksum (sets *got and *want), <0 from get_byte, -4 too
 * long, -5 timeout and -6 closed inside the packet. */
static int read_packet(struct rsp *c, long long deadline, struct strbuf *raw,
		       unsigned *got, unsigned *want)
{
	int ch, i;
	char hex[3] = { 0, 0, 0 };

	for (;;) {
		int notification;
		do {
			ch = get_byte(c, deadline);
			if (ch < 0)
				return ch;
		} while (ch != '$' && ch != '%');
		notification = ch == '%';
		strbuf_reset(raw);
		while ((ch = get_byte(c, deadline)) != '#') {
			if (ch < 0)
				return ch == -1 ? -5 : ch == -2 ? -6 : ch;
			/* the raw bytes, and what run-length encoding can make of
			 * them (97 bytes for 3), stay under the reply limit */
			strbuf_addch(raw, ch);
			if (raw->len > RSP_MAX_REPLY)
				return -4;
		}
		for (i = 0; i < 2; i++) {
			ch = get_byte(c, deadline);
			if (ch < 0)
				return ch == -1 ? -5 : ch == -2 ? -6 : ch;
			hex[i] = (char)ch;
		}
		if (notification)
			continue;
		*want = (unsigned)strtoul(hex, NULL, 16);
		*got = rsp_checksum(raw->buf ? raw->buf : "", raw->len);
		if (!((hex[0] >= '0' && hex[0] <= '9') || (hex[0] >= 'a' && hex[0] <= 'f') ||
		      (hex[0] >= 'A' && hex[0] <= 'F')))
			return 1;
		return *got == *want ? 0 : 1;
	}
}

int rsp_command(struct rsp *c, const char *command, struct strbuf *reply)
{
	struct strbuf raw = STRBUF_INIT;
	long long deadline;
	int tries, rc = -1, set_aside = 0;
	char *cmd = shown(command), *bad = NULL;

	c->packets++;
	strbuf_reset(reply);
	for (tries = 0; tries < MAX_TRIES; tries++) {
		int ch;
		if (send_packet(c, command)) {
			rc = fail(c, "cannot send '%s': the connection is broken", cmd);
			goto out;
		}
		deadline = now_ms() + c->timeout_ms;
		/* the ack: '+', or '-' to resend; a stub in no-ack mode (or one
		 * that answers at once) may start the reply with '$' */
		do {
			ch = get_byte(c, deadline);
		} while (ch >= 0 && ch != '+' && ch != '-' && ch != '$');
		if (ch == '-')
			continue;
		if (ch == -7) {
			rc = overall_fail(c, cmd);
			goto out;
		}
		if (ch < 0) {
			rc = fail(c, "no reply to '%s': %s", cmd,
				  ch == -1 ? "not even an acknowledgement in time" :
				  ch == -8 ? "the stub sent more than the limit of 256 MiB in all" : why(ch));
			goto out;
		}
		if (ch == '$')
			c->in_pos--; /* let read_packet see it */
		break;
	}
	if (tries == MAX_TRIES) {
		rc = fail(c, "'%s': the stub rejected the packet %d times", cmd, MAX_TRIES);
		goto out;
	}
	for (tries = 0; tries < MAX_TRIES; tries++) {
		unsigned got = 0, want = 0;
		int r = read_packet(c, deadline, &raw, &got, &want);
		if (r == 0) {
			int e;
			send_all(c, "+", 1);
			strbuf_reset(reply);
			e = rsp_expand_rle(raw.buf ? raw.buf : "", raw.len, reply);
			if (e == -2) {
				rc = fail(c, "the reply to '%s' expands (run-length encoding) past the limit of 64 MiB", cmd);
				goto out;
			}
			if (e) {
				rc = fail(c, "the reply to '%s' has a malformed run-length encoding", cmd);
				goto out;
			}
			if ((strcmp(command, "?") && is_stop_reply(reply)) || is_console_output(reply)) {
				/* answers nothing we asked: the real reply follows */
				if (reply->buf[0] == 'O')
					c->console++;
				else
					c->stale_stops++;
				if (++set_aside > RSP_MAX_SET_ASIDE) {
					rc = fail(c, "more than %d stop replies and console packets came instead of the reply to '%s'",
						  RSP_MAX_SET_ASIDE, cmd);
					goto out;
				}
				tries = -1;
				continue;
			}
			rc = 0;
			goto out;
		}
		if (r == 1) {
			char msg[128];
			snprintf(msg, sizeof(msg), "checksum %02x but its %zu bytes sum to %02x", want, raw.len, got);
			free(bad);
			bad = xstrdup(msg);
			if (tries + 1 < MAX_TRIES) {
				send_all(c, "-", 1);
				deadline = now_ms() + c->timeout_ms;
				continue;
			}
			rc = fail(c, "bad checksum in the reply to '%s': %s, three times", cmd, msg);
			goto out;
		}
		if (r == -7)
			rc = overall_fail(c, cmd);
		else if (r == -8)
			rc = fail(c, "the stub sent more than the limit of 256 MiB in all, during '%s'", cmd);
		else if (bad && (r == -1 || r == -2))
			rc = fail(c, "bad checksum in the reply to '%s' (%s), and no good copy came after the NAK", cmd, bad);
		else if (r == -4)
			rc = fail(c, "the reply to '%s' is longer than the limit (64 MiB)", cmd);
		else if (r == -5)
			rc = fail(c, "truncated reply to '%s': the packet stopped arriving before its end (no '#' and checksum in time)", cmd);
		else if (r == -6)
			rc = fail(c, "truncated reply to '%s': the stub closed the connection in the middle of the packet", cmd);
		else if (r == -1) {
			rc = fail(c, "no reply to '%s' within %d ms", cmd, c->timeout_ms);
		} else
			rc = fail(c, "no reply to '%s': %s", cmd, why(r));
		goto out;
	}
out:
	free(cmd);
	free(bad);
	strbuf_release(&raw);
	return rc;
}

int rsp_xfer_read(struct rsp *c, const char *object, const char *annex,
		  struct strbuf *out)
{
	struct strbuf cmd = STRBUF_INIT, reply = STRBUF_INIT;
	size_t offset = 0;
	int rc = -1;

	strbuf_reset(out);
	for (;;) {
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "qXfer:%s:read:%s:%zx,%x", object, annex, offset, 0xf00);
		if (rsp_command(c, cmd.buf, &reply))
			goto out;
		if (!reply.len || reply.buf[0] == 'E' || (reply.buf[0] != 'm' && reply.buf[0] != 'l')) {
			strbuf_reset(out);
			strbuf_add(out, reply.buf ? reply.buf : "", reply.len);
			rc = 0;
			goto out;
		}
		if (rsp_unescape_binary(reply.buf + 1, reply.len - 1, out)) {
			fail(c, "malformed binary data in the reply to '%s'", cmd.buf);
			goto out;
		}
		if (reply.buf[0] == 'l') {
			rc = 1;
			goto out;
		}
		if (reply.len == 1) {
			fail(c, "'%s': the stub says more follows but sent nothing", cmd.buf);
			goto out;
		}
		offset = out->len;
		if (out->len > RSP_MAX_REPLY) {
			fail(c, "'%s' is longer than the limit of 64 MiB for one document", annex);
			goto out;
		}
	}
out:
	strbuf_release(&cmd);
	strbuf_release(&reply);
	return rc;
}
