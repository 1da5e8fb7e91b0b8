/* tests/bench/rusage.c: run one command; print its wall time and peak RSS.
 *
 *   rusage TIMEOUT_S STDOUT_FILE STDERR_FILE COMMAND [ARG...]
 *
 * Forks, runs COMMAND with stdin from /dev/null and stdout/stderr sent to the
 * files, waits for it with wait4() and prints one line on its own stdout:
 *
 *   WALL_NS MAXRSS_KIB EXIT_CODE USER_NS SYS_NS
 *
 * (EXIT_CODE is 128+N when killed by signal N; COMMAND is killed after
 * TIMEOUT_S seconds.)  The benchmark (tests/bench/bench.py) uses this small
 * program rather than os.wait4() in Python because Linux counts the memory of
 * the process that called exec in the child's ru_maxrss: a child forked from
 * Python would never report less than Python's own ~15 MiB.  Forked from this
 * program, the floor is about 1 MiB.  Built by bench.py into its temporary
 * folder; not part of regdefgen. */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	if (child > 0)
		kill(child, SIGKILL);
}

static int redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0644);
	if (f < 0 || dup2(f, fd) < 0)
		return -1;
	if (f != fd)
		close(f);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 5) {
		fprintf(stderr, "usage: rusage TIMEOUT_S STDOUT_FILE STDERR_FILE COMMAND [ARG...]\n");
		return 2;
	}
	signal(SIGALRM, on_alarm);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		if (redirect("/dev/null", 0, O_RDONLY) ||
		    redirect(argv[2], 1, O_WRONLY | O_CREAT | O_TRUNC) ||
		    redirect(argv[3], 2, O_WRONLY | O_CREAT | O_TRUNC))
			_exit(126);
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	child = pid;
	alarm((unsigned)atoi(argv[1]));
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) { /* EINTR: the alarm is killing the child */
			perror("rusage: wait4");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lld %ld %d %lld %lld\n",
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec),
	       ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       (long long)ru.ru_utime.tv_sec * 1000000000LL + ru.ru_utime.tv_usec * 1000LL,
	       (long long)ru.ru_stime.tv_sec * 1000000000LL + ru.ru_stime.tv_usec * 1000LL);
	return 0;
}
