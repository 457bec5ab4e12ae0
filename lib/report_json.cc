#include <nlohmann/json.hpp>

#include "escape.h"
#include "report.h"
#include "rules.h"

namespace astrid {
namespace {

using Json = nlohmann::ordered_json;

// Names are untrusted bytes; JSON strings must be valid UTF-8.
std::string text(std::string_view s) { return valid_utf8(s); }

Json offset_json(std::optional<uint64_t> offset) { return offset ? Json(*offset) : Json(nullptr); }

Json finding_json(const Finding& f) {
  Json j;
  j["rule"] = f.rule->id;
  j["severity"] = to_string(f.severity);
  j["module"] = f.module.empty() ? Json(nullptr) : Json(text(f.module));
  j["name"] = f.name.empty() ? Json(nullptr) : Json(text(f.name));
  j["offset"] = offset_json(f.offset);
  j["message"] = text(f.message);
  Json notes = Json::array();
  for (const std::string& n : f.notes) notes.push_back(text(n));
  j["notes"] = std::move(notes);
  if (f.expected) j["expected"] = *f.expected;
  if (f.actual) j["actual"] = *f.actual;
  return j;
}

Json capability_json(const CapabilityNeed& need) {
  Json j;
  j["capability"] = manifest_key(need.capability);
  if (need.capability == Capability::Identity) j["level"] = to_string(need.identity);
  j["syscalls"] = need.syscalls;
  return j;
}

}  // namespace

std::string render_json(const FileResult& result) {
  Json j;
  j["version"] = kJsonVersion;
  j["file"] = text(result.path);
  if (const auto* error = std::get_if<InputError>(&result.outcome)) {
    j["error"] = {{"offset", offset_json(error->offset)}, {"message", text(error->message)}};
    return j.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
  }
  const Report& report = std::get<Report>(result.outcome);
  j["abi"] = report.release->name;
  j["kind"] = report.roles;
  j["javascript"] = report.javascript;
  Json findings = Json::array();
  for (const Finding& f : report.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);
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
  j["summary"] = {{"errors", report.count(Severity::Error)},
                  {"warnings", report.count(Severity::Warning)},
                  {"notes", report.count(Severity::Note)}};
  // ASCII only: a JSON line pasted into a terminal or CI log cannot carry a
  // bidi override or C1 control raw.
  return j.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

}  // namespace astrid
