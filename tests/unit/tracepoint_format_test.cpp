#include "providers/tracepoint_format.h"

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

TEST(TracepointFormat, TypesSyscallArgumentsByTheirCType) {
  ArgsLayout layout = parseTracepointFormat(kOpenat, /*user_pointers=*/true);
  const ArgField *dfd = layout.find("dfd");
  ASSERT_NE(dfd, nullptr);
  EXPECT_EQ(dfd->offset, 16u);
  EXPECT_EQ(dfd->type, Type::integer(4, true)); // an int, though stored in 8 bytes
  const ArgField *filename = layout.find("filename");
  ASSERT_NE(filename, nullptr);
  EXPECT_EQ(filename->offset, 24u);
  EXPECT_EQ(filename->type.kind, TypeKind::Pointer);
  EXPECT_TRUE(filename->type.user_address);
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

} // namespace
} // namespace bpfscope
