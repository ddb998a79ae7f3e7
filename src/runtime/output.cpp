#include "runtime/output.h"

namespace bpfscope {

Output::Output(std::ostream &out, BufferMode mode) : out_(out), mode_(mode) {
  if (mode == BufferMode::None)
    out_.setf(std::ios::unitbuf);
}

void Output::recordDone() {
  if (mode_ != BufferMode::Line)
    return;
  if (batch_depth_ > 0)
    unflushed_ = true;
  else
    out_.flush();
}

Output::Batch::~Batch() {
  if (--output_.batch_depth_ == 0 && output_.unflushed_) {
    output_.unflushed_ = false;
    output_.out_.flush();
  }
}

} // namespace bpfscope
