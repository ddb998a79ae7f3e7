#include "providers/tracepoint_format.h"

#include "sema/btf_types.h"
#include "sema/struct_def.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

constexpr const char *kOpenat = R"(name: sys_enter_openat
ID: 782
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:int __syscall_nr;	offset:8;	size:4;	signed:1;
	field:int dfd;	offset:16;	size:8;	signed:0;
	field:const char * filename;	offset:24;	size:8;	signed:0;
	field:umode_t mode;	offset:40;	size:8;	signed:0;

print fmt: "dfd: 0x%08lx", ((unsigned long)(REC->dfd))
)";

constexpr const char *kSchedSwitch = R"(format:
	field:char prev_comm[16];	offset:8;	size:16;	signed:0;
	field:pid_t prev_pid;	offset:24;	size:4;	signed:1;
	field:__data_loc char[] name;	offset:28;	size:4;	signed:0;
	field:unsigned long caller[4];	offset:32;	size:32;	signed:0;
	field:__u8 daddr[4];	offset:64;	size:4;	signed:0;
)";

constexpr const char *kNanosleep = R"(format:
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:int __syscall_nr;	offset:8;	size:4;	signed:1;
	field:struct __kernel_timespec * rqtp;	offset:16;	size:8;	signed:0;
	field:const struct __kernel_timespec * rmtp;	offset:24;	size:8;	signed:0;
	field:const char *const * argv;	offset:32;	size:8;	signed:0;
	field:struct no_such_struct_in_btf * other;	offset:40;	size:8;	signed:0;
)";

TEST(TracepointFormat, TypesSyscallArgumentsByTheirCType) {
  ArgsLayout layout = parseTracepointFormat(kOpenat, /*user_pointers=*/true);
  const ArgField *dfd = layout.find("dfd");
  ASSERT_NE(dfd, nullptr);
  EXPECT_EQ(dfd->offset, 16u);
  EXPECT_EQ(dfd->type, Type::integer(4, true)); // an int, though stored in 8 bytes
  const ArgField *filename = layout.find("filename");
  ASSERT_NE(filename, nullptr);
  EXPECT_EQ(filename->offset, 24u);
  EXPECT_EQ(filename->type, Type::pointerTo(Type::integer(1, true), /*user_address=*/true));
  EXPECT_EQ(layout.find("mode")->type, Type::integer(2, false));
  EXPECT_EQ(layout.find("common_pid")->type, Type::integer(4, true));
}

TEST(TracepointFormat, CharArraysAreStringsAndDataLocIsMarked) {
  ArgsLayout layout = parseTracepointFormat(kSchedSwitch, /*user_pointers=*/false);
  EXPECT_EQ(layout.find("prev_comm")->type, Type::string(16));
  EXPECT_EQ(layout.find("prev_pid")->type, Type::integer(4, true));
  ASSERT_NE(layout.find("name"), nullptr);
  EXPECT_TRUE(layout.find("name")->data_loc);
}

TEST(TracepointFormat, OtherArraysAreArraysOfTheirElementType) {
  ArgsLayout layout = parseTracepointFormat(kSchedSwitch, /*user_pointers=*/false);
  ASSERT_NE(layout.find("caller"), nullptr);
  EXPECT_EQ(layout.find("caller")->type, Type::array(Type::integer(8, false), 4));
  ASSERT_NE(layout.find("daddr"), nullptr);
  EXPECT_EQ(layout.find("daddr")->type, Type::array(Type::integer(1, false), 4));
}

TEST(TracepointFormat, StructPointersAreTypedThroughKernelBtf) {
  if (!BtfTypes::vmlinux())
    GTEST_SKIP() << "the kernel has no BTF";
  ArgsLayout layout = parseTracepointFormat(kNanosleep, /*user_pointers=*/true);
  for (const char *name : {"rqtp", "rmtp"}) {
    const ArgField *field = layout.find(name);
    ASSERT_NE(field, nullptr) << name;
    ASSERT_NE(field->type.pointee(), nullptr) << name;
    ASSERT_TRUE(field->type.pointee()->isStruct()) << name;
    EXPECT_EQ(field->type.pointee()->record->name(), "struct __kernel_timespec");
    EXPECT_TRUE(field->type.pointee()->record->find("tv_nsec").has_value());
    EXPECT_TRUE(field->type.user_address) << name;
  }
}

TEST(TracepointFormat, OtherPointersStayUntyped) {
  ArgsLayout layout = parseTracepointFormat(kNanosleep, /*user_pointers=*/false);
  for (const char *name : {"argv", "other"}) {
    const ArgField *field = layout.find(name);
    ASSERT_NE(field, nullptr) << name;
    EXPECT_EQ(field->type, Type::pointer(/*user_address=*/false)) << name;
  }
}

TEST(TracepointFormat, KernelTracepointPointersAreKernelAddresses) {
  if (!BtfTypes::vmlinux())
    GTEST_SKIP() << "the kernel has no BTF";
  ArgsLayout layout = parseTracepointFormat(kNanosleep, /*user_pointers=*/false);
  const ArgField *rqtp = layout.find("rqtp");
  ASSERT_NE(rqtp, nullptr);
  ASSERT_NE(rqtp->type.pointee(), nullptr);
  EXPECT_FALSE(rqtp->type.user_address);
}

TEST(TracepointFormat, ListsTheEventsOwnDeclarationsAsWritten) {
  EXPECT_EQ(tracepointFieldDeclarations(kOpenat),
            (std::vector<std::string>{"int __syscall_nr", "int dfd", "const char * filename",
                                      "umode_t mode"}));
  EXPECT_EQ(
      tracepointFieldDeclarations(kSchedSwitch),
      (std::vector<std::string>{"char prev_comm[16]", "pid_t prev_pid", "__data_loc char[] name",
                                "unsigned long caller[4]", "__u8 daddr[4]"}));
}

} // namespace
} // namespace bpfscope
