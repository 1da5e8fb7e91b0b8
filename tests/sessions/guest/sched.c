/* sched.c: the guest's float/double arithmetic, built with -O1 so that its
 * arguments and locals are in registers (DWARF register numbers matter). */
#include "proc.h"

float sched_weight(float base, int nice)
{
	float step = 1.25f;
	float w = base;
	int i;

	for (i = 0; i < nice; i++)
		w = w * step;
	return w;
}

double sched_runtime(double start, float weight)
{
	double slice = 0.5;
	double r = start + slice * (double)weight;

	return r;
}
