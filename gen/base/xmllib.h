/*
 * xmllib.h: libxml2, loaded the first time a command needs it.
 *
 * Only import (a target.xml into a def) and generate's check of XML that
 * --templates made read XML.  Linked at start-up, libxml2 brought
 * libicuuc, libicudata and libstdc++ into every process: about 2 ms of
 * loading and relocation, more than a whole `regdefgen check` of a shipped
 * layout needs otherwise.  So the program is not linked with it; xmllib()
 * opens it (dlopen) and finds the few functions the callers use, once.
 * The types are the installed headers' (__typeof__), so a call through
 * this table is checked as a direct call would be.
 */
#ifndef REGDEFGEN_XMLLIB_H
#define REGDEFGEN_XMLLIB_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* The libxml2 functions regdefgen calls, each named as in libxml2 without
 * its "xml" prefix. */
struct xmllib {
	__typeof__(&xmlReadMemory) ReadMemory;
	__typeof__(&xmlFreeDoc) FreeDoc;
	__typeof__(&xmlDocGetRootElement) DocGetRootElement;
	__typeof__(&xmlGetLineNo) GetLineNo;
	__typeof__(&xmlNodeGetContent) NodeGetContent;
	__typeof__(&xmlStrdup) Strdup;
	__typeof__(&xmlGetLastError) GetLastError;
	__typeof__(&xmlResetLastError) ResetLastError;
	__typeof__(&xmlCreatePushParserCtxt) CreatePushParserCtxt;
	__typeof__(&xmlCtxtUseOptions) CtxtUseOptions;
	__typeof__(&xmlParseChunk) ParseChunk;
	__typeof__(&xmlCtxtGetLastError) CtxtGetLastError;
	__typeof__(&xmlFreeParserCtxt) FreeParserCtxt;
	xmlFreeFunc Free; /* what frees the strings libxml2 returns (xmlFree) */
};

/* libxml2's functions, loaded on the first call; NULL if libxml2 cannot be
 * loaded, and then *why (if why is not NULL) says why, for a message. */
const struct xmllib *xmllib(const char **why);

#endif
