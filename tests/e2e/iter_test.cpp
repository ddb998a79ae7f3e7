// iter probes: BPF iterators, run once over every task or open file after
// BEGIN; `ctx` is the kernel's typed iterator context. The test process itself
// is what they look for.

#include "harness.h"

#include <gmock/gmock.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

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

// The kernel gives bpf_d_path to iterators: path() of the open file's
// f_path, as a struct or through its address.
TEST_F(IterTest, TaskFilePathOfAnOpenDescriptor) {
  int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, 57), 57);
  auto result = runBpfscope({"-e", "it:task_file /ctx.task != 0 && ctx.task.pid == " + self() +
                                       " && ctx.fd == 57/ { printf(\"%s %s\\n\", "
                                       "path(ctx.file.f_path), path(&ctx.file.f_path)); }"});
  close(57);
  close(fd);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "/dev/null /dev/null\n\n\n");
}

TEST_F(IterTest, PathTakesAStructPathOfTheContext) {
  auto result = runBpfscope({"-e", "it:task_file { @ = path(ctx.file.f_path.dentry); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: in iter probes path() takes a struct path of an "
                                    "object the iterator's context points at"));
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

// Removes a pin when the test ends, however it ends.
class Pin {
public:
  explicit Pin(std::string path) : path_(std::move(path)) { std::filesystem::remove(path_); }
  ~Pin() { std::filesystem::remove(path_); }
  const std::string &path() const { return path_; }
  // What a reader of the pinned file gets: one run of the program.
  std::string read() const { return shellOutput("cat " + path_); }

private:
  std::string path_;
};

// iter:NAME:PIN pins the iterator and ends; every read of the pin runs the
// program, which prints into the file (the kernel formats its printf).
TEST_F(IterTest, PinnedIteratorPrintsIntoThePinnedFile) {
  Pin pin("/sys/fs/bpf/bpfscope_iter_test");
  auto result = runBpfscope(
      {"-e", "iter:task:bpfscope_iter_test /ctx.task != 0 && ctx.task.pid == " + self() +
                 "/ { printf(\"%s|%-6d|%5u|%x|%c|100%%\\n\", ctx.task.comm, ctx.task.tgid, "
                 "ctx.task.tgid, 255, 65); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "Program pinned to " + pin.path() + "\n\n\n");
  std::string comm = shellOutput("cat /proc/" + self() + "/comm | tr -d '\\n'");
  char expected[128];
  snprintf(expected, sizeof expected, "%s|%-6d|%5u|ff|A|100%%\n", comm.c_str(), getpid(), getpid());
  EXPECT_EQ(pin.read(), expected);
  EXPECT_EQ(pin.read(), expected) << "each read runs the iteration again";
}

TEST_F(IterTest, PinnedIteratorAtAnAbsolutePath) {
  Pin pin("/sys/fs/bpf/bpfscope_iter_abs");
  auto result =
      runBpfscope({"-e", "it:task:" + pin.path() + " /ctx.task != 0 && ctx.task.pid == " + self() +
                             "/ { printf(\"pid %d\\n\", ctx.task.pid); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "Program pinned to " + pin.path())) << result.out;
  EXPECT_EQ(pin.read(), "pid " + self() + "\n");
}

TEST_F(IterTest, PinThatExistsIsAnError) {
  Pin pin("/sys/fs/bpf/bpfscope_iter_twice");
  const std::string script = "iter:task:bpfscope_iter_twice { printf(\"x\\n\"); }";
  ASSERT_EQ(runBpfscope({"-e", script}).exitCode, 0);
  auto again = runBpfscope({"-e", script});
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_THAT(again.err, HasSubstr("ERROR: iter:task:bpfscope_iter_twice: cannot pin the iterator "
                                   "at /sys/fs/bpf/bpfscope_iter_twice: it exists"));
}

TEST_F(IterTest, PinnedIteratorPrintsOnlyWhatTheKernelFormats) {
  auto result = runBpfscope({"-e", "iter:task:x { printf(\"%lu %s\\n\", 1, ustack); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: printf in a pinned iterator cannot print a"));
  auto precision = runBpfscope({"-e", "iter:task:x { printf(\"%.3d\\n\", 1); }"});
  EXPECT_EQ(precision.exitCode, 1);
  EXPECT_THAT(precision.err, HasSubstr("takes no '#', precision or '*'"));
  auto empty = runBpfscope({"-e", "iter:task: { }"});
  EXPECT_EQ(empty.exitCode, 1);
  EXPECT_THAT(empty.err, HasSubstr("ERROR: the pin path of iter:task: is empty"));
}

} // namespace
} // namespace bpfscope::e2e
