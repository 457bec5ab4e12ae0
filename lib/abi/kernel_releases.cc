#include "abi/kernel_releases.h"

#include <algorithm>

namespace astrid {
namespace {

std::vector<KernelRelease> make_list() {
  std::vector<KernelRelease> list;
  // Room for the WIT release of --wit, so that adding it moves nothing.
  list.reserve(releases().size() + component_releases().size() + 1);
  for (const Release& r : releases()) list.push_back({r.name, list.size(), Era::Extism, &r, nullptr, true});
  for (const ComponentRelease& r : component_releases())
    list.push_back({r.name, list.size(), Era::Component, nullptr, &r, r.tagged});
  return list;
}

// The list, with the WIT release last once load_wit_release has read one
// (which it does before anything is checked, on one thread).
const std::vector<KernelRelease>& list() {
  static std::vector<KernelRelease> kList = make_list();
  if (const ComponentRelease* w = wit_release(); w && kList.back().component != w)
    kList.push_back({w->name, kList.size(), Era::Component, nullptr, w, false});
  return kList;
}

}  // namespace

std::string_view to_string(Era era) { return era == Era::Extism ? "Extism" : "component"; }

std::span<const KernelRelease> kernel_releases() { return list(); }

const KernelRelease* find_kernel_release(std::string_view name) {
  if (const Release* r = find_release(name)) return &kernel_release(*r);
  if (const ComponentRelease* r = find_component_release(name)) return &kernel_release(*r);
  return nullptr;
}

const KernelRelease& kernel_release(const Release& release) { return list()[release.index]; }

const KernelRelease& kernel_release(const ComponentRelease& release) {
  return list()[releases().size() + release.index];  // the WIT release's index follows main's
}

const KernelRelease& default_release(Era era) {
  if (era == Era::Extism) return kernel_release(default_release());
  const auto& all = list();
  const auto newest = std::find_if(all.rbegin(), all.rend(), [](const KernelRelease& r) { return r.tagged; });
  return *newest;
}

std::variant<ReleaseChoice, std::string> parse_release_choice(const std::vector<std::string>& names) {
  ReleaseChoice choice;
  std::vector<bool> chosen(list().size());
  for (const std::string& name : names) {
    if (name == "all") {
      choice.all = true;
      continue;
    }
    const KernelRelease* r = find_kernel_release(name);
    if (!r) return name;
    chosen[r->index] = true;
  }
  for (const KernelRelease& r : list())
    if (chosen[r.index]) choice.named.push_back(&r);
  return choice;
}

std::vector<const KernelRelease*> releases_for(const ReleaseChoice& choice, Era era) {
  if (choice.empty()) return {&default_release(era)};
  std::vector<const KernelRelease*> out;
  for (const KernelRelease& r : list()) {
    const bool named = std::find(choice.named.begin(), choice.named.end(), &r) != choice.named.end();
    if (named || (choice.all && r.tagged && r.era == era)) out.push_back(&r);
  }
  return out;
}

std::string kernel_release_names(std::string_view separator) {
  std::string out;
  for (const KernelRelease& r : list()) {
    if (!out.empty()) out += separator;
    out += r.name;
  }
  return out;
}

}  // namespace astrid
