/*
 * import-xml.c: GDB target descriptions into the model (see import-xml.h).
 *
 * libxml2 parses each document (no network, no external entities, no DTD
 * loading; opened by parse_doc(), the first thing an import does, see
 * base/xmllib.h); this file walks the tree itself rather than using libxml2's
 * XInclude processor, so an include can come from a stub as easily as from
 * a file and every register keeps the file and line it was written on.
 * GDB scopes types to their feature, the model has one type namespace:
 * a type defined again identically in another feature is shared, one
 * defined differently is renamed (with a warning) and its users follow.
 */
#include "import/import-xml.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch.h"
#include "model/check.h"
#include "model/derive.h"
#include "model/diag.h"
#include "model/known.h"
#include "model/layout-build.h"
#include "base/strbuf.h"
#include "base/hashtab.h"
#include "base/xmllib.h"

#define MAX_XML_BYTES (16u << 20)
#define MAX_INCLUDE_DEPTH_XML 16
#define MAX_INCLUDES 256

/* What a <reg> says that the model has no field for. */
struct reg_extra {
	long value_regnum;   /* first of value_regnums, -1 if none */
	long group_id;       /* LLDB group_id, -1 if none */
	int has_offset;
	char *group;         /* the group attribute as written */
	size_t feature_types; /* index of its feature's type map */
};

/* One feature's type ids and the model type each stands for. */
struct type_map {
	char **from, **to;
	size_t n;
	struct hashtab index; /* from[i] -> i */
};

struct importer {
	struct layout *l;
	const struct import_options *opt;
	xml_fetch_fn fetch;
	void *ctx;
	int next_regnum;
	int depth;
	size_t nincludes;
	struct reg_extra *extra;   /* indexed by decl_order */
	size_t nextra;
	struct type_map *maps;
	size_t nmaps;
	struct type_scope types;   /* every type of l, by id and feature */
	char **group_names;        /* LLDB <groups>, by id */
	size_t ngroup_names;
	int errors;
};

/* libxml2's functions: set by parse_doc(), so there whenever a document is */
static const struct xmllib *xml;

static const char *attr(xmlNode *n, const char *name)
{
	xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children &&
		    a->children->content)
			return (const char *)a->children->content;
	for (a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name))
			return "";
	return NULL;
}

static struct srcpos pos_of(struct importer *im, xmlNode *n)
{
	struct srcpos p = { NULL, 0, 0 };

	if (n->doc && n->doc->URL)
		p.file = layout_add_file(im->l, (const char *)n->doc->URL);
	p.line = (int)xml->GetLineNo(n);
	if (p.line < 0)
		p.line = 0;
	/* the column of its '<' (tag_columns()), else the line's start */
	p.col = !p.line ? 0 : n->_private ? (int)(intptr_t)n->_private : 1;
	return p;
}

#define WARN(im, node, ...) diag_warning(pos_of(im, node), __VA_ARGS__)
#define ERR(im, node, ...) do { diag_error(pos_of(im, node), __VA_ARGS__); (im)->errors++; } while (0)

/* Parses attribute name of n as an integer in [min, max]; base 10 for
 * GDB's attributes, 0 (C rules, as LLDB reads them) for LLDB's.  Returns 1
 * and sets *out, 0 if absent, -1 (after a warning) if malformed. */
static int attr_int(struct importer *im, xmlNode *n, const char *name, int base,
		    long long min, long long max, long long *out)
{
	const char *s = attr(n, name);
	char *end;
	long long v;

	if (!s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, base);
	if (!*s || *end || errno || v < min || v > max) {
		WARN(im, n, "ignoring %s=\"%s\": not a number in %lld..%lld", name, s, min, max);
		return -1;
	}
	*out = v;
	return 1;
}

static const char *local_name(xmlNode *n)
{
	const char *name = (const char *)n->name, *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static int is_elem(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp(local_name(n), name);
}

/* ---- documents ---- */

static char *read_path(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	switch (strbuf_read_file(&sb, path, MAX_XML_BYTES)) {
	case READ_OK:
		return strbuf_detach(&sb, len);
	case READ_TOO_LARGE:
		diag_file_error(path, "larger than %u bytes: not a target description",
				MAX_XML_BYTES);
		return NULL;
	case READ_CANNOT_OPEN:
		diag_file_error(path, "cannot open: %s", strerror(errno));
		return NULL;
	case READ_NOT_REGULAR:
		diag_file_error(path, "cannot read: not a regular file");
		return NULL;
	case READ_CANNOT_READ:
		diag_file_error(path, "cannot read: %s", strerror(errno));
		return NULL;
	}
	return NULL;
}

static char *fetch_file(void *ctx, const char *annex, size_t *len)
{
	(void)ctx;
	return read_path(annex, len);
}

/* Skips from text[*i] (a '<') past what ends the markup that starts
 * there (end, "-->", "]]>", "?>", '>'), counting lines. */
static void skip_to(const char *text, size_t len, size_t *i, const char *end,
		    int *line, size_t *line_start)
{
	size_t n = strlen(end);

	for (; *i < len; (*i)++) {
		if (*i + n <= len && !memcmp(text + *i, end, n)) {
			*i += n;
			return;
		}
		if (text[*i] == '\n') {
			(*line)++;
			*line_start = *i + 1;
		}
	}
}

/*
 * libxml2 keeps an element's line, not its column, and GDB's descriptions
 * as QEMU serves them are one line each: so pair each element, in
 * document order, with its start tag in the text (start tags come in
 * document order; attribute values and text hold no '<'), and keep the
 * column of its '<' in the node's _private for pos_of().  A tag whose name
 * or line is not the element's (elements from an entity's text) stops the
 * pairing: the elements after it get column 1.
 */
static void tag_columns(xmlDoc *doc, const char *text, size_t len)
{
	xmlNode *n = doc->children;
	size_t i = 0, line_start = 0;
	int line = 1;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *name, *colon;
			size_t k;

			for (;;) { /* to the next start tag */
				while (i < len && text[i] != '<') {
					if (text[i] == '\n') {
						line++;
						line_start = i + 1;
					}
					i++;
				}
				if (i + 1 >= len)
					return;
				if (!strncmp(text + i, "<!--", 4))
					skip_to(text, len, &i, "-->", &line, &line_start);
				else if (!strncmp(text + i, "<![CDATA[", 9))
					skip_to(text, len, &i, "]]>", &line, &line_start);
				else if (text[i + 1] == '?')
					skip_to(text, len, &i, "?>", &line, &line_start);
				else if (!strncmp(text + i, "<!DOCTYPE", 9) &&
					 memchr(text + i, '[', strcspn(text + i, ">")))
					skip_to(text, len, &i, "]>", &line, &line_start);
				else if (text[i + 1] == '!' || text[i + 1] == '/')
					skip_to(text, len, &i, ">", &line, &line_start);
				else
					break;
			}
			name = text + i + 1;
			k = strcspn(name, " \t\r\n/>");
			colon = memchr(name, ':', k);
			if (colon) {
				k -= (size_t)(colon + 1 - name);
				name = colon + 1;
			}
			if (strlen((const char *)n->name) != k || memcmp(name, n->name, k) ||
			    xml->GetLineNo(n) != line || i - line_start + 1 > INT_MAX)
				return;
			n->_private = (void *)(intptr_t)(i - line_start + 1);
			i++;
		}
		/* the next node in document order */
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent && n->parent->type != XML_DOCUMENT_NODE ? n->parent : NULL;
		if (n)
			n = n->next;
	}
}

/* Parses text into a document named url; NULL after reporting. */
static xmlDoc *parse_doc(const char *text, size_t len, const char *url)
{
	xmlDoc *doc;
	const xmlError *e;
	const char *why = "?";

	if (!(xml = xmllib(&why))) {
		diag_file_error(url, "cannot read XML: cannot load libxml2: %s", why);
		return NULL;
	}
	if (len > INT_MAX) {
		diag_file_error(url, "too large");
		return NULL;
	}
	xml->ResetLastError();
	doc = xml->ReadMemory(text, (int)len, url, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc) {
		/* libxml2 stores the name URI-escaped ("127.0.0.1%3A1234") */
		xml->Free((xmlChar *)doc->URL);
		doc->URL = xml->Strdup((const xmlChar *)url);
		tag_columns(doc, text, len);
	} else {
		struct srcpos p = { url, 0, 0 };
		e = xml->GetLastError();
		if (e) {
			char *msg = xstrdup(e->message ? e->message : "malformed XML");
			size_t n = strlen(msg);
			while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
				msg[--n] = '\0';
			p.line = e->line;
			p.col = e->int2 > 0 ? e->int2 : 1;
			diag_error(p, "not well-formed XML: %s", msg);
			free(msg);
		} else {
			diag_file_error(url, "not well-formed XML");
		}
	}
	return doc;
}

/* ---- types ---- */

static struct type_map *cur_map(struct importer *im)
{
	return &im->maps[im->nmaps - 1];
}

static void map_add(struct type_map *m, const char *from, const char *to)
{
	size_t i;

	if (hashtab_get(&m->index, from, &i)) { /* a later definition wins */
		free(m->to[i]);
		m->to[i] = xstrdup(to);
		return;
	}
	GROW_ARRAY(m->from, m->n);
	GROW_ARRAY(m->to, m->n);
	m->from[m->n] = xstrdup(from);
	m->to[m->n] = xstrdup(to);
	hashtab_add(&m->index, m->from[m->n], m->n, NULL);
	m->n++;
}

/* The model type id that name stands for in map m (name itself if it is
 * not a type of the feature: predefined or unknown). */
static const char *map_type(const struct type_map *m, const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	return hashtab_get(&m->index, name, &i) ? m->to[i] : name;
}

static int same_type(const struct type *a, const struct type *b)
{
	size_t i;

	if (a->kind != b->kind || a->size != b->size || a->count != b->count ||
	    a->nfields != b->nfields || !!a->element != !!b->element ||
	    (a->element && strcmp(a->element, b->element)))
		return 0;
	for (i = 0; i < a->nfields; i++) {
		const struct type_field *x = &a->fields[i], *y = &b->fields[i];
		if (strcmp(x->name, y->name) || x->start != y->start || x->end != y->end ||
		    !!x->type != !!y->type || (x->type && strcmp(x->type, y->type)))
			return 0;
	}
	return 1;
}

static void free_type_contents(struct type *t)
{
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		free(t->fields[i].name);
		free(t->fields[i].type);
	}
	free(t->fields);
	free(t->id);
	free(t->feature);
	free(t->element);
}

/* 1 if t names a type that feature fid has of its own. */
static int refers_to_own(const struct importer *im, const struct type *t, const char *fid)
{
	size_t i, o;

	for (i = 0; i <= t->nfields; i++) {
		const char *ref = i < t->nfields ? t->fields[i].type : t->element;
		if (ref && type_scope_get(&im->types, fid, ref, &o) && im->l->types[o].feature)
			return 1;
	}
	return 0;
}

/* The last type added was parsed from node, in feature: share an
 * identical layout-wide one, else keep it layout-wide if its id is new,
 * else make it the feature's own (GDB scopes type ids by feature: its
 * AVX-512 feature has its own vec128); a feature defining one id twice
 * gets the second renamed. */
static void settle_type(struct importer *im, xmlNode *node, size_t feature)
{
	struct layout *l = im->l;
	struct type *t = &l->types[l->ntypes - 1];
	const char *fid = l->features[feature].id;
	char *xml_id = xstrdup(t->id);
	long wide = -1, own = -1;
	size_t at;
	int n;

	t->pos = pos_of(im, node);
	if (known_gdb_type(xml_id)) {
		WARN(im, node, "type '%s' redefines a type GDB predefines; dropped", xml_id);
		free_type_contents(t);
		l->ntypes--;
		free(xml_id);
		return;
	}
	/* t itself is not in im->types yet */
	if (type_scope_get(&im->types, NULL, xml_id, &at))
		wide = (long)at;
	if (type_scope_get(&im->types, fid, xml_id, &at) && l->types[at].feature)
		own = (long)at;
	if ((own >= 0 && same_type(&l->types[own], t)) ||
	    (own < 0 && wide >= 0 && same_type(&l->types[wide], t) &&
	     !refers_to_own(im, t, fid))) {
		free_type_contents(t);
		l->ntypes--;
		map_add(cur_map(im), xml_id, xml_id);
		free(xml_id);
		return;
	}
	if (own >= 0) {
		for (n = 2;; n++) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s_%d", xml_id, n);
			if (find_type(l, sb.buf) < 0) {
				WARN(im, node, "type '%s' is defined twice in its feature; the second is named '%s'",
				     xml_id, sb.buf);
				free(t->id);
				t->id = strbuf_detach(&sb, NULL);
				break;
			}
			strbuf_release(&sb);
		}
	} else if (wide >= 0) {
		t->feature = xstrdup(fid);
		if (im->opt->verbose)
			WARN(im, node, "type '%s' is defined differently in an earlier feature: the def gives feature '%s' its own (\"feature\": \"%s\")",
			     xml_id, fid, fid);
	}
	map_add(cur_map(im), xml_id, t->id);
	type_scope_add(&im->types, l, l->ntypes - 1, NULL);
	free(xml_id);
}

static void read_fields(struct importer *im, xmlNode *node, struct type *t, int bits)
{
	xmlNode *c;
	long long v;

	for (c = node->children; c; c = c->next) {
		struct type_field *f;
		const char *name, *type;

		if (!is_elem(c, "field"))
			continue;
		name = attr(c, "name");
		if (!name) {
			WARN(im, c, "<field> without a name; taken as unnamed");
			name = "";
		}
		f = type_add_field(t, name);
		f->pos = pos_of(im, c);
		type = attr(c, "type");
		if (type)
			f->type = xstrdup(map_type(cur_map(im), type));
		if (bits) {
			if (attr_int(im, c, "start", 10, 0, 4095, &v) == 1)
				f->start = (int)v;
			if (attr_int(im, c, "end", 10, 0, 4095, &v) == 1)
				f->end = (int)v;
		}
	}
}

/* A struct of typed members (no start/end): GDB lays the members out one
 * after the other.  A def's struct holds bit fields only, so each member
 * becomes the bit field it occupies, with its type kept. */
static void members_to_bitfields(struct importer *im, xmlNode *n, struct type *t)
{
	size_t i;
	int bit = 0;

	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].start != NO_NUMBER || !t->fields[i].type)
			return;
	for (i = 0; i < t->nfields; i++) {
		struct type_field *f = &t->fields[i];
		const struct gdb_type_info *k = known_gdb_type(f->type);
		int bytes = k && k->bytes > 0 ? k->bytes : -1;
		if (bytes < 0) {
			WARN(im, n, "struct '%s': member '%s' of type '%s' cannot be laid out as a bit field; the def keeps it without a place",
			     t->id, f->name, f->type);
			return;
		}
		f->start = bit;
		f->end = bit + bytes * 8 - 1;
		bit += bytes * 8;
	}
	if (t->size_given && t->size * 8 != bit)
		WARN(im, n, "struct '%s' says size %d but its members make %d bytes", t->id, t->size, bit / 8);
	t->size = bit / 8;
	t->size_given = 1;
	if (im->opt->verbose)
		WARN(im, n, "struct '%s' of typed members written as bit fields (a def's structs hold bit fields)", t->id);
}

static void read_type(struct importer *im, xmlNode *n, size_t feature)
{
	const char *id = attr(n, "id");
	const char *kind = local_name(n);
	struct type *t;
	long long v;

	if (!id || !*id) {
		WARN(im, n, "<%s> without an id; ignored", kind);
		return;
	}
	if (!strcmp(kind, "enum")) {
		xmlNode *c;

		t = layout_add_type(im->l, id, TYPE_ENUM);
		if (attr_int(im, n, "size", 10, 1, 8, &v) == 1) {
			t->size = (int)v;
			t->size_given = 1;
		}
		for (c = n->children; c; c = c->next) {
			struct type_field *f;
			const char *vname = attr(c, "name");

			if (!is_elem(c, "evalue"))
				continue;
			f = type_add_field(t, vname ? vname : "");
			f->pos = pos_of(im, c);
			if (attr_int(im, c, "value", 0, 0, INT64_MAX, &v) == 1)
				f->value = v;
		}
	} else if (!strcmp(kind, "vector")) {
		const char *elem = attr(n, "type");
		t = layout_add_type(im->l, id, TYPE_VECTOR);
		if (elem)
			t->element = xstrdup(map_type(cur_map(im), elem));
		if (attr_int(im, n, "count", 10, 1, 65536, &v) == 1)
			t->count = (int)v;
	} else if (!strcmp(kind, "union")) {
		t = layout_add_type(im->l, id, TYPE_UNION);
		read_fields(im, n, t, 0);
	} else {
		int flags = !strcmp(kind, "flags");
		t = layout_add_type(im->l, id, flags ? TYPE_FLAGS : TYPE_STRUCT);
		if (attr_int(im, n, "size", 10, 1, 4096, &v) == 1) {
			t->size = (int)v;
			t->size_given = 1;
		}
		read_fields(im, n, t, 1);
		if (!flags)
			members_to_bitfields(im, n, t);
	}
	settle_type(im, n, feature);
}


/* ---- registers ---- */


static char *identifier_from(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!*s || (*s >= '0' && *s <= '9'))
		strbuf_addch(&sb, '_');
	for (; *s; s++)
		strbuf_addch(&sb, ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
				   (*s >= '0' && *s <= '9')) ? *s : '_');
	return strbuf_detach(&sb, NULL);
}

static void read_reg(struct importer *im, xmlNode *n, size_t feature)
{
	struct layout *l = im->l;
	const char *name = attr(n, "name"), *s;
	struct reg_extra *x;
	struct reg *r;
	long long v;

	if (!name || !*name) {
		ERR(im, n, "<reg> without a name");
		return;
	}
	r = layout_add_reg(l);
	r->pos = pos_of(im, n);
	if (is_identifier(name)) {
		r->name = xstrdup(name);
	} else {
		r->name = identifier_from(name);
		WARN(im, n, "register name '%s' is not an identifier; named '%s'", name, r->name);
	}
	reg_put_in_feature(l, r, feature);
	if (attr_int(im, n, "bitsize", 10, 1, 1 << 20, &v) == 1)
		r->bitsize = (int)v;
	else
		ERR(im, n, "register '%s' has no valid bitsize", name);
	if (attr_int(im, n, "regnum", 10, 0, INT_MAX - 1, &v) == 1)
		im->next_regnum = (int)v;
	/* the number after the last representable one would overflow an int
	 * (undefined behaviour, then negative numbers landing at byte 0) */
	if (im->next_regnum < 0 || im->next_regnum > INT_MAX - 1) {
		ERR(im, n, "register '%s' would be number %lld, past the largest register number (%d)",
		    name, (long long)INT_MAX, INT_MAX - 1);
		r->regnum = INT_MAX - 1;
	} else {
		r->regnum = im->next_regnum++;
	}
	s = attr(n, "type");
	r->type = xstrdup(s ? s : "int");
	s = attr(n, "group");
	/* every group a def can carry is kept (QEMU's cp_regs, s390x's psw):
	 * GDB makes a register group of any name; one that is no identifier
	 * (lldb-server's "General Purpose Registers") names the LLDB set only */
	if (s && (known_gdb_group(s) || is_identifier(s)))
		r->group = xstrdup(s);
	if ((s = attr(n, "save-restore")) && !strcmp(s, "no"))
		r->no_save_restore = 1;

	/* LLDB's extension attributes */
	if ((s = attr(n, "altname")) && is_identifier(s))
		r->altname = xstrdup(s);
	if ((s = attr(n, "generic"))) {
		if (known_lldb_generic(s))
			r->generic = xstrdup(s);
		else
			WARN(im, n, "unknown generic role '%s' of '%s' ignored", s, name);
	}
	if (attr_int(im, n, "dwarf_regnum", 0, 0, INT_MAX, &v) == 1)
		r->dwarf = v;
	if (attr_int(im, n, "ehframe_regnum", 0, 0, INT_MAX, &v) == 1 ||
	    attr_int(im, n, "gcc_regnum", 0, 0, INT_MAX, &v) == 1)
		r->ehframe = v;
	if ((s = attr(n, "encoding"))) {
		if (known_lldb_encoding(s))
			r->encoding = xstrdup(s);
		else
			WARN(im, n, "unknown encoding '%s' of '%s' ignored", s, name);
	}
	if ((s = attr(n, "format"))) {
		const char *def = import_format_name(s);
		if (def)
			r->format = xstrdup(def);
		else
			WARN(im, n, "unknown format '%s' of '%s' ignored", s, name);
	}

	GROW_ARRAY(im->extra, im->nextra);
	x = &im->extra[im->nextra++];
	memset(x, 0, sizeof(*x));
	x->value_regnum = x->group_id = -1;
	x->feature_types = im->nmaps - 1;
	if ((s = attr(n, "group")))
		x->group = xstrdup(s);
	if (attr_int(im, n, "offset", 0, 0, INT_MAX, &v) == 1) {
		x->has_offset = 1;
		r->stated_offset = v;
	}
	if ((s = attr(n, "value_regnums"))) {
		char *end;
		errno = 0;
		v = strtoll(s, &end, 0);
		if (end != s && !errno && v >= 0 && v < INT_MAX)
			x->value_regnum = (long)v;
	}
	if (attr_int(im, n, "group_id", 0, 0, INT_MAX, &v) == 1)
		x->group_id = (long)v;
}

static void read_feature(struct importer *im, xmlNode *n)
{
	const char *name = attr(n, "name");
	size_t feature;
	xmlNode *c;

	if (!name || !*name) {
		WARN(im, n, "<feature> without a name (GDB requires one); named 'org.regdefgen.unnamed'");
		name = "org.regdefgen.unnamed";
	}
	feature = layout_feature(im->l, name);
	if (!im->l->features[feature].pos.file)
		im->l->features[feature].pos = pos_of(im, n);
	GROW_ARRAY(im->maps, im->nmaps);
	memset(&im->maps[im->nmaps++], 0, sizeof(*im->maps));
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_elem(c, "reg"))
			read_reg(im, c, feature);
		else if (is_elem(c, "vector") || is_elem(c, "flags") ||
			 is_elem(c, "struct") || is_elem(c, "union") || is_elem(c, "enum"))
			read_type(im, c, feature);
		else if (im->opt->verbose && !is_elem(c, "description"))
			WARN(im, c, "unknown element <%s> in a feature ignored", (const char *)c->name);
	}
}

static void read_children(struct importer *im, xmlNode *parent);

static void read_include(struct importer *im, xmlNode *n)
{
	const char *href = attr(n, "href");
	char *annex, *text;
	size_t len;
	xmlDoc *doc;
	xmlNode *root;

	if (!href || !*href) {
		ERR(im, n, "<include> without an href");
		return;
	}
	if (im->depth >= MAX_INCLUDE_DEPTH_XML || im->nincludes >= MAX_INCLUDES) {
		ERR(im, n, "too many nested includes at '%s' (an include cycle?)", href);
		return;
	}
	im->nincludes++;
	/* files: relative to the including file, as GDB resolves them */
	if (im->fetch == fetch_file) {
		const char *base = n->doc ? (const char *)n->doc->URL : NULL;
		const char *slash = base ? strrchr(base, '/') : NULL;
		if (slash && href[0] != '/') {
			struct strbuf sb = STRBUF_INIT;
			strbuf_add(&sb, base, (size_t)(slash - base + 1));
			strbuf_addstr(&sb, href);
			annex = strbuf_detach(&sb, NULL);
		} else {
			annex = xstrdup(href);
		}
	} else {
		annex = xstrdup(href);
	}
	text = im->fetch(im->ctx, annex, &len);
	if (!text) {
		ERR(im, n, "cannot read included document '%s'", href);
		free(annex);
		return;
	}
	/* every file read is an input, which import -o must not replace */
	if (im->fetch == fetch_file)
		layout_add_file(im->l, annex);
	doc = parse_doc(text, len, annex);
	free(text);
	free(annex);
	if (!doc) {
		im->errors++;
		return;
	}
	root = xml->DocGetRootElement(doc);
	im->depth++;
	if (root && is_elem(root, "feature"))
		read_feature(im, root);
	else if (root && is_elem(root, "target"))
		read_children(im, root);
	else
		ERR(im, n, "included document '%s' is neither a <feature> nor a <target>", href);
	im->depth--;
	xml->FreeDoc(doc);
}

static void read_groups(struct importer *im, xmlNode *n)
{
	xmlNode *c;
	long long id;

	for (c = n->children; c; c = c->next) {
		const char *name;
		if (!is_elem(c, "group") || attr_int(im, c, "id", 0, 0, 4096, &id) != 1 ||
		    !(name = attr(c, "name")) || !*name)
			continue;
		while ((size_t)id >= im->ngroup_names) { /* id <= 4096 */
			GROW_ARRAY(im->group_names, im->ngroup_names);
			im->group_names[im->ngroup_names++] = NULL;
		}
		set_string(&im->group_names[id], name);
	}
}

static void set_arch_fact(struct importer *im, xmlNode *c, struct fact *f, const char *what)
{
	xmlChar *text = xml->NodeGetContent(c);
	char *s = xstrdup(text ? (const char *)text : ""), *p = s, *e;

	xml->Free(text);
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	if (f->value && strcmp(f->value, p))
		WARN(im, c, "second <%s> '%s' ignored (the first said '%s')", what, p, f->value);
	else if (*p)
		layout_set_fact(f, p);
	free(s);
}

static void read_children(struct importer *im, xmlNode *parent)
{
	xmlNode *c;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_elem(c, "architecture"))
			set_arch_fact(im, c, &im->l->gdb_architecture, "architecture");
		else if (is_elem(c, "osabi"))
			set_arch_fact(im, c, &im->l->gdb_osabi, "osabi");
		else if (is_elem(c, "feature"))
			read_feature(im, c);
		else if (is_elem(c, "include"))
			read_include(im, c);
		else if (is_elem(c, "groups"))
			read_groups(im, c);
		else if (!is_elem(c, "compatible") && im->opt->verbose)
			WARN(im, c, "unknown element <%s> ignored", (const char *)c->name);
	}
}

/* ---- after reading ---- */

/* 1 if t is a union whose members are all IEEE floats, one of them as
 * wide as the register (bits): a floating-point register that may hold
 * narrower values (NaN-boxed singles in RISC-V's 64-bit f registers). */
static int union_of_floats(struct layout *l, const struct type *t, int bits)
{
	size_t i;
	int full = 0;

	if (t->kind != TYPE_UNION || !t->nfields)
		return 0;
	for (i = 0; i < t->nfields; i++) {
		const char *ft = t->fields[i].type;
		int size;
		if (!ft || strncmp(ft, "ieee_", 5) || !known_gdb_type(ft))
			return 0;
		size = layout_type_size(l, NULL, NULL, ft, bits);
		if (size * 8 == bits)
			full = 1;
	}
	return full;
}

/* GDB has no "int" of 80 or 256 bits (it warns and mis-sizes it): a
 * register the architecture knows at that size takes the type of its
 * knowledge def (x87: i387_ext), anything else a vector of bytes. */
static void int_of_odd_size(struct importer *im, struct reg *r)
{
	struct layout *l = im->l;
	const struct arch_reg *k = arch_reg(arch_find(l->gdb_architecture.value), r->name);
	struct strbuf id = STRBUF_INIT;

	if (k && k->bits == r->bitsize && k->type && known_gdb_type(k->type)) {
		set_string(&r->type, k->type);
	} else {
		strbuf_addf(&id, "bytes%d", r->bitsize / 8);
		if (!type_scope_get(&im->types, r->feature, id.buf, NULL)) {
			struct type *t = layout_add_type(l, id.buf, TYPE_VECTOR);
			t->element = xstrdup("uint8");
			t->count = r->bitsize / 8;
			t->size = t->count;
			type_scope_add(&im->types, l, l->ntypes - 1, NULL);
		}
		set_string(&r->type, id.buf);
	}
	if (im->opt->verbose)
		diag_warning(r->pos, "'%s' is an int of %d bits, which GDB does not support; the def gives it type '%s'",
			     r->name, r->bitsize, r->type);
	strbuf_release(&id);
}

static void resolve_registers(struct importer *im)
{
	struct layout *l = im->l;
	size_t i;
	const struct arch *arch;

	if (!l->address_bits) {
		arch = arch_find(l->gdb_architecture.value);
		l->address_bits = arch ? arch->address_bits : 0;
	}
	if (!l->address_bits) {
		/* the size of the program counter, else 64 */
		for (i = 0; i < l->nregs; i++)
			if (!strcmp(l->regs[i].type, "code_ptr"))
				l->address_bits = l->regs[i].bitsize;
		if (!l->address_bits)
			l->address_bits = 64;
	}
	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		struct reg_extra *x;
		const char *mapped;
		int size;

		/* read_reg() pushed one extra per register, indexed by decl_order */
		assert(im->extra && r->decl_order < im->nextra);
		x = &im->extra[r->decl_order];
		mapped = map_type(&im->maps[x->feature_types], r->type);

		if (strcmp(mapped, r->type))
			set_string(&r->type, mapped);
		if (!strcmp(r->type, "int") && r->bitsize != 8 && r->bitsize != 16 &&
		    r->bitsize != 32 && r->bitsize != 64 && r->bitsize != 128 &&
		    r->bitsize % 8 == 0)
			int_of_odd_size(im, r);
		size = layout_type_size(l, &im->types, r->feature, r->type, r->bitsize);
		if (size < 0 && !known_gdb_type(r->type)) {
			diag_error(r->pos, "register '%s' has unknown type '%s' (GDB drops the whole description)",
				   r->name, r->type);
			im->errors++;
		} else if (size > 0 && size * 8 != r->bitsize &&
			   strcmp(r->type, "int") && strcmp(r->type, "float")) {
			diag_warning(r->pos, "register '%s' has bitsize %d but type '%s' is %d bits; GDB uses the type's size, and so does the def",
				     r->name, r->bitsize, r->type, size * 8);
			r->bitsize = size * 8;
		}
		/* LLDB's rule for encoding and format from the type, when the XML
		 * gives neither */
		if (!r->encoding && !r->format) {
			size_t at;
			long t = type_scope_get(&im->types, r->feature, r->type, &at) ? (long)at : -1;
			if (!strcmp(r->type, "code_ptr") || !strcmp(r->type, "data_ptr"))
				r->format = xstrdup("address");
			else if (!strcmp(r->type, "float") || !strncmp(r->type, "ieee_", 5)) {
				r->format = xstrdup("float");
				r->encoding = xstrdup("ieee754");
			} else if (t >= 0 && union_of_floats(l, &l->types[t], r->bitsize)) {
				/* QEMU's riscv_double {float, double}: a float
				 * register, as the RISC-V defs say (fpu.json);
				 * as bytes LLDB shows nothing a user can read */
				r->format = xstrdup("float");
				r->encoding = xstrdup("ieee754");
			} else if (!strncmp(r->type, "vec", 3) || !strcmp(r->type, "i387_ext") ||
				   !strcmp(r->type, "uint128") ||
				   (t >= 0 && (l->types[t].kind == TYPE_VECTOR ||
					       l->types[t].kind == TYPE_UNION))) {
				r->format = xstrdup("uint8_t[]");
				r->encoding = xstrdup("vector");
			}
		}
	}
}

/* LLDB's sets: <groups>/group_id, else a group attribute that is no GDB
 * group (an LLDB set name, as lldb-server writes). */
static void sets_from_xml(struct importer *im)
{
	struct layout *l = im->l;
	size_t i;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		struct reg_extra *x = &im->extra[r->decl_order];
		if (x->group_id >= 0 && (size_t)x->group_id < im->ngroup_names &&
		    im->group_names[x->group_id])
			reg_put_in_set(l, r, layout_set(l, im->group_names[x->group_id]));
		else if (x->group && *x->group && !known_gdb_group(x->group))
			reg_put_in_set(l, r, layout_set(l, x->group));
	}
}

/* Registers with value_regnums are LLDB sub-registers: slices. */
static void slices_from_value_regs(struct importer *im)
{
	struct layout *l = im->l;
	size_t i, kept = 0, n = l->nregs;
	long *parent = xmalloc((n ? n : 1) * sizeof(long));
	int *lsb = xcalloc(n ? n : 1, sizeof(int));

	for (i = 0; i < n; i++) {
		const struct reg *r = &l->regs[i];
		const struct reg_extra *x = &im->extra[r->decl_order];
		long p = x->value_regnum >= 0 ? layout_find_reg_by_regnum(l, (int)x->value_regnum) : -1;
		const struct reg *pr = p >= 0 ? &l->regs[p] : NULL;

		parent[i] = -1;
		if (x->value_regnum < 0)
			continue;
		if (pr && pr->stated_offset != NO_NUMBER && r->stated_offset != NO_NUMBER)
			lsb[i] = (int)(r->stated_offset - pr->stated_offset) * 8;
		if (pr && im->extra[pr->decl_order].value_regnum < 0 && lsb[i] >= 0 &&
		    lsb[i] + r->bitsize <= pr->bitsize && r->bitsize < pr->bitsize)
			parent[i] = p;
		else
			diag_warning(r->pos, "'%s' is a part of register %ld (value_regnums) that a def cannot describe as a slice; kept as a register of its own",
				     r->name, x->value_regnum);
	}
	for (i = 0; i < n; i++) {
		struct reg *r = &l->regs[i];
		if (parent[i] >= 0) {
			struct reg *sl = layout_add_slice(l);
			size_t order = sl->decl_order;
			*sl = *r; /* takes over r's strings */
			sl->decl_order = order;
			sl->is_slice = 1;
			sl->parent = xstrdup(l->regs[parent[i]].name);
			sl->lsb = lsb[i];
			sl->msb = lsb[i] + r->bitsize - 1;
			sl->regnum = sl->offset = NO_NUMBER;
			sl->stated_offset = NO_NUMBER;
			sl->dwarf = sl->ehframe = NO_NUMBER;
			set_string(&sl->type, NULL);
			set_string(&sl->group, NULL);
			set_string(&sl->feature, NULL);
		}
	}
	for (i = 0; i < n; i++)
		if (parent[i] < 0)
			l->regs[kept++] = l->regs[i];
	l->nregs = kept;
	free(parent);
	free(lsb);
}

/* Names a def can hold: LLDB looks register names up ignoring case, so a
 * def refuses two names that differ only in case, yet QEMU 7.2's AArch64
 * description has fpcr/fpsr (fpu) and FPCR/FPSR (system registers), and
 * its ARM one DUMMY five times.  A later register whose name is taken is
 * renamed NAME_REGNUM (then NAME_REGNUM_2, ...), with a warning; its remote
 * number, and so what p/P reach, is unchanged. */
static void unique_names(struct layout *l)
{
	struct hashtab seen = HASHTAB_INIT(HASHTAB_STRINGS_FOLD);
	size_t i, first;

	hashtab_reserve(&seen, l->nregs);
	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		struct strbuf nb = STRBUF_INIT;
		int k;

		if (hashtab_add(&seen, r->name, i, &first))
			continue;
		strbuf_addf(&nb, "%s_%d", r->name, r->regnum);
		for (k = 2; hashtab_get(&seen, strbuf_str(&nb), NULL); k++) {
			strbuf_reset(&nb);
			strbuf_addf(&nb, "%s_%d_%d", r->name, r->regnum, k);
		}
		diag_warning(r->pos, "'%s' (remote number %d) has the name of '%s' (remote number %d)%s: LLDB looks names up ignoring case, so a def needs them distinct; imported as '%s'",
			     r->name, r->regnum, l->regs[first].name, l->regs[first].regnum,
			     strcmp(r->name, l->regs[first].name) ? " but for case" : "", strbuf_str(&nb));
		if (!(r->shared & (1u << RK_NAME)))
			free(r->name);
		r->shared &= ~(1u << RK_NAME);
		r->name = strbuf_detach(&nb, NULL);
		hashtab_add(&seen, r->name, i, NULL);
	}
	hashtab_clear(&seen);
}

static struct layout *import_doc(struct importer *im, const char *annex)
{
	struct layout *l = im->l;
	size_t len, i;
	char *text = im->fetch(im->ctx, annex, &len);
	xmlDoc *doc;
	xmlNode *root;

	if (!text)
		return NULL;
	doc = parse_doc(text, len, im->fetch == fetch_file ? annex : l->source);
	free(text);
	if (!doc)
		return NULL;
	root = xml->DocGetRootElement(doc);
	if (!root || !is_elem(root, "target")) {
		diag_file_error(l->source, "not a GDB target description (the root element is <%s>, not <target>)",
				root ? (const char *)root->name : "nothing");
		xml->FreeDoc(doc);
		return NULL;
	}
	{
		const char *version = attr(root, "version");
		if (version && strcmp(version, "1.0"))
			diag_warning(pos_of(im, root), "<target version=\"%s\">: GDB accepts only 1.0", version);
	}
	read_children(im, root);
	xml->FreeDoc(doc);
	if (!l->nregs && !im->errors) {
		diag_file_error(l->source, "the description has no registers");
		im->errors++;
	}
	if (im->errors)
		return NULL;
	resolve_registers(im);
	layout_finish(l); /* sorts by regnum (stable: duplicates keep document order) */
	for (i = 1; i < l->nregs; i++)
		if (l->regs[i].regnum == l->regs[i - 1].regnum)
			diag_warning(l->regs[i].pos, "'%s' has the remote number %d of '%s' too; GDB gives both that number and puts both in the g packet",
				     l->regs[i].name, l->regs[i].regnum, l->regs[i - 1].name);
	unique_names(l);
	sets_from_xml(im);
	slices_from_value_regs(im);
	import_fill_from_knowledge(l, im->opt, "the description");
	layout_finish(l);
	return im->errors ? NULL : l;
}

static struct layout *run(struct importer *im, const char *annex)
{
	struct layout *l = import_doc(im, annex);
	size_t i, j;

	for (i = 0; i < im->nextra; i++)
		free(im->extra[i].group);
	free(im->extra);
	for (i = 0; i < im->nmaps; i++) {
		for (j = 0; j < im->maps[i].n; j++) {
			free(im->maps[i].from[j]);
			free(im->maps[i].to[j]);
		}
		free(im->maps[i].from);
		free(im->maps[i].to);
		hashtab_clear(&im->maps[i].index);
	}
	type_scope_clear(&im->types);
	free(im->maps);
	for (i = 0; i < im->ngroup_names; i++)
		free(im->group_names[i]);
	free(im->group_names);
	if (!l)
		layout_free(im->l);
	return l;
}

struct layout *import_xml_file(const char *path, const char *name,
			       const struct import_options *opt)
{
	struct importer im = { 0 };
	static const struct import_options none = { 0, 0, NULL, 0, 0 };

	im.opt = opt ? opt : &none;
	type_scope_init(&im.types);
	im.fetch = fetch_file;
	im.l = layout_new(name, path);
	layout_add_file(im.l, path);
	return run(&im, path);
}

struct layout *import_xml_fetch(xml_fetch_fn fetch, void *ctx, const char *source,
				const char *name, const struct import_options *opt)
{
	struct importer im = { 0 };
	static const struct import_options none = { 0, 0, NULL, 0, 0 };

	im.opt = opt ? opt : &none;
	type_scope_init(&im.types);
	im.fetch = fetch;
	im.ctx = ctx;
	im.l = layout_new(name, source);
	return run(&im, "target.xml");
}
