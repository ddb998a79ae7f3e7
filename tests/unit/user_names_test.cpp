#include "runtime/user_names.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bpfscope {
namespace {

TEST(UserNames, FindsTheNameOfAUserId) {
  std::istringstream passwd("root:x:0:0:root:/root:/bin/bash\n"
                            "bad line\n"
                            "alice:x:1000:1000::/home/alice:/bin/sh\n"
                            "bob:x:10001:10001::/home/bob:/bin/sh\n");
  EXPECT_EQ(userNameIn(passwd, 1000), "alice");
  passwd.clear();
  passwd.seekg(0);
  EXPECT_EQ(userNameIn(passwd, 0), "root");
  passwd.clear();
  passwd.seekg(0);
  EXPECT_EQ(userNameIn(passwd, 100), ""); // 10001 is not 100
}

} // namespace
} // namespace bpfscope
