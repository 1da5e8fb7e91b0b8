/*
 * view.c: the checked model as template data (see view.h).
 *
 * Everything a backend prints is decided here, once: the LLDB spelling of a
 * name, the lldb module constant of a format, the C macro name of a
 * register, which types each GDB feature must define and in what order.  A
 * template that needs a new fact gets a new key here rather than logic of
 * its own.
 */
#include "view.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "known.h"
#include "strbuf.h"
#include "strmap.h"
#include "version.h"

char *comment_safe(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			strbuf_addch(&sb, ' ');
		else if (c == '/' && sb.len && sb.buf[sb.len - 1] == '*')
			strbuf_addstr(&sb, " /");
		else if (c == '-' && sb.len && sb.buf[sb.len - 1] == '-')
			strbuf_addstr(&sb, " -");
		else
			strbuf_addch(&sb, c);
	}
	/* an XML comment cannot end with '-' before "-->" */
	if (sb.len && sb.buf[sb.len - 1] == '-')
		strbuf_addch(&sb, ' ');
	return strbuf_detach(&sb, NULL);
}

static char *upper(const char *s)
{
	char *u = xstrdup(s), *p;

	for (p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

static void set_str(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}

static void set_int(json_t *obj, const char *key, long long value)
{
	json_object_set_new(obj, key, json_integer(value));
}

static void set_owned(json_t *obj, const char *key, char *value)
{
	set_str(obj, key, value);
	free(value);
}

static const char *lldb_name(const struct reg *r)
{
	return r->lldb_name ? r->lldb_name : r->name;
}

/* The keys shared by registers and slices: what LLDB needs. */
static json_t *lldb_view(const struct layout *l, const struct reg *r)
{
	json_t *o = json_object();
	const char *encoding = r->encoding ? r->encoding : "uint";
	const char *format = r->format ? r->format : "hex";
	const struct lldb_format_info *f = known_lldb_format(format);

	set_str(o, "name", r->name);
	set_str(o, "lldb_name", lldb_name(r));
	set_int(o, "bitsize", r->bitsize);
	set_int(o, "size", r->bitsize / 8);
	set_int(o, "lldb_index", r->regnum);
	set_int(o, "set", r->set_index);
	set_str(o, "set_name", l->sets[r->set_index].name);
	set_str(o, "encoding", encoding);
	set_str(o, "lldb_encoding", known_lldb_encoding(encoding)->constant);
	set_str(o, "format", format);
	set_str(o, "lldb_format", f->constant);
	set_str(o, "format_wire", f->wire_name);
	set_str(o, "altname", r->altname);
	if (r->generic) {
		set_str(o, "generic", r->generic);
		set_str(o, "lldb_generic", known_lldb_generic(r->generic)->constant);
	}
	json_object_set_new(o, "is_slice", json_boolean(r->is_slice));
	return o;
}

static json_t *register_view(const struct layout *l, const struct reg *r,
			     const struct reg *prev)
{
	json_t *o = lldb_view(l, r);
	char *NAME = upper(r->name);

	set_str(o, "NAME", NAME);
	set_int(o, "regnum", r->regnum);
	set_int(o, "offset", r->offset);
	set_str(o, "type", r->type);
	set_str(o, "group", r->group);
	set_str(o, "feature", l->features[r->feature_index].name);
	if (r->dwarf != NO_NUMBER)
		set_int(o, "dwarf", r->dwarf);
	if (r->ehframe != NO_NUMBER)
		set_int(o, "ehframe", r->ehframe);
	if (prev)
		set_owned(o, "prev_NAME", upper(prev->name));
	free(NAME);
	return o;
}

static json_t *slice_view(const struct layout *l, const struct reg *s)
{
	json_t *o = lldb_view(l, s);
	const struct reg *p = &l->regs[s->parent_index];

	set_str(o, "parent", lldb_name(p));
	set_str(o, "parent_gdb_name", p->name);
	set_int(o, "msb", s->msb);
	set_int(o, "lsb", s->lsb);
	set_int(o, "offset", s->offset);
	return o;
}

static json_t *type_view(const struct type *t)
{
	static const char *const kinds[] = { "flags", "vector", "union", "struct" };
	json_t *o = json_object(), *fields = json_array();
	size_t i;

	set_str(o, "id", t->id);
	set_str(o, "kind", kinds[t->kind]);
	json_object_set_new(o, "is_flags", json_boolean(t->kind == TYPE_FLAGS));
	json_object_set_new(o, "is_vector", json_boolean(t->kind == TYPE_VECTOR));
	json_object_set_new(o, "is_union", json_boolean(t->kind == TYPE_UNION));
	json_object_set_new(o, "is_struct", json_boolean(t->kind == TYPE_STRUCT));
	set_int(o, "size", t->size);
	set_str(o, "element", t->element);
	if (t->count != NO_NUMBER)
		set_int(o, "count", t->count);
	for (i = 0; i < t->nfields; i++) {
		const struct type_field *f = &t->fields[i];
		json_t *fo = json_object();
		set_str(fo, "name", f->name);
		set_str(fo, "type", f->type);
		if (f->start != NO_NUMBER) {
			set_int(fo, "start", f->start);
			/* a field without end runs to the top bit of its type */
			set_int(fo, "end", f->end != NO_NUMBER ? f->end : t->size * 8 - 1);
		}
		json_array_append_new(fields, fo);
	}
	json_object_set_new(o, "fields", fields);
	return o;
}

/* Appends type name (if user-defined) and the types it uses, each before
 * its users and each once per feature. */
static void add_type(const struct layout *l, const struct strmap *types,
		     const char *name, unsigned char *seen, json_t *out)
{
	size_t t, i;
	const struct type *ty;

	if (!name || !strmap_get(types, name, &t) || seen[t])
		return;
	seen[t] = 1;
	ty = &l->types[t];
	add_type(l, types, ty->element, seen, out);
	for (i = 0; i < ty->nfields; i++)
		add_type(l, types, ty->fields[i].type, seen, out);
	json_array_append_new(out, type_view(ty));
}

static json_t *features_view(const struct layout *l, json_t *registers)
{
	json_t *features = json_array();
	struct strmap types = STRMAP_INIT;
	json_t **regs_of = xcalloc(l->nfeatures ? l->nfeatures : 1, sizeof(json_t *));
	json_t **types_of = xcalloc(l->nfeatures ? l->nfeatures : 1, sizeof(json_t *));
	unsigned char *seen = xcalloc(l->nfeatures * (l->ntypes + 1) + 1, 1);
	size_t i;

	for (i = 0; i < l->ntypes; i++)
		strmap_add(&types, l->types[i].id, i, NULL);
	for (i = 0; i < l->nfeatures; i++) {
		regs_of[i] = json_array();
		types_of[i] = json_array();
	}
	for (i = 0; i < l->nregs; i++) {
		size_t f = l->regs[i].feature_index;
		add_type(l, &types, l->regs[i].type, seen + f * (l->ntypes + 1),
			 types_of[f]);
		json_array_append(regs_of[f], json_array_get(registers, i));
	}
	for (i = 0; i < l->nfeatures; i++) {
		if (json_array_size(regs_of[i])) {
			json_t *o = json_object();
			set_str(o, "id", l->features[i].id);
			set_str(o, "name", l->features[i].name);
			json_object_set_new(o, "types", types_of[i]);
			json_object_set_new(o, "registers", regs_of[i]);
			json_array_append_new(features, o);
		} else {
			json_decref(types_of[i]);
			json_decref(regs_of[i]);
		}
	}
	strmap_clear(&types);
	free(regs_of);
	free(types_of);
	free(seen);
	return features;
}

json_t *view_build(const struct layout *l)
{
	json_t *v = json_object();
	json_t *sets = json_array(), *registers = json_array();
	json_t *slices = json_array(), *lldb_registers = json_array();
	char *IDENT = upper(l->ident);
	size_t i;

	set_str(v, "generator", "regdefgen");
	set_str(v, "version", REGDEFGEN_VERSION);
	set_str(v, "layout", l->name);
	set_str(v, "ident", l->ident);
	set_str(v, "IDENT", IDENT);
	set_str(v, "source", l->source);
	set_owned(v, "source_comment", comment_safe(l->source));
	if (l->description.value) {
		set_str(v, "description", l->description.value);
		set_owned(v, "description_comment", comment_safe(l->description.value));
	}
	set_int(v, "g_packet_size", l->g_packet_size);
	set_int(v, "num_registers", (long long)l->nregs);
	set_int(v, "num_slices", (long long)l->nslices);
	set_int(v, "num_lldb_registers", (long long)(l->nregs + l->nslices));
	set_int(v, "address_bits", l->address_bits);
	set_str(v, "endian", l->endian.value);
	json_object_set_new(v, "little_endian",
			    json_boolean(!strcmp(l->endian.value, "little")));
	set_str(v, "gdb_architecture", l->gdb_architecture.value);
	set_str(v, "gdb_osabi", l->gdb_osabi.value);
	set_str(v, "lldb_triple", l->lldb_triple.value);
	if (l->has_breakpoint_pc_offset)
		set_int(v, "lldb_breakpoint_pc_offset", l->breakpoint_pc_offset);

	for (i = 0; i < l->nsets; i++) {
		json_t *s = json_object();
		set_int(s, "index", (long long)i);
		set_str(s, "id", l->sets[i].id);
		set_str(s, "name", l->sets[i].name);
		json_array_append_new(sets, s);
	}
	for (i = 0; i < l->nregs; i++) {
		json_t *r = register_view(l, &l->regs[i], i ? &l->regs[i - 1] : NULL);
		json_array_append_new(registers, r);
		json_array_append(lldb_registers, r);
	}
	for (i = 0; i < l->nslices; i++) {
		json_t *s = slice_view(l, &l->slices[i]);
		json_array_append_new(slices, s);
		json_array_append(lldb_registers, s);
	}
	json_object_set_new(v, "sets", sets);
	json_object_set_new(v, "features", features_view(l, registers));
	json_object_set_new(v, "registers", registers);
	json_object_set_new(v, "slices", slices);
	json_object_set_new(v, "lldb_registers", lldb_registers);
	if (l->nregs)
		set_owned(v, "last_NAME", upper(l->regs[l->nregs - 1].name));
	free(IDENT);
	return v;
}

void view_add_target_xml(json_t *view, const char *xml, size_t len)
{
	json_t *lines = json_array();
	const char *p = xml, *end = xml + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		json_t *o = json_object();
		json_object_set_new(o, "text", json_stringn(p, (size_t)(stop - p)));
		json_array_append_new(lines, o);
		p = nl ? nl + 1 : end;
	}
	json_object_set_new(view, "target_xml_lines", lines);
	json_object_set_new(view, "target_xml_size", json_integer((json_int_t)len));
}
