/*
 * archgen.c: the build-time generator of regdefgen's architecture tables
 * (build/gen/arch-data.c, the data behind gen/arch/arch.h).
 *
 *   archgen -o OUT.c defs/FAMILY/arch.json...
 *
 * Each arch.json names a family's architectures; each architecture names a
 * knowledge def (an ordinary def, loaded and checked by the model layer
 * like any layout) whose registers, sets, slices and target facts become
 * the tables, plus the few facts a def cannot hold (how GDB and LLDB name
 * the architecture, the triples import writes, lint rules on features).
 * This is the TableGen idea: the facts are written once, in defs/, and the
 * C is derived from them, so the lint can no longer disagree with the
 * shipped layouts.  Built from the base and model layers only: it runs
 * before the rest of regdefgen exists.
 *
 * Errors are "file:line:col: error: ..." and exit 1 with OUT untouched.
 * The output depends only on the inputs (deterministic, in input order).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/strbuf.h"
#include "model/diag.h"
#include "model/jsonpos.h"
#include "model/load.h"

struct input {
	const char *file;
	struct jsonpos *jp;
	int errors;     /* reported in this file: one_family() returns it */
};

/* Reports an error in the arch.json being read and counts it there. */
#define ERROR(in, ...) do { (in)->errors++; diag_error(__VA_ARGS__); } while (0)

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(f)) {
		fclose(f);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(f);
	strbuf_addstr(&sb, ""); /* a buffer even for an empty file */
	return strbuf_detach(&sb, len);
}

/* A C string literal for s, or NULL. */
static void lit(struct strbuf *out, const char *s)
{
	if (!s) {
		strbuf_addstr(out, "NULL");
		return;
	}
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			strbuf_addf(out, "\\%03o", c);
		else
			strbuf_addch(out, c);
	}
	strbuf_addch(out, '"');
}

/* A C identifier made of name ("x86_64", "riscv:rv64" -> "riscv_rv64"). */
static void ident(struct strbuf *out, const char *name)
{
	for (; *name; name++)
		strbuf_addch(out, isalnum((unsigned char)*name) ? *name : '_');
}

/* member key of obj as a string, or NULL; wrong type: an error */
static const char *get_str(struct input *in, json_t *obj, const char *key, int required)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			ERROR(in, jsonpos_node(in->jp, obj), "'%s' is required", key);
		return NULL;
	}
	if (!json_is_string(v)) {
		ERROR(in, jsonpos_value(in->jp, obj, key), "'%s' must be a string", key);
		return NULL;
	}
	return json_string_value(v);
}

static int get_bool(struct input *in, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v && !json_is_boolean(v))
		ERROR(in, jsonpos_value(in->jp, obj, key), "'%s' must be true or false", key);
	return v && json_is_true(v);
}

/* A NULL-terminated array of the strings of member key. */
static void str_array(struct input *in, json_t *obj, const char *key,
		      struct strbuf *out, const char *cname)
{
	json_t *v = json_object_get(obj, key);
	size_t i;

	strbuf_addf(out, "static const char *const %s[] = { ", cname);
	if (v && !json_is_array(v))
		ERROR(in, jsonpos_value(in->jp, obj, key), "'%s' must be an array of strings", key);
	for (i = 0; v && json_is_array(v) && i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e) || !json_string_length(e)) {
			ERROR(in, jsonpos_elem(in->jp, v, i), "'%s' must hold non-empty strings", key);
			continue;
		}
		lit(out, json_string_value(e));
		strbuf_addstr(out, ", ");
	}
	strbuf_addstr(out, "NULL };\n");
}

static const struct feature *feature_by_id(const struct layout *l, const char *id)
{
	size_t i;

	for (i = 0; id && i < l->nfeatures; i++)
		if (!strcmp(l->features[i].id, id))
			return &l->features[i];
	return NULL;
}

static void check_keys(struct input *in, json_t *obj, const char *const *known)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	json_object_foreach(obj, key, v) {
		const char *const *k;
		for (k = known; *k && strcmp(*k, key); k++)
			;
		if (!*k)
			ERROR(in, jsonpos_member_key(in->jp, obj, i, key), "unknown key '%s'", key);
		i++;
	}
}

/* "byte_orders": the byte orders regdefgen supports for the architecture
 * (not every one the CPU has), each "little" or "big", the knowledge
 * def's among them. */
static void byte_orders(struct input *in, json_t *a, const char *endian)
{
	json_t *v = json_object_get(a, "byte_orders");
	size_t i;
	int has = 0;

	if (!v || !json_is_array(v) || !json_array_size(v)) {
		ERROR(in, v ? jsonpos_value(in->jp, a, "byte_orders") : jsonpos_node(in->jp, a),
			   "'byte_orders' is required: a non-empty array of \"little\" and \"big\"");
		return;
	}
	for (i = 0; i < json_array_size(v); i++) {
		const char *o = json_string_value(json_array_get(v, i));
		if (!o || (strcmp(o, "little") && strcmp(o, "big")))
			ERROR(in, jsonpos_elem(in->jp, v, i), "a byte order is \"little\" or \"big\"");
		else if (endian && !strcmp(o, endian))
			has = 1;
	}
	if (endian && !has)
		ERROR(in, jsonpos_value(in->jp, a, "byte_orders"), "the knowledge def is %s-endian, which 'byte_orders' does not list", endian);
}

/* The knowledge defs whose tables a family has written, and the ident
 * that names them: an architecture that is another's registers with other
 * target facts (x32: x86_64's) shares that one's tables, not a copy. */
struct written_defs {
	char **paths, **ids;
	size_t n;
};

/* The tables of one architecture; the struct arch's name goes to *list. */
static void one_arch(struct input *in, const char *dir, const char *family,
		     const char *hooks, json_t *a, struct strbuf *out, struct strbuf *list,
		     struct written_defs *written)
{
	static const char *const keys[] = {
		"name", "def", "gdb_code", "dwarf_abi", "gdb_names", "triple_cpus",
		"triple_linux", "triple_other", "gdb_default", "xml_registers",
		"required_feature", "lldb_abi_roles", "gdb_accepts_altnames", "features", "gdb_architecture",
		"address_bits", "byte_orders", NULL
	};
	static const char *const rule_keys[] = {
		"feature", "outside", "forbidden", "unless_osabi", NULL
	};
	const char *name = get_str(in, a, "name", 1);
	const char *def = get_str(in, a, "def", 1);
	const char *req = get_str(in, a, "required_feature", 0);
	/* an architecture that is another's registers with other target
	 * facts (x32: x86_64's with 32-bit pointers) states only those */
	const char *gdb_arch = get_str(in, a, "gdb_architecture", 0);
	json_t *bits = json_object_get(a, "address_bits");
	json_t *rules = json_object_get(a, "features");
	struct strbuf id = STRBUF_INIT, path = STRBUF_INIT, cn = STRBUF_INIT;
	struct layout *l;
	const struct feature *reqf = NULL;
	size_t i, nslices = 0, nrules = 0;
	const char *tables = NULL; /* ident of the regs, sets and slices */

	check_keys(in, a, keys);
	if (!name || !def)
		return;
	ident(&id, name);
	strbuf_addf(&path, "%s/%s", dir, def);
	l = load_checked_layout(path.buf);
	if (!l) {
		ERROR(in, jsonpos_value(in->jp, a, "def"), "the knowledge def '%s' of '%s' is not valid", path.buf, name);
		goto out;
	}
	if (bits && (!json_is_integer(bits) || json_integer_value(bits) < 8 ||
		     json_integer_value(bits) > 128))
		ERROR(in, jsonpos_value(in->jp, a, "address_bits"), "'address_bits' must be a number of bits (8 to 128)");
	if (!l->gdb_architecture.value || !l->address_bits || !l->endian.value)
		ERROR(in, jsonpos_value(in->jp, a, "def"), "'%s' must state gdb_architecture, address_bits and endian", path.buf);
	byte_orders(in, a, l->endian.value);
	if (req && !(reqf = feature_by_id(l, req)))
		diag_error(jsonpos_value(in->jp, a, "required_feature"), "'%s' defines no feature '%s'", path.buf, req);

	strbuf_addf(out, "\n/* %s, from %s */\n", name, path.buf);
	strbuf_reset(&cn);
	strbuf_addf(&cn, "%s_gdb_names", id.buf);
	str_array(in, a, "gdb_names", out, cn.buf);
	strbuf_reset(&cn);
	strbuf_addf(&cn, "%s_triple_cpus", id.buf);
	str_array(in, a, "triple_cpus", out, cn.buf);
	strbuf_reset(&cn);
	strbuf_addf(&cn, "%s_byte_orders", id.buf);
	str_array(in, a, "byte_orders", out, cn.buf);

	for (i = 0; i < written->n && !tables; i++)
		if (!strcmp(written->paths[i], path.buf))
			tables = written->ids[i];
	/* sub-registers of one parent only: composites are LLDB's own
	 * construction of a layout's parts, not something to add */
	for (i = 0; i < l->nslices; i++)
		if (!l->slices[i].composite && l->slices[i].parent)
			nslices++;
	if (tables) {
		strbuf_addf(out, "/* registers, sets and sub-registers: %s's (the same def) */\n", tables);
		goto rules;
	}
	GROW_ARRAY(written->paths, written->n);
	GROW_ARRAY(written->ids, written->n);
	written->paths[written->n] = xstrdup(path.buf);
	written->ids[written->n++] = xstrdup(id.buf);
	tables = written->ids[written->n - 1];

	strbuf_addf(out, "static const struct arch_reg %s_regs[] = {\n", id.buf);
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		const struct feature *f = feature_by_id(l, r->feature);
		strbuf_addstr(out, "\t{ ");
		lit(out, r->name);
		strbuf_addstr(out, ", ");
		lit(out, r->lldb_name);
		strbuf_addstr(out, ", ");
		lit(out, r->altname);
		strbuf_addf(out, ", %d, ", r->bitsize);
		lit(out, r->type);
		strbuf_addf(out, ", %lld, ", (long long)r->dwarf);
		lit(out, f ? f->name : NULL);
		strbuf_addstr(out, ", ");
		lit(out, r->set);
		strbuf_addstr(out, ", ");
		lit(out, r->generic);
		strbuf_addstr(out, " },\n");
	}
	strbuf_addstr(out, "};\n");

	strbuf_addf(out, "static const struct arch_set %s_sets[] = {\n", id.buf);
	for (i = 0; i < l->nsets; i++) {
		strbuf_addstr(out, "\t{ ");
		lit(out, l->sets[i].id);
		strbuf_addstr(out, ", ");
		lit(out, l->sets[i].name);
		strbuf_addstr(out, " },\n");
	}
	if (!l->nsets)
		strbuf_addstr(out, "\t{ NULL, NULL },\n");
	strbuf_addstr(out, "};\n");

	strbuf_addf(out, "static const struct arch_slice %s_slices[] = {\n", id.buf);
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];
		if (s->composite || !s->parent)
			continue;
		strbuf_addstr(out, "\t{ ");
		lit(out, s->name);
		strbuf_addstr(out, ", ");
		lit(out, s->parent);
		strbuf_addf(out, ", %d, %d },\n", s->msb, s->lsb);
	}
	if (!nslices)
		strbuf_addstr(out, "\t{ NULL, NULL, 0, 0 },\n");
	strbuf_addstr(out, "};\n");

rules:
	strbuf_addf(out, "static const struct arch_feature_rule %s_rules[] = {\n", id.buf);
	if (rules && !json_is_array(rules))
		ERROR(in, jsonpos_value(in->jp, a, "features"), "'features' must be an array of objects");
	for (i = 0; rules && json_is_array(rules) && i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		const char *fid, *outside, *forbidden, *unless;
		const struct feature *f;
		if (!json_is_object(r)) {
			ERROR(in, jsonpos_elem(in->jp, rules, i), "'features' must hold objects");
			continue;
		}
		check_keys(in, r, rule_keys);
		fid = get_str(in, r, "feature", 1);
		outside = get_str(in, r, "outside", 0);
		forbidden = get_str(in, r, "forbidden", 0);
		unless = get_str(in, r, "unless_osabi", 0);
		f = feature_by_id(l, fid);
		if (fid && !f) {
			diag_error(jsonpos_value(in->jp, r, "feature"), "'%s' defines no feature '%s'", path.buf, fid);
			continue;
		}
		if (!f)
			continue;
		strbuf_addstr(out, "\t{ ");
		lit(out, f->name);
		strbuf_addstr(out, ", ");
		lit(out, outside);
		strbuf_addstr(out, ", ");
		lit(out, forbidden);
		strbuf_addstr(out, ", ");
		lit(out, unless);
		strbuf_addstr(out, " },\n");
		nrules++;
	}
	if (!nrules)
		strbuf_addstr(out, "\t{ NULL, NULL, NULL, NULL },\n");
	strbuf_addstr(out, "};\n");

	strbuf_addf(out, "static const struct arch arch_%s = {\n\t", id.buf);
	lit(out, name);
	strbuf_addstr(out, ", ");
	lit(out, family);
	strbuf_addstr(out, ", ");
	lit(out, get_str(in, a, "gdb_code", 0) ? get_str(in, a, "gdb_code", 0) : name);
	strbuf_addstr(out, ", ");
	lit(out, get_str(in, a, "dwarf_abi", 0) ? get_str(in, a, "dwarf_abi", 0) : "ABI");
	strbuf_addstr(out, ",\n\t");
	lit(out, gdb_arch ? gdb_arch : l->gdb_architecture.value);
	strbuf_addf(out, ", %d, ", bits && json_is_integer(bits) ? (int)json_integer_value(bits) : l->address_bits);
	lit(out, l->endian.value);
	strbuf_addf(out, ", %s_byte_orders,\n\t%s_gdb_names, %s_triple_cpus,\n\t", id.buf, id.buf, id.buf);
	lit(out, get_str(in, a, "triple_linux", 0));
	strbuf_addstr(out, ", ");
	lit(out, get_str(in, a, "triple_other", 0));
	strbuf_addf(out, ",\n\t%d, ", get_bool(in, a, "gdb_default"));
	lit(out, get_str(in, a, "xml_registers", 0));
	strbuf_addstr(out, ", ");
	lit(out, reqf ? reqf->name : NULL);
	strbuf_addf(out, ", %d, %d", get_bool(in, a, "lldb_abi_roles"),
		    get_bool(in, a, "gdb_accepts_altnames"));
	strbuf_addf(out, ",\n\t%s_regs, %zu,\n\t%s_sets, %zu,\n\t%s_slices, %zu,\n\t%s_rules, %zu,\n\t&arch_hooks_%s\n};\n",
		    tables, l->nregs, tables, l->nsets, tables, nslices, id.buf, nrules,
		    hooks ? hooks : "none");
	strbuf_addf(list, "\t&arch_%s,\n", id.buf);
out:
	layout_free(l);
	strbuf_release(&id);
	strbuf_release(&path);
	strbuf_release(&cn);
}

/* Reads one arch.json into out, list and hooks_decl; returns the number
 * of errors reported. */
static int one_family(const char *file, struct strbuf *out, struct strbuf *list,
		      struct strbuf *hooks_decl)
{
	static const char *const keys[] = { "family", "hooks", "architectures", NULL };
	struct input in = { file, NULL, 0 };
	struct written_defs written = { NULL, NULL, 0 };
	size_t len, i;
	char *text = read_file(file, &len);
	json_error_t err;
	json_t *root, *archs;
	char *dir, *slash;
	const char *family, *hooks;

	if (!text) {
		diag_file_error(file, "cannot read it");
		return 1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		struct srcpos p = { file, err.line, err.column };
		ERROR(&in, p, "%s", err.text);
		free(text);
		return in.errors;
	}
	in.jp = jsonpos_build(text, len, root, file);
	if (!json_is_object(root)) {
		ERROR(&in, jsonpos_root(in.jp), "an arch.json is an object");
		goto out;
	}
	check_keys(&in, root, keys);
	family = get_str(&in, root, "family", 1);
	hooks = get_str(&in, root, "hooks", 0);
	archs = json_object_get(root, "architectures");
	if (!family)
		goto out;
	if (!archs || !json_is_array(archs)) {
		ERROR(&in, jsonpos_node(in.jp, root), "'architectures' must be an array of objects");
		goto out;
	}
	if (hooks)
		strbuf_addf(hooks_decl, "extern const struct arch_hooks arch_hooks_%s;\n", hooks);
	dir = xstrdup(file);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	for (i = 0; i < json_array_size(archs); i++) {
		json_t *a = json_array_get(archs, i);
		if (!json_is_object(a))
			ERROR(&in, jsonpos_elem(in.jp, archs, i), "an architecture is an object");
		else
			one_arch(&in, dir, family, hooks, a, out, list, &written);
	}
	for (i = 0; i < written.n; i++) {
		free(written.paths[i]);
		free(written.ids[i]);
	}
	free(written.paths);
	free(written.ids);
	free(dir);
out:
	jsonpos_free(in.jp);
	json_decref(root);
	free(text);
	return in.errors;
}

int main(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT, list = STRBUF_INIT, hooks = STRBUF_INIT;
	struct strbuf tmp = STRBUF_INIT;
	const char *target = NULL;
	FILE *f;
	int i, errors = 0;

	if (argc < 3 || strcmp(argv[1], "-o")) {
		fprintf(stderr, "usage: archgen -o OUT.c defs/FAMILY/arch.json...\n");
		return 2;
	}
	target = argv[2];
	for (i = 3; i < argc; i++)
		errors += one_family(argv[i], &out, &list, &hooks);
	if (errors)
		return 1;

	strbuf_addstr(&tmp, "/*\n * arch-data.c: generated by archgen (gen/arch/gen/archgen.c) from\n");
	for (i = 3; i < argc; i++)
		strbuf_addf(&tmp, " * %s\n", argv[i]);
	strbuf_addstr(&tmp, " * and the defs they name; do not edit: edit the defs.\n */\n"
			    "#include \"arch/arch.h\"\n\n");
	strbuf_addstr(&tmp, hooks.len ? hooks.buf : "");
	strbuf_addstr(&tmp, out.len ? out.buf : "");
	strbuf_addstr(&tmp, "\nconst struct arch *const arch_all[] = {\n");
	strbuf_addstr(&tmp, list.len ? list.buf : "");
	strbuf_addstr(&tmp, "\tNULL\n};\n");

	/* written whole or not at all: make must not see half a file */
	strbuf_reset(&list);
	strbuf_addf(&list, "%s.tmp", target);
	f = fopen(list.buf, "w");
	if (!f) {
		fprintf(stderr, "%s: error: cannot create it\n", list.buf);
		return 1;
	}
	i = fputs(tmp.buf, f) == EOF;
	i |= fclose(f) != 0;
	if (i) {
		fprintf(stderr, "%s: error: cannot write it\n", list.buf);
		remove(list.buf);
		return 1;
	}
	if (rename(list.buf, target)) {
		fprintf(stderr, "%s: error: cannot rename it to %s\n", list.buf, target);
		remove(list.buf);
		return 1;
	}
	strbuf_release(&out);
	strbuf_release(&list);
	strbuf_release(&hooks);
	strbuf_release(&tmp);
	return 0;
}
