// Maps the instructions of an emitted BPF object back to the script, so that a
// verifier rejection can point at the statement or expression that produced
// the rejected instruction.
//
// Codegen records the span of every location it gives instructions (statement,
// predicate, expression); the object's DWARF line table (the same information
// LLVM turns into BTF line info) says which line:column each instruction has.
#pragma once

#include "parser/source.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

class SourceMap {
public:
  // Remembers `span` as the location starting at its first byte; the first span
  // recorded for an offset wins (a statement before the expression it starts with).
  void record(Span span);

  // The script span of instruction `instruction` (0-based, in 8-byte units) of
  // the program named `function` in `object`; nullopt when the line table
  // does not cover it.
  std::optional<Span> locate(const std::vector<uint8_t> &object, const std::string &function,
                             uint64_t instruction, const SourceFile &source) const;

  // The span recorded at `at`, else a one-byte span there; nullopt when `at`
  // is outside the script.
  std::optional<Span> spanAt(LineColumn at, const SourceFile &source) const;

  // Every recorded span, by begin offset (what the compiled-script cache saves).
  const std::map<uint32_t, Span> &spans() const { return spans_; }

private:
  std::map<uint32_t, Span> spans_; // by begin offset
};

// The line:column the object's DWARF line table gives instruction
// `instruction` (0-based, in 8-byte units) of the program named `function`;
// nullopt when the table does not cover it. Reading DWARF takes LLVM: this is
// part of the code generator (object_lines.cpp; the tool loads it, backend.h).
std::optional<LineColumn> instructionLine(const std::vector<uint8_t> &object,
                                          const std::string &function, uint64_t instruction);

} // namespace bpfscope
