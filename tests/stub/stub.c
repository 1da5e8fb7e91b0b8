/*
 * stub.c: the regdefgen reference stub, a small GDB Remote Serial Protocol
 * server whose register layout comes only from a generated IDENT_regs.h.
 *
 * The layout is chosen at compile time (tests/stub/Makefile does this):
 *
 *   cc -std=c11 -I build/stub/gen/x86_64 \
 *      -DSTUB_LAYOUT_HEADER='"x86_64_regs.h"' \
 *      -DSTUB_IDENT=x86_64 -DSTUB_IDENT_UC=X86_64 stub.c
 *
 * Usage: stub [--no-xml | --qregisterinfo] [--no-p] [--dump FILE]
 *             [--timeout SECS] [--verbose] PORT
 *        stub --list
 *
 * It listens on 127.0.0.1:PORT (0 = let the kernel pick a free port; the
 * port is printed either way), serves one connection and exits when the
 * client detaches (D), kills (k) or closes the connection.  The target is
 * always stopped: c and s report a SIGTRAP stop at once.  With --no-xml it
 * behaves like VMware's debug stubs: qSupported offers no
 * qXfer:features:read, so the client must bring its own register
 * description (GDB: set tdesc filename; LLDB: a target definition file).
 * --qregisterinfo offers no target.xml either, but answers LLDB's discovery
 * packets as lldb-server does: qRegisterInfoN (N in hex) with the header's
 * IDENT_qregisterinfo(N), "E45" past the last one, and qHostInfo with
 * IDENT_qhostinfo(), so LLDB needs no description of its own.  In the other
 * modes qRegisterInfo and qHostInfo get the empty "unsupported" reply.
 * --no-p answers p and P with the empty "unsupported" reply, as QEMU does
 * until a client has read its target.xml; clients then read with g and
 * write with G, so every register's offset in their description matters.
 * --dump FILE writes the register file (the g packet bytes, then those of
 * the p/P-only registers, as one line of hex) when the session ends, so tests can compare the stub's own view with
 * what a client wrote.  --list prints the layout as the header describes
 * it, one register a line: "REGNUM NAME OFFSET BITSIZE" (OFFSET 4294967295:
 * a p/P-only register).  Remote numbers may skip: p/P find them by number.
 *
 * The register file starts out filled with a pattern (see pattern_byte).
 *
 * Packets: qSupported, qXfer:features:read:target.xml, qRegisterInfoN and
 * qHostInfo (--qregisterinfo only), ?, g, G, p, P, m (reads zeros), M
 * (accepted, not stored), c, C, s, S (all four stop again at once: S05), D
 * (OK, then the session ends), k (X09, then the session ends), H and T (OK);
 * anything else gets the empty "unsupported" reply.  Malformed packets get E01
 * (bad syntax or hex, a NUL byte), E02 (no such register), E03 (wrong data
 * length) or E04 (packet longer than STUB_PACKET_SIZE: read to its end and
 * refused, never stored); qXfer of an annex other than target.xml gets E00;
 * qRegisterInfo past the last register E45.  Replies are escaped ('}' then the
 * byte XOR 0x20) where they hold '$', '#', '}' or '*'.  A bad checksum is
 * answered with '-' and the packet dropped; a '-' from the client makes the
 * stub send its last reply again.  No-ack mode, 'X' and vCont are not offered,
 * so clients fall back to acks, M and c/s.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#ifndef STUB_LAYOUT_HEADER
#error "define STUB_LAYOUT_HEADER, e.g. -DSTUB_LAYOUT_HEADER='\"x86_64_regs.h\"'"
#endif
#if !defined(STUB_IDENT) || !defined(STUB_IDENT_UC)
#error "define STUB_IDENT and STUB_IDENT_UC, e.g. -DSTUB_IDENT=x86_64 -DSTUB_IDENT_UC=X86_64"
#endif

#include STUB_LAYOUT_HEADER

/*
 * The header's names start with the layout's IDENT (x86_64_reg_descs,
 * X86_64_NUM_REGS, ...); these macros paste the prefix on, so that
 * LAYOUT_FN(_reg_descs) is x86_64_reg_descs and LAYOUT_UC(_NUM_REGS) is
 * X86_64_NUM_REGS.
 */
#define STUB_PASTE_(a, b) a##b
#define STUB_PASTE(a, b) STUB_PASTE_(a, b)
#define LAYOUT_FN(suffix) STUB_PASTE(STUB_IDENT, suffix)
#define LAYOUT_UC(suffix) STUB_PASTE(STUB_IDENT_UC, suffix)

#define STUB_STR_(x) #x
#define STUB_STR(x) STUB_STR_(x)

#define NUM_REGS ((unsigned)LAYOUT_UC(_NUM_REGS))
#define G_PACKET_SIZE ((size_t)LAYOUT_UC(_G_PACKET_SIZE))
#define TARGET_XML_SIZE ((size_t)LAYOUT_UC(_TARGET_XML_SIZE))
#define reg_descs LAYOUT_FN(_reg_descs)
#define target_xml_read LAYOUT_FN(_target_xml_read)
#define qregisterinfo LAYOUT_FN(_qregisterinfo)
#define qhostinfo LAYOUT_FN(_qhostinfo)
#define QHOSTINFO_MAX ((size_t)LAYOUT_UC(_QHOSTINFO_MAX))

/*
 * Largest packet (data between '$' and '#') we accept, and the PacketSize
 * we advertise (in hex, as qSupported wants): enough for a G packet of
 * the largest layout (1 + 2 * 608 characters) with room to spare.
 */
#define STUB_PACKET_SIZE 4096

/* A qXfer reply is "m"/"l" plus data that escaping may double. */
#define XFER_CHUNK_MAX ((STUB_PACKET_SIZE - 1) / 2)

#ifndef REGDEFGEN_NOT_IN_G /* the header defines it when it has p/P-only registers */
#define REGDEFGEN_NOT_IN_G 0xffffffffu
#endif

/* The largest register (bitsize is at most 65536) */
#define MAX_REG_BYTES 8192

/*
 * The registers: the g packet's bytes, then those of the p/P-only
 * registers (the header gives them no g offset; this stub keeps them
 * after the g bytes, in remote-number order).  reg_at[k] is where register
 * k of reg_descs() lives.
 */
static unsigned char *regfile;
static size_t regfile_size;
static size_t *reg_at;
static int verbose;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("regdefgen-stub: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/*
 * The pattern: byte i of register r (r = remote number) is
 *
 *     ((r * 16 + i) XOR (0x33 * (r / 16))) mod 256
 *
 * For the first 16 registers this is simply 0xRI (rax = 0x0706050403020100,
 * rbx = 0x1716151413121110, ...).  Registers 16, 32, 48 and 64 apart would
 * repeat, so the block number r / 16 is mixed in (XOR 0x33, 0x66, 0x99,
 * 0xcc).  The g packet of a layout is longer than 256 bytes, so no pattern
 * can make all its bytes different; this one makes every byte within a
 * register different (registers are at most 16 bytes) and, for each of the
 * six x86 layouts, no register's bytes appear anywhere else in the g
 * packet, so reading a register at any wrong offset shows a wrong value.
 * tests/e2e/stubcheck.py computes the same function and checks both
 * properties.
 */
static unsigned char pattern_byte(unsigned r, unsigned i)
{
	return (unsigned char)(((r * 16u + i) ^ (0x33u * (r / 16u))) & 0xffu);
}

static void fill_pattern(void)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	unsigned r, i;

	for (r = 0; r < NUM_REGS; r++)
		for (i = 0; i < d[r].bitsize / 8; i++)
			regfile[reg_at[r] + i] = pattern_byte(d[r].regnum, i);
}

/* Index in reg_descs() of remote number n (numbers ascend; they may
 * skip), or NUM_REGS. */
static unsigned find_reg(unsigned long long n)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	unsigned lo = 0, hi = NUM_REGS;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (d[mid].regnum == n)
			return mid;
		if (d[mid].regnum < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NUM_REGS;
}

/*
 * The stub trusts the header's offsets (that is what is under test), but
 * checks what it needs to stay inside its buffers.
 */
static void check_layout(void)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	size_t after_g = G_PACKET_SIZE;
	unsigned r;

	reg_at = calloc(NUM_REGS, sizeof(*reg_at));
	if (!reg_at)
		die("out of memory");
	for (r = 0; r < NUM_REGS; r++) {
		if (r && d[r].regnum <= d[r - 1].regnum)
			die("header: register %u (%s) has regnum %u, not above %u", r, d[r].name,
			    d[r].regnum, d[r - 1].regnum);
		if (d[r].bitsize == 0 || d[r].bitsize % 8 != 0 || d[r].bitsize / 8 > MAX_REG_BYTES)
			die("header: register %s has bitsize %u", d[r].name, d[r].bitsize);
		if (d[r].offset == REGDEFGEN_NOT_IN_G) {
			reg_at[r] = after_g;
			after_g += d[r].bitsize / 8;
			continue;
		}
		if (d[r].offset > G_PACKET_SIZE || d[r].bitsize / 8 > G_PACKET_SIZE - d[r].offset)
			die("header: register %s (offset %u, %u bits) is outside the %zu-byte g packet",
			    d[r].name, d[r].offset, d[r].bitsize, G_PACKET_SIZE);
		reg_at[r] = d[r].offset;
	}
	regfile_size = after_g;
	regfile = calloc(regfile_size ? regfile_size : 1, 1);
	if (!regfile)
		die("out of memory");
}

/* ---- the connection: buffered input, framed output ---- */

struct conn {
	int fd;
	unsigned char in[4096];
	size_t in_len, in_pos;
	char last[2 * STUB_PACKET_SIZE + 8]; /* last reply, framed, for '-' */
	size_t last_len;
};

static int conn_getc(struct conn *c)
{
	if (c->in_pos == c->in_len) {
		ssize_t n;

		do
			n = read(c->fd, c->in, sizeof(c->in));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		c->in_len = (size_t)n;
		c->in_pos = 0;
	}
	return c->in[c->in_pos++];
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static const char hexdig[] = "0123456789abcdef";

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Sends $data#cs (data already escaped where needed) and keeps it for '-'. */
static int send_packet(struct conn *c, const char *data, size_t len)
{
	unsigned sum = 0;
	size_t i, n = 0;

	if (len + 4 > sizeof(c->last))
		die("reply of %zu bytes does not fit", len);
	c->last[n++] = '$';
	for (i = 0; i < len; i++) {
		c->last[n++] = data[i];
		sum += (unsigned char)data[i];
	}
	c->last[n++] = '#';
	c->last[n++] = hexdig[(sum >> 4) & 0xf];
	c->last[n++] = hexdig[sum & 0xf];
	c->last_len = n;
	if (verbose)
		fprintf(stderr, "stub <- %.*s\n", (int)len, data);
	return write_all(c->fd, c->last, n);
}

static int send_str(struct conn *c, const char *s)
{
	return send_packet(c, s, strlen(s));
}

enum packet_status { PKT_OK, PKT_BAD_CHECKSUM, PKT_TOO_LONG, PKT_EOF };

/*
 * Reads the next packet into buf (NUL-terminated, at most cap - 1 bytes).
 * Outside packets: '+' is ignored, '-' resends the last reply, anything
 * else (interrupts, garbage) is skipped.  A '$' inside a packet starts
 * over (the earlier one was cut short).
 */
static enum packet_status read_packet(struct conn *c, char *buf, size_t cap, size_t *len)
{
	int ch, hi, lo;
	unsigned sum;
	size_t n;
	int too_long;

	for (;;) {
		ch = conn_getc(c);
		if (ch < 0)
			return PKT_EOF;
		if (ch == '$')
			break;
		if (ch == '-' && c->last_len > 0) {
			if (write_all(c->fd, c->last, c->last_len) < 0)
				return PKT_EOF;
		}
	}
restart:
	sum = 0;
	n = 0;
	too_long = 0;
	for (;;) {
		ch = conn_getc(c);
		if (ch < 0)
			return PKT_EOF;
		if (ch == '$')
			goto restart;
		if (ch == '#')
			break;
		sum += (unsigned)ch;
		if (n + 1 < cap)
			buf[n++] = (char)ch;
		else
			too_long = 1;
	}
	buf[n] = '\0';
	*len = n;
	if ((hi = conn_getc(c)) < 0 || (lo = conn_getc(c)) < 0)
		return PKT_EOF;
	if (verbose)
		fprintf(stderr, "stub -> %s%s\n", buf, too_long ? "..." : "");
	if (hexval(hi) < 0 || hexval(lo) < 0 ||
	    (unsigned)(hexval(hi) * 16 + hexval(lo)) != (sum & 0xffu))
		return PKT_BAD_CHECKSUM;
	return too_long ? PKT_TOO_LONG : PKT_OK;
}

/* ---- parsing helpers (all strict: every character must be used) ---- */

/* Parses hex digits at *p up to a character not in hex; at most 16 digits. */
static int parse_hex_ulong(const char **p, unsigned long long *out)
{
	unsigned long long v = 0;
	int digits = 0;

	while (hexval((unsigned char)**p) >= 0) {
		if (++digits > 16)
			return -1;
		v = v * 16 + (unsigned)hexval((unsigned char)**p);
		(*p)++;
	}
	if (digits == 0)
		return -1;
	*out = v;
	return 0;
}

/* Decodes exactly 2 * len hex digits from s into out; s must end there. */
static int decode_hex(const char *s, unsigned char *out, size_t len)
{
	size_t i;

	if (strlen(s) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi * 16 + lo);
	}
	return 0;
}

static size_t encode_hex(char *out, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 0xf];
	}
	return 2 * len;
}

/* ---- packet handlers ---- */

static char reply[2 * STUB_PACKET_SIZE + 8];
static int serve_xml = 1;
static int serve_p = 1;
static int serve_qreginfo;

/*
 * Copies len bytes of data to out, escaping '$', '#', '}' and '*' as '}'
 * and the byte XOR 0x20; returns the length written (at most 2 * len).
 */
static size_t escape_into(char *out, const char *data, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char ch = data[i];

		if (ch == '$' || ch == '#' || ch == '}' || ch == '*') {
			out[n++] = '}';
			ch ^= 0x20;
		}
		out[n++] = ch;
	}
	return n;
}

static int send_escaped(struct conn *c, const char *s)
{
	size_t len = strlen(s);

	if (len > STUB_PACKET_SIZE)
		die("reply of %zu bytes does not fit", len);
	return send_packet(c, reply, escape_into(reply, s, len));
}

static int handle_qsupported(struct conn *c)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "PacketSize=%x%s", STUB_PACKET_SIZE,
		 serve_xml ? ";qXfer:features:read+" : "");
	return send_str(c, buf);
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH (args = text after "read:") */
static int handle_qxfer_features(struct conn *c, const char *args)
{
	static const char annex[] = "target.xml:";
	unsigned long long off, len;
	char chunk[XFER_CHUNK_MAX];
	size_t got, n = 0;

	if (!serve_xml)
		return send_str(c, "");
	if (strncmp(args, annex, sizeof(annex) - 1) != 0)
		return send_str(c, "E00"); /* unknown annex */
	args += sizeof(annex) - 1;
	if (parse_hex_ulong(&args, &off) < 0 || *args++ != ',' ||
	    parse_hex_ulong(&args, &len) < 0 || *args != '\0')
		return send_str(c, "E01");
	if (off > TARGET_XML_SIZE)
		return send_str(c, "E01");
	if (len > XFER_CHUNK_MAX)
		len = XFER_CHUNK_MAX;
	got = target_xml_read(chunk, (size_t)off, (size_t)len);
	reply[n++] = off + got < TARGET_XML_SIZE ? 'm' : 'l';
	n += escape_into(reply + n, chunk, got);
	return send_packet(c, reply, n);
}

/*
 * qRegisterInfoN (args = N, hex): LLDB asks for N = 0, 1, ... until a
 * reply is an error; "E45" past the last register, as lldb-server says.
 */
static int handle_qregisterinfo(struct conn *c, const char *args)
{
	unsigned long long n;
	const char *info;

	if (parse_hex_ulong(&args, &n) < 0 || *args != '\0')
		return send_str(c, "E01");
	info = n <= UINT_MAX ? qregisterinfo((unsigned)n) : NULL;
	return info ? send_escaped(c, info) : send_str(c, "E45");
}

static int handle_qhostinfo(struct conn *c)
{
	static char buf[QHOSTINFO_MAX];

	qhostinfo(buf);
	return send_escaped(c, buf);
}

static int handle_p(struct conn *c, const char *args)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	unsigned long long r;

	if (parse_hex_ulong(&args, &r) < 0 || *args != '\0')
		return send_str(c, "E01");
	if ((r = find_reg(r)) >= NUM_REGS)
		return send_str(c, "E02");
	return send_packet(c, reply, encode_hex(reply, regfile + reg_at[r], d[r].bitsize / 8));
}

static int is_hex_string(const char *s)
{
	size_t n = strlen(s);

	return n % 2 == 0 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static int handle_P(struct conn *c, const char *args)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	static unsigned char value[MAX_REG_BYTES];
	unsigned long long r;

	if (parse_hex_ulong(&args, &r) < 0 || *args++ != '=' || !is_hex_string(args))
		return send_str(c, "E01");
	if ((r = find_reg(r)) >= NUM_REGS)
		return send_str(c, "E02");
	if (decode_hex(args, value, d[r].bitsize / 8) < 0)
		return send_str(c, "E03");
	memcpy(regfile + reg_at[r], value, d[r].bitsize / 8);
	return send_str(c, "OK");
}

static int handle_G(struct conn *c, const char *args)
{
	static unsigned char value[G_PACKET_SIZE];

	if (!is_hex_string(args))
		return send_str(c, "E01");
	if (decode_hex(args, value, G_PACKET_SIZE) < 0)
		return send_str(c, "E03");
	memcpy(regfile, value, G_PACKET_SIZE);
	return send_str(c, "OK");
}

/* m ADDR,LENGTH: this stub has no memory; it reads as zeros. */
static int handle_m(struct conn *c, const char *args)
{
	unsigned long long addr, len;
	size_t i;

	if (parse_hex_ulong(&args, &addr) < 0 || *args++ != ',' ||
	    parse_hex_ulong(&args, &len) < 0 || *args != '\0')
		return send_str(c, "E01");
	if (len > STUB_PACKET_SIZE / 2) /* a stub may return fewer bytes */
		len = STUB_PACKET_SIZE / 2;
	for (i = 0; i < 2 * len; i++)
		reply[i] = '0';
	return send_packet(c, reply, 2 * (size_t)len);
}

/* M ADDR,LENGTH:XX...: checked, then forgotten. */
static int handle_M(struct conn *c, const char *args)
{
	unsigned long long addr, len;

	if (parse_hex_ulong(&args, &addr) < 0 || *args++ != ',' ||
	    parse_hex_ulong(&args, &len) < 0 || *args++ != ':')
		return send_str(c, "E01");
	if (!is_hex_string(args))
		return send_str(c, "E01");
	if (len > STUB_PACKET_SIZE || strlen(args) != 2 * len)
		return send_str(c, "E03");
	return send_str(c, "OK");
}

/* c/s [ADDR], C/S SIG[;ADDR]: the target stops again at once. */
static int handle_resume(struct conn *c, char kind, const char *args)
{
	unsigned long long v;

	if (kind == 'C' || kind == 'S') {
		if (parse_hex_ulong(&args, &v) < 0)
			return send_str(c, "E01");
		if (*args == ';')
			args++;
		else if (*args != '\0')
			return send_str(c, "E01");
	}
	if (*args != '\0' && (parse_hex_ulong(&args, &v) < 0 || *args != '\0'))
		return send_str(c, "E01");
	return send_str(c, "S05");
}

enum session { CONTINUE, END };

static enum session handle_packet(struct conn *c, char *pkt, size_t len, int *err)
{
	*err = 0;
	if (strlen(pkt) != len) { /* a NUL byte inside the packet */
		*err = send_str(c, "E01");
		return CONTINUE;
	}
	switch (pkt[0]) {
	case '?':
		*err = send_str(c, pkt[1] ? "E01" : "S05");
		break;
	case 'g':
		*err = pkt[1] ? send_str(c, "E01")
			      : send_packet(c, reply, encode_hex(reply, regfile, G_PACKET_SIZE));
		break;
	case 'G':
		*err = handle_G(c, pkt + 1);
		break;
	case 'p':
		*err = serve_p ? handle_p(c, pkt + 1) : send_str(c, "");
		break;
	case 'P':
		*err = serve_p ? handle_P(c, pkt + 1) : send_str(c, "");
		break;
	case 'm':
		*err = handle_m(c, pkt + 1);
		break;
	case 'M':
		*err = handle_M(c, pkt + 1);
		break;
	case 'c':
	case 's':
	case 'C':
	case 'S':
		*err = handle_resume(c, pkt[0], pkt + 1);
		break;
	case 'H':
	case 'T':
		*err = send_str(c, "OK");
		break;
	case 'D':
		*err = send_str(c, "OK");
		return END;
	case 'k':
		/* No reply is required; X09 tells a waiting client we are gone. */
		*err = send_str(c, "X09");
		return END;
	case 'q':
		if (strcmp(pkt, "qSupported") == 0 || strncmp(pkt, "qSupported:", 11) == 0)
			*err = handle_qsupported(c);
		else if (strncmp(pkt, "qXfer:features:read:", 20) == 0)
			*err = handle_qxfer_features(c, pkt + 20);
		else if (serve_qreginfo && strncmp(pkt, "qRegisterInfo", 13) == 0)
			*err = handle_qregisterinfo(c, pkt + 13);
		else if (serve_qreginfo && strcmp(pkt, "qHostInfo") == 0)
			*err = handle_qhostinfo(c);
		else
			*err = send_str(c, "");
		break;
	default:
		*err = send_str(c, "");
		break;
	}
	return CONTINUE;
}

static void serve(int fd)
{
	static struct conn c;
	static char pkt[STUB_PACKET_SIZE + 1];
	size_t len;

	c.fd = fd;
	for (;;) {
		enum packet_status st = read_packet(&c, pkt, sizeof(pkt), &len);
		int err = 0;

		if (st == PKT_EOF)
			return;
		if (st == PKT_BAD_CHECKSUM) {
			if (write_all(fd, "-", 1) < 0)
				return;
			continue;
		}
		if (write_all(fd, "+", 1) < 0)
			return;
		if (st == PKT_TOO_LONG) {
			if (send_str(&c, "E04") < 0)
				return;
			continue;
		}
		if (len == 0) {
			err = send_str(&c, "");
		} else if (handle_packet(&c, pkt, len, &err) == END) {
			return;
		}
		if (err < 0)
			return;
	}
}

static void write_dump(const char *path)
{
	char *hex = malloc(2 * regfile_size + 1);
	FILE *f = fopen(path, "w");

	if (!f || !hex)
		die("cannot write %s: %s", path, strerror(errno));
	/* the g bytes, then the p/P-only registers' */
	hex[encode_hex(hex, regfile, regfile_size)] = '\0';
	fprintf(f, "%s\n", hex);
	free(hex);
	if (fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

static void list_layout(void)
{
	const struct regdefgen_reg_desc *d = reg_descs();
	unsigned r;

	for (r = 0; r < NUM_REGS; r++)
		printf("%u %s %u %u\n", d[r].regnum, d[r].name, d[r].offset, d[r].bitsize);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s [--no-xml | --qregisterinfo] [--no-p] [--dump FILE] [--timeout SECS]\n"
		   "                      [--verbose] PORT\n"
		   "       %s --list\n"
		   "Serves the \"%s\" register layout (%u registers, %zu-byte g packet)\n"
		   "to one GDB/LLDB connection on 127.0.0.1:PORT (0: any free port).\n",
		"regdefgen-stub", "regdefgen-stub", STUB_STR(STUB_IDENT), NUM_REGS, G_PACKET_SIZE);
}

int main(int argc, char **argv)
{
	const char *dump = NULL;
	unsigned long timeout = 0;
	long port = -1;
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);
	int lfd, fd, i, one = 1;

	for (i = 1; i < argc; i++) {
		char *end;

		if (strcmp(argv[i], "--no-xml") == 0) {
			serve_xml = 0;
		} else if (strcmp(argv[i], "--qregisterinfo") == 0) {
			serve_xml = 0;
			serve_qreginfo = 1;
		} else if (strcmp(argv[i], "--no-p") == 0) {
			serve_p = 0;
		} else if (strcmp(argv[i], "--list") == 0) {
			check_layout();
			list_layout();
			return 0;
		} else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
			dump = argv[++i];
		} else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			timeout = strtoul(argv[++i], &end, 10);
			if (*end || timeout > UINT_MAX)
				die("bad --timeout %s", argv[i]);
		} else if (strcmp(argv[i], "--verbose") == 0) {
			verbose = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && port < 0) {
			port = strtol(argv[i], &end, 10);
			if (*end || end == argv[i] || port < 0 || port > 65535)
				die("bad port %s", argv[i]);
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (port < 0) {
		usage(stderr);
		return 2;
	}

	check_layout();
	fill_pattern();
	signal(SIGPIPE, SIG_IGN);
	if (timeout)
		alarm((unsigned)timeout); /* SIGALRM ends the process */

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("bind 127.0.0.1:%ld: %s", port, strerror(errno));
	if (listen(lfd, 1) < 0)
		die("listen: %s", strerror(errno));
	if (getsockname(lfd, (struct sockaddr *)&addr, &addrlen) < 0)
		die("getsockname: %s", strerror(errno));
	printf("regdefgen-stub %s: listening on 127.0.0.1:%u%s\n", STUB_STR(STUB_IDENT),
	       (unsigned)ntohs(addr.sin_port),
	       serve_qreginfo ? " (no target.xml; qRegisterInfo)"
	       : serve_xml ? "" : " (no target.xml)");
	fflush(stdout);

	do
		fd = accept(lfd, NULL, NULL);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		die("accept: %s", strerror(errno));
	close(lfd);
	/* Acks and replies are separate small writes: without this, Nagle's
	 * algorithm and delayed ACKs add about 40 ms to every packet. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	serve(fd);
	close(fd);
	if (dump)
		write_dump(dump);
	return 0;
}
