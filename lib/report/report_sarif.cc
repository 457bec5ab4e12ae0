// SARIF 2.1.0, as GitHub code scanning reads it: one run, the whole rule
// catalogue in tool.driver, one result per finding. Inputs that could not be
// read are tool execution notifications (they have no rule).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "report/escape.h"
#include "support/output.h"
#include "report/report.h"
#include "check/rules.h"

namespace astrid {
namespace {

using Json = nlohmann::ordered_json;


constexpr std::string_view kSrcRoot = "%SRCROOT%";

// Every byte outside the unreserved set and '/' percent-encoded (a space,
// a '%', non-ASCII), as a URI reference must have it.
std::string percent_encoded(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// Where an artifact is: relative to the base directory (%SRCROOT%) when it
// is inside it, which is what GitHub needs to place a result on a
// repository file; else an absolute file:// URI. Standard input ("-") and
// archive members have no file of their own beyond the path shown.
Json artifact_location(const std::string& path, const std::string& base) {
  if (path.empty() || path == "-" || base.empty()) return {{"uri", percent_encoded(path)}};
  const std::string at = repository_path(path, base);
  if (!at.starts_with('/')) return {{"uri", percent_encoded(at)}, {"uriBaseId", kSrcRoot}};
  return {{"uri", "file://" + percent_encoded(at)}};
}

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
  constexpr std::string_view kRulesUrl = ASTRID_ABI_RULES_URL;
  Json rule = {{"id", r.id},
          {"name", pascal_case(r.id)},
          {"shortDescription", {{"text", r.summary}}},
          {"fullDescription", {{"text", r.rationale}}},
          {"help", {{"text", help}, {"markdown", std::string(r.rationale) + "\n\nFix: `" + std::string(r.example) + "`"}}},
          {"defaultConfiguration", {{"level", sarif_level(r.severity)}}},
          {"properties", {{"tags", r.blocks_load ? Json{"astrid", "abi", "load"} : Json{"astrid", "abi"}}}}};
  if (!kRulesUrl.empty())
    rule["helpUri"] = fmt::format("{}{}{}.md", kRulesUrl, kRulesUrl.ends_with('/') ? "" : "/", r.id);
  return rule;
}

class SarifReporter final : public Reporter, CiWalk {
 public:
  SarifReporter(std::FILE* out, std::string base_dir) : out_(out), base_(std::move(base_dir)) {}

  void input(const InputResult& result) override { walk(result); }

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
    if (!base_.empty()) {
      std::string base_uri = "file://" + percent_encoded(std::filesystem::path(base_).generic_string());
      if (!base_uri.ends_with('/')) base_uri += '/';
      run["originalUriBaseIds"] = {{kSrcRoot, {{"uri", base_uri}}}};
    }
    run["results"] = std::move(results_);
    Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Json::array({std::move(run)})}};
    const std::string out = doc.dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
    write_out(out_, out, OutputKind::Json);
  }

 private:
  // GitHub places a result by line, and a module has none: line 1 stands
  // in, beside the byteOffset of the entry. An archive member's results are
  // placed on the archive, with the member as a logical location.
  Json location(const CiLocation& at) const {
    Json region = {{"startLine", std::max<uint32_t>(at.line, 1)}};
    if (at.column) region["startColumn"] = at.column;
    if (at.offset) region["byteOffset"] = *at.offset;
    Json loc = {{"physicalLocation", {{"artifactLocation", artifact_location(at.artifact, base_)}, {"region", region}}}};
    if (!at.member.empty()) loc["logicalLocations"] = Json::array({{{"name", at.member}, {"kind", "module"}}});
    return loc;
  }

  static std::string message_at(const CiLocation& at, std::string message) {
    return at.inside.empty() ? message : at.inside + ": " + message;
  }

  void finding(const CiLocation& at, const std::string& path, const Finding& f) override {
    results_.push_back(result_json(at, f));
  }

  // SARIF 3.35: a suppression in the file itself (a comment of
  // Capsule.toml) is inSource; a configuration's or a baseline's is
  // external. Code scanning keeps such a result, shown as suppressed.
  void suppressed(const CiLocation& at, const Suppressed& s) override {
    Json result = result_json(at, s.finding);
    std::string justification = s.source;
    if (!s.reason.empty()) justification += ": " + s.reason;
    result["suppressions"] = Json::array(
        {{{"kind", s.kind == SuppressionKind::Inline ? "inSource" : "external"}, {"justification", justification}}});
    results_.push_back(std::move(result));
  }

  Json result_json(const CiLocation& at, const Finding& f) const {
    std::string message = message_at(at, astrid::message(f));
    for (const std::string& note : f.notes) message += "\nnote: " + note;
    size_t index = 0;
    while (&astrid::rules()[index] != f.rule) ++index;
    Json result = {{"ruleId", f.rule->id},
                   {"ruleIndex", index},
                   {"level", sarif_level(f.severity)},
                   {"message", {{"text", message}}},
                   {"locations", Json::array({location(at)})},
                   {"partialFingerprints", {{"astridAbiFinding/v2", f.fingerprint}}}};
    if (at.fix) {
      // Where the fix goes: the manifest's table, a repository file.
      Json region = {{"startLine", at.fix->line}};
      if (at.fix->column) region["startColumn"] = at.fix->column;
      result["relatedLocations"] = Json::array(
          {{{"id", 1},
            {"physicalLocation", {{"artifactLocation", artifact_location(at.fix->file, base_)}, {"region", region}}},
            {"message", {{"text", "the grant goes here"}}}}});
    }
    return result;
  }

  void failure(const CiLocation& at, const InputError& error) override {
    notifications_.push_back({{"level", "error"},
                              {"message", {{"text", message_at(at, error.message)}}},
                              {"locations", Json::array({location(at)})}});
  }

  std::FILE* out_;
  std::string base_;
  Json results_ = Json::array();
  Json notifications_ = Json::array();
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(std::FILE* out, const std::string& base_dir) {
  return std::make_unique<SarifReporter>(out, base_dir);
}

}  // namespace astrid
