/* main.c: the AArch64 and Cortex-M test guest's code, for
 * tests/arm/test-arm-sessions.sh.  Integer-only and built -O0, so every
 * argument has a home in the frame (found through the frame pointer's DWARF
 * number: x29, r7) and the -qemu layouts (no FP/SIMD registers) can show
 * everything.  The sessions assert: the first call of leaf is leaf(1, 5, 16,
 * 19, 20, 21, 22, 23) returning 699, called from run_task(t = &tasks[0] =
 * {1, 5, "idle"}, slice = 16), schedule(16), cmain, _start. */
struct task {
	long id;
	long prio;
	const char *name;
};

static struct task tasks[2] = {{1, 5, "idle"}, {2, 7, "init"}};
volatile long sink;

void cmain(void);

__attribute__((noinline)) long leaf(long a, long b, long c, long d, long e, long f, long g, long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

__attribute__((noinline)) long run_task(struct task *t, long slice)
{
	long r = leaf(t->id, t->prio, slice, 19, 20, 21, 22, 23);

	return r;
}

__attribute__((noinline)) void schedule(long round)
{
	sink += run_task(&tasks[round & 1], round);
}

void cmain(void)
{
	long round;

	for (round = 16;; round++)
		schedule(round);
}
