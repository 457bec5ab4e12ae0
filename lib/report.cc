#include "report.h"

#include <fmt/format.h>

#include <algorithm>

#include "check_command.h"

namespace astrid {

size_t InputResult::count(Severity severity) const {
  size_t n = count_findings(findings, severity);
  for (const FileResult& m : modules)
    if (const auto* report = std::get_if<Report>(&m.outcome)) n += report->count(severity);
  return n;
}

bool InputResult::unreadable() const {
  return failure || std::any_of(modules.begin(), modules.end(), [](const FileResult& m) {
           return std::holds_alternative<InputError>(m.outcome);
         });
}

int InputResult::exit_status(Severity fail_on) const {
  if (unreadable()) return kExitInput;
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
    if (s >= fail_on && count(s) > 0) return kExitFindings;
  return kExitClean;
}

CiLocation ci_location(const std::string& input, const std::string& path, std::optional<uint64_t> offset,
                       uint32_t line, uint32_t column) {
  const bool member =
      path.size() > input.size() + 2 && path.starts_with(input) && path[input.size()] == '(' && path.ends_with(')');
  if (!member) return {path, offset, line, column, {}, {}};
  const std::string name = path.substr(input.size() + 1, path.size() - input.size() - 2);
  std::string inside = name;
  if (offset) inside += fmt::format(":0x{:x}", *offset);
  else if (line) inside += fmt::format(":{}:{}", line, column);
  return {input, std::nullopt, 0, 0, name, inside};
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "text") return ReportFormat::Text;
  if (name == "json") return ReportFormat::Json;
  if (name == "sarif") return ReportFormat::Sarif;
  if (name == "github") return ReportFormat::Github;
  return std::nullopt;
}

std::unique_ptr<Reporter> make_reporter(ReportFormat format, const TextOptions& options, std::FILE* out) {
  switch (format) {
    case ReportFormat::Json: return make_json_reporter(out);
    case ReportFormat::Sarif: return make_sarif_reporter(out);
    case ReportFormat::Github: return make_github_reporter(out);
    case ReportFormat::Text: break;
  }
  return make_text_reporter(options, out);
}

}  // namespace astrid
