/* vmstub.c: a VMware-like GDB stub for the debugger sessions of tests/sessions/.
 *
 * It sits in front of QEMU's gdbstub and speaks to the debugger the way
 * VMware's classic guest64 / guest32 stubs do: qSupported offers no
 * qXfer:features:read, qRegisterInfo and qHostInfo get the empty reply, and
 * g/G/p/P use the classic layout (536 bytes on x86_64, 308 on i386).  It
 * translates every register by name between QEMU's layout and the classic
 * one with the descriptor tables of two generated headers: built with
 * -DVMSTUB_64 it uses x86_64_regs.h (client side) and x86_64_qemu_regs.h
 * (QEMU side), otherwise i386_regs.h and i386_qemu_regs.h.  No register
 * fact is written here.
 *
 * QEMU 7.2 quirks handled here (facts about QEMU, not about our files):
 *  - it refuses p/P until the client has read its target.xml, so the stub
 *    reads it once at start;
 *  - it sends st0..st7 in physical order (R0..R7); a real stub, like GDB's
 *    layout, gives them in stack order, st(i) = R[(TOP + i) mod 8] with TOP
 *    in bits 11-13 of fstat, so the stub rotates them;
 *  - it checks a G packet's size against its 32-bit layout before long mode,
 *    so the stub writes registers to QEMU with P packets only.
 *
 * Usage: vmstub [--timeout SECS] QEMU_PORT LISTEN_PORT (0 = any free port;
 * it prints "vmstub: listening on 127.0.0.1:N").  One client; the stub ends
 * when the client leaves, on a kill packet, or after SECS seconds (default
 * 120).  Every wait on a socket is bounded.  Acknowledgement mode is kept on
 * both sides (QStartNoAckMode gets the empty reply, as from VMware).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef VMSTUB_64
#include "x86_64_regs.h"
#include "x86_64_qemu_regs.h"
#define C_DESCS x86_64_reg_descs()
#define C_NUM X86_64_NUM_REGS
#define C_GSIZE X86_64_G_PACKET_SIZE
#define Q_DESCS x86_64_qemu_reg_descs()
#define Q_NUM X86_64_QEMU_NUM_REGS
#define Q_GSIZE X86_64_QEMU_G_PACKET_SIZE
#else
#include "i386_regs.h"
#include "i386_qemu_regs.h"
#define C_DESCS i386_reg_descs()
#define C_NUM I386_NUM_REGS
#define C_GSIZE I386_G_PACKET_SIZE
#define Q_DESCS i386_qemu_reg_descs()
#define Q_NUM I386_QEMU_NUM_REGS
#define Q_GSIZE I386_QEMU_G_PACKET_SIZE
#endif

#define MAXPKT 16384
#define REPLY_MS 20000 /* longest wait for QEMU's reply or an ack */

static int qfd = -1, cfd = -1;
static int qmap[C_NUM]; /* classic index -> QEMU index, by name */

static void die(const char *msg)
{
	fprintf(stderr, "vmstub: %s\n", msg);
	exit(1);
}

/* Read one byte within ms milliseconds; -1 on timeout, EOF or error. */
static int getbyte(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	unsigned char c;

	if (poll(&p, 1, ms) <= 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		return -1;
	return c;
}

static void put(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			die("write failed");
		s += w;
		n -= (size_t)w;
	}
}

static const char hexd[] = "0123456789abcdef";

static int unhex(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Send $payload#cs and wait for the peer's '+'. */
static void send_pkt(int fd, const char *payload, size_t n)
{
	static char buf[MAXPKT + 8];
	unsigned sum = 0;
	size_t i;
	int c, tries;

	buf[0] = '$';
	for (i = 0; i < n; i++) {
		buf[i + 1] = payload[i];
		sum += (unsigned char)payload[i];
	}
	buf[n + 1] = '#';
	buf[n + 2] = hexd[(sum >> 4) & 15];
	buf[n + 3] = hexd[sum & 15];
	for (tries = 0; tries < 3; tries++) {
		put(fd, buf, n + 4);
		while ((c = getbyte(fd, REPLY_MS)) != '+' && c != '-')
			if (c < 0)
				die("no acknowledgement");
		if (c == '+')
			return;
	}
	die("packet refused three times");
}

static void send_str(int fd, const char *s)
{
	send_pkt(fd, s, strlen(s));
}

/* Read one packet into buf (NUL-terminated), acknowledge it.  Returns its
 * length, -1 on timeout/EOF, or -2 when a bare 0x03 (interrupt) came. */
static int read_pkt(int fd, char *buf, int ms)
{
	int c, n = 0;

	do {
		c = getbyte(fd, ms);
		if (c < 0)
			return -1;
		if (c == 3)
			return -2;
	} while (c != '$');
	while ((c = getbyte(fd, REPLY_MS)) != '#') {
		if (c < 0 || n >= MAXPKT - 1)
			return -1;
		buf[n++] = (char)c;
	}
	if (getbyte(fd, REPLY_MS) < 0 || getbyte(fd, REPLY_MS) < 0)
		return -1;
	buf[n] = 0;
	put(fd, "+", 1);
	return n;
}

/* Ask QEMU and return its reply in buf. */
static int ask(const char *req, char *buf)
{
	int n;

	send_str(qfd, req);
	if ((n = read_pkt(qfd, buf, REPLY_MS)) < 0)
		die("no reply from QEMU");
	return n;
}

/* TOP of the x87 stack from a register image of the given layout. */
static unsigned x87_top(const unsigned char *regs, const struct regdefgen_reg_desc *d, int num)
{
	int i;

	for (i = 0; i < num; i++)
		if (!strcmp(d[i].name, "fstat"))
			return (regs[d[i].offset + 1] >> 3) & 7;
	return 0;
}

/* "stN" -> N, otherwise -1. */
static int st_index(const char *name)
{
	if (name[0] == 's' && name[1] == 't' && name[2] >= '0' && name[2] <= '7' && !name[3])
		return name[2] - '0';
	return -1;
}

/* QEMU index holding classic register i, given TOP (stack order -> physical). */
static int qemu_index(int i, unsigned top)
{
	int st = st_index(C_DESCS[i].name);
	int j;

	if (st < 0)
		return qmap[i];
	for (j = 0; j < Q_NUM; j++)
		if (st_index(Q_DESCS[j].name) == (int)((top + (unsigned)st) & 7))
			return j;
	return qmap[i];
}

/* QEMU's g reply as bytes. */
static void qemu_regs(unsigned char *q)
{
	static char buf[MAXPKT];
	int n = ask("g", buf), i;

	if (n != 2 * Q_GSIZE)
		die("QEMU's g reply is not the size of its layout");
	for (i = 0; i < Q_GSIZE; i++)
		q[i] = (unsigned char)(unhex(buf[2 * i]) << 4 | unhex(buf[2 * i + 1]));
}

/* The classic register image, translated by name. */
static void classic_regs(unsigned char *c)
{
	unsigned char q[Q_GSIZE];
	unsigned top;
	int i;

	qemu_regs(q);
	top = x87_top(q, Q_DESCS, Q_NUM);
	memset(c, 0, C_GSIZE);
	for (i = 0; i < C_NUM; i++) {
		const struct regdefgen_reg_desc *cd = &C_DESCS[i];
		const struct regdefgen_reg_desc *qd = &Q_DESCS[qemu_index(i, top)];
		unsigned n = cd->bitsize < qd->bitsize ? cd->bitsize / 8 : qd->bitsize / 8;
		memcpy(c + cd->offset, q + qd->offset, n);
	}
}

static void reply_hex(const unsigned char *b, size_t n)
{
	static char buf[MAXPKT];
	size_t i;

	for (i = 0; i < n; i++) {
		buf[2 * i] = hexd[b[i] >> 4];
		buf[2 * i + 1] = hexd[b[i] & 15];
	}
	send_pkt(cfd, buf, 2 * n);
}

/* Write classic register i (bytes v) to QEMU with a P packet. */
static int write_reg(int i, const unsigned char *v, unsigned top)
{
	static char req[256], buf[MAXPKT];
	const struct regdefgen_reg_desc *qd = &Q_DESCS[qemu_index(i, top)];
	unsigned n = qd->bitsize / 8, k, have = C_DESCS[i].bitsize / 8;
	int len = snprintf(req, sizeof req, "P%x=", qd->regnum);

	for (k = 0; k < n; k++) {
		unsigned b = k < have ? v[k] : 0;
		req[len++] = hexd[b >> 4];
		req[len++] = hexd[b & 15];
	}
	req[len] = 0;
	ask(req, buf);
	return !strcmp(buf, "OK");
}

static int parse_hex_bytes(const char *s, unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int h = unhex(s[2 * i]), l = h < 0 ? -1 : unhex(s[2 * i + 1]);
		if (l < 0)
			return 0;
		b[i] = (unsigned char)(h << 4 | l);
	}
	return 1;
}

static void handle_G(const char *hex)
{
	unsigned char cur[C_GSIZE], nw[C_GSIZE];
	unsigned top;
	int i, ok = 1;

	if (strlen(hex) != 2 * C_GSIZE || !parse_hex_bytes(hex, nw, C_GSIZE)) {
		send_str(cfd, "E01");
		return;
	}
	classic_regs(cur);
	/* The new TOP decides where stack registers go; write fstat first. */
	top = x87_top(nw, C_DESCS, C_NUM);
	for (i = 0; i < C_NUM; i++) {
		const struct regdefgen_reg_desc *d = &C_DESCS[i];
		if (memcmp(cur + d->offset, nw + d->offset, d->bitsize / 8))
			ok &= write_reg(i, nw + d->offset, top);
	}
	send_str(cfd, ok ? "OK" : "E01");
}

static void handle_p(const char *arg)
{
	unsigned char c[C_GSIZE];
	unsigned long n = strtoul(arg, NULL, 16);

	if (n >= C_NUM) {
		send_str(cfd, "E01");
		return;
	}
	classic_regs(c);
	reply_hex(c + C_DESCS[n].offset, C_DESCS[n].bitsize / 8);
}

static void handle_P(const char *arg)
{
	unsigned char c[C_GSIZE], v[64];
	char *eq;
	unsigned long n = strtoul(arg, &eq, 16);
	size_t size;

	if (n >= C_NUM || *eq != '=') {
		send_str(cfd, "E01");
		return;
	}
	size = C_DESCS[n].bitsize / 8;
	if (strlen(eq + 1) < 2 * size || !parse_hex_bytes(eq + 1, v, size)) {
		send_str(cfd, "E01");
		return;
	}
	classic_regs(c);
	send_str(cfd, write_reg((int)n, v, x87_top(c, C_DESCS, C_NUM)) ? "OK" : "E01");
}

/* A resume packet: forward it, then relay interrupts until QEMU stops. */
static void resume(const char *pkt, int deadline_ms)
{
	static char buf[MAXPKT];
	struct pollfd p[2] = { { cfd, POLLIN, 0 }, { qfd, POLLIN, 0 } };

	send_str(qfd, pkt);
	for (;;) {
		if (poll(p, 2, deadline_ms) <= 0)
			die("guest still running at the time limit");
		if (p[0].revents) {
			int c = getbyte(cfd, 0);
			if (c < 0)
				exit(0);
			if (c == 3)
				put(qfd, "\003", 1);
		}
		if (p[1].revents) {
			int n = read_pkt(qfd, buf, REPLY_MS);
			if (n < 0)
				die("QEMU went away while running");
			send_pkt(cfd, buf, (size_t)n);
			return;
		}
	}
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void serve(int deadline_ms)
{
	static char pkt[MAXPKT], buf[MAXPKT];
	int n;

	for (;;) {
		n = read_pkt(cfd, pkt, deadline_ms);
		if (n == -2) /* interrupt while stopped: nothing to do */
			continue;
		if (n < 0)
			return;
		/* LLDB may append ";thread:N;" to register packets. */
		if ((pkt[0] == 'g' || pkt[0] == 'p') && strchr(pkt, ';'))
			*strchr(pkt, ';') = 0;
		if (starts(pkt, "qSupported"))
			send_str(cfd, "PacketSize=3fff");
		else if (starts(pkt, "qXfer:") || starts(pkt, "qRegisterInfo") ||
			 !strcmp(pkt, "qHostInfo") || !strcmp(pkt, "QStartNoAckMode") ||
			 starts(pkt, "QThreadSuffixSupported"))
			send_str(cfd, "");
		else if (!strcmp(pkt, "g")) {
			unsigned char c[C_GSIZE];
			classic_regs(c);
			reply_hex(c, C_GSIZE);
		} else if (pkt[0] == 'G')
			handle_G(pkt + 1);
		else if (pkt[0] == 'p')
			handle_p(pkt + 1);
		else if (pkt[0] == 'P')
			handle_P(pkt + 1);
		else if (!strcmp(pkt, "c") || !strcmp(pkt, "s") || pkt[0] == 'C' ||
			 pkt[0] == 'S' || (starts(pkt, "vCont;")))
			resume(pkt, deadline_ms);
		else if (!strcmp(pkt, "k")) {
			/* QEMU ends without a reply; tell the client it is gone. */
			send_str(qfd, "k");
			send_str(cfd, "X09");
			return;
		} else {
			ask(pkt, buf);
			send_str(cfd, buf);
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int secs = 120, lfd, one = 1, i, j, argi = 1;
	static char buf[MAXPKT];
	char req[64];
	unsigned off = 0;

	if (argc > 2 && !strcmp(argv[1], "--timeout")) {
		secs = atoi(argv[2]);
		argi = 3;
	}
	if (argc - argi != 2)
		die("usage: vmstub [--timeout SECS] QEMU_PORT LISTEN_PORT");
	signal(SIGPIPE, SIG_IGN);
	alarm((unsigned)secs); /* the whole run is bounded */

	for (i = 0; i < C_NUM; i++) {
		for (j = 0; j < Q_NUM && strcmp(C_DESCS[i].name, Q_DESCS[j].name); j++)
			;
		if (j == Q_NUM)
			die("a classic register has no QEMU counterpart");
		qmap[i] = j;
	}

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)atoi(argv[argi]));
	if ((qfd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(qfd, (struct sockaddr *)&a, sizeof a) < 0)
		die("cannot connect to QEMU");
	setsockopt(qfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	ask("qSupported:xmlRegisters=i386", buf);
	/* QEMU answers p/P only once its target.xml was read. */
	for (;;) {
		int n;
		snprintf(req, sizeof req, "qXfer:features:read:target.xml:%x,%x", off, 0x800);
		n = ask(req, buf);
		if (n < 1 || (buf[0] != 'm' && buf[0] != 'l'))
			die("QEMU did not serve target.xml");
		off += (unsigned)n - 1;
		if (buf[0] == 'l')
			break;
	}
	ask("?", buf);

	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket failed");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_port = htons((unsigned short)atoi(argv[argi + 1]));
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) < 0)
		die("cannot listen");
	printf("vmstub: listening on 127.0.0.1:%u\n", ntohs(a.sin_port));
	fflush(stdout);
	if ((cfd = accept(lfd, NULL, NULL)) < 0)
		die("accept failed");
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	serve(secs * 1000);
	close(cfd);
	close(qfd);
	return 0;
}
