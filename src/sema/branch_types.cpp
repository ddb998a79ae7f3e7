#include "sema/branch_types.h"

#include "sema/tuple_types.h"

namespace bpfscope {

std::optional<Type> largerBranchType(const Type &a, const Type &b) {
  if (a.kind != b.kind)
    return std::nullopt;
  switch (a.kind) {
  case TypeKind::String:
  case TypeKind::Buffer:
    return a.size >= b.size ? a : b;
  case TypeKind::Tuple:
    return tupleHoldingBoth(a, b);
  default:
    if (a == b)
      return a;
    return std::nullopt;
  }
}

} // namespace bpfscope
