#include "codegen/failure_counters.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Module.h>

#include <cstring>

namespace bpfscope {

llvm::Constant *FailureCounters::counter(unsigned helper, Span span, int64_t retcode) {
  size_t index = 0;
  while (index < sites_.size() &&
         (sites_[index].helper != helper || sites_[index].begin != span.begin ||
          sites_[index].end != span.end))
    ++index;
  if (index == sites_.size())
    sites_.push_back({0, retcode, helper, span.begin, span.end});
  llvm::LLVMContext &context = m_.module().getContext();
  auto *byte = llvm::Type::getInt8Ty(context);
  if (!placeholder_)
    placeholder_ =
        new llvm::GlobalVariable(m_.module(), byte, false, llvm::GlobalValue::ExternalLinkage,
                                 nullptr, "helper_failures_placeholder");
  uint64_t offset = index * sizeof(HelperFailureCounter);
  return llvm::ConstantExpr::getInBoundsGetElementPtr(
      byte, placeholder_, llvm::ConstantInt::get(llvm::Type::getInt64Ty(context), offset));
}

void FailureCounters::finish() {
  if (!placeholder_)
    return;
  std::vector<uint8_t> initial(sites_.size() * sizeof(HelperFailureCounter));
  std::memcpy(initial.data(), sites_.data(), initial.size());
  llvm::GlobalVariable *counters =
      m_.declareData("helper_failures", objects::kHelperFailures, initial);
  placeholder_->replaceAllUsesWith(counters);
  placeholder_->eraseFromParent();
  placeholder_ = nullptr;
}

} // namespace bpfscope
