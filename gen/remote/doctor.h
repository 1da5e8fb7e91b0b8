/*
 * doctor.h: "regdefgen probe --check": what GDB and LLDB will do with a
 * stub, found from one probe, each finding with its consequence and fix.
 */
#ifndef REGDEFGEN_DOCTOR_H
#define REGDEFGEN_DOCTOR_H

#include <stdio.h>

#include "model/model.h"
#include "remote/probe.h"

/* Prints the findings about the stub at where (l and p from probe_stub)
 * to f; returns how many there are (0: nothing to fix). */
int doctor_report(FILE *f, const char *where, const struct layout *l,
		  const struct probe_info *p);

#endif
