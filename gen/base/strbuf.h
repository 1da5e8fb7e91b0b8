/*
 * strbuf.h: a growable byte buffer, the one string builder of regdefgen.
 *
 * Every stage that produces text (the template engine, escapers, the
 * depfile writer, diagnostics) appends to a struct strbuf.  Appends are
 * amortised O(1); the buffer is always NUL-terminated so buf can be used as
 * a C string when the content has no NUL.
 *
 * Ownership: a strbuf owns buf.  strbuf_release() frees it and resets the
 * struct; strbuf_detach() hands buf to the caller (free() it).  Allocation
 * failure aborts the process with a message: regdefgen is a build tool and has
 * nothing sensible to do without memory.
 */
#ifndef REGDEFGEN_STRBUF_H
#define REGDEFGEN_STRBUF_H

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char *buf;    /* content, NUL-terminated; NULL only before first use */
	size_t len;   /* bytes of content, excluding the terminating NUL */
	size_t alloc; /* bytes allocated */
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Returns the content (never NULL; free() it) and resets sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Returns the content as a C string, "" for a never-used buffer. */
const char *strbuf_str(const struct strbuf *sb);

/*
 * The two appends every output byte goes through are inline: the common
 * case (room left) is a copy and a store, with no call.
 */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->alloc - sb->len <= len)
		strbuf_grow(sb, len);
	/* room for len bytes and the NUL means the buffer exists */
	assert(sb->buf && sb->alloc - sb->len > len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_addch(struct strbuf *sb, int c)
{
	if (sb->alloc - sb->len <= 1)
		strbuf_grow(sb, 1);
	assert(sb->buf && sb->alloc - sb->len > 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

/*
 * Makes room for element n of arr, which holds n elements and is grown
 * only by GROW_ARRAY: the first element allocates GROW_MIN, then the
 * capacity doubles each time n reaches a power of two from GROW_MIN on,
 * so adding n elements one by one costs O(n) in all, and the many small
 * arrays (an object's members) are allocated once.  The one way regdefgen
 * grows an array (no capacity field to keep in step).  n may also fall (a
 * stack, or an array emptied and refilled): on the way up again n = 0 and
 * each power of two reallocate, which may shrink the array but always
 * leaves room for element n.
 */
#define GROW_MIN 8
#define GROW_ARRAY(arr, n)						\
	((n) && ((n) < GROW_MIN || ((n) & ((n) - 1))) ? (void)0 :	\
	 (void)((arr) = xrealloc((arr), ((n) ? 2 * (n) : GROW_MIN) * sizeof(*(arr)))))

/* What strbuf_read_file() could not do; errno tells why for OPEN/READ. */
enum read_result { READ_OK, READ_CANNOT_OPEN, READ_CANNOT_READ, READ_TOO_LARGE,
		   READ_NOT_REGULAR /* a folder, FIFO, device...: never opened for reading */ };

/* Appends the whole file at path to sb, refusing files larger than max
 * bytes.  On failure sb is left empty.  Every reader of input files (defs,
 * templates, target descriptions) goes through here; callers word the
 * messages. */
enum read_result strbuf_read_file(struct strbuf *sb, const char *path, size_t max);

/* Creates (or truncates) the file at path and writes data[0..len) to it,
 * closing it exactly once whatever fails.  Returns 0, or -1 with errno
 * saying why.  For scratch files (the temporaries of import); outputs go
 * through output/write.h, which replaces them atomically. */
int write_scratch_file(const char *path, const void *data, size_t len);

/* Allocation helpers that abort on failure (see above). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* 1 if s ends with suffix (a file name with its extension, say), else 0. */
int ends_with(const char *s, const char *suffix);

#endif
