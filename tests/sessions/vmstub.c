/* vmstub.c: a GDB stub in front of QEMU that serves one of regdefgen's
 * layouts, for the debugger sessions of tests/sessions/ and tests/riscv/
 * (and any architecture QEMU describes).
 *
 * It speaks to the debugger the way VMware's classic guest64 / guest32
 * stubs do: qSupported offers no qXfer:features:read, qRegisterInfo and
 * qHostInfo get the empty reply, and g/G/p/P use the layout of the one
 * generated header it is built with:
 *   cc -I out/LAYOUT -DVMSTUB_HEADER='"IDENT_regs.h"' -DVMSTUB_IDENT=IDENT \
 *      -DVMSTUB_IDENT_UC=IDENT_IN_CAPITALS tests/sessions/vmstub.c
 * QEMU's side it learns at run time: it reads QEMU's target.xml and every
 * document it includes (qXfer:features:read), takes each <reg>'s name,
 * bitsize and remote number (explicit regnum, else the previous one + 1, as
 * GDB does), and places the registers of QEMU's g reply by GDB's rule
 * (regnum order, sizes summed, until the reply's length); the others it
 * reads with p and writes with P.  It translates every register by name.
 * A register of the layout that QEMU's description lacks reads as zeros
 * and refuses writes (listed on stderr at start).  No register fact is
 * written here.
 *
 * QEMU 7.2 quirks handled here (facts about QEMU, not about our files):
 *  - it refuses p/P until the client has read its target.xml, so the stub
 *    reads it once at start;
 *  - x86: it sends st0..st7 in physical order (R0..R7); a real stub, like
 *    GDB's layout, gives them in stack order, st(i) = R[(TOP + i) mod 8]
 *    with TOP in bits 11-13 of fstat, so the stub rotates them;
 *  - x86: it checks a G packet's size against its 32-bit layout before long
 *    mode, so the stub writes registers to QEMU with P packets only.
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

#if !defined(VMSTUB_HEADER) || !defined(VMSTUB_IDENT) || !defined(VMSTUB_IDENT_UC)
#error "build with -DVMSTUB_HEADER='\"IDENT_regs.h\"' -DVMSTUB_IDENT=IDENT -DVMSTUB_IDENT_UC=IDENT_UC"
#endif
#include VMSTUB_HEADER
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define C_DESCS CAT(VMSTUB_IDENT, _reg_descs)()
#define C_NUM CAT(VMSTUB_IDENT_UC, _NUM_REGS)
#define C_GSIZE CAT(VMSTUB_IDENT_UC, _G_PACKET_SIZE)

#define MAXPKT 16384
#define REPLY_MS 20000 /* longest wait for QEMU's reply or an ack */
#define MAXQ 8192      /* registers in QEMU's description */
#define MAXDOC (1 << 20) /* bytes of one XML document */
#define MAXG 8192      /* bytes of QEMU's g reply */

static int qfd = -1, cfd = -1;
static int qmap[C_NUM]; /* layout index -> QEMU index, by name; -1 if none */

/* QEMU's registers as its description says; offset -1: p/P only. */
static struct qreg {
	char name[64];
	unsigned bits;
	unsigned regnum;
	int offset;
} qregs[MAXQ];
static int q_num;
static unsigned q_gsize;

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

/* TOP of the x87 stack (x86 only: 0 without an fstat register) from our
 * layout's image, or from QEMU's g bytes when d is NULL. */
static unsigned x87_top(const unsigned char *regs, const struct regdefgen_reg_desc *d, int num)
{
	int i;

	if (!d) {
		for (i = 0; i < q_num; i++)
			if (!strcmp(qregs[i].name, "fstat") && qregs[i].offset >= 0)
				return (regs[qregs[i].offset + 1] >> 3) & 7;
		return 0;
	}
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

	if (st < 0 || qmap[i] < 0)
		return qmap[i];
	for (j = 0; j < q_num; j++)
		if (st_index(qregs[j].name) == (int)((top + (unsigned)st) & 7))
			return j;
	return qmap[i];
}

/* QEMU's g reply as bytes; returns its length. */
static unsigned qemu_g(unsigned char *q)
{
	static char buf[MAXPKT];
	int n = ask("g", buf), i;

	if (n % 2 || n / 2 > MAXG)
		die("QEMU's g reply is malformed or too long");
	for (i = 0; i < n / 2; i++)
		q[i] = (unsigned char)(unhex(buf[2 * i]) << 4 | unhex(buf[2 * i + 1]));
	return (unsigned)n / 2;
}

static int parse_hex_bytes(const char *s, unsigned char *b, size_t n);

/* Our layout's register image, translated by name: g registers from QEMU's
 * g reply, the others with one p each. */
static void classic_regs(unsigned char *c)
{
	static unsigned char q[MAXG];
	static char req[32], buf[MAXPKT];
	unsigned top;
	int i;

	if (qemu_g(q) != q_gsize)
		die("QEMU's g reply changed size");
	top = x87_top(q, NULL, 0);
	memset(c, 0, C_GSIZE);
	for (i = 0; i < C_NUM; i++) {
		const struct regdefgen_reg_desc *cd = &C_DESCS[i];
		int k = qemu_index(i, top);
		unsigned n;

		if (k < 0)
			continue;
		n = cd->bitsize < qregs[k].bits ? cd->bitsize / 8 : qregs[k].bits / 8;
		if (qregs[k].offset >= 0) {
			memcpy(c + cd->offset, q + qregs[k].offset, n);
			continue;
		}
		snprintf(req, sizeof req, "p%x", qregs[k].regnum);
		if (ask(req, buf) >= (int)(2 * n))
			parse_hex_bytes(buf, c + cd->offset, n); /* an E reply leaves zeros */
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
	static char req[MAXPKT], buf[MAXPKT];
	int q = qemu_index(i, top);
	unsigned n, k, have = C_DESCS[i].bitsize / 8;
	int len;

	if (q < 0 || qregs[q].bits / 8 > (MAXPKT - 32) / 2)
		return 0;
	n = qregs[q].bits / 8;
	len = snprintf(req, sizeof req, "P%x=", qregs[q].regnum);

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

/* The layout's register with remote number n, or -1: with unused numbers
 * (arm-m's xpsr is 25 after pc 15) the descriptors are not indexed by it. */
static long index_of_regnum(unsigned long n)
{
	size_t i;

	for (i = 0; i < C_NUM; i++)
		if (C_DESCS[i].regnum == n)
			return (long)i;
	return -1;
}

static void handle_p(const char *arg)
{
	unsigned char c[C_GSIZE];
	long n = index_of_regnum(strtoul(arg, NULL, 16));

	if (n < 0) {
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
	long n = index_of_regnum(strtoul(arg, &eq, 16));
	size_t size;

	if (n < 0 || *eq != '=') {
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

/* One document of QEMU's description, whole, into a static buffer. */
static const char *fetch_doc(const char *annex)
{
	static char doc[MAXDOC + 1], buf[MAXPKT];
	static char req[512];
	size_t len = 0;

	for (;;) {
		int n;

		if (snprintf(req, sizeof req, "qXfer:features:read:%s:%zx,%x", annex, len, 0x800) >=
		    (int)sizeof req)
			die("annex name too long");
		n = ask(req, buf);
		if (n < 1 || (buf[0] != 'm' && buf[0] != 'l'))
			die("QEMU did not serve a document its description names");
		if (len + (size_t)n - 1 > MAXDOC)
			die("a document of QEMU's description is too long");
		memcpy(doc + len, buf + 1, (size_t)n - 1);
		len += (size_t)n - 1;
		if (buf[0] == 'l')
			break;
	}
	doc[len] = 0;
	return doc;
}

/* The value of attribute attr in the tag starting at tag (up to '>'), into
 * out (size outn); 0 if absent. */
static int attr(const char *tag, const char *name, char *out, size_t outn)
{
	const char *end = strchr(tag, '>'), *p = tag;
	size_t nl = strlen(name);

	while (end && (p = strstr(p, name)) && p < end) {
		if ((p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') && p[nl] == '=' &&
		    (p[nl + 1] == '"' || p[nl + 1] == '\'')) {
			const char *v = p + nl + 2, *q = strchr(v, p[nl + 1]);
			if (!q || (size_t)(q - v) >= outn)
				return 0;
			memcpy(out, v, (size_t)(q - v));
			out[q - v] = 0;
			return 1;
		}
		p += nl;
	}
	return 0;
}

/* Walk a document in order, skipping comments: its <reg>s, and each
 * <xi:include> where it stands (as GDB reads them).  Numbers: explicit
 * regnum, else previous + 1. */
static void read_description(const char *annex, int depth)
{
	static unsigned next_regnum;
	char *doc, *p, val[512];

	if (depth > 8)
		die("QEMU's description includes too deeply");
	doc = strdup(fetch_doc(annex)); /* fetch_doc's buffer is reused by includes */
	if (!doc)
		die("out of memory");
	for (p = doc; (p = strchr(p, '<')); p++) {
		if (!strncmp(p, "<!--", 4)) { /* QEMU's x86 XML comments registers out */
			if (!(p = strstr(p + 4, "-->")))
				break;
		} else if (!strncmp(p, "<xi:include", 11) && attr(p, "href", val, sizeof val)) {
			read_description(val, depth + 1);
		} else if (!strncmp(p, "<reg", 4) && (p[4] == ' ' || p[4] == '\t' || p[4] == '\n')) {
			struct qreg *r = &qregs[q_num];
			if (q_num == MAXQ)
				die("too many registers in QEMU's description");
			if (!attr(p, "name", r->name, sizeof r->name) || !attr(p, "bitsize", val, sizeof val))
				die("a <reg> without name or bitsize in QEMU's description");
			r->bits = (unsigned)strtoul(val, NULL, 10);
			r->regnum = attr(p, "regnum", val, sizeof val) ? (unsigned)strtoul(val, NULL, 10)
								   : next_regnum;
			next_regnum = r->regnum + 1;
			r->offset = -1;
			if (r->bits % 8 || !r->bits)
				die("a register of QEMU's description is not whole bytes");
			q_num++;
		}
	}
	free(doc);
}

/* Which registers QEMU's g reply holds: GDB's rule, registers in regnum
 * order with their sizes summed, as far as the reply goes. */
static void place_g(void)
{
	static unsigned char q[MAXG];
	unsigned off = 0, last = 0;
	int i, k, done = 0;

	q_gsize = qemu_g(q);
	while (!done) {
		int best = -1;
		for (i = 0; i < q_num; i++)
			if (qregs[i].offset < 0 && (off == 0 ? 1 : qregs[i].regnum > last) &&
			    (best < 0 || qregs[i].regnum < qregs[best].regnum))
				best = i;
		if (best < 0 || off + qregs[best].bits / 8 > q_gsize)
			break;
		qregs[best].offset = (int)off;
		off += qregs[best].bits / 8;
		last = qregs[best].regnum;
		done = off == q_gsize;
	}
	if (off != q_gsize)
		die("QEMU's g reply does not end at a register boundary of its description");
	for (k = i = 0; i < q_num; i++)
		k += qregs[i].offset >= 0;
	fprintf(stderr, "vmstub: QEMU describes %d registers, %d of them in its %u-byte g reply\n",
		q_num, k, q_gsize);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int secs = 120, lfd, one = 1, i, j, argi = 1;
	static char buf[MAXPKT];

	if (argc > 2 && !strcmp(argv[1], "--timeout")) {
		secs = atoi(argv[2]);
		argi = 3;
	}
	if (argc - argi != 2)
		die("usage: vmstub [--timeout SECS] QEMU_PORT LISTEN_PORT");
	signal(SIGPIPE, SIG_IGN);
	alarm((unsigned)secs); /* the whole run is bounded */

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)atoi(argv[argi]));
	if ((qfd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(qfd, (struct sockaddr *)&a, sizeof a) < 0)
		die("cannot connect to QEMU");
	setsockopt(qfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	ask("qSupported:xmlRegisters=i386", buf);
	/* QEMU's registers; reading its target.xml also makes it answer p/P. */
	read_description("target.xml", 0);
	place_g();
	for (i = 0; i < C_NUM; i++) {
		for (j = 0; j < q_num && strcmp(C_DESCS[i].name, qregs[j].name); j++)
			;
		qmap[i] = j < q_num ? j : -1;
		if (j == q_num)
			fprintf(stderr, "vmstub: %s is not in QEMU's description: reads as 0, not writable\n",
				C_DESCS[i].name);
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
