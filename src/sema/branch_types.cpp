#include "sema/branch_types.h"

#include <vector>

namespace bpfscope {

namespace {

std::optional<Type> largerTupleType(const Type &a, const Type &b) {
  if (a.elements.size() != b.elements.size() || a.names != b.names)
    return std::nullopt;
  std::vector<Type> elements;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    std::optional<Type> element = largerBranchType(a.elements[i], b.elements[i]);
    if (!element)
      return std::nullopt;
    elements.push_back(*element);
  }
  return Type::namedTuple(a.names, std::move(elements));
}

} // namespace

std::optional<Type> largerBranchType(const Type &a, const Type &b) {
  if (a == b)
    return a;
  if (a.kind != b.kind)
    return std::nullopt;
  switch (a.kind) {
  case TypeKind::String:
  case TypeKind::Buffer:
    return a.size >= b.size ? a : b;
  case TypeKind::Tuple:
    return largerTupleType(a, b);
  default:
    return std::nullopt;
  }
}

} // namespace bpfscope
