/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmetest_harness.h - the kselftest harness (Linux 6.1's, extracted by
 * tools/harness.sh) as the nvmetest selftests use it. Each *_test.c
 * includes this once instead of kselftest_harness.h.
 *
 * Two adaptations, both for a machine without the device:
 * - a program whose tests all skipped exits KSFT_SKIP (4) rather than
 *   KSFT_PASS, as the kselftest runner expects;
 * - a fixture setup that skips ends the test's process there: 6.1's
 *   harness would otherwise run the test body after a SKIP in setup.
 *
 * EXPECT_*() and ASSERT_*() expand to two statements (the check, then a
 * loop that runs an optional TH_LOG()): brace any if/for body holding one.
 */
#ifndef NVMETEST_HARNESS_H
#define NVMETEST_HARNESS_H

#include "kselftest.h"

static inline void st_ksft_exit(int passed)
{
	if (passed && !ksft_get_pass_cnt() && ksft_get_xskip_cnt()) {
		ksft_print_cnts();
		exit(KSFT_SKIP);
	}
	if (passed)
		ksft_exit_pass();
	ksft_exit_fail();
}

/* test_harness_run() ends with ksft_exit(); it expands to the above. */
#undef ksft_exit
#define ksft_exit(condition) st_ksft_exit(!!(condition))

/* The harness's SIGALRM handler does not use all its parameters. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

#include "nvmetest_util.h"

/* The exit status by which a test's process reports a skip to 6.1's harness. */
#define ST_SKIP_STATUS	255

/* SKIP() from a FIXTURE_SETUP(): the test body and teardown do not run. */
#define ST_SETUP_SKIP(fmt, ...) \
	SKIP(_exit(ST_SKIP_STATUS), fmt, ##__VA_ARGS__)

/*
 * In a FIXTURE_SETUP(): open the device under test into *devp and read its
 * info into *infop, or skip the test when there is no device (or it is an
 * NVMe/TCP controller, which the module does not have).
 */
#define ST_SETUP_OPEN(devp, infop) do { \
	const char *path_ = st_dev_path(); \
	int ret_; \
	if (st_dev_kind(path_) == ST_DEV_TCP) \
		ST_SETUP_SKIP("NVMETEST_DEV is an NVMe/TCP controller: this needs a device of" \
			      " the module (/dev/nvmetestN)"); \
	ret_ = nvmet_kdev_open(path_, (devp)); \
	if (ret_ && st_open_err_is_absent(ret_)) \
		ST_SETUP_SKIP("no nvmetest device: %s: %s", path_, strerror(-ret_)); \
	if (ret_ == -EACCES || ret_ == -EPERM) \
		ST_SETUP_SKIP("%s: %s (the tests need root, with CAP_SYS_RAWIO)", path_, \
			      strerror(-ret_)); \
	ASSERT_EQ(0, ret_) TH_LOG("opening %s: %s", path_, strerror(-ret_)); \
	ASSERT_EQ(0, nvmet_kdev_info(*(devp), (infop))); \
} while (0)

/*
 * In a FIXTURE_SETUP(): open the controller under test through libnvmet
 * (nvmet_ctrl_open() with @optsp, NULL for the defaults) into *ctrlp, or
 * skip the test when there is no device.
 */
#define ST_SETUP_CTRL(ctrlp, optsp) do { \
	const char *path_ = st_dev_path(); \
	int ret_ = nvmet_ctrl_open(path_, (optsp), (ctrlp)); \
	if (ret_ && st_open_err_is_absent(ret_)) \
		ST_SETUP_SKIP("no nvmetest device: %s: %s", path_, strerror(-ret_)); \
	ASSERT_EQ(0, ret_) TH_LOG("%s: %s", path_, strerror(-ret_)); \
} while (0)

/* In a FIXTURE_SETUP(): skip unless the controller granted I/O queue @qid. */
#define ST_SETUP_NEED_QID(infop, qid) do { \
	if ((infop)->max_qid < (qid)) \
		ST_SETUP_SKIP("needs I/O queue id %u, the controller granted %u", \
			      (unsigned int)(qid), (infop)->max_qid); \
} while (0)

#endif /* NVMETEST_HARNESS_H */
