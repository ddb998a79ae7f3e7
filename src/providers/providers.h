// The provider instances, one per probe kind. Only registry.cpp needs these;
// everything else finds providers by name through provider.h.
#pragma once

#include "providers/provider.h"

namespace bpfscope {

const Provider &beginProvider();
const Provider &endProvider();
const Provider &selfProvider();
const Provider &benchProvider();
const Provider &testProvider();
const Provider &tracepointProvider();
const Provider &intervalProvider();
const Provider &profileProvider();
const Provider &softwareProvider();
const Provider &hardwareProvider();
const Provider &rawtracepointProvider();
const Provider &kprobeProvider();
const Provider &kretprobeProvider();
const Provider &fentryProvider();
const Provider &fexitProvider();
const Provider &uprobeProvider();
const Provider &uretprobeProvider();
const Provider &usdtProvider();
const Provider &iterProvider();
const Provider &watchpointProvider();
const Provider &asyncwatchpointProvider();

} // namespace bpfscope
