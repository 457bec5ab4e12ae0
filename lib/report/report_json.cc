#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "support/output.h"
#include "report/report.h"
#include "check/rules.h"

namespace astrid {
namespace {

using Json = nlohmann::ordered_json;


Json offset_json(std::optional<uint64_t> offset) { return offset ? Json(*offset) : Json(nullptr); }

Json position_json(uint32_t n) { return n ? Json(n) : Json(nullptr); }

Json error_json(const std::string& path, const InputError& error) {
  return {{"file", path},
          {"offset", offset_json(error.offset)},
          {"line", position_json(error.line)},
          {"column", position_json(error.column)},
          {"message", error.message}};
}

Json finding_json(const Finding& f) {
  Json j;
  j["rule"] = f.rule->id;
  j["severity"] = to_string(f.severity);
  j["module"] = f.module.empty() ? Json(nullptr) : Json(f.module);
  j["name"] = f.name.empty() ? Json(nullptr) : Json(f.name);
  j["offset"] = offset_json(f.offset);
  if (!f.file.empty()) {
    j["file"] = f.file;
    j["line"] = position_json(f.line);
    j["column"] = position_json(f.column);
  }
  j["message"] = message(f);
  if (f.releases) {
    Json names = Json::array();
    for (const KernelRelease& k : kernel_releases())
      if (f.releases >> k.index & 1) names.push_back(k.name);
    j["releases"] = std::move(names);
  }
  Json notes = Json::array();
  for (const std::string& n : f.notes) notes.push_back(n);
  j["notes"] = std::move(notes);
  if (!f.details.empty()) j["details"] = f.details;
  if (f.expected) j["expected"] = to_text(*f.expected);
  if (f.actual) j["actual"] = to_text(*f.actual);
  if (f.fix_at)
    j["fix_at"] = {{"file", f.fix_at->file}, {"line", f.fix_at->line}, {"column", f.fix_at->column}};
  j["fingerprint"] = f.fingerprint.empty() ? Json(nullptr) : Json(f.fingerprint);
  return j;
}

Json capability_json(const CapabilityNeed& need) {
  Json j;
  j["capability"] = manifest_key(need.capability);
  if (need.capability == Capability::Identity) j["level"] = to_string(need.identity);
  j["syscalls"] = need.syscalls;
  return j;
}

Json findings_json(const std::vector<Finding>& findings) {
  Json out = Json::array();
  for (const Finding& f : findings) out.push_back(finding_json(f));
  return out;
}

Json summary_json(size_t errors, size_t warnings, size_t notes) {
  return {{"errors", errors}, {"warnings", warnings}, {"notes", notes}};
}

Json release_names_json(ReleaseSet set) {
  Json names = Json::array();
  for (const KernelRelease& k : kernel_releases())
    if (set >> k.index & 1) names.push_back(k.name);
  return names;
}

Json kernels_json(const Report& report) {
  Json kernels = Json::array();
  for (const KernelVerdict& k : report.kernels) {
    Json why = Json::array();
    for (const Finding* b : blockers(report, *k.release)) why.push_back({{"rule", b->rule->id}, {"message", message(*b)}});
    kernels.push_back({{"abi", k.release->name}, {"links", why.empty()}, {"blockers", std::move(why)}});
  }
  return kernels;
}

Json component_json(Json j, const Report& report) {
  const ComponentSummary& c = *report.component;
  j["era"] = "component";
  j["abi"] = c.release->name;
  if (!report.kernels.empty()) j["kernels"] = kernels_json(report);
  j["links_on"] = release_names_json(c.links_on);
  j["kind"] = c.roles;
  j["javascript"] = c.javascript;
  j["wasi"] = c.wasi;
  j["stubs"] = c.stubs;
  j["findings"] = findings_json(report.findings);
  Json functions = Json::array();
  for (const HostFunctionUse& u : c.functions)
    functions.push_back({{"interface", u.instance},
                         {"function", u.function},
                         {"resolves_to", u.registered.empty() ? Json(nullptr) : Json(u.registered)},
                         {"gate", describe(u.gate)},
                         {"offset", u.offset}});
  j["functions"] = std::move(functions);
  auto items = [](const std::vector<ComponentSummary::Item>& list) {
    Json out = Json::array();
    for (const auto& i : list) out.push_back({{"name", i.name}, {"kind", i.kind}, {"offset", i.offset}});
    return out;
  };
  j["imports"] = items(c.imports);
  j["exports"] = items(c.exports);
  Json capabilities = Json::array();
  for (const ComponentNeed& n : c.needs) {
    Json need;
    need["capability"] = manifest_key(n.capability);
    if (n.capability == ComponentCapability::Identity) need["level"] = to_string(n.level);
    need["functions"] = n.functions;
    capabilities.push_back(std::move(need));
  }
  j["capabilities"] = std::move(capabilities);
  j["summary"] = summary_json(report.count(Severity::Error), report.count(Severity::Warning),
                              report.count(Severity::Note));
  return j;
}

Json module_json(const FileResult& result) {
  Json j;
  j["file"] = result.path;
  if (const auto* error = std::get_if<InputError>(&result.outcome)) {
    j["error"] = error_json(result.path, *error);
    return j;
  }
  const Report& report = std::get<Report>(result.outcome);
  if (report.component) return component_json(std::move(j), report);
  j["era"] = "extism";
  // Null when a core module was checked only against component-era releases.
  j["abi"] = report.release ? Json(report.release->name) : Json(nullptr);
  if (!report.kernels.empty()) j["kernels"] = kernels_json(report);
  j["kind"] = report.roles;
  j["javascript"] = report.javascript;
  j["entry_points"] = report.entry_points;
  j["findings"] = findings_json(report.findings);
  Json syscalls = Json::array();
  for (const SyscallUse& use : report.syscalls)
    syscalls.push_back({{"number", use.number},
                        {"name", use.syscall->name},
                        {"group", to_string(use.syscall->group)},
                        {"signature", format_arrow(use.syscall->signature())},
                        {"gate", describe_gate(use.syscall->gate)},
                        {"offset", use.offset}});
  j["syscalls"] = std::move(syscalls);
  Json capabilities = Json::array();
  for (const CapabilityNeed& need : report.capabilities) capabilities.push_back(capability_json(need));
  j["capabilities"] = std::move(capabilities);
  j["summary"] = summary_json(report.count(Severity::Error), report.count(Severity::Warning),
                              report.count(Severity::Note));
  return j;
}

// A .capsule archive as its installer checks it: its content digest and
// its provenance ("status": "unsigned", "verified", or why it fails).
Json archive_json(const ArchiveIntegrity& integrity) {
  Json provenance;
  if (!integrity.is_signed) {
    provenance = {{"status", "unsigned"}};
  } else if (!integrity.provenance) {
    provenance = {{"status", "not verified"}};
  } else {
    const ProvenanceResult& p = *integrity.provenance;
    provenance = {{"status", to_string(p.status)}};
    if (p.status == ProvenanceResult::Status::Verified) provenance["signer"] = p.signer;
    else provenance["error"] = p.message;
  }
  return {{"content_digest", integrity.content_digest},
          {"refused", integrity.refused ? Json(*integrity.refused) : Json(nullptr)},
          {"provenance", std::move(provenance)}};
}

}  // namespace

std::string render_json(const InputResult& result) {
  Json j;
  j["version"] = kJsonVersion;
  j["input"] = result.path;
  j["manifest"] = result.manifest.empty() ? Json(nullptr) : Json(result.manifest);
  j["no_manifest"] = result.no_manifest.empty() ? Json(nullptr) : Json(result.no_manifest);
  // Errors about the capsule as a whole (its archive, its manifest) are
  // here; a file's own, in its entry of "modules".
  const std::optional<InputFailure>& whole = result.failure ? result.failure : result.manifest_error;
  j["error"] = whole ? error_json(whole->path, whole->error) : Json(nullptr);
  j["findings"] = findings_json(result.findings);
  j["archive"] = result.archive ? archive_json(*result.archive) : Json(nullptr);
  Json modules = Json::array();
  for (const FileResult& m : result.modules) modules.push_back(module_json(m));
  j["modules"] = std::move(modules);
  Json suppressed = Json::array();
  for (const Suppressed& s : result.suppressed) {
    Json f = finding_json(s.finding);
    f["path"] = s.path;
    f["suppressed"] = true;
    f["suppressed_by"] = s.source;
    f["suppression"] = to_string(s.kind);
    f["reason"] = s.reason;
    suppressed.push_back(std::move(f));
  }
  j["suppressed"] = std::move(suppressed);
  j["summary"] = summary_json(result.count(Severity::Error), result.count(Severity::Warning),
                              result.count(Severity::Note));
  // ASCII only: a JSON line pasted into a terminal or CI log cannot carry a
  // bidi override or C1 control raw.
  return j.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

namespace {

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(std::FILE* out) : out_(out) {}
  void input(const InputResult& result) override {
    const std::string line = render_json(result);
    write_out(out_, line, OutputKind::Json);
  }
  void finish() override {}

 private:
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::FILE* out) { return std::make_unique<JsonReporter>(out); }

}  // namespace astrid
