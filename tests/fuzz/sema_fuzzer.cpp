// libFuzzer target: parser then sema. Whatever parses must be analyzed to a
// checked program or to diagnostics, never to a crash, a hang or a sanitizer
// report. Sema reads tracefs and kernel BTF, so run it on a tracing-capable host.
#include "parser/diagnostics.h"
#include "parser/parser.h"
#include "parser/source.h"
#include "sema/sema.h"

#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace bpfscope;
  SourceFile source("fuzz.bt", std::string(reinterpret_cast<const char *>(data), size));
  Diagnostics diags(source);
  auto program = parse(source, diags);
  if (program && !diags.hasErrors())
    analyze(std::move(program), diags, SemaOptions{});
  std::ostringstream rendered;
  diags.render(rendered);
  return 0;
}
