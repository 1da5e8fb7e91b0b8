/*
 * def-write.c: serialising a layout to the def format (see def-write.h).
 *
 * Strings go through jansson's encoder so every escape is JSON's own; the
 * layout of the text (indentation, line breaks) is written here.
 */
#include "import/def-write.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/hashtab.h"
#include "model/known.h"

/* Where the lines written so far came from (def_write_lines), or none. */
struct line_map {
	struct srcpos *pos;
	size_t n;
	size_t scanned; /* bytes of out already counted */
	struct srcpos top; /* the layout's source, no line */
	/* a set or feature an importer made (from a group, say) has no
	 * position of its own: the first register in it stands for it */
	struct srcpos *first_in_set, *first_in_feature;
};

/* The lines completed since the last mark came from pos (a position
 * without a file: from the layout as a whole). */
static void mark(struct line_map *m, const struct strbuf *out, struct srcpos pos)
{
	if (!m)
		return;
	if (!pos.file)
		pos = m->top;
	for (; m->scanned < out->len; m->scanned++) {
		if (out->buf[m->scanned] != '\n')
			continue;
		GROW_ARRAY(m->pos, m->n);
		m->pos[m->n++] = pos;
	}
}

static void add_json_string(struct strbuf *out, const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *text = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;

	if (!text) {
		/* not UTF-8: keep the bytes that are printable ASCII */
		strbuf_addch(out, '"');
		for (; s && *s; s++)
			if (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
				strbuf_addch(out, *s);
		strbuf_addch(out, '"');
	} else {
		strbuf_addstr(out, text);
	}
	free(text);
	json_decref(j);
}

/* Member writers: each adds ", "KEY": VALUE" (or without the comma for the
 * first member of an object, tracked by *first). */
static void key(struct strbuf *out, int *first, const char *k)
{
	if (!*first)
		strbuf_addstr(out, ", ");
	*first = 0;
	add_json_string(out, k);
	strbuf_addstr(out, ": ");
}

static void str_member(struct strbuf *out, int *first, const char *k, const char *v)
{
	if (!v)
		return;
	key(out, first, k);
	add_json_string(out, v);
}

static void int_member(struct strbuf *out, int *first, const char *k, long long v)
{
	key(out, first, k);
	strbuf_addf(out, "%lld", v);
}

/* The value most registers have for a string key (feature, set), or NULL. */
/* The value most registers have (the first of equals, in register order),
 * counted through a hash map: one pass to count, one to pick, so 100,000
 * registers cost 100,000 lookups, not 10^10 comparisons. */
static const char *most_common(const struct reg *regs, size_t n, int which)
{
	struct hashtab seen = HASHTAB_INIT(HASHTAB_STRINGS);
	size_t *count = xcalloc(n ? n : 1, sizeof(size_t));
	const char *best = NULL;
	size_t i, slot, best_count = 0, distinct = 0;

	for (i = 0; i < n; i++) {
		const char *v = which ? regs[i].set : regs[i].feature;
		if (!v)
			continue;
		if (hashtab_add(&seen, v, distinct, &slot))
			slot = distinct++;
		count[slot]++;
	}
	for (i = 0; i < n; i++) {
		const char *v = which ? regs[i].set : regs[i].feature;
		if (v && hashtab_get(&seen, v, &slot) && count[slot] > best_count) {
			best = v;
			best_count = count[slot];
		}
	}
	hashtab_clear(&seen);
	free(count);
	return best;
}

static void write_target(struct strbuf *out, const struct layout *l)
{
	int first = 1;

	strbuf_addstr(out, "  \"target\": {");
	str_member(out, &first, "gdb_architecture", l->gdb_architecture.value);
	str_member(out, &first, "gdb_osabi", l->gdb_osabi.value);
	if (l->address_bits)
		int_member(out, &first, "address_bits", l->address_bits);
	str_member(out, &first, "endian", l->endian.value);
	str_member(out, &first, "lldb_triple", l->lldb_triple.value);
	if (l->has_breakpoint_pc_offset)
		int_member(out, &first, "lldb_breakpoint_pc_offset", l->breakpoint_pc_offset);
	str_member(out, &first, "g_offsets", l->g_offsets.value);
	strbuf_addstr(out, "},\n");
}

static void write_named(struct strbuf *out, const char *what, size_t n,
			const char *(*id)(const struct layout *, size_t),
			const char *(*name)(const struct layout *, size_t),
			struct srcpos (*pos)(const struct layout *, const struct line_map *, size_t),
			const struct layout *l, struct line_map *m)
{
	size_t i;

	strbuf_addf(out, "  \"%s\": [\n", what);
	mark(m, out, (struct srcpos){ NULL, 0, 0 });
	for (i = 0; i < n; i++) {
		int first = 1;
		strbuf_addstr(out, "    {");
		str_member(out, &first, "id", id(l, i));
		str_member(out, &first, "name", name(l, i));
		strbuf_addstr(out, i + 1 < n ? "},\n" : "}\n");
		if (m)
			mark(m, out, pos(l, m, i));
	}
	strbuf_addstr(out, "  ],\n");
}

static const char *feature_id(const struct layout *l, size_t i) { return l->features[i].id; }
static const char *feature_name(const struct layout *l, size_t i) { return l->features[i].name; }
static struct srcpos feature_pos(const struct layout *l, const struct line_map *m, size_t i)
{
	return l->features[i].pos.file ? l->features[i].pos : m->first_in_feature[i];
}
static const char *set_id(const struct layout *l, size_t i) { return l->sets[i].id; }
static const char *set_name(const struct layout *l, size_t i) { return l->sets[i].name; }
static struct srcpos set_pos(const struct layout *l, const struct line_map *m, size_t i)
{
	return l->sets[i].pos.file ? l->sets[i].pos : m->first_in_set[i];
}

static void write_types(struct strbuf *out, const struct layout *l, struct line_map *m)
{
	size_t i, j;

	strbuf_addstr(out, "  \"types\": [\n");
	mark(m, out, (struct srcpos){ NULL, 0, 0 });
	for (i = 0; i < l->ntypes; i++) {
		const struct type *t = &l->types[i];
		int first = 1;

		strbuf_addstr(out, "    {");
		str_member(out, &first, "id", t->id);
		str_member(out, &first, "kind", type_kind_names[t->kind]);
		str_member(out, &first, "feature", t->feature);
		if (t->size_given && t->size != NO_NUMBER)
			int_member(out, &first, "size", t->size);
		if (t->kind == TYPE_VECTOR) {
			str_member(out, &first, "type", t->element);
			if (t->count != NO_NUMBER)
				int_member(out, &first, "count", t->count);
		}
		if (t->nfields) {
			key(out, &first, "fields");
			strbuf_addstr(out, "[\n");
			mark(m, out, t->pos);
			for (j = 0; j < t->nfields; j++) {
				const struct type_field *f = &t->fields[j];
				int ff = 1;
				strbuf_addstr(out, "      {");
				str_member(out, &ff, "name", f->name);
				str_member(out, &ff, "type", f->type);
				if (f->start != NO_NUMBER)
					int_member(out, &ff, "start", f->start);
				if (f->end != NO_NUMBER)
					int_member(out, &ff, "end", f->end);
				if (f->value != NO_NUMBER)
					int_member(out, &ff, "value", f->value);
				strbuf_addstr(out, j + 1 < t->nfields ? "},\n" : "}\n");
				mark(m, out, f->pos);
			}
			strbuf_addstr(out, "    ]");
		}
		strbuf_addstr(out, i + 1 < l->ntypes ? "},\n" : "}\n");
		mark(m, out, t->pos);
	}
	strbuf_addstr(out, "  ],\n");
}

static void write_lldb_keys(struct strbuf *out, int *first, const struct reg *r,
			    const char *default_set)
{
	if (r->set && (!default_set || strcmp(r->set, default_set)))
		str_member(out, first, "set", r->set);
	if (r->encoding && strcmp(r->encoding, LLDB_DEFAULT_ENCODING))
		str_member(out, first, "encoding", r->encoding);
	if (r->format && strcmp(r->format, LLDB_DEFAULT_FORMAT))
		str_member(out, first, "format", r->format);
	str_member(out, first, "generic", r->generic);
	str_member(out, first, "altname", r->altname);
}

static void write_def(struct strbuf *out, const struct layout *l, struct line_map *m)
{
	const char *dfeature = most_common(l->regs, l->nregs, 0);
	const char *dset = most_common(l->regs, l->nregs, 1);
	size_t i;

	strbuf_addstr(out, "{\n");
	if (l->description.value) {
		strbuf_addstr(out, "  \"description\": ");
		add_json_string(out, l->description.value);
		strbuf_addstr(out, ",\n");
	}
	write_target(out, l);
	mark(m, out, (struct srcpos){ NULL, 0, 0 });
	write_named(out, "features", l->nfeatures, feature_id, feature_name, feature_pos, l, m);
	write_named(out, "sets", l->nsets, set_id, set_name, set_pos, l, m);
	if (l->ntypes)
		write_types(out, l, m);
	if (dfeature || dset) {
		int first = 1;
		strbuf_addstr(out, "  \"defaults\": {");
		str_member(out, &first, "feature", dfeature);
		str_member(out, &first, "set", dset);
		strbuf_addstr(out, "},\n");
	}
	strbuf_addstr(out, "  \"registers\": [\n");
	mark(m, out, (struct srcpos){ NULL, 0, 0 });
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		int first = 1;

		strbuf_addstr(out, "    {");
		str_member(out, &first, "name", r->name);
		str_member(out, &first, "lldb_name", r->lldb_name);
		int_member(out, &first, "bitsize", r->bitsize);
		if (r->type && strcmp(r->type, "int"))
			str_member(out, &first, "type", r->type);
		str_member(out, &first, "group", r->group);
		if (r->feature && (!dfeature || strcmp(r->feature, dfeature)))
			str_member(out, &first, "feature", r->feature);
		write_lldb_keys(out, &first, r, dset);
		if (r->dwarf != NO_NUMBER)
			int_member(out, &first, "dwarf", r->dwarf);
		if (r->ehframe != NO_NUMBER && r->ehframe != r->dwarf)
			int_member(out, &first, "ehframe", r->ehframe);
		if (r->stated_regnum != NO_NUMBER)
			int_member(out, &first, "regnum", r->stated_regnum);
		if (r->stated_offset != NO_NUMBER)
			int_member(out, &first, "offset", r->stated_offset);
		if (r->not_in_g) {
			key(out, &first, "g");
			strbuf_addstr(out, "false");
		}
		if (r->no_save_restore) {
			key(out, &first, "save_restore");
			strbuf_addstr(out, "false");
		}
		strbuf_addstr(out, i + 1 < l->nregs ? "},\n" : "}\n");
		mark(m, out, r->pos);
	}
	strbuf_addstr(out, l->nslices ? "  ],\n" : "  ]\n");
	if (l->nslices) {
		strbuf_addstr(out, "  \"slices\": [\n");
		mark(m, out, (struct srcpos){ NULL, 0, 0 });
		for (i = 0; i < l->nslices; i++) {
			const struct reg *s = &l->slices[i];
			int first = 1;

			strbuf_addstr(out, "    {");
			str_member(out, &first, "name", s->name);
			str_member(out, &first, "lldb_name", s->lldb_name);
			if (s->composite) {
				size_t j;
				key(out, &first, "composite");
				strbuf_addch(out, '[');
				for (j = 0; j < s->ncomposite; j++) {
					if (j)
						strbuf_addstr(out, ", ");
					add_json_string(out, s->composite[j]);
				}
				strbuf_addch(out, ']');
			} else {
				str_member(out, &first, "parent", s->parent);
				int_member(out, &first, "msb", s->msb);
				int_member(out, &first, "lsb", s->lsb);
			}
			write_lldb_keys(out, &first, s, dset);
			strbuf_addstr(out, i + 1 < l->nslices ? "},\n" : "}\n");
			mark(m, out, s->pos);
		}
		strbuf_addstr(out, "  ]\n");
	}
	strbuf_addstr(out, "}\n");
	mark(m, out, (struct srcpos){ NULL, 0, 0 });
}

void def_write(struct strbuf *out, const struct layout *l)
{
	write_def(out, l, NULL);
}

void def_write_lines(struct strbuf *out, const struct layout *l,
		     struct srcpos **lines, size_t *nlines)
{
	struct line_map m = { NULL, 0, out->len, { l->source, 0, 0 }, NULL, NULL };
	size_t i;

	m.first_in_set = xcalloc(l->nsets + 1, sizeof(*m.first_in_set));
	m.first_in_feature = xcalloc(l->nfeatures + 1, sizeof(*m.first_in_feature));
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		if (r->set_index >= 0 && (size_t)r->set_index < l->nsets &&
		    !m.first_in_set[r->set_index].file)
			m.first_in_set[r->set_index] = r->pos;
		if (r->feature && r->feature_index < l->nfeatures &&
		    !m.first_in_feature[r->feature_index].file)
			m.first_in_feature[r->feature_index] = r->pos;
	}
	write_def(out, l, &m);
	free(m.first_in_set);
	free(m.first_in_feature);
	*lines = m.pos;
	*nlines = m.n;
}
