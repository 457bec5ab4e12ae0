#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "capsule/capsule.h"


namespace astrid {

CiLocation ci_location(const std::string& input, const std::string& path, const std::string& member,
                       std::optional<uint64_t> offset, uint32_t line, uint32_t column) {
  if (member.empty()) return {path, offset, line, column, {}, {}};
  std::string inside = member;
  if (offset) inside += fmt::format(":0x{:x}", *offset);
  else if (line) inside += fmt::format(":{}:{}", line, column);
  return {input, std::nullopt, 0, 0, member, inside};
}

void CiWalk::walk(const InputResult& result) {
  auto place = [&](const std::string& path, const std::string& member, std::optional<uint64_t> offset,
                   uint32_t line, uint32_t column) { return ci_location(result.path, path, member, offset, line, column); };
  if (result.failure) {
    const InputError& e = result.failure->error;
    failure(place(result.failure->path, "", e.offset, e.line, e.column), e);
    return;
  }
  if (result.manifest_error) {
    const InputError& e = result.manifest_error->error;
    failure(place(result.manifest_error->path, archive_member(result.path, result.manifest_error->path), e.offset,
                  e.line, e.column),
            e);
  }
  for (const FileResult& m : result.modules) {
    if (const auto* error = std::get_if<InputError>(&m.outcome)) {
      failure(place(m.path, m.member, error->offset, error->line, error->column), *error);
      continue;
    }
    for (const Finding& f : std::get<Report>(m.outcome).findings) {
      CiLocation at = place(m.path, m.member, f.offset, f.line, f.column);
      if (f.fix_at && result.manifest_member.empty()) at.fix = f.fix_at;
      finding(at, m.path, f);
    }
  }
  for (const Finding& f : result.findings)
    finding(place(f.file, archive_member(result.path, f.file), f.offset, f.line, f.column), f.file, f);
  for (const Suppressed& s : result.suppressed) {
    const Finding& f = s.finding;
    const std::string& file = f.file.empty() ? s.path : f.file;
    suppressed(place(file, archive_member(result.path, file), f.offset, f.line, f.column), s);
  }
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
    case ReportFormat::Sarif: return make_sarif_reporter(out, options.base_dir);
    case ReportFormat::Github: return make_github_reporter(out, options.base_dir);
    case ReportFormat::Text: break;
  }
  return make_text_reporter(options, out);
}

}  // namespace astrid
