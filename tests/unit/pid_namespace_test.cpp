// The PID namespace bpfscope's programs are told about: none in the initial
// one, else the device and inode of its /proc/self/ns/pid link.
#include "runtime/pid_namespace.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace bpfscope {
namespace {

TEST(PidNamespace, InitialNamespaceOrMissingLinkIsNone) {
  EXPECT_EQ(ownPidNamespace("/nonexistent/ns/pid"), std::nullopt);
  struct stat st {};
  ASSERT_EQ(::stat("/proc/self/ns/pid", &st), 0);
  if (st.st_ino != 0xeffffffc)
    GTEST_SKIP() << "the tests run inside a PID namespace of their own";
  EXPECT_EQ(ownPidNamespace(), std::nullopt);
}

TEST(PidNamespace, AnotherNamespaceIsNamedByDeviceAndInode) {
  // Any file other than the initial namespace's link reads as a namespace of
  // its own: its device and inode are what the programs get.
  struct stat st {};
  ASSERT_EQ(::stat("/proc/self/exe", &st), 0);
  std::optional<PidNamespace> ns = ownPidNamespace("/proc/self/exe");
  ASSERT_TRUE(ns.has_value());
  EXPECT_EQ(ns->device, static_cast<uint64_t>(st.st_dev));
  EXPECT_EQ(ns->inode, static_cast<uint64_t>(st.st_ino));
}

} // namespace
} // namespace bpfscope
