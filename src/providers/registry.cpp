#include "providers/provider.h"
#include "providers/providers.h"

#include <bpf/libbpf.h>

#include <algorithm>
#include <cctype>

namespace bpfscope {

const std::vector<const Provider *> &allProviders() {
  static const std::vector<const Provider *> providers = {
      &beginProvider(),     &endProvider(),           &tracepointProvider(),
      &intervalProvider(),  &profileProvider(),       &softwareProvider(),
      &hardwareProvider(),  &rawtracepointProvider(), &kprobeProvider(),
      &kretprobeProvider(), &fentryProvider(),        &fexitProvider(),
      &uprobeProvider(),    &uretprobeProvider(),     &usdtProvider(),
      &iterProvider(),      &watchpointProvider(),    &asyncwatchpointProvider(),
      &selfProvider(),      &benchProvider(),         &testProvider()};
  return providers;
}

static bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const Provider *findProvider(std::string_view name) {
  for (const Provider *p : allProviders()) {
    if (equalsIgnoringCase(p->name(), name))
      return p;
    for (std::string_view alias : p->aliases())
      if (alias == name)
        return p;
  }
  return nullptr;
}

std::string joinParts(const std::vector<std::string> &parts) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i)
    text += (i ? ":" : "") + parts[i];
  return text;
}

AttachOutcome::AttachOutcome(bpf_link *link, std::string why) : error(std::move(why)) {
  if (link)
    links.push_back(link);
}

AttachOutcome
attachEach(const std::vector<ProbeTarget> &targets, uint64_t first_cookie,
           const std::function<AttachOutcome(const ProbeTarget &, uint64_t)> &attach_one) {
  std::vector<bpf_link *> links;
  for (size_t i = 0; i < targets.size(); ++i) {
    AttachOutcome one = attach_one(targets[i], first_cookie + i);
    if (!one.attached()) {
      for (bpf_link *link : links)
        bpf_link__destroy(link);
      one.failed_target = targets[i].canonical;
      return one;
    }
    links.insert(links.end(), one.links.begin(), one.links.end());
  }
  return AttachOutcome(std::move(links));
}

AttachOutcome Provider::attachShared(bpf_program *, const std::vector<ProbeTarget> &targets,
                                     uint64_t, int) const {
  AttachOutcome refused(nullptr, std::string(name()) + " probes cannot share a program");
  refused.failed_target = targets.empty() ? "" : targets.front().canonical;
  return refused;
}

const ArgField *ArgsLayout::find(std::string_view name) const {
  for (const auto &f : fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

} // namespace bpfscope
