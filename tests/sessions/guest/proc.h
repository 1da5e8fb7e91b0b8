/* proc.h: the guest kernels' process structure and the functions of its
 * creation path, shared by main.c (built -O0) and sched.c (built -O1). */
#ifndef GUEST_PROC_H
#define GUEST_PROC_H

struct proc {
	int pid;
	char name[16];
	struct proc *parent;
	struct proc *next;
	double runtime;
	float weight;
};

/* sched.c, built with -O1: arguments and locals live in registers. */
float sched_weight(float base, int nice);
double sched_runtime(double start, float weight);

/* main.c: the creation path kmain -> start_init -> spawn -> do_fork ->
 * copy_process, the function the sessions break on. */
int copy_process(struct proc *p, struct proc *parent, float weight, double start);

#endif
