// The types of map keys, as in the newest bpftrace (PR #4768): an integer
// key keeps its own size (a constant its smallest type) instead of widening
// to 64 bits, the uses of a map meet in the smallest type that holds all
// their keys, and a uint64 key cannot meet a signed one.
#include "check_script.h"

#include <gtest/gtest.h>
#include <vector>

namespace bpfscope {
namespace {

using test::check;

// The types of @m's keys in a script that checks, or its diagnostics.
std::string keyTypes(const std::string &script, const std::string &map = "@m") {
  auto r = check(script);
  if (!r.program)
    return r.diagnostics;
  const MapInfo *info = r.program->findMap(map);
  if (!info)
    return "no map " + map;
  std::string names;
  for (const Type &t : info->key_types)
    names += (names.empty() ? "" : ", ") + t.name();
  return names;
}

struct KeyCase {
  const char *script;
  const char *types;
};

void expectKeyTypes(const std::vector<KeyCase> &cases) {
  for (const KeyCase &c : cases)
    EXPECT_EQ(keyTypes(c.script), c.types) << c.script;
}

TEST(MapKeyTypes, AnIntegerKeyKeepsItsSize) {
  expectKeyTypes({
      {"BEGIN { @m[1] = 1; }", "int8"},
      {"BEGIN { @m[-1] = 1; }", "int8"},
      {"BEGIN { @m[300] = 1; }", "int16"},
      {"BEGIN { @m[(uint16)7] = 1; }", "uint16"},
      {"BEGIN { @m[pid] = 1; }", "uint32"},
      {"BEGIN { @m[nsecs] = 1; }", "uint64"},
      // An operator's result is 64 bits wide, as for a variable it is assigned to.
      {"BEGIN { @m[pid + 1] = 1; }", "uint64"},
      {"BEGIN { @m[pid, 1, \"a\"] = 1; }", "uint32, int8, string[2]"},
  });
}

TEST(MapKeyTypes, UsesMeetInTheTypeThatHoldsEveryKey) {
  expectKeyTypes({
      {"BEGIN { @m[1] = 1; @m[1000] = 2; }", "int16"},
      {"BEGIN { @m[(int8)1] = 1; @m[(int32)2] = 2; }", "int32"},
      {"BEGIN { @m[(uint8)1] = 1; @m[-1] = 2; }", "int16"},
      {"BEGIN { @m[(uint32)1] = 1; @m[(int32)2] = 2; }", "int64"},
      // A constant ≥ 0 counts as unsigned next to unsigned keys.
      {"BEGIN { @m[nsecs] = 1; @m[0] = 2; }", "uint64"},
      {"BEGIN { @m[0] = 1; @m[nsecs] = 2; }", "uint64"},
      {"BEGIN { @m[1, 2] = 1; @m[pid, (int64)3] = 2; }", "uint32, int64"},
      // Reading, has_key() and delete() take part, before the assignment too.
      {"BEGIN { $x = @m[(int32)5]; @m[1] = 1; }", "int32"},
      {"BEGIN { @m[1] = 1; if (has_key(@m, 100000)) { } }", "int32"},
      {"BEGIN { @m[1] = 1; delete(@m, (int16)-2); }", "int16"},
  });
}

TEST(MapKeyTypes, AUint64KeyMeetsNoSignedKey) {
  auto r = check("BEGIN { @m[-1] = 1; @m[nsecs] = 2; }");
  EXPECT_FALSE(r.program);
  EXPECT_EQ(r.diagnostics,
            "stdin:1:24: ERROR: @m key 1 has type uint64 here but int8 elsewhere\n"
            "BEGIN { @m[-1] = 1; @m[nsecs] = 2; }\n"
            "                       ^~~~~\n"
            "HINT: no integer type holds every int8 and uint64 value: cast one of them\n");
  EXPECT_NE(keyTypes("BEGIN { @m[nsecs] = 1; @m[(int8)-1] = 2; }")
                .find("ERROR: @m key 1 has type "
                      "int8 here but uint64"),
            std::string::npos);
  EXPECT_NE(keyTypes("BEGIN { @m[1, nsecs] = 1; @m[2, -5] = 2; }").find("ERROR: @m key 2"),
            std::string::npos);
  EXPECT_EQ(keyTypes("BEGIN { @m[(int64)nsecs] = 1; @m[-1] = 2; }"), "int64");
}

TEST(MapKeyTypes, OtherKeysAreStoredAsBefore) {
  EXPECT_EQ(keyTypes("BEGIN { @m[\"ab\"] = 1; @m[\"abcd\"] = 1; }"), "string[5]");
  EXPECT_EQ(keyTypes("BEGIN { @m[true] = 1; }"), "bool");
  EXPECT_EQ(keyTypes("BEGIN { @m[curtask] = 1; }"), "uint64");
}

// for ($kv : @m) sees the key as stored; a wildcard delete and a key from a
// tuple variable take part as other keys do.
TEST(MapKeyTypes, LoopsTuplesAndWildcardsUseTheStoredType) {
  auto r = check("BEGIN { @m[(int16)1] = 1; for ($kv : @m) { $k = $kv.0; } }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(
      test::typedLine("BEGIN { @m[(int16)1] = 1; for ($kv : @m) { $k = $kv.0; } }", "Variable $k"),
      "Variable $k :: int16");
  EXPECT_EQ(keyTypes("BEGIN { @m[1, (uint16)2] = 1; delete(@m[1, *]); }"), "int8, uint16");
  // A wildcard delete's keys widen the map's: 300 is not cut to a byte.
  EXPECT_EQ(keyTypes("BEGIN { @m[(uint8)1, 2] = 1; delete(@m[300, *]); }"), "uint16, int8");
  EXPECT_NE(keyTypes("BEGIN { @m[nsecs, 2] = 1; delete(@m[-1, *]); }")
                .find("ERROR: @m key 1 has type int8 here but uint64 elsewhere"),
            std::string::npos);
  // A tuple variable's elements are keys of the types the tuple holds them as.
  EXPECT_EQ(keyTypes("BEGIN { $t = ((int32)1, (uint8)2); @m[$t] = 1; @m[-1, 0] = 2; }"),
            keyTypes("BEGIN { $t = ((int32)1, (uint8)2); @m[$t[0], $t[1]] = 1; }"));
}

} // namespace
} // namespace bpfscope
