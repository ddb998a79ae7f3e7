// libFuzzer target: any byte string given to the parser ends in an AST or in
// diagnostics, never in a crash, a hang or a sanitizer report.
#include "parser/diagnostics.h"
#include "parser/parser.h"
#include "parser/source.h"

#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace bpfscope;
  SourceFile source("fuzz.bt", std::string(reinterpret_cast<const char *>(data), size));
  Diagnostics diags(source);
  auto program = parse(source, diags);
  std::ostringstream rendered; // rendering walks every span: it must stay inside the text
  diags.render(rendered);
  return 0;
}
