/*
 * import-lldb.c: LLDB target definition files into the model (see
 * import-lldb.h).
 *
 * The Python side is a few lines passed with -c; the stand-in lldb module
 * (known_lldb_module(): LLDB's constants as known.c holds them) is written
 * next to nothing else in a fresh make_temp_dir() folder that is
 * removed afterwards.  python3 runs with -I (isolated: no user site, no
 * PYTHON* variables) so the environment cannot swap the lldb module.
 */
#include "import/import-lldb.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/check.h"
#include "model/diag.h"
#include "model/known.h"
#include "model/layout-build.h"
#include "base/os.h"
#include "base/strbuf.h"

#define PYTHON_TIMEOUT_MS 10000
#define MAX_PYTHON_OUTPUT (16u << 20)

static const char runner[] =
	"import importlib.util, json, os, sys\n"
	"sys.path.insert(0, sys.argv[1])\n"
	"path = sys.argv[2]\n"
	"name = os.path.splitext(os.path.basename(path))[0]\n"
	"spec = importlib.util.spec_from_file_location(name, path)\n"
	"mod = importlib.util.module_from_spec(spec)\n"
	"sys.modules[name] = mod\n"
	"spec.loader.exec_module(mod)\n"
	"d = mod.get_dynamic_setting(None, 'gdb-server-target-definition')\n"
	"if not isinstance(d, dict):\n"
	"    sys.exit('get_dynamic_setting returned %s, not a dict' % type(d).__name__)\n"
	"def enc(o):\n"
	"    if isinstance(o, tuple): return {'__tuple__': list(o)}\n"
	"    return repr(o)\n"
	"sys.stdout.write(json.dumps(d, default=enc))\n";

/* Runs python3 on path; returns its stdout (the JSON) or NULL after
 * reporting. */
static char *run_python(const char *path, const char *dir)
{
	int out[2], err[2];
	pid_t pid;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	long long deadline = now_ms() + PYTHON_TIMEOUT_MS;
	int status = 0, open_fds = 2, timed_out = 0;

	if (pipe(out) || pipe(err)) {
		diag_file_error(path, "cannot run python3: %s", strerror(errno));
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		diag_file_error(path, "cannot run python3: %s", strerror(errno));
		return NULL;
	}
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		execlp("python3", "python3", "-I", "-B", "-c", runner, dir, path, (char *)NULL);
		fprintf(stderr, "cannot run python3: %s\n", strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	while (open_fds) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
		long long left = deadline - now_ms();
		char buf[65536];
		int i, rc;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		rc = poll(p, 2, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			timed_out = rc == 0;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n <= 0) {
				close(i ? err[0] : out[0]);
				if (i)
					err[0] = -1;
				else
					out[0] = -1;
				open_fds--;
				continue;
			}
			strbuf_add(i ? &e : &o, buf, (size_t)n);
			if (o.len + e.len > MAX_PYTHON_OUTPUT)
				timed_out = 2;
		}
		if (timed_out)
			break;
		/* a closed pipe stays in the set with fd -1, which poll skips */
	}
	if (timed_out)
		kill(pid, SIGKILL);
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	waitpid(pid, &status, 0);
	if (timed_out) {
		diag_file_error(path, timed_out == 2 ? "python3 printed too much; stopped it"
						     : "python3 did not finish within %d s; stopped it",
				PYTHON_TIMEOUT_MS / 1000);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		const char *msg = strbuf_str(&e);
		const char *last;
		/* the traceback's last line says what went wrong */
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			n--;
		for (last = msg + n; last > msg && last[-1] != '\n'; last--)
			;
		diag_file_error(path, "LLDB could not load it either: python3 failed: %.*s",
				(int)(msg + n - last), last);
	} else {
		strbuf_release(&e);
		return strbuf_detach(&o, NULL);
	}
	strbuf_release(&o);
	strbuf_release(&e);
	return NULL;
}

/* An unsigned integer key of a register: 1 and *out, 0 absent, -1 present
 * but not an int LLDB takes (reported). */
static int uint_key(json_t *o, const char *key, struct srcpos pos, const char *reg,
		    long long *out)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 1;
	}
	if (json_is_integer(v))
		return 0; /* LLDB ignores negative numbers */
	diag_warning(pos, "'%s' of register '%s' is %s, not an integer: LLDB %s", key, reg,
		     json_is_real(v) ? "a float" : "not a number",
		     !strcmp(key, "offset") || !strcmp(key, "bitsize") ? "rejects the file" : "ignores it");
	return -1;
}

struct layout *layout_from_lldb_dict(json_t *d, const char *source, const char *name,
				     const struct import_options *opt)
{
	struct layout *l = layout_new(name, source);
	struct srcpos top = { layout_add_file(l, source), 0, 0 };
	json_t *sets = json_object_get(d, "sets"), *regs = json_object_get(d, "registers");
	json_t *hi = json_object_get(d, "host-info"), *bpo = json_object_get(d, "breakpoint-pc-offset");
	size_t i, nsets = json_is_array(sets) ? json_array_size(sets) : 0;
	int errors = 0;

	if (!json_is_array(regs)) {
		diag_error(top, "the dict has no 'registers' list: LLDB rejects the file");
		layout_free(l);
		return NULL;
	}
	if (json_is_object(hi)) {
		json_t *t = json_object_get(hi, "triple");
		if (json_is_string(t))
			layout_set_fact(&l->lldb_triple, json_string_value(t));
		else
			diag_warning(top, "'host-info' without a 'triple': LLDB 16 crashes on such a file");
		/* LLDB's eByteOrderBig: refused rather than read as if it
		 * were little-endian (check.c refuses big-endian defs too) */
		t = json_object_get(hi, "endian");
		if (json_is_integer(t) &&
		    json_integer_value(t) == known_lldb_byte_order("big")->value) {
			diag_error(top, "'host-info' says eByteOrderBig: regdefgen reads and makes little-endian layouts only");
			layout_free(l);
			return NULL;
		}
	}
	if (json_is_integer(bpo) && json_integer_value(bpo)) {
		l->has_breakpoint_pc_offset = 1;
		l->breakpoint_pc_offset = json_integer_value(bpo);
	}
	for (i = 0; i < nsets; i++) {
		json_t *s = json_array_get(sets, i);
		layout_set(l, json_is_string(s) && *json_string_value(s) ? json_string_value(s) : "(no name)");
	}
	for (i = 0; i < json_array_size(regs); i++) {
		json_t *o = json_array_get(regs, i), *v;
		struct srcpos pos = top;
		const char *rname;
		struct reg *r;
		long long n;
		char label[32];

		snprintf(label, sizeof(label), "registers[%zu]", i);
		if (!json_is_object(o) || !json_is_string(json_object_get(o, "name"))) {
			diag_error(pos, "%s is not a dict with a name: LLDB rejects the file", label);
			errors++;
			continue;
		}
		rname = json_string_value(json_object_get(o, "name"));
		/* regdefgen's filler for an unused remote number (LLDB's list
		 * index is the number): the number stays unused */
		if (!strncmp(rname, "unused_regnum_", 14) && !json_object_get(o, "slice") &&
		    !json_object_get(o, "composite"))
			continue;
		if ((v = json_object_get(o, "slice")) && json_is_string(v)) {
			char parent[256];
			int msb, lsb, used = 0;
			if (sscanf(json_string_value(v), "%255[A-Za-z0-9_][%d:%d]%n", parent, &msb, &lsb, &used) != 3 ||
			    json_string_value(v)[used] || layout_find_reg(l, parent) < 0) {
				diag_error(pos, "slice '%s' of '%s' does not name an earlier register as PARENT[MSB:LSB]: LLDB rejects the file",
					   json_string_value(v), rname);
				errors++;
				continue;
			}
			r = layout_add_slice(l);
			r->parent = xstrdup(parent);
			r->msb = msb;
			r->lsb = lsb;
		} else if ((v = json_object_get(o, "composite"))) {
			size_t j, np = json_is_array(v) ? json_array_size(v) : 0;
			for (j = 0; j < np; j++) {
				json_t *e = json_array_get(v, j);
				if (!json_is_string(e) || layout_find_reg(l, json_string_value(e)) < 0)
					break;
			}
			if (!np || j < np) {
				diag_error(pos, "composite '%s' is not a list of earlier registers' names: LLDB rejects the file",
					   rname);
				errors++;
				continue;
			}
			r = layout_add_slice(l);
			r->ncomposite = np;
			r->composite = xcalloc(np, sizeof(*r->composite));
			for (j = 0; j < np; j++)
				r->composite[j] = xstrdup(json_string_value(json_array_get(v, j)));
		} else {
			r = layout_add_reg(l);
			if (uint_key(o, "offset", pos, rname, &n) != 1) {
				diag_error(pos, "register '%s' has no integer offset, slice or composite: LLDB rejects the file", rname);
				errors++;
				n = 0;
			}
			r->stated_offset = n;
		}
		r->pos = pos;
		r->name = xstrdup(rname);
		r->regnum = (int)i;
		if (uint_key(o, "bitsize", pos, rname, &n) == 1)
			r->bitsize = (int)n;
		else {
			diag_error(pos, "register '%s' has no bitsize: LLDB rejects the file", rname);
			errors++;
		}
		if (r->is_slice && !r->composite && r->bitsize != r->msb - r->lsb + 1)
			diag_warning(pos, "slice '%s' has bitsize %d but covers %d bits; LLDB uses the bitsize",
				     rname, r->bitsize, r->msb - r->lsb + 1);
		if ((v = json_object_get(o, "alt-name")) && json_is_string(v))
			r->altname = xstrdup(json_string_value(v));
		if (uint_key(o, "set", pos, rname, &n) == 1 && (size_t)n < nsets)
			reg_put_in_set(l, r, (size_t)n);
		else {
			diag_error(pos, "register '%s' has no valid 'set' (0..%zu): LLDB rejects the file",
				   rname, nsets ? nsets - 1 : 0);
			errors++;
		}
		v = json_object_get(o, "encoding");
		if (json_is_integer(v) && known_lldb_encoding_by_value(json_integer_value(v)))
			r->encoding = xstrdup(known_lldb_encoding_by_value(json_integer_value(v))->name);
		else if (json_is_string(v) && known_lldb_encoding(json_string_value(v)))
			r->encoding = xstrdup(json_string_value(v));
		v = json_object_get(o, "format");
		if (json_is_integer(v) && known_lldb_format_by_value(json_integer_value(v)))
			r->format = xstrdup(known_lldb_format_by_value(json_integer_value(v))->name);
		else if (json_is_string(v) && import_format_name(json_string_value(v)) &&
			 strncmp(json_string_value(v), "vector-", 7))
			r->format = xstrdup(import_format_name(json_string_value(v)));
		else if (v) {
			diag_error(pos, "format of '%s' is not one LLDB's Python loader accepts: LLDB rejects the file", rname);
			errors++;
		}
		if (!r->is_slice && uint_key(o, "dwarf", pos, rname, &n) == 1)
			r->dwarf = n;
		if (!r->is_slice && (uint_key(o, "gcc", pos, rname, &n) == 1 ||
				     uint_key(o, "ehframe", pos, rname, &n) == 1))
			r->ehframe = n;
		v = json_object_get(o, "generic");
		if (json_is_integer(v) && known_lldb_generic_by_value(json_integer_value(v)))
			r->generic = xstrdup(known_lldb_generic_by_value(json_integer_value(v))->name);
		else if (json_is_string(v) && known_lldb_generic(json_string_value(v)))
			r->generic = xstrdup(json_string_value(v));
		else if (json_is_string(v) && !strcmp(json_string_value(v), "lr"))
			r->generic = xstrdup("ra");
	}
	if (errors) {
		layout_free(l);
		return NULL;
	}
	import_fill_from_knowledge(l, opt, "the LLDB file");
	layout_finish(l);
	return l;
}

struct layout *import_lldb_file(const char *path, const char *name,
				const struct import_options *opt)
{
	struct strbuf dir = STRBUF_INIT, mod = STRBUF_INIT, stub = STRBUF_INIT;
	struct layout *l = NULL;
	json_error_t jerr;
	json_t *d;
	char *text = NULL;

	if (access(path, R_OK)) {
		diag_file_error(path, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (make_temp_dir(&dir, "regdefgen-lldb")) {
		diag_file_error(dir.buf, "cannot create a temporary folder: %s", strerror(errno));
		goto out;
	}
	strbuf_addf(&mod, "%s/lldb.py", dir.buf);
	known_lldb_module(&stub);
	if (write_scratch_file(mod.buf, stub.buf, stub.len)) {
		diag_file_error(mod.buf, "cannot write: %s", strerror(errno));
		goto rm;
	}
	text = run_python(path, dir.buf);
	if (!text)
		goto rm;
	d = json_loads(text, 0, &jerr);
	if (!json_is_object(d)) {
		diag_file_error(path, "cannot read back the dict (%s)", jerr.text);
		json_decref(d);
		goto rm;
	}
	l = layout_from_lldb_dict(d, path, name, opt);
	json_decref(d);
rm:
	unlink(mod.buf);
	rmdir(dir.buf);
out:
	free(text);
	strbuf_release(&dir);
	strbuf_release(&mod);
	strbuf_release(&stub);
	return l;
}
