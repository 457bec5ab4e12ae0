// SARIF 2.1.0, as GitHub code scanning reads it: one run, the whole rule
// catalogue in tool.driver, one result per finding. Inputs that could not be
// read are tool execution notifications (they have no rule).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "escape.h"
#include "report.h"
#include "rules.h"

namespace astrid {
namespace {

using Json = nlohmann::ordered_json;

std::string text(std::string_view s) { return valid_utf8(s); }

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "none";
}

// SARIF wants a rule's name to be an identifier distinct from its id:
// "unknown-syscall" is named "UnknownSyscall".
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

Json rule_json(const Rule& r) {
  const std::string help = std::string(r.rationale) + "\n\nFix: " + std::string(r.example);
  return {{"id", r.id},
          {"name", pascal_case(r.id)},
          {"shortDescription", {{"text", r.summary}}},
          {"fullDescription", {{"text", r.rationale}}},
          {"help", {{"text", help}, {"markdown", std::string(r.rationale) + "\n\nFix: `" + std::string(r.example) + "`"}}},
          {"defaultConfiguration", {{"level", sarif_level(r.severity)}}},
          {"properties", {{"tags", r.blocks_load ? Json{"astrid", "abi", "load"} : Json{"astrid", "abi"}}}}};
}

// A stable identity for a result across runs, independent of offsets that
// move when unrelated imports are added: GitHub uses it to track alerts.
std::string fingerprint(const std::string& artifact, const Finding& f) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (std::string_view part : {std::string_view(artifact), f.rule->id, std::string_view(f.module),
                                std::string_view(f.name), f.name.empty() ? std::string_view(f.message) : ""}) {
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

class SarifReporter final : public Reporter {
 public:
  explicit SarifReporter(std::FILE* out) : out_(out) {}

  void input(const InputResult& result) override {
    if (result.failure) {
      notify(result.path, result.failure->path, result.failure->error);
      return;
    }
    for (const FileResult& m : result.modules) {
      if (const auto* error = std::get_if<InputError>(&m.outcome)) {
        notify(result.path, m.path, *error);
        continue;
      }
      for (const Finding& f : std::get<Report>(m.outcome).findings) add(result.path, m.path, f);
    }
    for (const Finding& f : result.findings) add(result.path, f.file, f);
  }

  void finish() override {
    Json rules = Json::array();
    for (const Rule& r : astrid::rules()) rules.push_back(rule_json(r));
    Json run;
    run["tool"] = {{"driver",
                    {{"name", "astrid-abi"},
                     {"version", ASTRID_ABI_VERSION},
                     {"semanticVersion", ASTRID_ABI_VERSION},
                     {"rules", std::move(rules)}}}};
    Json invocation = {{"executionSuccessful", notifications_.empty()}};
    if (!notifications_.empty()) invocation["toolExecutionNotifications"] = std::move(notifications_);
    run["invocations"] = Json::array({std::move(invocation)});
    run["results"] = std::move(results_);
    Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Json::array({std::move(run)})}};
    const std::string out = doc.dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), out_);
  }

 private:
  // An archive member's findings belong to the archive: that is the file in
  // the repository.
  static Json location(const std::string& input, const std::string& path, Json region) {
    const ArtifactPath split = split_artifact(input, path);
    Json loc = {{"physicalLocation", {{"artifactLocation", {{"uri", text(split.artifact)}}}, {"region", region}}}};
    if (!split.member.empty())
      loc["logicalLocations"] = Json::array({{{"name", text(split.member)}, {"kind", "module"}}});
    return loc;
  }

  // GitHub places a result by line; a module has none, so line 1 stands in
  // and byteOffset says where the entry really is.
  static Json region(const Finding& f) {
    if (!f.file.empty()) return {{"startLine", std::max<uint32_t>(f.line, 1)}, {"startColumn", std::max<uint32_t>(f.column, 1)}};
    Json r = {{"startLine", 1}};
    if (f.offset) r["byteOffset"] = *f.offset;
    return r;
  }

  void add(const std::string& input, const std::string& path, const Finding& f) {
    std::string message = text(f.message);
    for (const std::string& note : f.notes) message += "\nnote: " + text(note);
    size_t index = 0;
    while (&astrid::rules()[index] != f.rule) ++index;
    results_.push_back({{"ruleId", f.rule->id},
                        {"ruleIndex", index},
                        {"level", sarif_level(f.severity)},
                        {"message", {{"text", message}}},
                        {"locations", Json::array({location(input, path, region(f))})},
                        {"partialFingerprints", {{"astridAbiFinding/v1", fingerprint(path, f)}}}});
  }

  void notify(const std::string& input, const std::string& path, const InputError& error) {
    Json region = {{"startLine", std::max<uint32_t>(error.line, 1)}};
    if (error.column) region["startColumn"] = error.column;
    if (error.offset) region["byteOffset"] = *error.offset;
    notifications_.push_back({{"level", "error"},
                              {"message", {{"text", text(error.message)}}},
                              {"locations", Json::array({location(input, path, region)})}});
  }

  std::FILE* out_;
  Json results_ = Json::array();
  Json notifications_ = Json::array();
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(std::FILE* out) { return std::make_unique<SarifReporter>(out); }

}  // namespace astrid
