/*
 * xmllib.c: opening libxml2 when it is first needed (see xmllib.h).
 */
#include "base/xmllib.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

/* The shared object the build found (Makefile: its SONAME, given bare,
 * libxml2.so.2, so no quotes go through the shell), so the program opens
 * the libxml2 it was compiled against. */
#define STRING_OF(x) STRING_OF_(x)
#define STRING_OF_(x) #x
#ifdef REGDEFGEN_XML_SONAME
#define XML_SONAME STRING_OF(REGDEFGEN_XML_SONAME)
#else
#define XML_SONAME "libxml2.so.2"
#endif

static struct xmllib lib;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static const char *failure;

/* Each function of struct xmllib, by its libxml2 name. */
#define FN(name) { "xml" #name, offsetof(struct xmllib, name) }
static const struct {
	const char *symbol;
	size_t offset;
} functions[] = {
	FN(ReadMemory), FN(FreeDoc), FN(DocGetRootElement), FN(GetLineNo),
	FN(NodeGetContent), FN(Strdup), FN(GetLastError), FN(ResetLastError),
	FN(CreatePushParserCtxt), FN(CtxtUseOptions), FN(ParseChunk),
	FN(CtxtGetLastError), FN(FreeParserCtxt),
};

static int load(void)
{
	void *h = dlopen(XML_SONAME, RTLD_LAZY | RTLD_LOCAL);
	__typeof__(&xmlCheckVersion) check_version;
	xmlFreeFunc *free_fn;
	void *f;
	size_t i;

	if (!h) {
		failure = dlerror();
		return -1;
	}
	for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		f = dlsym(h, functions[i].symbol);
		if (!f) {
			failure = dlerror();
			return -1;
		}
		/* POSIX: dlsym()'s void * holds a function's address */
		memcpy((char *)&lib + functions[i].offset, &f, sizeof(f));
	}
	f = dlsym(h, "xmlCheckVersion");
	memcpy(&check_version, &f, sizeof(f));
	free_fn = dlsym(h, "xmlFree"); /* a variable: the function's address */
	if (!f || !free_fn || !*free_fn) {
		failure = "libxml2 lacks xmlCheckVersion or xmlFree";
		return -1;
	}
	/* what LIBXML_TEST_VERSION does: these headers' ABI is the library's */
	check_version(LIBXML_VERSION);
	lib.Free = *free_fn;
	return 0;
}

const struct xmllib *xmllib(const char **why)
{
	if (!state)
		state = load() ? -1 : 1;
	if (state < 0 && why)
		*why = failure;
	return state > 0 ? &lib : NULL;
}
