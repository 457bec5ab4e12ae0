// `astrid-abi table` for component-era releases: the interfaces a release
// registers, each in the reference's one-item-a-line notation (text), as
// rows of functions with their gates and runtime notes (markdown, json),
// or as WIT that wit-parser reads (wit), from which capsules can be built
// against that release. And the list of every release of both eras.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "abi/kernel_releases.h"
#include "abi/wit_format.h"
#include "report/table_format.h"

namespace astrid {
namespace {

using Json = nlohmann::ordered_json;

struct Served {
  std::string_view name;
  const HostInterface* host;
};

std::vector<Served> served(const ComponentRelease& release) {
  std::vector<Served> out;
  for (std::string_view name : registered_instances(release)) out.push_back({name, host_interface(release, name)});
  return out;
}

size_t function_count(const ComponentRelease& release) {
  size_t n = 0;
  for (const Served& s : served(release))
    if (s.host->wit) n += s.host->wit->functions.size();
  return n;
}

std::string note_text(const ComponentRelease& release, std::string_view instance, std::string_view function) {
  const auto note = runtime_note(release, instance, function);
  return note ? std::string(note->text) : std::string();
}

std::string heading(const ComponentRelease& release) {
  return fmt::format("Astrid kernel {} ({}, {}): {} interfaces, {} functions, host ABI {}", release.name,
                     release.commit, release.date, registered_instances(release).size(), function_count(release),
                     release.abi);
}

std::string text_table(const ComponentRelease& release) {
  const TypeGraph& types = component_abi_types();
  std::string out = heading(release) + "\n";
  for (const Served& s : served(release)) {
    if (!s.host->wit) {
      out += fmt::format("\n{}  (linked from WASI 0.2.6, not itemised)\n", s.name);
      continue;
    }
    const size_t n = s.host->wit->functions.size();
    out += fmt::format("\n{} ({} function{})\n", s.name, n, n == 1 ? "" : "s");
    for (const std::string& line : interface_listing(types, *s.host->wit)) out += "  " + line + "\n";
  }
  return out;
}

// A table cell: "|" would end it.
std::string cell(std::string text) {
  for (size_t i = 0; (i = text.find('|', i)) != std::string::npos; i += 2) text.insert(i, 1, '\\');
  return text;
}

std::string markdown_table(const ComponentRelease& release) {
  const TypeGraph& types = component_abi_types();
  std::string out = "| interface | function | type | gate | note |\n|---|---|---|---|---|\n";
  for (const Served& s : served(release)) {
    if (!s.host->wit) continue;
    for (const WitFunction& f : s.host->wit->functions)
      out += fmt::format("| {} | {} | `{}` | {} | {} |\n", s.name, f.name, format_func(types, f.type),
                         cell(describe(host_gate(release, s.name, f.name))), cell(note_text(release, s.name, f.name)));
  }
  return out;
}

std::string json_table(const ComponentRelease& release) {
  const TypeGraph& types = component_abi_types();
  Json interfaces = Json::array();
  for (const Served& s : served(release)) {
    Json i;
    i["name"] = s.name;
    i["typed"] = s.host->wit != nullptr;
    Json listing = Json::array(), functions = Json::array();
    if (s.host->wit) {
      for (const std::string& line : interface_listing(types, *s.host->wit)) listing.push_back(line);
      for (const WitFunction& f : s.host->wit->functions) {
        Json j = {{"name", f.name}, {"type", format_func(types, f.type)},
                  {"gate", describe(host_gate(release, s.name, f.name))}};
        const std::string note = note_text(release, s.name, f.name);
        j["note"] = note.empty() ? Json(nullptr) : Json(note);
        functions.push_back(std::move(j));
      }
    }
    i["items"] = std::move(listing);
    i["functions"] = std::move(functions);
    interfaces.push_back(std::move(i));
  }
  Json exports = Json::array();
  for (const GuestExport& g : guest_exports(release))
    exports.push_back({{"name", g.name}, {"type", format_func(types, g.type)}, {"required", g.required},
                       {"world", g.world}});
  Json j = {{"release", release.name}, {"commit", release.commit}, {"date", release.date},
            {"tagged", release.tagged},  {"abi", release.abi},       {"interfaces", std::move(interfaces)},
            {"exports", std::move(exports)}};
  return j.dump(2) + "\n";
}

// The packages of the interfaces it registers, each once, in order; the
// guest package too, for the worlds a capsule implements.
std::string wit_table(const ComponentRelease& release) {
  std::vector<const WitPackage*> packages;
  bool untyped = false;
  auto add = [&](const WitPackage* p) {
    if (p && std::find(packages.begin(), packages.end(), p) == packages.end()) packages.push_back(p);
  };
  for (const Served& s : served(release)) {
    if (!s.host->wit) untyped = true;
    else add(s.host->wit->package);
  }
  for (const GuestExport& g : guest_exports(release))
    if (const WitWorld* w = component_abi_model().find_world(g.world)) add(w->package);
  std::string out = fmt::format("// {}\n", heading(release));
  if (untyped) out += "// The WASI 0.2.6 interfaces it links are not written here.\n";
  return out + "\n" + format_packages(component_abi_types(), packages);
}

}  // namespace

std::string format_table(const ComponentRelease& release, TableFormat format) {
  switch (format) {
    case TableFormat::Text: return text_table(release);
    case TableFormat::Json: return json_table(release);
    case TableFormat::Markdown: return markdown_table(release);
    case TableFormat::Wit: return wit_table(release);
    case TableFormat::Wat:
    case TableFormat::C: break;
  }
  return {};
}

std::string format_release_list(TableFormat format) {
  Json list = Json::array();
  std::string text;
  for (const KernelRelease& k : kernel_releases()) {
    std::string serves;
    if (k.extism)
      serves = fmt::format("{} syscalls", k.extism->syscalls.size());
    else
      serves = fmt::format("{} interfaces, {} functions (host ABI {})", registered_instances(*k.component).size(),
                           function_count(*k.component), k.component->abi);
    const std::string_view era = k.era == Era::Extism ? "extism" : "component";
    text += fmt::format("{:<8} {:<9} {}{}\n", k.name, era, serves, k.tagged ? "" : ", a branch head, not a release");
    list.push_back({{"release", k.name}, {"era", era}, {"tagged", k.tagged}, {"serves", serves}});
  }
  return format == TableFormat::Json ? list.dump(2) + "\n" : text;
}

}  // namespace astrid
