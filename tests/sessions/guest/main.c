/* main.c: a tiny freestanding kernel's process creation, for the debugger
 * sessions of tests/sessions/.  Built -O0 so every argument has a stack home.
 * The values are chosen so the sessions can assert them: pid n gets the name
 * "procN", weight sched_weight(1.5, n) and runtime sched_runtime(n, weight). */
#include "proc.h"

static struct proc table[8];
static int next_pid = 1;
volatile unsigned long ticks;

static void set_name(char *dst, const char *prefix, int n)
{
	int i = 0;

	while (prefix[i]) {
		dst[i] = prefix[i];
		i++;
	}
	dst[i++] = (char)('0' + n);
	dst[i] = 0;
}

int copy_process(struct proc *p, struct proc *parent, float weight, double start)
{
	p->parent = parent;
	p->weight = weight;
	p->runtime = sched_runtime(start, weight);
	if (parent)
		parent->next = p;
	return p->pid;
}

static struct proc *do_fork(struct proc *parent, int nice)
{
	struct proc *p = &table[next_pid];
	float w;

	p->pid = next_pid++;
	set_name(p->name, "proc", p->pid);
	w = sched_weight(1.5f, nice);
	copy_process(p, parent, w, (double)p->pid);
	return p;
}

static struct proc *spawn(struct proc *parent, int nice)
{
	return do_fork(parent, nice);
}

static void start_init(void)
{
	struct proc *parent = &table[0];
	int n;

	parent->pid = 0;
	set_name(parent->name, "swapper", 0);
	for (n = 1; n <= 3; n++)
		parent = spawn(parent, n);
}

#ifdef GUEST_HOSTED
/* The same creation path as a Linux program, for the gdbserver sessions. */
int main(void)
{
	start_init();
	return 0;
}
#else
void kmain(void)
{
	start_init();
	for (;;)
		ticks++;
}
#endif
