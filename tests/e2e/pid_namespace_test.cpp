// bpfscope run inside a PID namespace of its own (`unshare --pid`): `pid`,
// `tid`, -p and the process of a user stack are those of its namespace, as in
// bpftrace's runtime cases (pid_namespace); pid(init) stays the initial one's.

#include "harness.h"

#include <gmock/gmock.h>

#include <regex>

namespace bpfscope::e2e {
namespace {

class PidNamespaceTest : public E2ETest {
protected:
  // `command` run by sh as PID 1 of a new PID namespace with its own /proc.
  static std::string inNewPidNamespace(const std::string &command) {
    return shellOutput("unshare --fork --pid --mount-proc sh -c '" + command + "'");
  }
};

TEST_F(PidNamespaceTest, PidAndTidAreThoseOfItsOwnNamespace) {
  std::string out = inNewPidNamespace(
      "exec " + bpfscopeBinary() +
      " -e \"BEGIN { printf(\\\"%d %d %d\\n\\\", pid, tid, pid(init) > 1); exit(); }\"");
  EXPECT_TRUE(hasLine(out, "1 1 1")) << out;
}

// The traced process (-c) is PID 2 there, and its stack is read through the
// namespace's /proc.
TEST_F(PidNamespaceTest, UserStackOfAProcessInsideIsSymbolized) {
  std::string binary = workloadPath("bpfs_stacks");
  std::string out = inNewPidNamespace(
      "exec " + bpfscopeBinary() + " -c \"" + binary + " 1 500\" -e \"uprobe:" + binary +
      ":bpfs_inner { printf(\\\"%d %d\\n\\\", pid, pid == cpid); print(ustack(3)); }\"");
  EXPECT_TRUE(hasLine(out, "2 1")) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\n {8}bpfs_inner\\+0\n {8}bpfs_middle\\+[0-9]+\n"
                                                " {8}bpfs_outer\\+[0-9]+\n")))
      << out;
}

// -p names the process by its id in bpfscope's namespace, and the programs
// of kinds that filter by pid compare that id.
TEST_F(PidNamespaceTest, PidFilterUsesTheNamespacesIds) {
  std::string out = inNewPidNamespace(
      workloadPath("bpfs_sleeper") + " 300 10 & exec " + bpfscopeBinary() +
      " -p $! -e \"tracepoint:syscalls:sys_exit_clock_nanosleep { printf(\\\"%d %d\\n\\\", pid, "
      "pid(init) != pid); exit(); }\"");
  EXPECT_TRUE(hasLine(out, "2 1")) << out;
}

} // namespace
} // namespace bpfscope::e2e
