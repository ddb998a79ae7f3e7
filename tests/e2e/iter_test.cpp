// iter probes: BPF iterators, run once over every task or open file after
// BEGIN; `ctx` is the kernel's typed iterator context. The test process itself
// is what they look for.

#include "harness.h"

#include <gmock/gmock.h>

#include <fcntl.h>
#include <unistd.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class IterTest : public E2ETest {
protected:
  static std::string self() { return std::to_string(getpid()); }
};

TEST_F(IterTest, TaskVisitsEveryTaskOnce) {
  auto result = runBpfscope({"-e", "iter:task /ctx.task != 0 && ctx.task.pid == " + self() +
                                       "/ { printf(\"found %d\\n\", ctx.task.tgid); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // Like every run, it ends by printing the maps (none) after two newlines.
  EXPECT_EQ(result.out, "found " + self() + "\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

TEST_F(IterTest, TaskFileSeesAnOpenDescriptor) {
  int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, 57), 57);
  auto result = runBpfscope({"-e", "it:task_file /ctx.task != 0 && ctx.task.pid == " + self() +
                                       " && ctx.fd == 57/ { printf(\"%d %s\\n\", ctx.fd, "
                                       "str(ctx.file.f_path.dentry.d_name.name)); }"});
  close(57);
  close(fd);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "57 null\n\n\n");
}

TEST_F(IterTest, RunsBetweenBeginAndEndThenPrintsMaps) {
  auto result =
      runBpfscope({"-e", "BEGIN { printf(\"begin\\n\"); } iter:task /ctx.task != 0 && "
                         "ctx.task.pid == " +
                             self() + "/ { @tasks = count(); } END { printf(\"end\\n\"); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "begin\nend\n\n\n@tasks: 1\n");
}

TEST_F(IterTest, ListsIteratorsWithTheirContextFields) {
  auto result = runBpfscope({"-lv", "iter:task_file"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "iter:task_file\n"
                        "    struct task_struct * task\n"
                        "    uint32 fd\n"
                        "    struct file * file\n");
  auto all = runBpfscope({"-l", "iter:*"});
  EXPECT_TRUE(hasLine(all.out, "iter:task")) << all.out;
  EXPECT_FALSE(hasLine(all.out, "iter:num")) << "open-coded iterator kfuncs are not probes";
}

TEST_F(IterTest, UnknownIteratorIsAnErrorWithASuggestion) {
  auto result = runBpfscope({"-e", "iter:tsk { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "stdin:1:1: ERROR: unknown iterator 'tsk'\n"
                        "iter:tsk { }\n"
                        "^~~~~~~~\n"
                        "HINT: did you mean 'task'?\n");
}

TEST_F(IterTest, CannotBeCombinedWithProbesThatWaitForEvents) {
  auto result = runBpfscope({"-e", "iter:task { } tracepoint:syscalls:sys_enter_getpid { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err,
              HasSubstr("ERROR: iter probes cannot be combined with probes that wait for events"));
}

TEST_F(IterTest, CtxExistsOnlyInIterProbes) {
  auto result = runBpfscope({"-e", "tracepoint:syscalls:sys_enter_getpid { print(ctx); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err,
              HasSubstr("ERROR: ctx is not available in tracepoint:syscalls:sys_enter_getpid\n"));
  EXPECT_THAT(result.err, HasSubstr("iter probes have a typed ctx too\n"));
}

TEST_F(IterTest, PinPathIsRefusedInWords) {
  auto result = runBpfscope({"-e", "iter:task:/sys/fs/bpf/bpfscope_iter { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: pinning an iterator (iter:NAME:PIN) is not supported"));
}

} // namespace
} // namespace bpfscope::e2e
