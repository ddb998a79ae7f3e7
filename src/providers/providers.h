// The provider instances, one per probe kind. Only registry.cpp needs these;
// everything else finds providers by name through provider.h.
#pragma once

#include "providers/provider.h"

namespace bpfscope {

const Provider &beginProvider();
const Provider &endProvider();
const Provider &tracepointProvider();
const Provider &intervalProvider();

} // namespace bpfscope
