#include "runtime/output.h"

namespace bpfscope {

Output::Output(std::ostream &out, BufferMode mode) : out_(out), mode_(mode) {
  if (mode == BufferMode::None)
    out_.setf(std::ios::unitbuf);
}

void Output::recordDone() {
  if (mode_ == BufferMode::Line)
    out_.flush();
}

} // namespace bpfscope
