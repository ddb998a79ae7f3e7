// A real verifier rejection (the kernel's own log) traced back to the script
// column that produced the rejected instruction. Needs root to load BPF.
#include "codegen/bpf_module.h"
#include "codegen/codegen.h"
#include "runtime/verifier_report.h"

#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>

namespace bpfscope {
namespace {

std::string &capturedWarnings() {
  static std::string text;
  return text;
}

int captureWarning(libbpf_print_level level, const char *format, va_list args) {
  if (level != LIBBPF_WARN)
    return 0;
  char line[4096];
  std::vsnprintf(line, sizeof line, format, args);
  capturedWarnings() += line;
  return 0;
}

// Two statements on one line; the second dereferences a map lookup without a
// null check, which the verifier rejects.
const char *kScript = "BEGIN { @x = 1; @c[7] = *lookup; }\n";
constexpr unsigned kBadColumn = 17;

CodegenResult buildRejectedProgram() {
  BpfModule m("stdin", kScript);
  auto *x = m.declareMap("x", BPF_MAP_TYPE_HASH, 8, 8, 16);
  auto *c = m.declareMap("c", BPF_MAP_TYPE_HASH, 8, 8, 16);
  m.beginProgram("BEGIN_0", "raw_tp/begin", 1);
  auto &b = m.builder();
  auto *key = m.createEntryAlloca(b.getInt64Ty(), "key");
  auto *value = m.createEntryAlloca(b.getInt64Ty(), "value");
  m.setLocation(1, 9);
  b.CreateStore(b.getInt64(0), key);
  b.CreateStore(b.getInt64(1), value);
  m.mapUpdate(x, key, value);
  m.setLocation(1, kBadColumn);
  b.CreateStore(b.getInt64(7), key);
  auto *loaded = b.CreateLoad(b.getInt64Ty(), m.mapLookup(c, key));
  b.CreateRet(b.CreateTrunc(loaded, b.getInt32Ty()));
  CodegenResult code;
  std::string error;
  code.object = m.emitObject(&error);
  EXPECT_EQ(error, "");
  code.locations.record({16, 32}); // "@c[7] = *lookup;"
  return code;
}

TEST(VerifierReport, RealRejectionPointsAtTheStatementOnItsLine) {
  if (geteuid() != 0)
    GTEST_SKIP() << "loading BPF needs root";
  CodegenResult code = buildRejectedProgram();
  bpf_object *obj = bpf_object__open_mem(code.object.data(), code.object.size(), nullptr);
  ASSERT_NE(obj, nullptr);
  capturedWarnings().clear();
  libbpf_print_fn_t previous = libbpf_set_print(captureWarning);
  EXPECT_NE(bpf_object__load(obj), 0);
  libbpf_set_print(previous);
  bpf_object__close(obj);
  const std::string &log = capturedWarnings();
  size_t begin = log.find("-- BEGIN PROG LOAD LOG --");
  ASSERT_NE(begin, std::string::npos) << log;

  SourceFile source("stdin", kScript);
  Diagnostics diags(source);
  reportVerifierRejection({"BEGIN", "BEGIN_0", log.substr(begin), "Permission denied"}, code, false,
                          diags);
  std::ostringstream out;
  diags.render(out);
  EXPECT_EQ(out.str().substr(0, out.str().find(": R0")),
            "stdin:1:17: ERROR: the kernel's BPF verifier rejected the program for BEGIN")
      << out.str();
  EXPECT_NE(out.str().find("                ^~~~~~~~~~~~~~~~\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("HINT: the program reads through a pointer that may be null"),
            std::string::npos)
      << out.str();
}

} // namespace
} // namespace bpfscope
