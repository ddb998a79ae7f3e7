#include "parser/binary_path_kinds.h"
#include "providers/provider.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

// The lexer's list and the providers must agree, or `uprobe:bin/app:f` would
// lex differently from how its provider reads it.
TEST(BinaryPathKinds, TheLexersListMatchesWhatEachProviderSays) {
  int binary_kinds = 0;
  for (const Provider *provider : allProviders()) {
    EXPECT_EQ(probeKindTakesBinaryPath(provider->name()), provider->takesBinaryPath())
        << provider->name();
    for (std::string_view alias : provider->aliases())
      EXPECT_EQ(probeKindTakesBinaryPath(alias), provider->takesBinaryPath()) << alias;
    binary_kinds += provider->takesBinaryPath();
  }
  EXPECT_EQ(binary_kinds, 3); // uprobe, uretprobe, usdt
}

} // namespace
} // namespace bpfscope
