// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_completion_test.c - the bash completion of nvmet and nvmet-io as a
 * shell uses it: sourced, it registers both; COMP_WORDS runs complete
 * commands, options (read from the tools' --help, so every command of
 * nvmet --help completes), option values and devices; a word bash split
 * at ':' (emu:ns=2) completes from the line. In the VM, which has no bash
 * and no source tree, it skips and says so.
 *
 * The completion file is found from the test upwards
 * (tools/completion/nvmet.bash of the tree), or at $NVMET_COMPLETION; the
 * tools beside the test, as the other tool tests find them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "nvmetest_harness.h"
#include "st_run.h"

FIXTURE(comp) {
	char file[PATH_MAX];
	char bindir[PATH_MAX];
	char script[3 * PATH_MAX];
	struct st_run r;
};

/* tools/completion/nvmet.bash in the tree the test was built in. */
static int find_completion(char *file, size_t len)
{
	const char *env = st_env("NVMET_COMPLETION");
	char dir[PATH_MAX - 64];
	int up;

	if (env) {
		snprintf(file, len, "%s", env);
		return access(file, R_OK) ? -errno : 0;
	}
	if (st_exe_dir(dir, sizeof(dir)))
		return -ENOENT;
	for (up = 0; up < 4; up++) {
		strcat(dir, "/..");
		snprintf(file, len, "%s/tools/completion/nvmet.bash", dir);
		if (!access(file, R_OK))
			return 0;
	}
	return -ENOENT;
}

FIXTURE_SETUP(comp)
{
	char bin[PATH_MAX];
	const char *const v[] = { "-c", "exit 0", NULL };

	if (find_completion(self->file, sizeof(self->file)))
		ST_SETUP_SKIP("no tools/completion/nvmet.bash above the test, and no"
			      " $NVMET_COMPLETION");
	if (st_find_tool("nvmet", "NVMET_BIN", bin, sizeof(bin)))
		ST_SETUP_SKIP("no nvmet tool beside the test");
	if (st_run_tool("/bin/bash", v, &self->r) || self->r.status)
		ST_SETUP_SKIP("no bash");
	snprintf(self->bindir, sizeof(self->bindir), "%s", bin);
	*strrchr(self->bindir, '/') = '\0';
}

FIXTURE_TEARDOWN(comp)
{
}

/*
 * Runs @code in bash after sourcing the completion, the tools first on
 * PATH; what it prints is in self->r.out.
 */
#define BASH(code) do { \
	const char *const v_[] = { "-c", self->script, NULL }; \
	snprintf(self->script, sizeof(self->script), \
		 "PATH='%s':$PATH; source '%s' || exit 9; %s", self->bindir, self->file, code); \
	ASSERT_EQ(0, st_run_tool("/bin/bash", v_, &self->r)); \
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err); \
} while (0)

/* COMP_WORDS for a line and the reply, one completion per line. */
#define COMPLETE(fn, words, cword) \
	BASH("COMP_WORDS=(" words "); COMP_CWORD=" #cword "; " fn "; " \
	     "printf '%s\\n' \"${COMPREPLY[@]}\"")

/* @line is one of the lines of @text. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, line, n) && (p[n] == '\n' || !p[n]))
			return 1;
	}
	return 0;
}

#define EXPECT_LINE(s) EXPECT_TRUE(has_line(self->r.out, s)) TH_LOG("no '%s' in: %s", s, \
								      self->r.out)

TEST_F(comp, registers_both_tools)
{
	BASH("complete -p nvmet nvmet-io");
	EXPECT_STREQ("complete -F _nvmet nvmet\ncomplete -F _nvmet_io nvmet-io\n", self->r.out);
}

TEST_F(comp, completes_every_command_of_nvmet_help)
{
	COMPLETE("_nvmet", "nvmet id-c", 1);
	EXPECT_STREQ("id-ctrl\n", self->r.out);
	COMPLETE("_nvmet", "nvmet sa", 1);
	EXPECT_EQ(2, st_lines(self->r.out)) TH_LOG("%s", self->r.out);
	EXPECT_LINE("sanitize");
	EXPECT_LINE("sanitize-log");
	/* As many as nvmet --help lists. */
	BASH("a=$(COMP_WORDS=(nvmet ''); COMP_CWORD=1; _nvmet; echo ${#COMPREPLY[@]});"
	     " b=$(nvmet --help | grep -c '^  [a-z]'); echo $a $b; [ $a = $b ] && [ $a -gt 35 ]");
	/* After the global --plugin option and its value. */
	COMPLETE("_nvmet", "nvmet --plugin x.so smart", 3);
	EXPECT_STREQ("smart-log\n", self->r.out);
}

TEST_F(comp, completes_options_and_their_values)
{
	COMPLETE("_nvmet", "nvmet smart-log emu: -", 3);
	EXPECT_LINE("--output-format");
	EXPECT_LINE("--namespace-id");
	EXPECT_LINE("-H");
	EXPECT_LINE("--help");
	COMPLETE("_nvmet", "nvmet get-feature emu: --f", 3);
	EXPECT_STREQ("--feature-id\n", self->r.out);
	COMPLETE("_nvmet", "nvmet id-ctrl emu: -o ''", 4);
	EXPECT_STREQ("normal\njson\nbinary\n", self->r.out);
	/* get-log's -o is nvme-cli's --lpo, a number: no formats offered. */
	COMPLETE("_nvmet", "nvmet get-log emu: -o ''", 4);
	EXPECT_STREQ("\n", self->r.out);
	COMPLETE("_nvmet", "nvmet get-log emu: -", 3);
	EXPECT_LINE("-o");
	EXPECT_LINE("--lpo");
	COMPLETE("_nvmet", "nvmet id-ns ''", 2);
	EXPECT_LINE("emu:");
	COMPLETE("_nvmet_io", "nvmet-io --iod", 1);
	EXPECT_STREQ("--iodepth\n", self->r.out);
	COMPLETE("_nvmet_io", "nvmet-io --rw rand", 2);
	EXPECT_STREQ("randread\nrandwrite\nrandrw\n", self->r.out);
	COMPLETE("_nvmet_io", "nvmet-io --output-format j", 2);
	EXPECT_STREQ("json\njson+\n", self->r.out);
	COMPLETE("_nvmet_io", "nvmet-io --dev ''", 2);
	EXPECT_LINE("emu:");
}

/* bash splits "emu:" at the colon; the line says what the word really is. */
TEST_F(comp, a_word_with_a_colon_completes_from_the_line)
{
	BASH("COMP_LINE='nvmet smart-log emu:ns=2 --names'; COMP_POINT=${#COMP_LINE};"
	     " COMP_WORDS=(nvmet smart-log emu : ns=2 --names); COMP_CWORD=5; _nvmet;"
	     " printf '%s\\n' \"${COMPREPLY[@]}\"");
	EXPECT_STREQ("--namespace-id\n", self->r.out);
	/* What replaces the word after the colon: the rest of "emu:". */
	BASH("COMP_LINE='nvmet-io --dev em'; COMP_POINT=${#COMP_LINE};"
	     " COMP_WORDS=(nvmet-io --dev em); COMP_CWORD=2; _nvmet_io;"
	     " printf '%s\\n' \"${COMPREPLY[@]}\"");
	EXPECT_LINE("emu:");
	BASH("COMP_LINE='nvmet id-ctrl emu:'; COMP_POINT=${#COMP_LINE};"
	     " COMP_WORDS=(nvmet id-ctrl emu :); COMP_CWORD=3; _nvmet;"
	     " printf '[%s]\\n' \"${COMPREPLY[@]}\"");
	EXPECT_STREQ("[]\n", self->r.out);
}

TEST_HARNESS_MAIN
