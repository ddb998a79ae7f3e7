// Structs described in the script's C preamble the way C headers write them,
// read from a uprobe through a pointer into the traced process: a
// `(struct T *)arg0` cast in a uprobe addresses the process's memory, as in
// bpftrace. Runs on workloads/bpfs_structs.
#include "harness.h"

#include <filesystem>

namespace bpfscope::e2e {
namespace {

// The workload's struct record, as a script copies it from a header: a
// const pointer, an array of arrays, a struct defined in place, and the last
// member without its ';'.
constexpr const char *kRecordPreamble = R"(struct record {
  int id;
  const char *name;
  int grid[2][3];
  struct pair { short a; short b } pair
};
)";

class PreambleStructsTest : public E2ETest {
protected:
  static RunResult runOnRecords(const std::string &binary, const std::string &body, int calls) {
    RunOptions options;
    options.workload = {workloadPath("bpfs_structs"), std::to_string(calls)};
    options.sigintAfter = milliseconds(200);
    return runBpfscope({"-e", std::string(kRecordPreamble) + "uprobe:" + binary +
                                  ":bpfs_record { $r = (struct record *)arg0; " + body + " }"},
                       options);
  }
};

TEST_F(PreambleStructsTest, CastArgumentReadsTheProcessMemory) {
  RunResult result = runOnRecords(workloadPath("bpfs_structs"),
                                  R"(printf("%d %s %d %d %d %d\n", $r->id, str($r->name),
                                     $r->grid[1][2], $r->pair.a, $r->pair.b,
                                     sizeof(struct record));)",
                                  2);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "7 seven 6 -3 42 48\n7 seven 6 -3 42 48\n\n\n");
}

TEST_F(PreambleStructsTest, WholeStructAndArrayOfArraysPrint) {
  RunResult result = runOnRecords(workloadPath("bpfs_structs"),
                                  "print($r->grid); print($r->pair); $p = *$r; print($p.id);", 1);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "[[1,2,3],[4,5,6]]\n{ .a = -3, .b = 42 }\n7\n\n\n");
}

// Variables declared with the preamble's types before they are assigned.
TEST_F(PreambleStructsTest, VariablesDeclaredWithStructTypes) {
  RunResult result =
      runOnRecords(workloadPath("bpfs_structs"),
                   R"(let $q: struct record *; let $p: struct pair; let $row: int32[3];
                      $q = $r; $p = $q->pair; $row = $q->grid[1];
                      printf("%d %d %d %d\n", $q->id, $p.a, $p.b, $row[2]);)",
                   1);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "7 -3 42 6\n\n\n");
}

// -f json writes a struct as an object of its members, as the newest bpftrace
// does: alone, inside a tuple and as a map's value. (-c: in JSON mode the
// attach message is JSON too, and the run ends with the command.)
TEST_F(PreambleStructsTest, StructsAreJsonObjects) {
  std::string binary = workloadPath("bpfs_structs");
  RunResult result = runBpfscope(
      {"-f", "json", "-e",
       std::string(kRecordPreamble) + "uprobe:" + binary +
           ":bpfs_record { $r = (struct record *)arg0; print($r->pair); print((1, $r->pair)); "
           "@p = $r->pair; }",
       "-c", binary + " 1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, R"({"type": "value", "data": {"a": -3, "b": 42}})"))
      << result.out;
  EXPECT_TRUE(hasLine(result.out, R"({"type": "value", "data": [1,{"a": -3, "b": 42}]})"))
      << result.out;
  EXPECT_TRUE(hasLine(result.out, R"({"type": "map", "data": {"@p": {"a": -3, "b": 42}}})"))
      << result.out;
}

// bpftrace's runtime test curtask_field: a preamble struct named like a kernel
// struct replaces the BTF type, curtask's too. x is the task's first 4 bytes.
TEST_F(PreambleStructsTest, PreambleKernelStructReplacesTheBtfOne) {
  EXPECT_EQ(quietScriptOutput(R"(struct task_struct { int x; }
    BEGIN { $t = (uint64)curtask; printf("%d %d\n", sizeof(*curtask), curtask.x == *(int32 *)$t);
      exit(); })"),
            "4 1\n\n\n");
}

// `*arg0` in a uprobe reads the process's memory too: the record's first
// 8 bytes, id and the padding after it (zero in the workload's stack frame
// is not guaranteed, so only the low 32 bits are compared).
TEST_F(PreambleStructsTest, DereferencedArgumentReadsTheProcessMemory) {
  RunResult result =
      runOnRecords(workloadPath("bpfs_structs"), R"(printf("%d\n", *arg0 & 0xffffffff);)", 1);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "7\n\n\n");
}

// A binary named relative to the working directory without './'.
TEST_F(PreambleStructsTest, BinaryPathRelativeWithoutDot) {
  std::filesystem::path workload(workloadPath("bpfs_structs"));
  std::filesystem::path saved = std::filesystem::current_path();
  std::filesystem::current_path(workload.parent_path().parent_path());
  RunResult result = runOnRecords("workloads/bpfs_structs", R"(printf("%d\n", $r->id);)", 1);
  std::filesystem::current_path(saved);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "7\n\n\n");
}

} // namespace
} // namespace bpfscope::e2e
