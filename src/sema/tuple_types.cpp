#include "sema/tuple_types.h"

#include "sema/branch_types.h"
#include "sema/integer_promotion.h"

#include <vector>

namespace bpfscope {

namespace {

std::optional<Type> elementHoldingBoth(const Type &known, const Type &value) {
  if (known.kind != TypeKind::Integer || value.kind != TypeKind::Integer)
    return largerBranchType(known, value); // strings, buffers, nested tuples; else equal
  std::optional<Type> both = typeHoldingBoth({known, std::nullopt, known.sign_flexible},
                                             {value, std::nullopt, value.sign_flexible});
  if (both)
    both->sign_flexible = known.sign_flexible && value.sign_flexible;
  return both;
}

} // namespace

std::optional<Type> tupleHoldingBoth(const Type &known, const Type &value) {
  if (known.kind != TypeKind::Tuple || value.kind != TypeKind::Tuple ||
      known.elements.size() != value.elements.size() || known.names.size() != value.names.size())
    return std::nullopt;
  std::vector<size_t> at = matchingElements(known, value);
  std::vector<Type> elements;
  for (size_t i = 0; i < known.elements.size(); ++i) {
    if (at[i] == value.elements.size())
      return std::nullopt;
    std::optional<Type> element = elementHoldingBoth(known.elements[i], value.elements[at[i]]);
    if (!element)
      return std::nullopt;
    elements.push_back(*element);
  }
  return Type::namedTuple(known.names, std::move(elements));
}

} // namespace bpfscope
