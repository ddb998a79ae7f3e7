// The exported entry point of libbpfscope-backend.so (see backend.h).
#include "codegen/backend.h"

namespace {

const bpfscope::backend::Entry kEntry{&bpfscope::generate, &bpfscope::instructionLine};

} // namespace

extern "C" const bpfscope::backend::Entry *bpfscope_backend_entry() {
  return &kEntry;
}
